//! The data model shared by every module: identifiers, their kinds and roles,
//! and the case fields of the import contract.

use serde::Serialize;

/// What an identifier is. Stored as its `as_str` form in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A dialable phone number in E.164 (`+8613812345678`).
    Phone,
    /// A short service number kept as dialled (`95118`, `4006065500`).
    Service,
    /// A bank card: 13–19 digits.
    Card,
    /// A 16-digit Alipay user id starting `2088`.
    Alipay,
    /// An e-wallet or e-mail account (`abc@qq.com`), lower-cased.
    Wallet,
    /// An 18-character resident ID number (never a bank card).
    IdNumber,
    /// A QQ id (5–11 digits), only when a column or cue word says so.
    Qq,
    /// A WeChat id (6–20 characters, a letter first), only when a column or cue says so.
    Wechat,
    /// A partial or masked number (`尾号1234`, `6222********1234`): never links.
    Partial,
}

impl IdKind {
    pub const ALL: [IdKind; 9] = [
        IdKind::Phone,
        IdKind::Service,
        IdKind::Card,
        IdKind::Alipay,
        IdKind::Wallet,
        IdKind::IdNumber,
        IdKind::Qq,
        IdKind::Wechat,
        IdKind::Partial,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Phone => "phone",
            IdKind::Service => "service",
            IdKind::Card => "card",
            IdKind::Alipay => "alipay",
            IdKind::Wallet => "wallet",
            IdKind::IdNumber => "id_number",
            IdKind::Qq => "qq",
            IdKind::Wechat => "wechat",
            IdKind::Partial => "partial",
        }
    }

    pub fn parse(s: &str) -> Option<IdKind> {
        IdKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The code the store keeps (`identifiers.kind_code`, migration 015): the kind's
    /// place in [`IdKind::ALL`], which therefore only grows at its end.
    pub fn code(self) -> i64 {
        IdKind::ALL.iter().position(|&k| k == self).unwrap_or(0) as i64
    }
}

/// Flag bits stored with an identifier.
pub mod flags {
    /// Mainland virtual-operator range (162, 165, 167, 170, 171): a fraud signal.
    pub const VIRTUAL: u32 = 1;
    /// A bank card whose Luhn check digit is right (recorded, never required).
    pub const LUHN_OK: u32 = 2;
    /// A caller ID no numbering plan accepts (`+21700000010086`, `0085200000000`, a
    /// mobile with a digit too many), kept digits-only as the victim saw it: spoofed or
    /// mistyped numbers recur across reports, so they link and are searchable.
    pub const UNPARSED: u32 = 4;
}

/// A normalised identifier found in a cell or a query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Identifier {
    pub kind: IdKind,
    /// Canonical value: the key identifiers are matched and linked on.
    pub value: String,
    /// The text it was read from, trimmed: what the analyst wrote.
    pub display: String,
    /// Bits from [`flags`].
    pub flags: u32,
}

impl Identifier {
    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// Which column of a report a cell came from; decides how it is read and the role it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Caller,
    Account,
    VictimPhone,
    Contact,
}

/// The role an identifier plays in a case (the `role` of `case_identifiers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Caller,
    Account,
    Contact,
    VictimPhone,
    /// A partial or masked number, whatever column it was in.
    Partial,
    /// The victim's own card, phone, QQ… named in the narrative: never links.
    VictimOwn,
    /// Found in the narrative where the cue words do not say whose it is: searchable,
    /// shown as a possible link, never a hard link.
    Mentioned,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caller => "caller",
            Role::Account => "account",
            Role::Contact => "contact",
            Role::VictimPhone => "victim_phone",
            Role::Partial => "partial",
            Role::VictimOwn => "victim_own",
            Role::Mentioned => "mentioned",
        }
    }

    pub const ALL: [Role; 7] = [
        Role::Caller,
        Role::Account,
        Role::Contact,
        Role::VictimPhone,
        Role::Partial,
        Role::VictimOwn,
        Role::Mentioned,
    ];

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The small integer the store keeps for the role: its place in [`Role::ALL`].
    pub fn code(self) -> i64 {
        Role::ALL.iter().position(|&r| r == self).unwrap_or(0) as i64
    }

    /// The scammer-side roles, whose full identifiers link cases (DESIGN.md, Linking
    /// contract). `link::LINKING_ROLES` is the same list for SQL.
    pub fn links(self) -> bool {
        matches!(self, Role::Caller | Role::Account | Role::Contact)
    }

    pub fn for_field(field: Field, kind: IdKind) -> Role {
        if kind == IdKind::Partial {
            return Role::Partial;
        }
        match field {
            Field::Caller => Role::Caller,
            Field::Account => Role::Account,
            Field::VictimPhone => Role::VictimPhone,
            Field::Contact => Role::Contact,
        }
    }

    /// The role of an identifier found in the narrative: the other side's take the
    /// column role their kind fills (phones call, cards receive, QQ and WeChat ids are
    /// contacts), so they link like column identifiers; the others never link.
    pub fn for_side(side: Side, kind: IdKind) -> Role {
        if kind == IdKind::Partial {
            return Role::Partial;
        }
        match side {
            Side::Victim => Role::VictimOwn,
            Side::Mentioned => Role::Mentioned,
            Side::Other => match kind {
                IdKind::Phone | IdKind::Service => Role::Caller,
                IdKind::Qq | IdKind::Wechat => Role::Contact,
                _ => Role::Account,
            },
        }
    }

    /// The side a column identifier is on: the victim's phone column is the victim's,
    /// every other identifier column the other side's.
    pub fn column_side(field: Field) -> Side {
        match field {
            Field::VictimPhone => Side::Victim,
            _ => Side::Other,
        }
    }
}

/// Whose an identifier is (the `side` of `case_identifiers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The other side's (the scammers'): links cases.
    Other,
    /// The victim's own: never links.
    Victim,
    /// Named in the narrative, whose is not said: never a hard link.
    Mentioned,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Other => "other",
            Side::Victim => "victim",
            Side::Mentioned => "mentioned",
        }
    }

    pub const ALL: [Side; 3] = [Side::Other, Side::Victim, Side::Mentioned];

    pub fn parse(s: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The small integer the store keeps for the side: its place in [`Side::ALL`].
    pub fn code(self) -> i64 {
        Side::ALL.iter().position(|&s| s == self).unwrap_or(0) as i64
    }
}

/// Where an identifier was read (the `origin` of `case_identifiers`): the case fields'
/// names, in the import's order of fields (`import::headers::CaseField::ALL`, checked
/// by a test there). The store keeps an origin as its place in this list.
pub const ORIGINS: [&str; 11] = [
    "report_no",
    "reported_at",
    "occurred_at",
    "victim_name",
    "victim_phone",
    "caller_number",
    "receiving_account",
    "amount",
    "scam_type",
    "contact_ids",
    "script",
];

/// The code the store keeps for origin `name` (see [`ORIGINS`]).
pub fn origin_code(name: &str) -> Option<i64> {
    ORIGINS.iter().position(|&o| o == name).map(|i| i as i64)
}
