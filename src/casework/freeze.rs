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
        let mut stmt = conn.prepare_cached(
            "SELECT COALESCE(ci.excerpt, c.account_raw), ci.display
               FROM identifiers i
               JOIN case_identifiers ci ON ci.identifier_id = i.id
               JOIN cases c ON c.id = ci.case_id
              WHERE i.kind = 'card' AND i.value = ?1",
        )?;
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
