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
        let day = repo.figures([Some((from, to))], None).await.unwrap()[0].booth;
        // 00:30, single ×3 @ 1,290, bundle, no sale, 23:30 (the full year is deleted).
        assert_eq!(day.visitors, 5, "{backend:?}");
        assert_eq!(day.conversations, 3, "{backend:?}");
        assert_eq!(day.sales, 2, "{backend:?}");
        assert_eq!(day.revenue, 3 * 1290 + 2690, "{backend:?}");
        let nok = repo.figures([Some((from, to))], Some("nok")).await.unwrap()[0]
            .seller
            .unwrap();
        assert_eq!((nok.visitors, nok.sales, nok.revenue), (2, 1, 3870), "{backend:?}");
        let (from, to) = domain::period::day(utc("2025-12-25T03:00:00Z"), &tz);
        assert_eq!(
            repo.figures([Some((from, to))], None).await.unwrap()[0].booth,
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
        &[("TRASH_RETENTION_DAYS", "30"), ("BACKUP_DIR", dir.as_str())],
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
    let day = repo.figures([Some((from, to))], None).await.unwrap()[0].booth;
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

    // New writes are checked by the new constraints; the app's own writes work.
    let walk = domain::check_interaction(&Draft::default()).unwrap();
    let new = NewInteraction {
        key: Uuid::new_v4(),
        at: Utc::now(),
        device: "sisia",
        seller_id: Some("veerapat"),
        record: &walk,
    };
    repo.record_interaction(new).await.unwrap();
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
        let facts = repo.facts(friday, None).await.unwrap();
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

        let pim = Stats::from_facts(&repo.facts(friday, Some("pim")).await.unwrap());
        assert_eq!(
            (pim.visitors, pim.sales, pim.revenue),
            (3, 2, 1290 + 2690),
            "{backend:?}: one seller"
        );
        let all_time = Stats::from_facts(&repo.facts(None, None).await.unwrap());
        assert_eq!(all_time.visitors, 14, "{backend:?}: all time, deleted excluded");
        assert_eq!(
            Stats::from_facts(
                &repo
                    .facts(Some(domain::period::day(utc("2025-12-25T05:00:00Z"), &tz)), None)
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
        let week = Stats::from_facts(&repo.facts(Some(sunday_week), None).await.unwrap());
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
        let next = Stats::from_facts(&repo.facts(Some(monday_week), None).await.unwrap());
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
