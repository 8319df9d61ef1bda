//! What several rows share: the release mock, the import command, its CSV
//! input, wrk and free ports.

use super::*;

/// The release mock, with room for wrk's and the import's connections.
pub(super) fn start_mock(bin: &Path) -> Result<MockProcess> {
    MockProcess::start(
        &bin.join("wonderchat-mock"),
        &["--max-connections", "4096", "--lenient-messages"],
    )
}

/// An operation wrk loads: its path and the body of every request.
pub(super) struct Endpoint {
    pub(super) name: &'static str,
    pub(super) path: &'static str,
    pub(super) body: &'static str,
}

pub(super) const FEEDBACK: Endpoint = Endpoint {
    name: "feedback",
    path: "/api/v1/update-message-feedback",
    body: r#"{"apiKey":"wonderchat-demo-key","messageId":"msg_wrk","feedback":"HELPFUL","userComment":"benchmark"}"#,
};

pub(super) const CHAT: Endpoint = Endpoint {
    name: "chat",
    path: "/api/v1/chat",
    body: r#"{"chatbotId":"demo-chatbot","question":"How do I reset my password?"}"#,
};

pub(super) fn write_csv(path: &Path, rows: u64) -> Result {
    let mut text = String::with_capacity(rows as usize * 40);
    text.push_str("messageId,feedback,userComment\n");
    for i in 0..rows {
        let feedback = if i % 3 == 0 { "NOT_HELPFUL" } else { "HELPFUL" };
        let _ = writeln!(text, "msg_{i},{feedback},row {i}");
    }
    std::fs::write(path, text).map_err(|e| e.to_string())
}

pub(super) fn import(bin: &Path, url: &str, input: &Path, results: &Path) -> Command {
    let mut command = Command::new(bin.join("wonderchat"));
    command
        .env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
        .env("WONDERCHAT_BASE_URL", url)
        .arg("import")
        .arg(input)
        // Every repeat (and every later bench run) writes the same results
        // file: without --force the import refuses to overwrite it.
        .args(["--concurrency", "32", "--quiet", "--force", "--results"])
        .arg(results)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Runs `command` under `/usr/bin/time -v`: its peak RSS (MiB; the largest
/// of its processes for a shell pipeline) and wall time (s).
pub(super) fn timed(command: &Command) -> Result<(f64, f64)> {
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(command.get_program())
        .args(command.get_args())
        .envs(
            command
                .get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run /usr/bin/time: {e}"))?;
    let text = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("{command:?} failed:\n{text}"));
    }
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .ok_or_else(|| format!("no {name:?} in /usr/bin/time output:\n{text}"))
    };
    let kib: f64 = field("Maximum resident set size (kbytes):")?
        .parse()
        .map_err(|_| format!("unreadable RSS in:\n{text}"))?;
    // "h:mm:ss" or "m:ss.ss"
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")?
        .split(':')
        .try_fold(0.0, |total, part| {
            part.parse::<f64>().map(|v| total * 60.0 + v)
        })
        .map_err(|_| format!("unreadable wall time in:\n{text}"))?;
    Ok((kib / 1024.0, wall))
}

/// wrk's requests per second and p99 latency (ms) on `endpoint` for `seconds`.
pub(super) fn wrk(url: &str, endpoint: &Endpoint, seconds: u64, work: &Path) -> Result<(f64, f64)> {
    let script = work.join(format!("post-{}.lua", endpoint.name));
    std::fs::write(
        &script,
        format!(
            "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '{}'\n",
            endpoint.body
        ),
    )
    .map_err(|e| e.to_string())?;
    // A second of warm-up: connections open, caches and allocators settle.
    let warm_up = format!("{url}{}", endpoint.path);
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
            .arg(format!("{url}{}", endpoint.path)),
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
pub(super) fn parse_latency(text: &str) -> f64 {
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

pub(super) fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

pub(super) fn wait_for_port(port: u16, limit: Duration) -> Result {
    let started = Instant::now();
    while started.elapsed() < limit {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("nothing listened on port {port} within {limit:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrk_latencies() {
        assert_eq!(parse_latency("1.50ms"), 1.5);
        assert_eq!(parse_latency("500.00us"), 0.5);
        assert_eq!(parse_latency("1.20s"), 1200.0);
        assert!(parse_latency("?").is_nan());
    }
}
