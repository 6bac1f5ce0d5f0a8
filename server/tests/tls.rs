//! HTTPS on the tailnet: the fake tailscaled serves `status` and `cert` with a test
//! certificate authority made here; the real server loop serves HTTPS with it, redirects
//! plain HTTP, lets the certificate's names in as hosts, swaps a renewed certificate
//! without a restart, keeps the current one when a renewal is refused, and says why and
//! what to do for every way of not getting one.

mod support;

use rcgen::{BasicConstraints, Certificate, CertificateParams, DnType, IsCa, KeyPair};
use reqwest::StatusCode;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use support::fake_tailscaled::{Certs, FakeTailscaled};
use support::{Backend, TestApp, TestDb, config, peers};

const NAME: &str = "tenacity.tail4f2a1.ts.net";

/// A certificate authority of this test run, as Let's Encrypt is to tailscaled.
struct Ca {
    cert: Certificate,
    key: KeyPair,
    pem: String,
}

impl Ca {
    fn new() -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, "Lumicello test CA");
        let cert = params.self_signed(&key).unwrap();
        Ca {
            pem: cert.pem(),
            cert,
            key,
        }
    }

    /// A key and certificate for `name` (PEM, key first, as tailscaled answers `pair`),
    /// valid from three days ago for `days` days from now (negative: expired).
    fn pair(&self, name: &str, days: i64) -> String {
        use chrono::Datelike;
        let ymd = |at: chrono::DateTime<chrono::Utc>| rcgen::date_time_ymd(at.year(), at.month() as u8, at.day() as u8);
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec![name.to_string()]).unwrap();
        params.not_before = ymd(chrono::Utc::now() - chrono::Duration::days(3));
        params.not_after = ymd(chrono::Utc::now() + chrono::Duration::days(days));
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        format!("{}{}", key.serialize_pem(), cert.pem())
    }
}

/// The app with TLS=tailscale, once its certificate job has run at least once.
async fn app_with(certs: Option<Certs>) -> (TestDb, FakeTailscaled, TestApp) {
    let db = TestDb::empty(Backend::Sqlite).await;
    let fake = FakeTailscaled::start().await;
    if let Some(certs) = certs {
        fake.certs(certs);
    }
    let app = TestApp::spawn(config(&db.url, &fake.socket, &[("TLS", "tailscale")])).await;
    assert!(
        app.background.wait_all_ran(Duration::from_secs(10)).await,
        "{:?}",
        app.background.runs()
    );
    (db, fake, app)
}

/// A phone on the tailnet: it resolves the MagicDNS name to the app and trusts the CA.
fn phone(app: &TestApp, ca: &Ca, peer: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(ca.pem.as_bytes()).unwrap())
        .resolve(NAME, SocketAddr::new([127, 0, 0, 1].into(), app.addr.port()))
        .local_address(peer)
        .tls_info(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn https_url(app: &TestApp, path: &str) -> String {
    format!("https://{NAME}:{}{path}", app.addr.port())
}

async fn served_certificate(app: &TestApp, ca: &Ca) -> Vec<u8> {
    let response = phone(app, ca, peers::STAFF_IPHONE)
        .get(https_url(app, "/health"))
        .send()
        .await
        .unwrap();
    let info = response.extensions().get::<reqwest::tls::TlsInfo>().unwrap();
    info.peer_certificate().unwrap().to_vec()
}

#[tokio::test]
async fn https_is_served_with_the_tailnet_certificate_and_plain_http_is_redirected() {
    let ca = Ca::new();
    let (_db, _fake, app) = app_with(Some(Certs::Pair {
        name: NAME.into(),
        pem: ca.pair(NAME, 80),
    }))
    .await;
    assert_eq!(app.https.name().as_deref(), Some(NAME));

    // A phone opens the app on its MagicDNS name: no ALLOWED_HOSTS entry needed.
    let client = phone(&app, &ca, peers::STAFF_IPHONE);
    let home = client.get(https_url(&app, "/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    assert!(home.text().await.unwrap().contains("Lumicello"));
    // The short machine name is the same machine.
    let short = client
        .get(https_url(&app, "/health"))
        .header("host", format!("tenacity:{}", app.addr.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), StatusCode::OK);
    // The language cookie is only ever sent back over HTTPS.
    let lang = client
        .post(https_url(&app, "/api/set_language"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body("lang=th")
        .send()
        .await
        .unwrap();
    assert_eq!(lang.status(), StatusCode::OK);
    assert!(lang.headers()["set-cookie"].to_str().unwrap().ends_with("; Secure"));

    // Plain HTTP on the same port is sent to the HTTPS address, never answered by the app.
    let plain = app.client(peers::STAFF_IPHONE);
    for path in ["/stats?period=week", "/api/record_walk_by"] {
        let redirected = plain.get(app.url(path)).send().await.unwrap();
        assert_eq!(redirected.status(), StatusCode::PERMANENT_REDIRECT, "{path}");
        assert_eq!(redirected.headers()["location"], https_url(&app, path).as_str());
    }
    // The health check and a Prometheus on this machine stay plain.
    let probe = app.client(IpAddr::from([127, 0, 0, 1]));
    assert_eq!(
        probe.get(app.url("/health")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let ready = probe.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(ready.text().await.unwrap(), "ready");
    let metrics = probe
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let days: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("lumicello_tls_certificate_expiry_days "))
        .expect("days to expiry")
        .parse()
        .unwrap();
    assert!((75.0..=81.0).contains(&days), "{days}");
}

#[tokio::test]
async fn a_renewed_certificate_is_served_without_a_restart_and_a_bad_one_never() {
    let ca = Ca::new();
    let (_db, fake, app) = app_with(Some(Certs::Pair {
        name: NAME.into(),
        pem: ca.pair(NAME, 20),
    }))
    .await;
    let first = served_certificate(&app, &ca).await;

    fake.certs(Certs::Pair {
        name: NAME.into(),
        pem: ca.pair(NAME, 90),
    });
    assert_eq!(app.https.refresh(chrono::Utc::now()).await, None);
    let renewed = served_certificate(&app, &ca).await;
    assert_ne!(renewed, first, "the new certificate, on the same running server");

    // tailscaled hands out pairs that must not be served: the current one stays.
    let (broken_key, _) = ca
        .pair(NAME, 90)
        .split_once("-----BEGIN CERTIFICATE")
        .map(|(k, _)| (k.to_string(), ()))
        .unwrap();
    let elsewhere = ca.pair("kiosk.tail4f2a1.ts.net", 90);
    let other_cert = elsewhere.split_once("-----END PRIVATE KEY-----\n").unwrap().1;
    for (pem, says) in [
        (ca.pair(NAME, -1), "expired on"),
        (format!("{broken_key}{other_cert}"), "do not belong together"),
        (
            ca.pair("kiosk.tail4f2a1.ts.net", 90),
            "is for kiosk.tail4f2a1.ts.net and not for tenacity.tail4f2a1.ts.net",
        ),
    ] {
        fake.certs(Certs::Pair { name: NAME.into(), pem });
        let problem = app.https.refresh(chrono::Utc::now()).await.expect("refused");
        assert!(problem.contains(says), "{problem}");
        assert_eq!(served_certificate(&app, &ca).await, renewed, "still the good one");
        let ready = app
            .client(IpAddr::from([127, 0, 0, 1]))
            .get(app.url("/ready"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), StatusCode::OK, "still serving");
        assert!(ready.text().await.unwrap().contains("renewal failed"));
    }
    let metrics = app.page(IpAddr::from([127, 0, 0, 1]), "/metrics").await;
    assert!(metrics.contains("lumicello_tls_renewal_failures_total 3"), "{metrics}");
}

#[tokio::test]
async fn without_a_certificate_it_says_why_and_what_to_do_and_serves_plain_http() {
    let ca = Ca::new();
    let forbidden = Certs::Forbidden { name: NAME.into() };
    for (certs, says) in [
        (
            Some(Certs::NotEnabled),
            "HTTPS certificates are not enabled for this tailnet",
        ),
        (Some(forbidden), "TS_PERMIT_CERT_UID="),
        (None, "tailscaled is not answering"),
        (
            Some(Certs::Pair {
                name: NAME.into(),
                pem: ca.pair(NAME, -2),
            }),
            "expired on",
        ),
    ] {
        let down = certs.is_none();
        let db = TestDb::empty(Backend::Sqlite).await;
        let mut fake = FakeTailscaled::start().await;
        if let Some(certs) = certs {
            fake.certs(certs);
        } else {
            fake.stop();
        }
        let app = TestApp::spawn(config(&db.url, &fake.socket, &[("TLS", "tailscale")])).await;
        assert!(app.background.wait_all_ran(Duration::from_secs(10)).await);
        assert_eq!(app.https.name(), None);
        let problem = app.https.problem().unwrap();
        assert!(problem.contains(says), "{problem}");
        if says.starts_with("TS_PERMIT") {
            assert!(problem.contains("the image runs as uid 10001"), "{problem}");
        }
        let ready = app
            .client(IpAddr::from([127, 0, 0, 1]))
            .get(app.url("/ready"))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(ready.text().await.unwrap().contains(says));
        // Plain HTTP meanwhile: the booth can still log (identity needs tailscaled too).
        let page = app
            .client(peers::STAFF_IPHONE)
            .get(app.url("/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{says}");
        if !down {
            let home = app.client(peers::STAFF_IPHONE).get(app.url("/")).send().await.unwrap();
            assert_eq!(home.status(), StatusCode::OK, "{says}: served, not redirected");
        }
    }
}

#[tokio::test]
async fn tls_files_are_served_and_unreadable_ones_stop_start_up() {
    let ca = Ca::new();
    let dir = tempfile::tempdir().unwrap();
    let pem = ca.pair(NAME, 60);
    let (key, cert) = pem.split_at(pem.find("-----BEGIN CERTIFICATE").unwrap());
    let (key_file, cert_file) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
    std::fs::write(&key_file, key).unwrap();
    std::fs::write(&cert_file, cert).unwrap();
    let db = TestDb::empty(Backend::Sqlite).await;
    let fake = FakeTailscaled::start().await;
    let vars = [
        ("TLS", "files"),
        ("TLS_CERT_FILE", cert_file.to_str().unwrap()),
        ("TLS_KEY_FILE", key_file.to_str().unwrap()),
    ];
    let app = TestApp::spawn(config(&db.url, &fake.socket, &vars)).await;
    assert!(app.background.wait_all_ran(Duration::from_secs(10)).await);
    assert_eq!(app.https.name().as_deref(), Some(NAME));
    assert!(!served_certificate(&app, &ca).await.is_empty());

    let missing = dir.path().join("nope.pem");
    let bad = [
        ("TLS", "files"),
        ("TLS_CERT_FILE", cert_file.to_str().unwrap()),
        ("TLS_KEY_FILE", missing.to_str().unwrap()),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
    ];
    let refused = server::serve(config(&db.url, &fake.socket, &bad)).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .starts_with(&format!("HTTPS: TLS_KEY_FILE={} cannot be read", missing.display())),
        "{refused}"
    );
}
