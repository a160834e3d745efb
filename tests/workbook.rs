//! `casebench import` of Excel workbooks: the same cases as the same rows in CSV files,
//! cells as the analyst sees them, numbers Excel rounded never linked, sheet rows as
//! line numbers, and files that are not workbooks named for what they are.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::util::{WorkDir, column, csv_rows, show};

/// A cell as a test writes it.
enum V {
    S(&'static str),
    N(f64),
    /// A date cell: year, month, day, and a time when given.
    D(u16, u8, u8, Option<(u16, u8)>),
    Empty,
}

use V::{D, Empty, N, S};

/// A sheet: its name and its rows, each with its 1-based row number.
type SheetRows = (&'static str, Vec<(u32, Vec<V>)>);

/// Writes an .xlsx file of `sheets` into the work directory.
fn write_xlsx(w: &WorkDir, name: &str, sheets: Vec<SheetRows>) -> std::path::PathBuf {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (sheet_name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name).expect("sheet name");
        for (row, cells) in rows {
            for (col, cell) in cells.into_iter().enumerate() {
                let (r, c) = (row - 1, col as u16);
                match cell {
                    S(s) => sheet.write_string(r, c, s).map(|_| ()),
                    N(n) => sheet.write_number(r, c, n).map(|_| ()),
                    D(y, m, d, None) => {
                        let day = ExcelDateTime::from_ymd(y, m, d).expect("date");
                        sheet
                            .write_datetime_with_format(r, c, day, &date)
                            .map(|_| ())
                    }
                    D(y, m, d, Some((h, min))) => {
                        let at = ExcelDateTime::from_ymd(y, m, d)
                            .and_then(|d| d.and_hms(h, min, 0))
                            .expect("date and time");
                        sheet
                            .write_datetime_with_format(r, c, at, &date_time)
                            .map(|_| ())
                    }
                    Empty => Ok(()),
                }
                .expect("cell");
            }
        }
    }
    let path = w.join(name);
    book.save(&path).expect("save workbook");
    path
}

const ZH_HEADER: [&str; 10] = [
    "案件编号",
    "报案时间",
    "受害人",
    "受害人电话",
    "来电号码",
    "收款账号",
    "涉案金额",
    "诈骗类型",
    "案情简述",
    "备注",
];

fn header(names: &[&'static str]) -> Vec<V> {
    names.iter().map(|&n| S(n)).collect()
}

/// The week's workbook: a title row above the header, phones, a card and amounts
/// stored as numbers, date cells, a narrative over two lines, an empty row; a sheet of
/// notes without a header; a second sheet of cases with English headers in another
/// order.
fn week_workbook(w: &WorkDir) -> std::path::PathBuf {
    write_xlsx(
        w,
        "week-45.xlsx",
        vec![
            (
                "案件",
                vec![
                    (1, vec![S("2026年第45周电信诈骗案件登记表")]),
                    (2, header(&ZH_HEADER)),
                    (
                        3,
                        vec![
                            S("W1"),
                            D(2026, 11, 2, Some((14, 35))),
                            S("张三"),
                            N(13812345678.0),
                            N(13987654321.0),
                            N(6222021234567891.0),
                            N(1234.56),
                            S("冒充客服"),
                            S("自称京东客服，称其金条信用不良需注销，诱导下载会议软件后转账。"),
                            N(3.0),
                        ],
                    ),
                    (
                        4,
                        vec![
                            S("W2"),
                            D(2026, 11, 3, None),
                            S("李四"),
                            S("13712345678"),
                            N(13987654321.0),
                            S("6217001234567890123"),
                            N(12000.0),
                            S("刷单"),
                            S("第一行\n第二行：向对方提供的账户转账"),
                        ],
                    ),
                    // Row 5 is empty.
                    (
                        6,
                        vec![
                            S("W3"),
                            S("2026/11/4"),
                            S("王五"),
                            N(13612345678.0),
                            S("0370-6123456"),
                            N(6222021234567891.0),
                            N(1000.1 + 234.46),
                            S("贷款"),
                            S("无"),
                            S("已回访"),
                        ],
                    ),
                ],
            ),
            (
                "说明",
                vec![(1, vec![S("本表说明")]), (2, vec![S("字段"), S("含义")])],
            ),
            (
                "补充",
                vec![
                    (
                        1,
                        header(&["report_no", "amount", "caller_number", "reported_at"]),
                    ),
                    (
                        2,
                        vec![
                            S("W4"),
                            N(500.5),
                            N(13987654321.0),
                            D(2026, 11, 5, Some((9, 0))),
                        ],
                    ),
                ],
            ),
        ],
    )
}

/// The same rows as CSV files, as an analyst would have typed them.
fn week_csv(w: &WorkDir) -> [std::path::PathBuf; 2] {
    let main = format!(
        "{}\n{}\n{}\n{}\n",
        ZH_HEADER.join(","),
        "W1,2026-11-02 14:35,张三,13812345678,13987654321,6222021234567891,1234.56,冒充客服,自称京东客服，称其金条信用不良需注销，诱导下载会议软件后转账。,3",
        "W2,2026-11-03,李四,13712345678,13987654321,6217001234567890123,12000,刷单,\"第一行\n第二行：向对方提供的账户转账\",",
        "W3,2026/11/4,王五,13612345678,0370-6123456,6222021234567891,1234.56,贷款,无,已回访",
    );
    let more =
        "report_no,amount,caller_number,reported_at\nW4,500.5,13987654321,2026-11-05 09:00\n";
    [
        w.write("week-45.csv", main),
        w.write("week-45-more.csv", more),
    ]
}

/// Everything the import stored about the cases, one line each: their fields (every
/// known field's raw text as stored), identifiers, warnings, groups.
fn stored(w: &WorkDir) -> Vec<String> {
    let store = w.store();
    let conn = store.connection();
    let mut out = Vec::new();
    let queries = [
        "SELECT report_no || '|' || COALESCE(reported_at, '-') || '|' || COALESCE(amount_fen, '-')
                || '|' || COALESCE((SELECT text FROM case_extras WHERE id = extra_id), '') || '|' || quote(reported_at_raw) || '|' || quote(occurred_at_raw)
                || '|' || victim_name || '|' || victim_phone || '|' || caller_raw
                || '|' || account_raw || '|' || contact_raw || '|' || amount_raw
                || '|' || scam_type || '|' || script
           FROM cases ORDER BY report_no",
        "SELECT c.report_no || '|' || i.kind || '|' || i.value || '|' || ci.role || '|' || ci.side
           FROM case_identifiers ci JOIN cases c ON c.id = ci.case_id
           JOIN identifiers i ON i.id = ci.identifier_id ORDER BY 1",
        "SELECT c.report_no || '|' || w.field || '|' || w.message
           FROM warnings w JOIN cases c ON c.id = w.case_id ORDER BY 1",
        "SELECT c.report_no || '|' || g.group_id
           FROM case_groups g JOIN cases c ON c.id = g.case_id ORDER BY 1",
    ];
    for sql in queries {
        let mut stmt = conn.prepare(sql).expect("query");
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).expect("rows");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

/// The `cases` listing without its batch column (one batch against two).
fn cases_listing(w: &WorkDir) -> Vec<Vec<String>> {
    let rows = csv_rows(&w.ok(&["cases", "--format", "csv", "--unmask"]));
    let batch = rows[0]
        .iter()
        .position(|h| h == "batch_id")
        .expect("batch_id");
    let mut rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|mut r| {
            r.remove(batch);
            r
        })
        .collect();
    rows[1..].sort();
    rows
}

#[test]
fn a_workbook_imports_to_the_same_cases_as_the_same_rows_in_csv() {
    let book = WorkDir::new();
    week_workbook(&book);
    let out = book.ok(&["import", "week-45.xlsx"]);
    assert!(
        out.contains("week-45.xlsx: 4 read, 4 imported, 0 updated, 0 duplicate, 0 rejected"),
        "{out}"
    );
    // The sheet without a header is named under the file's summary.
    assert!(
        out.contains("not read: sheet \"说明\" (no header row with a report_no column)"),
        "{out}"
    );
    let csv = WorkDir::new();
    week_csv(&csv);
    csv.ok(&["import", "week-45.csv", "week-45-more.csv"]);

    let (from_book, from_csv) = (stored(&book), stored(&csv));
    assert_eq!(from_book, from_csv);
    assert_eq!(cases_listing(&book), cases_listing(&csv));
    // What the comparison rests on: digits, dates, amounts to the fen, one group.
    let fields = from_book.join("\n");
    for want in [
        "W1|2026-11-02 14:35|123456|{\"备注\":\"3\"}",
        "W2|2026-11-03|1200000|",
        "W3|2026-11-04|123456|",
        "W4|2026-11-05 09:00|50050|",
        "W1|phone|+8613987654321|caller|other",
        "W1|card|6222021234567891|account|other",
        "W3|card|6222021234567891|account|other",
        "W1|phone|+8613812345678|victim_phone|victim",
        "W4|G-W1",
    ] {
        assert!(fields.contains(want), "{want} not in:\n{fields}");
    }
    let listing = book.ok(&["cases", "--format", "csv", "--unmask"]);
    assert!(
        !listing.contains("E+") && !listing.contains(".0,"),
        "{listing}"
    );
}

#[test]
fn the_batch_records_the_format_the_hash_and_the_sheets() {
    let w = WorkDir::new();
    let path = week_workbook(&w);
    w.ok(&["import", "week-45.xlsx"]);
    let batches = w.ok(&["batches", "--format", "csv"]);
    assert_eq!(column(&batches, "encoding"), ["xlsx"]);
    assert_eq!(
        column(&batches, "sheets"),
        ["案件 (3 rows); 说明 (not read); 补充 (1 row)"]
    );
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(std::fs::read(&path).expect("file"))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(column(&batches, "sha256"), [sha]);
    let again = w.ok(&["import", "week-45.xlsx"]);
    assert!(again.contains("already imported as batch 1"), "{again}");
    // A case knows its sheet: its line is that sheet's row.
    let store = w.store();
    let place = |report_no: &str| {
        let case = casebench::store::views::case_detail(store.connection(), report_no)
            .expect("query")
            .expect("case");
        (case.sheet, case.line)
    };
    assert_eq!(place("W3"), (Some("案件".to_string()), 6));
    assert_eq!(place("W4"), (Some("补充".to_string()), 2));
}

/// Excel keeps 15 digits of a number: a 19-digit card typed as a number is stored
/// rounded. Read back, it is a partial number with a warning naming the column, and
/// two cases holding "the same" rounded card are not linked.
#[test]
fn a_card_excel_rounded_is_flagged_and_never_links() {
    let w = WorkDir::new();
    write_xlsx(
        &w,
        "rounded.xlsx",
        vec![(
            "Sheet1",
            vec![
                (
                    1,
                    header(&["report_no", "receiving_account", "caller_number"]),
                ),
                (2, vec![S("R1"), N(6222021234567890123.0), S("13800000001")]),
                (3, vec![S("R2"), N(6222021234567890456.0), S("13800000002")]),
            ],
        )],
    );
    let out = w.ok(&["import", "rounded.xlsx"]);
    assert!(
        out.contains("2 imported, 0 updated, 0 duplicate, 0 rejected, 2 warnings"),
        "{out}"
    );
    let accounts = column(&w.ok(&["cases", "--format", "csv"]), "receiving_accounts");
    assert!(
        accounts.iter().all(|a| !a.contains("6222021234567890")),
        "{accounts:?}"
    );
    assert_eq!(
        w.count(
            "SELECT COUNT(*) FROM identifiers WHERE kind = 'partial' AND value = '622202123456789*'"
        ),
        1
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE kind = 'card'"),
        0
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_groups"),
        0,
        "partials never link"
    );
    let warnings = column(&w.ok(&["cases", "--format", "csv"]), "warnings");
    assert!(
        warnings
            .iter()
            .all(|x| x.contains("receiving_account") && x.contains("19 digits")),
        "{warnings:?}"
    );
}

/// Rejected rows name their sheet and its row number (as Excel shows it), past a
/// title row, an empty row and a narrative over several lines.
#[test]
fn a_rejected_row_names_its_sheet_and_row() {
    let w = WorkDir::new();
    write_xlsx(
        &w,
        "rejects.xlsx",
        vec![
            (
                "案件",
                vec![
                    (1, vec![S("登记表")]),
                    (2, header(&["案件编号", "来电号码", "案情简述"])),
                    (3, vec![S("J1"), N(13812345678.0), S("a")]),
                    (5, vec![Empty, N(13812345679.0), S("no number")]),
                    (6, vec![S("J2"), Empty, S("三\n行\n案情")]),
                    (7, vec![S("J1"), N(13900000000.0), S("other content")]),
                ],
            ),
            (
                "第二页",
                vec![
                    (1, header(&["案件编号", "来电号码"])),
                    (2, vec![Empty, S("13812345670")]),
                ],
            ),
        ],
    );
    let out = w.run(&["import", "rejects.xlsx"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout.contains("rejects.xlsx: 5 read, 2 imported, 0 updated, 0 duplicate, 3 rejected"),
        "{stdout}"
    );
    assert!(
        stdout.contains("sheet \"案件\" row 5: no report_no"),
        "{stdout}"
    );
    assert!(
        stdout.contains("sheet \"案件\" row 7: report_no J1 conflicts with line 3 of this file"),
        "{stdout}"
    );
    let rejected = w.ok(&["batches", "--rejected", "--format", "csv"]);
    assert_eq!(column(&rejected, "sheet"), ["案件", "案件", "第二页"]);
    assert_eq!(column(&rejected, "line"), ["5", "7", "2"]);
    assert_eq!(w.count("SELECT line FROM cases WHERE report_no = 'J2'"), 6);
}

#[test]
fn a_folder_with_nothing_importable_is_an_error() {
    let w = WorkDir::new();
    w.write("exports/notes.txt", "not a batch");
    w.write("exports/~$week-45.xlsx", [0u8, 1, 2, 3]);
    let out = w.run(&["import", "exports"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("exports: nothing to import: no .csv, .xlsx, .xlsm, .xls, .ods file"),
        "{stderr}"
    );
    // The drop folder with nothing new is not an error.
    std::fs::create_dir_all(w.join("imports")).expect("imports");
    assert_eq!(w.ok(&["import"]).trim(), "nothing new in imports/");
}

#[test]
fn other_binary_files_are_refused_by_name() {
    let w = WorkDir::new();
    // Their first bytes are what tells: a Word document is a ZIP archive with `word/`.
    let mut docx = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    docx.extend_from_slice(b"word/document.xml");
    docx.extend(std::iter::repeat_n(7u8, 300));
    w.write("report.docx", docx);
    w.write("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    let book = write_xlsx(
        &w,
        "book.xlsx",
        vec![("S", vec![(1, header(&["report_no"])), (2, vec![S("B1")])])],
    );
    let bytes = std::fs::read(&book).expect("book");
    w.write("misnamed.csv", &bytes);
    w.write("damaged.xlsx", &bytes[..bytes.len() / 2]);
    w.write("good.csv", "report_no\nG1\n");
    let out = w.run(&[
        "import",
        "report.docx",
        "report.pdf",
        "misnamed.csv",
        "damaged.xlsx",
        "good.csv",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let formats = "it reads .csv, .xlsx, .xlsm, .xls, .ods";
    for want in [
        format!("report.docx: not a file casebench reads (a Word document); {formats}"),
        format!("report.pdf: not a file casebench reads (a PDF document); {formats}"),
        "misnamed.csv: a workbook (xlsx) named .csv: rename it .xlsx".to_string(),
        "damaged.xlsx: a damaged workbook, it cannot be read".to_string(),
    ] {
        assert!(stderr.contains(&want), "{want}\nnot in:\n{stderr}");
    }
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 1);
}

/// The drop folder: a workbook in it is new until imported; Excel's lock file beside
/// an open workbook is never read.
#[test]
fn the_drop_folder_picks_up_workbooks() {
    let w = WorkDir::new();
    std::fs::create_dir_all(w.join("imports")).expect("imports");
    write_xlsx(
        &w,
        "imports/week-46.xlsx",
        vec![("案件", vec![(1, header(&["案件编号"])), (2, vec![S("D1")])])],
    );
    w.write("imports/~$week-46.xlsx", [0u8; 165]);
    // A macro-enabled workbook is the same format.
    write_xlsx(
        &w,
        "imports/week-46-macros.xlsm",
        vec![("案件", vec![(1, header(&["案件编号"])), (2, vec![S("D2")])])],
    );
    let out = w.ok(&["import"]);
    assert!(out.contains("week-46.xlsx: 1 read, 1 imported"), "{out}");
    assert!(
        out.contains("week-46-macros.xlsm: 1 read, 1 imported"),
        "{out}"
    );
    assert!(!out.contains("~$"), "{out}");
    assert_eq!(w.ok(&["import"]).trim(), "nothing new in imports/");
    let batches = w.ok(&["batches", "--format", "csv"]);
    assert_eq!(column(&batches, "encoding"), ["xlsm", "xlsx"]);
}

/// Opening a big workbook takes seconds before its first row: the front end is told,
/// and stopping there keeps nothing.
#[test]
fn reading_a_workbook_is_reported_and_can_be_stopped() {
    use casebench::import::{FileOutcome, Stage};
    use std::ops::ControlFlow;
    let w = WorkDir::new();
    let book = write_xlsx(
        &w,
        "week.xlsx",
        vec![("S", vec![(1, header(&["report_no"])), (2, vec![S("P1")])])],
    );
    let mut store = w.store();
    let mut stages = Vec::new();
    let reports =
        casebench::import::import_files(&mut store, std::slice::from_ref(&book), &mut |p| {
            stages.push(p.stage);
            ControlFlow::Continue(())
        });
    assert!(matches!(reports[0].outcome, FileOutcome::Imported { .. }));
    assert_eq!(stages.first(), Some(&Stage::Reading));
    assert_eq!(Stage::Reading.label(), Some("reading the workbook"));

    let w = WorkDir::new();
    let book = w.write("week.xlsx", std::fs::read(&book).expect("book"));
    let mut store = w.store();
    let reports =
        casebench::import::import_files(&mut store, std::slice::from_ref(&book), &mut |p| match p
            .stage
        {
            Stage::Reading => ControlFlow::Break(()),
            _ => ControlFlow::Continue(()),
        });
    assert!(matches!(reports[0].outcome, FileOutcome::Cancelled));
    drop(store);
    assert_eq!(w.count("SELECT COUNT(*) FROM batches"), 0);
}

/// A centre's own header names map a workbook's columns as they map a CSV file's.
#[test]
fn mapped_headers_read_workbook_sheets_too() {
    let w = WorkDir::new();
    write_xlsx(
        &w,
        "mapped.xlsx",
        vec![(
            "Cases",
            vec![
                (1, header(&["Case Number", "Caller"])),
                (2, vec![S("M1"), N(13812345678.0)]),
            ],
        )],
    );
    let out = w.run(&["import", "mapped.xlsx"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "mapped.xlsx: no sheet has a header row with a report_no column (sheets \"Cases\")"
        ) && stderr.contains("--map"),
        "{stderr}"
    );
    let out = w.ok(&["import", "--map", "Case Number=report_no", "mapped.xlsx"]);
    assert!(out.contains("mapped.xlsx: 1 read, 1 imported"), "{out}");
}

/// A corrected report in a later workbook updates its case, as from a CSV file; the
/// case then names the new workbook's sheet.
#[test]
fn a_corrected_report_in_a_workbook_updates_its_case() {
    let w = WorkDir::new();
    let week = |name: &str, amount: f64| {
        write_xlsx(
            &w,
            name,
            vec![(
                "案件",
                vec![
                    (1, header(&["案件编号", "涉案金额"])),
                    (3, vec![S("U1"), N(amount)]),
                ],
            )],
        )
    };
    week("week-45.xlsx", 100.0);
    week("week-46.xlsx", 250.5);
    w.ok(&["import", "week-45.xlsx"]);
    let out = w.ok(&["import", "week-46.xlsx"]);
    assert!(out.contains("1 read, 0 imported, 1 updated"), "{out}");
    assert_eq!(
        w.count("SELECT amount_fen FROM cases WHERE report_no = 'U1'"),
        25050
    );
    let store = w.store();
    let case = casebench::store::views::case_detail(store.connection(), "U1")
        .expect("query")
        .expect("case");
    assert_eq!(
        (case.batch_id, case.sheet, case.line),
        (2, Some("案件".into()), 3)
    );
}
