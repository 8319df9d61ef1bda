//! `pages sync` against the mock and a docs site on loopback: plan, apply,
//! prune, what is never removed, sources that fail, states that are
//! refused, and applies killed at random moments.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use wonderchat_mock::{DEMO_CHATBOT_ID, MockServer};

use crate::common::{against, run, text};

/// One answer of the docs site.
#[derive(Clone)]
enum Page {
    Ok(String),
    Bytes(Vec<u8>),
    Status(u16),
    RedirectTo(String),
    /// A body of this many MiB, streamed, with no length announced.
    Huge(usize),
}

/// A docs site on loopback whose pages a test changes as it goes; every
/// request's headers are kept (the Wonderchat key must never be among them).
#[derive(Clone, Default)]
struct Site {
    pages: Arc<Mutex<BTreeMap<String, Page>>>,
    seen: Arc<Mutex<Vec<String>>>,
    base: String,
}

impl Site {
    async fn start() -> Site {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut site = Site {
            base: format!("http://{}", listener.local_addr().unwrap()),
            ..Site::default()
        };
        let served = site.clone();
        let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let site = served.clone();
            async move { site.answer(&uri, &headers) }
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        site.base = site.base.clone();
        site
    }

    fn answer(&self, uri: &Uri, headers: &HeaderMap) -> Response {
        self.seen.lock().unwrap().push(format!("{uri} {headers:?}"));
        let page = self.pages.lock().unwrap().get(uri.path()).cloned();
        let status = |code: u16| {
            Response::builder()
                .status(StatusCode::from_u16(code).unwrap())
                .body(Body::empty())
                .unwrap()
        };
        match page {
            None => status(404),
            Some(Page::Ok(body)) => Response::new(Body::from(body)),
            Some(Page::Bytes(body)) => Response::new(Body::from(body)),
            Some(Page::Status(code)) => status(code),
            Some(Page::RedirectTo(to)) => Response::builder()
                .status(302)
                .header("location", to)
                .body(Body::empty())
                .unwrap(),
            Some(Page::Huge(mib)) => {
                let chunk = bytes::Bytes::from(vec![b' '; 1 << 20]);
                let chunks = futures_util::stream::iter(
                    (0..mib).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                );
                Response::new(Body::from_stream(chunks))
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn set(&self, path: &str, page: Page) {
        self.pages.lock().unwrap().insert(path.to_owned(), page);
    }

    fn set_bytes(&self, path: &str, body: Vec<u8>) {
        self.set(path, Page::Bytes(body));
    }

    fn remove(&self, path: &str) {
        self.pages.lock().unwrap().remove(path);
    }

    /// Serves a sitemap at `/sitemap.xml` listing `paths`, all with the
    /// same `lastmod`.
    fn sitemap(&self, paths: &[&str]) {
        let urls: String = paths
            .iter()
            .map(|p| {
                format!(
                    "<url><loc>{}</loc><lastmod>2026-01-01</lastmod></url>",
                    self.url(p)
                )
            })
            .collect();
        self.set(
            "/sitemap.xml",
            Page::Ok(format!(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>"
            )),
        );
    }
}

/// The demo chatbot's pages beyond the mock's own, and how many add
/// requests named each.
fn synced_pages(mock: &MockServer) -> (BTreeSet<String>, BTreeMap<String, u64>) {
    let state = mock.state();
    let bot = state["chatbots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == DEMO_CHATBOT_ID)
        .unwrap()
        .clone();
    let pages = bot["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .filter(|p| !p.starts_with("https://example.com/"))
        .collect();
    let adds = bot["pageAdds"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(url, _)| !url.starts_with("https://example.com/"))
        .map(|(url, n)| (url.clone(), n.as_u64().unwrap()))
        .collect();
    (pages, adds)
}

struct Sync {
    dir: tempfile::TempDir,
}

impl Sync {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn state(&self) -> std::path::PathBuf {
        self.dir.path().join("state.json")
    }

    /// `pages sync demo-chatbot --sitemap SITE/sitemap.xml --state … ARGS`.
    fn command(&self, mock: &MockServer, site: &Site, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = against(mock);
        cmd.env("WONDERCHAT_CONFIG", self.dir.path().join("config.toml"))
            .args(["pages", "sync", DEMO_CHATBOT_ID, "--sitemap"])
            .arg(site.url("/sitemap.xml"))
            .arg("--state")
            .arg(self.state())
            .args(args);
        cmd
    }

    /// `pages sync demo-chatbot --adopt --urls FILE` of `url`: it must succeed.
    async fn adopt(&self, mock: &MockServer, url: &str) {
        let list = self.dir.path().join("adopt.txt");
        std::fs::write(&list, format!("{url}\n")).unwrap();
        let out = run({
            let mut cmd = against(mock);
            cmd.args(["pages", "sync", DEMO_CHATBOT_ID, "--adopt", "--urls"])
                .arg(&list)
                .arg("--state")
                .arg(self.state());
            cmd
        })
        .await;
        assert!(out.status.success(), "{}", text(&out.stderr));
    }

    async fn run(&self, mock: &MockServer, site: &Site, args: &[&str]) -> (i32, String, String) {
        let out = run(self.command(mock, site, args)).await;
        (
            out.status.code().unwrap_or(-1),
            text(&out.stdout),
            text(&out.stderr),
        )
    }
}

/// The mock's next `n` answers: 400, saying `why`.
fn refuse_next(mock: &MockServer, n: usize, why: &str) {
    let body = serde_json::json!({ "error": why }).to_string();
    mock.fail_next(n, wonderchat_mock::Fault::json(400, body));
}

fn change_lines(plan: &str) -> Vec<&str> {
    plan.lines()
        .filter(|l| l.starts_with(['+', '~', '-']))
        .map(|l| l.split("  (").next().unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_apply_then_a_changed_site_is_exactly_one_add_one_refresh_one_removal() {
    let mock = MockServer::start().await;
    let site = Site::start().await;
    for (path, body) in [("/a", "Alpha"), ("/b", "Beta"), ("/c", "Gamma")] {
        site.set(path, Page::Ok(body.to_owned()));
    }
    site.sitemap(&["/a", "/b", "/c"]);
    let sync = Sync::new();

    let (code, plan, _) = sync.run(&mock, &site, &["--detailed-exitcode"]).await;
    assert_eq!(code, 2, "{plan}");
    let (a, b, c, d) = (
        site.url("/a"),
        site.url("/b"),
        site.url("/c"),
        site.url("/d"),
    );
    assert_eq!(
        change_lines(&plan),
        [format!("+ {a}"), format!("+ {b}"), format!("+ {c}")]
    );
    assert!(
        plan.ends_with("Plan: 3 to add, 0 to refresh, 0 to remove; 0 unchanged.\n"),
        "{plan}"
    );
    assert_eq!(synced_pages(&mock).0.len(), 0, "a plan changes nothing");
    assert!(!sync.state().exists(), "a plan writes no state");

    let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Applied: 3 added, 0 refreshed, 0 removed; 0 failed."),
        "{err}"
    );
    let (code, plan, _) = sync
        .run(&mock, &site, &["--plan", "--detailed-exitcode"])
        .await;
    assert_eq!(
        (code, plan.as_str()),
        (
            0,
            "No changes: the chatbot's 3 managed pages match the sources.\n"
        )
    );

    // The site changes: c dropped, b rewritten under the same lastmod, d new.
    site.remove("/c");
    site.set("/b", Page::Ok("Beta, rewritten".to_owned()));
    site.set("/d", Page::Ok("Delta".to_owned()));
    site.sitemap(&["/a", "/b", "/d"]);
    let (code, plan, _) = sync
        .run(&mock, &site, &["--prune", "--detailed-exitcode"])
        .await;
    assert_eq!(code, 2, "{plan}");
    assert_eq!(
        change_lines(&plan),
        [format!("+ {d}"), format!("~ {b}"), format!("- {c}")]
    );
    assert!(
        plan.contains(&format!("~ {b}  (content changed)")),
        "{plan}"
    );
    assert!(
        plan.contains(&format!("- {c}  (gone from every source)")),
        "{plan}"
    );
    let (code, json, _) = sync.run(&mock, &site, &["--prune", "--json"]).await;
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["add"], 1);
    assert_eq!(json["changes"][1]["action"], "refresh");

    let (code, _, err) = sync.run(&mock, &site, &["--prune", "--apply"]).await;
    assert_eq!(code, 0, "{err}");
    let (pages, adds) = synced_pages(&mock);
    assert_eq!(pages, BTreeSet::from([a.clone(), b.clone(), d.clone()]));
    // b was added again by its refresh (the API has no update); the rest once.
    assert_eq!(adds, BTreeMap::from([(a, 1), (b, 2), (c, 1), (d, 1)]));
    let (code, _, _) = sync
        .run(&mock, &site, &["--prune", "--detailed-exitcode"])
        .await;
    assert_eq!(code, 0);
    // The docs site never saw the key.
    let seen = site.seen.lock().unwrap().join("\n");
    assert!(!seen.contains(mock.api_key()), "{seen}");
    assert!(
        seen.contains("wonderchat-sync/"),
        "its own user agent: {seen}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_added_another_way_survive_prune_and_max_deletes_refuses() {
    let mock = MockServer::start().await;
    let site = Site::start().await;
    for path in ["/a", "/b", "/c"] {
        site.set(path, Page::Ok(path.to_owned()));
    }
    site.sitemap(&["/a", "/b", "/c"]);
    let sync = Sync::new();
    assert_eq!(sync.run(&mock, &site, &["--apply"]).await.0, 0);
    let by_hand = "https://docs.other.test/by-hand";
    let out = run({
        let mut cmd = against(&mock);
        cmd.args(["pages", "add", DEMO_CHATBOT_ID, by_hand]);
        cmd
    })
    .await;
    assert!(out.status.success());

    site.sitemap(&["/a"]);
    let state_before = std::fs::read(sync.state()).unwrap();
    let (code, _, err) = sync
        .run(&mock, &site, &["--prune", "--max-deletes", "1", "--apply"])
        .await;
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "the plan removes 2 pages, more than --max-deletes 1 allows; nothing was changed"
        ),
        "{err}"
    );
    assert!(err.contains(&format!("  - {}", site.url("/b"))), "{err}");
    assert_eq!(std::fs::read(sync.state()).unwrap(), state_before);
    assert_eq!(synced_pages(&mock).0.len(), 4);

    let (code, _, err) = sync.run(&mock, &site, &["--prune", "--apply"]).await;
    assert_eq!(code, 0, "{err}");
    let (pages, _) = synced_pages(&mock);
    assert_eq!(pages, BTreeSet::from([site.url("/a"), by_hand.to_owned()]));

    // Adopted, it is still kept by --prune, and removed with --prune-unmanaged.
    sync.adopt(&mock, by_hand).await;
    let (_, plan, _) = sync.run(&mock, &site, &["--prune"]).await;
    assert!(plan.starts_with("No changes"), "{plan}");
    let (_, plan, _) = sync
        .run(&mock, &site, &["--prune", "--prune-unmanaged"])
        .await;
    assert_eq!(change_lines(&plan), [format!("- {by_hand}")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_whose_content_sync_never_saw_are_fingerprinted_then_refreshed_when_they_change() {
    // An adopted page had no fingerprint, and one added with --no-fetch a
    // date: neither was ever compared with its content, so neither was
    // refreshed, whatever happened to it.
    let mock = MockServer::start().await;
    let site = Site::start().await;
    for path in ["/a", "/b", "/c"] {
        site.set(path, Page::Ok(format!("first {path}")));
    }
    site.sitemap(&["/a", "/b", "/c"]);
    let sync = Sync::new();
    sync.adopt(&mock, &site.url("/b")).await;
    // /a and /c added by date, /b adopted.
    let (code, _, err) = sync.run(&mock, &site, &["--no-fetch", "--apply"]).await;
    assert_eq!(code, 0, "{err}");
    // Fetched now: no change to send, three pages seen for the first time.
    let (code, plan, _) = sync.run(&mock, &site, &["--detailed-exitcode"]).await;
    assert_eq!(code, 0, "{plan}");
    assert!(
        plan.contains(
            "No changes: the chatbot's 3 managed pages match the sources (3 seen for the first time: --apply records their content, sending nothing)."
        ),
        "{plan}"
    );
    let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
    assert_eq!(code, 0, "{err}");
    let (code, plan, _) = sync.run(&mock, &site, &[]).await;
    assert_eq!(code, 0);
    assert!(
        plan.starts_with("No changes: the chatbot's 3 managed pages match the sources."),
        "{plan}"
    );
    // Both change: each is a refresh, the adopted one too.
    site.set("/b", Page::Ok("second /b".to_owned()));
    site.set("/c", Page::Ok("second /c".to_owned()));
    let (_, plan, _) = sync.run(&mock, &site, &[]).await;
    assert_eq!(
        change_lines(&plan),
        [
            format!("~ {}", site.url("/b")),
            format!("~ {}", site.url("/c"))
        ]
    );
    // Nothing was sent for /b until it changed.
    assert_eq!(synced_pages(&mock).1.get(&site.url("/b")), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_refused_for_one_page_is_split_until_only_that_page_fails() {
    // A 400 for a batch refused all its pages, every apply, for one page
    // the server would not take.
    let mock = MockServer::start().await;
    let site = Site::start().await;
    let paths = ["/a", "/b", "/c", "/d"];
    for path in paths {
        site.set(path, Page::Ok(format!("page {path}")));
    }
    site.sitemap(&paths);
    let sync = Sync::new();
    // The batch of four, then its first half, then that half's first page.
    refuse_next(&mock, 3, "page refused");
    let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("Applied: 3 added, 0 refreshed, 0 removed; 1 failed."),
        "{err}"
    );
    let (pages, _) = synced_pages(&mock);
    assert_eq!(
        pages,
        ["/b", "/c", "/d"]
            .map(|p| site.url(p))
            .into_iter()
            .collect()
    );
    // The page refused is the next plan's one change.
    let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(synced_pages(&mock).0.len(), 4);
    // A refresh too: removing both is refused, then removing the first.
    site.set("/a", Page::Ok("changed /a".to_owned()));
    site.set("/b", Page::Ok("changed /b".to_owned()));
    refuse_next(&mock, 2, "page refused");
    let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("Applied: 0 added, 1 refreshed, 0 removed; 1 failed."),
        "{err}"
    );
    let (_, plan, _) = sync.run(&mock, &site, &[]).await;
    assert_eq!(change_lines(&plan), [format!("~ {}", site.url("/a"))]);

    // A server that refuses every page (for a reason not in them) is not
    // asked page by page: after three pages refused alone, none taken,
    // the rest of the batch is refused unsent.
    let more = ["/e", "/f", "/g", "/h", "/i", "/j", "/k", "/l"];
    for path in more {
        site.set(path, Page::Ok(format!("page {path}")));
    }
    site.sitemap(&[&paths[..], &more[..]].concat());
    refuse_next(&mock, 100, "plan limit reached");
    let before = mock.request_count();
    let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("; 9 failed."), "{err}");
    // 9 pages (8 new, the refresh): removing /a (refused alone), then the
    // adds 8, 4, 2, 1, 1, 2, 1 (the third alone): 8 requests, not 17.
    assert_eq!(mock.request_count() - before, 8);
    mock.clear_faults();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitemap_that_fails_in_any_way_is_an_error_and_changes_nothing() {
    let mock = MockServer::start().await;
    let site = Site::start().await;
    site.set("/a", Page::Ok("A".to_owned()));
    site.sitemap(&["/a"]);
    let sync = Sync::new();
    assert_eq!(sync.run(&mock, &site, &["--apply"]).await.0, 0);
    let state = std::fs::read(sync.state()).unwrap();
    let other_host = site.url("/sitemap.xml").replace("127.0.0.1", "localhost");
    let cases = [
        (Page::Status(500), "HTTP 500".to_owned()),
        (
            Page::Ok("<urlset></urlset>".to_owned()),
            "lists no pages".to_owned(),
        ),
        (
            Page::Ok("<html><p>moved</p></html>".to_owned()),
            "not a sitemap: its root element is <html>".to_owned(),
        ),
        (
            Page::Ok("not xml at all {".to_owned()),
            "not a sitemap: neither XML nor a text sitemap (line 1: ".to_owned(),
        ),
        (Page::Huge(1024), "larger than 50 MiB".to_owned()),
        (
            Page::RedirectTo(other_host),
            "redirected to another host (localhost)".to_owned(),
        ),
    ];
    for (page, expected) in cases {
        site.set("/sitemap.xml", page);
        let (code, out, err) = sync.run(&mock, &site, &["--prune", "--apply"]).await;
        assert_eq!(code, 1, "{expected}: {out}{err}");
        assert!(
            err.contains(&format!("error: sitemap {}: ", site.url("/sitemap.xml"))),
            "{err}"
        );
        assert!(err.contains(&expected), "{expected}: {err}");
        assert_eq!(std::fs::read(sync.state()).unwrap(), state, "{expected}");
        assert_eq!(
            synced_pages(&mock).0,
            BTreeSet::from([site.url("/a")]),
            "{expected}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_newer_or_foreign_state_is_refused_and_left_as_it_is() {
    let mock = MockServer::start().await;
    let site = Site::start().await;
    site.set("/a", Page::Ok("A".to_owned()));
    site.sitemap(&["/a"]);
    let sync = Sync::new();
    let head = |v: u32, bot: &str| {
        format!(
            r#"{{"format":"wonderchat-pages-sync","version":{v},"chatbotId":"{bot}","updatedAt":"2026-01-01T00:00:00Z","pages":{{}}}}"#
        )
    };
    for (text, expected) in [
        (
            "{\"pages\": [".to_owned(),
            "not a readable state file (line 1, column 11)",
        ),
        (
            head(9, DEMO_CHATBOT_ID),
            "written by a newer wonderchat (format version 9",
        ),
        (
            head(1, "another-bot"),
            "it is the state of chatbot \"another-bot\"",
        ),
    ] {
        std::fs::write(sync.state(), &text).unwrap();
        let (code, _, err) = sync.run(&mock, &site, &["--apply"]).await;
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(expected), "{err}");
        assert_eq!(std::fs::read_to_string(sync.state()).unwrap(), text);
        assert!(synced_pages(&mock).0.is_empty());
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applies_killed_at_random_moments_converge_and_lose_nothing() {
    let mock = crate::common::slow_mock().await;
    let site = Site::start().await;
    let paths: Vec<String> = (0..24).map(|i| format!("/p{i}")).collect();
    for path in &paths {
        site.set(path, Page::Ok(path.clone()));
    }
    let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
    site.sitemap(&refs);
    let sync = Sync::new();
    let args = [
        "--apply",
        "--batch-size",
        "2",
        "--concurrency",
        "1",
        "--quiet",
    ];
    let mut kills = 0;
    for delay_ms in [60u64, 110, 170, 230] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
            .env("WONDERCHAT_API_KEY", mock.api_key())
            .env("WONDERCHAT_BASE_URL", mock.base_url())
            .env("WONDERCHAT_CONFIG", sync.dir.path().join("config.toml"))
            .args(["pages", "sync", DEMO_CHATBOT_ID, "--sitemap"])
            .arg(site.url("/sitemap.xml"))
            .arg("--state")
            .arg(sync.state())
            .args(args)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(delay_ms)).await;
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
    }
    let (code, _, err) = sync.run(&mock, &site, &args).await;
    assert_eq!(code, 0, "{err}");
    let (pages, adds) = synced_pages(&mock);
    let wanted: BTreeSet<String> = paths.iter().map(|p| site.url(p)).collect();
    assert_eq!(pages, wanted, "nothing lost");
    // Only a batch under way when the process died can have been sent
    // twice (the API cannot say whether it arrived): at most one batch of
    // two pages per kill, and never a page three times.
    let twice: Vec<_> = adds.iter().filter(|(_, n)| **n > 1).collect();
    assert!(adds.values().all(|n| *n <= 2), "{adds:?}");
    assert!(twice.len() <= 2 * kills, "{kills} kills: {twice:?}");
    let (code, plan, _) = sync.run(&mock, &site, &["--detailed-exitcode"]).await;
    assert_eq!(code, 0, "{plan}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_gets_the_plan_read_only_and_no_file_is_read_for_it() {
    let site = Site::start().await;
    site.set("/a", Page::Ok("A".to_owned()));
    site.set("/b", Page::Ok("B".to_owned()));
    site.sitemap(&["/a", "/b"]);
    let sitemap = site.url("/sitemap.xml");
    tokio::task::spawn_blocking(move || {
        let mut session = crate::mcp::Session::start(&["--mock", "mcp", "--read-only"], &[]);
        let result = session.call(
            "plan_pages_sync",
            serde_json::json!({"chatbotId": DEMO_CHATBOT_ID, "sitemap": sitemap}),
        );
        assert_eq!(result["isError"], false, "{result}");
        assert_eq!(result["structuredContent"]["summary"]["add"], 2, "{result}");
        let text = result["content"][0]["text"].as_str().unwrap();
        assert!(
            text.starts_with("Plan: 2 to add, 0 to refresh, 0 to remove; 0 unchanged."),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "To apply: wonderchat pages sync demo-chatbot --sitemap {sitemap} --apply"
            )),
            "{text}"
        );
        for bad in ["/etc/passwd", "file:///etc/passwd", "sitemap.xml"] {
            let refused = session.call(
                "plan_pages_sync",
                serde_json::json!({"chatbotId": DEMO_CHATBOT_ID, "sitemap": bad}),
            );
            assert_eq!(refused["isError"], true, "{bad}: {refused}");
            let said = refused["content"][0]["text"].as_str().unwrap();
            assert!(said.contains("argument `sitemap`"), "{said}");
        }
        session.finish();
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_docs_folder_is_synced_to_the_addresses_it_is_published_at() {
    // `--dir-url`, not the global `--base-url` (Wonderchat's address): the
    // first name sent the pages, and the key, to the docs site.
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    for file in [
        "docs/index.md",
        "docs/setup/index.md",
        // The repository's view of the folder: the page is index.md.
        "docs/setup/README.md",
        "docs/setup/First steps.md",
        "docs/données/Ünï.md",
    ] {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, file).unwrap();
    }
    let sync = |extra: &[&str]| {
        let mut cmd = against(&mock);
        cmd.env("WONDERCHAT_CONFIG", dir.path().join("config.toml"))
            .args(["pages", "sync", DEMO_CHATBOT_ID, "--dir"])
            .arg(dir.path().join("docs"))
            .args([
                "--dir-url",
                "https://docs.test/",
                "--path-prefix",
                "v2",
                "--state",
            ])
            .arg(dir.path().join("state.json"))
            .args(extra);
        cmd
    };
    let out = run(sync(&["--apply"])).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        said.contains(
            "setup/index.md and setup/README.md are both the page https://docs.test/v2/setup/"
        ),
        "{said}"
    );
    let (pages, _) = synced_pages(&mock);
    assert_eq!(
        pages,
        BTreeSet::from([
            "https://docs.test/v2/".to_owned(),
            "https://docs.test/v2/donn%C3%A9es/%C3%9Cn%C3%AF".to_owned(),
            "https://docs.test/v2/setup/".to_owned(),
            "https://docs.test/v2/setup/First%20steps".to_owned(),
        ])
    );
    // A file's change is a refresh; nothing else moves (and the README
    // beside the index is not what is compared).
    std::fs::write(dir.path().join("docs/setup/README.md"), "for GitHub").unwrap();
    let out = run(sync(&["--detailed-exitcode"])).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    std::fs::write(dir.path().join("docs/setup/index.md"), "rewritten").unwrap();
    let out = run(sync(&["--detailed-exitcode"])).await;
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        change_lines(&text(&out.stdout)),
        ["~ https://docs.test/v2/setup/"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_index_of_gzip_sitemaps_is_followed_and_robots_txt_is_honoured() {
    use std::io::Write;
    let mock = MockServer::start().await;
    let site = Site::start().await;
    for path in ["/docs/a", "/docs/b", "/private/c"] {
        site.set(path, Page::Ok(path.to_owned()));
    }
    // A gzip sitemap, served as bytes (the text body of `Page::Ok` would
    // not do): the index lists it and a plain one.
    let urls: String = ["/docs/a", "/private/c"]
        .iter()
        .map(|p| format!("<url><loc>{}</loc></url>", site.url(p)))
        .collect();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(format!("<urlset>{urls}</urlset>").as_bytes())
        .unwrap();
    let packed = gz.finish().unwrap();
    site.set_bytes("/one.xml.gz", packed);
    site.set(
        "/two.xml",
        Page::Ok(format!(
            "<urlset><url><loc>{}</loc></url></urlset>",
            site.url("/docs/b")
        )),
    );
    site.set(
        "/sitemap.xml",
        Page::Ok(format!(
            "<sitemapindex><sitemap><loc>{}</loc></sitemap><sitemap><loc>{}</loc></sitemap></sitemapindex>",
            site.url("/one.xml.gz"),
            site.url("/two.xml")
        )),
    );
    site.set(
        "/robots.txt",
        Page::Ok("User-agent: *\nDisallow: /private/\n".to_owned()),
    );
    let sync = Sync::new();
    let (code, plan, _) = sync.run(&mock, &site, &[]).await;
    assert_eq!(code, 0, "{plan}");
    assert_eq!(
        change_lines(&plan),
        [
            format!("+ {}", site.url("/docs/a")),
            format!("+ {}", site.url("/docs/b"))
        ]
    );
    assert!(
        plan.contains(&format!(
            "! {}: not added: robots.txt does not allow fetching it",
            site.url("/private/c")
        )),
        "{plan}"
    );
    let fetched_private = || {
        site.seen
            .lock()
            .unwrap()
            .iter()
            .any(|r| r.starts_with("/private/c "))
    };
    assert!(!fetched_private(), "a disallowed page is not fetched");
    let (_, plan, _) = sync.run(&mock, &site, &["--ignore-robots"]).await;
    assert_eq!(change_lines(&plan).len(), 3, "{plan}");
    assert!(fetched_private());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_finishes_the_batches_under_way_records_them_and_exits_130() {
    let mock = crate::common::slow_mock().await;
    let dir = tempfile::tempdir().unwrap();
    let urls = dir.path().join("urls.txt");
    let list: String = (0..400)
        .map(|i| format!("https://docs.test/p{i}\n"))
        .collect();
    std::fs::write(&urls, list).unwrap();
    let state = dir.path().join("state.json");
    let command = || {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"));
        cmd.env("WONDERCHAT_API_KEY", mock.api_key())
            .env("WONDERCHAT_BASE_URL", mock.base_url())
            .env("WONDERCHAT_CONFIG", dir.path().join("config.toml"))
            .args(["pages", "sync", DEMO_CHATBOT_ID, "--no-fetch", "--urls"])
            .arg(&urls)
            .arg("--state")
            .arg(&state)
            .args(["--apply", "--batch-size", "1", "--concurrency", "2"]);
        cmd
    };
    let child = command()
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Some batches are answered: the journal has lines.
    let journal = dir.path().join("state.json.journal");
    tokio::time::timeout(std::time::Duration::from_secs(30), async {
        while std::fs::read_to_string(&journal).map_or(0, |l| l.lines().count()) < 4 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("no batch answered");
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Ctrl-C: finishing the batches under way"));
    // The journal folded into the state: what was added is no longer pending.
    assert!(!journal.exists());
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let pages = saved["pages"].as_object().unwrap();
    let done = pages
        .values()
        .filter(|p| p.get("pending").is_none())
        .count();
    let (added, adds) = synced_pages(&mock);
    assert_eq!(
        done,
        added.len(),
        "every page answered, and only those, is done"
    );
    assert!((4..400).contains(&done), "{done}");
    // The rest goes on from there, nothing sent twice.
    let out = command().output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (added, adds_after) = synced_pages(&mock);
    assert_eq!(added.len(), 400);
    assert!(adds_after.values().all(|n| *n == 1), "{adds:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_robots_txt_is_read_in_part_not_forever() {
    // It was read whole, with no time limit: an endless one hung the plan.
    let mock = MockServer::start().await;
    let site = Site::start().await;
    site.set("/a", Page::Ok("A".to_owned()));
    site.sitemap(&["/a"]);
    site.set("/robots.txt", Page::Huge(100_000));
    let sync = Sync::new();
    let run = sync.run(&mock, &site, &["--page-timeout", "20"]);
    let (code, plan, err) = tokio::time::timeout(std::time::Duration::from_secs(60), run)
        .await
        .expect("the plan hung on robots.txt");
    assert_eq!(code, 0, "{err}");
    assert_eq!(change_lines(&plan), [format!("+ {}", site.url("/a"))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_source_and_a_bad_glob_are_usage_errors() {
    let mock = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    for (args, expected) in [
        (
            vec![],
            "no source: give --sitemap, --urls or --dir with --dir-url",
        ),
        (
            vec!["--sitemap", "s.xml", "--include", "a[b"],
            "--include: \"a[b\" is not a glob",
        ),
    ] {
        let out = run({
            let mut cmd = against(&mock);
            cmd.env("WONDERCHAT_CONFIG", dir.path().join("config.toml"))
                .args(["pages", "sync", DEMO_CHATBOT_ID])
                .args(args);
            cmd
        })
        .await;
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
    }
}
