//! Configuration from the environment (documented in README.md and `.env.example`).
//! A bad value stops start-up with one line naming the variable and what it accepts.

use chrono_tz::Tz;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/lumicello.sqlite?mode=rwc";
pub const DEFAULT_TAILSCALE_SOCKET: &str = "/var/run/tailscale/tailscaled.sock";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registration {
    /// Unknown tailnet devices are registered and may log at once.
    Auto,
    /// Unknown devices are registered as pending until an admin approves them.
    Approval,
}

/// Where the HTTPS certificate comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain HTTP (development on loopback, or behind `tailscale serve`).
    Off,
    /// The machine's own tailnet certificate, from tailscaled (the image's default).
    Tailscale,
    /// A certificate chain and key from files, re-read when they change.
    Files { cert: PathBuf, key: PathBuf },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub migration_database_url: Option<String>,
    pub run_migrations: bool,
    pub site_addr: SocketAddr,
    pub tailscale_socket: PathBuf,
    pub dev_device: Option<String>,
    pub admin_devices: Vec<String>,
    pub registration: Registration,
    pub trusted_proxies: Vec<IpAddr>,
    pub allowed_hosts: Vec<String>,
    pub timezone: Tz,
    pub event_name: String,
    pub log_format: LogFormat,
    pub identity_cache_ttl: Duration,
    pub whois_timeout: Duration,
    /// Set variables that no longer do anything, to warn about at start-up.
    pub obsolete: Vec<&'static str>,
    pub tls: TlsMode,
    /// Where the daily backup goes (none: no daily backup).
    pub backup_dir: Option<PathBuf>,
    /// When the daily backup runs, booth time.
    pub backup_time: chrono::NaiveTime,
    /// Back the database up before migrating it (on unless `MIGRATION_BACKUP=off`).
    pub migration_backup: bool,
}

/// Where backups go when `BACKUP_DIR` is not set (the backup before a migration, and
/// `server backup` without a folder).
pub const DEFAULT_BACKUP_DIR: &str = "data/backups";

/// Variables earlier versions read and this one ignores, with what replaced them.
const OBSOLETE: [(&str, &str); 1] = [(
    "TRASH_RETENTION_DAYS",
    "TRASH_RETENTION_DAYS is ignored: nothing is deleted for good by configuration. An admin turns automatic emptying on in Admin → Trash.",
)];

#[derive(Debug, PartialEq, thiserror::Error)]
#[error("{var}={value:?} is not accepted: {accepted}")]
pub struct ConfigError {
    pub var: &'static str,
    pub value: String,
    pub accepted: &'static str,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads every setting through `get`, so tests can pass a map instead of the process
    /// environment. Empty values count as unset.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let fail = |var: &'static str, value: String, accepted: &'static str| ConfigError { var, value, accepted };

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        if !is_database_url(&database_url) {
            return Err(fail("DATABASE_URL", database_url, "a postgres:// or sqlite:// URL"));
        }
        let migration_database_url = get("MIGRATION_DATABASE_URL");
        if let Some(url) = migration_database_url.as_ref().filter(|u| !is_database_url(u)) {
            return Err(fail(
                "MIGRATION_DATABASE_URL",
                url.clone(),
                "a postgres:// or sqlite:// URL",
            ));
        }
        let run_migrations = match get("RUN_MIGRATIONS").as_deref() {
            None | Some("true") => true,
            Some("false") => false,
            Some(v) => return Err(fail("RUN_MIGRATIONS", v.into(), "true or false")),
        };
        let site_addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let site_addr = site_addr
            .parse()
            .map_err(|_| fail("LEPTOS_SITE_ADDR", site_addr, "an address and port, e.g. 0.0.0.0:3000"))?;
        let registration = match get("REGISTRATION").as_deref() {
            None | Some("auto") => Registration::Auto,
            Some("approval") => Registration::Approval,
            Some(v) => return Err(fail("REGISTRATION", v.into(), "auto or approval")),
        };
        let trusted_proxies = list(get("TRUSTED_PROXIES"))
            .into_iter()
            .map(|p| {
                p.parse::<IpAddr>()
                    .map_err(|_| fail("TRUSTED_PROXIES", p, "comma-separated IP addresses"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // A port is accepted as meant and dropped: any port of an allowed host is allowed.
        let allowed_hosts = list(get("ALLOWED_HOSTS"))
            .into_iter()
            .map(|h| {
                host_name(&h).ok_or_else(|| {
                    fail(
                        "ALLOWED_HOSTS",
                        h,
                        "comma-separated host names or IP addresses (a port is ignored), e.g. tenacity,tenacity.tail4f2a1.ts.net",
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let timezone = get("APP_TIMEZONE").unwrap_or_else(|| "Asia/Bangkok".into());
        let timezone = timezone
            .parse::<Tz>()
            .map_err(|_| fail("APP_TIMEZONE", timezone, "an IANA time zone name, e.g. Asia/Bangkok"))?;
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(v) => return Err(fail("LOG_FORMAT", v.into(), "pretty or json")),
        };
        let identity_cache_ttl = seconds(get("IDENTITY_CACHE_SECONDS"), 30, "IDENTITY_CACHE_SECONDS")?;
        let tls = match get("TLS").as_deref() {
            None | Some("off") => TlsMode::Off,
            Some("tailscale") => TlsMode::Tailscale,
            Some("files") => {
                let path = |var: &'static str| {
                    get(var)
                        .map(PathBuf::from)
                        .ok_or_else(|| fail(var, String::new(), "the path of a PEM file (TLS=files needs it)"))
                };
                TlsMode::Files {
                    cert: path("TLS_CERT_FILE")?,
                    key: path("TLS_KEY_FILE")?,
                }
            }
            Some(v) => return Err(fail("TLS", v.into(), "tailscale, files or off")),
        };
        let backup_time = get("BACKUP_TIME").unwrap_or_else(|| "03:00".into());
        let backup_time = chrono::NaiveTime::parse_from_str(&backup_time, "%H:%M").map_err(|_| {
            fail(
                "BACKUP_TIME",
                backup_time,
                "a time of day, HH:MM (booth time), e.g. 03:00",
            )
        })?;
        let migration_backup = match get("MIGRATION_BACKUP").as_deref() {
            None | Some("on") => true,
            Some("off") => false,
            Some(v) => return Err(fail("MIGRATION_BACKUP", v.into(), "on or off")),
        };
        let dev_device = get("DEV_DEVICE");
        // Behind `tailscale serve` every request comes from loopback: the development
        // identity would then be everyone's.
        if let Some(name) = dev_device
            .as_ref()
            .filter(|_| trusted_proxies.iter().any(IpAddr::is_loopback))
        {
            return Err(fail(
                "DEV_DEVICE",
                name.clone(),
                "nothing while TRUSTED_PROXIES has a loopback address (behind tailscale serve every request comes from loopback)",
            ));
        }
        if let Some(name) = dev_device.as_ref().filter(|n| !is_machine_name(n)) {
            return Err(fail(
                "DEV_DEVICE",
                name.clone(),
                "a machine name: letters, digits and dashes",
            ));
        }
        Ok(Config {
            database_url,
            migration_database_url,
            run_migrations,
            site_addr,
            tailscale_socket: get("TAILSCALE_SOCKET")
                .unwrap_or_else(|| DEFAULT_TAILSCALE_SOCKET.into())
                .into(),
            dev_device,
            admin_devices: list(get("ADMIN_DEVICES"))
                .into_iter()
                .map(|d| d.to_ascii_lowercase())
                .collect(),
            registration,
            trusted_proxies,
            allowed_hosts,
            timezone,
            event_name: get("EVENT_NAME").unwrap_or_else(|| "Lumicello".into()),
            log_format,
            identity_cache_ttl,
            whois_timeout: Duration::from_secs(2),
            obsolete: OBSOLETE
                .iter()
                .filter(|(var, _)| get(var).is_some())
                .map(|(_, warning)| *warning)
                .collect(),
            tls,
            backup_dir: get("BACKUP_DIR").map(PathBuf::from),
            backup_time,
            migration_backup,
        })
    }
}

fn list(value: Option<String>) -> Vec<String> {
    value
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn seconds(value: Option<String>, default: u64, var: &'static str) -> Result<Duration, ConfigError> {
    match value {
        None => Ok(Duration::from_secs(default)),
        Some(v) => v.parse::<u64>().map(Duration::from_secs).map_err(|_| ConfigError {
            var,
            value: v,
            accepted: "a whole number of seconds",
        }),
    }
}

/// A host as a `Host` header or `ALLOWED_HOSTS` names it, as the app compares it: lower
/// case, without the port or an IPv6 address's brackets. `None` when it is no host name
/// or IP address at all.
pub fn host_name(raw: &str) -> Option<String> {
    let raw = raw.trim().to_ascii_lowercase();
    if raw.parse::<IpAddr>().is_ok() {
        return Some(raw);
    }
    let is_port = |p: &str| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
    let (name, port) = match raw.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            inside.parse::<std::net::Ipv6Addr>().ok()?;
            (inside, after.strip_prefix(':'))
        }
        None => match raw.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (raw.as_str(), None),
        },
    };
    if port.is_some_and(|p| !is_port(p)) {
        return None;
    }
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let valid = name.parse::<IpAddr>().is_ok() || (name.len() <= 253 && name.split('.').all(label));
    valid.then(|| name.to_string())
}

fn is_database_url(url: &str) -> bool {
    ["postgres://", "postgresql://", "sqlite:"]
        .iter()
        .any(|p| url.starts_with(p))
}

fn is_machine_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 63 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_on_sqlite_in_bangkok_without_dev_identity() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(c.database_url.starts_with("sqlite:"));
        assert_eq!(c.timezone, chrono_tz::Asia::Bangkok);
        assert_eq!(c.dev_device, None);
        assert_eq!(c.registration, Registration::Auto);
        assert_eq!(c.tailscale_socket, PathBuf::from(DEFAULT_TAILSCALE_SOCKET));
        assert_eq!(c.site_addr, "127.0.0.1:3000".parse().unwrap());
        assert!(c.obsolete.is_empty());
        assert_eq!(c.tls, TlsMode::Off, "plain http on loopback unless told");
        assert_eq!(
            (c.backup_dir, c.migration_backup),
            (None, true),
            "no daily backup; one before migrating"
        );
        assert_eq!(c.backup_time, chrono::NaiveTime::from_hms_opt(3, 0, 0).unwrap());
    }

    #[test]
    fn bad_values_name_the_variable_and_what_is_accepted() {
        let e = config(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(e.to_string(), "LOG_FORMAT=\"xml\" is not accepted: pretty or json");
        assert_eq!(config(&[("REGISTRATION", "open")]).unwrap_err().var, "REGISTRATION");
        assert_eq!(
            config(&[("APP_TIMEZONE", "Mars/Olympus")]).unwrap_err().var,
            "APP_TIMEZONE"
        );
        assert_eq!(
            config(&[("TRUSTED_PROXIES", "10.0.0.1,nope")]).unwrap_err().value,
            "nope"
        );
        assert_eq!(
            config(&[("DATABASE_URL", "mysql://x")]).unwrap_err().var,
            "DATABASE_URL"
        );
        assert_eq!(
            config(&[("LEPTOS_SITE_ADDR", "3000")]).unwrap_err().var,
            "LEPTOS_SITE_ADDR"
        );
        assert_eq!(config(&[("DEV_DEVICE", "my laptop")]).unwrap_err().var, "DEV_DEVICE");
        for bad in ["3am", "25:00", "03:00:00", "3"] {
            let e = config(&[("BACKUP_TIME", bad)]).unwrap_err();
            assert_eq!((e.var, e.value.as_str()), ("BACKUP_TIME", bad));
        }
        assert_eq!(
            config(&[("MIGRATION_BACKUP", "no")]).unwrap_err().var,
            "MIGRATION_BACKUP"
        );
        for bad in ["https://x", "tenacity:abc", "*.ts.net", "a b", "x@y", "tenacity:"] {
            let e = config(&[("ALLOWED_HOSTS", bad)]).unwrap_err();
            assert_eq!((e.var, e.value.as_str()), ("ALLOWED_HOSTS", bad));
        }
    }

    #[test]
    fn a_host_with_a_port_is_allowed_as_meant_on_any_port() {
        let c = config(&[(
            "ALLOWED_HOSTS",
            "Tenacity:3000, [fd7a:115c::1]:3000,100.64.0.7:443,tenacity.tail4f2a1.ts.net",
        )])
        .unwrap();
        assert_eq!(
            c.allowed_hosts,
            vec!["tenacity", "fd7a:115c::1", "100.64.0.7", "tenacity.tail4f2a1.ts.net"]
        );
        assert_eq!(host_name("[::1]:3000").as_deref(), Some("::1"));
        assert_eq!(host_name("::1").as_deref(), Some("::1"));
    }

    #[test]
    fn tls_is_tailscale_files_or_off() {
        assert_eq!(config(&[("TLS", "tailscale")]).unwrap().tls, TlsMode::Tailscale);
        let files = config(&[
            ("TLS", "files"),
            ("TLS_CERT_FILE", "/c.pem"),
            ("TLS_KEY_FILE", "/k.pem"),
        ])
        .unwrap();
        assert_eq!(
            files.tls,
            TlsMode::Files {
                cert: "/c.pem".into(),
                key: "/k.pem".into()
            }
        );
        assert_eq!(config(&[("TLS", "files")]).unwrap_err().var, "TLS_CERT_FILE");
        assert_eq!(
            config(&[("TLS", "acme")]).unwrap_err().to_string(),
            "TLS=\"acme\" is not accepted: tailscale, files or off"
        );
    }

    #[test]
    fn the_development_identity_never_goes_with_a_loopback_proxy() {
        let e = config(&[("DEV_DEVICE", "dev-laptop"), ("TRUSTED_PROXIES", "127.0.0.1")]).unwrap_err();
        assert_eq!(e.var, "DEV_DEVICE");
        assert!(config(&[("DEV_DEVICE", "dev-laptop"), ("TRUSTED_PROXIES", "100.64.0.2")]).is_ok());
    }

    #[test]
    fn retired_variables_warn_instead_of_acting() {
        let c = config(&[("TRASH_RETENTION_DAYS", "30")]).unwrap();
        assert_eq!(c.obsolete.len(), 1);
        assert!(c.obsolete[0].contains("Admin → Trash"));
    }

    #[test]
    fn lists_are_trimmed_and_lowercased() {
        let c = config(&[
            ("ADMIN_DEVICES", " Darling-Nikki , sisia,"),
            ("ALLOWED_HOSTS", "Tenacity,tenacity.tail4f2a1.ts.net"),
        ])
        .unwrap();
        assert_eq!(c.admin_devices, vec!["darling-nikki", "sisia"]);
        assert_eq!(c.allowed_hosts, vec!["tenacity", "tenacity.tail4f2a1.ts.net"]);
    }
}
