//! Server-only parts: application state, configuration, the repository (all SQL lives
//! there) and identity (tailscaled client, cache, device registry).

pub mod config;
pub mod db;
pub mod entities;
pub mod identity;
pub mod repo;

use crate::error::AppError;
use crate::identity::Viewer;
use axum::extract::FromRef;
use config::Config;
use identity::IdentityService;
use leptos::prelude::*;
use repo::Repository;
use std::sync::Arc;

/// Everything a request handler needs; one instance, shared.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub repo: Repository,
    pub identity: Arc<IdentityService>,
}

/// The outcome of the identity layer, put in every request's extensions.
#[derive(Clone, Debug)]
pub struct Identity(pub Result<Viewer, AppError>);

/// The state inside a server function or SSR render.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The identified caller, or the identity problem as the error to answer with.
pub fn viewer() -> Result<Viewer, AppError> {
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    match parts.extensions.get::<Identity>() {
        Some(Identity(Ok(viewer))) => Ok(viewer.clone()),
        Some(Identity(Err(error))) => Err(error.clone()),
        None => {
            tracing::error!("request reached the app without passing the identity layer");
            Err(AppError::Internal)
        }
    }
}

/// The caller's preferred language from `Accept-Language`.
pub fn request_lang() -> domain::Lang {
    use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT_LANGUAGE).cloned())
        .and_then(|v| v.to_str().ok().map(domain::Lang::from_accept_language))
        .unwrap_or_default()
}
