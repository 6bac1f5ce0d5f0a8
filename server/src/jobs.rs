//! Work the server does by itself, beside answering requests: emptying the trash when an
//! admin turned that on, and (PostgreSQL) listening for changes made elsewhere. Each job
//! counts its runs, so a test can wait until every one has run and then check that
//! nothing was touched that should not have been.

use crate::tls::{Https, RENEW_EVERY, RETRY_EVERY};
use app::server::AppState;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often the trash is checked for records due to go.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

/// The running jobs; dropping it stops them.
pub struct Background {
    runs: Vec<(&'static str, Arc<AtomicU64>)>,
    tasks: Vec<JoinHandle<()>>,
}

impl Background {
    /// Every job has completed at least one run.
    pub fn all_ran(&self) -> bool {
        self.runs.iter().all(|(_, n)| n.load(Ordering::SeqCst) > 0)
    }

    /// The jobs by name, with how often each has run.
    pub fn runs(&self) -> Vec<(&'static str, u64)> {
        self.runs
            .iter()
            .map(|(name, n)| (*name, n.load(Ordering::SeqCst)))
            .collect()
    }

    /// Waits until every job has run once (at most `limit`); whether they all did.
    pub async fn wait_all_ran(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while !self.all_ran() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.all_ran()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts every background job.
pub fn spawn(state: &AppState, https: &Arc<Https>) -> Background {
    let mut background = Background {
        runs: Vec::new(),
        tasks: Vec::new(),
    };
    let retention = Arc::new(AtomicU64::new(0));
    background.runs.push(("trash retention", retention.clone()));
    background.tasks.push(spawn_retention(state.clone(), retention));
    if https.wanted() {
        let fetched = Arc::new(AtomicU64::new(0));
        background.runs.push(("https certificate", fetched.clone()));
        background.tasks.push(spawn_certificate(https.clone(), fetched));
    }
    if state.repo.is_postgres() {
        let listener = Arc::new(AtomicU64::new(0));
        background.runs.push(("change listener", listener.clone()));
        background.tasks.push(crate::listen::spawn(
            state.config.database_url.clone(),
            state.live.clone(),
            listener,
        ));
    }
    background
}

/// Deletes for good what the admins' retention setting says is due at `now`, in batches;
/// the number deleted. Nothing at all while automatic emptying is off (the default).
pub async fn expire_trash(state: &AppState, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let Some(policy) = state.repo.trash_retention().await? else {
        return Ok(0);
    };
    let mut total = 0;
    loop {
        let n = state.repo.expire_trash(&policy, now).await?;
        total += n;
        if n < app::server::repo::records::EXPIRE_BATCH {
            break;
        }
    }
    if total > 0 {
        tracing::info!(
            records = total,
            days = policy.days,
            since = %policy.since,
            "deleted for good from the trash, as an admin set it to"
        );
    }
    Ok(total)
}

/// Fetches the HTTPS certificate at start-up, then renews it every few hours (every
/// minute while there is none).
fn spawn_certificate(https: Arc<Https>, runs: Arc<AtomicU64>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            https.refresh(Utc::now()).await;
            runs.fetch_add(1, Ordering::SeqCst);
            let wait = if https.name().is_some() {
                RENEW_EVERY
            } else {
                RETRY_EVERY
            };
            tokio::time::sleep(wait).await;
        }
    })
}

/// At start-up and every hour.
fn spawn_retention(state: AppState, runs: Arc<AtomicU64>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut hourly = tokio::time::interval(RETENTION_EVERY);
        loop {
            hourly.tick().await;
            if let Err(e) = expire_trash(&state, Utc::now()).await {
                tracing::warn!(error = %e, "emptying the trash failed; will try again in an hour");
            }
            runs.fetch_add(1, Ordering::SeqCst);
        }
    })
}
