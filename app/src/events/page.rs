use super::api::{ChooseEvent, EventList, event_choices};
use crate::components::{ErrorBanner, Loaded};
use crate::text;
use crate::wire::CurrentEvent;
use domain::Text;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "Which booth?": the events running today; choosing one that replaces another asks first.
#[component]
pub fn EventPage() -> impl IntoView {
    let choose = ServerAction::<ChooseEvent>::new();
    let choices = Resource::new(move || choose.version().get(), |_| event_choices());
    let query = use_query_map();
    let confirm_id = move || query.with(|q| q.get("confirm"));

    view! {
        <Loaded data=choices render=move |choices: EventList| {
            let lang = choices.lang;
            let t = move |x: Text| x.get(lang);
            let current_id = choices.current.running().map(|e| e.id.clone());
            let confirming = confirm_id().and_then(|id| choices.running.iter().find(|e| e.id == id).cloned());
            let pending = choose.pending();
            let body = match confirming {
                Some(event) => Either::Left(view! {
                    <section class="confirm-card" data-testid="confirm-event">
                        <h2>{format!("{} {}?", t(text::SWITCH_TO), event.name)}</h2>
                        <ActionForm action=choose>
                            <input type="hidden" name="event_id" value=event.id.clone()/>
                            <button type="submit" class="button button-primary" data-testid="confirm" disabled=pending>
                                {t(text::CONFIRM)}
                            </button>
                        </ActionForm>
                        <a class="button" href="/event">{t(text::CANCEL)}</a>
                    </section>
                }),
                None => Either::Right(view! {
                    <ul class="seller-list" data-testid="events">
                        {choices.running.is_empty().then(|| view! { <li class="empty">{t(text::NO_EVENT_TODAY)}</li> })}
                        {choices.running.clone().into_iter().map(|e| {
                            let is_current = current_id.as_deref() == Some(e.id.as_str());
                            let tile = if is_current {
                                Either::Left(view! { <span class="seller-tile current">{format!("{} ✓", e.name)}</span> })
                            } else if current_id.is_some() {
                                Either::Right(Either::Left(view! {
                                    <a class="seller-tile" href=format!("/event?confirm={}", crate::wire::encode(&e.id))>{e.name.clone()}</a>
                                }))
                            } else {
                                Either::Right(Either::Right(view! {
                                    <ActionForm action=choose>
                                        <input type="hidden" name="event_id" value=e.id.clone()/>
                                        <button type="submit" class="seller-tile" disabled=pending>{e.name.clone()}</button>
                                    </ActionForm>
                                }))
                            };
                            view! { <li>{tile}</li> }
                        }).collect_view()}
                    </ul>
                }),
            };
            let asking = matches!(choices.current, CurrentEvent::Choose(_));
            view! {
                <main class="page seller-page" lang=lang.code()>
                    <header class="page-header">
                        <a class="back" href="/" aria-label=t(text::BACK)>"←"</a>
                        <h1>{t(text::WHICH_BOOTH)}</h1>
                    </header>
                    {asking.then(|| view! { <p class="notice">{t(text::SEVERAL_EVENTS_TODAY)}</p> })}
                    <ErrorBanner action=choose lang/>
                    {body}
                </main>
            }
        }/>
    }
}
