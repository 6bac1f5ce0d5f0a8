use super::api::{HomeData, RecordWalkBy, home_summary};
use crate::components::{Overlay, ProblemPage};
use crate::text;
use domain::{InteractionType, Lang, Text, format_baht};
use leptos::either::Either;
use leptos::html::Input;
use leptos::prelude::*;

/// Home: who is logging, today's figures, and the one-tap Walk-by button. The form is a
/// plain post to the server function, so it works before (or without) WebAssembly.
#[component]
pub fn HomePage() -> impl IntoView {
    let walk_by = ServerAction::<RecordWalkBy>::new();
    let summary = Resource::new(move || walk_by.version().get(), |_| home_summary());
    let key_input = NodeRef::<Input>::new();
    let (logged, set_logged) = signal(0u32);

    // Browser only: after each saved tap, a fresh key for the next one and the overlay.
    Effect::new(move |_| {
        if let Some(Ok(_)) = walk_by.value().get() {
            if let Some(input) = key_input.get_untracked() {
                input.set_value(&uuid::Uuid::new_v4().to_string());
            }
            set_logged.update(|n| *n += 1);
        }
    });
    let lang = move || {
        summary
            .get_untracked()
            .and_then(|s| s.ok())
            .map(|s| s.lang)
            .unwrap_or_default()
    };

    view! {
        <Transition fallback=move || view! { <p class="loading">{text::LOADING.en}</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Ok(summary) => Either::Left(view! { <Home summary walk_by key_input/> }),
                    Err(error) => Either::Right(view! { <ProblemPage error/> }),
                }
            })}
        </Transition>
        <Overlay trigger=logged millis=1200>
            {move || format!("✓ {}", text::WALK_BY_LOGGED.get(lang()))}
        </Overlay>
    }
}

#[component]
fn Home(summary: HomeData, walk_by: ServerAction<RecordWalkBy>, key_input: NodeRef<Input>) -> impl IntoView {
    let lang = summary.lang;
    let t = move |text: Text| text.get(lang);
    let pending = walk_by.pending();
    let seller = summary
        .viewer
        .seller_name
        .clone()
        .unwrap_or_else(|| t(text::NO_SELLER).to_string());
    let error = move || {
        walk_by
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="error-banner" role="alert">{e.message(lang)}</p> })
    };
    let walk_by_label = InteractionType::WalkBy.label();
    view! {
        <main class="home" lang=lang.code()>
            <header class="brand">
                <span class="brand-name">"Lumicello"</span>
                <span class="event-name">{summary.event_name.clone()}</span>
            </header>
            <section class="who">
                <span class="who-label">{t(text::LOGGING_AS)}</span>
                <strong class="who-seller" data-testid="seller">{seller}</strong>
                <span class="who-device" data-testid="device">{summary.viewer.device_display.clone()}</span>
            </section>
            <Ribbon title=t(text::TODAY) counts=summary.today lang/>
            <section class="actions">
                {error}
                <ActionForm action=walk_by>
                    <input type="hidden" name="key" value=summary.next_key.to_string() node_ref=key_input/>
                    <button
                        type="submit"
                        class="big-button walk-by"
                        data-testid="walk-by"
                        disabled=move || pending.get()
                        aria-busy=move || pending.get().to_string()
                    >
                        <span class="big-emoji" aria-hidden="true">{InteractionType::WalkBy.emoji()}</span>
                        <span class="big-label">
                            {move || if pending.get() { t(text::SAVING) } else { t(walk_by_label) }}
                        </span>
                    </button>
                </ActionForm>
            </section>
        </main>
    }
}

#[component]
fn Ribbon(title: &'static str, counts: super::Counts, lang: Lang) -> impl IntoView {
    let stat = move |key: &'static str, label: Text, value: String| {
        view! {
            <div class="stat" data-stat=key>
                <dt>{label.get(lang)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    view! {
        <section class="ribbon" aria-label=title>
            <h2>{title}</h2>
            <dl>
                {stat("visitors", text::VISITORS, counts.visitors.to_string())}
                {stat("conversations", text::CONVERSATIONS, counts.conversations.to_string())}
                {stat("sales", text::SALES, counts.sales.to_string())}
                {stat("revenue", text::REVENUE, format_baht(counts.revenue))}
            </dl>
        </section>
    }
}
