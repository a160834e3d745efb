//! Synthetic weekly batches. (Placeholder until the generator lands.)

use std::path::PathBuf;

pub struct GenOptions {
    pub reports: usize,
    pub weeks: usize,
    pub seed: u64,
    pub out: PathBuf,
}

pub struct GenSummary {
    pub files: Vec<PathBuf>,
    pub reports: usize,
    pub gangs: usize,
    pub truth: PathBuf,
}

pub fn generate(_opts: &GenOptions, _progress: &mut dyn FnMut(usize)) -> crate::Result<GenSummary> {
    Err(crate::Error::Invalid("generator not built yet".into()))
}
