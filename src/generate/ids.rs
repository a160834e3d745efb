//! The scammer-side and victim identifiers the generator invents, kept in their
//! canonical form (what the normaliser must give back) plus what is needed to write
//! them noisily. `Registry` hands out identifiers that no other gang or victim uses.

use std::collections::HashSet;

use fastrand::Rng;

use super::words::{
    AREAS, BINS, FOREIGN, MAIL_DOMAINS, MOBILE_PREFIXES, SYLLABLES, VIRTUAL_PREFIXES,
};

/// A phone number: `canon` is E.164; `split` is where the country code ends and,
/// for landlines, where the area code ends inside the canonical digits.
#[derive(Debug, Clone)]
pub struct Phone {
    pub canon: String,
    pub class: PhoneClass,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneClass {
    Mobile,
    /// Area code length (without the trunk `0`).
    Landline(usize),
    /// Index into `FOREIGN`.
    Foreign(usize),
}

impl Phone {
    /// The national significant number (digits after the country code).
    pub fn national(&self) -> &str {
        match self.class {
            PhoneClass::Mobile | PhoneClass::Landline(_) => &self.canon[3..],
            PhoneClass::Foreign(i) => &self.canon[1 + FOREIGN[i].cc.len()..],
        }
    }
}

/// A receiving account.
#[derive(Debug, Clone)]
pub enum Account {
    /// Bank card digits and the index of its BIN in `BINS`.
    Card(String, usize),
    /// A 16-digit `2088…` Alipay user id.
    Alipay(String),
    /// An Alipay e-mail account, lower case.
    Wallet(String),
}

impl Account {
    pub fn canon(&self) -> &str {
        match self {
            Account::Card(s, _) | Account::Alipay(s) | Account::Wallet(s) => s,
        }
    }
}

/// Every canonical value handed out so far: gangs never share an identifier, and no
/// victim's phone is a scammer's.
#[derive(Default)]
pub struct Registry {
    used: HashSet<String>,
}

fn push_digits(s: &mut String, rng: &mut Rng, n: usize) {
    for _ in 0..n {
        s.push(char::from(b'0' + rng.u8(..10)));
    }
}

/// The Luhn check digit for `body` (the card without its last digit).
pub fn luhn_digit(body: &str) -> u8 {
    let mut sum = 0u32;
    for (i, b) in body.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    ((10 - sum % 10) % 10) as u8
}

/// Whether 18 characters carry a valid resident-ID check character (ISO 7064 MOD 11-2).
pub fn id_check_ok(s: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let b = s.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    C[(sum % 11) as usize] == b[17]
}

impl Registry {
    fn fresh(&mut self, rng: &mut Rng, make: impl Fn(&mut Rng) -> String) -> String {
        loop {
            let s = make(rng);
            if self.used.insert(s.clone()) {
                return s;
            }
        }
    }

    /// A mainland mobile; `virtual_op` picks a virtual-operator range.
    pub fn mobile(&mut self, rng: &mut Rng, virtual_op: bool) -> Phone {
        let canon = self.fresh(rng, |rng| {
            let pool = if virtual_op {
                VIRTUAL_PREFIXES
            } else {
                MOBILE_PREFIXES
            };
            let p = pool[rng.usize(..pool.len())];
            let mut s = String::with_capacity(14);
            s.push_str("+86");
            s.push_str(p);
            push_digits(&mut s, rng, 11 - p.len());
            s
        });
        Phone {
            canon,
            class: PhoneClass::Mobile,
        }
    }

    pub fn landline(&mut self, rng: &mut Rng) -> Phone {
        let (area, len) = AREAS[rng.usize(..AREAS.len())];
        let canon = self.fresh(rng, |rng| {
            let mut s = String::with_capacity(16);
            s.push_str("+86");
            s.push_str(area);
            s.push(char::from(b'0' + rng.u8(2..9)));
            push_digits(&mut s, rng, len - 1);
            s
        });
        Phone {
            canon,
            class: PhoneClass::Landline(area.len()),
        }
    }

    pub fn foreign(&mut self, rng: &mut Rng) -> Phone {
        let i = rng.usize(..FOREIGN.len());
        let f = &FOREIGN[i];
        let canon = self.fresh(rng, |rng| {
            let lead = f.leads[rng.usize(..f.leads.len())];
            let mut s = String::with_capacity(16);
            s.push('+');
            s.push_str(f.cc);
            s.push_str(lead);
            push_digits(&mut s, rng, f.len - lead.len());
            s
        });
        Phone {
            canon,
            class: PhoneClass::Foreign(i),
        }
    }

    /// A bank card: mostly Luhn-valid; an 18-digit one never passes the ID-number check.
    pub fn card(&mut self, rng: &mut Rng) -> Account {
        let b = rng.usize(..BINS.len());
        let bin = &BINS[b];
        let luhn = rng.u8(..100) < 88;
        let canon = self.fresh(rng, |rng| {
            let mut s = String::with_capacity(bin.len);
            s.push_str(bin.bin);
            push_digits(&mut s, rng, bin.len - bin.bin.len() - 1);
            let check = luhn_digit(&s);
            let d = if luhn {
                check
            } else {
                (check + rng.u8(1..10)) % 10
            };
            s.push(char::from(b'0' + d));
            if s.len() == 18 && id_check_ok(&s) {
                // Would read as a resident ID number: spoil the check character.
                let last = s.pop().map_or(0, |c| c as u8 - b'0');
                s.push(char::from(b'0' + (last + 1) % 10));
            }
            s
        });
        Account::Card(canon, b)
    }

    pub fn alipay(&mut self, rng: &mut Rng) -> Account {
        Account::Alipay(self.fresh(rng, |rng| {
            let mut s = String::with_capacity(16);
            s.push_str("2088");
            push_digits(&mut s, rng, 12);
            s
        }))
    }

    pub fn wallet(&mut self, rng: &mut Rng) -> Account {
        Account::Wallet(self.fresh(rng, |rng| {
            let mut s = String::with_capacity(24);
            for _ in 0..rng.usize(1..3) {
                s.push_str(SYLLABLES[rng.usize(..SYLLABLES.len())]);
            }
            match rng.u8(..4) {
                0 => s.push('_'),
                1 => {}
                _ => {
                    let n = rng.usize(2..6);
                    push_digits(&mut s, rng, n);
                }
            }
            if s.ends_with('_') {
                s.push_str(SYLLABLES[rng.usize(..SYLLABLES.len())]);
            }
            s.push('@');
            s.push_str(MAIL_DOMAINS[rng.usize(..MAIL_DOMAINS.len())]);
            s
        }))
    }

    /// A QQ id: 6–10 digits, no leading zero.
    pub fn qq(&mut self, rng: &mut Rng) -> String {
        self.fresh(rng, |rng| {
            let mut s = String::with_capacity(10);
            s.push(char::from(b'1' + rng.u8(..9)));
            let n = rng.usize(5..10);
            push_digits(&mut s, rng, n);
            s
        })
    }

    /// A WeChat id, lower case (its canonical form): `wxid_…` or a name and digits.
    pub fn wechat(&mut self, rng: &mut Rng) -> String {
        self.fresh(rng, |rng| {
            let mut s = String::with_capacity(20);
            if rng.bool() {
                s.push_str("wxid_");
                for _ in 0..rng.usize(6..11) {
                    let c = rng.u8(..36);
                    s.push(char::from(if c < 26 { b'a' + c } else { b'0' + c - 26 }));
                }
            } else {
                for _ in 0..rng.usize(1..3) {
                    s.push_str(SYLLABLES[rng.usize(..SYLLABLES.len())]);
                }
                s.push('_');
                let n = rng.usize(2..5);
                push_digits(&mut s, rng, n);
            }
            s
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_known_card() {
        // 4111 1111 1111 1111 is the classic Luhn-valid test number.
        assert_eq!(luhn_digit("411111111111111"), 1);
    }

    #[test]
    fn id_check_accepts_a_valid_id() {
        assert!(id_check_ok("11010519491231002X"));
        assert!(!id_check_ok("110105194912310021"));
    }

    #[test]
    fn eighteen_digit_cards_are_never_id_numbers() {
        let mut reg = Registry::default();
        let mut rng = Rng::with_seed(7);
        for _ in 0..5000 {
            if let Account::Card(c, _) = reg.card(&mut rng) {
                assert!(c.len() >= 16 && c.len() <= 19);
                assert!(!(c.len() == 18 && id_check_ok(&c)), "{c}");
            }
        }
    }
}
