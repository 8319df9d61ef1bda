//! Row 7: `wonderchat export` of 10,000 and 100,000 seeded chatlogs to JSON
//! Lines: peak RSS and wall time, against `curl … | jq -c '.chatlogs[]'`.

use super::*;

/// Peak RSS (MiB) and wall time (s) of ours and of the peer at one size.
struct Size {
    chatlogs: usize,
    ours: (f64, f64),
    peer: (f64, f64),
}

fn lines(path: &Path) -> Result<usize> {
    Ok(std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .lines()
        .count())
}

fn measure(bin: &Path, work: &Path, chatlogs: usize) -> Result<Size> {
    let server = MockProcess::start(
        &bin.join("wonderchat-mock"),
        &["--seed-chatlogs", &chatlogs.to_string()],
    )?;
    let ours_out = work.join(format!("export-{chatlogs}.jsonl"));
    let mut ours = Command::new(bin.join("wonderchat"));
    ours.env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
        .env("WONDERCHAT_BASE_URL", &server.url)
        .args(["--quiet", "export", "--format", "jsonl", "--output"])
        .arg(&ours_out);
    let ours = timed(&ours)?;
    let peer_out = work.join(format!("export-{chatlogs}.jq.jsonl"));
    let mut peer = Command::new("sh");
    peer.arg("-c").arg(format!(
        "curl -sS --fail -X POST -H 'content-type: application/json' \
         -d '{{\"apiKey\":\"wonderchat-demo-key\"}}' {}/api/v1/export-chatlogs \
         | jq -c '.chatlogs[]' > {}",
        server.url,
        peer_out.display()
    ));
    let peer = timed(&peer)?;
    // Every chatlog accounted for, by both: the seeded ones and the demo
    // chatlog.
    for out in [&ours_out, &peer_out] {
        let got = lines(out)?;
        if got != chatlogs + 1 {
            return Err(format!(
                "{} has {got} chatlogs, not {}",
                out.display(),
                chatlogs + 1
            ));
        }
        let _ = std::fs::remove_file(out);
    }
    println!(
        "export of {chatlogs}: ours {:.1} MiB in {:.2} s, curl | jq {:.1} MiB in {:.2} s",
        ours.0, ours.1, peer.0, peer.1
    );
    Ok(Size {
        chatlogs,
        ours,
        peer,
    })
}

pub(super) fn export_row(bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let [small, large] = plan.export_sizes;
    let small = measure(bin, work, small)?;
    let large = measure(bin, work, large)?;
    let flat = large.ours.0 / small.ours.0;
    let show =
        |s: &Size, (mib, secs): (f64, f64)| format!("{mib:.1} MiB, {secs:.2} s at {}", s.chatlogs);
    Ok(Row {
        figure: "`wonderchat export` to JSON Lines: peak RSS and wall time at two sizes (ratio: RSS at the larger ÷ at the smaller)".into(),
        ours: format!("{}; {}", show(&small, small.ours), show(&large, large.ours)),
        peer: format!(
            "`curl | jq -c '.chatlogs[]'`: {}; {}",
            show(&small, small.peer),
            show(&large, large.peer)
        ),
        ratio: flat,
        target: "RSS flat (≤ 1.2×) and ≤ 64 MiB; wall time ≤ jq's".into(),
        met: Some(flat <= 1.2 && large.ours.0 <= 64.0 && large.ours.1 <= large.peer.1),
        bound: "The export is read as it arrives: a bracket/string tracker splits the `chatlogs` array \
                and serde decodes one chatlog at a time, written at once, so memory is the HTTP buffers, \
                one chatlog and what mimalloc keeps reserved; jq parses the whole answer into memory before printing the first line. \
                Both wait for the mock to serialise the export."
            .into(),
    })
}
