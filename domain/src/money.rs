//! Money is whole baht. Prices live here and nowhere else.

use crate::SaleType;

pub type Baht = i64;

/// The prices a single box may be sold at, with the name staff call each one.
pub const SINGLE_BOX_PRICES: [(Baht, crate::Text); 2] = [
    (990, crate::Text::new("Sale", "ราคาพิเศษ")),
    (1290, crate::Text::new("Sticker", "ราคาป้าย")),
];

/// Fixed price of a sale type, or `None` when the price depends on quantity × unit price.
pub fn fixed_price(sale: SaleType) -> Option<Baht> {
    match sale {
        SaleType::Bundle3 => Some(2690),
        SaleType::FullYear => Some(4990),
        SaleType::None | SaleType::Single => None,
    }
}

/// `฿1,290`, `฿0`, `-฿50`.
pub fn format_baht(amount: Baht) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}฿{}", group_thousands(amount.unsigned_abs()))
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_thousands_separators() {
        assert_eq!(format_baht(0), "฿0");
        assert_eq!(format_baht(990), "฿990");
        assert_eq!(format_baht(1290), "฿1,290");
        assert_eq!(format_baht(1_234_567), "฿1,234,567");
        assert_eq!(format_baht(-50), "-฿50");
        assert_eq!(group_thousands(10_000), "10,000");
    }
}
