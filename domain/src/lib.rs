//! The business vocabulary of Lumicello Insights (PRODUCT.md §3), with no I/O.
//!
//! Everything here is one source of truth: the enum values the database CHECKs are
//! generated from, the labels the screens show, the prices and the rules every write
//! path applies.

pub mod analytics;
pub mod describe;
pub mod event;
pub mod history;
pub mod i18n;
pub mod insight;
pub mod money;
pub mod period;
pub mod rules;
pub mod seller;
pub mod text;
pub mod trash;
pub mod vocabulary;

pub use describe::describe;
pub use i18n::{Lang, Text};
pub use money::{Baht, format_baht};
pub use rules::{Draft, Interaction, RuleViolation, check_interaction, check_timestamp};
pub use vocabulary::*;
