//! Lumicello Insights: the pages, server functions and rules of the booth logger.

pub mod admin;
pub mod components;
pub mod error;
pub mod events;
pub mod forms;
pub mod identity;
pub mod live;
pub mod logging;
pub mod offline;
pub mod sellers;
#[cfg(feature = "ssr")]
pub mod server;
pub mod stats;
pub mod text;
pub mod wire;

pub use domain;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="th">
            <head>
                <meta charset="utf-8"/>
                // Zoom stays allowed (no maximum-scale): staff read this in mall lighting.
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#D4654A"/>
                <link rel="icon" href="/icons/icon-32.png"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <meta name="apple-mobile-web-app-capable" content="yes"/>
                // The service worker: offline start and cached files (works before, and
                // without, the WebAssembly).
                <script>"if ('serviceWorker' in navigator) addEventListener('load', () => navigator.serviceWorker.register('/sw.js'));"</script>
                // The stylesheet under its content-hashed name in a release build.
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    live::provide_live_updates();
    logging::outbox::provide_outbox();
    // Browser only: marks the page as interactive (the browser tests wait for it).
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title text=text::APP_NAME/>
        <Router>
            <Routes fallback=NotFound>
                // Async: the whole page is ready before it is sent, so an identity
                // failure can still set the HTTP status.
                <Route path=path!("/") view=logging::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/seller") view=sellers::SellerPage ssr=SsrMode::Async/>
                <Route path=path!("/event") view=events::EventPage ssr=SsrMode::Async/>
                <Route path=path!("/log/:step") view=logging::LogPage ssr=SsrMode::Async/>
                <Route path=path!("/done") view=logging::DonePage ssr=SsrMode::Async/>
                <Route path=path!("/milestone") view=logging::MilestonePage ssr=SsrMode::Async/>
                <Route path=path!("/past") view=logging::PastPage ssr=SsrMode::Async/>
                <Route path=path!("/stats") view=stats::StatsPage ssr=SsrMode::Async/>
                <Route path=path!("/stats/compare") view=stats::ComparePage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=admin::BrowsePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/record/:id") view=admin::RecordPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/milestone/:id") view=admin::MilestonePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/trash") view=admin::TrashPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/events") view=admin::EventsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/sellers") view=admin::SellersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/devices") view=admin::DevicesPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="problem-page">
            <div class="identity-card">
                <h1 lang="th">{text::NOT_FOUND.th}</h1>
                <h2 lang="en">{text::NOT_FOUND.en}</h2>
                <a class="button button-primary" href="/">{format!("{} · {}", text::HOME.th, text::HOME.en)}</a>
            </div>
        </main>
    }
}

/// The crate's own source, for the tests that read it (layers, raw-text elements).
#[cfg(test)]
pub(crate) mod source_tree {
    /// Every file under `src/`: its path from there (with `/`) and its text.
    pub fn files() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let file = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                files.push((file, std::fs::read_to_string(&path).unwrap()));
            }
        }
        files
    }
}

/// The layers of `ARCHITECTURE.md`, lowest first: a module uses only modules of its own
/// layer or below, and a screen never uses another screen.
#[cfg(test)]
mod layering {
    /// (layer, modules): the crate's top-level modules by layer.
    const LAYERS: [(u8, &[&str]); 5] = [
        (1, &["error", "forms", "identity", "live", "offline", "text", "wire"]),
        (2, &["server"]),
        (3, &["components"]),
        (4, &["admin", "events", "logging", "sellers", "stats"]),
        (5, &["lib"]),
    ];

    fn layer(module: &str) -> Option<u8> {
        LAYERS.iter().find(|(_, ms)| ms.contains(&module)).map(|(l, _)| *l)
    }

    #[test]
    fn modules_use_only_their_own_layer_or_below_and_screens_not_each_other() {
        let mut wrong = Vec::new();
        for (file, source) in crate::source_tree::files() {
            let own = file.split(['/', '.']).next().unwrap().to_string();
            let own_layer = layer(&own).unwrap_or_else(|| panic!("{file}: module `{own}` is in no layer"));
            for (at, _) in source.match_indices("crate::") {
                let used: String = source[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let Some(used_layer) = layer(&used) else { continue };
                let sideways = own_layer == 4 && used_layer == 4 && used != own;
                if used_layer > own_layer || sideways {
                    wrong.push(format!("{file} uses crate::{used}"));
                }
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(
            wrong.is_empty(),
            "imports against ARCHITECTURE.md's layers:\n{}",
            wrong.join("\n")
        );
    }
}
