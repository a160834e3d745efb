//! One scam-type taxonomy: the column's many spellings map to one code through the
//! alias table (editable next to the database), shown and filtered everywhere.

use crate::util::{WorkDir, column, csv_rows};

const BATCH: &str = "\
report_no,reported_at,scam_type,amount,script
T1,2026-11-02,冒充客服,100,对方自称京东客服
T2,2026-11-03,Impersonating customer service,200,caller said JD customer service
T3,2026-11-04,刷单诈骗,300,兼职刷单
T4,2026-11-05,新型话术,400,一种新说法
T5,2026-11-06,冒充公检法,500,自称公安局
";

fn imported() -> WorkDir {
    let work = WorkDir::new();
    let file = work.write("w.csv", BATCH);
    work.ok(&["import", file.to_str().unwrap()]);
    work
}

/// The value of `field` for `report_no` in a `cases --format csv` listing.
fn field(listing: &str, report_no: &str, field: &str) -> String {
    let nos = column(listing, "report_no");
    let at = nos
        .iter()
        .position(|n| n == report_no)
        .expect("case listed");
    column(listing, field)[at].clone()
}

#[test]
fn every_case_has_one_canonical_type_and_its_raw_text() {
    let work = imported();
    let listing = work.ok(&["cases", "--format", "csv"]);
    for (no, code, name) in [
        ("T1", "customer_service", "冒充电商物流客服类"),
        ("T2", "customer_service", "冒充电商物流客服类"),
        ("T3", "order_brushing", "刷单返利类"),
        ("T4", "other", "其他"),
        ("T5", "police", "冒充公检法及政府机关类"),
    ] {
        assert_eq!(field(&listing, no, "scam_type_code"), code, "{no}");
        assert_eq!(field(&listing, no, "scam_type"), name, "{no}");
        assert_eq!(field(&listing, no, "scam_type_source"), "column", "{no}");
    }
    assert_eq!(
        field(&listing, "T4", "scam_type_raw"),
        "新型话术",
        "raw kept"
    );
    // A table for a person names the type once.
    let table = work.ok(&["cases"]);
    let header = table.lines().next().unwrap();
    assert!(
        header.contains("scam_type") && !header.contains("scam_type_code"),
        "{header}"
    );
    assert!(table.contains("冒充电商物流客服类"), "{table}");

    // The Stats screen's counts: two spellings, one type.
    let store = work.store();
    let types = casebench::store::views::by_scam_type(store.connection()).unwrap();
    let cs = types
        .iter()
        .find(|t| t.scam_type == casebench::scamtype::Code::CustomerService)
        .unwrap();
    assert_eq!((cs.reports, cs.loss_fen), (2, 30_000));
    assert_eq!(types.len(), 4);
}

#[test]
fn scam_types_lists_each_value_with_its_code_and_cases() {
    let work = imported();
    let rows = csv_rows(&work.ok(&["scam-types", "--format", "csv"]));
    assert_eq!(rows[0], ["value", "code", "scam_type", "source", "cases"]);
    assert!(rows.contains(&vec![
        "新型话术".to_string(),
        "other".to_string(),
        "其他".to_string(),
        "column".to_string(),
        "1".to_string()
    ]));
    assert_eq!(rows.len(), 6, "five values and the header: {rows:?}");
}

#[test]
fn type_filters_in_search_and_cases_by_code_name_or_alias() {
    let work = imported();
    for query in [
        "type:customer_service",
        "type:冒充电商物流客服类",
        "type:冒充京东客服",
        "type:客服",
    ] {
        let out = work.ok(&["search", query, "--format", "csv"]);
        let mut found = column(&out, "report_no");
        found.sort();
        assert_eq!(found, ["T1", "T2"], "{query}");
    }
    // With a text term: both must hold.
    let out = work.ok(&["search", "type:police", "公安", "--format", "csv"]);
    assert_eq!(column(&out, "report_no"), ["T5"]);
    let out = work.ok(&["search", "type:police", "刷单", "--format", "csv"]);
    assert!(column(&out, "report_no").is_empty());
    // An unknown type is a usage error naming it.
    let out = work.run(&["search", "type:天气"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no scam type \"天气\""));

    let out = work.ok(&["cases", "--type", "刷单", "--format", "csv"]);
    assert_eq!(column(&out, "report_no"), ["T3"]);
    let out = work.run(&["cases", "--type", "冒充"]);
    assert_eq!(out.status.code(), Some(1), "several types: say which");
}

/// An analyst gives a value left as `other` an alias: the stored cases take the new
/// code the next time the database is opened, and new imports use it.
#[test]
fn an_alias_added_next_to_the_database_maps_stored_cases() {
    let work = imported();
    let shipped = include_str!("../db/scam_type_aliases.txt");
    work.write(
        "scam_type_aliases.txt",
        format!("{shipped}\n# ours\n新型话术 = loan\n"),
    );
    let listing = work.ok(&["cases", "--format", "csv"]);
    assert_eq!(field(&listing, "T4", "scam_type_code"), "loan");
    assert_eq!(field(&listing, "T1", "scam_type_code"), "customer_service");
    let out = work.ok(&["search", "type:新型话术", "--format", "csv"]);
    assert_eq!(column(&out, "report_no"), ["T4"]);

    // A broken line is named, file and line.
    work.write("scam_type_aliases.txt", "新型话术 = loans\n");
    let out = work.run(&["cases"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("scam_type_aliases.txt: line 1: unknown code"),
        "{stderr}"
    );
}

/// With the scam-type column empty, the script is tagged (source `script`); a script
/// that reads as no type clearly stays `other`. The column, when present, wins.
#[test]
fn an_empty_column_is_tagged_from_the_script() {
    let w = WorkDir::new();
    w.write(
        "t.csv",
        "report_no,scam_type,script\n\
         S1,,对方在网上招募兼职刷单员，称完成点赞任务即可返利，受害人先垫付本金后无法提现\n\
         S2,,受害人称被人骗了\n\
         S3,冒充公检法,对方在网上招募兼职刷单员，称完成点赞任务即可返利\n",
    );
    w.ok(&["import", "t.csv"]);
    let listing = w.ok(&["cases", "--format", "csv"]);
    assert_eq!(field(&listing, "S1", "scam_type_code"), "order_brushing");
    assert_eq!(field(&listing, "S1", "scam_type_source"), "script");
    assert_eq!(field(&listing, "S1", "scam_type_raw"), "");
    assert_eq!(field(&listing, "S2", "scam_type_code"), "other");
    assert_eq!(field(&listing, "S2", "scam_type_source"), "script");
    assert_eq!(field(&listing, "S3", "scam_type_code"), "police");
    assert_eq!(field(&listing, "S3", "scam_type_source"), "column");
}

/// A corrected report that changes the scam type moves the case to the new code.
#[test]
fn a_corrected_scam_type_moves_the_case() {
    let w = WorkDir::new();
    w.write("a.csv", "report_no,scam_type,amount\nC1,刷单,100\n");
    w.write("b.csv", "report_no,scam_type,amount\nC1,冒充公检法,100\n");
    w.ok(&["import", "a.csv"]);
    w.ok(&["import", "b.csv"]);
    let listing = w.ok(&["cases", "--format", "csv"]);
    assert_eq!(field(&listing, "C1", "scam_type_code"), "police");
    assert_eq!(field(&listing, "C1", "scam_type_raw"), "冒充公检法");
}
