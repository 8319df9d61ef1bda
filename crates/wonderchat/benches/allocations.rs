//! Heap allocations per `update_message_feedback` call, through the wrapper
//! and through the raw reqwest + serde_json peer (`raw::call`), counted by
//! dhat's global allocator: a figure that does not depend on the machine's
//! load, for `cargo xtask bench` and for before/after comparisons of the
//! engine. The server is a canned HTTP/1.1 responder on a thread of its own
//! that allocates nothing per request, so every counted allocation is the
//! client's. Prints `wrapper_allocs <a> wrapper_bytes <b> raw_allocs <c>
//! raw_bytes <d>` (per call).

mod raw;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const CALLS: u64 = 2_000;

/// Allocations and bytes per call of `calls` runs of `call`.
async fn per_call<F: AsyncFn()>(call: F) -> (f64, f64) {
    for _ in 0..50 {
        call().await; // warm: connection, pools, lazy statics
    }
    let before = dhat::HeapStats::get();
    for _ in 0..CALLS {
        call().await;
    }
    let after = dhat::HeapStats::get();
    (
        (after.total_blocks - before.total_blocks) as f64 / CALLS as f64,
        (after.total_bytes - before.total_bytes) as f64 / CALLS as f64,
    )
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would not.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // ALLOCATIONS_PROFILE=FILE: also write dhat's heap profile (each
    // allocation site with its backtrace) of the wrapper's calls to FILE,
    // for dh_view.html or a script.
    let profile = std::env::var_os("ALLOCATIONS_PROFILE");
    let _profiler = match &profile {
        Some(file) => dhat::Profiler::builder().file_name(file).build(),
        None => dhat::Profiler::builder().testing().build(),
    };
    let raw::Canned { client, http, url } = raw::Canned::start();
    raw::current_thread().block_on(async {
        let (wrapper_allocs, wrapper_bytes) =
            per_call(async || raw::wrapper_call(&client).await).await;
        if profile.is_some() {
            return;
        }
        let (raw_allocs, raw_bytes) = per_call(async || {
            raw::call(&http, &url, raw::Canned::KEY).await;
        })
        .await;
        println!(
            "wrapper_allocs {wrapper_allocs:.1} wrapper_bytes {wrapper_bytes:.0} \
             raw_allocs {raw_allocs:.1} raw_bytes {raw_bytes:.0}"
        );
    });
}
