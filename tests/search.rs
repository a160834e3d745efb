//! `casebench search`: every query form through the real binary, on small fixtures.
//! Tests that type numbers in several formats rely on the normaliser's `parse_term`
//! reading them exactly as the import stored them.

use crate::util::{WorkDir, column, csv_rows};

/// A labelled batch: the report number's prefix is the scam type (JT 金条, BT 白条,
/// SD 刷单返利, SL student loan, WD 网贷), with distractors that share some words.
const LABELLED: &str = "\
report_no,reported_at,caller_number,receiving_account,scam_type,script,amount
JT1,2026-11-01,138-1234-5678,6222 0212 3456 7890 123,冒充客服,自称京东金融客服，称其金条额度过高影响征信，需转账注销金条,52000
JT2,2026-11-03,+86 138 1234 5678,,冒充客服,对方称金条逾期会上征信，诱导下载会议软件共享屏幕,8000
JT3,2026-11-05,(+86)13812345678,6217 9912 3400 5678,冒充客服,来电称金条利率违规，不处理会影响征信,12000.50
BT1,2026-11-02,13998765432,6230 5200 1111 2222 333,冒充客服,对方称可以提高白条额度，需先缴纳保证金，否则影响征信,3000
BT2,2026-11-04,13998765432,6230 5200 3333 2222 333,冒充客服,客服称其白条额度可提升，要求下载会议软件,4500
BT3,2026-11-06,17012340000,尾号0123,冒充客服,谎称白条额度异常需要验证流水,6000
SD1,2026-11-02,,6228 4800 0000 1234,刷单,网上刷单返利，先垫付后返还本金和佣金,700
SD2,2026-11-05,,6228480000001234,刷单,兼职刷单，对方承诺高额返利,1500
SL1,2026-11-03,+1 202 555 0134,,student loan,Caller said the student loan must be cancelled or credit suffers,9000
SL2,2026-11-07,,,student loan,Told to cancel her student loan account before the deadline,2000
WD1,2026-11-04,,,网贷,通过网贷APP贷款被收取解冻费，称额度冻结,3300
WD2,2026-11-08,,,网贷,Online loan app asked a student to pay a deposit,1800
X1,2026-11-09,,,其他,编号1a2b3c4号的包裹丢失,50
";

fn labelled() -> WorkDir {
    let w = WorkDir::new();
    w.write("week.csv", LABELLED);
    w.ok(&["import", "week.csv"]);
    w
}

fn search(w: &WorkDir, args: &[&str]) -> Vec<String> {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv", "--limit", "0"]);
    column(&w.ok(&all), "report_no")
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn keyword_queries_put_their_scam_type_on_top() {
    let w = labelled();
    for (query, prefix, count) in [
        ("金条 征信", "JT", 3),
        ("白条额度", "BT", 3),
        ("刷单 返利", "SD", 2),
        ("student loan", "SL", 2),
        ("网贷", "WD", 1),
    ] {
        let found = search(&w, &[query]);
        assert!(found.len() >= count, "{query}: {found:?}");
        assert!(
            found[..count].iter().all(|r| r.starts_with(prefix)),
            "{query}: {found:?}"
        );
    }
}

#[test]
fn a_number_in_any_format_finds_every_case_holding_it_and_only_those_on_top() {
    let w = labelled();
    for query in [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "0086-13812345678",
        "(+86)138 1234 5678",
        "１３８１２３４５６７８",
    ] {
        let out = w.ok(&["search", query, "--format", "csv", "--explain"]);
        let found = column(&out, "report_no");
        assert_eq!(
            sorted(found[..3].to_vec()),
            ["JT1", "JT2", "JT3"],
            "{query}"
        );
        let explain = column(&out, "explain");
        assert!(
            explain[..3].iter().all(|e| e.contains("exact")),
            "{query}: {explain:?}"
        );
        assert!(
            explain[3..].iter().all(|e| !e.contains("exact")),
            "{query}: {explain:?}"
        );
        assert_eq!(column(&out, "matched_field")[0], "caller");
    }
    // A card with spaces or without, and its own cases only.
    assert_eq!(search(&w, &["6228 4800 0000 1234"]), ["SD2", "SD1"]);
    // The partial 尾号0123 may be that card: shown, below the case that holds it.
    assert_eq!(search(&w, &["6222021234567890123"]), ["JT1", "BT3"]);
}

#[test]
fn last_digits_find_the_cards_and_partial_numbers() {
    let w = labelled();
    // Last four: the card ending 1234 (two cases), then numbers holding 1234.
    let found = search(&w, &["1234"]);
    assert_eq!(sorted(found[..2].to_vec()), ["SD1", "SD2"]);
    // Last six.
    assert_eq!(search(&w, &["001234"]), ["SD2", "SD1"]);
    assert_eq!(search(&w, &["890123"])[0], "JT1");
    // The partial 尾号0123 is found by the last four, next to the full card.
    let found = search(&w, &["0123"]);
    assert_eq!(sorted(found[..2].to_vec()), ["BT3", "JT1"]);
    // …then the card that holds 0123 inside (…0000001234).
    assert_eq!(sorted(found[2..].to_vec()), ["SD1", "SD2"]);
    // A full card finds the partial number it may be.
    assert!(search(&w, &["6222021234560123"]).contains(&"BT3".to_string()));
    // And the analyst may type the partial form too.
    assert_eq!(search(&w, &["尾号0123"]), ["BT3", "JT1"]);
}

#[test]
fn digits_never_match_as_a_scattered_subsequence() {
    let w = labelled();
    assert!(!search(&w, &["1234"]).contains(&"X1".to_string()));
    assert!(search(&w, &["9999"]).is_empty());
    // The scattered digits are there: a text query finds the case.
    assert_eq!(search(&w, &["包裹"]), ["X1"]);
}

#[test]
fn scopes_restrict_where_a_term_matches() {
    let w = labelled();
    // 1234 is in caller numbers (JT*, BT3) and in accounts (SD*).
    let callers = search(&w, &["caller:1234"]);
    assert!(!callers.is_empty());
    assert!(callers.iter().all(|r| !r.starts_with("SD")), "{callers:?}");
    // In accounts: the card ending 1234 first, then the cards holding 1234; never a
    // case whose only 1234 is in its caller number.
    let accounts = search(&w, &["account:1234"]);
    assert_eq!(sorted(accounts[..2].to_vec()), ["SD1", "SD2"]);
    assert_eq!(sorted(accounts[2..].to_vec()), ["JT1", "JT3"]);
    assert!(search(&w, &["caller:6228480000001234"]).is_empty());
    assert_eq!(search(&w, &["script:会议软件"]).len(), 2);
    assert!(search(&w, &["script:冒充客服"]).is_empty());
    assert_eq!(search(&w, &["victim:金条"]), Vec::<String>::new());
}

#[test]
fn quoted_phrases_match_as_written() {
    let w = labelled();
    assert_eq!(sorted(search(&w, &["\"student loan\""])), ["SL1", "SL2"]);
    assert!(search(&w, &["\"loan student\""]).is_empty());
    // Unquoted, both words must match, anywhere: the 网贷 case has both.
    assert_eq!(
        sorted(search(&w, &["loan", "student"])),
        ["SL1", "SL2", "WD2"]
    );
}

#[test]
fn latin_words_tolerate_typos() {
    let w = labelled();
    let found = search(&w, &["studnet", "lona"]);
    assert!(found.len() >= 2, "{found:?}");
    assert!(found[..2].iter().all(|r| r.starts_with("SL")), "{found:?}");
}

#[test]
fn malformed_queries_exit_2_with_one_line() {
    let w = labelled();
    for query in ["\"student loan", "caller:", "金条 account: 1234", "x \"\""] {
        let out = w.run(&["search", query]);
        assert_eq!(out.status.code(), Some(2), "{query}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.starts_with("casebench: search: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn every_output_format_has_the_search_columns() {
    let w = labelled();
    let csv = w.ok(&["search", "金条", "--format", "csv"]);
    assert_eq!(
        csv_rows(&csv)[0],
        [
            "rank",
            "report_no",
            "score",
            "matched_field",
            "reported_at",
            "amount_yuan",
            "caller_numbers",
            "receiving_accounts",
            "script"
        ]
    );
    assert_eq!(column(&csv, "rank"), ["1", "2", "3"]);
    assert_eq!(column(&csv, "matched_field")[0], "script");
    let json = w.ok(&["search", "金条", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows[0]["script"].as_str().unwrap().contains("金条"));
    w.ok(&["search", "金条", "-o", "hits.csv"]);
    let bytes = std::fs::read(w.join("hits.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    w.ok(&["search", "金条", "-o", "hits.xlsx"]);
    assert!(w.join("hits.xlsx").exists());
    // The table trims long scripts around the match.
    let table = w.ok(&["search", "金条", "--limit", "1"]);
    assert!(table.contains("金条"), "{table}");
    assert!(table.lines().count() == 2, "{table}");
    // --limit.
    assert_eq!(search(&w, &["冒充客服"]).len(), 6);
    let two = w.ok(&["search", "冒充客服", "--limit", "2", "--format", "csv"]);
    assert_eq!(column(&two, "report_no").len(), 2);
}

#[test]
fn ties_rank_newest_first() {
    let w = labelled();
    // Every 白条 script says 白条额度 once, early: the newest comes first.
    assert_eq!(search(&w, &["白条额度"])[..3], ["BT3", "BT2", "BT1"]);
}

#[test]
fn ignored_identifiers_rank_lower() {
    let w = labelled();
    // BT1 and BT2 hold different cards ending 2222333; BT2 is newer.
    assert_eq!(search(&w, &["2222333"]), ["BT2", "BT1"]);
    w.ok(&[
        "ignore",
        "6230520033332222333",
        "--reason",
        "bank test account",
    ]);
    assert_eq!(search(&w, &["2222333"]), ["BT1", "BT2"]);
    let out = w.ok(&["search", "2222333", "--explain", "--format", "csv"]);
    assert!(column(&out, "explain")[1].contains("(ignored)"), "{out}");
}

/// Masked victims' data cannot be searched around: unscoped digits or words never
/// match a victim's phone or name; `victim:` does, and `--unmask` lets unscoped terms
/// in. The explanation shows the phone masked unless unmasked.
#[test]
fn the_mask_holds_in_search() {
    let w = WorkDir::new();
    w.write(
        "v.csv",
        "report_no,victim_name,victim_phone,caller_number,script\n\
         V1,王小明,13912342368,13800001111,对方自称客服\n\
         V2,李四,13700000000,13811112368,对方自称客服\n",
    );
    w.ok(&["import", "v.csv"]);
    assert_eq!(search(&w, &["2368"]), ["V2"], "the caller ending 2368 only");
    assert_eq!(search(&w, &["13912342368"]), Vec::<String>::new());
    assert_eq!(search(&w, &["王小明"]), Vec::<String>::new());
    assert_eq!(search(&w, &["victim:2368"]), ["V1"]);
    assert_eq!(search(&w, &["victim:王小明"]), ["V1"]);
    assert_eq!(sorted(search(&w, &["2368", "--unmask"])), ["V1", "V2"]);
    assert_eq!(search(&w, &["王小明", "--unmask"]), ["V1"]);

    let explained = w.ok(&[
        "search",
        "victim:13912342368",
        "--explain",
        "--format",
        "csv",
    ]);
    let why = column(&explained, "explain");
    assert_eq!(why.len(), 1);
    // The term is echoed as typed; the stored phone it matched is shown masked.
    assert!(why[0].ends_with("victim_phone +86139****2368"), "{why:?}");
    let explained = w.ok(&[
        "search",
        "victim:13912342368",
        "--explain",
        "--unmask",
        "--format",
        "csv",
    ]);
    assert!(column(&explained, "explain")[0].contains("+8613912342368"));
}

/// A Chinese term of four or more characters finds its two-character words in the
/// other order too (`共享屏幕` for `屏幕共享`), ranked below the contiguous matches.
#[test]
fn chinese_words_in_the_other_order_match_below_contiguous() {
    let w = WorkDir::new();
    w.write(
        "o.csv",
        "report_no,reported_at,script\n\
         O1,2026-11-01,对方让其打开屏幕共享功能\n\
         O2,2026-11-09,对方让其下载会议软件并共享屏幕\n\
         O3,2026-11-05,对方要求开启共享，然后看屏幕上的验证码\n\
         O4,2026-11-07,对方要求屏幕录制\n",
    );
    w.ok(&["import", "o.csv"]);
    // The contiguous match first, then the others newest first.
    assert_eq!(search(&w, &["屏幕共享"]), ["O1", "O2", "O3"]);
    assert_eq!(search(&w, &["共享屏幕"]), ["O2", "O3", "O1"]);
    assert_eq!(
        search(&w, &["\"屏幕共享\""]),
        ["O1"],
        "a quoted phrase stays as written"
    );
}

/// Search results narrowed by report dates and loss, alone or with terms.
#[test]
fn date_and_amount_filters_narrow_search_results() {
    let w = labelled();
    assert_eq!(
        sorted(search(&w, &["金条", "since:2026-11-03"])),
        ["JT2", "JT3"]
    );
    assert_eq!(
        sorted(search(&w, &["since:2026/11/8"])),
        ["WD2", "X1"],
        "filters alone list every case that passes"
    );
    assert_eq!(sorted(search(&w, &["until:2026-11-01"])), ["JT1"]);
    assert_eq!(
        sorted(search(&w, &["征信", "amount:>10000"])),
        ["JT1", "JT3"]
    );
    assert_eq!(
        sorted(search(&w, &["amount:1000-5000", "type:loan"])),
        ["WD1", "WD2"]
    );
    let bad = w.run(&["search", "since:whenever"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date"));
}

/// The victim's name and phone inside the narrative are masked in search results as
/// in their own fields, in any digits; `--unmask` shows them.
#[test]
fn the_narrative_shows_the_victim_masked() {
    let w = WorkDir::new();
    w.write(
        "n.csv",
        "report_no,victim_name,victim_phone,script\n\
         N1,欧阳明月,13812345678,欧阳明月（１３８１２３４５６７８，又写作幺三八一二三四五六七八）接到金条客服电话\n",
    );
    w.ok(&["import", "n.csv"]);
    let out = w.ok(&["search", "金条", "--format", "csv"]);
    let script = &column(&out, "script")[0];
    assert!(
        !script.contains("欧阳明月") && script.contains("欧***"),
        "{script}"
    );
    assert!(script.contains("１３８****５６７８"), "{script}");
    assert!(script.contains("幺三八****五六七八"), "{script}");
    let out = w.ok(&["search", "金条", "--format", "csv", "--unmask"]);
    assert!(column(&out, "script")[0].contains("欧阳明月（１３８１２３４５６７８"));
}

/// A report number is searched by itself or by its start (four characters or more),
/// the whole number first; never inside another number.
#[test]
fn report_numbers_are_searched_whole_or_by_their_start() {
    let w = WorkDir::new();
    w.write(
        "r.csv",
        "report_no,reported_at,script\n\
         A4114261007000123,2026-11-01,对方自称客服\n\
         A4114261007000124,2026-11-02,对方自称客服\n\
         A4114261107000001,2026-11-03,对方自称客服\n\
         B0000A4114261007,2026-11-04,对方自称客服\n",
    );
    w.ok(&["import", "r.csv"]);
    assert_eq!(search(&w, &["A4114261007000123"]), ["A4114261007000123"]);
    assert_eq!(
        search(&w, &["a4114261007000123"]),
        ["A4114261007000123"],
        "any case"
    );
    assert_eq!(
        sorted(search(&w, &["A41142610070"])),
        ["A4114261007000123", "A4114261007000124"]
    );
    let explained = w.ok(&[
        "search",
        "A4114261007000123",
        "--explain",
        "--format",
        "csv",
    ]);
    assert!(
        column(&explained, "explain")[0].contains("exact in report_no"),
        "{explained}"
    );
    assert_eq!(
        search(&w, &["A4114261007000123", "客服"]),
        ["A4114261007000123"]
    );
}
