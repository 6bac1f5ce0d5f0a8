//! Hostile input through the real router, on SQLite and PostgreSQL: markup planted in
//! every field people type (and in the configuration) never comes back as markup on any
//! page; control characters and broken encodings are refused in every free-text field
//! and change nothing; slow and oversized requests are cut off with the right status.

mod support;

use reqwest::StatusCode;
use serde_json::Value;
use std::net::IpAddr;
use std::time::{Duration, Instant};
use support::{BACKENDS, TestApp, edit_notes, encode, peers, post_form, setup, start_selling};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const ADMIN: IpAddr = peers::STAFF_IPHONE;
const STAFF: IpAddr = peers::SECOND_IPHONE;

/// Markup that would run if any of it came back unescaped: each closes one of the
/// raw-text elements (textarea, title, style, noscript, script) or an attribute first.
const NOTES: &str = "</textarea><script>alert(1)</script><img src=x onerror=alert(2)>";
const SELLER: &str = "</title><script>alert(3)</script>";
const DEVICE: &str = "\"><img src=x onerror=alert(4)>";
const SECOND_SELLER: &str = "</style><svg onload=alert(5)>";
const MILESTONE: &str = "</noscript><img src=x onerror=alert(6)></script><script>alert(7)</script>";
const EVENT: &str = "</title></textarea><script>alert(8)</script>";

/// What must never appear in a page: the payloads as live markup.
const LIVE_MARKUP: [&str; 3] = ["<script>alert", "<img src=x", "<svg onload"];

async fn json(response: reqwest::Response) -> Value {
    let status = response.status();
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}"))
}

#[tokio::test]
async fn markup_typed_anywhere_comes_back_as_text_on_every_page() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1"), ("EVENT_NAME", EVENT)]).await;
        start_selling(&app, ADMIN, &encode(SELLER)).await;
        start_selling(&app, STAFF, &encode(SECOND_SELLER)).await;
        let ok = |r: reqwest::Response| async move {
            let status = r.status();
            assert_eq!(status, StatusCode::OK, "{:?}", r.text().await);
        };
        let talk = post_form(
            &app,
            STAFF,
            "record_conversation",
            format!("key={}&persona=parent&hook=signage&sale=bundle_3", Uuid::new_v4()),
        )
        .await;
        let id = json(talk).await["id"].as_str().unwrap().to_string();
        ok(edit_notes(&app, ADMIN, &id, NOTES).await).await;
        ok(post_form(
            &app,
            ADMIN,
            "admin_change_device",
            format!("device=booth-phone-2&action=rename&value={}", encode(DEVICE)),
        )
        .await)
        .await;
        ok(post_form(
            &app,
            STAFF,
            "record_milestone",
            format!("key={}&description={}", Uuid::new_v4(), encode(MILESTONE)),
        )
        .await)
        .await;
        let saved: Value = json(post_form(&app, ADMIN, "admin_record", format!("id={id}")).await).await;
        assert_eq!(saved["notes"], NOTES, "{backend:?}: stored exactly as typed");
        let milestone = app.count("events").await;
        let seller_id = app.state.repo.all_sellers().await.unwrap()[0].id.clone();

        // A second record in the trash, so the trash and its confirmation show text too.
        let gone = post_form(&app, STAFF, "record_walk_by", format!("key={}", Uuid::new_v4())).await;
        let gone = json(gone).await["id"].as_str().unwrap().to_string();
        ok(post_form(&app, ADMIN, "admin_delete_record", format!("id={gone}")).await).await;

        let pages = [
            "/".to_string(),
            "/?period=all".into(),
            "/seller".into(),
            format!("/seller?confirm={}", encode(&seller_id)),
            "/milestone".into(),
            "/past".into(),
            format!("/log/who?key={}", Uuid::new_v4()),
            "/stats?period=all".into(),
            format!("/stats?period=all&seller={}", encode(&seller_id)),
            "/admin?range=all".into(),
            format!("/admin?range=all&seller={}", encode(&seller_id)),
            format!("/admin/record/{id}"),
            format!("/admin/record/{id}?confirm=delete"),
            format!("/admin/record/{gone}"),
            format!("/admin/milestone/{milestone}"),
            "/admin/trash".into(),
            format!("/admin/trash?confirm={gone}"),
            "/admin/sellers".into(),
            "/admin/devices".into(),
            "/admin/devices?block=booth-phone-2".into(),
        ];
        for path in &pages {
            for peer in [ADMIN, STAFF] {
                let html = app.page(peer, path).await;
                for live in LIVE_MARKUP {
                    assert!(
                        !html.contains(live),
                        "{backend:?} {path}: {live:?} came back as markup:\n{}",
                        around(&html, live)
                    );
                }
            }
        }
        // The payloads are there, as text: the test looked where they are.
        let record_page = app.page(ADMIN, &format!("/admin/record/{id}")).await;
        assert!(
            record_page.contains("&lt;/textarea&gt;&lt;script&gt;alert(1)"),
            "{backend:?}"
        );
        assert!(
            app.page(ADMIN, "/")
                .await
                .contains("&lt;/title&gt;&lt;/textarea&gt;&lt;script&gt;alert(8)")
        );
        assert!(
            app.page(ADMIN, "/admin/devices")
                .await
                .contains("&quot;&gt;&lt;img src=x")
        );
        // Exports are data, never a page a browser would run.
        for export in ["/admin/export.csv?range=all", "/admin/export.json?range=all"] {
            let response = app.client(ADMIN).get(app.url(export)).send().await.unwrap();
            let kind = response.headers()["content-type"].to_str().unwrap().to_string();
            assert!(!kind.contains("html"), "{export}: {kind}");
            assert_eq!(response.headers()["x-content-type-options"], "nosniff");
        }
    }
}

fn around(html: &str, needle: &str) -> String {
    let at = html.find(needle).unwrap_or(0);
    let start = html[..at].char_indices().rev().nth(120).map_or(0, |(i, _)| i);
    html[start..].chars().take(300).collect()
}

/// Every free-text field, each with a NUL byte and with two broken UTF-8 sequences:
/// refused with 422 and the app's message, and nothing stored.
#[tokio::test]
async fn control_characters_and_broken_encodings_are_refused_in_every_field() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        start_selling(&app, ADMIN, "Nok").await;
        let talk = post_form(
            &app,
            ADMIN,
            "record_conversation",
            format!("key={}&persona=parent&hook=signage&sale=bundle_3", Uuid::new_v4()),
        )
        .await;
        let id = json(talk).await["id"].as_str().unwrap().to_string();
        let tables = ["interactions", "sellers", "events", "staff", "audit_log"];
        let mut before = Vec::new();
        for t in tables {
            before.push(app.count(t).await);
        }
        for bad in ["Nok%00Evil", "%C3%28", "%FF%FE", "bell%07", "esc%1B%5B31m"] {
            let fields: Vec<(IpAddr, &str, String)> = vec![
                (STAFF, "add_seller", format!("name={bad}")),
                (ADMIN, "choose_seller", format!("seller_id={bad}")),
                (
                    ADMIN,
                    "record_milestone",
                    format!("key={}&description={bad}", Uuid::new_v4()),
                ),
                (ADMIN, "admin_add_seller", format!("name={bad}")),
                (ADMIN, "admin_rename_seller", format!("id=nok&name={bad}")),
                (
                    ADMIN,
                    "admin_change_device",
                    format!("device=booth-phone-1&action=rename&value={bad}"),
                ),
                (
                    ADMIN,
                    "admin_update_record",
                    format!("id={id}&kind=conversation&persona=parent&hook=signage&sale=bundle_3&notes={bad}"),
                ),
                (ADMIN, "admin_browse", format!("filter[seller]={bad}")),
                (ADMIN, "analytics", format!("choice[seller]={bad}")),
                (
                    ADMIN,
                    "compare_events",
                    format!("choice[events][0]={bad}&choice[events][1]=k-village-2025"),
                ),
                // The name of a field is text too.
                (ADMIN, "record_walk_by", format!("key={}&{bad}=1", Uuid::new_v4())),
            ];
            for (peer, endpoint, body) in fields {
                let response = post_form(&app, peer, endpoint, body.clone()).await;
                assert_eq!(
                    response.status(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{backend:?} {endpoint} {body}"
                );
                assert_eq!(
                    json(response).await,
                    serde_json::json!({ "Invalid": "UnreadableText" }),
                    "{endpoint}: the app shows its message"
                );
            }
            // Pages and exports read the same rule from their URL.
            for path in [
                format!("/admin?range=all&seller={bad}"),
                format!("/stats?seller={bad}"),
                format!("/admin/export.csv?seller={bad}"),
                format!("/seller?confirm={bad}"),
            ] {
                let response = app.client(ADMIN).get(app.url(&path)).send().await.unwrap();
                assert_eq!(
                    response.status(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{backend:?} {path}"
                );
                let page = response.text().await.unwrap();
                assert!(
                    page.contains("control characters or a broken encoding"),
                    "{path}: {page}"
                );
            }
        }
        for (t, n) in tables.iter().zip(before) {
            assert_eq!(app.count(t).await, n, "{backend:?}: nothing written to {t}");
        }
        let notes = app.count_where("interactions", "notes IS NOT NULL").await;
        assert_eq!(notes, 0, "{backend:?}");
        // Line breaks and tabs are text: notes keep them.
        let record: Value = json(post_form(&app, ADMIN, "admin_record", format!("id={id}")).await).await;
        let kept = post_form(
            &app,
            ADMIN,
            "admin_update_record",
            format!(
                "id={id}&version={}&at_was={}&kind=conversation&persona=parent&hook=signage&sale=bundle_3&notes=two%0D%0Alines%09tab",
                encode(record["version"].as_str().unwrap()),
                record["at_local"].as_str().unwrap()
            ),
        )
        .await;
        assert_eq!(kept.status(), StatusCode::OK, "{backend:?}");
    }
}

/// One raw HTTP/1.1 exchange on a fresh connection, writing and reading at once: what
/// the server sent until it closed the connection (or `limit` passed), and how long it
/// took to say anything (or to close without a word).
async fn raw(
    app: &TestApp,
    write: impl AsyncFnOnce(&mut tokio::net::tcp::OwnedWriteHalf),
    limit: Duration,
) -> (String, Duration) {
    let started = Instant::now();
    let (mut reader, mut writer) = tokio::net::TcpStream::connect(app.addr).await.unwrap().into_split();
    let reading = async {
        let (mut answer, mut first) = (Vec::new(), None);
        let mut buf = [0u8; 8192];
        while let Ok(Ok(n)) = tokio::time::timeout_at((started + limit).into(), reader.read(&mut buf)).await {
            first.get_or_insert_with(|| started.elapsed());
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
        }
        (String::from_utf8_lossy(&answer).into_owned(), first.unwrap_or(limit))
    };
    let writing = async {
        write(&mut writer).await;
        std::future::pending::<()>().await
    };
    tokio::select! {
        answer = reading => answer,
        () = writing => unreachable!(),
    }
}

#[tokio::test]
async fn slow_and_oversized_requests_are_cut_off() {
    let (_db, _fake, app) = setup(support::Backend::Sqlite, &[]).await;
    let limit = server::HEADER_READ_TIMEOUT + Duration::from_secs(5);
    let head = |length: &str| {
        format!(
            "POST /api/record_walk_by HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n{length}\r\n"
        )
    };
    let (headers_slowly, bodies_slowly, idle) = tokio::join!(
        // Headers a byte a second: the connection is closed when the time is up.
        raw(
            &app,
            async |s: &mut tokio::net::tcp::OwnedWriteHalf| {
                for b in b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " {
                    if s.write_all(&[*b]).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            },
            limit,
        ),
        // A body a byte a second: 408.
        raw(
            &app,
            async |s: &mut tokio::net::tcp::OwnedWriteHalf| {
                s.write_all(head("Content-Length: 100\r\n").as_bytes()).await.unwrap();
                for _ in 0..100 {
                    if s.write_all(b"k").await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
            },
            limit,
        ),
        // A connection that never says anything is not kept either.
        raw(&app, async |_: &mut tokio::net::tcp::OwnedWriteHalf| {}, limit),
    );
    assert!(
        headers_slowly.0.is_empty(),
        "no answer to half a request: {}",
        headers_slowly.0
    );
    assert!(headers_slowly.1 < limit, "closed after {:?}", headers_slowly.1);
    assert!(bodies_slowly.0.starts_with("HTTP/1.1 408"), "{}", bodies_slowly.0);
    assert!(bodies_slowly.1 < limit, "answered after {:?}", bodies_slowly.1);
    assert!(idle.1 < limit, "an idle connection closed after {:?}", idle.1);

    // 100 MB: 413 whether announced or sent in chunks, and nothing is stored.
    let big = 100 * 1024 * 1024;
    let (announced, _) = raw(
        &app,
        async |s: &mut tokio::net::tcp::OwnedWriteHalf| {
            s.write_all(head(&format!("Content-Length: {big}\r\n")).as_bytes())
                .await
                .unwrap();
            let _ = s.write_all(&[b'k'; 1024]).await;
        },
        limit,
    )
    .await;
    assert!(announced.starts_with("HTTP/1.1 413"), "{announced}");
    let (chunked, _) = raw(
        &app,
        async |s: &mut tokio::net::tcp::OwnedWriteHalf| {
            s.write_all(head("Transfer-Encoding: chunked\r\n").as_bytes())
                .await
                .unwrap();
            let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "k".repeat(64 * 1024));
            for _ in 0..(big / (64 * 1024)) {
                if s.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
        },
        limit,
    )
    .await;
    assert!(chunked.starts_with("HTTP/1.1 413"), "{chunked}");
    let client = reqwest::Client::new();
    let too_big = client
        .post(app.url("/api/record_walk_by"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(format!(
            "key={}&pad={}",
            Uuid::new_v4(),
            "x".repeat(server::MAX_BODY_BYTES)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(too_big).await, serde_json::json!("TooLarge"));
    assert_eq!(app.count("interactions").await, 0);
}

#[tokio::test]
async fn an_allowed_host_written_with_a_port_is_allowed_on_any_port() {
    let (_db, _fake, app) = setup(support::Backend::Sqlite, &[("ALLOWED_HOSTS", "Tenacity:3000")]).await;
    for host in ["tenacity:3000", "tenacity", "TENACITY:8443"] {
        let response = app
            .client(peers::STAFF_IPHONE)
            .get(app.url("/health"))
            .header("host", host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{host}");
    }
    let other = app
        .client(peers::STAFF_IPHONE)
        .get(app.url("/health"))
        .header("host", "evil.example:3000")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::MISDIRECTED_REQUEST);
}
