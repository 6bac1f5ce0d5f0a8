//! What `/metrics` reports, in Prometheus' text format: requests and their latency by
//! route, records written, the identity cache, tailscaled errors, the database pool and
//! the live-update clients. Plain atomics and one small map: traffic here is modest.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
struct RouteStats {
    /// Requests by (method, status).
    requests: BTreeMap<(String, u16), u64>,
    /// Cumulative counts per bucket, then the total count and sum.
    buckets: [u64; BUCKETS.len()],
    count: u64,
    seconds: f64,
}

/// What a record write was, for `lumicello_records_written_total`.
#[derive(Clone, Copy, Debug)]
pub enum Written {
    WalkBy,
    Conversation,
    Milestone,
}

#[derive(Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
    walk_bys: AtomicU64,
    conversations: AtomicU64,
    milestones: AtomicU64,
    identity_hits: AtomicU64,
    identity_misses: AtomicU64,
    tailscaled_errors: AtomicU64,
    /// When the HTTPS certificate in use expires (Unix seconds; 0: none in use).
    tls_expires: AtomicI64,
    tls_renewal_failures: AtomicU64,
    /// The last backup that passed its check: when (Unix seconds; 0: none yet) and its size.
    backup_at: AtomicI64,
    backup_bytes: AtomicU64,
    backup_failures: AtomicU64,
}

/// Gauges read at scrape time.
pub struct Gauges {
    pub pool_size: u32,
    pub pool_idle: usize,
    pub live_clients: usize,
    /// What `/ready` says (database answers; HTTPS served when asked for).
    pub ready: bool,
}

impl Metrics {
    /// One answered request. `route` is the matched route pattern (never the raw path,
    /// so ids do not make new series).
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut routes = self.routes.lock().expect("metrics lock");
        let stats = routes.entry(route.to_string()).or_default();
        *stats.requests.entry((method.to_string(), status)).or_default() += 1;
        for (bucket, bound) in stats.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
        stats.count += 1;
        stats.seconds += seconds;
    }

    pub fn written(&self, what: Written) {
        let counter = match what {
            Written::WalkBy => &self.walk_bys,
            Written::Conversation => &self.conversations,
            Written::Milestone => &self.milestones,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn identity_cache(&self, hit: bool) {
        let counter = if hit {
            &self.identity_hits
        } else {
            &self.identity_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn tailscaled_error(&self) {
        self.tailscaled_errors.fetch_add(1, Ordering::Relaxed);
    }

    /// The HTTPS certificate now in use expires then (Unix seconds), or none is.
    pub fn tls_certificate(&self, expires: Option<i64>) {
        self.tls_expires.store(expires.unwrap_or(0), Ordering::Relaxed);
    }

    pub fn tls_renewal_failed(&self) {
        self.tls_renewal_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// A verified backup taken at `at` (Unix seconds), `bytes` long.
    pub fn backup_verified(&self, at: i64, bytes: u64) {
        self.backup_bytes.store(bytes, Ordering::Relaxed);
        self.backup_at.store(at, Ordering::Relaxed);
    }

    pub fn backup_failed(&self) {
        self.backup_failures.fetch_add(1, Ordering::Relaxed);
    }

    /// The whole exposition, each family's samples right after its header.
    pub fn render(&self, gauges: Gauges) -> String {
        fn header(out: &mut String, name: &str, kind: &str, help: &str) {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        }
        let mut out = String::new();
        let routes = self.routes.lock().expect("metrics lock");
        let requests = "lumicello_http_requests_total";
        header(&mut out, requests, "counter", "HTTP requests answered.");
        for (route, stats) in routes.iter() {
            for ((method, status), n) in &stats.requests {
                let _ = writeln!(
                    out,
                    "{requests}{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
                );
            }
        }
        let duration = "lumicello_http_request_duration_seconds";
        header(&mut out, duration, "histogram", "Time to answer, by route.");
        for (route, stats) in routes.iter() {
            for (bound, n) in BUCKETS.iter().zip(stats.buckets) {
                let _ = writeln!(out, "{duration}_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}");
            }
            let (count, sum) = (stats.count, stats.seconds);
            let _ = writeln!(out, "{duration}_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}");
            let _ = writeln!(out, "{duration}_sum{{route=\"{route}\"}} {sum}");
            let _ = writeln!(out, "{duration}_count{{route=\"{route}\"}} {count}");
        }
        drop(routes);
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed) as f64;
        // (name, type, help, [(labels, value)])
        type Family<'a> = (&'a str, &'a str, &'a str, Vec<(&'a str, f64)>);
        let expires = self.tls_expires.load(Ordering::Relaxed);
        let days_left = (expires > 0).then(|| (expires - chrono::Utc::now().timestamp()) as f64 / 86_400.0);
        let backup_at = self.backup_at.load(Ordering::Relaxed);
        let last_backup = |value: f64| (backup_at > 0).then_some(("", value)).into_iter().collect();
        let families: [Family; 11] = [
            (
                "lumicello_ready",
                "gauge",
                "1 when /ready answers 200 (database reachable, HTTPS certificate served when asked for).",
                vec![("", f64::from(u8::from(gauges.ready)))],
            ),
            (
                "lumicello_records_written_total",
                "counter",
                "Records and milestones stored (a replayed submission is not counted again).",
                vec![
                    ("{kind=\"walk_by\"}", load(&self.walk_bys)),
                    ("{kind=\"conversation\"}", load(&self.conversations)),
                    ("{kind=\"milestone\"}", load(&self.milestones)),
                ],
            ),
            (
                "lumicello_identity_cache_total",
                "counter",
                "Identity look-ups answered from the whois cache (hit) or by asking tailscaled (miss).",
                vec![
                    ("{result=\"hit\"}", load(&self.identity_hits)),
                    ("{result=\"miss\"}", load(&self.identity_misses)),
                ],
            ),
            (
                "lumicello_tailscaled_errors_total",
                "counter",
                "tailscaled could not be asked (down, missing, slow or unreadable).",
                vec![("", load(&self.tailscaled_errors))],
            ),
            (
                "lumicello_db_pool_connections",
                "gauge",
                "Database pool connections, open and idle.",
                vec![
                    ("{state=\"open\"}", f64::from(gauges.pool_size)),
                    ("{state=\"idle\"}", gauges.pool_idle as f64),
                ],
            ),
            (
                "lumicello_live_clients",
                "gauge",
                "Open live-update streams.",
                vec![("", gauges.live_clients as f64)],
            ),
            (
                "lumicello_tls_certificate_expiry_days",
                "gauge",
                "Days until the HTTPS certificate in use expires (absent while none is in use).",
                days_left.map(|d| ("", d)).into_iter().collect(),
            ),
            (
                "lumicello_tls_renewal_failures_total",
                "counter",
                "Times the HTTPS certificate could not be fetched or was refused.",
                vec![("", load(&self.tls_renewal_failures))],
            ),
            (
                "lumicello_backup_last_success_timestamp_seconds",
                "gauge",
                "When the last verified backup was taken (Unix time; absent until there is one).",
                last_backup(backup_at as f64),
            ),
            (
                "lumicello_backup_last_size_bytes",
                "gauge",
                "Size of the last verified backup.",
                last_backup(load(&self.backup_bytes)),
            ),
            (
                "lumicello_backup_failures_total",
                "counter",
                "Backups that failed or did not pass their check.",
                vec![("", load(&self.backup_failures))],
            ),
        ];
        for (name, kind, help, samples) in families {
            header(&mut out, name, kind, help);
            for (labels, value) in samples {
                let _ = writeln!(out, "{name}{labels} {value}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text_with_routes_not_raw_paths() {
        let m = Metrics::default();
        m.request("/admin/record/{id}", "GET", 200, Duration::from_millis(3));
        m.request("/admin/record/{id}", "GET", 200, Duration::from_millis(30));
        m.written(Written::WalkBy);
        m.identity_cache(true);
        let text = m.render(Gauges {
            pool_size: 4,
            pool_idle: 3,
            live_clients: 2,
            ready: true,
        });
        assert!(
            text.contains(
                "lumicello_http_requests_total{route=\"/admin/record/{id}\",method=\"GET\",status=\"200\"} 2"
            )
        );
        assert!(
            text.contains(
                "lumicello_http_request_duration_seconds_bucket{route=\"/admin/record/{id}\",le=\"0.005\"} 1"
            )
        );
        assert!(text.contains("lumicello_http_request_duration_seconds_count{route=\"/admin/record/{id}\"} 2"));
        assert!(text.contains("lumicello_records_written_total{kind=\"walk_by\"} 1"));
        assert!(text.contains("lumicello_db_pool_connections{state=\"idle\"} 3"));
        assert!(text.contains("# TYPE lumicello_live_clients gauge\nlumicello_live_clients 2"));
        assert!(text.contains("\nlumicello_ready 1\n"));
        assert!(text.contains("\nlumicello_backup_failures_total 0\n"));
        assert!(
            !text.contains("\nlumicello_backup_last_success_timestamp_seconds "),
            "absent until a backup"
        );
        m.backup_failed();
        m.backup_verified(1_764_450_000, 4096);
        let text = m.render(Gauges {
            pool_size: 4,
            pool_idle: 3,
            live_clients: 0,
            ready: false,
        });
        assert!(text.contains("\nlumicello_backup_last_size_bytes 4096\n"));
        assert!(text.contains("\nlumicello_backup_failures_total 1\n"));
        assert!(text.contains("\nlumicello_ready 0\n"));
    }
}
