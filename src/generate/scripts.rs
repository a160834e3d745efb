//! The `script` column: short police-style narratives built from templates and
//! phrase pools per scam type (Chinese mostly, English sometimes). The pools hold no
//! identifiers and no digit runs longer than four, so the narrative adds nothing the
//! truth does not know; the only number in them is the loss, written as `3.5万元`
//! or `2800元`.

use std::fmt::Write;

use fastrand::Rng;

fn pick<'a>(rng: &mut Rng, pool: &[&'a str]) -> &'a str {
    pool[rng.usize(..pool.len())]
}

const OPENERS: &[&str] = &[
    "报警人称",
    "事主报称",
    "受害人称",
    "报警人反映",
    "事主称",
    "受害人报称",
    "",
    "报警人",
    "据事主称，",
];
const WHEN: &[&str] = &[
    "",
    "",
    "当日",
    "近日",
    "日前",
    "昨日下午",
    "今日上午",
    "当晚",
    "本月初",
];

const CALLED: &[&str] = &[
    "接到一个自称{who}的电话",
    "接到自称{who}的来电",
    "接到一名自称{who}的男子来电",
    "接到一名自称{who}的女子来电",
    "收到自称{who}的短信后回拨",
    "被一名自称{who}的人员添加为微信好友",
];

const JD_WHO: &[&str] = &[
    "京东客服",
    "京东金融客服",
    "京东金融工作人员",
    "京东白条客服",
    "京东商城客服",
    "京东专属客服",
    "京东金条客服",
    "京东售后",
];

const GOLD_BAR: &[&str] = &[
    "称其京东金条账户存在异常，如不处理将影响个人征信",
    "称其金条额度需要关闭，否则会上报征信",
    "称其开通的金条涉嫌违规，征信将受影响",
    "称其金条利率不合规需要调整，否则影响征信记录",
    "称其名下金条借款有逾期记录，需要配合消除",
    "称根据银保监要求需关闭其金条业务，否则征信受影响",
];
const STUDENT: &[&str] = &[
    "称其大学期间开通过校园贷账户，现需注销，否则影响征信",
    "称国家出台政策要求注销学生时期的校园贷，否则征信受影响",
    "称其京东账户被认定为学生账户，需要注销校园贷业务",
    "称其曾在学生时期开通京东金融借款，需配合注销",
    "称其校园贷账户未注销，会产生高额利息并上征信",
];
const BAITIAO: &[&str] = &[
    "称可帮其提高白条额度",
    "称其白条额度可提升至{n}万元，需先验证还款能力",
    "称其白条账户异常，需要重新激活额度",
    "称可以将其白条额度提现",
    "称其白条额度即将被冻结，需做流水证明",
];
const MEMBER: &[&str] = &[
    "称其误开通了京东会员，每月将自动扣费{n}元，需取消",
    "称其不小心开通了京东PLUS会员服务，如不关闭将每月扣费",
    "称其账户被误开通百万保障会员，需要取消扣费",
    "称其开通的直播会员将按月扣费，需要关闭",
    "称工作人员操作失误为其开通了会员，将扣费{n}元",
];
const RECITE: &[&str] = &[
    "",
    "",
    "对方准确说出其姓名、身份证号及购物记录，",
    "对方能说出其个人信息和订单信息，遂信以为真，",
    "对方报出其身份证号和收货地址，取得其信任，",
    "因对方掌握其个人信息，",
];
const APPS: &[&str] = &[
    "下载腾讯会议并开启屏幕共享",
    "下载钉钉开启屏幕共享",
    "下载Zoom会议软件共享屏幕",
    "下载“屏幕共享”APP",
    "下载云视讯会议软件并开启共享屏幕",
    "进入腾讯会议共享手机屏幕",
    "下载“安全助手”APP并开启屏幕共享",
];
const GUIDE: &[&str] = &[
    "对方诱导其",
    "对方要求其",
    "后对方指导其",
    "按对方要求",
    "在对方指导下",
];
const SAFE: &[&str] = &[
    "将名下银行卡资金转入所谓“安全账户”",
    "在多个网贷平台借款后转入对方提供的“安全账户”",
    "通过手机银行向对方提供的账户转账{k}笔",
    "向对方指定账户转账{k}次",
    "将借出的钱款转到对方所称的“监管账户”",
    "通过支付宝向对方转账{k}笔",
];
const LOSS: &[&str] = &[
    "，共计{amt}",
    "，共计被骗{amt}",
    "，损失{amt}",
    "，合计{amt}",
    "{amt}",
];
const ENDING: &[&str] = &[
    "。",
    "。",
    "，后发现被骗。",
    "，事后对方失联，方知被骗。",
    "，后被对方拉黑。",
    "，经家人提醒发现被骗。",
    "，后联系官方客服得知被骗。",
];

const BRUSH_HOW: &[&str] = &[
    "在抖音看到兼职刷单广告，添加对方后被拉入群聊",
    "在网上看到“点赞关注赚佣金”的兼职广告",
    "被陌生人拉入一个做任务返佣金的群",
    "通过招聘网站联系到一名“派单员”",
    "收到“日结兼职”短信后添加对方为好友",
];
const BRUSH_THEN: &[&str] = &[
    "前几单返还了本金和佣金，后对方以“连单”“任务未完成”为由要求继续充值",
    "按对方要求下载一款APP做任务，刷单后无法提现",
    "对方称需完成组合任务才能提现",
    "对方称其操作失误导致账户冻结，需缴纳解冻金",
];
/// Who the fake official claims to be, and the pretext that goes with it.
const POLICE: &[(&str, &[&str])] = &[
    (
        "公安局民警",
        &[
            "称其涉嫌一起洗钱案件，需配合调查",
            "称其身份信息被盗用办理了银行卡，涉嫌洗钱",
        ],
    ),
    (
        "公安局刑侦支队警官",
        &[
            "称其涉嫌一起洗钱案件，需配合调查",
            "向其出示所谓的“通缉令”并要求其保密",
        ],
    ),
    (
        "检察院工作人员",
        &[
            "向其出示所谓的“通缉令”并要求其保密",
            "称其涉嫌非法出售银行卡，已被立案",
        ],
    ),
    (
        "法院工作人员",
        &[
            "称其有一张传票未签收，涉嫌经济犯罪",
            "称其名下账户涉案需要冻结",
        ],
    ),
    (
        "快递公司客服",
        &[
            "称其快递中有违禁品，随后将电话转接给“警官”",
            "称其包裹内查出多张他人银行卡，随后转接给“民警”",
        ],
    ),
    (
        "通信管理局工作人员",
        &["称其名下手机号涉嫌发送诈骗短信，随后转接给“警官”"],
    ),
    (
        "医保局工作人员",
        &["称其医保卡在外地违规使用，随后转接给“警官”"],
    ),
];
const POLICE_DO: &[&str] = &[
    "要求其将资金转入“安全账户”进行资金核查",
    "要求其下载会议软件单独接受“视频笔录”，并转账证明清白",
    "要求其把钱转入“清查账户”",
    "要求其到宾馆单独接受调查并转移资金",
];
const INVEST_HOW: &[&str] = &[
    "在交友软件上认识一名网友，对方推荐其在某投资平台购买理财产品",
    "被拉入股票交流群，群内“老师”推荐内幕消息",
    "网友推荐其投资虚拟币，称稳赚不赔",
    "被“投资导师”引导下载某炒黄金APP",
    "经网恋对象介绍在某外汇平台投资",
];
const INVEST_THEN: &[&str] = &[
    "初期小额获利并成功提现，后加大投入",
    "平台显示盈利但无法提现，被要求缴纳“保证金”",
    "后平台无法登录",
    "对方称需缴纳个人所得税才能提现",
];
const LOAN_HOW: &[&str] = &[
    "在网上申请贷款，对方称其银行流水不足需先刷流水",
    "接到自称某贷款平台客服的电话称可办理低息贷款",
    "下载一款贷款APP申请借款，被告知银行卡号填写错误导致资金冻结",
    "在短视频平台看到无抵押贷款广告后联系对方",
];
const LOAN_THEN: &[&str] = &[
    "对方要求其先缴纳“解冻费”",
    "对方要求缴纳“会员费”和“保证金”",
    "对方称需验证还款能力",
    "对方称需支付手续费才能放款",
];

const EN_JD: &[&str] = &[
    "Victim got a call from someone claiming to be JD Finance customer service, saying the Gold Bar loan would hurt the victim's credit record.",
    "Caller posing as JD customer service said a student loan opened years ago had to be cancelled or the credit score would suffer.",
    "Caller offered to raise the victim's Baitiao quota and asked for proof of repayment ability.",
    "Caller said a JD membership had been opened by mistake and would be charged every month unless cancelled.",
];
const EN_BRUSH: &[&str] = &[
    "Victim joined a part-time order brushing group; the first tasks paid a rebate, then withdrawals were blocked until more deposits were made.",
    "Victim answered a 'like and follow for commission' ad and was told to top up for combined tasks.",
];
const EN_POLICE: &[&str] = &[
    "Caller posing as a police officer said the victim's ID was used for money laundering and demanded a fund check.",
    "A fake procuratorate official showed an 'arrest warrant' over video and told the victim to keep it secret.",
];
const EN_INVEST: &[&str] = &[
    "A contact met on a dating app recommended an investment platform; gains were shown but withdrawals needed a 'deposit'.",
    "Victim was added to a stock tips group and told to buy on a fake trading app.",
];
const EN_LOAN: &[&str] = &[
    "Victim applied for an online loan and was told to pay an unfreezing fee because the card number was wrong.",
    "Caller from a 'loan platform' asked for a membership fee and a deposit before releasing the loan.",
];
const EN_APP: &[&str] = &[
    " The victim was told to install Tencent Meeting and share the screen",
    " The victim installed Zoom and shared the screen",
    " The victim was guided through DingTalk screen sharing",
    "",
];
const EN_TRANSFER: &[&str] = &[
    ", then transferred {k} times to a 'safe account'",
    ", then paid into the account provided",
    ", and moved the money to a so-called supervision account",
];

/// Appends the loss as written in a narrative: `3.5万元` (rounded) or `2800元`.
fn loss_text(out: &mut String, yuan: u64) {
    if yuan >= 100_000 {
        let _ = write!(out, "{}万元", (yuan + 5000) / 10_000);
    } else if yuan >= 10_000 {
        let tenths = (yuan + 500) / 1000;
        if tenths.is_multiple_of(10) {
            let _ = write!(out, "{}万元", tenths / 10);
        } else {
            let _ = write!(out, "{}.{}万元", tenths / 10, tenths % 10);
        }
    } else {
        let _ = write!(out, "{yuan}元");
    }
}

/// Appends `template` with `{who}`, `{n}`, `{k}` and `{amt}` filled in.
fn fill(out: &mut String, rng: &mut Rng, template: &str, who: &str, yuan: u64) {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(j) = tail.find('}') else {
            out.push_str(tail);
            return;
        };
        match &tail[1..j] {
            "who" => out.push_str(who),
            "n" => {
                let n = [5, 10, 20, 30, 50, 99, 199][rng.usize(..7)];
                let _ = write!(out, "{n}");
            }
            "k" => {
                let _ = write!(out, "{}", rng.u32(2..9));
            }
            "amt" => loss_text(out, yuan),
            other => out.push_str(other),
        }
        rest = &tail[j + 1..];
    }
    out.push_str(rest);
}

/// Writes a narrative for `key` into `out` (cleared first).
pub fn script(out: &mut String, rng: &mut Rng, key: &str, yuan: u64, english: bool) {
    out.clear();
    if english {
        let pool = match key {
            "order_brushing" => EN_BRUSH,
            "fake_police" => EN_POLICE,
            "fake_investment" => EN_INVEST,
            "online_loan" => EN_LOAN,
            "jd_gold_bar" => &EN_JD[..1],
            "jd_student_loan" => &EN_JD[1..2],
            "jd_baitiao" => &EN_JD[2..3],
            _ => &EN_JD[3..],
        };
        out.push_str(pick(rng, pool));
        if key.starts_with("jd_") || key == "fake_police" {
            let app = pick(rng, EN_APP);
            if !app.is_empty() {
                out.push_str(app);
                let t = pick(rng, EN_TRANSFER);
                fill(out, rng, t, "", yuan);
                out.push('.');
            }
        }
        if yuan >= 10_000 {
            let _ = write!(out, " Loss about {}k yuan.", (yuan + 500) / 1000);
        } else {
            let _ = write!(out, " Loss {yuan} yuan.");
        }
        return;
    }
    out.push_str(pick(rng, OPENERS));
    out.push_str(pick(rng, WHEN));
    match key {
        "order_brushing" => {
            out.push_str(pick(rng, BRUSH_HOW));
            out.push('，');
            out.push_str(pick(rng, BRUSH_THEN));
            out.push('，');
            let t = pick(rng, &SAFE[2..]);
            fill(out, rng, t, "", yuan);
        }
        "fake_investment" => {
            out.push_str(pick(rng, INVEST_HOW));
            out.push('，');
            out.push_str(pick(rng, INVEST_THEN));
            out.push_str("，先后");
            let t = pick(rng, &SAFE[2..4]);
            fill(out, rng, t, "", yuan);
        }
        "online_loan" => {
            out.push_str(pick(rng, LOAN_HOW));
            out.push('，');
            out.push_str(pick(rng, LOAN_THEN));
            out.push_str("，遂");
            let t = pick(rng, &SAFE[2..]);
            fill(out, rng, t, "", yuan);
        }
        "fake_police" => {
            let called = pick(rng, CALLED);
            let (who, why) = POLICE[rng.usize(..POLICE.len())];
            fill(out, rng, called, who, yuan);
            out.push('，');
            out.push_str(pick(rng, why));
            out.push('，');
            out.push_str(pick(rng, POLICE_DO));
        }
        _ => {
            let called = pick(rng, CALLED);
            let who = pick(rng, JD_WHO);
            fill(out, rng, called, who, yuan);
            out.push('，');
            let pretext = match key {
                "jd_gold_bar" => GOLD_BAR,
                "jd_student_loan" => STUDENT,
                "jd_baitiao" => BAITIAO,
                _ => MEMBER,
            };
            let t = pick(rng, pretext);
            fill(out, rng, t, "", yuan);
            out.push('。');
            out.push_str(pick(rng, RECITE));
            out.push_str(pick(rng, GUIDE));
            out.push_str(pick(rng, APPS));
            out.push('，');
            let t = pick(rng, SAFE);
            fill(out, rng, t, "", yuan);
        }
    }
    if !out.ends_with('元') && rng.u8(..10) < 8 {
        let t = pick(rng, LOSS);
        if t == "{amt}" {
            out.push('，');
        }
        fill(out, rng, t, "", yuan);
    }
    out.push_str(pick(rng, ENDING));
}
