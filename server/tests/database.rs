//! Migrations and repository queries on SQLite and PostgreSQL from the same test bodies,
//! and the in-place takeover of the FastAPI-era database (PostgreSQL).

mod support;

use app::server::entities::{booth_event, device, interaction, seller};
use app::server::repo::{NewInteraction, NodeSighting, RecordError, Repository};
use chrono::{DateTime, Utc};
use domain::{DeviceStatus, Draft, Objection};
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, QueryOrder, Statement};
use support::{BACKENDS, Backend, TestDb, every_row};
use uuid::Uuid;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn sighting(node: &str, name: &str) -> NodeSighting {
    NodeSighting {
        node_id: node.into(),
        machine_name: name.into(),
        configured_admin: false,
        new_device_status: DeviceStatus::Active,
    }
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        migration::Migrator::down(&conn, None)
            .await
            .unwrap_or_else(|e| panic!("{backend:?} down: {e}"));
        let tables = conn
            .query_all_raw(Statement::from_string(
                conn.get_database_backend(),
                match backend {
                    Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('interactions','staff','sellers','events','audit_log')",
                    Backend::Postgres => "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('interactions','staff','sellers','events','audit_log')",
                },
            ))
            .await
            .unwrap();
        assert!(tables.is_empty(), "{backend:?}: down removes every table");
        migration::Migrator::up(&conn, None).await.unwrap();
        migration::Migrator::up(&conn, None).await.unwrap();
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn the_database_refuses_values_outside_the_enumerations() {
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let insert = |persona: &str, kind: &str, engaged: &str| {
            format!(
                "INSERT INTO interactions (id, timestamp, interaction_type, engaged, persona) VALUES ('{}', '2025-12-19T10:00:00+00:00', '{kind}', {engaged}, '{persona}')",
                Uuid::new_v4()
            )
        };
        let id_literal = |sql: String| match backend {
            // SQLite stores UUIDs as blobs; a text literal is fine for a CHECK test.
            Backend::Sqlite | Backend::Postgres => sql,
        };
        assert!(
            conn.execute_unprepared(&id_literal(insert("parent", "conversation", "TRUE")))
                .await
                .is_ok(),
            "{backend:?}"
        );
        assert!(
            conn.execute_unprepared(&id_literal(insert("robot", "conversation", "TRUE")))
                .await
                .is_err(),
            "{backend:?}: unknown persona"
        );
        assert!(
            conn.execute_unprepared(&id_literal(insert("parent", "walk_by", "TRUE")))
                .await
                .is_err(),
            "{backend:?}: type must follow engaged"
        );
        assert!(
            conn.execute_unprepared("UPDATE staff SET role = 'root'").await.is_ok(),
            "no rows, no violation"
        );
        conn.execute_unprepared("INSERT INTO staff (device_name) VALUES ('x')")
            .await
            .unwrap();
        assert!(
            conn.execute_unprepared("UPDATE staff SET status = 'deleted'")
                .await
                .is_err(),
            "{backend:?}: unknown status"
        );
        conn.close().await.unwrap();
    }
}

#[tokio::test]
async fn devices_bind_register_and_never_duplicate() {
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let repo = Repository::new(conn);
        let now = Utc::now();
        repo.connection()
            .execute_unprepared("INSERT INTO staff (device_name, display_name) VALUES ('sisia', 'Sisia')")
            .await
            .unwrap();

        let bound = repo.device_for_node(&sighting("nMac", "sisia"), now).await.unwrap();
        assert_eq!(
            (bound.device_name.as_str(), bound.node_id.as_deref()),
            ("sisia", Some("nMac")),
            "{backend:?}"
        );
        // Same node again: same row, even if its MagicDNS name changed since.
        let again = repo
            .device_for_node(&sighting("nMac", "sisia-renamed"), now)
            .await
            .unwrap();
        assert_eq!(again.device_name, "sisia");
        assert_eq!(again.machine_name.as_deref(), Some("sisia-renamed"));
        // A new node that reuses a taken machine name gets a key of its own.
        let newcomer = repo.device_for_node(&sighting("nOther", "sisia"), now).await.unwrap();
        assert_eq!(newcomer.device_name, "sisia-2", "{backend:?}");
        // Concurrent first sights of one node make one row.
        let racer = sighting("nRace", "racer");
        let (a, b) = tokio::join!(repo.device_for_node(&racer, now), repo.device_for_node(&racer, now));
        assert_eq!(a.unwrap().device_name, b.unwrap().device_name);
        assert_eq!(device::Entity::find().all(repo.connection()).await.unwrap().len(), 3);
    }
}

async fn record(repo: &Repository, at: &str, draft: Draft, seller: Option<&str>) -> Uuid {
    let checked = domain::check_interaction(&draft).unwrap();
    let new = NewInteraction {
        key: Uuid::new_v4(),
        at: utc(at),
        device: "booth-phone-1",
        seller_id: seller,
        record: &checked,
    };
    repo.record_interaction(new).await.unwrap().id
}

fn conversation(sale: &str, extra: impl FnOnce(&mut Draft)) -> Draft {
    let mut d = Draft {
        engaged: true,
        persona: Some("parent".into()),
        hook: Some("physical_kits".into()),
        sale_type: Some(sale.into()),
        ..Draft::default()
    };
    extra(&mut d);
    d
}

#[tokio::test]
async fn counts_follow_the_booth_day_and_ignore_deleted_records() {
    let tz = chrono_tz::Asia::Bangkok;
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let repo = Repository::new(conn);
        // 19 Dec 2025, Bangkok: 23:30 on the 18th and 00:30 on the 20th are other days.
        record(&repo, "2025-12-18T16:30:00Z", Draft::default(), None).await; // 23:30 on the 18th
        record(&repo, "2025-12-18T17:30:00Z", Draft::default(), Some("nok")).await; // 00:30 on the 19th
        record(
            &repo,
            "2025-12-19T05:00:00Z",
            conversation("single", |d| {
                d.quantity = Some(3);
                d.unit_price = Some(1290);
            }),
            Some("nok"),
        )
        .await;
        record(&repo, "2025-12-19T06:00:00Z", conversation("bundle_3", |_| {}), None).await;
        record(
            &repo,
            "2025-12-19T07:00:00Z",
            conversation("none", |d| d.objection = Some("too_expensive".into())),
            None,
        )
        .await;
        let deleted = record(
            &repo,
            "2025-12-19T08:00:00Z",
            conversation("full_year", |_| {}),
            Some("nok"),
        )
        .await;
        record(&repo, "2025-12-19T16:30:00Z", Draft::default(), None).await; // 23:30 on the 19th
        record(&repo, "2025-12-19T17:30:00Z", Draft::default(), None).await; // 00:30 on the 20th
        repo.connection()
            .execute_unprepared(&format!(
                "UPDATE interactions SET deleted_at = updated_at WHERE id = {}",
                match backend {
                    Backend::Postgres => format!("'{deleted}'"),
                    Backend::Sqlite => format!("X'{}'", deleted.simple()),
                }
            ))
            .await
            .unwrap();

        let (from, to) = domain::period::day(utc("2025-12-19T03:00:00Z"), &tz);
        let day = repo.figures([(Some((from, to)), None)], None).await.unwrap()[0].booth;
        // 00:30, single ×3 @ 1,290, bundle, no sale, 23:30 (the full year is deleted).
        assert_eq!(day.visitors, 5, "{backend:?}");
        assert_eq!(day.conversations, 3, "{backend:?}");
        assert_eq!(day.sales, 2, "{backend:?}");
        assert_eq!(day.revenue, 3 * 1290 + 2690, "{backend:?}");
        let nok = repo.figures([(Some((from, to)), None)], Some("nok")).await.unwrap()[0]
            .seller
            .unwrap();
        assert_eq!((nok.visitors, nok.sales, nok.revenue), (2, 1, 3870), "{backend:?}");
        let (from, to) = domain::period::day(utc("2025-12-25T03:00:00Z"), &tz);
        assert_eq!(
            repo.figures([(Some((from, to)), None)], None).await.unwrap()[0].booth,
            Default::default(),
            "{backend:?}: empty day"
        );
    }
}

#[tokio::test]
async fn a_key_is_used_once_per_device_and_kind() {
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let repo = Repository::new(conn);
        let walk = domain::check_interaction(&Draft::default()).unwrap();
        let talk = domain::check_interaction(&conversation("bundle_3", |_| {})).unwrap();
        let key = Uuid::new_v4();
        let at = Utc::now();
        let new = |device, record| NewInteraction {
            key,
            at,
            device,
            seller_id: None,
            record,
        };
        let first = repo.record_interaction(new("a", &walk)).await.unwrap();
        let again = repo.record_interaction(new("a", &walk)).await.unwrap();
        assert_eq!((again.id, again.replayed), (first.id, true), "{backend:?}");
        assert!(matches!(
            repo.record_interaction(new("a", &talk)).await,
            Err(RecordError::KeyReused)
        ));
        assert!(matches!(
            repo.record_interaction(new("b", &walk)).await,
            Err(RecordError::KeyReused)
        ));
        // Concurrent retries of one tap still make one row.
        let key2 = Uuid::new_v4();
        let tap = || NewInteraction {
            key: key2,
            at,
            device: "a",
            seller_id: None,
            record: &walk,
        };
        let (x, y) = tokio::join!(repo.record_interaction(tap()), repo.record_interaction(tap()));
        assert_eq!(x.unwrap().id, y.unwrap().id, "{backend:?}");
        assert_eq!(
            interaction::Entity::find().all(repo.connection()).await.unwrap().len(),
            2
        );
    }
}

/// Every row of every legacy table, as PostgreSQL renders it: the takeover must leave
/// these byte for byte as they were.
async fn legacy_snapshot(conn: &sea_orm::DatabaseConnection) -> Vec<String> {
    let mut out = Vec::new();
    for (table, columns, order) in [
        (
            "staff",
            "device_name, display_name, created_at, active_seller",
            "device_name",
        ),
        ("sellers", "id, display_name, created_at, is_active", "id"),
        (
            "interactions",
            "id, timestamp, staff_device, interaction_type, engaged, persona, hook, sale_type, quantity, unit_price, total_amount, lead_type, objection, notes, deleted_at, updated_at, seller_id",
            "id",
        ),
        ("events", "id, timestamp, description, staff_device, seller_id", "id"),
    ] {
        let sql = format!("SELECT row_to_json(t)::text AS j FROM (SELECT {columns} FROM {table} ORDER BY {order}) t");
        out.extend(json_rows(conn, table, sql).await);
    }
    out
}

/// The rows `sql` selects as `j` (one JSON text each), marked with their table.
async fn json_rows(conn: &sea_orm::DatabaseConnection, table: &str, sql: String) -> Vec<String> {
    conn.query_all_raw(Statement::from_string(DatabaseBackend::Postgres, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| format!("{table}: {}", row.try_get::<String>("", "j").unwrap()))
        .collect()
}

/// Columns, constraints, indexes and triggers of the app's tables.
async fn schema_of(conn: &sea_orm::DatabaseConnection) -> Vec<String> {
    let queries = [
        "SELECT table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable AS x FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name IN ('staff','sellers','interactions','events','audit_log') ORDER BY 1",
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS x FROM pg_constraint
          WHERE contype = 'c' AND conrelid::regclass::text IN ('staff','sellers','interactions','events','audit_log') ORDER BY 1",
        "SELECT tgrelid::regclass::text || ' ' || tgname AS x FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
    ];
    let mut out = Vec::new();
    for q in queries {
        for row in conn
            .query_all_raw(Statement::from_string(DatabaseBackend::Postgres, q))
            .await
            .unwrap()
        {
            out.push(row.try_get::<String>("", "x").unwrap());
        }
    }
    out
}

#[tokio::test]
async fn the_legacy_fastapi_database_is_taken_over_in_place_without_losing_a_row() {
    let legacy = TestDb::empty(Backend::Postgres).await;
    let conn = legacy.connect().await;
    conn.execute_unprepared(include_str!("fixtures/legacy_fastapi.sql"))
        .await
        .unwrap();
    let before = legacy_snapshot(&conn).await;
    assert_eq!(before.iter().filter(|r| r.starts_with("interactions")).count(), 1400);
    assert_eq!(
        before
            .iter()
            .filter(|r| r.starts_with("interactions") && !r.contains("\"deleted_at\":null"))
            .count(),
        54,
        "the old app's trash, deleted in December 2025"
    );

    // The server's real start-up on the legacy copy, as `server::serve` does it: migrations
    // (with a setting an earlier version read), then every background job, then requests.
    let fake = support::fake_tailscaled::FakeTailscaled::start().await;
    // No migration without a backup first: where none can be made, nothing is touched.
    let backups = tempfile::tempdir().unwrap();
    let blocker = backups.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let unwritable = blocker.join("backups").display().to_string();
    let (tables, untouched) = (server::backup::table_rows(&conn).await.unwrap(), every_row(&conn).await);
    let config = support::config(&legacy.url, &fake.socket, &[("BACKUP_DIR", unwritable.as_str())]);
    match server::start(config).await {
        Err(e @ server::StartError::Backup { .. }) => {
            assert!(e.to_string().contains("MIGRATION_BACKUP=off"), "{e}")
        }
        other => panic!("migrated without a backup: {:?}", other.err()),
    }
    assert_eq!(
        server::backup::table_rows(&conn).await.unwrap(),
        tables,
        "not even a bookkeeping table"
    );
    assert_eq!(every_row(&conn).await, untouched);
    assert_eq!(legacy_snapshot(&conn).await, before);

    let dir = backups.path().display().to_string();
    let config = support::config(
        &legacy.url,
        &fake.socket,
        &[
            ("TRASH_RETENTION_DAYS", "30"),
            ("BACKUP_DIR", dir.as_str()),
            ("EVENT_NAME", "K Village 2025"),
        ],
    );
    let state = server::start(config)
        .await
        .expect("migrations recognise and upgrade the legacy tables");
    // The backup taken before migrating holds the legacy database whole.
    let taken: Vec<_> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-before-migration.pgdump"))
        .collect();
    assert_eq!(taken.len(), 1, "{taken:?}");
    let rows = server::backup::verify(&taken[0]).await.unwrap();
    assert!(rows.contains(&("interactions".into(), 1400)), "{rows:?}");
    assert_eq!(
        legacy_snapshot(&conn).await,
        before,
        "no row lost or altered by the migrations"
    );
    let migrated = every_row(&conn).await;
    let https = server::tls::Https::new(&state.config, state.metrics.clone());
    let background = server::jobs::spawn(&state, &https);
    assert!(
        background.wait_all_ran(std::time::Duration::from_secs(10)).await,
        "every background job ran: {:?}",
        background.runs()
    );
    assert!(background.runs().len() >= 2, "retention and the change listener");
    assert_eq!(
        every_row(&conn).await,
        migrated,
        "every row of every table, byte for byte"
    );
    assert_eq!(legacy_snapshot(&conn).await, before);
    drop(background);
    drop(state);

    // Every row reads back through the app's own models, legacy values included.
    let rows = interaction::Entity::find()
        .order_by_asc(interaction::Column::Timestamp)
        .all(&conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1400);
    let objections: Vec<Objection> = rows
        .iter()
        .filter_map(|r| r.objection.as_deref())
        .map(|o| Objection::parse(o).expect("readable"))
        .collect();
    assert_eq!(
        objections,
        [Objection::NoTime, Objection::LanguageBarrier, Objection::NotInterested]
    );
    assert_eq!(rows[3].notes.as_deref(), Some("ภาษาไทย, \"quotes\", and a\nnewline"));
    assert_eq!(rows[0].timestamp, utc("2025-12-19T04:02:13.123456Z"));

    // One event, named from EVENT_NAME, spans the records' Bangkok days (worked out here
    // from the rows themselves), and holds every record and milestone.
    let events = app::server::entities::event::Entity::find().all(&conn).await.unwrap();
    let milestones = booth_event::Entity::find().all(&conn).await.unwrap();
    let bangkok = |at: chrono::DateTime<Utc>| at.with_timezone(&chrono_tz::Asia::Bangkok).date_naive();
    let days: Vec<_> = rows
        .iter()
        .map(|r| r.timestamp)
        .chain(milestones.iter().map(|m| m.timestamp))
        .map(bangkok)
        .collect();
    assert_eq!(events.len(), 1, "{events:?}");
    let first = &events[0];
    assert_eq!(
        (first.id.as_str(), first.name.as_str()),
        ("k-village-2025", "K Village 2025")
    );
    assert_eq!(first.time_zone, "Asia/Bangkok");
    assert_eq!(first.first_day, *days.iter().min().unwrap());
    assert_eq!(first.last_day, days.iter().max().copied());
    assert!(rows.iter().all(|r| r.event_id.as_deref() == Some("k-village-2025")));
    assert!(
        milestones
            .iter()
            .all(|m| m.event_id.as_deref() == Some("k-village-2025"))
    );
    assert_eq!(seller::Entity::find().all(&conn).await.unwrap().len(), 3);
    assert_eq!(booth_event::Entity::find().all(&conn).await.unwrap().len(), 2);
    let devices = device::Entity::find().all(&conn).await.unwrap();
    assert!(
        devices
            .iter()
            .all(|d| d.role == "staff" && d.status == "active" && d.node_id.is_none())
    );

    // The counts the app shows for the booth's 19 December (Bangkok).
    let repo = Repository::new(conn);
    let (from, to) = domain::period::day(utc("2025-12-19T05:00:00Z"), &chrono_tz::Asia::Bangkok);
    let day = repo.figures([(Some((from, to)), None)], None).await.unwrap()[0].booth;
    assert_eq!(
        (day.visitors, day.conversations, day.sales, day.revenue),
        (3, 2, 2, 1980 + 2690)
    );

    // The legacy device binds to its Tailscale node on first sight instead of duplicating.
    let mac = repo
        .device_for_node(&sighting("nLegacyMac01CNTRL", "sisia"), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (mac.device_name.as_str(), mac.active_seller.as_deref()),
        ("sisia", Some("veerapat"))
    );

    // New writes are checked by the new constraints; the app's own writes work — once an
    // event covers today: K Village ended, and a tap is never guessed into it.
    let walk = domain::check_interaction(&Draft::default()).unwrap();
    let new = || NewInteraction {
        key: Uuid::new_v4(),
        at: Utc::now(),
        device: "sisia",
        seller_id: Some("veerapat"),
        record: &walk,
    };
    assert!(matches!(
        repo.record_interaction(new()).await,
        Err(RecordError::Unplaced(domain::event::Unplaced::NoEvent))
    ));
    let draft = domain::event::EventDraft {
        name: "Central World".into(),
        first_day: "2026-01-01".into(),
        ..Default::default()
    };
    let spec = domain::event::check(&draft, "Asia/Bangkok", |z| z.parse::<chrono_tz::Tz>().is_ok()).unwrap();
    let admin = app::server::repo::Actor {
        device: "sisia",
        seller_id: None,
    };
    repo.create_event(&spec, Utc::now(), admin).await.unwrap();
    repo.record_interaction(new()).await.unwrap();
    let bad = repo
        .connection()
        .execute_unprepared("UPDATE interactions SET persona = 'robot' WHERE engaged")
        .await;
    assert!(bad.is_err(), "enumeration CHECKs guard the taken-over table");

    // A fresh database ends with the very same schema.
    let (_fresh, fresh_conn) = TestDb::migrated(Backend::Postgres).await;
    assert_eq!(schema_of(repo.connection()).await, schema_of(&fresh_conn).await);
    fresh_conn.close().await.unwrap();
}

#[tokio::test]
async fn analytics_facts_come_from_one_grouped_query_and_match_hand_counts() {
    use domain::SaleType;
    use domain::analytics::{Hypotheses, Journey, SellerPerformance, Share, Stats, Step};
    let tz = chrono_tz::Asia::Bangkok;
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let repo = Repository::new(conn);
        // Friday 19 Dec 2025 in Bangkok (UTC+7). Every figure below is counted by hand
        // from this list:
        //  1–3  walk-bys (nok), 12:00
        //  4    parent, physical kits, single 2 × ฿990 = ฿1,980, LINE (nok)
        //  5    parent, physical kits, single 1 × ฿1,290, LINE (pim)
        //  6    gift buyer, Big Garden, bundle ฿2,690, no lead (pim)
        //  7    parent, physical kits, no sale: too expensive (nok)
        //  8    parent, physical kits, no sale: has toys (nok)
        //  9    gift buyer, Big Garden, full year ฿4,990, Instagram (nok), at 00:30
        // 10    walk-by (pim), at 23:30
        let noon = "2025-12-19T05:00:00Z";
        for _ in 0..3 {
            record(&repo, noon, Draft::default(), Some("nok")).await;
        }
        let single = |qty, price| {
            conversation("single", move |d| {
                d.quantity = Some(qty);
                d.unit_price = Some(price);
                d.lead_type = Some("line".into());
            })
        };
        let big_garden_gift = |sale: &str, lead: &str| {
            let lead = lead.to_string();
            conversation(sale, move |d| {
                d.persona = Some("gift_buyer".into());
                d.hook = Some("big_garden".into());
                d.lead_type = Some(lead);
            })
        };
        record(&repo, noon, single(2, 990), Some("nok")).await;
        record(&repo, noon, single(1, 1290), Some("pim")).await;
        record(&repo, noon, big_garden_gift("bundle_3", "none"), Some("pim")).await;
        for reason in ["too_expensive", "has_toys"] {
            let no_sale = conversation("none", |d| d.objection = Some(reason.into()));
            record(&repo, noon, no_sale, Some("nok")).await;
        }
        record(
            &repo,
            "2025-12-18T17:30:00Z",
            big_garden_gift("full_year", "instagram"),
            Some("nok"),
        )
        .await;
        record(&repo, "2025-12-19T16:30:00Z", Draft::default(), Some("pim")).await;
        // Other days (23:30 and 23:59 on the 18th, 00:00 and 00:30 on the 20th) and a
        // deleted record never count for the 19th.
        for other_day in [
            "2025-12-18T16:30:00Z",
            "2025-12-18T16:59:00Z",
            "2025-12-19T17:00:00Z",
            "2025-12-19T17:30:00Z",
        ] {
            record(&repo, other_day, Draft::default(), Some("nok")).await;
        }
        let gone = record(&repo, noon, conversation("full_year", |_| {}), Some("nok")).await;
        let gone_key = repo.interaction(gone).await.unwrap().unwrap().idempotency_key.unwrap();
        repo.undo_interaction(
            gone_key,
            "booth-phone-1",
            None,
            Utc::now(),
            chrono::Duration::days(3650),
        )
        .await
        .unwrap();

        let friday = Some(domain::period::day(utc(noon), &tz));
        let facts = repo.facts(friday, None, None).await.unwrap();
        assert_eq!(
            facts.len(),
            8,
            "{backend:?}: 10 records in 8 groups, not one row per record"
        );
        let stats = Stats::from_facts(&facts);
        let named = |pairs: &[(&str, i64)]| pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect::<Vec<_>>();
        assert_eq!(
            stats,
            Stats {
                visitors: 10,
                conversations: 6,
                walk_bys: 4,
                sales: 4,
                revenue: 1980 + 1290 + 2690 + 4990,
                boxes: 2 + 1 + 3 + 12,
                engaged_without_outcome: 0,
                single_boxes_by_price: vec![(990, 2), (1290, 1)],
                product_mix: vec![
                    (SaleType::Single, 2, 3270),
                    (SaleType::Bundle3, 1, 2690),
                    (SaleType::FullYear, 1, 4990)
                ],
                buyer_personas: named(&[("gift_buyer", 2), ("parent", 2)]),
                conversation_hooks: named(&[("physical_kits", 4), ("big_garden", 2)]),
                no_sale_reasons: named(&[("has_toys", 1), ("too_expensive", 1)]),
                leads: named(&[("none", 3), ("line", 2), ("instagram", 1)]),
            },
            "{backend:?}"
        );

        let share = |count, of| Share { count, of };
        assert_eq!(
            Hypotheses::from_facts(&facts),
            Hypotheses {
                sticker_price: share(1, 2),
                bundle_gift_buyers: share(1, 2),
                bundle_parents: share(0, 2),
                big_garden_share: share(2, 6),
                big_garden_conversion: share(2, 2),
                other_hooks_conversion: share(2, 4),
                price_objections: share(1, 2),
            },
            "{backend:?}"
        );

        let journey = Journey::from_facts(&facts);
        let lead = |l: &str| Step::Lead(l.into());
        assert_eq!(
            journey.flow().columns,
            vec![
                vec![(Step::Paused, 10)],
                vec![(Step::Left, 4), (Step::Engaged, 6)],
                vec![
                    (Step::Outcome(Some(SaleType::None)), 2),
                    (Step::Outcome(Some(SaleType::Single)), 2),
                    (Step::Outcome(Some(SaleType::Bundle3)), 1),
                    (Step::Outcome(Some(SaleType::FullYear)), 1),
                ],
                vec![(lead("line"), 2), (lead("instagram"), 1), (lead("none"), 3)],
            ],
            "{backend:?}"
        );
        assert_eq!(
            journey.reasons_flow().columns,
            vec![
                vec![(Step::Outcome(Some(SaleType::None)), 2)],
                vec![
                    (Step::Reason("has_toys".into()), 1),
                    (Step::Reason("too_expensive".into()), 1)
                ],
            ],
            "{backend:?}"
        );
        assert_eq!(journey.funnel(), [share(6, 10), share(4, 6), share(4, 10)]);

        let (cards, booth) = SellerPerformance::from_facts(&facts);
        let card = |id: &str, engaged, sales, revenue, hook: &str, persona: &str| SellerPerformance {
            seller_id: Some(id.into()),
            engaged,
            sales,
            revenue,
            best_hook: Some(hook.into()),
            top_persona: Some(persona.into()),
        };
        assert_eq!(
            cards,
            vec![
                // nok: 4 talks, sales 4 and 9; one sale at each hook, more talks at the kits.
                card("nok", 4, 2, 1980 + 4990, "physical_kits", "gift_buyer"),
                // pim: 2 talks, 2 sales, one at each hook: a tie goes to the first stored value
                // in alphabetical order.
                card("pim", 2, 2, 1290 + 2690, "big_garden", "gift_buyer"),
            ],
            "{backend:?}"
        );
        assert_eq!((booth.engaged, booth.sales, booth.revenue), (6, 4, 10950));
        assert_eq!(
            (cards[0].conversion(), cards[0].average_sale()),
            (share(2, 4), Some(3485))
        );

        let pim = Stats::from_facts(&repo.facts(friday, Some("pim"), None).await.unwrap());
        assert_eq!(
            (pim.visitors, pim.sales, pim.revenue),
            (3, 2, 1290 + 2690),
            "{backend:?}: one seller"
        );
        let all_time = Stats::from_facts(&repo.facts(None, None, None).await.unwrap());
        assert_eq!(all_time.visitors, 14, "{backend:?}: all time, deleted excluded");
        assert_eq!(
            Stats::from_facts(
                &repo
                    .facts(Some(domain::period::day(utc("2025-12-25T05:00:00Z"), &tz)), None, None)
                    .await
                    .unwrap()
            ),
            Stats {
                single_boxes_by_price: vec![(990, 0), (1290, 0)],
                product_mix: vec![
                    (SaleType::Single, 0, 0),
                    (SaleType::Bundle3, 0, 0),
                    (SaleType::FullYear, 0, 0)
                ],
                ..Stats::default()
            },
            "{backend:?}: an empty period"
        );
    }
}

#[tokio::test]
async fn legacy_objections_and_the_week_boundary_reach_the_stats() {
    use app::server::entities::interaction;
    use domain::analytics::Stats;
    use sea_orm::{ActiveModelTrait, Set};
    let tz = chrono_tz::Asia::Bangkok;
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        // A no-sale the earlier version wrote, with an objection only it used, on Sunday
        // 21 Dec 2025 at 23:30 Bangkok; and a walk-by at 00:30 on Monday the 22nd.
        let legacy = interaction::ActiveModel {
            id: Set(Uuid::new_v4()),
            timestamp: Set(utc("2025-12-21T16:30:00Z")),
            staff_device: Set(Some("sisia".into())),
            interaction_type: Set(Some("conversation".into())),
            engaged: Set(true),
            persona: Set(Some("parent".into())),
            hook: Set(Some("signage".into())),
            sale_type: Set(Some("none".into())),
            quantity: Set(None),
            unit_price: Set(None),
            total_amount: Set(None),
            lead_type: Set(None),
            objection: Set(Some("language_barrier".into())),
            notes: Set(None),
            deleted_at: Set(None),
            updated_at: Set(None),
            seller_id: Set(None),
            idempotency_key: Set(None),
            event_id: Set(Some("test-market".into())),
        };
        legacy.clone().insert(&conn).await.unwrap();
        // A single box the earlier version sold at ฿1,000, a price this version does not
        // know: still counted, at its own price.
        interaction::ActiveModel {
            id: Set(Uuid::new_v4()),
            sale_type: Set(Some("single".into())),
            quantity: Set(Some(2)),
            unit_price: Set(Some(1000)),
            total_amount: Set(Some(2000)),
            objection: Set(None),
            ..legacy
        }
        .insert(&conn)
        .await
        .unwrap();
        let repo = Repository::new(conn);
        record(&repo, "2025-12-21T17:30:00Z", Draft::default(), Some("nok")).await;

        let sunday_week = domain::period::week(utc("2025-12-21T16:30:00Z"), &tz);
        let week = Stats::from_facts(&repo.facts(Some(sunday_week), None, None).await.unwrap());
        assert_eq!(
            (week.visitors, week.conversations),
            (2, 2),
            "{backend:?}: Monday 00:30 is the next week"
        );
        assert_eq!(
            (week.single_boxes_by_price, week.revenue),
            (vec![(990, 0), (1290, 0), (1000, 2)], 2000),
            "{backend:?}: an unknown price is kept, not dropped"
        );
        assert_eq!(
            week.no_sale_reasons,
            vec![("language_barrier".to_string(), 1)],
            "{backend:?}: legacy value kept"
        );
        assert_eq!(
            domain::label_of("objection", "language_barrier").map(|(_, l)| l.en),
            Some("Language barrier")
        );
        let monday_week = domain::period::week(utc("2025-12-21T17:30:00Z"), &tz);
        let next = Stats::from_facts(&repo.facts(Some(monday_week), None, None).await.unwrap());
        assert_eq!((next.visitors, next.walk_bys), (1, 1), "{backend:?}");
    }
}

#[tokio::test]
async fn browse_counts_stop_at_the_cap_and_say_so() {
    use app::server::repo::RecordQuery;
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let repo = Repository::new(conn);
        for minute in 0..7 {
            record(
                &repo,
                &format!("2025-12-19T05:0{minute}:00Z"),
                Draft::default(),
                Some("nok"),
            )
            .await;
        }
        let all = RecordQuery::default();
        assert_eq!(repo.count_records(&all, 5).await.unwrap(), (5, true), "{backend:?}");
        assert_eq!(repo.count_records(&all, 7).await.unwrap(), (7, false), "{backend:?}");
        assert_eq!(repo.count_records(&all, 100).await.unwrap(), (7, false), "{backend:?}");
        let pim = RecordQuery {
            seller_id: Some("pim".into()),
            ..RecordQuery::default()
        };
        assert_eq!(repo.count_records(&pim, 5).await.unwrap(), (0, false), "{backend:?}");
    }
}

/// A tap goes to the event that ran at its moment, and is credited to the seller its
/// phone had then — from the phone's history, never from what it sends.
#[tokio::test]
async fn taps_are_placed_by_their_moment_and_their_phones_history() {
    use domain::analytics::Stats;
    use domain::event::Unplaced;
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        // "Test market" runs from 2020 on; Central World on 5–6 December 2026 beside it.
        support::add_event(
            &conn,
            "central-world",
            "Central World",
            "2026-12-05",
            Some("2026-12-06"),
            "Asia/Bangkok",
        )
        .await;
        conn.execute_unprepared("INSERT INTO staff (device_name) VALUES ('phone-a'), ('phone-b')")
            .await
            .unwrap();
        conn.execute_unprepared(
            "INSERT INTO sellers (id, display_name, is_active) VALUES ('nok', 'Nok', TRUE), ('pim', 'Pim', TRUE)",
        )
        .await
        .unwrap();
        let repo = Repository::new(conn);
        let walk = domain::check_interaction(&Draft::default()).unwrap();
        let tap = |device: &'static str, at: &str, key: Uuid, seller: Option<&'static str>| NewInteraction {
            key,
            at: utc(at),
            device,
            seller_id: seller,
            record: &walk,
        };
        let placed = |id: Uuid| {
            let repo = repo.clone();
            async move {
                let row = repo.interaction(id).await.unwrap().unwrap();
                (row.event_id.unwrap(), row.seller_id)
            }
        };

        // Two events today and no choice: never guessed.
        let both = "2026-12-05T05:00:00Z";
        assert!(matches!(
            repo.record_interaction(tap("phone-a", both, Uuid::new_v4(), Some("nok")))
                .await,
            Err(RecordError::Unplaced(Unplaced::ChooseEvent))
        ));
        // Each phone picks its booth: each tap goes to its phone's event.
        repo.set_active_event("phone-a", "central-world", utc("2026-12-05T04:00:00Z"))
            .await
            .unwrap();
        repo.set_active_event("phone-b", "test-market", utc("2026-12-05T04:00:00Z"))
            .await
            .unwrap();
        let a = repo
            .record_interaction(tap("phone-a", both, Uuid::new_v4(), Some("nok")))
            .await
            .unwrap();
        let b = repo
            .record_interaction(tap("phone-b", both, Uuid::new_v4(), Some("pim")))
            .await
            .unwrap();
        assert_eq!(placed(a.id).await.0, "central-world", "{backend:?}");
        assert_eq!(placed(b.id).await.0, "test-market", "{backend:?}");
        // The day before, only Test market ran: that is where phone A's back-dated tap goes.
        let before = repo
            .record_interaction(tap("phone-a", "2026-12-04T05:00:00Z", Uuid::new_v4(), Some("nok")))
            .await
            .unwrap();
        assert_eq!(placed(before.id).await.0, "test-market", "{backend:?}");

        // Nok hands phone A to Pim at 07:00; a tap Nok made at 06:30, kept offline and
        // synced after the hand-over, is Nok's; one at 07:30 is Pim's.
        repo.set_active_seller("phone-a", "nok", utc("2026-12-05T06:00:00Z"))
            .await
            .unwrap();
        repo.set_active_seller("phone-a", "pim", utc("2026-12-05T07:00:00Z"))
            .await
            .unwrap();
        let offline = repo
            .record_interaction(tap("phone-a", "2026-12-05T06:30:00Z", Uuid::new_v4(), Some("pim")))
            .await
            .unwrap();
        let later = repo
            .record_interaction(tap("phone-a", "2026-12-05T07:30:00Z", Uuid::new_v4(), Some("pim")))
            .await
            .unwrap();
        assert_eq!(
            placed(offline.id).await,
            ("central-world".into(), Some("nok".into())),
            "{backend:?}"
        );
        assert_eq!(
            placed(later.id).await,
            ("central-world".into(), Some("pim".into())),
            "{backend:?}"
        );
        // After Central World closed, a tap kept from its last day still goes there.
        let synced_late = repo
            .record_interaction(tap("phone-a", "2026-12-06T15:00:00Z", Uuid::new_v4(), Some("pim")))
            .await
            .unwrap();
        assert_eq!(placed(synced_late.id).await.0, "central-world", "{backend:?}");

        // Milestones are placed the same way.
        let (milestone, _) = repo
            .record_milestone(Uuid::new_v4(), utc(both), "phone-b", Some("pim"), "Restocked")
            .await
            .unwrap();
        let row = repo.milestone(milestone).await.unwrap().unwrap();
        assert_eq!(row.event_id.as_deref(), Some("test-market"), "{backend:?}");

        // Stats of each event apart; all events add them up.
        let count = |event: Option<&'static str>| {
            let repo = repo.clone();
            async move { Stats::from_facts(&repo.facts(None, None, event).await.unwrap()).visitors }
        };
        let (central, market, all) = (
            count(Some("central-world")).await,
            count(Some("test-market")).await,
            count(None).await,
        );
        assert_eq!((central, market), (4, 2), "{backend:?}");
        assert_eq!(all, central + market, "{backend:?}");

        // An archived event takes no tap; one outside every event waits (not placed),
        // while a retry of a tap stored before stays a replay.
        let actor = app::server::repo::Actor {
            device: "phone-a",
            seller_id: None,
        };
        let key = Uuid::new_v4();
        let kept = repo
            .record_interaction(tap("phone-b", "2026-12-03T05:00:00Z", key, Some("pim")))
            .await
            .unwrap();
        repo.set_event_archived("test-market", true, Utc::now(), actor)
            .await
            .unwrap();
        assert!(matches!(
            repo.record_interaction(tap("phone-b", "2026-12-03T06:00:00Z", Uuid::new_v4(), Some("pim")))
                .await,
            Err(RecordError::Unplaced(Unplaced::NoEvent))
        ));
        let again = repo
            .record_interaction(tap("phone-b", "2026-12-03T05:00:00Z", key, Some("pim")))
            .await
            .unwrap();
        assert_eq!((again.id, again.replayed), (kept.id, true), "{backend:?}");
    }
}

/// Admins' events: names are unique whatever their case, one with records is archived,
/// never deleted, and every change has history.
#[tokio::test]
async fn events_are_made_changed_closed_and_kept() {
    use app::server::repo::{Actor, EventError};
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        let repo = Repository::new(conn);
        let actor = Actor {
            device: "admin-mac",
            seller_id: None,
        };
        let draft = |name: &str, first: &str| domain::event::EventDraft {
            name: name.into(),
            first_day: first.into(),
            booth_fee: Some("12000".into()),
            ..Default::default()
        };
        let known = |z: &str| z.parse::<chrono_tz::Tz>().is_ok();
        let spec = domain::event::check(&draft("ตลาดนัด จตุจักร", "2026-12-10"), "Asia/Bangkok", known).unwrap();
        let now = Utc::now();
        let made = repo.create_event(&spec, now, actor).await.unwrap();
        assert_eq!(made.id, "ตลาดนัด-จตุจักร", "{backend:?}");
        assert_eq!(made.booth_fee, Some(12000));
        let clash = domain::event::check(&draft("TEST MARKET", "2026-12-10"), "Asia/Bangkok", known).unwrap();
        assert!(
            matches!(repo.create_event(&clash, now, actor).await, Err(EventError::NameTaken)),
            "{backend:?}"
        );
        // Not started: cannot be closed; an edit moves its days.
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(matches!(
            repo.close_event(&made.id, today, now, actor).await,
            Err(EventError::NotStarted)
        ));
        let mut moved = spec.clone();
        moved.first_day = today;
        repo.update_event(&made.id, &moved, now, actor).await.unwrap();
        let closed = repo.close_event(&made.id, today, now, actor).await.unwrap();
        assert_eq!(closed.last_day, Some(today));
        let history = repo.history(domain::AuditSubject::Event, &made.id).await.unwrap();
        assert_eq!(history.len(), 3, "{backend:?}: created, moved, closed");
        // An event without records may go; one with records is only archived.
        record(&repo, "2026-11-20T05:00:00Z", Draft::default(), None).await;
        assert!(matches!(
            repo.delete_event("test-market", now, actor).await,
            Err(EventError::HasRecords)
        ));
        repo.set_event_archived("test-market", true, now, actor).await.unwrap();
        repo.delete_event(&made.id, now, actor).await.unwrap();
        let left: Vec<_> = repo
            .events()
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.id, e.archived))
            .collect();
        assert_eq!(left, [("test-market".to_string(), true)], "{backend:?}");
    }
}

/// A database of this app's schema before events: one event spans its records'
/// booth-local days and takes them all, and no other column of any row changes.
#[tokio::test]
async fn records_from_before_events_join_one_event_spanning_their_days() {
    for backend in BACKENDS {
        let db = TestDb::empty(backend).await;
        let conn = db.connect().await;
        let before_events = migration::Migrator::migrations().len() as u32 - 1;
        migration::Migrator::up(&conn, Some(before_events)).await.unwrap();
        // 23:30 Bangkok on 19 December and 00:30 on 21 December (UTC dates differ).
        for (id, at) in [
            ("1b4e28ba-2fa1-11d2-883f-0016d3cca427", "2025-12-19T16:30:00+00:00"),
            ("2b4e28ba-2fa1-11d2-883f-0016d3cca427", "2025-12-20T17:30:00+00:00"),
        ] {
            let id = if backend == Backend::Postgres {
                format!("'{id}'")
            } else {
                format!("X'{}'", id.replace('-', ""))
            };
            conn.execute_unprepared(&format!(
                "INSERT INTO interactions (id, timestamp, interaction_type, engaged, updated_at) VALUES ({id}, '{at}', 'walk_by', FALSE, '{at}')"
            ))
            .await
            .unwrap();
        }
        let untouched = every_row(&conn).await;
        migration::Migrator::up(&conn, None).await.unwrap();
        let first = migration::FirstEvent {
            name: "K Village 2025",
            time_zone: chrono_tz::Asia::Bangkok,
            now: Utc::now(),
        };
        assert_eq!(
            migration::first_event(&conn, first).await.unwrap().as_deref(),
            Some("k-village-2025")
        );
        let events = app::server::entities::event::Entity::find().all(&conn).await.unwrap();
        assert_eq!(events.len(), 1);
        let day = |d| chrono::NaiveDate::from_ymd_opt(2025, 12, d).unwrap();
        assert_eq!(
            (events[0].first_day, events[0].last_day),
            (day(19), Some(day(21))),
            "{backend:?}"
        );
        let rows = interaction::Entity::find().all(&conn).await.unwrap();
        assert!(rows.iter().all(|r| r.event_id.as_deref() == Some("k-village-2025")));
        // Every other value as it was (the new event_id aside).
        let records = |rows: Vec<String>| -> Vec<serde_json::Value> {
            rows.iter()
                .filter_map(|r| r.strip_prefix("interactions: "))
                .map(|j| {
                    let mut row: serde_json::Value = serde_json::from_str(j).unwrap();
                    row.as_object_mut().unwrap().remove("event_id");
                    row
                })
                .collect()
        };
        assert_eq!(records(every_row(&conn).await), records(untouched), "{backend:?}");
        // A second start-up makes no second event.
        let again = migration::FirstEvent {
            name: "Other",
            time_zone: chrono_tz::Asia::Bangkok,
            now: Utc::now(),
        };
        assert_eq!(migration::first_event(&conn, again).await.unwrap(), None);
    }
}

/// The figures of the compare screen, the heat map and milestone effects, from the
/// repository on both databases, against counts worked out by hand: an event in another
/// zone (Tokyo, UTC+9), a cell at 23:00–24:00, records outside the opening hours, a
/// milestone at opening time, and a deleted record.
#[tokio::test]
async fn market_insights_match_hand_counts() {
    use domain::insight::{HeatMap, Market, daily_hours, days_open};
    let tokyo = chrono_tz::Asia::Tokyo;
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let (first, last) = (day("2026-11-01"), day("2026-11-02"));
    let hours = Some((
        chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        chrono::NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
    ));
    for backend in BACKENDS {
        let (_db, conn) = TestDb::migrated(backend).await;
        // Only the Tokyo fair runs these days: every tap goes there.
        conn.execute_unprepared("UPDATE pop_up_events SET archived = TRUE WHERE id = 'test-market'")
            .await
            .unwrap();
        support::add_event(
            &conn,
            "tokyo-fair",
            "Tokyo Fair",
            "2026-11-01",
            Some("2026-11-02"),
            "Asia/Tokyo",
        )
        .await;
        conn.execute_unprepared(
            "UPDATE pop_up_events SET opens = '10:00', closes = '23:59', booth_fee = 1000, other_costs = 500 WHERE id = 'tokyo-fair'",
        )
        .await
        .unwrap();
        let repo = Repository::new(conn);
        // 23:10 and 23:50 Tokyo on 1 Nov, 00:05 on 2 Nov (the booth was closed), then
        // 10:00, 10:20 and 10:40 on 2 Nov (the last one deleted).
        record(&repo, "2026-11-01T14:10:00Z", Draft::default(), Some("nok")).await;
        record(
            &repo,
            "2026-11-01T14:50:00Z",
            conversation("single", |d| {
                d.quantity = Some(1);
                d.unit_price = Some(990);
            }),
            Some("pim"),
        )
        .await;
        record(&repo, "2026-11-01T15:05:00Z", Draft::default(), Some("nok")).await;
        record(
            &repo,
            "2026-11-02T01:00:00Z",
            conversation("none", |d| d.objection = Some("too_expensive".into())),
            Some("nok"),
        )
        .await;
        record(
            &repo,
            "2026-11-02T01:20:00Z",
            conversation("bundle_3", |d| d.lead_type = Some("line".into())),
            Some("nok"),
        )
        .await;
        let deleted = record(
            &repo,
            "2026-11-02T01:40:00Z",
            conversation("full_year", |_| {}),
            Some("nok"),
        )
        .await;
        repo.connection()
            .execute_unprepared(&format!(
                "UPDATE interactions SET deleted_at = updated_at WHERE id = {}",
                match backend {
                    Backend::Postgres => format!("'{deleted}'"),
                    Backend::Sqlite => format!("X'{}'", deleted.simple()),
                }
            ))
            .await
            .unwrap();

        // The heat map, in Tokyo hours.
        let span = domain::period::days(first, last, &tokyo);
        let buckets = repo.buckets(span, Some("tokyo-fair"), None).await.unwrap();
        let map = HeatMap::build(&buckets, &tokyo, (first, last), hours);
        let cell = |d: &str, h: u32| {
            map.cell(day(d), h)
                .map(|c| (c.visitors, c.conversations, c.sales, c.sellers.clone()))
        };
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            cell("2026-11-01", 23),
            Some((2, 1, 1, names(&["nok", "pim"]))),
            "{backend:?}"
        );
        assert_eq!(cell("2026-11-02", 0), Some((1, 0, 0, names(&["nok"]))), "{backend:?}");
        assert_eq!(
            cell("2026-11-02", 10),
            Some((2, 2, 1, names(&["nok"]))),
            "{backend:?}: deleted left out"
        );
        assert_eq!(map.cells.len(), 3, "{backend:?}");
        assert_eq!(map.hours, (0, 23), "{backend:?}");
        let pim = repo.buckets(span, Some("tokyo-fair"), Some("pim")).await.unwrap();
        assert_eq!(pim.iter().map(|b| b.visitors).sum::<i64>(), 1, "{backend:?}");
        assert_eq!(
            repo.buckets(span, Some("test-market"), None).await.unwrap(),
            vec![],
            "{backend:?}: another event's map is empty"
        );

        // The event's column of the comparison.
        let facts = repo.facts(None, None, Some("tokyo-fair")).await.unwrap();
        let market = Market {
            days_open: days_open(first, Some(last), day("2026-11-30")),
            hours_per_day: hours.map(daily_hours),
            booth_fee: Some(1000),
            other_costs: Some(500),
            stats: domain::analytics::Stats::from_facts(&facts),
            hypotheses: domain::analytics::Hypotheses::from_facts(&facts),
        };
        assert_eq!(market.days_open, 2);
        let s = &market.stats;
        assert_eq!(
            (s.visitors, s.conversations, s.sales, s.revenue, s.boxes),
            (5, 3, 2, 990 + 2690, 1 + 3),
            "{backend:?}"
        );
        // 5 visitors over 2 days of 13 h 59 min.
        assert!((market.visitors_per_open_hour().unwrap() - 5.0 / (2.0 * 839.0 / 60.0)).abs() < 1e-9);
        assert_eq!(market.leads(), 1, "{backend:?}");
        assert_eq!(market.net(), Some(3680 - 1500), "{backend:?}");
        assert!((market.fee_multiple().unwrap() - 3.68).abs() < 1e-9);
        assert!((market.cost_per_lead().unwrap() - 1500.0).abs() < 1e-9);
        assert_eq!(market.hypotheses.price_objections.count, 1, "{backend:?}");

        // Milestones: 23:30 on 1 Nov, one hour each side (the booth closes at 23:59), and
        // 10:00 on 2 Nov, opening time: nothing before it.
        let late = utc("2026-11-01T14:30:00Z");
        let opening = utc("2026-11-02T01:00:00Z");
        let windows = [
            (late, 1, false),
            (late, 1, true),
            (opening, 2, false),
            (opening, 2, true),
        ]
        .map(|(at, h, after)| {
            (
                "tokyo-fair".to_string(),
                domain::insight::window(at, h, after, &tokyo, (first, Some(last)), hours),
            )
        })
        .to_vec();
        assert_eq!(windows[1].1, vec![(late, utc("2026-11-01T14:59:00Z"))]);
        assert_eq!(windows[2].1, vec![]);
        let counts = repo.window_counts(&windows).await.unwrap();
        assert_eq!(counts, vec![[1, 0, 0], [1, 1, 1], [0, 0, 0], [2, 2, 1]], "{backend:?}");
    }
}
