//! Row 4: the mock against Prism, both under wrk.

use super::*;

pub(super) fn mock_row(root: &Path, bin: &Path, prism_dir: &Path, plan: &Plan) -> Result<Row> {
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
