//! The in-process figure of `cargo xtask bench`'s MCP row: blocks of 100
//! `update_message_feedback` calls through the wrapper, on one thread (as
//! the CLI and its MCP server run), to the mock process at
//! `WONDERCHAT_BENCH_URL` with `WONDERCHAT_BENCH_KEY`; prints one line,
//! `sdk_call_us <median of the blocks' means>`. Without the URL it does
//! nothing (so `cargo test --benches` passes).

use std::time::Instant;

const BLOCKS: usize = 50;
const CALLS: usize = 100;

fn main() {
    let (Ok(url), Ok(key)) = (
        std::env::var("WONDERCHAT_BENCH_URL"),
        std::env::var("WONDERCHAT_BENCH_KEY"),
    ) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = wonderchat::Client::builder()
            .api_key(key)
            .base_url(url)
            .build()
            .unwrap();
        let block = || async {
            let started = Instant::now();
            for _ in 0..CALLS {
                client
                    .update_message_feedback("msg_123", wonderchat::Feedback::Helpful)
                    .send()
                    .await
                    .unwrap();
            }
            started.elapsed().as_secs_f64() * 1e6 / CALLS as f64
        };
        block().await;
        let mut means = Vec::with_capacity(BLOCKS);
        for _ in 0..BLOCKS {
            means.push(block().await);
        }
        means.sort_by(f64::total_cmp);
        println!("sdk_call_us {:.2}", means[BLOCKS / 2]);
    });
}
