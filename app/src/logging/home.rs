use super::api::{HomeData, RecordWalkBy, SetLanguage, UndoRecord, home_summary};
use super::{Counts, Figures};
use crate::components::{ErrorBanner, Flash, Overlay, ProblemPage};
use crate::text;
use domain::{InteractionType, Lang, Text, format_baht};
use leptos::either::Either;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

/// How long the Undo offer stays after a save.
const UNDO_OFFER: Duration = Duration::from_secs(5);

/// Home: who is logging, the figures, and the big buttons. Every form is a plain post to
/// a server function, so it all works before (or without) WebAssembly.
#[component]
pub fn HomePage() -> impl IntoView {
    let walk_by = ServerAction::<RecordWalkBy>::new();
    let undo = ServerAction::<UndoRecord>::new();
    let language = ServerAction::<SetLanguage>::new();
    let summary = Resource::new(
        move || {
            (
                walk_by.version().get(),
                undo.version().get(),
                language.version().get(),
                crate::live::live_version(),
            )
        },
        |_| home_summary(),
    );
    let key_input = NodeRef::<Input>::new();
    let (logged, set_logged) = signal(0u32);
    let just_saved = RwSignal::new(None::<String>);

    // Browser only: after each saved tap, a fresh key for the next one, the overlay and
    // the Undo offer.
    Effect::new(move |_| {
        if let Some(Ok(recorded)) = walk_by.value().get() {
            if let Some(input) = key_input.get_untracked() {
                input.set_value(&uuid::Uuid::new_v4().to_string());
            }
            set_logged.update(|n| *n += 1);
            just_saved.set(Some(recorded.id.to_string()));
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
                    Ok(summary) => Either::Left(view! { <Home summary walk_by undo language key_input just_saved/> }),
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
fn Home(
    summary: HomeData,
    walk_by: ServerAction<RecordWalkBy>,
    undo: ServerAction<UndoRecord>,
    language: ServerAction<SetLanguage>,
    key_input: NodeRef<Input>,
    just_saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = summary.lang;
    let t = move |x: Text| x.get(lang);
    let query = use_query_map();
    let param = move |name: &str| query.with_untracked(|q| q.get(name));
    let pending = walk_by.pending();
    let seller = summary.viewer.seller_name.clone();
    let has_seller = seller.is_some();
    let is_admin = summary.viewer.role == domain::DeviceRole::Admin;
    let other_lang = if lang == Lang::Th { Lang::En } else { Lang::Th };

    // (message, how long, as an overlay) for the page this one came back from.
    let flash = if param("switched").is_some() {
        seller
            .clone()
            .map(|name| (format!("{} {name} ✓", t(text::NOW_LOGGING_AS)), 2000, false))
    } else if param("milestone").is_some() {
        Some((format!("🚩 {}", t(text::MILESTONE_PLANTED)), 1200, true))
    } else if param("undone").is_some() {
        Some((format!("↩ {}", t(text::UNDONE)), 2000, false))
    } else {
        None
    };
    // The record to offer Undo for: the walk-by just tapped here, or the one the
    // confirmation screen came back from.
    let undo_id = Signal::derive(move || just_saved.get().or_else(|| param("saved")));

    let period = param("period").unwrap_or_default();
    let (title, figures) = match period.as_str() {
        "week" => (text::THIS_WEEK, summary.week),
        "all" => (text::ALL_TIME, summary.all_time),
        _ => (text::TODAY, summary.today),
    };

    let actions = if has_seller {
        Either::Left(view! {
            <ErrorBanner action=walk_by lang/>
            <ActionForm action=walk_by>
                <input type="hidden" name="key" value=summary.walk_by_key.to_string() node_ref=key_input/>
                <button type="submit" class="big-button walk-by" data-testid="walk-by"
                    disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    <span class="big-emoji" aria-hidden="true">{InteractionType::WalkBy.emoji()}</span>
                    <span class="big-label">
                        {move || if pending.get() { t(text::SAVING) } else { t(InteractionType::WalkBy.label()) }}
                    </span>
                </button>
            </ActionForm>
            <a class="big-button conversation" data-testid="conversation"
                href=format!("/log/who?key={}", summary.conversation_key)>
                <span class="big-emoji" aria-hidden="true">{InteractionType::Conversation.emoji()}</span>
                <span class="big-label">{t(InteractionType::Conversation.label())}</span>
            </a>
            <nav class="secondary-actions">
                <a class="button" href="/milestone" data-testid="milestone">{format!("🚩 {}", t(text::MARK_MILESTONE))}</a>
                <a class="button" href="/past" data-testid="past">{format!("🕒 {}", t(text::LOG_PAST))}</a>
                <a class="button" href="/stats" data-testid="stats">{format!("📊 {}", t(text::STATS))}</a>
                {is_admin.then(|| view! { <a class="button" href="/admin" data-testid="admin">{format!("🔑 {}", t(text::ADMIN))}</a> })}
            </nav>
        })
    } else {
        Either::Right(view! {
            <p class="notice">{t(text::CHOOSE_SELLER_FIRST)}</p>
            <a class="big-button conversation" href="/seller" data-testid="choose-seller">
                <span class="big-label">{t(text::WHO_IS_SELLING)}</span>
            </a>
        })
    };

    view! {
        <main class="home" lang=lang.code()>
            <header class="brand">
                <span class="brand-name">"Lumicello"</span>
                <span class="event-name">{summary.event_name.clone()}</span>
                <ActionForm action=language attr:class="lang-form">
                    <input type="hidden" name="lang" value=other_lang.code()/>
                    <button type="submit" class="link-button" data-testid="language">{t(text::LANGUAGE_SWITCH)}</button>
                </ActionForm>
            </header>
            <section class="who">
                <span class="who-label">{t(text::LOGGING_AS)}</span>
                <strong class="who-seller" data-testid="seller">{seller.clone().unwrap_or_else(|| t(text::NO_SELLER).to_string())}</strong>
                <a class="link-button" href="/seller" data-testid="switch-seller">{t(text::SWITCH)}</a>
                <span class="who-device" data-testid="device">{summary.viewer.device_display.clone()}</span>
            </section>
            <Ribbon title=t(title) figures lang period/>
            <section class="actions">
                {actions}
            </section>
            {flash.map(|(message, millis, overlay)| view! { <Flash millis overlay>{message}</Flash> })}
            <UndoOffer id=undo_id undo lang/>
        </main>
    }
}

#[component]
fn Ribbon(title: &'static str, figures: Figures, lang: Lang, period: String) -> impl IntoView {
    let tab = |key: &'static str, label: Text| {
        let current = period == key || (key.is_empty() && !matches!(period.as_str(), "week" | "all"));
        let href = if key.is_empty() {
            "/".to_string()
        } else {
            format!("/?period={key}")
        };
        view! { <a class=if current { "tab current" } else { "tab" } href=href>{label.get(lang)}</a> }
    };
    let stat = move |key: &'static str, label: Text, value: fn(&Counts) -> String| {
        view! {
            <div class="stat" data-stat=key>
                <dt>{label.get(lang)}</dt>
                <dd>{value(&figures.booth)}</dd>
                {figures.seller.map(|mine| view! { <p class="mine" data-mine=key>{format!("{} {}", text::YOU.get(lang), value(&mine))}</p> })}
            </div>
        }
    };
    view! {
        <section class="ribbon" aria-label=title>
            <nav class="tabs">
                {tab("", text::TODAY)}
                {tab("week", text::THIS_WEEK)}
                {tab("all", text::ALL_TIME)}
            </nav>
            <dl>
                {stat("visitors", text::VISITORS, |c| c.visitors.to_string())}
                {stat("conversations", text::CONVERSATIONS, |c| c.conversations.to_string())}
                {stat("sales", text::SALES, |c| c.sales.to_string())}
                {stat("revenue", text::REVENUE, |c| format_baht(c.revenue))}
            </dl>
        </section>
    }
}

/// "Saved · Undo" for a few seconds after a save.
#[component]
fn UndoOffer(id: Signal<Option<String>>, undo: ServerAction<UndoRecord>, lang: Lang) -> impl IntoView {
    let open = RwSignal::new(true);
    Effect::new(move |_| {
        let shown = id.get();
        if shown.is_some() {
            open.set(true);
            set_timeout(
                move || {
                    if id.get_untracked() == shown {
                        open.set(false)
                    }
                },
                UNDO_OFFER,
            );
        }
    });
    move || {
        id.get().filter(|_| open.get()).map(|id| view! {
            <div class="snackbar" role="status" data-testid="undo-offer">
                <span>{format!("✓ {}", text::SAVED.get(lang))}</span>
                <ActionForm action=undo>
                    <input type="hidden" name="id" value=id/>
                    <button type="submit" class="link-button" data-testid="undo" disabled=move || undo.pending().get()>
                        {text::UNDO.get(lang)}
                    </button>
                </ActionForm>
            </div>
        })
    }
}
