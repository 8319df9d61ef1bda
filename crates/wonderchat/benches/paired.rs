//! Paired comparison for `cargo xtask bench`: alternates blocks of calls
//! through the wrapper and through a minimal raw reqwest + serde_json call
//! to the same in-process mock, so that drift on a shared machine hits both
//! alike, and prints one line per round: `round <n> wrapper_us <a> raw_us <b>`.
//! Criterion's view of the same calls is `benches/update.rs`.

use std::time::Instant;

mod raw;

const ROUNDS: usize = 100;
const CALLS: usize = 200;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let raw::Setup {
            mock: _mock,
            client,
            http,
            url,
            key,
        } = raw::Setup::start().await;
        let wrapper_block = || async {
            let started = Instant::now();
            for _ in 0..CALLS {
                raw::wrapper_call(&client).await;
            }
            started.elapsed().as_secs_f64() * 1e6 / CALLS as f64
        };
        let raw_block = || async {
            let started = Instant::now();
            for _ in 0..CALLS {
                raw::call(&http, &url, &key).await;
            }
            started.elapsed().as_secs_f64() * 1e6 / CALLS as f64
        };
        // Warm both connections and code paths.
        wrapper_block().await;
        raw_block().await;
        for round in 0..ROUNDS {
            // Alternate which goes first, too.
            let (wrapper, raw) = if round % 2 == 0 {
                let w = wrapper_block().await;
                (w, raw_block().await)
            } else {
                let r = raw_block().await;
                (wrapper_block().await, r)
            };
            println!("round {round} wrapper_us {wrapper:.2} raw_us {raw:.2}");
        }
    });
}
