//! Traditional characters read as simplified ones, for the narrative reader.
//!
//! Hong Kong and Taiwan notices write the same cue words in traditional characters
//! (`騙徒`, `銀行賬戶`, `報案人電話`); the reader's tables and the scanner's cue words are
//! simplified. The narrative's folded characters are mapped one for one — a character
//! for a character, so every place still points at the text as written and excerpts
//! quote it unchanged. The table holds the characters of the cue words and of common
//! surnames, not a whole converter: a character it does not hold is left as it is.

/// Traditional → simplified, sorted by the traditional character.
const TABLE: &[(char, char)] = &[
    ('並', '并'),
    ('來', '来'),
    ('係', '系'),
    ('個', '个'),
    ('們', '们'),
    ('偽', '伪'),
    ('傳', '传'),
    ('僞', '伪'),
    ('價', '价'),
    ('億', '亿'),
    ('優', '优'),
    ('儲', '储'),
    ('兌', '兑'),
    ('兒', '儿'),
    ('內', '内'),
    ('冊', '册'),
    ('別', '别'),
    ('則', '则'),
    ('劉', '刘'),
    ('動', '动'),
    ('務', '务'),
    ('匯', '汇'),
    ('區', '区'),
    ('協', '协'),
    ('參', '参'),
    ('吳', '吴'),
    ('員', '员'),
    ('單', '单'),
    ('嗎', '吗'),
    ('國', '国'),
    ('團', '团'),
    ('報', '报'),
    ('塊', '块'),
    ('壓', '压'),
    ('夠', '够'),
    ('夥', '伙'),
    ('婦', '妇'),
    ('媽', '妈'),
    ('孫', '孙'),
    ('學', '学'),
    ('實', '实'),
    ('寫', '写'),
    ('寶', '宝'),
    ('將', '将'),
    ('專', '专'),
    ('對', '对'),
    ('導', '导'),
    ('屬', '属'),
    ('師', '师'),
    ('帳', '帐'),
    ('帶', '带'),
    ('幣', '币'),
    ('幫', '帮'),
    ('廣', '广'),
    ('張', '张'),
    ('彙', '汇'),
    ('後', '后'),
    ('從', '从'),
    ('應', '应'),
    ('戲', '戏'),
    ('戶', '户'),
    ('換', '换'),
    ('撥', '拨'),
    ('據', '据'),
    ('擬', '拟'),
    ('擾', '扰'),
    ('數', '数'),
    ('斷', '断'),
    ('於', '于'),
    ('時', '时'),
    ('書', '书'),
    ('東', '东'),
    ('條', '条'),
    ('楊', '杨'),
    ('業', '业'),
    ('極', '极'),
    ('標', '标'),
    ('機', '机'),
    ('檢', '检'),
    ('櫃', '柜'),
    ('歲', '岁'),
    ('歷', '历'),
    ('殺', '杀'),
    ('洩', '泄'),
    ('準', '准'),
    ('滙', '汇'),
    ('灣', '湾'),
    ('為', '为'),
    ('熱', '热'),
    ('營', '营'),
    ('爺', '爷'),
    ('獎', '奖'),
    ('現', '现'),
    ('產', '产'),
    ('當', '当'),
    ('療', '疗'),
    ('發', '发'),
    ('盜', '盗'),
    ('盤', '盘'),
    ('盧', '卢'),
    ('眾', '众'),
    ('確', '确'),
    ('碼', '码'),
    ('稱', '称'),
    ('積', '积'),
    ('節', '节'),
    ('約', '约'),
    ('紅', '红'),
    ('紹', '绍'),
    ('絡', '络'),
    ('給', '给'),
    ('綁', '绑'),
    ('維', '维'),
    ('網', '网'),
    ('繫', '系'),
    ('羅', '罗'),
    ('羣', '群'),
    ('聯', '联'),
    ('聽', '听'),
    ('臺', '台'),
    ('與', '与'),
    ('興', '兴'),
    ('舉', '举'),
    ('華', '华'),
    ('萬', '万'),
    ('葉', '叶'),
    ('蔣', '蒋'),
    ('蘇', '苏'),
    ('處', '处'),
    ('虛', '虚'),
    ('號', '号'),
    ('衛', '卫'),
    ('裏', '里'),
    ('裝', '装'),
    ('裡', '里'),
    ('視', '视'),
    ('親', '亲'),
    ('計', '计'),
    ('訊', '讯'),
    ('託', '托'),
    ('記', '记'),
    ('設', '设'),
    ('許', '许'),
    ('訴', '诉'),
    ('註', '注'),
    ('詐', '诈'),
    ('詢', '询'),
    ('話', '话'),
    ('該', '该'),
    ('詳', '详'),
    ('認', '认'),
    ('誘', '诱'),
    ('說', '说'),
    ('調', '调'),
    ('請', '请'),
    ('謂', '谓'),
    ('謊', '谎'),
    ('謝', '谢'),
    ('證', '证'),
    ('識', '识'),
    ('讀', '读'),
    ('讓', '让'),
    ('豬', '猪'),
    ('貨', '货'),
    ('買', '买'),
    ('貸', '贷'),
    ('資', '资'),
    ('賣', '卖'),
    ('賬', '账'),
    ('購', '购'),
    ('贓', '赃'),
    ('趙', '赵'),
    ('車', '车'),
    ('輔', '辅'),
    ('輸', '输'),
    ('轉', '转'),
    ('辦', '办'),
    ('農', '农'),
    ('這', '这'),
    ('週', '周'),
    ('進', '进'),
    ('過', '过'),
    ('還', '还'),
    ('邊', '边'),
    ('郵', '邮'),
    ('鄉', '乡'),
    ('鄧', '邓'),
    ('鄭', '郑'),
    ('醫', '医'),
    ('銀', '银'),
    ('錄', '录'),
    ('錢', '钱'),
    ('長', '长'),
    ('門', '门'),
    ('開', '开'),
    ('間', '间'),
    ('闆', '板'),
    ('關', '关'),
    ('陳', '陈'),
    ('陸', '陆'),
    ('隊', '队'),
    ('隨', '随'),
    ('險', '险'),
    ('隻', '只'),
    ('雙', '双'),
    ('雲', '云'),
    ('電', '电'),
    ('韓', '韩'),
    ('項', '项'),
    ('須', '须'),
    ('預', '预'),
    ('領', '领'),
    ('頭', '头'),
    ('頻', '频'),
    ('額', '额'),
    ('顯', '显'),
    ('餘', '余'),
    ('馬', '马'),
    ('馮', '冯'),
    ('騙', '骗'),
    ('騷', '骚'),
    ('體', '体'),
    ('鳳', '凤'),
    ('黃', '黄'),
    ('齡', '龄'),
    ('龍', '龙'),
];

/// The CJK block every character of [`TABLE`] is in.
const FIRST: u32 = 0x4E00;
const LAST: u32 = 0x9FFF;

/// One bit per character of the CJK block: whether [`TABLE`] maps it. A narrative is
/// mostly simplified characters, so the common answer (no) costs a shift and a load,
/// not a search of the table (which cost the import's parser 6 % of its instructions).
static MAPPED: [u64; ((LAST - FIRST) / 64 + 1) as usize] = {
    let mut bits = [0u64; ((LAST - FIRST) / 64 + 1) as usize];
    let mut i = 0;
    while i < TABLE.len() {
        let c = TABLE[i].0 as u32;
        assert!(
            c >= FIRST && c <= LAST,
            "a traditional character outside the CJK block"
        );
        let k = c - FIRST;
        bits[(k / 64) as usize] |= 1 << (k % 64);
        i += 1;
    }
    bits
};

/// The simplified form of `c`, or `c` itself.
#[inline]
pub(crate) fn simplified(c: char) -> char {
    let u = c as u32;
    // Outside the CJK block nothing is mapped: digits, letters and punctuation cost one
    // comparison.
    if !(FIRST..=LAST).contains(&u) {
        return c;
    }
    let k = u - FIRST;
    if MAPPED[(k / 64) as usize] & (1 << (k % 64)) == 0 {
        return c;
    }
    TABLE
        .binary_search_by_key(&c, |&(t, _)| t)
        .map_or(c, |i| TABLE[i].1)
}

/// Every character of `chars` in its simplified form (see [`simplified`]).
pub(crate) fn simplify(chars: &mut [char]) {
    for c in chars {
        *c = simplified(*c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_maps_only_what_changes() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TABLE.iter().all(|&(t, s)| t != s));
        // A simplified character is never mapped again; every traditional one is.
        assert!(TABLE.iter().all(|&(_, s)| simplified(s) == s));
        assert!(TABLE.iter().all(|&(t, s)| simplified(t) == s));
        // The bits mark the table's characters and no others.
        let marked: u32 = MAPPED.iter().map(|w| w.count_ones()).sum();
        assert_eq!(marked as usize, TABLE.len());
    }

    #[test]
    fn cue_words_of_hong_kong_notices_read_as_the_tables_write_them() {
        let mut c: Vec<char> = "騙徒轉到私人銀行賬戶，報案人電話：61937284"
            .chars()
            .collect();
        simplify(&mut c);
        assert_eq!(
            c.iter().collect::<String>(),
            "骗徒转到私人银行账户，报案人电话：61937284"
        );
    }
}
