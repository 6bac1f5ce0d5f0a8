//! The app on a phone without a connection: what pages last loaded is remembered on the
//! phone (localStorage) and shown when the server cannot be reached. On the server these
//! helpers do nothing.

use crate::error::AppError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Loads `fetch`'s data; if the server cannot be reached, the copy last remembered under
/// `name` stands in (see [`remember`]).
pub async fn remembered<T: Serialize + DeserializeOwned>(
    name: &str,
    fetch: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    match fetch.await {
        Err(e) if e.is_retryable() => storage::load(name).ok_or(e),
        result => result,
    }
}

/// Keeps what `data` shows on the phone under `name`, whenever it loads — rendered by the
/// server and hydrated, or fetched here (browser only).
pub fn remember<T>(name: &'static str, data: leptos::prelude::Resource<Result<T, AppError>>)
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
    use leptos::prelude::*;
    Effect::new(move |_| {
        if let Some(Ok(shown)) = data.get() {
            storage::save(name, &shown);
        }
    });
}

/// JSON values in the phone's localStorage, under `lumicello.<name>`.
pub mod storage {
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    #[cfg(not(feature = "ssr"))]
    fn local() -> Option<web_sys::Storage> {
        leptos::prelude::window().local_storage().ok().flatten()
    }

    pub fn load<T: DeserializeOwned>(name: &str) -> Option<T> {
        #[cfg(not(feature = "ssr"))]
        {
            let text = local()?.get_item(&format!("lumicello.{name}")).ok()??;
            serde_json::from_str(&text).ok()
        }
        #[cfg(feature = "ssr")]
        {
            let _ = name;
            None
        }
    }

    pub fn save<T: Serialize>(name: &str, value: &T) {
        #[cfg(not(feature = "ssr"))]
        if let (Some(local), Ok(text)) = (local(), serde_json::to_string(value)) {
            // Full storage is the only failure; the next save tries again.
            let _ = local.set_item(&format!("lumicello.{name}"), &text);
        }
        #[cfg(feature = "ssr")]
        let _ = (name, value);
    }
}
