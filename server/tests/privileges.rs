//! Least privilege (issue 6, PRODUCT.md §9): the schema owner runs the migrations, the app
//! runs as a user that may only read and write rows (ops/db-roles.sql), and the earlier
//! version's database is taken over that way too.

mod support;

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use support::fake_tailscaled::FakeTailscaled;
use support::{Backend, TestApp, TestDb, config, peers, post_form, start_selling, walk_by};
use uuid::Uuid;

/// `postgres://who@host/db` as another user.
fn as_user(url: &str, role: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.split_once('@').map(|(_, h)| h).unwrap_or(rest);
    format!("{scheme}://{role}@{host}")
}

#[tokio::test]
async fn the_app_runs_with_data_rights_only_and_the_owner_migrates_the_legacy_database() {
    let db = TestDb::empty(Backend::Postgres).await;
    let superuser = db.connect().await;
    superuser
        .execute_unprepared(include_str!("fixtures/legacy_fastapi.sql"))
        .await
        .unwrap();
    let legacy_rows = app_count(&superuser, "SELECT COUNT(*) AS n FROM interactions").await;
    let legacy_live = app_count(
        &superuser,
        "SELECT COUNT(*) AS n FROM interactions WHERE deleted_at IS NULL",
    )
    .await;
    superuser
        .execute_unprepared(include_str!("../../ops/db-roles.sql"))
        .await
        .unwrap();

    let fake = FakeTailscaled::start().await;
    let owner = as_user(&db.url, "lumicello_owner");
    let backups = tempfile::tempdir().unwrap();
    let app = TestApp::spawn(config(
        &as_user(&db.url, "lumicello_app"),
        &fake.socket,
        &[
            ("MIGRATION_DATABASE_URL", &owner),
            ("ADMIN_DEVICES", "booth-phone-1"),
            ("BACKUP_DIR", backups.path().to_str().unwrap()),
        ],
    ))
    .await;
    // The owner backed the legacy data up before migrating; the daily backup, taken at
    // start-up since none is there yet, works with the app user's data rights alone.
    assert!(app.background.wait_all_ran(std::time::Duration::from_secs(30)).await);
    let mut taken: Vec<String> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    taken.sort();
    assert_eq!(taken.len(), 2, "{taken:?}");
    assert!(
        taken.iter().any(|f| f.ends_with("-before-migration.pgdump")),
        "{taken:?}"
    );
    for file in &taken {
        let rows = server::backup::verify(&backups.path().join(file)).await.unwrap();
        assert!(
            rows.iter().any(|(t, n)| t == "interactions" && *n > 0),
            "{file}: {rows:?}"
        );
    }
    let metrics = app.page(peers::STRANGER, "/metrics").await;
    assert!(
        metrics.contains("\nlumicello_backup_last_size_bytes ")
            && metrics.contains("\nlumicello_backup_failures_total 0\n"),
        "{metrics}"
    );

    // A day's work, staff and admin. K Village ended with its records: today needs an
    // event, which the admin starts from Home (with the app user's data rights).
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    let started = post_form(
        &app,
        peers::STAFF_IPHONE,
        "start_event_today",
        "name=Central+World".into(),
    )
    .await;
    assert_eq!(started.status(), StatusCode::OK, "{:?}", started.text().await);
    assert_eq!(
        walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await.status(),
        StatusCode::OK
    );
    let talk = post_form(
        &app,
        peers::STAFF_IPHONE,
        "record_conversation",
        format!("key={}&persona=parent&hook=signage&sale=bundle_3", Uuid::new_v4()),
    )
    .await;
    assert_eq!(talk.status(), StatusCode::OK);
    let id: String = talk.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .into();
    let record: serde_json::Value = post_form(&app, peers::STAFF_IPHONE, "admin_record", format!("id={id}"))
        .await
        .json()
        .await
        .unwrap();
    let edit = post_form(
        &app,
        peers::STAFF_IPHONE,
        "admin_update_record",
        format!(
            "id={id}&version={}&kind=conversation&persona=expat&hook=signage&sale=full_year&at_was={}",
            support::encode(record["version"].as_str().unwrap()),
            record["at_local"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(edit.status(), StatusCode::OK, "{:?}", edit.text().await);
    for (endpoint, body) in [
        ("admin_delete_record", format!("id={id}")),
        ("admin_purge_record", format!("id={id}&confirm=yes")),
        ("analytics", "choice[period]=all".to_string()),
        ("admin_browse", "filter[range]=all".to_string()),
    ] {
        let response = post_form(&app, peers::STAFF_IPHONE, endpoint, body).await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{endpoint}: {:?}",
            response.text().await
        );
    }
    let export = app
        .client(peers::STAFF_IPHONE)
        .get(app.url("/admin/export.csv?range=all"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export.text().await.unwrap().lines().count() > legacy_live as usize,
        "legacy rows and today's"
    );

    // And nothing beyond rows.
    let app_user = sea_orm::Database::connect(as_user(&db.url, "lumicello_app"))
        .await
        .unwrap();
    for ddl in [
        "CREATE TABLE intruder (id INT)",
        "DROP TABLE interactions",
        "ALTER TABLE interactions ADD COLUMN intruder INT",
        "TRUNCATE interactions",
    ] {
        let refused = app_user.execute_unprepared(ddl).await.unwrap_err().to_string();
        assert!(
            refused.contains("permission denied") || refused.contains("must be owner"),
            "{ddl}: {refused}"
        );
    }
    assert_eq!(
        app_count(
            &superuser,
            "SELECT COUNT(*) AS n FROM interactions WHERE staff_device IS DISTINCT FROM 'booth-phone-1'"
        )
        .await,
        legacy_rows,
        "every legacy row kept"
    );
    app_user.close().await.unwrap();
    superuser.close().await.unwrap();
    drop(app);
}

async fn app_count(conn: &sea_orm::DatabaseConnection, sql: &str) -> i64 {
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}
