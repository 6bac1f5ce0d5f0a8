//! Fuzzing the server functions' argument decoding (issue 6): random form bodies, made of
//! the fields they take, strangers, and hostile values, posted to every server function
//! by an admin phone, so that decoding and validation both run. Whatever arrives is
//! refused with a 4xx or done (2xx), never a 5xx, and the server keeps answering.
//! `PROPTEST_CASES` sets the number of bodies (256 by default; `make fuzz` many more).

mod support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use support::{Backend, peers, setup, start_selling};

const ENDPOINTS: [&str; 26] = [
    "record_walk_by",
    "record_conversation",
    "record_milestone",
    "undo_record",
    "record_summary",
    "home_summary",
    "page_context",
    "set_language",
    "seller_choices",
    "choose_seller",
    "add_seller",
    "analytics",
    "compare_events",
    "admin_browse",
    "admin_record",
    "admin_update_record",
    "admin_delete_record",
    "admin_restore_record",
    "admin_purge_record",
    "admin_trash",
    "admin_milestone",
    "admin_update_milestone",
    "admin_sellers",
    "admin_rename_seller",
    "admin_set_seller_active",
    "admin_change_device",
];

/// Field names the functions know (flat, nested and bracketed) and some they do not.
const FIELDS: [&str; 33] = [
    "key",
    "at",
    "tapped_at",
    "persona",
    "hook",
    "sale",
    "qty",
    "price",
    "objection",
    "lead",
    "description",
    "id",
    "lang",
    "seller_id",
    "name",
    "choice[period]",
    "choice[from]",
    "choice[seller]",
    "choice[window]",
    "choice[events][0]",
    "choice[archived]",
    "filter[range]",
    "filter[kind]",
    "at[after]",
    "at[through]",
    "at[more]",
    "kind",
    "version",
    "at_was",
    "notes",
    "confirm",
    "device",
    "action",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("00000000-0000-0000-0000-000000000000".to_string()),
        Just(uuid::Uuid::new_v4().to_string()),
        Just("2025-12-19T23:30".to_string()),
        Just("9999-99-99T99:99".to_string()),
        Just("single".to_string()),
        Just("-99999999999999999999".to_string()),
        Just("%ZZ%00%".to_string()),
        Just("x".repeat(70_000)),
        "[a-z_]{1,12}",
        "\\PC{0,40}",
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

fn body() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        4 => proptest::sample::select(FIELDS.to_vec()).prop_map(str::to_string),
        1 => "\\PC{0,10}",
    ];
    proptest::collection::vec((field, value(), any::<bool>()), 0..8).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v, encode)| {
                let v = if encode { support::encode(&v) } else { v };
                format!("{}={v}", support::encode(&k))
            })
            .collect::<Vec<_>>()
            .join("&")
    })
}

#[test]
fn no_body_sent_to_any_server_function_gets_a_5xx() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (_db, _fake, app) = runtime.block_on(async {
        let booth = setup(Backend::Sqlite, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        start_selling(&booth.2, peers::STAFF_IPHONE, "Nok").await;
        booth
    });
    // A connection per body: after an over-long body the server answers 413 and closes
    // the connection unread, and a reused connection would then fail in transit — the
    // transport's doing, not the answer this test is about.
    let client = reqwest::Client::builder()
        .local_address(peers::STAFF_IPHONE)
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut runner = TestRunner::new(Config::default());
    let strategy = (proptest::sample::select(ENDPOINTS.to_vec()), body());
    runner
        .run(&strategy, |(endpoint, body)| {
            let status = runtime.block_on(async {
                client
                    .post(app.url(&format!("/api/{endpoint}")))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("sec-fetch-site", "same-origin")
                    .body(body.clone())
                    .send()
                    .await
                    .map(|r| r.status())
            });
            let status = status.map_err(|e| TestCaseError::fail(format!("no answer: {e}")))?;
            prop_assert!(!status.is_server_error(), "{endpoint} {body:.300} → {status}");
            Ok(())
        })
        .unwrap();
    let health = runtime.block_on(async { client.get(app.url("/health")).send().await.unwrap().status() });
    assert!(health.is_success(), "still up");
}
