//! Row 4: the mock against Prism, both under wrk, on `/update-message-feedback`
//! and on `/chat` (JSON).

use super::*;

/// Requests per second and p99 (ms) of `repeats` wrk runs on each endpoint.
type Runs = Vec<(Vec<f64>, Vec<f64>)>;

fn measure(url: &str, endpoints: &[Endpoint], plan: &Plan, work: &Path, who: &str) -> Result<Runs> {
    let mut runs = Vec::new();
    for endpoint in endpoints {
        let (mut rates, mut p99s) = (Vec::new(), Vec::new());
        for _ in 0..plan.repeats {
            let (rps, p99) = wrk(url, endpoint, plan.wrk_seconds, work)?;
            println!("{who} {}: {rps:.0} req/s, p99 {p99:.2} ms", endpoint.name);
            rates.push(rps);
            p99s.push(p99);
        }
        runs.push((rates, p99s));
    }
    Ok(runs)
}

pub(super) fn mock_rows(
    root: &Path,
    bin: &Path,
    prism_dir: &Path,
    plan: &Plan,
) -> Result<Vec<Row>> {
    let work = root.join("target/bench");
    let endpoints = [FEEDBACK, CHAT];
    // A fresh mock per endpoint: the chat figure is not that of a mock
    // already holding millions of feedback records from the first.
    let mut ours = Vec::new();
    for endpoint in endpoints.chunks(1) {
        let server = start_mock(bin)?;
        ours.extend(measure(&server.url, endpoint, plan, &work, "mock")?);
    }
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
    let peer = wait_for_port(port, Duration::from_secs(60))
        .and_then(|()| measure(&url, &endpoints, plan, &work, "prism"));
    let _ = prism.kill();
    let _ = prism.wait();
    let peer = peer?;
    let rows = endpoints
        .iter()
        .zip(ours)
        .zip(peer)
        .map(|((endpoint, (ours, ours_p99)), (prism, prism_p99))| {
            let (ours, prism) = (stats(ours), stats(prism));
            let ratio = ours.median / prism.median;
            Row {
                figure: format!(
                    "mock server under `wrk -c 32 -d {}s` on `{}` (req/s, p99)",
                    plan.wrk_seconds, endpoint.path
                ),
                ours: format!("{}, p99 {:.2} ms", ours.show("req/s", 0), stats(ours_p99).median),
                peer: format!(
                    "Prism 5.14.2 mocking the same spec: {}, p99 {:.2} ms",
                    prism.show("req/s", 0),
                    stats(prism_p99).median
                ),
                ratio,
                target: "≥ 30× Prism".into(),
                met: Some(ratio >= 30.0),
                bound: format!(
                    "On 2 cores wrk and the mock split the CPU (wrk's loopback writes take about a core \
                     at these rates); each endpoint is measured on a fresh mock. Per request the mock \
                     validates the body with the generated type and {}, while Prism validates and picks \
                     the spec's example on one Node.js thread (and keeps no state). Prism's own rate \
                     differs several-fold between machines (500–800 req/s on one, 3,500 on another), \
                     and with it this ratio.",
                    if endpoint.name == "chat" {
                        "creates a chatlog and its two messages, ranks the chatbot's pages for the \
                         answer's sources and serialises it (evicting the oldest chatlog past the cap)"
                    } else {
                        "updates one DashMap shard and serialises the answer"
                    }
                ),
            }
        })
        .collect();
    Ok(rows)
}
