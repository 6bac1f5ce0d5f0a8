use super::api::{HomeData, SetLanguage, WalkByForm, home_summary};
use super::outbox::{Entry, TapState, new_key, now, use_outbox};
use crate::components::{Flash, Overlay, ProblemPage};
use crate::text;
use crate::wire::{Counts, CurrentEvent, Figures};
use domain::{InteractionType, Lang, Text, format_baht};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

/// How long the Undo offer stays after a save.
const UNDO_OFFER: Duration = Duration::from_secs(5);
/// Taps this close together are one (a double tap), not two visitors.
const DOUBLE_TAP: Duration = Duration::from_millis(700);

/// Home: who is logging, the figures, and the big buttons. Every form is a plain post to
/// a server function, so it all works before (or without) WebAssembly; once the app runs,
/// a tap is kept on the phone first and sent from there (see `outbox`).
#[component]
pub fn HomePage() -> impl IntoView {
    let outbox = use_outbox();
    let language = ServerAction::<SetLanguage>::new();
    let summary = Resource::new(
        move || (language.version().get(), outbox.synced(), crate::live::live_version()),
        |_| crate::offline::remembered("home", home_summary()),
    );
    crate::offline::remember("home", summary);
    let (logged, set_logged) = signal(0u32);
    let just_saved = RwSignal::new(None::<String>);
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
                    Ok(summary) => Either::Left(view! { <Home summary language set_logged just_saved/> }),
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
    language: ServerAction<SetLanguage>,
    set_logged: WriteSignal<u32>,
    just_saved: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = summary.lang;
    let t = move |x: Text| x.get(lang);
    let outbox = use_outbox();
    let query = use_query_map();
    let param = move |name: &str| query.with_untracked(|q| q.get(name));
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
        param("for").map(|at| {
            (
                format!("✓ {} · 🕒 {}", t(text::SAVED), at.replace('T', " ")),
                2500,
                false,
            )
        })
    };
    // The tap to offer Undo for: the walk-by just tapped here, or the record the page
    // came back from.
    let undo_key = Signal::derive(move || just_saved.get().or_else(|| param("saved")));

    let period = param("period").unwrap_or_default();
    let (title, figures) = match period.as_str() {
        "event" => (text::THIS_EVENT, summary.this_event),
        "all" => (text::ALL_EVENTS, summary.all_events),
        _ => (text::TODAY, summary.today),
    };
    let flash = flash.or_else(|| {
        param("event")
            .and(summary.event.running())
            .map(|e| (format!("{} {} ✓", t(text::NOW_LOGGING_AT), e.name), 2000, false))
    });
    let event_name = match &summary.event {
        CurrentEvent::Running(e) => e.name.clone(),
        CurrentEvent::Choose(_) => t(text::WHICH_BOOTH).to_string(),
        CurrentEvent::NoneToday => t(text::NO_EVENT_TODAY).to_string(),
    };
    // Which booth, when several run today; what to do when none does.
    let event_notice = match &summary.event {
        CurrentEvent::Running(_) => None,
        CurrentEvent::Choose(_) => Some(Either::Left(view! {
            <section class="event-notice notice" data-testid="choose-event">
                <p>{t(text::SEVERAL_EVENTS_TODAY)}</p>
                <a class="button button-primary" href="/event">{t(text::CHOOSE_BOOTH)}</a>
            </section>
        })),
        CurrentEvent::NoneToday => Some(Either::Right(view! {
            <section class="event-notice notice" data-testid="no-event">
                <p><strong>{t(text::NO_EVENT_TODAY)}</strong>" "{t(text::NO_EVENT_HINT)}</p>
                {is_admin.then(|| view! {
                    <form method="post" action="/api/start_event_today" class="start-event" data-testid="start-event">
                        <label class="field">
                            <span>{t(text::EVENT_NAME)}" · "{summary.today_local.clone()}</span>
                            <input type="text" name="name" required maxlength="80" autocomplete="off"/>
                        </label>
                        <button type="submit" class="button button-primary">{t(text::START_EVENT_TODAY)}</button>
                    </form>
                })}
            </section>
        })),
    };

    // After hydration a walk-by is kept on the phone and sent from there; a second tap
    // within a moment is the same tap.
    let tapping = RwSignal::new(false);
    let walk_by = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if tapping.get_untracked() {
            return;
        }
        tapping.set(true);
        // Home may have been drawn anew (fresh figures) before the timer fires.
        set_timeout(
            move || {
                let _ = tapping.try_set(false);
            },
            DOUBLE_TAP,
        );
        let key = new_key();
        outbox.record(Entry::WalkBy(WalkByForm {
            key: key.clone(),
            at: None,
            tapped_at: Some(now()),
        }));
        set_logged.update(|n| *n += 1);
        just_saved.set(Some(key));
    };

    let actions = if has_seller {
        Either::Left(view! {
            <form method="post" action="/api/record_walk_by" on:submit=walk_by>
                <input type="hidden" name="key" value=summary.walk_by_key.to_string()/>
                <button type="submit" class="big-button walk-by" data-testid="walk-by"
                    disabled=move || tapping.get() aria-busy=move || tapping.get().to_string()>
                    <span class="big-emoji" aria-hidden="true">{InteractionType::WalkBy.emoji()}</span>
                    <span class="big-label">{t(InteractionType::WalkBy.label())}</span>
                </button>
            </form>
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
        // Logging needs a seller; reading the figures and the admin pages do not (the
        // owner's laptop never sells).
        Either::Right(view! {
            <p class="notice">{t(text::CHOOSE_SELLER_FIRST)}</p>
            <a class="big-button conversation" href="/seller" data-testid="choose-seller">
                <span class="big-label">{t(text::WHO_IS_SELLING)}</span>
            </a>
            <nav class="secondary-actions">
                <a class="button" href="/stats" data-testid="stats">{format!("📊 {}", t(text::STATS))}</a>
                {is_admin.then(|| view! { <a class="button" href="/admin" data-testid="admin">{format!("🔑 {}", t(text::ADMIN))}</a> })}
            </nav>
        })
    };

    view! {
        <main class="home" lang=lang.code()>
            <header class="brand">
                <span class="brand-name">"Lumicello"</span>
                <a class="event-name" href="/event" data-testid="event-name">{event_name}</a>
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
            {event_notice}
            <SyncStatus lang/>
            <Ribbon title=t(title) figures lang period=period.clone()/>
            {(title == text::TODAY).then(|| view! { <TargetsToday targets=summary.targets today=summary.today lang/> })}
            <section class="actions">
                {actions}
            </section>
            {flash.map(|(message, millis, overlay)| view! { <Flash millis overlay>{message}</Flash> })}
            <UndoOffer key=undo_key lang/>
        </main>
    }
}

/// Taps kept on the phone and not yet sent ("3 waiting to sync"), and any the server
/// refused for good, with why.
#[component]
fn SyncStatus(lang: Lang) -> impl IntoView {
    let outbox = use_outbox();
    let t = move |x: Text| x.get(lang);
    view! {
        {move || {
            let waiting = outbox.waiting();
            (waiting > 0).then(|| view! {
                <div class="sync-note" role="status" data-testid="waiting">
                    <strong>{format!("⏳ {waiting} {}", t(text::WAITING_TO_SYNC))}</strong>
                    <span data-testid="waiting-reason">{move || outbox.reason().map(|e| e.message(lang)).unwrap_or_else(|| t(text::KEPT_ON_PHONE_HINT).to_string())}</span>
                </div>
            })
        }}
        {move || {
            let refused = outbox.refused();
            (!refused.is_empty()).then(|| view! {
                <div class="error-banner" role="alert" data-testid="refused">
                    <p>{t(text::NOT_SAVED)}</p>
                    <ul>{refused.into_iter().map(|r| view! { <li>{r.error.message(lang)}</li> }).collect_view()}</ul>
                    <button type="button" class="link-button" on:click=move |_| outbox.dismiss_refused()>{t(text::DISMISS)}</button>
                </div>
            })
        }}
    }
}

#[component]
fn Ribbon(title: &'static str, figures: Figures, lang: Lang, period: String) -> impl IntoView {
    let outbox = use_outbox();
    let tab = |key: &'static str, label: Text| {
        let current = period == key || (key.is_empty() && !matches!(period.as_str(), "event" | "all"));
        let href = if key.is_empty() {
            "/".to_string()
        } else {
            format!("/?period={key}")
        };
        view! { <a class=if current { "tab current" } else { "tab" } href=href>{label.get(lang)}</a> }
    };
    // A figure, the seller's share of it, and what taps kept on this phone will add
    // once they are sent ("+4 waiting").
    let stat = move |key: &'static str, label: Text, number: fn(&Counts) -> i64, shown: fn(i64) -> String| {
        let waiting = move || number(&outbox.waiting_counts());
        view! {
            <div class="stat" data-stat=key>
                <dt>{label.get(lang)}</dt>
                <dd>{shown(number(&figures.booth))}</dd>
                {figures.seller.map(|mine| view! { <dd class="mine" data-mine=key>{format!("{} {}", text::YOU.get(lang), shown(number(&mine)))}</dd> })}
                {move || (waiting() > 0).then(|| view! {
                    <dd class="waiting" data-waiting=key>{format!("+{} {}", shown(waiting()), text::WAITING.get(lang))}</dd>
                })}
            </div>
        }
    };
    let count = |n: i64| n.to_string();
    view! {
        <section class="ribbon" aria-label=title>
            <nav class="tabs">
                {tab("", text::TODAY)}
                {tab("event", text::THIS_EVENT)}
                {tab("all", text::ALL_EVENTS)}
            </nav>
            <dl>
                {stat("visitors", text::VISITORS, |c| c.visitors, count)}
                {stat("conversations", text::CONVERSATIONS, |c| c.conversations, count)}
                {stat("sales", text::SALES, |c| c.sales, count)}
                {stat("revenue", text::REVENUE, |c| c.revenue, format_baht)}
            </dl>
        </section>
    }
}

/// Today's progress against the event's daily targets: a bar per target ("32 / 50
/// visitors") with the seller's share of it drawn inside, and a small celebration once
/// reached (still, for those who asked for reduced motion).
#[component]
fn TargetsToday(targets: domain::event::Targets, today: Figures, lang: Lang) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    // (key, label, target, today's figure, as shown)
    type Goal = (&'static str, Text, Option<i64>, fn(&Counts) -> i64, fn(i64) -> String);
    let goals: [Goal; 4] = [
        (
            "visitors",
            text::VISITORS,
            targets.visitors,
            |c| c.visitors,
            |n| n.to_string(),
        ),
        (
            "conversations",
            text::CONVERSATIONS,
            targets.conversations,
            |c| c.conversations,
            |n| n.to_string(),
        ),
        ("sales", text::SALES, targets.sales, |c| c.sales, |n| n.to_string()),
        ("revenue", text::REVENUE, targets.revenue, |c| c.revenue, format_baht),
    ];
    let bars: Vec<_> = goals
        .into_iter()
        .filter_map(|(key, label, target, number, shown)| {
            let target = target.filter(|t| *t > 0)?;
            let (booth, mine) = (number(&today.booth), today.seller.map(|s| number(&s)));
            let width = |n: i64| format!("width: {:.1}%", (100.0 * n as f64 / target as f64).clamp(0.0, 100.0));
            let reached = booth >= target;
            Some(view! {
                <li class=if reached { "target reached" } else { "target" } data-target=key>
                    <div class="target-head">
                        <span>{t(label)}</span>
                        <strong class="target-figure" data-testid=format!("target-{key}")>{format!("{} / {}", shown(booth), shown(target))}</strong>
                    </div>
                    <div class="target-bar" role="progressbar" aria-label=t(label)
                        aria-valuemin="0" aria-valuemax=target.to_string() aria-valuenow=booth.min(target).to_string()>
                        <span class="booth-part" style=width(booth)></span>
                        {mine.map(|m| view! { <span class="mine-part" style=width(m)></span> })}
                    </div>
                    {mine.map(|m| view! { <span class="target-mine">{format!("{} {}", t(text::YOU), shown(m))}</span> })}
                    {reached.then(|| view! { <span class="celebrate" role="status">{format!("🎉 {}", t(text::TARGET_REACHED))}</span> })}
                </li>
            })
        })
        .collect();
    (!bars.is_empty()).then(|| {
        view! {
            <section class="targets" data-testid="targets" aria-label=t(text::TODAYS_TARGETS)>
                <h2>{t(text::TODAYS_TARGETS)}</h2>
                <ul>{bars}</ul>
            </section>
        }
    })
}

/// "Saved · Undo" for a few seconds after a save. Without JavaScript it is a plain post
/// with the record's key; with it, the outbox takes the tap back (dropping it if it was
/// never sent).
#[component]
fn UndoOffer(key: Signal<Option<String>>, lang: Lang) -> impl IntoView {
    let outbox = use_outbox();
    let open = RwSignal::new(true);
    let undoing = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let shown = key.get();
        if shown.is_some() {
            open.set(true);
            set_timeout(
                move || {
                    if key.try_get_untracked() == Some(shown) {
                        let _ = open.try_set(false);
                    }
                },
                UNDO_OFFER,
            );
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    move || {
        let navigate = navigate.clone();
        key.get().filter(|_| open.get()).map(|k| {
            let taken = k.clone();
            let undo = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if undoing.get_untracked() {
                    return;
                }
                undoing.set(true);
                let navigate = navigate.clone();
                outbox.undo(taken.clone(), move |result| {
                    undoing.set(false);
                    match result {
                        Ok(()) => navigate("/?undone=1", Default::default()),
                        Err(e) => problem.set(Some(e.message(lang))),
                    }
                });
            };
            // Says honestly where the tap is: saved on the server, or kept on this phone
            // until it can be sent.
            let shown = k.clone();
            let state = move || {
                problem.get().unwrap_or_else(|| match outbox.state_of(&shown) {
                    TapState::Sending => text::SAVING.get(lang).to_string(),
                    TapState::Kept => format!("⏳ {}", text::KEPT_ON_PHONE.get(lang)),
                    TapState::Sent => format!("✓ {}", text::SAVED.get(lang)),
                })
            };
            view! {
                <div class="snackbar" role="status" data-testid="undo-offer">
                    <span data-testid="tap-state">{state}</span>
                    <form method="post" action="/api/undo_record" on:submit=undo>
                        <input type="hidden" name="key" value=k/>
                        <button type="submit" class="link-button" data-testid="undo" disabled=move || undoing.get()>
                            {text::UNDO.get(lang)}
                        </button>
                    </form>
                </div>
            }
        })
    }
}
