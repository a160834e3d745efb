//! What every indexed case holds, named where the index and its reader both take it:
//! the text fields in arena order, and how dates and amounts are kept.

/// The text fields of a case, in arena order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextField {
    Script = 0,
    ScamType = 1,
    VictimName = 2,
    /// The caller-number column as written (cue words, names around the numbers).
    CallerText = 3,
    AccountText = 4,
    ContactText = 5,
}

impl TextField {
    pub const ALL: [TextField; 6] = [
        TextField::Script,
        TextField::ScamType,
        TextField::VictimName,
        TextField::CallerText,
        TextField::AccountText,
        TextField::ContactText,
    ];

    /// Every field but the victim's name: what an unscoped term searches while
    /// victims' data is masked.
    pub const NOT_VICTIM: [TextField; 5] = [
        TextField::Script,
        TextField::ScamType,
        TextField::CallerText,
        TextField::AccountText,
        TextField::ContactText,
    ];
}

pub(super) const FIELDS: usize = TextField::ALL.len();

/// An amount that did not parse (or none given), in the index's amounts.
pub(super) const NO_AMOUNT: i64 = i64::MIN;

/// A report date (`YYYY-MM-DD[ HH:MM]`) as a number that sorts like the date.
pub(super) fn date_key(s: &str) -> u32 {
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        s.get(range).and_then(|t| t.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return 0;
    };
    let h = num(11..13).unwrap_or(0);
    let min = num(14..16).unwrap_or(0);
    // 2026 → about 1.2e9: fits u32 until the year 7000.
    (((y.min(7000) * 13 + m.min(12)) * 32 + d.min(31)) * 24 + h.min(23)) * 60 + min.min(59)
}
