//! The staff logging flow over HTTP (PRODUCT.md §3–4): sellers, conversations with every
//! rule the server enforces, back-dating, undo, milestones, language. SQLite and
//! PostgreSQL run the same bodies.

mod support;

use reqwest::StatusCode;
use serde_json::Value;
use support::{BACKENDS, TestApp, next_event, peers, post_form, setup, start_selling, walk_by};
use uuid::Uuid;

async fn conversation(app: &TestApp, fields: &str) -> reqwest::Response {
    post_form(
        app,
        peers::STAFF_IPHONE,
        "record_conversation",
        format!("key={}&{fields}", Uuid::new_v4()),
    )
    .await
}

async fn stored(app: &TestApp, response: reqwest::Response) -> app::server::entities::interaction::Model {
    assert_eq!(response.status(), StatusCode::OK);
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    let body: Value = response.json().await.unwrap();
    let id: Uuid = body["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(location, None, "the app's own call gets data, not a page");
    app.state.repo.interaction(id).await.unwrap().unwrap()
}

#[tokio::test]
async fn without_javascript_each_save_comes_back_as_the_page_to_show_next() {
    let (_db, _fake, app) = setup(support::Backend::Sqlite, &[]).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    let plain = |endpoint: &'static str, body: String| {
        app.client(peers::STAFF_IPHONE)
            .post(app.url(&format!("/api/{endpoint}")))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", app.url("/"))
            .header("sec-fetch-site", "same-origin")
            .body(body)
            .send()
    };
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_string();
    let key = Uuid::new_v4();
    let talk = plain(
        "record_conversation",
        format!("key={key}&persona=parent&hook=signage&sale=bundle_3&lead=line"),
    )
    .await
    .unwrap();
    let id: Uuid = location(&talk).strip_prefix("/done?id=").unwrap().parse().unwrap();
    assert_eq!(
        app.state.repo.interaction(id).await.unwrap().unwrap().idempotency_key,
        Some(key)
    );
    let summary: Value = post_form(&app, peers::STAFF_IPHONE, "record_summary", format!("id={id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["key"], key.to_string(), "the confirmation's Undo uses the key");
    let walk_key = Uuid::new_v4();
    let walk = plain("record_walk_by", format!("key={walk_key}")).await.unwrap();
    assert_eq!(location(&walk), format!("/?saved={walk_key}"));
    let undo = plain("undo_record", format!("key={walk_key}")).await.unwrap();
    assert_eq!(location(&undo), "/?undone=1");
    let mark = plain("record_milestone", format!("key={}&description=Break", Uuid::new_v4()))
        .await
        .unwrap();
    assert_eq!(location(&mark), "/?milestone=1");
}

#[tokio::test]
async fn a_tap_kept_offline_keeps_its_time_and_a_fast_phone_clock_is_not_trusted() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        let tapped = chrono::Utc::now() - chrono::Duration::minutes(47);
        let walk = post_form(
            &app,
            peers::STAFF_IPHONE,
            "record_walk_by",
            format!(
                "key={}&tapped_at={}",
                Uuid::new_v4(),
                support::encode(&tapped.to_rfc3339())
            ),
        )
        .await;
        let row = stored(&app, walk).await;
        assert!(
            (row.timestamp - tapped).num_milliseconds().abs() < 1,
            "{backend:?}: the tap's own time"
        );
        let ahead = chrono::Utc::now() + chrono::Duration::hours(3);
        let talk = conversation(
            &app,
            &format!(
                "persona=parent&hook=signage&sale=bundle_3&tapped_at={}",
                support::encode(&ahead.to_rfc3339())
            ),
        )
        .await;
        let row = stored(&app, talk).await;
        assert!(row.timestamp <= chrono::Utc::now(), "{backend:?}: never in the future");
        let mark = post_form(
            &app,
            peers::STAFF_IPHONE,
            "record_milestone",
            format!(
                "key={}&description=Restocked&tapped_at={}",
                Uuid::new_v4(),
                support::encode(&tapped.to_rfc3339())
            ),
        )
        .await;
        assert_eq!(mark.status(), StatusCode::OK);
        for (tapped_at, why) in [
            (
                (chrono::Utc::now() - chrono::Duration::days(31)).to_rfc3339(),
                "too old",
            ),
            ("yesterday".to_string(), "not a time"),
        ] {
            let refused = post_form(
                &app,
                peers::STAFF_IPHONE,
                "record_walk_by",
                format!("key={}&tapped_at={}", Uuid::new_v4(), support::encode(&tapped_at)),
            )
            .await;
            assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}: {why}");
        }
        assert_eq!(app.count("interactions").await, 2, "{backend:?}");
    }
}

#[tokio::test]
async fn conversations_are_stored_with_server_computed_totals() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        let base = "persona=parent&hook=physical_kits";

        let single = stored(
            &app,
            conversation(&app, &format!("{base}&sale=single&qty=3&price=1290&lead=line")).await,
        )
        .await;
        assert_eq!(
            (single.quantity, single.unit_price, single.total_amount),
            (Some(3), Some(1290), Some(3870)),
            "{backend:?}"
        );
        assert_eq!(
            (single.engaged, single.interaction_type.as_deref()),
            (true, Some("conversation"))
        );
        assert_eq!(
            (single.seller_id.as_deref(), single.lead_type.as_deref()),
            (Some("nok"), Some("line"))
        );

        let bundle = stored(&app, conversation(&app, &format!("{base}&sale=bundle_3")).await).await;
        assert_eq!(
            (bundle.total_amount, bundle.lead_type.as_deref()),
            (Some(2690), Some("none")),
            "{backend:?}"
        );
        let year = stored(
            &app,
            conversation(&app, &format!("{base}&sale=full_year&lead=instagram")).await,
        )
        .await;
        assert_eq!(year.total_amount, Some(4990));
        for objection in ["too_expensive", "has_toys", "need_to_think", "age_mismatch", "other"] {
            let none = stored(
                &app,
                conversation(&app, &format!("{base}&sale=none&objection={objection}")).await,
            )
            .await;
            assert_eq!(
                (none.total_amount, none.objection.as_deref()),
                (None, Some(objection)),
                "{backend:?}"
            );
        }
        assert_eq!(app.count("interactions").await, 8);
    }
}

#[tokio::test]
async fn every_broken_rule_is_refused_by_name_and_nothing_is_written() {
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Bangkok);
    let future = (now + chrono::Duration::minutes(10))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let too_old = (now - chrono::Duration::days(31)).format("%Y-%m-%dT%H:%M").to_string();
    let base = "persona=parent&hook=physical_kits";
    let cases: Vec<(String, &str)> = vec![
        (
            "persona=robot&hook=signage&sale=bundle_3".to_string(),
            "Unknown who (persona) “robot”.",
        ),
        ("persona=parent&sale=bundle_3".to_string(), "Please choose the hook."),
        (base.to_string(), "Please choose the result."),
        (
            format!("{base}&sale=bundle_3&objection=too_expensive"),
            "A reason for no sale can't go with a sale.",
        ),
        (format!("{base}&sale=none"), "Please choose the reason for no sale."),
        (
            format!("{base}&sale=none&objection=no_time"),
            "Unknown reason for no sale “no_time”.",
        ),
        (
            format!("{base}&sale=single&qty=1&price=1000"),
            "฿1,000 is not a single-box price (฿990 / ฿1,290).",
        ),
        (
            format!("{base}&sale=single&qty=0&price=990"),
            "Quantity must be between 1 and 50.",
        ),
        (
            format!("{base}&sale=single&qty=51&price=990"),
            "Quantity must be between 1 and 50.",
        ),
        (
            format!("{base}&sale=single&qty=99999999999&price=990"),
            "Quantity must be between 1 and 50.",
        ),
        (
            format!("{base}&sale=single&qty=two&price=990"),
            "The quantity must be a whole number.",
        ),
        (format!("{base}&sale=single&price=990"), "Please choose the quantity."),
        (
            format!("{base}&sale=bundle_3&qty=2"),
            "The quantity applies only to a single-box sale.",
        ),
        (format!("{base}&sale=bundle_3&lead=fax"), "Unknown lead “fax”."),
        (
            format!("{base}&sale=bundle_3&at={future}"),
            "The time can't be in the future.",
        ),
        (
            format!("{base}&sale=bundle_3&at={too_old}"),
            "The time can be at most 30 days ago.",
        ),
        (
            format!("{base}&sale=bundle_3&at=yesterday"),
            "Please pick a valid date and time.",
        ),
    ];
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        for (fields, message) in &cases {
            let response = conversation(&app, fields).await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{backend:?} {fields}"
            );
            let error: app::error::AppError = response.json().await.unwrap();
            assert_eq!(error.message(domain::Lang::En), *message, "{backend:?} {fields}");
            assert!(!error.message(domain::Lang::Th).is_empty());
        }
        // The client cannot send its own total, or any field the form does not have.
        let sneaky = conversation(&app, &format!("{base}&sale=bundle_3&total_amount=1")).await;
        assert_eq!(sneaky.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.count("interactions").await, 0, "{backend:?}: nothing written");
    }
}

#[tokio::test]
async fn back_dated_records_keep_their_exact_local_time() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        // 23:30 and 00:30 in Bangkok the day before yesterday: no −24 h shifts.
        let day =
            (chrono::Utc::now().with_timezone(&chrono_tz::Asia::Bangkok) - chrono::Duration::days(2)).date_naive();
        for (local, hour) in [("23:30", 23), ("00:30", 0)] {
            let at = format!("{day}T{local}");
            let row = stored(
                &app,
                conversation(&app, &format!("persona=expat&hook=signage&sale=bundle_3&at={at}")).await,
            )
            .await;
            let back = row.timestamp.with_timezone(&chrono_tz::Asia::Bangkok);
            assert_eq!(
                (back.date_naive(), chrono::Timelike::hour(&back)),
                (day, hour),
                "{backend:?}"
            );
            let walk = post_form(
                &app,
                peers::STAFF_IPHONE,
                "record_walk_by",
                format!("key={}&at={at}", Uuid::new_v4()),
            )
            .await;
            let walk = stored(&app, walk).await;
            assert_eq!(walk.timestamp, row.timestamp, "{backend:?}");
        }
    }
}

#[tokio::test]
async fn sellers_are_added_with_thai_ids_switched_and_attributed() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "สมชาย ใจดี").await;
        start_selling(&app, peers::SECOND_IPHONE, "สมชาย ใจดี").await;
        let ids: Vec<String> = {
            use sea_orm::{EntityTrait, QueryOrder};
            app::server::entities::seller::Entity::find()
                .order_by_asc(app::server::entities::seller::Column::Id)
                .all(app.state.repo.connection())
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect()
        };
        assert_eq!(
            ids,
            ["สมชาย-ใจดี", "สมชาย-ใจดี-2"],
            "{backend:?}: never empty, never a silent collision"
        );

        let first = stored(
            &app,
            conversation(&app, "persona=parent&hook=signage&sale=bundle_3").await,
        )
        .await;
        assert_eq!(first.seller_id.as_deref(), Some("สมชาย-ใจดี"));
        // Switch mid-shift: new records carry the new seller, old ones keep theirs.
        let switched = post_form(
            &app,
            peers::STAFF_IPHONE,
            "choose_seller",
            "seller_id=สมชาย-ใจดี-2".into(),
        )
        .await;
        assert_eq!(switched.status(), StatusCode::OK);
        let second = stored(
            &app,
            conversation(&app, "persona=parent&hook=signage&sale=bundle_3").await,
        )
        .await;
        assert_eq!(second.seller_id.as_deref(), Some("สมชาย-ใจดี-2"), "{backend:?}");
        assert_eq!(
            app.state
                .repo
                .interaction(first.id)
                .await
                .unwrap()
                .unwrap()
                .seller_id
                .as_deref(),
            Some("สมชาย-ใจดี")
        );

        let unknown = post_form(&app, peers::STAFF_IPHONE, "choose_seller", "seller_id=nobody".into()).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
        let blank = post_form(&app, peers::STAFF_IPHONE, "add_seller", "name=%20%20".into()).await;
        assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

#[tokio::test]
async fn undo_takes_back_only_the_devices_own_recent_record() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        start_selling(&app, peers::SECOND_IPHONE, "Pim").await;
        let row = stored(
            &app,
            conversation(&app, "persona=parent&hook=signage&sale=bundle_3").await,
        )
        .await;
        let key = row.idempotency_key.unwrap();
        let undo = |peer| post_form(&app, peer, "undo_record", format!("key={key}"));
        assert_eq!(
            undo(peers::SECOND_IPHONE).await.status(),
            StatusCode::NOT_FOUND,
            "{backend:?}: not its record"
        );
        assert_eq!(undo(peers::STAFF_IPHONE).await.status(), StatusCode::OK);
        assert!(
            app.state
                .repo
                .interaction(row.id)
                .await
                .unwrap()
                .unwrap()
                .deleted_at
                .is_some()
        );
        assert_eq!(
            undo(peers::STAFF_IPHONE).await.status(),
            StatusCode::NOT_FOUND,
            "already undone"
        );
        let summary: Value = post_form(&app, peers::STAFF_IPHONE, "home_summary", String::new())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            summary["today"]["booth"]["visitors"], 0,
            "{backend:?}: undone records never count"
        );
        let undos = app.count_where("audit_log", "action = 'undo'").await;
        assert_eq!(undos, 1, "the undo is in the history");
    }
}

#[tokio::test]
async fn milestones_are_saved_once_per_key_with_device_and_seller() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        let key = Uuid::new_v4();
        let mark = |text: &str| {
            post_form(
                &app,
                peers::STAFF_IPHONE,
                "record_milestone",
                format!("key={key}&description={text}"),
            )
        };
        assert_eq!(
            mark("Restocked").await.status(),
            StatusCode::CONFLICT,
            "{backend:?}: a seller first"
        );
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        assert_eq!(mark("Restocked").await.status(), StatusCode::OK);
        assert_eq!(mark("Restocked").await.status(), StatusCode::OK, "a retry");
        assert_eq!(app.count("events").await, 1, "{backend:?}");
        assert_eq!(mark("%20").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let long = "x".repeat(201);
        let other = post_form(
            &app,
            peers::STAFF_IPHONE,
            "record_milestone",
            format!("key={}&description={long}", Uuid::new_v4()),
        )
        .await;
        assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
        use sea_orm::EntityTrait;
        let event = app::server::entities::booth_event::Entity::find()
            .one(app.state.repo.connection())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (event.staff_device.as_deref(), event.seller_id.as_deref()),
            (Some("booth-phone-1"), Some("nok"))
        );
    }
}

#[tokio::test]
async fn the_language_follows_the_browser_until_the_toggle_sets_it() {
    let (_db, _fake, app) = setup(support::Backend::Sqlite, &[]).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    let client = app.client(peers::STAFF_IPHONE);
    let page = |lang: &'static str, cookie: Option<&'static str>| {
        let mut request = client.get(app.url("/")).header("accept-language", lang);
        if let Some(c) = cookie {
            request = request.header("cookie", c);
        }
        request.send()
    };
    assert!(
        page("th-TH,th;q=0.9", None)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("วันนี้")
    );
    assert!(
        page("en-US", None)
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("Today")
    );
    let set = post_form(&app, peers::STAFF_IPHONE, "set_language", "lang=th".into()).await;
    let cookie = set.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("lang=th;"), "{cookie}");
    assert!(
        page("en-US", Some("lang=th"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("วันนี้")
    );
    let bad = post_form(&app, peers::STAFF_IPHONE, "set_language", "lang=fr".into()).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn every_open_page_hears_about_a_new_record_from_any_device() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::SECOND_IPHONE, "Pim").await;
        let mut stream = app
            .client(peers::STAFF_IPHONE)
            .get(app.url("/api/live"))
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
        assert_eq!(stream.headers()["content-type"], "text/event-stream");
        assert!(next_event(&mut stream, "hello").await, "{backend:?}");
        let walk = walk_by(&app, peers::SECOND_IPHONE, Uuid::new_v4()).await;
        assert_eq!(walk.status(), StatusCode::OK);
        assert!(next_event(&mut stream, "changed").await, "{backend:?}: within 2 s");
        assert_eq!(app.state.live.listeners(), 1);
    }
    let (_db, _fake, app) = setup(support::Backend::Sqlite, &[]).await;
    let stranger = app
        .client(peers::STRANGER)
        .get(app.url("/api/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        stranger.status(),
        StatusCode::FORBIDDEN,
        "no stream for devices that may not log"
    );
}

#[tokio::test]
async fn the_stats_screen_renders_its_figures_and_sankey_on_the_server() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        stored(
            &app,
            conversation(&app, "persona=parent&hook=big_garden&sale=single&qty=2&price=1290").await,
        )
        .await;
        stored(
            &app,
            conversation(&app, "persona=expat&hook=signage&sale=none&objection=too_expensive").await,
        )
        .await;
        let walk = walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await;
        assert_eq!(walk.status(), StatusCode::OK);

        let page = app
            .client(peers::STAFF_IPHONE)
            .get(app.url("/stats?period=today"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{backend:?}");
        let html = page.text().await.unwrap();
        let sankey = html
            .split("<svg")
            .find(|svg| svg.contains(r#"class="sankey journey""#))
            .unwrap_or_default();
        assert!(
            sankey.contains("<path") && sankey.contains("Engaged"),
            "{backend:?}: the journey is SVG from the server"
        );
        let leads = html
            .split("<svg")
            .find(|svg| svg.contains(r#"class="sankey leads""#))
            .unwrap_or_default();
        assert!(
            leads.contains(r#"class="node no-lead""#) && leads.contains(r#"class="node sale""#),
            "{backend:?}: outcomes go on to lead channels"
        );
        let reasons = html
            .split("<svg")
            .find(|svg| svg.contains(r#"class="node reason""#))
            .unwrap_or_default();
        assert!(reasons.contains("Too expensive"), "{backend:?}: no sale → reasons");
        assert!(html.contains("฿2,580"), "{backend:?}: revenue");
        assert!(html.contains("2 boxes"), "{backend:?}: price validation counts boxes");
        assert!(
            html.contains("Too few records"),
            "{backend:?}: small samples are flagged"
        );

        let data: Value = post_form(
            &app,
            peers::STAFF_IPHONE,
            "analytics",
            "choice[period]=all&choice[seller]=nok".into(),
        )
        .await
        .json()
        .await
        .unwrap();
        assert_eq!(data["stats"]["visitors"], 3, "{backend:?}");
        assert_eq!(data["hypotheses"]["sticker_price"]["count"], 1);
        assert_eq!(data["journey"]["engaged"], 2);
        // One seller's figures through the screen: Pim's bundle is not Nok's.
        start_selling(&app, peers::SECOND_IPHONE, "Pim").await;
        let bundle = post_form(
            &app,
            peers::SECOND_IPHONE,
            "record_conversation",
            format!("key={}&persona=gift_buyer&hook=signage&sale=bundle_3", Uuid::new_v4()),
        )
        .await;
        stored(&app, bundle).await;
        let sales_cards = |query: &'static str| {
            let client = app.client(peers::STAFF_IPHONE);
            let url = app.url(&format!("/stats?{query}"));
            async move {
                let html = client.get(url).send().await.unwrap().text().await.unwrap();
                let cards = html.split(r#"data-testid="sales-cards""#).nth(1).unwrap_or_default();
                cards.split("</dl>").next().unwrap_or_default().to_string()
            }
        };
        assert!(
            sales_cards("period=all").await.contains("฿5,270"),
            "{backend:?}: the booth"
        );
        let nok = sales_cards("period=all&seller=nok").await;
        assert!(nok.contains("฿2,580") && !nok.contains("฿5,270"), "{backend:?}: {nok}");
        // Choosing only a seller in the form keeps the period of the tab: its dates are
        // empty, and empty dates are no dates.
        let all = app.page(peers::STAFF_IPHONE, "/stats?period=all").await;
        let form = all.split(r#"data-testid="period-form""#).nth(1).unwrap_or_default();
        assert!(form.contains(r#"name="period" value="all""#), "{backend:?}: {form}");
        let picked = sales_cards("period=all&from=&to=&seller=nok").await;
        assert!(
            picked.contains("฿2,580") && !picked.contains("฿5,270"),
            "{backend:?}: {picked}"
        );
        let today = sales_cards("period=today&from=&to=&seller=pim").await;
        assert!(today.contains("฿2,690"), "{backend:?}: {today}");
        // Dates typed on any tab decide.
        let typed = sales_cards("period=today&from=2020-01-01&to=2099-12-31").await;
        assert!(typed.contains("฿5,270"), "{backend:?}: {typed}");
        let pim = sales_cards("period=custom&from=2020-01-01&to=2099-12-31&seller=pim").await;
        assert!(pim.contains("฿2,690") && !pim.contains("฿5,270"), "{backend:?}: {pim}");

        let bad = post_form(&app, peers::STAFF_IPHONE, "analytics", "choice[period]=decade".into()).await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let custom = post_form(
            &app,
            peers::STAFF_IPHONE,
            "analytics",
            "choice[period]=custom&choice[from]=2025-12-19".into(),
        )
        .await;
        assert_eq!(
            custom.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "a custom range needs both dates"
        );
        let stranger = app.client(peers::STRANGER).get(app.url("/stats")).send().await.unwrap();
        assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
    }
}
