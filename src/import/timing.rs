//! The CPU time of the import's threads, read into [`super::Phases`] when asked for
//! (`ImportOptions::measure_cpu`): which of the two threads holds the other up.

use std::time::Duration;

/// CPU time the calling thread has run (Linux's schedstat; None elsewhere).
pub fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_on_this_thread_adds_to_its_cpu_time() {
        let Some(before) = thread_cpu() else {
            return; // not Linux
        };
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = std::hint::black_box(x.wrapping_add(i));
        }
        let after = thread_cpu().unwrap_or_default();
        assert!(after > before, "{before:?} then {after:?}");
    }
}
