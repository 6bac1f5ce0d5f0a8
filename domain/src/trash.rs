//! The trash's promise (PRODUCT.md §5): nothing is deleted for good without an admin's
//! decision. Emptying the trash by itself is off until an admin turns it on, and then
//! covers only records that entered the trash after that moment — what was already there
//! (the earlier version's deleted records included) stays until an admin deletes it.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The periods an admin may choose, in days.
pub const RETENTION_CHOICES: [u32; 5] = [7, 14, 30, 90, 365];

/// Automatic emptying, as an admin turned it on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// A record goes this many days after it entered the trash.
    pub days: u32,
    /// When it was turned on: records deleted before then are never emptied by it.
    pub since: DateTime<Utc>,
}

impl Retention {
    /// A period an admin may choose.
    pub fn is_allowed(days: u32) -> bool {
        RETENTION_CHOICES.contains(&days)
    }

    /// When a record deleted at `deleted_at` goes for good, or `None` when only an admin
    /// can delete it (it was in the trash before automatic emptying was turned on).
    pub fn goes_at(&self, deleted_at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (deleted_at >= self.since).then(|| deleted_at + Duration::days(i64::from(self.days)))
    }

    /// Records deleted before this moment are due at `now` (those since `since` only).
    pub fn due_before(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(i64::from(self.days))
    }

    /// The policy after an admin chooses `days` (or off) at `now`: changing the period
    /// keeps the moment it was turned on; turning it on again starts anew.
    pub fn chosen(current: Option<Retention>, days: Option<u32>, now: DateTime<Utc>) -> Option<Retention> {
        days.map(|days| Retention {
            days,
            since: current.map_or(now, |c| c.since),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn only_what_entered_the_trash_after_it_was_turned_on_ever_goes() {
        let policy = Retention {
            days: 30,
            since: utc("2026-11-29T10:00:00Z"),
        };
        assert_eq!(policy.goes_at(utc("2025-12-20T08:00:00Z")), None, "legacy trash stays");
        assert_eq!(policy.goes_at(utc("2026-11-29T09:59:59Z")), None);
        assert_eq!(
            policy.goes_at(utc("2026-11-29T10:00:00Z")),
            Some(utc("2026-12-29T10:00:00Z"))
        );
        assert_eq!(
            policy.due_before(utc("2026-12-29T10:00:00Z")),
            utc("2026-11-29T10:00:00Z")
        );
    }

    #[test]
    fn changing_the_period_keeps_the_start_and_turning_it_off_forgets_it() {
        let on = utc("2026-11-29T10:00:00Z");
        let later = utc("2026-12-05T10:00:00Z");
        let first = Retention::chosen(None, Some(30), on).unwrap();
        assert_eq!(first.since, on);
        let changed = Retention::chosen(Some(first), Some(7), later).unwrap();
        assert_eq!((changed.days, changed.since), (7, on));
        assert_eq!(Retention::chosen(Some(changed), None, later), None);
        assert_eq!(Retention::chosen(None, Some(7), later).unwrap().since, later);
        assert!(Retention::is_allowed(30) && !Retention::is_allowed(0) && !Retention::is_allowed(31));
    }
}
