//! The client's own CPU time per `update_message_feedback` call, through the
//! wrapper and through the raw reqwest + serde_json peer (`raw::call`), for
//! `cargo xtask bench`: the part of a call's latency that is the client's
//! work rather than the round trip. Everything on the client side (the
//! call, hyper's connection task) runs on this thread, on a current-thread
//! runtime; the server is the canned responder of `raw::canned_server` on
//! threads of its own. CPU time is this thread's, from
//! `/proc/thread-self/schedstat` (nanoseconds on the CPU, system calls
//! included). Prints one line per round:
//! `round <n> wrapper_cpu_us <a> raw_cpu_us <b>`.
//!
//! `CPU_BENCH_SIDE=wrapper` (or `raw`) runs only that side, for a profiler
//! or an instruction count (`cargo xtask bench` runs each side under
//! callgrind with two `CPU_BENCH_ROUNDS`: the difference is per call,
//! without start-up); it then prints `calls <n>`, the calls measured.

mod raw;

/// Rounds unless `CPU_BENCH_ROUNDS` says otherwise.
const ROUNDS: usize = 30;
const CALLS: usize = 500;

/// Nanoseconds this thread has spent on a CPU.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse().ok())
        .expect("/proc/thread-self/schedstat (Linux) is readable")
}

/// Microseconds of this thread's CPU per call, over `CALLS` calls.
async fn cpu_per_call<F: AsyncFn()>(call: &F) -> f64 {
    let before = thread_cpu_ns();
    for _ in 0..CALLS {
        call().await;
    }
    (thread_cpu_ns() - before) as f64 / 1e3 / CALLS as f64
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let side = std::env::var("CPU_BENCH_SIDE").unwrap_or_default();
    let rounds = std::env::var("CPU_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ROUNDS);
    let raw::Canned { client, http, url } = raw::Canned::start();
    raw::current_thread().block_on(async {
        let wrapper = async || raw::wrapper_call(&client).await;
        let raw = async || {
            raw::call(&http, &url, raw::Canned::KEY).await;
        };
        // Warm both: connections, pools, lazy statics.
        cpu_per_call(&wrapper).await;
        cpu_per_call(&raw).await;
        for round in 0..rounds {
            match side.as_str() {
                "wrapper" => {
                    cpu_per_call(&wrapper).await;
                }
                "raw" => {
                    cpu_per_call(&raw).await;
                }
                _ => {
                    // Alternate which goes first.
                    let (w, r) = if round % 2 == 0 {
                        let w = cpu_per_call(&wrapper).await;
                        (w, cpu_per_call(&raw).await)
                    } else {
                        let r = cpu_per_call(&raw).await;
                        (cpu_per_call(&wrapper).await, r)
                    };
                    println!("round {round} wrapper_cpu_us {w:.2} raw_cpu_us {r:.2}");
                }
            }
        }
        if !side.is_empty() {
            println!("calls {}", rounds * CALLS);
        }
    });
}
