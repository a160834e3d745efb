//! What the parser builds on first use (the phone library's and the readers' regular
//! expressions, the scam-type tagger, the narrative tables: ~120 M instructions),
//! built on a thread of its own as an import starts. Left to the parsing thread, it
//! was built while the writer waited for the first rows: ~25 ms of a 0.55 s weekly
//! batch, before anything was written. Started early, it overlaps the opening of the
//! database and the reading of the file. Nothing is kept but what the first use
//! keeps anyway.

use std::sync::Once;

use super::headers::ColumnMap;
use super::row::parse_row;
use crate::model::ORIGINS;

/// Rows whose parsing touches what the parser builds once: phones written several
/// ways, a card, QQ / WeChat / Alipay ids, a narrative with cues on both sides; one
/// cell per case field, in the order of [`ORIGINS`] (the fields' names).
const ROWS: [[&str; ORIGINS.len()]; 2] = [
    [
        "WARM-1",
        "2026/11/29",
        "",
        "张三",
        "13800000000",
        "+86 139 0000 0001；010-62000000",
        "邮储６２１７９９０００００００００００；6216-6300-0000-0000-000",
        "1.5万",
        "冒充公检法",
        "QQ:123456789 微信:wxid_abcdefgh 支付宝：13700000002",
        "受害人称接到自称公安局的电话（13600000003），对方手机号：13500000004（北京） 18200000005，\
         加其发来的微信abc123为好友，转账至对方工商银行卡6222000000000000000，\
         后通过自己支付宝（18700000000）付款，+21700000010086来电",
    ],
    [
        "WARM-2",
        "2026-11-30 10:00",
        "",
        "李四",
        "0755-26000000",
        "4000000000 95588 075526000001",
        "****9552",
        "￥69300",
        "虚假投资理财",
        "wxid_vwjxexvfzl",
        "受害人称被拉入股票交流群，群内“老师”推荐内幕消息，客服QQ号码（29600000），\
         向对方指定账户（户主：王某）6228480000000000000转账5次，合计6.9万元。",
    ],
];

/// Starts building them on a thread of its own, once per process; returns at once.
pub fn in_background() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        // Should the thread not start, the parser builds them as before.
        let _ = std::thread::Builder::new()
            .name("import-warm".into())
            .spawn(parse_samples);
    });
}

fn parse_samples() {
    let Some(map) = ColumnMap::from_headers(ORIGINS) else {
        return;
    };
    for row in &ROWS {
        if let Ok(parsed) = parse_row(&map, row) {
            let _ = super::prepared::Prepared::of(&parsed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The samples read as rows with identifiers of several kinds: were they to stop
    /// parsing (a header renamed), nothing would be built ahead.
    #[test]
    fn the_samples_parse_into_identifiers_of_several_kinds() {
        let map = ColumnMap::from_headers(ORIGINS).expect("a header that maps");
        let mut kinds = std::collections::BTreeSet::new();
        for row in &ROWS {
            let parsed = parse_row(&map, row).expect("a sample row parses");
            kinds.extend(
                parsed
                    .identifiers
                    .iter()
                    .map(|f| f.identifier.kind.as_str()),
            );
        }
        assert!(kinds.len() >= 4, "{kinds:?}");
    }
}
