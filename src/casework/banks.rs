//! Which bank a card belongs to: from its issuer prefix (the BIN table shipped as
//! `db/bins.txt`, replaced by an edited copy beside the database), else from the
//! words it was written with (`工商银行 6222…`, `建行卡（6217…）`).

use std::collections::HashMap;
use std::path::Path;

use crate::{Error, Result};

/// The file's name, in the database's folder (`db/` for the default database).
pub const FILE_NAME: &str = "bins.txt";

const BUILT_IN: &str = include_str!("../../db/bins.txt");

/// How far before a card number its bank's name is looked for, in characters.
const WINDOW: usize = 24;

/// Characters that join a bank's name to the sentence, not part of it.
const JOINING: &str = "的入至往到向在其给供于将从用过和及或是为把被对转";

/// Where a bank's name was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankSource {
    /// The card's issuer prefix.
    Bin,
    /// The words before the card number in a report.
    Text,
}

impl BankSource {
    pub fn as_str(self) -> &'static str {
        match self {
            BankSource::Bin => "BIN",
            BankSource::Text => "text",
        }
    }
}

/// Banks, their card prefixes and the names reports call them by.
#[derive(Debug, Clone, Default)]
pub struct BankTable {
    /// Code to full name.
    names: HashMap<String, String>,
    /// Prefix to code.
    prefixes: HashMap<String, String>,
    longest_prefix: usize,
    /// (written name, full name), longest written name first.
    aliases: Vec<(String, String)>,
}

impl BankTable {
    /// The shipped table (checked by a test: it parses).
    pub fn built_in() -> BankTable {
        BankTable::parse(BUILT_IN, Path::new(FILE_NAME)).unwrap_or_default()
    }

    /// The table beside the database at `db`, else the shipped one.
    pub fn for_database(db: &Path) -> Result<BankTable> {
        match crate::read_beside_database(db, FILE_NAME)? {
            (path, Some(text)) => BankTable::parse(&text, &path),
            (_, None) => Ok(BankTable::built_in()),
        }
    }

    /// Reads `bank CODE 全称 别名…` and `PREFIX CODE` lines; `path` names the file in
    /// errors.
    pub fn parse(text: &str, path: &Path) -> Result<BankTable> {
        let mut table = BankTable::default();
        let mut prefixes: Vec<(usize, String, String)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let words: Vec<&str> = line
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            let complain = |what: &str| Error::file(path, format!("line {}: {what}", i + 1));
            match words.as_slice() {
                [] => {}
                ["bank", code, full, aliases @ ..] => {
                    table.names.insert(code.to_string(), full.to_string());
                    for name in std::iter::once(full).chain(aliases) {
                        table.aliases.push((name.to_string(), full.to_string()));
                    }
                }
                [prefix, code] if prefix.chars().all(|c| c.is_ascii_digit()) => {
                    prefixes.push((i + 1, prefix.to_string(), code.to_string()));
                }
                _ => {
                    return Err(complain(
                        "expected `bank CODE NAME [ALIAS…]` or `PREFIX CODE`",
                    ));
                }
            }
        }
        for (line, prefix, code) in prefixes {
            if !table.names.contains_key(&code) {
                return Err(Error::file(
                    path,
                    format!("line {line}: no `bank {code} …` line names bank {code}"),
                ));
            }
            table.longest_prefix = table.longest_prefix.max(prefix.len());
            table.prefixes.insert(prefix, code);
        }
        table
            .aliases
            .sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
        Ok(table)
    }

    /// The bank whose issuer prefix `card` (digits) starts with: the longest listed.
    pub fn by_bin(&self, card: &str) -> Option<&str> {
        (1..=self.longest_prefix.min(card.len()))
            .rev()
            .filter_map(|n| card.get(..n))
            .find_map(|prefix| self.prefixes.get(prefix))
            .and_then(|code| self.names.get(code))
            .map(String::as_str)
    }

    /// The bank named just before `written` (the card as written) in `text`: a name
    /// or short name from the table, else any `…银行` there. None when the text does
    /// not hold the card as written, or names no bank before it.
    pub fn in_text(&self, text: &str, written: &str) -> Option<String> {
        let written = written.trim();
        let at = (!written.is_empty())
            .then(|| text.find(written))
            .flatten()?;
        // The words since the previous number: `工商银行卡号：`, `向对方提供的建行卡（`.
        let before = &text[..at];
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_numeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let window: Vec<char> = before[start..].chars().collect();
        let window: String = window[window.len().saturating_sub(WINDOW)..]
            .iter()
            .collect();
        // The name nearest the number wins (`从工商银行转到建行卡6217…`: 建行).
        let mut best: Option<(usize, &str)> = None;
        for (name, full) in &self.aliases {
            if let Some(pos) = window.rfind(name.as_str()) {
                let end = pos + name.len();
                if best.is_none_or(|(b, _)| end > b) {
                    best = Some((end, full));
                }
            }
        }
        if let Some((_, full)) = best {
            return Some(full.to_string());
        }
        // A bank the table does not list: the Chinese words that end in 银行, back to
        // a word that only joins them to the sentence (`汇入浙江农商银行`).
        let end = window.rfind("银行")? + "银行".len();
        let mut name: Vec<char> = window[..end]
            .chars()
            .rev()
            .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && !JOINING.contains(*c))
            .collect();
        name.reverse();
        let name: String = name.into_iter().collect();
        (name.chars().count() > 2).then_some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_parses_and_knows_the_big_banks_prefixes() {
        let table = BankTable::parse(BUILT_IN, Path::new(FILE_NAME)).expect("parses");
        assert_eq!(table.by_bin("6222021234567890123"), Some("中国工商银行"));
        assert_eq!(table.by_bin("6217001234567890123"), Some("中国建设银行"));
        assert_eq!(table.by_bin("6228481234567890123"), Some("中国农业银行"));
        assert_eq!(
            table.by_bin("6217991234567890123"),
            Some("中国邮政储蓄银行")
        );
        assert_eq!(table.by_bin("6225881234567890"), Some("招商银行"));
        assert_eq!(table.by_bin("1234567890123456"), None);
        // The longest prefix wins: a 9-digit prefix inside a 6-digit one's range.
        let mut longer = table.clone();
        longer.prefixes.insert("622202123".into(), "CMB".into());
        longer.longest_prefix = 9;
        assert_eq!(longer.by_bin("6222021234567890123"), Some("招商银行"));
        assert_eq!(longer.by_bin("6222029999999999999"), Some("中国工商银行"));
    }

    #[test]
    fn a_bank_is_read_from_the_words_before_the_card() {
        let table = BankTable::built_in();
        let t = |text: &str, card: &str| table.in_text(text, card);
        assert_eq!(
            t(
                "工商银行 6222 0212 3456 7890 123",
                "6222 0212 3456 7890 123"
            )
            .as_deref(),
            Some("中国工商银行")
        );
        // The name nearest the number, not the victim's own bank before it.
        assert_eq!(
            t(
                "通过其工商银行卡（6212261234567890123）向对方提供的建行卡（6217001234567890123）转账",
                "6217001234567890123"
            )
            .as_deref(),
            Some("中国建设银行")
        );
        // A bank the table does not list, by its own name.
        assert_eq!(
            t("汇入浙江农商银行账户9558801234567890", "9558801234567890").as_deref(),
            Some("浙江农商银行")
        );
        assert_eq!(t("6222021234567890123", "6222021234567890123"), None);
        assert_eq!(t("建行 6217001234567890123", "not in the text"), None);
    }
}
