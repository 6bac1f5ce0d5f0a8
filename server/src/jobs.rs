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
    if let Some(dir) = state.config.backup_dir.clone() {
        let backups = Arc::new(AtomicU64::new(0));
        background.runs.push(("daily backup", backups.clone()));
        background.tasks.push(spawn_backup(state.clone(), dir, backups));
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

/// The first moment after `now` that the booth clock shows `at`.
pub fn next_backup(now: DateTime<Utc>, at: chrono::NaiveTime, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let local = now.with_timezone(&tz).date_naive();
    (0..=2)
        .filter_map(|days| {
            (local + chrono::Duration::days(days))
                .and_time(at)
                .and_local_timezone(tz)
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .find(|t| *t > now)
        .unwrap_or(now + chrono::Duration::days(1))
}

/// Once a day at `BACKUP_TIME`, booth time: a verified backup into `dir`, then the
/// retention. At start-up too when the newest backup there is over a day old (a laptop
/// asleep at that hour still gets its daily backup). A failure is logged and counted in
/// `/metrics`; the next day tries again.
fn spawn_backup(state: AppState, dir: std::path::PathBuf, runs: Arc<AtomicU64>) -> JoinHandle<()> {
    tokio::spawn(async move {
        // The newest backup there, made before a restart, is the last good one until the next.
        let newest = crate::backup::newest(&dir);
        if let Some((at, file)) = &newest {
            let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            state.metrics.backup_verified(at.timestamp(), bytes);
        }
        let mut overdue = newest.is_none_or(|(at, _)| Utc::now() - at > chrono::Duration::hours(24));
        loop {
            if !overdue {
                let now = Utc::now();
                let next = next_backup(now, state.config.backup_time, state.config.timezone);
                tokio::time::sleep((next - now).to_std().unwrap_or(Duration::from_secs(60))).await;
            }
            overdue = false;
            match crate::backup::backup_and_prune(&state.config.database_url, &dir).await {
                Ok((made, removed)) => {
                    state.metrics.backup_verified(Utc::now().timestamp(), made.bytes);
                    tracing::info!(removed = removed.len(), "{made}");
                }
                Err(e) => {
                    state.metrics.backup_failed();
                    tracing::error!(error = %e, dir = %dir.display(), "the daily backup failed");
                }
            }
            runs.fetch_add(1, Ordering::SeqCst);
        }
    })
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

#[cfg(test)]
mod tests {
    use super::next_backup;
    use chrono::{DateTime, NaiveTime, Utc};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_daily_backup_runs_at_the_next_booth_time() {
        let three = NaiveTime::from_hms_opt(3, 0, 0).unwrap();
        let bangkok = chrono_tz::Asia::Bangkok;
        // 02:00 in Bangkok: the same night at 03:00 (20:00 UTC the day before).
        assert_eq!(
            next_backup(utc("2026-11-29T19:00:00Z"), three, bangkok),
            utc("2026-11-29T20:00:00Z")
        );
        // 03:30 in Bangkok: the next night.
        assert_eq!(
            next_backup(utc("2026-11-29T20:30:00Z"), three, bangkok),
            utc("2026-11-30T20:00:00Z")
        );
        // Exactly at the time: the next day, never twice in one night.
        assert_eq!(
            next_backup(utc("2026-11-29T20:00:00Z"), three, bangkok),
            utc("2026-11-30T20:00:00Z")
        );
        // A time that does not exist on a DST night (Berlin, 02:30 on 29 March) is skipped.
        let half_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        assert_eq!(
            next_backup(utc("2026-03-28T12:00:00Z"), half_two, chrono_tz::Europe::Berlin),
            utc("2026-03-30T00:30:00Z")
        );
    }
}
