use super::api::{MilestoneForm, PageInfo};
use super::outbox::{Entry, new_key, now, use_outbox};
use crate::components::Loaded;
use crate::text;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// "Mark milestone": one tap on a preset, or a few words of one's own. Plain posts before
/// hydration; after it, kept on the phone and sent from there.
#[component]
pub fn MilestonePage() -> impl IntoView {
    let context = Resource::new(|| (), |_| super::api::page_info());
    crate::offline::remember("page", context);
    let outbox = use_outbox();
    let navigate = use_navigate();
    let marked = RwSignal::new(false);
    let mark = move |description: String| {
        if marked.get_untracked() {
            return;
        }
        marked.set(true);
        outbox.record(Entry::Milestone(MilestoneForm {
            key: new_key(),
            description,
            tapped_at: Some(now()),
        }));
        navigate("/?milestone=1", Default::default());
    };
    view! {
        <Loaded data=context render=move |ctx: PageInfo| {
            let lang = ctx.lang;
            let key = ctx.fresh_keys[0].to_string();
            let own = NodeRef::<Input>::new();
            let (mark_preset, mark_custom) = (mark.clone(), mark.clone());
            view! {
                <main class="page milestone-page" lang=lang.code()>
                    <header class="page-header">
                        <a class="back" href="/" aria-label=text::BACK.get(lang)>"←"</a>
                        <h1>{text::MARK_MILESTONE.get(lang)}</h1>
                    </header>
                    <form method="post" action="/api/record_milestone" class="tiles grid-2x2">
                        <input type="hidden" name="key" value=key.clone()/>
                        {text::MILESTONE_PRESETS.iter().map(|preset| {
                            let mark_preset = mark_preset.clone();
                            let description = preset.en.to_string();
                            view! {
                                <button type="submit" class="tile" name="description" value=preset.en
                                    disabled=move || marked.get()
                                    on:click=move |ev| {
                                        ev.prevent_default();
                                        mark_preset(description.clone());
                                    }>
                                    <span class="tile-label">{preset.get(lang)}</span>
                                </button>
                            }
                        }).collect_view()}
                    </form>
                    <form method="post" action="/api/record_milestone" class="custom-milestone"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            let text = own.get().map(|input| input.value()).unwrap_or_default();
                            match domain::rules::milestone_text(&text) {
                                Ok(text) => mark_custom(text),
                                Err(_) => { let _ = own.get().map(|input| input.report_validity()); }
                            }
                        }>
                        <input type="hidden" name="key" value=key/>
                        <label class="field">
                            <span>{text::MILESTONE_OTHER.get(lang)}</span>
                            <input type="text" name="description" required maxlength=domain::rules::MAX_MILESTONE_CHARS.to_string() node_ref=own/>
                        </label>
                        <button type="submit" class="button button-primary" disabled=move || marked.get()>{text::SAVE.get(lang)}</button>
                    </form>
                </main>
            }
        }/>
    }
}
