use app::server::config::Config;

#[tokio::main]
async fn main() {
    // `server healthcheck`: the container's HEALTHCHECK, so the image needs no curl.
    if std::env::args().nth(1).as_deref() == Some("healthcheck") {
        std::process::exit(server::healthcheck().await);
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("lumicello: configuration error: {e}");
            std::process::exit(2);
        }
    };
    server::init_tracing(config.log_format);
    if let Err(e) = server::serve(config).await {
        tracing::error!("{e}");
        eprintln!("lumicello: {e}");
        std::process::exit(1);
    }
}
