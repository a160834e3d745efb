//! Word lists the generator draws from: names, banks, number ranges, scam labels,
//! header aliases and the free-text pools for the extra columns. Data only; the
//! pools are kept free of digit runs so that no identifier hides in them.

/// Common surnames, most frequent first (drawn with a bias towards the front).
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏", "苏", "吕", "丁",
    "任", "卢", "姚", "沈", "钟", "姜", "崔", "谭", "陆", "范", "汪", "廖", "石", "金", "韦", "贾",
    "夏", "付", "方", "邹", "熊", "白", "孟", "秦", "邱", "侯", "江", "尹", "薛", "闫", "段", "雷",
    "龙", "黎", "史", "陶", "贺", "毛", "郝", "顾", "龚", "邵", "欧阳", "司马", "诸葛", "上官",
];

/// Characters of given names (no digit-like characters such as 一 or 三).
pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "萍", "红", "鹏", "辉", "建", "国",
    "文", "斌", "飞", "宇", "浩", "凯", "婷", "雪", "琳", "晨", "欣", "怡", "佳", "子", "涵", "梓",
    "轩", "博", "睿", "思", "雨", "俊", "志", "海", "波", "春", "梅", "慧", "颖", "倩", "晓", "天",
    "嘉", "鑫", "彬", "健", "亮", "峰", "瑶", "璐", "妍", "诗", "昊",
];

/// Mainland mobile prefixes (ordinary operators).
pub const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
    "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198",
    "199",
];

/// Mainland virtual-operator prefixes (a fraud signal).
pub const VIRTUAL_PREFIXES: &[&str] = &[
    "1700", "1701", "1702", "1703", "1705", "1706", "1709", "1710", "1711", "1712", "1713", "1718",
    "1719", "162", "165", "167",
];

/// Landline area codes without the trunk `0`, with the local number's length.
pub const AREAS: &[(&str, usize)] = &[
    ("10", 8),
    ("20", 8),
    ("21", 8),
    ("22", 8),
    ("23", 8),
    ("24", 8),
    ("25", 8),
    ("27", 8),
    ("28", 8),
    ("29", 8),
    ("370", 7),
    ("351", 7),
    ("391", 7),
    ("371", 8),
    ("755", 8),
    ("757", 8),
    ("769", 8),
    ("571", 8),
    ("512", 8),
    ("592", 7),
    ("898", 8),
];

/// A foreign mobile range: country code, leading digits of the national number,
/// and the national number's full length.
pub struct Foreign {
    pub cc: &'static str,
    pub leads: &'static [&'static str],
    pub len: usize,
    /// How the national number is grouped when written with spaces.
    pub groups: &'static [usize],
    pub country: &'static str,
}

pub const FOREIGN: &[Foreign] = &[
    Foreign {
        cc: "855",
        leads: &[
            "10", "11", "12", "15", "16", "17", "61", "69", "70", "76", "77", "78", "85", "89",
            "92", "95", "99",
        ],
        len: 8,
        groups: &[2, 3, 3],
        country: "柬埔寨",
    },
    Foreign {
        cc: "855",
        leads: &["97", "88", "71", "38"],
        len: 9,
        groups: &[2, 3, 4],
        country: "柬埔寨",
    },
    Foreign {
        cc: "95",
        leads: &["92", "94", "96", "97", "99"],
        len: 10,
        groups: &[1, 3, 3, 3],
        country: "缅甸",
    },
    Foreign {
        cc: "63",
        leads: &[
            "905", "906", "915", "917", "918", "919", "920", "921", "927", "935", "945", "956",
            "966", "977", "995",
        ],
        len: 10,
        groups: &[3, 3, 4],
        country: "菲律宾",
    },
    Foreign {
        cc: "60",
        leads: &["12", "13", "14", "16", "17", "19"],
        len: 9,
        groups: &[2, 3, 4],
        country: "马来西亚",
    },
    Foreign {
        cc: "60",
        leads: &["11"],
        len: 10,
        groups: &[2, 4, 4],
        country: "马来西亚",
    },
    Foreign {
        cc: "886",
        leads: &["91", "92", "93", "95", "96", "97", "98"],
        len: 9,
        groups: &[3, 3, 3],
        country: "台湾",
    },
    Foreign {
        cc: "852",
        leads: &["5", "6", "9"],
        len: 8,
        groups: &[4, 4],
        country: "香港",
    },
];

/// Official service numbers scammers spoof, with who they belong to.
pub const OFFICIAL: &[(&str, &str)] = &[
    ("95118", "京东客服"),
    ("4006065500", "京东金融"),
    ("95188", "支付宝"),
    ("95588", "工商银行"),
    ("95533", "建设银行"),
    ("95599", "农业银行"),
    ("95566", "中国银行"),
    ("95555", "招商银行"),
];

/// A card range: six-digit BIN, bank name, short name, card length.
pub struct Bin {
    pub bin: &'static str,
    pub bank: &'static str,
    pub short: &'static str,
    pub len: usize,
}

pub const BINS: &[Bin] = &[
    Bin {
        bin: "622202",
        bank: "工商银行",
        short: "工行",
        len: 19,
    },
    Bin {
        bin: "621226",
        bank: "工商银行",
        short: "工行",
        len: 19,
    },
    Bin {
        bin: "621288",
        bank: "工商银行",
        short: "工行",
        len: 19,
    },
    Bin {
        bin: "621700",
        bank: "建设银行",
        short: "建行",
        len: 19,
    },
    Bin {
        bin: "622700",
        bank: "建设银行",
        short: "建行",
        len: 19,
    },
    Bin {
        bin: "621799",
        bank: "邮储银行",
        short: "邮储",
        len: 18,
    },
    Bin {
        bin: "622848",
        bank: "农业银行",
        short: "农行",
        len: 19,
    },
    Bin {
        bin: "622845",
        bank: "农业银行",
        short: "农行",
        len: 19,
    },
    Bin {
        bin: "621661",
        bank: "中国银行",
        short: "中行",
        len: 19,
    },
    Bin {
        bin: "621663",
        bank: "中国银行",
        short: "中行",
        len: 19,
    },
    Bin {
        bin: "621666",
        bank: "中国银行",
        short: "中行",
        len: 19,
    },
    Bin {
        bin: "622588",
        bank: "招商银行",
        short: "招行",
        len: 16,
    },
    Bin {
        bin: "621483",
        bank: "招商银行",
        short: "招行",
        len: 16,
    },
    Bin {
        bin: "622258",
        bank: "交通银行",
        short: "交行",
        len: 17,
    },
    Bin {
        bin: "622908",
        bank: "兴业银行",
        short: "兴业",
        len: 18,
    },
    Bin {
        bin: "622155",
        bank: "中信银行",
        short: "中信",
        len: 16,
    },
    Bin {
        bin: "621691",
        bank: "民生银行",
        short: "民生",
        len: 16,
    },
    Bin {
        bin: "622630",
        bank: "华夏银行",
        short: "华夏",
        len: 16,
    },
    Bin {
        bin: "621725",
        bank: "农村信用社",
        short: "农信",
        len: 19,
    },
    Bin {
        bin: "623668",
        bank: "建设银行",
        short: "建行",
        len: 19,
    },
    Bin {
        bin: "621213",
        bank: "浦发银行",
        short: "浦发",
        len: 16,
    },
];

/// Pinyin syllables for e-mail local parts (a letter always comes first).
pub const SYLLABLES: &[&str] = &[
    "zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
    "zhu", "hu", "guo", "lin", "he", "gao", "luo", "wei", "fang", "jie", "jun", "hao", "xin", "yu",
    "lei", "ming", "qiang", "tao", "peng", "fei", "long", "jia", "hui", "ping",
];

pub const MAIL_DOMAINS: &[&str] = &[
    "qq.com",
    "qq.com",
    "qq.com",
    "163.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "gmail.com",
    "outlook.com",
    "139.com",
];

/// The scam types: stable key, Chinese labels, English label.
pub struct ScamType {
    pub key: &'static str,
    pub zh: &'static [&'static str],
    pub en: &'static str,
    /// Relative frequency.
    pub weight: u32,
    /// Typical loss range in yuan (log-uniform).
    pub loss: (u32, u32),
}

pub const SCAM_TYPES: &[ScamType] = &[
    ScamType {
        key: "jd_gold_bar",
        zh: &["冒充京东客服", "冒充京东客服", "冒充电商物流客服"],
        en: "JD customer service impersonation",
        weight: 14,
        loss: (3000, 150000),
    },
    ScamType {
        key: "jd_student_loan",
        zh: &["冒充京东客服", "注销校园贷", "冒充电商物流客服"],
        en: "JD customer service impersonation",
        weight: 10,
        loss: (2000, 120000),
    },
    ScamType {
        key: "jd_baitiao",
        zh: &["冒充京东客服", "冒充京东客服", "冒充电商物流客服"],
        en: "JD customer service impersonation",
        weight: 10,
        loss: (1000, 80000),
    },
    ScamType {
        key: "jd_membership",
        zh: &["冒充京东客服", "冒充电商物流客服", "冒充客服退款"],
        en: "JD customer service impersonation",
        weight: 11,
        loss: (1000, 60000),
    },
    ScamType {
        key: "order_brushing",
        zh: &["刷单返利", "刷单返利", "网络刷单"],
        en: "order brushing",
        weight: 20,
        loss: (300, 60000),
    },
    ScamType {
        key: "fake_police",
        zh: &["冒充公检法", "冒充公检法", "冒充公检法机关"],
        en: "fake police",
        weight: 10,
        loss: (10000, 800000),
    },
    ScamType {
        key: "fake_investment",
        zh: &["虚假投资理财", "虚假投资理财", "投资理财"],
        en: "fake investment",
        weight: 13,
        loss: (5000, 900000),
    },
    ScamType {
        key: "online_loan",
        zh: &["网络贷款", "虚假网络贷款", "网络贷款"],
        en: "online loan",
        weight: 12,
        loss: (500, 40000),
    },
];

/// The fields of the import contract, in the order the generator knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    ReportNo,
    ReportedAt,
    OccurredAt,
    VictimName,
    VictimPhone,
    Caller,
    Account,
    /// QQ and WeChat ids of the other side (`contact_ids`, `对方QQ`).
    Contact,
    Amount,
    ScamType,
    Script,
    /// An unknown column (`派出所`, `备注`, `station`).
    Extra(u8),
}

pub const FIELDS: [Col; 11] = [
    Col::ReportNo,
    Col::ReportedAt,
    Col::OccurredAt,
    Col::VictimName,
    Col::VictimPhone,
    Col::Caller,
    Col::Account,
    Col::Contact,
    Col::Amount,
    Col::ScamType,
    Col::Script,
];

/// Header aliases per field: (English, Chinese, police codes). Only names from the
/// alias table of DESIGN.md.
pub fn aliases(
    col: Col,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    match col {
        Col::ReportNo => (
            &["report_no", "case_no", "case_id"],
            &["案件编号", "警情编号", "报案编号", "接警编号"],
            &["AJBH", "JJBH"],
        ),
        Col::ReportedAt => (
            &["reported_at", "report_date", "date"],
            &["报案时间", "报案日期", "接报时间", "接警时间"],
            &["BASJ", "JJSJ"],
        ),
        Col::OccurredAt => (&["occurred_at"], &["发案时间"], &["FASJ"]),
        Col::VictimName => (
            &["victim_name", "victim"],
            &["受害人", "受害人姓名", "事主姓名", "报警人"],
            &["SHRXM"],
        ),
        Col::VictimPhone => (
            &["victim_phone"],
            &["受害人电话", "事主电话", "联系电话"],
            &[],
        ),
        Col::Caller => (
            &["caller_number", "caller", "scam_phone"],
            &["来电号码", "诈骗电话", "涉案号码", "嫌疑人电话"],
            &[],
        ),
        Col::Account => (
            &["receiving_account", "account"],
            &["收款账号", "收款账户", "涉案账号", "对方账户"],
            &[],
        ),
        Col::Contact => (
            &["contact_ids", "qq", "wechat"],
            &[
                "对方QQ",
                "对方微信",
                "嫌疑人QQ",
                "嫌疑人微信",
                "涉案QQ",
                "涉案微信",
            ],
            &[],
        ),
        Col::Amount => (
            &["amount", "loss", "amount_yuan"],
            &["涉案金额", "被骗金额", "损失金额", "损失价值", "损失总价值"],
            &["SSJZ", "SSZJZ"],
        ),
        Col::ScamType => (
            &["scam_type", "category"],
            &["诈骗类型", "案件类别", "案件类型"],
            &["AJLX"],
        ),
        Col::Script => (
            &["script", "narrative", "description"],
            &["案情简述", "简要案情", "诈骗话术", "案情"],
            &["JYAQ"],
        ),
        Col::Extra(_) => (&[], &[], &[]),
    }
}

/// Unknown extra columns: (Chinese header, English header).
pub const EXTRAS: &[(&str, &str)] = &[("派出所", "station"), ("备注", "remarks")];

pub const STATIONS_ZH: &[&str] = &[
    "城关派出所",
    "东城派出所",
    "西关派出所",
    "南湖派出所",
    "北街派出所",
    "新区派出所",
    "开发区派出所",
    "火车站派出所",
    "文化路派出所",
    "解放路派出所",
    "高新区派出所",
    "城南派出所",
];
pub const STATIONS_EN: &[&str] = &[
    "Chengguan PS",
    "Dongcheng PS",
    "Xiguan PS",
    "Nanhu PS",
    "Beijie PS",
    "Xinqu PS",
    "Hi-tech Zone PS",
    "Railway Station PS",
];
pub const REMARKS: &[&str] = &[
    "",
    "",
    "",
    "已止付",
    "已冻结",
    "待核查",
    "已转刑侦",
    "资金已转出",
    "已调取流水",
    "事主情绪稳定",
    "已发预警",
    "同类案件",
    "无",
];
