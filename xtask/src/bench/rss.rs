//! Row 3: the import's peak RSS at two input sizes.

use super::*;

pub(super) fn rss_row(bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let server = start_mock(bin)?;
    let mut peaks = Vec::new();
    for rows in plan.rss_rows {
        let input = work.join(format!("rss-{rows}.csv"));
        write_csv(&input, rows)?;
        let results = work.join(format!("rss-{rows}.results.jsonl"));
        let command = import(bin, &server.url, &input, &results);
        let program = command.get_program().to_owned();
        let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
        let output = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(program)
            .args(args)
            .envs(
                command
                    .get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
            )
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run /usr/bin/time: {e}"))?;
        let text = String::from_utf8_lossy(&output.stderr);
        let kib = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .ok_or_else(|| format!("no RSS in /usr/bin/time output:\n{text}"))?;
        println!("import of {rows} rows: peak RSS {:.1} MiB", kib / 1024.0);
        peaks.push(kib / 1024.0);
        let _ = std::fs::remove_file(&input);
    }
    let ratio = peaks[1] / peaks[0];
    Ok(Row {
        figure: "peak RSS of `wonderchat import` (MiB)".into(),
        ours: format!("{:.1} MiB at {} rows", peaks[1], plan.rss_rows[1]),
        peer: format!("{:.1} MiB at {} rows", peaks[0], plan.rss_rows[0]),
        ratio,
        target: "flat, ≤ 64 MiB".into(),
        met: peaks[1] <= 64.0 && ratio <= 1.5,
        bound: "Memory is bounded by the read-ahead channel (1,024 rows), the requests in flight, the \
                results writer's 64 KiB buffer and the runtime; the file is streamed, and `--resume` keeps \
                one bit per line."
            .into(),
    })
}
