//! Which pop-up event this phone logs for: "Which booth?" when several run today,
//! switching (with a confirmation), and an admin's "Start an event today".

pub mod api;
mod page;

pub use page::EventPage;
