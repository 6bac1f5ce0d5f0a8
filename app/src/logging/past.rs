use super::api::{PageInfo, RecordWalkBy, page_context};
use crate::components::{ErrorBanner, Loaded};
use crate::text;
use domain::InteractionType;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// "Log past event": pick a booth-local time (at most 30 days back), then log a walk-by
/// or a conversation at that time. The server checks the time again.
#[component]
pub fn PastPage() -> impl IntoView {
    let context = Resource::new(|| (), |_| page_context());
    let walk_by = ServerAction::<RecordWalkBy>::new();
    let query = use_query_map();
    view! {
        <Loaded data=context render=move |ctx: PageInfo| {
            let lang = ctx.lang;
            let at = query.with(|q| q.get("at")).filter(|a| a.len() <= 20);
            let chosen = at.clone().map(|at| {
                let [walk_key, talk_key] = ctx.fresh_keys;
                let talk = format!("/log/who?key={talk_key}&at={at}");
                view! {
                    <section class="past-choice" data-testid="past-choice">
                        <p class="backdated">{format!("🕒 {} {}", text::LOGGING_FOR.get(lang), at.replace('T', " "))}</p>
                        <ErrorBanner action=walk_by lang/>
                        <ActionForm action=walk_by>
                            <input type="hidden" name="key" value=walk_key.to_string()/>
                            <input type="hidden" name="at" value=at.clone()/>
                            <button type="submit" class="big-button walk-by" data-testid="past-walk-by" disabled=move || walk_by.pending().get()>
                                <span class="big-emoji" aria-hidden="true">{InteractionType::WalkBy.emoji()}</span>
                                <span class="big-label">{InteractionType::WalkBy.label().get(lang)}</span>
                            </button>
                        </ActionForm>
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
