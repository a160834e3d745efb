//! Identifiers in the narrative: each cue word of DESIGN.md decides the side for every
//! identifier kind; the other side's link like column identifiers, the victim's own
//! never do, mentioned ones are possible links only; search finds them; the listings
//! show the other side's and not the victim's.

use casebench::model::{IdKind, Side, flags};
use casebench::normalize::narrative::narrative_identifiers_in;
use casebench::normalize::narrative_identifiers;
use casebench::normalize::narrative_scorer::Mode;
use proptest::prelude::*;

use crate::util::{WorkDir, column};

/// One identifier of each kind as written in a narrative, and its canonical value.
const KINDS: [(IdKind, &str, &str); 6] = [
    (IdKind::Phone, "138 1234 5678", "+8613812345678"),
    (IdKind::Phone, "一三八一二三四五六七八", "+8613812345678"),
    (
        IdKind::Card,
        "建行卡（6217 0012 3456 7890 123）",
        "6217001234567890123",
    ),
    (
        IdKind::Alipay,
        "支付宝（2088102123456789）",
        "2088102123456789",
    ),
    (IdKind::Qq, "QQ（771234567）", "771234567"),
    (IdKind::Wechat, "微信（wxid_ab12cd）", "wxid_ab12cd"),
];

fn sides(text: &str, victim: &str) -> Vec<(IdKind, String, Side)> {
    narrative_identifiers(text, victim)
        .into_iter()
        .map(|n| (n.identifier.kind, n.identifier.value, n.side))
        .collect()
}

fn assert_side(text: &str, victim: &str, kind: IdKind, value: &str, side: Side) {
    assert_eq!(
        sides(text, victim),
        vec![(kind, value.to_string(), side)],
        "{text}"
    );
}

#[test]
fn each_cue_decides_the_side_for_each_kind() {
    let before = [
        ("报警人称对方", Side::Other),
        ("嫌疑人", Side::Other),
        ("向报警人提供的", Side::Other),
        ("收款", Side::Other),
        ("按要求转入", Side::Other),
        ("钱款汇至", Side::Other),
        ("通过其", Side::Victim),
        ("报警人本人", Side::Victim),
        ("报警人王小明的", Side::Victim),
        ("报警人王某的", Side::Victim),
        ("其绑定的", Side::Victim),
        ("另有", Side::Mentioned),
    ];
    for (kind, written, value) in KINDS {
        for (cue, side) in before {
            // A card no words place is the victim's own; any other kind is mentioned.
            let side = match (side, kind) {
                (Side::Mentioned, IdKind::Card) => Side::Victim,
                _ => side,
            };
            // The cue table decides for the rules; the default reader keeps their side
            // or, where the scorer doubts the other side's (its veto), unlinks it and
            // says why (`向报警人提供的138…`: the scorer reads `报警人` as the victim's).
            let text = format!("2026年11月2日，{cue}{written}，共计12000元。");
            let rules = narrative_identifiers_in(Mode::Rules, &text, "王小明");
            let found: Vec<_> = rules
                .iter()
                .map(|n| (n.identifier.kind, n.identifier.value.as_str(), n.side))
                .collect();
            assert_eq!(found, vec![(kind, value, side)], "{text}");
            let read = narrative_identifiers(&text, "王小明");
            assert!(
                read[0].side == side
                    || side == Side::Other && read[0].excerpt.contains("[scorer: "),
                "{text}: {read:?}"
            );
        }
        // An account holder named after it: the victim, or someone else.
        let text = format!("卡号：{written}，开户人：王小明。");
        assert_side(&text, "王小明", kind, value, Side::Victim);
        let text = format!("卡号：{written}，开户人：李四。");
        assert_side(&text, "王小明", kind, value, Side::Other);
    }
}

#[test]
fn the_victims_card_named_by_its_holder() {
    let text = "卡号：6212261234567890123，开户人：王小明。对方提供的卡号6217001234567890123，户名：张伟。";
    assert_eq!(
        sides(text, "王小明"),
        vec![
            (IdKind::Card, "6212261234567890123".into(), Side::Victim),
            (IdKind::Card, "6217001234567890123".into(), Side::Other),
        ]
    );
}

#[test]
fn an_18_digit_card_is_no_id_number() {
    assert_side(
        "向对方提供的农行卡621799123456789012转账。",
        "",
        IdKind::Card,
        "621799123456789012",
        Side::Other,
    );
}

#[test]
fn a_bare_nine_digit_number_is_no_qq_id() {
    assert!(sides("对方称771234567是订单号，让其核对。", "").is_empty());
    assert!(sides("771234567", "").is_empty());
}

#[test]
fn lists_keep_the_side_of_their_cue() {
    assert_eq!(
        sides(
            "向对方提供的两张卡（6217001234567890123、6222021234567890128）转账。",
            ""
        ),
        vec![
            (IdKind::Card, "6217001234567890123".into(), Side::Other),
            (IdKind::Card, "6222021234567890128".into(), Side::Other),
        ]
    );
}

#[test]
fn every_item_of_a_list_takes_its_cue() {
    let other = |kind, v: &str| (kind, v.to_string(), Side::Other);
    assert_eq!(
        sides("对方qq号码：56200001,78500002,后被骗。", ""),
        vec![other(IdKind::Qq, "56200001"), other(IdKind::Qq, "78500002")]
    );
    assert_eq!(
        sides("对方手机号：13000000001（北京） 18200000002（济宁）。", ""),
        vec![
            other(IdKind::Phone, "+8613000000001"),
            other(IdKind::Phone, "+8618200000002")
        ]
    );
    assert_eq!(
        sides(
            "汇款6217000000001227101（户主：张某）刘某某6228480000001227102。",
            "刘某"
        ),
        vec![
            other(IdKind::Card, "6217000000001227101"),
            other(IdKind::Card, "6228480000001227102")
        ]
    );
}

#[test]
fn the_victims_own_by_name_or_by_qi_with_bank_words_between() {
    assert_eq!(
        sides(
            "（顾某农业银行卡：6228480000000000011，对方农业银行卡：6230520000000000022）。",
            "顾某"
        ),
        vec![
            (IdKind::Card, "6228480000000000011".into(), Side::Victim),
            (IdKind::Card, "6230520000000000022".into(), Side::Other),
        ]
    );
    // 收款 is the other side's word, but the 收款码 is the victim's own.
    assert_side(
        "对方向刘某索要了其支付宝收款码（liu_zfb@qq.com）。",
        "刘某",
        IdKind::Wallet,
        "liu_zfb@qq.com",
        Side::Victim,
    );
    // Used to pay: the victim's account; used by someone named before: theirs.
    assert_side(
        "陈某某使用支付宝（15900000506）扫码转账。",
        "陈某某",
        IdKind::Phone,
        "+8615900000506",
        Side::Victim,
    );
    // The rules read `嫌疑人` ten characters back. The scorer learned up to round eighteen
    // doubted it (`卡` just before and `冻结` after were the victim's in the text it
    // learned from) and vetoed the link; relearned on 48 sets it no longer does.
    let text = "嫌疑人使用的银行卡（6217000000000004999）已冻结。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "");
    assert_eq!(rules[0].side, Side::Other, "{rules:?}");
    assert_side(text, "", IdKind::Card, "6217000000000004999", Side::Other);
    // 其 of someone else: the cue before it decides.
    assert_side(
        "对方冒充其同学的QQ号1250000813。",
        "张某某",
        IdKind::Qq,
        "1250000813",
        Side::Other,
    );
}

#[test]
fn an_identifier_introduced_by_what_it_did() {
    assert_side(
        "王某收到一条陌生号码（17000000715）发送的短信。",
        "王某",
        IdKind::Phone,
        "+8617000000715",
        Side::Other,
    );
    assert_side(
        "有人在QQ上（QQ号3150001025）加他好友。",
        "杨某",
        IdKind::Qq,
        "3150001025",
        Side::Other,
    );
    assert_side(
        "QQ上收到一条消息（85800000，昵称：客服）称招聘刷单员。",
        "",
        IdKind::Qq,
        "85800000",
        Side::Other,
    );
}

#[test]
fn a_cue_in_one_telling_decides_for_all_and_is_quoted() {
    let text = "警情内容：报警人称被骗，涉及账户6217000000000004999。\n\
                处警反馈：经了解，陈某通过“云闪付”向其提供的账户6217000000000004999转账4999元。";
    let found = narrative_identifiers(text, "陈某");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].side, Side::Other);
    assert!(found[0].excerpt.contains("提供的账户"), "{found:?}");
    // Tellings that disagree leave it a possible link only.
    let text = "向对方提供的卡（6217000000000004999）转账。其本人卡6217000000000004999被冻结。";
    assert_eq!(narrative_identifiers(text, "")[0].side, Side::Mentioned);
    // The excerpt reaches back to the deciding word, past 20 characters.
    let found = narrative_identifiers(
        "对方冒充北京市公安局刑侦支队的民警以涉嫌洗钱为由，使用电话+85320900402联系。",
        "",
    );
    assert!(found[0].excerpt.starts_with("冒充北京市"), "{found:?}");
}

#[test]
fn caller_ids_no_plan_accepts_are_kept_flagged_and_digits_only() {
    for (written, value) in [
        ("+8539100048199", "008539100048199"),
        ("008539100048199", "008539100048199"),
        ("0026250000", "0026250000"),
        ("10690000927", "10690000927"),
    ] {
        let found = narrative_identifiers(&format!("接到诈骗电话（{written}）。"), "");
        assert_eq!(found.len(), 1, "{written}");
        let id = &found[0].identifier;
        assert_eq!(
            (id.kind, id.value.as_str()),
            (IdKind::Phone, value),
            "{written}"
        );
        assert!(id.has(flags::UNPARSED), "{written}");
        assert_eq!(found[0].side, Side::Other);
    }
    // A mobile with a digit too many, after a phone word; a bare 12-digit run is none.
    let found = narrative_identifiers("对方电话：138123456789。", "");
    assert_eq!(found[0].identifier.value, "138123456789");
    assert!(narrative_identifiers("订单138123456789。", "").is_empty());
}

#[test]
fn a_spoofed_caller_id_links_two_reports_and_is_searchable() {
    let w = WorkDir::new();
    import(
        &w,
        &[
            "JJ1,2026-11-02,王小明,13900001111,,,5000,接到自称公安局的电话+8539100048199，称其涉嫌洗钱。",
            "JJ2,2026-11-03,李娜,13900002222,,,3000,对方来电号码008539100048199，自称民警。",
        ],
    );
    assert_eq!(group_of(&w, "JJ2"), "G-JJ1");
    let out = w.ok(&["search", "+853 9100048199", "--format", "csv"]);
    let mut found = column(&out, "report_no");
    found.sort();
    assert_eq!(found, ["JJ1", "JJ2"]);
}

/// The words quoted from the text: an excerpt without the scorer's note, which follows
/// it where the scorer changed the side (`… [scorer: other 1.00: …]`).
fn quoted(excerpt: &str) -> &str {
    excerpt.split(" [scorer: ").next().unwrap_or(excerpt)
}

/// A text shorter than the scorer's note: the quote is the text, the note after it
/// (proptest found `微信_aaQaa_`, read the other side's by the scorer).
#[test]
fn the_excerpt_quotes_no_more_than_the_text() {
    let text = "微信_aaQaa_";
    let found = narrative_identifiers(text, "");
    assert!(!found.is_empty());
    for f in &found {
        assert!(quoted(&f.excerpt).chars().count() <= text.chars().count());
        assert!(text.contains(quoted(&f.excerpt)), "{:?}", f.excerpt);
    }
}

proptest! {
    #[test]
    fn extraction_never_panics_and_quotes_the_text(
        text in "[0-9对方其报警人的卡号QQ微信：:（）()、，。 a-z_@.\\-*]{0,200}",
        victim in "[王李某小明]{0,4}",
    ) {
        for found in narrative_identifiers(&text, &victim) {
            prop_assert!(quoted(&found.excerpt).chars().count() <= text.chars().count());
        }
    }

    #[test]
    fn any_text_is_read_without_panic(text in "\\PC{0,300}", victim in "\\PC{0,6}") {
        let _ = narrative_identifiers(&text, &victim);
    }
}

/// Windows around each identifier are bounded, so a long narrative costs a pass:
/// 20,000 sentences with an identifier each come back one identifier per sentence.
#[test]
fn long_narratives_give_one_identifier_per_sentence() {
    let mut text = String::new();
    for i in 0..20_000u32 {
        text.push_str(&format!("向对方提供的卡（62170012{i:011}）转账；"));
    }
    let found = narrative_identifiers(&text, "王小明");
    assert_eq!(found.len(), 20_000);
    assert!(found.iter().all(|f| f.side == Side::Other));
}

const HEADER: &str = "警情编号,接警时间,报警人,联系电话,收款账号,对方QQ,涉案金额,简要案情\n";

fn import(w: &WorkDir, rows: &[&str]) {
    let mut csv = HEADER.to_string();
    for r in rows {
        csv.push_str(r);
        csv.push('\n');
    }
    w.write("week.csv", csv);
    w.ok(&["import", "week.csv"]);
}

fn group_of(w: &WorkDir, report_no: &str) -> String {
    let out = w.ok(&["links", report_no, "--format", "csv"]);
    let reports = column(&out, "report_no");
    let groups = column(&out, "group_id");
    reports
        .iter()
        .position(|r| r == report_no)
        .map(|i| groups[i].clone())
        .unwrap_or_default()
}

#[test]
fn a_column_identifier_and_the_same_in_another_narrative_link() {
    let w = WorkDir::new();
    import(
        &w,
        &[
            "JJ1,2026-11-02,王小明,13900001111,6217 0012 3456 7890 123,,5000,对方称其金条额度异常",
            "JJ2,2026-11-03,李娜,13900002222,,,3000,报警人李娜按要求将钱款转入对方提供的建行卡（6217001234567890123）。",
            "JJ3,2026-11-04,赵六,13900003333,,771234567,800,对方自称客服",
            "JJ4,2026-11-05,钱七,13900004444,,,900,报警人添加对方QQ（771234567，昵称：小王）后被骗。",
        ],
    );
    assert_eq!(group_of(&w, "JJ1"), "G-JJ1");
    assert_eq!(group_of(&w, "JJ2"), "G-JJ1");
    assert_eq!(group_of(&w, "JJ3"), "G-JJ3");
    assert_eq!(group_of(&w, "JJ4"), "G-JJ3");
    // The evidence quotes the narrative it was read from.
    let out = w.ok(&["links", "JJ2", "--format", "csv"]);
    let shared = column(&out, "shared_identifiers");
    assert!(
        shared.iter().any(|s| s.contains("转入对方提供的建行卡")),
        "{shared:?}"
    );
}

#[test]
fn a_repeat_victims_own_card_does_not_link_two_reports() {
    let w = WorkDir::new();
    import(
        &w,
        &[
            "JJ1,2026-11-02,王小明,13900001111,,,5000,通过其工商银行卡（6212261234567890123）向对方提供的建行卡（6217001234567890123）转账。报警人王小明的QQ（123456789）。",
            "JJ2,2026-11-09,王小明,13900001111,,,3000,事主再次被骗，卡号：6212261234567890123，开户人：王小明，其QQ（123456789）；向对方支付宝（scam@163.com）转账。",
        ],
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM case_groups"), 0);
    let detail = w.ok(&["cases", "JJ2", "--format", "csv", "--unmask"]);
    let ids = column(&detail, "identifier");
    let sides = column(&detail, "side");
    let side_of = |v: &str| sides[ids.iter().position(|i| i == v).unwrap()].clone();
    assert_eq!(side_of("6212261234567890123"), "victim");
    assert_eq!(side_of("123456789"), "victim");
    assert_eq!(side_of("scam@163.com"), "other");
    assert_eq!(
        column(&detail, "origin")[ids.iter().position(|i| i == "scam@163.com").unwrap()],
        "script"
    );
    // Masked by default: the victim's own card is personal data.
    let masked = w.ok(&["cases", "JJ2", "--format", "csv"]);
    assert!(!masked.contains("6212261234567890123"), "{masked}");
}

#[test]
fn mentioned_identifiers_are_possible_links_only() {
    let w = WorkDir::new();
    import(
        &w,
        &[
            "JJ1,2026-11-02,王小明,13900001111,,,5000,对方来电号码为13700001234，称其金条异常。",
            "JJ2,2026-11-03,李娜,13900002222,,,3000,报警人称另有一个号码13700001234。",
        ],
    );
    assert_eq!(w.count("SELECT COUNT(*) FROM case_groups"), 0);
    let out = w.ok(&["links", "JJ2"]);
    assert!(out.contains("possible links"), "{out}");
    assert!(out.contains("+8613700001234"), "{out}");
    assert!(out.contains("JJ1"), "{out}");
    let out = w.ok(&["links", "JJ1"]);
    assert!(out.contains("JJ2"), "{out}");
}

#[test]
fn search_finds_a_case_by_an_identifier_only_in_its_narrative() {
    let w = WorkDir::new();
    import(
        &w,
        &[
            "JJ1,2026-11-02,王小明,13900001111,,,5000,向对方提供的建行卡（6217 0012 3456 7890 123）转账，对方QQ（771234567）。",
            "JJ2,2026-11-03,李娜,13900002222,6222021234567890128,,3000,对方称其白条额度可提升",
        ],
    );
    for query in [
        "6217001234567890123",
        "6217-0012-3456-7890-123",
        "script:6217001234567890123",
        "QQ:771234567",
        "7890123",
    ] {
        let out = w.ok(&["search", query, "--format", "csv"]);
        assert_eq!(column(&out, "report_no"), ["JJ1"], "{query}");
    }
}

#[test]
fn cases_lists_the_other_sides_cards_and_qq_ids_not_the_victims() {
    let w = WorkDir::new();
    import(
        &w,
        &[
            "JJ1,2026-11-02,王小明,13900001111,,,12000,2026年11月2日，报警人王小明接到自称京东金融客服的电话（138 1234 5678），称其金条信用不良需要注销。随后通过其工商银行卡（6212261234567890123）向对方提供的建行卡（6217 0012 3456 7890 123）转账共计12000元。对方QQ（771234567，昵称：小王），报警人王小明的QQ（123456789）。",
        ],
    );
    let out = w.ok(&["cases", "--format", "csv"]);
    assert_eq!(column(&out, "caller_numbers"), ["+8613812345678"]);
    assert_eq!(column(&out, "receiving_accounts"), ["6217001234567890123"]);
    assert_eq!(column(&out, "contact_ids"), ["771234567"]);
    // The victim's own card and QQ are in no identifier column (the script, which
    // the listing carries too, still tells them as written).
    for col in ["caller_numbers", "receiving_accounts", "contact_ids"] {
        let cells = column(&out, col).join(" ");
        assert!(!cells.contains("6212261234567890123"), "{col}: {cells}");
        assert!(
            !cells.split([' ', ';']).any(|c| c == "123456789"),
            "{col}: {cells}"
        );
    }
}

#[test]
fn a_role_is_read_by_its_ending_even_one_no_table_names() {
    // `卖家`, `专家`, `助理`, `网友` are in no cue table: their endings say a role.
    for role in ["卖家", "群中专家", "课程助理", "交给网友", "股评师", "群主"] {
        assert_side(
            &format!("王某与{role}（QQ：1530000900）联系。"),
            "王某",
            IdKind::Qq,
            "1530000900",
            Side::Other,
        );
    }
    // The victim's own people and those who help the victim are no such role.
    for helper in ["朋友", "柜员", "大家", "投资者"] {
        assert_side(
            &format!("王某告知{helper}（QQ：1530000900）。"),
            "王某",
            IdKind::Qq,
            "1530000900",
            Side::Mentioned,
        );
    }
}

#[test]
fn words_in_the_identifiers_own_clause_outweigh_an_earlier_clause() {
    // `自己` speaks of the game account in its own clause, not of the buyer's QQ.
    assert_side(
        "何某将自己的游戏账号挂在网上出售，一位网名叫“怀念”的人（QQ：1820001106）联系何某要收购账号。",
        "何某",
        IdKind::Qq,
        "1820001106",
        Side::Other,
    );
    // With nothing in its own clause, the earlier clause's owner word still decides.
    assert_side(
        "对方让我填个人资料，包括姓名、电话（15800001202）。",
        "胡某",
        IdKind::Phone,
        "+8615800001202",
        Side::Victim,
    );
}

#[test]
fn what_the_victim_tells_the_other_side_is_the_victims_own() {
    assert_side(
        "王某正犹豫是否告知对方银行卡号（6228480000000000526）和验证码。",
        "王某",
        IdKind::Card,
        "6228480000000000526",
        Side::Victim,
    );
    assert_side(
        "对方完整报出了他的快递单号、电话（13900001203）、地址和姓名。",
        "张某",
        IdKind::Phone,
        "+8613900001203",
        Side::Victim,
    );
    // `银行卡号` between the victim's name and the number.
    assert_side(
        "对方要了小唐的银行卡号（6212260000000050000）。",
        "小唐",
        IdKind::Card,
        "6212260000000050000",
        Side::Victim,
    );
}

#[test]
fn a_card_no_words_place_is_the_victims_own_unless_a_word_holds_it() {
    assert_side(
        "婆婆将一张银行卡（6228480000000000615）放在ATM机上操作。",
        "",
        IdKind::Card,
        "6228480000000000615",
        Side::Victim,
    );
    // `办的`: a card someone opened in the victim's name is a story; still mentioned.
    assert_side(
        "有人冒充我在上海办的银行卡（6222020000000000330），案件编号是0330。",
        "",
        IdKind::Card,
        "6222020000000000330",
        Side::Mentioned,
    );
    // A phone no words place the rules leave mentioned: as often the victim's as the
    // other's. The scorer may put it on the victim's side (since round nineteen it needs
    // no word of the victim's for that); never a link.
    let text = "当天，老人记下了号码（13800000613）。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "");
    assert_eq!(rules[0].side, Side::Mentioned, "{rules:?}");
    let read = narrative_identifiers(text, "");
    assert_ne!(read[0].side, Side::Other, "{read:?}");
}

#[test]
fn an_sms_port_is_a_phone_never_a_card() {
    let found = narrative_identifiers("收到一条短信（1065900000627）通知所订航班取消。", "");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].identifier.kind, IdKind::Phone);
    assert_eq!(found[0].identifier.value, "1065900000627");
    assert_eq!(found[0].side, Side::Other);
}

#[test]
fn an_instruction_makes_the_victim_the_one_who_acts() {
    // `对方` followed by a word of telling someone what to do owns nothing after it:
    // the one told opened the card, so it is theirs (round fifteen's `办理`; it stayed
    // unplaced before).
    assert_side(
        "王某按对方要求新办理了一张银行卡（6217995600000000001），将钱存入。",
        "王某",
        IdKind::Card,
        "6217995600000000001",
        Side::Victim,
    );
    // So the kin word decides: the mother's WeChat is on the victim's side.
    assert_side(
        "冉某按对方引导把妈妈微信（mama_wx0101）的个人页面拍照发了过去。",
        "张某",
        IdKind::Wechat,
        "mama_wx0101",
        Side::Victim,
    );
}

#[test]
fn what_the_other_side_says_of_an_account_may_make_it_the_victims() {
    // `对方称…`: what follows is its words; a word after the card saying it is the
    // victim's (`涉嫌`) outweighs the speaker.
    assert_side(
        "对方称银行卡（6217000000000000011）涉嫌洗钱，需要配合调查。",
        "王某",
        IdKind::Card,
        "6217000000000000011",
        Side::Victim,
    );
    // What the victim pays with (`用`), as `使用`.
    assert_side(
        "对方以退款为由，让王某用支付宝（13800002222）扫码。",
        "王某",
        IdKind::Phone,
        "+8613800002222",
        Side::Victim,
    );
}

#[test]
fn a_wechat_id_is_found_where_the_sentence_spoke_of_wechat() {
    // No cue word of its own: a word only an id is made of, in a sentence about WeChat.
    assert_side(
        "客户当即在微信上询问借钱的“同事”lm_fang88，对方见事情败露将其拉黑。",
        "张某",
        IdKind::Wechat,
        "lm_fang88",
        Side::Other,
    );
    assert_side(
        "事主通过微信扫二维码的方式向对方账户（sdfl_kf01）转账10800元。",
        "张某",
        IdKind::Wechat,
        "sdfl_kf01",
        Side::Other,
    );
    // Not without WeChat in the sentence, nor a word that is not an id's (`iphone13`).
    assert!(sides("他在游戏里的账号是abc_def123。", "张某").is_empty());
    assert!(sides("张某在微信群看到iphone13低价出售。", "张某").is_empty());
    assert!(sides("张某在微信上聊天。对方的账号是abc_def123。", "张某").is_empty());
    // The one who asks for help names whose message it is.
    assert_side(
        "协管员收到辖区群众王某的微信求助信息（wang_ab01），称其在QQ内添加一陌生“女子”为好友。",
        "王某",
        IdKind::Wechat,
        "wang_ab01",
        Side::Victim,
    );
}

#[test]
fn criminals_named_as_such_are_the_other_side() {
    // `犯罪分子` as `诈骗分子`: a card given to them (`多次给犯罪分子（…）大额转账`) is theirs,
    // not a card no words place.
    assert_side(
        "被害人信以为真，多次给犯罪分子（6230200011852930001）大额转账。",
        "盖某",
        IdKind::Card,
        "6230200011852930001",
        Side::Other,
    );
}

#[test]
fn the_account_money_went_into_stays_the_other_sides_however_long_its_name() {
    // A word of money going in, then the deciding word and only the account's name
    // (which bank, what number): the scorer does not veto it to the victim's.
    for (text, value) in [
        (
            "事主按对方要求将钱汇至嫌疑人指定账户建设银行卡号：6227001654420150001。",
            "6227001654420150001",
        ),
        (
            "事主按对方要求将钱汇至嫌疑人指定账户招商银行卡号：6214839293720001。",
            "6214839293720001",
        ),
        // A word naming the other side's account, then which bank.
        (
            "事主向对方账户（华夏银行卡号：6226 3002 4673 0001）转账。",
            "6226300246730001",
        ),
        (
            "对方提供的收款账户为建设银行卡号：6236 6808 2931 3660 001。",
            "6236680829313660001",
        ),
    ] {
        assert_eq!(side_of(text, "张某", value), Side::Other, "{text}");
    }
}

#[test]
fn contact_details_named_as_someones_are_theirs() {
    // `联系方式` is what the identifier is, as `联系电话`: the one named before it holds it.
    assert_side(
        "随后就将“杨助理”的联系方式（15259208001）给了郑先生。",
        "郑先生",
        IdKind::Phone,
        "+8615259208001",
        Side::Other,
    );
}

#[test]
fn a_card_sellers_own_accounts_are_the_other_sides() {
    // Court prose on card sellers (帮信): whoever sells or rents out cards supplies the
    // gang's accounts; `其名下`, `自己名下` turn back to them, before or after.
    assert_side(
        "龙某出售5张银行卡，非法获利1.2万元，经查，其名下银行卡（6217000730005180001）共接收13名受害人的资金。",
        "",
        IdKind::Card,
        "6217000730005180001",
        Side::Other,
    );
    assert_side(
        "杨某将自己名下一张建设银行卡（6217003320058840001）出售给上线。杨某出租银行卡获利5000元。",
        "",
        IdKind::Card,
        "6217003320058840001",
        Side::Other,
    );
    // Selling something else is no card seller's: the buyer who pays is the victim.
    assert_side(
        "李某在网上看到有人出售二手手机的信息，经查，其名下银行卡（6217003320058840003）向对方转账3000元。",
        "",
        IdKind::Card,
        "6217003320058840003",
        Side::Victim,
    );
    // `他人` is others, not a pronoun standing for the victim between the seller and
    // `名下`; cards handed to someone for their use are the gang's.
    assert_side(
        "范某在明知他人利用银行卡实施网络犯罪活动的情况下，仍提供名下银行卡（6222023602018840001）交于他人使用。",
        "",
        IdKind::Card,
        "6222023602018840001",
        Side::Other,
    );
    assert_side(
        "陈某交代其将自己的银行卡（6228480468830120001）交给卢某某（18岁）、彭某某（18岁）非法转账使用。",
        "",
        IdKind::Card,
        "6228480468830120001",
        Side::Other,
    );
    // The victim named, the victim's own stays theirs whatever the victim was told.
    assert_side(
        "王某看到出售银行卡的广告后，用自己的银行卡（6217003320058840002）转账。",
        "王某",
        IdKind::Card,
        "6217003320058840002",
        Side::Victim,
    );
}

#[test]
fn ziji_turns_back_to_its_clauses_subject() {
    // The subject, not the nearest one named: the victim's name as an owner or as the
    // one acted on (`将康某支付宝账户内…`, `登录李某某的`) is not who acts.
    for (text, value) in [
        (
            "被告人聂某使用康某手机登录康某支付宝账户，分三次将康某支付宝账户内人民币转账到自己的支付宝账户（niemou_1a@sina.com）。",
            "niemou_1a@sina.com",
        ),
        (
            "被告人唐某登录康某的支付宝账户，分两次将绑定的银行卡内存款转入自己支付宝账户（tangmou_1a@qq.com）内。",
            "tangmou_1a@qq.com",
        ),
    ] {
        assert_eq!(side_of(text, "康某", value), Side::Other, "{text}");
    }
    // Someone told to act is the subject of what follows (`对方让小明…向自己微信`).
    assert_side(
        "随后对方又让小明使用家长手机向自己微信账（xm_jn2011a）转账。",
        "小明",
        IdKind::Wechat,
        "xm_jn2011a",
        Side::Victim,
    );
    // The other side as a modifier (`对方发送的二维码`) or the one acted on (`与对方核对`)
    // is not the subject: the clause before names who fills in.
    assert_side(
        "王女士按照对方的指引，扫描了对方发送的二维码，并在软件内填写了自己的银行卡号（6228271066012570001）。",
        "王女士",
        IdKind::Card,
        "6228271066012570001",
        Side::Victim,
    );
    // A name right before it is whom it means.
    assert_side(
        "对方称激活没有成功，需要储存12000元到谷女士自己的银行卡（6228466928213550001）才能激活。",
        "谷某",
        IdKind::Card,
        "6228466928213550001",
        Side::Victim,
    );
    // With no victim's name to tell by, someone named is the victim unless the text
    // names them as accused or as acting knowingly or renting out cards.
    assert_side(
        "被告人叶某某在明知他人实施电信网络诈骗的情况下，仍然提供自己的银行卡（6217853100021940001）帮助非法支付结算。",
        "",
        IdKind::Card,
        "6217853100021940001",
        Side::Other,
    );
    assert_side(
        "在明知对方租用银行卡是为了进行电信诈骗的情况下，王某还是将自己名下银行卡账号（6228480268153320001）以1500元的价格出租给“小雨”使用。",
        "",
        IdKind::Card,
        "6228480268153320001",
        Side::Other,
    );
    assert_side(
        "王某接到自称客服的电话，按对方要求在网页上填写了自己的银行卡号（6228480268153320002）。",
        "",
        IdKind::Card,
        "6228480268153320002",
        Side::Victim,
    );
}

/// Round fifteen (blind26–28 as working text): an account someone opened, or a number
/// left with a bank, is whoever opened or left it — the victim suing a bank, or a mule
/// selling cards — and a pronoun is whom the text named last.
#[test]
fn an_account_opened_or_a_number_left_with_a_bank_is_the_openers() {
    // The victim opened it (court prose of a victim suing a bank: `原告`).
    let text = "2015年11月20日，原告吕某在被告银行办理了银行卡一张（6212264402013570001），预留了手机号码13882240001，并开通了电子银行。";
    assert_eq!(
        sides(text, "吕某"),
        vec![
            (IdKind::Card, "6212264402013570001".into(), Side::Victim),
            (IdKind::Phone, "+8613882240001".into(), Side::Victim),
        ]
    );
    assert_side(
        "原告的借记卡：6214830217460001合计被转出13888元。",
        "邱某",
        IdKind::Card,
        "6214830217460001",
        Side::Victim,
    );
    // Someone named right before where it was left.
    assert_side(
        "6笔转账的短信提醒都已经发送至王斌在银行留存的手机号码（13909910001）上。",
        "王斌",
        IdKind::Phone,
        "+8613909910001",
        Side::Victim,
    );
    // A defendant, or the outsider of a victim's suit (`案外人`), opened it: theirs.
    assert_side(
        "被告人张某在北京市顺义区办理了1张电话卡（17610280001）后出售给他人。",
        "高某",
        IdKind::Phone,
        "+8617610280001",
        Side::Other,
    );
    assert_side(
        "2016年11月29日，案外人持原告身份证以原告本人的名义办理了一张新的银行卡（6212261713000001）。",
        "吕某",
        IdKind::Card,
        "6212261713000001",
        Side::Other,
    );
    // `其` is whom the text named last: the seller, two sentences on.
    assert_side(
        "张某在中国农业银行办理了银行卡后连同手机卡一并出售给他人。2020年10月，其办理的中国农业银行卡（6228480018850001）被用于实施电信网络诈骗。",
        "高某",
        IdKind::Card,
        "6228480018850001",
        Side::Other,
    );
    // A mule's cards are not the victim's for want of the victim's name: nobody sure.
    let mule = "在毛某的要求下，朱某先后办理了一张银行卡（6217002430010001）交给韩某。";
    assert_ne!(side_of(mule, "", "6217002430010001"), Side::Victim);
}

/// Round fifteen: the number the victim is sent to call, or finds in a message, is the
/// other side's; someone's 110 number is not the victim's report.
#[test]
fn a_number_the_victim_is_sent_to_or_told_in_a_message_is_the_other_sides() {
    assert_side(
        "对方自称是教育局的工作人员，并要求她拨打省财政厅电话18259240001，申请所退学费。",
        "孟某",
        IdKind::Phone,
        "+8618259240001",
        Side::Other,
    );
    // Unless a helper sends the victim there.
    let helped = "民警让她拨打反诈中心电话18259240002核实。";
    assert_ne!(side_of(helped, "孟某", "+8618259240002"), Side::Other);
    assert_side(
        "李先生收到一条短信，短信内容为：尊敬的客户，您的信用卡未按时还款，请您及时联系0777-5810001，一切不良影响将由您承担。",
        "李先生",
        IdKind::Phone,
        "+867775810001",
        Side::Other,
    );
    assert_side(
        "孙先生收到一条短信，内容为：“你有一份社保补贴金未领取，请及时办理。联系电话：022-27080001。”",
        "孙先生",
        IdKind::Phone,
        "+862227080001",
        Side::Other,
    );
    assert_side(
        "“胡女士，您的淘宝订单存在异常，需要退款，请加我QQ号2851930001，告知您如何操作退款。”",
        "胡女士",
        IdKind::Qq,
        "2851930001",
        Side::Other,
    );
    assert_side(
        "她说原告的信用卡被别人盗用了，并提供了“南京市公安局金融犯罪调查科”的报警电话025-68370001。",
        "秦某",
        IdKind::Phone,
        "+862568370001",
        Side::Other,
    );
}

/// Round fifteen: someone given something is not its owner (`给了张某一个账号`), a
/// name after a claim is the claim's (`自称是“…”的小明`), a holder named before the
/// account holds it (`户名为王某的银行账户`), and the numbers a notice calls the
/// fraud's are the other side's.
#[test]
fn a_name_given_an_account_or_after_a_claim_does_not_own_it() {
    assert_side(
        "对方自诉是乡党委书记，想请张某帮助转办18万元，后给了张某一个账号（6228481609380001）。",
        "张某",
        IdKind::Card,
        "6228481609380001",
        Side::Other,
    );
    assert_side(
        "之后，该客服发给小赵一个QQ号（2290410001），称此人为公司的导师。",
        "小赵",
        IdKind::Qq,
        "2290410001",
        Side::Other,
    );
    assert_side(
        "她接到了一个自称是“专业保险代理人”的小明的电话（19506410001）。",
        "X女士",
        IdKind::Phone,
        "+8619506410001",
        Side::Other,
    );
    assert_side(
        "“同学”让孔先生将6000元转账到他朋友名下，并提供了一个户名为王某的银行账户（6222032010010001）。",
        "孔先生",
        IdKind::Card,
        "6222032010010001",
        Side::Other,
    );
    // The holder of the account named next is not this one's.
    assert_side(
        "被害人孟某按对方要求，将钱款从其本人的农村信用社卡6230914767240001转入户主为张某的银行卡。",
        "孟某",
        IdKind::Card,
        "6230914767240001",
        Side::Victim,
    );
    let listed =
        "反诈骗中心经调查核实，发现主要有2个诈骗号码：13521870001、13693310001，均为北京移动号码。";
    assert_eq!(
        sides(listed, ""),
        vec![
            (IdKind::Phone, "+8613521870001".into(), Side::Other),
            (IdKind::Phone, "+8613693310001".into(), Side::Other),
        ]
    );
    for (text, value) in [
        (
            "短信称只要自己再汇420元人民币到他们的账户上（6222021001080001），就会将奖金兑现。",
            "6222021001080001",
        ),
        (
            "声称分别转款4万元至两个不同账户（一个对公账户6230880100000001、一个个人账户6217731604410001）。",
            "6230880100000001",
        ),
        (
            "被告人王某某虚构事实骗取欧某某信任。在交往中将欧某某支付宝内的余额转至自己使用的账户（6217995820000001）中。",
            "6217995820000001",
        ),
    ] {
        assert_eq!(side_of(text, "欧某某", value), Side::Other, "{text}");
    }
}

#[test]
fn owner_words_turn_back_to_whom_they_name() {
    // `自己` of someone the sentence names, the victim nowhere in it: theirs.
    assert_side(
        "李某把自己上线的QQ号（3524800001）提供给刘某。",
        "刘某",
        IdKind::Qq,
        "3524800001",
        Side::Other,
    );
    assert_side(
        "刘某把自己的QQ号（3524800001）告诉了李某。",
        "刘某",
        IdKind::Qq,
        "3524800001",
        Side::Victim,
    );
    // `本人` after a role: the real one, whom nobody should link (the rules leave it
    // unplaced; the scorer may put it in the victim's circle, as the corpus labels the
    // real one's number: round ten).
    let text = "事后电话联系董事长本人（13903150001）才知被骗。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "刘某");
    assert_eq!(rules[0].side, Side::Mentioned, "{rules:?}");
    let read = narrative_identifiers(text, "刘某");
    assert!(
        matches!(read[0].side, Side::Victim | Side::Mentioned),
        "{read:?}"
    );
    // `添加其`: the victim adds the other side's only when named as the one adding; the
    // other side named as the one adding makes `其` the victim (round nineteen: left
    // unplaced, the scorer linked it).
    assert_side(
        "一陌生男子添加其微信（zhang_cy88）后诱骗其转账。",
        "张某",
        IdKind::Wechat,
        "zhang_cy88",
        Side::Victim,
    );
    assert_side(
        "张某添加其微信（kefu_tk01）后转账。",
        "张某",
        IdKind::Wechat,
        "kefu_tk01",
        Side::Other,
    );
}

#[test]
fn a_kins_qq_or_wechat_is_the_victims_side_unless_a_word_says_otherwise() {
    assert_side(
        "刘某登录其母亲微信（liumama_01）扫码支付。",
        "刘某",
        IdKind::Wechat,
        "liumama_01",
        Side::Victim,
    );
    // Taken over: what it sent the victim says the other side's. The scorer, sure of a
    // son's QQ as the victim's circle, vetoes that link (round nineteen's veto at 0.5): a
    // miss, shown with why, never a link of the victim's own.
    let text = "陈某收到儿子的QQ账号（QQ：1180000001）传来的消息。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "陈某");
    assert_eq!(rules[0].side, Side::Other, "{rules:?}");
    let read = narrative_identifiers(text, "陈某");
    assert!(read[0].excerpt.contains("[scorer: "), "{read:?}");
    // A kin in quotation marks is a claim.
    assert_side(
        "“妹妹”（QQ号：3780000001）给王某发来了QQ信息。",
        "王某",
        IdKind::Qq,
        "3780000001",
        Side::Other,
    );
}

#[test]
fn where_no_words_place_it_how_it_is_told_may() {
    // A number quoted in a message the victim received, the sentence ended inside it.
    assert_side(
        "梁某收到一条短信：“您有一份补贴尚未领取。请尽快办理。TEL:0517-80160001”。",
        "梁某",
        IdKind::Phone,
        "+8651780160001",
        Side::Other,
    );
    // A sentence about the defendants alone.
    let other = |v: &str| (IdKind::Phone, v.to_string(), Side::Other);
    assert_eq!(
        sides(
            "经查，被告人陈某在网上购买号码，分别与两部手机（18250130001、18250130002）进行捆绑。",
            "梁某"
        ),
        vec![other("+8618250130001"), other("+8618250130002")]
    );
    // Not once the victim is in it: the rules leave it unplaced, the scorer may put it on
    // the victim's side (梁某's own phone).
    let text = "被告人陈某让梁某用手机（18250130003）拨打。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "梁某");
    assert_eq!(rules[0].side, Side::Mentioned, "{rules:?}");
    let read = narrative_identifiers(text, "梁某");
    assert_ne!(read[0].side, Side::Other, "{read:?}");
    // Nor when a word may stand for the victim.
    assert_side(
        "被告人陈某骗取老人（18250130004）的信任。",
        "梁某",
        IdKind::Phone,
        "+8618250130004",
        Side::Mentioned,
    );
}

#[test]
fn a_phone_bound_to_the_other_sides_account_is_theirs() {
    let other = |kind, v: &str| (kind, v.to_string(), Side::Other);
    assert_eq!(
        sides(
            "文某转了6300元给杨某（对方微信：yang_zs77，绑定手机：18323170001）。",
            "文某"
        ),
        vec![
            other(IdKind::Wechat, "yang_zs77"),
            other(IdKind::Phone, "+8618323170001")
        ]
    );
    // The evidence shows the account it is bound to.
    let found = narrative_identifiers(
        "文某转了6300元给杨某（对方微信：yang_zs77，绑定手机：18323170001）。",
        "文某",
    );
    assert!(found[1].excerpt.contains("yang_zs77"), "{found:?}");
    // Bound with nothing before it: the victim's own.
    assert_side(
        "其绑定手机：18323170002。",
        "文某",
        IdKind::Phone,
        "+8618323170002",
        Side::Victim,
    );
}

#[test]
fn a_list_item_takes_the_side_an_earlier_telling_gave_the_one_before() {
    let other = |v: &str| (IdKind::Phone, v.to_string(), Side::Other);
    assert_eq!(
        sides(
            "拨打成某电话的手机号码15618040001系魏某所有。另一人用手机（15618040001、13162090001）拨打。",
            "成某"
        ),
        vec![other("+8615618040001"), other("+8613162090001")]
    );
}

#[test]
fn the_victim_as_the_press_addresses_them_and_others_by_masked_name() {
    // `杨女士`, `小王` for a victim `杨某`, `王某`: the victim's own, never linking.
    let victim_phone = |v: &str| vec![(IdKind::Phone, v.to_string(), Side::Victim)];
    assert_eq!(
        sides(
            "辖区市民杨女士（手机号：13900000001）疑似遭遇诈骗。",
            "杨某"
        ),
        victim_phone("+8613900000001")
    );
    assert_eq!(
        sides(
            "在校的小王（手机：13900000002）接到自称公安的电话。",
            "王某"
        ),
        victim_phone("+8613900000002")
    );
    // Someone else named as records mask names holds what follows: the other side's
    // when the victim's name is known; `mentioned` when it is not (it may be the victim).
    assert_side(
        "顾某先后联系冯某（微信号：feng_sd01）请人刷单。",
        "顾某",
        IdKind::Wechat,
        "feng_sd01",
        Side::Other,
    );
    assert_side(
        "先后联系冯某（微信号：feng_sd01）请人刷单。",
        "",
        IdKind::Wechat,
        "feng_sd01",
        Side::Mentioned,
    );
    // A helper named so is no one of the other side's.
    let helper = sides("柜员拨通民警彭某电话（13900000003）。", "舒某");
    assert!(helper.iter().all(|s| s.2 != Side::Other), "{helper:?}");
}

#[test]
fn the_way_money_goes_and_who_uses_it_name_the_side() {
    // The account money left is the victim's; `入其` where it went is the receiver's.
    let out = sides("报警人转出卡号：6217000000000000011，收款账户不详。", "");
    assert!(
        out.iter()
            .any(|s| s.0 == IdKind::Card && s.2 == Side::Victim),
        "{out:?}"
    );
    let into = sides(
        "对方让小陈将彩礼转入其银行卡（6223000000000000012）。",
        "陈某",
    );
    assert!(
        into.iter()
            .any(|s| s.0 == IdKind::Card && s.2 == Side::Other),
        "{into:?}"
    );
    // Who uses it is who stands right before the word of using.
    assert_side(
        "“游戏托”使用QQ号900000001与被害人组成游戏情侣。",
        "",
        IdKind::Qq,
        "900000001",
        Side::Other,
    );
    assert_side(
        "其中被害人使用的微信号为wang_0816。",
        "",
        IdKind::Wechat,
        "wang_0816",
        Side::Victim,
    );
}

#[test]
fn a_cue_does_not_reach_the_victims_own_past_the_victim_or_a_word_of_giving() {
    // Made-up sentences, one per mechanism of round seven (BENCHMARKS.md).
    let card = "6217211802003316485";
    // Provided to the other side: the victim provides; provided by it: theirs.
    assert_side(
        &format!("向对方提供了父母的银行卡（{card}）、身份证"),
        "郑某",
        IdKind::Card,
        card,
        Side::Victim,
    );
    assert_side(
        &format!("郑某向对方提供的账户（{card}）转账"),
        "郑某",
        IdKind::Card,
        card,
        Side::Other,
    );
    // Money in it: the victim's own, even after an other-side word of an earlier clause.
    let first = sides(
        &format!("被对方骗取短信验证码，建设银行卡（{card}）内2万元被转至6230941100057728340。"),
        "严某",
    );
    assert_eq!(first[0], (IdKind::Card, card.to_string(), Side::Victim));
    assert_eq!(first[1].2, Side::Other);
    // The victim named past a comma: an other-side word before does not reach across.
    // The rules leave it unplaced; the scorer does not fill in the victim's side against
    // `对方`, the cue table's nearest word (round nineteen).
    assert_side(
        "对方并未将钱转出，杨某卡内余额及支付宝账户（15057731842）56000元完好无损。",
        "杨某",
        IdKind::Phone,
        "+8615057731842",
        Side::Mentioned,
    );
    // Past the victim, the rules leave it unplaced; `对方` the nearest word of the cue
    // table, the scorer may place it where a careful reader does (the card is theirs:
    // round nine's weights do; weights relearned in round ten were not sure), never the
    // victim's.
    let text = format!("对方的银行卡号，王某记下为{card}");
    let rules = narrative_identifiers_in(Mode::Rules, &text, "王某");
    assert_eq!(rules[0].side, Side::Mentioned, "{rules:?}");
    let read = narrative_identifiers(&text, "王某");
    assert!(
        matches!(read[0].side, Side::Other | Side::Mentioned),
        "{read:?}"
    );
    // …but the victim told to act is no owner (`让王某加…`).
    assert_side(
        "对方不给他时间，直接让王某加一个QQ号（2518347069）",
        "王某",
        IdKind::Qq,
        "2518347069",
        Side::Other,
    );
    // A word of using speaks of its own clause; a card in a sentence about the
    // defendants is theirs unless they took it from someone.
    assert_side(
        &format!("被告人王某通过人介绍，先后三次收购了四张银行卡（{card}）"),
        "",
        IdKind::Card,
        card,
        Side::Other,
    );
    assert_side(
        &format!("被告人张某骗得一张银行卡（{card}）的密码"),
        "",
        IdKind::Card,
        card,
        Side::Victim,
    );
    assert_side(
        &format!("王某通过手机银行，将银行卡（{card}）内5万元转出"),
        "王某",
        IdKind::Card,
        card,
        Side::Victim,
    );
    // A contact card passed on, a group chat's number, a payment code's bound account,
    // who spoke to the victim.
    assert_eq!(
        sides(
            "对方给王某推荐了两个微信名片：abc_123、def_456，称可以购买",
            "王某"
        ),
        vec![
            (IdKind::Wechat, "abc_123".to_string(), Side::Other),
            (IdKind::Wechat, "def_456".to_string(), Side::Other),
        ]
    );
    assert_side(
        "王某被拉入群聊（731862094）后转账",
        "王某",
        IdKind::Qq,
        "731862094",
        Side::Other,
    );
    assert_side(
        "按对方要求扫码转账，对方收款码绑定的账户为6230520816002197438。",
        "小南",
        IdKind::Card,
        "6230520816002197438",
        Side::Other,
    );
    assert_side(
        "其收款码绑定的银行卡（6230520816002197438）被冻结。",
        "小南",
        IdKind::Card,
        "6230520816002197438",
        Side::Victim,
    );
    assert_side(
        "一名男子（13800001111）在电话中对唐先生说，应当升级账户",
        "唐先生",
        IdKind::Phone,
        "+8613800001111",
        Side::Other,
    );
    assert_side(
        "唐先生（13800001111）在电话中对民警说，他已转账",
        "唐先生",
        IdKind::Phone,
        "+8613800001111",
        Side::Victim,
    );
    // What it did not do says nothing of it: the rules leave it unplaced. The scorer,
    // reading `本人` (a word of the victim's in the cue table), places it on the
    // victim's side — a misreading (the teacher's), but one that never links.
    let text = "老师本人的QQ（475203361）并没有收取资料费。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "于某");
    assert_eq!(rules[0].side, Side::Mentioned, "{rules:?}");
    let read = narrative_identifiers(text, "于某");
    assert_ne!(read[0].side, Side::Other, "{read:?}");
    assert_side(
        "一个QQ号（475203361）随后发来消息。",
        "于某",
        IdKind::Qq,
        "475203361",
        Side::Other,
    );
    // Who calls the police; the victim's own workplace, unless posed as.
    assert_side(
        "派出所接到一女子报警（13800001111）",
        "杨某",
        IdKind::Phone,
        "+8613800001111",
        Side::Victim,
    );
    assert_side(
        "后来她电话联系单位领导（13833697251）时才发现被骗",
        "赵某",
        IdKind::Phone,
        "+8613833697251",
        Side::Victim,
    );
    assert_side(
        "赵某接到冒充单位领导的电话（13833697251）",
        "赵某",
        IdKind::Phone,
        "+8613833697251",
        Side::Other,
    );
}

#[test]
fn the_scanner_finds_caller_ids_groups_and_noted_lists() {
    // After a word that says phone, any caller ID the victim saw, even starting with 0.
    for (text, value) in [
        ("接到电话0633154860001，对方自称客服。", "0633154860001"),
        ("接到号码为（025110）打来的电话。", "025110"),
        ("接到电话26453620001，对方自称客服。", "26453620001"),
        // A mobile with a digit too many, as the caller ID showed it (round ten).
        (
            "接到电话（来电显示：130492850001），对方自称信贷专员。",
            "130492850001",
        ),
    ] {
        let found = narrative_identifiers(text, "");
        assert_eq!(found.len(), 1, "{text}");
        let id = &found[0].identifier;
        assert_eq!(
            (id.kind, id.value.as_str()),
            (IdKind::Phone, value),
            "{text}"
        );
        assert!(id.has(flags::UNPARSED), "{text}");
        assert_eq!(found[0].side, Side::Other, "{text}");
    }
    // A QQ group the victim was drawn into.
    assert_side(
        "对方将刘某拉入一个QQ群（群号：785230001）。",
        "刘某",
        IdKind::Qq,
        "785230001",
        Side::Other,
    );
    // QQ ids listed after one cue with a note in brackets after each.
    assert_eq!(
        sides(
            "添加卖家QQ：1523467（元宝客服）2718830001（发货客服），后被骗。",
            "马某"
        ),
        vec![
            (IdKind::Qq, "1523467".into(), Side::Other),
            (IdKind::Qq, "2718830001".into(), Side::Other)
        ]
    );
    // A WeChat id told by the friend request it came with.
    assert_side(
        "小琳收到一条微信好友添加请求（dsz_wz01）。",
        "小琳",
        IdKind::Wechat,
        "dsz_wz01",
        Side::Other,
    );
}

/// The corpus of real phrasing (`tests/narrative_corpus`): report texts in the words of
/// public police notices, case collections and court news, each identifier labelled
/// with its side by a careful reading.
mod corpus {
    use std::fmt::Write as _;

    use casebench::model::{IdKind, Side};
    use casebench::normalize::narrative::narrative_examples;
    use casebench::normalize::{fold, narrative_identifiers};

    struct Label {
        side: Side,
        kind: IdKind,
        written: String,
    }

    struct Record {
        id: String,
        victim: String,
        text: String,
        labels: Vec<Label>,
    }

    fn side(s: &str) -> Side {
        match s {
            "other" => Side::Other,
            "victim" => Side::Victim,
            "mentioned" => Side::Mentioned,
            _ => panic!("unknown side {s:?}"),
        }
    }

    fn read(name: &str) -> Vec<Record> {
        let path = format!(
            "{}/tests/narrative_corpus/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let mut records: Vec<Record> = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(id) = line.strip_prefix("== ") {
                records.push(Record {
                    id: id.to_string(),
                    victim: String::new(),
                    text: String::new(),
                    labels: Vec::new(),
                });
                continue;
            }
            let r = records.last_mut().expect("a record first");
            if line.starts_with("source:") {
                continue;
            } else if let Some(v) = line.strip_prefix("victim:") {
                r.victim = v.trim().to_string();
            } else if let Some(t) = line.strip_prefix("text:") {
                // Several tellings of one record, one to a line, as the export joins them.
                if !r.text.is_empty() {
                    r.text.push('\n');
                }
                r.text.push_str(t.trim());
            } else {
                let mut parts = line.splitn(3, ' ');
                let (s, k, w) = (parts.next(), parts.next(), parts.next());
                let (Some(s), Some(k), Some(w)) = (s, k, w) else {
                    panic!("{}: bad label {line:?}", r.id);
                };
                r.labels.push(Label {
                    side: side(s),
                    kind: IdKind::parse(k).unwrap_or_else(|| panic!("kind {k:?}")),
                    written: w.to_string(),
                });
            }
        }
        records
    }

    /// Letters and digits, folded and lower-cased: how a label names what was found.
    fn key(s: &str) -> String {
        fold(s)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    }

    /// Whether a found identifier's kind is the label's. An Alipay account written as
    /// a phone or an e-mail is kept as a phone or a wallet (the model's kinds; `alipay`
    /// is the 2088 user id), but gatherers label it `alipay` by what the text calls it;
    /// likewise a wallet registered to a phone number (Macau's `MPay（+853…）`), kept as
    /// the phone so that it links with the same number called from.
    fn same_kind(label: IdKind, found: IdKind) -> bool {
        label == found
            || (label == IdKind::Alipay && matches!(found, IdKind::Phone | IdKind::Wallet))
            || (label == IdKind::Wallet && found == IdKind::Phone)
    }

    #[derive(Default)]
    struct Score {
        records: usize,
        labels: usize,
        right: usize,
        other: usize,
        other_found: usize,
        victim: usize,
        /// Victim-own identifiers read as the other side's: they would link.
        leaks: usize,
        /// Mentioned identifiers read as the other side's.
        false_links: usize,
        /// Found as the other side's but labelled nowhere.
        unlabelled_links: usize,
        misses: String,
    }

    impl Score {
        /// How the misses fall (label → reading, and the kinds never found), as counts
        /// only: what a blind set may show without its text.
        fn miss_counts(&self) -> String {
            let mut counts = std::collections::BTreeMap::<String, usize>::new();
            for line in self.misses.lines() {
                let Some((head, read)) = line.rsplit_once(": read ") else {
                    continue;
                };
                let mut words = head.split_whitespace().skip(1);
                let (Some(side), Some(kind)) = (words.next(), words.next()) else {
                    continue;
                };
                let read = read.trim_start_matches("Some(").trim_end_matches(')');
                *counts.entry(format!("{side}→{read}")).or_default() += 1;
                if read == "None" {
                    *counts.entry(format!("not found {kind}")).or_default() += 1;
                }
            }
            counts
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }

        fn sides_right(&self) -> f64 {
            self.right as f64 / self.labels.max(1) as f64
        }
        fn other_recall(&self) -> f64 {
            self.other_found as f64 / self.other.max(1) as f64
        }
    }

    fn score(records: &[Record]) -> Score {
        score_with(records, |r| narrative_identifiers(&r.text, &r.victim))
    }

    /// The figures of `read`'s sides against the labels.
    fn score_with(
        records: &[Record],
        mut read: impl FnMut(&Record) -> Vec<casebench::normalize::NarrativeIdentifier>,
    ) -> Score {
        let mut s = Score {
            records: records.len(),
            ..Score::default()
        };
        for r in records {
            let found = read(r);
            for l in &r.labels {
                s.labels += 1;
                let want = key(&l.written);
                let got = found
                    .iter()
                    .filter(|f| same_kind(l.kind, f.identifier.kind))
                    .find(|f| {
                        key(&f.identifier.display) == want || key(&f.identifier.value) == want
                    })
                    .map(|f| f.side);
                if got == Some(l.side) {
                    s.right += 1;
                } else {
                    let _ = writeln!(
                        s.misses,
                        "{} {:?} {} {}: read {got:?}",
                        r.id,
                        l.side,
                        l.kind.as_str(),
                        l.written
                    );
                }
                match l.side {
                    Side::Other => {
                        s.other += 1;
                        s.other_found += usize::from(got == Some(Side::Other));
                    }
                    Side::Victim => {
                        s.victim += 1;
                        s.leaks += usize::from(got == Some(Side::Other));
                    }
                    Side::Mentioned => s.false_links += usize::from(got == Some(Side::Other)),
                }
            }
            // A partial number (`尾号为8879`) never links, whatever its side.
            for f in found
                .iter()
                .filter(|f| f.side == Side::Other && f.identifier.kind != IdKind::Partial)
            {
                let labelled = r.labels.iter().any(|l| {
                    let want = key(&l.written);
                    key(&f.identifier.display) == want || key(&f.identifier.value) == want
                });
                if !labelled {
                    s.unlabelled_links += 1;
                    let _ = writeln!(
                        s.misses,
                        "{} unlabelled {} {} read Other",
                        r.id,
                        f.identifier.kind.as_str(),
                        f.identifier.display
                    );
                }
            }
        }
        s
    }

    fn report(name: &str, s: &Score) -> String {
        format!(
            "{name}: {} texts, {} identifiers: sides right {:.3}, other side's recall {:.3} \
             ({}/{}), victim's own linking {} of {}, mentioned linking {}, unlabelled linking {}",
            s.records,
            s.labels,
            s.sides_right(),
            s.other_recall(),
            s.other_found,
            s.other,
            s.leaks,
            s.victim,
            s.false_links,
            s.unlabelled_links
        )
    }

    /// The working sets, in the order BENCHMARKS.md lists them.
    const WORKING: [&str; 69] = [
        "real.txt",
        "heldout.txt",
        "heldout2.txt",
        "heldout3.txt",
        "heldout4.txt",
        "heldout5_news.txt",
        "heldout6_news.txt",
        "heldout7_news.txt",
        "heldout8_gov.txt",
        "heldout9_gov.txt",
        "heldout10_gov.txt",
        "heldout11_news.txt",
        "heldout12_gov.txt",
        "heldout13_news.txt",
        "heldout14_gov.txt",
        "heldout15_news.txt",
        "heldout16_gov.txt",
        "heldout17_news.txt",
        "heldout18_gov.txt",
        "heldout19_news.txt",
        "heldout20_gov.txt",
        "heldout21_news.txt",
        "heldout22_gov.txt",
        "heldout23_news.txt",
        "heldout24_gov.txt",
        "heldout25_news.txt",
        "heldout26_court.txt",
        "heldout27_gov.txt",
        "heldout28_news.txt",
        "heldout29_court.txt",
        "heldout30_gov.txt",
        "heldout31_news.txt",
        "heldout32_court.txt",
        "heldout33_gov.txt",
        "heldout34_news.txt",
        "heldout35_court.txt",
        "heldout36_gov.txt",
        "heldout37_news.txt",
        "heldout38_court.txt",
        "heldout39_gov.txt",
        "heldout40_news.txt",
        "heldout41_court.txt",
        "heldout42_gov.txt",
        "heldout43_news.txt",
        "heldout44_court.txt",
        "heldout45_gov.txt",
        "heldout46_news.txt",
        "heldout47_court.txt",
        "heldout48_gov.txt",
        "heldout49_news.txt",
        "heldout50_court.txt",
        "heldout51_told.txt",
        "heldout52_gov.txt",
        "heldout53_court.txt",
        "heldout54_told.txt",
        "heldout55_news.txt",
        "heldout56_hk.txt",
        "heldout57_gov.txt",
        "heldout58_court.txt",
        "heldout59_told.txt",
        "heldout60_gov.txt",
        "heldout61_told.txt",
        "heldout62_gov.txt",
        "heldout63_gov.txt",
        "heldout64_court.txt",
        "heldout65_news.txt",
        "heldout66_gov.txt",
        "heldout67_told.txt",
        "heldout68_news.txt",
    ];

    /// An identifier as the rules read it, its scorer features, its label and the
    /// grounds of the rules' side.
    type Example = (
        casebench::normalize::NarrativeIdentifier,
        Vec<String>,
        Side,
        casebench::normalize::narrative_scorer::Grounds,
    );

    /// One record's identifiers as the rules read them, each with its scorer features
    /// (with the rules' verdict among them if `rules_feature`) and its label (an
    /// identifier labelled nowhere is `mentioned`: it must not link).
    fn examples(r: &Record, (cue, rules_feature): (bool, bool)) -> Vec<Example> {
        use casebench::normalize::narrative_scorer::uses_with;
        narrative_examples(&r.text, &r.victim)
            .into_iter()
            .map(|(n, mut fs, grounds)| {
                fs.retain(|f| uses_with(f, cue, rules_feature));
                if rules_feature {
                    fs.push(format!("rules:{}", n.side.as_str()));
                }
                let label = r
                    .labels
                    .iter()
                    .find(|l| {
                        let want = key(&l.written);
                        same_kind(l.kind, n.identifier.kind)
                            && (key(&n.identifier.display) == want
                                || key(&n.identifier.value) == want)
                    })
                    .map_or(Side::Mentioned, |l| l.side);
                (n, fs, label, grounds)
            })
            .collect()
    }

    const EPOCHS: usize = 20;
    const L2: f64 = 1e-3;
    const MIN_COUNT: usize = 3;

    /// The learning's settings: the committed ones, or those `NARRATIVE_EPOCHS`,
    /// `NARRATIVE_L2` name (to try others without a rebuild).
    fn settings() -> (usize, f64, usize) {
        let env = |k: &str| std::env::var(k).ok();
        (
            env("NARRATIVE_EPOCHS")
                .and_then(|v| v.parse().ok())
                .unwrap_or(EPOCHS),
            env("NARRATIVE_L2")
                .and_then(|v| v.parse().ok())
                .unwrap_or(L2),
            env("NARRATIVE_MIN_COUNT")
                .and_then(|v| v.parse().ok())
                .unwrap_or(MIN_COUNT),
        )
    }

    /// Leave-one-set-out: for each working set, the scorer learned from the others
    /// reads it, combined with the rules in each mode; then the scorer learned from
    /// every set is written to `src/normalize/narrative_weights.tsv` (with the rules'
    /// verdict as a feature only if `narrative_scorer::RULES_FEATURE`). Slow (a minute):
    /// run it by name with `--ignored --nocapture` after the corpus or the features
    /// change. BENCHMARKS.md keeps its figures.
    #[test]
    #[ignore = "learns the scorer's weights; run by name"]
    fn narrative_train() {
        use casebench::normalize::narrative_scorer::{self as scorer, Mode, Model, Thresholds};
        let sets: Vec<(&str, Vec<Record>)> = WORKING.iter().map(|n| (*n, read(n))).collect();
        let (epochs, l2, min_count) = settings();
        println!("epochs {epochs}, L2 {l2}, features seen at least {min_count} times");
        let t = |veto_below, fill_above, other_above| Thresholds {
            veto_below,
            fill_above,
            fill_uncued_above: 1.01,
            other_above,
            grounded: false,
            veto_guard: None,
            firm_reach: None,
            link_above: 0.5,
        };
        // Firm mode: the rules stand where their word is this near.
        let firm = |firm_reach| Thresholds {
            firm_reach,
            ..t(0.0, 1.0, 0.5)
        };
        // …and links what the rules did not only this sure.
        let firm_link = |firm_reach, link_above| Thresholds {
            link_above,
            ..firm(firm_reach)
        };
        let grounded = |t: Thresholds, veto_guard| Thresholds {
            grounded: true,
            veto_guard,
            ..t
        };
        let modes = [
            (
                "rules (not LOSO: the rules saw every set)",
                Mode::Rules,
                t(0.0, 1.0, 0.0),
            ),
            ("scorer", Mode::Scorer, t(0.0, 1.0, 0.0)),
            ("scorer, other at 0.5", Mode::Scorer, t(0.0, 1.0, 0.5)),
            ("scorer, other at 0.7", Mode::Scorer, t(0.0, 1.0, 0.7)),
            ("scorer, other at 0.85", Mode::Scorer, t(0.0, 1.0, 0.85)),
            ("guarded, other at 0.5", Mode::Guarded, t(0.0, 1.0, 0.5)),
            ("guarded, other at 0.85", Mode::Guarded, t(0.0, 1.0, 0.85)),
            ("firm, reach none", Mode::Firm, firm(None)),
            ("firm, reach 0", Mode::Firm, firm(Some(0))),
            ("firm, reach 2", Mode::Firm, firm(Some(2))),
            ("firm, reach 4", Mode::Firm, firm(Some(4))),
            ("firm, reach 6", Mode::Firm, firm(Some(6))),
            ("firm, reach 10", Mode::Firm, firm(Some(10))),
            ("firm, reach any", Mode::Firm, firm(Some(usize::MAX))),
            (
                "firm, reach 6, link 0.7",
                Mode::Firm,
                firm_link(Some(6), 0.7),
            ),
            (
                "firm, reach 6, link 0.85 (committed)",
                Mode::Firm,
                firm_link(Some(6), 0.85),
            ),
            (
                "firm, reach 6, link 0.95",
                Mode::Firm,
                firm_link(Some(6), 0.95),
            ),
            (
                "firm, reach 10, link 0.85",
                Mode::Firm,
                firm_link(Some(10), 0.85),
            ),
            (
                "firm, reach any, link 0.85",
                Mode::Firm,
                firm_link(Some(usize::MAX), 0.85),
            ),
            (
                "firm, reach any, link 0.95",
                Mode::Firm,
                firm_link(Some(usize::MAX), 0.95),
            ),
            (
                "firm, reach any, link 1.01",
                Mode::Firm,
                firm_link(Some(usize::MAX), 1.01),
            ),
            ("veto below 0.1", Mode::Veto, t(0.1, 1.0, 0.0)),
            ("veto below 0.2", Mode::Veto, t(0.2, 1.0, 0.0)),
            ("veto below 0.35", Mode::Veto, t(0.35, 1.0, 0.0)),
            ("veto below 0.5", Mode::Veto, t(0.5, 1.0, 0.0)),
            ("fill at 0.8", Mode::Fill, t(0.0, 0.8, 0.5)),
            ("fill at 0.9", Mode::Fill, t(0.0, 0.9, 0.5)),
            (
                "veto 0.35, guard 2",
                Mode::Veto,
                grounded(t(0.35, 1.0, 0.0), Some(2)),
            ),
            (
                "veto 0.35, guard 4",
                Mode::Veto,
                grounded(t(0.35, 1.0, 0.0), Some(4)),
            ),
            (
                "veto 0.35, guard 10",
                Mode::Veto,
                grounded(t(0.35, 1.0, 0.0), Some(10)),
            ),
            (
                "fill at 0.9, grounded",
                Mode::Fill,
                grounded(t(0.0, 0.9, 0.5), None),
            ),
            (
                "vetofill, fill grounded, guard 2",
                Mode::VetoFill,
                grounded(t(0.35, 0.9, 0.5), Some(2)),
            ),
            (
                "vetofill, fill grounded, no guard",
                Mode::VetoFill,
                grounded(t(0.35, 0.9, 0.5), None),
            ),
            (
                "vetofill 0.35/0.9, not grounded",
                Mode::VetoFill,
                t(0.35, 0.9, 0.5),
            ),
            (
                "vetofill 0.35/0.9, guard 4, uncued other never (round eighteen's but the victim's side ungrounded)",
                Mode::VetoFill,
                Thresholds {
                    veto_below: 0.35,
                    veto_guard: Some(4),
                    fill_uncued_above: 1.01,
                    ..Thresholds::COMMITTED
                },
            ),
            (
                "vetofill 0.5/0.9, guard 2, uncued other at 0.97",
                Mode::VetoFill,
                Thresholds {
                    fill_uncued_above: 0.97,
                    ..Thresholds::COMMITTED
                },
            ),
            (
                "vetofill 0.5/0.9, guard 2, uncued other at 0.99 (round nineteen's)",
                Mode::VetoFill,
                Thresholds {
                    fill_uncued_above: 0.99,
                    ..Thresholds::COMMITTED
                },
            ),
            (
                "vetofill 0.5/0.9, guard 2, uncued other never",
                Mode::VetoFill,
                Thresholds {
                    fill_uncued_above: 1.01,
                    ..Thresholds::COMMITTED
                },
            ),
            (
                "veto below 0.5, guard 2, fill at 0.9, uncued other at 0.995, other at 0.5 (committed)",
                Mode::VetoFill,
                Thresholds::COMMITTED,
            ),
        ];
        // `NARRATIVE_COMMITTED_ONLY=1`: only the committed features (a third of the time).
        let committed_only = std::env::var("NARRATIVE_COMMITTED_ONLY").is_ok();
        for variant in [(false, false), (true, false), (true, true)] {
            if committed_only && variant != (scorer::CUE_FEATURES, scorer::RULES_FEATURE) {
                continue;
            }
            println!(
                "== features: the cue table's {}, the rules' verdict {}",
                variant.0, variant.1
            );
            // Per mode, the held-out reading of every record, in order.
            let mut read_by_mode: Vec<Vec<Vec<casebench::normalize::NarrativeIdentifier>>> =
                vec![Vec::new(); modes.len()];
            const CUTS: [f64; 6] = [0.05, 0.1, 0.2, 0.35, 0.5, 0.7];
            let (mut through, mut lost) = ([0usize; 6], [0usize; 6]);
            let (mut victims, mut others) = (0, 0);
            for (held, (_, held_records)) in sets.iter().enumerate() {
                let train: Vec<(Vec<String>, Side)> = sets
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != held)
                    .flat_map(|(_, (_, rs))| rs.iter())
                    .flat_map(|r| examples(r, variant))
                    .map(|(_, fs, side, _)| (fs, side))
                    .collect();
                let model = Model::train(&train, epochs, l2, min_count);
                for r in held_records {
                    let ex = examples(r, variant);
                    // How sure the held-out scorer is of the other side, by label: what a
                    // veto at a threshold lets through and costs, whatever the rules say.
                    for (_, fs, label, _) in &ex {
                        let p = model.probs(fs.iter().map(String::as_str))[0];
                        for (i, cut) in CUTS.iter().enumerate() {
                            match label {
                                Side::Victim if p >= *cut => through[i] += 1,
                                Side::Other if p < *cut => lost[i] += 1,
                                _ => {}
                            }
                        }
                        victims += usize::from(*label == Side::Victim);
                        others += usize::from(*label == Side::Other);
                    }
                    for (m, (_, mode, th)) in modes.iter().enumerate() {
                        let read: Vec<_> = ex
                            .iter()
                            .map(|(n, fs, _, grounds)| {
                                let p = model.probs(fs.iter().map(String::as_str));
                                let mut n = n.clone();
                                n.side = scorer::combine_with(*mode, n.side, *grounds, p, *th);
                                n
                            })
                            .collect();
                        read_by_mode[m].push(read);
                    }
                }
            }
            for (m, (name, _, _)) in modes.iter().enumerate() {
                let mut at = 0;
                let mut all = Vec::new();
                let mut line = String::new();
                for (set, records) in &sets {
                    let reads = &read_by_mode[m][at..at + records.len()];
                    let mut k = 0;
                    let s = score_with(records, |_| {
                        k += 1;
                        reads[k - 1].clone()
                    });
                    if std::env::var("NARRATIVE_MISSES").is_ok_and(|m| m == *name) {
                        print!("{}", s.misses);
                    }
                    let _ = write!(
                        line,
                        " {}={:.3}/{:.3}/{}",
                        set.trim_end_matches(".txt"),
                        s.sides_right(),
                        s.other_recall(),
                        s.leaks
                    );
                    at += records.len();
                    all.push(s);
                }
                let sum = |f: fn(&Score) -> usize| all.iter().map(f).sum::<usize>();
                println!(
                    "{name}: pooled sides right {:.3}, other side's recall {:.3}, victim's own \
                     linking {} of {}, mentioned linking {}, unlabelled linking {}, worst set {:.3}",
                    sum(|s| s.right) as f64 / sum(|s| s.labels) as f64,
                    sum(|s| s.other_found) as f64 / sum(|s| s.other) as f64,
                    sum(|s| s.leaks),
                    sum(|s| s.victim),
                    sum(|s| s.false_links),
                    sum(|s| s.unlabelled_links),
                    all.iter().map(Score::sides_right).fold(1.0, f64::min),
                );
                println!("  per set (sides right/recall/leaks):{line}");
            }
            for (i, cut) in CUTS.iter().enumerate() {
                println!(
                    "held-out scorer, other side at {cut} or more: the victim's own {} of {victims} \
                     (a veto below {cut} lets these through), the other side's below it {} of {others}",
                    through[i], lost[i]
                );
            }
        }
        let train: Vec<(Vec<String>, Side)> = sets
            .iter()
            .flat_map(|(_, rs)| rs.iter())
            .flat_map(|r| examples(r, (scorer::CUE_FEATURES, scorer::RULES_FEATURE)))
            .map(|(_, fs, side, _)| (fs, side))
            .collect();
        let model = Model::train(&train, epochs, l2, min_count);
        let path = format!(
            "{}/src/normalize/narrative_weights.tsv",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::write(&path, model.to_table()).expect("write the weights");
        println!("wrote {path}");
    }

    /// The reader scores from features hashed as they are built (no string per
    /// feature); on every working text each identifier's probabilities are exactly
    /// those the committed table gives its features by name (the same weights, summed
    /// in the same order), so every mode reads as it did with named features.
    #[test]
    fn hashed_features_score_exactly_as_named_ones() {
        use casebench::normalize::narrative::narrative_probs;
        use casebench::normalize::narrative_scorer::{Model, uses};
        let model = Model::committed();
        let mut moved = 0;
        let mut compared = 0;
        for name in WORKING {
            for r in read(name) {
                let named = narrative_examples(&r.text, &r.victim);
                let hashed = narrative_probs(&r.text, &r.victim);
                assert_eq!(named.len(), hashed.len(), "{}", r.id);
                for ((n, fs, _), (h, p)) in named.iter().zip(&hashed) {
                    assert_eq!(n, h, "{}", r.id);
                    let want = model.probs(fs.iter().map(String::as_str).filter(|f| uses(f)));
                    assert_eq!(p, &want, "{} {}", r.id, n.identifier.value);
                    compared += 1;
                    moved += usize::from((want[0] - 1.0 / 3.0).abs() > 1e-9);
                }
            }
        }
        // The table was read: the working texts' identifiers are scored, not left even.
        assert!(
            compared > 2000 && moved == compared,
            "{moved} of {compared}"
        );
    }

    /// Run with `--nocapture` to see the figures and each identifier read wrong;
    /// BENCHMARKS.md keeps them, and the figures each held-out set gave before its
    /// misses were read (see tests/narrative_corpus/README.md).
    #[test]
    fn real_phrasing_is_read_as_a_careful_analyst_reads_it() {
        // Floors: what round six's rules read on each set (sides right); a change may not
        // read any set worse (leave-one-set-out). No set has a victim's own identifier
        // linking.
        let floors = [
            ("real.txt", 0.977),
            ("heldout.txt", 1.000),
            ("heldout2.txt", 1.000),
            ("heldout3.txt", 0.971),
            ("heldout4.txt", 0.938),
            ("heldout5_news.txt", 0.930),
            ("heldout6_news.txt", 0.971),
            ("heldout7_news.txt", 0.929),
            ("heldout8_gov.txt", 0.993),
            ("heldout9_gov.txt", 0.975),
            ("heldout10_gov.txt", 0.994),
            ("heldout11_news.txt", 0.980),
            ("heldout12_gov.txt", 0.994),
            ("heldout13_news.txt", 0.963),
            ("heldout14_gov.txt", 0.965),
            ("heldout15_news.txt", 0.959),
            ("heldout16_gov.txt", 0.918),
            ("heldout17_news.txt", 0.910),
            // Blind11–16 until round ten: their blind figures (session 23's reader).
            ("heldout18_gov.txt", 0.859),
            ("heldout19_news.txt", 0.786),
            ("heldout20_gov.txt", 0.745),
            ("heldout21_news.txt", 0.813),
            ("heldout22_gov.txt", 0.804),
            ("heldout23_news.txt", 0.831),
            // Blind17–19 until round eleven: their blind figures (round ten's default).
            ("heldout24_gov.txt", 0.872),
            ("heldout25_news.txt", 0.835),
            ("heldout26_court.txt", 0.785),
            // Blind20–22 until round twelve: their blind figures (round eleven's default).
            ("heldout27_gov.txt", 0.770),
            ("heldout28_news.txt", 0.808),
            ("heldout29_court.txt", 0.665),
            // Blind23–25 until round fourteen: their blind figures (round thirteen's default).
            ("heldout30_gov.txt", 0.820),
            ("heldout31_news.txt", 0.795),
            ("heldout32_court.txt", 0.653),
            // Blind26–28 until round fifteen: their blind figures (round fourteen's default).
            ("heldout33_gov.txt", 0.871),
            ("heldout34_news.txt", 0.747),
            ("heldout35_court.txt", 0.708),
            // Blind29–31 until round sixteen: their blind figures (round fifteen's default).
            ("heldout36_gov.txt", 0.810),
            ("heldout37_news.txt", 0.813),
            ("heldout38_court.txt", 0.719),
            // Blind32–34 until round seventeen: their blind figures (round sixteen's default).
            ("heldout39_gov.txt", 0.848),
            ("heldout40_news.txt", 0.761),
            ("heldout41_court.txt", 0.672),
            // Blind35–37 until round eighteen: their blind figures (round seventeen's default).
            ("heldout42_gov.txt", 0.795),
            ("heldout43_news.txt", 0.804),
            ("heldout44_court.txt", 0.605),
            // Blind38–40 until round nineteen: their blind figures (round seventeen's default;
            // round eighteen's read 0.886 / 0.823 / 0.660).
            ("heldout45_gov.txt", 0.880),
            ("heldout46_news.txt", 0.816),
            ("heldout47_court.txt", 0.660),
            // Blind41–43 until round twenty: their blind figures (round eighteen's default;
            // round nineteen's read 0.854 / 0.870 / 0.640).
            ("heldout48_gov.txt", 0.819),
            ("heldout49_news.txt", 0.859),
            ("heldout50_court.txt", 0.587),
            // Blind44–46 until round twenty-one: their blind figures (round nineteen's
            // default; round twenty's read 0.917 / 0.887 / 0.770, and blind44's floor
            // was already taken one identifier under the first, knowingly).
            ("heldout51_told.txt", 0.917),
            ("heldout52_gov.txt", 0.880),
            ("heldout53_court.txt", 0.770),
            // Blind47–49 until round twenty-two: their blind figures (round twenty's
            // default; round twenty-one's read 0.780 / 0.869 / 0.898).
            ("heldout54_told.txt", 0.768),
            ("heldout55_news.txt", 0.869),
            ("heldout56_hk.txt", 0.898),
            // Blind50–52 until round twenty-three: their blind figures (round twenty-one's
            // default; round twenty-two's read 0.921 / 0.848 / 0.833).
            ("heldout57_gov.txt", 0.921),
            ("heldout58_court.txt", 0.848),
            ("heldout59_told.txt", 0.812),
            // Blind53–55 until round twenty-four: their blind figures (round twenty-two's
            // default; round twenty-three's read them the same).
            ("heldout60_gov.txt", 0.955),
            ("heldout61_told.txt", 0.690),
            ("heldout62_gov.txt", 0.888),
            // Blind56–58 until round twenty-five: their blind figures (round twenty-three's
            // default; round twenty-four's read 0.940 / 0.795 / 0.847).
            ("heldout63_gov.txt", 0.940),
            ("heldout64_court.txt", 0.795),
            ("heldout65_news.txt", 0.842),
            // Blind59–61 until round twenty-six: their blind figures (round twenty-four's
            // default; round twenty-five's read 0.862 / 0.796 / 0.862).
            ("heldout66_gov.txt", 0.862),
            ("heldout67_told.txt", 0.796),
            ("heldout68_news.txt", 0.857),
        ];
        let mut all = Vec::new();
        // Every set's figures and misses are printed before any assertion fails.
        let mut per_set = Vec::new();
        for name in WORKING {
            let records = read(name);
            let s = score(&records);
            println!("{}", report(name, &s));
            print!("{}", s.misses);
            per_set.push((name, s));
            all.extend(records);
        }
        let whole = score(&all);
        println!("{}", report("whole corpus", &whole));
        for (name, s) in &per_set {
            let floor = floors
                .iter()
                .find(|(f, _)| f == name)
                .map_or(0.95, |&(_, floor)| floor);
            assert!(s.sides_right() >= floor - 1e-3, "{}", report(name, s));
            // Round seven's and round ten's new working sets leaked blind; they may only fall.
            let ceiling = [
                ("heldout16_gov.txt", 0),
                ("heldout17_news.txt", 1),
                ("heldout18_gov.txt", 2),
                ("heldout19_news.txt", 6),
                ("heldout21_news.txt", 2),
                ("heldout23_news.txt", 2),
                ("heldout24_gov.txt", 2),
                ("heldout25_news.txt", 5),
                ("heldout26_court.txt", 2),
                ("heldout27_gov.txt", 12),
                ("heldout28_news.txt", 5),
                ("heldout29_court.txt", 2),
                ("heldout30_gov.txt", 4),
                ("heldout31_news.txt", 3),
                ("heldout32_court.txt", 3),
                ("heldout33_gov.txt", 0),
                ("heldout34_news.txt", 7),
                ("heldout35_court.txt", 10),
                ("heldout36_gov.txt", 2),
                ("heldout37_news.txt", 7),
                ("heldout38_court.txt", 4),
                ("heldout39_gov.txt", 2),
                ("heldout40_news.txt", 3),
                ("heldout42_gov.txt", 1),
                ("heldout43_news.txt", 4),
                ("heldout44_court.txt", 2),
                ("heldout45_gov.txt", 0),
                ("heldout46_news.txt", 3),
                ("heldout47_court.txt", 0),
                ("heldout48_gov.txt", 6),
                ("heldout49_news.txt", 5),
                ("heldout50_court.txt", 1),
                ("heldout52_gov.txt", 3),
                ("heldout53_court.txt", 1),
                ("heldout54_told.txt", 8),
                ("heldout55_news.txt", 5),
                ("heldout59_told.txt", 2),
                ("heldout60_gov.txt", 1),
                ("heldout61_told.txt", 2),
                ("heldout62_gov.txt", 3),
                ("heldout63_gov.txt", 3),
                ("heldout65_news.txt", 4),
                ("heldout66_gov.txt", 3),
                ("heldout67_told.txt", 8),
                ("heldout68_news.txt", 4),
            ]
            .iter()
            .find(|(f, _)| f == name)
            .map_or(0, |&(_, c)| c);
            assert!(
                s.leaks <= ceiling,
                "{name}: a victim's own identifier would link"
            );
            assert_eq!(s.unlabelled_links, 0, "{name}: {}", s.misses);
        }
        // Three identifiers no rule can place read as the other side's (BENCHMARKS.md):
        // the real friend whose QQ was stolen calling back (W022), a defendant's own
        // new card money was moved into (W045), a gambler told as `违法嫌疑人` (U015).
        // heldout16_gov.txt brought two more, read blind (round seven), blind17–19 ten
        // (round eleven: real desks and officers' numbers, a wrong payee). Round twelve's
        // scorer, relearned with blind20–22 among its text, reads 14; blind23–25 brought
        // eleven more, read blind (round fourteen); the scorer relearned on 33 sets reads
        // 21; blind26–28 brought six, read blind (round fifteen), of which round fifteen's
        // reader leaves four: 25; blind29–31 brought five, read blind (round sixteen), of
        // which round sixteen's reader leaves one: 26; blind32–34 brought two, read blind
        // (round seventeen): 28; blind35–37 brought five, read blind (round eighteen): 33;
        // blind38–40 brought six, read blind (round nineteen): 39; the scorer relearned on
        // 48 sets with round nineteen's settings reads 20; blind41–43 brought two, read
        // blind (round twenty): 22; the scorer relearned on 51 sets reads 20; blind44–46
        // brought two, read blind (round twenty-one): 22; blind47–49 brought six, read
        // blind (round twenty-two): 28; a bank's own notice read as the real desk's (round
        // twenty-two): 24; blind50–52 brought four, read blind (round twenty-three): 28;
        // blind53–55 brought four, read blind (round twenty-four): 32; a desk the story was
        // checked with (round twenty-four): 31; blind56–58 brought one, read blind (round
        // twenty-five): 32; blind59–61 brought six, read blind (round twenty-six): 38;
        // national desks the victim called and the police's 96110 (round twenty-six): 31.
        // No more may.
        assert!(
            whole.false_links <= 31,
            "a mentioned identifier would link: {}",
            report("whole corpus", &whole)
        );
        assert!(whole.records >= 150, "{} texts", whole.records);
        // Issue 20 asks 0.95; with blind11–16 in the corpus (round ten) it read 0.943,
        // with blind17–19 too (round eleven) 0.935, with blind20–22 (round twelve) 0.927,
        // with the card sellers and WeChat ids told by their sentence (session 27) 0.931,
        // with blind23–25 (round fourteen) 0.914, with `自己` bound by its clause's subject
        // 0.918, with the scorer relearned on 33 sets 0.922, with `联系方式` 0.923, with
        // `他人` not a pronoun and cards handed on for use 0.924, with blind26–28 (round
        // fifteen) 0.909, with accounts bound to whoever opened them, numbers the victim
        // is sent to and the scorer relearned on 36 sets 0.923 (0.9228), with blind29–31
        // (round sixteen) 0.912, with accounts after `账号`/`帐户` alone found by their
        // shape abroad and the scorer relearned on 39 sets 0.917, with what one pays with
        // the payer's 0.918, with blind32–34 (round seventeen) 0.909, with accounts abroad
        // told by their sentence or their bank's code, payees' accounts however described
        // and Hong Kong's numbers alone in brackets 0.915, with QQ ids after a quoted
        // nickname or `加Q`, money paid in (`转账入`), a judgment's `下称` and what a
        // defendant hands over 0.918, with blind35–37 (round eighteen) 0.908, with record
        // fields abroad, one of a list in brackets, messengers abroad, cards put to the
        // gang's use and accounts listed after `包括`/`分別為` 0.915, with blind38–40 (round
        // nineteen) 0.909, with the scorer relearned on 48 sets and round nineteen's
        // settings (it reads text it learned from: leave-one-set-out, BENCHMARKS.md, reads
        // 0.903) 0.948, with blind41–43 (round twenty) 0.942, with cards handed over, money
        // drained without consent and the scorer relearned on 51 sets (held out: 0.903,
        // with round nineteen's settings) 0.948, with a link on no cue word only at 0.995
        // (0.99 linked a friend's QQ told to; held out, three fewer of the victim's own
        // linking for 0.001 fewer sides right) 0.946, with blind44–46 (round twenty-one)
        // 0.942, with card sellers' stories read as such, accounts listed before the
        // words that hand them on and a payee's account a victim word owns 0.946, with
        // blind47–49 (round twenty-two) 0.940, with the caller's number as shown, numbers
        // asked of the teller, accounts given to the other side or stopped, payees'
        // accounts written on a note, banks' own notices and numbers that rang the victim
        // 0.944, with accounts handed over as asked, phones stolen, money in a card and
        // suspects abroad 0.945, with blind50–52 (round twenty-three) 0.943, with card
        // sellers' accounts firm against the scorer, what was got out of the victim,
        // numbers called fraud's, money moved to `其` and a kin calling 0.944, with QQ ids
        // told by a friend request, the real one checked with and money gathered into
        // one card 0.946 (0.9457), with blind53–55 (round twenty-four) 0.942, with lists after
        // `其中包括`, desks checked with, numbers written loosely and payees' accounts told by
        // what takes the money in 0.946 (0.9457), with blind56–58 (round twenty-five) 0.943,
        // with money gathered into one card however written, roles of share-tips groups and
        // Taiwan's collectors, home phones, private accounts, deposits' receipts and banks'
        // names in Latin letters 0.944 (0.9441), with a number told as having rung the
        // victim firm against the scorer 0.944 (0.9442), with siblings by their order and
        // the real one's old number 0.945 (0.9445), with blind59–61 (round twenty-six) 0.939
        // (0.9391), with national desks called, accounts named after the suspects, private
        // accounts, the victim described, the real one told by `真` and homes' phones 0.941
        // (0.9410), which may only rise.
        assert!(
            whole.sides_right() >= 0.9410,
            "{}",
            report("whole corpus", &whole)
        );
    }

    /// The blind sets (tests/narrative_corpus/README.md): gathered by someone who never
    /// saw the rules, their misses never printed nor read, so that each round of rules
    /// is measured on text it was not written for. Only their totals are shown. Once
    /// measured, their floors are what the rules read on them blind; a change that reads
    /// them worse fails here. A set that becomes working text leaves this list.
    #[test]
    fn blind_sets_show_totals_only() {
        // Which reader is measured (`CASEBENCH_NARRATIVE_MODE`, round eight).
        println!(
            "mode {:?}",
            casebench::normalize::narrative_scorer::Mode::current()
        );
        // Floors: what round twenty-five's default reader (session 40) read on them,
        // blind, before any of round twenty-six's changes (tests/narrative_corpus/README.md):
        // 0.827, 0.851 and 0.895, with 7 / 0 / 5 of the victim's own linking.
        // (set, its identifiers, floor of sides right, most of the victim's own linking)
        let sets = [
            ("blind62.txt", 156, 0.827, 7),
            ("blind63.txt", 154, 0.851, 0),
            ("blind64.txt", 191, 0.895, 5),
        ];
        // Every set's totals first, so one run measures them all.
        let scores: Vec<_> = sets.iter().map(|(name, ..)| score(&read(name))).collect();
        for ((name, ..), s) in sets.iter().zip(&scores) {
            // Totals only: `s.misses` is never printed, only how many of each kind.
            println!("{}", report(name, s));
            println!("  misses: {}", s.miss_counts());
        }
        for ((name, labels, floor, leaks), s) in sets.iter().zip(&scores) {
            assert_eq!(s.labels, *labels, "{name}: identifiers");
            assert!(s.sides_right() >= floor - 1e-3, "{}", report(name, s));
            assert!(s.leaks <= *leaks, "{}", report(name, s));
        }
    }
}

/// The learned scorer (src/normalize/narrative_scorer.rs) and the modes that combine it
/// with the rules: the rules decide unless a mode is asked for.
#[test]
fn the_scorer_reads_plain_cues_and_a_veto_only_unlinks() {
    use casebench::normalize::narrative::narrative_examples;
    use casebench::normalize::narrative_scorer::{Model, uses};
    let model = Model::committed();
    let p = |text: &str, victim: &str| {
        let (_, fs, _) = narrative_examples(text, victim)
            .into_iter()
            .next()
            .expect("one identifier");
        let fs: Vec<String> = fs.into_iter().filter(|f| uses(f)).collect();
        model.probs(fs.iter().map(String::as_str))
    };
    // The committed weights are read (the table is not empty) and place plain cues.
    let paid_to = p(
        "按对方要求向对方提供的账户（6217000000000001234）转账5万元。",
        "",
    );
    assert!(paid_to[0] > 0.5, "{paid_to:?}");
    let own = p(
        "王某用其本人名下银行卡（6228480000000005678）转账。",
        "王某",
    );
    assert!(own[0] < 0.5, "{own:?}");

    // A veto never links what the rules do not: every side it gives is the rules' or
    // not the other side's; where it changed one, the excerpt says why.
    let texts = [
        "2026年11月2日，报警人称对方138 1234 5678，共计12000元。",
        "嫌疑人使用的银行卡（6217000000000004999）已冻结。",
        "王某通过自己的支付宝（13900001111）向对方银行卡（6217000000000002222）转账。",
    ];
    for text in texts {
        let rules = narrative_identifiers_in(Mode::Rules, text, "王某");
        let veto = narrative_identifiers_in(Mode::Veto, text, "王某");
        assert_eq!(rules.len(), veto.len());
        for (r, v) in rules.iter().zip(&veto) {
            assert_eq!(r.identifier, v.identifier);
            if v.side != r.side {
                assert_eq!(r.side, Side::Other, "{text}");
                assert!(v.excerpt.contains("[scorer:"), "{}", v.excerpt);
            }
            assert!(v.side != Side::Other || r.side == Side::Other, "{text}");
        }
    }
}

/// A card or number its owner lent, rented or sold on is the other side's from then on,
/// whoever owned it; an accusation (`被用于洗钱`) is not a handing on (round ten).
#[test]
fn an_owners_card_handed_on_to_the_gang_is_theirs() {
    for (text, victim) in [
        (
            "吴某对自己名下的银行卡（6217858000107734625）交给他人使用的事实供认不讳。",
            "",
        ),
        (
            "经查，卡农吴某将其名下银行卡（6217858000107734625）出售给诈骗团伙。",
            "黄某",
        ),
        (
            "经查，甘某名下农业银行卡（6217858000107734625）系二级卡。",
            "张某",
        ),
        (
            "经查，乔某出借的银行卡6217858000107734625有38名被害人报案。",
            "",
        ),
    ] {
        assert_side(
            text,
            victim,
            IdKind::Card,
            "6217858000107734625",
            Side::Other,
        );
    }
    for (text, victim) in [
        (
            "对方称王某名下银行卡（6217858000107734625）被用于洗钱。",
            "王某",
        ),
        (
            "民警查询，王某名下工商银行卡（6217858000107734625）已冻结。",
            "王某",
        ),
    ] {
        assert_side(
            text,
            victim,
            IdKind::Card,
            "6217858000107734625",
            Side::Victim,
        );
    }
}

/// A range of sums (`缴纳10000至20000的保证金`) is no service number (round ten).
#[test]
fn a_range_of_sums_is_no_service_number() {
    assert_eq!(
        sides(
            "须再缴纳10000至20000的保证金，让其转入6217003860029174536。",
            "黄某"
        ),
        vec![(IdKind::Card, "6217003860029174536".to_string(), Side::Other)]
    );
}

/// Cards listed together with no word placing them are where money went; the victim's
/// own listed cards are told as such (round ten).
#[test]
fn a_list_of_cards_no_words_place_is_where_money_went() {
    let listed = sides(
        "三个账户分别为：6217680102337751、6222081001028816349、6228480329914470078。",
        "孟某",
    );
    assert_eq!(listed.len(), 3);
    assert!(
        listed.iter().all(|(_, _, s)| *s == Side::Other),
        "{listed:?}"
    );
    let own = sides(
        "杨某将自己的3张银行卡卡号（6217680102337751、6222081001028816349、6228480329914470078）告诉对方。",
        "杨某",
    );
    assert!(own.iter().all(|(_, _, s)| *s == Side::Victim), "{own:?}");
    // One card alone, no words: the victim's own, as before.
    assert_side(
        "当天下午，6222081001028816349余额不足。",
        "孟某",
        IdKind::Card,
        "6222081001028816349",
        Side::Victim,
    );
}

/// Generated narratives (issue 9) are read by the default reader exactly as by the
/// rules: a scorer learned from real text must not overrule the generator's plain cues
/// (weights relearned in round ten did, on 5 % of them: `嫌疑人使用号码…`, `转入支付宝…`).
#[test]
fn the_default_reads_generated_narratives_as_the_rules_do() {
    use casebench::import::headers::CaseField;
    use casebench::normalize::narrative_scorer::DEFAULT_MODE;
    let w = WorkDir::new();
    let out = w.join("gen");
    casebench::generate::generate(
        &casebench::generate::GenOptions {
            reports: 3000,
            weeks: 1,
            seed: 14,
            narrative: casebench::generate::NARRATIVE_SHARE,
            out: out.clone(),
        },
        &mut |_| {},
    )
    .expect("generate");
    let (mut compared, mut differ) = (0, Vec::new());
    for file in casebench::import::csv_files(&[out]) {
        casebench::import::parse_file(&file, &mut |_, row| {
            let Ok(row) = row else { return };
            let (text, victim) = (
                row.field(CaseField::Script),
                row.field(CaseField::VictimName),
            );
            let rules = narrative_identifiers_in(Mode::Rules, text, victim);
            let read = narrative_identifiers_in(DEFAULT_MODE, text, victim);
            compared += rules.len();
            for (r, d) in rules.iter().zip(&read) {
                if (r.side, &r.identifier) != (d.side, &d.identifier) {
                    differ.push(d.excerpt.clone());
                }
            }
            assert_eq!(rules.len(), read.len(), "{text}");
        })
        .expect("parse");
    }
    assert!(compared > 500, "{compared} narrative identifiers");
    assert!(
        differ.is_empty(),
        "{} of {compared}: {differ:?}",
        differ.len()
    );
}

/// The side of `value` among what the reader finds in `text`.
fn side_of(text: &str, victim: &str, value: &str) -> Side {
    sides(text, victim)
        .into_iter()
        .find(|(_, v, _)| v == value)
        .map(|(_, _, side)| side)
        .unwrap_or_else(|| panic!("{value} not found in {text}"))
}

/// Round eleven (blind17–19 as working text): what is done with an account or a phone
/// right after it says whose it is, whatever word stood before it.
#[test]
fn money_taken_out_of_it_or_kept_in_it_makes_an_account_the_victims() {
    for (text, victim) in [
        (
            "对方告知输入验证码后即可收到退款，后朱某按要求操作后发现卡内（6228480418765203917）20000元被转走。",
            "朱某",
        ),
        (
            "按照“客服”指导的操作后，廖女士手机收到短信，银行账户（6228480418765203917）被划走23456元。",
            "廖某",
        ),
        (
            "老王的银行卡（6228480418765203917）中的1万元被转走。",
            "王某",
        ),
        (
            "以“课程注册”为名骗取学生手机收到的验证码，远程转走学生账户（6228480418765203917）内钱款。",
            "",
        ),
        (
            "民警让贾女士核对银行卡（6228480418765203917）账户余额。",
            "贾某",
        ),
        (
            "按照专员提示操作，发送银行卡号（6228480418765203917）和密码后不久收到扣款短信。",
            "黄某",
        ),
    ] {
        assert_side(
            text,
            victim,
            IdKind::Card,
            "6228480418765203917",
            Side::Victim,
        );
    }
    // What was done to the account itself, or money past other words, says nothing.
    assert_side(
        "冒充领导诈骗，诈骗账户：6230943100067215528（已冻结余额6.3万元）。",
        "龚某",
        IdKind::Card,
        "6230943100067215528",
        Side::Other,
    );
}

#[test]
fn a_phone_that_rings_or_receives_is_the_victims() {
    assert_eq!(
        side_of(
            "财务室座机（0572-3721856）接到“某公司”工作人员电话，对方自称与公司有交易。",
            "张某",
            "+865723721856"
        ),
        Side::Victim
    );
    assert_eq!(
        side_of(
            "每天上午9时，家中固定电话（0595-22861357）必然响起。",
            "陈某",
            "+8659522861357"
        ),
        Side::Victim
    );
    // Money received is not a phone ringing: a mule's card stays the other side's.
    assert_eq!(
        side_of(
            "经查，嫌疑人银行卡（6217000000000000123）收到诈骗赃款上万元。",
            "",
            "6217000000000000123"
        ),
        Side::Other
    );
}

#[test]
fn whom_helpers_call_is_the_victim() {
    for (text, victim, value) in [
        (
            "民警立即联系她（15966027314），但提示空号。",
            "王某",
            "+8615966027314",
        ),
        (
            "反诈劝阻员陈松持续拨打着该女子的电话（13716385402），一直忙线。",
            "",
            "+8613716385402",
        ),
        (
            "反诈民警立即拨打马某电话（13716385402）。",
            "马某",
            "+8613716385402",
        ),
    ] {
        assert_eq!(side_of(text, victim, value), Side::Victim, "{text}");
    }
    // Whom they call is the victim only when the words say so (`卖家` is a role): the
    // rules read the seller's. Five characters back, past the veto's guard since round
    // nineteen (2), the scorer vetoes it: a miss, shown with why, never a link.
    let text = "民警多次拨打卖家电话（13716385402）无人接听。";
    let rules = narrative_identifiers_in(Mode::Rules, text, "");
    assert_eq!(rules[0].side, Side::Other, "{rules:?}");
    assert_ne!(side_of(text, "", "+8613716385402"), Side::Other);
}

#[test]
fn someone_met_and_no_more_told_is_the_other_side_and_i_am_the_victim() {
    assert_eq!(
        side_of(
            "报警人称其在QQ上和一人（QQ号2871630459）聊天，对方说有个好项目。",
            "",
            "2871630459"
        ),
        Side::Other
    );
    // Not a stranger when the words after say who (`一女子报警`).
    assert_ne!(
        side_of(
            "象阳派出所接到一女子报警（13716385402）。",
            "",
            "+8613716385402"
        ),
        Side::Other
    );
    // Told by the victim: `我的` is theirs, whoever added it.
    assert_eq!(
        side_of(
            "我这才同意骗子加了我的qq（1374592086），然后骗子发来链接。",
            "",
            "1374592086"
        ),
        Side::Victim
    );
}

#[test]
fn a_named_holder_after_a_word_of_paying_holds_the_account() {
    // `至杨某某名下`: the character before the name is no part of it.
    assert_eq!(
        side_of(
            "共计将28万元转账至杨某某名下银行账户（6217856300027814459）内，用于其个人消费。",
            "方某某",
            "6217856300027814459"
        ),
        Side::Other
    );
    // A card handed on for laundering is the gang's.
    assert_eq!(
        side_of(
            "被不起诉人李某甲将名下的邮政储蓄银行卡（6210985840017325946）提供给张某某进行非法洗钱转账。",
            "许某某",
            "6210985840017325946"
        ),
        Side::Other
    );
    // Handed to the other side, not for laundering: the victim's own still.
    assert_ne!(
        side_of(
            "王某将银行卡号（6210985840017325946）提供给对方核实。",
            "王某",
            "6210985840017325946"
        ),
        Side::Other
    );
    // A number a message gives to call.
    assert_eq!(
        side_of(
            "报警人称收到短信，称其银行卡刚刚在某地刷卡消费，如有疑问，可致电02787321690咨询。",
            "",
            "+862787321690"
        ),
        Side::Other
    );
}

/// Court prose: an owner word (`其`, `名下`, `本人`) turns back to the accused named
/// nearest before it, not to the victim — unless the victim or the one asked is nearer.
#[test]
fn an_owner_word_after_the_accused_is_theirs() {
    for (text, victim) in [
        (
            "被不起诉人李某甲将名下的邮政储蓄银行卡（6210985840017325946）出示给民警。",
            "许某某",
        ),
        (
            "经查，被告人张某用其本人银行卡（6210985840017325946）接收被害人转账。",
            "王某",
        ),
    ] {
        assert_eq!(
            side_of(text, victim, "6210985840017325946"),
            Side::Other,
            "{text}"
        );
    }
    for (text, victim) in [
        // The victim nearer: theirs.
        (
            "被告人张某诱骗被害人李某将其农业银行卡（6210985840017325946）内的钱转出。",
            "李某",
        ),
        // `其` the one asked, or acted on.
        (
            "被告人张某让其将农业银行卡（6210985840017325946）内的钱转出。",
            "",
        ),
    ] {
        assert_eq!(
            side_of(text, victim, "6210985840017325946"),
            Side::Victim,
            "{text}"
        );
    }
    assert_ne!(
        side_of(
            "张某被诈骗嫌疑人拉进一个群，嫌疑人王某添加了其微信号（zhang_fz0219）。",
            "张某",
            "zhang_fz0219"
        ),
        Side::Other
    );
}

/// Session 26 (`CASEBENCH_NARRATIVE_MODE=firm`): where the rules' grounds are firm (a
/// role word of the identifier's own clause right before it) the scorer does not
/// overrule them, as it does in `guarded`; where they are weak (a word past a comma,
/// no word) it decides, linking only when sure.
#[test]
fn the_firm_mode_keeps_the_rules_firm_sides_and_lets_the_scorer_place_the_rest() {
    // A role with its kind right before it: the rules' side stands.
    let text = "民警多次拨打卖家电话（13716385402）无人接听。";
    let read = |mode| narrative_identifiers_in(mode, text, "")[0].side;
    assert_eq!(read(Mode::Rules), Side::Other);
    assert_eq!(read(Mode::Guarded), Side::Victim, "the scorer overrules it");
    assert_eq!(read(Mode::Firm), Side::Other);
    // Past a comma, no word the rules hold: they leave it `mentioned`; the scorer
    // places the man's QQ on the other side (so does the default since round nineteen,
    // all but sure of it).
    let text = "王某被骗后，该男子的QQ号为85800000，已将其拉黑。";
    let read = |mode| narrative_identifiers_in(mode, text, "王某")[0].side;
    assert_eq!(read(Mode::Rules), Side::Mentioned);
    assert_eq!(read(Mode::VetoFill), Side::Other);
    assert_eq!(read(Mode::Firm), Side::Other);
}

/// The sides the rules alone read, in order, which the scorer's features build on.
fn rules(text: &str, victim: &str) -> Vec<Side> {
    use casebench::normalize::narrative::narrative_identifiers_in;
    use casebench::normalize::narrative_scorer::Mode;
    narrative_identifiers_in(Mode::Rules, text, victim)
        .into_iter()
        .map(|n| n.side)
        .collect()
}

/// Round sixteen (issue 20): `自己` past a clause of being taken advantage of (`趁其不备`)
/// and past a sentence that opens with its date turns back to the one acting, as it does
/// to a name masked with `○` or a `被告`; what the victim is told they must give with its
/// password is the victim's own; what someone pays with is theirs. Read by the rules
/// alone, which the scorer's features build on.
#[test]
fn the_one_acting_is_found_past_a_date_and_past_one_taken_advantage_of() {
    assert_eq!(
        rules(
            "王某借用李某的手机，趁其不备将李某卡内的2000元转入自己的银行卡（6217001234000111222）。",
            "李某"
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "2019年3月2日，王某借用李某的手机。又将李某卡内的2000元转入自己的银行卡（6217001234000111222）。",
            "李某"
        ),
        [Side::Other]
    );
    // The victim in the sentence before is still whom `自己` means.
    assert_eq!(
        rules(
            "2019年3月2日，李某接到电话。又将2000元转入自己的银行卡（6217001234000111222）。",
            "李某"
        ),
        [Side::Victim]
    );
    assert_eq!(
        rules(
            "對方稱，為了排除嫌疑，必須要提供網銀帳號（6217001234000333444）和密碼。",
            ""
        ),
        [Side::Victim]
    );
    // Taiwan's judgments mask names with `○`; `被告` is the defendant, `被告知` was told.
    assert_eq!(
        rules(
            "黃○恩將自己的銀行卡（6217001234000555666）交給詐騙集團成員。",
            "陳○騰"
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "被告黃○恩將自己的銀行卡（6217001234000555666）寄給他人。",
            ""
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "李某被告知將自己的銀行卡（6217001234000555666）中的錢轉出。",
            ""
        ),
        [Side::Victim]
    );
    // What one pays with is the payer's: the other side's when they pay.
    assert_eq!(
        rules(
            "嫌疑人先在超市购买小额商品，然后通过微信（wxid_7hq2ls0pd5）转账进行付款。",
            ""
        ),
        [Side::Other]
    );
    assert_eq!(
        rules("对方要求她通过支付宝（13843201976）转账进行付款。", ""),
        [Side::Victim]
    );
}

/// Where money was paid is told by `至` before an account however it is described, not
/// when money comes back; the real one of the victim's circle and a kin of `其` the
/// other side called are the victim's side; someone's details are whose the owner word
/// before them says. Read by the rules alone.
#[test]
fn a_payee_account_described_and_the_victims_circle_reached_are_read() {
    assert_eq!(
        rules(
            "受害人按指示交付款項至多個香港本地銀行戶口（012-875-1-094316-3、395-5-183620）後，騙徒隨即失去聯絡。",
            ""
        ),
        [Side::Other, Side::Other]
    );
    assert_eq!(
        rules(
            "將款項轉入指定帳戶（012-10-883204-7），並謊稱這些轉出的資金僅是驗證流程，當天稍後便會全數退還至原帳戶（004-09-562118-3）。",
            ""
        ),
        [Side::Other, Side::Victim]
    );
    assert_eq!(
        rules("她把钱转到自己的香港银行户口（012-875-1-094316-3）。", ""),
        [Side::Victim]
    );
    // Paid in after a word of moving money, with a bank's name in brackets, to a
    // pre-registered payee; an account a judgment names, then hands to others.
    assert_eq!(
        rules(
            "其後按該網站客服指示，多次轉賬入不明的個人銀行戶口（戶口號碼：015-284-60-88213）。",
            ""
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "戴○儒依指示轉帳49,988元至本案帳戶（郵局帳號00312450377128）。",
            "戴○儒"
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "莊姓民眾前往彰化銀行欲辦理設定約定帳戶（009-5612-0048-3391）時，經行員察覺有異。",
            ""
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "原告主張：被告竟仍將如附表所示帳戶（中國信託帳號822540318862，下稱系爭帳戶）提供他人使用。",
            ""
        ),
        [Side::Other]
    );
    assert_eq!(
        rules("事主懷疑被騙，致電真表妹（6688 2034）查證。", "事主"),
        [Side::Victim]
    );
    assert_eq!(
        rules("騙徒又向其母親（6539 0271）聲稱已綁架其女兒。", "女學生"),
        [Side::Victim]
    );
    // An account paid into, of `其`'s kin, is still whom `其` means.
    assert_eq!(
        rules(
            "陈某施诈骗得手后通常将赃款打到其父亲陈某银的账户（6228480000000011291）上。",
            "杨某"
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "法院查明，雷某在明知他人会利用信息网络实施犯罪活动，仍使用本人身份信息、手机号码（15297034618）办理各类银行卡20张。",
            ""
        ),
        [Side::Other]
    );
    assert_eq!(
        rules(
            "李某按对方要求提供了本人身份信息、手机号码（15297034618）。",
            "李某"
        ),
        [Side::Victim]
    );
    // What a card seller hands over is theirs (its tail too); what a victim hands over
    // stays theirs.
    assert_eq!(
        rules(
            "法院查明，雷某在明知他人会利用信息网络实施犯罪活动，仍办理各类银行卡20张，并将账户信息、密码等提供给对方使用，另外将自己之前办理的尾号为4660的农业银行卡（6228481039284574660）提供给对方进行收款转账。",
            ""
        ),
        [Side::Other, Side::Other]
    );
    assert_eq!(
        rules(
            "李某按对方要求将自己的农业银行卡（6228481039284574660）和密码提供给对方。",
            "李某"
        ),
        [Side::Victim]
    );
}

/// Round eighteen (issue 20): a record's fields named by Malaysia's, Hong Kong's and
/// Taiwan's words for the one reporting, cheated or paying; a phishing message's
/// sender and the bank's number a call was made to show; one item of a list in
/// brackets after what the list is; messengers and payment ids abroad; cards a court
/// finds put to the gang's use; an advert's contact. Read by the rules
/// alone, which the scorer's features build on.
#[test]
fn record_fields_abroad_listed_items_and_cards_put_to_use_are_read() {
    use Side::{Mentioned, Other, Victim};
    assert_eq!(
        rules("投报人电话：+60124479301；对方户头：114038569207", ""),
        [Victim, Other]
    );
    assert_eq!(rules("苦主戶口：01658822930417", ""), [Victim]);
    assert_eq!(rules("匯款人帳戶：00452310986721", ""), [Victim]);
    assert_eq!(
        rules(
            "就“假冒MPay釣魚短訊”（發送號碼+85365184209）的檢舉立案調查",
            ""
        ),
        [Other]
    );
    assert_eq!(
        rules(
            "通过改号软件将号码伪装成95533、95588等银行官方号码，诱骗受害人。",
            ""
        ),
        [Other, Other]
    );
    // A fake officer's WeChat; what he says starts anew, so the card after is not a
    // list item of his.
    assert_eq!(
        rules(
            "后来又有假公安（微信：gongan_zhang110）说，他的银行户头（0129-48572-6）里有赃款。",
            "王先生"
        ),
        [Other, Victim]
    );
    // One of a list told before the bracket: the words before it decide, unless they
    // make it someone's own card among several (a seller's as often as a victim's).
    assert_eq!(
        rules(
            "发现卡里的钱被分多笔转账到了多个陌生账户中（其中一个为6217995860003327194）。",
            ""
        ),
        [Other]
    );
    assert_eq!(
        rules(
            "经查，杨某名下三张银行卡（其中一张为6230520460018836214）共接收他人网络被骗钱款。",
            ""
        ),
        [Mentioned]
    );
    assert_eq!(
        rules("双方便通过WhatsApp（+905338174620）经常联系。", ""),
        [Other]
    );
    assert_eq!(
        rules("並指示受害者通過PayNow（+6587163340）付款。", ""),
        [Other]
    );
    // Put to the gang's use, as a court finds; not what fake officers tell a victim.
    assert_eq!(
        rules(
            "小王不知其银行卡（6228271035520874416）被用于电信诈骗的资金流转。",
            ""
        ),
        [Other]
    );
    assert_eq!(
        rules(
            "对方称王某涉嫌参与一起诈骗案，其名下有一张银行卡（6217857000123940617）被用于洗钱。",
            "王某"
        ),
        [Victim]
    );
    assert_eq!(
        rules(
            "他在网络上看到高价收购微信账号的广告（联系QQ：2857316094），便联系对方。",
            ""
        ),
        [Other]
    );
    assert_eq!(
        rules(
            "案件中，受害者会被指示提供他们的银行户头（0271593842）与登录资料。",
            ""
        ),
        [Victim]
    );
}

/// Round nineteen (blind38–40 as working text): a puppet account (`傀儡戶口`) is a
/// mule's; a sum an account saw (`涉及款項…`) says nothing of whose it is, unlike what
/// the other side says it is caught up in; a card named by an accused's name is theirs
/// though the name stands in a list after `被告人`, and so is one named with an accused;
/// the other side adding `其微信` adds the victim's.
#[test]
fn puppet_accounts_sums_seen_and_lists_of_the_accused_are_read() {
    let other = |v: &str| (IdKind::Card, v.to_string(), Side::Other);
    assert_eq!(
        sides(
            "他涉嫌利用兩個本地銀行傀儡戶口（017-203-5-148826、004-731-025918-001）清洗黑錢。",
            ""
        ),
        vec![other("0172035148826"), other("004731025918001")]
    );
    assert_eq!(
        sides(
            "騙款被存入了被告的兩個銀行戶口（003-468-21-57609-4、250-587310-892），涉及款項共41.2萬元。",
            ""
        ),
        vec![other("00346821576094"), other("250587310892")]
    );
    // What the caller says the account is caught up in still says the victim's own.
    assert_side(
        "对方称李某的银行卡（6222021102003345671）涉及洗钱，需要配合调查。",
        "李某",
        IdKind::Card,
        "6222021102003345671",
        Side::Victim,
    );
    assert_eq!(
        sides(
            "被告人孙某、韩某某、吕某某将银行卡（如孙某名下6217995200031847735、韩某某名下6230943880007713768）用于跑分。",
            ""
        ),
        vec![other("6217995200031847735"), other("6230943880007713768")]
    );
    // …and so is one named with an accused, the pair acting together.
    assert_side(
        "被告人丁某强、孔某义经协商后做跑分。后丁某强、周某麦将其名下的银行卡（6228481198026631234）上报给上家。",
        "",
        IdKind::Card,
        "6228481198026631234",
        Side::Other,
    );
    assert_side(
        "一陌生女子添加其微信（liu_xy2023）后称可带其投资。",
        "刘某",
        IdKind::Wechat,
        "liu_xy2023",
        Side::Victim,
    );
}

/// A list of names is walked once, however long: each name listed before another is
/// judged by itself, not by the names before it in turn (judged in turn, forty names took
/// longer than any import may; twenty took two seconds).
#[test]
fn a_long_list_of_names_before_an_owner_word_is_read_at_once() {
    let names: Vec<String> =
        "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章"
            .chars()
            .map(|c| format!("{c}某"))
            .collect();
    assert_eq!(names.len(), 40);
    let text = format!(
        "{}将其名下的银行卡（6222021102003345671）上报。",
        names.join("、")
    );
    // No one of them is named accused: the card is theirs as the rules read `其名下`.
    let read = sides(&text, "");
    assert_eq!(read.len(), 1, "{read:?}");
    assert_ne!(read[0].2, Side::Other, "{read:?}");
}

/// Each identifier's side in each text read with its victim's name, in order.
fn sides_of(text: &str, victim: &str) -> Vec<Side> {
    sides(text, victim).into_iter().map(|(_, _, s)| s).collect()
}

/// Asserts that each (text, victim's name, sides) reads so.
fn reads_each(cases: &[(&str, &str, Vec<Side>)]) {
    for (text, victim, want) in cases {
        assert_eq!(&sides_of(text, victim), want, "{text}");
    }
}

/// Round twenty-two (issue 20): the caller's number as shown, numbers asked of the
/// teller, a payee's account written on a note, a bank's own notice, accounts given to
/// the other side or sent to the victim, gold mailed to the gang, accounts handed over
/// as asked, a phone stolen, money in a card, a suspect abroad. Each case reads
/// otherwise on round twenty-one's code.
#[test]
fn shown_caller_ids_notes_and_bank_notices_are_read() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // The caller's number as shown, though a victim word stands before it.
        (
            "騙徒冒充銀行職員隨機致電市民（來電號碼：+852 3170 5521）推銷貸款。",
            "",
            vec![Side::Other],
        ),
        (
            "騙徒假扮事主親友致電受害人（+852 6620 4471），要求對方猜測其身份。",
            "",
            vec![Side::Other],
        ),
        // Asked of the teller, and the number that called back.
        (
            "她问我手机号码（13722580146），几秒后回拨过来（15290437718），约我在路口见面。",
            "",
            vec![Side::Victim, Side::Other],
        ),
        // The payee's account on the note the victim brings to the counter.
        (
            "他拿着一张写着户名和卡号（6217211400031178842）的字条到柜台要求汇款。",
            "",
            vec![Side::Other],
        ),
        // The bank's own notice of money taken: the real desk.
        (
            "不久，刘女士收到银行验证码短信（95533），提示即将扣款8000元。",
            "刘女士",
            vec![Side::Mentioned],
        ),
        // Given to the other side (its word past a comma), or sent to the victim.
        (
            "对方称订单异常，让我把QQ号（1876502231）给他，说要帮我办理退款。",
            "",
            vec![Side::Victim],
        ),
        (
            "骗子随后又发来信息，将一个建设银行的卡号（6217000184455667788）发给了钱某。",
            "钱某",
            vec![Side::Other],
        ),
        // Gold mailed to the gang.
        (
            "她准备将金条寄出（收件人电话18677012934），被快递员拦下。",
            "",
            vec![Side::Other],
        ),
        // Handed over as asked; a phone stolen, money in a card; a suspect abroad.
        (
            "騙徒要求受害人提交銀行帳戶（024-882-419306-999）資料以證明清白。",
            "",
            vec![Side::Victim],
        ),
        (
            "她发现手机（号码13982036477）被偷了，赶紧去营业厅挂失。",
            "",
            vec![Side::Victim],
        ),
        (
            "方女士在对方指导下操作，导致银行卡（6228480878116620999）内金额被分批转走。",
            "方女士",
            vec![Side::Victim],
        ),
        (
            "經調查，嫌犯聯絡電話：+8618026473999，已被通緝。",
            "",
            vec![Side::Other],
        ),
    ]);
}

/// Round twenty-three (issue 20): card sellers' accounts against the scorer, what was got
/// out of the victim, numbers the police call fraud's, desks the victim is told to add,
/// a kin calling, accounts sent to the one addressed, money moved to `其`, invitations.
/// Each sentence reads otherwise on round twenty-two's code.
#[test]
fn sellers_accounts_tricked_details_and_invitations_are_read() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // A card sellers' story: the story is the ground, the scorer does not veto it.
        (
            "钱某和孙某（均另案处理）明知他人利用信息网络实施犯罪，仍向上家提供银行卡牟利。\
             其中钱某使用农业银行卡（6228480038861120001）取款3万余元。",
            "",
            vec![Side::Other],
        ),
        // Got out of the victim by a trick.
        (
            "卖家在聊天中套取了她的QQ号码（408817000）。",
            "严女士",
            vec![Side::Victim],
        ),
        // What an alert calls a number.
        (
            "6月14日下午1时35分，武汉警方反诈预警平台发出预警：一个涉嫌诈骗的电话号码\
             （+85251620001）与武昌周女士长时间通话，周女士可能正在遭遇诈骗。",
            "周女士",
            vec![Side::Other],
        ),
        // The "official" desk the other side has the victim add.
        (
            "该客服让高某加官方客服微信（kefu_zhuxiao02），经过联系，对方以注销账户为由诱导其贷款。",
            "高某",
            vec![Side::Other],
        ),
        // The kin calling from it.
        (
            "孙先生接到母亲打来的电话（0411-82630001），称家里急需用钱。",
            "孙先生",
            vec![Side::Victim],
        ),
        // Sent to the one addressed.
        (
            "我正在上班，手机响了。“是嘉嘉妈妈吗？我是陈老师啊！医院要先交押金，您看能不能先\
             转过来？我马上把账号发您（6217852000410001），这边立刻安排。”",
            "",
            vec![Side::Other],
        ),
        // Money the victim is made to move to `其`.
        (
            "对方让刘某某将她奶奶的钱全部转移到其邮政银行账户（6221885560030001）上。",
            "刘某某",
            vec![Side::Other],
        ),
        // An invitation to move the talk elsewhere.
        (
            "博主在帖子里说：“想学的话，请移步微信：zhaopan_0001。”",
            "朱某",
            vec![Side::Other],
        ),
        // The real one the victim checks the story with.
        (
            "处警反馈：小彭赶紧打电话给班主任（13758890001），询问是否有教育补助金。",
            "小彭",
            vec![Side::Victim],
        ),
        // All the money gathered into "one card": one of the victim's own.
        (
            "随后她在“客服专员”的指导下进行操作，将所有银行卡里的钱转入一张银行卡\
             （6228480318840001），再转向对方提供的账户。",
            "王女士",
            vec![Side::Victim],
        ),
        // A QQ id told by the friend request it came with (none was found before).
        (
            "当天她登录QQ时收到一条好友申请（3051840001），申请人的头像是公司老板。",
            "",
            vec![Side::Other],
        ),
    ]);
}

/// Round twenty-four (issue 20): a list after `其中包括`, a desk the story was checked
/// with, a QQ mailbox, what the other side read out or recommended, WeChat's own ids, a
/// caller ID of `000…` in a list, a Chinese digit starting the word after a number, a
/// number not the teller's, a daughter-in-law, an area code joined by a dash, `行骗者`,
/// what is sent to the victim, takes the money in or a transfer is made to. Each case
/// reads otherwise on round twenty-three's code.
#[test]
fn checked_desks_loose_numbers_and_payees_are_read() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // One of a list told after `其中包括`: the clause before decides for every item.
        (
            "她先后向5个个人银行账户（其中包括6222083801000001、6217996011000002、\
             6228450628000003）累计转款86万元。",
            "莫某",
            vec![Side::Other, Side::Other, Side::Other],
        ),
        // The real desk the story was checked with, a platform's six-digit line too.
        (
            "王先生自己联系京东平台客服（950618）核实了此事，这才发现被骗。",
            "王先生",
            vec![Side::Mentioned],
        ),
        (
            "所有涉及保单操作的来电，需主动拨打保险公司全国统一客服电话95519核验。",
            "",
            vec![Side::Mentioned],
        ),
        // …but not a desk a message gives to call.
        (
            "她收到短信称其中奖，请拨打客服电话4008120001核实。",
            "",
            vec![Side::Other],
        ),
        // A QQ mailbox tells the owner's QQ id.
        (
            "对方得知了周女士的邮箱（QQ邮箱对应QQ号 1783000001），然后冒充官方发来邮件。",
            "周女士",
            vec![Side::Victim],
        ),
        // What the other side read out, or recommended.
        (
            "她输入帐号姓名（对方报的卡号6228481200000001），汇款金额5000元。",
            "史某",
            vec![Side::Other],
        ),
        (
            "期间，抖音客服向其推荐了一个微信（微信号tk_shouhou001），并为许女士处理退款。",
            "许女士",
            vec![Side::Other],
        ),
        // A number not the teller's: where the money went instead.
        (
            "儿子听完大叫：“这不是我的银行账号（8220110000000001）！妈，你被骗了。”",
            "",
            vec![Side::Other],
        ),
        // A daughter-in-law, in traditional characters too.
        (
            "直到對方要求加倍，她才打電話給兒媳婦（9427 0001），這才揭發騙案。",
            "",
            vec![Side::Victim],
        ),
        // `行骗者`, a fraudster.
        (
            "本会日前收到一名女同胞的电话投诉，声称自己收到诈骗电话（+639178800001），对方自称\
             是大陆的公安人员。行骗者同时通过微信（微信号gongan_li0001），向受害者传上一些照片。",
            "",
            vec![Side::Other, Side::Other],
        ),
        // Sent to the victim, taking the money in, a transfer made to.
        (
            "接着便发给赵某一个银行卡号6214626000000001，赵某立刻通过网上银行转账。",
            "赵某",
            vec![Side::Other],
        ),
        (
            "凌晨2时41分，接收账户是一个工行账户（6212261900000001）。",
            "王某",
            vec![Side::Other],
        ),
        (
            "他就利用各种借口，陆续要小雨转账（6212264300000001）。",
            "小雨",
            vec![Side::Other],
        ),
    ]);
    // Numbers written loosely: each is found, with its digits and no more.
    let found = |text: &str, victim: &str| -> Vec<(IdKind, String, Side)> { sides(text, victim) };
    // WeChat's own ids by their shape alone.
    assert_eq!(
        found("随后对方让她加一个新号（wxid_8k2m5q7tz1x01）。", ""),
        vec![(IdKind::Wechat, "wxid_8k2m5q7tz1x01".into(), Side::Other)]
    );
    // A `000…` caller ID, also as the next of a list.
    assert_eq!(
        found(
            "多名居民接到以“000”开头的语音电话（如4006018001、00086210001）称去领传票。",
            ""
        ),
        vec![
            (IdKind::Service, "4006018001".into(), Side::Other),
            (IdKind::Phone, "00086210001".into(), Side::Other),
        ]
    );
    // Hong Kong's two fours as the next of a list.
    assert_eq!(
        found(
            "騙徒先後用兩個電話（+852 5120 3304、6042 7719）致電事主。",
            ""
        )
        .into_iter()
        .map(|(k, v, _)| (k, v))
        .collect::<Vec<_>>(),
        vec![
            (IdKind::Phone, "+85251203304".to_owned()),
            (IdKind::Phone, "60427719".to_owned()),
        ]
    );
    // …but a sum or a date after a phone is no caller ID.
    for text in [
        "对方电话13812345678,200000元已转走。",
        "对方电话13812345678 20231105报案。",
    ] {
        assert_eq!(
            found(text, "王某"),
            vec![(IdKind::Phone, "+8613812345678".into(), Side::Other)],
            "{text}"
        );
    }
    // A Chinese digit that starts the word after the number is not one of its digits.
    assert_eq!(
        found(
            "该生分三十余次往6217995520000001、6222021207000002三个账号充值。",
            ""
        )
        .into_iter()
        .map(|(_, v, _)| v)
        .collect::<Vec<_>>(),
        vec!["6217995520000001", "6222021207000002"]
    );
    assert_eq!(
        found("杨某手机13974180001一直处于无法接通状态。", "杨某")
            .into_iter()
            .map(|(k, v, _)| (k, v))
            .collect::<Vec<_>>(),
        vec![(IdKind::Phone, "+8613974180001".to_owned())]
    );
    // An area code joined by a dash; a range of sums is still no number.
    assert_eq!(
        found(
            "按信上的“公证处咨询电话0871—6310001”打了第一个电话，要缴5000—10000元。",
            ""
        )
        .into_iter()
        .map(|(k, v, _)| (k, v))
        .collect::<Vec<_>>(),
        vec![(IdKind::Phone, "+868716310001".to_owned())]
    );
    // A six-digit one-time code is no service number: only JD's 950618 is read as one.
    assert_eq!(
        found("骗子让她报出验证码951234，她照做了。", "王某"),
        vec![]
    );
    // Hong Kong's Anti-Scam Helpline is a service number.
    assert_eq!(
        found("如有疑問，可致電防騙易熱線18222查詢。", "")
            .into_iter()
            .map(|(k, v, _)| (k, v))
            .collect::<Vec<_>>(),
        vec![(IdKind::Service, "18222".to_owned())]
    );
}

/// Round twenty-one (issue 20): a victim's own telling, in the first person.
#[test]
fn a_victims_own_telling_is_read_in_the_first_person() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // `他的` in the victim's telling is the one told of.
        (
            "我在网上认识了一个人，他的微信号是lihua_1990，一直跟我说投资稳赚不赔。",
            "",
            vec![Side::Other],
        ),
        (
            "他发给我一个银行卡号6222029876543210987，让我转过去。",
            "",
            vec![Side::Other],
        ),
        // The teller's own family.
        (
            "我用我爸的支付宝（13898765432）给他转了800。",
            "",
            vec![Side::Victim],
        ),
        (
            "我联系了我表哥（18612345678），他说这是诈骗。",
            "",
            vec![Side::Victim],
        ),
    ]);
    // `我` only inside a quotation is no telling of the victim's: `他` is anyone.
    assert_ne!(
        sides_of(
            "王某报警称：“我在网上认识了一个人，我就信了。”他的微信号是wang_2024。",
            "王某"
        ),
        vec![Side::Other]
    );
}

/// Round twenty-one (issue 20): a story of card sellers that names no victim, accounts
/// listed before the words that hand them on, a payee's account a victim word owns.
#[test]
fn card_sellers_stories_and_listed_accounts_are_read() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // Whoever owns an account in a card sellers' story is a seller: the gang's.
        (
            "2022年3月,孙某在求职时遇到一名男子,对方询问孙某是否愿意提供自己的银行卡进行“跑分”,孙某答应后提供了自己名下的一张工商银行卡(6212260200145678901)。",
            "",
            vec![Side::Other],
        ),
        (
            "经查,彭某的银行卡(6222021234567890123)被他人用于收取赃款,彭某交代,其为获利将该卡出售给“卡商”。",
            "",
            vec![Side::Other],
        ),
        // Laundering a caller claims is no seller's story: someone was deceived.
        (
            "李女士接到自称公安的电话,对方称她涉嫌洗钱,要求她把自己的银行卡(6217000010187654321)内的钱转出。",
            "",
            vec![Side::Victim],
        ),
        // Both accounts of the list are handed on.
        (
            "嫌疑人何某在明知他人利用信息网络实施犯罪的情况下,通过张某介绍,将自己的一张农业银行卡(6228480412345678901)、一张建设银行卡(6217000123456789012)交予刘某使用。",
            "",
            vec![Side::Other, Side::Other],
        ),
        // Paid into the reporting victim's account.
        (
            "有男子訛稱有意購買,並以空頭支票付款至報案人的戶口(004-512-345678-901)。",
            "",
            vec![Side::Victim],
        ),
    ]);
}

/// Round twenty (issue 20): a card seller's account handed over with its card or
/// passbook is the gang's (Taiwan's judgments), not a victim's handing hers to a
/// courier; an account drained without consent is the victim's, `直到` is no payee's
/// `到`; anti-fraud centres reach the victim (`受害者`); cards a victim mails off are not
/// the gang's by their list alone; `其` does not turn back to someone contacted;
/// `汇往` names a payee; a card's number from 0 is a card, hyphens other than dashes join
/// its groups.
#[test]
fn handed_over_drained_and_contacted_accounts_are_read() {
    // (text, the victim's name, the one identifier's side)
    let one_each = [
        (
            "陳某明知提供金融帳戶予他人使用可能幫助詐欺，向被害人施用詐術，仍將其所申辦之郵局帳號00312450286617號帳戶之存摺、提款卡及密碼，以宅急便之方式寄送予詐欺集團成員。",
            "林某",
            Side::Other,
        ),
        // The victim handing her own card to a courier is no seller.
        (
            "林某陷於錯誤，依指示將其郵局帳號00312450286617號帳戶之提款卡及密碼交付予假冒檢察官之人。",
            "林某",
            Side::Victim,
        ),
        (
            "對方指示男士透過WhatsApp點擊連結。直到男士發現銀行戶口（012-574-1-028816）喺未經其授權下先後四次被轉賬。",
            "",
            Side::Victim,
        ),
        (
            "反诈骗中心立即向受害者（+65 9127 4836）发送短讯，提醒其警惕。",
            "",
            Side::Victim,
        ),
        (
            "被告人黄某自称药店老板。马某通过微信联系黄某，分两次用其支付宝（账号13839027716）转账13000元。",
            "马某",
            Side::Victim,
        ),
        (
            "王女士要求将48万元现金，汇往广州某投资公司（账号44050158020900003721）。",
            "王女士",
            Side::Other,
        ),
    ];
    for (text, victim, side) in one_each {
        assert_eq!(sides_of(text, victim), vec![side], "{text}");
    }
    assert!(
        !sides_of(
            "詐團恐嚇被害人涉洗錢案，要求交出帳戶資料。何姓市民慌張照做，將存摺與提款卡（帳號00419870216534、00512630984417）寄出。",
            "何姓市民"
        )
        .contains(&Side::Other)
    );
    let kinds = |text: &str| -> Vec<(IdKind, String)> {
        sides(text, "")
            .into_iter()
            .map(|(k, v, _)| (k, v))
            .collect()
    };
    assert_eq!(
        kinds("假冒的书记官取走3张金融卡（其中一张卡号0091-0230-5518-762）。"),
        vec![(IdKind::Card, "009102305518762".to_string())]
    );
    assert_eq!(
        kinds("將彰化銀行帳號009─52170036184900號存摺、提款卡及密碼提供與「大哥」使用。"),
        vec![(IdKind::Card, "00952170036184900".to_string())]
    );
}

/// Round twenty-five's rules (BENCHMARKS.md): money gathered into one card however the
/// move is written, the teacher of a share-tips group and Taiwan's money collector as
/// roles, a home's phone, what `其` sent, nobody named by a particle before `某`, someone's
/// private account, a deposit's receipt, a number told as having rung the victim, a
/// sibling named by order and the real one's old number, and a bank's name in Latin
/// letters before an account. Each case reads otherwise on round twenty-four's code.
#[test]
fn one_card_roles_home_phones_and_receipts_are_read() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // All the money gathered into one card is the victim's; the card it then goes
        // to is the other side's.
        (
            "她把各张银行卡的钱转到了一张银行卡（6217000560012839001）之后，全部转给了对方\
             （6230520020085713001）。",
            "王女士",
            vec![Side::Victim, Side::Other],
        ),
        // The teacher of a share-tips group, Taiwan's collector.
        (
            "群内股友经常会发一些股票信息、指导老师名片（微信号：zd_laoshi_0716）、二维码。",
            "鲁大妈",
            vec![Side::Other],
        ),
        (
            "警方在車站埋伏，44歲陳姓車手（持用門號0958-111-222）現身時被捕。",
            "林姓婦人",
            vec![Side::Other],
        ),
        // A home's phone.
        (
            "李婆婆在家中（住宅電話2388 1234）接獲聲稱郵局職員的來電。",
            "李婆婆",
            vec![Side::Victim],
        ),
        // What `其` sent, `其` the one guiding the victim.
        (
            "周女士按照对方的引导，复制其发送的银行卡号（6230943100028710001）进行转账。",
            "周女士",
            vec![Side::Other],
        ),
        // `下载了某…`: something downloaded, nobody named, so `自己` is still the victim.
        (
            "杨女士按照对方的提示进行操作，下载了某会议软件，同时将余额提现到自己的银行卡\
             （6230521870009240001）内。",
            "杨女士",
            vec![Side::Victim],
        ),
        // Someone's private account the money is sent to.
        (
            "此次转账目标账户更换为另一私人账户（6230941000228170001）。",
            "",
            vec![Side::Other],
        ),
        // A deposit's receipt.
        (
            "一位78岁的老人攥着刚存入的5万元定期存单（账号621597103005820001），正在向工作人员\
             抱怨不让取钱。",
            "",
            vec![Side::Victim],
        ),
        // A number that rang the victim, told right after it: no veto by the scorer.
        (
            "当天下午2点多，他正在忙工作，突然接到一个区号为0531的座机（0531-86915001）\
             打来的电话。",
            "王先生",
            vec![Side::Other],
        ),
        // A sibling named by order, posed as; the real one's old number.
        (
            "事发当日，周大爷接到一陌生来电（13360850001），称是他二弟，说原号码（13707340001）\
             换了。\n接警记录：周某接冒充其二弟的电话13360850001（称原号13707340001已换），\
             要求汇款1万元。",
            "周大爷",
            vec![Side::Other, Side::Victim],
        ),
        // A bank's name in Latin letters between the account word and the number.
        (
            "鍾姓婦人到銀行準備匯出12萬美元至開發商帳戶（Maybank 5142-7630-0001），所幸行員\
             察覺異狀。",
            "鍾姓婦人",
            vec![Side::Other],
        ),
    ]);
}

/// Round twenty-six's rules (BENCHMARKS.md): a national desk the victim or a helper
/// called and the police's `96110`, an account named after the suspects, anything
/// private, a child and a nephew as kin, the victim described, the real one told by
/// `真`, a home's phone told by the home. Each case reads otherwise on round
/// twenty-five's code.
#[test]
fn called_desks_described_victims_and_homes_are_read() {
    // (text, the victim's name, the identifiers' sides)
    reads_each(&[
        // A national desk called: the real one, nobody's to link.
        (
            "意识到自己被骗之后，我在第一时间向腾讯客服（95017）进行了反应。",
            "",
            vec![Side::Mentioned],
        ),
        (
            "网点员工阻止客户继续转账，并帮其联系农行客服（95599）对卡片做挂失处理。",
            "李女士",
            vec![Side::Mentioned],
        ),
        // Not a list item of the account before it, nor filled in by the scorer for the
        // `客服` before it.
        (
            "她多次向嫌疑人的银行账户（6230580000193740011）进行转账，后向农行客服（95599）进行\
             了反映。",
            "王女士",
            vec![Side::Other, Side::Mentioned],
        ),
        // The police's anti-fraud line, which the other side tells the victim not to
        // answer.
        (
            "通话过程中，对方不停地给她洗脑，不要接听96110的电话。",
            "王女士",
            vec![Side::Mentioned],
        ),
        // The account named after the suspects, against the scorer.
        (
            "在客服的进一步诱导下，马某开始多次向嫌疑人的银行账户（6230580000193740001）进行转账。",
            "马某",
            vec![Side::Other],
        ),
        // A private card.
        (
            "随后假董事长让出纳从公司账户转30万到私人卡（6222081301007260001）。",
            "罗女士",
            vec![Side::Other],
        ),
        // The victim's child.
        (
            "在确认了来电的确是孩子的微信账号（sunyiran_jp0001）后，老孙迫不及待询问到底出了\
             什么事。",
            "老孙",
            vec![Side::Victim],
        ),
        // The victim described: a victim word, `为`/`是`, the person.
        (
            "據了解，其中一名受害人為70歲老婦（聯絡電話 6027 0001），一個月內被騙近47萬元。",
            "",
            vec![Side::Victim],
        ),
        (
            "是案損失最大的苦主是一名24歲男子（手機 6351 0001）。",
            "",
            vec![Side::Victim],
        ),
        // The real one, told by `真`: a masked name, a son-in-law.
        (
            "为了证实我的推断，我打电话给真张某（13901180001），她说他们正在外地玩呢。",
            "老秦",
            vec![Side::Victim],
        ),
        (
            "经女儿核实后（真女婿的电话13922070001），杨婆婆才相信遭遇了电信诈骗。",
            "杨婆婆",
            vec![Side::Victim],
        ),
        // A home's phone told by the home.
        (
            "司警在8日下午接到女事主報案,指早上在家中固網電話（28550001）,收到極似兒子聲音的來電\
             （+852 6280 0001）,說因涉及傷人急需現金賠償,女事主當時因救子心切,即到銀行提取現金。",
            "",
            vec![Side::Victim, Side::Other],
        ),
        (
            "原来是有人冒充女婿，换了手机号打电话到家里（020-84410001），说在外地做了不光彩的事。",
            "杨婆婆",
            vec![Side::Victim],
        ),
    ]);
}
