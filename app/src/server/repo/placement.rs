//! What placing a tap reads, kept in memory so that recording costs no extra query: the
//! events that take taps, and each phone's latest seller and event (its newest history
//! row). Both change only through this repository, which forgets what it kept on every
//! such write; a generation number stops a read that raced a write from keeping what it
//! read. (A tap dated before its phone's latest change still reads the history.)

use crate::server::entities::event;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A phone's seller and event from `since` on (`None`: it has no history yet, and this
/// is its device row's event, its seller being whoever it has now).
#[derive(Clone, Debug)]
pub(super) struct DeviceNow {
    pub since: Option<DateTime<Utc>>,
    pub seller: Option<String>,
    pub event: Option<String>,
}

#[derive(Default)]
pub(super) struct PlacementCache {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    generation: u64,
    events: Option<Arc<Vec<event::Model>>>,
    devices: HashMap<String, DeviceNow>,
}

impl PlacementCache {
    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while holding it left nothing half-written worth keeping.
        self.kept.lock().unwrap_or_else(|poisoned| {
            let mut kept = poisoned.into_inner();
            *kept = Kept::default();
            kept
        })
    }

    /// Events or a phone's state changed: read them afresh next time.
    pub fn forget(&self) {
        let mut kept = self.kept();
        kept.generation += 1;
        kept.events = None;
        kept.devices.clear();
    }

    /// The generation a read starts in (its result is kept only if it is still current).
    pub fn generation(&self) -> u64 {
        self.kept().generation
    }

    pub fn events(&self) -> Option<Arc<Vec<event::Model>>> {
        self.kept().events.clone()
    }

    pub fn keep_events(&self, generation: u64, events: Arc<Vec<event::Model>>) {
        let mut kept = self.kept();
        if kept.generation == generation {
            kept.events = Some(events);
        }
    }

    pub fn device(&self, name: &str) -> Option<DeviceNow> {
        self.kept().devices.get(name).cloned()
    }

    pub fn keep_device(&self, generation: u64, name: &str, now: DeviceNow) {
        let mut kept = self.kept();
        if kept.generation == generation {
            kept.devices.insert(name.to_string(), now);
        }
    }
}
