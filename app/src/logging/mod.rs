//! Staff logging: the Home screen and the server functions that record visitors.

pub mod api;
mod home;

pub use home::HomePage;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Visitors, conversations, sales and revenue over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sea_orm::FromQueryResult))]
pub struct Counts {
    pub visitors: i64,
    pub conversations: i64,
    pub sales: i64,
    pub revenue: i64,
}

/// The answer to a recording call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub id: Uuid,
    /// The submission had been received before: this is the row it created then.
    pub replayed: bool,
}
