//! Who is selling on this device: "Who's selling now?", switching, adding a name.

pub mod api;
mod page;

pub use page::SellerPage;

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerRef {
    pub id: String,
    pub name: String,
}
