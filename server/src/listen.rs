//! Changes made elsewhere (another instance of the app, or SQL typed by hand) reach the
//! open pages too: the database's triggers NOTIFY on `data_change` after every write, and
//! this task LISTENs and passes each one to the live hub (which coalesces bursts). It
//! reconnects after the database restarts, trying at most every 2 s (one connection
//! attempt is cheap, and pages must be live again soon); a reconnect also counts as a
//! change, since notifications sent meanwhile are lost.

use app::server::live::LiveHub;
use sea_orm::sqlx::postgres::{PgListener, PgPoolOptions};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

pub const CHANNEL: &str = "data_change";

/// Listens on a connection of its own (not the app's pool), so that while the database
/// is down each attempt fails at once and the first one after it is back succeeds.
/// `subscribed` counts the times it started listening.
pub fn spawn(url: String, live: LiveHub, subscribed: Arc<AtomicU64>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(500);
        loop {
            match subscribe(&url).await {
                Ok(mut listener) => {
                    tracing::info!(channel = CHANNEL, "listening for database changes");
                    backoff = Duration::from_millis(500);
                    subscribed.fetch_add(1, Ordering::SeqCst);
                    live.notify();
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(_)) => live.notify(),
                            // The connection dropped; the next call reconnects.
                            Ok(None) => {
                                tracing::warn!("database change listener lost its connection");
                                live.notify();
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "database change listener stopped; reconnecting");
                                break;
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "cannot listen for database changes yet"),
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(2));
        }
    })
}

async fn subscribe(url: &str) -> Result<PgListener, sea_orm::sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(2))
        .connect(url)
        .await?;
    let mut listener = PgListener::connect_with(&pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
