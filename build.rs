//! Embeds `db/migrations/NNN_name.sql` in the binary: writes the ordered list of
//! (version, name, sql) to OUT_DIR so that adding a migration file is all it takes.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=db/migrations");
    let dir = PathBuf::from("db/migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "sql"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut list = String::from("&[\n");
    for path in &files {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let (number, name) = stem.split_once('_').unwrap_or((stem, ""));
        let version: i64 = number
            .parse()
            .unwrap_or_else(|_| panic!("migration {stem}: name must start with a number"));
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|e| panic!("{stem}: {e}"));
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            list,
            "    ({version}, {name:?}, include_str!({:?})),",
            absolute.display().to_string()
        );
    }
    list.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    std::fs::write(out.join("migrations.rs"), list).unwrap_or_else(|e| panic!("{e}"));
}
