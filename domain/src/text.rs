//! Free text people send (names, notes, milestones, choices, filters): one rule for every
//! field. It must be valid UTF-8 and hold no control characters other than line breaks
//! and tabs. A NUL byte cannot be stored by PostgreSQL at all, and a broken encoding would
//! be stored as "�" — both are refused, never repaired.

/// Text that breaks the rule (`RuleViolation::UnreadableText` to the screens).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Whether `c` may stand in stored text.
pub fn is_storable(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\r' | '\t')
}

/// Text as it arrived: accepted as it is, or refused.
pub fn check(text: &str) -> Result<&str, Unreadable> {
    if text.chars().all(is_storable) {
        Ok(text)
    } else {
        Err(Unreadable)
    }
}

/// Raw bytes (a decoded form field or query value) as text, under the same rule.
pub fn decode(bytes: &[u8]) -> Result<&str, Unreadable> {
    check(std::str::from_utf8(bytes).map_err(|_| Unreadable)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_broken_encodings_are_refused() {
        assert_eq!(
            check("สมชาย ใจดี\nline two\tand a tab\r\n"),
            Ok("สมชาย ใจดี\nline two\tand a tab\r\n")
        );
        for bad in ["Nok\0Evil", "bell\u{7}", "esc\u{1b}[31m", "del\u{7f}", "c1\u{85}"] {
            assert_eq!(check(bad), Err(Unreadable), "{bad:?}");
        }
        assert_eq!(decode(b"\xC3\x28"), Err(Unreadable));
        assert_eq!(decode(b"\xFF\xFE"), Err(Unreadable));
        assert_eq!(decode("ก".as_bytes()), Ok("ก"));
        assert_eq!(check("\u{FFFD} typed on purpose"), Ok("\u{FFFD} typed on purpose"));
    }
}
