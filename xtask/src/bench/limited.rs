//! Row 6: a bulk import against a rate-limited mock, with the adaptive send
//! rate and without it (fixed concurrency): how close each gets to the limit,
//! how many rows fail, how many requests are answered 429.

use super::*;

/// The mock's limit (requests per second).
const LIMIT: f64 = 500.0;

/// One import's figures.
struct Outcome {
    per_second: f64,
    failed: u64,
    throttled_share: f64,
}

fn import_limited(
    bin: &Path,
    work: &Path,
    input: &Path,
    name: &str,
    extra: &[&str],
) -> Result<Outcome> {
    let server = MockProcess::start(
        &bin.join("wonderchat-mock"),
        &[
            "--max-connections",
            "4096",
            "--lenient-messages",
            "--rate-limit",
            "500",
        ],
    )?;
    let results = work.join(format!("limited-{name}.results.jsonl"));
    let _ = std::fs::remove_file(&results);
    let started = Instant::now();
    let output = Command::new(bin.join("wonderchat"))
        .env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
        .env("WONDERCHAT_BASE_URL", &server.url)
        .arg("import")
        .arg(input)
        .args(["--json", "--quiet", "--force", "--results"])
        .arg(&results)
        .args(extra)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run wonderchat import: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("no JSON summary from the import ({e}): {output:?}"))?;
    let count = |key: &str| summary[key].as_u64().unwrap_or(0);
    // Every request is one attempt of a row; every attempt but a row's last
    // was answered 429 here (the mock injects nothing else).
    let (mut attempts, mut rows) = (0u64, 0u64);
    let text = std::fs::read_to_string(&results).map_err(|e| e.to_string())?;
    for line in text.lines() {
        let record: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        attempts += record["attempts"].as_u64().unwrap_or(1);
        rows += 1;
    }
    let outcome = Outcome {
        per_second: count("sent") as f64 / seconds,
        failed: count("failed"),
        throttled_share: (attempts - rows) as f64 / attempts.max(1) as f64,
    };
    println!(
        "{name}: {:.0} accepted/s, {} failed, 429 on {:.1}% of {attempts} requests",
        outcome.per_second,
        outcome.failed,
        outcome.throttled_share * 100.0
    );
    Ok(outcome)
}

pub(super) fn limited_row(bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let input = work.join("limited.csv");
    write_csv(&input, plan.limited_rows)?;
    // The adaptive import is repeated; the fixed peer, which spends most of
    // its time waiting out `Retry-After` (minutes at 20,000 rows), runs once.
    let ours = (0..plan.repeats)
        .map(|_| import_limited(bin, work, &input, "adaptive", &[]))
        .collect::<Result<Vec<_>>>()?;
    let peer = import_limited(
        bin,
        work,
        &input,
        "fixed",
        &["--no-adapt", "--concurrency", "32"],
    )?;
    let show = |o: &Outcome| {
        format!(
            "{:.0} accepted/s ({:.2} of the limit), {} failed, 429 on {:.1}% of requests",
            o.per_second,
            o.per_second / LIMIT,
            o.failed,
            o.throttled_share * 100.0
        )
    };
    let rates = stats(ours.iter().map(|o| o.per_second).collect());
    let failed = ours.iter().map(|o| o.failed).max().unwrap_or(0);
    let throttled = stats(ours.iter().map(|o| o.throttled_share * 100.0).collect());
    let ratio = rates.median / LIMIT;
    Ok(Row {
        figure: format!(
            "import of {} rows against `wonderchat-mock --rate-limit 500` (accepted requests per second ÷ the limit)",
            plan.limited_rows
        ),
        ours: format!(
            "adaptive (default), {} run(s): {} ({:.2} of the limit), {failed} failed at most, 429 on {:.1}% ({:.1}–{:.1}%) of requests",
            ours.len(),
            rates.show("accepted/s", 0),
            ratio,
            throttled.median,
            throttled.min,
            throttled.max
        ),
        peer: format!("`--no-adapt --concurrency 32`, one run: {}", show(&peer)),
        ratio,
        target: "≥ 0.95 of the limit, 0 failed, 429 ≤ 5% of requests".into(),
        met: Some(ratio >= 0.95 && failed == 0 && throttled.max <= 5.0),
        bound: "The mock's limit, by design: both imports can send far faster. Without adaptation \
                every request beyond the limit is answered 429 and waits out `Retry-After` before its \
                retry; the adaptive rate (`RetryPolicy::adaptive`) settles just under the limit, so \
                few requests are refused and the wait is spent sending. The first burst is cut short at \
                its sixteenth 429, and rows refused then wait out their second while others send."
            .into(),
    })
}
