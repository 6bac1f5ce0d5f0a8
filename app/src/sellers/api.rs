use super::SellerRef;
use crate::error::AppError;
use crate::forms::Strict;
use domain::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SellerList {
    pub lang: Lang,
    pub current: Option<SellerRef>,
    pub sellers: Vec<SellerRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChooseForm {
    pub seller_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddForm {
    pub name: String,
}

#[server(endpoint = "seller_choices")]
pub async fn seller_choices() -> Result<SellerList, AppError> {
    use crate::server::{request_lang, require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let sellers = st.repo.active_sellers().await?;
    Ok(SellerList {
        lang: request_lang(),
        current: viewer
            .seller_id
            .zip(viewer.seller_name)
            .map(|(id, name)| SellerRef { id, name }),
        sellers: sellers
            .into_iter()
            .map(|s| SellerRef {
                id: s.id,
                name: s.display_name,
            })
            .collect(),
    })
}

/// Makes `seller_id` the one logging on this device, then goes Home ("Now logging as …").
#[server(endpoint = "choose_seller")]
pub async fn choose_seller(#[server(flatten)] form: Strict<ChooseForm>) -> Result<SellerRef, AppError> {
    use crate::server::{require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let seller = st
        .repo
        .seller(form.0.seller_id.trim())
        .await?
        .filter(|s| s.is_active)
        .ok_or(AppError::NotFound)?;
    start_selling(&st, &viewer, seller).await
}

/// Adds a seller by name (the id is derived on the server) and makes them the one logging.
#[server(endpoint = "add_seller")]
pub async fn add_seller(#[server(flatten)] form: Strict<AddForm>) -> Result<SellerRef, AppError> {
    use crate::server::{require_viewer, state};
    let st = state()?;
    let viewer = require_viewer()?;
    let name = domain::seller::clean_name(&form.0.name)?;
    let actor = crate::server::repo::Actor {
        device: &viewer.device,
        seller_id: viewer.seller_id.as_deref(),
    };
    let seller = st.repo.add_seller(&name, chrono::Utc::now(), actor).await?;
    start_selling(&st, &viewer, seller).await
}

/// `seller` logs on the caller's device from now on; then Home says so.
#[cfg(feature = "ssr")]
async fn start_selling(
    st: &crate::server::AppState,
    viewer: &crate::identity::Viewer,
    seller: crate::server::entities::seller::Model,
) -> Result<SellerRef, AppError> {
    st.repo
        .set_active_seller(&viewer.device, &seller.id, chrono::Utc::now())
        .await?;
    st.identity.forget_device(&viewer.device);
    leptos_axum::redirect("/?switched=1");
    Ok(SellerRef {
        id: seller.id,
        name: seller.display_name,
    })
}
