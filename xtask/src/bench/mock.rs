//! Row 4: the mock against Prism, both under wrk, on `/update-message-feedback`
//! and on `/chat` (JSON): throughput and p99, the chat run long enough to
//! fill the mock's chatlog cap, the mock's and Prism's runs taking turns;
//! and the mock's memory at the cap.

use super::*;

/// Requests per second and p99 (ms) of `repeats` wrk runs on one endpoint.
type Runs = (Vec<f64>, Vec<f64>);

/// How long wrk loads `endpoint`: chat runs long enough to fill the cap.
fn seconds(endpoint: &Endpoint, plan: &Plan) -> u64 {
    if endpoint.name == "chat" {
        plan.fill_seconds
    } else {
        plan.wrk_seconds
    }
}

/// `repeats` wrk runs on `endpoint` against the mock and against Prism,
/// taking turns: this machine's speed drifts by a tenth over minutes, and
/// runs taken minutes apart (all of the mock's, then all of Prism's) put
/// that drift into the ratio.
fn measure(
    ours: &str,
    prism: &str,
    endpoint: &Endpoint,
    plan: &Plan,
    work: &Path,
) -> Result<(Runs, Runs)> {
    let (mut mock, mut peer) = (Runs::default(), Runs::default());
    for _ in 0..plan.repeats {
        for (who, url, runs) in [("mock", ours, &mut mock), ("prism", prism, &mut peer)] {
            let (rps, p99) = wrk(url, endpoint, seconds(endpoint, plan), work)?;
            println!("{who} {}: {rps:.0} req/s, p99 {p99:.2} ms", endpoint.name);
            runs.0.push(rps);
            runs.1.push(p99);
        }
    }
    Ok((mock, peer))
}

pub(super) fn mock_rows(
    root: &Path,
    bin: &Path,
    prism_dir: &Path,
    plan: &Plan,
) -> Result<Vec<Row>> {
    let work = root.join("target/bench");
    let endpoints = [FEEDBACK, CHAT];
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
    let prism_url = format!("http://127.0.0.1:{port}");
    // A fresh mock per endpoint: the chat figure is not that of a mock
    // already holding millions of feedback records from the first.
    let measured = wait_for_port(port, Duration::from_secs(60)).and_then(|()| {
        let mut runs = Vec::new();
        let mut at_cap = None;
        for endpoint in &endpoints {
            let server = start_mock(bin)?;
            runs.push(measure(&server.url, &prism_url, endpoint, plan, &work)?);
            if endpoint.name == "chat" {
                let held = chatlogs_held(&server.url)?;
                at_cap = Some((held, server.peak_rss_mib().unwrap_or(f64::NAN)));
            }
        }
        Ok((runs, at_cap))
    });
    let _ = prism.kill();
    let _ = prism.wait();
    let (runs, at_cap) = measured?;
    let mut rows: Vec<Row> = endpoints
        .iter()
        .zip(runs)
        .map(|(endpoint, ((ours, ours_p99), (prism, prism_p99)))| {
            // Each mock run beside the Prism run that followed it.
            let paired: Vec<String> = ours
                .iter()
                .zip(&prism)
                .map(|(ours, prism)| format!("{:.1}×", ours / prism))
                .collect();
            let (ours, prism) = (stats(ours), stats(prism));
            let (ours_p99, prism_p99) = (stats(ours_p99).median, stats(prism_p99).median);
            let ratio = ours.median / prism.median;
            Row {
                figure: format!(
                    "mock server under `wrk -c 32 -d {}s` on `{}` (req/s, p99)",
                    seconds(endpoint, plan),
                    endpoint.path
                ),
                ours: format!("{}, p99 {ours_p99:.2} ms", ours.show("req/s", 0)),
                peer: format!(
                    "Prism 5.14.2 mocking the same spec: {}, p99 {prism_p99:.2} ms",
                    prism.show("req/s", 0),
                ),
                ratio,
                target: "≥ 30× Prism, p99 ≤ Prism's".into(),
                met: Some(ratio >= 30.0 && ours_p99 <= prism_p99),
                bound: format!(
                    "On 2 cores wrk and the mock split the CPU (wrk's loopback writes take about a core \
                     at these rates); each endpoint is measured on a fresh mock, its runs taking turns \
                     with Prism's. Per request the mock \
                     validates the body with the generated type and {}, while Prism validates and picks \
                     the spec's example on one Node.js thread (and keeps no state). Prism's own rate \
                     differs several-fold between machines (500–800 req/s on one, 3,500 on another), \
                     and with it this ratio. Run by run (each mock run against the Prism run after \
                     it): {}.",
                    if endpoint.name == "chat" {
                        "creates a chatlog and its two messages, ranks the chatbot's pages for the \
                         answer's sources (the pages with a word of the question: one, for \
                         this row's) and serialises it (evicting the oldest chatlog past the cap)"
                    } else {
                        "updates one DashMap shard and serialises the answer"
                    },
                    paired.join(", ")
                ),
            }
        })
        .collect();
    if let Some((held, rss)) = at_cap {
        rows.push(Row {
            figure: format!(
                "mock's peak RSS after the `/chat` run ({held} chatlogs held; the default cap is 100,000)"
            ),
            ours: format!("{rss:.0} MiB"),
            peer: "—".into(),
            ratio: f64::NAN,
            target: "reported (issue 21)".into(),
            met: None,
            bound: "The chatlogs the run created beyond the cap were evicted, oldest first; \
                    what remains is the cap's worth of chatlogs (two messages each), the \
                    creation-order queues, and the feedback store's registry of answer ids \
                    (up to `--max-messages`, 1,000,000 by default)."
                .into(),
        });
    }
    Ok(rows)
}

/// How many chatlogs the mock holds (`/mock/state`'s `totalChatlogs`).
fn chatlogs_held(url: &str) -> Result<u64> {
    let body = capture(
        Command::new("curl").args(["-sS", &format!("{url}/mock/state?limit=0")]),
        "curl /mock/state",
    )?;
    let state: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| format!("/mock/state: {e}"))?;
    state["totalChatlogs"]
        .as_u64()
        .ok_or_else(|| "/mock/state has no totalChatlogs".to_owned())
}
