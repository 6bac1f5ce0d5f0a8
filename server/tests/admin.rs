//! The admin pages over HTTP (PRODUCT.md §5): who may use them, browsing with filters and
//! keyset pages, edits under the record rules with history, trash, sellers, devices and
//! export. SQLite and PostgreSQL run the same bodies.

mod support;

use reqwest::StatusCode;
use serde_json::Value;
use std::net::IpAddr;
use support::fake_tailscaled::FakeTailscaled;
use support::{BACKENDS, Backend, TestApp, TestDb, peers, post_form, setup, start_selling, walk_by};
use uuid::Uuid;

/// booth-phone-1 is an admin (by configuration) selling as Nok; booth-phone-2 is a
/// staff phone selling as Pim.
const ADMIN: IpAddr = peers::STAFF_IPHONE;
const STAFF: IpAddr = peers::SECOND_IPHONE;

async fn booth(backend: Backend, extra: &[(&str, &str)]) -> (TestDb, FakeTailscaled, TestApp) {
    let mut vars = vec![("ADMIN_DEVICES", "booth-phone-1")];
    vars.extend_from_slice(extra);
    let (db, fake, app) = setup(backend, &vars).await;
    start_selling(&app, ADMIN, "Nok").await;
    start_selling(&app, STAFF, "Pim").await;
    (db, fake, app)
}

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
}

/// A booth-local `YYYY-MM-DDTHH:MM` `days` ago at `hh:mm`.
fn local(days: i64, hh_mm: &str) -> String {
    let day = (chrono::Utc::now().with_timezone(&chrono_tz::Asia::Bangkok) - chrono::Duration::days(days)).date_naive();
    format!("{day}T{hh_mm}")
}

/// Logs a conversation (or a walk-by, for empty `fields`) from `peer`; its id.
async fn log(app: &TestApp, peer: IpAddr, fields: &str, at: Option<&str>) -> Uuid {
    let (endpoint, mut body) = if fields.is_empty() {
        ("record_walk_by", format!("key={}", Uuid::new_v4()))
    } else {
        ("record_conversation", format!("key={}&{fields}", Uuid::new_v4()))
    };
    if let Some(at) = at {
        body.push_str(&format!("&at={at}"));
    }
    let response = post_form(app, peer, endpoint, body).await;
    assert_eq!(response.status(), StatusCode::OK);
    json(response).await["id"].as_str().unwrap().parse().unwrap()
}

async fn browse(app: &TestApp, filter: &str, at: &str) -> Value {
    let mut body = filter.to_string();
    if !at.is_empty() {
        body = format!("{body}&{at}");
    }
    let response = post_form(app, ADMIN, "admin_browse", body).await;
    assert_eq!(response.status(), StatusCode::OK, "{filter} {at}");
    json(response).await
}

fn record_ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i.get("Record"))
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn next(page: &Value) -> Option<String> {
    let next = &page["next"];
    (!next.is_null()).then(|| format!("{}~{}", next["at"].as_str().unwrap(), next["id"].as_str().unwrap()))
}

fn encode(value: &str) -> String {
    app::wire::encode(value)
}

#[tokio::test]
async fn a_staff_device_is_refused_by_every_admin_page_and_function_and_nothing_changes() {
    for backend in BACKENDS {
        let (_db, _fake, app) = booth(backend, &[]).await;
        let id = log(&app, STAFF, "persona=parent&hook=signage&sale=bundle_3", None).await;
        app.execute("UPDATE interactions SET notes = 'keep me'").await;
        let before = (
            app.count("interactions").await,
            app.count("audit_log").await,
            app.count("sellers").await,
            app.count_where("staff", "role = 'admin'").await,
            app.count_where("pop_up_events", "archived = FALSE AND last_day IS NULL")
                .await,
        );
        let calls: Vec<(&str, String)> = vec![
            ("admin_browse", "filter[range]=all".into()),
            ("admin_record", format!("id={id}")),
            (
                "admin_update_record",
                format!("id={id}&kind=conversation&persona=expat&hook=signage&sale=bundle_3"),
            ),
            ("admin_delete_record", format!("id={id}")),
            ("admin_restore_record", format!("id={id}")),
            ("admin_purge_record", format!("id={id}&confirm=yes")),
            ("admin_trash", String::new()),
            ("admin_set_trash_retention", "days=7&confirm=yes".into()),
            ("admin_milestone", "id=1".into()),
            ("admin_update_milestone", "id=1&description=x".into()),
            ("admin_delete_milestone", "id=1".into()),
            ("admin_sellers", String::new()),
            ("admin_add_seller", "name=Mallory".into()),
            ("admin_rename_seller", "id=nok&name=Mallory".into()),
            ("admin_set_seller_active", "id=nok&active=false".into()),
            ("admin_devices", String::new()),
            ("admin_change_device", "device=booth-phone-2&action=admin".into()),
            ("admin_change_device", "device=booth-phone-1&action=block".into()),
            ("admin_events", String::new()),
            ("admin_save_event", "name=Mallory+Market&first_day=2026-12-01".into()),
            (
                "admin_save_event",
                "id=k-village-2025&name=Mallory&first_day=2026-12-01".into(),
            ),
            ("admin_event_action", "id=k-village-2025&action=close".into()),
            ("admin_event_action", "id=k-village-2025&action=archive".into()),
            ("start_event_today", "name=Mallory+Market".into()),
            (
                "admin_update_record",
                format!("id={id}&kind=conversation&persona=parent&hook=signage&sale=bundle_3&event=k-village-2025"),
            ),
        ];
        for (endpoint, body) in &calls {
            let response = post_form(&app, STAFF, endpoint, body.clone()).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{backend:?} {endpoint}");
            assert_eq!(json(response).await, Value::String("AdminOnly".into()), "{endpoint}");
            let stranger = post_form(&app, peers::STRANGER, endpoint, body.clone()).await;
            assert_eq!(
                stranger.status(),
                StatusCode::FORBIDDEN,
                "{endpoint}: not on the tailnet"
            );
        }
        for page in [
            "/admin".to_string(),
            format!("/admin/record/{id}"),
            "/admin/trash".into(),
            "/admin/sellers".into(),
            "/admin/devices".into(),
            "/admin/milestone/1".into(),
            "/admin/events".into(),
        ] {
            let response = app.client(STAFF).get(app.url(&page)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{page}");
            let html = response.text().await.unwrap();
            assert!(
                html.contains("Admins only.") && html.contains("เฉพาะผู้ดูแลเท่านั้น"),
                "{page}"
            );
            assert!(!html.contains("keep me"), "{page}: nothing of the records shows");
        }
        for export in ["/admin/export.csv", "/admin/export.json"] {
            let response = app.client(STAFF).get(app.url(export)).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{export}");
            assert!(!response.text().await.unwrap().contains("keep me"));
        }
        let after = (
            app.count("interactions").await,
            app.count("audit_log").await,
            app.count("sellers").await,
            app.count_where("staff", "role = 'admin'").await,
            app.count_where("pop_up_events", "archived = FALSE AND last_day IS NULL")
                .await,
        );
        assert_eq!(after, before, "{backend:?}: nothing changed");
        let row = app.state.repo.interaction(id).await.unwrap().unwrap();
        assert_eq!((row.persona.as_deref(), row.deleted_at), (Some("parent"), None));
        // The admin's own phone gets in.
        let page = app.client(ADMIN).get(app.url("/admin")).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{backend:?}");
    }
}

#[tokio::test]
async fn browsing_pages_by_keyset_never_repeats_or_skips_even_with_inserts_and_ties() {
    for backend in BACKENDS {
        let (_db, _fake, app) = booth(backend, &[]).await;
        // 60 records at the very same instant (ties broken by id), 65 at other minutes.
        let tied = local(2, "10:00");
        for i in 0..60 {
            let fields = if i % 3 == 0 {
                "persona=expat&hook=signage&sale=single&qty=1&price=990"
            } else {
                ""
            };
            log(&app, if i % 2 == 0 { ADMIN } else { STAFF }, fields, Some(&tied)).await;
        }
        for minute in 0..65 {
            let at = local(2, &format!("11:{:02}", minute % 60));
            let at = if minute >= 60 { local(2, "12:00") } else { at };
            log(&app, STAFF, "persona=parent&hook=big_garden&sale=bundle_3", Some(&at)).await;
        }
        let all = "filter[range]=all";
        let first = browse(&app, all, "").await;
        assert_eq!(first["total"]["n"], 125, "{backend:?}");
        let mut seen = record_ids(&first);
        assert_eq!(seen.len(), 50);
        // Records arrive while the admin reads: they go to the top, not into the pages.
        for _ in 0..3 {
            log(&app, ADMIN, "", None).await;
        }
        let mut cursor = next(&first);
        let mut pages = 1;
        while let Some(c) = cursor.clone() {
            let page = browse(&app, all, &format!("at[after]={}", encode(&c))).await;
            assert!(page["total"].is_null(), "a load-more page is not counted again");
            seen.extend(record_ids(&page));
            cursor = next(&page);
            pages += 1;
        }
        assert_eq!(pages, 3, "{backend:?}: 50 + 50 + 25");
        let unique: std::collections::HashSet<_> = seen.iter().collect();
        assert_eq!(
            (seen.len(), unique.len()),
            (125, 125),
            "{backend:?}: no repeats, no gaps"
        );

        // A refresh down to the 100th record keeps the reader's place and adds the 3 new.
        let hundredth = {
            let second = browse(&app, all, &format!("at[after]={}", encode(&next(&first).unwrap()))).await;
            next(&second).unwrap()
        };
        let refreshed = browse(&app, all, &format!("at[through]={}", encode(&hundredth))).await;
        assert_eq!(record_ids(&refreshed).len(), 103, "{backend:?}");
        assert_eq!(refreshed["total"]["n"], 128);
        assert!(next(&refreshed).is_some(), "25 more below");

        // Oldest first starts at the tied 10:00 records, and pages the same set.
        let oldest = browse(&app, "filter[range]=all&filter[order]=oldest", "").await;
        let first_row = &oldest["items"][0]["Record"];
        assert_eq!(first_row["time"], "10:00", "{backend:?}");

        // Filters: sales only; a persona and a seller together; a custom range.
        let sales = browse(&app, "filter[range]=all&filter[kind]=sales", "").await;
        assert_eq!(sales["total"]["n"], 20 + 65, "{backend:?}");
        let expat_nok = browse(&app, "filter[range]=all&filter[persona]=expat&filter[seller]=nok", "").await;
        assert_eq!(expat_nok["total"]["n"], 10, "{backend:?}: every 6th of the tied ones");
        let day = local(2, "00:00")[..10].to_string();
        let custom = browse(
            &app,
            &format!("filter[range]=custom&filter[from]={day}&filter[to]={day}"),
            "",
        )
        .await;
        assert_eq!(custom["total"]["n"], 125, "{backend:?}: the new ones are today");
        let today = browse(&app, "filter[range]=today", "").await;
        assert_eq!(today["total"]["n"], 3);
        let bad = post_form(&app, ADMIN, "admin_browse", "filter[persona]=robot".into()).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // Milestones stand in the timeline, unless the filter is about records' contents.
        let mark = post_form(
            &app,
            ADMIN,
            "record_milestone",
            format!("key={}&description=Restocked", Uuid::new_v4()),
        )
        .await;
        assert_eq!(mark.status(), StatusCode::OK);
        let today = browse(&app, "filter[range]=today", "").await;
        let milestones: Vec<&Value> = today["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|i| i.get("Milestone"))
            .collect();
        assert_eq!(milestones.len(), 1, "{backend:?}");
        assert_eq!(milestones[0]["text"], "Restocked");
        let walk_bys = browse(&app, "filter[range]=today&filter[kind]=walk_by", "").await;
        assert!(
            walk_bys["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i.get("Milestone").is_none())
        );

        // Without JavaScript: the page and its "Load more" link to the longer list.
        let html = app.page(ADMIN, "/admin?range=all").await;
        assert!(html.contains("Showing 50 of 128"), "{backend:?}");
        let link = html
            .split(r#"data-testid="load-more""#)
            .next()
            .and_then(|before| before.rsplit("href=\"").next())
            .map(|h| h.split('"').next().unwrap().replace("&amp;", "&"))
            .unwrap();
        assert!(link.contains("through=") && link.contains("more=1"), "{link}");
        let longer = app.page(ADMIN, &link).await;
        assert!(longer.contains("Showing 100 of 128"), "{backend:?}");
    }
}

async fn edit(app: &TestApp, id: Uuid, fields: &str) -> reqwest::Response {
    let record: Value = json(post_form(app, ADMIN, "admin_record", format!("id={id}")).await).await;
    let version = record["version"].as_str().unwrap_or_default();
    let at = record["at_local"].as_str().unwrap();
    post_form(
        app,
        ADMIN,
        "admin_update_record",
        format!("id={id}&version={}&at_was={at}&{fields}", encode(version)),
    )
    .await
}

#[tokio::test]
async fn edits_keep_the_record_rules_and_leave_a_history() {
    for backend in BACKENDS {
        let (_db, _fake, app) = booth(backend, &[]).await;
        let id = log(
            &app,
            STAFF,
            "persona=parent&hook=signage&sale=single&qty=2&price=990&lead=line",
            Some(&local(3, "18:20")),
        )
        .await;
        let recorded = app.state.repo.interaction(id).await.unwrap().unwrap().timestamp;

        // Single → bundle: quantity and price go, the total is the bundle's; the form
        // still carries the old quantity and price, as a browser without JS sends them.
        let response = edit(
            &app,
            id,
            "kind=conversation&persona=parent&hook=signage&sale=bundle_3&qty=2&price=990&lead=line&notes=Came+back+with+a+friend&seller=nok",
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{backend:?}: {:?}",
            response.text().await
        );
        let row = app.state.repo.interaction(id).await.unwrap().unwrap();
        assert_eq!(
            (row.quantity, row.unit_price, row.total_amount, row.sale_type.as_deref()),
            (None, None, Some(2690), Some("bundle_3")),
            "{backend:?}"
        );
        assert_eq!(
            row.timestamp, recorded,
            "{backend:?}: the time stays exact when unchanged"
        );
        assert_eq!(row.notes.as_deref(), Some("Came back with a friend"));

        // A conversation becomes a walk-by (only notes stay) and back again.
        let response = edit(
            &app,
            id,
            "kind=walk_by&persona=parent&hook=signage&sale=bundle_3&notes=Just+looked",
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let row = app.state.repo.interaction(id).await.unwrap().unwrap();
        assert_eq!(
            (
                row.engaged,
                row.interaction_type.as_deref(),
                row.persona,
                row.total_amount
            ),
            (false, Some("walk_by"), None, None),
            "{backend:?}"
        );
        let missing = edit(&app, id, "kind=conversation&persona=expat").await;
        assert_eq!(
            missing.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "a conversation needs a hook"
        );
        let back = edit(
            &app,
            id,
            "kind=conversation&persona=expat&hook=big_garden&sale=none&objection=has_toys",
        )
        .await;
        assert_eq!(back.status(), StatusCode::OK);

        // Refused edits change nothing.
        let before = app.state.repo.interaction(id).await.unwrap().unwrap();
        for (fields, why) in [
            (
                "kind=conversation&persona=expat&hook=big_garden&sale=single&qty=1&price=1000",
                "a price",
            ),
            (
                "kind=conversation&persona=expat&hook=big_garden&sale=single&qty=99&price=990",
                "a quantity",
            ),
            ("kind=conversation&persona=expat&hook=big_garden&sale=none", "a reason"),
            ("kind=maybe", "a kind"),
        ] {
            let response = edit(&app, id, fields).await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{backend:?}: {why}"
            );
        }
        let too_long = format!(
            "kind=conversation&persona=expat&hook=big_garden&sale=none&objection=has_toys&notes={}",
            "ก".repeat(2001)
        );
        assert_eq!(
            edit(&app, id, &too_long).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let far = format!(
            "kind=conversation&persona=expat&hook=big_garden&sale=none&objection=has_toys&at={}",
            local(40, "18:20")
        );
        assert_eq!(edit(&app, id, &far).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let future = format!(
            "kind=conversation&persona=expat&hook=big_garden&sale=none&objection=has_toys&at={}",
            local(-1, "18:20")
        );
        assert_eq!(edit(&app, id, &future).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            app.state.repo.interaction(id).await.unwrap().unwrap(),
            before,
            "{backend:?}"
        );

        // A changed time moves the record, to the minute picked.
        let moved = format!(
            "kind=conversation&persona=expat&hook=big_garden&sale=none&objection=has_toys&at={}",
            local(3, "17:05")
        );
        assert_eq!(edit(&app, id, &moved).await.status(), StatusCode::OK);
        let local_time = app
            .state
            .repo
            .interaction(id)
            .await
            .unwrap()
            .unwrap()
            .timestamp
            .with_timezone(&chrono_tz::Asia::Bangkok)
            .format("%H:%M")
            .to_string();
        assert_eq!(local_time, "17:05", "{backend:?}");

        // Someone else's edit meanwhile: the stale form is refused, not applied.
        let stale = post_form(
            &app,
            ADMIN,
            "admin_update_record",
            format!(
                "id={id}&version=2020-01-01T00:00:00Z&kind=conversation&persona=gift_buyer&hook=big_garden&sale=full_year"
            ),
        )
        .await;
        assert_eq!(stale.status(), StatusCode::CONFLICT, "{backend:?}");
        assert_eq!(json(stale).await, serde_json::json!({ "Conflict": "Changed" }));

        // A value only the earlier version wrote may stay; it cannot be introduced.
        app.execute(&format!(
            "UPDATE interactions SET objection = 'no_time' WHERE id = {}",
            match backend {
                Backend::Postgres => format!("'{id}'"),
                Backend::Sqlite => format!("X'{}'", id.simple()),
            }
        ))
        .await;
        let keep = edit(
            &app,
            id,
            "kind=conversation&persona=expat&hook=big_garden&sale=none&objection=no_time&notes=old+value+kept",
        )
        .await;
        assert_eq!(keep.status(), StatusCode::OK, "{backend:?}");
        let other = log(
            &app,
            STAFF,
            "persona=expat&hook=signage&sale=none&objection=other",
            None,
        )
        .await;
        let introduce = edit(
            &app,
            other,
            "kind=conversation&persona=expat&hook=signage&sale=none&objection=no_time",
        )
        .await;
        assert_eq!(introduce.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // The history: who, when, and old → new for every changed field.
        let record: Value = json(post_form(&app, ADMIN, "admin_record", format!("id={id}")).await).await;
        let history = record["history"].as_array().unwrap();
        assert_eq!(history.len(), 5, "{backend:?}: {history:#?}");
        assert!(history.iter().all(|h| h["who"] == "booth-phone-1 (Nok)"));
        let first: Vec<&str> = history[0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(
            first,
            [
                "Result: 1️⃣ Single Box → 3️⃣ 3-Box Bundle",
                "Quantity: 2 → –",
                "Price: ฿990 → –",
                "Total: ฿1,980 → ฿2,690",
                "Notes: – → Came back with a friend",
                "Seller: pim → nok",
            ]
        );
        let html = app.page(ADMIN, &format!("/admin/record/{id}")).await;
        assert!(
            html.contains("Total: ฿1,980 → ฿2,690"),
            "{backend:?}: history on the page"
        );
        assert!(
            html.contains("No time (earlier version)"),
            "{backend:?}: the legacy value is shown"
        );
    }
}

/// Today's booth revenue as Home shows it.
/// Moves a record's deletion time (as if it had been deleted then).
async fn set_deleted_at(app: &TestApp, backend: Backend, id: Uuid, when: chrono::DateTime<chrono::Utc>) {
    let (at, key) = match backend {
        Backend::Postgres => (format!("'{}'", when.to_rfc3339()), format!("'{id}'")),
        Backend::Sqlite => (
            format!("'{}'", when.format("%Y-%m-%dT%H:%M:%S%.6f+00:00")),
            format!("X'{}'", id.simple()),
        ),
    };
    app.execute(&format!("UPDATE interactions SET deleted_at = {at} WHERE id = {key}"))
        .await;
}

async fn revenue(app: &TestApp) -> i64 {
    let home: Value = json(post_form(app, ADMIN, "home_summary", String::new()).await).await;
    home["today"]["booth"]["revenue"].as_i64().unwrap()
}

#[tokio::test]
async fn delete_restore_delete_for_good_and_the_trash_keeps_its_promise() {
    for backend in BACKENDS {
        // An earlier version's setting must not turn automatic deletion on.
        let (_db, _fake, app) = booth(backend, &[("TRASH_RETENTION_DAYS", "7")]).await;
        let id = log(&app, STAFF, "persona=parent&hook=signage&sale=full_year", None).await;
        assert_eq!(revenue(&app).await, 4990);
        let delete = post_form(&app, ADMIN, "admin_delete_record", format!("id={id}")).await;
        assert_eq!(delete.status(), StatusCode::OK, "{backend:?}");
        assert_eq!(revenue(&app).await, 0, "{backend:?}: deleted records count nowhere");
        let today = browse(&app, "filter[range]=today", "").await;
        assert_eq!(today["total"]["n"], 0);
        let trash: Value = json(post_form(&app, ADMIN, "admin_trash", String::new()).await).await;
        assert_eq!(trash["total"], 1);
        assert_eq!(trash["rows"][0]["deleted"], "just now");
        assert_eq!(
            trash["retention"],
            Value::Null,
            "{backend:?}: off unless an admin turns it on"
        );
        assert_eq!(trash["rows"][0]["goes"], Value::Null);
        let html = app.page(ADMIN, "/admin/trash").await;
        assert!(
            html.contains("Records stay in the trash until an admin deletes them for good.")
                && html.contains("stays until an admin deletes it"),
            "{backend:?}: the promise shown"
        );

        // Restore, delete again, then delete for good: only with the confirmation, and
        // only from the trash.
        let restore = post_form(&app, ADMIN, "admin_restore_record", format!("id={id}")).await;
        assert_eq!(restore.status(), StatusCode::OK);
        assert_eq!(revenue(&app).await, 4990, "{backend:?}: restored counts again");
        let live = post_form(&app, ADMIN, "admin_purge_record", format!("id={id}&confirm=yes")).await;
        assert_eq!(
            live.status(),
            StatusCode::CONFLICT,
            "{backend:?}: not from outside the trash"
        );
        post_form(&app, ADMIN, "admin_delete_record", format!("id={id}")).await;
        let unconfirmed = post_form(&app, ADMIN, "admin_purge_record", format!("id={id}&confirm=no")).await;
        assert_eq!(unconfirmed.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(app.state.repo.interaction(id).await.unwrap().is_some());
        let purge = post_form(&app, ADMIN, "admin_purge_record", format!("id={id}&confirm=yes")).await;
        assert_eq!(purge.status(), StatusCode::OK, "{backend:?}");
        assert!(app.state.repo.interaction(id).await.unwrap().is_none());
        let actions: Vec<String> = app
            .state
            .repo
            .history(domain::AuditSubject::Interaction, &id.to_string())
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert_eq!(actions, ["delete", "restore", "delete", "purge"], "{backend:?}");

        // Automatic emptying is off: the job runs and deletes nothing, however old.
        let kept = log(&app, STAFF, "", None).await;
        post_form(&app, ADMIN, "admin_delete_record", format!("id={kept}")).await;
        set_deleted_at(&app, backend, kept, chrono::Utc::now() - chrono::Duration::days(400)).await;
        assert!(app.background.wait_all_ran(std::time::Duration::from_secs(5)).await);
        let far_future = chrono::Utc::now() + chrono::Duration::days(4000);
        assert_eq!(server::jobs::expire_trash(&app.state, far_future).await.unwrap(), 0);
        assert!(app.state.repo.interaction(kept).await.unwrap().is_some(), "{backend:?}");

        // Turning it on needs an admin and the confirmation, and a period offered.
        for (peer, body, status) in [
            (STAFF, "days=7&confirm=yes", StatusCode::FORBIDDEN),
            (ADMIN, "days=7", StatusCode::UNPROCESSABLE_ENTITY),
            (ADMIN, "days=8&confirm=yes", StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let refused = post_form(&app, peer, "admin_set_trash_retention", body.into()).await;
            assert_eq!(refused.status(), status, "{backend:?} {body}");
        }
        assert_eq!(app.state.repo.trash_retention().await.unwrap(), None);
        let on = post_form(&app, ADMIN, "admin_set_trash_retention", "days=7&confirm=yes".into()).await;
        assert_eq!(on.status(), StatusCode::OK, "{backend:?}");
        let policy = app.state.repo.trash_retention().await.unwrap().expect("on");
        assert_eq!(policy.days, 7);
        let setting_history = app
            .state
            .repo
            .history(domain::AuditSubject::Setting, "trash_retention")
            .await
            .unwrap();
        assert_eq!(setting_history.len(), 1);
        assert_eq!(setting_history[0].device.as_deref(), Some("booth-phone-1"));

        // Only what enters the trash after it was turned on ever goes by itself.
        let (old, recent) = (log(&app, STAFF, "", None).await, log(&app, STAFF, "", None).await);
        for id in [old, recent] {
            post_form(&app, ADMIN, "admin_delete_record", format!("id={id}")).await;
        }
        let minute = chrono::Duration::minutes(1);
        set_deleted_at(&app, backend, old, policy.since + minute).await;
        set_deleted_at(&app, backend, recent, policy.since + chrono::Duration::days(3)).await;
        let html = app.page(ADMIN, "/admin/trash").await;
        assert_eq!(
            html.matches("deleted for good on").count(),
            2,
            "{backend:?}: each row says when it goes"
        );
        assert!(
            html.contains("stays until an admin deletes it"),
            "{backend:?}: the older one stays"
        );
        let due = policy.since + chrono::Duration::days(7) + minute * 2;
        assert_eq!(
            server::jobs::expire_trash(&app.state, due).await.unwrap(),
            1,
            "{backend:?}"
        );
        assert!(app.state.repo.interaction(old).await.unwrap().is_none());
        assert!(app.state.repo.interaction(recent).await.unwrap().is_some());
        assert!(
            app.state.repo.interaction(kept).await.unwrap().is_some(),
            "{backend:?}: deleted before it was on"
        );
        let expired = app
            .state
            .repo
            .history(domain::AuditSubject::Interaction, &old.to_string())
            .await
            .unwrap();
        assert_eq!(
            expired.last().unwrap().action,
            "expire",
            "{backend:?}: a copy stays in the history"
        );

        // A new period keeps the moment it was turned on; turning it off stops it.
        post_form(&app, ADMIN, "admin_set_trash_retention", "days=30&confirm=yes".into()).await;
        let changed = app.state.repo.trash_retention().await.unwrap().unwrap();
        assert_eq!((changed.days, changed.since), (30, policy.since));
        let off = post_form(&app, ADMIN, "admin_set_trash_retention", "days=off".into()).await;
        assert_eq!(off.status(), StatusCode::OK);
        assert_eq!(server::jobs::expire_trash(&app.state, far_future).await.unwrap(), 0);
        assert!(app.state.repo.interaction(recent).await.unwrap().is_some());
        assert_eq!(
            app.state
                .repo
                .history(domain::AuditSubject::Setting, "trash_retention")
                .await
                .unwrap()
                .len(),
            3
        );
    }
}

#[tokio::test]
async fn the_owner_who_never_sells_finds_admin_and_stats_on_home() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        let home = app.page(ADMIN, "/").await;
        assert!(
            home.contains(r#"data-testid="choose-seller""#),
            "{backend:?}: no seller yet"
        );
        assert!(
            home.contains(r#"href="/admin" data-testid="admin""#) && home.contains(r#"data-testid="stats""#),
            "{backend:?}: an admin without a seller still gets Admin and Stats"
        );
        let staff = app.page(STAFF, "/").await;
        assert!(!staff.contains(r#"data-testid="admin""#) && staff.contains(r#"data-testid="stats""#));
    }
}

#[tokio::test]
async fn sellers_and_devices_are_managed_and_the_last_admin_stays() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(
            backend,
            &[("ADMIN_DEVICES", "booth-phone-1"), ("REGISTRATION", "approval")],
        )
        .await;
        start_selling(&app, ADMIN, "Nok").await;
        // In approval mode a new phone waits; the owner approves it.
        let waiting = app.client(STAFF).get(app.url("/")).send().await.unwrap();
        assert_eq!(waiting.status(), StatusCode::FORBIDDEN, "{backend:?}");
        // Waiting for approval comes first, where the owner looks, before devices seen later.
        let list: Value = json(post_form(&app, ADMIN, "admin_devices", String::new()).await).await;
        assert_eq!(
            (
                list["devices"][0]["key"].as_str(),
                list["devices"][0]["status"].as_str()
            ),
            (Some("booth-phone-2"), Some("pending")),
            "{backend:?}"
        );
        // A device's name is not repeated as its machine name, and its own Block is not offered.
        let page = app.page(ADMIN, "/admin/devices").await;
        let card = |key: &str| {
            let start = page.split(&format!(r#"data-device="{key}""#)).nth(1).unwrap();
            start.split("</li>").next().unwrap().to_string()
        };
        let mine = card("booth-phone-1");
        assert_eq!(mine.matches(">booth-phone-1<").count(), 1, "{backend:?}: {mine}");
        assert!(!mine.contains(r#"data-action="block""#), "{backend:?}: {mine}");
        let theirs = card("booth-phone-2");
        assert!(
            theirs.contains(r#"href="/admin/devices?block=booth-phone-2#device-booth-phone-2""#),
            "Block asks first: {theirs}"
        );
        let approve = post_form(
            &app,
            ADMIN,
            "admin_change_device",
            "device=booth-phone-2&action=approve".into(),
        )
        .await;
        assert_eq!(approve.status(), StatusCode::OK, "{backend:?}");
        start_selling(&app, STAFF, "Pim").await;
        log(&app, STAFF, "", None).await;

        let added = post_form(&app, ADMIN, "admin_add_seller", "name=สมหญิง ใจดี".into()).await;
        assert_eq!(added.status(), StatusCode::OK);
        let sellers: Value = json(post_form(&app, ADMIN, "admin_sellers", String::new()).await).await;
        let rows = sellers["sellers"].as_array().unwrap();
        let pim = rows.iter().find(|s| s["name"] == "Pim").unwrap();
        assert_eq!(
            (pim["today"].as_i64(), pim["last_device"].as_str()),
            (Some(1), Some("booth-phone-2"))
        );
        assert!(rows.iter().any(|s| s["id"] == "สมหญิง-ใจดี"), "{backend:?}");
        let pim_id = pim["id"].as_str().unwrap().to_string();

        let rename = post_form(&app, ADMIN, "admin_rename_seller", format!("id={pim_id}&name=Pim+S.")).await;
        assert_eq!(rename.status(), StatusCode::OK);
        let home: Value = json(post_form(&app, STAFF, "home_summary", String::new()).await).await;
        assert_eq!(
            home["viewer"]["seller_name"], "Pim S.",
            "{backend:?}: the phone shows it at once"
        );

        // Deactivating keeps the records but stops the seller logging.
        let off = post_form(
            &app,
            ADMIN,
            "admin_set_seller_active",
            format!("id={pim_id}&active=false"),
        )
        .await;
        assert_eq!(off.status(), StatusCode::OK);
        let refused = walk_by(&app, STAFF, Uuid::new_v4()).await;
        assert_eq!(
            refused.status(),
            StatusCode::CONFLICT,
            "{backend:?}: asked who is selling"
        );
        assert_eq!(
            app.count_where("interactions", &format!("seller_id = '{pim_id}'"))
                .await,
            1
        );
        let on = post_form(
            &app,
            ADMIN,
            "admin_set_seller_active",
            format!("id={pim_id}&active=true"),
        )
        .await;
        assert_eq!(on.status(), StatusCode::OK);

        // Devices: rename, assign a seller, block (refused at once), unblock.
        let devices = |body: &str| post_form(&app, ADMIN, "admin_change_device", body.to_string());
        assert_eq!(
            devices("device=booth-phone-2&action=rename&value=Till+phone")
                .await
                .status(),
            StatusCode::OK
        );
        let assign = devices(&format!("device=booth-phone-2&action=seller&value={pim_id}")).await;
        assert_eq!(assign.status(), StatusCode::OK);
        assert_eq!(
            walk_by(&app, STAFF, Uuid::new_v4()).await.status(),
            StatusCode::OK,
            "{backend:?}"
        );
        assert_eq!(
            devices("device=booth-phone-2&action=block").await.status(),
            StatusCode::OK
        );
        let blocked = walk_by(&app, STAFF, Uuid::new_v4()).await;
        assert_eq!(blocked.status(), StatusCode::FORBIDDEN, "{backend:?}: blocked at once");
        assert_eq!(
            devices("device=booth-phone-2&action=unblock").await.status(),
            StatusCode::OK
        );

        // Admins: grant, and never remove the last one (nor a configured one).
        let list: Value = json(post_form(&app, ADMIN, "admin_devices", String::new()).await).await;
        let me = list["devices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["is_me"] == true)
            .unwrap();
        assert_eq!(
            (me["key"].as_str(), me["configured_admin"].as_bool()),
            (Some("booth-phone-1"), Some(true))
        );
        let configured = devices("device=booth-phone-1&action=staff").await;
        assert_eq!(configured.status(), StatusCode::CONFLICT);
        assert_eq!(
            json(configured).await,
            serde_json::json!({ "Conflict": "ConfiguredAdmin" })
        );
        assert_eq!(
            devices("device=booth-phone-2&action=admin").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            devices("device=booth-phone-2&action=staff").await.status(),
            StatusCode::OK
        );
        // An admin never blocks the device it is using (the page does not offer it)…
        let own = devices("device=booth-phone-1&action=block").await;
        assert_eq!(own.status(), StatusCode::CONFLICT, "{backend:?}");
        assert_eq!(json(own).await, serde_json::json!({ "Conflict": "OwnDevice" }));
        // …and the store itself never lets the last active admin go.
        use app::server::repo::{Actor, DeviceChange, DeviceError};
        let actor = Actor {
            device: "booth-phone-2",
            seller_id: None,
        };
        let blocked = domain::DeviceStatus::Blocked;
        let last = app
            .state
            .repo
            .change_device("booth-phone-1", DeviceChange::Status(blocked), actor)
            .await;
        assert!(matches!(last, Err(DeviceError::LastAdmin)), "{backend:?}");
        assert_eq!(
            devices("device=nobody&action=block").await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            devices("device=booth-phone-2&action=launch").await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        let history = app
            .state
            .repo
            .history(domain::AuditSubject::Device, "booth-phone-2")
            .await
            .unwrap();
        assert_eq!(history.len(), 7, "{backend:?}: every device change is in the history");
    }
}

/// Reads RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[tokio::test]
async fn exports_stream_csv_and_json_that_keep_nasty_notes_intact() {
    let nasty = "ราคา, \"แพง\"\nบอกว่าจะกลับมา; 100% sure";
    for backend in BACKENDS {
        let (_db, _fake, app) = booth(backend, &[]).await;
        let a = log(
            &app,
            ADMIN,
            "persona=parent&hook=signage&sale=single&qty=2&price=1290",
            None,
        )
        .await;
        let b = log(&app, STAFF, "", Some(&local(1, "23:30"))).await;
        for (id, notes) in [(a, nasty), (b, "=HYPERLINK(\"http://evil\")")] {
            let response = edit(&app, id, &{
                let record: Value = json(post_form(&app, ADMIN, "admin_record", format!("id={id}")).await).await;
                let kind = if record["engaged"] == true {
                    "conversation"
                } else {
                    "walk_by"
                };
                format!(
                    "kind={kind}&persona=parent&hook=signage&sale=single&qty=2&price=1290&notes={}&seller={}",
                    encode(notes),
                    record["seller_id"].as_str().unwrap()
                )
            })
            .await;
            assert_eq!(response.status(), StatusCode::OK, "{backend:?}");
        }
        let response = app
            .client(ADMIN)
            .get(app.url("/admin/export.csv?range=all"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{backend:?}");
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        assert!(
            response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment;")
        );
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "UTF-8 with BOM, for Excel");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let rows = parse_csv(&text);
        assert_eq!(rows.len(), 3, "{backend:?}: header and two records");
        assert_eq!(rows[0][0], "id");
        let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
        let by_id = |id: Uuid| rows.iter().find(|r| r[0] == id.to_string()).unwrap();
        assert_eq!(
            by_id(a)[column("notes")],
            nasty,
            "{backend:?}: commas, quotes, newlines, Thai"
        );
        assert_eq!(by_id(a)[column("total")], "2580");
        assert_eq!(by_id(a)[column("seller")], "Nok");
        assert_eq!(
            by_id(b)[column("notes")],
            "'=HYPERLINK(\"http://evil\")",
            "a formula is shown, not run"
        );
        assert!(
            by_id(b)[column("time")].ends_with("T23:30:00+07:00"),
            "{backend:?}: booth time with offset"
        );

        let filtered = app
            .client(ADMIN)
            .get(app.url("/admin/export.json?range=all&seller=pim"))
            .send()
            .await
            .unwrap();
        assert_eq!(filtered.headers()["content-type"], "application/json");
        let records: Value = filtered.json().await.unwrap();
        let records = records.as_array().unwrap();
        assert_eq!(records.len(), 1, "{backend:?}: the filter applies");
        assert_eq!(records[0]["id"], b.to_string());
        assert_eq!(
            (records[0]["type"].as_str(), records[0]["quantity"].is_null()),
            (Some("walk_by"), true)
        );
        let all: Value = app
            .client(ADMIN)
            .get(app.url("/admin/export.json?range=all"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let notes: Vec<&str> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["notes"].as_str().unwrap())
            .collect();
        assert!(notes.contains(&nasty), "{backend:?}");
        let bad = app
            .client(ADMIN)
            .get(app.url("/admin/export.csv?type=maybe"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// Events over HTTP: an admin makes one beside the first (bad input refused with a clear
/// message, nothing made); two running today make each phone choose; a tap never names
/// its own event or seller; an admin moves a record to another event, with history.
#[tokio::test]
async fn events_are_made_by_admins_and_taps_are_placed_by_the_server() {
    for backend in BACKENDS {
        let (_db, _fake, app) = booth(backend, &[]).await;
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Bangkok).date_naive();
        let save = |body: String| post_form(&app, ADMIN, "admin_save_event", body);
        let bad = [
            (
                format!("name=Central+World&first_day={today}&last_day=2000-01-01"),
                "LastDayBeforeFirst",
            ),
            (
                format!("name=Central+World&first_day={today}&time_zone=Mars%2FOlympus"),
                "UnknownTimeZone",
            ),
            (format!("name=Central+World&first_day={today}&booth_fee=-5"), "BoothFee"),
            (
                format!("name=Central+World&first_day={today}&target_revenue=999999999999"),
                "TargetRevenue",
            ),
            ("name=Central+World&first_day=1999-12-31".to_string(), "BadDate"),
            (format!("name=k+village+2025&first_day={today}"), "EventNameTaken"),
            (format!("name=+++&first_day={today}"), "EventName"),
            (format!("name=Central+World&first_day={today}&event_id=x"), "BadRequest"),
        ];
        for (body, says) in bad {
            let response = save(body.clone()).await;
            assert!(
                response.status().is_client_error(),
                "{backend:?} {body}: {}",
                response.status()
            );
            // The error names the problem; the page shows its Thai/English message.
            let text = response.text().await.unwrap();
            assert!(text.contains(says), "{body}: {text}");
        }
        assert_eq!(app.count("pop_up_events").await, 1, "{backend:?}: nothing made");

        let made = save(format!(
            "name=Central+World+2026&venue=Ratchaprasong&first_day={today}&booth_fee=12000"
        ))
        .await;
        assert_eq!(made.status(), StatusCode::OK, "{backend:?}");
        let events = json(post_form(&app, ADMIN, "admin_events", String::new()).await).await;
        let ids: Vec<&str> = events["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), 2, "{events}");
        assert!(ids.contains(&"central-world-2026") && ids.contains(&"k-village-2025"));

        // Two run today: a phone that chose neither is asked; its tap is not placed.
        let refused = walk_by(&app, ADMIN, Uuid::new_v4()).await;
        assert_eq!(refused.status(), StatusCode::CONFLICT, "{backend:?}");
        assert!(json(refused).await.to_string().contains("ChooseEvent"));
        // A tap that names its event or seller is refused, whatever it says.
        for field in [
            "event_id=central-world-2026",
            "event=central-world-2026",
            "seller_id=nok",
            "seller=nok",
        ] {
            let response = post_form(&app, STAFF, "record_walk_by", format!("key={}&{field}", Uuid::new_v4())).await;
            assert!(response.status().is_client_error(), "{field}: {}", response.status());
        }
        assert_eq!(app.count("interactions").await, 0, "{backend:?}");
        // An unknown event cannot be chosen.
        let unknown = post_form(&app, STAFF, "choose_event", "event_id=no-such-market".into()).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
        for (peer, event) in [(STAFF, "central-world-2026"), (ADMIN, "k-village-2025")] {
            let chosen = post_form(&app, peer, "choose_event", format!("event_id={event}")).await;
            assert_eq!(chosen.status(), StatusCode::OK, "{backend:?}");
            assert_eq!(walk_by(&app, peer, Uuid::new_v4()).await.status(), StatusCode::OK);
        }
        assert_eq!(
            app.count_where("interactions", "event_id = 'central-world-2026' AND seller_id = 'pim'")
                .await,
            1
        );
        assert_eq!(
            app.count_where("interactions", "event_id = 'k-village-2025' AND seller_id = 'nok'")
                .await,
            1
        );
        // Home's ribbon: this event, and all events.
        let home = json(post_form(&app, STAFF, "home_summary", String::new()).await).await;
        assert_eq!(home["event"]["Running"]["name"], "Central World 2026");
        assert_eq!(home["this_event"]["booth"]["visitors"], 1);
        assert_eq!(home["all_events"]["booth"]["visitors"], 2);

        // An admin moves Pim's record to K Village; the history says so.
        use sea_orm::ConnectionTrait;
        let id: String = app
            .state
            .repo
            .connection()
            .query_one_raw(sea_orm::Statement::from_string(
                app.state.repo.connection().get_database_backend(),
                "SELECT event_id AS e FROM interactions WHERE seller_id = 'pim'",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "e")
            .unwrap();
        assert_eq!(id, "central-world-2026");
        let browse = json(
            post_form(
                &app,
                ADMIN,
                "admin_browse",
                "filter[range]=all&filter[event]=central-world-2026".into(),
            )
            .await,
        )
        .await;
        let items = browse["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{backend:?}: browse by event: {browse}");
        let record_id: Uuid = items[0]["Record"]["id"].as_str().unwrap().parse().unwrap();
        let moved = edit(&app, record_id, "kind=walk_by&seller=pim&event=k-village-2025").await;
        assert_eq!(moved.status(), StatusCode::OK, "{backend:?}: {:?}", moved.text().await);
        let row = app.state.repo.interaction(record_id).await.unwrap().unwrap();
        assert_eq!(row.event_id.as_deref(), Some("k-village-2025"));
        let record = json(post_form(&app, ADMIN, "admin_record", format!("id={record_id}")).await).await;
        assert!(record["history"].to_string().contains("Central World 2026"), "{record}");
        let unknown = edit(&app, record_id, "kind=walk_by&seller=pim&event=no-such-market").await;
        assert!(unknown.status().is_client_error());

        // Export carries each row's event.
        let csv = app
            .client(ADMIN)
            .get(app.url("/admin/export.csv?range=all&event=k-village-2025"))
            .send()
            .await
            .unwrap();
        let csv = csv.text().await.unwrap();
        assert!(
            csv.lines().next().unwrap().trim_end().ends_with("event_id,event"),
            "{csv}"
        );
        let rows: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(rows.len(), 2, "{backend:?}: {csv}");
        assert!(
            rows.iter().all(|l| l.ends_with("k-village-2025,K Village 2025")),
            "{csv}"
        );

        // Close, archive; an event with records is never deleted.
        let act = |body: &str| post_form(&app, ADMIN, "admin_event_action", body.to_string());
        assert_eq!(act("id=central-world-2026&action=close").await.status(), StatusCode::OK);
        let gone = act("id=k-village-2025&action=delete").await;
        assert_eq!(gone.status(), StatusCode::CONFLICT, "{backend:?}");
        assert_eq!(
            act("id=central-world-2026&action=explode").await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(app.count("pop_up_events").await, 2);
    }
}
