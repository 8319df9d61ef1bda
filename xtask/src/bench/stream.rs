//! Row 8: a streamed answer, time to the first event and to the last,
//! wrapper vs raw reqwest + eventsource-stream (`benches/stream.rs`,
//! alternating asks on one mock stream).

use super::*;

/// The two rows: time to the first event, time to the last.
pub(super) fn stream_rows(root: &Path) -> Result<Vec<Row>> {
    let output = sdk_bench(root, "stream")?;
    let names = [
        "wrapper_first_us",
        "wrapper_last_us",
        "raw_first_us",
        "raw_last_us",
        "events",
    ];
    let mut columns: [Vec<f64>; 5] = Default::default();
    for line in output.lines().filter(|l| l.starts_with("round ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (name, column) in names.iter().zip(columns.iter_mut()) {
            let value = words
                .iter()
                .position(|w| w == name)
                .and_then(|i| words.get(i + 1))
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or_else(|| format!("no {name} in this line of the stream bench: {line}"))?;
            column.push(value);
        }
    }
    let [ours_first, ours_last, raw_first, raw_last, events] = columns;
    if events.is_empty() {
        return Err(format!("the stream bench printed no rounds:\n{output}"));
    }
    let (rounds, events) = (events.len(), events[0]);
    let row = |what: &str, ours: Vec<f64>, raw: Vec<f64>, bound: String| {
        let ratio = stats(ours.iter().zip(&raw).map(|(o, r)| o / r).collect());
        let (ours, raw) = (stats(ours), stats(raw));
        println!(
            "{what}: wrapper {ours:?} µs, raw {raw:?} µs, ratio {:.3}",
            ratio.median
        );
        Row {
            figure: format!(
                "chat with `stream: true`, {events:.0} events: time to the {what} event (µs; ratio = median of \
                 {rounds} paired rounds, range {:.2}–{:.2})",
                ratio.min, ratio.max
            ),
            ours: format!("wrapper {}", ours.show("µs", 0)),
            peer: format!("raw reqwest + eventsource-stream {}", raw.show("µs", 0)),
            ratio: ratio.median,
            target: "≤ 1.05×".into(),
            met: Some(ratio.median <= 1.05),
            bound: format!(
                "{bound} Each round is the median of 25 asks per side, alternating which side asks \
                 first; the mock sends the events without pauses, so this is the client's own cost \
                 ({:+.0} µs at the median).",
                ours.median - raw.median
            ),
        }
    };
    Ok(vec![
        row(
            "first",
            ours_first,
            raw_first,
            "Up to the first event both sides send one request and wait for the answer's head \
             and first frame; the wrapper adds the request's validation, the call engine \
             (attempt timer, retry future) and its event decoder."
                .into(),
        ),
        row(
            "last",
            ours_last,
            raw_last,
            "Every event is parsed from the same bytes on both sides (eventsource-stream) and its \
             data decoded from JSON; the wrapper also maps each event to a typed `ChatEvent` and \
             scrubs secrets from its text."
                .into(),
        ),
    ])
}
