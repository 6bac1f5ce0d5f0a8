use app::server::config::Config;
use std::path::PathBuf;

const USAGE: &str = "usage:
  server                          run the app (configuration from the environment)
  server healthcheck              exit 0 when the app on this machine answers /health
  server backup [DIR]             back the database up into DIR (default BACKUP_DIR, else data/backups), verify it, apply retention
  server restore FILE [--force]   restore FILE into an empty database, then migrate it (--force: replace what is there, backed up first)";

/// What the command line asks for; anything else is refused with the usage.
enum Command {
    Serve,
    Healthcheck,
    Backup(Option<PathBuf>),
    Restore { file: PathBuf, force: bool },
    Help,
}

fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Ok(Command::Serve),
        ["healthcheck"] => Ok(Command::Healthcheck),
        ["help" | "--help" | "-h"] => Ok(Command::Help),
        ["backup"] => Ok(Command::Backup(None)),
        ["backup", dir] if !dir.starts_with('-') => Ok(Command::Backup(Some(dir.into()))),
        ["restore", rest @ ..] => {
            let force = rest.contains(&"--force");
            match rest.iter().filter(|a| **a != "--force").collect::<Vec<_>>().as_slice() {
                [file] if !file.starts_with('-') => Ok(Command::Restore {
                    file: file.into(),
                    force,
                }),
                _ => Err("restore takes one backup file and, optionally, --force".into()),
            }
        }
        [first, ..] => Err(format!("unknown command or option: {first}")),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("lumicello: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    match command {
        Command::Help => return println!("{USAGE}"),
        // The container's HEALTHCHECK, so the image needs no curl.
        Command::Healthcheck => std::process::exit(server::healthcheck().await),
        _ => {}
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("lumicello: configuration error: {e}");
            std::process::exit(2);
        }
    };
    server::init_tracing(config.log_format);
    let outcome = match command {
        Command::Backup(dir) => {
            let named = dir.or_else(|| config.backup_dir.clone());
            let made = match server::backup::folder(named.as_deref()) {
                Ok(dir) => server::backup::backup_and_prune(&config.database_url, &dir).await,
                Err(e) => Err(e),
            };
            made.map(|(made, removed)| {
                println!("{made}; {} older backup(s) removed by retention", removed.len());
            })
            .map_err(|e| format!("backup failed, nothing was kept: {e}"))
        }
        Command::Restore { file, force } => {
            let url = config.migration_database_url.as_deref().unwrap_or(&config.database_url);
            let restored = match server::backup::folder(config.backup_dir.as_deref()) {
                Ok(safety) => server::backup::restore(&file, url, force, &safety).await,
                Err(e) => Err(e),
            };
            restored
                .map(|rows| {
                    let rows: Vec<String> = rows.iter().map(|(t, n)| format!("{t}={n}")).collect();
                    println!("restored {} and migrated: {}", file.display(), rows.join(" "));
                })
                .map_err(|e| format!("restore refused: {e}"))
        }
        _ => server::serve(config).await.map_err(|e| e.to_string()),
    };
    if let Err(e) = outcome {
        tracing::error!("{e}");
        eprintln!("lumicello: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Command, String> {
        parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        for bad in [
            &["backup", "--dir"][..],
            &["backup", "a", "b"],
            &["restore"],
            &["restore", "--force"],
            &["serve"],
            &["--port", "4000"],
            &["restore", "a", "b"],
        ] {
            assert!(parsed(bad).is_err(), "{bad:?}");
        }
        assert!(matches!(parsed(&[]), Ok(Command::Serve)));
        assert!(matches!(parsed(&["backup"]), Ok(Command::Backup(None))));
        assert!(matches!(
            parsed(&["restore", "--force", "x.sqlite"]),
            Ok(Command::Restore { force: true, .. })
        ));
    }
}
