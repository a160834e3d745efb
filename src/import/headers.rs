//! Maps a file's header row onto the case fields: English, Chinese and police-system
//! names, any order, case-insensitive after trimming. Unknown columns are kept. A
//! centre's own names extend the built-in table: a file beside the database
//! (`header_aliases.txt`, one `Header = field` a line) and `import --map` for one run.

use std::collections::HashMap;
use std::path::Path;

use crate::{Error, Result};

/// The case fields of the import contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseField {
    ReportNo,
    ReportedAt,
    OccurredAt,
    VictimName,
    VictimPhone,
    Caller,
    Account,
    Amount,
    ScamType,
    Contact,
    Script,
}

impl CaseField {
    pub const ALL: [CaseField; 11] = [
        CaseField::ReportNo,
        CaseField::ReportedAt,
        CaseField::OccurredAt,
        CaseField::VictimName,
        CaseField::VictimPhone,
        CaseField::Caller,
        CaseField::Account,
        CaseField::Amount,
        CaseField::ScamType,
        CaseField::Contact,
        CaseField::Script,
    ];

    /// The field's name in the database, listings and messages.
    pub fn name(self) -> &'static str {
        match self {
            CaseField::ReportNo => "report_no",
            CaseField::ReportedAt => "reported_at",
            CaseField::OccurredAt => "occurred_at",
            CaseField::VictimName => "victim_name",
            CaseField::VictimPhone => "victim_phone",
            CaseField::Caller => "caller_number",
            CaseField::Account => "receiving_account",
            CaseField::Amount => "amount",
            CaseField::ScamType => "scam_type",
            CaseField::Contact => "contact_ids",
            CaseField::Script => "script",
        }
    }

    /// Every header name that means this field (DESIGN.md's header table), lower-case.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            CaseField::ReportNo => &[
                "report_no",
                "case_no",
                "case_id",
                "案件编号",
                "警情编号",
                "报案编号",
                "接警编号",
                "ajbh",
                "jjbh",
            ],
            CaseField::ReportedAt => &[
                "reported_at",
                "report_date",
                "date",
                "报案时间",
                "报案日期",
                "接报时间",
                "接警时间",
                "basj",
                "jjsj",
            ],
            CaseField::OccurredAt => &["occurred_at", "发案时间", "fasj"],
            CaseField::VictimName => &[
                "victim_name",
                "victim",
                "受害人",
                "受害人姓名",
                "事主姓名",
                "报警人",
                "shrxm",
            ],
            CaseField::VictimPhone => &["victim_phone", "受害人电话", "事主电话", "联系电话"],
            CaseField::Caller => &[
                "caller_number",
                "caller",
                "scam_phone",
                "来电号码",
                "诈骗电话",
                "涉案号码",
                "嫌疑人电话",
            ],
            CaseField::Account => &[
                "receiving_account",
                "account",
                "收款账号",
                "收款账户",
                "涉案账号",
                "对方账户",
            ],
            CaseField::Amount => &[
                "amount",
                "loss",
                "amount_yuan",
                "涉案金额",
                "被骗金额",
                "损失金额",
                "损失价值",
                "损失总价值",
                "ssjz",
                "sszjz",
            ],
            CaseField::ScamType => &[
                "scam_type",
                "category",
                "诈骗类型",
                "案件类别",
                "案件类型",
                "ajlx",
            ],
            CaseField::Contact => &[
                "qq",
                "wechat",
                "contact_ids",
                "对方qq",
                "对方微信",
                "嫌疑人qq",
                "嫌疑人微信",
                "涉案qq",
                "涉案微信",
            ],
            CaseField::Script => &[
                "script",
                "narrative",
                "description",
                "案情简述",
                "简要案情",
                "诈骗话术",
                "案情",
                "jyaq",
            ],
        }
    }

    /// The field named `name` (as [`CaseField::name`] gives it).
    pub fn from_name(name: &str) -> Option<CaseField> {
        let name = name.trim();
        CaseField::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    fn from_header(header: &str) -> Option<CaseField> {
        let key = header_key(header);
        CaseField::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }
}

/// A header as it is compared: trimmed, lower-case, without a BOM.
fn header_key(header: &str) -> String {
    header.trim().trim_start_matches('\u{feff}').to_lowercase()
}

/// Header names a centre uses beyond the built-in table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderAliases {
    fields: HashMap<String, CaseField>,
}

/// The alias file's name, in the database's folder (`db/` for the default database).
pub const ALIAS_FILE: &str = "header_aliases.txt";

impl HeaderAliases {
    /// The aliases in the file beside the database at `db` (none when it is absent).
    pub fn for_database(db: &Path) -> Result<HeaderAliases> {
        match crate::read_beside_database(db, ALIAS_FILE)? {
            (path, Some(text)) => HeaderAliases::parse(&text, &path),
            (_, None) => Ok(HeaderAliases::default()),
        }
    }

    /// Reads `Header = field` lines (`#` starts a comment); `path` names the file in
    /// errors.
    pub fn parse(text: &str, path: &Path) -> Result<HeaderAliases> {
        let mut aliases = HeaderAliases::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            aliases
                .add(line)
                .map_err(|why| Error::file(path, format!("line {}: {why}", i + 1)))?;
        }
        Ok(aliases)
    }

    /// Adds one `Header = field` mapping (an alias line, or `import --map`); the error
    /// says what is wrong with it.
    pub fn add(&mut self, mapping: &str) -> std::result::Result<(), String> {
        let (header, field) = mapping
            .rsplit_once('=')
            .ok_or_else(|| format!("expected HEADER=FIELD, got {mapping:?}"))?;
        let field = CaseField::from_name(field).ok_or_else(|| {
            format!(
                "{:?} is not a field (one of {})",
                field.trim(),
                CaseField::ALL.map(CaseField::name).join(", ")
            )
        })?;
        let key = header_key(header);
        if key.is_empty() {
            return Err(format!("no header name in {mapping:?}"));
        }
        self.fields.insert(key, field);
        Ok(())
    }

    /// Adds `other`'s mappings, which win over these (a run's `--map` over the file).
    pub fn extend(&mut self, other: &HeaderAliases) {
        self.fields
            .extend(other.fields.iter().map(|(h, &f)| (h.clone(), f)));
    }

    /// The headers mapped to `field`, as written in the file (lower-case).
    pub fn headers_of(&self, field: CaseField) -> Vec<&str> {
        let mut headers: Vec<&str> = self
            .fields
            .iter()
            .filter(|&(_, &f)| f == field)
            .map(|(h, _)| h.as_str())
            .collect();
        headers.sort_unstable();
        headers
    }

    /// The field `header` means by these aliases first, then by the built-in table.
    fn field(&self, header: &str) -> Option<CaseField> {
        self.fields
            .get(&header_key(header))
            .copied()
            .or_else(|| CaseField::from_header(header))
    }
}

/// Why a header row cannot be imported: it has no report_no column. Names every
/// header that would have been one and how to map another.
pub fn no_report_no(aliases: &HeaderAliases) -> String {
    let mut names: Vec<String> = CaseField::ReportNo
        .aliases()
        .iter()
        .map(|a| match *a {
            // The police-system codes are written in capitals.
            "ajbh" | "jjbh" => a.to_uppercase(),
            _ => a.to_string(),
        })
        .collect();
    names.extend(
        aliases
            .headers_of(CaseField::ReportNo)
            .into_iter()
            .map(str::to_string),
    );
    format!(
        "line 1: no report_no column (a header named one of {}; map another with a line `HEADER = report_no` in {ALIAS_FILE} beside the database, or for one run with --map \"HEADER=report_no\")",
        names.join(", ")
    )
}

/// Where each field is in a file, and how its scam-type values read. A field may come
/// from several columns (a QQ and a WeChat column both feed `contact_ids`); their
/// cells are read together.
#[derive(Debug, Default)]
pub struct ColumnMap {
    columns: Vec<Vec<usize>>,
    /// Columns no alias knows: (index, header as written). Kept with each case.
    pub unknown: Vec<(usize, String)>,
    pub width: usize,
    /// The header as written, each column with the field it is read as (kept with the
    /// batch: `batch_columns`).
    pub header: Vec<crate::store::rows::Column>,
    /// Whether this header gives a row back from its fields and extra
    /// (`store::rows::header_rebuilds`): else each row keeps its cells.
    pub rebuilds: bool,
    /// The database's scam-type alias table (None: the shipped one).
    pub scam_type_aliases: Option<std::sync::Arc<crate::scamtype::AliasTable>>,
}

impl ColumnMap {
    /// None when there is no report_no column: such a file cannot be imported.
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<ColumnMap> {
        ColumnMap::from_headers_with(headers, &HeaderAliases::default())
    }

    /// [`ColumnMap::from_headers`] with a centre's own header names besides the table.
    pub fn from_headers_with<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        aliases: &HeaderAliases,
    ) -> Option<ColumnMap> {
        let mut map = ColumnMap {
            columns: vec![Vec::new(); CaseField::ALL.len()],
            ..ColumnMap::default()
        };
        for (i, header) in headers.into_iter().enumerate() {
            map.width = i + 1;
            let field = match aliases.field(header) {
                // A second report_no column would make the key ambiguous: keep it as data.
                Some(CaseField::ReportNo) if !map.columns[0].is_empty() => None,
                other => other,
            };
            match field {
                Some(field) => map.columns[field as usize].push(i),
                None => map.unknown.push((i, header.trim().to_string())),
            }
            map.header.push(crate::store::rows::Column {
                name: header.to_string(),
                field: field.map(|f| f.name().to_string()),
            });
        }
        map.rebuilds = crate::store::rows::header_rebuilds(&map.header);
        (!map.columns[CaseField::ReportNo as usize].is_empty()).then_some(map)
    }

    pub fn columns(&self, field: CaseField) -> &[usize] {
        &self.columns[field as usize]
    }

    pub fn scam_types(&self) -> &crate::scamtype::AliasTable {
        match &self.scam_type_aliases {
            Some(table) => table,
            None => crate::scamtype::AliasTable::shipped(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store codes an origin by its place in `model::ORIGINS`: the same names, in
    /// the same order, as the fields here.
    #[test]
    fn the_store_knows_the_fields_in_this_order() {
        assert_eq!(CaseField::ALL.map(CaseField::name), crate::model::ORIGINS);
        let stored: Vec<&str> = crate::store::rows::FIELD_COLUMNS
            .iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(stored, CaseField::ALL.map(CaseField::name));
    }

    #[test]
    fn english_chinese_and_code_headers_map_to_the_same_fields() {
        let en = ColumnMap::from_headers(["Report_No ", "caller", "AMOUNT", "extra"]).unwrap();
        let zh = ColumnMap::from_headers(["来电号码", "案件编号", "涉案金额", "派出所"]).unwrap();
        let code = ColumnMap::from_headers(["SSJZ", "jjbh", "JYAQ"]).unwrap();
        assert_eq!(en.columns(CaseField::ReportNo), &[0]);
        assert_eq!(zh.columns(CaseField::ReportNo), &[1]);
        assert_eq!(code.columns(CaseField::ReportNo), &[1]);
        assert_eq!(zh.columns(CaseField::Caller), &[0]);
        assert_eq!(code.columns(CaseField::Script), &[2]);
        assert_eq!(en.unknown, vec![(3, "extra".to_string())]);
        assert_eq!(zh.unknown, vec![(3, "派出所".to_string())]);
    }

    #[test]
    fn several_contact_columns_feed_one_field() {
        let map = ColumnMap::from_headers(["案件编号", "对方QQ", "对方微信"]).unwrap();
        assert_eq!(map.columns(CaseField::Contact), &[1, 2]);
    }

    #[test]
    fn no_report_no_column_is_refused() {
        assert!(ColumnMap::from_headers(["caller", "amount"]).is_none());
    }

    #[test]
    fn a_centres_own_names_map_by_file_line_or_for_one_run() {
        let mut aliases =
            HeaderAliases::parse("# ours\nCase Number = report_no\n", Path::new("h.txt")).unwrap();
        aliases.add("Mule Account=receiving_account").unwrap();
        let map = ColumnMap::from_headers_with(["case number", "MULE ACCOUNT", "caller"], &aliases)
            .unwrap();
        assert_eq!(map.columns(CaseField::ReportNo), &[0]);
        assert_eq!(map.columns(CaseField::Account), &[1]);
        assert_eq!(
            map.columns(CaseField::Caller),
            &[2],
            "the built-in names still hold"
        );
        assert!(ColumnMap::from_headers(["case number"]).is_none());

        let err = HeaderAliases::parse("a = report_no\nb = reportno\n", Path::new("h.txt"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("h.txt: line 2: \"reportno\" is not a field"),
            "{err}"
        );
        assert!(aliases.add("no equals sign").is_err());
        assert!(aliases.add(" = report_no").is_err());
    }

    #[test]
    fn the_missing_report_no_error_lists_every_accepted_name_and_the_way_to_map() {
        let mut aliases = HeaderAliases::default();
        aliases.add("Case Number=report_no").unwrap();
        let message = no_report_no(&aliases);
        for name in CaseField::ReportNo.aliases() {
            assert!(message.to_lowercase().contains(name), "{name}: {message}");
        }
        assert!(message.contains("case number"), "{message}");
        assert!(message.contains("--map \"HEADER=report_no\""), "{message}");
        assert!(message.contains(ALIAS_FILE), "{message}");
    }

    #[test]
    fn bom_on_the_first_header_is_ignored() {
        let map = ColumnMap::from_headers(["\u{feff}report_no", "amount"]).unwrap();
        assert_eq!(map.columns(CaseField::ReportNo), &[0]);
    }
}
