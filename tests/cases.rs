//! `casebench cases` and the shared listing layer: formats, masking, files.

use crate::util::{WorkDir, column, csv_rows, show};

fn fixture(w: &WorkDir) {
    w.write(
        "c.csv",
        "report_no,reported_at,victim_name,victim_phone,caller_number,amount\n\
         C1,2026-11-01,张三丰,13812345678,13912345678,100\n\
         C2,2026-11-03,王五,13700001111,=HYPERLINK(\"http://x\"),200\n\
         C3,2026-11-02,李四,13600002222,+85512345678,300\n",
    );
    w.ok(&["import", "c.csv"]);
}

#[test]
fn cases_are_listed_newest_first_once_each() {
    let w = WorkDir::new();
    fixture(&w);
    let csv = w.ok(&["cases", "--format", "csv"]);
    assert_eq!(column(&csv, "report_no"), vec!["C2", "C3", "C1"]);
}

#[test]
fn victim_data_is_masked_unless_unmasked() {
    let w = WorkDir::new();
    fixture(&w);
    let masked = w.ok(&["cases", "--format", "csv"]);
    assert!(
        !masked.contains("张三丰") && !masked.contains("13812345678"),
        "{masked}"
    );
    let names = column(&masked, "victim_name");
    assert!(names.iter().all(|n| n.contains('*')), "{names:?}");
    let open = w.ok(&["cases", "--format", "csv", "--unmask"]);
    assert!(open.contains("张三丰") && open.contains("13812345678"));
}

#[test]
fn csv_files_start_with_a_bom_and_stdout_does_not() {
    let w = WorkDir::new();
    fixture(&w);
    w.ok(&["cases", "-o", "out.csv"]);
    let bytes = std::fs::read(w.join("out.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let stdout = w.ok(&["cases", "--format", "csv"]);
    assert!(!stdout.starts_with('\u{feff}'));
    assert_eq!(csv_rows(&String::from_utf8(bytes).unwrap()).len(), 4);
}

#[test]
fn json_output_parses_with_the_contract_columns() {
    let w = WorkDir::new();
    fixture(&w);
    let json = w.ok(&["cases", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for key in [
        "report_no",
        "reported_at",
        "amount_yuan",
        "scam_type",
        "caller_numbers",
        "receiving_accounts",
        "contact_ids",
        "victim_name",
        "victim_phone",
        "batch_id",
        "warnings",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key}");
    }
}

#[test]
fn since_filters_by_reported_date() {
    let w = WorkDir::new();
    fixture(&w);
    let csv = w.ok(&["cases", "--since", "2026/11/2", "--format", "csv"]);
    assert_eq!(column(&csv, "report_no"), vec!["C2", "C3"]);
    let bad = w.run(&["cases", "--since", "yesterday"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn tables_align_chinese_text_and_strip_escapes() {
    let w = WorkDir::new();
    w.write(
        "t.csv",
        // A Chinese report number before the dates: they align only if widths are
        // measured in terminal cells, not characters.
        "report_no,scam_type,reported_at\n警情一号,冒充京东客服,2026-11-02\nT2,\"\x1b]0;pwned\x07x\x1b[31mred\",2026-11-01\n",
    );
    w.ok(&["import", "t.csv"]);
    let table = w.ok(&["cases", "--unmask"]);
    assert!(!table.contains('\x1b'), "{table:?}");
    let lines: Vec<&str> = table.lines().collect();
    let col =
        |line: &str, s: &str| unicode_width::UnicodeWidthStr::width(&line[..line.find(s).unwrap()]);
    // The reported_at column starts at the same cell in every line.
    let starts: Vec<usize> = lines[1..].iter().map(|l| col(l, "2026-11-0")).collect();
    assert!(starts.windows(2).all(|p| p[0] == p[1]), "{table}");
}

#[test]
fn a_closed_pipe_is_success_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let w = WorkDir::new();
    let mut csv = String::from("report_no,script\n");
    for i in 0..5000 {
        csv.push_str(&format!(
            "P{i},对方自称京东金融客服，称其金条额度异常需要注销\n"
        ));
    }
    w.write("p.csv", csv);
    w.ok(&["import", "p.csv"]);
    for format in ["csv", "table", "json"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("casebench"))
            .args(["cases", "--format", format])
            .env("CASEBENCH_DB", w.db())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 100];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // stdout is dropped here: the reader went away, as `| head` does.
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{format}: {}", show(&out));
        assert!(out.stderr.is_empty(), "{format}: {}", show(&out));
    }
}

/// The workbench's case rows mark a virtual-operator or spoofed official caller
/// number exactly as the `cases` listing writes it.
#[test]
fn the_workbench_marks_caller_numbers_as_the_listing_does() {
    let w = WorkDir::new();
    w.write(
        "f.csv",
        "report_no,reported_at,caller_number,amount\n\
         V1,2026-11-01,17012340000,100\n\
         O1,2026-11-02,95118,200\n\
         P1,2026-11-03,13912345678,300\n",
    );
    w.ok(&["import", "f.csv"]);
    // JSON: the cells as they are, without the spreadsheet guard of CSV.
    let json: serde_json::Value =
        serde_json::from_str(&w.ok(&["cases", "--format", "json"])).expect("json");
    let text = |row: &serde_json::Value, key: &str| {
        row.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let listed: Vec<(String, String)> = json
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| (text(row, "report_no"), text(row, "caller_numbers")))
        .collect();
    for (no, caller) in [
        ("V1", "+8617012340000 (virtual)"),
        ("O1", "95118 (official: spoofed)"),
        ("P1", "+8613912345678"),
    ] {
        assert!(listed.contains(&(no.into(), caller.into())), "{listed:?}");
    }

    let store = w.store();
    let ids: Vec<i64> = store
        .connection()
        .prepare("SELECT id FROM cases ORDER BY reported_at DESC")
        .expect("ids")
        .query_map([], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("ids");
    let lines = casebench::store::views::case_lines(store.connection(), &ids).expect("lines");
    let shown: Vec<(String, String)> = lines
        .into_iter()
        .map(|l| (l.report_no, l.flagged_callers.join("; ")))
        .collect();
    assert_eq!(shown, listed);
}

/// Lists narrowed by date range, loss range and scam type, together.
#[test]
fn cases_filter_by_dates_amounts_and_type() {
    let w = WorkDir::new();
    w.write(
        "f.csv",
        "report_no,reported_at,amount,scam_type\n\
         F1,2026-11-01 09:00,500,刷单\n\
         F2,2026-11-02 23:59,1.2万,刷单\n\
         F3,2026-11-03,20000,冒充客服\n\
         F4,2026-11-04,,刷单\n",
    );
    w.ok(&["import", "f.csv"]);
    let list = |args: &[&str]| {
        let mut all = vec!["cases", "--format", "csv"];
        all.extend_from_slice(args);
        let mut nos = column(&w.ok(&all), "report_no");
        nos.sort();
        nos
    };
    assert_eq!(list(&["--until", "2026-11-02"]), ["F1", "F2"]);
    assert_eq!(
        list(&["--since", "2026/11/2", "--until", "2026年11月3日"]),
        ["F2", "F3"]
    );
    assert_eq!(list(&["--min-amount", "1万"]), ["F2", "F3"]);
    assert_eq!(list(&["--max-amount", "12000"]), ["F1", "F2"]);
    assert_eq!(
        list(&["--type", "order_brushing", "--min-amount", "600"]),
        ["F2"]
    );
    let bad = w.run(&["cases", "--min-amount", "lots"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--min-amount: not an amount"));
}

/// A file listing of the cases carries each case's group and script (the victim's
/// name and phone in it masked unless --unmask); a table leaves the script out.
#[test]
fn case_files_carry_group_and_masked_script() {
    let w = WorkDir::new();
    w.write(
        "g.csv",
        "report_no,victim_name,victim_phone,caller_number,script\n\
         G1,欧阳明月,13912345678,13812345678,欧阳明月用13912345678接到电话\n\
         G2,李四,13700000000,13812345678,李四接到电话\n\
         G3,王五,13600000000,13511112222,王五接到电话\n",
    );
    w.ok(&["import", "g.csv"]);
    let csv = w.ok(&["cases", "--format", "csv"]);
    let nos = column(&csv, "report_no");
    let at = |no: &str| nos.iter().position(|n| n == no).unwrap();
    let groups = column(&csv, "group_id");
    assert_eq!(groups[at("G1")], "G-G1");
    assert_eq!(groups[at("G2")], "G-G1");
    assert_eq!(groups[at("G3")], "");
    let scripts = column(&csv, "script");
    assert_eq!(scripts[at("G1")], "欧***用139****5678接到电话");
    let unmasked = w.ok(&["cases", "--format", "csv", "--unmask"]);
    assert_eq!(
        column(&unmasked, "script")[at("G1")],
        "欧阳明月用13912345678接到电话"
    );
    let table = w.ok(&["cases"]);
    let header = table.lines().next().unwrap();
    assert!(
        header.contains("group_id") && !header.contains("script"),
        "{header}"
    );
}
