use super::api::{PageInfo, RecordMilestone, page_context};
use crate::components::{ErrorBanner, Loaded};
use crate::text;
use leptos::prelude::*;

/// "Mark milestone": one tap on a preset, or a few words of one's own.
#[component]
pub fn MilestonePage() -> impl IntoView {
    let context = Resource::new(|| (), |_| page_context());
    let save = ServerAction::<RecordMilestone>::new();
    view! {
        <Loaded data=context render=move |ctx: PageInfo| {
            let lang = ctx.lang;
            let key = ctx.fresh_keys[0].to_string();
            let key2 = key.clone();
            let pending = save.pending();
            view! {
                <main class="page milestone-page" lang=lang.code()>
                    <header class="page-header">
                        <a class="back" href="/" aria-label=text::BACK.get(lang)>"←"</a>
                        <h1>{text::MARK_MILESTONE.get(lang)}</h1>
                    </header>
                    <ErrorBanner action=save lang/>
                    <ActionForm action=save attr:class="tiles grid-2x2">
                        <input type="hidden" name="key" value=key.clone()/>
                        {text::MILESTONE_PRESETS.iter().map(|preset| view! {
                            <button type="submit" class="tile" name="description" value=preset.en disabled=move || pending.get()>
                                <span class="tile-label">{preset.get(lang)}</span>
                            </button>
                        }).collect_view()}
                    </ActionForm>
                    <ActionForm action=save attr:class="custom-milestone">
                        <input type="hidden" name="key" value=key2/>
                        <label class="field">
                            <span>{text::MILESTONE_OTHER.get(lang)}</span>
                            <input type="text" name="description" required maxlength=super::MAX_MILESTONE_CHARS.to_string()/>
                        </label>
                        <button type="submit" class="button button-primary" disabled=move || pending.get()>{text::SAVE.get(lang)}</button>
                    </ActionForm>
                </main>
            }
        }/>
    }
}
