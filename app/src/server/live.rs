//! The live-update hub: every write notifies it, every open page listens (server-sent
//! events) and refetches what it shows.

use tokio::sync::broadcast;

/// A change happened; pages refetch. Carries nothing: pages know what they show.
#[derive(Clone)]
pub struct LiveHub {
    changes: broadcast::Sender<()>,
}

impl Default for LiveHub {
    fn default() -> Self {
        // Slow listeners skip ahead (`Lagged`), which still means "refetch".
        LiveHub {
            changes: broadcast::channel(64).0,
        }
    }
}

impl LiveHub {
    pub fn notify(&self) {
        // No listener is fine: nothing is open.
        let _ = self.changes.send(());
    }

    pub fn subscribe(&self) -> broadcast::Receiver<()> {
        self.changes.subscribe()
    }

    pub fn listeners(&self) -> usize {
        self.changes.receiver_count()
    }
}
