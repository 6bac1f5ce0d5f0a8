//! Edit history: which fields an edit changed, as stored values, so the history reads
//! "Result: Single Box → 3-Box Bundle" with the labels of any version's values.

use crate::rules::Field;
use crate::{Interaction, Lang, Stored, format_baht, label_of};
use serde::{Deserialize, Serialize};

/// One changed field, old → new, as stored (`None` = empty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: Field,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change {
    /// "Result: Single Box → 3-Box Bundle", in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let show = |value: &Option<String>| match value {
            None => "–".to_string(),
            Some(v) => self.value_label(v, lang),
        };
        let name = self.field.label().get(lang);
        let mut name_chars = name.chars();
        let name: String = name_chars
            .next()
            .map(|c| c.to_uppercase().chain(name_chars).collect())
            .unwrap_or_default();
        format!("{name}: {} → {}", show(&self.before), show(&self.after))
    }

    fn value_label(&self, value: &str, lang: Lang) -> String {
        let column = match self.field {
            Field::Kind => crate::InteractionType::FIELD,
            Field::Persona => crate::Persona::FIELD,
            Field::Hook => crate::Hook::FIELD,
            Field::SaleType => crate::SaleType::FIELD,
            Field::LeadType => crate::LeadType::FIELD,
            Field::Objection => crate::Objection::FIELD,
            Field::UnitPrice | Field::Total => {
                return value.parse().map(format_baht).unwrap_or_else(|_| value.to_string());
            }
            _ => return value.to_string(),
        };
        label_of(column, value)
            .map(|(emoji, label)| format!("{emoji} {}", label.get(lang)))
            .unwrap_or_else(|| value.to_string())
    }
}

impl Change {
    /// A field set from nothing (a creation).
    pub fn set(field: Field, after: impl Into<String>) -> Change {
        Change {
            field,
            before: None,
            after: Some(after.into()),
        }
    }

    /// A field and what it held, kept when its row is deleted for good.
    pub fn held(field: Field, before: Option<String>) -> Change {
        Change {
            field,
            before,
            after: None,
        }
    }
}

/// The changes a history row holds, in every shape rows have had: a list of changes
/// (today's only shape; earlier rows named fields by their columns, which `Field`'s
/// aliases read), or one object of a deleted row's columns (earlier copies of purged
/// records and deleted milestones). Unknown fields are left out, never a reason to fail.
pub fn read_changes(stored: &serde_json::Value) -> Vec<Change> {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    };
    let field = |name: &str| serde_json::from_value::<Field>(Value::String(name.to_string())).ok();
    match stored {
        Value::Array(items) => items
            .iter()
            .filter_map(|item| {
                Some(Change {
                    field: field(item.get("field")?.as_str()?)?,
                    before: item.get("before").and_then(text),
                    after: item.get("after").and_then(text),
                })
            })
            .collect(),
        Value::Object(columns) => columns
            .iter()
            .filter_map(|(name, value)| Some(Change::held(field(name)?, text(value))))
            .collect(),
        _ => Vec::new(),
    }
}

/// The fields `after` changed from `before`, in the order the record shows them.
pub fn diff(before: &Interaction, after: &Interaction) -> Vec<Change> {
    fn text<T: Stored>(v: Option<T>) -> Option<String> {
        v.map(|v| v.as_str().to_string())
    }
    let number = |v: Option<i64>| v.map(|n| n.to_string());
    let fields = [
        (
            Field::Kind,
            Some(before.interaction_type().as_str().to_string()),
            Some(after.interaction_type().as_str().to_string()),
        ),
        (Field::Persona, text(before.persona), text(after.persona)),
        (Field::Hook, text(before.hook), text(after.hook)),
        (Field::SaleType, text(before.sale_type), text(after.sale_type)),
        (
            Field::Quantity,
            number(before.quantity.map(i64::from)),
            number(after.quantity.map(i64::from)),
        ),
        (Field::UnitPrice, number(before.unit_price), number(after.unit_price)),
        (Field::Total, number(before.total_amount), number(after.total_amount)),
        (Field::Objection, text(before.objection), text(after.objection)),
        (Field::LeadType, text(before.lead_type), text(after.lead_type)),
        (Field::Notes, before.notes.clone(), after.notes.clone()),
    ];
    fields
        .into_iter()
        .filter(|(_, b, a)| b != a)
        .map(|(field, before, after)| Change { field, before, after })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Draft, check_interaction};

    #[test]
    fn a_changed_outcome_lists_each_field_it_touched() {
        let single = check_interaction(&Draft {
            engaged: true,
            persona: Some("parent".into()),
            hook: Some("signage".into()),
            sale_type: Some("single".into()),
            quantity: Some(1),
            unit_price: Some(990),
            ..Draft::default()
        })
        .unwrap();
        let bundle = Interaction {
            sale_type: Some(crate::SaleType::Bundle3),
            quantity: None,
            unit_price: None,
            total_amount: Some(2690),
            ..single.clone()
        };
        let changes = diff(&single, &bundle);
        let lines: Vec<String> = changes.iter().map(|c| c.describe(Lang::En)).collect();
        assert_eq!(
            lines,
            [
                "Result: 1️⃣ Single Box → 3️⃣ 3-Box Bundle",
                "Quantity: 1 → –",
                "Price: ฿990 → –",
                "Total: ฿990 → ฿2,690"
            ]
        );
        assert_eq!(changes[0].describe(Lang::Th), "ผลลัพธ์: 1️⃣ กล่องเดี่ยว → 3️⃣ ชุด 3 กล่อง");
        assert!(diff(&single, &single).is_empty());
    }

    #[test]
    fn every_shape_a_history_row_has_had_still_reads() {
        let today = serde_json::json!([{ "field": "Notes", "before": null, "after": "ภาษาไทย" }]);
        assert_eq!(read_changes(&today), vec![Change::set(Field::Notes, "ภาษาไทย")]);
        let registry = serde_json::json!([{ "field": "is_active", "before": "true", "after": "false" }]);
        assert_eq!(
            read_changes(&registry),
            vec![Change {
                field: Field::Active,
                before: Some("true".into()),
                after: Some("false".into())
            }]
        );
        let purged =
            serde_json::json!({ "timestamp": "2025-12-19T04:00:00Z", "quantity": 2, "notes": null, "mystery": 1 });
        let mut held = read_changes(&purged);
        held.sort_by_key(|c| format!("{:?}", c.field));
        assert_eq!(
            held,
            vec![
                Change::held(Field::Notes, None),
                Change::held(Field::Quantity, Some("2".into())),
                Change::held(Field::Timestamp, Some("2025-12-19T04:00:00Z".into())),
            ],
            "columns read as fields; an unknown one is left out"
        );
        assert_eq!(read_changes(&serde_json::json!("nonsense")), vec![]);
    }
}
