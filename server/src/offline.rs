//! The installable, offline-capable app (PRODUCT.md §7): the service worker, built once
//! at start-up from the site's files, and served with its version for this build.

use std::hash::{Hash, Hasher};
use std::path::Path;

const TEMPLATE: &str = include_str!("sw.js");

/// Folders and files under the site root the worker keeps for offline use; precompressed
/// copies (.br, .gz) and sources (.svg, .txt) are not.
fn precached(relative: &str) -> bool {
    let kept_here = relative.starts_with("pkg/")
        || relative.starts_with("fonts/")
        || relative.starts_with("icons/")
        || matches!(relative, "offline.html" | "manifest.webmanifest" | "favicon.ico");
    let kept_kind = !relative.ends_with(".br")
        && !relative.ends_with(".gz")
        && !relative.ends_with(".svg")
        && !relative.ends_with(".txt")
        && !relative.ends_with(".ts");
    kept_here && kept_kind
}

fn files(root: &Path, dir: &Path, out: &mut Vec<(String, u64, Option<std::time::SystemTime>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(root, &path, out);
        } else if let (Ok(relative), Ok(meta)) = (path.strip_prefix(root), entry.metadata()) {
            let relative = relative.to_string_lossy().replace('\\', "/");
            if precached(&relative) {
                out.push((relative, meta.len(), meta.modified().ok()));
            }
        }
    }
}

/// The worker's script: this build's version (a hash of the files' names, sizes and
/// times: a new build, a new version) and the files to keep.
pub fn service_worker(site_root: &Path) -> String {
    let mut found = Vec::new();
    files(site_root, site_root, &mut found);
    found.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    found.hash(&mut hasher);
    let assets: Vec<String> = found.iter().map(|(path, _, _)| format!("/{path}")).collect();
    TEMPLATE
        .replace("__VERSION__", &format!("{:016x}", hasher.finish()))
        .replace(
            "__ASSETS__",
            &serde_json::to_string(&assets).expect("strings serialize"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_keeps_the_sites_files_and_changes_with_them() {
        let site = tempfile::tempdir().unwrap();
        let write = |path: &str, body: &str| {
            let path = site.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        };
        write("pkg/lumicello.abc.wasm", "wasm");
        write("pkg/lumicello.abc.wasm.br", "compressed");
        write("icons/icon-192.png", "png");
        write("icons/icon.svg", "svg");
        write("offline.html", "offline");
        write("notes.md", "not the site's");
        let first = service_worker(site.path());
        assert!(
            first.contains(r#"["/icons/icon-192.png","/offline.html","/pkg/lumicello.abc.wasm"]"#),
            "{first:.400}"
        );
        assert!(!first.contains("__VERSION__"));
        write("pkg/lumicello.def.wasm", "a new build");
        let second = service_worker(site.path());
        let version = |s: &str| s.lines().find(|l| l.starts_with("const VERSION")).unwrap().to_string();
        assert_ne!(version(&first), version(&second), "a new build is a new version");
    }
}
