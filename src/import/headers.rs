//! Maps a file's header row onto the case fields: English, Chinese and police-system
//! names, any order, case-insensitive after trimming. Unknown columns are kept.

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

    fn from_header(header: &str) -> Option<CaseField> {
        let key = header.trim().trim_start_matches('\u{feff}').to_lowercase();
        CaseField::ALL
            .into_iter()
            .find(|f| f.aliases().contains(&key.as_str()))
    }
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
    /// The database's scam-type alias table (None: the shipped one).
    pub scam_type_aliases: Option<std::sync::Arc<crate::scamtype::AliasTable>>,
}

impl ColumnMap {
    /// None when there is no report_no column: such a file cannot be imported.
    pub fn from_headers<'a>(headers: impl IntoIterator<Item = &'a str>) -> Option<ColumnMap> {
        let mut map = ColumnMap {
            columns: vec![Vec::new(); CaseField::ALL.len()],
            ..ColumnMap::default()
        };
        for (i, header) in headers.into_iter().enumerate() {
            map.width = i + 1;
            match CaseField::from_header(header) {
                // A second report_no column would make the key ambiguous: keep it as data.
                Some(CaseField::ReportNo) if !map.columns[0].is_empty() => {
                    map.unknown.push((i, header.trim().to_string()))
                }
                Some(field) => map.columns[field as usize].push(i),
                None => map.unknown.push((i, header.trim().to_string())),
            }
        }
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
    fn bom_on_the_first_header_is_ignored() {
        let map = ColumnMap::from_headers(["\u{feff}report_no", "amount"]).unwrap();
        assert_eq!(map.columns(CaseField::ReportNo), &[0]);
    }
}
