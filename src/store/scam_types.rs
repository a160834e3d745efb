//! The cases' scam-type codes kept in step with the alias table, and the listings by
//! type. Codes are stored with each case (filters and counts read them directly);
//! when the analysts edit the alias table, the column-sourced codes are mapped again.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::Result;
use crate::scamtype::{AliasTable, Code, Source, tagger};

/// Cases whose script waits for the tagger (stored before codes existed).
const UNTAGGED: i64 = -1;

/// Maps the stored cases again if `table` is not the table they were mapped with, and
/// tags the scripts that wait for it. Returns whether anything was written. Does not
/// wait for a running import: should the database be busy (or read-only), the codes
/// are mapped by the next open that can write.
pub fn sync(conn: &mut Connection, table: &AliasTable) -> Result<bool> {
    let fingerprint = table.fingerprint();
    if current(conn, &fingerprint)? {
        return Ok(false);
    }
    conn.busy_handler(None::<fn(i32) -> bool>)?;
    let synced = remap(conn, table, &fingerprint);
    super::wait_for_locks(conn, super::BUSY_TIMEOUT)?;
    match synced {
        Ok(()) => Ok(true),
        Err(crate::Error::Db(rusqlite::Error::SqliteFailure(e, _)))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::ReadOnly
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Whether the stored codes came from a table with `fingerprint`. (Scripts waiting
/// for the tagger exist only where no fingerprint was ever written: a migrated
/// database.)
fn current(conn: &Connection, fingerprint: &str) -> Result<bool> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT fingerprint FROM scam_type_mapping WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(stored.as_deref() == Some(fingerprint))
}

fn remap(conn: &mut Connection, table: &AliasTable, fingerprint: &str) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // The distinct column values: few (a few dozen ways of writing ten types).
    let values: Vec<(String, i64)> = tx
        .prepare(
            "SELECT scam_type, scam_type_code FROM cases WHERE scam_type_source = ?1
              GROUP BY scam_type, scam_type_code",
        )?
        .query_map([Source::Column.id()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut update = tx.prepare(
            "UPDATE cases SET scam_type_code = ?1 WHERE scam_type_source = ?2 AND scam_type = ?3",
        )?;
        for (value, stored) in values {
            let code = table.code(&value).unwrap_or(Code::Other).id();
            if code != stored {
                update.execute(params![code, Source::Column.id(), value])?;
            }
        }
    }
    let waiting: Vec<(i64, String)> = tx
        .prepare("SELECT id, script FROM cases WHERE scam_type_code = ?1")?
        .query_map([UNTAGGED], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut update = tx.prepare("UPDATE cases SET scam_type_code = ?1 WHERE id = ?2")?;
        for (id, script) in waiting {
            let code = tagger::tag(&script).unwrap_or(Code::Other);
            update.execute(params![code.id(), id])?;
        }
    }
    tx.execute(
        "INSERT INTO scam_type_mapping (id, fingerprint) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
        [fingerprint],
    )?;
    tx.commit()?;
    Ok(())
}

/// One scam-type value as written in the files, with its code and cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeValue {
    /// As written (empty: the column was empty and the script was tagged).
    pub raw: String,
    pub code: Code,
    pub source: Source,
    pub cases: i64,
}

/// Every value seen, most cases first.
pub fn values(conn: &Connection) -> Result<Vec<TypeValue>> {
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN scam_type_source = ?1 THEN '' ELSE scam_type END AS raw,
                scam_type_code, scam_type_source, COUNT(*) AS n
           FROM cases GROUP BY raw, scam_type_code, scam_type_source
          ORDER BY n DESC, scam_type_code, raw",
    )?;
    let rows = stmt
        .query_map([Source::Script.id()], |r| {
            Ok(TypeValue {
                raw: r.get(0)?,
                code: Code::from_id(r.get(1)?),
                source: Source::from_id(r.get(2)?),
                cases: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    use crate::store::test_store_with_a_batch as store;

    fn add(store: &crate::store::Store, no: &str, raw: &str, code: i64, source: i64) {
        store
            .conn
            .execute(
                "INSERT INTO cases (report_no, batch_id, line, reported_at_raw,
                    occurred_at_raw, victim_name, victim_phone, caller_raw, account_raw,
                    contact_raw, amount_raw, scam_type_spelling, script,
                    scam_type_code, scam_type_source)
                 VALUES (?1, 1, 2, '', '', '', '', '', '', '', '', ?2, '', ?3, ?4)",
                params![no, raw, code, source],
            )
            .unwrap();
    }

    fn code_of(store: &crate::store::Store, no: &str) -> Code {
        Code::from_id(
            store
                .conn
                .query_row(
                    "SELECT scam_type_code FROM cases WHERE report_no = ?1",
                    [no],
                    |r| r.get(0),
                )
                .unwrap(),
        )
    }

    /// An analyst adds an alias: the cases already stored with that value move from
    /// `other` to its code, once; the tagged ones are left alone.
    #[test]
    fn an_edited_table_maps_the_stored_cases_again() {
        let (_dir, mut store) = store();
        add(&store, "R1", "新型话术", Code::Other.id(), 0);
        add(&store, "R2", "Order brushing", Code::OrderBrushing.id(), 0);
        add(&store, "R3", "", Code::Romance.id(), 1);
        sync(&mut store.conn, &AliasTable::built_in()).unwrap();
        assert_eq!(code_of(&store, "R1"), Code::Other);
        let edited = AliasTable::parse("新型话术 = loan\n", Path::new("a.txt")).unwrap();
        assert!(sync(&mut store.conn, &edited).unwrap());
        assert!(!sync(&mut store.conn, &edited).unwrap(), "once");
        assert_eq!(code_of(&store, "R1"), Code::Loan);
        assert_eq!(
            code_of(&store, "R2"),
            Code::OrderBrushing,
            "codes stay known"
        );
        assert_eq!(
            code_of(&store, "R3"),
            Code::Romance,
            "a tagged script stays"
        );
        let values = values(&store.conn).unwrap();
        assert_eq!(values.len(), 3);
        assert!(
            values
                .iter()
                .any(|v| v.raw.is_empty() && v.source == Source::Script)
        );
    }
}
