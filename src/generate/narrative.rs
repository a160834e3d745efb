//! Identifiers written into the narrative the way police write them: the other side's
//! caller numbers, receiving accounts and QQ / WeChat ids next to a cue word that says
//! whose they are (`向对方提供的建行卡（…）转账`, `对方QQ（…）`), and the victim's own
//! card and QQ id next to theirs (`通过其工商银行卡（…）`, `开户人：<victim>`).
//! Every phrase carries a cue the importer's table decides on, so the truth holds.

use fastrand::Rng;

use super::forms;
use super::ids::{Account, Phone};
use super::plan::{Gang, Report, Victim};
use super::truth::RowTruth;

fn pick<'a>(rng: &mut Rng, pool: &[&'a str]) -> &'a str {
    pool[rng.usize(..pool.len())]
}

/// `{}` is the number as written.
const CALLER: &[&str] = &[
    "对方来电号码为{}。",
    "嫌疑人电话：{}。",
    "其接到对方电话（{}）。",
    "自称客服的号码为{}。",
    "接到{}的来电。",
    "嫌疑人使用号码{}联系报警人。",
];

const ACCOUNT: &[&str] = &[
    "随后向对方提供的{}转账。",
    "按要求将钱款转入{}。",
    "汇至嫌疑人指定账户{}。",
    "对方提供的收款账户为{}。",
    "向对方账户（{}）转账。",
];

const QQ: &[&str] = &[
    "对方QQ（{}，昵称：客服小王）。",
    "添加对方QQ号{}。",
    "嫌疑人QQ：{}。",
    "对方扣扣{}。",
];

const WECHAT: &[&str] = &["添加对方微信（{}）。", "对方微信号：{}。", "嫌疑人微信{}。"];

/// The victim's own card; `{v}` is the victim's name.
const OWN_CARD: &[&str] = &[
    "报警人通过其{}操作。",
    "卡号：{}，开户人：{v}。",
    "其绑定的{}被扣款。",
    "其本人{}内资金被转走。",
];

const OWN_QQ: &[&str] = &["报警人{v}的QQ（{}）。", "其QQ号为{}。", "其本人QQ：{}。"];

fn fill(out: &mut String, template: &str, value: &str, victim: &str) {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        if let Some(r) = rest[i..].strip_prefix("{}") {
            out.push_str(value);
            rest = r;
        } else if let Some(r) = rest[i..].strip_prefix("{v}") {
            out.push_str(victim);
            rest = r;
        } else {
            out.push('{');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
}

/// A mule's name that could be read as the victim's is not written.
fn mule_for<'a>(mule: &'a str, victim: &str) -> &'a str {
    if mule.starts_with(victim) || victim.starts_with(mule) {
        ""
    } else {
        mule
    }
}

/// Appends the report's identifier sentences to the narrative in `out` and records
/// them in the truth. `callers_accounts`: the report's callers and accounts go here
/// (the report keeps them out of its columns); `contacts`: its QQ / WeChat ids go here
/// (the file has no contact column, or the report writes everything in the narrative).
#[allow(clippy::too_many_arguments)]
pub fn write_ids<'a>(
    out: &mut String,
    rng: &mut Rng,
    gang: &'a Gang,
    victim: &'a Victim,
    r: &Report,
    callers_accounts: bool,
    contacts: bool,
    truth: &mut RowTruth<'a>,
) {
    let mut item = String::new();
    if !out.ends_with(['。', '.']) && !out.is_empty() {
        out.push('。');
    }
    if r.own
        && let Some(card @ Account::Card(d, _)) = &victim.card
    {
        item.clear();
        forms::account(&mut item, rng, card, "", false);
        fill(out, pick(rng, OWN_CARD), &item, &victim.name);
        truth.victim_own.push(d);
    }
    if callers_accounts {
        for b in 0..gang.callers.len() {
            if r.callers & (1 << b) == 0 {
                continue;
            }
            let p: &Phone = &gang.callers[b];
            item.clear();
            forms::phone(&mut item, rng, p);
            fill(out, pick(rng, CALLER), &item, &victim.name);
            truth.narrative_link.push(&p.canon);
        }
        for b in 0..gang.accounts.len() {
            if r.accounts & (1 << b) == 0 {
                continue;
            }
            let a = &gang.accounts[b];
            item.clear();
            forms::account(
                &mut item,
                rng,
                a,
                mule_for(&gang.mules[b], &victim.name),
                false,
            );
            fill(out, pick(rng, ACCOUNT), &item, &victim.name);
            truth.narrative_link.push(a.canon());
        }
    }
    if contacts {
        for b in 0..gang.contacts.len() {
            if r.contacts & (1 << b) == 0 {
                continue;
            }
            let c = &gang.contacts[b];
            let qq = c.bytes().all(|b| b.is_ascii_digit());
            fill(
                out,
                pick(rng, if qq { QQ } else { WECHAT }),
                c,
                &victim.name,
            );
            truth.narrative_link.push(c);
        }
    }
    if r.own
        && let Some(qq) = &victim.qq
    {
        fill(out, pick(rng, OWN_QQ), qq, &victim.name);
        truth.victim_own.push(qq);
    }
}

/// The contact column: the report's QQ / WeChat ids, with or without a cue word.
pub fn contact_cell<'a>(
    cell: &mut String,
    rng: &mut Rng,
    gang: &'a Gang,
    r: &Report,
    truth: &mut RowTruth<'a>,
) {
    for b in 0..gang.contacts.len() {
        if r.contacts & (1 << b) == 0 {
            continue;
        }
        let c = &gang.contacts[b];
        if !cell.is_empty() {
            cell.push('；');
        }
        let qq = c.bytes().all(|b| b.is_ascii_digit());
        match (rng.u8(..3), qq) {
            (0, true) => cell.push_str("QQ："),
            (0, false) => cell.push_str("微信："),
            _ => {}
        }
        cell.push_str(c);
        truth.contact_link.push(c);
    }
}
