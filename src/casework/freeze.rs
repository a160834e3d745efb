//! What the hubs listing adds for casework — each identifier's tags and notes and,
//! for a card, its bank — so that `hubs --kind account --untagged 已止付` is the list
//! of accounts still to ask banks to freeze (tagging one 已止付 records the request).

use rusqlite::Connection;

use super::banks::{BankSource, BankTable};
use super::marks::{Annotations, Marks};
use crate::Result;
use crate::link::report::Hub;
use crate::store::Store;

/// The annotations and the bank table a hubs listing is written with.
#[derive(Debug, Clone, Default)]
pub struct HubContext {
    pub marks: Annotations,
    pub banks: BankTable,
}

impl HubContext {
    /// Read for the database `store` serves (its bank table beside it, if any).
    pub fn read(store: &Store) -> Result<HubContext> {
        Ok(HubContext {
            marks: Annotations::read(store.connection())?,
            banks: BankTable::for_database(store.path())?,
        })
    }

    pub fn marks(&self, hub: &Hub) -> Option<&Marks> {
        self.marks.identifier(&hub.kind, &hub.identifier)
    }

    /// A card's bank: by its issuer prefix, else from the words a report wrote it
    /// with (the narrative's excerpt, or the account column as written). None for
    /// what is no card, or a card neither tells.
    pub fn bank(&self, conn: &Connection, hub: &Hub) -> Result<Option<(String, BankSource)>> {
        if hub.kind != "card" {
            return Ok(None);
        }
        if let Some(name) = self.banks.by_bin(&hub.identifier) {
            return Ok(Some((name.to_string(), BankSource::Bin)));
        }
        let mut stmt = conn.prepare_cached(concat!(
            "SELECT COALESCE(ci.excerpt, c.account_raw), ci.display
               FROM identifiers i
               JOIN case_identifiers ci ON ci.identifier_id = i.id
               JOIN cases c ON c.id = ci.case_id
              WHERE i.kind = 'card' AND i.value = ?1 AND ",
            crate::both_tiers!("i.")
        ))?;
        let mut rows = stmt.query([&hub.identifier])?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(0)?;
            let written: String = r.get(1)?;
            if let Some(name) = self.banks.in_text(&text, &written) {
                return Ok(Some((name, BankSource::Text)));
            }
        }
        Ok(None)
    }
}

/// The tags that say a freeze or block was asked for or done: an identifier carrying
/// one is no longer "to request" (the freeze list, the bulletin's accounts).
pub const REQUESTED: [&str; 2] = ["已止付", "已冻结"];

/// Which of the identifiers (`identifiers.id`) carry none of `tags` now: those still
/// to request when `tags` is [`REQUESTED`].
pub fn carrying_none(
    conn: &Connection,
    identifiers: &[i64],
    tags: &[&str],
) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM current_tags WHERE target_kind = 2 AND target_id = ?1 AND tag = ?2",
    )?;
    let mut out = std::collections::HashSet::new();
    for &id in identifiers {
        let mut tagged = false;
        for tag in tags {
            if stmt.exists(rusqlite::params![id, tag])? {
                tagged = true;
                break;
            }
        }
        if !tagged {
            out.insert(id);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{Named, TagList, set_tag};

    #[test]
    fn identifiers_tagged_as_requested_are_no_longer_to_request() {
        let (_dir, mut store) = crate::store::test_store_with_a_batch();
        let list = TagList::built_in();
        let mut ids = Vec::new();
        for phone in ["13811111111", "13822222222", "13833333333"] {
            let t = set_tag(
                &mut store,
                &list,
                &Named::Text(phone.into()),
                "已研判",
                "a",
                false,
            )
            .expect("tag");
            ids.push(t.target.id);
        }
        let tag = |store: &mut Store, phone: &str, tag: &str, undo: bool| {
            set_tag(store, &list, &Named::Text(phone.into()), tag, "a", undo).expect("tag");
        };
        tag(&mut store, "13811111111", "已止付", false);
        tag(&mut store, "13822222222", "已冻结", false);
        tag(&mut store, "13833333333", "已止付", false);
        tag(&mut store, "13833333333", "已止付", true);
        let left = carrying_none(store.connection(), &ids, &REQUESTED).expect("read");
        assert_eq!(left, std::collections::HashSet::from([ids[2]]));
    }
}
