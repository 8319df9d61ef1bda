//! Row 7: `wonderchat export` of 10,000 and 100,000 seeded chatlogs to JSON
//! Lines: peak RSS and wall time, against `curl … | jq -c '.chatlogs[]'`.

use super::*;

/// Peak RSS (MiB) and wall time (s) of ours and of the peer at one size,
/// over repeated runs.
struct Size {
    chatlogs: usize,
    ours: (Stats, Stats),
    peer: (Stats, Stats),
}

fn lines(path: &Path) -> Result<usize> {
    Ok(std::fs::read_to_string(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .lines()
        .count())
}

/// Medians and ranges of (peak RSS, wall time) samples.
fn both(samples: Vec<(f64, f64)>) -> (Stats, Stats) {
    let (rss, secs): (Vec<f64>, Vec<f64>) = samples.into_iter().unzip();
    (stats(rss), stats(secs))
}

fn measure(bin: &Path, work: &Path, chatlogs: usize, repeats: usize) -> Result<Size> {
    let server = MockProcess::start(
        &bin.join("wonderchat-mock"),
        &[
            "--seed-chatlogs",
            &chatlogs.to_string(),
            // The seeded chatlogs and the demo one: a cap of `chatlogs`
            // evicted the oldest seeded one before the export.
            "--max-chatlogs",
            &(chatlogs + 1).to_string(),
        ],
    )?;
    let ours_out = work.join(format!("export-{chatlogs}.jsonl"));
    let mut ours = Command::new(bin.join("wonderchat"));
    ours.env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
        .env("WONDERCHAT_BASE_URL", &server.url)
        .args(["--quiet", "export", "--format", "jsonl", "--output"])
        .arg(&ours_out);
    let peer_out = work.join(format!("export-{chatlogs}.jq.jsonl"));
    let mut peer = Command::new("sh");
    peer.arg("-c").arg(format!(
        "curl -sS --fail -X POST -H 'content-type: application/json' \
         -d '{{\"apiKey\":\"wonderchat-demo-key\"}}' {}/api/v1/export-chatlogs \
         | jq -c '.chatlogs[]' > {}",
        server.url,
        peer_out.display()
    ));
    let (mut ours_runs, mut peer_runs) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let (o, p) = (timed(&ours)?, timed(&peer)?);
        // Every chatlog accounted for, by both: the seeded ones and the
        // demo chatlog.
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
            o.0, o.1, p.0, p.1
        );
        ours_runs.push(o);
        peer_runs.push(p);
    }
    Ok(Size {
        chatlogs,
        ours: both(ours_runs),
        peer: both(peer_runs),
    })
}

pub(super) fn export_row(bin: &Path, work: &Path, plan: &Plan) -> Result<Row> {
    let [small, large] = plan.export_sizes;
    let small = measure(bin, work, small, plan.repeats)?;
    let large = measure(bin, work, large, plan.repeats)?;
    let flat = large.ours.0.median / small.ours.0.median;
    let show = |s: &Size, (mib, secs): &(Stats, Stats)| {
        format!(
            "{}, {} at {}",
            mib.show("MiB", 1),
            secs.show("s", 2),
            s.chatlogs
        )
    };
    Ok(Row {
        figure: "`wonderchat export` to JSON Lines: peak RSS and wall time at two sizes (ratio: RSS at the larger ÷ at the smaller)".into(),
        ours: format!("{}; {}", show(&small, &small.ours), show(&large, &large.ours)),
        peer: format!(
            "`curl | jq -c '.chatlogs[]'`: {}; {}",
            show(&small, &small.peer),
            show(&large, &large.peer)
        ),
        ratio: flat,
        target: "RSS flat (≤ 1.2×) and ≤ 64 MiB; wall time ≤ jq's".into(),
        met: Some(
            flat <= 1.2 && large.ours.0.max <= 64.0 && large.ours.1.median <= large.peer.1.median,
        ),
        bound: "The export is read as it arrives: a bracket/string tracker splits the `chatlogs` array \
                and serde decodes one chatlog at a time, written at once, so memory is the HTTP buffers, \
                one chatlog and what the allocator (jemalloc) keeps reserved; jq parses the whole answer into memory before printing the first line. \
                Both wait for the mock to serialise the export."
            .into(),
    })
}
