//! `casebench batches [--rejected [ID]]`: import history, or the rejected rows.

use std::path::Path;

use casebench::export::listings;
use casebench::export::{Cell, Listing};
use casebench::store::queries;

use super::output::{OutputArgs, UnmaskArgs, emit};
use super::{Outcome, open_store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// List rejected rows (of one batch when an ID is given) instead of batches.
    #[arg(long, num_args = 0..=1, value_name = "ID")]
    rejected: Option<Option<i64>>,
    #[command(flatten)]
    unmask: UnmaskArgs,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let listing = match args.rejected {
        Some(batch) => {
            let mut listing = Listing::new(
                ["batch_id", "file", "sheet", "line", "raw", "reason"]
                    .map(String::from)
                    .to_vec(),
            );
            for mut r in queries::rejected(&store, batch)? {
                if !args.unmask.unmask {
                    r.raw = mask_raw(&r.raw);
                }
                listing.rows.push(vec![
                    Cell::Int(r.batch_id),
                    Cell::Text(r.file),
                    Cell::Text(r.sheet.unwrap_or_default()),
                    Cell::Int(r.line),
                    Cell::Text(r.raw),
                    Cell::Text(r.reason),
                ]);
            }
            listing
        }
        None => listings::batches(queries::batches(&store)?),
    };
    emit(&listing, &args.output)?;
    Ok(Outcome::Ok)
}

/// A rejected row as written, with what may be a victim's name or phone masked. The
/// row's header is not kept, so this goes by shape: a field of 2–4 Chinese characters
/// (a name) and a field that is a phone number are masked; reasons and other fields
/// stay. `--unmask` shows the row verbatim.
fn mask_raw(raw: &str) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(raw.as_bytes());
    let mut fields: Vec<String> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => fields.extend(record.iter().map(mask_field)),
            Err(_) => return raw.split(',').map(mask_field).collect::<Vec<_>>().join(","),
        }
    }
    fields.join(",")
}

fn mask_field(field: &str) -> String {
    let t = field.trim();
    let n = t.chars().count();
    let name_like = (2..=4).contains(&n)
        && t.chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·');
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let phone_like =
        (7..=15).contains(&digits) && t.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c));
    if name_like {
        casebench::export::mask_name(t)
    } else if phone_like {
        casebench::export::mask_phone(t)
    } else {
        // A mobile number inside a longer field (a narrative), in any digits.
        casebench::export::mask_mobiles_in_text(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_phones_in_a_rejected_row_are_masked() {
        assert_eq!(
            mask_raw("C1,张三,13812345678,9999,\"自称客服, 金条\""),
            "C1,张*,138****5678,9999,自称客服, 金条"
        );
        assert_eq!(mask_raw("Q2,欧阳明月,\"open"), "Q2,欧***,open");
    }
}
