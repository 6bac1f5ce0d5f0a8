//! Never lose a tap (PRODUCT.md §4, §7). Once the app runs in the browser, a walk-by, a
//! conversation or a milestone is first kept on the phone — with the key that makes its
//! sending idempotent and the moment it was tapped — and then sent. What cannot be sent
//! now waits ("n waiting to sync") and goes when the connection returns, on a retry
//! timer, or when the app next starts. The server takes each key once, so sending again
//! after an unanswered attempt never doubles a record. (Before the WebAssembly has loaded
//! the forms are plain posts, and the browser itself says when it is offline.)

use super::api::{ConversationForm, MilestoneForm, WalkByForm};
use crate::error::AppError;
use crate::offline::storage;
use crate::wire::Counts;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    WalkBy(WalkByForm),
    Conversation(ConversationForm),
    Milestone(MilestoneForm),
}

impl Entry {
    pub fn key(&self) -> &str {
        match self {
            Entry::WalkBy(f) => &f.key,
            Entry::Conversation(f) => &f.key,
            Entry::Milestone(f) => &f.key,
        }
    }

    /// What this tap adds to Home's figures once the server has it, read as the server
    /// will (a back-dated tap belongs to another moment, and adds nothing to now's).
    pub fn counts(&self) -> Counts {
        match self {
            Entry::WalkBy(f) if f.at.is_none() => Counts {
                visitors: 1,
                ..Counts::default()
            },
            Entry::Conversation(f) if f.at.is_none() => {
                let record = f.draft().ok().and_then(|d| domain::check_interaction(&d).ok());
                let sale = record
                    .as_ref()
                    .and_then(|r| r.sale_type)
                    .is_some_and(domain::SaleType::is_sale);
                Counts {
                    visitors: 1,
                    conversations: 1,
                    sales: i64::from(sale),
                    revenue: record.and_then(|r| r.total_amount).unwrap_or(0),
                }
            }
            _ => Counts::default(),
        }
    }
}

/// Where a tap made on this phone stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapState {
    /// Being sent for the first time.
    Sending,
    /// Kept on the phone: sending failed (offline, server away); it goes by itself later.
    Kept,
    /// The server has it.
    Sent,
}

/// A tap the server refused for good (it can never be saved as it is), and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refused {
    pub entry: Entry,
    pub error: AppError,
}

#[derive(Clone, Copy)]
pub struct Outbox {
    waiting: RwSignal<Vec<Entry>>,
    /// The last send failed and the outbox is waiting to try again: every waiting tap
    /// is kept on the phone for now (the queue goes in order, so the later ones wait too).
    stalled: RwSignal<bool>,
    /// Why the first waiting tap cannot be placed yet (no event covers its moment), when
    /// that — not the connection — is what holds the queue.
    reason: RwSignal<Option<AppError>>,
    refused: RwSignal<Vec<Refused>>,
    sending: StoredValue<bool>,
    /// Bumped whenever the server took an entry: pages showing figures refetch.
    synced: RwSignal<u64>,
    /// The next retry's delay, doubling up to a minute while the server stays away.
    backoff_ms: StoredValue<u32>,
    /// Keys of taps made in this session and not yet tried: their first send is dated by
    /// the server's clock. A tap that waited (a send failed, or it was kept by an earlier
    /// session) carries the phone's time of the tap.
    untried: StoredValue<Vec<String>>,
}

const WAITING: &str = "outbox";
const REFUSED: &str = "outbox.refused";

/// A new idempotency key, made on the phone.
pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Now, as the outbox dates taps.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn provide_outbox() {
    let outbox = Outbox {
        waiting: RwSignal::new(Vec::new()),
        stalled: RwSignal::new(false),
        reason: RwSignal::new(None),
        refused: RwSignal::new(Vec::new()),
        sending: StoredValue::new(false),
        synced: RwSignal::new(0),
        backoff_ms: StoredValue::new(2000),
        untried: StoredValue::new(Vec::new()),
    };
    provide_context(outbox);
    // Browser only: what an earlier visit left behind, then sending, now and whenever the
    // connection comes back.
    Effect::new(move |_| {
        outbox.waiting.set(storage::load(WAITING).unwrap_or_default());
        outbox.refused.set(storage::load(REFUSED).unwrap_or_default());
        browser::on_online(move || {
            outbox.backoff_ms.set_value(2000);
            outbox.flush();
        });
        outbox.flush();
    });
    // Taps waiting for an event go as soon as something changed on the server (an admin
    // may just have made the event that covers them), not only on the retry timer.
    Effect::new(move |_| {
        crate::live::live_version();
        if outbox.reason.get_untracked().is_some() {
            outbox.backoff_ms.set_value(2000);
            outbox.flush();
        }
    });
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

impl Outbox {
    /// Keeps `entry` on the phone and sends it: once this returns, the tap is safe.
    pub fn record(self, entry: Entry) {
        self.untried.update_value(|u| u.push(entry.key().to_string()));
        self.change_waiting(|w| w.push(entry));
        self.flush();
    }

    /// The waiting list as stored on the phone, not as this page last saw it: a second
    /// open tab may have added or sent entries meanwhile, and neither may overwrite the
    /// other's. (Without storage, the page's own list.)
    fn stored(self) -> Vec<Entry> {
        storage::load(WAITING).unwrap_or_else(|| self.waiting.get_untracked())
    }

    fn change_waiting(self, change: impl FnOnce(&mut Vec<Entry>)) {
        let mut waiting = self.stored();
        change(&mut waiting);
        storage::save(WAITING, &waiting);
        self.waiting.set(waiting);
    }

    /// Taps kept on the phone, not yet taken by the server.
    pub fn waiting(self) -> usize {
        self.waiting.with(Vec::len)
    }

    /// What the waiting taps will add to Home's figures.
    pub fn waiting_counts(self) -> Counts {
        self.waiting.with(|w| {
            w.iter().map(Entry::counts).fold(Counts::default(), |a, c| Counts {
                visitors: a.visitors + c.visitors,
                conversations: a.conversations + c.conversations,
                sales: a.sales + c.sales,
                revenue: a.revenue + c.revenue,
            })
        })
    }

    /// Where the tap with this key stands (one this phone never made counts as sent).
    pub fn state_of(self, key: &str) -> TapState {
        if !self.waiting.with(|w| w.iter().any(|e| e.key() == key)) {
            TapState::Sent
        } else if self.stalled.get() {
            TapState::Kept
        } else {
            TapState::Sending
        }
    }

    /// Why the waiting taps cannot be placed yet, when the server said so.
    pub fn reason(self) -> Option<AppError> {
        self.reason.get()
    }

    pub fn refused(self) -> Vec<Refused> {
        self.refused.get()
    }

    pub fn dismiss_refused(self) {
        self.refused.set(Vec::new());
        storage::save(REFUSED, &Vec::<Refused>::new());
    }

    /// Increases each time the server took a kept tap.
    pub fn synced(self) -> u64 {
        self.synced.get()
    }

    /// Takes a tap back: one still waiting is simply dropped; one already sent is taken
    /// back by the server (its own phone, within minutes). `done` hears how it went.
    pub fn undo(self, key: String, done: impl Fn(Result<(), AppError>) + 'static) {
        let mut dropped = false;
        self.change_waiting(|w| {
            let before = w.len();
            w.retain(|e| e.key() != key);
            dropped = w.len() < before;
        });
        if dropped {
            done(Ok(()));
            return;
        }
        leptos::task::spawn_local(async move {
            let form = crate::forms::Strict(super::api::UndoForm { key });
            let result = super::api::undo_record(form).await;
            if result.is_ok() {
                self.synced.update(|n| *n += 1);
            }
            done(result);
        });
    }

    /// Sends what waits, oldest first, one at a time; stops at the first failure that a
    /// retry may cure and tries again later.
    fn flush(self) {
        if self.sending.get_value() {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                self.waiting.set(self.stored());
                let Some(entry) = self.waiting.with_untracked(|w| w.first().cloned()) else {
                    break;
                };
                let first_try = self.untried.with_value(|u| u.iter().any(|k| k == entry.key()));
                self.untried.update_value(|u| u.retain(|k| k != entry.key()));
                match send(&entry, first_try).await {
                    Ok(()) => {
                        self.stalled.set(false);
                        self.reason.set(None);
                        self.forget(entry.key());
                        self.backoff_ms.set_value(2000);
                        self.synced.update(|n| *n += 1);
                    }
                    Err(e) if e.keeps_tap_waiting() => {
                        self.stalled.set(true);
                        self.reason.set((!e.is_retryable()).then_some(e));
                        let delay = self.backoff_ms.get_value();
                        self.backoff_ms.set_value((delay * 2).min(60_000));
                        browser::after(delay, move || self.flush());
                        break;
                    }
                    Err(error) => {
                        self.forget(entry.key());
                        self.refused.update(|r| r.push(Refused { entry, error }));
                        storage::save(REFUSED, &self.refused.get_untracked());
                    }
                }
            }
            self.sending.set_value(false);
        });
    }

    fn forget(self, key: &str) {
        self.change_waiting(|w| w.retain(|e| e.key() != key));
    }
}

/// One entry to the server: on its first try dated by the server's clock (a phone's
/// may be off); after waiting, by the moment it was tapped.
async fn send(entry: &Entry, first_try: bool) -> Result<(), AppError> {
    use super::api::{record_conversation, record_milestone, record_walk_by};
    use crate::forms::Strict;
    let keep_time = |t: &Option<String>| t.clone().filter(|_| !first_try);
    match entry.clone() {
        Entry::WalkBy(f) => record_walk_by(Strict(WalkByForm {
            tapped_at: keep_time(&f.tapped_at),
            ..f
        }))
        .await
        .map(|_| ()),
        Entry::Conversation(f) => record_conversation(Strict(ConversationForm {
            tapped_at: keep_time(&f.tapped_at),
            ..f
        }))
        .await
        .map(|_| ()),
        Entry::Milestone(f) => {
            record_milestone(Strict(MilestoneForm {
                tapped_at: keep_time(&f.tapped_at),
                ..f
            }))
            .await
        }
    }
}

/// The browser's side of it (nothing happens on the server).
mod browser {
    /// Calls `f` each time the browser says the connection is back.
    pub fn on_online(f: impl Fn() + 'static) {
        #[cfg(not(feature = "ssr"))]
        {
            use wasm_bindgen::JsCast;
            use wasm_bindgen::closure::Closure;
            let callback = Closure::<dyn Fn()>::new(f);
            let _ =
                leptos::prelude::window().add_event_listener_with_callback("online", callback.as_ref().unchecked_ref());
            // Listens for the page's whole life.
            callback.forget();
        }
        #[cfg(feature = "ssr")]
        let _ = f;
    }

    pub fn after(ms: u32, f: impl FnOnce() + 'static) {
        leptos::prelude::set_timeout(f, std::time::Duration::from_millis(u64::from(ms)));
    }
}
