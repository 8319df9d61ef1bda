//! One side of the `update_message_feedback` comparison run on its own, for
//! an instruction count or a profiler: `CPU_BENCH_SIDE=wrapper` (or `raw`)
//! makes `CPU_BENCH_ROUNDS` rounds of 500 calls through the wrapper (or the
//! raw reqwest + serde_json peer, `raw::call`) against the canned server of
//! `raw::canned_server`, then prints `calls <n>`, the calls made after the
//! warm-up. Everything on the client side (the call, hyper's connection
//! task) runs on this thread, on a current-thread runtime.
//!
//! `cargo xtask bench` runs each side under callgrind with two round counts:
//! the difference is the instructions per call, without start-up. By hand:
//! `CPU_BENCH_SIDE=wrapper perf record -g target/release/deps/cpu-* --bench`.

mod raw;

/// Rounds unless `CPU_BENCH_ROUNDS` says otherwise.
const ROUNDS: usize = 30;
const CALLS: usize = 500;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let side = std::env::var("CPU_BENCH_SIDE").unwrap_or_default();
    let wrapper = match side.as_str() {
        "wrapper" => true,
        "raw" => false,
        _ => {
            eprintln!("set CPU_BENCH_SIDE=wrapper or CPU_BENCH_SIDE=raw");
            std::process::exit(2);
        }
    };
    let rounds = std::env::var("CPU_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ROUNDS);
    let raw::Canned { client, http, url } = raw::Canned::start();
    raw::current_thread().block_on(async {
        let call = async || {
            if wrapper {
                raw::wrapper_call(&client).await;
            } else {
                raw::call(&http, &url, raw::Canned::KEY).await;
            }
        };
        // Warm up: the connection, pools, lazy statics.
        for _ in 0..CALLS {
            call().await;
        }
        for _ in 0..rounds * CALLS {
            call().await;
        }
    });
    println!("calls {}", rounds * CALLS);
}
