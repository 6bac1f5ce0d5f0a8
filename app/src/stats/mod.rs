//! Analytics (PRODUCT.md §6): the Stats screen with the customer journey and the
//! hypothesis report, all drawn as SVG on the server.

pub mod api;
mod charts;
mod page;

pub use page::StatsPage;

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
