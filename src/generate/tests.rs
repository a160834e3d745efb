//! Tests of the generator against its own truth file.

use super::*;

#[test]
fn smoke_writes_files() {
    let dir = std::path::PathBuf::from("/tmp/gen-smoke");
    let _ = std::fs::remove_dir_all(&dir);
    let opts = GenOptions { reports: 300, weeks: 5, seed: 7, out: dir.clone() };
    let sum = generate(&opts, &mut |_| {}).unwrap();
    assert_eq!(sum.files.len(), 5);
}
