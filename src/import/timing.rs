//! What `CASEBENCH_TIMING` prints besides wall times: the CPU each of the import's two
//! threads spent, which tells the thread that holds the other up.

use std::time::Duration;

/// CPU time the calling thread has run (Linux's schedstat; None elsewhere).
pub fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// "12.3 s" or "?" when not known.
pub fn seconds(d: Option<Duration>) -> String {
    d.map_or_else(|| "?".to_string(), |d| format!("{:.1} s", d.as_secs_f64()))
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
        assert_eq!(seconds(Some(Duration::from_millis(12_345))), "12.3 s");
        assert_eq!(seconds(None), "?");
    }
}
