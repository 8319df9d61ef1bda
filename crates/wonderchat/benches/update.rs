//! One `update_message_feedback` call through the wrapper, beside a minimal
//! hand-written reqwest + serde_json call of the same request, both to the
//! same in-process mock on loopback over a warm connection. `cargo xtask
//! bench` runs this several times, rotating the order of the functions
//! (`WONDERCHAT_BENCH_ROTATE`) so that drift on a shared machine does not
//! favour one of them, and reports the median of the per-run ratios.

mod raw;

use criterion::{Criterion, criterion_group, criterion_main};

fn update(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let raw::Setup {
        mock,
        client,
        http,
        url,
        key,
    } = runtime.block_on(raw::Setup::start());

    // The generated client alone, without the wrapper: splits the cost
    // between progenitor's layer and the wrapper's.
    type Bench<'a> = (
        &'static str,
        Box<dyn FnMut(&mut criterion::Bencher<'_>) + 'a>,
    );
    let mut benches: Vec<Bench<'_>> = Vec::new();
    benches.push((
        "wonderchat",
        Box::new(|b: &mut criterion::Bencher<'_>| {
            b.to_async(&runtime)
                .iter(|| async { raw::wrapper_call(&client).await })
        }),
    ));
    benches.push((
        "generated_client",
        Box::new(|b: &mut criterion::Bencher<'_>| {
            b.to_async(&runtime).iter(|| async {
                let api = wonderchat_api::Client::new_with_client(
                    &mock.base_url(),
                    http.clone(),
                    wonderchat_api::CallContext::default(),
                );
                let body = wonderchat_api::types::UpdateMessageFeedbackRequest {
                    api_key: key.as_str().into(),
                    feedback: wonderchat_api::types::Feedback::Helpful,
                    message_id: "msg_bench".parse().unwrap(),
                    user_comment: Some("benchmark".parse().unwrap()),
                };
                api.update_message_feedback()
                    .body(body)
                    .send()
                    .await
                    .unwrap()
            })
        }),
    ));
    benches.push((
        "raw_reqwest",
        Box::new(|b: &mut criterion::Bencher<'_>| {
            b.to_async(&runtime)
                .iter(|| async { raw::call(&http, &url, &key).await })
        }),
    ));

    let rotate = std::env::var("WONDERCHAT_BENCH_ROTATE")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .unwrap_or(0);
    benches.rotate_left(rotate % 3);
    let mut group = c.benchmark_group("update_message_feedback");
    for (name, mut routine) in benches {
        group.bench_function(name, |b| routine(b));
    }
    group.finish();
}

criterion_group!(benches, update);
criterion_main!(benches);
