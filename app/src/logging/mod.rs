//! Staff logging: the Home screen and the server functions that record visitors.

pub mod api;
mod done;
mod flow;
mod home;
mod milestone;
pub mod outbox;
mod past;

pub use done::DonePage;
pub use flow::LogPage;
pub use home::HomePage;
pub use milestone::MilestonePage;
pub use past::PastPage;
