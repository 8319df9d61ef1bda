//! Row 1: one `update_message_feedback` call, wrapper vs raw reqwest
//! (`benches/paired.rs`, alternating blocks).

use super::*;

pub(super) fn call_row(root: &Path) -> Result<Row> {
    // Alternating blocks of wrapper and raw calls (benches/paired.rs): drift
    // on this shared machine hits both alike. Criterion's separate view of the
    // same calls is `cargo bench -p wonderchat --bench update`.
    let output = sdk_bench(root, "paired")?;
    let (mut ours, mut raw, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for line in output.lines().filter(|l| l.starts_with("round ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (Some(w), Some(r)) = (
            words.get(3).and_then(|v| v.parse::<f64>().ok()),
            words.get(5).and_then(|v| v.parse::<f64>().ok()),
        ) else {
            return Err(format!("unexpected line from the paired bench: {line}"));
        };
        ours.push(w);
        raw.push(r);
        ratios.push(w / r);
    }
    if ratios.is_empty() {
        return Err(format!("the paired bench printed no rounds:\n{output}"));
    }
    let rounds = ratios.len();
    let ratio = stats(ratios);
    let (ours, raw) = (stats(ours), stats(raw));
    println!(
        "wrapper {ours:?} µs, raw {raw:?} µs, ratio {:.3}",
        ratio.median
    );
    Ok(Row {
        figure: format!(
            "one `update_message_feedback` call, warm connection (µs per call; ratio = median of {rounds} paired rounds, range {:.2}–{:.2})",
            ratio.min, ratio.max
        ),
        ours: format!("wrapper {}", ours.show("µs", 1)),
        peer: format!("raw reqwest + serde_json {}", raw.show("µs", 1)),
        ratio: ratio.median,
        target: "≤ 1.03×".into(),
        met: Some(ratio.median <= 1.03),
        bound: format!(
            "The loopback round trip through the mock (HTTP/1.1 on both sides, the mock's validation and \
             state update) is nearly all of each call; what the wrapper adds (the generated client's \
             extra headers and header-map copy, validation, the attempt timer, the retry future, chrono parsing \
             of `submittedAt`) is {:+.1} µs at the median, while single rounds spread over {:.2}–{:.2} \
             on this shared 2-core machine.",
            ours.median - raw.median,
            ratio.min,
            ratio.max
        ),
    })
}

/// Row 1b: heap allocations per call (`benches/allocations.rs`, dhat): a
/// figure the machine's load does not move.
pub(super) fn allocations_row(root: &Path) -> Result<Row> {
    let output = sdk_bench(root, "allocations")?;
    let line = output
        .lines()
        .find(|l| l.starts_with("wrapper_allocs "))
        .ok_or_else(|| format!("the allocations bench printed no result:\n{output}"))?;
    let numbers: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .step_by(2)
        .map(|v| v.parse().map_err(|_| format!("unexpected line: {line}")))
        .collect::<Result<_>>()?;
    let [wrapper, wrapper_bytes, raw, raw_bytes] = numbers[..] else {
        return Err(format!("unexpected line: {line}"));
    };
    println!("allocations per call: wrapper {wrapper}, raw {raw}");
    let ratio = wrapper / raw;
    Ok(Row {
        figure: "heap allocations per `update_message_feedback` call (dhat; client side only)".into(),
        ours: format!("wrapper {wrapper:.0} ({:.1} kB)", wrapper_bytes / 1000.0),
        peer: format!("raw reqwest + serde_json {raw:.0} ({:.1} kB)", raw_bytes / 1000.0),
        ratio,
        target: "≤ 1.5×".into(),
        met: Some(ratio <= 1.5),
        bound: "Counted, not timed, against a canned responder that allocates nothing. From dhat's \
                profile (`ALLOCATIONS_PROFILE=FILE cargo bench -p wonderchat --bench allocations`), \
                what the wrapper adds per call: progenitor's request builder (its default builder \
                holds an error string per required field, 3; the constrained-string newtypes, 2; \
                its header map with `api-version`, 2; the URL string, 1), the scrub step of the \
                call context (the body read into one buffer and a response rebuilt around it, about 6), \
                the request body kept for a retry (about 3) and the result's strings (3). The engine \
                refactor (one generated client per `Client` and a task-local call context instead \
                of a generated client, its base-URL string and its recording slot per attempt) \
                took 83 to 80; moving the answer's headers into the rebuilt answer instead of \
                copying them, and boxing the generated request's future (one allocation that saves \
                copying several KiB on every move), leave 79."
            .into(),
    })
}

/// Row 1c: instructions per call (`benches/cpu.rs` under callgrind, one side
/// per run, client and canned server): counted, not timed, so what the
/// wrapper adds to a call shows without the round trip's noise.
pub(super) fn instructions_row(root: &Path) -> Result<Row> {
    let bench = bench_executable(root, "cpu")?;
    // Two runs of different lengths per side: their difference is per call,
    // without start-up and warm-up.
    let per_call = |side: &str| -> Result<f64> {
        let (short, short_calls) = callgrind(&bench, side, 4)?;
        let (long, long_calls) = callgrind(&bench, side, 12)?;
        Ok((long - short) / (long_calls - short_calls))
    };
    let (wrapper, raw) = (per_call("wrapper")?, per_call("raw")?);
    println!("instructions per call: wrapper {wrapper:.0}, raw {raw:.0}");
    let ratio = wrapper / raw;
    Ok(Row {
        figure: "instructions per `update_message_feedback` call (callgrind; client and a canned server)".into(),
        ours: format!("wrapper {:.1} k", wrapper / 1e3),
        peer: format!("raw reqwest + serde_json {:.1} k", raw / 1e3),
        ratio,
        target: "— (explains row 1)".into(),
        met: None,
        bound: format!(
            "Counted by valgrind over `benches/cpu.rs` (`CPU_BENCH_SIDE=wrapper|raw`), both sides against a \
             canned responder on a current-thread runtime. The wrapper executes {:.1} k more instructions \
             per call; diffing the two callgrind profiles by function, they are: moving and polling its \
             futures (the retry, the attempt timeout, the tracing span and the task-local call context), \
             about 24 more allocations (the generated builder's strings, the body kept for a retry, the \
             scrub step's buffer, the result's strings), a second URL parse (reqwest builds the rebuilt \
             answer of the scrub step with a placeholder URL), chrono parsing of `submittedAt`, and the \
             extra `api-version`, `accept` and `user-agent` headers. reqwest itself parses each request's \
             URL three times (the request, its redirect policy, the answer), on both sides.",
            (wrapper - raw) / 1e3
        ),
    })
}

/// The path of a bench binary of `wonderchat`, built (release) if needed.
fn bench_executable(root: &Path, name: &str) -> Result<PathBuf> {
    let output = capture(
        sdk_bench_command(root, name).args(["--no-run", "--message-format=json"]),
        &format!("cargo bench --no-run --bench {name}"),
    )?;
    output
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| m["target"]["name"] == name && m["executable"].is_string())
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| format!("cargo did not name the executable of the {name} bench"))
}

/// Instructions counted by callgrind over one run of the cpu bench, and the
/// calls it made.
fn callgrind(bench: &Path, side: &str, rounds: u32) -> Result<(f64, f64)> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(bench)
        .arg("--bench")
        .env("CPU_BENCH_SIDE", side)
        .env("CPU_BENCH_ROUNDS", rounds.to_string())
        .output()
        .map_err(|e| format!("cannot run valgrind (tools/bench-tools.sh installs it): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "callgrind over the cpu bench failed ({})",
            output.status
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let calls = stdout
        .lines()
        .find_map(|l| l.strip_prefix("calls ")?.trim().parse::<f64>().ok());
    let refs = stderr.lines().find_map(|l| {
        let (_, n) = l.split_once("I   refs:")?;
        n.trim().replace(',', "").parse::<f64>().ok()
    });
    match (refs, calls) {
        (Some(refs), Some(calls)) => Ok((refs, calls)),
        _ => Err(format!("unexpected callgrind output:\n{stdout}\n{stderr}")),
    }
}
