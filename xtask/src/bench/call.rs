//! Row 1: one `update_message_feedback` call, wrapper vs raw reqwest
//! (`benches/paired.rs`, alternating blocks).

use super::*;

pub(super) fn call_row(root: &Path) -> Result<Row> {
    // Alternating blocks of wrapper and raw calls (benches/paired.rs): drift
    // on this shared machine hits both alike. Criterion's separate view of the
    // same calls is `cargo bench -p wonderchat --bench update`.
    let output = capture(
        Command::new(env!("CARGO")).current_dir(root).args([
            "bench",
            "--quiet",
            "-p",
            "wonderchat",
            "--bench",
            "paired",
        ]),
        "cargo bench --bench paired",
    )?;
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
        met: ratio.median <= 1.03,
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
