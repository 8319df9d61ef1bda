//! `cargo xtask bench [--quick]`: measures every row of the performance
//! table against a peer in the same run and rewrites the generated part of
//! `BENCHMARKS.md`. Loopback only; every loop is bounded.
//!
//! Rows: the wrapper call vs raw reqwest (criterion); `wonderchat import` vs
//! wrk and vs a curl-per-row loop; the import's peak RSS at two sizes; the
//! mock vs Prism under wrk; and the cold build of a hello-world on
//! `wonderchat` vs one on reqwest + tokio.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::process::{MockProcess, Result, capture, tool_dir};

fn check(command: &mut Command) -> Result {
    crate::process::check(command, &format!("{command:?}"))
}

const START: &str =
    "<!-- bench:start (written by `cargo xtask bench`; edit outside these markers) -->";
const END: &str = "<!-- bench:end -->";

/// Sizes of one run.
struct Plan {
    import_rows: u64,
    rss_rows: [u64; 2],
    curl_rows: u64,
    repeats: usize,
    wrk_seconds: u64,
    build_repeats: usize,
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
                build_repeats: 1,
            }
        } else {
            Plan {
                import_rows: 100_000,
                rss_rows: [10_000, 1_000_000],
                curl_rows: 1_000,
                repeats: 3,
                wrk_seconds: 10,
                build_repeats: 2,
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

/// Runs every row and writes BENCHMARKS.md.
pub fn run(root: &Path, quick: bool) -> Result {
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
    ]))?;
    let bin = root.join("target/release");

    let mut rows = Vec::new();
    println!("\n--- 1. one call: wrapper vs raw reqwest (criterion)");
    rows.push(call_row(root)?);
    println!("\n--- 2. import vs wrk vs curl loop");
    rows.extend(import_rows(root, &bin, &work, &plan)?);
    println!("\n--- 3. import peak RSS");
    rows.push(rss_row(&bin, &work, &plan)?);
    println!("\n--- 4. mock vs Prism under wrk");
    rows.push(mock_row(root, &bin, &prism_dir, &plan)?);
    println!("\n--- 5. users' cold build");
    rows.push(build_row(root, &work, &plan)?);

    let report = report(&rows, quick)?;
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
    met: bool,
    bound: String,
}

// ---- 1. criterion ----------------------------------------------------------

fn call_row(root: &Path) -> Result<Row> {
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

/// The release mock, with room for wrk's and the import's connections.
fn start_mock(bin: &Path) -> Result<MockProcess> {
    MockProcess::start(
        &bin.join("wonderchat-mock"),
        &["--max-connections", "4096", "--lenient-messages"],
    )
}

const BODY: &str = r#"{"apiKey":"wonderchat-demo-key","messageId":"msg_wrk","feedback":"HELPFUL","userComment":"benchmark"}"#;

fn write_csv(path: &Path, rows: u64) -> Result {
    let mut text = String::with_capacity(rows as usize * 40);
    text.push_str("messageId,feedback,userComment\n");
    for i in 0..rows {
        let feedback = if i % 3 == 0 { "NOT_HELPFUL" } else { "HELPFUL" };
        let _ = writeln!(text, "msg_{i},{feedback},row {i}");
    }
    std::fs::write(path, text).map_err(|e| e.to_string())
}

fn import(bin: &Path, url: &str, input: &Path, results: &Path) -> Command {
    let mut command = Command::new(bin.join("wonderchat"));
    command
        .env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
        .env("WONDERCHAT_BASE_URL", url)
        .arg("import")
        .arg(input)
        .args(["--concurrency", "32", "--quiet", "--results"])
        .arg(results)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// wrk's requests per second and p99 latency (ms) for `seconds`.
fn wrk(url: &str, seconds: u64, work: &Path) -> Result<(f64, f64)> {
    let script = work.join("post.lua");
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '{BODY}'\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    // A second of warm-up: connections open, caches and allocators settle.
    let warm_up = format!("{url}/api/v1/update-message-feedback");
    capture(
        Command::new("wrk")
            .args(["-t", "2", "-c", "32", "-d", "1s", "-s"])
            .arg(&script)
            .arg(&warm_up),
        "wrk (warm-up)",
    )?;
    let output = capture(
        Command::new("wrk")
            .args([
                "-t",
                "2",
                "-c",
                "32",
                "-d",
                &format!("{seconds}s"),
                "--latency",
                "-s",
            ])
            .arg(&script)
            .arg(format!("{url}/api/v1/update-message-feedback")),
        "wrk",
    )?;
    let rps = output
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk output:\n{output}"))?;
    if output
        .lines()
        .any(|l| l.contains("Non-2xx") || l.contains("Socket errors"))
    {
        return Err(format!("wrk saw errors:\n{output}"));
    }
    let p99 = output
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| parse_latency(v.trim()))
        .unwrap_or(f64::NAN);
    Ok((rps, p99))
}

/// wrk latencies: `1.23ms`, `456.00us`, `1.02s`.
fn parse_latency(text: &str) -> f64 {
    let number = |suffix: &str| {
        text.strip_suffix(suffix)
            .and_then(|n| n.parse::<f64>().ok())
    };
    number("us")
        .map(|n| n / 1000.0)
        .or_else(|| number("ms"))
        .or_else(|| number("s").map(|n| n * 1000.0))
        .unwrap_or(f64::NAN)
}

fn import_rows(_root: &Path, bin: &Path, work: &Path, plan: &Plan) -> Result<Vec<Row>> {
    let input = work.join("import.csv");
    write_csv(&input, plan.import_rows)?;
    let results = work.join("import.results.jsonl");
    let server = start_mock(bin)?;
    let mut import_rates = Vec::new();
    let mut seconds = Vec::new();
    for run in 0..plan.repeats {
        let started = Instant::now();
        check(&mut import(bin, &server.url, &input, &results))?;
        let elapsed = started.elapsed().as_secs_f64();
        import_rates.push(plan.import_rows as f64 / elapsed);
        seconds.push(elapsed);
        println!(
            "import run {run}: {:.0} rows/s",
            plan.import_rows as f64 / elapsed
        );
    }
    let duration = stats(seconds).median.ceil().max(plan.wrk_seconds as f64) as u64;
    let mut wrk_rates = Vec::new();
    for run in 0..plan.repeats {
        let (rps, _) = wrk(&server.url, duration, work)?;
        println!("wrk run {run}: {rps:.0} requests/s");
        wrk_rates.push(rps);
    }
    let mut curl_rates = Vec::new();
    for run in 0..plan.repeats {
        let started = Instant::now();
        for i in 0..plan.curl_rows {
            let body = BODY.replace("msg_wrk", &format!("msg_curl_{i}"));
            check(
                Command::new("curl")
                    .args([
                        "--silent",
                        "--show-error",
                        "--fail",
                        "--output",
                        "/dev/null",
                        "--location",
                        "--request",
                        "POST",
                    ])
                    .arg(format!("{}/api/v1/update-message-feedback", server.url))
                    .args([
                        "--header",
                        "Content-Type: application/json",
                        "--data-raw",
                        &body,
                    ]),
            )?;
        }
        let rate = plan.curl_rows as f64 / started.elapsed().as_secs_f64();
        println!("curl loop run {run}: {rate:.0} rows/s");
        curl_rates.push(rate);
    }
    drop(server);
    let (import, wrk, curl) = (stats(import_rates), stats(wrk_rates), stats(curl_rates));
    let vs_wrk = import.median / wrk.median;
    let vs_curl = import.median / curl.median;
    Ok(vec![
        Row {
            figure: format!("`wonderchat import` of {} rows, concurrency 32 (rows/s)", plan.import_rows),
            ours: import.show("rows/s", 0),
            peer: format!("wrk, 32 connections, {duration} s: {}", wrk.show("req/s", 0)),
            ratio: vs_wrk,
            target: "≥ 0.85× wrk".into(),
            met: vs_wrk >= 0.85,
            bound: "Both share the 2 cores with the mock, which answers every request; the import also parses \
                    the CSV, orders updates per message, writes a results line per row and runs the wrapper's \
                    per-call work, all of which wrk's constant pre-built request skips."
                .into(),
        },
        Row {
            figure: "the same import vs a sequential curl-per-row loop (rows/s)".into(),
            ours: import.show("rows/s", 0),
            peer: format!("curl loop over {} rows: {}", plan.curl_rows, curl.show("rows/s", 0)),
            ratio: vs_curl,
            target: "≥ 50× curl loop".into(),
            met: vs_curl >= 50.0,
            bound: "The curl loop pays a process start, a TCP connection and a round trip per row, one at a time; \
                    the import keeps 32 requests in flight on reused connections."
                .into(),
        },
    ])
}

// ---- 3. peak RSS -----------------------------------------------------------

fn rss_row(bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
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

// ---- 4. mock vs Prism ------------------------------------------------------

fn mock_row(root: &Path, bin: &Path, prism_dir: &Path, plan: &Plan) -> Result<Row> {
    let work = root.join("target/bench");
    let server = start_mock(bin)?;
    let mut ours = Vec::new();
    let mut ours_p99 = Vec::new();
    for _ in 0..plan.repeats {
        let (rps, p99) = wrk(&server.url, plan.wrk_seconds, &work)?;
        println!("mock: {rps:.0} req/s, p99 {p99:.2} ms");
        ours.push(rps);
        ours_p99.push(p99);
    }
    drop(server);
    let port = free_port()?;
    let mut prism = Command::new(prism_dir.join("prism"))
        .args([
            "mock",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--errors",
            "false",
        ])
        .arg(root.join("openapi/wonderchat.yaml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start Prism: {e}"))?;
    let url = format!("http://127.0.0.1:{port}");
    let ready = wait_for_port(port, Duration::from_secs(60));
    let result = (|| -> Result<(Vec<f64>, Vec<f64>)> {
        ready?;
        let (mut rates, mut p99s) = (Vec::new(), Vec::new());
        for _ in 0..plan.repeats {
            let (rps, p99) = wrk(&url, plan.wrk_seconds, &work)?;
            println!("prism: {rps:.0} req/s, p99 {p99:.2} ms");
            rates.push(rps);
            p99s.push(p99);
        }
        Ok((rates, p99s))
    })();
    let _ = prism.kill();
    let _ = prism.wait();
    let (prism_rates, prism_p99) = result?;
    let (ours, prism) = (stats(ours), stats(prism_rates));
    let ratio = ours.median / prism.median;
    Ok(Row {
        figure: format!("mock server under `wrk -c 32 -d {}s` (req/s, p99)", plan.wrk_seconds),
        ours: format!("{}, p99 {:.2} ms", ours.show("req/s", 0), stats(ours_p99).median),
        peer: format!("Prism 5.14.2 mocking the same spec: {}, p99 {:.2} ms", prism.show("req/s", 0), stats(prism_p99).median),
        ratio,
        target: "≥ 10× Prism".into(),
        met: ratio >= 10.0,
        bound: "On 2 cores wrk and the mock split the CPU; per request the mock validates the body with the \
                generated type, updates one DashMap shard and serialises the answer, while Prism runs its \
                validation and example selection on one Node.js thread."
            .into(),
    })
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

fn wait_for_port(port: u16, limit: Duration) -> Result {
    let started = Instant::now();
    while started.elapsed() < limit {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("nothing listened on port {port} within {limit:?}"))
}

// ---- 5. cold builds --------------------------------------------------------

fn build_row(root: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let ours_dir = work.join("hello-wonderchat");
    let peer_dir = work.join("hello-reqwest");
    let wonderchat_path = root.join("crates/wonderchat");
    hello(
        &ours_dir,
        &format!(
            "wonderchat = {{ path = {:?} }}\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            wonderchat_path
        ),
        "let client = wonderchat::Client::builder().api_key(\"k\").build().unwrap();\n    \
         let _ = client.update_message_feedback(\"m\", wonderchat::Feedback::Helpful).send().await;",
    )?;
    hello(
        &peer_dir,
        "reqwest = { version = \"0.13\", default-features = false, features = [\"json\", \"rustls\"] }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
         serde_json = \"1\"\n",
        "let client = reqwest::Client::new();\n    \
         let _ = client.post(\"https://app.wonderchat.io/api/v1/update-message-feedback\")\n        \
         .json(&serde_json::json!({\"apiKey\": \"k\", \"messageId\": \"m\", \"feedback\": \"HELPFUL\"})).send().await;",
    )?;
    let mut ours = Vec::new();
    let mut peer = Vec::new();
    for _ in 0..plan.build_repeats {
        for (dir, times) in [(&ours_dir, &mut ours), (&peer_dir, &mut peer)] {
            let target = dir.join("target");
            let _ = std::fs::remove_dir_all(&target);
            // Resolve and download first, so only compiling is timed.
            check(
                Command::new(env!("CARGO"))
                    .current_dir(dir)
                    .args(["fetch", "--quiet"]),
            )?;
            let started = Instant::now();
            check(
                Command::new(env!("CARGO"))
                    .current_dir(dir)
                    .args(["build", "--quiet"])
                    .env("CARGO_TARGET_DIR", &target),
            )?;
            let secs = started.elapsed().as_secs_f64();
            println!("cold build of {}: {secs:.1} s", dir.display());
            times.push(secs);
        }
    }
    let (ours, peer) = (stats(ours), stats(peer));
    let ratio = ours.median / peer.median;
    Ok(Row {
        figure: "cold `cargo build` (debug) of a hello-world (s)".into(),
        ours: format!("on `wonderchat`: {}", ours.show("s", 1)),
        peer: format!("on reqwest (json, rustls) + tokio: {}", peer.show("s", 1)),
        ratio,
        target: "≤ 1.3×".into(),
        met: ratio <= 1.3,
        bound: "Both builds are dominated by the TLS stack and hyper; `wonderchat` builds rustls with ring \
                instead of reqwest's default aws-lc (a C library built by cmake/cc), and adds serde derives, \
                schemars, chrono, progenitor-client and backon."
            .into(),
    })
}

fn hello(dir: &Path, dependencies: &str, body: &str) -> Result {
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("hello");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{dependencies}"),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("src/main.rs"),
        format!("#[tokio::main]\nasync fn main() {{\n    {body}\n}}\n"),
    )
    .map_err(|e| e.to_string())
}

// ---- report ----------------------------------------------------------------

fn report(rows: &[Row], quick: bool) -> Result<String> {
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
        "- Method: medians with min–max over repeated runs (criterion samples for row 1); loopback only; release builds of the CLI and the mock.\n"
    );
    let _ = writeln!(out, "| figure | ours | peer | ratio | target | met |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.2}× | {} | {} |",
            row.figure,
            row.ours,
            row.peer,
            row.ratio,
            row.target,
            if row.met { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(out, "\nWhat bounds each row:\n");
    for row in rows {
        let _ = writeln!(out, "- **{}**: {}", row.figure, row.bound);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_ranges() {
        let s = stats(vec![3.0, 1.0, 2.0]);
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(stats(vec![4.0, 1.0, 2.0, 3.0]).median, 2.5);
    }

    #[test]
    fn wrk_latencies() {
        assert_eq!(parse_latency("1.50ms"), 1.5);
        assert_eq!(parse_latency("500.00us"), 0.5);
        assert_eq!(parse_latency("1.20s"), 1200.0);
        assert!(parse_latency("?").is_nan());
    }
}
