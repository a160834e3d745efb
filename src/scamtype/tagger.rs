//! Tags a script with a scam type when the scam-type column is empty.
//!
//! **A weighted phrase table, not a trained model.** Each of the ten categories has a
//! list of phrases with integer weights ([`TABLE`]); one Aho-Corasick pass over the
//! script finds every phrase (overlapping, so `影响个人征信` also counts `征信`), each
//! distinct phrase adds its weights once, and the category with the highest score wins
//! if it scores at least [`MIN_SCORE`] and strictly more than every other category.
//! Otherwise the answer is `None`: a plain description without scam words is not forced
//! into a class. A table was chosen over a small model because an analyst can read why a
//! script was tagged ([`matches`]) and add the phrase a new script variant uses with a
//! one-line edit, because it needs no training pipeline or model file in the repository,
//! and because one automaton pass costs a few microseconds per script (BENCHMARKS.md,
//! "Scam-type tagger"), which a million-row import can afford.
//!
//! **Where the phrases come from.** The categories' published descriptions (the
//! Ministry of Public Security's ten high-incidence types, as released in 2023 and 2024)
//! and the building corpus `tests/scam_texts/build.tsv`: real case texts from police
//! notices, news reports and court reports, each with its source (round one's held-out
//! texts joined it in round two). The held-out corpus `tests/scam_texts/heldout.tsv` was
//! gathered after the table was committed and not used to write it;
//! `tests/scam_tagger.rs` measures it, and BENCHMARKS.md reports both rounds and what the
//! table still lacks (sub-types such as an impersonated grandchild on the phone).
//!
//! **Credit record against customer service.** The official descriptions decide the
//! split the JD-style scripts of this project straddle: 虚假征信类 is "impersonating a
//! bank, lender or platform's customer service, claiming the victim opened a campus or
//! student loan account that must be cancelled, or that a credit product (花呗, 借呗,
//! 白条, 金条, 微粒贷) has a bad record or an over-limit rate, *or the personal credit
//! record will suffer*"; 冒充电商物流客服类 is "impersonating an e-commerce or courier
//! customer service over a refund, a lost parcel, or a service bought or opened by
//! mistake (百万保障, a membership) that will be charged". So `征信`, `校园贷`, `注销`,
//! `利率过高` weigh towards `credit_record`, and `退款`, `理赔`, `快递`, `误开通`,
//! `扣费`, `百万保障` towards `customer_service`; screen sharing and meeting apps, used by
//! both, weigh little. A script that threatens the credit record reads as credit record
//! even when it also speaks of a membership, because the threat is what the official
//! description of 虚假征信类 names.
//!
//! **Romance against investment.** The official name of the romance category is
//! 网络婚恋、交友类（非虚假网络投资理财类）: a romance that leads to a fake investment
//! platform (杀猪盘) is investment. So once investment reads clearly, romance evidence
//! does not count against it.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::Code;

/// The lowest score that reads as a category. A single strong phrase (`刷单`, `征信`,
/// `网恋`, `洗钱`) scores 4; weaker words (`客服`, `会员`, `公安`) need company.
pub const MIN_SCORE: i32 = 4;

use Code::{
    Acquaintance, CreditRecord, CustomerService, GameTrade, Investment, Loan, OrderBrushing,
    Police, Romance, Shopping,
};

/// The phrase table: per category, phrases and their weights. A phrase may appear under
/// several categories (its weights add to each); a negative weight takes evidence away
/// (`免征信` is a loan advert's promise, not a credit-record threat, though it contains
/// `征信`). English phrases are matched case-insensitively; they were written from the
/// same descriptions but no English corpus was measured.
pub const TABLE: &[(Code, &[(&str, i8)])] = &[
    (
        OrderBrushing,
        &[
            ("刷单", 4),
            ("刷信誉", 3),
            ("刷好评", 3),
            ("刷流量", 2),
            ("返利", 1),
            ("佣金", 2),
            ("返佣", 2),
            ("兼职", 2),
            ("做任务", 3),
            ("关注", 1),
            ("截图", 1),
            ("任务单", 3),
            ("接任务", 2),
            ("新手任务", 2),
            ("进阶任务", 2),
            ("组合任务", 3),
            ("销量任务", 2),
            ("任务未完成", 3),
            ("派单", 3),
            ("派单员", 1),
            ("接待员", 2),
            ("连单", 4),
            ("联单", 3),
            ("卡单", 3),
            ("福利单", 3),
            ("点赞", 2),
            ("一个赞", 2),
            ("公众号", 1),
            ("垫付", 2),
            ("垫资", 3),
            ("日结", 2),
            ("order brushing", 4),
            ("brushing", 3),
            ("commission", 2),
            ("part-time", 2),
            ("like and follow", 3),
            ("combined task", 3),
        ],
    ),
    (
        Investment,
        &[
            ("投资", 2),
            ("理财", 2),
            ("投资平台", 2),
            ("炒股", 3),
            ("股票", 2),
            ("荐股", 3),
            ("股民", 2),
            ("导师", 3),
            ("老师", 1),
            ("回本", 2),
            ("直播课", 2),
            ("讲课", 2),
            ("内幕消息", 3),
            ("新股", 2),
            ("期货", 3),
            ("外汇", 3),
            ("炒黄金", 3),
            ("虚拟货币", 3),
            ("虚拟币", 3),
            ("数字货币", 3),
            ("USDT", 3),
            ("比特币", 3),
            ("区块链", 2),
            ("炒币", 3),
            ("纪念币", 2),
            ("交易所", 1),
            ("证券", 2),
            ("收益", 2),
            ("高回报", 2),
            ("盈利", 2),
            ("建仓", 3),
            ("保本", 2),
            ("资金盘", 2),
            ("杀猪盘", 2),
            ("investment", 3),
            ("stock", 2),
            ("stock tips", 2),
            ("crypto", 3),
            ("trading platform", 3),
            ("investment platform", 2),
            ("insider", 2),
        ],
    ),
    (
        Loan,
        &[
            ("贷款", 2),
            ("申请贷款", 2),
            ("贷款申请", 2),
            ("贷款APP", 2),
            ("贷款公司", 2),
            ("贷款平台", 2),
            ("解冻金", 2),
            ("解冻费", 2),
            ("会员费", 1),
            ("放款", 3),
            ("下款", 3),
            ("无抵押", 3),
            ("免征信", 3),
            ("不看征信", 3),
            ("秒批", 2),
            ("低息", 2),
            ("信贷经理", 3),
            ("卡号错误", 2),
            ("卡号有误", 2),
            ("卡号输错", 2),
            ("卡号输入错误", 2),
            ("卡号填写错误", 2),
            ("账号填写错误", 2),
            ("填写错误", 1),
            ("解冻", 1),
            ("刷流水", 3),
            ("流水不足", 3),
            ("还款能力", 3),
            ("验证信誉", 2),
            ("综合评分", 2),
            ("评分", 1),
            ("验资", 2),
            ("信用卡", 2),
            ("代办", 2),
            ("提额", 2),
            ("提升信用卡额度", 2),
            ("额度提现", 3),
            ("流水证明", 3),
            ("激活额度", 2),
            ("额度可提升", 3),
            ("提高白条额度", 3),
            ("loan", 3),
            ("loan platform", 2),
            ("online loan", 1),
            ("unfreeze", 1),
            ("repayment ability", 3),
            ("quota", 1),
        ],
    ),
    (
        CustomerService,
        &[
            ("客服", 1),
            ("快递", 1),
            ("包裹", 2),
            ("物流", 2),
            ("丢失", 2),
            ("遗失", 2),
            ("理赔", 3),
            ("赔偿", 1),
            ("退款", 3),
            ("退货", 2),
            ("质量问题", 3),
            ("过敏", 2),
            ("三倍", 2),
            ("淘宝", 1),
            ("拼多多", 1),
            ("电商", 1),
            ("订单", 1),
            ("售后", 2),
            ("会员", 2),
            ("误开通", 3),
            ("月费", 3),
            ("会员费", 1),
            ("取消", 1),
            ("购物平台", 2),
            ("不取消", 2),
            ("开通了", 1),
            ("扣费", 3),
            ("扣款", 1),
            ("百万保障", 4),
            ("保险", 1),
            ("直播", 1),
            ("备用金", 2),
            ("操作失误", 1),
            ("屏幕共享", 1),
            ("共享屏幕", 1),
            ("视频会议", 1),
            ("customer service", 1),
            ("refund", 3),
            ("parcel", 3),
            ("membership", 3),
            ("monthly fee", 2),
            ("by mistake", 2),
            ("charged", 1),
        ],
    ),
    (
        Police,
        &[
            ("公安", 2),
            ("警官", 3),
            ("警察", 2),
            ("警号", 2),
            ("警服", 2),
            ("刑警", 2),
            ("经侦", 2),
            ("检察院", 4),
            ("检察官", 4),
            ("法院", 2),
            ("公检法", 4),
            ("涉嫌", 2),
            ("洗钱", 4),
            ("洗黑钱", 4),
            ("逮捕", 3),
            ("拘捕", 3),
            ("通缉", 4),
            ("冻结令", 2),
            ("管制令", 2),
            ("立案", 2),
            ("涉案", 2),
            ("犯罪", 2),
            ("配合调查", 3),
            ("接受调查", 2),
            ("笔录", 2),
            ("违禁品", 3),
            ("转接", 2),
            ("安全账户", 2),
            ("资金核查", 3),
            ("资金审查", 3),
            ("资金清查", 3),
            ("清查", 1),
            ("监管账户", 2),
            ("保密", 1),
            ("汇报行踪", 3),
            ("医保", 3),
            ("报销", 1),
            ("社保", 3),
            ("冒用", 1),
            ("police", 3),
            ("money laundering", 4),
            ("safe account", 2),
            ("arrest", 2),
            ("prosecutor", 3),
            ("procuratorate", 4),
            ("warrant", 2),
            ("supervision account", 2),
        ],
    ),
    (
        CreditRecord,
        &[
            ("征信", 4),
            ("影响征信", 1),
            ("个人征信", 1),
            ("免征信", -4),
            ("不看征信", -4),
            ("校园贷", 4),
            ("学生贷", 4),
            ("注销", 2),
            ("学生账户", 3),
            ("学生账号", 3),
            ("学生状态", 3),
            ("学生贷款", 3),
            ("上学期间", 1),
            ("大学期间", 1),
            ("在校期间", 1),
            ("学生时期", 2),
            ("消除", 1),
            ("不良记录", 3),
            ("不良信用", 2),
            ("逾期记录", 3),
            ("逾期", 1),
            ("花呗", 1),
            ("借呗", 1),
            ("白条", 1),
            ("金条", 1),
            ("微粒贷", 1),
            ("利率过高", 3),
            ("利息过高", 3),
            ("利率", 1),
            ("国家规定", 2),
            ("国家政策", 2),
            ("银保监", 2),
            ("银监会", 2),
            ("保监会", 2),
            ("清空额度", 3),
            ("额度清零", 3),
            ("credit record", 4),
            ("credit score", 3),
            ("student loan", 3),
            ("baitiao", 1),
            ("gold bar", 1),
        ],
    ),
    (
        Shopping,
        &[
            ("代购", 4),
            ("低价", 2),
            ("便宜", 2),
            ("网购", 3),
            ("朋友圈", 1),
            ("门票", 3),
            ("演唱会", 3),
            ("票务", 3),
            ("出票", 3),
            ("抢票", 2),
            ("黄牛", 2),
            ("二手", 2),
            ("闲鱼", 2),
            ("卖家", 2),
            ("不发货", 3),
            ("收到货", 3),
            ("没有收到货", 1),
            ("未收到货", 1),
            ("发货", 2),
            ("快递单号", 1),
            ("定金", 2),
            ("订金", 2),
            ("运费", 2),
            ("托运", 2),
            ("宠物", 3),
            ("猫咪", 2),
            ("微商", 3),
            ("关税", 2),
            ("通关", 2),
            ("海淘", 3),
            ("私家侦探", 3),
            ("厂家直销", 2),
            ("内部价", 2),
            ("私下交易", 1),
            ("转转", 2),
            ("论文代写", 3),
            ("办证", 2),
            ("concert", 3),
            ("tickets", 2),
            ("never delivered", 3),
            ("shipping fee", 2),
        ],
    ),
    (
        Acquaintance,
        &[
            ("领导", 3),
            ("老板", 3),
            ("董事长", 4),
            ("老总", 4),
            ("总经理", 2),
            ("财务", 3),
            ("会计", 2),
            ("出纳", 2),
            ("公司账户", 2),
            ("工作群", 2),
            ("合同款", 2),
            ("班主任", 4),
            ("家长群", 2),
            ("班级群", 2),
            ("资料费", 3),
            ("熟人", 3),
            ("好友", 1),
            ("借钱", 2),
            ("帮忙转账", 3),
            ("同学", 1),
            ("亲戚", 1),
            ("自称是其", 2),
            ("班长", 3),
            ("老同学", 2),
            ("战友", 2),
            ("朋友", 1),
            ("妹夫", 2),
            ("侄子", 2),
            ("外甥", 2),
            ("表哥", 2),
            ("表弟", 2),
            ("舅舅", 2),
            ("急需用钱", 2),
            ("应急", 1),
            ("昵称", 2),
            ("师姐", 2),
            ("老乡", 2),
            ("头像", 2),
            ("一模一样", 2),
            ("被盗", 1),
            ("boss", 3),
            ("leader", 3),
        ],
    ),
    (
        GameTrade,
        &[
            ("游戏", 3),
            ("游戏账号", 3),
            ("装备", 3),
            ("皮肤", 3),
            ("点券", 4),
            ("游戏币", 2),
            ("金币", 2),
            ("Q币", 3),
            ("代充", 3),
            ("代刷", 2),
            ("手游", 3),
            ("交易猫", 4),
            ("未成年", 2),
            ("防沉迷", 3),
            ("道具", 2),
            ("挂售", 2),
            ("私下交易", 1),
            ("game", 3),
            ("skins", 3),
        ],
    ),
    (
        Romance,
        &[
            ("网恋", 4),
            ("恋爱", 3),
            ("男朋友", 3),
            ("女朋友", 3),
            ("男友", 2),
            ("女友", 2),
            ("恋人", 3),
            ("男女朋友", 2),
            ("婚姻", 2),
            ("从未见面", 2),
            ("素未谋面", 2),
            ("热恋", 3),
            ("婚恋", 4),
            ("相亲", 3),
            ("交友", 2),
            ("网友", 1),
            ("女网友", 3),
            ("男网友", 3),
            ("交往", 3),
            ("结识", 1),
            ("网上聊天", 1),
            ("结婚", 2),
            ("骗婚", 4),
            ("彩礼", 3),
            ("见面费", 3),
            ("亲爱的", 3),
            ("嘘寒问暖", 2),
            ("高富帅", 3),
            ("白富美", 3),
            ("富二代", 2),
            ("医药费", 2),
            ("医疗费", 2),
            ("手术费", 2),
            ("车祸", 2),
            ("附近的人", 2),
            ("dating", 3),
            ("boyfriend", 3),
            ("girlfriend", 3),
            ("romance", 3),
        ],
    ),
];

/// The categories [`TABLE`] scores, in score-array order.
const CLASSES: [Code; 10] = Code::CATEGORIES;

fn class_index(code: Code) -> usize {
    // `Other` has no phrases; the table only names the ten categories.
    CLASSES.iter().position(|c| *c == code).unwrap_or(0)
}

/// The table compiled once: the distinct phrases, one automaton over them, and for each
/// phrase what it adds to which category.
struct Compiled {
    automaton: AhoCorasick,
    phrases: Vec<&'static str>,
    weights: Vec<Vec<(usize, i32)>>,
}

/// Distinct phrases a script can match are tracked in a fixed bitset, so tagging
/// allocates nothing; the table must stay under this many phrases.
const MAX_PHRASES: usize = 1024;

static COMPILED: LazyLock<Option<Compiled>> = LazyLock::new(compile);

fn compile() -> Option<Compiled> {
    let mut phrases: Vec<&'static str> = Vec::new();
    let mut weights: Vec<Vec<(usize, i32)>> = Vec::new();
    for (code, list) in TABLE {
        let class = class_index(*code);
        for (phrase, weight) in *list {
            let at = match phrases.iter().position(|p| p.eq_ignore_ascii_case(phrase)) {
                Some(at) => at,
                None => {
                    phrases.push(phrase);
                    weights.push(Vec::new());
                    phrases.len() - 1
                }
            };
            weights[at].push((class, i32::from(*weight)));
        }
    }
    if phrases.len() > MAX_PHRASES {
        return None;
    }
    // Standard semantics: overlapping search reports every phrase, also one inside a
    // longer one. The table is a compile-time constant, so building cannot fail on
    // input; if it ever did, tagging answers `None` rather than panicking an import.
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .build(&phrases)
        .ok()?;
    Some(Compiled {
        automaton,
        phrases,
        weights,
    })
}

/// Each category's score for a script, in the order of `Code::ALL` without `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores([i32; 10]);

impl Scores {
    /// The score of one category (`Other` scores 0).
    pub fn get(&self, code: Code) -> i32 {
        if code == Code::Other {
            return 0;
        }
        self.0[class_index(code)]
    }

    /// The category that reads clearly: the highest score, at least [`MIN_SCORE`], and
    /// strictly above every other category.
    pub fn best(&self) -> Option<Code> {
        let mut scores = self.0;
        // Romance is "not investment" by its official name: once investment reads, the
        // romance that led to it is part of the investment scam.
        if scores[class_index(Investment)] >= MIN_SCORE {
            scores[class_index(Romance)] = 0;
        }
        let (top, &top_score) = scores.iter().enumerate().max_by_key(|(_, s)| **s)?;
        if top_score < MIN_SCORE {
            return None;
        }
        let tied = scores.iter().filter(|s| **s == top_score).count();
        (tied == 1).then_some(CLASSES[top])
    }
}

/// Every category's score for `script`.
pub fn scores(script: &str) -> Scores {
    let mut scores = [0i32; 10];
    let Some(compiled) = COMPILED.as_ref() else {
        return Scores(scores);
    };
    let mut seen = [0u64; MAX_PHRASES / 64];
    for m in compiled.automaton.find_overlapping_iter(script) {
        let id = m.pattern().as_usize();
        let (word, bit) = (id / 64, 1u64 << (id % 64));
        if seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        for (class, weight) in &compiled.weights[id] {
            scores[*class] += weight;
        }
    }
    Scores(scores)
}

/// The category a script reads as, if any reads clearly enough.
pub fn tag(script: &str) -> Option<Code> {
    scores(script).best()
}

/// The phrases of [`TABLE`] found in `script`, once each, in order of first appearance:
/// why a script was tagged as it was.
pub fn matches(script: &str) -> Vec<&'static str> {
    let Some(compiled) = COMPILED.as_ref() else {
        return Vec::new();
    };
    let mut found: Vec<&'static str> = Vec::new();
    for m in compiled.automaton.find_overlapping_iter(script) {
        let phrase = compiled.phrases[m.pattern().as_usize()];
        if !found.contains(&phrase) {
            found.push(phrase);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_compiles_within_the_bitset() {
        let compiled = COMPILED.as_ref().expect("the phrase table compiles");
        assert!(compiled.phrases.len() <= MAX_PHRASES);
        assert!(compiled.phrases.len() > 200, "the table lost its phrases");
    }

    #[test]
    fn a_phrase_counts_once_however_often_it_appears() {
        let once = scores("刷单").get(OrderBrushing);
        assert_eq!(scores("刷单刷单刷单刷单").get(OrderBrushing), once);
    }

    #[test]
    fn plain_text_and_weak_words_are_not_forced_into_a_class() {
        assert_eq!(tag(""), None);
        assert_eq!(tag("报警人称其电动车在小区楼下被盗"), None);
        // One weak word each for several classes: nothing reads clearly.
        assert_eq!(tag("接到客服电话后到公安局咨询"), None);
    }

    #[test]
    fn a_loan_advert_promising_no_credit_check_is_not_a_credit_record_scam() {
        let s = scores("对方称无抵押、免征信、快速放款,需先交保证金");
        assert!(s.get(CreditRecord) <= 0, "{s:?}");
        assert_eq!(s.best(), Some(Loan));
    }

    #[test]
    fn jd_scripts_split_as_the_official_descriptions_do() {
        // The credit record threatened: 虚假征信类.
        assert_eq!(
            tag(
                "自称京东金融客服,称其京东金条账户存在异常,如不处理将影响个人征信,下载腾讯会议并开启屏幕共享"
            ),
            Some(CreditRecord)
        );
        assert_eq!(
            tag("称其大学期间开通过校园贷账户,现需注销,否则影响征信"),
            Some(CreditRecord)
        );
        // A membership opened by mistake that will be charged: 冒充电商物流客服类.
        assert_eq!(
            tag(
                "自称京东客服,称其不小心开通了京东PLUS会员服务,如不关闭将每月扣费,诱导其下载钉钉开启屏幕共享"
            ),
            Some(CustomerService)
        );
        assert_eq!(
            tag("称其账户被误开通百万保障会员,需要取消扣费"),
            Some(CustomerService)
        );
    }

    #[test]
    fn romance_that_leads_to_an_investment_platform_is_investment() {
        let script = "在交友软件上认识一名网友,两人确立恋爱关系,对方推荐其在某投资平台购买理财产品,平台显示盈利但无法提现";
        assert!(scores(script).get(Romance) >= MIN_SCORE);
        assert_eq!(tag(script), Some(Investment));
    }

    #[test]
    fn english_scripts_read_too() {
        assert_eq!(
            tag(
                "Victim answered a 'like and follow for commission' ad and was told to top up for combined tasks."
            ),
            Some(OrderBrushing)
        );
        assert_eq!(
            tag(
                "Caller claiming to be JD Finance customer service said the Gold Bar loan would hurt the victim's credit record."
            ),
            Some(CreditRecord)
        );
    }

    #[test]
    fn matches_explain_the_score() {
        let found = matches("对方称需完成连单任务才能返还佣金,刷单刷单");
        assert_eq!(found, vec!["连单", "佣金", "刷单"]);
    }
}
