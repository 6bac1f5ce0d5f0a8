//! Analytics (PRODUCT.md §6): the Stats screen with the customer journey and the
//! hypothesis report, all drawn as SVG on the server.

pub mod api;
mod charts;
mod compare;
mod heat;
mod page;

pub use compare::ComparePage;
pub use page::StatsPage;

/// "33%", or "–" for a share of nothing.
fn pct(share: domain::analytics::Share) -> String {
    share
        .percent()
        .map(|p| format!("{p:.0}%"))
        .unwrap_or_else(|| "–".into())
}

/// A stored value of an enumerated column as staff read it ("💚 LINE"), legacy values
/// included; "(not recorded)" for none, the raw value for one no version defines.
fn facet(field: &str, value: &str, lang: domain::Lang) -> String {
    if value.is_empty() {
        return crate::text::NOT_RECORDED.get(lang).to_string();
    }
    domain::label_of(field, value)
        .map(|(emoji, label)| format!("{emoji} {}", label.get(lang)))
        .unwrap_or_else(|| value.to_string())
}
