//! One scam-type taxonomy: the ten high-incidence categories that China's Ministry of
//! Public Security publishes, plus `other`. A case's scam-type column maps to a code
//! through an alias table; with the column empty, the script is tagged.

pub mod aliases;
pub mod tagger;

pub use aliases::AliasTable;

/// A category of the taxonomy. The code is what listings, queries and the database
/// carry; the official name is what an analyst reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    OrderBrushing,
    Investment,
    Loan,
    CustomerService,
    Police,
    CreditRecord,
    Shopping,
    Acquaintance,
    GameTrade,
    Romance,
    #[default]
    Other,
}

impl Code {
    pub const ALL: [Code; 11] = [
        Code::OrderBrushing,
        Code::Investment,
        Code::Loan,
        Code::CustomerService,
        Code::Police,
        Code::CreditRecord,
        Code::Shopping,
        Code::Acquaintance,
        Code::GameTrade,
        Code::Romance,
        Code::Other,
    ];

    /// The ten categories, without `other`: what the tagger scores and what its
    /// measurements count (the first ten of [`Code::ALL`]).
    pub const CATEGORIES: [Code; 10] = {
        let mut ten = [Code::Other; 10];
        let mut i = 0;
        while i < ten.len() {
            ten[i] = Code::ALL[i];
            i += 1;
        }
        ten
    };

    /// The code as stored and typed (`type:loan`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::OrderBrushing => "order_brushing",
            Code::Investment => "investment",
            Code::Loan => "loan",
            Code::CustomerService => "customer_service",
            Code::Police => "police",
            Code::CreditRecord => "credit_record",
            Code::Shopping => "shopping",
            Code::Acquaintance => "acquaintance",
            Code::GameTrade => "game_trade",
            Code::Romance => "romance",
            Code::Other => "other",
        }
    }

    /// The category's official name.
    pub fn official_name(self) -> &'static str {
        match self {
            Code::OrderBrushing => "刷单返利类",
            Code::Investment => "虚假网络投资理财类",
            Code::Loan => "虚假网络贷款类",
            Code::CustomerService => "冒充电商物流客服类",
            Code::Police => "冒充公检法及政府机关类",
            Code::CreditRecord => "虚假征信类",
            Code::Shopping => "虚假购物服务类",
            Code::Acquaintance => "冒充领导熟人类",
            Code::GameTrade => "网络游戏产品虚假交易类",
            Code::Romance => "网络婚恋交友类",
            Code::Other => "其他",
        }
    }

    /// As stored in the database (a small integer: the code's place in [`Code::ALL`]).
    pub fn id(self) -> i64 {
        self as i64
    }

    /// The code stored as `id`; `other` for a number no code has.
    pub fn from_id(id: i64) -> Code {
        usize::try_from(id)
            .ok()
            .and_then(|i| Code::ALL.get(i).copied())
            .unwrap_or(Code::Other)
    }

    /// The code named by `text` (a code or an official name, as written above).
    pub fn parse(text: &str) -> Option<Code> {
        let text = text.trim();
        Code::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(text) || c.official_name() == text)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a case's code came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Source {
    /// The scam-type column (through the alias table; an unmapped value is `other`).
    #[default]
    Column,
    /// The column was empty: the script was tagged (`other` when nothing read clearly).
    Script,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Column => "column",
            Source::Script => "script",
        }
    }

    /// As stored (a small integer).
    pub fn id(self) -> i64 {
        match self {
            Source::Column => 0,
            Source::Script => 1,
        }
    }

    pub fn from_id(id: i64) -> Source {
        if id == 1 {
            Source::Script
        } else {
            Source::Column
        }
    }
}

/// A case's scam type: its code and where the code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    pub code: Code,
    pub source: Source,
}

/// The type of a case with scam-type column `column` and narrative `script`: the
/// column through the alias table when it says anything, else the script's tag.
pub fn classify(table: &AliasTable, column: &str, script: &str) -> Typed {
    if column.trim().is_empty() {
        Typed {
            code: tagger::tag(script).unwrap_or(Code::Other),
            source: Source::Script,
        }
    } else {
        Typed {
            code: table.code(column).unwrap_or(Code::Other),
            source: Source::Column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_official_names_read_back() {
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert_eq!(Code::parse(code.official_name()), Some(code));
        }
        assert_eq!(Code::parse("LOAN"), Some(Code::Loan));
        assert_eq!(Code::parse("贷款"), None, "aliases live in the alias table");
        for code in Code::ALL {
            assert_eq!(Code::from_id(code.id()), code);
        }
        assert!(!Code::CATEGORIES.contains(&Code::Other));
        assert_eq!(Code::CATEGORIES.len() + 1, Code::ALL.len());
    }
}
