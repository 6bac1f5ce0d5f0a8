//! Backups and restores, on SQLite and PostgreSQL, as ops would use them: a backup taken
//! while the app runs restores into a fresh database with every row of every table; bad
//! files, wrong folders and non-empty targets are refused and change nothing; a migration
//! that fails halfway leaves the schema as it was.

mod support;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::Value;
use server::backup::{self, BackupError, Reason};
use support::{BACKENDS, Backend, TestDb, edit_notes, encode, every_row, peers, post_form, setup, start_selling};
use uuid::Uuid;

const ADMIN: std::net::IpAddr = peers::STAFF_IPHONE;
const STAFF: std::net::IpAddr = peers::SECOND_IPHONE;

async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Records, a milestone, an edit with history, a record in the trash, two sellers and
/// two devices (one renamed), written through the app as people would.
async fn realistic_mix(app: &support::TestApp) {
    start_selling(app, ADMIN, "Nok").await;
    start_selling(app, STAFF, &encode("น้องฝน")).await;
    for _ in 0..3 {
        ok(post_form(app, STAFF, "record_walk_by", format!("key={}", Uuid::new_v4())).await).await;
    }
    let talk = ok(post_form(
        app,
        STAFF,
        "record_conversation",
        format!("key={}&persona=parent&hook=signage&sale=bundle_3", Uuid::new_v4()),
    )
    .await)
    .await;
    let id = talk["id"].as_str().unwrap();
    ok(edit_notes(app, ADMIN, id, "ภาษาไทย, \"quotes\"\nand a newline").await).await;
    let gone = ok(post_form(app, STAFF, "record_walk_by", format!("key={}", Uuid::new_v4())).await).await;
    ok(post_form(
        app,
        ADMIN,
        "admin_delete_record",
        format!("id={}", gone["id"].as_str().unwrap()),
    )
    .await)
    .await;
    ok(post_form(
        app,
        STAFF,
        "record_milestone",
        format!("key={}&description=New+signage", Uuid::new_v4()),
    )
    .await)
    .await;
    ok(post_form(
        app,
        ADMIN,
        "admin_change_device",
        "device=booth-phone-2&action=rename&value=Till".into(),
    )
    .await)
    .await;
}

#[tokio::test]
async fn a_backup_taken_while_the_app_runs_restores_every_row() {
    for backend in BACKENDS {
        let (db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        realistic_mix(&app).await;
        let dir = tempfile::tempdir().unwrap();
        let made = backup::backup(&db.url, dir.path(), Reason::Regular, chrono::Utc::now())
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let line = made.to_string();
        assert!(
            line.contains("interactions=5") && line.contains("audit_log="),
            "{backend:?}: {line}"
        );
        assert!(made.bytes > 0 && made.file.exists(), "{line}");
        let source = db.connect().await;
        let before = every_row(&source).await;
        assert!(before.len() > 15, "{backend:?}: a realistic mix: {}", before.len());

        let fresh = TestDb::empty(backend).await;
        let safety = tempfile::tempdir().unwrap();
        backup::restore(&made.file, &fresh.url, false, safety.path())
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        let restored = fresh.connect().await;
        assert_eq!(
            every_row(&restored).await,
            before,
            "{backend:?}: every row of every table"
        );

        // A database the app started on once (tables, no rows) counts as empty.
        let (started_once, conn) = TestDb::migrated(backend).await;
        conn.close().await.unwrap();
        backup::restore(&made.file, &started_once.url, false, safety.path())
            .await
            .unwrap_or_else(|e| panic!("{backend:?} into a migrated empty database: {e}"));
        assert_eq!(every_row(&started_once.connect().await).await, before, "{backend:?}");

        // Restoring again over it is refused, saying what is there, and changes nothing.
        match backup::restore(&made.file, &fresh.url, false, safety.path()).await {
            Err(e @ BackupError::NotEmpty(_)) => {
                assert!(e.to_string().contains("interactions: 5 rows"), "{e}")
            }
            other => panic!("{backend:?}: {other:?}"),
        }
        assert_eq!(every_row(&restored).await, before);
        // --force replaces it, after backing up what was there.
        restored.close().await.unwrap();
        backup::restore(&made.file, &fresh.url, true, safety.path())
            .await
            .unwrap_or_else(|e| panic!("{backend:?} --force: {e}"));
        assert_eq!(
            std::fs::read_dir(safety.path()).unwrap().count(),
            1,
            "what was replaced is kept"
        );
        assert_eq!(every_row(&fresh.connect().await).await, before);
    }
}

#[tokio::test]
async fn bad_files_and_folders_are_refused_and_change_nothing() {
    let (db, _fake, app) = setup(Backend::Sqlite, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
    realistic_mix(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let made = backup::backup(&db.url, dir.path(), Reason::Regular, chrono::Utc::now())
        .await
        .unwrap();
    let fresh = TestDb::empty(Backend::Sqlite).await;
    let refused = async |file: &std::path::Path| {
        let e = backup::restore(file, &fresh.url, false, dir.path()).await.unwrap_err();
        assert!(
            backup::held_data(&fresh.url).await.unwrap().is_empty(),
            "nothing changed: {e}"
        );
        e.to_string()
    };

    // Truncated, not a backup at all, another app's database, the other database's kind.
    let bytes = std::fs::read(&made.file).unwrap();
    let truncated = dir.path().join("truncated.sqlite");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert!(refused(&truncated).await.contains("is not a usable backup"));
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    assert!(refused(&text).await.contains("neither a SQLite database nor a pg_dump"));
    let other = dir.path().join("other.sqlite");
    let conn = sea_orm::Database::connect(format!("sqlite://{}?mode=rwc", other.display()))
        .await
        .unwrap();
    conn.execute_unprepared("CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1)")
        .await
        .unwrap();
    conn.close().await.unwrap();
    assert!(refused(&other).await.contains("not a Lumicello database"));
    let pg = TestDb::empty(Backend::Postgres).await;
    let e = backup::restore(&made.file, &pg.url, false, dir.path())
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("it is a sqlite backup, and the database is pgdump"),
        "{e}"
    );

    // A folder that is missing (a typo) or is a file: a clear error, nothing created.
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    for wrong in [dir.path().join("typo"), blocker.clone(), blocker.join("backups")] {
        let e = backup::backup(&db.url, &wrong, Reason::Regular, chrono::Utc::now())
            .await
            .unwrap_err();
        assert!(
            e.to_string()
                .ends_with("does not exist or is not a folder: create it, or check the path"),
            "{e}"
        );
    }
    assert!(!dir.path().join("typo").exists());
}

/// A migration that creates a table, adds a column, writes a row, then fails.
struct FailsHalfway;

impl migration::MigrationName for FailsHalfway {
    fn name(&self) -> &str {
        "m29991231_000001_fails_halfway"
    }
}

#[async_trait::async_trait]
impl migration::MigrationTrait for FailsHalfway {
    async fn up(&self, manager: &migration::SchemaManager) -> Result<(), sea_orm::DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
            .await?;
        db.execute_unprepared("ALTER TABLE sellers ADD COLUMN half_done TEXT")
            .await?;
        db.execute_unprepared("UPDATE sellers SET display_name = 'changed'")
            .await?;
        Err(sea_orm::DbErr::Migration("failed halfway on purpose".into()))
    }
}

struct WithAFailure;

#[async_trait::async_trait]
impl migration::MigratorTrait for WithAFailure {
    fn migrations() -> Vec<Box<dyn migration::MigrationTrait>> {
        let mut all = <migration::Migrator as migration::MigratorTrait>::migrations();
        all.push(migration::Atomic::wrap(Box::new(FailsHalfway)));
        all
    }
}

#[tokio::test]
async fn a_migration_that_fails_halfway_changes_nothing() {
    use migration::MigratorTrait;
    for backend in BACKENDS {
        let (db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        realistic_mix(&app).await;
        drop(app);
        let conn = db.connect().await;
        let before = every_row(&conn).await;
        let tables = backup::table_rows(&conn).await.unwrap();
        let e = WithAFailure::up(&conn, None).await.unwrap_err();
        assert!(e.to_string().contains("failed halfway on purpose"), "{e}");
        assert_eq!(
            every_row(&conn).await,
            before,
            "{backend:?}: no table, column, row or bookkeeping changed"
        );
        assert_eq!(
            backup::table_rows(&conn).await.unwrap(),
            tables,
            "{backend:?}: no table added"
        );
        assert_eq!(WithAFailure::get_pending_migrations(&conn).await.unwrap().len(), 1);
    }
}
