//! The generated part of BENCHMARKS.md: machine, versions, the table and
//! what bounds each row.

use super::*;

pub(super) fn report(rows: &[Row], quick: bool) -> Result<String> {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines().next().map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(0.0)
                    / 1024.0
                    / 1024.0
            })
        })
        .unwrap_or(0.0);
    let version = |program: &str, arg: &str| -> String {
        Command::new(program)
            .arg(arg)
            .output()
            .map(|o| {
                String::from_utf8_lossy(if o.stdout.is_empty() {
                    &o.stderr
                } else {
                    &o.stdout
                })
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
            })
            .unwrap_or_else(|_| "not found".into())
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Run of `cargo xtask bench{}`; every figure is compared with a peer measured in the same run.\n",
        if quick { " --quick" } else { "" }
    );
    let _ = writeln!(out, "- Machine: {cpu}, {cores} cores, {memory:.0} GiB");
    let _ = writeln!(
        out,
        "- Versions: {}; {}; wrk {}; node {}",
        version("rustc", "--version"),
        version("cargo", "--version"),
        version("wrk", "-v")
            .split_whitespace()
            .nth(1)
            .unwrap_or("?"),
        version("node", "--version")
    );
    let _ = writeln!(
        out,
        "- Method: medians with min–max over repeated runs (paired rounds for the call and the stream; counts, not times, for allocations and instructions); loopback only; release builds of the CLI and the mock.\n"
    );
    let _ = writeln!(out, "| figure | ours | peer | ratio | target | met |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.figure,
            row.ours,
            row.peer,
            if row.ratio.is_nan() {
                "—".to_owned()
            } else {
                format!("{:.2}×", row.ratio)
            },
            row.target,
            match row.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "—",
            }
        );
    }
    let _ = writeln!(out, "\nWhat bounds each row:\n");
    for row in rows {
        let _ = writeln!(out, "- **{}**: {}", row.figure, row.bound);
    }
    Ok(out)
}
