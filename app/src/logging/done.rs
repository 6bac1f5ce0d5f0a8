use super::api::{SavedRecord, UndoRecord, record_summary};
use crate::components::{ErrorBanner, Loaded};
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;

/// After a save: what was recorded, an Undo, and back Home after 1.5 s (without
/// JavaScript, a refresh takes the phone Home after 2 s).
#[component]
pub fn DonePage() -> impl IntoView {
    let query = use_query_map();
    let id = move || query.with(|q| q.get("id").unwrap_or_default());
    let undo = ServerAction::<UndoRecord>::new();
    let summary = Resource::new(id, record_summary);

    view! {
        <Loaded data=summary render=move |summary: SavedRecord| {
            let lang = summary.lang;
            let key = summary.key.map(|k| k.to_string()).unwrap_or_default();
            let home = format!("/?saved={key}");
            let navigate = use_navigate();
            let target = home.clone();
            Effect::new(move |_| {
                let (navigate, target) = (navigate.clone(), target.clone());
                set_timeout(move || navigate(&target, Default::default()), Duration::from_millis(1500));
            });
            view! {
                <main class="page done-page" lang=lang.code() data-testid="confirmation">
                    <noscript><meta http-equiv="refresh" content=format!("2;url={home}")/></noscript>
                    <p class="done-check" aria-hidden="true">"✓"</p>
                    <h1>{text::SAVED.get(lang)}</h1>
                    <p class="done-summary" data-testid="summary">{summary.text.clone()}</p>
                    <p class="done-time">{format!("🕒 {}", summary.at)}</p>
                    <ErrorBanner action=undo lang/>
                    <ActionForm action=undo>
                        <input type="hidden" name="key" value=key.clone()/>
                        <button type="submit" class="button" data-testid="undo" disabled=move || undo.pending().get()>
                            {text::UNDO.get(lang)}
                        </button>
                    </ActionForm>
                    <a class="button button-primary" href=home>{text::HOME.get(lang)}</a>
                </main>
            }
        }/>
    }
}
