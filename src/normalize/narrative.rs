//! Identifiers in the narrative (`案情简述`) and whose they are.
//!
//! Police records often hold the identifiers only in the narrative, the other side's
//! next to the victim's own: `通过其工商银行卡（6212…）向对方提供的建行卡（6217…）转账`.
//! The cell scanner finds every identifier in the text, read as a query term is (cards,
//! phones in every format, Alipay ids, e-wallets; QQ and WeChat ids only after their cue
//! word, so a bare run of digits is never a QQ id). This module decides each one's
//! side from the words around it, by the tables below — the one place to read and
//! extend the rules:
//!
//! 1. an account holder named just after the identifier (`卡号：…，开户人：王某`): the
//!    victim → `victim`, anyone else → `other`;
//! 2. else the [`BEFORE`] word nearest before it in the same sentence (since the
//!    previous identifier, at most [`BEFORE_REACH`] characters back), a holder named
//!    there counting as such a word — unless, past a comma, someone else's possession
//!    stands between that word and the identifier (`对方要求她…，所以她把老板娘的QQ（…）`),
//!    or the victim is named there not as the one told to act (`对方并未将钱转出，杨某卡内
//!    余额及支付宝账户（…）`: then it stays `mentioned`).
//!    Classes of words count as table words, so an unseen word of a known class is
//!    read: a role told by its ending ([`ROLE_ENDINGS`]: `卖家`, `群中专家`, `课程助理`),
//!    a claim in quotation marks (`“班主任韦老师”（QQ：…）`), the victim's family and
//!    circle ([`KIN`]; the other side's when it posed as them, [`POSED`]), `提供`
//!    after a word of asking ([`ASKED`]: the victim's own). A word is read for what it
//!    points at: an other-side word before a word of instruction ([`INSTRUCTED`]:
//!    `按对方要求办理了…`) makes the victim the actor and says nothing; `自己` turns back
//!    to someone the sentence names when it never names the victim (`李某把自己上线的QQ号
//!    （…）提供给刘某`: theirs), `本人` after a role is the real one (`联系董事长本人（…）`:
//!    nobody's to link); a phone `绑定` to the account just told is that account's
//!    owner's (`对方微信：A，绑定手机：B`); an account opened or a number left with a bank
//!    (`办理`, `开通`, `预留`, `留存`) is whoever opened or left it — named right before,
//!    or the clause's subject if the text is sure of them ([`Says::Opened`]); `拨打` after
//!    someone told to call is the other side's number (`要求她拨打…`);
//! 3. else an [`AFTER`] word right after it: what it did (`13812345678的来电`,
//!    `（QQ号：…）发来的信息`, `（…）绑定的卡`) — an [`AFTER`] word also outweighs a
//!    [`BEFORE`] word of an earlier clause (a comma between: `何某将自己的游戏账号挂在网上
//!    出售，一位网名叫“怀念”的人（QQ：…）联系何某`);
//! 4. else, in a list, the side of the identifier before it: items apart by nothing but
//!    separators (`对方qq号码：56200001,78500002`), by a short gap with a list word
//!    (`对方的两张卡（A、B）`), or of the same kind in the same sentence with no cue
//!    between (`对方手机号：A（北京） B（济宁）`, `汇款A（户主：张某）刘某B`); the item
//!    before takes the side an earlier telling gave it if its own words say nothing;
//! 5. else, should no telling's words decide, how it is told ([`fallback`]): a kin's QQ
//!    or WeChat id is on the victim's side (`登录其母亲微信（…）`); a number quoted in a
//!    message the victim received is the sender's (`短信：“…TEL:0517-…”`); a phone or
//!    contact id in a sentence about the defendants alone is theirs (`被告人陈某…与两部
//!    手机（…）进行捆绑`);
//! 6. else `mentioned`: searchable, shown as a possible link, never a hard link —
//!    but a card no words place (no word at all, not even one that says nothing of
//!    whose, such as `办的`) is the victim's own: the other side's accounts are told by
//!    where the money went. Phones and contact ids have no such default: unplaced ones
//!    were as often the victim's or nobody's as the other side's (BENCHMARKS.md).
//!
//! One side per identifier per record: a record tells its story two or three times
//! (警情内容, 处警反馈, 简要案情), and a cue at any telling decides for all of them
//! (cues that disagree leave it `mentioned`); the excerpt is the deciding telling's.
//!
//! Caller IDs no numbering plan accepts are kept as phone identifiers flagged
//! `UNPARSED` (see `cell::unparsed_phone`): spoofed numbers recur across reports.
//!
//! Linear in the text: one scan, then a bounded window per identifier.

use super::cell;
use super::digits::Folded;
use super::narrative_scorer as scorer;
use crate::model::{IdKind, Identifier, Side};
use std::fmt::Write as _;

/// What a cue word says about the identifier after (or before) it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Says {
    /// The other side's: links like a column identifier.
    Other,
    /// The victim's own: never links.
    Victim,
    /// A word that holds a cue but is none (`其中`, `其他`): the longest word wins.
    Nothing,
    /// A word that holds a cue but names someone else (`其同学`, `其父亲`): the cue
    /// before it decides (`冒充其同学的QQ号` is the other side's).
    Pass,
    /// Someone of the victim's family or circle ([`KIN`]): their phone, card or
    /// account is on the victim's side; their QQ or WeChat is often the one taken over
    /// to cheat the victim (`收到儿子的QQ账号（…）传来的消息`), so for those the cue before
    /// decides.
    Kin,
    /// What someone provides: the other side's (`对方提供账户（…）`), unless the victim
    /// was asked for it earlier in the clause (`让旅客提供银行卡信息（…）`,
    /// `要求程某提供…`): then the victim's own. See [`ASKED`]. (`提供的账户`, the
    /// account provided, is the other side's whoever was asked.)
    Provided,
    /// Whose the paying instrument is (`通过银行卡（…）给客服转账`, `使用支付宝（…）`): the
    /// payer's for an account (card, Alipay, wallet, a phone named as an Alipay
    /// account) — the victim's, or the other side's when the clause's subject is theirs
    /// (`嫌疑人…然后通过微信（…）转账进行付款`); for a contact id or phone the cue before
    /// decides (`方某通过微信（…）给事主发送`).
    VictimIfAccount,
    /// An account someone opened (`办理了一张银行卡（…）`, `开通…`): whose the one who
    /// opened it is ([`opener_side`]) — the victim's when the victim did, the other
    /// side's when a defendant did; nobody sure, nothing said.
    Opened,
    /// A number left with a bank (`预留手机号码（…）`, `留存的手机号码`): whose the one who
    /// left it is, as [`Says::Opened`]; nobody sure, the cue before decides
    /// (`输入银行卡号…及预留电话（…）`).
    Reserved,
}

/// Cue words before an identifier; the one nearest the identifier decides.
///
/// In a pattern, `…` is the victim's name (as the row gives it, or masked as `王某`),
/// a masked name, or nothing; `<victim>` is the victim's name itself; `$` means only
/// brackets, colons, spaces and words such as `电话`, `卡号` stand between the pattern
/// and the identifier. ASCII words match whole words, case-insensitively.
pub const BEFORE: &[(&str, Says)] = &[
    // The other side.
    ("对方", Says::Other),
    ("嫌疑人", Says::Other),
    // `嫌疑账户`, `嫌疑银行账户（…）`: the suspect's, said of the account.
    ("嫌疑", Says::Other),
    ("骗子", Says::Other),
    ("骗徒", Says::Other),
    ("行骗者", Says::Other),
    ("诈骗分子", Says::Other),
    ("犯罪分子", Says::Other),
    // Hong Kong's and Macau's suspect (`嫌犯聯絡電話：…`).
    ("嫌犯", Says::Other),
    ("诈骗集团", Says::Other),
    ("犯罪集团", Says::Other),
    // The number the caller rang the victim from, in brackets after the one called
    // (`騙徒致電受害人（…）`; helpers calling the victim are read before any cue word).
    ("致电事主$", Says::Other),
    ("致电受害人$", Says::Other),
    // Gold mailed to the gang (`将黄金快递至深圳（收件人电话…）`).
    ("收件人", Says::Other),
    // The payee's account the victim brings to the counter written down (`拿着写有账号的
    // 纸条（…）`, `手写账号（…）`, `写着户名和卡号（…）的字条`).
    ("纸条", Says::Other),
    ("字条", Says::Other),
    ("写着", Says::Other),
    ("写有", Says::Other),
    ("手写", Says::Other),
    ("手抄", Says::Other),
    // The payee named as a party (`对收款方卡号（…）进行了应急控制`).
    ("收款方", Says::Other),
    ("提供的", Says::Other),
    ("提供", Says::Provided),
    // Handed over as asked, or of one's own (`要求受害人提交銀行帳戶（…）`, `向柜员提交一个
    // 账号（…）`).
    ("提交", Says::Provided),
    ("交出", Says::Provided),
    ("收款", Says::Other),
    // Taiwan's payee (`受款帳戶為…`).
    ("受款", Says::Other),
    ("转入", Says::Other),
    ("汇入", Says::Other),
    ("打入", Says::Other),
    ("打进", Says::Other),
    ("转进", Says::Other),
    ("汇至", Says::Other),
    // `汇往广州某投资理财公司（账号…）`.
    ("汇往", Says::Other),
    ("转往", Says::Other),
    ("转至", Says::Other),
    ("转账至", Says::Other),
    ("转到", Says::Other),
    ("转账到", Says::Other),
    // `转账28600元至6217…`; `转账257万元到某公司账户（…）`, `转100万到这个账户，账号：…`.
    ("至$", Says::Other),
    ("到$", Says::Other),
    ("到某$", Says::Other),
    // Money that comes back or is cashed out reaches the victim as often (`提现到银行卡`).
    ("提现到$", Says::Nothing),
    ("退到$", Says::Nothing),
    ("返到$", Says::Nothing),
    ("退回到$", Says::Nothing),
    ("退款到$", Says::Nothing),
    ("返款到$", Says::Nothing),
    ("返还到$", Says::Nothing),
    ("退还到$", Says::Nothing),
    ("汇到", Says::Other),
    ("转往", Says::Other),
    ("转给", Says::Other),
    // Cards lent or rented out to the gangs, and what the gangs worked with
    // (`乔某出借的银行卡`, `卡农`, `作案使用的手机号：…`).
    ("出借", Says::Other),
    ("出租", Says::Other),
    ("租借", Says::Other),
    ("卡农", Says::Other),
    ("收卡", Says::Other),
    ("作案", Says::Other),
    // Money flowed into it (`资金流入以杨某名义开户的银行卡…`).
    ("流入", Says::Other),
    // Whom the victim talks with, what the other side left (`接听一个奇怪的电话（…）`,
    // `与其通话的号码为…`, `“孙子”留下的电话（…）`).
    ("接听", Says::Other),
    ("通话的$", Says::Other),
    ("留下的", Says::Other),
    ("留下", Says::Other),
    ("留了", Says::Other),
    // Where the victim's money went (`将刘先生转账过去的账号（…）冻结`).
    ("转账过去的", Says::Other),
    ("转过去的", Says::Other),
    ("汇过去的", Says::Other),
    ("留有", Says::Other),
    // Whom the victim came to know (`通过社交软件平台认识了此人（QQ：…）`), someone else
    // (`与他人（微信号：…）沟通`).
    ("认识", Says::Other),
    // The number called back, or that called back (`回电话查询（…）`, `回拨号码…`,
    // `一秒后回拨过来（…）`): the other side's; a victim or kin word nearer decides.
    ("回拨", Says::Other),
    ("回电话", Says::Other),
    // Who called the victim (`“客服”给其打电话（…）`).
    ("给其打电话$", Says::Other),
    ("给其打了电话$", Says::Other),
    ("给被害人打电话$", Says::Other),
    ("给受害人打电话$", Says::Other),
    ("给事主打电话$", Says::Other),
    // What the other side asks the teller for is the teller's (`跟我要手機號碼（…）`).
    ("问我$", Says::Victim),
    ("跟我要$", Says::Victim),
    ("向我要$", Says::Victim),
    ("他人$", Says::Other),
    // Money sent on its way (`汇钱给上海某银行账户（…）`), an account sent to the victim
    // (`发来一个银行账号（…）`), money that entered it (`进入轩某的两个银行账户（…）`).
    ("钱给", Says::Other),
    ("款给", Says::Other),
    ("发来", Says::Other),
    // The same told by the victim (`他发给我一个银行卡号…`).
    ("发给我", Says::Other),
    // What `其` sent, the one who told the victim what to do (`复制其发送的银行卡号（…）`).
    ("其发送的", Says::Other),
    ("进入", Says::Other),
    // `其` where money goes is the receiver's, not the victim's (`转入其银行卡（…）`, `转入其本人建设银行卡…`,
    // `向其支付宝（…）转账`, `换绑为其手机号`): the longer word wins over `其`. Not
    // `至其`, `到其`: refunds and codes reach the victim so (`返款…至其储蓄卡`,
    // `提现…到其支付宝`, `发至其手机`).
    ("入其$", Says::Other),
    ("入其本人$", Says::Other),
    ("向其$", Says::Other),
    ("为其$", Says::Other),
    // Money put into an account (`让其将现金存入某账户（…）`, `退回原账户（…）`).
    ("存入", Says::Other),
    // But all of it gathered into "one card" no words give to anyone is one of the
    // victim's own (`将所有银行卡里的钱转入一张银行卡（…）`, `集中转至一张卡（…）`): the
    // other side's card is told as theirs or as provided.
    ("入一张$", Says::Victim),
    ("至一张$", Says::Victim),
    ("到一张$", Says::Victim),
    ("到了一张$", Says::Victim),
    ("退回", Says::Other),
    // An account someone controls (`黄某控制的支付宝账户（…）`, `该团伙实际控制的账户`).
    ("控制的", Says::Other),
    ("汇给", Says::Other),
    ("向", Says::Other),
    ("指定", Says::Other),
    // Taiwan's pre-registered payee (`欲辦理設定約定帳戶（…）`): whom the victim is to pay.
    ("约定帐户", Says::Other),
    ("约定账户", Says::Other),
    ("进入了", Says::Other),
    // A code to pay into is the other side's (`附上交款二维码（…）`).
    ("二维码", Says::Other),
    ("安全账户", Says::Other),
    // Someone's private account the money is sent to (`转到一个私人账户内（…）`, `私人卡`),
    // a private number or id the victim is led to (`添加私人微信（…）`): 25 of 25 the
    // other side's.
    ("私人", Says::Other),
    // A deposit's receipt (`定期存单（账号…）`: four of four) is the holder's own.
    ("存单", Says::Victim),
    // The real one's old number the caller says was changed (`称是他二弟，说原号码（…）
    // 换了`): the one posed as, of the victim's circle.
    ("原号", Says::Victim),
    ("原来的号码", Says::Victim),
    // A puppet account (Hong Kong's `傀儡戶口`): a mule's, the gang's.
    ("傀儡", Says::Other),
    ("自称", Says::Other),
    ("接到", Says::Other),
    ("来电", Says::Other),
    ("冒充", Says::Other),
    ("添加", Says::Other),
    // `添加其微信（…）`: whoever adds, `其` is the other one — the victim if the other side
    // adds (`一陌生男子…添加其微信`), the other side if the victim does. Only a victim named
    // as the one adding decides (`杨某添加其微信`, `请求黄某添加其QQ`), and so does the
    // other side named so (`一陌生男子添加其微信`: the victim's; round nineteen, where the
    // scorer, sure of `添加…微信` as the other side's, would link it).
    ("添加其", Says::Nothing),
    ("<victim>添加其", Says::Other),
    ("报警人添加其", Says::Other),
    ("事主添加其", Says::Other),
    ("男子添加其", Says::Victim),
    ("女子添加其", Says::Victim),
    ("对方添加其", Says::Victim),
    ("骗子添加其", Says::Victim),
    ("嫌疑人添加其", Says::Victim),
    ("接电话", Says::Other),
    ("有人", Says::Other),
    ("打来的", Says::Other),
    ("小号", Says::Other),
    ("自称是其", Says::Other),
    ("短信", Says::Other),
    ("好友", Says::Other),
    ("加其", Says::Other),
    ("汇款", Says::Other),
    ("打到", Says::Other),
    ("涉案", Says::Other),
    ("诈骗电话", Says::Other),
    // What an alert or the police call a number (`一个涉嫌诈骗的电话号码（…）`, `涉诈号码`).
    ("涉嫌诈骗的电话", Says::Other),
    ("涉嫌诈骗的号码", Says::Other),
    ("涉诈电话", Says::Other),
    ("涉诈号码", Says::Other),
    // `发现主要有4个诈骗号码：…`, `向涉诈账户（…）转账`.
    ("诈骗号码", Says::Other),
    // The number a phishing message came from (`釣魚短訊”（發送號碼+853…）`), a bank's
    // number the other side made its calls show (`将号码伪装成95533`), whom a fake
    // officer is (`假公安（微信：…）`).
    ("发送号码", Says::Other),
    ("伪装成", Says::Other),
    ("假公安$", Says::Other),
    ("假警察$", Says::Other),
    ("涉诈", Says::Other),
    // Where the victim was told to send money (`汇420元人民币到他们的账户上（…）`).
    ("到他们的$", Says::Other),
    ("给他们的$", Says::Other),
    ("虚拟", Says::Other),
    // What the other side made up (`发布了销售口罩的虚假消息（联系QQ：…）`).
    ("虚假", Says::Other),
    // An advert's contact (`高价收购微信账号的广告（联系QQ：…）`, `打广告招揽生意（联络电话：…）`).
    ("广告", Says::Other),
    // A platform's account to pay into (`投资到了平台（充值账户：…）`), money put into an
    // account (`請趕快存錢入戶口（…）`), someone unknown (`接獲不明人士（…）指示`).
    ("充值账户", Says::Other),
    ("充值账号", Says::Other),
    ("钱入", Says::Other),
    ("不明人士", Says::Other),
    ("陌生", Says::Other),
    // Someone the victim came upon, no more told (`在QQ上和一人（QQ号…）聊天`, `群里一男子
    // （微信号：…）`); only right before it (`一女子报警（…）` is the victim).
    ("一人$", Says::Other),
    ("一个人$", Says::Other),
    ("一男子$", Says::Other),
    ("一名男子$", Says::Other),
    ("一女子$", Says::Other),
    ("一名女子$", Says::Other),
    ("一网友$", Says::Other),
    ("一个网友$", Says::Other),
    ("一男的$", Says::Other),
    ("一个男的$", Says::Other),
    ("一女的$", Says::Other),
    ("一个女的$", Says::Other),
    // A group the victim was drawn into (`拉入一个…QQ群（群号：…）`) is the other side's.
    ("拉入", Says::Other),
    ("拉到", Says::Other),
    ("讨论组$", Says::Other),
    // A number a message gives to call (`如有疑问，可致电…咨询`).
    ("可致电", Says::Other),
    ("可联系", Says::Other),
    ("请致电", Says::Other),
    ("拉进", Says::Other),
    ("群$", Says::Other),
    ("收到", Says::Other),
    ("给了", Says::Other),
    ("发来的", Says::Other),
    ("发过来的", Says::Other),
    ("所给的", Says::Other),
    ("给的", Says::Other),
    // What is sent to someone (`发给小姜一个收款账户（…）`), what takes the money in
    // (`接收账户是一个工行账户（…）`, `接收李女士9万元的卡（…）`; not a refund the victim is
    // to receive), what a transfer is made to (`陆续要小雨转账（…）`, `输入转账账号…`).
    ("发给", Says::Other),
    ("接收", Says::Other),
    ("接收退款", Says::Victim),
    ("转账$", Says::Other),
    ("转账账号", Says::Other),
    // What someone recommends to the victim (`抖音客服向其推荐了一个微信（…）`).
    ("推荐", Says::Other),
    // What the other side read out (`输入帐号姓名（对方报的卡号…）`).
    ("对方报的", Says::Other),
    ("对方说的", Says::Other),
    ("对方告知的", Says::Other),
    ("显示", Says::Other),
    ("咨询", Says::Other),
    ("保证金", Says::Other),
    ("有限公司", Says::Other),
    // Roles the other side plays.
    ("客服", Says::Other),
    ("黄牛", Says::Other),
    ("业务员", Says::Other),
    // The teacher of a share-tips group (`群内的“荐股老师”（微信：…）`); not `老师` alone,
    // a real teacher the victim checks with.
    ("荐股老师", Says::Other),
    ("指导老师", Says::Other),
    ("带单老师", Says::Other),
    // Taiwan's money collector (`張姓女車手（持用門號…）`).
    ("车手", Says::Other),
    ("派单员", Says::Other),
    ("专员", Says::Other),
    ("工作人员", Says::Other),
    ("检察官", Says::Other),
    ("警官", Says::Other),
    ("网警", Says::Other),
    ("官方", Says::Other),
    ("网络电话", Says::Other),
    ("老板", Says::Other),
    ("董事长", Says::Other),
    ("领导", Says::Other),
    // Messengers and payment ids abroad are told of the other side's: the victim's own
    // is hardly ever written (`通過WhatsApp（+60…）交易`, `通過PayNow（+65…）付款`).
    ("whatsapp$", Says::Other),
    ("paynow$", Says::Other),
    ("suspect", Says::Other),
    ("suspect's", Says::Other),
    ("scammer", Says::Other),
    ("scammer's", Says::Other),
    ("fraudster", Says::Other),
    ("provided", Says::Other),
    ("receiving", Says::Other),
    ("paid to", Says::Other),
    ("transferred to", Says::Other),
    // What is given, sent or told to the victim is the giver's (`发了一个账号给李某（微信：…）`,
    // `告诉李某一个上海的手机号（…）`); who calls the victim is the other side
    // (`拨打成某电话的手机号码…`). Given: an account word before `给`; without one, `给`
    // is only to whom (`给黄某（手机：…）打电话`: the victim's own number).
    ("号给<victim>$", Says::Other),
    ("号给报警人$", Says::Other),
    ("号给事主$", Says::Other),
    ("卡给<victim>$", Says::Other),
    ("户给<victim>$", Says::Other),
    ("码给<victim>$", Says::Other),
    ("告诉<victim>", Says::Other),
    ("告知<victim>", Says::Other),
    ("告诉报警人", Says::Other),
    ("告知报警人", Says::Other),
    ("拨打<victim>", Says::Other),
    ("拨打报警人", Says::Other),
    ("拨打事主", Says::Other),
    // Whom the victim adds is someone else (`让王某加她QQ（…）`, `主动加了微信（…）`).
    ("加$", Says::Other),
    ("加了$", Says::Other),
    ("加她", Says::Other),
    ("加他", Says::Other),
    ("加了她", Says::Other),
    ("加了他", Says::Other),
    // What the victim opens, logs into, leaks or has stolen is the victim's own
    // (`打开妈妈的微信（…）`, `登陆QQ（…）`, `泄露银行卡信息（…）`, `骗子盗走会计QQ …`).
    ("打开", Says::Victim),
    ("登陆", Says::Victim),
    ("泄露", Says::Victim),
    ("盗走", Says::Victim),
    // What the other side gets out of the victim by a trick (`套取了她的QQ号码（…）`,
    // `骗取蔡某支付宝账号（…）`).
    ("套取", Says::Victim),
    ("骗取…$", Says::Victim),
    // A bank's customer is who the counter reports protect (`接到客户电话（…）`).
    ("客户$", Says::Victim),
    // `其名下` after `及`: whose is told before it (`转入息某微信（…）及其名下银行卡（…）`).
    ("及其名下", Says::Pass),
    // A number the victim was made to get, or had before (`办新电话卡（…）`,
    // `原手机号…，新办号码…`): the victim's own.
    ("新办", Says::Victim),
    ("新手机号", Says::Victim),
    ("新电话卡", Says::Victim),
    ("新的手机", Says::Victim),
    ("原手机号", Says::Victim),
    // Whom someone asks to add or to call them is theirs (`“…需要退款，请加我QQ号…”`,
    // `您的信用卡…请您及时联系0777-…`).
    ("请加我", Says::Other),
    ("请联系", Says::Other),
    ("请您联系", Says::Other),
    ("请及时联系", Says::Other),
    ("请您及时联系", Says::Other),
    ("请尽快联系", Says::Other),
    ("请您尽快联系", Says::Other),
    // An invitation to move the talk elsewhere (`请移步微信：…`) is the inviter's.
    ("移步", Says::Other),
    // The victim's own; `我的` where the victim tells it (`骗子加了我的qq（…）`).
    ("其", Says::Victim),
    ("我的", Says::Victim),
    // Not the teller's (`兒子聽完大叫：「這不是我的銀行帳號（…）`): the account the money
    // went to instead.
    ("不是我的", Says::Other),
    ("不是自己的", Says::Other),
    ("本人", Says::Victim),
    ("自己", Says::Victim),
    ("名下", Says::Victim),
    ("绑定的", Says::Victim),
    ("绑定", Says::Victim),
    ("解绑", Says::Victim),
    ("个人资料", Says::Victim),
    ("个人信息", Says::Victim),
    ("个人姓名", Says::Victim),
    ("身份信息", Says::Victim),
    ("把银行卡", Says::Victim),
    ("将银行卡", Says::Victim),
    ("通过", Says::VictimIfAccount),
    ("使用", Says::VictimIfAccount),
    // `让王某用支付宝（…）扫码`: what the victim pays with — next to it only, and not the
    // `用` of `信用卡`, `农村信用社`, `利用`, `盗用`, `冒用`.
    ("用$", Says::VictimIfAccount),
    ("信用$", Says::Pass),
    ("利用$", Says::Pass),
    ("盗用$", Says::Pass),
    ("冒用$", Says::Pass),
    // `嫌疑人使用的银行卡（…）`: whose is told before it.
    ("使用的", Says::Pass),
    ("输入", Says::Victim),
    // What the victim registers or logs in with (`注册了账号（注册手机号…）`, `登录其母亲微信`).
    ("注册", Says::Victim),
    ("登录", Says::Victim),
    // What the victim is asked to provide is the victim's own (`要求程某提供…银行卡`).
    ("要求<victim>提供", Says::Victim),
    ("要求报警人提供", Says::Victim),
    ("要求事主提供", Says::Victim),
    ("要求其提供", Says::Victim),
    ("家里的", Says::Victim),
    ("拿出", Says::Victim),
    ("<victim>开立的$", Says::Victim),
    ("家中的", Says::Victim),
    // A home's phone told by the home (`在家中固網電話（…）`, `打电话到家里（…）`: 24 of
    // 24 the victim's).
    ("家中$", Says::Victim),
    ("家里$", Says::Victim),
    ("填写", Says::Victim),
    // What the victim tells or gives the other side is the victim's own
    // (`犹豫是否告知对方银行卡号（…）`): the longer word wins over `对方` in it.
    // What the other side recites to be believed is the victim's own
    // (`对方完整报出了他的快递单号、电话（…）`).
    ("报出", Says::Victim),
    ("说出", Says::Victim),
    // The account the money left (`报警人转出卡号：…`, `被转走的卡：…`): the victim's.
    ("转出$", Says::VictimIfAccount),
    ("被转走的$", Says::VictimIfAccount),
    // Where the money came from (`从公司账户（…）转出`): the victim's account.
    ("从", Says::VictimIfAccount),
    // What the victim moves money out of (`将公司账户（…）余款495万元转入指定账户`).
    ("将$", Says::VictimIfAccount),
    ("告知对方", Says::Victim),
    ("告诉对方", Says::Victim),
    ("报给对方", Says::Victim),
    ("发给对方", Says::Victim),
    // What is sent to the one addressed is the sender's (`我马上把账号发您（…）`).
    ("发您", Says::Other),
    ("发给您", Says::Other),
    ("提供给对方", Says::Victim),
    // `向对方提供了父母的银行卡（…）`: to whom it is provided, so the one providing is the
    // victim (`向对方提供的账户`, the account the other side provided, is `提供的`: theirs).
    ("向对方提供", Says::Victim),
    ("给对方提供", Says::Victim),
    // Who calls the police is the victim's side (`接到一女子报警（…）`; `报警电话：…` is the
    // caller's number in a 110 record).
    ("报警$", Says::Victim),
    // 其 and what the account is (`其支付宝收款码（…）`, `其中国银行卡（…）`).
    ("其$", Says::Victim),
    ("报警人…的$", Says::Victim),
    ("受害人…的$", Says::Victim),
    ("被害人…的$", Says::Victim),
    ("事主…的$", Says::Victim),
    ("报警人…$", Says::Victim),
    ("报案人…$", Says::Victim),
    // Malaysia's and Hong Kong's words for the one reporting, the one cheated and the
    // one who paid, in a record's fields (`投报人电话：…`, `苦主戶口：…`, `匯款人帳戶：…`).
    ("投报人…$", Says::Victim),
    ("举报人…$", Says::Victim),
    ("苦主…$", Says::Victim),
    ("汇款人…$", Says::Victim),
    ("受害人…$", Says::Victim),
    ("被害人…$", Says::Victim),
    ("事主…$", Says::Victim),
    ("受骗对象…$", Says::Victim),
    // A home's phone (`在家中（住宅電話…）`): the reporter's, or a kin's.
    ("住宅电话", Says::Victim),
    // Court prose: the plaintiff suing the bank is the one defrauded (`原告的借记卡：…`).
    ("原告…的$", Says::Victim),
    ("原告…$", Says::Victim),
    ("<victim>的$", Says::Victim),
    ("<victim>$", Says::Victim),
    // The public who report or are targeted (`医保中心接到参保人员来电（…）`).
    ("参保人员$", Says::Victim),
    ("群众$", Says::Victim),
    ("市民$", Says::Victim),
    ("居民$", Says::Victim),
    ("当事人$", Says::Victim),
    // A message or call addresses the victim (`短信：“您的手机号…中奖了`).
    ("您的", Says::Victim),
    ("你的", Says::Victim),
    ("victim's", Says::Victim),
    ("own", Says::Victim),
    ("his", Says::Victim),
    ("her", Says::Victim),
    // Words with a cue inside that say nothing about whose.
    ("其中", Says::Nothing),
    // One of a list told before the bracket (`转账到了多个陌生账户中（其中一个为…）`): the
    // words of its clause decide (see [`side_before`]; `如`, `包括` were tried so too in
    // round eighteen and left out: BENCHMARKS.md).
    ("其中一个为$", Says::Pass),
    ("其中一个是$", Says::Pass),
    ("其中一张为$", Says::Pass),
    ("其中一张是$", Says::Pass),
    ("其中一部号码为$", Says::Pass),
    ("其中一个号码为$", Says::Pass),
    ("其中包括", Says::Pass),
    // `其他` is which one, not whose: the word before decides (`转账到其本人的其他银行卡`).
    ("其他", Says::Pass),
    ("其它", Says::Pass),
    ("其余", Says::Nothing),
    ("其实", Says::Nothing),
    // 其 in a set phrase: the cue before decides (`接到了一通突如其来的电话（…）`).
    ("其间", Says::Pass),
    ("其次", Says::Pass),
    ("及其", Says::Pass),
    // `A及其农业银行卡（B）`: `其` is A's owner, whom the list before tells.
    ("及其$", Says::Pass),
    ("突如其来", Says::Pass),
    ("莫名其妙", Says::Pass),
    ("不计其数", Says::Pass),
    ("名副其实", Says::Pass),
    ("其中国", Says::Victim),
    ("其中信", Says::Victim),
    ("其后", Says::Nothing),
    ("从事", Says::Nothing),
    ("从而", Says::Nothing),
    ("从未", Says::Nothing),
    ("从中", Says::Nothing),
    ("从来", Says::Nothing),
    // Both added each other: whose is not told (`两人互加微信（…）`).
    ("互加$", Says::Nothing),
    ("互加了$", Says::Nothing),
    ("尤其", Says::Nothing),
    ("极其", Says::Nothing),
    ("与其", Says::Nothing),
    ("方向", Says::Nothing),
    ("老板娘", Says::Nothing),
    // The real one, not whom the other side played (`添加原来师姐的微信（…）核实`).
    ("原来", Says::Nothing),
    // The real one told by `真`: of the victim's circle (`拨打其叔叔真正的号码（…）`,
    // `盗取老板QQ（真实QQ：…）`, `联系了真老板（…）`), never to link (round ten).
    ("真正", Says::Victim),
    ("真实", Says::Victim),
    ("真老板", Says::Victim),
    // The service desk the victim called to check, not the other side.
    ("客服热线", Says::Nothing),
    ("官方客服", Says::Nothing),
    // But the "official" desk the other side has the victim add is theirs
    // (`该客服让高某加官方客服微信（…）`): a real desk is called, not added.
    ("加官方客服", Says::Other),
    ("添加官方客服", Says::Other),
    // 其 the one told or asked, not whose (`告知其再往之前转账的公司账户`).
    ("告知其", Says::Nothing),
    ("要求其", Says::Nothing),
    ("让其", Says::Nothing),
    // `已将其拉黑`: 其 the one acted on, not whose.
    ("其拉黑", Says::Nothing),
    ("其删除", Says::Nothing),
    ("其屏蔽", Says::Nothing),
    ("其踢出", Says::Nothing),
    ("诱导其", Says::Nothing),
    ("指导其", Says::Nothing),
    ("叫其", Says::Nothing),
    ("按其要求", Says::Nothing),
    // Who dialled whom is not told by the verb (`冒充司机拨打买车人电话`).
    ("拨打", Says::Nothing),
    // A card someone opened in the victim's name is a story, not an account to link;
    // one opened, or a number left with the bank, is whoever opened it's (`原告吕某在被告
    // 银行办理了银行卡一张（…），预留了手机号码…`, `被告人张某办理银行卡（…）后出售`).
    ("办的", Says::Nothing),
    ("办理", Says::Opened),
    ("开通", Says::Opened),
    ("开办", Says::Opened),
    ("开了", Says::Opened),
    ("预留", Says::Reserved),
    ("预留了", Says::Reserved),
    ("留存", Says::Reserved),
    // A field of the victim's own details, not the other side's (`电话、收款账号（…）`).
    ("、收款", Says::Nothing),
    // Someone of the victim's (or the other side's): the cue before decides.
    ("其同学", Says::Pass),
    ("其朋友", Says::Pass),
    ("其好友", Says::Pass),
    ("其同事", Says::Pass),
    ("其领导", Says::Pass),
    ("其老板", Says::Pass),
    ("其家人", Says::Pass),
    ("其亲属", Says::Pass),
    ("其女儿", Says::Pass),
    ("其儿子", Says::Pass),
    ("其父亲", Says::Pass),
    ("其母亲", Says::Pass),
    ("其丈夫", Says::Pass),
    ("其妻子", Says::Pass),
    ("其妹妹", Says::Pass),
    ("其姐姐", Says::Pass),
    ("其哥哥", Says::Pass),
    ("其弟弟", Says::Pass),
    ("其班长", Says::Pass),
    ("其老师", Says::Pass),
    ("其亲戚", Says::Pass),
    ("其表哥", Says::Pass),
    ("其上司", Says::Pass),
];

/// Cue words right after an identifier (within [`AFTER_REACH`] characters).
pub const AFTER: &[(&str, Says)] = &[
    ("的来电", Says::Other),
    ("来电", Says::Other),
    ("打来", Says::Other),
    ("对方", Says::Other),
    ("本人", Says::Victim),
    // What it did to the victim.
    ("发来", Says::Other),
    // The same told by the victim (`（…）发给我一条短信`).
    ("发给我", Says::Other),
    ("发送", Says::Other),
    ("打电话", Says::Other),
    ("加他", Says::Other),
    ("加她", Says::Other),
    ("加其", Says::Other),
    ("与她", Says::Other),
    ("与他", Says::Other),
    ("与其", Says::Other),
    ("与报警人", Says::Other),
    // With whom it talked (`用QQ聊天软件（QQ：…）和被害人陈某商量好价格`).
    ("与被害人", Says::Other),
    ("和被害人", Says::Other),
    ("与<victim>", Says::Other),
    ("和<victim>", Says::Other),
    // What it did for or told the victim (`找人（QQ：…）帮其新开的网店刷信誉`,
    // `通过QQ（…）视频指导其…`).
    ("帮其", Says::Other),
    ("帮她", Says::Other),
    ("帮他", Says::Other),
    ("指导其", Says::Other),
    ("诱导其", Says::Other),
    ("指导她", Says::Other),
    ("指导他", Says::Other),
    ("联系他", Says::Other),
    ("联系她", Says::Other),
    ("联系其", Says::Other),
    ("联系报警人", Says::Other),
    ("给报警人", Says::Other),
    ("给事主", Says::Other),
    ("给<victim>", Says::Other),
    // It called or wrote to the victim (`打电话（…）给受害人`).
    ("给受害人", Says::Other),
    ("给被害人", Says::Other),
    // Sent to the victim (`将一个中国银行的卡号（…）发给了赵某`).
    ("发给了<victim>", Says::Other),
    ("发给<victim>", Says::Other),
    // It spoke to the victim (`男子（…）在电话中对唐先生说`).
    ("对<victim>说", Says::Other),
    ("在电话中对<victim>", Says::Other),
    ("在电话里对<victim>", Says::Other),
    ("向她发", Says::Other),
    ("向<victim>", Says::Other),
    ("向报警人", Says::Other),
    ("向事主", Says::Other),
    ("向他发", Says::Other),
    ("向其发", Says::Other),
    ("联系<victim>", Says::Other),
    // What its holder took from victims (`女聊天员戴某某（微信…）诈骗12000元`); not
    // after `被` (what was done to it), nor past a comma ([`TOOK`]).
    ("诈骗", Says::Other),
    ("骗取", Says::Other),
    ("骗走", Says::Other),
    // Whoever it is pretends to be someone (`有个人（QQ：…）冒充班主任`, `一个男的（…）
    // 自称是她的领导`), or turns to the victim (`联系人（QQ：…）向她保证`).
    ("冒充", Says::Other),
    ("假冒", Says::Other),
    ("自称", Says::Other),
    ("向她", Says::Other),
    ("向他", Says::Other),
    // What pays the other side is the victim's (`用室友的支付宝（…）向对方转账`): met
    // before `对方` in it.
    ("向对方", Says::Victim),
    ("给对方", Says::Victim),
    // Given to the other side (`把银行账号（…）给了对方`, `QQ（…）直接推荐给了对方`).
    ("给了对方", Says::Victim),
    // Handed to them at a clause's end (`让我把QQ号（…）给他，帮我退款`); not `给她发来`.
    ("给他,", Says::Victim),
    ("给她,", Says::Victim),
    ("推荐给", Says::Victim),
    // What reaches the other side is the victim's (`通过微信（…）联系对方`).
    ("联系对方", Says::Victim),
    ("添加对方", Says::Victim),
    ("转给对方", Says::Victim),
    // Money flowed into it (`一张卡（…）两个多月流入诈骗资金`).
    ("流入", Says::Other),
    // It received the money (`支付宝（…）收取他人购物全款`).
    ("收取", Says::Other),
    ("联系上", Says::Other),
    ("找上", Says::Other),
    ("找到", Says::Other),
    // It turned to the victim of itself (`…的QQ（…）主动找到张某`).
    ("主动找", Says::Other),
    ("主动联系", Says::Other),
    ("主动加", Says::Other),
    ("主动添加", Says::Other),
    ("打过来", Says::Other),
    ("打了过来", Says::Other),
    ("咨询", Says::Other),
    ("打进", Says::Other),
    // What the other side says of it: the victim's own (`声称婆婆的账户（…）涉嫌洗钱`).
    ("涉嫌", Says::Victim),
    ("涉及", Says::Victim),
    // Logged in, money in it: the victim's own (`将QQ（…）登录电脑`, `微信（…）里的余额`).
    ("登录", Says::Victim),
    ("登陆", Says::Victim),
    ("里的余额", Says::Victim),
    // Money in it or taken out of it (`卡（…）内的50万元`, `账户（…）内可用资金`,
    // `定期账户（…）提前支取3万元`).
    ("内的", Says::Victim),
    ("内可用", Says::Victim),
    ("内余额", Says::Victim),
    ("内剩余", Says::Victim),
    ("内金额", Says::Victim),
    ("内资金", Says::Victim),
    ("内存款", Says::Victim),
    ("内现金", Says::Victim),
    // Lost or stolen: the owner's phone or card (`手机（号码…）被偷了`); not `被盗`,
    // said as often of an account the other side then used (`同学QQ…被盗`).
    ("被偷", Says::Victim),
    ("丢失", Says::Victim),
    ("支取", Says::Victim),
    // Its password told with it (`发送银行卡号（…）和密码`): the victim's own.
    ("和密码", Says::Victim),
    ("及密码", Says::Victim),
    ("、密码", Says::Victim),
    ("和取款密码", Says::Victim),
    ("及取款密码", Says::Victim),
    ("、取款密码", Says::Victim),
    ("和支付密码", Says::Victim),
    ("提前支取", Says::Victim),
    // Who reports is the victim's side (`本地女子（电话：…）报案`); not `报警`, which
    // starts `报警人` and `报警电话`, whoever the identifier before is.
    ("报案", Says::Victim),
    // What rings or receives is the victim's own (`家中座机（…）接到…电话`, `座机电话（…）响了
    // 起来`, `QQ账号（…）上收到…发来的`); not money received (`收到…赃款`).
    ("接到", Says::Victim),
    ("上接到", Says::Victim),
    ("接听", Says::Victim),
    ("响起", Says::Victim),
    ("响了", Says::Victim),
    ("上收到", Says::Victim),
    ("收到一", Says::Victim),
    ("收到了", Says::Victim),
    ("收到的", Says::Victim),
    // What was done with it: the victim's own.
    ("绑定", Says::Victim),
    ("到账", Says::Victim),
    ("便到账", Says::Victim),
    // Stopped by the police (`对嫌疑账户（…）开展止付冻结`, `对相关银行账户（…）采取紧急性
    // 止付措施`): the account the money went to.
    ("止付", Says::Other),
    ("采取紧急", Says::Other),
    ("应急控制", Says::Other),
    ("进行了应急", Says::Other),
];

/// Words of asking for something: before `提供` in its clause they make what is
/// provided the victim's own (the asked one is the victim), whoever is named.
pub const ASKED: &[&str] = &[
    "要求",
    "让",
    "叫",
    "请",
    "索要",
    "骗取",
    "套取",
    "诱导",
    "诱骗",
    "哄骗",
    "诱使",
    // `对方…说，必須要提供網銀帳號（…）和密碼`: what the victim is told they must give.
    "必须",
    // `受害者会被指示提供他们的银行户头（…）`; not `依…指示匯入…提供`, where the victim
    // pays into what someone else provides.
    "被指示",
];

/// Words that name an account's holder; the name after them decides the side.
pub const HOLDER: &[&str] = &[
    "开户人",
    "开户名",
    "户名",
    "持卡人",
    "收款人",
    "账户名",
    "户主",
];

/// Roles told by their last character: a person word with such an ending standing
/// right before the identifier (only [`GAP_WORDS`] between) is the other side playing a
/// role (`卖家（QQ：…）`, `群中专家（QQ：…）`, `课程助理（微信号：…）`, `交给网友（…）`), so a
/// role no table names is read as well as one it does. [`NOT_ROLES`] are the
/// exceptions.
pub const ROLE_ENDINGS: &[char] = &['员', '家', '师', '者', '友', '主', '理', '手', '商', '任'];

/// The victim's family and people close to the victim: right before an identifier
/// (`远程操作父亲手机（…）`) theirs, on the victim's side (see [`Says::Kin`]) — unless
/// the clause says the other side posed as them ([`POSED`]: `冒充其儿子的QQ（…）`).
pub const KIN: &[&str] = &[
    "父亲",
    "母亲",
    "爸爸",
    "妈妈",
    "儿子",
    "女儿",
    "丈夫",
    "妻子",
    "老公",
    "老婆",
    "家人",
    "家长",
    "家属",
    "亲属",
    "亲戚",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "爷爷",
    "奶奶",
    "孙子",
    "孙女",
    "外孙",
    "侄女",
    "侄子",
    "同事",
    "同学",
    "室友",
    "舍友",
    "外婆",
    "外公",
    "姥姥",
    "姥爷",
    "婆婆",
    "公公",
    "岳父",
    "岳母",
    "叔叔",
    "阿姨",
    "舅舅",
    "姑姑",
    "伯伯",
    "儿媳",
    "儿媳妇",
    "外甥",
    // `确认来电的确是孩子的微信账号（…）`: the victim's child.
    "孩子",
    // Siblings by their order (`称是他二弟`); not `大哥` / `大姐`, said to strangers too.
    "二哥",
    "三哥",
    "二姐",
    "三姐",
    "二弟",
    "三弟",
    "二妹",
    "三妹",
    // First-person tellings' short forms (`我用我爸的支付宝（…）`, `我联系了我表哥（…）`);
    // not `表弟` alone, as often someone else's (`好友还留下表弟的手机号码…`).
    "我表哥",
    "我表姐",
    "我表弟",
    "我表妹",
    "我妈",
    "我爸",
    "我哥",
    "我姐",
    "我弟",
    "我妹",
    // The victim's own workplace (`后来她电话联系单位领导（…）时才发现被骗`).
    "单位领导",
];

/// Words saying the other side posed as someone.
pub const POSED: &[&str] = &["冒充", "假冒", "自称", "谎称", "伪装", "假扮"];

/// Words with a role ending that are not the other side: the victim, the people who
/// help the victim, the victim's own friends, and words that are no person.
pub const NOT_ROLES: &[&str] = &[
    "受害者",
    "被害者",
    "报案者",
    "投资者",
    "举报者",
    "使用者",
    "持有者",
    "记者",
    "事主",
    "户主",
    "车主",
    "业主",
    "自家",
    "在家",
    "回家",
    "老家",
    "大家",
    "国家",
    "朋友",
    "柜员",
    "营业员",
    "网格员",
    "调解员",
    "反诈专员",
    "银行工作人员",
    "社区工作人员",
    "参保人员",
    // Who came with the victim (`并有陪同人员（电话：…）在场`): nobody a reader can place.
    "陪同人员",
    "同行人员",
    "处理",
    // Verbs ending in 手 (`其经手的公司账户`).
    "经手",
    "接手",
    "转手",
    "出手",
    "到手",
    "动手",
    "办理",
    "代理人",
    "工商",
    "招商",
    "农商",
    "电商",
    "协商",
    "经商",
    // Words ending in 任 that are no title (`主任` is one).
    "责任",
    "信任",
    "担任",
    "现任",
    "前任",
];

/// Words `$` may skip between a pattern and the identifier: what the identifier is and
/// which bank (`顾某农业银行卡：`, `报警人的微信号`, `事主罗某的身份信息、银行卡信息（`).
const GAP_WORDS: &[&str] = &[
    "联系电话",
    "联系方式",
    // A landline (`王大爷（固话：…）`).
    "固定电话",
    // Hong Kong's mobile (`報案人手提電話：…`).
    "手提电话",
    "固话",
    // Hong Kong's and Macau's landline (`家中固網電話（…）`).
    "固网电话",
    "座机",
    "手机号码",
    "手机号",
    "手机",
    "电话",
    "号码",
    "卡号",
    "账号",
    "帐号",
    "账户",
    "帐户",
    // Hong Kong's, Macau's and Malaysia's words for a bank account (`至銀行戶口（…）`).
    "户口",
    "户头",
    "银行卡",
    "储蓄卡",
    "信用卡",
    "借记卡",
    "卡内",
    // `王某（女，手机…）`.
    "女",
    "男",
    "银行",
    "卡",
    "支付宝",
    "微信号",
    "微信",
    "信息",
    // A message asking for help, whose sender names it (`王某的微信求助信息（…）`).
    "求助",
    "身份",
    "工商",
    "农业",
    "建设",
    "中国",
    "交通",
    "招商",
    "邮政",
    "储蓄",
    "农商",
    "建行",
    "工行",
    "农行",
    "中行",
    "邮储",
    "交行",
    "华夏",
    "民生",
    "浦发",
    "兴业",
    "光大",
    "中信",
    "平安",
    "广发",
    "浙商",
    "信用社",
    "收款码",
    // Which one, not whose (`到这个账户`, `至两个不同账户（一个对公账户…、一个个人账户…）`;
    // not after a name: see [`COUNTS`]).
    "这个",
    "一个",
    "两个",
    "三个",
    "多个",
    "几个",
    "不同",
    "对公",
    "个人",
    "公司",
    "群号",
    "来电",
    "qq",
    // A QQ mailbox tells the QQ id (`周女士的邮箱（QQ邮箱对应QQ号 …）`).
    "邮箱",
    "对应",
    // Messengers abroad (`“外国友人”（WhatsApp：…）`).
    "whatsapp",
    "telegram",
    "取得联系",
    "取得了联系",
    "联系",
    "联络",
];

/// Gap words of how many: after a name they make it the one given to, not the owner
/// (`给了张某一个账号（…）`).
const COUNTS: &[&str] = &["一个", "两个", "三个", "多个", "几个"];

/// [`AFTER`] words of taking that speak of the identifier only in its own clause: past a
/// comma they are the sentence's subject's (`绑定了奶奶的银行卡（…），骗走25000余元`).
const TOOK: &[&str] = &["诈骗", "骗取", "骗走"];

/// How long a quoted term before an identifier may be (characters).
const QUOTE_REACH: usize = 12;
/// How far back a cue word may stand (characters).
pub const BEFORE_REACH: usize = 40;
/// How far after the identifier an [`AFTER`] word may start (characters).
pub const AFTER_REACH: usize = 6;
/// How far after the identifier a holder may be named (characters).
const HOLDER_REACH: usize = 24;
/// A list continues the previous identifier's side across at most this much text.
const LIST_REACH: usize = 12;
/// How close after an account a `绑定` must stand to speak of that account (characters).
const BOUND_REACH: usize = 3;
/// How many identifiers back a list item's earlier telling is looked for.
const LIST_MEMORY: usize = 16;
/// An identifier of the same kind as the one before continues its side across at most
/// this much text of the same sentence with no cue word in it.
const SAME_KIND_REACH: usize = 30;

/// One identifier found in a narrative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeIdentifier {
    pub identifier: Identifier,
    pub side: Side,
    /// The words around it, as written: the evidence an analyst reads.
    pub excerpt: String,
}

/// Every identifier in `text` with its side, given the victim's name from the row
/// (empty when unknown), each once, in the order first met. Never panics; linear in
/// the text.
///
/// The rules below decide, unless `CASEBENCH_NARRATIVE_MODE` (see
/// [`scorer::Mode`]) combines them with the learned scorer; an identifier whose side
/// the scorer changed shows its most telling features after the excerpt.
pub fn narrative_identifiers(text: &str, victim_name: &str) -> Vec<NarrativeIdentifier> {
    narrative_identifiers_in(scorer::Mode::current(), text, victim_name)
}

/// [`narrative_identifiers`] with the rules and the scorer combined as `mode` says.
pub fn narrative_identifiers_in(
    mode: scorer::Mode,
    text: &str,
    victim_name: &str,
) -> Vec<NarrativeIdentifier> {
    let (ids, _, grounds) = read::<scorer::NoFeatures>(text, victim_name);
    // The scorer is asked only where the mode lets it change the rules' side: most
    // narratives are read by the rules alone, at their cost.
    if !ids
        .iter()
        .zip(&grounds)
        .any(|(n, g)| scorer::may_change(mode, n.side, *g))
    {
        return ids;
    }
    let (mut ids, probs, grounds) = scored(text, victim_name);
    for ((n, (p, known)), grounds) in ids.iter_mut().zip(probs).zip(grounds) {
        let side = scorer::combine(mode, n.side, grounds, p);
        if side != n.side {
            let model = scorer::Model::committed();
            let top = model.top_features(&known, side, 3).join(" ");
            let sure = p[scorer::index(side)];
            n.excerpt = format!("{} [scorer: {} {sure:.2}: {top}]", n.excerpt, side.as_str());
            n.side = side;
        }
    }
    ids
}

/// An identifier's probabilities (other, victim, mentioned) and the numbers of the
/// features the scorer knows of it.
type Scored = ([f64; 3], Vec<u32>);

/// Words naming the other side as people: an account theirs with only its name after
/// the word is theirs, firm against the scorer.
const THEM: &[&str] = &[
    "对方",
    "嫌疑人",
    "骗子",
    "骗徒",
    "行骗者",
    "诈骗分子",
    "犯罪分子",
    "嫌犯",
];

/// Words naming the other side's account as such (`向对方账户（华夏银行卡号：…）`).
const THEIR_ACCOUNT: &[&str] = &[
    "对方账户",
    "对方帐户",
    "对方的账户",
    "收款账户",
    "收款帐户",
    "收款方",
    "收款人",
];

/// Words of money going into an account: the account they name is the receiver's.
const INTO_WORDS: &[&str] = &[
    "入其", "转入", "汇入", "打入", "存入", "流入", "进入", "汇至", "汇到",
];

/// What the rules read in `text`, and each identifier's probabilities by the committed
/// scorer with the numbers of its features the scorer knows (see
/// [`scorer::Model::known`]): features hashed as they are built, no string per feature.
fn scored(
    text: &str,
    victim_name: &str,
) -> (Vec<NarrativeIdentifier>, Vec<Scored>, Vec<scorer::Grounds>) {
    let model = scorer::Model::committed();
    let (ids, features, grounds) = read::<scorer::Hashes>(text, victim_name);
    let probs = ids
        .iter()
        .zip(features)
        .map(|(n, mut fs)| {
            if scorer::RULES_FEATURE {
                let _ = write!(fs_feature(&mut fs), "rules:{}", n.side.as_str());
                scorer::Features::end(&mut fs);
                scorer::Features::finish(&mut fs);
            }
            let mut known = Vec::with_capacity(fs.list.len());
            model.known(&fs.list, &mut known);
            (model.probs_known(&known), known)
        })
        .collect();
    (ids, probs, grounds)
}

/// `fs` ready for the next feature's pieces.
fn fs_feature<F: scorer::Features>(fs: &mut F) -> &mut F {
    fs.begin();
    fs
}

/// Each identifier's probabilities (other, victim, mentioned) by the committed scorer,
/// as [`narrative_identifiers_in`] computes them: what a test compares with the
/// scorer's reading of [`narrative_examples`]' features by name.
#[doc(hidden)]
pub fn narrative_probs(text: &str, victim_name: &str) -> Vec<(NarrativeIdentifier, [f64; 3])> {
    let (ids, probs, _) = scored(text, victim_name);
    ids.into_iter()
        .zip(probs.into_iter().map(|(p, _)| p))
        .collect()
}

/// What the rules read in `text`, and each identifier's scorer features, deduplicated
/// (each telling's rules verdict among them as `rules:telling:…`, which a model reads
/// only if learned with it, see [`scorer::uses`]), and the grounds of the rules'
/// verdict the modes weigh: the training and leave-one-set-out measure of [`scorer`]
/// (tests/narrative.rs).
#[doc(hidden)]
pub fn narrative_examples(
    text: &str,
    victim_name: &str,
) -> Vec<(NarrativeIdentifier, Vec<String>, scorer::Grounds)> {
    let (ids, features, grounds) = read::<scorer::Names>(text, victim_name);
    ids.into_iter()
        .zip(features)
        .zip(grounds)
        .map(|((n, f), g)| (n, f.list, g))
        .collect()
}

/// What the rules read: each identifier, its scorer features (none for
/// [`scorer::NoFeatures`]) and the grounds of its side.
type Read<F> = (Vec<NarrativeIdentifier>, Vec<F>, Vec<scorer::Grounds>);

fn read<F: scorer::Features>(text: &str, victim_name: &str) -> Read<F> {
    cell::with_scratch(|scratch| {
        cell::scan_narrative_into(text, scratch);
        let cell::Scratch { folded, found, .. } = scratch;
        let told = read_each_telling::<F>(text, folded, found, victim_name);
        one_side_each(told)
    })
}

/// One occurrence of an identifier and what the words around it say.
struct Told<F> {
    identifier: Identifier,
    side: Option<Side>,
    /// No side, and a word that says nothing of whose stood nearest before it.
    held: bool,
    /// No side, but how it is told gives one should no telling's words decide: a kin's
    /// QQ or WeChat id, a number in a message the victim received, an id in a sentence
    /// about the defendants alone (see [`fallback`]).
    fallback: Option<Side>,
    excerpt: String,
    /// The scorer's features of this telling (none unless asked for).
    features: F,
    /// Why the rules say what they say here (looked for only with features).
    grounds: scorer::Grounds,
    /// How far before it the word that decided `side` (or the kin `fallback`) stands,
    /// when it is of a firm kind (see [`scorer::Grounds::firm_gap`]).
    firm: Option<usize>,
}

/// The side (if the words decide it) and excerpt of each identifier `found` in the
/// narrative `text`, every occurrence (taken out of `found`).
fn read_each_telling<F: scorer::Features>(
    text: &str,
    folded: &Folded,
    found: &mut Vec<cell::Found>,
    victim_name: &str,
) -> Vec<Told<F>> {
    // Most narratives hold no identifier: then nothing below is needed, not even the
    // victim's name folded into its forms (about 1,300 instructions and four
    // allocations a narrative).
    if found.is_empty() {
        return Vec::new();
    }
    let c = &folded.chars;
    let victim = Victim::in_text(victim_name, c);
    let mut windows = scorer::Windows::default();
    let sentence_end = |from: usize| {
        c[from.min(c.len())..]
            .iter()
            .position(|&ch| is_sentence_end(ch))
            .map_or(c.len(), |p| from + p)
    };

    let mut out: Vec<Told<F>> = Vec::with_capacity(found.len());
    let mut prev: Option<(usize, Option<Side>, IdKind)> = None; // (end, side, kind)
    // How firm the item before's side is: a list item takes its head's.
    let mut prev_firm: Option<usize> = None;
    let mut prev_start = 0;
    let mut found = found.drain(..).peekable();
    while let Some(f) = found.next() {
        let (from, end) = (f.cover_start.min(c.len()), f.end.min(c.len()));
        if from >= end || is_amount(c, from, end, f.id.kind) {
            continue;
        }
        let sent_start = sentence_start(c, from);
        let sent_end = sentence_end(end);
        let prev_end = prev.map_or(0, |(e, _, _)| e);
        let back = sent_start
            .max(prev_end)
            .max(from.saturating_sub(BEFORE_REACH));
        let next = found.peek().map_or(c.len(), |n| n.cover_start);
        let after_end = sent_end.min(next.max(end)).min(end + HOLDER_REACH);
        // The nearest cue before and the word after, if the rules looked them up: the
        // scorer's features read them too, and need not look again.
        let nearest_cue: std::cell::Cell<Option<Option<Cue>>> = std::cell::Cell::new(None);
        let after_word: std::cell::Cell<Option<Option<Side>>> = std::cell::Cell::new(None);

        // Where the deciding words are, for the excerpt to show them.
        let (mut cue_from, mut cue_to) = (from, end);
        let mut held = false;
        // Held as a real desk's (a bank's notice, a desk checked with or called): no list
        // before it gives it a side.
        let mut desk = false;
        let mut kin_at = None;
        let mut grounds = scorer::Grounds::default();
        // Set where a firm kind of ground decides (see [`scorer::Grounds::firm_gap`]).
        let mut firm = None;
        let decided = if let Some(side) = holder_after(c, end, after_end, &victim) {
            cue_to = after_end;
            firm = Some(0);
            // A holder named right after it (`（…），开户人：李四`) is as firm as a word
            // right before it: the scorer does not veto it.
            if side == Side::Other {
                grounds.other_word_gap = Some(0);
            }
            Some(side)
        } else if let Some(drained) = is_money_kind(f.id.kind)
            .then(|| drained_after(c, end))
            .flatten()
        {
            // Money taken out of it (`银行卡（…）中的1万元被转走`, `账户（…）被划走`): the
            // account the victim lost from, whatever word stands before it.
            cue_to = drained;
            firm = Some(0);
            Some(Side::Victim)
        } else if f.id.kind == IdKind::Service && bank_notice(c, sent_start, sent_end) {
            // A bank's own notice of what was done (`收到银行验证码短信（95599）`, `提示扣款`):
            // the real desk, nobody's to link, whatever word of receiving stands before.
            held = true;
            desk = true;
            firm = Some(0);
            None
        } else if f.id.kind == IdKind::Service && checked_desk(c, sent_start, from, end) {
            // A desk the story was checked with (`联系京东平台客服（950618）核实`): the real
            // one, nobody's to link, whatever word of calling stands before.
            held = true;
            desk = true;
            firm = Some(0);
            None
        } else if f.id.kind == IdKind::Service && called_desk(c, sent_start, from, &f.id.value) {
            // A national desk the victim or a helper called (`帮其联系农行客服（95599）`,
            // `向腾讯客服（95017）进行了反应`), or the police's own line: the real one,
            // nobody's to link, whatever role word stands before.
            held = true;
            desk = true;
            firm = Some(0);
            None
        } else if f.id.kind == IdKind::Phone && described_victim(c, from) {
            // The victim described (`其中一名受害人為70歲老婦（聯絡電話…）`): theirs,
            // whatever word further back says.
            firm = Some(0);
            Some(Side::Victim)
        } else if f.id.kind == IdKind::Phone && helper_reached(c, from, &victim) {
            // The number helpers called the victim on (`民警立即联系她（…）`,
            // `劝阻员持续拨打着该女子的电话（…）`) is the victim's.
            firm = Some(0);
            Some(Side::Victim)
        } else if let Some(lent) = lent_after(c, end).or_else(|| {
            is_money_kind(f.id.kind)
                .then(|| handed_over_after(c, sent_start, from, end, &victim))
                .flatten()
        }) {
            // An owner's card or number handed on to others is theirs from then on,
            // whatever word of owning stands before it (`吴某对自己名下的银行卡（…）交给
            // 他人使用`): the word right after it decides, as near as a word can be. So
            // is a card seller's account handed over with its card, a little further on
            // (Taiwan's judgments: `將其所申辦之…帳戶之存摺、提款卡及密碼，交付予…`).
            cue_to = lent;
            grounds.other_word_gap = Some(0);
            firm = Some(0);
            Some(Side::Other)
        } else {
            let before = side_before(
                c,
                sent_start,
                back,
                from,
                end,
                f.id.kind,
                &victim,
                |a, b| {
                    let cue = best_cue(c, a, b, &victim);
                    if (a, b) == (back, from) {
                        nearest_cue.set(Some(cue));
                    }
                    cue
                },
            );
            let after = || {
                reports_to_police(c, end, after_end).or_else(|| {
                    let side = word_after(c, end, after_end, &victim)
                        // What a defendant hands over with it is theirs (`雷某在明知…，
                        // 另外将自己之前办理的…银行卡（…）提供给对方`), not a victim's.
                        .map(|side| {
                            if side == Side::Victim
                                && defendant_turned_back(c, sent_start, from, &victim)
                            {
                                Side::Other
                            } else {
                                side
                            }
                        });
                    after_word.set(Some(side));
                    side
                })
            };
            match before {
                // Words in the identifier's own clause outweigh words in an earlier one
                // (`何某将自己的游戏账号挂在网上出售，一位网名叫“怀念”的人（QQ：…）联系何某`).
                Some(b)
                    if b.past_comma
                        && let Some(side) = after() =>
                {
                    Some(side)
                }
                // What the other side says of it is about the victim's own
                // (`对方称银行卡（…）涉嫌洗钱`): a word after it saying so outweighs the
                // speaker.
                Some(b) if b.spoken && after() == Some(Side::Victim) => Some(Side::Victim),
                // What pays is the victim's, unless it is told receiving
                // (`郑某东…通过微信（…）和支付宝（…）收取他人购物全款`).
                Some(b) if b.paying && received_after(c, end, after_end) => Some(Side::Other),
                Some(Before {
                    side: Some(side),
                    at,
                    past_comma,
                    named_only,
                    ..
                }) => {
                    cue_from = at;
                    // A word of its own clause: firm as near as [`scorer::FIRM_REACH`].
                    if !past_comma {
                        firm = Some(from.saturating_sub(at));
                    }
                    if side == Side::Other && !past_comma {
                        // A holder named before `名下` decided (`甘某名下…卡（…）`): as
                        // firm as a word right next to it.
                        // So is an owner word turning back to the accused (`被告人张某
                        // 用其本人银行卡（…）`).
                        // So is a word of money going into it (`转入其银行卡（…）`): what
                        // receives the money is the receiver's, however long its name.
                        // So is a word naming the account money went into, with only
                        // its name after it (`汇至嫌疑人指定账户建设银行卡号：…`).
                        // (Not where the victim is named after that word: `进入田先生的
                        // 支付宝“余额”账户（…）`.)
                        let into_before = || {
                            let clause = clause_start(c, at);
                            (clause..at).any(|i| word_at(c, i, INTO_WORDS).is_some())
                                && !(clause..at).any(|i| victim.at(c, i, at).is_some())
                        };
                        // Or a word naming the account itself (`向对方账户（华夏银行卡号：…）`,
                        // `收款账户为建设银行卡号：…`).
                        let names_account = || {
                            (at..from).any(|i| word_at(c, i, THEIR_ACCOUNT).is_some())
                                && !(at..from).any(|i| victim.at(c, i, from).is_some())
                        };
                        // Or a word naming the other side with only the account's name
                        // after it (`对方报的卡号…`, `对方的银行卡（…）`); not a phone
                        // (`对方公司电话（…）无人接听`: the real one's, as often).
                        // So is a word naming the suspects (`向嫌疑人的银行账户（…）`); its
                        // cue may be shorter than the word (`嫌疑`), so the name is
                        // looked for after the word and its `的` too.
                        let their_account = || {
                            is_money_kind(f.id.kind)
                                && word_at(c, at, THEM).is_some_and(|e| {
                                    let e = e + usize::from(c.get(e) == Some(&'的'));
                                    named_only
                                        || (!c[e.min(from)..from].contains(&',')
                                            && skip_gap(c, e, from) >= from)
                                })
                        };
                        let firm_word = (named_only && (into_before() || names_account()))
                            || their_account()
                            || word_at(c, at, &["名下", "本人", "自己", "其"]).is_some()
                            || word_at(c, at, INTO_WORDS).is_some();
                        grounds.other_word_gap = Some(if firm_word { 0 } else { from - at });
                        firm = grounds.other_word_gap;
                    }
                    Some(side)
                }
                Some(Before {
                    side: None,
                    kin: true,
                    at,
                    ..
                }) => {
                    kin_at = Some(at);
                    let side = after();
                    if side.is_none() {
                        firm = Some(from.saturating_sub(at));
                    }
                    side
                }
                Some(Before { side: None, at, .. }) => {
                    held = true;
                    // A word that holds it `mentioned` is as firm as one that places it.
                    let side = after();
                    if side.is_none() {
                        firm = Some(from.saturating_sub(at));
                    }
                    side
                }
                None => after(),
            }
        };
        // A number that rang the victim, told right after it (`接到一个座机（…）打来的
        // 电话`): as firm as a word right before it, whatever word further back placed it.
        if decided == Some(Side::Other)
            && f.id.kind == IdKind::Phone
            && word_at(c, past_close(c, end), &["打来的"]).is_some()
        {
            grounds.other_word_gap = Some(0);
            firm = Some(0);
        }
        // `（对方微信：A，绑定手机：B）`: what is bound to the account just told is its
        // owner's, not the victim's.
        let bound_to_prev = decided == Some(Side::Victim)
            && c.get(cue_from..cue_from + 2) == Some(&['绑', '定'][..])
            && prev.is_some_and(|(pe, ps, _)| {
                ps.is_some() && pe <= cue_from && cue_from - pe <= BOUND_REACH && pe >= sent_start
            });
        let decided = if bound_to_prev {
            // The excerpt shows the account it is bound to.
            cue_from = prev_start;
            firm = prev_firm;
            prev.and_then(|(_, ps, _)| ps)
        } else {
            decided
        };
        let side = decided.or_else(|| {
            if desk {
                return None;
            }
            let (pe, ps, pk) = prev?;
            // The item before, if its words here said nothing, takes the side an earlier
            // telling gave it (`另一人用手机（A、B）`, A told as the caller before).
            let ps = ps.or_else(|| {
                let p = out.last()?;
                out.iter()
                    .rev()
                    .skip(1)
                    .take(LIST_MEMORY)
                    .find(|t| {
                        t.identifier.kind == p.identifier.kind
                            && t.identifier.value == p.identifier.value
                    })
                    .and_then(|t| t.side)
            });
            let gap = c.get(pe..from)?;
            // `A,B`, `A；B`: nothing but a separator between.
            let separated = (1..=3).contains(&gap.len())
                && gap
                    .iter()
                    .all(|ch| matches!(ch, ',' | '、' | ';' | '/' | ' '));
            let in_sentence = pe >= sent_start;
            // Not past a comma and a word of another one (`…至对方账户A，正准备转另一张卡（B）`:
            // the victim's other card).
            // Nor past a comma and someone named who is not of the other side (`，并有陪同人员
            // （电话：…）`, `，同行女士手机：…`).
            // (Looked for only where the list would otherwise go on.)
            let another = || {
                gap.contains(&',')
                    && (find_word(gap, "另一").is_some()
                        || has_any(
                            gap,
                            NOT_ROLES
                                .iter()
                                .chain(VICTIM_WORDS)
                                .chain(&["女士", "先生"]),
                        ))
            };
            // Nor, for an item of another kind, past a comma and a saying word: what is
            // said starts anew (`假公安（微信：A）说，他的银行户头（B）`); items of one kind
            // go on past it (`…银行卡（A），其供述称，…银行卡（B）`).
            let spoken = || gap.contains(&',') && has_any(gap, SPOKEN);
            let listed = gap.len() <= LIST_REACH
                && gap
                    .iter()
                    .any(|ch| matches!(ch, '、' | '和' | '及' | '或' | '与' | ',' | '/'));
            let same_kind =
                pk == f.id.kind && gap.len() <= SAME_KIND_REACH && !named_as_someones(gap);
            if separated || (in_sentence && ((listed && !spoken()) || same_kind) && !another()) {
                // A list item after a separator is as firm as its head; one further
                // on is not.
                firm = if separated { prev_firm } else { None };
                ps
            } else {
                None
            }
        });
        let fallback = match (side, kin_at) {
            (Some(_), _) => None,
            (None, Some(at)) => {
                cue_from = at;
                Some(Side::Victim)
            }
            (None, None) if held => None,
            (None, None) => {
                fallback(c, sent_start, from, end, f.id.kind, &victim).map(|(side, at)| {
                    cue_from = cue_from.min(at.max(from.saturating_sub(BEFORE_REACH)));
                    side
                })
            }
        };
        // In a card sellers' story (no victim named, nobody deceived) whatever words
        // would make an account the victim's make it its seller's: the gang's.
        let sellers = |side: Option<Side>| match side {
            Some(Side::Victim) if victim.sellers => Some(Side::Other),
            side => side,
        };
        // The story itself is the ground then for an account, as firm as a word before
        // it: the scorer, which reads the victim's words, does not veto it.
        if victim.sellers && is_money_kind(f.id.kind) && side.or(fallback) == Some(Side::Victim) {
            grounds.other_word_gap = Some(0);
        }
        let (side, fallback) = (sellers(side), sellers(fallback));
        // A side decided by a word after it (or the fallback) is weak, unless a kin word
        // stood before it.
        if side.is_none() && kin_at.is_none() && !held {
            firm = None;
        }
        prev = Some((end, side, f.id.kind));
        prev_firm = firm.filter(|_| side.is_some());
        prev_start = from;
        // The clause around it, not cutting into the identifiers before and after.
        let excerpt_from = sent_start
            .max(prev_end)
            .max(from.saturating_sub(20))
            .min(cue_from);
        let excerpt_to = sent_end.min(end + 12).min(next.max(end)).max(cue_to);
        let excerpt = folded
            .source(text, excerpt_from, excerpt_to)
            .trim_start_matches([',', '，', '、', ' ', ')', '）', ']', '】'])
            .trim_end_matches([',', '，', '、', ' ', '(', '（', '[', '【'])
            .to_string();
        // The nearest word of the cue table before it: what a scorer may fill in an
        // unplaced identifier with (see [`scorer::Grounds`]), and a feature.
        let nearest = || {
            nearest_cue
                .get()
                .unwrap_or_else(|| best_cue(c, back, from, &victim))
        };
        // (Not for a real desk's number: the desk word that decided outweighs a role
        // word before it, `客服` of `农行客服（95599）`.)
        if side.is_none() && fallback.is_none() && !desk {
            let says = nearest().map(|cue| cue.says);
            grounds.other_cue = says == Some(Says::Other);
            grounds.victim_cue = says == Some(Says::Victim);
        }
        let mut features = F::default();
        if F::WANTED {
            scorer::features(
                c,
                from,
                end,
                f.id.kind,
                &|i, limit| victim.at(c, i, limit),
                &|i, limit| masked_name(c, i, limit),
                &mut windows,
                &mut features,
            );
            // The cue table's own reading, as features the scorer weighs: the nearest
            // table word before (which, what it says, how far) and the word after.
            // (Written piece by piece into the sink: no string per feature.)
            let fs = &mut features;
            if let Some(cue) = nearest() {
                let far = match from.saturating_sub(cue.end) {
                    0..=2 => 0,
                    3..=8 => 1,
                    _ => 2,
                };
                let _ = write!(fs_feature(fs), "cue:{:?}:{far}", cue.says);
                fs.end();
                fs_feature(fs).put("cueword:");
                for &ch in &c[cue.start..cue.end] {
                    fs.put_char(ch);
                }
                fs.end();
            }
            let after = after_word
                .get()
                .unwrap_or_else(|| word_after(c, end, after_end, &victim));
            if let Some(side) = after {
                fs_feature(fs).put("cue:after:");
                fs.put(side.as_str());
                fs.end();
            }
            let telling = side.or(fallback).map_or("none", Side::as_str);
            fs_feature(fs).put("rules:telling:");
            fs.put(telling);
            fs.end();
        }
        out.push(Told {
            identifier: f.id,
            side,
            held: held && side.is_none(),
            fallback,
            excerpt,
            features,
            grounds,
            firm,
        });
    }
    out
}

/// Each identifier once, with one side for the record: the side its tellings give (a
/// cue at one decides for all), `mentioned` where none does or they disagree; the
/// excerpt of the telling that decided.
fn one_side_each<F: scorer::Features>(told: Vec<Told<F>>) -> Read<F> {
    let mut out: Vec<NarrativeIdentifier> = Vec::with_capacity(told.len());
    // Per identifier in `out`: the scorer's features of every telling (none kept, and
    // nothing allocated, when the rules read alone).
    let with_features = F::WANTED;
    let mut features: Vec<F> = Vec::new();
    // Per identifier in `out`: the side decided so far, and whether tellings disagree.
    let mut decided: Vec<(Option<Side>, bool)> = Vec::with_capacity(told.len());
    // Per identifier in `out`: whether a word saying nothing of whose held a telling.
    let mut held: Vec<bool> = Vec::with_capacity(told.len());
    // Per identifier in `out`: the first telling's fallback, with its excerpt.
    let mut fallbacks: Vec<Option<(Side, String, Option<usize>)>> = Vec::with_capacity(told.len());
    // Per identifier in `out`: the nearest firm ground of the tellings that gave a side.
    let mut firm: Vec<Option<usize>> = Vec::with_capacity(told.len());
    // …and of the tellings a word held `mentioned`.
    let mut held_firm: Vec<Option<usize>> = Vec::with_capacity(told.len());
    // Per identifier in `out`: the grounds of every telling together.
    let mut grounds: Vec<scorer::Grounds> = Vec::with_capacity(told.len());
    // A narrative holds a few identifiers: looked up in the list; a long one through a
    // map, to stay linear.
    let mut seen: std::collections::HashMap<(IdKind, String), usize> =
        std::collections::HashMap::new();
    let many = told.len() > 16;
    for t in told {
        let id = &t.identifier;
        let known = if many {
            seen.get(&(id.kind, id.value.clone())).copied()
        } else {
            out.iter()
                .position(|n| n.identifier.kind == id.kind && n.identifier.value == id.value)
        };
        let Some(i) = known else {
            if many {
                seen.insert((id.kind, id.value.clone()), out.len());
            }
            decided.push((t.side, false));
            grounds.push(t.grounds);
            held.push(t.held);
            firm.push(t.firm.filter(|_| t.side.is_some()));
            held_firm.push(t.firm.filter(|_| t.held));
            fallbacks.push(t.fallback.map(|f| (f, t.excerpt.clone(), t.firm)));
            if with_features {
                features.push(t.features);
            }
            out.push(NarrativeIdentifier {
                identifier: t.identifier,
                side: Side::Mentioned,
                excerpt: t.excerpt,
            });
            continue;
        };
        held[i] |= t.held;
        grounds[i].join(t.grounds);
        if with_features {
            features[i].append(t.features);
            fs_feature(&mut features[i]).put("told:again");
            features[i].end();
        }
        if fallbacks[i].is_none() {
            fallbacks[i] = t.fallback.map(|f| (f, t.excerpt.clone(), t.firm));
        }
        if t.held {
            held_firm[i] = held_firm[i].into_iter().chain(t.firm).min();
        }
        if t.side.is_some() {
            // Tellings that agree: the firmest decides how firm (they disagree
            // otherwise, and that is firm in itself).
            firm[i] = firm[i].into_iter().chain(t.firm).min();
        }
        match (decided[i].0, t.side) {
            (None, Some(side)) => {
                decided[i].0 = Some(side);
                out[i].excerpt = t.excerpt;
            }
            (Some(a), Some(b)) if a != b => decided[i].1 = true,
            _ => {}
        }
    }
    let each = out
        .iter_mut()
        .zip(decided)
        .zip(held)
        .zip(fallbacks)
        .zip(firm)
        .zip(held_firm)
        .zip(&mut grounds);
    for ((((((n, (side, disagree)), held), fallback), firm), held_firm), grounds) in each {
        if disagree {
            grounds.disagree = true;
            continue;
        }
        n.side = match side {
            Some(side) => {
                grounds.firm_gap = firm;
                side
            }
            None if let Some((side, excerpt, firm)) = fallback => {
                n.excerpt = excerpt;
                grounds.firm_gap = firm;
                side
            }
            None if held => {
                grounds.firm_gap = held_firm;
                Side::Mentioned
            }
            // A card no words place: the other side's accounts are told by where the
            // money went (`转入`, `向…转账`, `指定`, `提供的`), so one told by nothing is the
            // victim's own (in the corpus, 8 of 10 such cards) and never links.
            None if n.identifier.kind == IdKind::Card => Side::Victim,
            None => Side::Mentioned,
        };
    }
    for fs in &mut features {
        fs.finish();
    }
    (out, features, grounds)
}

/// Words that make a sentence about the other side alone (`经查，该团伙成员先在网上花钱买
/// 两个QQ号`, `被告人陈某平…与两部手机（…）进行捆绑`).
const ABOUT_THEM: &[&str] = &["被告人", "犯罪嫌疑人", "团伙", "诈骗分子"];

/// Words that introduce a message the victim received: a number quoted in it
/// (`收到一条…短信：“…TEL:0517-80166531”`) is the sender's.
const MESSAGE_WORDS: &[&str] = &["短信", "消息", "通知", "信息"];

/// Words saying the victim received the message (`收到一条…短信：“`).
const RECEIVED: &[&str] = &["收到", "接到", "发来"];

/// How far before the opening quotation mark a [`RECEIVED`] word may stand.
const RECEIVED_REACH: usize = 24;

/// How far back a message's opening quotation mark may stand (characters).
const MESSAGE_REACH: usize = 120;

/// How far before a message's opening mark a [`MESSAGE_WORDS`] word may stand
/// (`收到一条短信，内容为：“`).
const MESSAGE_HEAD: usize = 8;

/// A side for an identifier no words near it place, and where what gives it starts:
/// the other side's when it is quoted in a message the victim received, or when its
/// sentence speaks of the defendants and never of the victim. Not for a card: one no
/// words place is the victim's own (see [`one_side_each`]), and a message may name the
/// victim's card (`您的银行卡…已被冻结`).
fn fallback(
    c: &[char],
    sentence: usize,
    from: usize,
    end: usize,
    kind: IdKind,
    victim: &Victim,
) -> Option<(Side, usize)> {
    // A card listed with other cards and no word placing it (`三个账户分别为：A、B、C`) is
    // where money went: the victim's own cards are told as such when listed
    // (`将自己的3张银行卡卡号（A、B、C）`), and words would have said so (round ten) — but
    // not where the sentence is the victim's doing (`何姓市民…將3本存摺與提款卡（帳號A、B等）
    // 寄出`: the victim's cards, mailed to a courier).
    let victims_doing = || {
        let clause = clause_start(c, from).max(sentence);
        c[clause..from].iter().any(|&ch| ch == '将' || ch == '把')
            && (sentence.min(from)..from)
                .any(|i| victim.at(c, i, from).is_some() || word_at(c, i, VICTIM_WORDS).is_some())
    };
    if kind == IdKind::Card && in_card_list(c, from, end) && !victims_doing() {
        return Some((Side::Other, from));
    }
    // A card sellers' story names no victim: an account nothing places is a seller's.
    if victim.sellers && is_money_kind(kind) {
        return Some((Side::Other, from));
    }
    let window = from.saturating_sub(MESSAGE_REACH);
    if let Some(open) = c[window..from].iter().rposition(|&ch| ch == '“') {
        let open = window + open;
        let closed = c[open..from].contains(&'”');
        if received_message_opens(c, open) && !closed && kind != IdKind::Card {
            return Some((Side::Other, open.saturating_sub(MESSAGE_HEAD)));
        }
    }
    // A message told after a colon, in the same sentence (`收到一条短信，短信内容为：尊敬的
    // **，您的信用卡…请您及时联系0777-…`).
    if kind != IdKind::Card {
        let said = sentence.min(from);
        if let Some(colon) = c[said..from].iter().rposition(|&ch| ch == ':')
            && received_message_opens(c, said + colon)
        {
            return Some((Side::Other, (said + colon).saturating_sub(MESSAGE_HEAD)));
        }
    }
    let words = &c[sentence.min(from)..from];
    // Most sentences name no defendant: the victim is looked for only in those that do.
    let about_them = ABOUT_THEM.iter().find_map(|w| find_word(words, w))?;
    // A card the defendants got by deceit or theft is the victim's (`被告人张某骗得一张
    // 银行卡（…）的密码`); one they bought, rented or received money with is theirs.
    if kind == IdKind::Card && has_any(words, TAKEN) {
        return None;
    }
    let victims = (0..words.len()).any(|i| victim.at(c, sentence + i, from).is_some())
        || has_any(words, VICTIM_WORDS.iter().chain(VICTIM_LIKE));
    (!victims).then_some((Side::Other, sentence + about_them))
}

/// Whether a message the victim received opens at `at` (a quotation mark or a colon):
/// a [`MESSAGE_WORDS`] word right before it and a [`RECEIVED`] word before that —
/// received, not sent: the victim's own message may quote the victim's number.
fn received_message_opens(c: &[char], at: usize) -> bool {
    let head = &c[at.saturating_sub(MESSAGE_HEAD)..at];
    let told = &c[at.saturating_sub(RECEIVED_REACH)..at];
    has_any(head, MESSAGE_WORDS) && has_any(told, RECEIVED)
}

/// Whether another long number stands right before `c[from..]` or right after `c[..end]`,
/// apart by `、` alone (a holder in brackets may follow each: `A（刘某）、B`).
fn in_card_list(c: &[char], from: usize, end: usize) -> bool {
    let long_run = |digits: usize| digits >= 13;
    let mut after = end;
    if c.get(after) == Some(&'(') {
        after += c[after..]
            .iter()
            .take(8)
            .position(|&ch| ch == ')')
            .map_or(0, |p| p + 1);
    }
    let next = c.get(after) == Some(&'、')
        && long_run(
            c[after + 1..]
                .iter()
                .take_while(|ch| ch.is_ascii_digit())
                .count(),
        );
    let mut before = from;
    if before >= 1 && c[before - 1] == '、' {
        before -= 1;
        if before >= 1 && c[before - 1] == ')' {
            before -= c[before.saturating_sub(8)..before]
                .iter()
                .rev()
                .position(|&ch| ch == '(')
                .map_or(0, |p| p + 1);
        }
        let digits = c[..before]
            .iter()
            .rev()
            .take_while(|ch| ch.is_ascii_digit())
            .count();
        return next || long_run(digits);
    }
    next
}

/// Words of a bank's own notice of money moved or a code sent (`验证码短信`, `提示扣款`).
const NOTICE: &[&str] = &["验证码", "扣款", "扣费", "进账", "到账", "支出", "即将支付"];

/// Words saying a notice was forged (`伪基站`, `冒充工行（…）发送`, `积分兑换`).
const FORGED: &[&str] = &[
    "伪基站",
    "冒充",
    "假冒",
    "冒用",
    "伪装",
    "显示为",
    "诈骗",
    "积分",
    "链接",
    "网址",
];

/// Whether the sentence `c[from..to]` tells of a bank's own notice (a [`NOTICE`] word and
/// a bank) and nothing forged ([`FORGED`]): its service number is the real desk's.
fn bank_notice(c: &[char], from: usize, to: usize) -> bool {
    let sentence = &c[from..to.min(c.len())];
    find_word(sentence, "银行").is_some() && has_any(sentence, NOTICE) && !has_any(sentence, FORGED)
}

/// Words of checking a story with a desk (`拨打京东客服（950618）核实`).
const CHECKING: &[&str] = &["核实", "核验", "查证", "求证"];

/// Whether a [`CHECKING`] word follows the service number ending at `end` (past a
/// closing bracket and `进行`) and neither the other side speaking nor a message stands
/// before it in its sentence (`短信称…请拨打400…核实`: their desk): the real desk the
/// victim or the police checked with.
fn checked_desk(c: &[char], sentence: usize, start: usize, end: usize) -> bool {
    let mut at = past_close(c, end);
    if c.get(at..at + 2) == Some(&['进', '行'][..]) {
        at += 2;
    }
    word_at(c, at, CHECKING).is_some()
        && !their_words(c, sentence, start)
        && !has_any(&c[sentence.min(start)..start], MESSAGE_WORDS)
}

/// Words saying the desk's number came from the other side or was not the real one
/// (`拨打短信中的客服电话`, `网上搜到的`, `所谓的中国银行客服`).
const NOT_THE_DESK: &[&str] = &[
    "短信", "信息", "提供", "提示", "所谓", "冒充", "自称", "假", "对方", "网上", "搜", "百度",
];

/// How far before a desk's number the word of calling it may stand (characters).
const CALLING_REACH: usize = 16;

/// Whether the service number `value` starting at `start` is a national desk (five
/// digits from `95`, `96`, `10` or `12`) that its clause tells being called, with
/// nothing saying the number came from the other side, and not in the other side's
/// words — or the police's anti-fraud line `96110`, never the other side's (it warns
/// the victim; the other side tells them not to answer it). 31 of 31 such desks after a
/// word of calling are `mentioned` in the working corpus, as all 11 `96110`s.
fn called_desk(c: &[char], sentence: usize, start: usize, value: &str) -> bool {
    let national = value.len() == 5
        && ["95", "96", "10", "12"]
            .iter()
            .any(|p| value.starts_with(p));
    if !national {
        return false;
    }
    if value == "96110" {
        return true;
    }
    let from = clause_start(c, start).max(start.saturating_sub(CALLING_REACH));
    let words = &c[from..start];
    // `打电话给…客服` as well as the words of reaching anyone ([`CALLING`]).
    (has_any(words, CALLING) || find_word(words, "电话给").is_some())
        && !has_any(words, NOT_THE_DESK)
        && !their_words(c, sentence, start)
}

/// Words of taking something from the victim: a card in a sentence about the defendants
/// with one of these before it is not theirs by the sentence alone.
const TAKEN: &[&str] = &[
    "骗取", "骗得", "骗走", "套取", "窃取", "盗取", "盗走", "获取", "盗刷", "冒用",
];

/// Whether any of `words` stands in `hay`.
fn has_any<'a>(hay: &[char], words: impl IntoIterator<Item = &'a &'a str>) -> bool {
    words.into_iter().any(|w| find_word(hay, w).is_some())
}

/// Where the word `w` first stands in `hay`.
fn find_word(hay: &[char], w: &str) -> Option<usize> {
    let first = w.chars().next()?;
    let n = w.chars().count();
    (0..(hay.len() + 1).saturating_sub(n))
        .find(|&i| hay[i] == first && hay[i..i + n].iter().copied().eq(w.chars()))
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | ';' | '!' | '?' | '\n' | '\r')
}

/// A short number that is an amount (`10000元`, `¥12300`), not a service number.
fn is_amount(c: &[char], from: usize, end: usize, kind: IdKind) -> bool {
    if kind != IdKind::Service {
        return false;
    }
    let after = c.get(end).copied();
    let before = from.checked_sub(1).and_then(|i| c.get(i)).copied();
    // A range of sums (`缴纳10000至20000的保证金`): a digit across `至`, `到`, `~`.
    let range_word = |ch: Option<char>| matches!(ch, Some('至' | '到' | '~'));
    let digit = |i: Option<usize>| i.and_then(|i| c.get(i)).is_some_and(char::is_ascii_digit);
    matches!(
        after,
        Some('元' | '块' | '万' | '千' | '百' | '余' | '多' | '.' | '人')
    ) || matches!(before, Some('¥' | '$' | '￥'))
        || (range_word(after) && digit(Some(end + 1)))
        || (range_word(before) && digit(from.checked_sub(2)))
}

/// The victim's name, its masked form (`王小明` → `王某`) and the forms of address the
/// press and police write for someone of that surname (`王女士`, `小王`, `王姓女子`,
/// `王大爷`), as characters. Reports name the victim so as often as by name. With what
/// the text says of the victim as a whole: a card sellers' story with none named, a
/// telling in the victim's own words.
struct Victim {
    aliases: Vec<Vec<char>>,
    /// The surname, for the forms of address (matched in place, nothing built a row).
    surname: Option<char>,
    /// No victim is named and the text tells of accounts sold, rented or laundered
    /// through ([`sellers_story`]): whoever owns an account in it is a card seller.
    sellers: bool,
    /// The victim tells it ([`first_person`]): `他`, `她` are the other side. Looked
    /// for once, the first time a `他的` or `她的` stands before an identifier.
    first_person: std::cell::OnceCell<bool>,
}

/// Forms of address after a surname (`杨女士`); [`ADDRESS_BEFORE`] before it (`小杨`,
/// not before a letter: `J某` is `J女士`, never `小J`).
const ADDRESS_AFTER: &[&str] = &[
    "女士",
    "先生",
    "小姐",
    "姓女子",
    "姓男子",
    "姓",
    "大爷",
    "大妈",
    "阿姨",
    "奶奶",
    "爷爷",
    "老师傅",
];
const ADDRESS_BEFORE: &[char] = &['小', '老'];

impl Victim {
    fn new(name: &str) -> Victim {
        // As the narrative is read: traditional characters as simplified ones.
        let name: Vec<char> = super::fold(name.trim())
            .chars()
            .map(super::hant::simplified)
            .collect();
        let mut aliases = Vec::new();
        let mut surname = None;
        if name.len() >= 2
            && let Some(&first) = name.first()
        {
            if !name.ends_with(&['某']) {
                aliases.push(vec![first, '某']);
            }
            surname = Some(first);
            aliases.insert(0, name);
        }
        Victim {
            aliases,
            surname,
            sellers: false,
            first_person: std::cell::OnceCell::new(),
        }
    }

    /// The victim of the narrative `c` (folded): [`Victim::new`], and whether `c` is a
    /// card sellers' story that names no victim ([`sellers_story`]).
    fn in_text(name: &str, c: &[char]) -> Victim {
        let mut victim = Victim::new(name);
        victim.sellers = !victim.known() && sellers_story(c);
        victim
    }

    /// The length of the victim's name at `at`, if it stands there.
    fn at(&self, c: &[char], at: usize, limit: usize) -> Option<usize> {
        let surname = self.surname?;
        let here = *c.get(at)?;
        let starts = |from: usize, w: &str| {
            let mut i = from;
            for ch in w.chars() {
                if i >= limit || c[i] != ch {
                    return None;
                }
                i += 1;
            }
            Some(i - at)
        };
        if here != surname {
            // `小杨`, `老杨`.
            return (ADDRESS_BEFORE.contains(&here)
                && !surname.is_ascii()
                && at + 2 <= limit
                && c[at + 1] == surname)
                .then_some(2);
        }
        // Every other alias starts with the surname.
        let named = self
            .aliases
            .iter()
            .filter(|a| at + a.len() <= limit && c.get(at..at + a.len()) == Some(&a[..]))
            .map(Vec::len)
            .max();
        let addressed = ADDRESS_AFTER.iter().filter_map(|w| starts(at + 1, w)).max();
        named.max(addressed)
    }

    fn known(&self) -> bool {
        !self.aliases.is_empty()
    }
}

/// A masked name at `at` (`王某`, `王某某`, `王*`, `王**`; Taiwan's judgments' `林○志`,
/// `丁○○`): its length.
#[inline]
fn masked_name(c: &[char], at: usize, limit: usize) -> Option<usize> {
    let first = *c.get(at)?;
    // The mask first: most places have none after them, and whether the first is a
    // letter is read from Unicode's tables.
    let after = c.get(at + 1..limit).unwrap_or_default();
    let n = after
        .iter()
        .take(2)
        .take_while(|&&ch| matches!(ch, '某' | '*' | 'x' | 'X'))
        .count();
    if n == 0 {
        return (after.first() == Some(&'○'))
            .then(|| circle_masked_name(first, after))
            .flatten();
    }
    if !first.is_alphabetic() || first.is_ascii() || first == '某' {
        return None;
    }
    Some(1 + n)
}

/// Taiwan's `○` masking a name's middle or end (`林○志`, `丁○○`), `after` the text after
/// its first character: its length. Not a numeral's zero (`二○一八年`).
#[cold]
fn circle_masked_name(first: char, after: &[char]) -> Option<usize> {
    if "一二三四五六七八九十○〇".contains(first) || !first.is_alphabetic() || first.is_ascii()
    {
        return None;
    }
    let third = after
        .get(1)
        .is_some_and(|&ch| ch == '○' || (ch.is_alphabetic() && !ch.is_ascii()));
    Some(2 + usize::from(third))
}

fn same(a: char, b: char) -> bool {
    a == b || (a.is_ascii() && a.to_ascii_lowercase() == b)
}

/// Gap words' compounds `$` stops at: the caller's number as the victim saw it is the
/// caller's, not whoever is named before (`致電市民（來電號碼：…）`), though `来电`
/// alone is skipped (`接到妻子来电（…）`).
const CALLER_SHOWN: &[&str] = &["来电号码", "来电显示"];

/// Skips what `$` may skip: brackets, colons, spaces, commas and [`GAP_WORDS`] (with an
/// account's `上` after them), up to a [`CALLER_SHOWN`] word.
fn skip_gap(c: &[char], mut i: usize, limit: usize) -> usize {
    'outer: while i < limit {
        // Words first: `号码` is a word, not `号` and then `码`.
        if CUE_STARTS.gap_firsts.contains(c[i].to_ascii_lowercase()) {
            if c[i] == '来' && word_at(c, i, CALLER_SHOWN).is_some() {
                break;
            }
            for w in GAP_WORDS {
                let n = w.chars().count();
                if i + n <= limit && c[i..i + n].iter().zip(w.chars()).all(|(&a, b)| same(a, b)) {
                    i += n;
                    // An account's `上` (`到他们的账户上（…）`, `打到了小沈银行卡上（…）`).
                    if i < limit && c[i] == '上' && (w.ends_with('卡') || w.ends_with('户')) {
                        i += 1;
                    }
                    continue 'outer;
                }
            }
        }
        if matches!(
            c[i],
            '(' | '['
                | '【'
                | ':'
                | ' '
                | ','
                | '、'
                | '为'
                | '是'
                | '号'
                | '"'
                | '“'
                | '及'
                | '均'
        ) {
            i += 1;
            continue;
        }
        // A bank's name in Latin letters before the number (`帳戶（Maybank 5142-…）`).
        let word = c[i..limit]
            .iter()
            .take_while(|ch| ch.is_ascii_alphabetic())
            .count();
        if word >= 2 && i + word < limit && c[i + word] == ' ' {
            i += word + 1;
            continue;
        }
        break;
    }
    i
}

/// Where `pat` matched at `s` ends (not beyond `limit`), if it does.
fn match_at(c: &[char], s: usize, limit: usize, pat: &str, victim: &Victim) -> Option<usize> {
    match_after(c, s, limit, pat, victim, false)
}

/// [`match_at`], `named` saying a name ends at `s` (a `$` right there skips no word of
/// how many: see [`gap_after_name`]).
fn match_after(
    c: &[char],
    s: usize,
    limit: usize,
    pat: &str,
    victim: &Victim,
    named: bool,
) -> Option<usize> {
    let mut i = s;
    // The pattern a character at a time; `<victim>` read whole where its `<` stands (a
    // word's look-up is mostly one or two characters compared: no test of the rest of
    // the pattern for `<victim>` at each).
    let mut rest = pat.chars();
    // Where a name matched ended, if the pattern is right after one.
    let mut name_end = named.then_some(s);
    while let Some(ch) = rest.next() {
        if ch == '<'
            && let Some(r) = rest.as_str().strip_prefix("victim>")
        {
            i += victim.at(c, i, limit)?;
            name_end = Some(i);
            rest = r.chars();
            continue;
        }
        match ch {
            '…' => {
                let rest = rest.as_str();
                // The victim's name, a masked name, or nothing: try the longest first.
                let options = [victim.at(c, i, limit), masked_name(c, i, limit), Some(0)];
                return options
                    .into_iter()
                    .flatten()
                    .find_map(|n| match_after(c, i + n, limit, rest, victim, n > 0));
            }
            '$' => {
                let gap = if name_end == Some(i) {
                    gap_after_name(c, i, limit)
                } else {
                    skip_gap(c, i, limit) == limit
                };
                if !gap {
                    return None;
                }
                i = limit;
            }
            _ => {
                if i >= limit || !same(c[i], ch) {
                    return None;
                }
                i += 1;
            }
        }
    }
    Some(i)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A table word at `s`: where it ends. ASCII words only as whole words.
fn table_word(c: &[char], s: usize, limit: usize, pat: &str, victim: &Victim) -> Option<usize> {
    let e = match_at(c, s, limit, pat, victim)?;
    // An English word (`own`), not a pattern of the victim's name (`<victim>$`).
    if pat.is_ascii() && !pat.starts_with("<victim>") {
        let before_ok = s == 0 || !is_word(c[s - 1]);
        let after_ok = e >= c.len() || !is_word(c[e]);
        if !(before_ok && after_ok) {
            return None;
        }
    }
    (e > s).then_some(e)
}

/// The side a holder's name gives: the victim → victim, anyone else → other. None when
/// the victim's name is unknown and the holder is not named as the victim.
fn holder_side(c: &[char], at: usize, limit: usize, victim: &Victim) -> Option<(Side, usize)> {
    // `开户人、涉案银行账号`: field names listed, no holder named.
    if c.get(at) == Some(&'、') {
        return None;
    }
    let i = skip_gap(c, at, limit);
    if let Some(n) = victim.at(c, i, limit) {
        return Some((Side::Victim, i + n));
    }
    for (w, side) in [
        ("其本人", Side::Victim),
        ("本人", Side::Victim),
        ("报警人", Side::Victim),
        ("对方", Side::Other),
        ("嫌疑人", Side::Other),
    ] {
        if let Some(e) = match_at(c, i, limit, w, victim) {
            return Some((side, e));
        }
    }
    let name = c[i..limit]
        .iter()
        .take(4)
        .take_while(|&&ch| {
            (ch.is_alphabetic() && !ch.is_ascii() && !matches!(ch, '的' | '等' | '及' | '、'))
                || ch == '*'
        })
        .count();
    // `收款人古怪的账户`: words, not a holder's name; a masked one is a name
    // (`户名为王某的银行账户（…）`).
    let named =
        name >= 2 && (c.get(i + name) != Some(&'的') || masked_name(c, i, limit) == Some(name));
    (named && victim.known()).then_some((Side::Other, i + name))
}

/// A holder named in `c[from..to]` (the text after an identifier).
fn holder_after(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Side> {
    // A clause of no consent after it (`（…）喺未經其授權下…被轉賬`) names whose it is
    // drained from, no holder: [`drained_after`] reads it.
    let next = past_closing(c, from);
    if past_unauthorised(c, next) > next {
        return None;
    }
    let starts = &*CUE_STARTS;
    (from..to)
        .filter(|&s| starts.may_start(c[s]))
        .find_map(|s| {
            HOLDER.iter().find_map(|w| {
                let e = match_at(c, s, to, w, victim)?;
                holder_named_after(c, e, to, victim)
            })
        })
}

/// The side of a holder named at `c[e..]` after an identifier and a [`HOLDER`] word —
/// not one of the account named next (`…转入户主为张某的银行卡…`).
fn holder_named_after(c: &[char], e: usize, to: usize, victim: &Victim) -> Option<Side> {
    holder_side(c, e, to, victim)
        .filter(|&(_, name_end)| c.get(name_end) != Some(&'的'))
        .map(|(side, _)| side)
}

/// The first characters of the [`BEFORE`], [`HOLDER`] and [`AFTER`] words: a place
/// whose character is not a word's first starts no match of it, so the scans try only
/// the words that may start there (in table order, which breaks ties).
struct CueStarts {
    /// Every first character of a [`BEFORE`] or [`HOLDER`] word (the `<victim>` ones
    /// aside).
    firsts: CharSet,
    /// Per [`BEFORE`] word; None for a `<victim>` word (it starts with the name).
    before: Vec<Option<char>>,
    /// Per [`HOLDER`] word.
    holder: Vec<Option<char>>,
    /// Per [`AFTER`] word.
    after: Vec<Option<char>>,
    /// The [`BEFORE`] words (their indices, in table order) by first character, sorted
    /// by it: a place tries only the words that start with its character.
    before_by_first: Vec<(char, Vec<usize>)>,
    /// The first characters of the [`GAP_WORDS`].
    gap_firsts: CharSet,
    /// The last characters of the [`KIN`] words, the [`ROLE_ENDINGS`] and `”`: where a
    /// word of a class may end.
    class_ends: CharSet,
    /// The first characters of the [`CHECKED_WITH`] words.
    checked_firsts: CharSet,
}

/// A set of characters asked of nearly every character of a narrative around an
/// identifier: a bit each in the Basic Multilingual Plane, where every table word's
/// characters are (one test, where a search of a sorted list took six to eight
/// comparisons), a sorted list beyond it.
struct CharSet {
    bits: Vec<u64>,
    beyond: Vec<char>,
}

impl CharSet {
    const PLANE: usize = 0x10000;

    fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet {
            bits: vec![0; Self::PLANE / 64],
            beyond: Vec::new(),
        };
        for c in chars {
            let u = c as usize;
            match set.bits.get_mut(u / 64) {
                Some(word) => *word |= 1 << (u % 64),
                None => set.beyond.push(c),
            }
        }
        set.beyond.sort_unstable();
        set.beyond.dedup();
        set
    }

    #[inline]
    fn contains(&self, c: char) -> bool {
        let u = c as usize;
        match self.bits.get(u / 64) {
            Some(word) => word & (1 << (u % 64)) != 0,
            None => self.beyond.binary_search(&c).is_ok(),
        }
    }
}

fn first_char(pat: &str) -> Option<char> {
    if pat.starts_with("<victim>") {
        None
    } else {
        pat.chars().next()
    }
}

impl CueStarts {
    fn new() -> CueStarts {
        let before: Vec<Option<char>> = BEFORE.iter().map(|&(p, _)| first_char(p)).collect();
        let holder: Vec<Option<char>> = HOLDER.iter().map(|p| first_char(p)).collect();
        let after: Vec<Option<char>> = AFTER.iter().map(|&(p, _)| first_char(p)).collect();
        let mut firsts: Vec<char> = before.iter().chain(&holder).flatten().copied().collect();
        firsts.sort_unstable();
        firsts.dedup();
        let before_by_first = firsts
            .iter()
            .map(|&f| {
                let words = (0..BEFORE.len())
                    .filter(|&i| before[i] == Some(f))
                    .collect();
                (f, words)
            })
            .collect();
        let gap_firsts = CharSet::new(GAP_WORDS.iter().filter_map(|w| w.chars().next()));
        let class_ends = CharSet::new(
            KIN.iter()
                .filter_map(|w| w.chars().next_back())
                .chain(ROLE_ENDINGS.iter().copied())
                .chain(['”']),
        );
        CueStarts {
            firsts: CharSet::new(firsts),
            before,
            holder,
            after,
            before_by_first,
            gap_firsts,
            class_ends,
            checked_firsts: CharSet::new(CHECKED_WITH.iter().filter_map(|w| first_char(w))),
        }
    }

    /// The [`BEFORE`] words that may start at a place holding `c` (not the `<victim>`
    /// ones), in table order.
    fn before_starting(&self, c: char) -> &[usize] {
        // Table words are lower-case: an upper-case ASCII letter matches its lower case.
        let c = c.to_ascii_lowercase();
        self.before_by_first
            .binary_search_by(|(f, _)| f.cmp(&c))
            .map_or(&[], |k| &self.before_by_first[k].1)
    }

    /// Whether a [`BEFORE`] or [`HOLDER`] word (not a `<victim>` one) may start with
    /// `c`: as `match_at` compares, ASCII case-insensitively.
    fn may_start(&self, c: char) -> bool {
        self.firsts.contains(c)
            || (c.is_ascii_uppercase() && self.firsts.contains(c.to_ascii_lowercase()))
    }
}

/// Whether a word whose first character is `first` (None: the victim's name, which
/// stands at the place or not) may match at a place holding `c`.
fn may_match(c: char, first: Option<char>, victim_here: bool) -> bool {
    match first {
        Some(f) => same(c, f),
        None => victim_here,
    }
}

static CUE_STARTS: std::sync::LazyLock<CueStarts> = std::sync::LazyLock::new(CueStarts::new);

/// A cue word found before an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cue {
    start: usize,
    end: usize,
    says: Says,
    /// A `$` word: it reaches up to the end of the range it was looked for in.
    anchored: bool,
}

/// The cue word nearest the end of `c[from..to]`: the longest word at a place, the
/// place ending last.
fn best_cue(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Cue> {
    let mut best: Option<Cue> = None;
    let mut consider = |start: usize, end: usize, says: Says, anchored: bool| {
        let len = end - start;
        if best.is_none_or(|b| (end, len) > (b.end, b.end - b.start)) {
            best = Some(Cue {
                start,
                end,
                says,
                anchored,
            });
        }
    };
    let starts = &*CUE_STARTS;
    for s in from..to {
        // Most characters start no cue word: skip the tables there.
        let here = c[s];
        // Kin first: `室友` ends like a role but is the victim's own circle. Most
        // characters end no kin or role word and close no quotation.
        if starts.class_ends.contains(here) {
            if let Some((kin_start, says)) = kin_at(c, s, to) {
                consider(kin_start, to, says, true);
            } else if let Some(role_start) =
                role_at(c, s, to, victim).or_else(|| quoted_at(c, s, to))
            {
                consider(role_start, to, Says::Other, true);
            }
        }
        if others_name_at(c, s, to, victim) {
            consider(s, to, Says::Other, true);
        }
        if matches!(here, '至' | '到' | '入' | '给') && payee_account_at(c, s, to, victim) {
            consider(s, to, Says::Other, true);
        }
        if here == '真' && real_person_at(c, s, to) {
            consider(s, to, Says::Kin, true);
        }
        if starts.checked_firsts.contains(here) && checked_with_at(c, s, to) {
            consider(s, to, Says::Victim, true);
        }
        if here == '您' && yours_at(c, s, to) {
            consider(s, to, Says::Victim, true);
        }
        if theirs_in_telling_at(c, s, to, victim) {
            consider(s, to, Says::Other, true);
        }
        if here == '小'
            && let Some(says) = addressed_at(c, s, to, victim)
        {
            consider(s, to, says, true);
        }
        if matches!(here, '女' | '先')
            && let Some((start, says)) = polite_at(c, s, to, victim)
        {
            consider(start, to, says, true);
        }
        let victim_here = victim.at(c, s, to).is_some();
        if !victim_here && !starts.may_start(here) {
            continue;
        }
        let mut try_word = |i: usize| {
            let (pat, says) = BEFORE[i];
            if let Some(e) = table_word(c, s, to, pat, victim) {
                consider(s, e, says, pat.ends_with('$'));
            }
        };
        if victim_here {
            // The victim's name starts here too: every word that may, in table order.
            (0..BEFORE.len())
                .filter(|&i| may_match(here, starts.before[i], true))
                .for_each(&mut try_word);
        } else {
            starts
                .before_starting(here)
                .iter()
                .copied()
                .filter(|&i| may_match(here, starts.before[i], false))
                .for_each(&mut try_word);
        }
        for (w, &first) in HOLDER.iter().zip(&starts.holder) {
            if may_match(here, first, victim_here)
                && let Some(e) = match_at(c, s, to, w, victim)
                && let Some((side, name_end)) = holder_side(c, e, to, victim)
            {
                consider(s, name_end, holder_says(side), false);
            }
        }
    }
    best
}

/// A role told by its ending ([`ROLE_ENDINGS`]) whose last character is at `s`, with
/// only gap words from there to `to` (the identifier): where the role word starts.
fn role_at(c: &[char], s: usize, to: usize, victim: &Victim) -> Option<usize> {
    // `卖家（QQ：…）`, `代理商的微信号（…）`.
    let after = if c.get(s + 1) == Some(&'的') {
        s + 2
    } else {
        s + 1
    };
    if !ROLE_ENDINGS.contains(c.get(s)?) || skip_gap(c, after, to) != to {
        return None;
    }
    let ends_here = |w: &str| {
        let n = w.chars().count();
        s + 1 >= n && c[s + 1 - n..=s].iter().zip(w.chars()).all(|(&a, b)| a == b)
    };
    // The victim's own name ending so (`李家`) is no role, nor the victim's home told by
    // the full name where the row masks it (`汪之洲家的电话` for `汪某`).
    let victims = (s.saturating_sub(3)..=s).any(|i| victim.at(c, i, s + 1) == Some(s + 1 - i))
        || (c[s] == '家'
            && victim
                .surname
                .is_some_and(|n| c[s.saturating_sub(3)..s].contains(&n)));
    let start = s.checked_sub(1)?;
    let word = c[start];
    // The real one, not whom the other side played (`真正的班主任（…）在群里提醒`).
    let real = has_any(&c[start.saturating_sub(5)..start], &["真正", "原来的"]);
    (word.is_alphabetic()
        && !word.is_ascii()
        && !victims
        && !real
        && !NOT_ROLES.iter().any(|w| ends_here(w)))
    .then_some(start)
}

/// Someone named as records mask names (`冯某`, `陈某某`) at `s`, with only gap words
/// from there to `to` (the identifier): `冯某（微信号：…）`, `陈某（QQ：…）要求小亮…`. The
/// one named with an identifier is its holder; when the victim's name is known and this
/// is someone else — not kin (`母亲王某（…）`), not the victim's circle — the other side.
fn others_name_at(c: &[char], s: usize, to: usize, victim: &Victim) -> bool {
    if !victim.known() {
        return false;
    }
    // A masked name first (rare), then the list of words that are no surname.
    let Some(n) = masked_name(c, s, to) else {
        return false;
    };
    if NOT_SURNAMES.contains(&c[s]) {
        return false;
    }
    if skip_gap(c, s + n, to) != to || victim.at(c, s, to).is_some() {
        return false;
    }
    let before = |w: &&str| {
        let n = w.chars().count();
        s >= n && c[s - n..s].iter().copied().eq(w.chars())
    };
    // Kin (`岳母李某（…）`), the victim's side (`报警人李某`), a helper (`民警彭某（…）`), or
    // someone the victim reached to check (`联系到杨某（…）`): not the other side's.
    !KIN.iter()
        .chain(VICTIM_WORDS)
        .chain(VICTIM_LIKE)
        .chain(HELPERS)
        .chain(REACHED)
        .chain(PUBLIC)
        .any(before)
}

/// How many times a telling says `我` of the teller, outside quotation marks, before
/// it is read as the victim's own ([`first_person`]).
const FIRST_PERSON_TIMES: usize = 2;

/// Whether the victim tells the text (`我在网上认识了一个人，他的微信号是…`): `我` at
/// least [`FIRST_PERSON_TIMES`] times outside quotation marks, not of an institution
/// (`我局`, `我市`: police prose).
fn first_person(c: &[char]) -> bool {
    let mut quoted = false;
    let mut times = 0;
    for (i, &ch) in c.iter().enumerate() {
        match ch {
            '“' => quoted = true,
            '”' => quoted = false,
            '我' if !quoted
                && !c
                    .get(i + 1)
                    .is_some_and(|n| "局市县所区省国行院队们司部校".contains(*n)) =>
            {
                times += 1;
                if times >= FIRST_PERSON_TIMES {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// In a victim's own telling, `他的`, `她的` at `s`, then only gap words up to `to` (the
/// identifier): the one the victim tells of is the other side (`他的微信号是…`).
fn theirs_in_telling_at(c: &[char], s: usize, to: usize, victim: &Victim) -> bool {
    matches!(c.get(s), Some('他' | '她'))
        && c.get(s + 1) == Some(&'的')
        && skip_gap(c, s + 2, to) == to
        && *victim.first_person.get_or_init(|| first_person(c))
}

/// `您` at `s`, then a few words and `的`, then only gap words up to `to` (the
/// identifier): what a message calls the addressee's (`您提款的银行卡号（…）`) is the
/// victim's own, as `您的` is.
fn yours_at(c: &[char], s: usize, to: usize) -> bool {
    if c.get(s) != Some(&'您') {
        return false;
    }
    let reach = to.min(s + 6);
    c.get(s + 1..reach)
        .and_then(|w| w.iter().position(|&ch| ch == '的'))
        .is_some_and(|p| skip_gap(c, s + 2 + p, to) == to)
}

/// Someone the press names by a form of address at `s` (`小刘`), then perhaps `的`, then
/// only gap words up to `to` (the identifier): `添加小刘的QQ（…）`. The press names so the
/// victim and the victim's circle (a child, when the row names the mother); the other
/// side it names by role, by claim in quotation marks or by a masked name.
fn addressed_at(c: &[char], s: usize, to: usize, victim: &Victim) -> Option<Says> {
    if !addressed_name_at(c, s, to) {
        return None;
    }
    // Named after a role (`网友小美（微信：…）`, `客服小王（QQ：…）`, `自称是“专业保险代理人”
    // 的小明的电话`): the role's name.
    Some(if role_before(c, s, victim) {
        Says::Other
    } else {
        Says::Victim
    })
}

/// Whether a role or a claim stands right before someone named at `start`, or before
/// its `的` (`客服小王`, `冒充客服的张女士`, `“专业保险代理人”的小明`).
fn role_before(c: &[char], start: usize, victim: &Victim) -> bool {
    let at = if start >= 1 && c[start - 1] == '的' {
        start - 1
    } else {
        start
    };
    at >= 1
        && (role_at(c, at - 1, at, victim).is_some()
            || quoted_at(c, at - 1, start).is_some()
            || c[at - 1] == '“'
            || OTHER_PEOPLE.iter().any(|w| {
                let n = w.chars().count();
                at >= n && c[at - n..at].iter().copied().eq(w.chars())
            }))
}

/// `女士` or `先生` at `s`, perhaps after a surname, then only gap words up to `to`:
/// where the name starts and whose it makes the identifier. The press addresses so the
/// victim and the victim's circle (`同行女士手机：…`, `刘先生（…）`) — unless a role or a
/// claim stands right before (`自称银行工作人员李先生（…）`, `冒充客服的张女士`: the other
/// side).
fn polite_at(c: &[char], s: usize, to: usize, victim: &Victim) -> Option<(usize, Says)> {
    let word = c.get(s..s + 2)?;
    if (word != ['女', '士'] && word != ['先', '生']) || !gap_after_name(c, s + 2, to) {
        return None;
    }
    let surname = s >= 1 && {
        let p = c[s - 1];
        p.is_alphabetic() && !NOT_SURNAMES.contains(&p)
    };
    let start = if surname { s - 1 } else { s };
    let says = if role_before(c, start, victim) {
        Says::Other
    } else {
        Says::Victim
    };
    Some((start, says))
}

/// People of the other side no role ending tells (`客服小王`).
const OTHER_PEOPLE: &[&str] = &[
    "客服",
    "对方",
    "骗子",
    "嫌疑人",
    "黄牛",
    "老板",
    "领导",
    "警官",
];

/// `小X` at `s`, then perhaps `的`, then only gap words up to `to`: see [`addressed_at`].
fn addressed_name_at(c: &[char], s: usize, to: usize) -> bool {
    if c.get(s) != Some(&'小') || s + 2 > to {
        return false;
    }
    let name = c[s + 1];
    // `小号` is an account, not a person.
    if !name.is_alphabetic() || name.is_ascii() || name == '号' || NOT_SURNAMES.contains(&name) {
        return false;
    }
    let after = if c.get(s + 2) == Some(&'的') {
        s + 3
    } else {
        s + 2
    };
    // Not a claim in quotation marks (`“小八”`) nor a nickname (`网名：小美，QQ：…`).
    let before = &c[s.saturating_sub(4)..s];
    let nickname = has_any(before, &["网名", "昵称", "叫"]);
    c.get(s.wrapping_sub(1)) != Some(&'“') && !nickname && gap_after_name(c, after, to)
}

/// Whether only gap words stand from a name's end `from` up to `to` (the identifier),
/// and not a word of how many (`发给小赵一个QQ号（…）`: given to, not owned; [`COUNTS`]).
fn gap_after_name(c: &[char], from: usize, to: usize) -> bool {
    word_at(c, from, COUNTS).is_none() && skip_gap(c, from, to) == to
}

/// People of the public named by what they are (`业主张某（电话：…）`): not the other side.
const PUBLIC: &[&str] = &[
    "业主", "车主", "户主", "店主", "村民", "市民", "居民", "群众",
];

/// Where people turn to report (`打电话向派出所…求助`, `到民警处报案`).
const POLICE: &[&str] = &[
    "派出所",
    "民警",
    "公安局",
    "警方",
    "求助",
    "报案",
    "拨打110",
];

/// How far after an identifier its holder may be told turning to the police.
const POLICE_REACH: usize = 12;

/// The victim's side when the identifier's holder turns to the police right after it,
/// in the same clause (`业主张某（电话：…）打电话向派出所社区民警求助`) — unless someone
/// there poses as the police (`（…）冒充民警`).
fn reports_to_police(c: &[char], from: usize, to: usize) -> Option<Side> {
    let end = to.min(from + POLICE_REACH);
    let clause = c.get(from..end)?;
    let clause = &clause[..clause
        .iter()
        .position(|&ch| ch == ',' || is_sentence_end(ch))
        .unwrap_or(clause.len())];
    let police = POLICE.iter().filter_map(|w| find_word(clause, w)).min()?;
    // Nor what it says (`（…）称其涉嫌洗钱需到派出所…`): the other side's words.
    let posed = has_any(&clause[..police], POSED.iter().chain(SPOKEN));
    (!posed).then_some(Side::Victim)
}

/// Words of turning to someone to check a story (`打电话给班主任（…）`, `咨询真实班主任`).
const CHECKED_WITH: &[&str] = &[
    "打电话给",
    "电话给",
    "打电话向",
    "电话向",
    "联系上",
    "联系到",
    "咨询",
    "询问",
];

/// Whom a victim checks a story with: the real one of those the other side poses as.
const CHECKED_ROLES: &[&str] = &[
    "老师",
    "班主任",
    "校长",
    "老板",
    "董事长",
    "总经理",
    "领导",
    "朋友",
    "同学",
    "同事",
];

/// How far a [`CHECKED_WITH`] word may stand before the identifier (characters).
const CHECKED_REACH: usize = 14;

/// Whether a [`CHECKED_WITH`] word starts at `s` and, with no comma or sentence's end
/// before `to` (the identifier), a [`CHECKED_ROLES`] word follows it with only gap words
/// from there (`联系上班主任刘老师（…）`, `打电话向老师（…）求证`): the victim checking
/// with the real one, whose number is of the victim's circle.
fn checked_with_at(c: &[char], s: usize, to: usize) -> bool {
    if to > s + CHECKED_REACH || c[s..to].iter().any(|&ch| ch == ',' || is_sentence_end(ch)) {
        return false;
    }
    let Some(e) = word_at(c, s, CHECKED_WITH) else {
        return false;
    };
    (e..to).any(|i| {
        word_at(c, i, CHECKED_ROLES).is_some_and(|r| {
            skip_gap(c, r, to) == to
                || masked_name(c, r, to).is_some_and(|n| skip_gap(c, r + n, to) == to)
        })
    })
}

/// Words of the victim reaching someone to check (`联系到杨某`, `拨通…`): whom they name
/// is not thereby the other side.
const REACHED: &[&str] = &["联系到", "联系上", "拨通", "打给", "致电", "核实"];

/// A [`KIN`] word ending at `s` (then perhaps `的`, then only gap words up to `to`):
/// where it starts, and what it says — the victim's side, or the other side's when a
/// [`POSED`] word stands earlier in its clause.
fn kin_at(c: &[char], s: usize, to: usize) -> Option<(usize, Says)> {
    let last = *c.get(s)?;
    let word = KIN.iter().find(|w| {
        let n = w.chars().count();
        w.ends_with(last)
            && s + 1 >= n
            && c[s + 1 - n..=s].iter().zip(w.chars()).all(|(&a, b)| a == b)
    })?;
    let start = s + 1 - word.chars().count();
    // A kin in quotation marks is who the other side claimed to be (`“妹妹”（QQ号：…）`).
    if c.get(s + 1) == Some(&'”') {
        return None;
    }
    let after = if c.get(s + 1) == Some(&'的') {
        s + 2
    } else {
        s + 1
    };
    // The kin named after the word (`女儿小杨（电话：…）`, `母亲周某的微信（…）`).
    let named = || {
        masked_name(c, after, to)
            .or_else(|| (c.get(after) == Some(&'小') && after + 2 <= to).then_some(2))
            .map(|n| {
                if c.get(after + n) == Some(&'的') {
                    after + n + 1
                } else {
                    after + n
                }
            })
    };
    // The kin calling from it (`接到母亲打来的电话（…）`): theirs, as a kin word right
    // before it.
    let calling =
        || word_at(c, s + 1, &["打来的", "打来"]).is_some_and(|e| skip_gap(c, e, to) == to);
    if skip_gap(c, after, to) != to
        && named().is_none_or(|n| skip_gap(c, n, to) != to)
        && !calling()
    {
        return None;
    }
    let clause = c[..start]
        .iter()
        .rposition(|&ch| ch == ',' || is_sentence_end(ch))
        .map_or(0, |p| p + 1);
    let posed = POSED.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        c[clause..start].windows(w.len()).any(|x| x == w.as_slice())
    });
    Some((start, if posed { Says::Other } else { Says::Kin }))
}

/// How many characters may describe the account money was paid to
/// ([`payee_account_at`]).
const PAYEE_REACH: usize = 10;

/// Account words a payee's account is named by.
const PAYEE_ACCOUNTS: &[&str] = &["账户", "帐户", "户口", "户头", "账号", "帐号"];

/// Whether `c[s..to]` is `至`, `到`, `给` (or `入` after `转账`), a few words describing an
/// account, an account word, then gap words only (the identifier at `to`): where money
/// was paid to (`交付款項至多個香港本地銀行戶口（…）`, `要给一账户（…）汇款`), as `至` right
/// before an account is. Not when the words say whose (`到自己的账户`, `至其香港账户`, the
/// victim's name), nor `到` of receiving or finding (`收到`, `找到`) or of time (`直到男士
/// 發現銀行戶口（…）`), nor money coming back (`退還至原帳戶`).
fn payee_account_at(c: &[char], s: usize, to: usize, victim: &Victim) -> bool {
    // `入` only after `转账` (`轉賬入不明的個人銀行戶口（…）`); `转入`, `汇入`, `存入` are
    // cue words of their own.
    let paid_in = c.get(s) == Some(&'入')
        && s.checked_sub(1)
            .is_some_and(|b| matches!(c[b], '账' | '帐'));
    if !matches!(c.get(s), Some('至' | '到' | '给')) && !paid_in {
        return false;
    }
    if c[s] == '到'
        && s > 0
        && matches!(
            c[s - 1],
            '收' | '接' | '看' | '找' | '得' | '遇' | '来' | '回' | '登' | '直' | '等' | '想'
        )
    {
        return false;
    }
    // Money coming back is the victim's (`退還至原帳戶（…）`, `提现到`).
    if word_ends_at(
        c,
        s.saturating_sub(4),
        s,
        &["退还", "返还", "退回", "返回", "提现", "转回"],
    ) {
        return false;
    }
    let span = &c[s + 1..to.min(s + 1 + PAYEE_REACH + 2)];
    let Some((at, end)) =
        (0..span.len()).find_map(|i| word_at(span, i, PAYEE_ACCOUNTS).map(|e| (i, e)))
    else {
        return false;
    };
    // The identifier right after the account word, or after the bank's name in brackets
    // (`至本案帳戶（郵局帳號…）`); checked first, as most places fail it.
    let banked = || {
        c.get(s + 1 + end) == Some(&'(')
            && (s + 2 + end..to.min(s + 2 + end + PAYEE_REACH))
                .find_map(|i| word_at(c, i, PAYEE_ACCOUNTS))
                .is_some_and(|e| skip_gap(c, e, to) == to)
    };
    if at > PAYEE_REACH || (skip_gap(c, s + 1 + end, to) != to && !banked()) {
        return false;
    }
    let describes = &span[..at];
    let owned = describes.iter().any(|ch| {
        matches!(
            ch,
            '其' | '我' | '她' | '他' | '你' | '您' | '原' | ',' | '(' | ')'
        ) || ch.is_ascii_digit()
    }) || has_any(
        describes,
        ["自己", "本人", "名下", "受害", "被害"]
            .iter()
            .chain(VICTIM_WORDS)
            .chain(KIN),
    ) || (s + 1..s + 1 + at).any(|i| victim.at(c, i, to).is_some());
    !owned
}

/// The real one of the victim's circle the other side posed as, whom the victim reached
/// to check (`致电真表妹（…）查证`): `真` at `s`, one of these or of [`KIN`], then only
/// gap words up to `to` (the identifier).
const REAL_PEOPLE: &[&str] = &[
    "表妹", "表姐", "表哥", "表弟", "朋友", "好友", "老板", "领导", "女婿",
];

/// Whether `c[s..to]` is `真`, one of [`REAL_PEOPLE`] (or [`KIN`]) or a masked name
/// (`打电话给真张某（…）`), perhaps `的`, then gap words only.
fn real_person_at(c: &[char], s: usize, to: usize) -> bool {
    let gap_to = |e: usize| {
        let e = e + usize::from(c.get(e) == Some(&'的'));
        skip_gap(c, e, to) == to
    };
    c.get(s) == Some(&'真')
        && (REAL_PEOPLE
            .iter()
            .chain(KIN)
            .filter_map(|w| word_at(c, s + 1, &[*w]))
            .any(gap_to)
            || masked_name(c, s + 1, to).is_some_and(|n| gap_to(s + 1 + n)))
}

/// A term in quotation marks whose closing mark is at `s`, then perhaps a name, then
/// only gap words up to `to` (the identifier): where the term starts. The press quotes
/// what the other side claimed to be (`“班主任韦老师”（QQ：…）`, `“卡商”（微信号：…）`,
/// `“未婚妻”苏茜（…）`, `“安全账户”（…）`).
fn quoted_at(c: &[char], s: usize, to: usize) -> Option<usize> {
    if c.get(s) != Some(&'”') {
        return None;
    }
    let window = s.saturating_sub(QUOTE_REACH);
    let open = window + c[window..s].iter().rposition(|&ch| ch == '“')?;
    // What something is called (`被称“冻结”的账户`, `所谓“…”`), not who the other side
    // claimed to be (`自称“客服”` is).
    let called = |w: &[char]| open >= w.len() && c[open - w.len()..open] == *w;
    if called(&['被', '称']) || called(&['号', '称']) || called(&['所', '谓']) {
        return None;
    }
    // `“客服”的微信好友申请（…）`; someone known by the quoted term (`昵称为“蜀黍”的人（…）`,
    // `自称“某银行客服”的人（…）`).
    let after = if c.get(s + 1) == Some(&'的') {
        if c.get(s + 2) == Some(&'人') {
            s + 3
        } else {
            s + 2
        }
    } else {
        s + 1
    };
    let name = c[after.min(to)..to]
        .iter()
        .take(3)
        .take_while(|&&ch| ch.is_alphabetic() && !ch.is_ascii())
        .count();
    let next_to_it = |from: usize| skip_gap(c, from, to) == to;
    // A name only right before the bracket (`“未婚妻”苏茜（`), not words (`“助理”互加了QQ（`),
    // nor a word of doing (`给现实中的“在那片白桦林”打电话（…）`: whom the victim called).
    let doing = c.get(after).is_some_and(|ch| NOT_NAME_STARTS.contains(ch));
    let named = name >= 2
        && !doing
        && matches!(c.get(after + name), Some('(' | '[' | '【'))
        && next_to_it(after + name);
    (next_to_it(after) || named).then_some(open)
}

/// Characters that start a word of doing, not a name, after a quoted term (`打电话`,
/// `发来`, `加了`).
const NOT_NAME_STARTS: &[char] = &['打', '发', '加', '给', '拨', '转', '说', '称'];

fn holder_says(side: Side) -> Says {
    if side == Side::Victim {
        Says::Victim
    } else {
        Says::Other
    }
}

/// The side the cues before an identifier of `kind` give, `c[from..to]` being the text
/// they may stand in, and where the deciding word starts; `cue` finds the nearest cue
/// in a range (see [`best_cue`]). `sentence` is where the identifier's sentence starts.
#[allow(clippy::too_many_arguments)]
fn side_before(
    c: &[char],
    sentence: usize,
    mut from: usize,
    mut to: usize,
    id_end: usize,
    kind: IdKind,
    victim: &Victim,
    cue: impl Fn(usize, usize) -> Option<Cue>,
) -> Option<Before> {
    let id_start = to;
    let mut passed = false;
    // Past `其中一个为`: one of several of someone's.
    let mut one_of = false;
    // Neither side said, but not unworded: the identifier stays `mentioned`.
    let held = |at: usize| Before {
        side: None,
        at,
        past_comma: false,
        spoken: false,
        paying: false,
        kin: false,
        named_only: false,
    };
    // Passed a kin word before a QQ or WeChat id: unless a cue before says whose, the
    // kin's account is on the victim's side (`登录其母亲微信（…）扫码`).
    let mut kin_seen: Option<usize> = None;
    let kin = |at: usize| Before {
        kin: true,
        ..held(at)
    };
    // Each `Pass` word moves the end of the range before it: a few words at most.
    loop {
        let Some(Cue {
            start,
            end,
            says,
            anchored,
        }) = cue(from, to)
        else {
            // Past `其中一个为` with nothing before it in its clause: held `mentioned`, as
            // `其中` alone holds it.
            if one_of {
                return Some(held(to));
            }
            return kin_seen.map(kin);
        };
        let side = match says {
            // `按对方要求`, `按“老板”指令`: the other side told the victim what to do; the
            // victim is the one acting, so it says nothing of whose.
            Says::Other
                if instructed_after(c, end)
                    || (real_desk(c, start) && !their_words(c, sentence, start)) =>
            {
                None
            }
            Says::Other => Some(Side::Other),
            // `对方支付宝绑定手机…`: what is bound to an account is that account's owner's,
            // whom the words before the account tell (`其微信绑定的手机号为…`: a `$` word
            // ending at the account speaks of it).
            Says::Victim if bound_to_account(c, start, end) => {
                to = start;
                continue;
            }
            // Someone's 110 number is not the victim's report (`提供了“…公安局”的报警电话…`):
            // the word before decides. (Not a table word starting with `的`: every `的`
            // would be tried.)
            Says::Victim
                if c[start..end].starts_with(&['报', '警'])
                    && start > 0
                    && c[start - 1] == '的' =>
            {
                to = start - 1;
                passed = true;
                continue;
            }
            // Someone's details named by whose they are (`仍使用本人身份信息、手机号码（…）`):
            // the owner word decides as it would right before the identifier.
            Says::Victim
                if word_at(&c[start..end], 0, DETAILS).is_some()
                    && let Some(o) = OWNERS.iter().find_map(|w| {
                        let n = w.chars().count();
                        let o = start.checked_sub(n)?;
                        c[o..start].iter().copied().eq(w.chars()).then_some(o)
                    }) =>
            {
                own_whose(c, sentence, o, start, victim)
            }
            // `自己`, `本人`: the person they turn back to decides (`罗某某将绑定自己手机号码
            // （…）的游戏账号交给叶某某`, `联系董事长本人（…）`).
            Says::Victim => own_whose(c, sentence, start, end, victim),
            Says::Opened => opener_side(c, sentence.min(start), start, victim),
            Says::Reserved => match opener_side(c, sentence.min(start), start, victim) {
                Some(side) => Some(side),
                None => {
                    to = start;
                    continue;
                }
            },
            // Where the money came from is the victim's account when the victim moves it,
            // not when the other side does (`嫌疑人在…ATM上从账户（…）取走吴某的转账款项`).
            Says::VictimIfAccount
                if c[start..end] == ['从']
                    && has_any(
                        &c[clause_start(c, start)..start],
                        ABOUT_THEM.iter().chain(&["嫌疑人", "骗子"]),
                    ) =>
            {
                None
            }
            // A word of using speaks of what follows it in its clause: past a comma it is
            // another clause's (`被告人王某通过人介绍，先后三次收购了四张银行卡（…）`).
            Says::VictimIfAccount if c[end..id_start].contains(&',') => {
                to = start;
                continue;
            }
            // What one pays or moves money with is the payer's: the victim's, unless the
            // clause's subject (or the one before's, for a clause naming nobody) is on
            // the other side (`嫌疑人…，然后通过微信（…）转账进行付款`).
            Says::VictimIfAccount if is_account(c, start, id_start, id_end, kind) => {
                match subject_before(c, sentence.min(start), start, victim, false) {
                    Some(Side::Other) => Some(Side::Other),
                    _ => Some(Side::Victim),
                }
            }
            Says::Provided if asked_before(c, start) => Some(Side::Victim),
            Says::Kin if !matches!(kind, IdKind::Qq | IdKind::Wechat) => Some(Side::Victim),
            Says::Provided => Some(Side::Other),
            // `添加其`: the victim named as the one adding earlier in the clause
            // (`一被害人信以为真并添加其微信（…）`) makes `其` the other one.
            Says::Nothing
                if c[start..end] == ['添', '加', '其'] && victim_in_clause(c, start, victim) =>
            {
                Some(Side::Other)
            }
            Says::Nothing if told_to_call(c, start, end, victim) => Some(Side::Other),
            Says::Nothing => None,
            Says::Kin => {
                kin_seen.get_or_insert(start);
                to = start;
                passed = true;
                continue;
            }
            // Who uses it is who stands right before the word of using (`组员王某使用微信号…`,
            // `“游戏托”使用QQ号…`, `聊手使用的工作微信号…`): one of the other side's
            // makes it theirs.
            // The contact the victim was told to reach someone through is theirs
            // (`要求倪某通过QQ（…）与其保持联系`, `让她通过传真（…）领取“传票”`). Not a
            // phone but a fax: the victim is as often told to use their own
            // (`让王某通过手机（…）接收验证码`).
            Says::VictimIfAccount
                if (matches!(kind, IdKind::Qq | IdKind::Wechat)
                    || c.get(end..end + 2) == Some(&['传', '真'][..]))
                    && c[start..end] == ['通', '过']
                    && asked_before(c, start) =>
            {
                Some(Side::Other)
            }
            // A phone right after `其` and a kin word is the kin's, as after the kin word
            // alone (`又向其母親（…）聲稱已綁架其女兒`); an account paid into
            // (`打到其父亲陈某银的账户`) stays the cue before's to tell.
            Says::Pass
                if kind == IdKind::Phone
                    && c[start] == '其'
                    && let Some((_, says)) = kin_at(c, end - 1, id_start) =>
            {
                Some(if says == Says::Kin {
                    Side::Victim
                } else {
                    Side::Other
                })
            }
            Says::Pass | Says::VictimIfAccount => match used_by(c, start, end, victim) {
                Some(side) => Some(side),
                None => {
                    to = start;
                    if c[start..end].starts_with(&['其', '中']) {
                        // A `Pass` word of `其中` (`其中一个为`, `其中一张为`…) stands where the
                        // identifier would: a `$` word before it is next to the identifier
                        // still, and it picks one of what its own clause told (`3人的銀行帳戶（其中一個為…）`, `…帳戶，其中一個
                        // 為…`: a comma right before it is the list's).
                        one_of = true;
                        let head = c[from..start]
                            .iter()
                            .rposition(|&ch| !matches!(ch, ',' | '(' | ' ' | ':'))
                            .map_or(from, |p| from + p);
                        if let Some(comma) = c[from..head].iter().rposition(|&ch| ch == ',') {
                            from += comma + 1;
                        }
                    } else {
                        passed = true;
                    }
                    continue;
                }
            },
        };
        let Some(side) = side else {
            if let Some(at) = kin_seen {
                return Some(kin(at));
            }
            return Some(held(start));
        };
        // Past a `Pass` word, a `$` word ending where it starts is not next to the
        // identifier: it says nothing of it.
        if passed && anchored {
            return kin_seen.map(kin);
        }
        if someone_elses(c, end, id_start) {
            return kin_seen.map(kin);
        }
        // One of someone's several cards told by an owner word (`杨某名下三张银行卡（其中一张
        // 为…）`) is as often a card seller's as a victim's: held `mentioned`, as `其中`
        // alone holds it.
        if one_of && side == Side::Victim {
            return Some(held(start));
        }
        // Not placed, but not unworded either: a card stays `mentioned`, not the
        // victim's by default (`对方的银行卡号，王某记下为…`).
        if side == Side::Other && victim_named_past_comma(c, end, id_start, victim) {
            return Some(kin_seen.map_or(
                Before {
                    side: None,
                    at: start,
                    past_comma: true,
                    spoken: false,
                    paying: false,
                    kin: false,
                    named_only: false,
                },
                kin,
            ));
        }
        return Some(Before {
            side: Some(side),
            at: start,
            past_comma: c[end..id_start].contains(&','),
            spoken: side == Side::Other && spoken_after(c, end),
            paying: side == Side::Victim && says == Says::VictimIfAccount,
            kin: false,
            named_only: !c[end..id_start].contains(&',') && skip_gap(c, end, id_start) >= id_start,
        });
    }
}

/// Whether `c[start..end]` is `拨打` after someone told to call (`要求她拨打省财政厅电话…`,
/// `让其拨打另外一个号码（…）`): the number the victim is sent to call is the other
/// side's, unless a helper does the telling (`民警让她拨打…`).
fn told_to_call(c: &[char], start: usize, end: usize, victim: &Victim) -> bool {
    if c[start..end] != ['拨', '打'] {
        return false;
    }
    let clause = clause_start(c, start);
    (0..=4).filter(|&k| start >= clause + k).any(|k| {
        let told = start - k;
        let person = k == 0 || person_at(c, told, start, victim).is_some_and(|(_, n)| n == k);
        person
            && word_ends_at(c, clause, told, CAUSED)
            && !has_any(&c[clause..told], HELPERS.iter().chain(POLICE))
    })
}

/// Words of using an identifier: whoever stands right before them uses it.
const USING: &[&str] = &["使用的", "使用", "通过", "用"];

/// Whose the word at `start..end` makes it, if it is one of [`USING`] right after one
/// of the other side's (a role, a claim in quotation marks, a masked name not the
/// victim's: theirs) or after the victim (`被害人使用的微信号为…`: the victim's).
fn used_by(c: &[char], start: usize, end: usize, victim: &Victim) -> Option<Side> {
    let word = &c[start..end];
    if !USING.iter().any(|w| w.chars().eq(word.iter().copied())) {
        return None;
    }
    let who = best_cue(c, start.saturating_sub(QUOTE_REACH), start, victim)?;
    if who.end != start || !who.anchored {
        return None;
    }
    match who.says {
        Says::Other => Some(Side::Other),
        // Not `通过`, `用`: the victim reaches the other side through their contact ids
        // (`要求倪某通过QQ（…）与其保持联系`).
        Says::Victim if word.first() == Some(&'使') => Some(Side::Victim),
        _ => None,
    }
}

/// Words of telling someone what to do: after an other-side word (`按对方要求`, `在对方的
/// 诱导下`, `按“老板”指令`) they make the victim the one who acts.
pub const INSTRUCTED: &[&str] = &[
    "要求", "指令", "指示", "引导", "诱导", "指导", "安排", "授意",
];

/// Whether an [`INSTRUCTED`] word follows at `at` (past a closing quotation mark or `的`).
fn instructed_after(c: &[char], mut at: usize) -> bool {
    while matches!(c.get(at), Some('”' | '"' | '的')) {
        at += 1;
    }
    INSTRUCTED.iter().any(|w| {
        w.chars()
            .enumerate()
            .all(|(k, ch)| c.get(at + k) == Some(&ch))
    })
}

/// Words of saying: after an other-side word, what follows is its words (see
/// [`Before::spoken`]).
const SPOKEN: &[&str] = &["称", "说", "表示", "声称", "谎称"];

/// Whether a [`SPOKEN`] word follows at `at`.
fn spoken_after(c: &[char], at: usize) -> bool {
    SPOKEN.iter().any(|w| {
        w.chars()
            .enumerate()
            .all(|(k, ch)| c.get(at + k) == Some(&ch))
    })
}

/// Whose service desk a `客服` is when it is the real one the victim or the police called
/// to check (`民警立即拨打银行客服电话（95599）`, `拨打保险公司全国统一客服电话…核验`): not
/// the other side.
const REAL_DESKS: &[&str] = &["银行", "统一"];

/// Whether the word at `start` is `客服` after a [`REAL_DESKS`] word. (Looked for only
/// once `客服` decided: `银` starts no table word, so the common `银行卡` costs nothing.)
fn real_desk(c: &[char], start: usize) -> bool {
    c.get(start..start + 2) == Some(&['客', '服'][..])
        && REAL_DESKS
            .iter()
            .any(|w| start >= 2 && c[start - 2..start].iter().copied().eq(w.chars()))
}

/// Where the words after an identifier ending at `end` start: past the bracket closing
/// around it, if one does (`（…）收取`, `（…）内2万元`).
fn past_close(c: &[char], end: usize) -> usize {
    end + usize::from(matches!(c.get(end), Some(')' | ']' | '】')))
}

/// Whether a word of receiving money (`收取`) follows the identifier ending at
/// `from` in its clause, past a closing bracket at most (`（…）收取他人购物全款`).
fn received_after(c: &[char], from: usize, to: usize) -> bool {
    let at = past_close(c, from);
    // Not `收款`: mostly a field (`电话（…）、收款账号（…）`).
    at + 2 <= to && c[at..at + 2] == ['收', '取']
}

/// Whether the other side is speaking in the sentence before `at` (`对方称…需要与银行客服
/// （…）联系`): a desk's number in their words is the one they gave, theirs.
fn their_words(c: &[char], sentence: usize, at: usize) -> bool {
    let words = &c[sentence.min(at)..at];
    ["对方", "骗子", "嫌疑人"].iter().any(|who| {
        SPOKEN.iter().any(|say| {
            let w: Vec<char> = who.chars().chain(say.chars()).collect();
            words.windows(w.len()).any(|x| x == w.as_slice())
        })
    })
}

/// People who are the victim, by role.
const VICTIM_WORDS: &[&str] = &[
    "报警人",
    "报案人",
    "事主",
    "受害人",
    "被害人",
    "受害者",
    "被害者",
    "当事人",
    "原告",
];

/// Words that may stand for the victim in a sentence about the defendants (`被告人张某
/// 冒充客服骗取老人（…）`): with one there, the fallback does not read the sentence as
/// about the defendants alone.
const VICTIM_LIKE: &[&str] = &[
    "其", "她", "他", "老人", "群众", "市民", "居民", "学生", "他人", "被骗", "受骗",
];

/// People who help the victim: a sentence about them (`民警张某用自己的手机（…）`) is
/// not one about the other side.
const HELPERS: &[&str] = &["民警", "警察", "辅警", "柜员", "银行", "社区", "派出所"];

/// Characters that stand before `某` without making a name (`在某平台`, `一某`).
const NOT_SURNAMES: &[char] = &[
    '在', '向', '从', '到', '给', '与', '和', '对', '被', '把', '将', '让', '于', '为', '是', '有',
    '一', '该', '这', '那', '个', '及', '等', '至', '某', '某', '的', '某',
    // Particles after a verb (`下载了某视频会议APP`: something, nobody named).
    '了', '过', '着',
];

/// Words of someone's personal details, which an owner word before may say whose.
const DETAILS: &[&str] = &["个人资料", "个人信息", "个人姓名", "身份信息"];

/// Owner words that turn back to someone ([`own_whose`]).
const OWNERS: &[&str] = &["本人", "自己", "其"];

/// Whose an owner word (`自己`, `本人`; others keep the victim's side) at `c[start..end]`
/// says the identifier is. `本人` right after a role or an other-side word is the real
/// person (`电话联系董事长本人（…）`): nobody's to link. `自己` turns back to the one acting:
/// when the sentence names someone before it and never the victim (`李某把自己上线的QQ号
/// （…）提供给刘某`), theirs — the other side's.
fn own_whose(
    c: &[char],
    sentence: usize,
    start: usize,
    end: usize,
    victim: &Victim,
) -> Option<Side> {
    let word = &c[start..end];
    // Court prose: `被不起诉人李某甲将名下的…卡（…）`, `被告人张某用其本人账户…`: the owner
    // word turns back to a defendant named nearest before it.
    // `其` as the one acted on (`嫌疑人王某添加了其微信号`) is someone else.
    let possessor = word.first() != Some(&'其')
        || start == 0
        || matches!(
            c[start - 1],
            '将' | '把' | '用' | '从' | '以' | '在' | '过' | ',' | '及' | '与' | '和' | '某'
        );
    if word_at(word, 0, &["其", "名下", "本人", "自己"]).is_some()
        && possessor
        && (victim.sellers || defendant_turned_back(c, sentence, start, victim))
    {
        return Some(Side::Other);
    }
    if word == ['本', '人'] {
        let role = start.checked_sub(1).is_some_and(|s| {
            role_at(c, s, start, victim).is_some() || quoted_at(c, s, start).is_some()
        });
        let other = best_cue(c, start.saturating_sub(6), start, victim)
            .is_some_and(|w| w.end == start && w.says == Says::Other);
        return if role || other {
            None
        } else {
            Some(Side::Victim)
        };
    }
    // `其` opening a clause is whom the clause before was about: someone named right
    // before the comma (`竟是同一人李某，其使用的QQ号…`), or a claim in quotation marks
    // the clause before opens with (`“小慧”突然如同人间蒸发，其微信号…`) — theirs.
    if word.first() == Some(&'其') && start >= 1 && c[start - 1] == ',' {
        let before = clause_start(c, start - 1);
        let quoted = c.get(before) == Some(&'“')
            && c[before..start - 1]
                .iter()
                .position(|&ch| ch == '”')
                .is_some_and(|q| quoted_at(c, before + q, before + q + 1).is_some());
        if quoted || (victim.known() && named_ends_at(c, start - 1, victim)) {
            return Some(Side::Other);
        }
    }
    // `谎称自己是…厂家，联系电话…`: who lies about themselves is the other side.
    if word == ['自', '己']
        && POSED
            .iter()
            .any(|w| start >= 2 && c[start - 2..start].iter().copied().eq(w.chars()))
    {
        return Some(Side::Other);
    }
    // `甘某名下农业银行卡（…）`: someone named who is not the victim holds it.
    if word == ['名', '下'] && victim.known() && named_ends_at(c, start, victim) {
        return Some(Side::Other);
    }
    // `让刘某某将奶奶的钱转移到其邮政银行账户（…）`: money the victim is made to move to
    // `其` goes to whoever made them (a refund reaches the victim so: `返款…至其储蓄卡`).
    if word.first() == Some(&'其')
        && start >= 1
        && matches!(c[start - 1], '至' | '到')
        && made_to_move(c, start, victim)
    {
        return Some(Side::Other);
    }
    if word != ['自', '己'] {
        return Some(Side::Victim);
    }
    let from = sentence.min(start);
    // Someone named by name right before it is whom it means (`储存到谷女士自己的银行卡
    // （…）`; not a role: `报给了对方自己的银行卡号` is the teller's).
    if let Some((side, _)) = person_ending_at(c, from, start, victim, |n| {
        victim.at(c, start - n, start) == Some(n) || masked_name(c, start - n, start) == Some(n)
    }) {
        return Some(side);
    }
    // `自己` turns back to its clause's subject (`张某遂将…转出至自己的支付宝账户…`,
    // though the sentence named the victim earlier; `被告人聂某…将康某支付宝账户内人民币
    // 转账到自己的支付宝账户`, though the victim is named nearer).
    // A sentence naming nobody goes on with the one before's subject (`被告人王某某虚构事实
    // 骗取欧某某信任…。在交往中…转至自己使用的账户（…）`).
    subject_before(c, from, start, victim, false)
        .or_else(|| subject_of_sentence_before(c, from, victim))
        .or(Some(Side::Victim))
}

/// Whether the clause before `at` makes the victim, named right after a [`CAUSED`] word,
/// move something (`将`, `把`): `让刘某某将…`.
fn made_to_move(c: &[char], at: usize, victim: &Victim) -> bool {
    let clause = clause_start(c, at);
    (clause..at).any(|i| {
        word_at(c, i, CAUSED).is_some_and(|e| {
            victim
                .at(c, e, at)
                .is_some_and(|n| (e + n..at).any(|j| matches!(c[j], '将' | '把')))
        })
    })
}

/// The subject of the first clause of the sentence ending right before `from`, past a
/// clause that only dates it (`2018年5月25日，付某以…为由，…`).
fn subject_of_sentence_before(c: &[char], from: usize, victim: &Victim) -> Option<Side> {
    let end = from.checked_sub(1).filter(|&e| is_sentence_end(c[e]))?;
    let mut start = sentence_start(c, end);
    loop {
        let clause_end = c[start..end]
            .iter()
            .position(|&ch| ch == ',')
            .map_or(end, |p| start + p);
        let dated = c[start..clause_end].iter().all(|&ch| {
            ch.is_ascii_digit() || matches!(ch, '年' | '月' | '日' | '时' | '分' | '许' | ' ')
        });
        if !dated || clause_end >= end {
            return clause_subject(c, start, clause_end, victim, false);
        }
        start = clause_end + 1;
    }
}

/// Whose side the one who opened an account, or left a number with a bank, at `at` is
/// on: the clause's subject as for `自己`, but only someone the text is sure of (see
/// [`clause_subject`]'s `sure`): a card a mule opened is not the victim's because the
/// text did not name the victim (`朱某先后办理了四张…银行卡交给韩某`).
fn opener_side(c: &[char], from: usize, at: usize, victim: &Victim) -> Option<Side> {
    // Someone named right before it, or before where (`王斌在银行留存的手机号码`,
    // `路某梅预留的`), is whom it means, wherever the clause's subject is.
    let place = (at.saturating_sub(OPENER_PLACE_REACH)..at)
        .rev()
        .take_while(|&i| c[i] != ',')
        .find(|&i| c[i] == '在');
    for end in [Some(at), place].into_iter().flatten() {
        let named = person_ending_at(c, from, end, victim, |_| true);
        // Not a masked name read as the victim's only for want of the victim's name.
        if let Some((side, _)) = named.filter(|&(side, n)| {
            side == Side::Other || victim.known() || masked_name(c, end - n, end) != Some(n)
        }) {
            return Some(side);
        }
    }
    subject_before(c, from, at, victim, true)
}

/// Someone named in 2 to 4 characters ending at `end` (not before `from`) whose length
/// `n` passes `keep`: their side and `n`.
fn person_ending_at(
    c: &[char],
    from: usize,
    end: usize,
    victim: &Victim,
    keep: impl Fn(usize) -> bool,
) -> Option<(Side, usize)> {
    (2..=4)
        .filter(|&n| end >= from + n && keep(n))
        .find_map(|n| person_at(c, end - n, end, victim).filter(|&(_, len)| len == n))
}

/// How far before an opening word (`在某某银行南阳分行申请办理`) the place it was done
/// may start.
const OPENER_PLACE_REACH: usize = 12;

/// Whose side the one acting at `at` is on: its clause's subject, or, for a clause
/// that names nobody, the one before's, back to `from` (the sentence's start).
fn subject_before(c: &[char], from: usize, at: usize, victim: &Victim, sure: bool) -> Option<Side> {
    let mut end = at;
    loop {
        let clause = clause_start(c, end).max(from);
        if let Some(side) = clause_subject(c, clause, end, victim, sure) {
            return Some(side);
        }
        if clause <= from {
            return None;
        }
        end = clause - 1;
    }
}

/// Words that name the other side as someone who acts (`对方让李某…`).
/// `案外人`: in a victim's suit against a bank, the outsider who took the money.
const OTHER_SUBJECTS: &[&str] = &[
    "被告人",
    // Taiwan's and civil suits' defendant (`被告黃○恩將…`); not `被告知` (was told).
    "被告",
    "嫌疑人",
    "对方",
    "骗子",
    "诈骗分子",
    "犯罪分子",
    "案外人",
];

/// What may follow a name that owns something rather than acts (`康某支付宝账户`,
/// `康某的住所`).
const OWNED: &[&str] = &[
    "的",
    "手机",
    "支付宝",
    "微信",
    "银行",
    "账户",
    "帐户",
    "卡",
    "住所",
    "家",
    "电话",
    "号码",
    "qq",
    "QQ",
    "身份证",
    "名义",
];

/// Words before someone told to act (`对方让小明…向自己微信（…）转账`): the one told is
/// the subject of what follows.
const CAUSED: &[&str] = &["让", "叫", "令", "使", "请", "要求"];

/// Characters before someone acted on or followed, not acting (`将康某…`, `与对方核对`,
/// `按对方要求`).
const ACTED_ON: &[char] = &[
    '将', '把', '向', '给', '从', '与', '和', '对', '被', '到', '至', '在', '跟', '同', '替', '帮',
    '为', '及', '按', '照', '据', '以', '趁',
];

/// Whose side the subject of the clause `c[from..to]` is on: the first one named in it
/// who is neither acted on ([`ACTED_ON`]) nor an owner (`康某支付宝账户`: [`OWNED`]
/// after) nor a modifier (`对方提供的网站`), or a later one told to act ([`CAUSED`]).
/// None: the clause names nobody so. `sure`: a masked name counts only with the
/// victim's name to tell it by, and a pronoun is whom the text named last before it
/// ([`named_last`]).
fn clause_subject(c: &[char], from: usize, to: usize, victim: &Victim, sure: bool) -> Option<Side> {
    let caused = |i: usize| word_ends_at(c, from, i, CAUSED);
    let acted_on = |i: usize| i > from && ACTED_ON.contains(&c[i - 1]);
    // An owner, or a modifier (`对方提供的网站`: one or two words of doing, then `的`).
    let owner = |e: usize| {
        word_at(c, e, OWNED).is_some_and(|w| w <= to)
            || (1..=2).any(|k| {
                e + k < to
                    && c[e + k] == '的'
                    && !c[e..e + k]
                        .iter()
                        .any(|ch| ACTED_ON.contains(ch) || *ch == ',')
            })
    };
    let mut subject = None;
    let mut i = from;
    while i < to {
        let Some((mut side, len)) = person_at(c, i, to, victim) else {
            i += 1;
            continue;
        };
        if sure && len == 1 && matches!(c[i], '其' | '她' | '他') {
            side = named_last(c, i, victim);
        } else if sure
            && side == Side::Victim
            && !victim.known()
            && masked_name(c, i, to) == Some(len)
        {
            i += len;
            continue;
        }
        if !acted_on(i) && !owner(i + len) && (subject.is_none() || caused(i)) {
            subject = Some(side);
        }
        i += len.max(1);
    }
    subject
}

/// How far back (characters) a pronoun's referent is looked for.
const REFERENT_REACH: usize = 160;

/// Whose side a pronoun at `at` stands for: the one the text named last before it,
/// across sentences (`张某…出售给他人。2020年10月，其办理的…卡`: the seller's); no one
/// named, the victim (the one a story follows). Helpers are not looked for: `银行` in
/// `中国农业银行` names nobody.
fn named_last(c: &[char], at: usize, victim: &Victim) -> Side {
    (at.saturating_sub(REFERENT_REACH)..at)
        .rev()
        .filter(|&i| !matches!(c[i], '其' | '她' | '他' | '我'))
        .filter(|&i| word_at(c, i, HELPERS).is_none())
        .find_map(|i| person_at(c, i, at, victim))
        .map_or(Side::Victim, |(side, _)| side)
}

/// Someone at `c[i..]` (before `to`) who may own what `自己` names, their side and how
/// many characters name them.
fn person_at(c: &[char], i: usize, to: usize, victim: &Victim) -> Option<(Side, usize)> {
    if let Some(n) = victim.at(c, i, to) {
        Some((Side::Victim, n))
    } else if let Some(e) = word_at(c, i, VICTIM_WORDS) {
        Some((Side::Victim, e - i))
    } else if matches!(c[i], '其' | '她' | '他' | '我') && c.get(i..i + 2) != Some(&['他', '人'])
    {
        Some((Side::Victim, 1))
    } else if let Some(e) = word_at(c, i, OTHER_SUBJECTS).filter(|&e| !told_passive(c, i, e)) {
        // `被告人张某`: the role and the name are one subject.
        Some((Side::Other, e - i + masked_name(c, e, to).unwrap_or(0)))
    } else if let Some(e) = word_at(c, i, HELPERS) {
        // Helpers act on the victim's behalf (`民警张某用自己的手机（…）`).
        Some((Side::Victim, e - i + masked_name(c, e, to).unwrap_or(0)))
    } else if let Some(n) = masked_name(c, i, to).filter(|_| !NOT_SURNAMES.contains(&c[i])) {
        // Someone named who is not the victim; with no victim's name to tell by, only
        // someone named as accused (the one a story follows is most often the victim).
        let accused = victim.known() || named_as_accused(c, i, n, to);
        Some((if accused { Side::Other } else { Side::Victim }, n))
    } else {
        None
    }
}

/// How far back (characters) the accused may have been named.
const ACCUSED_REACH: usize = 400;

/// Words court prose names the accused by (`被告人张某`, `被不起诉人李某甲`).
const ACCUSED: &[&str] = &[
    "被告人",
    "犯罪嫌疑人",
    "嫌疑人",
    "被不起诉人",
    "上诉人",
    "被告",
];

/// Whether the word at `c[i..e]` is the `被告` of `被告知` (was told), not a defendant
/// (`被告知悉`: the defendant knew).
fn told_passive(c: &[char], i: usize, e: usize) -> bool {
    c[i..e] == ['被', '告'] && c.get(e) == Some(&'知') && c.get(e + 1) != Some(&'悉')
}

/// Whether the person nearest before `at` in its sentence (`sentence..at`) is a masked
/// name the text names as one of the [`ACCUSED`] (right before it here or anywhere in
/// the text before) or as selling or renting out cards ([`MULE_WORDS`], before or
/// after), not the victim, with no word of asking between (`被告人张某让其…`: `其` is
/// the one asked). The victim, a victim word or a pronoun nearer says no.
fn defendant_turned_back(c: &[char], sentence: usize, at: usize, victim: &Victim) -> bool {
    let from = sentence.min(at);
    let starts = |i: usize, w: &str| {
        w.chars()
            .enumerate()
            .all(|(k, ch)| i + k < at && c[i + k] == ch)
    };
    for abs in (from..at).rev() {
        let ch = c[abs];
        // (`他人` is others, not a pronoun: `范某在明知他人…的情况下，仍提供名下…`.)
        let others = ch == '他' && c.get(abs + 1) == Some(&'人');
        if victim.at(c, abs, at).is_some()
            || (matches!(ch, '她' | '他' | '我') && !others)
            || VICTIM_WORDS.iter().chain(ASKED).any(|w| starts(abs, w))
        {
            return false;
        }
        if NOT_SURNAMES.contains(&ch) {
            continue;
        }
        let Some(n) = masked_name(c, abs, at) else {
            continue;
        };
        // Someone acted on or contacted is not whom `其` turns back to (`马某通过微信联系
        // 黄某，分两次用其支付宝（…）`: the one who contacted is): look on before them.
        if abs > from && (ACTED_ON.contains(&c[abs - 1]) || word_ends_at(c, from, abs, CONTACTED)) {
            continue;
        }
        return named_as_accused(c, abs, n, at);
    }
    false
}

/// Words of contacting someone, who is then no subject (see [`defendant_turned_back`]).
const CONTACTED: &[&str] = &["联系", "联络", "添加", "告诉", "通知", "找到"];

/// Whether the masked name of `n` characters at `abs` (before `at`) is someone the text
/// names as one of the [`ACCUSED`] (right before it here or anywhere within
/// [`ACCUSED_REACH`] before, or before the first of a list it is in) or as selling or
/// renting out cards ([`MULE_WORDS`], before or after) — or a name listed before it in
/// the same list is (`梁某汉、霍某麦将其名下…`: the pair acts together).
fn named_as_accused(c: &[char], abs: usize, n: usize, at: usize) -> bool {
    // Each earlier item is judged by its own name only, not by the items before it in
    // turn: the list is walked once.
    named_by_name_as_accused(c, abs, n, at)
        || list_items_before(c, abs).any(|(start, n)| named_by_name_as_accused(c, start, n, at))
}

/// [`named_as_accused`] by the name itself, the list it stands in aside.
fn named_by_name_as_accused(c: &[char], abs: usize, n: usize, at: usize) -> bool {
    // `李某甲`: a name told apart by a following 甲, 乙…
    let name_end = abs + n + usize::from(c.get(abs + n).is_some_and(|&x| "甲乙丙丁".contains(x)));
    let name = &c[abs..name_end.min(at)];
    // An [`ACCUSED`] word right before, or before the first of a list the name is in
    // (`被告人郭某、郝某某、任某某…`).
    let accused_before = |p: usize| {
        std::iter::once(p)
            .chain(list_items_before(c, p).map(|(start, _)| start))
            .any(|q| word_ends_at(c, 0, q, ACCUSED))
    };
    // Where the accused are first named: within a few sentences before; or where
    // they sell or rent out cards, before or after.
    let named_at = |p: &usize| c.get(*p..*p + name.len()) == Some(name);
    let reach = abs.saturating_sub(ACCUSED_REACH)..(at + ACCUSED_REACH).min(c.len());
    (abs.saturating_sub(ACCUSED_REACH)..=abs)
        .filter(named_at)
        .any(accused_before)
        || reach
            .filter(named_at)
            .any(|p| mule_word_after(c, p + name.len()) || knowingly_after(c, p + name.len()))
}

/// How many names back a list of the accused is followed (`被告人甲、乙、丙…`).
const ACCUSED_LIST_ITEMS: usize = 12;

/// The masked names listed before `p` (each followed by `、`, the last right before
/// `p`), nearest first, at most [`ACCUSED_LIST_ITEMS`]: where each starts and its
/// length as [`masked_name`] reads it (`郭某、`, `梁某汉、`: a name's last character may
/// follow its mask).
fn list_items_before(c: &[char], p: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let item_before = move |p: usize| {
        let sep = p.checked_sub(1).filter(|&q| c[q] == '、')?;
        (sep.saturating_sub(4)..sep).find_map(|start| {
            masked_name(c, start, sep)
                .filter(|&n| start + n == sep || start + n + 1 == sep)
                .map(|n| (start, n))
        })
    };
    std::iter::successors(item_before(p), move |&(start, _)| item_before(start))
        .take(ACCUSED_LIST_ITEMS)
}

/// Words court prose tells a helper of the gang by, in the sentence after their name:
/// acting knowingly (`王某明知他人实施电信网络诈骗，仍…`, `在明知…的情况下`), or handing
/// out cards (`…以1500元的价格出租给“小雨”`).
const KNOWINGLY: &[&str] = &["明知", "出租给", "出售给", "出借给", "租给", "卖给"];

/// Whether a [`KNOWINGLY`] word stands in the sentence from `from`.
fn knowingly_after(c: &[char], from: usize) -> bool {
    (from..c.len())
        .take_while(|&i| !is_sentence_end(c[i]))
        .any(|i| word_at(c, i, KNOWINGLY).is_some())
}

/// Words only a story of card sellers and money mules tells (`跑分`, `帮信`, a court's
/// `掩饰、隐瞒犯罪所得`); `洗钱` only when not what a caller claims (`涉嫌洗钱`).
const SELLERS_WORDS: &[&str] = &[
    "跑分",
    "帮信",
    "帮助信息网络犯罪",
    "掩饰、隐瞒",
    "掩饰隐瞒",
    "卡商",
    "两卡",
    "洗钱",
    // The statute's words for helping such crimes (`明知他人利用信息网络实施犯罪`), and
    // what police find of a mule's account (`资金交易流水出现异常`).
    "明知他人利用信息网络",
    "流水异常",
    "流水出现异常",
];

/// Words of someone deceived: a text with one is a victim's story, however much it
/// tells of laundering (`对方称她涉嫌跨境洗钱`, `受害男子…的帐户进行「过水」洗钱`).
const DECEIVED_STORY: &[&str] = &["被骗", "受骗", "受害", "被害", "自称", "冒充", "谎称"];

/// Whether the text tells of card sellers or money mules ([`SELLERS_WORDS`], or a
/// [`MULE_WORDS`] word with its goods after it) and of nobody deceived
/// ([`DECEIVED_STORY`]), read once per text.
fn sellers_story(c: &[char]) -> bool {
    if (0..c.len()).any(|i| word_at(c, i, DECEIVED_STORY).is_some()) {
        return false;
    }
    (0..c.len()).any(|i| match word_at(c, i, SELLERS_WORDS) {
        Some(_) if c[i] == '洗' => !(i >= 2 && matches!(c[i - 2..i], ['涉', '嫌'] | ['涉', '及'])),
        Some(_) => true,
        None => mule_word_after(c, i),
    })
}

/// Words of selling, renting or lending out one's cards and accounts (`龙某出售5张银行卡`,
/// `杨某…获知出租银行卡可获利`): whoever does so supplies the gang's accounts, and what is
/// theirs is the other side's.
const MULE_WORDS: &[&str] = &["出售", "出租", "出借", "租售", "贩卖", "跑分"];

/// How far after a name (characters) its [`MULE_WORDS`] word may start.
const MULE_REACH: usize = 12;

/// What a [`MULE_WORDS`] word hands out, within [`MULE_REACH`] after it (`出售5张银行卡`;
/// not `出售游戏账号`, a seller the victim paid).
const MULE_GOODS: &[&str] = &["卡", "账户", "U盾", "u盾"];

/// Whether a [`MULE_WORDS`] word starts within [`MULE_REACH`] characters from `from`,
/// in the same sentence, with its [`MULE_GOODS`] after it (`跑分` needs none).
fn mule_word_after(c: &[char], from: usize) -> bool {
    let within = |from: usize| {
        let end = (from + MULE_REACH).min(c.len());
        (from..end).take_while(|&i| !is_sentence_end(c[i]))
    };
    within(from).any(|i| match word_at(c, i, MULE_WORDS) {
        Some(e) => {
            c[i..e] == ['跑', '分'] || within(e).any(|j| word_at(c, j, MULE_GOODS).is_some())
        }
        None => false,
    })
}

/// Words right after an identifier that hand it on to others: lent, rented or sold
/// (`（…）出租给对方使用`), or put to the other side's use (`用于支付结算`).
const LENT: &[&str] = &[
    "交给他人",
    "交给朋友",
    // Lent or sold on (`将自己的电话卡（…）借给朋友使用`, `微信账号（…）卖出`).
    "借给",
    "卖出",
    "出租给",
    "出借给",
    "租给",
    "卖给",
    "出售给",
    "提供给诈骗",
    "提供给他人",
    // Taiwan's judgments (`…帳戶（…，下稱系爭帳戶）提供他人使用`).
    "提供他人",
    "交付他人",
    "供他人使用",
    "用于支付结算",
    "用于洗钱",
    "用于网络洗钱",
    "用于过账",
    // Put to the gang's use, as a court finds (`其银行卡（…）被用于电信诈骗的资金流转`,
    // `对公账户（…）被用来接收诈骗的钱款`); not `被用于洗钱`, what fake officers tell
    // victims of their own cards.
    "被用于诈骗",
    "被用于电信",
    "被用于网络诈骗",
    "被用于实施",
    "被用于收取",
    "被用于接收",
    "被用来接收",
    "被用来收取",
];

/// Where the [`LENT`] word that follows the identifier ending at `id_end` ends, past a
/// closing bracket; after `被` only LENT's own `被用于…` words (`（…）被用于洗钱` is an
/// accusation).
fn lent_after(c: &[char], id_end: usize) -> Option<usize> {
    let s = past_listed(c, past_closing(c, past_so_called(c, id_end, c.len())));
    // Handed to someone for laundering or their use (`（…）提供给张某某进行非法洗钱转账`,
    // `（…）交给卢某某（18岁）、彭某某（18岁）非法转账使用`, `交予彭某、杨某使用`).
    if let Some(e) = word_at(c, s, &["提供给", "交给", "交于", "交予", "交付给"]) {
        let clause_end = c[e..]
            .iter()
            .position(|&ch| ch == ',' || is_sentence_end(ch))
            .map_or(c.len(), |p| e + p);
        let within = &c[e..clause_end.min(e + 24)];
        if let Some(end) = ["洗钱", "使用"]
            .iter()
            .find_map(|w| find_word(within, w).map(|at| e + at + 2))
        {
            return Some(end);
        }
    }
    word_at(c, s, LENT)
}

/// How many more accounts of a list (`A卡（…）、B卡（…）交予…`) the words after the
/// first may follow, and how far each may reach (characters).
const LISTED_ACCOUNTS: usize = 3;
const LISTED_REACH: usize = 30;

/// Past the further accounts of a list from `s` (right after an identifier's closing
/// bracket): `、一张四川银行卡（…）` up to its own closing bracket, each within
/// [`LISTED_REACH`] and its clause; `s` itself when no list goes on there.
fn past_listed(c: &[char], mut s: usize) -> usize {
    for _ in 0..LISTED_ACCOUNTS {
        if !matches!(c.get(s), Some('、' | '和' | '及')) {
            break;
        }
        let reach = &c[s..(s + LISTED_REACH).min(c.len())];
        let Some(close) = reach
            .iter()
            .take_while(|&&ch| ch != ',' && !is_sentence_end(ch))
            .position(|&ch| ch == ')')
        else {
            break;
        };
        s = past_closing(c, s + close);
    }
    s
}

/// What a card seller hands over with an account (`帳戶之存摺、提款卡及密碼`): things, not
/// words a victim can be talked out of (`密码`, `验证码` alone).
const ACCOUNT_GOODS: &[&str] = &["存折", "提款卡", "金融卡", "印章", "U盾", "u盾", "网银"];

/// Words of handing those over (`交付予`, `寄交予`, `以宅急便方式寄送至…`).
const HANDED: &[&str] = &[
    "交付", "提供", "寄送", "寄交", "寄予", "交与", "交予", "交给", "转交", "出售", "出租", "出借",
    "贩卖", "贩售", "卖给", "借给",
];

/// Words of money moving: past one, the sentence is about the money, not the account
/// handed over.
const MONEY_MOVED: &[&str] = &[
    "汇入", "汇款", "汇至", "转账", "转入", "存入", "提领", "取款",
];

/// Words before the account that make its sentence the victim's (`致陳某陷於錯誤，依指示將
/// 提款卡…交付`: a victim handing their card to a courier).
const DECEIVED: &[&str] = &["陷于错误", "受骗", "被骗", "误信", "信以为真"];

/// Words a card seller's knowing is told by (`明知`, `可預見`).
const FORESEEN: &[&str] = &["明知", "预见"];

/// How far after the account the handing over may be told (`號帳戶（下稱…）之存摺、提款卡
/// 及密碼，以黑貓宅急便之方式，寄送至…`).
const HANDED_REACH: usize = 100;

/// Where the word ends that tells the account at `c[id_start..id_end]` was handed over
/// with its card or passbook (`將其所申辦之…帳號…號帳戶之存摺、提款卡及密碼，交付予…`):
/// a card seller's, the gang's from then on. Only in a sentence that disposes of it
/// (`將`/`把` before it) and names neither the victim nor one deceived before it.
fn handed_over_after(
    c: &[char],
    sentence: usize,
    id_start: usize,
    id_end: usize,
    victim: &Victim,
) -> Option<usize> {
    let before = sentence.min(id_start)..id_start;
    if !c[before.clone()].iter().any(|&ch| ch == '将' || ch == '把') {
        return None;
    }
    // The words after it first: most accounts disposed of are paid into, not handed
    // over, and no goods word follows them.
    let mut goods = false;
    let mut handed = None;
    for i in id_end..(id_end + HANDED_REACH).min(c.len()) {
        if is_sentence_end(c[i]) || word_at(c, i, MONEY_MOVED).is_some() {
            return None;
        }
        if word_at(c, i, ACCOUNT_GOODS).is_some() {
            goods = true;
        } else if goods && let Some(e) = word_at(c, i, HANDED) {
            handed = Some(e);
            break;
        }
    }
    let handed = handed?;
    // What a seller foresaw (`明知…人頭帳戶，向被害人施用詐術`) names victims in general.
    let foreseen = before
        .clone()
        .find(|&i| word_at(c, i, FORESEEN).is_some())
        .unwrap_or(id_start);
    let victims = before.clone().any(|i| {
        victim.at(c, i, id_start).is_some()
            || (i < foreseen && word_at(c, i, VICTIM_WORDS).is_some())
            || word_at(c, i, DECEIVED).is_some()
            || matches!(c[i], '我' | '她')
            || (c[i] == '他' && c.get(i + 1) != Some(&'人'))
    });
    (!victims).then_some(handed)
}

/// Kinds money is kept in (what [`DRAINED`] words can speak of).
fn is_money_kind(kind: IdKind) -> bool {
    matches!(kind, IdKind::Card | IdKind::Alipay | IdKind::Wallet)
}

/// Where the first of `words` that starts at `s` ends.
fn word_at(c: &[char], s: usize, words: &[&str]) -> Option<usize> {
    let first = *c.get(s)?;
    words.iter().find_map(|w| {
        // Most words differ in their first character: no more is read of them.
        let mut rest = w.chars();
        if rest.next() != Some(first) {
            return None;
        }
        let mut e = s + 1;
        for ch in rest {
            if c.get(e) != Some(&ch) {
                return None;
            }
            e += 1;
        }
        Some(e)
    })
}

/// `涉及` and a sum or a count of cases after an identifier: no word of whose it is
/// (see [`word_after`]).
const INVOLVED_SUMS: &[&str] = &[
    "涉及款",
    "涉及金额",
    "涉及金額",
    "涉及资金",
    "涉及資金",
    "涉及流水",
    "涉及多",
];

/// What money taken out of an account is told by, right after it (past the money
/// in it: `（…）中的1万元被转走`, `（…）内被扣除了500元`, `（…）扣款602844元`). Not
/// `被骗`, `被盗`: a stolen QQ or card may be the other side's tool since.
const DRAINED: &[&str] = &[
    "被转走",
    "被人转走",
    "被全部转走",
    "全部被转走",
    "被划走",
    "被扣",
    "被支付",
    "全部被支付",
    "被盗刷",
    "被人盗刷",
    "被取走",
    "被划扣",
    "被扣划",
    "被消费",
    // Hong Kong's and Taiwan's (`戶口（…）喺未經其授權下先後四次被轉賬`, `遭盜領`).
    "被转账",
    "被转帐",
    "被盗领",
    "遭盗领",
    "被提领",
    "扣款",
    "扣除",
    "划扣",
];

/// Where the [`DRAINED`] words after the identifier ending at `id_end` end: past a
/// closing bracket, a word of in (`内`, `中`, `里`) and an amount (`的2.8万元`).
fn drained_after(c: &[char], id_end: usize) -> Option<usize> {
    let mut s = past_closing(c, id_end);
    if c.get(s).is_some_and(|ch| matches!(ch, '内' | '中' | '里')) {
        s += 1;
    }
    s = past_unauthorised(c, s);
    s += c[s.min(c.len())..]
        .iter()
        .take(12)
        .take_while(|ch| {
            ch.is_ascii_digit()
                || "的有.万千百余多元钱款资金共计先后次一二三四五六七八九十两".contains(**ch)
        })
        .count();
    word_at(c, s, DRAINED)
}

/// Past the closing brackets and spaces from `at` (an identifier's end): where the words
/// after it start.
fn past_closing(c: &[char], at: usize) -> usize {
    at + c[at.min(c.len())..]
        .iter()
        .take_while(|&&ch| matches!(ch, ')' | ']' | '】' | ' '))
        .count()
}

/// Past a clause of no consent at `s` (`在未经本人授权的情况下`, Cantonese `喺未經其授權下`),
/// which tells of money drained, not of whose the account is.
fn past_unauthorised(c: &[char], s: usize) -> usize {
    let i = s + usize::from(c.get(s).is_some_and(|&ch| ch == '在' || ch == '喺'));
    if c.get(i..i + 2) != Some(&['未', '经']) {
        return s;
    }
    let Some(p) = (i + 2..(i + 8).min(c.len())).find(|&k| c.get(k..k + 2) == Some(&['授', '权']))
    else {
        return s;
    };
    let e = p
        + 2
        + if c.get(p + 2..p + 5) == Some(&['的', '情', '况']) {
            3
        } else {
            0
        };
    if c.get(e) == Some(&'下') { e + 1 } else { s }
}

/// People who call the victim to stop or check a transfer.
const CALLERS: &[&str] = &[
    "民警",
    // Anti-fraud centres abroad too (`反诈骗中心立即向受害者（…）发送短讯`).
    "反诈中心",
    "反诈骗中心",
    "警察",
    "辅警",
    "劝阻员",
    "反诈专员",
    "反诈员",
    "网格员",
    "社区",
];

/// Words of calling or reaching someone.
const CALLING: &[&str] = &["联系", "拨打", "致电", "打给", "拨通", "回拨", "回访", "向"];

/// Whom helpers call, when not named: the victim as the report tells them.
const CALLED: &[&str] = &[
    "她",
    "他",
    "其",
    "该女子",
    "该男子",
    "女子",
    "男子",
    "老人",
    "事主",
    "报警人",
    "受害人",
    "被害人",
    "受害者",
    "被害者",
    "当事人",
];

/// Whether the identifier starting at `id_start` is whom one of the [`CALLERS`] calls
/// in its clause: a word of [`CALLING`] after them, then the victim, a masked name or
/// one of [`CALLED`], then only `的` and phone words (`民警一路不停地拨打方灿灿的手机（…）`).
fn helper_reached(c: &[char], id_start: usize, victim: &Victim) -> bool {
    let clause = clause_start(c, id_start);
    let seg = &c[clause..id_start];
    let Some(helper) = CALLERS.iter().filter_map(|w| find_word(seg, w)).min() else {
        return false;
    };
    let end = person_end(c, clause, id_start);
    let called_from = |s: usize| {
        victim.at(c, s, end) == Some(end - s)
            || masked_name(c, s, end) == Some(end - s)
            || CALLED
                .iter()
                .any(|w| c[s..end].iter().copied().eq(w.chars()))
    };
    CALLING.iter().any(|w| {
        let n = w.chars().count();
        let mut from = clause + helper;
        while let Some(at) = find_word(&c[from..end], w) {
            let mut s = from + at + n;
            while s < end && matches!(c[s], '了' | '着' | '上' | '到') {
                s += 1;
            }
            if s < end && called_from(s) {
                return true;
            }
            from += at + n;
        }
        false
    })
}

/// Where the person an identifier starting at `id_start` is told of ends: the
/// identifier's start less brackets, colons and phone words (`女子（手机：…`), no further
/// back than `clause`.
fn person_end(c: &[char], clause: usize, id_start: usize) -> usize {
    let mut end = id_start;
    loop {
        let before = end;
        while end > clause && matches!(c[end - 1], '(' | '[' | '【' | ':' | ' ' | '“' | '"') {
            end -= 1;
        }
        for w in [
            "联系电话",
            "联络电话",
            "手机号码",
            "手机号",
            "手机",
            "电话",
            "号码",
            "座机",
            "的",
        ] {
            let n = w.chars().count();
            if end >= clause + n && c[end - n..end].iter().copied().eq(w.chars()) {
                end -= n;
                break;
            }
        }
        if end == before {
            break;
        }
    }
    end
}

/// People a report describes the victim as, after a victim word and `为`/`是`
/// (`受害人為70歲老婦（…）`, `苦主是一名24歲男子（手機…）`).
const DESCRIBED: &[&str] = &[
    "男子", "女子", "老妇", "老人", "长者", "男士", "女士", "学生", "少年", "少女", "妇人", "老伯",
    "阿伯", "婆婆",
];

/// How far before the person a victim word describing them may stand (characters).
const DESCRIBED_REACH: usize = 14;

/// Whether the phone starting at `id_start` is told right after a person (one of
/// [`DESCRIBED`]) whom its clause describes as the victim: a victim word (or `苦主`,
/// `受骗人`) then `为`/`是` no further than [`DESCRIBED_REACH`] before them, no comma
/// between. Such a number is the victim's, whatever the words further back say.
fn described_victim(c: &[char], id_start: usize) -> bool {
    // A victim word ending at `i`, starting at `lo` or after.
    let victim_word_before = |i: usize, lo: usize| {
        word_ends_at(c, lo, i, VICTIM_WORDS.iter().chain(&["苦主", "受骗人"]))
    };
    // Most identifiers have no victim word and `为`/`是` shortly before them: nothing
    // more is read.
    let near = id_start.saturating_sub(2 * DESCRIBED_REACH);
    if !(near..id_start).any(|i| matches!(c[i], '为' | '是') && victim_word_before(i, 0)) {
        return false;
    }
    let clause = clause_start(c, id_start);
    let end = person_end(c, clause, id_start);
    let Some(person) = DESCRIBED.iter().find_map(|w| {
        let n = w.chars().count();
        (end >= clause + n && c[end - n..end].iter().copied().eq(w.chars())).then_some(end - n)
    }) else {
        return false;
    };
    let from = clause.max(person.saturating_sub(DESCRIBED_REACH));
    (from..person).any(|i| matches!(c[i], '为' | '是') && victim_word_before(i, from))
}

/// Whether the victim (by name or as `报警人`, `被害人`…) is named in the clause before
/// `at` with no one else named after (`王某称对方添加其微信` is not the victim adding).
fn victim_in_clause(c: &[char], at: usize, victim: &Victim) -> bool {
    let clause = clause_start(c, at);
    let named_at = (clause..at).rev().find(|&i| {
        victim.at(c, i, at).is_some()
            || VICTIM_WORDS.iter().any(|w| {
                let n = w.chars().count();
                i + n <= at && c[i..i + n].iter().copied().eq(w.chars())
            })
    });
    let Some(named_at) = named_at else {
        return false;
    };
    let after = &c[named_at..at];
    !has_any(
        after,
        OTHER_PEOPLE
            .iter()
            .chain(&["有人", "陌生", "男子", "女子", "网友"]),
    )
}

/// Accounts something may be bound to (`支付宝绑定手机`).
const BOUND_TO: &[&str] = &[
    "支付宝",
    "微信",
    "账户",
    "帐户",
    "账号",
    "帐号",
    "qq",
    "收款码",
];

/// Whether the word at `start..end` is `绑定` right after an account word, or inside
/// the bracket after one (`“百度糯米”账号（绑定手机号…）`).
fn bound_to_account(c: &[char], start: usize, end: usize) -> bool {
    let start = if start >= 1 && matches!(c[start - 1], '(' | '[' | '【') {
        start - 1
    } else {
        start
    };
    c[start..end]
        .iter()
        .skip_while(|&&ch| matches!(ch, '(' | '[' | '【'))
        .take(2)
        .eq(['绑', '定'].iter())
        && BOUND_TO.iter().any(|w| {
            let n = w.chars().count();
            start >= n
                && c[start - n..start]
                    .iter()
                    .zip(w.chars())
                    .all(|(&a, b)| same(a, b))
        })
}

/// Whether one of `words` ends right before `at`, starting at `from` or later.
fn word_ends_at<'w>(
    c: &[char],
    from: usize,
    at: usize,
    words: impl IntoIterator<Item = &'w &'static str>,
) -> bool {
    words.into_iter().any(|w| {
        let k = w.chars().count();
        at >= from + k && at <= c.len() && c[at - k..at].iter().copied().eq(w.chars())
    })
}

/// Whether someone named as records mask names, not the victim, ends at `e`
/// (`李某`, `王某某`), and not after kin, a victim word, a helper (`民警李某，其电话…`).
fn named_ends_at(c: &[char], e: usize, victim: &Victim) -> bool {
    (2..=3).any(|n| {
        let s = e.wrapping_sub(n);
        e >= n
            && masked_name(c, s, e) == Some(n)
            && victim.at(c, s, e).is_none()
            && !NOT_SURNAMES.contains(&c[s])
            && !word_ends_at(
                c,
                0,
                s,
                KIN.iter()
                    .chain(VICTIM_WORDS)
                    .chain(VICTIM_LIKE)
                    .chain(HELPERS)
                    .chain(PUBLIC),
            )
    })
}

/// Where the sentence holding the character at `at` starts.
fn sentence_start(c: &[char], at: usize) -> usize {
    c[..at.min(c.len())]
        .iter()
        .rposition(|&ch| is_sentence_end(ch))
        .map_or(0, |p| p + 1)
}

/// Where the clause holding `at` starts (after a comma or a sentence's end).
fn clause_start(c: &[char], at: usize) -> usize {
    c[..at]
        .iter()
        .rposition(|&ch| ch == ',' || is_sentence_end(ch))
        .map_or(0, |p| p + 1)
}

/// Whether an [`ASKED`] word stands in the clause before `at` (a `提供`): the victim
/// was asked to provide it.
fn asked_before(c: &[char], at: usize) -> bool {
    let mut clause = clause_start(c, at);
    // A clause joined by `并` goes on with the one before (`对方要求U学生扫码转账，并提供其
    // 母亲的…电话号码（…）`: asked too).
    if c.get(clause) == Some(&'并') && clause >= 1 && c[clause - 1] == ',' {
        clause = clause_start(c, clause - 1);
    }
    let words = &c[clause..at];
    ASKED.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        words.windows(w.len()).any(|x| x == w.as_slice())
    })
}

/// What the words before an identifier say of it.
struct Before {
    /// None: a word that says nothing of whose stands nearest (`其中`, `拨打`).
    side: Option<Side>,
    /// Where the deciding word starts.
    at: usize,
    /// The word stands in an earlier clause (a comma between): a word after the
    /// identifier in its own clause speaks of it more surely.
    past_comma: bool,
    /// An other-side word followed by a word of saying (`对方称`): what follows is its
    /// words, which may be about the victim's own.
    spoken: bool,
    /// The victim's by a word of paying with it (`通过`, `使用`): a word after it saying
    /// it received the money (`（…）收取他人购物全款`) speaks of its holder more surely.
    paying: bool,
    /// No side, but a kin word stands before the QQ or WeChat id: unless a word after
    /// it says whose, it is on the victim's side.
    kin: bool,
    /// Only what the identifier is and which bank stand between the word and it
    /// ([`GAP_WORDS`]: `指定账户建设银行卡号：…`): as near as a word right before it.
    named_only: bool,
}

/// Whether the identifier (`c[id_start..id_end]`) is used as an account: a card, Alipay
/// or wallet id, a phone number named as an Alipay account in `c[from..id_start]`, or a
/// WeChat or QQ id money is paid with (`通过微信（…）转账`).
fn is_account(c: &[char], from: usize, id_start: usize, id_end: usize, kind: IdKind) -> bool {
    let paid_with = || {
        let after = c.get(id_end..c.len().min(id_end + 4)).unwrap_or_default();
        ["转账", "支付", "付款"].iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            after.windows(2).any(|x| x == w.as_slice())
        })
    };
    match kind {
        IdKind::Card | IdKind::Alipay | IdKind::Wallet => true,
        IdKind::Phone => c
            .get(from..id_start)
            .is_some_and(|gap| gap.windows(3).any(|w| w == ['支', '付', '宝'])),
        IdKind::Wechat | IdKind::Qq => paid_with(),
        _ => false,
    }
}

/// Whether, past a comma after the cue (which ends at `cue_end`), the identifier at
/// `id_start` is named as someone's (`…，所以她把老板娘的QQ（…）`): then the cue speaks of
/// an earlier clause, not of it.
fn someone_elses(c: &[char], cue_end: usize, id_start: usize) -> bool {
    let Some(gap) = c.get(cue_end..id_start) else {
        return false;
    };
    let Some(de) = gap.iter().rposition(|&ch| ch == '的') else {
        return false;
    };
    named_as_someones(gap) && gap[..de].contains(&',')
}

/// Whether, past the last comma between the cue (ending at `cue_end`) and the identifier
/// at `id_start`, the victim is named (`对方并未将钱转出，杨某卡内余额及支付宝账户（…）`):
/// that clause is about the victim and the victim's things, so an other-side cue of an
/// earlier clause does not reach across it.
fn victim_named_past_comma(c: &[char], cue_end: usize, id_start: usize, victim: &Victim) -> bool {
    let Some(gap) = c.get(cue_end..id_start) else {
        return false;
    };
    let Some(comma) = gap.iter().rposition(|&ch| ch == ',') else {
        return false;
    };
    // Not the victim as the one told to act (`对方…，直接让小李加一个QQ号（…）`).
    (cue_end + comma + 1..id_start).any(|i| {
        let told = ASKED.iter().any(|w| {
            let n = w.chars().count();
            i >= n && c[i - n..i].iter().copied().eq(w.chars())
        });
        !told && victim.at(c, i, id_start).is_some()
            || VICTIM_WORDS.iter().any(|w| {
                let n = w.chars().count();
                i + n <= id_start && c[i..i + n].iter().copied().eq(w.chars())
            })
    })
}

/// Whether the text just before an identifier names whose it is (`陈总的微信账号（`): a
/// name, `的`, and at most a few characters of what it is.
fn named_as_someones(before: &[char]) -> bool {
    before.iter().rposition(|&ch| ch == '的').is_some_and(|de| {
        let owner = de.checked_sub(1).and_then(|i| before.get(i)).copied();
        owner.is_some_and(|ch| ch.is_alphabetic() && !ch.is_ascii()) && before.len() - de <= 8
    })
}

/// Money in the account right after it (`建设银行卡（…）内2万元被转至…`, `账户（…）内钱款`,
/// `银行卡（…）账户余额`): the victim's own. Not past other words (`（已冻结余额…）`).
fn money_in_it(c: &[char], from: usize, s: usize) -> bool {
    if s != past_close(c, from) {
        return false;
    }
    if c.get(s) == Some(&'内') && c.get(s + 1).is_some_and(char::is_ascii_digit) {
        return true;
    }
    let mut i = s;
    for w in ["账户", "内", "的"] {
        i = word_at(c, i, &[w]).unwrap_or(i);
    }
    word_at(c, i, &["余额", "钱款", "资金", "存款"]).is_some()
}

/// Whether a negation stands between the identifier's end (`from`) and an [`AFTER`]
/// word at `s`: what it did not do says nothing of it (`老师本人的QQ（…）并没有收取资料费`).
fn negated(c: &[char], from: usize, s: usize) -> bool {
    c[from..s].iter().any(|&ch| matches!(ch, '没' | '未'))
}

/// How long the name a judgment gives an account may be (`，下稱系爭帳戶）`).
const SO_CALLED_REACH: usize = 12;

/// Past the name a judgment gives what it has just written, if one follows at `from`
/// (`帳戶（中國信託帳號…，下稱系爭帳戶）提供他人使用`): where its bracket closes.
fn past_so_called(c: &[char], from: usize, to: usize) -> usize {
    let named = c.get(from) == Some(&',') && word_at(c, from + 1, &["下称"]).is_some();
    if !named {
        return from;
    }
    (from..to.min(from + SO_CALLED_REACH))
        .find(|&i| c[i] == ')')
        .map_or(from, |i| i + 1)
}

/// An [`AFTER`] word right after the identifier (past a closing bracket or a space), not
/// one followed by `人` (`报案人`).
fn word_after(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Side> {
    let from = past_so_called(c, from, to);
    let limit = to.min(from + AFTER_REACH);
    let starts = &*CUE_STARTS;
    (from..limit).find_map(|s| {
        let here = c[s];
        if money_in_it(c, from, s) {
            return Some(Side::Victim);
        }
        // The sum it saw says nothing of whose (`（…）涉及款項共73.9萬元`), unlike what the
        // other side says it is caught up in (`（…）涉及洗钱`).
        if here == '涉' && word_at(c, s, INVOLVED_SUMS).is_some() {
            return None;
        }
        AFTER
            .iter()
            .zip(&starts.after)
            .find_map(|(&(w, says), &first)| {
                if !may_match(here, first, false) {
                    return None;
                }
                // What was done to it says nothing of whose (`（…）被诈骗`, `被冒充`).
                if negated(c, from, s) || (s > from && c[s - 1] == '被') {
                    return None;
                }
                if TOOK.contains(&w) && c[from..s].contains(&',') {
                    return None;
                }
                let e = table_word(c, s, to, w, victim)?;
                // A verb made a noun (`，报案人电话：…` after a list item) says nothing.
                if c.get(e) == Some(&'人') {
                    return None;
                }
                match says {
                    Says::Other => Some(Side::Other),
                    Says::Victim => Some(Side::Victim),
                    _ => None,
                }
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(text: &str, victim: &str) -> Vec<(IdKind, String, Side)> {
        narrative_identifiers(text, victim)
            .into_iter()
            .map(|n| (n.identifier.kind, n.identifier.value, n.side))
            .collect()
    }

    #[test]
    fn the_issue_example() {
        let text = "2026年11月2日，报警人王某接到自称京东金融客服的电话（13812345678），称其金条\
                    信用不良需要注销。随后通过其工商银行卡（6212261234567890123）向对方提供的建行卡\
                    （6217001234567890123）转账共计12000元。对方QQ（771234567，昵称：小王），\
                    报警人王某的QQ（123456789）。";
        assert_eq!(
            sides(text, "王某"),
            vec![
                (IdKind::Phone, "+8613812345678".into(), Side::Other),
                (IdKind::Card, "6212261234567890123".into(), Side::Victim),
                (IdKind::Card, "6217001234567890123".into(), Side::Other),
                (IdKind::Qq, "771234567".into(), Side::Other),
                (IdKind::Qq, "123456789".into(), Side::Victim),
            ]
        );
    }

    #[test]
    fn excerpts_quote_the_words_around() {
        let found =
            narrative_identifiers("随后向对方提供的建行卡（6217001234567890123）转账。", "");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].excerpt.contains("对方提供的建行卡"),
            "{:?}",
            found[0]
        );
        assert!(found[0].excerpt.contains("6217001234567890123"));
    }

    /// `best_cue` as it was before it skipped places no cue word starts at: the
    /// reference the filtered one must agree with.
    fn best_cue_every_place(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Cue> {
        let mut best: Option<Cue> = None;
        let mut consider = |start: usize, end: usize, says: Says, anchored: bool| {
            let len = end - start;
            if best.is_none_or(|b| (end, len) > (b.end, b.end - b.start)) {
                best = Some(Cue {
                    start,
                    end,
                    says,
                    anchored,
                });
            }
        };
        for s in from..to {
            if let Some((kin_start, says)) = kin_at(c, s, to) {
                consider(kin_start, to, says, true);
            } else if let Some(role_start) =
                role_at(c, s, to, victim).or_else(|| quoted_at(c, s, to))
            {
                consider(role_start, to, Says::Other, true);
            }
            if others_name_at(c, s, to, victim) {
                consider(s, to, Says::Other, true);
            }
            if payee_account_at(c, s, to, victim) {
                consider(s, to, Says::Other, true);
            }
            if real_person_at(c, s, to) {
                consider(s, to, Says::Kin, true);
            }
            if checked_with_at(c, s, to) {
                consider(s, to, Says::Victim, true);
            }
            if yours_at(c, s, to) {
                consider(s, to, Says::Victim, true);
            }
            if theirs_in_telling_at(c, s, to, victim) {
                consider(s, to, Says::Other, true);
            }
            if let Some(says) = addressed_at(c, s, to, victim) {
                consider(s, to, says, true);
            }
            if let Some((start, says)) = polite_at(c, s, to, victim) {
                consider(start, to, says, true);
            }
            for &(pat, says) in BEFORE {
                if let Some(e) = table_word(c, s, to, pat, victim) {
                    consider(s, e, says, pat.ends_with('$'));
                }
            }
            for w in HOLDER {
                if let Some(e) = match_at(c, s, to, w, victim)
                    && let Some((side, name_end)) = holder_side(c, e, to, victim)
                {
                    consider(s, name_end, holder_says(side), false);
                }
            }
        }
        best
    }

    /// `holder_after` without the filter.
    fn holder_after_every_place(
        c: &[char],
        from: usize,
        to: usize,
        victim: &Victim,
    ) -> Option<Side> {
        (from..to).find_map(|s| {
            HOLDER.iter().find_map(|w| {
                let e = match_at(c, s, to, w, victim)?;
                holder_named_after(c, e, to, victim)
            })
        })
    }

    /// `word_after` without the filter.
    fn word_after_every_place(c: &[char], from: usize, to: usize, victim: &Victim) -> Option<Side> {
        let from = past_so_called(c, from, to);
        let limit = to.min(from + AFTER_REACH);
        (from..limit).find_map(|s| {
            if money_in_it(c, from, s) {
                return Some(Side::Victim);
            }
            if word_at(c, s, INVOLVED_SUMS).is_some() {
                return None;
            }
            AFTER.iter().find_map(|&(w, says)| {
                // What was done to it says nothing of whose (`（…）被诈骗`, `被冒充`).
                if negated(c, from, s) || (s > from && c[s - 1] == '被') {
                    return None;
                }
                if TOOK.contains(&w) && c[from..s].contains(&',') {
                    return None;
                }
                let e = table_word(c, s, to, w, victim)?;
                // A verb made a noun (`，报案人电话：…` after a list item) says nothing.
                if c.get(e) == Some(&'人') {
                    return None;
                }
                match says {
                    Says::Other => Some(Side::Other),
                    Says::Victim => Some(Side::Victim),
                    _ => None,
                }
            })
        })
    }

    /// Pieces of narratives: every table word (upper-cased too), names, digits, gaps.
    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        let mut words: Vec<String> = BEFORE
            .iter()
            .map(|&(p, _)| p)
            .chain(AFTER.iter().map(|&(p, _)| p))
            .chain(HOLDER.iter().copied())
            .chain(GAP_WORDS.iter().copied())
            .chain(KIN.iter().copied())
            .chain(NOT_ROLES.iter().copied())
            .chain(CHECKED_WITH.iter().copied())
            .chain(CHECKED_ROLES.iter().copied())
            .chain(["卖家", "助理", "“", "”", "“客服”", "冒充", "我说我认识他的"])
            .map(|p| p.replace(['…', '$'], "").replace("<victim>", "王小明"))
            .collect();
        words.extend(words.clone().iter().map(|w| w.to_uppercase()));
        for w in [
            "王小明",
            "王某",
            "李*",
            "张某某",
            "其本人",
            "6217001234567890123",
            "13812345678",
            "，",
            "。",
            "（",
            "）",
            "：",
            " ",
            "、",
            "的",
            "转账",
            "a",
            "Own",
            "x",
        ] {
            words.push(w.to_string());
        }
        proptest::sample::select(words)
    }

    proptest::proptest! {
        #[test]
        fn skipping_places_no_cue_starts_at_changes_nothing(
            pieces in proptest::collection::vec(piece(), 0..24),
            victim in proptest::sample::select(vec!["", "王小明", "王某", "李四"]),
        ) {
            let text: String = pieces.concat();
            let c: Vec<char> = text.chars().collect();
            let victim = Victim::new(victim);
            for from in 0..c.len().min(6) {
                for to in from..=c.len() {
                    proptest::prop_assert_eq!(
                        best_cue(&c, from, to, &victim),
                        best_cue_every_place(&c, from, to, &victim),
                        "{:?} {}..{}", text, from, to
                    );
                    proptest::prop_assert_eq!(
                        holder_after(&c, from, to, &victim),
                        holder_after_every_place(&c, from, to, &victim)
                    );
                    proptest::prop_assert_eq!(
                        word_after(&c, from, to, &victim),
                        word_after_every_place(&c, from, to, &victim)
                    );
                }
            }
        }
    }

    #[test]
    fn a_char_set_holds_its_characters_and_no_others() {
        let chars = ['a', '的', '”', '\u{ffff}', '\u{10000}', '\u{1f600}'];
        let set = CharSet::new(chars);
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert_eq!(set.contains(c), chars.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn amounts_are_no_service_numbers() {
        assert!(sides("共计被骗10000元，对方称", "").is_empty());
        assert_eq!(
            sides("自称京东金融客服（95118）", ""),
            vec![(IdKind::Service, "95118".into(), Side::Other)]
        );
    }
}
