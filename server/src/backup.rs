//! Backups that can be restored: a consistent copy of the running database in a
//! timestamped file, checked before it counts (SQLite: `integrity_check` and the rows of
//! every table; PostgreSQL: `pg_dump`'s custom format, read back whole by `pg_restore`
//! and counted), kept 7 daily / 4 weekly / 12 monthly. The same mechanism runs by hand
//! (`server backup`), once a day (`BACKUP_DIR`), and before every migration; `server
//! restore` puts a file back into an empty database.

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tokio::io::AsyncBufReadExt;

/// Backups are named `lumicello-<UTC time>[-before-migration].<sqlite|pgdump>`; no other
/// file in the folder is ever touched.
const PREFIX: &str = "lumicello-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";
const BEFORE_MIGRATION: &str = "-before-migration";
/// The tables that make a database this app's or its FastAPI predecessor's (a backup
/// without them is refused).
const OURS: [&str; 2] = ["interactions", "sellers"];
/// What the retention keeps: the newest backup of each of this many days, weeks, months.
const KEEP: (usize, usize, usize) = (7, 4, 12);

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup folder {0}: {1}")]
    Folder(PathBuf, String),
    #[error("database: {0}")]
    Database(String),
    #[error("{0}")]
    Tool(String),
    #[error("{file} is not a usable backup: {why}")]
    Unusable { file: PathBuf, why: String },
    #[error(
        "the database already holds data ({0}); restore only into an empty database, or pass --force to replace it (it is backed up first)"
    )]
    NotEmpty(String),
}

impl From<sea_orm::DbErr> for BackupError {
    fn from(e: sea_orm::DbErr) -> Self {
        BackupError::Database(e.to_string())
    }
}

/// Why a backup was taken: by hand or on schedule, or just before migrating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Regular,
    BeforeMigration,
}

/// A verified backup: its file, size and the rows of each table in it.
#[derive(Debug)]
pub struct Backup {
    pub file: PathBuf,
    pub bytes: u64,
    pub rows: Vec<(String, u64)>,
}

impl std::fmt::Display for Backup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows: Vec<String> = self.rows.iter().map(|(t, n)| format!("{t}={n}")).collect();
        write!(
            f,
            "backup {} ({} bytes) verified: {}",
            self.file.display(),
            self.bytes,
            rows.join(" ")
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Sqlite,
    Postgres,
}

impl Kind {
    fn of_url(url: &str) -> Kind {
        if url.starts_with("sqlite:") {
            Kind::Sqlite
        } else {
            Kind::Postgres
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "pgdump",
        }
    }

    /// What a file holds, by its first bytes.
    fn of_file(file: &Path) -> Result<Kind, BackupError> {
        use std::io::Read;
        let mut head = [0u8; 16];
        let unusable = |why: String| BackupError::Unusable {
            file: file.to_path_buf(),
            why,
        };
        let n = std::fs::File::open(file)
            .and_then(|mut f| f.read(&mut head))
            .map_err(|e| unusable(e.to_string()))?;
        match &head[..n] {
            h if h.starts_with(b"SQLite format 3\0") => Ok(Kind::Sqlite),
            h if h.starts_with(b"PGDMP") => Ok(Kind::Postgres),
            _ => Err(unusable(
                "neither a SQLite database nor a pg_dump custom-format file".into(),
            )),
        }
    }
}

/// Where backups go: the folder named (`server backup DIR`, `BACKUP_DIR`), which must
/// exist — a mistyped path must not send backups somewhere nobody looks — else
/// `data/backups`, made when missing.
pub fn folder(named: Option<&Path>) -> Result<PathBuf, BackupError> {
    let Some(dir) = named else {
        let dir = PathBuf::from(app::server::config::DEFAULT_BACKUP_DIR);
        std::fs::create_dir_all(&dir).map_err(|e| BackupError::Folder(dir.clone(), e.to_string()))?;
        return Ok(dir);
    };
    if dir.is_dir() {
        Ok(dir.to_path_buf())
    } else {
        Err(BackupError::Folder(
            dir.to_path_buf(),
            "does not exist or is not a folder: create it, or check the path".into(),
        ))
    }
}

/// Backs up the database at `url` into the folder `dir` and verifies the copy. A copy
/// that fails its check is removed and the error says why.
pub async fn backup(url: &str, dir: &Path, reason: Reason, now: DateTime<Utc>) -> Result<Backup, BackupError> {
    let dir = &folder(Some(dir))?;
    let kind = Kind::of_url(url);
    let suffix = if reason == Reason::BeforeMigration {
        BEFORE_MIGRATION
    } else {
        ""
    };
    let name = format!("{PREFIX}{}{suffix}.{}", now.format(STAMP), kind.extension());
    let file = dir.join(&name);
    // Written under a temporary name, so a half-written file never looks like a backup.
    let partial = dir.join(format!(".{name}.partial"));
    let made = async {
        match kind {
            Kind::Sqlite => {
                // Never create an empty database just to back it up.
                if let Some(source) = app::server::db::sqlite_file(url).filter(|f| !f.exists()) {
                    return Err(BackupError::Database(format!("no database at {}", source.display())));
                }
                let db = app::server::db::connect(url).await?;
                let target = partial
                    .to_str()
                    .ok_or_else(|| BackupError::Folder(dir.into(), "not UTF-8".into()))?;
                // VACUUM INTO copies one consistent snapshot while the app keeps writing.
                db.execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
                    .await
                    .map_err(|e| BackupError::Folder(dir.into(), e.to_string()))?;
                db.close().await?;
            }
            Kind::Postgres => {
                run(
                    "pg_dump",
                    &["--format=custom", "--no-owner", "--no-privileges", "--file"],
                    &partial,
                    url,
                )
                .await?
            }
        }
        let rows = verify(&partial).await?;
        std::fs::rename(&partial, &file).map_err(|e| BackupError::Folder(dir.into(), e.to_string()))?;
        Ok::<_, BackupError>(rows)
    };
    match made.await {
        Ok(rows) => {
            let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            Ok(Backup { file, bytes, rows })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// Runs `tool args… <file> <url>`, its error output as the error.
async fn run(tool: &str, args: &[&str], file: &Path, url: &str) -> Result<(), BackupError> {
    let output = tokio::process::Command::new(tool)
        .args(args)
        .arg(file)
        .arg(url)
        .output()
        .await
        .map_err(|e| BackupError::Tool(format!("cannot run {tool} (is the PostgreSQL client installed?): {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool(format!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// Checks that `file` is a whole backup of this app's database; the rows of each table.
pub async fn verify(file: &Path) -> Result<Vec<(String, u64)>, BackupError> {
    let unusable = |why: String| BackupError::Unusable {
        file: file.to_path_buf(),
        why,
    };
    let rows = match Kind::of_file(file)? {
        Kind::Sqlite => {
            let url = format!("sqlite://{}?mode=ro", file.display());
            let db = sea_orm::Database::connect(&url)
                .await
                .map_err(|e| unusable(e.to_string()))?;
            let check = async {
                let ok = single_text(&db, "PRAGMA integrity_check").await?;
                if ok != "ok" {
                    return Err(unusable(format!("integrity check: {ok}")));
                }
                table_rows(&db).await.map_err(|e| unusable(e.to_string()))
            };
            let rows = check.await;
            db.close().await.ok();
            rows?
        }
        // Reading the data back through pg_restore checks every block of the file.
        Kind::Postgres => pg_dump_rows(file).await.map_err(unusable)?,
    };
    let missing: Vec<&str> = OURS
        .into_iter()
        .filter(|t| !rows.iter().any(|(name, _)| name == t))
        .collect();
    if !missing.is_empty() {
        return Err(unusable(format!(
            "not a Lumicello database (no {} table)",
            missing.join(", ")
        )));
    }
    Ok(rows)
}

async fn single_text(db: &DatabaseConnection, sql: &str) -> Result<String, BackupError> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| BackupError::Database(format!("{sql}: no answer")))?;
    Ok(row.try_get_by_index::<String>(0)?)
}

/// Every table of the connected database with its row count, by name.
pub async fn table_rows(db: &DatabaseConnection) -> Result<Vec<(String, u64)>, BackupError> {
    let backend = db.get_database_backend();
    let list = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    };
    let mut out = Vec::new();
    for row in db.query_all_raw(Statement::from_string(backend, list)).await? {
        let table: String = row.try_get_by_index(0)?;
        let sql = format!("SELECT COUNT(*) FROM \"{}\"", table.replace('"', "\"\""));
        let n: i64 = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await?
            .map(|r| r.try_get_by_index(0))
            .transpose()?
            .unwrap_or(0);
        out.push((table, n.max(0) as u64));
    }
    Ok(out)
}

/// The rows of each table in a custom-format dump, counted from its data as `pg_restore`
/// writes it out (one line per row between `COPY … FROM stdin;` and `\.`).
async fn pg_dump_rows(file: &Path) -> Result<Vec<(String, u64)>, String> {
    let mut child = tokio::process::Command::new("pg_restore")
        .args(["--file", "-"])
        .arg(file)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run pg_restore (is the PostgreSQL client installed?): {e}"))?;
    let mut lines = tokio::io::BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut tables: Vec<(String, u64)> = Vec::new();
    let mut copying: Option<usize> = None;
    while let Some(line) = lines.next_line().await.map_err(|e| e.to_string())? {
        match copying {
            Some(_) if line == "\\." => copying = None,
            Some(i) => tables[i].1 += 1,
            None => {
                if let Some(rest) = line.strip_prefix("CREATE TABLE public.") {
                    let name = rest.split_whitespace().next().unwrap_or("").to_string();
                    tables.push((name, 0));
                } else if let Some(rest) = line.strip_prefix("COPY public.") {
                    let name = rest.split_whitespace().next().unwrap_or("");
                    copying = tables.iter().position(|(t, _)| t == name);
                }
            }
        }
    }
    let output = child.wait_with_output().await.map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "pg_restore cannot read it: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    tables.sort();
    Ok(tables)
}

/// Puts the backup `file` into the database at `url` and brings its schema up to date.
/// An empty database only, unless `force`: then the data there is backed up into
/// `safety_dir` first and replaced.
pub async fn restore(
    file: &Path,
    url: &str,
    force: bool,
    safety_dir: &Path,
) -> Result<Vec<(String, u64)>, BackupError> {
    verify(file).await?;
    let kind = Kind::of_file(file)?;
    if kind != Kind::of_url(url) {
        return Err(BackupError::Unusable {
            file: file.into(),
            why: format!(
                "it is a {} backup, and the database is {}",
                kind.extension(),
                Kind::of_url(url).extension()
            ),
        });
    }
    let tables = tables_of(url).await?;
    let held = held(&tables);
    // Tables without rows (a database the app started on once) are replaced as well.
    let clean = force || Kind::of_url(url) == Kind::Postgres && !tables.is_empty();
    if !held.is_empty() {
        if !force {
            return Err(BackupError::NotEmpty(held));
        }
        let saved = backup(url, safety_dir, Reason::Regular, Utc::now()).await?;
        tracing::warn!(file = %saved.file.display(), "the data being replaced was backed up first");
    }
    match kind {
        Kind::Sqlite => {
            let target = app::server::db::sqlite_file(url)
                .ok_or_else(|| BackupError::Database("an in-memory database cannot be restored into".into()))?;
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| BackupError::Folder(dir.into(), e.to_string()))?;
            }
            for stale in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{stale}", target.display()));
            }
            let copy = target.with_extension("restoring");
            std::fs::copy(file, &copy).map_err(|e| BackupError::Folder(copy.clone(), e.to_string()))?;
            std::fs::rename(&copy, &target).map_err(|e| BackupError::Folder(target.clone(), e.to_string()))?;
        }
        Kind::Postgres => {
            let mut args = vec![
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
            ];
            if clean {
                args.extend(["--clean", "--if-exists"]);
            }
            args.push("--dbname");
            let output = tokio::process::Command::new("pg_restore")
                .args(&args)
                .arg(url)
                .arg(file)
                .output()
                .await
                .map_err(|e| BackupError::Tool(format!("cannot run pg_restore: {e}")))?;
            if !output.status.success() {
                return Err(BackupError::Tool(format!(
                    "pg_restore failed, nothing was changed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                )));
            }
        }
    }
    let db = app::server::db::connect(url).await?;
    migration::Migrator::up(&db, None).await?;
    let after = table_rows(&db).await?;
    db.close().await?;
    Ok(after)
}

/// The tables of the database at `url` with their rows (none for a SQLite file that
/// does not exist yet: asking does not create it).
async fn tables_of(url: &str) -> Result<Vec<(String, u64)>, BackupError> {
    if Kind::of_url(url) == Kind::Sqlite && app::server::db::sqlite_file(url).is_some_and(|f| !f.exists()) {
        return Ok(Vec::new());
    }
    let db = app::server::db::connect(url).await?;
    let rows = table_rows(&db).await;
    db.close().await?;
    rows
}

/// What the database at `url` holds besides the migration bookkeeping ("" when nothing).
pub async fn held_data(url: &str) -> Result<String, BackupError> {
    Ok(held(&tables_of(url).await?))
}

/// The tables in `tables` that hold rows, besides the migration bookkeeping and the
/// first event the app makes by itself on an empty database, as words.
fn held(tables: &[(String, u64)]) -> String {
    let made_by_the_app = |t: &str| t == "seaql_migrations" || t == "pop_up_events";
    let only_the_first_event = tables
        .iter()
        .all(|(t, n)| *n == 0 || made_by_the_app(t) && (t != "pop_up_events" || *n == 1));
    tables
        .iter()
        .filter(|(t, n)| *n > 0 && t != "seaql_migrations" && !(only_the_first_event && t == "pop_up_events"))
        .map(|(t, n)| format!("{t}: {n} rows"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The regular backups in `dir` (by name), newest first.
fn regular_backups(dir: &Path) -> Vec<(NaiveDateTime, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut regular: Vec<(NaiveDateTime, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let stem = name.strip_prefix(PREFIX)?.split('.').next()?;
            NaiveDateTime::parse_from_str(stem, STAMP).ok().map(|at| (at, path))
        })
        .collect();
    regular.sort_by_key(|b| std::cmp::Reverse(b.0));
    regular
}

/// The newest regular backup in `dir`: when it was taken, and its file.
pub fn newest(dir: &Path) -> Option<(DateTime<Utc>, PathBuf)> {
    regular_backups(dir)
        .into_iter()
        .next()
        .map(|(at, path)| (at.and_utc(), path))
}

/// The regular backups in `dir` the retention lets go: all but the newest of each of the
/// last 7 days, 4 ISO weeks and 12 months that have one. Backups taken before a
/// migration and files not named like a backup are never touched.
pub fn expired(dir: &Path) -> Vec<PathBuf> {
    let regular = regular_backups(dir);
    let mut keep = HashSet::new();
    type Period = fn(&NaiveDateTime) -> (i32, u32);
    let periods: [(usize, Period); 3] = [
        (KEEP.0, |t| (t.year(), t.ordinal())),
        (KEEP.1, |t| (t.iso_week().year(), t.iso_week().week())),
        (KEEP.2, |t| (t.year(), t.month())),
    ];
    for (count, period) in periods {
        let mut seen = Vec::new();
        for (at, path) in &regular {
            let p = period(at);
            if !seen.contains(&p) {
                if seen.len() == count {
                    break;
                }
                seen.push(p);
                keep.insert(path.clone());
            }
        }
    }
    regular
        .into_iter()
        .map(|(_, path)| path)
        .filter(|path| !keep.contains(path))
        .collect()
}

/// A regular backup followed by the retention, as `server backup` and the daily job do.
pub async fn backup_and_prune(url: &str, dir: &Path) -> Result<(Backup, Vec<PathBuf>), BackupError> {
    let made = backup(url, dir, Reason::Regular, Utc::now()).await?;
    let mut removed = Vec::new();
    for old in expired(dir) {
        match std::fs::remove_file(&old) {
            Ok(()) => removed.push(old),
            Err(e) => tracing::warn!(file = %old.display(), error = %e, "cannot remove an expired backup"),
        }
    }
    Ok((made, removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_keeps_the_newest_of_7_days_4_weeks_12_months() {
        let dir = tempfile::tempdir().unwrap();
        let start = DateTime::parse_from_rfc3339("2026-11-29T20:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        // Two backups a day for 400 days, a pre-migration one and a stranger.
        for day in 0..400 {
            for hour in [0, 6] {
                let at = start - chrono::Duration::days(day) - chrono::Duration::hours(hour);
                std::fs::write(dir.path().join(format!("{PREFIX}{}.sqlite", at.format(STAMP))), "x").unwrap();
            }
        }
        let old = start - chrono::Duration::days(500);
        let special = format!("{PREFIX}{}{BEFORE_MIGRATION}.sqlite", old.format(STAMP));
        std::fs::write(dir.path().join(&special), "x").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        for path in expired(dir.path()) {
            std::fs::remove_file(path).unwrap();
        }
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert!(left.contains(&special) && left.contains(&"notes.txt".to_string()));
        let regular = left.len() - 2;
        // 7 days, plus weeks and months not already covered: at most 7 + 4 + 12.
        assert!((12..=23).contains(&regular), "{regular}: {left:?}");
        assert!(
            left.contains(&format!("{PREFIX}{}.sqlite", start.format(STAMP))),
            "the newest stays"
        );
        // Running it again removes nothing more.
        assert!(expired(dir.path()).is_empty());
    }
}
