//! What the markets teach, over HTTP as the pages ask for it (the sequel to the events
//! issue): comparing events, the heat map and what a milestone changed, from records
//! logged through the app — and every bad input refused with a clear error that changes
//! nothing. SQLite and PostgreSQL run the same body.

mod support;

use reqwest::StatusCode;
use serde_json::Value;
use std::net::IpAddr;
use support::{BACKENDS, TestApp, peers, post_form, setup, start_selling};
use uuid::Uuid;

/// booth-phone-1: an admin (by configuration) selling as Nok.
const ADMIN: IpAddr = peers::STAFF_IPHONE;

fn bangkok_day(days_ago: i64) -> chrono::NaiveDate {
    (chrono::Utc::now().with_timezone(&chrono_tz::Asia::Bangkok) - chrono::Duration::days(days_ago)).date_naive()
}

async fn ok(app: &TestApp, endpoint: &str, body: String) -> Value {
    let response = post_form(app, ADMIN, endpoint, body).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{endpoint}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn refused(app: &TestApp, endpoint: &str, body: String, why: &str) {
    let response = post_form(app, ADMIN, endpoint, body.clone()).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{endpoint} {body}");
    let text = response.text().await.unwrap();
    assert!(text.contains(why), "{endpoint} {body}: {text}");
}

#[tokio::test]
async fn markets_compare_map_and_measure_over_http_and_bad_input_changes_nothing() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        start_selling(&app, ADMIN, "Nok").await;
        // Central World ran 8 to 6 days ago, 10:00–18:00, ฿2,000 fee; K Village runs from
        // yesterday on.
        let (d8, d7, d6, d1) = (bangkok_day(8), bangkok_day(7), bangkok_day(6), bangkok_day(1));
        ok(
            &app,
            "admin_save_event",
            format!("id=k-village-2025&name=K+Village+2025&first_day={d1}"),
        )
        .await;
        ok(
            &app,
            "admin_save_event",
            format!("name=Central+World&first_day={d8}&last_day={d6}&opens=10:00&closes=18:00&booth_fee=2000"),
        )
        .await;
        // 7 days ago at Central World: three walk-bys at 11:00, a milestone at 11:15, a
        // single box at ฿1,290 at 11:30. Today at K Village: two walk-bys and a no-sale.
        for _ in 0..3 {
            ok(&app, "record_walk_by", format!("key={}&at={d7}T11:00", Uuid::new_v4())).await;
        }
        let milestone_at = format!("{d7}T04:15:00Z"); // 11:15 Bangkok
        ok(
            &app,
            "record_milestone",
            format!(
                "key={}&description=New+signage&tapped_at={milestone_at}",
                Uuid::new_v4()
            ),
        )
        .await;
        ok(
            &app,
            "record_conversation",
            format!(
                "key={}&persona=parent&hook=big_garden&sale=single&qty=1&price=1290&lead=line&at={d7}T11:30",
                Uuid::new_v4()
            ),
        )
        .await;
        for _ in 0..2 {
            ok(&app, "record_walk_by", format!("key={}", Uuid::new_v4())).await;
        }
        ok(
            &app,
            "record_conversation",
            format!(
                "key={}&persona=expat&hook=signage&sale=none&objection=too_expensive",
                Uuid::new_v4()
            ),
        )
        .await;
        assert_eq!(
            app.count_where("interactions", "event_id = 'central-world'").await,
            4,
            "{backend:?}"
        );

        // Compare: one column each, by hand.
        let both = "choice[events][0]=central-world&choice[events][1]=k-village-2025";
        let data = ok(&app, "compare_events", format!("{both}&choice[archived]=false")).await;
        let (cw, kv) = (&data["markets"][0], &data["markets"][1]);
        assert_eq!(cw[0]["name"], "Central World", "{backend:?}");
        assert_eq!(cw[1]["days_open"], 3);
        assert_eq!(cw[1]["hours_per_day"], 8.0);
        assert_eq!(cw[1]["booth_fee"], 2000);
        assert_eq!(
            (
                &cw[1]["stats"]["visitors"],
                &cw[1]["stats"]["sales"],
                &cw[1]["stats"]["revenue"]
            ),
            (&Value::from(4), &Value::from(1), &Value::from(1290)),
            "{backend:?}"
        );
        assert_eq!(cw[1]["hypotheses"]["sticker_price"]["count"], 1);
        assert_eq!(kv[1]["days_open"], 2, "yesterday and today");
        assert_eq!(kv[1]["stats"]["visitors"], 3);
        assert_eq!(kv[1]["hypotheses"]["price_objections"]["count"], 1);

        // What the milestone changed, 3 h each side cut to 10:00–18:00: 11:15 back to
        // 10:00 (1.25 h, the three walk-bys) and on to 14:15 (3 h, the sale).
        let stats = |extra: &str| format!("choice[period]=all&choice[event]=central-world{extra}");
        let data = ok(&app, "analytics", stats("&choice[window]=3")).await;
        assert_eq!(data["window_hours"], 3);
        let effect = &data["effects"][0]["effect"];
        assert_eq!(data["effects"][0]["description"], "New signage", "{backend:?}");
        assert_eq!(effect["before"]["hours"], 1.25, "{backend:?}");
        assert_eq!(effect["before"]["visitors"], 3, "{backend:?}");
        assert_eq!(effect["after"]["hours"], 3.0);
        assert_eq!(
            (
                &effect["after"]["visitors"],
                &effect["after"]["conversations"],
                &effect["after"]["sales"]
            ),
            (&Value::from(1), &Value::from(1), &Value::from(1)),
            "{backend:?}"
        );
        // The heat map of Central World: its three days, one cell at 11:00 with all four.
        let heat = &data["heat"]["Ok"];
        assert_eq!(heat["days"].as_array().unwrap().len(), 3, "{backend:?}");
        assert_eq!(heat["cells"].as_array().unwrap().len(), 1, "{backend:?}");
        assert_eq!(heat["cells"][0]["hour"], 11);
        assert_eq!(heat["cells"][0]["visitors"], 4, "{backend:?}");
        assert_eq!(heat["cells"][0]["sellers"][0], "nok");

        // Bad input: a clear error each time, and nothing changes.
        let rows = (app.count("interactions").await, app.count("pop_up_events").await);
        refused(
            &app,
            "compare_events",
            "choice[events][0]=central-world".into(),
            "CompareCount",
        )
        .await;
        for k in 0..5 {
            ok(
                &app,
                "admin_save_event",
                format!(
                    "name=Old+Market+{k}&first_day=2024-0{}-01&last_day=2024-0{}-02",
                    k + 1,
                    k + 1
                ),
            )
            .await;
        }
        let seven: String = ["central-world", "k-village-2025"]
            .into_iter()
            .map(String::from)
            .chain((0..5).map(|k| format!("old-market-{k}")))
            .enumerate()
            .map(|(i, id)| format!("choice[events][{i}]={id}&"))
            .collect();
        refused(&app, "compare_events", seven, "CompareCount").await;
        refused(
            &app,
            "compare_events",
            "choice[events][0]=nowhere&choice[events][1]=central-world".into(),
            "UnknownValue",
        )
        .await;
        ok(&app, "admin_event_action", "id=central-world&action=archive".into()).await;
        refused(&app, "compare_events", both.into(), "EventArchived").await;
        let shown = ok(&app, "compare_events", format!("{both}&choice[archived]=true")).await;
        assert_eq!(shown["markets"].as_array().unwrap().len(), 2, "archived, and asked for");
        for window in ["0", "5", "two", "-1"] {
            refused(
                &app,
                "analytics",
                stats(&format!("&choice[window]={window}")),
                "WindowHours",
            )
            .await;
        }
        let years = ok(
            &app,
            "analytics",
            "choice[period]=custom&choice[from]=2020-01-01&choice[to]=2025-12-31&choice[event]=all".into(),
        )
        .await;
        assert_eq!(
            years["heat"]["Err"]["RangeTooLong"], 366,
            "{backend:?}: refused, not squeezed"
        );
        assert_eq!(years["stats"]["visitors"], 0, "the rest of the screen still answers");
        assert_eq!(
            (app.count("interactions").await, app.count("pop_up_events").await),
            (rows.0, rows.1 + 5),
            "{backend:?}: only the five events made on purpose"
        );
        // The pages themselves say why.
        let page = app.page(ADMIN, "/stats/compare?event=k-village-2025").await;
        assert!(page.contains("Pick between 2 and 6 events to compare."), "{page}");
        let page = app.page(ADMIN, "/stats?period=all&event=k-village-2025&window=9").await;
        assert!(
            page.contains("The window before and after must be 1 to 4 hours."),
            "{backend:?}"
        );
    }
}
