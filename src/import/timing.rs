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
    fn a_busy_thread_counts_its_own_cpu_not_its_sleep() {
        let Some(before) = thread_cpu() else {
            return; // not Linux
        };
        std::thread::sleep(Duration::from_millis(50));
        let slept = thread_cpu().unwrap_or_default() - before;
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(50) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let busy = thread_cpu().unwrap_or_default() - before - slept;
        assert!(slept < Duration::from_millis(40), "{slept:?}");
        assert!(busy > Duration::from_millis(20), "{busy:?}");
    }
}
