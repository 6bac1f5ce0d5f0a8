use super::api::{PageInfo, WalkByForm};
use super::outbox::{Entry, new_key, now, use_outbox};
use crate::components::Loaded;
use crate::text;
use domain::InteractionType;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_query_map};

/// "Log past event": pick a booth-local time (at most 30 days back), then log a walk-by
/// or a conversation at that time. The server checks the time again.
#[component]
pub fn PastPage() -> impl IntoView {
    let context = Resource::new(|| (), |_| super::api::page_info());
    crate::offline::remember("page", context);
    let outbox = use_outbox();
    let navigate = use_navigate();
    let logged = RwSignal::new(false);
    let query = use_query_map();
    view! {
        <Loaded data=context render=move |ctx: PageInfo| {
            let lang = ctx.lang;
            let at = query.with(|q| q.get("at")).filter(|a| a.len() <= 20);
            let chosen = at.clone().map(|at| {
                let [walk_key, talk_key] = ctx.fresh_keys;
                let talk = format!("/log/who?key={talk_key}&at={at}");
                let navigate = navigate.clone();
                let when = at.clone();
                // After hydration: kept on the phone, sent from there, then Home says so.
                let walk_by = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    if logged.get_untracked() {
                        return;
                    }
                    logged.set(true);
                    let key = new_key();
                    outbox.record(Entry::WalkBy(WalkByForm {
                        key: key.clone(),
                        at: Some(when.clone()),
                        tapped_at: Some(now()),
                    }));
                    navigate(&format!("/?saved={key}&for={when}"), Default::default());
                };
                view! {
                    <section class="past-choice" data-testid="past-choice">
                        <p class="backdated">{format!("🕒 {} {}", text::LOGGING_FOR.get(lang), at.replace('T', " "))}</p>
                        <form method="post" action="/api/record_walk_by" on:submit=walk_by>
                            <input type="hidden" name="key" value=walk_key.to_string()/>
                            <input type="hidden" name="at" value=at.clone()/>
                            <button type="submit" class="big-button walk-by" data-testid="past-walk-by" disabled=move || logged.get()>
                                <span class="big-emoji" aria-hidden="true">{InteractionType::WalkBy.emoji()}</span>
                                <span class="big-label">{InteractionType::WalkBy.label().get(lang)}</span>
                            </button>
                        </form>
                        <a class="big-button conversation" href=talk data-testid="past-conversation">
                            <span class="big-emoji" aria-hidden="true">{InteractionType::Conversation.emoji()}</span>
                            <span class="big-label">{InteractionType::Conversation.label().get(lang)}</span>
                        </a>
                    </section>
                }
            });
            view! {
                <main class="page past-page" lang=lang.code()>
                    <header class="page-header">
                        <a class="back" href="/" aria-label=text::BACK.get(lang)>"←"</a>
                        <h1>{text::LOG_PAST.get(lang)}</h1>
                    </header>
                    <Form method="GET" action="/past" attr:class="past-form">
                        <label class="field">
                            <span>{text::WHEN.get(lang)}</span>
                            <input type="datetime-local" name="at" required data-testid="past-at"
                                min=ctx.earliest_local.clone() max=ctx.now_local.clone()
                                value=at.unwrap_or_else(|| ctx.now_local.clone())/>
                        </label>
                        <button type="submit" class="button button-primary">{text::CONTINUE.get(lang)}</button>
                    </Form>
                    {chosen}
                </main>
            }
        }/>
    }
}
