//! Row 12: `wonderchat eval run` of a suite against the same questions sent
//! by the SDK alone (`examples/sdk_peer.rs` of wonderchat-eval) at the same
//! concurrency; its peak RSS; and the eval against a rate-limited mock.

use super::*;

/// Conversations at once, both sides.
const CONCURRENCY: &str = "16";
/// The mock's answer time in the paired row: what a server takes, which
/// the eval's tags (one more request per conversation) must not add to.
const ANSWER_MS: &str = "20";
/// The rate-limited mock's limit (requests per second).
const LIMIT: f64 = 500.0;

/// The suite (each case a question with two checks) and the same questions,
/// one a line.
fn write_suite(work: &Path, cases: u64) -> Result<(PathBuf, PathBuf)> {
    const SUBJECTS: [&str; 6] = [
        "reset my password",
        "pricing plans",
        "getting started docs",
        "about the company",
        "billing invoices",
        "shipping to Mars",
    ];
    let (mut suite, mut questions) = (
        String::from("chatbot: demo-chatbot\ncases:\n"),
        String::new(),
    );
    for i in 0..cases {
        let question = format!("Question {i}: what about {}?", SUBJECTS[i as usize % 6]);
        let _ = writeln!(
            suite,
            "  - id: c{i}\n    question: \"{question}\"\n    not_cites: https://example.com/nowhere/*\n    contains: question"
        );
        let _ = writeln!(questions, "{question}");
    }
    let (s, q) = (
        work.join("eval-suite.yaml"),
        work.join("eval-questions.txt"),
    );
    std::fs::write(&s, suite).map_err(|e| e.to_string())?;
    std::fs::write(&q, questions).map_err(|e| e.to_string())?;
    Ok((s, q))
}

/// `wonderchat eval run` of `suite` against `url`.
fn eval_command(bin: &Path, work: &Path, url: &str, suite: &Path) -> Command {
    let mut command = Command::new(bin.join("wonderchat"));
    command
        .env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
        .env("WONDERCHAT_BASE_URL", url)
        .env("WONDERCHAT_EVAL_LEDGER", work.join("eval-ledger.jsonl"))
        .args(["--quiet", "eval", "run"])
        .arg(suite)
        .args(["--concurrency", CONCURRENCY, "--save"])
        .arg(work.join("eval-results.json"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The results' summary (errors, cases tagged) after a run.
fn summary(work: &Path) -> Result<(u64, u64)> {
    let text = std::fs::read(work.join("eval-results.json")).map_err(|e| e.to_string())?;
    let run: serde_json::Value = serde_json::from_slice(&text).map_err(|e| e.to_string())?;
    let errors = run["summary"]["errors"].as_u64().unwrap_or(u64::MAX);
    let tagged = run["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .flat_map(|c| c["tries"].as_array().into_iter().flatten())
                .filter(|t| t["tagged"] == true)
                .count() as u64
        })
        .unwrap_or(0);
    Ok((errors, tagged))
}

/// Wall times (s) of the eval and of the SDK peer, alternating, and the
/// eval's peak RSS (MiB), against a mock started with `mock_args`.
fn paired(
    root: &Path,
    bin: &Path,
    work: &Path,
    files: &(PathBuf, PathBuf),
    mock_args: &[&str],
    repeats: usize,
) -> Result<(Stats, Stats, Stats)> {
    let server = MockProcess::start(&bin.join("wonderchat-mock"), mock_args)?;
    let peer_bin = root.join("target/release/examples/sdk_peer");
    let (mut ours, mut peers, mut rss) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..repeats {
        let (mib, seconds) = timed(&eval_command(bin, work, &server.url, &files.0))?;
        let (errors, _) = summary(work)?;
        if errors > 0 {
            return Err(format!("the eval had {errors} errors"));
        }
        let mut peer = Command::new(&peer_bin);
        peer.arg(&server.url).arg(&files.1).arg(CONCURRENCY);
        let (_, peer_seconds) = timed(&peer)?;
        println!("run {run}: eval {seconds:.2} s ({mib:.0} MiB), SDK alone {peer_seconds:.2} s");
        ours.push(seconds);
        peers.push(peer_seconds);
        rss.push(mib);
    }
    Ok((stats(ours), stats(peers), stats(rss)))
}

pub(super) fn eval_rows(root: &Path, bin: &Path, work: &Path, plan: &Plan) -> Result<Vec<Row>> {
    check(Command::new(env!("CARGO")).current_dir(root).args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "wonderchat-eval",
        "--example",
        "sdk_peer",
    ]))?;
    let cases = plan.eval_cases;
    let files = write_suite(work, cases)?;
    let slow = ["--max-connections", "4096", "--delay-ms", ANSWER_MS];
    let (ours, peer, rss) = paired(root, bin, work, &files, &slow, plan.repeats)?;
    let ratio = ours.median / peer.median;
    let (fast_ours, fast_peer, _) = paired(
        root,
        bin,
        work,
        &files,
        &["--max-connections", "4096"],
        plan.repeats,
    )?;
    let fast_ratio = fast_ours.median / fast_peer.median;

    // Against a rate limit: every request (questions and tags) counts.
    let limited = MockProcess::start(
        &bin.join("wonderchat-mock"),
        &["--max-connections", "4096", "--rate-limit", "500"],
    )?;
    let mut rates = Vec::new();
    let mut worst_errors = 0;
    for run in 0..plan.repeats {
        let started = Instant::now();
        // Exit 3 (errors only) is a result here, counted below.
        let status = eval_command(bin, work, &limited.url, &files.0)
            .status()
            .map_err(|e| format!("cannot run the eval: {e}"))?;
        if !matches!(status.code(), Some(0 | 3)) {
            return Err(format!("the rate-limited eval failed: {status}"));
        }
        let seconds = started.elapsed().as_secs_f64();
        let (errors, tagged) = summary(work)?;
        let rate = (cases + tagged) as f64 / seconds;
        println!("rate-limited run {run}: {rate:.0} requests/s accepted, {errors} errors");
        worst_errors = worst_errors.max(errors);
        rates.push(rate);
    }
    drop(limited);
    let rates = stats(rates);
    let share = rates.median / LIMIT;
    Ok(vec![
        Row {
            figure: format!(
                "`wonderchat eval run` of {cases} cases, `--concurrency {CONCURRENCY}`, against the mock answering in {ANSWER_MS} ms (s)"
            ),
            ours: ours.show("s", 2),
            peer: format!("the same questions by the SDK alone, same concurrency: {}", peer.show("s", 2)),
            ratio,
            target: "≤ 1.2× the SDK alone".into(),
            met: Some(ratio <= 1.2),
            bound: "The eval also parses the suite, checks each answer, tags each conversation (one more request, \
                    in a lane of its own beside the questions) and appends it to the ledger, then writes the results."
                .into(),
        },
        Row {
            figure: "the same against the mock answering at once (s)".into(),
            ours: fast_ours.show("s", 2),
            peer: format!("the SDK alone: {}", fast_peer.show("s", 2)),
            ratio: fast_ratio,
            target: "(explains the row above)".into(),
            met: None,
            bound: "With answers in microseconds the run is the two processes' CPU: the eval sends twice the \
                    requests (every conversation is tagged, as the ledger's purpose requires) and starts a bigger \
                    program, so it takes about twice the SDK's time, a difference of tens of milliseconds."
                .into(),
        },
        Row {
            figure: "peak RSS of that eval (MiB)".into(),
            ours: rss.show("MiB", 0),
            peer: "—".into(),
            ratio: rss.median / 64.0,
            target: "≤ 64 MiB".into(),
            met: Some(rss.max <= 64.0),
            bound: "The suite and every answer are held until the results are written.".into(),
        },
        Row {
            figure: format!(
                "the eval of {cases} cases against `wonderchat-mock --rate-limit 500` (accepted requests, questions and tags, per second ÷ the limit)"
            ),
            ours: format!("{} ({share:.2} of the limit), {worst_errors} errors at most", rates.show("requests/s", 0)),
            peer: "the limit: 500 requests/s".into(),
            ratio: share,
            target: "≥ 0.95 of the limit, 0 errors".into(),
            met: Some(share >= 0.95 && worst_errors == 0),
            bound: "The SDK's adaptive rate (shared with import and sync): the first burst is cut short at its \
                    sixteenth 429 and read as a rate; one probe past the limit, then it holds just under it. Each \
                    refused request waits out a whole `Retry-After` second without holding a turn, while other \
                    cases send; the mock's bucket (a tenth of a second) lets the run start above the limit."
                .into(),
        },
    ])
}
