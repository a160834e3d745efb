//! `casebench import`: every bullet of DESIGN.md's import contract.

use std::ops::ControlFlow;

use crate::util::{WorkDir, column, show};

const EN_HEADER: &str = "report_no,reported_at,victim_name,victim_phone,caller_number,receiving_account,amount,scam_type,script";

fn en_file(rows: &[&str]) -> String {
    let mut s = String::from(EN_HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s
}

/// The summary counts of one file in the import's stdout.
fn summary_line<'a>(stdout: &'a str, file: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.starts_with(&format!("{file}:")))
        .unwrap_or_else(|| panic!("no summary for {file} in:\n{stdout}"))
}

fn cases_csv(w: &WorkDir) -> String {
    w.ok(&["cases", "--format", "csv", "--unmask"])
}

#[test]
fn english_chinese_and_police_code_headers_import_the_same_case() {
    let w = WorkDir::new();
    w.write(
        "en.csv",
        "Case_No,Date,Victim,Caller,Account,Loss,Category,Narrative\nE1,2026-11-02,张三,13812345678,6222021234567890123,12000,冒充京东客服,金条\n",
    );
    w.write(
        "zh.csv",
        "案情简述,诈骗类型,涉案金额,收款账号,来电号码,受害人,报案时间,警情编号\n金条,冒充京东客服,12000,6222021234567890123,13812345678,张三,2026-11-02,Z1\n",
    );
    w.write(
        "code.csv",
        "JJBH,JJSJ,SHRXM,SSJZ,AJLX,JYAQ,诈骗电话,对方账户\nC1,2026-11-02,张三,12000,冒充京东客服,金条,13812345678,6222021234567890123\n",
    );
    let out = w.ok(&["import", "en.csv", "zh.csv", "code.csv"]);
    for f in ["en.csv", "zh.csv", "code.csv"] {
        assert!(
            summary_line(&out, f).contains("1 read, 1 imported"),
            "{out}"
        );
    }
    let csv = cases_csv(&w);
    assert_eq!(column(&csv, "caller_numbers"), vec!["+8613812345678"; 3]);
    assert_eq!(
        column(&csv, "receiving_accounts"),
        vec!["6222021234567890123"; 3]
    );
    assert_eq!(column(&csv, "amount_yuan"), vec!["12000.00"; 3]);
    assert_eq!(column(&csv, "victim_name"), vec!["张三"; 3]);
}

#[test]
fn every_encoding_is_detected_and_recorded() {
    let w = WorkDir::new();
    let text = "案件编号,受害人,案情简述\nA1,张三,冒充京东客服称金条征信受影响\n";
    w.write("utf8.csv", text.replace("A1", "U1"));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.replace("A1", "B1").as_bytes());
    w.write("bom.csv", bom);
    let gbk_text = text.replace("A1", "G1");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&gbk_text);
    w.write("gbk.csv", gbk);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.replace("A1", "W1").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    w.write("utf16.csv", utf16);
    w.ok(&["import", "utf8.csv", "bom.csv", "gbk.csv", "utf16.csv"]);

    let batches = w.ok(&["batches", "--format", "csv"]);
    assert_eq!(
        column(&batches, "encoding"),
        vec!["UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE"]
    );
    let csv = cases_csv(&w);
    assert_eq!(column(&csv, "victim_name"), vec!["张三"; 4]);
    let scripts: Vec<String> = w
        .store()
        .connection()
        .prepare("SELECT script FROM cases")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(
        scripts.iter().all(|s| s == "冒充京东客服称金条征信受影响"),
        "{scripts:?}"
    );
}

#[test]
fn crlf_and_quoted_newlines_are_one_row_each() {
    let w = WorkDir::new();
    w.write(
        "crlf.csv",
        "report_no,script,amount\r\nR1,\"第一行\r\n第二行\",100\r\nR2,plain,200\r\n",
    );
    let out = w.ok(&["import", "crlf.csv"]);
    assert!(
        summary_line(&out, "crlf.csv").contains("2 read, 2 imported"),
        "{out}"
    );
    let script: String = w
        .store()
        .connection()
        .query_row("SELECT script FROM cases WHERE report_no = 'R1'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(script, "第一行\r\n第二行");
    let line: i64 = w.count("SELECT line FROM cases WHERE report_no = 'R2'");
    assert_eq!(line, 4, "R2 starts on the fourth line of the file");
}

#[test]
fn unknown_columns_and_the_row_as_it_stood_are_kept() {
    let w = WorkDir::new();
    w.write(
        "x.csv",
        "report_no,派出所,amount,备注\nR1,城关派出所,\"1,200\",回访\n",
    );
    w.ok(&["import", "x.csv"]);
    let (extra, cells): (String, Option<String>) = w
        .store()
        .connection()
        .query_row("SELECT COALESCE((SELECT text FROM case_extras WHERE id = extra_id), ''), cells FROM cases", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(extra, r#"{"派出所":"城关派出所","备注":"回访"}"#);
    assert_eq!(cells, None, "the header and the fields give the row back");
    let raw = w.ok(&["cases", "--raw", "R1", "--format", "csv"]);
    assert_eq!(
        raw,
        "report_no,batch_id,sheet,line,column,header,cell\n\
         R1,1,,2,1,report_no,R1\n\
         R1,1,,2,2,派出所,城关派出所\n\
         R1,1,,2,3,amount,\"1,200\"\n\
         R1,1,,2,4,备注,回访\n"
    );
}

/// Migration 019: each distinct text of unknown columns is stored once, shared by the
/// rows of one file and of the next; a row without any keeps none; each row reads
/// back its own.
#[test]
fn unknown_columns_repeated_by_rows_are_stored_once() {
    let w = WorkDir::new();
    w.write(
        "a.csv",
        "report_no,派出所\nA1,城关派出所\nA2,高新区派出所\nA3,城关派出所\n",
    );
    w.write("b.csv", "report_no,派出所\nB1,城关派出所\n");
    w.write("c.csv", "report_no\nC1\n");
    for f in ["a.csv", "b.csv", "c.csv"] {
        w.ok(&["import", f]);
    }
    assert_eq!(w.count("SELECT COUNT(*) FROM case_extras"), 2);
    assert_eq!(
        w.count("SELECT COUNT(DISTINCT extra_id) FROM cases WHERE report_no IN ('A1', 'A3', 'B1')"),
        1
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE extra_id IS NULL"),
        1
    );
    let raw = w.ok(&["cases", "--raw", "A2", "--format", "csv"]);
    assert!(raw.ends_with("A2,1,,3,2,派出所,高新区派出所\n"), "{raw}");
    let raw = w.ok(&["cases", "--raw", "B1", "--format", "csv"]);
    assert!(raw.ends_with("B1,2,,2,2,派出所,城关派出所\n"), "{raw}");
}

#[test]
fn phone_forms_in_caller_cells_normalise_to_one_value() {
    let w = WorkDir::new();
    let forms = [
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "008613812345678",
        "86-13812345678",
        "(+86)13812345678",
        "１３８１２３４５６７８",
        "幺三八幺二三四五六七八",
    ];
    let rows: Vec<String> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| format!("P{i},2026-11-02,,,\"{f}\",,,,"))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    w.write("phones.csv", en_file(&refs));
    w.ok(&["import", "phones.csv"]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE kind = 'phone'"),
        1,
        "eight forms of one number are one identifier"
    );
    assert_eq!(
        w.count("SELECT COUNT(DISTINCT case_id) FROM case_identifiers WHERE role = 'caller'"),
        forms.len() as i64
    );
}

#[test]
fn foreign_landline_service_and_virtual_numbers_keep_every_digit() {
    let w = WorkDir::new();
    w.write(
        "f.csv",
        en_file(&[
            "F1,,,,+855 12 345 678,,,,",
            "F2,,,,+60 12 345 6789,,,,",
            "F3,,,,0370-6123456,,,,",
            "F4,,,,95118,,,,",
            "F5,,,,17012345678,,,,",
            "F6,,,,(0370)6123456,,,,",
        ]),
    );
    w.ok(&["import", "f.csv"]);
    let csv = cases_csv(&w);
    let callers = column(&csv, "caller_numbers");
    let reports = column(&csv, "report_no");
    let of = |r: &str| callers[reports.iter().position(|x| x == r).unwrap()].clone();
    assert_eq!(of("F1"), "+85512345678");
    assert_eq!(of("F2"), "+60123456789");
    assert_eq!(of("F3"), "+863706123456");
    assert_eq!(of("F6"), "+863706123456");
    // Fraud signals are shown wherever the number is.
    assert_eq!(of("F4"), "95118 (official: spoofed)");
    assert_eq!(
        of("F5"),
        "'+8617012345678 (virtual)",
        "170 numbers are flagged virtual"
    );
    assert_eq!(
        w.count("SELECT flags & 1 FROM identifiers WHERE value = '+8617012345678'"),
        1
    );
}

#[test]
fn multi_value_and_annotated_cells_yield_each_identifier() {
    let w = WorkDir::new();
    w.write(
        "m.csv",
        "report_no,caller_number,receiving_account\nM1,\"13812345678（自称京东客服）；13912345678、\n0370-6123456\",\"工商银行 6222 0212 3456 7890 123;支付宝:ABC@QQ.com\"\n",
    );
    w.ok(&["import", "m.csv"]);
    let csv = cases_csv(&w);
    assert_eq!(
        column(&csv, "caller_numbers"),
        // Not a plain number: neutralised for spreadsheets (DESIGN, CLI contract).
        vec!["'+8613812345678; +8613912345678; +863706123456"]
    );
    assert_eq!(
        column(&csv, "receiving_accounts"),
        vec!["6222021234567890123; abc@qq.com"]
    );
}

#[test]
fn cards_alipay_ids_and_id_numbers_are_told_apart() {
    let w = WorkDir::new();
    w.write(
        "k.csv",
        "report_no,receiving_account\nK1,6217 0012 3456 7890 12\nK2,2088123456789012\nK3,11010519491231002X\nK4,621799123456789012\n",
    );
    w.ok(&["import", "k.csv"]);
    let kinds: Vec<(String, String)> = w
        .store()
        .connection()
        .prepare("SELECT kind, value FROM identifiers ORDER BY value")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let kind_of = |v: &str| kinds.iter().find(|(_, x)| x == v).map(|(k, _)| k.as_str());
    assert_eq!(kind_of("621700123456789012"), Some("card"));
    assert_eq!(kind_of("2088123456789012"), Some("alipay"));
    assert_eq!(kind_of("11010519491231002X"), Some("id_number"));
    assert_eq!(
        kind_of("621799123456789012"),
        Some("card"),
        "an 18-digit card"
    );
}

#[test]
fn partial_numbers_are_stored_as_partials() {
    let w = WorkDir::new();
    w.write(
        "p.csv",
        "report_no,receiving_account,caller_number\nQ1,尾号1234,138****5678\nQ2,6222********1234,\n",
    );
    w.ok(&["import", "p.csv"]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_identifiers WHERE role = 'partial'"),
        3
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM identifiers WHERE kind NOT IN ('partial')"),
        0,
        "a masked number is never taken for a full one"
    );
}

#[test]
fn amount_and_date_forms() {
    let w = WorkDir::new();
    w.write(
        "a.csv",
        "report_no,amount,reported_at\nA1,\"12,000.00\",2026-11-02\nA2,\"¥12,000\",2026/11/2\nA3,12000元,2026.11.02\nA4,1.2万,2026-11-02 14:35\nA5,1.2万元,2026年11月2日\n",
    );
    w.ok(&["import", "a.csv"]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE amount_fen = 1200000"),
        5
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE substr(reported_at, 1, 10) = '2026-11-02'"),
        5
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE reported_at = '2026-11-02 14:35'"),
        1
    );
}

#[test]
fn unparsable_values_import_with_a_warning_and_the_raw_text() {
    let w = WorkDir::new();
    w.write(
        "bad.csv",
        "report_no,amount,reported_at,caller_number\nB1,about a thousand,last tuesday,不详\n",
    );
    let out = w.ok(&["import", "bad.csv"]);
    assert!(
        summary_line(&out, "bad.csv")
            .contains("1 imported, 0 updated, 0 duplicate, 0 rejected, 3 warnings"),
        "{out}"
    );
    let (amount_raw, date_raw): (String, String) = w
        .store()
        .connection()
        .query_row("SELECT amount_raw, reported_at_raw FROM cases", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (amount_raw.as_str(), date_raw.as_str()),
        ("about a thousand", "last tuesday")
    );
    let warnings = column(&cases_csv(&w), "warnings");
    assert!(warnings[0].contains("amount"), "{warnings:?}");
}

#[test]
fn ragged_rows_import_with_a_warning() {
    let w = WorkDir::new();
    w.write(
        "r.csv",
        "report_no,amount,scam_type\nR1,100\nR2,200,刷单返利,surplus\n",
    );
    let out = w.ok(&["import", "r.csv"]);
    assert!(
        summary_line(&out, "r.csv").contains("2 read, 2 imported"),
        "{out}"
    );
    assert_eq!(
        w.count("SELECT COUNT(*) FROM warnings WHERE field = 'row'"),
        2
    );
    let extra: String = w
        .store()
        .connection()
        .query_row("SELECT COALESCE((SELECT text FROM case_extras WHERE id = extra_id), '') FROM cases WHERE report_no = 'R2'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(extra, r#"{"_extra_1":"surplus"}"#);
}

/// Across files, other content under a stored report_no is a corrected report: the
/// case's new version (tests/versions.rs has the rest), or with `--no-update` a
/// conflict naming the batch, file and line stored first.
#[test]
fn duplicates_and_corrections_across_files_are_counted_and_named() {
    for no_update in [false, true] {
        let w = WorkDir::new();
        w.write(
            "week1.csv",
            en_file(&["D1,2026-11-02,,,,,100,,", "D2,2026-11-02,,,,,200,,"]),
        );
        w.write(
            "week2.csv",
            en_file(&[
                "D2,2026-11-02,,,,,200,,",
                "D1,2026-11-02,,,,,999,,",
                "D3,2026-11-09,,,,,300,,",
                ",2026-11-09,,,,,300,,",
            ]),
        );
        let mut args = vec!["import", "week1.csv", "week2.csv"];
        if no_update {
            args.insert(1, "--no-update");
        }
        let out = w.ok(&args);
        let counts = if no_update {
            "4 read, 1 imported, 0 updated, 1 duplicate, 2 rejected"
        } else {
            "4 read, 1 imported, 1 updated, 1 duplicate, 1 rejected"
        };
        assert!(summary_line(&out, "week2.csv").contains(counts), "{out}");
        let rejected = w.ok(&["batches", "--rejected", "--format", "csv"]);
        let reasons = column(&rejected, "reason");
        if !no_update {
            assert_eq!(reasons, ["no report_no"]);
            continue;
        }
        assert_eq!(column(&rejected, "line"), vec!["3", "5"]);
        assert!(
            reasons[0].contains("batch 1") && reasons[0].contains("week1.csv line 2"),
            "{reasons:?}"
        );
        assert_eq!(reasons[1], "no report_no");
    }
}

#[test]
fn the_same_report_twice_in_one_file_is_a_duplicate_or_a_conflict() {
    let w = WorkDir::new();
    w.write(
        "one.csv",
        en_file(&["S1,,,,,,100,,", "S1,,,,,,100,,", "S1,,,,,,101,,"]),
    );
    let out = w.ok(&["import", "one.csv"]);
    assert!(
        summary_line(&out, "one.csv")
            .contains("3 read, 1 imported, 0 updated, 1 duplicate, 1 rejected"),
        "{out}"
    );
    assert!(
        out.contains("line 4: report_no S1 conflicts with line 2 of this file"),
        "{out}"
    );
}

#[test]
fn every_row_read_is_accounted_for() {
    let w = WorkDir::new();
    w.write(
        "mix.csv",
        en_file(&[
            "X1,2026-11-02,,,,,100,,",
            "X1,2026-11-02,,,,,100,,",
            "X1,2026-11-02,,,,,5,,",
            ",,,,,,,,",
            "X2,not a date,,,,,oops,,",
            "X3",
        ]),
    );
    w.ok(&["import", "mix.csv"]);
    let b = w.ok(&["batches", "--format", "csv"]);
    let n = |c: &str| column(&b, c)[0].parse::<i64>().unwrap();
    assert_eq!(n("read"), 6);
    assert_eq!(n("read"), n("imported") + n("duplicate") + n("rejected"));
    assert_eq!((n("imported"), n("duplicate"), n("rejected")), (3, 1, 2));
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), n("imported"));
    assert_eq!(w.count("SELECT COUNT(*) FROM rejected_rows"), n("rejected"));
}

#[test]
fn an_identical_file_again_changes_nothing_and_says_so() {
    let w = WorkDir::new();
    w.write("w.csv", en_file(&["I1,2026-11-02,,,13812345678,,100,,"]));
    w.ok(&["import", "w.csv"]);
    let out = w.ok(&["import", "w.csv"]);
    assert!(
        out.contains("w.csv: already imported as batch 1, nothing changed"),
        "{out}"
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM batches"), 1);
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 1);
}

/// DESIGN: each batch is recorded with its file's name and SHA-256 — of the bytes
/// as they are on disk (a GB18030 file's, not of the text decoded from it), as
/// `sha256sum` prints it.
#[test]
fn each_batch_records_its_files_sha256() {
    use sha2::{Digest, Sha256};
    let w = WorkDir::new();
    let utf8 = en_file(&["H1,2026-11-02,,,13812345678,,100,,冒充京东客服"]);
    let text = en_file(&["H2,2026-11-02,,,13812345679,,100,,金条"]);
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let files = [("u.csv", utf8.into_bytes()), ("g.csv", gbk.into_owned())];
    for (name, bytes) in &files {
        w.write(name, bytes);
        w.ok(&["import", name]);
    }
    let batches = casebench::store::queries::batches(&w.store()).unwrap();
    let recorded: Vec<(String, String)> = batches.into_iter().map(|b| (b.file, b.sha256)).collect();
    let expected: Vec<(String, String)> = files
        .iter()
        .map(|(name, bytes)| {
            let hex: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (name.to_string(), hex)
        })
        .collect();
    assert_eq!(recorded, expected);
}

#[test]
fn a_file_without_report_no_fails_alone_and_exits_1() {
    let w = WorkDir::new();
    w.write("good1.csv", en_file(&["G1,,,,,,100,,"]));
    w.write("nokey.csv", "caller,amount\n13812345678,100\n");
    w.write("good2.csv", en_file(&["G2,,,,,,100,,"]));
    w.write(
        "binary.csv",
        (0..3000u32).map(|i| (i % 31) as u8).collect::<Vec<u8>>(),
    );
    let out = w.run(&[
        "import",
        "good1.csv",
        "nokey.csv",
        "binary.csv",
        "good2.csv",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nokey.csv: line 1: no report_no column"),
        "{stderr}"
    );
    assert!(
        stderr.contains("binary.csv: not a file casebench reads: the content is binary"),
        "{stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        2,
        "one line per failed file: {stderr}"
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 2);
}

#[test]
fn no_path_imports_the_new_files_in_imports() {
    let w = WorkDir::new();
    w.write("imports/sample/a.csv", en_file(&["N1,,,,,,100,,"]));
    w.write("imports/b.csv", en_file(&["N2,,,,,,100,,"]));
    let out = w.ok(&["import"]);
    assert!(
        out.contains("a.csv: 1 read") && out.contains("b.csv: 1 read"),
        "{out}"
    );
    assert_eq!(w.ok(&["import"]).trim(), "nothing new in imports/");
    w.write("imports/c.csv", en_file(&["N3,,,,,,100,,"]));
    let out = w.ok(&["import"]);
    assert!(
        out.contains("c.csv: 1 read") && !out.contains("a.csv"),
        "{out}"
    );
}

/// The drop folder keeps every week's file: a file imported before is known by its
/// path, size and modification time, unread; a changed time makes it read and hashed.
#[test]
fn no_path_knows_an_imported_file_by_its_size_and_time_without_reading_it() {
    let w = WorkDir::new();
    let a = w.write("imports/a.csv", en_file(&["N1,,,,,,100,,"]));
    w.ok(&["import"]);
    let stamped = |path: &std::path::Path, content: String| {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).unwrap();
        std::fs::write(path, content).unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(modified).unwrap();
    };
    // New content of the same size under the old time: taken as the imported file
    // (this is what shows it was not read).
    let same_size = en_file(&["N9,,,,,,100,,"]);
    assert_eq!(same_size.len(), std::fs::read(&a).unwrap().len());
    stamped(&a, same_size);
    assert_eq!(w.ok(&["import"]).trim(), "nothing new in imports/");

    // A new time: read, hashed, found new.
    let file = std::fs::File::options().write(true).open(&a).unwrap();
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(file);
    let out = w.ok(&["import"]);
    assert!(out.contains("a.csv: 1 read, 1 imported"), "{out}");
    assert_eq!(
        w.count("SELECT COUNT(*) FROM cases WHERE report_no = 'N9'"),
        1
    );
    // Then known by its new stamp.
    assert_eq!(w.ok(&["import"]).trim(), "nothing new in imports/");
}

#[test]
fn a_stopped_import_leaves_nothing_of_that_file() {
    let w = WorkDir::new();
    w.write("first.csv", en_file(&["K0,,,,13900000000,,1,,"]));
    let rows: Vec<String> = (1..=5000)
        .map(|i| format!("K{i},2026-11-02,,,13812345678,622202123456789{i:04},100,,"))
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let big = w.write("big.csv", en_file(&refs));
    let mut store = w.store();
    casebench::import::import_files(&mut store, &[w.join("first.csv")], &mut |_| {
        ControlFlow::Continue(())
    });
    let before: Vec<i64> = [
        "cases",
        "identifiers",
        "case_identifiers",
        "batches",
        "warnings",
    ]
    .iter()
    .map(|t| w.count(&format!("SELECT COUNT(*) FROM {t}")))
    .collect();
    let reports =
        casebench::import::import_files(&mut store, std::slice::from_ref(&big), &mut |p| {
            // Stop once the file is half written: the failure injected mid-file.
            if p.rows >= 2000 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    assert!(matches!(
        reports[0].outcome,
        casebench::import::FileOutcome::Cancelled
    ));
    let after: Vec<i64> = [
        "cases",
        "identifiers",
        "case_identifiers",
        "batches",
        "warnings",
    ]
    .iter()
    .map(|t| w.count(&format!("SELECT COUNT(*) FROM {t}")))
    .collect();
    assert_eq!(before, after, "nothing of the stopped file is kept");
    let out = w.ok(&["import", "big.csv"]);
    assert!(
        summary_line(&out, "big.csv").contains("5000 read, 5000 imported"),
        "{out}"
    );
}

/// After its rows a big file still builds indexes and links groups: the front end is
/// told each step, and stopping at one keeps nothing of the file.
#[test]
fn the_steps_after_the_rows_are_reported_and_can_be_stopped() {
    use casebench::import::{FileOutcome, Stage};
    let rows: Vec<String> = (1..=6000)
        .map(|i| {
            format!(
                "S{i},2026-11-02,,,1381234{:04},6222021234567{i:06},100,,",
                i % 700
            )
        })
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();

    let w = WorkDir::new();
    let big = w.write("big.csv", en_file(&refs));
    let mut store = w.store();
    let mut stages: Vec<Stage> = Vec::new();
    let reports =
        casebench::import::import_files(&mut store, std::slice::from_ref(&big), &mut |p| {
            if stages.last() != Some(&p.stage) {
                stages.push(p.stage);
            }
            ControlFlow::Continue(())
        });
    assert!(matches!(reports[0].outcome, FileOutcome::Imported { .. }));
    assert_eq!(
        stages,
        [
            Stage::Rows,
            Stage::Indexes,
            Stage::Linking,
            Stage::Committing,
            Stage::Done
        ],
        "a first load of 6,000 rows sets its indexes aside"
    );
    assert_eq!(Stage::Linking.label(), Some("linking groups"));
    // The index set aside comes back as the schema defines it: a lookup by identifier
    // (through the view, as readers make it) seeks each link tier's index (migration
    // 021), never reading all the links (`links --batch` at 200k took minutes so).
    let plan: Vec<String> = store
        .connection()
        .prepare("EXPLAIN QUERY PLAN SELECT case_id FROM case_identifiers WHERE identifier_id = 5")
        .unwrap()
        .query_map([], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let plan = plan.join("\n");
    assert!(
        plan.contains("INDEX case_identifiers_identifier (identifier_id=?)")
            && plan.contains("INDEX case_identifiers_identifier_recent (identifier_id=?)")
            && !plan.contains("SCAN"),
        "{plan}"
    );

    for stop_at in [Stage::Indexes, Stage::Linking, Stage::Committing] {
        let w = WorkDir::new();
        let big = w.write("big.csv", en_file(&refs));
        let mut store = w.store();
        let reports = casebench::import::import_files(
            &mut store,
            std::slice::from_ref(&big),
            &mut |p| match p.stage == stop_at {
                true => ControlFlow::Break(()),
                false => ControlFlow::Continue(()),
            },
        );
        assert!(
            matches!(reports[0].outcome, FileOutcome::Cancelled),
            "stopped at {stop_at:?}"
        );
        drop(store);
        for table in ["cases", "identifiers", "case_identifiers", "batches"] {
            assert_eq!(
                w.count(&format!("SELECT COUNT(*) FROM {table}")),
                0,
                "{table} after a stop at {stop_at:?}"
            );
        }
        // The indexes set aside came back with the rollback.
        let indexes = w.count(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'
                AND name IN ('cases_reported_at', 'case_identifiers_identifier',
                             'identifiers_value_kind', 'warnings_case')",
        );
        assert_eq!(indexes, 4, "after a stop at {stop_at:?}");
    }
}

/// A file as big as the database or bigger is a bulk load (its indexes set aside and
/// rebuilt), a smaller one is written through the indexes: the choice counts the
/// cases only as far as the file's size, and must still fall on the same side of it.
/// Each import hands its stages' times out as data, the commit's with the outcome.
#[test]
fn a_file_as_big_as_the_database_is_a_bulk_load_and_a_smaller_one_is_not() {
    use casebench::import::{FileOutcome, Stage};
    let week = |from: usize| -> String {
        let rows: Vec<String> = (from..from + 6000)
            .map(|i| format!("B{i},2026-11-02,,,1381234{:04},,100,,", i % 700))
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        en_file(&refs)
    };
    let w = WorkDir::new();
    let mut store = w.store();
    // Stages seen, and the phases of the last report before the commit.
    let mut import = |name: &str, text: String| {
        let path = w.write(name, text);
        let mut stages: Vec<Stage> = Vec::new();
        let mut before_commit = None;
        let reports =
            casebench::import::import_files(&mut store, std::slice::from_ref(&path), &mut |p| {
                if stages.last() != Some(&p.stage) {
                    stages.push(p.stage);
                }
                if p.stage == Stage::Committing {
                    before_commit = Some(p.phases);
                }
                ControlFlow::Continue(())
            });
        let FileOutcome::Imported { phases, .. } = &reports[0].outcome else {
            panic!("{}", reports[0].summary());
        };
        let before_commit = before_commit.expect("a report before the commit");
        assert_eq!(
            phases.rows, before_commit.rows,
            "the outcome's phases are those reported"
        );
        assert!(phases.commit > std::time::Duration::ZERO, "{phases:?}");
        assert!(phases.rows > std::time::Duration::ZERO, "{phases:?}");
        stages.contains(&Stage::Indexes)
    };
    assert!(import("w1.csv", week(0)), "a first load");
    // 6,000 rows (6,001 lines with the header) into 6,000 cases: as big.
    assert!(import("w2.csv", week(6000)), "as big as the database");
    // 6,000 rows into 12,000 cases: written through the indexes.
    assert!(!import("w3.csv", week(12000)), "half the database");
    drop(store);
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 18000);
    let indexes = w.count(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'
            AND name IN ('cases_reported_at', 'case_identifiers_identifier',
                         'identifiers_value_kind', 'warnings_case')",
    );
    assert_eq!(indexes, 4);
}

#[cfg(unix)]
#[test]
fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let w = WorkDir::new();
    w.write("x.csv", en_file(&["O1,,,,,,1,,"]));
    w.ok(&["import", "x.csv"]);
    let mode = std::fs::metadata(w.db()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// A centre's own header names: refused with every accepted name and the way to map
/// one; mapped for one run with --map, or for good in the file beside the database.
#[test]
fn unknown_header_layouts_can_be_mapped() {
    let w = WorkDir::new();
    let file = w.write(
        "ours.csv",
        "Case Number,Caller Phone,Loss\nC-1,13812345678,100\nC-2,138 1234 5678,200\n",
    );
    let out = w.run(&["import", "ours.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in [
        "report_no",
        "case_id",
        "接警编号",
        "AJBH",
        "JJBH",
        "--map \"HEADER=report_no\"",
    ] {
        assert!(stderr.contains(name), "{name}: {stderr}");
    }

    let out = w.run(&["import", "ours.csv", "--map", "Case Number=reportno"]);
    assert_eq!(out.status.code(), Some(2), "a bad mapping is a usage error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a field"));

    w.ok(&[
        "import",
        file.to_str().unwrap(),
        "--map",
        "Case Number=report_no",
        "--map",
        "caller phone = caller_number",
    ]);
    assert_eq!(w.count("SELECT COUNT(*) FROM cases"), 2);
    assert_eq!(
        w.count("SELECT COUNT(DISTINCT group_id) FROM case_groups"),
        1,
        "the mapped caller column links both"
    );
    // `Loss` is the built-in alias of amount, still read.
    assert_eq!(w.count("SELECT SUM(amount_fen) FROM cases"), 30_000);

    // For good: the alias file beside the database.
    let again = w.write("next.csv", "Case Number,Caller Phone\nC-3,13812345678\n");
    w.write(
        "header_aliases.txt",
        "# ours\nCase Number = report_no\nCaller Phone = caller_number\n",
    );
    w.ok(&["import", again.to_str().unwrap()]);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM case_groups WHERE group_id = (SELECT group_id FROM case_groups LIMIT 1)"),
        3
    );
}
