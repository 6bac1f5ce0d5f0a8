//! One-line summaries of records, as the confirmation screen shows them:
//! "Parent → Physical Kits · 2× Single @ ฿990 = ฿1,980 · LINE signup".

use crate::{Interaction, Lang, LeadType, SaleType, Text, format_baht};

const SIGNUP: Text = Text::new("signup", "สมัคร");
const WALK_BY: Text = Text::new("Walk-by", "เดินผ่าน");
/// The short name staff use in a sentence ("2× Single @ ฿990").
const SINGLE: Text = Text::new("Single", "กล่องเดี่ยว");

pub fn describe(record: &Interaction, lang: Lang) -> String {
    if !record.engaged {
        return WALK_BY.get(lang).to_string();
    }
    let label = |t: Text| t.get(lang).to_string();
    let mut parts = Vec::new();
    let who = record.persona.map(|p| label(p.label())).unwrap_or_default();
    let hook = record.hook.map(|h| label(h.label())).unwrap_or_default();
    parts.push(format!("{who} → {hook}"));
    match record.sale_type {
        Some(SaleType::Single) => parts.push(format!(
            "{}× {} @ {} = {}",
            record.quantity.unwrap_or(0),
            label(SINGLE),
            format_baht(record.unit_price.unwrap_or(0)),
            format_baht(record.total_amount.unwrap_or(0)),
        )),
        Some(SaleType::None) => {
            let reason = record.objection.map(|o| label(o.label())).unwrap_or_default();
            parts.push(format!("{} ({reason})", label(SaleType::None.label())));
        }
        Some(sale) => parts.push(format!(
            "{} = {}",
            label(sale.label()),
            format_baht(record.total_amount.unwrap_or(0))
        )),
        None => {}
    }
    if let Some(lead) = record.lead_type.filter(|l| *l != LeadType::None) {
        parts.push(format!("{} {}", label(lead.label()), label(SIGNUP)));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Draft, check_interaction};

    fn conversation(sale: &str, f: impl FnOnce(&mut Draft)) -> Interaction {
        let mut d = Draft {
            engaged: true,
            persona: Some("parent".into()),
            hook: Some("physical_kits".into()),
            sale_type: Some(sale.into()),
            ..Draft::default()
        };
        f(&mut d);
        check_interaction(&d).unwrap()
    }

    #[test]
    fn summaries_read_like_the_product_says() {
        let single = conversation("single", |d| {
            d.quantity = Some(2);
            d.unit_price = Some(990);
            d.lead_type = Some("line".into());
        });
        assert_eq!(
            describe(&single, Lang::En),
            "Parent → Physical Kits · 2× Single @ ฿990 = ฿1,980 · LINE signup"
        );
        let none = conversation("none", |d| d.objection = Some("too_expensive".into()));
        assert_eq!(
            describe(&none, Lang::En),
            "Parent → Physical Kits · No Sale (Too expensive)"
        );
        assert_eq!(describe(&none, Lang::Th), "พ่อแม่ → ชุดของจริง · ไม่ได้ขาย (แพงไป)");
        let bundle = conversation("bundle_3", |_| {});
        assert_eq!(
            describe(&bundle, Lang::En),
            "Parent → Physical Kits · 3-Box Bundle = ฿2,690"
        );
        assert_eq!(describe(&Interaction::walk_by(), Lang::En), "Walk-by");
    }
}
