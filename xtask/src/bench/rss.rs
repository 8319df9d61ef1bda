//! Row 3: the import's peak RSS at two input sizes.

use super::*;

pub(super) fn rss_row(bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let server = start_mock(bin)?;
    let mut peaks = Vec::new();
    for rows in plan.rss_rows {
        let input = work.join(format!("rss-{rows}.csv"));
        write_csv(&input, rows)?;
        let results = work.join(format!("rss-{rows}.results.jsonl"));
        let mut runs = Vec::new();
        for _ in 0..plan.repeats {
            let (mib, _) = timed(&import(bin, &server.url, &input, &results))?;
            println!("import of {rows} rows: peak RSS {mib:.1} MiB");
            runs.push(mib);
        }
        peaks.push(stats(runs));
        let _ = std::fs::remove_file(&input);
    }
    let ratio = peaks[1].median / peaks[0].median;
    Ok(Row {
        figure: "peak RSS of `wonderchat import` (MiB)".into(),
        ours: format!("{} at {} rows", peaks[1].show("MiB", 1), plan.rss_rows[1]),
        peer: format!("{} at {} rows", peaks[0].show("MiB", 1), plan.rss_rows[0]),
        ratio,
        target: "flat, ≤ 64 MiB".into(),
        met: Some(peaks[1].max <= 64.0 && ratio <= 1.5),
        bound: "Memory is bounded by the read-ahead channel (256 rows), the rows under way (the \
                requests in flight and up to 256 waiting), the results writer's 64 KiB buffer, the \
                runtime and what the allocator (jemalloc) keeps reserved (most of the figure); the file is streamed, \
                and `--resume` keeps the line and a 128-bit hash of the message id of each row \
                already sent."
            .into(),
    })
}
