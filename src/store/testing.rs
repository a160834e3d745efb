//! Faults for the front ends' tests (the workbench's tests live in the binary, so this
//! cannot be `cfg(test)`): the SQL stays in the store, as everywhere else.

use super::Store;
use crate::Result;

/// Makes every later update of `identifiers` fail, through any connection, as a
/// read-only file or another program's lock would make it fail; the failure says
/// "the identifiers are read-only".
#[doc(hidden)]
pub fn refuse_identifier_updates(store: &Store) -> Result<()> {
    store.connection().execute_batch(
        "CREATE TRIGGER IF NOT EXISTS refuse_identifier_updates BEFORE UPDATE ON identifiers
         BEGIN SELECT RAISE(ABORT, 'the identifiers are read-only'); END;",
    )?;
    Ok(())
}

/// Undoes [`refuse_identifier_updates`].
#[doc(hidden)]
pub fn allow_identifier_updates(store: &Store) -> Result<()> {
    store
        .connection()
        .execute_batch("DROP TRIGGER IF EXISTS refuse_identifier_updates")?;
    Ok(())
}
