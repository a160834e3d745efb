//! Output options every listing shares (`--format`, `-o`, `--unmask`) and the one
//! place a listing is written to stdout or a file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use casebench::export::{self, Format, Listing, RowWriter, WriteOptions};

#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// table, csv, json or xlsx (default: table on stdout, else from the -o extension).
    #[arg(long)]
    pub format: Option<Format>,
    /// Write to this file instead of stdout; the format follows its extension.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

impl OutputArgs {
    /// Whether the listing is a table for a person (stdout's default, `.txt`), not a
    /// file for a program or a spreadsheet.
    pub fn is_table(&self) -> bool {
        match (self.format, &self.output) {
            (Some(f), _) => f == Format::Table,
            (None, Some(path)) => Format::from_path(path).is_none_or(|f| f == Format::Table),
            (None, None) => true,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct UnmaskArgs {
    /// Show victim names and phones in full (masked by default).
    #[arg(long)]
    pub unmask: bool,
}

impl UnmaskArgs {
    pub fn name(&self, s: &str) -> String {
        if self.unmask {
            s.to_string()
        } else {
            export::mask_name(s)
        }
    }

    pub fn phone(&self, s: &str) -> String {
        if self.unmask {
            s.to_string()
        } else {
            export::mask_phone(s)
        }
    }
}

pub fn emit(listing: &Listing, args: &OutputArgs) -> anyhow::Result<()> {
    emit_rows(listing.columns.clone(), args, &mut |w| {
        listing.rows.iter().try_for_each(|row| w.row(row))
    })
}

/// [`emit`] for a listing made as it is written (`fill` gives the rows): CSV, JSON
/// and XLSX rows go out as they come, so a listing of every case is never held.
pub fn emit_rows(
    columns: Vec<String>,
    args: &OutputArgs,
    fill: &mut dyn FnMut(&mut RowWriter<'_>) -> casebench::Result<()>,
) -> anyhow::Result<()> {
    match &args.output {
        Some(path) => {
            let rows = export::write_rows_file(columns, args.format, path, fill)?;
            eprintln!("wrote {rows} rows to {}", path.display());
        }
        None => {
            let stdout = std::io::stdout();
            let color = stdout.is_terminal();
            if args.format == Some(Format::Xlsx) && color {
                anyhow::bail!("xlsx is a binary file: give -o FILE.xlsx");
            }
            let mut out = std::io::BufWriter::new(stdout.lock());
            let options = WriteOptions {
                bom: false,
                color,
                ..WriteOptions::default()
            };
            let format = args.format.unwrap_or(Format::Table);
            let name = Path::new("stdout");
            let mut writer = RowWriter::new(columns, format, &mut out, &options, name)?;
            fill(&mut writer)?;
            writer.finish()?;
            out.flush().context("writing to stdout")?;
        }
    }
    Ok(())
}
