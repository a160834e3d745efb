//! The cell scanner: every identifier in one cell (or one query term), read from free
//! text around it, with the column and nearby cue words deciding what a bare run of
//! digits or letters is.
//!
//! One pass over the folded text. E-mail addresses are found first (so their digits and
//! letters are not read again); then runs of digits, masks and separators, and words of
//! ASCII letters. A run that is not one identifier as a whole is split at its
//! separators, longest valid piece first, so `13812345678 13987654321` gives two phones
//! while `6222 0212 3456 7890 123` stays one card.

use super::account;
use super::digits::{Folded, fold_mapped_into};
use super::phone::{self, NumParts, Reading, is_mask_symbol, is_number_gap};
use crate::model::{Field, IdKind, Identifier};

/// What the text is: a cell of a column, or a query term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Cell(Field),
    Term,
}

/// A cue word just before a value that says what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Qq,
    Wechat,
    /// `尾号`, `ending`: the last digits of a longer number.
    Tail,
    /// `数字人民币钱包`, `钱包号`: an e-CNY wallet's 16-digit id (see [`is_ecny_wallet`]).
    Wallet,
    /// `账户`, `賬戶`, `户口`: a bank account, of whatever length banks abroad give theirs
    /// (see [`account::named_account`]).
    Account,
    /// `账号`, `帳戶` alone: an account only for the shapes no game's or platform's id
    /// has — from 0, or in dashed groups (`郵局帳號00312450286617`, `帳戶（048-004-17730-5）`).
    AccountWord,
}

/// Cue words, longer before their prefixes. ASCII ones match case-insensitively and
/// only as whole words.
const CUES: &[(&str, Cue)] = &[
    ("微信号", Cue::Wechat),
    ("微信", Cue::Wechat),
    ("wechat", Cue::Wechat),
    ("weixin", Cue::Wechat),
    ("wx", Cue::Wechat),
    ("扣扣", Cue::Qq),
    ("qq", Cue::Qq),
    // `官方QQ客服（800000304）`: the service desk's QQ id, the cue word split by its role.
    ("qq客服", Cue::Qq),
    ("微信客服", Cue::Wechat),
    ("微信账号", Cue::Wechat),
    ("微信好友", Cue::Wechat),
    ("qq好友", Cue::Qq),
    ("qq 好友", Cue::Qq),
    // A QQ group's number (`QQ群（群号：…）`): what the victim was drawn into.
    ("群号", Cue::Qq),
    // `QQ群7448096124`: a group's number, as `群号`.
    ("qq群", Cue::Qq),
    // `陌生Q号（…）`: the QQ number written with one Q; `请加Q3194728560` (add on QQ).
    ("q号", Cue::Qq),
    ("加q", Cue::Qq),
    // `揭某的QQ收款账户1658820437`.
    ("qq收款", Cue::Qq),
    ("微信帐号", Cue::Wechat),
    // A contact card passed on (`推荐了两个微信名片：…、…`), a group chat's number
    // (`拉入群聊（…）`: a QQ group's, as `群号`; WeChat groups show none).
    ("微信名片", Cue::Wechat),
    ("群聊", Cue::Qq),
    // A WeChat id told by the request or the talk it came with (`微信好友申请（…）`,
    // `微信好友添加请求（…）`, `通过微信联络（…）`).
    ("微信好友申请", Cue::Wechat),
    ("微信好友添加请求", Cue::Wechat),
    ("微信联络", Cue::Wechat),
    ("微信联系", Cue::Wechat),
    // An e-CNY wallet (`数字人民币钱包（0021…）`, `母钱包号0041…`), whose id starts with 00
    // as an international call does.
    ("钱包编号", Cue::Wallet),
    ("钱包", Cue::Wallet),
    ("尾号", Cue::Tail),
    ("尾数", Cue::Tail),
    ("后四位", Cue::Tail),
    ("末四位", Cue::Tail),
    ("ending in", Cue::Tail),
    ("ending", Cue::Tail),
    ("ends in", Cue::Tail),
    // A bank account named as such: Hong Kong's, Macau's, Taiwan's and Malaysia's run
    // 10 to 16 digits, often from 0 (`轉到3個私人銀行賬戶（012875004561、…）`), a
    // company's mainland account 20 (`对公账户（3200…）`). Bank words only: `账号`
    // alone is as often a game's or a platform's. A bank's name right before says
    // bank: `…银行`, `农行`, `郵局帳號`, `中國信託帳號822540318862`.
    ("行账户", Cue::Account),
    ("行帐户", Cue::Account),
    ("行账号", Cue::Account),
    ("行帐号", Cue::Account),
    ("局账户", Cue::Account),
    ("局帐户", Cue::Account),
    ("局账号", Cue::Account),
    ("局帐号", Cue::Account),
    ("托账户", Cue::Account),
    ("托帐户", Cue::Account),
    ("托账号", Cue::Account),
    ("托帐号", Cue::Account),
    ("对公账户", Cue::Account),
    ("对公帐户", Cue::Account),
    ("私人账户", Cue::Account),
    ("个人账户", Cue::Account),
    ("户口", Cue::Account),
    // Malaysia's word for it (`轉賬到指定的2個銀行戶頭（…及…）`).
    ("户头", Cue::Account),
    // Taiwan's mule accounts and the accounts a victim is told to pay into.
    ("人头账户", Cue::Account),
    ("人头帐户", Cue::Account),
    ("指定账户", Cue::Account),
    ("指定帐户", Cue::Account),
    // `账号`/`帐户` alone, and Taiwan's `金融卡` (an ATM card): last, so that a longer cue
    // ending here wins, and a QQ or WeChat cue before it (`QQ账号`) too.
    ("账号", Cue::AccountWord),
    ("帐号", Cue::AccountWord),
    ("账户", Cue::AccountWord),
    ("帐户", Cue::AccountWord),
    ("金融卡", Cue::AccountWord),
    // `卡号0091-0230-5518-762`: a card's number from 0 is an account abroad, not a call.
    ("卡号", Cue::AccountWord),
];

/// What may stand between a cue word and its value: `QQ：`, `微信号 `, `尾号为`, `QQ（`.
fn is_cue_gap(c: char) -> bool {
    matches!(
        c,
        ' ' | ':'
            | '号'
            | '码'
            | '账'
            | '帐'
            | '户'
            // `QQ号（如1658820437、…）`, `戶頭（包括…及…）`, `受款帳戶分別為…及…`.
            | '如'
            | '为'
            | '是'
            | '包'
            | '括'
            | '分'
            | '别'
            | '('
            | ')'
            | '['
            | ']'
            | '【'
            | '】'
            | '「'
            | '」'
            | '"'
            | '“'
            | '”'
            | '\''
            | '='
            | '#'
            | '-'
    )
}

const MAX_CUE_GAP: usize = 4;

/// What stands between the items of a list of numbers or ids (`56200001,78500002`,
/// `A、B`, `A及B`).
fn is_list_separator(ch: char) -> bool {
    matches!(ch, ',' | '、' | ';' | '/' | ' ' | '及')
}

/// How long a bracketed note between two listed QQ or WeChat ids may be (characters).
const LISTED_NOTE_REACH: usize = 16;

/// How long a nickname in quotation marks between a cue word and its id may be
/// (`Scanner::quoted_name_cue`).
const QUOTED_NAME_REACH: usize = 16;

/// How far back `QQ` may stand from a number told by its nickname (characters).
const NICKNAME_QQ_REACH: usize = 16;

/// How far back `QQ` may stand from a number told by a friend request
/// (`Scanner::request_cue`; characters, within its sentence).
const REQUEST_QQ_REACH: usize = 30;

/// Words of a friend request a number in brackets comes with (`收到一条好友申请（…）`).
const REQUESTS: &[&str] = &["好友申请", "好友邀请", "好友的邀请", "好友请求"];

/// How far back (characters, within its sentence) `微信` tells a bare word of an id's
/// shape is a WeChat id.
const WECHAT_SENTENCE_REACH: usize = 60;

/// How far back an account word tells a dashed number with no cue of its own
/// (`Scanner::account_told`).
const ACCOUNT_SENTENCE_REACH: usize = 40;

/// Words just before a number that say it is a phone number (for a caller ID no
/// numbering plan accepts). `号` alone says less (`订单号`): after it only a mobile with a
/// digit too many is read.
const PHONE_WORDS: &[&str] = &[
    "电话",
    "号码",
    "手机",
    "来电",
    "来电显示",
    "手机号",
    "号",
    // Hong Kong's and Macau's: a WhatsApp number, an FPS (`轉數快`) id, which is a phone.
    "WhatsApp",
    "whatsapp",
    "转数快",
];

/// Words of calling: phone words as [`PHONE_WORDS`] are, but only for a number told aside
/// in brackets (`自稱其兒子致電（94176230）`; not `请致电27316624`, `拨打010114`, a desk's
/// line given to call).
const CALLING_WORDS: &[&str] = &["致电", "拨打"];

/// Whether a phone word ends within two characters before `start` (`电话：`, `号码为`):
/// `Some(true)` for a word that says phone (`号码` not of a card, account, order or
/// certificate), `Some(false)` for a bare `号`.
fn phone_word_before(c: &[char], start: usize) -> Option<bool> {
    let calling: &[&str] = if open_bracket(c, start).is_some() {
        CALLING_WORDS
    } else {
        &[]
    };
    (0..=2).find_map(|skip| {
        let end = start.checked_sub(skip)?;
        if !c[end..start]
            .iter()
            .all(|&ch| matches!(ch, ':' | ' ' | '(' | '为' | '是' | '如' | '"' | '“'))
        {
            return None;
        }
        PHONE_WORDS.iter().chain(calling).find_map(|w| {
            let n = w.chars().count();
            if end < n || !c[end - n..end].iter().copied().eq(w.chars()) {
                return None;
            }
            let of = end.checked_sub(n + 1).map(|i| c[i]);
            let says_phone = *w != "号" && !matches!(of, Some('卡' | '账' | '帐' | '单' | '证'));
            Some(says_phone)
        })
    })
}

/// A caller ID the numbering plans reject, as the victim saw it (`+21700000010086`,
/// `0085200000000`, an SMS port `10690000927`, a mobile with a digit too many after a
/// phone word): digits only, an international prefix written `00` whether it was `+` or
/// `00`, so the two spellings of one spoofed number are one identifier.
fn unparsed_phone(p: &NumParts, phone_word: Option<bool>) -> Option<Reading> {
    if p.masked || p.tail_x {
        return None;
    }
    let d = p.digits.as_str();
    let flags = crate::model::flags::UNPARSED;
    // `+00…`: the prefix written twice.
    let intl = if p.plus {
        Some(d.strip_prefix("00").unwrap_or(d))
    } else {
        d.strip_prefix("00")
    };
    // No country code starts with `0`: a display of `000…` (`以“000”开头的电话`) is read
    // as any caller ID is, below.
    if let Some(intl) = intl.filter(|i| !i.starts_with('0')) {
        // A country code and at least a few digits, no longer than E.164 allows with a
        // prefix or two the spoofing software adds.
        return (intl.len() >= 6 && intl.len() <= 16)
            .then(|| (IdKind::Phone, format!("00{intl}"), flags));
    }
    let sms_port = d.starts_with("106") && (8..=20).contains(&d.len());
    // After a phone word, any unbroken run a caller ID may be (`接到电话26453629544`,
    // `号码为（025110）`, a mobile with a digit too many): what the victim saw.
    let caller_id = phone_word == Some(true) && (6..=15).contains(&d.len());
    let long_mobile = phone_word.is_some()
        && d.len() == 12
        && d.starts_with('1')
        && d.as_bytes()
            .get(1)
            .is_some_and(|b| (b'3'..=b'9').contains(b));
    // Hong Kong's and Macau's 8 digits written in two fours (`來電（6573 0918）`).
    let local_fours = phone_word == Some(true) && p.groups == [4, 4];
    // An SMS port is read whole however it is grouped (`發送號碼 1069 8027 3316`).
    ((p.groups.len() == 1 && (caller_id || long_mobile)) || sms_port || local_fours)
        .then(|| (IdKind::Phone, d.to_owned(), flags))
}

/// Placeholder words analysts type into a contact column when the id is not known;
/// they have the shape of a WeChat id but are not one.
const PLACEHOLDERS: &[&str] = &["unknown", "nickname", "unknown_id"];

/// One identifier found, with where it was in the folded text.
pub(crate) struct Found {
    pub id: Identifier,
    /// Start of the text covered, including a cue word that decided it.
    pub cover_start: usize,
    pub end: usize,
}

/// Every identifier in `text`, deduplicated, in reading order, and the folded text.
pub(crate) fn scan(text: &str, mode: Mode) -> (Folded, Vec<Found>) {
    let mut scratch = Scratch::default();
    scan_into(text, mode, &mut scratch);
    (scratch.folded, scratch.found)
}

/// The buffers a scan works in, kept from one cell to the next for their room.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The folded text of the cell scanned last.
    pub folded: Folded,
    /// What was found in the cell scanned last (a list a cell was a tenth of the
    /// import parser's allocations).
    pub found: Vec<Found>,
    /// The number read last.
    parts: NumParts,
    /// The chunks of the number run read last (a list a run was a tenth of the
    /// scanner's own instructions, with its growth and its free).
    chunks: Vec<(usize, usize)>,
}

/// As [`scan`], in `scratch` (see [`with_scratch`]): the folded text is left in
/// `scratch.folded`, the identifiers in `scratch.found`.
pub(crate) fn scan_into(text: &str, mode: Mode, scratch: &mut Scratch) {
    scan_with(text, mode, false, scratch);
}

/// As [`scan_into`] for a narrative (read as a query term is), keeping every occurrence
/// of an identifier: a record tells its story two or three times, and the cue that
/// decides whose an identifier is may stand at any of them.
pub(crate) fn scan_narrative_into(text: &str, scratch: &mut Scratch) {
    scan_with(text, Mode::Term, true, scratch);
}

fn scan_with(text: &str, mode: Mode, repeats: bool, scratch: &mut Scratch) {
    let Scratch {
        folded,
        found,
        parts,
        chunks,
    } = scratch;
    fold_mapped_into(text, folded);
    // A narrative (the one scan that keeps repeats) in traditional characters is read by
    // the same cue words (`賬戶`, `電話`): one character for one, so the places still
    // point at the text.
    if repeats {
        super::hant::simplify(&mut folded.chars);
    }
    found.clear();
    let mut s = Scanner {
        src: text,
        folded,
        c: &folded.chars,
        mode,
        repeats,
        out: found,
        parts,
        chunks,
    };
    s.run();
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Runs `f` with this thread's scan buffers (fresh ones if they are in use already),
/// so that scanning cell after cell allocates no new buffers for each.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let r = f(&mut scratch);
            // One huge cell should not keep its room for the rest of the thread's life.
            if scratch.folded.chars.capacity() > 1 << 16 {
                *scratch = Scratch::default();
            }
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

struct Scanner<'a> {
    src: &'a str,
    folded: &'a Folded,
    c: &'a [char],
    mode: Mode,
    /// Every occurrence is kept (a narrative), not each value once (a cell).
    repeats: bool,
    out: &'a mut Vec<Found>,
    /// The number being read, kept between pieces for its room.
    parts: &'a mut NumParts,
    /// The chunks of the number run being read, kept between runs for their room.
    chunks: &'a mut Vec<(usize, usize)>,
}

/// A character no number, mask or word starts at (those start with an ASCII digit,
/// `+`, `(`, a letter, `.`, or a mask symbol): `tests::what_starts_nothing` checks
/// every character against each start the scanner tries.
fn starts_nothing(c: char) -> bool {
    // From U+3000 on (the ideographs and Chinese punctuation) the one mask symbol is
    // `＊`: one comparison answers for most of a narrative.
    let u = u32::from(c);
    (u >= 0x3000 && c != '＊') || (!c.is_ascii() && !is_mask_symbol(c))
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Scanner<'_> {
    fn run(&mut self) {
        let c = self.c;
        let n = c.len();
        let emails = self.emails();
        let mut next_email = 0;
        // A digit right after letters starts a number only where a letters+digits word
        // was split (`QQ123456`).
        let mut digits_after_letters_at = usize::MAX;
        let mut i = 0;
        while i < n {
            if let Some(&(s, e)) = emails.get(next_email)
                && i >= s
            {
                self.email(s, e);
                next_email += 1;
                i = e.max(i + 1);
                continue;
            }
            let ch = c[i];
            let limit = emails.get(next_email).map_or(n, |&(s, _)| s);
            // The ideographs of a narrative start nothing: skip them at once, up to the
            // next e-mail's start (where the loop's head takes it).
            if starts_nothing(ch) {
                i += 1;
                while i < limit && starts_nothing(c[i]) {
                    i += 1;
                }
                continue;
            }
            let after_letter = i > 0 && (c[i - 1].is_ascii_alphabetic() || c[i - 1] == '_');
            let starts_digit =
                ch.is_ascii_digit() && (!after_letter || i == digits_after_letters_at);
            let starts_head = (ch == '+' && c.get(i + 1).is_some_and(char::is_ascii_digit))
                || (ch == '('
                    && c.get(i + 1)
                        .is_some_and(|&d| d == '+' || d.is_ascii_digit()));
            // A wallet address from a digit on, bracketed or not (`钱包（0x7a3F…）`).
            let at = i + usize::from(ch == '(');
            if (starts_digit || at > i)
                && let Some((end, value)) = crypto_address_at(c, at, limit)
            {
                self.push((IdKind::Wallet, value, 0), at, at, end);
                i = end;
                continue;
            }
            if (starts_digit || starts_head || mask_end(c, i, limit).is_some())
                && number_run(c, i, limit, self.chunks)
            {
                // Out of `self` while it is read, back after for its room.
                let chunks = std::mem::take(self.chunks);
                let end = chunks.last().map_or(i + 1, |&(_, e)| e);
                self.number_run(i, &chunks);
                *self.chunks = chunks;
                i = end.max(i + 1);
                continue;
            }
            if ch.is_ascii_uppercase()
                && !after_letter
                && let Some((end, value)) = iban_at(c, i, limit)
            {
                self.push((IdKind::Card, value, 0), i, i, end);
                i = end;
                continue;
            }
            if ch.is_ascii_alphabetic() {
                let mut end = i;
                while end < limit && (is_word_char(c[end]) || c[end] == '-') {
                    end += 1;
                }
                while end > i + 1 && c[end - 1] == '-' {
                    end -= 1;
                }
                let letters = c[i..end]
                    .iter()
                    .take_while(|ch| ch.is_ascii_alphabetic())
                    .count();
                let tail = &c[i + letters..end];
                let split = !tail.is_empty()
                    && tail.iter().all(char::is_ascii_digit)
                    && (is_ci(&c[i..i + letters], "qq")
                        || (is_ci(&c[i..i + letters], "q") && i > 0 && c[i - 1] == '加')
                        || (13..=19).contains(&tail.len()));
                if split {
                    digits_after_letters_at = i + letters;
                    i += letters;
                    continue;
                }
                let glued = i > 0 && c[i - 1].is_ascii_digit();
                self.word(i, end, glued);
                i = end.max(i + 1);
                continue;
            }
            i += 1;
        }
    }

    /// E-mail spans, in order and not overlapping.
    fn emails(&self) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (at, &ch) in self.c.iter().enumerate() {
            if ch != '@' || spans.last().is_some_and(|&(_, e)| at < e) {
                continue;
            }
            if let Some((s, e)) = account::email_around(self.c, at) {
                let s = spans.last().map_or(s, |&(_, pe)| s.max(pe));
                if s < at {
                    spans.push((s, e));
                }
            }
        }
        spans
    }

    fn email(&mut self, start: usize, end: usize) {
        if self.mode == Mode::Cell(Field::VictimPhone) {
            return;
        }
        let value = account::wallet_value(&self.c[start..end]);
        self.push((IdKind::Wallet, value, 0), start, start, end);
    }

    fn number_run(&mut self, head: usize, chunks: &[(usize, usize)]) {
        let piece_start = |g: usize| if g == 0 { head } else { chunks[g].0 };
        if let Some((reading, cover)) = self.piece(piece_start(0), chunks.len(), chunks) {
            let end = chunks.last().map_or(head, |&(_, e)| e);
            self.push(reading, cover, piece_start(0), end);
            return;
        }
        // Not one identifier: the longest valid piece from the left, then on. Pieces
        // longer than any identifier are not tried, which keeps this linear.
        let mut g = 0;
        while g < chunks.len() {
            let mut taken = None;
            let mut ge = g + 1;
            let mut digits = 0;
            let mut last_ok = g;
            while ge <= chunks.len() {
                let (s, e) = chunks[ge - 1];
                digits += e - s;
                if digits > 21 {
                    break;
                }
                last_ok = ge;
                ge += 1;
            }
            for ge in (g + 1..=last_ok).rev() {
                if g == 0 && ge == chunks.len() {
                    continue;
                }
                if let Some(found) = self.piece(piece_start(g), ge - g, &chunks[g..]) {
                    taken = Some((found, ge));
                    break;
                }
            }
            match taken {
                Some(((reading, cover), ge)) => {
                    self.push(reading, cover, piece_start(g), chunks[ge - 1].1);
                    g = ge;
                }
                None => g += 1,
            }
        }
    }

    /// Reads the first `count` chunks from `start` as one identifier: the reading and
    /// where its covered text starts (before the cue word, for a `尾号1234`).
    fn piece(
        &mut self,
        start: usize,
        count: usize,
        chunks: &[(usize, usize)],
    ) -> Option<(Reading, usize)> {
        let end = chunks.get(count.checked_sub(1)?)?.1;
        let c = self.c;
        if !self.parts.read(c.get(start..end)?) {
            return None;
        }
        let parts = &*self.parts;
        if !plausible_grouping(parts) {
            return None;
        }
        let cue = cue_before(c, start)
            .or_else(|| self.listed_cue(start))
            .or_else(|| self.nickname_cue(start, end))
            .or_else(|| self.request_cue(start))
            .or_else(|| self.quoted_name_cue(start))
            .or_else(|| self.account_told(start, end, parts))
            // `钱包` says nothing of a number of no e-CNY wallet's shape (`微信钱包`).
            .filter(|&(cue, _)| cue != Cue::Wallet || is_ecny_wallet(parts));
        // Hong Kong's, Macau's and Singapore's 8 digits in two fours, alone in brackets
        // after whoever they belong to (`向其母親（6539 0271）`), say phone as a phone
        // word does: nothing else is written so.
        let fours_alone = parts.groups == [4, 4]
            && parts.digits.starts_with(['2', '3', '5', '6', '8', '9'])
            && c.get(end) == Some(&')')
            // In a bracket, not after a word naming some other number (`编号（6573 0918）`,
            // `订单号`, `验证码`).
            && open_bracket(c, start).is_some_and(|open| {
                !open.checked_sub(1).is_some_and(|b| {
                    matches!(c[b], '号' | '码' | '证' | '单' | '额' | '价' | '期')
                })
            });
        let phone_word = || {
            (self.mode == Mode::Term && cue.is_none())
                .then(|| {
                    phone_word_before(c, start)
                        .or(fours_alone.then_some(true))
                        .or(self.listed_after_phone(start, parts).then_some(true))
                })
                .flatten()
        };
        // After a word that says phone, a number starting with 0 is a caller ID (no
        // card number starts with 0): `接到电话0633154868271`.
        let caller = !parts.plus && parts.digits.starts_with('0') && phone_word() == Some(true);
        let reading = match classify_number(parts, self.mode, cue.map(|(c, _)| c)) {
            Some(r) if !caller || r.0 == IdKind::Phone => r,
            // A narrative's caller ID that no numbering plan accepts is still what the
            // victim saw: kept, flagged, digits only (queries read it the same way).
            _ if self.mode == Mode::Term && cue.is_none() => unparsed_phone(parts, phone_word())?,
            _ => return None,
        };
        let cover = match cue {
            Some((Cue::Tail, at)) if reading.0 == IdKind::Partial => at,
            // The account's words stay the narrative's to read (`向对方银行账户（…）`).
            Some((Cue::Account | Cue::AccountWord, _)) => start,
            Some((_, at)) if reading.0 != IdKind::Partial => at,
            _ => start,
        };
        Some((reading, cover))
    }

    fn word(&mut self, start: usize, end: usize, glued: bool) {
        let w = &self.c[start..end];
        if self.mode == Mode::Cell(Field::VictimPhone)
            // A word is ASCII: only a cue as long in bytes can be it (cheaper than a
            // compare with each of the many Chinese cues).
            || CUES.iter().any(|(cue, _)| cue.len() == w.len() && is_ci(w, cue))
            || PLACEHOLDERS.iter().any(|p| is_ci(w, p))
            || glued
        {
            return;
        }
        // A TRON address (`T` and 33 base58 characters): where USDT is sent, written
        // wherever an account is. Kept as written: base58 tells upper from lower case.
        if is_tron_address(w) {
            self.push((IdKind::Wallet, w.iter().collect(), 0), start, start, end);
            return;
        }
        // A Bitcoin address in bech32 (`bc1q…`): one case, kept lower.
        if is_bech32_address(w) {
            let value = w.iter().map(char::to_ascii_lowercase).collect();
            self.push((IdKind::Wallet, value, 0), start, start, end);
            return;
        }
        let wechat_ok = (6..=20).contains(&w.len())
            && w[0].is_ascii_alphabetic()
            && w.iter().all(|&c| is_word_char(c) || c == '-');
        if !wechat_ok {
            return;
        }
        // Looked up only for a word of a WeChat id's shape, the one that reads it.
        let cue = cue_before(self.c, start).or_else(|| self.listed_cue(start));
        let (decided, cover) = match cue {
            Some((Cue::Wechat, at)) => (true, at),
            // `向对方账户（sdfl_kf01）转账`: `账户` alone says no kind; the sentence may.
            None | Some((Cue::AccountWord, _)) => (
                self.mode == Mode::Cell(Field::Contact) || self.wechat_told(w, start),
                start,
            ),
            Some(_) => (false, start),
        };
        if decided {
            let value = w.iter().map(char::to_ascii_lowercase).collect();
            self.push((IdKind::Wechat, value, 0), cover, start, end);
        }
    }

    /// In a narrative, a WeChat id with no cue word of its own: a word only an id is
    /// made of (an `_` or `-`, or four digits) in a sentence that spoke of WeChat at
    /// most [`WECHAT_SENTENCE_REACH`] characters before it (`在微信上询问借钱
    /// “同事”lm_fangchan88`, `通过微信扫二维码…向对方账户（sdfl_kefu88）转账`).
    fn wechat_told(&self, w: &[char], start: usize) -> bool {
        if self.mode != Mode::Term {
            return false;
        }
        // In a narrative, WeChat's own ids (`wxid_…`) are one by their shape (`这个账号是我的
        // 生活号（wxid_…）`); a query's bare word stays a word, as DESIGN.md has it.
        if self.repeats
            && w.len() > 5
            && w[..5]
                .iter()
                .map(char::to_ascii_lowercase)
                .eq("wxid_".chars())
        {
            return true;
        }
        let id_made = w.iter().any(|&ch| matches!(ch, '_' | '-'))
            || w.iter().filter(|ch| ch.is_ascii_digit()).count() >= 4;
        if !id_made {
            return false;
        }
        sentence_before(self.c, start, WECHAT_SENTENCE_REACH)
            .windows(2)
            .any(|p| p == ['微', '信'])
    }

    /// Whether the number at `start` is the next of a list of phones, past nothing but a
    /// separator (`电话(如4006018733、00086217395)`): it says phone as a phone word does.
    /// Only a caller ID's prefix (`+`, `0`) or Hong Kong's two fours (`6042 7719`) make
    /// it one: `电话…、200000元` is a sum, `电话… 20231105` a date.
    fn listed_after_phone(&self, start: usize, parts: &NumParts) -> bool {
        (parts.plus || parts.digits.starts_with('0') || parts.groups == [4, 4])
            && self.out.last().is_some_and(|last| {
                matches!(last.id.kind, IdKind::Phone | IdKind::Service)
                    && self.c.get(last.end..start).is_some_and(|gap| {
                        (1..=2).contains(&gap.len()) && gap.iter().all(|&ch| is_list_separator(ch))
                    })
            })
    }

    /// In a narrative, the cue of a list: an item right after a QQ or WeChat id, past
    /// nothing but a separator (`对方qq号码：56200001,78500002`), is one too.
    fn listed_cue(&self, start: usize) -> Option<(Cue, usize)> {
        if self.mode != Mode::Term {
            return None;
        }
        let last = self.out.last()?;
        let cue = match last.id.kind {
            IdKind::Qq => Cue::Qq,
            IdKind::Wechat => Cue::Wechat,
            IdKind::Card => Cue::Account,
            _ => return None,
        };
        let mut gap = self.c.get(last.end..start)?;
        // A note in brackets after the item (`QQ：A（元宝客服泡泡）B（发货客服柚子）`).
        let noted = gap.first() == Some(&'(')
            && gap.len() <= LISTED_NOTE_REACH
            && gap.iter().filter(|&&ch| ch == ')').count() == 1;
        if noted && let Some(close) = gap.iter().position(|&ch| ch == ')') {
            gap = &gap[close + 1..];
        }
        let separated = gap.iter().all(|&ch| is_list_separator(ch));
        let listed = separated
            && if noted {
                gap.len() <= 3
            } else {
                (1..=3).contains(&gap.len()) && gap.iter().any(|&ch| ch != ' ')
            };
        listed.then_some((cue, start))
    }

    /// In a narrative, a bank account abroad with no cue word of its own, told by its
    /// sentence: a number in dashed groups of an account's shape (see
    /// [`account::bank_shaped`]) after an account word at most [`ACCOUNT_SENTENCE_REACH`]
    /// characters back with no phone word since (`轉入14個其它戶口，其中一個為
    /// （012-735-1-006284）`, `帳戶資料（004-227-493018-001）`, `账户（HSBC 501-288417-833）`,
    /// `大華銀行（451-306-882-1）`).
    fn account_told(&self, start: usize, end: usize, parts: &NumParts) -> Option<(Cue, usize)> {
        // A mainland landline: its area code, then 7 or 8 digits (`0758-2000110`).
        let landline =
            parts.digits.starts_with('0') && matches!(parts.groups.as_slice(), [3 | 4, 7 | 8]);
        // What `account::named_account` would refuse is not looked for (a mobile in
        // dashed groups is common).
        if self.mode != Mode::Term
            || parts.digits.len() < 9
            || parts.plus
            || phone::is_cn_mobile(&parts.digits)
            || landline
            || !self.c[start..end].contains(&'-')
            || !account::bank_shaped(parts)
        {
            return None;
        }
        let before = sentence_before(self.c, start, ACCOUNT_SENTENCE_REACH);
        let last = |words: &[&str]| {
            words
                .iter()
                .filter_map(|w| before.windows(w.chars().count()).rposition(|x| is_ci(x, w)))
                .max()
        };
        let account = last(&["户口", "户头", "帐户", "账户", "帐号", "账号", "银行"])?;
        // Not [`PHONE_WORDS`]: its bare `号` ends `账号`.
        let phone = last(&[
            "电话", "来电", "手机", "致电", "热线", "拨打", "客服", "号码", "whatsapp",
        ]);
        (phone < Some(account)).then_some((Cue::AccountWord, start))
    }

    /// In a narrative, a QQ or WeChat id in brackets after the nickname its cue word
    /// names in quotation marks (`添加对方推荐的QQ号"XX银行年检"（2967013385）`): the cue
    /// before the nickname, if it is one of theirs.
    fn quoted_name_cue(&self, start: usize) -> Option<(Cue, usize)> {
        if self.mode != Mode::Term {
            return None;
        }
        let c = self.c;
        let close = open_bracket(c, start)?.checked_sub(1)?;
        if !matches!(c[close], '"' | '”' | '」') {
            return None;
        }
        let from = close.saturating_sub(QUOTED_NAME_REACH);
        let opening = c[from..close]
            .iter()
            .rposition(|ch| matches!(ch, '"' | '“' | '「'))?;
        cue_before(c, from + opening).filter(|(cue, _)| matches!(cue, Cue::Qq | Cue::Wechat))
    }

    /// In a narrative, a QQ id told by its nickname: `QQ上收到一条消息（85800000，昵称：…）`,
    /// `QQ` at most [`NICKNAME_QQ_REACH`] characters back in the same clause.
    fn nickname_cue(&self, start: usize, end: usize) -> Option<(Cue, usize)> {
        if self.mode != Mode::Term {
            return None;
        }
        let c = self.c;
        let mut i = end;
        while i < c.len() && i < end + 2 && matches!(c[i], ',' | ' ') {
            i += 1;
        }
        let named = ["昵称", "网名"].iter().any(|w| {
            w.chars()
                .enumerate()
                .all(|(k, ch)| c.get(i + k) == Some(&ch))
        });
        if !named {
            return None;
        }
        names_qq(sentence_before(c, start, NICKNAME_QQ_REACH)).then_some((Cue::Qq, start))
    }

    /// In a narrative, a QQ id told by the friend request it came with, `QQ` earlier in
    /// the sentence (`在QQ上收到一个陌生人的好友申请（…）`, `添加QQ好友的邀请（…）`): the request
    /// word stands between the cue and the id, so [`cue_before`] does not reach it.
    fn request_cue(&self, start: usize) -> Option<(Cue, usize)> {
        if self.mode != Mode::Term {
            return None;
        }
        let c = self.c;
        let open = open_bracket(c, start)?;
        let request = REQUESTS.iter().any(|w| {
            let n = w.chars().count();
            open >= n && is_ci(&c[open - n..open], w)
        });
        (request && names_qq(sentence_before(c, open, REQUEST_QQ_REACH)))
            .then_some((Cue::Qq, start))
    }

    fn push(
        &mut self,
        (kind, value, flags): Reading,
        cover_start: usize,
        start: usize,
        end: usize,
    ) {
        if !self.repeats
            && self
                .out
                .iter()
                .any(|f| f.id.kind == kind && f.id.value == value)
        {
            return;
        }
        // A partial read through its cue shows the cue too: `尾号1234`.
        let mut shown_from = if kind == IdKind::Partial {
            cover_start.min(start)
        } else {
            start
        };
        // An opening parenthesis belongs to the number only when it closes inside it:
        // `(0370)6123456` yes, `卡（6217…）` no.
        if self.c.get(shown_from) == Some(&'(') && !self.c[shown_from..end].contains(&')') {
            shown_from += 1;
        }
        let display = self.folded.source(self.src, shown_from, end).to_owned();
        self.out.push(Found {
            id: Identifier {
                kind,
                value,
                display,
                flags,
            },
            cover_start: cover_start.min(start),
            end,
        });
    }
}

/// The characters before `start` in its sentence, at most `reach` of them.
fn sentence_before(c: &[char], start: usize, reach: usize) -> &[char] {
    let back = &c[start.saturating_sub(reach)..start];
    let from = back
        .iter()
        .rposition(|&ch| matches!(ch, '。' | ';' | '!' | '?' | '\n'))
        .map_or(0, |p| p + 1);
    &back[from..]
}

/// Whether `QQ` (any case) stands in `text`.
fn names_qq(text: &[char]) -> bool {
    text.windows(2)
        .any(|w| w[0].eq_ignore_ascii_case(&'q') && w[1].eq_ignore_ascii_case(&'q'))
}

/// ASCII-case-insensitive comparison of folded characters with a cue word.
fn is_ci(chars: &[char], word: &str) -> bool {
    // As long as the word and equal character by character, in one pass.
    let mut w = word.chars();
    chars
        .iter()
        .all(|a| w.next() == Some(a.to_ascii_lowercase()))
        && w.next().is_none()
}

/// The [`CUES`] words by their last character (sorted by it), each list in the table's
/// order (longer before its prefixes): a place is tried only against the cues that can
/// end there.
type CuesEnding = Vec<(char, Vec<(&'static str, usize, Cue)>)>;

static CUES_BY_LAST: std::sync::LazyLock<CuesEnding> = std::sync::LazyLock::new(|| {
    let mut by_last: CuesEnding = Vec::new();
    for &(word, cue) in CUES {
        let Some(last) = word.chars().next_back() else {
            continue;
        };
        let entry = (word, word.chars().count(), cue);
        match by_last.iter_mut().find(|(l, _)| *l == last) {
            Some((_, words)) => words.push(entry),
            None => by_last.push((last, vec![entry])),
        }
    }
    by_last.sort_unstable_by_key(|(l, _)| *l);
    by_last
});

/// Where the bracket a number run at `start` is in opens, if it is in one: the run
/// starts at it (the scanner takes `(` into a number) or right after it.
fn open_bracket(c: &[char], start: usize) -> Option<usize> {
    let open = if c.get(start) == Some(&'(') {
        start
    } else {
        start.checked_sub(1)?
    };
    (c[open] == '(').then_some(open)
}

/// The cue word ending at `pos` (or before it, across a short gap), and where it starts.
fn cue_before(c: &[char], pos: usize) -> Option<(Cue, usize)> {
    let mut k = pos;
    for _ in 0..=MAX_CUE_GAP {
        // A cue word ending at `k` ends with the character before it; most characters
        // end none.
        let last = k.checked_sub(1).map(|j| c[j].to_ascii_lowercase());
        let ending = last.and_then(|l| {
            CUES_BY_LAST
                .binary_search_by_key(&l, |(x, _)| *x)
                .ok()
                .map(|i| &CUES_BY_LAST[i].1)
        });
        for &(word, len, cue) in ending.into_iter().flatten() {
            let Some(from) = k.checked_sub(len) else {
                continue;
            };
            if !is_ci(&c[from..k], word) {
                continue;
            }
            // `wx` in `twx`, `qq` in `abcqq`, `q号` in `QQ号`: not a cue word here.
            let ascii_led = word.chars().next().is_some_and(|ch| ch.is_ascii());
            if ascii_led && from > 0 && c[from - 1].is_ascii_alphanumeric() {
                continue;
            }
            // `QQ账号（…）`, `微信帐户：…`: the id's own cue before the account word.
            if cue == Cue::AccountWord
                && let Some(own) = cue_before(c, from).filter(|(o, _)| *o != Cue::AccountWord)
            {
                return Some(own);
            }
            return Some((cue, from));
        }
        if k == 0 || !is_cue_gap(c[k - 1]) {
            return None;
        }
        k -= 1;
    }
    None
}

/// Where the mask run starting at `i` ends, if a mask starts there.
///
/// `*` `×` `•` are masks wherever they are; `x`/`X` only in a run of two or more that is
/// not part of a word and sits next to a digit or a separator (`138xxxx5678`), so the
/// `X` ending a resident ID and the `x` of `wxid_…` stay letters. Two or more dots after
/// a digit are an ellipsis standing for digits (`6217…1234`).
#[inline]
fn mask_end(c: &[char], i: usize, limit: usize) -> Option<usize> {
    let ch = *c.get(i)?;
    if i >= limit {
        return None;
    }
    if ch == '.' {
        let after_digit = i > 0 && c[i - 1].is_ascii_digit();
        if !after_digit || c.get(i + 1) != Some(&'.') {
            return None;
        }
        let mut e = i;
        while e < limit && c[e] == '.' {
            e += 1;
        }
        return Some(e);
    }
    let is_x = |c: char| matches!(c, 'x' | 'X');
    if !(is_mask_symbol(ch) || is_x(ch)) {
        return None;
    }
    let mut e = i;
    while e < limit && (is_mask_symbol(c[e]) || is_x(c[e])) {
        e += 1;
    }
    if c[i..e].iter().any(|&c| is_mask_symbol(c)) {
        return Some(e);
    }
    let before = i.checked_sub(1).map(|j| c[j]);
    let after = c.get(e).copied();
    let wordy = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let numberish = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || is_number_gap(c));
    (e - i >= 2 && !wordy(before) && !wordy(after) && (numberish(before) || numberish(after)))
        .then_some(e)
}

/// The chunks (digits and masks) of the number run starting at `i`, which may open
/// with `(`, `+` or `(+`, into `chunks` (its old content dropped): false where there
/// are none. Separators of up to three characters join chunks.
fn number_run(c: &[char], i: usize, limit: usize, chunks: &mut Vec<(usize, usize)>) -> bool {
    chunks.clear();
    let mut j = i;
    if c.get(j) == Some(&'(') {
        j += 1;
    }
    if j < limit && c.get(j) == Some(&'+') {
        j += 1;
    }
    loop {
        let from = j;
        loop {
            if j < limit && c[j].is_ascii_digit() {
                j += 1;
            } else if let Some(e) = mask_end(c, j, limit) {
                j = e;
            } else {
                break;
            }
        }
        if j == from {
            break;
        }
        chunks.push((from, j));
        let mut k = j;
        while k < limit && k - j < 3 && is_number_gap(c[k]) {
            k += 1;
        }
        // An area code joined by a dash (`0871—6315520`): a dash that joins no range, as
        // no sum is written with a leading 0.
        let area_code = chunks.len() == 1 && (4..=5).contains(&(j - from)) && c[from] == '0';
        if k == j && area_code && k < limit && matches!(c[k], '—' | '–') {
            k += 1;
        }
        if k > j && k < limit && (c[k].is_ascii_digit() || mask_end(c, k, limit).is_some()) {
            j = k;
            continue;
        }
        break;
    }
    // The check character `X` of a resident ID, right after its 17 digits.
    let digits: usize = chunks
        .iter()
        .map(|&(s, e)| c[s..e].iter().filter(|d| d.is_ascii_digit()).count())
        .sum();
    if let Some(last) = chunks.last_mut()
        && digits == 17
        && j < limit
        && matches!(c[j], 'x' | 'X')
        && last.1 == j
        && !c.get(j + 1).is_some_and(|&d| is_word_char(d))
    {
        last.1 = j + 1;
    }
    !chunks.is_empty()
}

/// Separators inside one value group it the usual ways. A group of 11 or more digits
/// is a whole number by itself: only a country code may stand before it, nothing after
/// — or the 6-digit bank prefix that bank forms print apart (`621700 1234567890123`).
fn plausible_grouping(p: &NumParts) -> bool {
    let n = p.groups.len();
    if n < 2 {
        return true;
    }
    let big: Vec<usize> = (0..n).filter(|&g| p.groups[g] >= 11).collect();
    match big.as_slice() {
        [] => true,
        [g] if *g == n - 1 && n == 2 => {
            let first = &p.digits[..p.first_group().min(p.digits.len())];
            let card_prefix = !p.plus && first.len() == 6 && (16..=19).contains(&p.digits.len());
            p.plus
                || first == "86"
                || first.starts_with("00")
                || card_prefix
                || account::bank_code_led(p)
        }
        _ => false,
    }
}

/// A character of base58 (Bitcoin's and TRON's addresses): letters and digits but `0`,
/// `O`, `I`, `l`.
fn is_base58(c: &char) -> bool {
    c.is_ascii_alphanumeric() && !matches!(c, '0' | 'O' | 'I' | 'l')
}

/// A TRON address: `T`, then 33 characters of base58 (no `0`, `O`, `I`, `l`), with
/// digits and both cases in it, so no word is taken for one.
fn is_tron_address(w: &[char]) -> bool {
    w.len() == 34
        && w[0] == 'T'
        && w.iter().all(is_base58)
        && w.iter().any(char::is_ascii_digit)
        && w.iter().any(char::is_ascii_lowercase)
        && w[1..].iter().any(char::is_ascii_uppercase)
}

/// A Bitcoin address in bech32: `bc1` and 39 or 59 characters of its alphabet, all in
/// one case.
fn is_bech32_address(w: &[char]) -> bool {
    const ALPHABET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let lower = w.iter().all(|c| !c.is_ascii_uppercase());
    let upper = w.iter().all(|c| !c.is_ascii_lowercase());
    matches!(w.len(), 42 | 62)
        && (lower || upper)
        && is_ci(&w[..3], "bc1")
        && w[3..]
            .iter()
            .all(|c| ALPHABET.contains(c.to_ascii_lowercase()))
}

/// A wallet address starting with a digit at `i`: Ethereum's (`0x` and 40 hex digits;
/// its letters' case is only a checksum, kept lower) or Bitcoin's in base58 (`1…`, `3…`,
/// 26–35 characters, both cases; kept as written). Where it ends and its value.
fn crypto_address_at(c: &[char], i: usize, limit: usize) -> Option<(usize, String)> {
    let first = *c.get(i)?;
    if !matches!(first, '0' | '1' | '3') {
        return None;
    }
    let ethereum = first == '0' && matches!(c.get(i + 1), Some('x' | 'X'));
    // A number is digits: a Bitcoin address has a letter among its first few characters
    // (all but a fraction of a percent do), so most numbers are let go here.
    let lettered = || {
        c.get(i + 1..limit.min(i + 4))
            .is_some_and(|w| w.iter().any(char::is_ascii_alphabetic))
    };
    if !ethereum && (first == '0' || !lettered()) {
        return None;
    }
    // Look no further than an address's length.
    let end = (i..limit.min(i + 43))
        .find(|&j| !is_word_char(c[j]))
        .unwrap_or(limit.min(i + 43));
    let w = &c[i..end];
    if ethereum {
        return (w.len() == 42 && w[2..].iter().all(char::is_ascii_hexdigit))
            .then(|| (end, w.iter().map(char::to_ascii_lowercase).collect()));
    }
    let bitcoin = (26..=35).contains(&w.len())
        && w.iter().all(is_base58)
        && w.iter().any(char::is_ascii_lowercase)
        && w.iter().any(char::is_ascii_uppercase);
    bitcoin.then(|| (end, w.iter().collect()))
}

/// An IBAN from `i` (an account abroad: `GB29 NWBK 6016 1331 9268 19`): two capital
/// letters, two check digits, then capitals and digits in groups a space apart, as
/// long as its country's IBANs are and with check digits that hold (ISO 13616). Where
/// it ends and its value, unspaced. A longer run is cut at a group's end, so an amount
/// written after it stays out.
// Out of line: its buffers on the stack are not set up for every cell scanned.
#[inline(never)]
fn iban_at(c: &[char], i: usize, limit: usize) -> Option<(usize, String)> {
    // The shortest IBANs (Norway's) have 15 characters, the longest 34.
    const SHORTEST: usize = 15;
    const LONGEST: usize = 34;
    let head = c.get(i..limit.min(i + 4))?;
    if head.len() < 4
        || !head[..2].iter().all(char::is_ascii_uppercase)
        || !head[2..].iter().all(char::is_ascii_digit)
    {
        return None;
    }
    // Its characters without the spaces, and where each group of them ends: on the
    // stack, as a `QQ1234…` starts here too.
    let mut value = [0u8; LONGEST];
    let mut len = 0;
    let mut ends = [(0usize, 0usize); LONGEST + 1];
    let mut groups = 0;
    let mut j = i;
    while j < limit && len < LONGEST {
        let ch = c[j];
        if ch.is_ascii_uppercase() || ch.is_ascii_digit() {
            value[len] = ch as u8;
            len += 1;
            j += 1;
        } else if ch == ' ' && c.get(j + 1).is_some_and(char::is_ascii_alphanumeric) {
            ends[groups] = (j, len);
            groups += 1;
            j += 1;
        } else {
            break;
        }
    }
    // Glued to a word, or more than an IBAN holds: not an IBAN.
    if len < SHORTEST
        || c.get(j)
            .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_')
    {
        return None;
    }
    ends[groups] = (j, len);
    ends[..=groups].iter().rev().find_map(|&(end, len)| {
        let v = std::str::from_utf8(&value[..len]).ok()?;
        (len >= SHORTEST && v.parse::<iban::Iban>().is_ok()).then(|| (end, v.to_owned()))
    })
}

/// A QQ id: 5–11 digits, never starting with 0.
fn is_qq(p: &NumParts) -> bool {
    !p.plus && (5..=11).contains(&p.digits.len()) && !p.digits.starts_with('0')
}

/// What a run of digits is, given the column and the cue word before it.
/// An e-CNY (digital yuan) wallet's id: 16 digits written unbroken, `00` and the
/// operating bank's code first (`0021…`, `0041…`).
fn is_ecny_wallet(p: &NumParts) -> bool {
    !p.plus
        && !p.masked
        && p.groups.len() == 1
        && p.digits.len() == 16
        && p.digits.starts_with("00")
        && p.digits.as_bytes().get(2).is_some_and(|&d| d != b'0')
}

fn classify_number(p: &NumParts, mode: Mode, cue: Option<Cue>) -> Option<Reading> {
    if p.masked {
        // A masked number: its known digits, each masked run one `*`. Longer than any
        // identifier means two values ran together.
        let ok = p.digits.len() >= 3 && p.written_len <= 19 && !p.plus;
        return ok.then(|| (IdKind::Partial, p.shape.clone(), 0));
    }
    if cue == Some(Cue::Tail) && !p.plus && (3..=6).contains(&p.digits.len()) {
        return Some((IdKind::Partial, format!("*{}", p.digits), 0));
    }
    let field = match mode {
        Mode::Cell(Field::VictimPhone) => return phone::from_parts(p),
        Mode::Cell(f) => Some(f),
        Mode::Term => None,
    };
    let mobile_or_international =
        p.plus || p.digits.starts_with("00") || phone::is_cn_mobile(&p.digits);
    match cue {
        Some(Cue::Qq) if is_qq(p) => return Some((IdKind::Qq, p.digits.clone(), 0)),
        Some(Cue::Wallet) => return Some((IdKind::Wallet, p.digits.clone(), 0)),
        Some(Cue::Account) if let Some(r) = account::named_account(p) => return Some(r),
        // 20 digits are no game's nor platform's id, nor a card's: a company's account
        // (`收款方（账号：4105…1826）`).
        Some(Cue::AccountWord)
            if (account::bank_shaped(p) || p.digits.len() == 20)
                && let Some(r) = account::named_account(p) =>
        {
            return Some(r);
        }
        // A WeChat account registered to a phone number.
        Some(Cue::Wechat) if mobile_or_international => return phone::from_parts(p),
        _ => {}
    }
    match field {
        Some(Field::Caller | Field::VictimPhone) => phone::from_parts(p),
        Some(Field::Account) => account::account_number(p),
        Some(Field::Contact) => {
            if mobile_or_international {
                phone::from_parts(p)
            } else if is_qq(p) && p.groups.len() == 1 && cue != Some(Cue::Wechat) {
                // The column says QQ or WeChat, and WeChat ids start with a letter. QQ
                // ids are written unbroken: `2026-11-02` is a date.
                Some((IdKind::Qq, p.digits.clone(), 0))
            } else {
                phone::from_parts(p)
            }
        }
        // An international prefix makes a caller ID, never a card (no card number
        // starts with 0): `008539100048199` is the `+853…` the victim saw. Nor is an
        // SMS port (`1065900000627`): no card number starts with 1.
        None if p.plus || p.digits.starts_with("00") || p.digits.starts_with("106") => {
            phone::from_parts(p)
        }
        None => account::account_number(p).or_else(|| phone::from_parts(p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::flags;
    use crate::normalize::{identifiers_in_cell, parse_term};

    fn ids(cell: &str, field: Field) -> Vec<(IdKind, String)> {
        identifiers_in_cell(cell, field)
            .into_iter()
            .map(|i| (i.kind, i.value))
            .collect()
    }

    fn one(kind: IdKind, value: &str) -> Vec<(IdKind, String)> {
        vec![(kind, value.to_owned())]
    }

    /// What the narrative reader finds in `text` (no victim named): kinds and values.
    fn read(text: &str) -> Vec<(IdKind, String)> {
        crate::normalize::narrative_identifiers(text, "")
            .into_iter()
            .map(|n| (n.identifier.kind, n.identifier.value))
            .collect()
    }

    /// Whether the narrative reader finds an identifier of `kind` in `text`.
    fn finds(text: &str, kind: IdKind) -> bool {
        read(text).iter().any(|(k, _)| *k == kind)
    }

    #[test]
    fn a_tron_address_is_a_wallet_kept_as_written() {
        let addr = "TQx7mKd3vN2bL9pRf5sWc8yHj4uEa6Zt1G";
        for cell in [addr.to_string(), format!("电子钱包（{addr}）")] {
            assert_eq!(
                ids(&cell, Field::Account),
                one(IdKind::Wallet, addr),
                "{cell}"
            );
        }
        // Not a word of 34 letters, nor one with a character base58 leaves out.
        assert!(ids("TQXMKDVNBLPRFSWCYHJUEAZTGQXMKDVNBL", Field::Account).is_empty());
        assert!(ids("TQx7mKd3vN2bL9pRf5sWc8yHj4uEa6Zt10", Field::Account).is_empty());
    }

    #[test]
    fn an_ecny_wallet_after_its_word_is_a_wallet_not_a_call_abroad() {
        for cell in [
            "转入对方提供的数字人民币钱包（0021846300517729）",
            "母钱包号0021846300517729",
            "钱包编号：0021846300517729",
        ] {
            assert_eq!(
                ids(cell, Field::Account),
                one(IdKind::Wallet, "0021846300517729"),
                "{cell}"
            );
            let found: Vec<_> = crate::normalize::narrative_identifiers(cell, "")
                .into_iter()
                .map(|n| (n.identifier.kind, n.identifier.value))
                .collect();
            assert_eq!(found, one(IdKind::Wallet, "0021846300517729"), "{cell}");
        }
        // A wallet word before a number of another shape says nothing of it.
        assert_eq!(
            ids("微信钱包（13912345678）", Field::Contact),
            one(IdKind::Phone, "+8613912345678")
        );
        // Without the word, `00…` is still the call from abroad the victim saw.
        let call = crate::normalize::narrative_identifiers("接到电话0021846300517729", "");
        assert_eq!(
            call.iter().map(|n| n.identifier.kind).collect::<Vec<_>>(),
            [IdKind::Phone]
        );
    }

    #[test]
    fn a_bank_account_named_as_one_is_read_whatever_its_length() {
        // Hong Kong's 12 digits from 0, listed; a company's 20; Malaysia's `户口`.
        assert_eq!(
            read("分別轉到3個私人銀行賬戶（012875004561、024556733104）。"),
            vec![
                (IdKind::Card, "012875004561".to_owned()),
                (IdKind::Card, "024556733104".to_owned()),
            ]
        );
        assert_eq!(
            read("其中一个对公账户（32001880236052519371）先后收到500万元。"),
            one(IdKind::Card, "32001880236052519371")
        );
        assert_eq!(
            read("把钱汇入对方的银行户口514011234567。"),
            one(IdKind::Card, "514011234567")
        );
        // A mobile after the words stays the phone a wallet is registered to; a date or
        // an amount is nothing; without a bank word a 12-digit number is no account.
        assert_eq!(
            read("收款账户：13800001111"),
            one(IdKind::Phone, "+8613800001111")
        );
        assert!(read("对公账户2026-11-02开立").is_empty());
        assert!(!finds("转账012875004561", IdKind::Card));
    }

    #[test]
    fn an_account_abroad_after_its_word_alone_is_read_by_its_shape() {
        // Taiwan's post office accounts from 0 (not a call abroad), in dashed groups, an
        // ATM card (`金融卡`), Malaysia's `户头` with `及` between two, a bank's name
        // right before `帳號`.
        assert_eq!(
            read("將其申設之郵局帳號00312450286617號帳戶之金融卡交付他人。"),
            one(IdKind::Card, "00312450286617")
        );
        assert_eq!(
            read("指其台灣銀行潮州分行帳戶（048-004-17730-5）有不法資金進出。"),
            one(IdKind::Card, "048004177305")
        );
        assert_eq!(
            read("對方提供了1張匯款單（收款帳號582-771930-838）。"),
            one(IdKind::Card, "582771930838")
        );
        assert_eq!(
            read("親手將自己的金融卡（0080233190046672）交給對方。"),
            one(IdKind::Card, "0080233190046672")
        );
        assert_eq!(
            read("要求受害者轉賬到指定的2個銀行戶頭（564427103385及162083419276）。"),
            vec![
                (IdKind::Card, "564427103385".to_owned()),
                (IdKind::Card, "162083419276".to_owned()),
            ]
        );
        assert_eq!(
            read("將如附表所示帳戶（中國信託帳號822540318862）提供他人使用。"),
            one(IdKind::Card, "822540318862")
        );
        // Not a QQ id after `QQ账号`, a WeChat id after `账户`, a Taiwan mobile, a mainland
        // mobile, nor a game's id of no bank's shape.
        assert_eq!(
            read("她的QQ账号（2455917803）被盗。"),
            one(IdKind::Qq, "2455917803")
        );
        assert_eq!(
            read("事主通过微信扫码向对方账户（sdfl_kf01）转账。"),
            one(IdKind::Wechat, "sdfl_kf01")
        );
        assert!(!finds("LINE帳號（0975318642）", IdKind::Card));
        assert_eq!(
            read("支付宝账号：13800001111"),
            one(IdKind::Phone, "+8613800001111")
        );
        assert!(read("游戏账号123456789012").is_empty());
    }

    #[test]
    fn ethereum_and_bitcoin_addresses_are_wallets() {
        // Ethereum's case is a checksum only: one value however written.
        assert_eq!(
            read("再转至电子钱包（0x7a3F9c21De884b05A61c3E97f2B4d8C0e15A9b62），"),
            one(IdKind::Wallet, "0x7a3f9c21de884b05a61c3e97f2b4d8c0e15a9b62")
        );
        assert_eq!(
            read("向比特币地址1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa转入"),
            one(IdKind::Wallet, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")
        );
        assert_eq!(
            read("对方钱包地址：BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ。"),
            one(IdKind::Wallet, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")
        );
        // A query reads it as the import does.
        assert_eq!(
            ids("0X7A3F9C21DE884B05A61C3E97F2B4D8C0E15A9B62", Field::Account),
            one(IdKind::Wallet, "0x7a3f9c21de884b05a61c3e97f2b4d8c0e15a9b62")
        );
        // Hex of another length, a number and a word are no address.
        assert!(read("代码0x7a3F9c21").is_empty());
        assert!(!finds("转账13800138000元", IdKind::Wallet));
        assert!(read("编号1234567890abcdefghijkLMNOP").is_empty());
    }

    #[test]
    fn a_hong_kong_number_in_two_fours_after_a_phone_word_is_a_phone() {
        assert_eq!(
            read("事主接到一個電話（6573 0918），對方自稱是警察。"),
            one(IdKind::Phone, "65730918")
        );
        assert_eq!(
            read("騙徒以WhatsApp（61234567）聯絡事主。"),
            one(IdKind::Phone, "61234567")
        );
        assert_eq!(
            read("事主向對方提供的轉數快（9123 4567）轉賬。"),
            one(IdKind::Phone, "91234567")
        );
        // Alone in brackets after whoever they belong to, two fours are a phone too; an
        // SMS port is read whole however it is grouped.
        assert_eq!(
            read("騙徒又向其母親（6539 0271）聲稱已綁架其女兒。"),
            one(IdKind::Phone, "65390271")
        );
        assert_eq!(
            read("收到手機短信（發送號碼 1069 8027 3316），內容為"),
            one(IdKind::Phone, "106980273316")
        );
        // Two fours with no phone word are nothing (a year and a sum, a code).
        assert!(read("编号（6573 0918）").is_empty());
        assert!(read("订单号（6573 0918）").is_empty());
    }

    #[test]
    fn a_qq_id_after_its_nickname_in_quotes_or_after_add_q_is_read() {
        assert_eq!(
            read("在添加对方推荐的QQ号\"XX银行年检\"（2967013385）为好友后"),
            one(IdKind::Qq, "2967013385")
        );
        assert_eq!(read("請加Q3194728560。"), one(IdKind::Qq, "3194728560"));
        assert_eq!(read("请加Q 3194728560"), one(IdKind::Qq, "3194728560"));
        // A quoted name after no QQ or WeChat cue, a Q not after `加`: no QQ id.
        assert!(!finds(
            "收到短信称“您的账户异常”（13800001111）",
            IdKind::Qq
        ));
        assert!(read("型号Q3194728560").is_empty());
    }

    /// Round nineteen (issue 20): an account abroad written as an IBAN is one identifier.
    #[test]
    fn ibans_are_read_whole_and_only_when_their_check_digits_hold() {
        let card = |v: &str| (IdKind::Card, v.to_string());
        // Written in groups, an amount after it: the whole IBAN, unspaced, no more.
        assert_eq!(
            read("汇到英国账户（GB29 NWBK 6016 1331 9268 19）3521英镑"),
            [card("GB29NWBK60161331926819")]
        );
        assert_eq!(
            read("对方账户：DE12500105170648489890，"),
            [card("DE12500105170648489890")]
        );
        assert_eq!(
            read("收款账号 FR14 2004 1010 0505 0001 3M02 606 金额 5000"),
            [card("FR1420041010050500013M02606")]
        );
        // Check digits that do not hold: not an IBAN (its digits are read as ever).
        assert!(
            read("账户GB28 NWBK 6016 1331 9268 19")
                .iter()
                .all(|(_, v)| !v.starts_with("GB28"))
        );
        // Glued to a word: not an IBAN.
        assert!(
            read("wxGB29NWBK60161331926819")
                .iter()
                .all(|(_, v)| !v.starts_with("GB29"))
        );
        // The same value whichever way it is written, so a query finds it.
        assert_eq!(
            read("GB29NWBK60161331926819"),
            read("GB29 NWBK 6016 1331 9268 19")
        );
    }

    /// Round eighteen (issue 20): accounts listed after `包括` or `分別為` take the account
    /// word before them, as a list after `及` does; a company's 20-digit account after
    /// `账号`; a number called, told in brackets; `QQ 好友` written with its space.
    #[test]
    fn listed_accounts_company_accounts_and_numbers_called_are_read() {
        let card = |v: &str| (IdKind::Card, v.to_string());
        assert_eq!(
            read("匯款到嫌犯提供的8個戶頭（包括8007316624及151046829371），結果共付了13萬"),
            [card("8007316624"), card("151046829371")]
        );
        assert_eq!(
            read("欲匯出高達50萬元的款項（受款帳戶分別為00110238847102及056004812937），聲稱"),
            [card("00110238847102"), card("056004812937")]
        );
        assert_eq!(
            read("发现收款方（账号：41050175390800001826）为一家河南焦作的咨询公司"),
            [card("41050175390800001826")]
        );
        assert_eq!(
            read("先後12次有自稱其兒子致電（94176230）拿取金錢"),
            one(IdKind::Phone, "94176230")
        );
        // A desk's line given to call, not in brackets, stays unread as before.
        assert!(!finds("請致電27316624或27316630。", IdKind::Phone));
        assert!(!finds(
            "让其拨打010114询问北京公安局了解情况",
            IdKind::Phone
        ));
        assert_eq!(
            read("小万就加了对方 QQ 好友（1938274650），然后根据对方提示"),
            one(IdKind::Qq, "1938274650")
        );
    }

    #[test]
    fn an_account_abroad_is_told_by_its_sentence_or_its_banks_code() {
        let cards = |text: &str| -> Vec<String> {
            read(text)
                .into_iter()
                .filter(|(kind, _)| *kind == IdKind::Card)
                .map(|(_, v)| v)
                .collect()
        };
        // An account word earlier in the sentence, a bank's name right before, a bank's
        // abbreviation inside the bracket.
        assert_eq!(
            cards("被分開283次轉入14個其它戶口，其中一個為（012-735-1-006284）。"),
            ["0127351006284"]
        );
        assert_eq!(
            cards("转账超过5万新币至对方账户（HSBC 501-288417-833）时"),
            ["501288417833"]
        );
        assert_eq!(
            cards("轉進以她名義開設的大華銀行（451-306-882-1）"),
            ["4513068821"]
        );
        // Taiwan's payee: a bank's 3-digit code and the account, after the word alone
        // or in a list after it; Singapore's 9 digits in three groups.
        assert_eq!(cards("對方帳戶：812-00381175402936"), ["81200381175402936"]);
        assert_eq!(
            cards("匯入對方指定帳戶（013-177500284431、700-0041286650391）。"),
            ["013177500284431", "7000041286650391"]
        );
        assert_eq!(
            cards("將銀行賬戶（143-27705-8）中的存款全部提取"),
            ["143277058"]
        );
        // A phone word since the account word, a landline's shape, a service line, a
        // date: not accounts.
        assert!(cards("帳戶被凍結，請致電02-2769-1234查詢").is_empty());
        assert!(cards("某银行有欠款记录，并提供了一个查询号码（0758-2000110）").is_empty());
        assert!(cards("账户问题请联系400-820-8820").is_empty());
        assert!(cards("帐户于2026-11-02开立").is_empty());
    }

    #[test]
    fn what_starts_nothing() {
        for ch in (0..=0x10ffff).filter_map(char::from_u32) {
            // Its quick answer for the ideographs is the plain one's.
            assert_eq!(starts_nothing(ch), !ch.is_ascii() && !is_mask_symbol(ch));
            if !starts_nothing(ch) {
                continue;
            }
            let c = [ch, '1', '2', '3'];
            assert!(!ch.is_ascii_digit() && !ch.is_ascii_alphabetic(), "{ch:?}");
            assert!(!matches!(ch, '+' | '('), "{ch:?}");
            assert_eq!(mask_end(&c, 0, c.len()), None, "{ch:?}");
            let x = [ch, 'x', 'x', '1'];
            assert_eq!(mask_end(&x, 0, x.len()), None, "{ch:?}");
        }
    }

    #[test]
    fn caller_cells_with_free_text() {
        use IdKind::*;
        assert_eq!(
            ids("13812345678（自称京东客服）", Field::Caller),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids("来电 138 1234 5678 自称客服", Field::Caller),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids("(+86)138-1234-5678", Field::Caller),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids("座机(0370)6123456", Field::Caller),
            one(Phone, "+863706123456")
        );
        assert_eq!(
            ids("+855 12 345 678（柬埔寨）", Field::Caller),
            one(Phone, "+85512345678")
        );
        assert_eq!(ids("京东金融 95118", Field::Caller), one(Service, "95118"));
        assert_eq!(
            ids("400-606-5500", Field::Caller),
            one(Service, "4006065500")
        );
        assert_eq!(
            ids("一三八一二三四五六七八", Field::Caller),
            one(Phone, "+8613812345678")
        );
    }

    #[test]
    fn several_values_in_one_cell() {
        use IdKind::*;
        let want = vec![
            (Phone, "+8613812345678".to_owned()),
            (Phone, "+8613987654321".to_owned()),
            (Phone, "+863706123456".to_owned()),
        ];
        for cell in [
            "13812345678;13987654321;0370-6123456",
            "13812345678；13987654321；0370-6123456",
            "13812345678，13987654321、0370-6123456",
            "13812345678/13987654321|0370-6123456",
            "13812345678\n13987654321\r\n0370-6123456",
            "13812345678 13987654321 0370-6123456",
            "138-1234-5678, 139 8765 4321,（0370）6123456",
        ] {
            assert_eq!(ids(cell, Field::Caller), want, "{cell}");
        }
    }

    #[test]
    fn duplicates_in_a_cell_are_reported_once() {
        let found = identifiers_in_cell(
            "13812345678; 138-1234-5678；+86 138 1234 5678",
            Field::Caller,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].display, "13812345678");
    }

    #[test]
    fn display_is_the_source_text() {
        let found = identifiers_in_cell(
            "工商银行 ６２２２ ０２１２ ３４５６ ７８９０ １２３（户名：李四）",
            Field::Account,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, "6222021234567890123");
        assert_eq!(
            found[0].display,
            "６２２２ ０２１２ ３４５６ ７８９０ １２３"
        );
        let found = identifiers_in_cell("卡号尾号5678", Field::Account);
        assert_eq!(found[0].display, "尾号5678");
        let found = identifiers_in_cell("建行卡（6217001234567890123）", Field::Account);
        assert_eq!(found[0].display, "6217001234567890123");
        let found = identifiers_in_cell("座机（0370）6123456。", Field::Caller);
        assert_eq!(found[0].display, "（0370）6123456");
        let found = identifiers_in_cell("(+86)138 1234 5678", Field::Caller);
        assert_eq!(found[0].display, "(+86)138 1234 5678");
    }

    #[test]
    fn account_cells() {
        use IdKind::*;
        assert_eq!(
            ids("工商银行 6222 0212 3456 7890 123", Field::Account),
            one(Card, "6222021234567890123")
        );
        assert_eq!(
            ids("中国银行6217001234567890123（户名：李四）", Field::Account),
            one(Card, "6217001234567890123")
        );
        assert_eq!(
            ids("ICBC6222021234567890123", Field::Account),
            one(Card, "6222021234567890123")
        );
        assert_eq!(
            ids("支付宝:ABC@QQ.com", Field::Account),
            one(Wallet, "abc@qq.com")
        );
        assert_eq!(
            ids("支付宝账号 abc@qq.com", Field::Account),
            one(Wallet, "abc@qq.com")
        );
        assert_eq!(
            ids("微信支付：x@y.cn", Field::Account),
            one(Wallet, "x@y.cn")
        );
        assert_eq!(
            ids("支付宝：13812345678", Field::Account),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids("2088102123456789", Field::Account),
            one(Alipay, "2088102123456789")
        );
        assert_eq!(
            ids("身份证11010519491231002x", Field::Account),
            one(IdNumber, "11010519491231002X")
        );
        assert_eq!(
            ids("621799123456789012", Field::Account),
            one(Card, "621799123456789012")
        );
        let card = identifiers_in_cell("6222021234567890128", Field::Account);
        assert!(card[0].has(flags::LUHN_OK));
        assert_eq!(
            ids(
                "6222021234567890123、支付宝 abc@qq.com；2088102123456789",
                Field::Account
            ),
            vec![
                (Card, "6222021234567890123".to_owned()),
                (Wallet, "abc@qq.com".to_owned()),
                (Alipay, "2088102123456789".to_owned()),
            ]
        );
    }

    #[test]
    fn a_bank_prefix_printed_apart_is_one_card() {
        assert_eq!(
            ids("621725 4975340750314", Field::Account),
            one(IdKind::Card, "6217254975340750314")
        );
        assert_eq!(
            ids(
                "工商银行卡号：621226 3683108229618 户名陈昊睿",
                Field::Account
            ),
            one(IdKind::Card, "6212263683108229618")
        );
    }

    #[test]
    fn a_mobile_and_a_number_after_it_are_not_one_card() {
        use IdKind::*;
        assert_eq!(
            ids("13812345678 12345", Field::Account),
            one(Phone, "+8613812345678")
        );
    }

    #[test]
    fn bare_digits_are_never_guessed_to_be_qq() {
        assert!(ids("771234567", Field::Caller).is_empty());
        assert!(ids("771234567", Field::Account).is_empty());
        assert_eq!(parse_term("771234567"), None);
    }

    #[test]
    fn cue_words_decide_qq_and_wechat() {
        use IdKind::*;
        for cell in [
            "QQ:771234567",
            "qq 771234567",
            "QQ号：771234567",
            "扣扣771234567",
            "QQ771234567",
            "对方QQ（771234567，昵称：小王）",
        ] {
            assert_eq!(ids(cell, Field::Caller), one(Qq, "771234567"), "{cell}");
            assert_eq!(ids(cell, Field::Account), one(Qq, "771234567"), "{cell}");
        }
        for cell in [
            "微信：wxid_AB12cd",
            "微信号 wxid_ab12cd",
            "WeChat: wxid_ab12cd",
            "wx:wxid_ab12cd",
        ] {
            assert_eq!(
                ids(cell, Field::Caller),
                one(Wechat, "wxid_ab12cd"),
                "{cell}"
            );
        }
        assert_eq!(
            ids("微信：13812345678", Field::Account),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids("QQ:771234567，微信：abc_123", Field::Account),
            vec![(Qq, "771234567".to_owned()), (Wechat, "abc_123".to_owned())]
        );
        // Letters with no cue outside a contact column are just words.
        assert!(ids("wxid_ab12cd", Field::Account).is_empty());
    }

    #[test]
    fn contact_cells() {
        use IdKind::*;
        assert_eq!(ids("771234567", Field::Contact), one(Qq, "771234567"));
        assert_eq!(
            ids("wxid_ab12cd", Field::Contact),
            one(Wechat, "wxid_ab12cd")
        );
        assert_eq!(
            ids("Kevin_Lee88", Field::Contact),
            one(Wechat, "kevin_lee88")
        );
        assert_eq!(
            ids("13812345678", Field::Contact),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids("QQ 13812345678", Field::Contact),
            one(Qq, "13812345678")
        );
        assert_eq!(
            ids("微信：13812345678", Field::Contact),
            one(Phone, "+8613812345678")
        );
        assert_eq!(
            ids(
                "QQ：771234567；微信：wxid_ab12cd；abc@qq.com",
                Field::Contact
            ),
            vec![
                (Qq, "771234567".to_owned()),
                (Wechat, "wxid_ab12cd".to_owned()),
                (Wallet, "abc@qq.com".to_owned()),
            ]
        );
        // Too short, too long, cue words themselves, a leading zero.
        for cell in [
            "1234",
            "abcde",
            "WeChat",
            "QQ",
            "012345",
            "a123456789012345678901",
        ] {
            assert!(ids(cell, Field::Contact).is_empty(), "{cell}");
        }
        // A WeChat cue and digits that are no phone: not a QQ id either.
        assert!(ids("微信 771234567", Field::Contact).is_empty());
    }

    #[test]
    fn partial_and_masked_numbers() {
        use IdKind::*;
        for (cell, want) in [
            ("尾号1234", "*1234"),
            ("尾号为1234", "*1234"),
            ("卡号尾号5678", "*5678"),
            ("ending 1234", "*1234"),
            ("card ending in 1234", "*1234"),
            ("****1234", "*1234"),
            ("＊＊＊＊１２３４", "*1234"),
            ("6222********1234", "6222*1234"),
            ("6222 **** **** 1234", "6222*1234"),
            ("6222xxxxxxxx1234", "6222*1234"),
            ("6222XXXX××××1234", "6222*1234"),
            ("6222••••1234", "6222*1234"),
            ("138****5678", "138*5678"),
            ("138xxxx5678", "138*5678"),
            ("6217…1234", "6217*1234"),
            ("尾号五六七八", "*5678"),
            ("6222*1234", "6222*1234"),
            ("*1234", "*1234"),
        ] {
            for field in [Field::Account, Field::Caller, Field::VictimPhone] {
                assert_eq!(ids(cell, field), one(Partial, want), "{cell} {field:?}");
            }
        }
        // A masked name or too few known digits is nothing.
        for cell in ["王**", "**", "尾号12", "xx公司"] {
            assert!(ids(cell, Field::Account).is_empty(), "{cell}");
        }
        // A full number after a tail cue is the full number.
        assert_eq!(
            ids("尾号13812345678", Field::Caller),
            one(Phone, "+8613812345678")
        );
    }

    #[test]
    fn identifiers_in_a_narrative() {
        use IdKind::*;
        let text = "2026年11月2日，报警人王某接到自称京东金融客服的电话（13812345678），称其金条\
                    信用不良需要注销。随后通过其工商银行卡（6212261234567890123）向对方提供的建行卡\
                    （6217001234567890123）转账共计12000元。对方QQ（771234567，昵称：小王），\
                    尾号为5678的卡。";
        assert_eq!(
            ids(text, Field::Account),
            vec![
                (Phone, "+8613812345678".to_owned()),
                (Card, "6212261234567890123".to_owned()),
                (Card, "6217001234567890123".to_owned()),
                (Qq, "771234567".to_owned()),
                (Partial, "*5678".to_owned()),
            ]
        );
    }

    #[test]
    fn victim_phone_cells_hold_phones_only() {
        use IdKind::*;
        assert_eq!(
            ids("13812345678", Field::VictimPhone),
            one(Phone, "+8613812345678")
        );
        assert!(ids("QQ 771234567", Field::VictimPhone).is_empty());
        assert!(ids("abc@qq.com", Field::VictimPhone).is_empty());
        assert!(ids("wxid_ab12cd", Field::VictimPhone).is_empty());
        assert!(ids("6222021234567890123", Field::VictimPhone).is_empty());
    }

    #[test]
    fn text_without_identifiers_yields_nothing() {
        for field in [
            Field::Caller,
            Field::Account,
            Field::VictimPhone,
            Field::Contact,
        ] {
            for cell in [
                "",
                "  ",
                "不详",
                "自称京东客服",
                "unknown",
                "1一个",
                "2026-11-02",
                "2026-11-02 14:35",
                "12,000元",
            ] {
                assert!(ids(cell, field).is_empty(), "{cell} {field:?}");
            }
        }
        // Unbroken digits in a contact column are a QQ id by the column's word; elsewhere
        // a date is nothing.
        for field in [Field::Caller, Field::Account, Field::VictimPhone] {
            assert!(ids("20261102", field).is_empty(), "{field:?}");
        }
    }

    #[test]
    fn terms() {
        use IdKind::*;
        let term = |t: &str| parse_term(t).map(|i| (i.kind, i.value));
        assert_eq!(
            term("138-1234-5678"),
            Some((Phone, "+8613812345678".into()))
        );
        assert_eq!(
            term("+86 13812345678"),
            Some((Phone, "+8613812345678".into()))
        );
        assert_eq!(
            term("６２２２０２１２３４５６７８９０１２３"),
            Some((Card, "6222021234567890123".into()))
        );
        assert_eq!(term("abc@QQ.com"), Some((Wallet, "abc@qq.com".into())));
        assert_eq!(
            term("2088102123456789"),
            Some((Alipay, "2088102123456789".into()))
        );
        assert_eq!(
            term("11010519491231002x"),
            Some((IdNumber, "11010519491231002X".into()))
        );
        assert_eq!(term("0370-6123456"), Some((Phone, "+863706123456".into())));
        assert_eq!(term("4006065500"), Some((Service, "4006065500".into())));
        assert_eq!(term("QQ:771234567"), Some((Qq, "771234567".into())));
        assert_eq!(
            term("微信:wxid_ab12cd"),
            Some((Wechat, "wxid_ab12cd".into()))
        );
        assert_eq!(term("138****5678"), Some((Partial, "138*5678".into())));
        for t in [
            "金条",
            "白条",
            "1234",
            "5678",
            "771234567",
            "12345678",
            "wxid_ab12cd",
            "京东 13812345678",
            "13812345678 13987654321",
            "",
        ] {
            assert_eq!(term(t), None, "{t}");
        }
    }
}
