//! `cargo xtask bench [--quick]`: measures every row of the performance
//! table against a peer in the same run and rewrites the generated part of
//! `BENCHMARKS.md`. Loopback only; every loop is bounded.
//!
//! Rows: the wrapper call vs raw reqwest (paired rounds), its allocations
//! (dhat) and instructions (callgrind); `wonderchat import` vs wrk and vs a curl-per-row loop; the
//! import's peak RSS at two sizes; the mock vs Prism under wrk; the cold
//! build of a hello-world on `wonderchat` vs one on reqwest + tokio; the
//! import against a rate-limited mock vs the same import without adaptation;
//! the export vs `curl | jq`; a streamed answer's first and last event vs raw
//! reqwest + eventsource-stream; a `wonderchat mcp` tool call over stdio
//! against the SDK call in-process plus a stdio round trip; `wonderchat eval
//! run` of a suite against the same questions sent by the SDK alone;
//! `wonderchat pages sync` planning a 50,000-page sitemap.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{MockProcess, Result, capture, tool_dir};

mod agent;
mod build;
mod call;
mod eval;
mod export;
mod import;
mod insights;
mod limited;
mod load;
mod mock;
mod report;
mod rss;
mod stream;
mod sync;

use agent::mcp_row;
use build::build_row;
use call::{allocations_row, call_row, instructions_row};
use eval::eval_rows;
use export::export_row;
use import::import_rows;
use insights::{insights_api_row, insights_row, insights_wording_row};
use limited::limited_row;
use load::*;
use mock::mock_rows;
use report::report;
use rss::rss_row;
use stream::stream_rows;
use sync::sync_rows;

fn check(command: &mut Command) -> Result {
    crate::process::check(command, &format!("{command:?}"))
}

const START: &str =
    "<!-- bench:start (written by `cargo xtask bench`; edit outside these markers) -->";
const END: &str = "<!-- bench:end -->";

/// `cargo bench --quiet -p wonderchat --bench NAME`, to add arguments to.
fn sdk_bench_command(root: &Path, name: &str) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(root)
        .args(["bench", "--quiet", "-p", "wonderchat", "--bench", name]);
    command
}

/// What `cargo bench -p wonderchat --bench NAME` prints.
fn sdk_bench(root: &Path, name: &str) -> Result<String> {
    capture(
        &mut sdk_bench_command(root, name),
        &format!("cargo bench --bench {name}"),
    )
}

/// Sizes of one run.
struct Plan {
    import_rows: u64,
    rss_rows: [u64; 2],
    curl_rows: u64,
    repeats: usize,
    wrk_seconds: u64,
    /// How long the mock's `/chat` run lasts: long enough to fill the
    /// chatlog cap (the tail is measured while chatlogs pile up).
    fill_seconds: u64,
    build_repeats: usize,
    limited_rows: u64,
    export_sizes: [usize; 2],
    /// Chatlogs of the report's two exports (the small one shows RSS is flat).
    report_rows: [u64; 2],
    /// `rate_answer` tool calls of the MCP row (after 200 warm-up calls).
    mcp_calls: u64,
    /// Cases of the eval row's suite.
    eval_cases: u64,
}

impl Plan {
    fn new(quick: bool) -> Self {
        if quick {
            Plan {
                import_rows: 20_000,
                rss_rows: [10_000, 100_000],
                curl_rows: 200,
                repeats: 1,
                wrk_seconds: 3,
                fill_seconds: 10,
                build_repeats: 1,
                limited_rows: 2_000,
                export_sizes: [10_000, 100_000],
                report_rows: [10_000, 100_000],
                mcp_calls: 2_000,
                eval_cases: 200,
            }
        } else {
            Plan {
                import_rows: 100_000,
                rss_rows: [10_000, 1_000_000],
                curl_rows: 1_000,
                repeats: 3,
                wrk_seconds: 10,
                fill_seconds: 60,
                build_repeats: 2,
                limited_rows: 20_000,
                export_sizes: [10_000, 100_000],
                report_rows: [100_000, 1_000_000],
                mcp_calls: 10_000,
                eval_cases: 1_000,
            }
        }
    }
}

/// Median and range of repeated measurements.
#[derive(Clone, Copy, Debug)]
struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

fn stats(mut values: Vec<f64>) -> Stats {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Stats {
        median,
        min: values[0],
        max: values[n - 1],
    }
}

impl Stats {
    fn show(&self, unit: &str, digits: usize) -> String {
        format!(
            "{:.d$} {unit} ({:.d$}–{:.d$})",
            self.median,
            self.min,
            self.max,
            d = digits
        )
    }
}

/// The rows `--only` can name, in the order they run.
pub(crate) const ROWS: [&str; 12] = [
    "call", "import", "rss", "mock", "build", "limited", "export", "stream", "report", "mcp",
    "eval", "sync",
];

/// Runs every row (or those of `only`) and writes BENCHMARKS.md (only when
/// every row ran).
pub(crate) fn run(root: &Path, quick: bool, only: &[String]) -> Result {
    if let Some(unknown) = only.iter().find(|r| !ROWS.contains(&r.as_str())) {
        return Err(format!(
            "unknown row {unknown:?}: the rows are {}",
            ROWS.join(", ")
        ));
    }
    let wanted = |row: &str| only.is_empty() || only.iter().any(|r| r == row);
    let plan = Plan::new(quick);
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let prism_dir = PathBuf::from(tool_dir(root, "tools/bench-tools.sh")?);
    println!("building release binaries");
    check(Command::new(env!("CARGO")).current_dir(root).args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "wonderchat-cli",
        "-p",
        "wonderchat-mock",
        "--features",
        "wonderchat-mock/cli",
    ]))?;
    let bin = root.join("target/release");

    let mut rows = Vec::new();
    if wanted("call") {
        println!("\n--- 1. one call: wrapper vs raw reqwest (paired rounds; dhat; callgrind)");
        rows.push(call_row(root)?);
        rows.push(allocations_row(root)?);
        rows.push(instructions_row(root)?);
    }
    if wanted("import") {
        println!("\n--- 2. import vs wrk vs curl loop");
        rows.extend(import_rows(root, &bin, &work, &plan)?);
    }
    if wanted("rss") {
        println!("\n--- 3. import peak RSS");
        rows.push(rss_row(&bin, &work, &plan)?);
    }
    if wanted("mock") {
        println!("\n--- 4. mock vs Prism under wrk");
        rows.extend(mock_rows(root, &bin, &prism_dir, &plan)?);
    }
    // Two cold builds take minutes: full runs only (or `--only build`).
    if (!quick || !only.is_empty()) && wanted("build") {
        println!("\n--- 5. users' cold build");
        rows.push(build_row(root, &work, &plan)?);
    }
    if wanted("limited") {
        println!("\n--- 6. import against a rate-limited mock");
        rows.push(limited_row(&bin, &work, &plan)?);
    }
    if wanted("export") {
        println!("\n--- 7. export: memory and time against curl | jq");
        rows.push(export_row(&bin, &work, &plan)?);
    }

    if wanted("report") {
        println!("\n--- 9. report: a large export against DuckDB");
        rows.extend(insights_row(root, &bin, &work, &plan)?);
        rows.push(insights_wording_row(&bin, &work, &plan)?);
        rows.push(insights_api_row(&bin, &work, &plan)?);
    }

    if wanted("mcp") {
        println!("\n--- 11. wonderchat mcp: a tool call over stdio (Python MCP SDK)");
        rows.push(mcp_row(root, &bin, &work, &plan)?);
    }

    if wanted("eval") {
        println!("\n--- 12. wonderchat eval: a suite against the SDK alone; RSS; a rate limit");
        rows.extend(eval_rows(root, &bin, &work, &plan)?);
    }

    if wanted("sync") {
        println!("\n--- 13. wonderchat pages sync: planning a 50,000-page sitemap");
        rows.extend(sync_rows(&bin, &work, &plan)?);
    }

    if wanted("stream") {
        println!("\n--- 8. a streamed answer: first and last event, wrapper vs raw");
        rows.extend(stream_rows(root)?);
    }

    let report = report(&rows, quick)?;
    if !only.is_empty() {
        println!("\n{report}\n(--only: BENCHMARKS.md left as it was)");
        return Ok(());
    }
    let path = root.join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let new = match (old.find(START), old.find(END)) {
        (Some(a), Some(b)) if a < b => format!("{}{START}\n{report}{}", &old[..a], &old[b..]),
        _ => format!("# Benchmarks\n\n{START}\n{report}{END}\n"),
    };
    std::fs::write(&path, new).map_err(|e| e.to_string())?;
    println!("\nwrote {}", path.display());
    Ok(())
}

/// One line of the report table.
struct Row {
    figure: String,
    ours: String,
    peer: String,
    ratio: f64,
    target: String,
    /// Whether the target is met; `None` for a row that explains another.
    met: Option<bool>,
    bound: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_benches_imports_overwrite_an_earlier_results_file() {
        // A second `cargo xtask bench` (or a second repeat) once stopped at
        // the import row: its results file was there from the first.
        let command = import(
            Path::new("bin"),
            "http://127.0.0.1:1",
            Path::new("in.csv"),
            Path::new("out.jsonl"),
        );
        assert!(command.get_args().any(|a| a == "--force"), "{command:?}");
    }

    #[test]
    fn medians_and_ranges() {
        let s = stats(vec![3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(stats(vec![4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }
}
