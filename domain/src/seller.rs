//! Sellers: the people who sell. Their ids are slugs of their names that work for Thai
//! names too and are never empty.

use crate::rules::{Field, RuleViolation};

/// Longest display name accepted.
pub const MAX_NAME_CHARS: usize = 60;
/// Slugs stop here so a `-2`, `-3`… suffix still fits the 50-character column.
const MAX_SLUG_CHARS: usize = 40;

/// Thai letters, vowel signs and tone marks: all of them are part of a word.
fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

/// `"Nok  Somchai!"` → `"nok-somchai"`, `"สมชาย ใจดี"` → `"สมชาย-ใจดี"`; a name with no
/// letter or digit at all becomes `"seller"`.
pub fn slug(name: &str) -> String {
    slug_or(name, "seller")
}

/// The slug of `name`, or `fallback` when it has no letter or digit.
pub fn slug_or(name: &str, fallback: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || is_thai(c) {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(MAX_SLUG_CHARS).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { fallback.to_string() } else { slug }
}

/// The first of `base`, `base-2`, `base-3`… that is not taken (seller ids, device keys).
pub fn unique_id(base: &str, taken: &[String]) -> String {
    (1..)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken.iter().any(|t| t == id))
        .expect("an unused id exists")
}

/// A display name (of a seller or a device): storable text, trimmed, inner whitespace
/// collapsed, 1..=MAX_NAME_CHARS characters.
pub fn clean_name(name: &str) -> Result<String, RuleViolation> {
    let name = crate::text::check(name)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(RuleViolation::Missing(Field::SellerName));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_thai_words_whole() {
        assert_eq!(slug("Nok  Somchai!"), "nok-somchai");
        assert_eq!(slug("สมชาย ใจดี"), "สมชาย-ใจดี");
        assert_eq!(slug("น้ำ"), "น้ำ", "tone marks and vowel signs stay");
        assert_eq!(slug("  ***  "), "seller");
        assert_eq!(slug(&"a".repeat(80)).chars().count(), 40);
    }

    #[test]
    fn ids_never_collide_silently() {
        let taken = vec!["nok".to_string(), "nok-2".to_string()];
        assert_eq!(unique_id("nok", &taken), "nok-3");
        assert_eq!(unique_id("pim", &taken), "pim");
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("  Nok   S. "), Ok("Nok S.".into()));
        assert_eq!(clean_name("   "), Err(RuleViolation::Missing(Field::SellerName)));
        assert_eq!(
            clean_name(&"x".repeat(61)),
            Err(RuleViolation::Missing(Field::SellerName))
        );
        assert_eq!(clean_name("Nok\0Evil"), Err(RuleViolation::UnreadableText));
    }
}
