//! HTTP tests: the real router on 127.0.0.1, a fake tailscaled on a real Unix socket,
//! requests made the way a browser makes them. Database-touching cases run on SQLite
//! and PostgreSQL.

mod support;

use reqwest::StatusCode;
use reqwest::header;
use support::fake_tailscaled::FakeTailscaled;
use support::{BACKENDS, Backend, TestApp, TestDb, config, peers, post_form, setup, start_selling, walk_by};
use uuid::Uuid;

#[tokio::test]
async fn a_tailnet_phone_sees_home_and_logs_a_walk_by_exactly_once_per_key() {
    for backend in BACKENDS {
        let (_db, fake, app) = setup(backend, &[]).await;
        let refused = walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await;
        assert_eq!(
            refused.status(),
            StatusCode::CONFLICT,
            "{backend:?}: no seller chosen yet"
        );
        assert_eq!(app.count("interactions").await, 0);
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        start_selling(&app, peers::SECOND_IPHONE, "Pim").await;

        let home = app.client(peers::STAFF_IPHONE).get(app.url("/")).send().await.unwrap();
        assert_eq!(home.status(), StatusCode::OK, "{backend:?}");
        let html = home.text().await.unwrap();
        assert!(html.contains("K Village 2025"), "{backend:?}: event name shown");
        assert!(
            html.contains("booth-phone-1"),
            "{backend:?}: device shown by its MagicDNS name"
        );
        assert!(html.contains(r#"data-stat="visitors""#), "{backend:?}: today's ribbon");

        let key = Uuid::new_v4();
        let first = walk_by(&app, peers::STAFF_IPHONE, key).await;
        assert_eq!(first.status(), StatusCode::OK, "{backend:?}");
        let first: serde_json::Value = first.json().await.unwrap();
        assert_eq!(first["replayed"], false);

        // The phone retries (it never saw the answer): same row, no second one.
        let again: serde_json::Value = walk_by(&app, peers::STAFF_IPHONE, key).await.json().await.unwrap();
        assert_eq!(again["id"], first["id"], "{backend:?}");
        assert_eq!(again["replayed"], true);
        assert_eq!(app.count("interactions").await, 1, "{backend:?}");

        // The row carries the device, the walk-by shape and the server's time.
        let id: Uuid = first["id"].as_str().unwrap().parse().unwrap();
        let row = app.state.repo.interaction(id).await.unwrap().unwrap();
        assert_eq!(row.staff_device.as_deref(), Some("booth-phone-1"));
        assert_eq!(row.seller_id.as_deref(), Some("nok"));
        assert_eq!(row.interaction_type.as_deref(), Some("walk_by"));
        assert!(!row.engaged);
        assert_eq!((row.persona, row.total_amount), (None, None));
        assert!((chrono::Utc::now() - row.timestamp).num_seconds().abs() < 60);

        // Another device reusing that key is refused and writes nothing.
        let stolen = walk_by(&app, peers::SECOND_IPHONE, key).await;
        assert_eq!(stolen.status(), StatusCode::CONFLICT, "{backend:?}");
        assert_eq!(app.count("interactions").await, 1);

        let summary: serde_json::Value = post_form(&app, peers::STAFF_IPHONE, "home_summary", String::new())
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(summary["today"]["booth"]["visitors"], 1, "{backend:?}");
        assert_eq!(summary["today"]["seller"]["visitors"], 1, "{backend:?}");
        assert_eq!(summary["today"]["booth"]["conversations"], 0);
        assert!(
            fake.seen()
                .iter()
                .all(|r| r.host.as_deref() == Some("local-tailscaled.sock"))
        );
        drop(app);
    }
}

#[tokio::test]
async fn a_plain_form_post_without_javascript_redirects_back_and_the_count_shows() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[]).await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        let response = app
            .client(peers::STAFF_IPHONE)
            .post(app.url("/api/record_walk_by"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, app.url("/"))
            .header(header::ORIGIN, format!("http://{}", app.addr))
            .body(format!("key={}", Uuid::new_v4()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FOUND, "{backend:?}");
        let base = reqwest::Url::parse(&app.url("/")).unwrap();
        let location = base
            .join(response.headers()[header::LOCATION].to_str().unwrap())
            .unwrap();
        assert_eq!(location.path(), "/", "{backend:?}: back to Home");
        assert!(
            location.query().is_some_and(|q| q.starts_with("saved=")),
            "{backend:?}: with its Undo offer"
        );
        let html = app.page(peers::STAFF_IPHONE, "/").await;
        let visitors = html.split(r#"data-stat="visitors""#).nth(1).unwrap();
        assert!(visitors.contains("<dd>1</dd>"), "{backend:?}: {visitors:.200}");
    }
}

#[tokio::test]
async fn devices_are_keyed_by_node_not_hostname_and_legacy_rows_bind_by_machine_name() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(backend, &[("ADMIN_DEVICES", "booth-phone-1")]).await;
        app.execute(
            "INSERT INTO staff (device_name, display_name, active_seller) VALUES ('sisia', 'Sisia''s Mac', 'nok')",
        )
        .await;
        app.execute("INSERT INTO sellers (id, display_name, is_active) VALUES ('nok', 'Nok', TRUE)")
            .await;
        start_selling(&app, peers::STAFF_IPHONE, "Pim").await;
        start_selling(&app, peers::SECOND_IPHONE, "Pim").await;

        for peer in [
            peers::STAFF_IPHONE,
            peers::SECOND_IPHONE,
            peers::LEGACY_MAC,
            peers::LEGACY_MAC,
        ] {
            assert_eq!(
                walk_by(&app, peer, Uuid::new_v4()).await.status(),
                StatusCode::OK,
                "{backend:?}"
            );
        }
        // Two iPhones both called "localhost" are two devices; the Mac reused its legacy row.
        assert_eq!(app.count("staff").await, 3, "{backend:?}");
        let conn = app.state.repo.connection();
        use app::server::entities::device;
        use sea_orm::EntityTrait;
        let sisia = device::Entity::find_by_id("sisia").one(conn).await.unwrap().unwrap();
        assert_eq!(sisia.node_id.as_deref(), Some("nLegacyMac01CNTRL"));
        assert_eq!(sisia.display_name.as_deref(), Some("Sisia's Mac"), "legacy values kept");
        let phone = device::Entity::find_by_id("booth-phone-1")
            .one(conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (phone.role.as_str(), phone.status.as_str()),
            ("admin", "active"),
            "ADMIN_DEVICES bootstraps admins"
        );
        let second = device::Entity::find_by_id("booth-phone-2")
            .one(conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(second.role, "staff");
    }
}

/// The identity page: plain words in both languages, a Try again, no address echoed,
/// and nothing written.
async fn assert_identity_refused(app: &TestApp, peer: std::net::IpAddr, status: StatusCode, problem: &str) {
    let page = app.client(peer).get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), status, "{problem}");
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!(r#"data-identity-problem="{problem}""#)),
        "{problem}: {html:.300}"
    );
    assert!(html.contains("Try again") && html.contains("ลองอีกครั้ง"));
    assert!(!html.contains(&peer.to_string()), "the caller's IP is not echoed");
    // Trying again reloads the page the person was on, not Home.
    let elsewhere = app.page(peer, "/stats?period=week").await;
    assert!(
        elsewhere.contains(r#"href="/stats?period=week" data-testid="try-again""#),
        "{problem}: {elsewhere:.600}"
    );
    let before = app.count("interactions").await;
    let write = walk_by(app, peer, Uuid::new_v4()).await;
    assert_eq!(write.status(), status, "{problem}: the server function refuses too");
    let error: serde_json::Value = write.json().await.unwrap();
    assert_eq!(error["Identity"], problem);
    assert_eq!(app.count("interactions").await, before, "{problem}: nothing written");
}

#[tokio::test]
async fn strangers_tagged_blocked_and_pending_devices_are_refused() {
    for backend in BACKENDS {
        let (_db, _fake, app) = setup(
            backend,
            &[("REGISTRATION", "approval"), ("ADMIN_DEVICES", "booth-phone-1")],
        )
        .await;
        assert_identity_refused(&app, peers::STRANGER, StatusCode::FORBIDDEN, "NotOnTailnet").await;
        assert_identity_refused(&app, peers::TAGGED_SERVER, StatusCode::FORBIDDEN, "TaggedNode").await;
        // In approval mode a new phone waits; a configured admin does not.
        assert_identity_refused(&app, peers::SECOND_IPHONE, StatusCode::FORBIDDEN, "AwaitingApproval").await;
        start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
        assert_eq!(
            walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await.status(),
            StatusCode::OK
        );
        app.execute("UPDATE staff SET status = 'blocked' WHERE device_name = 'booth-phone-2'")
            .await;
        assert_identity_refused(&app, peers::SECOND_IPHONE, StatusCode::FORBIDDEN, "Blocked").await;
        // A tagged node never gets a device row.
        assert_eq!(app.count("staff").await, 2, "{backend:?}");
    }
}

#[tokio::test]
async fn tailscaled_down_missing_or_slow_gives_503_then_recovers_by_itself() {
    let (db, mut fake, app) = setup(Backend::Sqlite, &[]).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    assert_eq!(
        walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await.status(),
        StatusCode::OK
    );

    // Slow (a daemon starting): the whois times out after ~2 s instead of hanging the tap.
    assert_identity_refused(
        &app,
        peers::SLOW,
        StatusCode::SERVICE_UNAVAILABLE,
        "TailscaleUnavailable",
    )
    .await;

    // Stopped: the socket refuses connections. Cached answers would hide this, so ask
    // from a peer the cache has not seen.
    fake.stop();
    assert_identity_refused(
        &app,
        peers::SECOND_IPHONE,
        StatusCode::SERVICE_UNAVAILABLE,
        "TailscaleUnavailable",
    )
    .await;
    fake.resume();
    start_selling(&app, peers::SECOND_IPHONE, "Pim").await;
    assert_eq!(
        walk_by(&app, peers::SECOND_IPHONE, Uuid::new_v4()).await.status(),
        StatusCode::OK,
        "recovers without a restart"
    );

    // Not installed: no socket at all.
    let missing = TestApp::spawn(config(
        &db.url,
        std::path::Path::new("/nonexistent/tailscaled.sock"),
        &[],
    ))
    .await;
    assert_identity_refused(
        &missing,
        peers::STAFF_IPHONE,
        StatusCode::SERVICE_UNAVAILABLE,
        "TailscaleUnavailable",
    )
    .await;
}

#[tokio::test]
async fn forwarded_headers_count_only_from_trusted_proxies() {
    let (_db, _fake, app) = setup(Backend::Sqlite, &[]).await;
    let spoofed = app
        .client(peers::STRANGER)
        .get(app.url("/"))
        .header("x-forwarded-for", peers::STAFF_IPHONE.to_string())
        .header("x-real-ip", peers::STAFF_IPHONE.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        spoofed.status(),
        StatusCode::FORBIDDEN,
        "X-Forwarded-For from an untrusted peer is ignored"
    );

    let (_db2, _fake2, proxied) = setup(Backend::Sqlite, &[("TRUSTED_PROXIES", "127.0.0.1")]).await;
    let via_proxy = proxied
        .client(peers::STRANGER)
        .get(proxied.url("/"))
        .header("x-forwarded-for", format!("203.0.113.9, {}", peers::STAFF_IPHONE))
        .send()
        .await
        .unwrap();
    assert_eq!(via_proxy.status(), StatusCode::OK);
    assert!(via_proxy.text().await.unwrap().contains("booth-phone-1"));
}

/// `tailscale serve --https=443 http://127.0.0.1:3000` in front: tailscaled ends HTTPS
/// and connects from loopback with the phone's tailnet address in X-Forwarded-For and
/// `X-Forwarded-Proto: https`; with TRUSTED_PROXIES=127.0.0.1 the phone is identified,
/// its host is the MagicDNS name, and the app treats the request as secure.
#[tokio::test]
async fn behind_tailscale_serve_the_phone_is_identified_and_the_request_is_secure() {
    let extra = [
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("ALLOWED_HOSTS", "tenacity.tail4f2a1.ts.net"),
    ];
    let (_db, _fake, app) = setup(Backend::Sqlite, &extra).await;
    let serve = app.client(std::net::IpAddr::from([127, 0, 0, 1]));
    let forwarded = |request: reqwest::RequestBuilder| {
        request
            .header("host", "tenacity.tail4f2a1.ts.net")
            .header("x-forwarded-for", peers::STAFF_IPHONE.to_string())
            .header("x-forwarded-proto", "https")
    };
    let home = forwarded(serve.get(app.url("/"))).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("booth-phone-1"));
    let lang = forwarded(serve.post(app.url("/api/set_language")))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("lang=en")
        .send()
        .await
        .unwrap();
    assert!(lang.headers()["set-cookie"].to_str().unwrap().ends_with("; Secure"));
    // A direct connection from loopback without the proxy's header is nobody's phone.
    let direct = serve
        .get(app.url("/"))
        .header("host", "tenacity.tail4f2a1.ts.net")
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), StatusCode::FORBIDDEN);
}

/// A non-loopback address of this machine, if it has one.
fn non_loopback_ip() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?; // no packet is sent; this only picks a route
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn the_development_identity_is_honoured_for_loopback_peers_only() {
    let db = TestDb::empty(Backend::Sqlite).await;
    let fake = FakeTailscaled::start().await;
    let cfg = config(
        &db.url,
        &fake.socket,
        &[("DEV_DEVICE", "dev-laptop"), ("ALLOWED_HOSTS", "lumicello.test")],
    );
    let app = TestApp::spawn_on(cfg, "0.0.0.0".parse().unwrap()).await;
    let loopback = format!("http://127.0.0.1:{}/", app.addr.port());
    let html = app
        .client(peers::STRANGER)
        .get(&loopback)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("dev-laptop"), "loopback caller is the development device");

    let ip = non_loopback_ip().expect("this test needs a non-loopback address on the machine");
    let remote = reqwest::Client::builder().local_address(ip).build().unwrap();
    let response = remote
        .get(format!("http://{ip}:{}/", app.addr.port()))
        .header(header::HOST, "lumicello.test")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a non-loopback caller goes through tailscaled"
    );
    assert!(response.text().await.unwrap().contains("NotOnTailnet"));
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let (_db, _fake, app) = setup(Backend::Sqlite, &[]).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    let cases = [
        ("key=not-a-uuid", StatusCode::UNPROCESSABLE_ENTITY),
        ("", StatusCode::UNPROCESSABLE_ENTITY),
        (
            &*format!("key={}&engaged=true", Uuid::new_v4()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            &*format!("key={}&persona=parent", Uuid::new_v4()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (body, status) in cases {
        let response = post_form(&app, peers::STAFF_IPHONE, "record_walk_by", body.to_string()).await;
        assert_eq!(response.status(), status, "{body:?}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert!(error.get("BadRequest").is_some(), "{body:?}: {error}");
    }
    let huge = format!("key={}&pad={}", Uuid::new_v4(), "x".repeat(server::MAX_BODY_BYTES + 1));
    let response = post_form(&app, peers::STAFF_IPHONE, "record_walk_by", huge).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("interactions").await, 0);
}

#[tokio::test]
async fn foreign_hosts_and_cross_site_posts_are_refused_and_pages_cannot_be_framed() {
    let (_db, _fake, app) = setup(Backend::Sqlite, &[]).await;
    let client = app.client(peers::STAFF_IPHONE);
    let foreign = client
        .get(app.url("/"))
        .header(header::HOST, "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::MISDIRECTED_REQUEST);
    let allowed = client
        .get(app.url("/"))
        .header(header::HOST, "lumicello.test:3000")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.status(),
        StatusCode::OK,
        "ALLOWED_HOSTS names are accepted on any port"
    );

    let form = |req: reqwest::RequestBuilder| {
        req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(format!("key={}", Uuid::new_v4()))
    };
    let cross = form(
        client
            .post(app.url("/api/record_walk_by"))
            .header("sec-fetch-site", "cross-site"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let other_origin = form(
        client
            .post(app.url("/api/record_walk_by"))
            .header(header::ORIGIN, "http://evil.example"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(other_origin.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("interactions").await, 0);

    let page = client
        .get(app.url("/"))
        .header(header::ORIGIN, "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(
        page.headers()[header::CONTENT_SECURITY_POLICY],
        "frame-ancestors 'none'"
    );
    assert!(
        page.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
        "no CORS"
    );
}

#[tokio::test]
async fn health_and_readiness_need_no_identity() {
    let (_db, _fake, app) = setup(Backend::Sqlite, &[]).await;
    let client = app.client(peers::STRANGER);
    assert_eq!(
        client.get(app.url("/health")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let ready = client.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
    assert_eq!(
        client.get(app.url("/no-such-page")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_every_answer_carries_a_request_id() {
    let (_db, _fake, app) = setup(Backend::Sqlite, &[]).await;
    start_selling(&app, peers::STAFF_IPHONE, "Nok").await;
    assert_eq!(
        walk_by(&app, peers::STAFF_IPHONE, Uuid::new_v4()).await.status(),
        StatusCode::OK
    );
    let echoed = app
        .client(peers::STAFF_IPHONE)
        .get(app.url("/"))
        .header("x-request-id", "phone-42")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "phone-42", "a caller's id is kept");
    let made = app.client(peers::STAFF_IPHONE).get(app.url("/")).send().await.unwrap();
    assert_eq!(made.headers()["x-request-id"].len(), 32, "or one is made");

    let metrics = app
        .client(peers::STRANGER)
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::OK, "no identity needed, like the probes");
    assert!(
        metrics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = metrics.text().await.unwrap();
    for expected in [
        r#"lumicello_http_requests_total{route="/api/record_walk_by",method="POST",status="200"} 1"#,
        r#"lumicello_http_requests_total{route="/",method="GET",status="200"} 2"#,
        r#"lumicello_records_written_total{kind="walk_by"} 1"#,
        r#"lumicello_identity_cache_total{result="miss"}"#,
        r#"lumicello_db_pool_connections{state="open"}"#,
        "lumicello_live_clients 0",
        r#"lumicello_http_request_duration_seconds_count{route="/api/record_walk_by"} 1"#,
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
}
