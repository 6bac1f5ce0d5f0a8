//! Analytics (PRODUCT.md §6): the Stats screen with the customer journey and the
//! hypothesis report, all drawn as SVG on the server.

pub mod api;
mod charts;
mod page;

pub use page::StatsPage;
