//! The bulletin as a workbook: a sheet per section (summary, scam types, largest
//! losses, groups, to freeze or block, scripts). Identifiers and report numbers are
//! text cells, counts and yuan numbers; data text goes in as typed text, never a
//! formula.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::markdown::{compared_names, group_evidence, group_head, title};
use super::{Bulletin, change, request};
use crate::{Error, Result};

/// The workbook's bytes.
pub fn render(b: &Bulletin) -> Result<Vec<u8>> {
    build(b).map_err(|e| Error::Workbook(e.to_string()))
}

struct Formats {
    bold: Format,
    yuan: Format,
    count: Format,
}

fn build(b: &Bulletin) -> Result<Vec<u8>, XlsxError> {
    let f = Formats {
        bold: Format::new().set_bold(),
        yuan: Format::new().set_num_format("#,##0.00"),
        count: Format::new().set_num_format("#,##0"),
    };
    let mut wb = Workbook::new();
    let names = compared_names(b);

    let sheet = wb.add_worksheet().set_name("Summary")?;
    sheet.write_string_with_format(0, 0, clean(&title(b)), &f.bold)?;
    sheet.write_string(
        1,
        0,
        clean(&format!("Period: {} ({})", b.period.describe(), b.chosen)),
    )?;
    header(
        sheet,
        3,
        &[
            "Period",
            "Reports",
            "Loss (yuan)",
            "Reports vs now",
            "Loss vs now",
        ],
        &f,
    )?;
    let now = b.now();
    for (row, back) in (0..names.len()).enumerate() {
        let Some(p) = b.before(back) else { continue };
        let r = 4 + row as u32;
        sheet.write_string(r, 0, p.period.name())?;
        sheet.write_number_with_format(r, 1, p.figures.reports as f64, &f.count)?;
        sheet.write_number_with_format(r, 2, yuan(p.figures.loss_fen), &f.yuan)?;
        if back > 0 {
            sheet.write_string(r, 3, change(now.reports, p.figures.reports))?;
            sheet.write_string(r, 4, change(now.loss_fen, p.figures.loss_fen))?;
        }
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(2, 16)?;

    let sheet = wb.add_worksheet().set_name("Scam types")?;
    let mut cols = vec!["Scam type".to_string(), "Code".to_string()];
    for n in &names {
        cols.push(format!("{n} reports"));
        cols.push(format!("{n} loss (yuan)"));
    }
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    header(sheet, 0, &cols, &f)?;
    for (i, t) in b.types.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, t.code.official_name())?;
        sheet.write_string(r, 1, t.code.as_str())?;
        for (k, fig) in t.periods.iter().take(names.len()).enumerate() {
            let c = 2 + 2 * k as u16;
            sheet.write_number_with_format(r, c, fig.reports as f64, &f.count)?;
            sheet.write_number_with_format(r, c + 1, yuan(fig.loss_fen), &f.yuan)?;
        }
    }
    sheet.set_column_width(0, 30)?;

    let sheet = wb.add_worksheet().set_name("Largest losses")?;
    header(
        sheet,
        0,
        &[
            "Report",
            "Date",
            "Scam type",
            "Loss (yuan)",
            "Victim",
            "Victim phone",
            "Group",
        ],
        &f,
    )?;
    for (i, l) in b.largest.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, clean(&l.report_no))?;
        sheet.write_string(r, 1, clean(&l.day))?;
        sheet.write_string(r, 2, l.code.official_name())?;
        sheet.write_number_with_format(r, 3, yuan(l.amount_fen), &f.yuan)?;
        sheet.write_string(r, 4, clean(&l.victim_name))?;
        sheet.write_string(r, 5, clean(&l.victim_phone))?;
        sheet.write_string(r, 6, clean(l.group_id.as_deref().unwrap_or("")))?;
    }
    sheet.set_column_width(0, 20)?;

    let sheet = wb.add_worksheet().set_name("Groups")?;
    header(
        sheet,
        0,
        &[
            "Change",
            "Group",
            "From groups",
            "Cases before",
            "Cases after",
            "Loss (yuan)",
            "Evidence",
        ],
        &f,
    )?;
    for (i, g) in b.groups.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, g.kind.as_str())?;
        sheet.write_string(r, 1, clean(&g.group_id))?;
        sheet.write_string(r, 2, clean(&g.old_ids.join(" ")))?;
        sheet.write_number_with_format(r, 3, g.size_before as f64, &f.count)?;
        sheet.write_number_with_format(r, 4, g.size_after as f64, &f.count)?;
        sheet.write_number_with_format(r, 5, yuan(g.loss_fen), &f.yuan)?;
        sheet.write_string(
            r,
            6,
            clean(&format!("{}; {}", group_head(g), group_evidence(g))),
        )?;
    }
    sheet.set_column_width(1, 22)?;

    let sheet = wb.add_worksheet().set_name("Freeze or block")?;
    header(
        sheet,
        0,
        &[
            "Request",
            "Kind",
            "Identifier",
            "Cases",
            "Groups",
            "Loss (yuan)",
            "First seen",
            "Last seen",
        ],
        &f,
    )?;
    for (i, h) in b.hubs.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, request(&h.kind))?;
        sheet.write_string(r, 1, clean(&h.kind))?;
        sheet.write_string(r, 2, clean(&h.value))?;
        sheet.write_number_with_format(r, 3, h.cases as f64, &f.count)?;
        sheet.write_number_with_format(r, 4, h.groups as f64, &f.count)?;
        sheet.write_number_with_format(r, 5, yuan(h.loss_fen), &f.yuan)?;
        sheet.write_string(r, 6, clean(&h.first_seen))?;
        sheet.write_string(r, 7, clean(&h.last_seen))?;
    }
    sheet.set_column_width(2, 24)?;

    let sheet = wb.add_worksheet().set_name("Scripts")?;
    header(
        sheet,
        0,
        &["Phrase", "Cases now", "Cases before", "Score"],
        &f,
    )?;
    for (i, p) in b.phrases.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, clean(&p.text))?;
        sheet.write_number_with_format(r, 1, f64::from(p.cases), &f.count)?;
        sheet.write_number_with_format(r, 2, f64::from(p.earlier_cases), &f.count)?;
        sheet.write_number(r, 3, (p.score * 100.0).round() / 100.0)?;
    }
    sheet.set_column_width(0, 24)?;

    wb.save_to_buffer()
}

fn header(sheet: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *name, &f.bold)?;
    }
    Ok(())
}

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// Data text made safe as for a terminal: control characters are not allowed in a
/// sheet's XML, and bidi overrides would make one number read as another.
fn clean(text: &str) -> String {
    crate::text::sanitize(text).into_owned()
}
