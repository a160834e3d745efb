//! A case's versions: the rows that were imported for its report_no, oldest first,
//! each with its batch, file, line and import time, and what each one changed from
//! the one before (field by field, old → new). The current version is the case row;
//! the ones it replaced are in `case_versions` (see `import::writer`).

use rusqlite::{Connection, OptionalExtension};

use crate::Result;
use crate::text::{mask_name, mask_phone};

/// The fields a version is compared by: (name shown, column in `cases` and
/// `case_versions`), the raw text as the file had it. Unknown columns follow, by
/// their header.
const FIELDS: [(&str, &str); 10] = [
    ("reported_at", "reported_at_raw"),
    ("occurred_at", "occurred_at_raw"),
    ("victim_name", "victim_name"),
    ("victim_phone", "victim_phone"),
    ("caller_number", "caller_raw"),
    ("receiving_account", "account_raw"),
    ("contact_ids", "contact_raw"),
    ("amount", "amount_raw"),
    ("scam_type", "scam_type"),
    ("script", "script"),
];

/// One version of a case as it was imported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    pub batch_id: i64,
    pub file_name: String,
    pub line: i64,
    pub imported_at: String,
    /// (field, raw text) in [`FIELDS`] order, then the unknown columns.
    pub fields: Vec<(String, String)>,
    /// The case's group when this version was replaced (None for the current one,
    /// or when it was in none).
    pub group_before: Option<String>,
    /// The row as it stood in its file: (header, cell) in the file's order
    /// (`store::rows`), each cell with the case field its column was read as.
    pub row: Vec<RowCell>,
}

/// One cell of a version's row as it stood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowCell {
    /// The column's header as written (empty beyond the header).
    pub header: String,
    /// The case field the column was read as (None: an unknown column).
    pub field: Option<String>,
    pub cell: String,
}

impl Version {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A field one version changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Every version of one case, oldest first; the last is the current one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseHistory {
    pub report_no: String,
    pub versions: Vec<Version>,
}

impl CaseHistory {
    /// How many times the case was updated by a corrected report.
    pub fn updates(&self) -> usize {
        self.versions.len().saturating_sub(1)
    }

    /// What version `i` (from 0) changed from the one before; nothing for the first.
    pub fn changes(&self, i: usize) -> Vec<FieldChange> {
        let (Some(old), Some(new)) = (
            i.checked_sub(1).and_then(|p| self.versions.get(p)),
            self.versions.get(i),
        ) else {
            return Vec::new();
        };
        let mut names: Vec<&str> = new.fields.iter().map(|(n, _)| n.as_str()).collect();
        for (n, _) in &old.fields {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        names
            .into_iter()
            .filter_map(|name| {
                let (a, b) = (old.field(name).unwrap_or(""), new.field(name).unwrap_or(""));
                (a != b).then(|| FieldChange {
                    field: name.to_string(),
                    old: a.to_string(),
                    new: b.to_string(),
                })
            })
            .collect()
    }

    /// The history as shown: as it is when the analyst unmasked, else [`Self::masked`].
    pub fn shown(&self, unmasked: bool) -> std::borrow::Cow<'_, CaseHistory> {
        if unmasked {
            std::borrow::Cow::Borrowed(self)
        } else {
            std::borrow::Cow::Owned(self.masked())
        }
    }

    /// The history with the victims' names and phones masked, in their fields and
    /// wherever a version's name or phone stands in another field (the script).
    pub fn masked(&self) -> CaseHistory {
        let mut secrets: Vec<(String, String)> = Vec::new();
        for v in &self.versions {
            for (field, mask) in [
                ("victim_name", mask_name as fn(&str) -> String),
                ("victim_phone", mask_phone),
            ] {
                let value = v.field(field).unwrap_or("").trim();
                // One character is too common to hunt for in prose.
                if value.chars().count() >= 2 && !secrets.iter().any(|(s, _)| s == value) {
                    secrets.push((value.to_string(), mask(value)));
                }
            }
        }
        // Longest first, so that a name inside another is not masked half-way.
        secrets.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let mut out = self.clone();
        for v in &mut out.versions {
            for (name, value) in &mut v.fields {
                *value = match name.as_str() {
                    "victim_name" => mask_name(value),
                    "victim_phone" => mask_phone(value),
                    _ => secrets
                        .iter()
                        .fold(value.clone(), |text, (s, m)| text.replace(s.as_str(), m)),
                };
            }
            for c in &mut v.row {
                c.cell = match c.field.as_deref() {
                    Some("victim_name") => mask_name(&c.cell),
                    Some("victim_phone") => mask_phone(&c.cell),
                    _ => secrets
                        .iter()
                        .fold(c.cell.clone(), |text, (s, m)| text.replace(s.as_str(), m)),
                };
            }
        }
        out
    }
}

/// The versions of the case with this report_no; None when there is no such case.
pub fn case_history(conn: &Connection, report_no: &str) -> Result<Option<CaseHistory>> {
    let report_no = report_no.trim();
    let columns = |in_cases: bool| {
        FIELDS
            .map(|(_, c)| super::rows::raw_expr("x", c, in_cases))
            .join(", ")
    };
    let (case_columns, version_columns) = (columns(true), columns(false));
    let case_extra = super::extras::text_of("x");
    let current = conn
        .query_row(
            &format!(
                "SELECT x.id, x.report_no, x.batch_id, x.line, COALESCE(b.file_name, ''),
                        COALESCE(b.imported_at, ''), {case_extra}, {case_columns}
                   FROM cases x LEFT JOIN batches b ON b.id = x.batch_id
                  WHERE x.report_no = ?1"
            ),
            [report_no],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    version(r, None)?,
                ))
            },
        )
        .optional()?;
    let Some((case_id, report_no, current)) = current else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT x.id, x.group_before, x.batch_id, x.line, COALESCE(b.file_name, ''),
                COALESCE(b.imported_at, ''), x.extra, {version_columns}
           FROM case_versions x LEFT JOIN batches b ON b.id = x.batch_id
          WHERE x.case_id = ?1 ORDER BY x.id"
    ))?;
    let mut versions: Vec<Version> = stmt
        .query_map([case_id], |r| version(r, r.get(1)?))?
        .collect::<rusqlite::Result<_>>()?;
    versions.push(current);
    let mut headers = super::rows::Headers::default();
    let mut rows = super::rows::version_rows(conn, &mut headers, case_id)?;
    rows.extend(super::rows::case_row(conn, &mut headers, case_id)?);
    for (v, row) in versions.iter_mut().zip(rows) {
        v.row = row
            .cells
            .into_iter()
            .zip(row.fields)
            .map(|((header, cell), field)| RowCell {
                header,
                field,
                cell,
            })
            .collect();
    }
    Ok(Some(CaseHistory {
        report_no,
        versions,
    }))
}

/// A version from a row of (_, _, batch_id, line, file, imported_at, extra, FIELDS…).
fn version(r: &rusqlite::Row<'_>, group_before: Option<String>) -> rusqlite::Result<Version> {
    let mut fields = Vec::with_capacity(FIELDS.len());
    for (i, (name, _)) in FIELDS.iter().enumerate() {
        fields.push((name.to_string(), r.get::<_, String>(7 + i)?));
    }
    let extra: String = r.get(6)?;
    if let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&extra) {
        for (k, v) in map {
            let text = match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            fields.push((k, text));
        }
    }
    Ok(Version {
        batch_id: r.get(2)?,
        line: r.get(3)?,
        file_name: r.get(4)?,
        imported_at: r.get(5)?,
        fields,
        group_before,
        row: Vec::new(),
    })
}

/// A case a batch updated: what changed, and its group before and now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchUpdate {
    pub report_no: String,
    pub changes: Vec<FieldChange>,
    pub group_before: Option<String>,
    pub group_now: Option<String>,
}

/// The cases batch `batch` updated, by report_no, each with what its version from
/// that batch changed.
pub fn batch_updates(conn: &Connection, batch: i64) -> Result<Vec<BatchUpdate>> {
    let mut stmt = conn.prepare(
        "SELECT c.report_no, g.group_id FROM case_versions v
           JOIN cases c ON c.id = v.case_id
           LEFT JOIN case_groups g ON g.case_id = v.case_id
          WHERE v.replaced_by = ?1 ORDER BY c.report_no",
    )?;
    let cases: Vec<(String, Option<String>)> = stmt
        .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(cases.len());
    for (report_no, group_now) in cases {
        let Some(history) = case_history(conn, &report_no)? else {
            continue;
        };
        // The version the batch brought; the one before it is the one it replaced.
        let Some(i) = history
            .versions
            .iter()
            .position(|v| v.batch_id == batch)
            .filter(|&i| i > 0)
        else {
            continue;
        };
        out.push(BatchUpdate {
            changes: history.changes(i),
            group_before: history.versions[i - 1].group_before.clone(),
            report_no,
            group_now,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(batch_id: i64, fields: &[(&str, &str)]) -> Version {
        Version {
            batch_id,
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            row: fields
                .iter()
                .map(|(k, v)| RowCell {
                    header: format!("列{k}"),
                    field: Some(k.to_string()),
                    cell: v.to_string(),
                })
                .collect(),
            ..Version::default()
        }
    }

    fn history() -> CaseHistory {
        CaseHistory {
            report_no: "R1".into(),
            versions: vec![
                version(
                    1,
                    &[
                        ("victim_name", "王小明"),
                        ("victim_phone", "13800001111"),
                        ("amount", "5000"),
                        ("script", "王小明接到电话，回拨13800001111"),
                    ],
                ),
                version(
                    2,
                    &[
                        ("victim_name", "王小明"),
                        ("victim_phone", "13800001111"),
                        ("amount", "8000"),
                        ("script", "王小明接到电话后转账8000元"),
                        ("备注", "补充"),
                    ],
                ),
            ],
        }
    }

    #[test]
    fn a_version_lists_the_fields_it_changed_old_to_new() {
        let h = history();
        assert_eq!(h.updates(), 1);
        assert!(h.changes(0).is_empty());
        let changed: Vec<(String, String, String)> = h
            .changes(1)
            .into_iter()
            .map(|c| (c.field, c.old, c.new))
            .collect();
        assert_eq!(
            changed,
            [
                ("amount".into(), "5000".into(), "8000".into()),
                (
                    "script".into(),
                    "王小明接到电话，回拨13800001111".into(),
                    "王小明接到电话后转账8000元".into()
                ),
                ("备注".into(), String::new(), "补充".into()),
            ]
        );
    }

    #[test]
    fn masking_hides_the_victim_in_the_fields_and_in_the_script() {
        let masked = history().masked();
        let all: String = masked
            .versions
            .iter()
            .flat_map(|v| v.fields.iter().map(|(_, t)| t.clone()))
            .collect();
        assert!(!all.contains("王小明"), "{all}");
        assert!(!all.contains("13800001111"), "{all}");
        assert!(all.contains("王**接到电话"), "{all}");
        assert!(all.contains("8000元"), "amounts stay: {all}");
        let cells: String = masked
            .versions
            .iter()
            .flat_map(|v| v.row.iter().map(|c| c.cell.clone()))
            .collect();
        assert!(
            !cells.contains("王小明") && !cells.contains("13800001111"),
            "{cells}"
        );
        assert!(cells.contains("王**接到电话"), "{cells}");
    }
}
