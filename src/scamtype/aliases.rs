//! The alias table: how a scam-type column's values map to codes. The shipped table
//! (`db/scam_type_aliases.txt`) is built in; a copy next to the database, edited by
//! the analysts, replaces it. Values match after [`key`]: case, spaces, punctuation
//! and a trailing 诈骗 / 类 / 案 / scam / fraud do not count.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::Code;
use crate::{Error, Result};

/// The file's name, in the database's folder (`db/` for the default database).
pub const FILE_NAME: &str = "scam_type_aliases.txt";

const BUILT_IN: &str = include_str!("../../db/scam_type_aliases.txt");

/// Alias keys to codes. Every code's own name and official name are in it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasTable {
    codes: HashMap<String, Code>,
    /// The text it was read from: tells whether the stored codes are current.
    source_text: String,
}

impl AliasTable {
    /// The shipped table.
    pub fn built_in() -> AliasTable {
        AliasTable::shipped().clone()
    }

    /// The shipped table, read once.
    pub fn shipped() -> &'static AliasTable {
        static TABLE: std::sync::OnceLock<AliasTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            // The shipped file is checked by a test: it parses.
            AliasTable::parse(BUILT_IN, Path::new(FILE_NAME)).unwrap_or_else(|_| AliasTable {
                codes: official_keys(),
                source_text: String::new(),
            })
        })
    }

    /// The table next to the database at `db`, else the shipped one.
    pub fn for_database(db: &Path) -> Result<AliasTable> {
        match crate::read_beside_database(db, FILE_NAME)? {
            (path, Some(text)) => AliasTable::parse(&text, &path),
            (_, None) => Ok(AliasTable::built_in()),
        }
    }

    /// Reads `ALIAS = CODE` lines; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<AliasTable> {
        let mut codes = official_keys();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |why: &str| Error::file(path, format!("line {}: {why}: {line}", i + 1));
            let (alias, code) = line
                .rsplit_once('=')
                .ok_or_else(|| bad("expected ALIAS = CODE"))?;
            let code = Code::parse(code).ok_or_else(|| {
                bad("unknown code (order_brushing, investment, loan, customer_service, police, credit_record, shopping, acquaintance, game_trade, romance, other)")
            })?;
            let alias = key(alias);
            if alias.is_empty() {
                return Err(bad("empty alias"));
            }
            codes.insert(alias, code);
        }
        Ok(AliasTable {
            codes,
            source_text: text.to_string(),
        })
    }

    /// The code a column value maps to; None for a value no alias knows (the case
    /// then has `other`, its text kept).
    pub fn code(&self, value: &str) -> Option<Code> {
        self.codes.get(&key(value)).copied()
    }

    /// The codes a query's `type:` term or `--type` names: the one its code, official
    /// name or alias is; else every code with an official name or alias containing
    /// it (`客服` → customer_service). Empty when nothing does.
    pub fn resolve(&self, text: &str) -> Vec<Code> {
        let k = key(text);
        if k.is_empty() {
            return Vec::new();
        }
        if let Some(&code) = self.codes.get(&k) {
            return vec![code];
        }
        let mut codes: Vec<Code> = self
            .codes
            .iter()
            .filter(|(alias, _)| alias.contains(k.as_str()))
            .map(|(_, &c)| c)
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// A short fingerprint of the table's text (stored with the codes it gave).
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.source_text.as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The alias file that serves the database at `db`.
pub fn alias_file(db: &Path) -> PathBuf {
    crate::beside_database(db, FILE_NAME)
}

/// Codes and official names, always known.
fn official_keys() -> HashMap<String, Code> {
    Code::ALL
        .into_iter()
        .flat_map(|c| [(key(c.as_str()), c), (key(c.official_name()), c)])
        .collect()
}

/// Suffixes that say "a scam of this kind" and nothing more.
const SUFFIXES: &[&str] = &[
    "诈骗案件",
    "诈骗案",
    "诈骗类",
    "诈骗",
    "案件",
    "类",
    "案",
    "scam",
    "fraud",
];

/// The form values are compared in: NFKC, lower case, letters and digits only
/// (`_` and `-` count as spaces), common "scam" suffixes off.
pub fn key(value: &str) -> String {
    let mut k: String = value
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect();
    while let Some(s) = SUFFIXES
        .iter()
        .find(|s| k.len() > s.len() && k.ends_with(*s))
    {
        k.truncate(k.len() - s.len());
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_maps_the_common_variants() {
        let table = AliasTable::parse(BUILT_IN, Path::new(FILE_NAME)).unwrap();
        for (value, code) in [
            ("冒充客服", Code::CustomerService),
            ("冒充京东客服诈骗", Code::CustomerService),
            ("Impersonating customer service", Code::CustomerService),
            ("impersonating-customer-service scam", Code::CustomerService),
            ("刷单", Code::OrderBrushing),
            ("Order brushing", Code::OrderBrushing),
            ("杀猪盘", Code::Investment),
            ("冒充公检法", Code::Police),
            ("fake police", Code::Police),
            ("虚假征信类", Code::CreditRecord),
            ("customer_service", Code::CustomerService),
            ("网络婚恋交友类", Code::Romance),
            // Every spelling the bundled sample uses.
            ("JD customer service impersonation", Code::CustomerService),
            ("冒充电商物流客服", Code::CustomerService),
            ("冒充客服退款", Code::CustomerService),
            ("online loan", Code::Loan),
            ("网络贷款", Code::Loan),
            ("虚假网络贷款", Code::Loan),
            ("fake investment", Code::Investment),
            ("投资理财", Code::Investment),
            ("虚假投资理财", Code::Investment),
            ("网络刷单", Code::OrderBrushing),
            ("刷单返利", Code::OrderBrushing),
            ("冒充公检法机关", Code::Police),
            ("注销校园贷", Code::CreditRecord),
            ("其他", Code::Other),
        ] {
            assert_eq!(table.code(value), Some(code), "{value}");
        }
        assert_eq!(table.code("某种新型诈骗手法"), None);
        assert_eq!(table.code(""), None);
    }

    #[test]
    fn an_edited_table_adds_aliases_and_names_its_bad_lines() {
        let table = AliasTable::parse("# ours\n新型话术 = loan\n", Path::new("a.txt")).unwrap();
        assert_eq!(table.code("新型话术诈骗"), Some(Code::Loan));
        assert_eq!(
            table.code("贷款"),
            None,
            "an edited table replaces the shipped one"
        );
        assert_eq!(
            table.code("loan"),
            Some(Code::Loan),
            "codes are always known"
        );
        let err = AliasTable::parse("a = loan\nb = loans\n", Path::new("a.txt")).unwrap_err();
        assert!(
            err.to_string().starts_with("a.txt: line 2: unknown code"),
            "{err}"
        );
        let err = AliasTable::parse("just words\n", Path::new("a.txt")).unwrap_err();
        assert!(
            err.to_string().contains("line 1: expected ALIAS = CODE"),
            "{err}"
        );
    }

    #[test]
    fn a_type_is_named_by_code_name_alias_or_a_part_of_one() {
        let table = AliasTable::built_in();
        assert_eq!(table.resolve("loan"), [Code::Loan]);
        assert_eq!(table.resolve("贷款"), [Code::Loan]);
        assert_eq!(table.resolve("冒充电商物流客服类"), [Code::CustomerService]);
        assert_eq!(table.resolve("京东客服"), [Code::CustomerService]);
        assert_eq!(table.resolve("冒充"), {
            let mut all = vec![Code::CustomerService, Code::Police, Code::Acquaintance];
            all.sort();
            all
        });
        assert!(table.resolve("天气").is_empty());
        assert!(table.resolve("  ").is_empty());
    }

    #[test]
    fn keys_ignore_case_space_punctuation_and_scam_suffixes() {
        assert_eq!(key(" 冒充 客服 诈骗 类 "), "冒充客服");
        assert_eq!(key("Fake-Police SCAM"), "fakepolice");
        assert_eq!(key("ＬＯＡＮ"), "loan");
        assert_eq!(key("诈骗"), "诈骗", "a suffix alone stays");
    }
}
