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

pub(super) const BODY: &str = r#"{"apiKey":"wonderchat-demo-key","messageId":"msg_wrk","feedback":"HELPFUL","userComment":"benchmark"}"#;

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
        .args(["--concurrency", "32", "--quiet", "--results"])
        .arg(results)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// wrk's requests per second and p99 latency (ms) for `seconds`.
pub(super) fn wrk(url: &str, seconds: u64, work: &Path) -> Result<(f64, f64)> {
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
