//! Output options every listing shares (`--format`, `-o`, `--unmask`) and the one
//! place a listing is written to stdout or a file.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context;
use casebench::export::{self, Format, Listing, WriteOptions};

#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// table, csv, json or xlsx (default: table on stdout, else from the -o extension).
    #[arg(long)]
    pub format: Option<Format>,
    /// Write to this file instead of stdout; the format follows its extension.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
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
    match &args.output {
        Some(path) => {
            export::write_listing_file(listing, args.format, path)?;
            eprintln!("wrote {} rows to {}", listing.rows.len(), path.display());
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
            export::write_listing(
                listing,
                args.format.unwrap_or(Format::Table),
                &mut out,
                &options,
            )
            .context("writing to stdout")?;
            out.flush().context("writing to stdout")?;
        }
    }
    Ok(())
}
