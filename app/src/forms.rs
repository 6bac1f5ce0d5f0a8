//! Form posts decode strictly: a field the form does not have is an error, not ignored.

use serde::de::{DeserializeOwned, Deserializer, Error};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A form, for a server function argument marked `#[server(flatten)]`. serde drops
/// `deny_unknown_fields` on flattened structs, so the fields are gathered first and
/// handed to `T` as a plain map, where that check applies again.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Strict<T>(pub T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let fields: serde_json::Map<String, serde_json::Value> = BTreeMap::<String, String>::deserialize(d)?
            .into_iter()
            // A nameless control carries no field: browsers skip it, but ActionForm sends
            // a nameless submit button along, which arrives as the key "=".
            .filter(|(name, _)| !name.trim_matches('=').is_empty())
            // An empty field is an absent one (so `Option` fields read as `None`).
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| (name, serde_json::Value::String(value)))
            .collect();
        serde_json::from_value(serde_json::Value::Object(fields))
            .map(Strict)
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Form {
        key: String,
        at: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    struct Args {
        #[serde(flatten)]
        form: Strict<Form>,
    }

    #[test]
    fn unknown_and_missing_fields_are_refused() {
        let ok: Args = serde_json::from_str(r#"{"key":"k"}"#).unwrap();
        assert_eq!(
            ok.form.0,
            Form {
                key: "k".into(),
                at: None
            }
        );
        let empty_optional: Args = serde_json::from_str(r#"{"key":"k","at":""}"#).unwrap();
        assert_eq!(empty_optional.form.0.at, None);
        assert!(serde_json::from_str::<Args>(r#"{"key":"k","engaged":"true"}"#).is_err());
        assert!(serde_json::from_str::<Args>(r#"{}"#).is_err());
        let with_button: Args = serde_json::from_str(r#"{"key":"k","=":""}"#).unwrap();
        assert_eq!(with_button.form.0.key, "k");
    }
}
