//! Row 13: `wonderchat pages sync --no-fetch` planning a 50,000-page
//! sitemap (an index of 5 gzip files, served on loopback) against a state
//! of 50,000 pages: its time and peak RSS; and an apply of 20,000 pages,
//! one a request, against a rate-limited mock.

use std::io::{Read, Write};
use std::net::TcpListener;

use super::*;

/// Pages in the sitemap and in the state.
const PAGES: usize = 50_000;
/// Sitemap files the index lists.
const FILES: usize = 5;
/// Pages the rate-limited apply adds, one a request.
const APPLIED: usize = 20_000;
/// The rate-limited mock's limit (requests per second).
const LIMIT: f64 = 500.0;

/// Serves the files of `dir` (by name, one level) on loopback, one thread
/// per connection, until the process ends. Returns the base URL.
fn serve(dir: PathBuf) -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while head.len() < 8192 && !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let name = head
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .trim_start_matches('/')
                    .to_owned();
                let body = (!name.contains('/') && !name.contains(".."))
                    .then(|| std::fs::read(dir.join(&name)).ok())
                    .flatten();
                let answer = match body {
                    Some(body) => {
                        let mut answer = format!(
                            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        answer.extend(body);
                        answer
                    }
                    None => {
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                            .to_vec()
                    }
                };
                let _ = stream.write_all(&answer);
            });
        }
    });
    Ok(url)
}

/// The sitemap files and the state: every page dated 2026-01-01 in both,
/// except one in a hundred the state has from an older date (refreshed),
/// a hundred new pages and a hundred gone (kept: no `--prune`).
fn write_site(dir: &Path, base: &str) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let page = |i: usize| format!("https://docs.example.com/guide/section-{}/page-{i}", i % 97);
    let per_file = PAGES / FILES;
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for f in 0..FILES {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for i in f * per_file..(f + 1) * per_file {
            // The last hundred pages are new: shifted past the state's.
            let i = if i >= PAGES - 100 { i + 100 } else { i };
            let _ = writeln!(
                xml,
                "<url><loc>{}</loc><lastmod>2026-01-01</lastmod></url>",
                page(i)
            );
        }
        xml.push_str("</urlset>\n");
        let name = format!("sitemap-{f}.xml.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(xml.as_bytes()).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(&name), gz.finish().map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        let _ = writeln!(index, "<sitemap><loc>{base}/{name}</loc></sitemap>");
    }
    index.push_str("</sitemapindex>\n");
    std::fs::write(dir.join("sitemap-index.xml"), index).map_err(|e| e.to_string())?;
    let mut pages = serde_json::Map::new();
    for i in 0..PAGES {
        let date = if i % 100 == 7 {
            "2025-06-01"
        } else {
            "2026-01-01"
        };
        pages.insert(
            page(i),
            serde_json::json!({"addedAt": "2026-01-02T00:00:00Z", "fingerprint": format!("lastmod:{date}T00:00:00+00:00")}),
        );
    }
    let state = serde_json::json!({
        "format": "wonderchat-pages-sync", "version": 1, "chatbotId": "bench-bot",
        "updatedAt": "2026-01-02T00:00:00Z", "pages": pages,
    });
    let path = dir.join("state.json");
    std::fs::write(
        &path,
        serde_json::to_vec(&state).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    Ok(path)
}

pub(super) fn sync_rows(bin: &Path, work: &Path, plan: &Plan) -> Result<Vec<Row>> {
    let dir = work.join("sync-site");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let base = serve(dir.clone())?;
    let state = write_site(&dir, &base)?;
    let plan_json = work.join("sync-plan.json");
    let mut command = Command::new(bin.join("wonderchat"));
    command
        .env("WONDERCHAT_CONFIG", work.join("sync-config.toml"))
        .args([
            "--quiet",
            "--json",
            "pages",
            "sync",
            "bench-bot",
            "--no-fetch",
            "--sitemap",
        ])
        .arg(format!("{base}/sitemap-index.xml"))
        .arg("--state")
        .arg(&state);
    let (mut times, mut peaks) = (Vec::new(), Vec::new());
    for run in 0..plan.repeats {
        let (mib, seconds) = timed(&command)?;
        println!("plan of {PAGES} pages: {seconds:.3} s, peak RSS {mib:.1} MiB");
        times.push(seconds);
        peaks.push(mib);
        if run == 0 {
            // The figures are a plan's only when the plan is right.
            let out = command
                .output()
                .map_err(|e| format!("cannot run pages sync: {e}"))?;
            std::fs::write(&plan_json, &out.stdout).map_err(|e| e.to_string())?;
            let plan: serde_json::Value =
                serde_json::from_slice(&out.stdout).map_err(|e| format!("the plan: {e}"))?;
            let s = &plan["summary"];
            let counts = (s["add"].as_u64(), s["refresh"].as_u64(), s["kept"].as_u64());
            // Dated earlier in the state and still listed: refreshed.
            let refreshed = (0..PAGES - 100).filter(|i| i % 100 == 7).count() as u64;
            if counts != (Some(100), Some(refreshed), Some(100)) {
                return Err(format!("the bench's plan is wrong: {s}"));
            }
        }
    }
    let (times, peaks) = (stats(times), stats(peaks));
    let (rates, failed) = apply_rates(bin, work, plan)?;
    let share = rates.median / LIMIT;
    Ok(vec![
        Row {
            figure: format!(
                "`pages sync --no-fetch` planning a {PAGES}-page sitemap (an index of {FILES} gzip files on loopback) against a state of {PAGES} pages (s)"
            ),
            ours: times.show("s", 2),
            peer: "—".into(),
            ratio: times.median,
            target: "≤ 1 s".into(),
            met: Some(times.max <= 1.0),
            bound: "Fetching and unpacking the five sitemaps, reading the state (JSON), then one pass over both \
                    sorted maps; the plan is written as JSON."
                .into(),
        },
        Row {
            figure: "peak RSS of that plan (MiB)".into(),
            ours: peaks.show("MiB", 0),
            peer: "—".into(),
            ratio: peaks.median / 64.0,
            target: "≤ 64 MiB".into(),
            met: Some(peaks.max <= 64.0),
            bound: "The pages of the sitemaps and of the state, both held (a sorted map each), and up to eight \
                    sitemap files (unpacked) at a time."
                .into(),
        },
        Row {
            figure: format!(
                "`pages sync --apply` of {APPLIED} pages, one a request (`--batch-size 1 --concurrency 16`), against `wonderchat-mock --rate-limit 500` (pages added per second ÷ the limit)"
            ),
            ours: format!("{} ({share:.2} of the limit), {failed} failed pages at most", rates.show("pages/s", 0)),
            peer: "the limit: 500 requests/s".into(),
            ratio: share,
            target: "≥ 0.95 of the limit, 0 failed pages".into(),
            met: Some(share >= 0.95 && failed == 0),
            bound: "The SDK's adaptive rate (shared with import and eval): a first burst cut short at its \
                    sixteenth 429, then just under the server's limit; a refused request waits out its \
                    `Retry-After` without holding a turn, and each answered batch is one line of the state's \
                    journal."
                .into(),
        },
    ])
}

/// Pages added per second by `pages sync --apply` against a rate-limited
/// mock, and the most pages that failed in a run.
fn apply_rates(bin: &Path, work: &Path, plan: &Plan) -> Result<(Stats, u64)> {
    let limited = MockProcess::start(
        &bin.join("wonderchat-mock"),
        &["--max-connections", "4096", "--rate-limit", "500"],
    )?;
    let urls = work.join("sync-apply-urls.txt");
    let list: String = (0..APPLIED)
        .map(|i| format!("https://docs.example.com/apply/page-{i}\n"))
        .collect();
    std::fs::write(&urls, list).map_err(|e| e.to_string())?;
    let state = work.join("sync-apply-state.json");
    let (mut rates, mut worst) = (Vec::new(), 0u64);
    for run in 0..plan.repeats {
        let _ = std::fs::remove_file(&state);
        let started = Instant::now();
        let out = Command::new(bin.join("wonderchat"))
            .env("WONDERCHAT_API_KEY", "wonderchat-demo-key")
            .env("WONDERCHAT_BASE_URL", &limited.url)
            .env("WONDERCHAT_CONFIG", work.join("sync-config.toml"))
            .args([
                "--quiet",
                "--json",
                "pages",
                "sync",
                "demo-chatbot",
                "--no-fetch",
                "--urls",
            ])
            .arg(&urls)
            .arg("--state")
            .arg(&state)
            .args(["--apply", "--batch-size", "1", "--concurrency", "16"])
            .stderr(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run pages sync: {e}"))?;
        let seconds = started.elapsed().as_secs_f64();
        let applied: serde_json::Value = serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("the apply's result ({}): {e}", out.status))?;
        let added = applied["added"].as_u64().unwrap_or(0);
        let failed = (APPLIED as u64).saturating_sub(added);
        let rate = added as f64 / seconds;
        println!("apply run {run}: {rate:.0} pages/s, {failed} not added");
        worst = worst.max(failed);
        rates.push(rate);
    }
    Ok((stats(rates), worst))
}
