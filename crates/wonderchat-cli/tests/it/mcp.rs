//! `wonderchat mcp` driven over stdio as an MCP client would: the flow an
//! agent runs, the rails (read-only, allow-list, size cap, cancellation),
//! bad input from the agent and hostile servers behind the tools. The
//! Python and TypeScript MCP SDKs drive it too (`cargo xtask conformance`).

use std::io::{BufRead, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use wonderchat_mock::{Fault, MockServer};

use crate::common::{endless_body_server, proc_status_kib};

/// A running `wonderchat mcp` and its frames.
pub(crate) struct Session {
    pub(crate) child: Child,
    stdin: ChildStdin,
    lines: mpsc::Receiver<String>,
    /// Every frame read so far.
    frames: Vec<String>,
    next_id: u64,
    /// Everything the server wrote on stderr (drained as it comes, so that
    /// `-vvv` never fills the pipe).
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    _config: tempfile::TempDir,
}

impl Session {
    /// Starts `wonderchat ARGS` with `env`, and initializes.
    pub(crate) fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        let mut session = Session::spawn(args, env);
        session.initialize();
        session
    }

    /// The initialize request and notification.
    pub(crate) fn initialize(&mut self) {
        let init = self.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "wonderchat-tests", "version": "1"}}),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "wonderchat", "{init}");
        self.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    }

    /// Starts `wonderchat ARGS` with `env`, without initializing.
    pub(crate) fn spawn(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::spawn_in(args, env, None)
    }

    /// Starts `wonderchat ARGS` with `env` in the working directory `dir`,
    /// without initializing.
    pub(crate) fn spawn_in(
        args: &[&str],
        env: &[(&str, &str)],
        dir: Option<&std::path::Path>,
    ) -> Session {
        let config = tempfile::tempdir().unwrap();
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"));
        if let Some(dir) = dir {
            command.current_dir(dir);
        }
        command
            .args(args)
            .env_remove("WONDERCHAT_API_KEY")
            .env_remove("WONDERCHAT_BASE_URL")
            .env_remove("RUST_LOG")
            .env("WONDERCHAT_CONFIG", config.path().join("config.toml"))
            // save_chatlogs' default folder: inside the test's own.
            .env("XDG_DATA_HOME", config.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = std::sync::Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = std::io::Read::read(&mut pipe, &mut buf) {
                if n == 0 {
                    return;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        Session {
            child,
            stdin,
            lines,
            frames: Vec::new(),
            next_id: 1,
            stderr,
            _config: config,
        }
    }

    /// The folder the session's config and data live in.
    pub(crate) fn home(&self) -> &std::path::Path {
        self._config.path()
    }

    /// What the server wrote on stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub(crate) fn send(&mut self, message: &Value) {
        self.send_raw(&message.to_string());
    }

    pub(crate) fn send_raw(&mut self, line: &str) {
        self.stdin.write_all(line.as_bytes()).unwrap();
        self.stdin.write_all(b"\n").unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next frame, within 60 s.
    pub(crate) fn next_frame(&mut self) -> Value {
        let line = self.next_line();
        serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdout carried a line that is not JSON ({e}): {line}"))
    }

    /// The next frame as written, within 60 s.
    pub(crate) fn next_line(&mut self) -> String {
        let line = self
            .lines
            .recv_timeout(Duration::from_secs(60))
            .expect("a frame from the server within 60 s");
        self.frames.push(line.clone());
        line
    }

    /// The answer to a request with `id`; notifications before it are kept.
    pub(crate) fn answer_to(&mut self, id: u64) -> (Value, Vec<Value>) {
        let mut notifications = Vec::new();
        loop {
            let frame = self.next_frame();
            if frame["id"] == json!(id) {
                return (frame, notifications);
            }
            notifications.push(frame);
        }
    }

    pub(crate) fn send_request(&mut self, method: &str, params: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.answer_to(id).0
    }

    /// A tool call's result (a protocol error fails the test).
    pub(crate) fn call(&mut self, name: &str, arguments: Value) -> Value {
        let answer = self.request("tools/call", json!({"name": name, "arguments": arguments}));
        assert!(answer.get("error").is_none(), "{answer}");
        answer["result"].clone()
    }

    pub(crate) fn tool_names(&mut self) -> Vec<String> {
        let list = self.request("tools/list", json!({}));
        list["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Closes stdin and returns what the server wrote on stderr.
    pub(crate) fn finish(mut self) -> (String, Vec<String>) {
        drop(self.stdin);
        let status = self.child.wait().unwrap();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
            self.frames.push(line);
        }
        // The drain thread ends at the pipe's end, right after the exit.
        std::thread::sleep(Duration::from_millis(50));
        let stderr = self.stderr.lock().unwrap().clone();
        assert!(status.success(), "{status}: {stderr}");
        (stderr, self.frames)
    }
}

pub(crate) fn error_text(result: &Value) -> String {
    assert_eq!(result["isError"], true, "{result}");
    result["content"][0]["text"].as_str().unwrap().to_owned()
}

#[test]
fn an_agent_asks_rates_reads_tags_and_exports_against_the_mock() {
    let dir = tempfile::tempdir().unwrap();
    let export_dir = dir.path().to_str().unwrap();
    let mut session = Session::start(&["--mock", "mcp", "--export-dir", export_dir], &[]);
    let list = session.request("tools/list", json!({}));
    let tools = list["result"]["tools"].as_array().unwrap();
    assert!(tools.len() >= 10, "{list}");
    for tool in tools {
        assert_eq!(tool["inputSchema"]["type"], "object", "{tool}");
        assert_eq!(tool["outputSchema"]["type"], "object", "{tool}");
        assert!(
            !tool["inputSchema"]["properties"]
                .to_string()
                .contains("apiKey")
        );
    }
    let by_name = |name: &str| tools.iter().find(|t| t["name"] == name).unwrap().clone();
    // Left out, a hint has MCP's default: destructive.
    assert_ne!(
        by_name("remove_pages")["annotations"]["destructiveHint"],
        false
    );
    assert_eq!(
        by_name("add_pages")["annotations"]["destructiveHint"],
        false
    );
    assert_ne!(by_name("ask_chatbot")["annotations"]["readOnlyHint"], true);
    assert_eq!(
        by_name("export_chatlogs")["annotations"]["readOnlyHint"],
        true
    );

    let answer = session.call(
        "ask_chatbot",
        json!({"chatbotId": "demo-chatbot", "question": "How do I reset my password?"}),
    );
    assert_eq!(answer["isError"], false, "{answer}");
    let message_id = answer["structuredContent"]["messageId"]
        .as_str()
        .unwrap()
        .to_owned();
    let chatlog_id = answer["structuredContent"]["chatlogId"]
        .as_str()
        .unwrap()
        .to_owned();
    // The SDK's `ChatAnswer`, as the CLI's --json prints it.
    assert!(
        !answer["structuredContent"]["text"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    assert_eq!(answer["structuredContent"]["attempts"], 1, "{answer}");
    // Clients that read only text get the same JSON after a summary line.
    let text = answer["content"][0]["text"].as_str().unwrap();
    assert!(text.contains(&message_id), "{text}");

    let rated = session.call(
        "rate_answer",
        json!({"messageId": message_id, "feedback": "NOT_HELPFUL", "userComment": "too vague"}),
    );
    assert_eq!(
        rated["structuredContent"]["feedback"], "NOT_HELPFUL",
        "{rated}"
    );

    let conversation = session.call("get_conversation", json!({"chatlogId": chatlog_id}));
    let messages = conversation["structuredContent"]["messages"]
        .as_array()
        .unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m["content"] == "How do I reset my password?"),
        "{conversation}"
    );

    let tagged = session.call(
        "add_tags",
        json!({"chatlogId": chatlog_id, "tags": ["billing"]}),
    );
    assert_eq!(
        tagged["structuredContent"]["tags"],
        json!(["billing"]),
        "{tagged}"
    );

    // With a progress token, progress notifications come before the answer.
    let id = session.send_request(
        "tools/call",
        json!({"name": "save_chatlogs", "arguments": {"path": "all.jsonl", "samples": 2},
               "_meta": {"progressToken": "export-1"}}),
    );
    let (exported, notifications) = session.answer_to(id);
    // Counted as the report counts (its headline), the samples in the
    // export's own shape (the SDK's `Chatlog`), contact details left out.
    let summary = &exported["result"]["structuredContent"];
    let headline = &summary["headline"];
    let count = headline["conversations"].as_u64().unwrap();
    assert!(count > 2000, "{summary}");
    let samples = summary["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 2);
    assert!(samples[0]["chatbotId"].is_string() && samples[0]["userEmail"].is_null());
    let (first, last) = (headline["firstDay"].as_str(), headline["lastDay"].as_str());
    assert!(first.is_some() && first < last, "{summary}");
    assert!(
        headline["good"].as_u64().unwrap() + headline["bad"].as_u64().unwrap()
            <= headline["rated"].as_u64().unwrap()
    );
    let per_chatbot: u64 = summary["perChatbot"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["headline"]["conversations"].as_u64().unwrap())
        .sum();
    assert!(per_chatbot == count || per_chatbot == 0, "{summary}");
    let written = std::fs::read_to_string(dir.path().join("all.jsonl")).unwrap();
    assert_eq!(written.lines().count() as u64, count);
    assert_eq!(summary["bytes"].as_u64(), Some(written.len() as u64));
    for notification in &notifications {
        assert_eq!(
            notification["method"], "notifications/progress",
            "{notification}"
        );
        assert_eq!(notification["params"]["progressToken"], "export-1");
    }

    // The text part is the answer, in short: the headline, then the gaps
    // with the tool call that fixes each.
    let report = session.call("feedback_report", json!({}));
    let brief = report["content"][0]["text"].as_str().unwrap();
    assert!(brief.len() < 2500, "{brief}");
    assert!(brief.contains("Fix first:\n1. "), "{brief}");
    assert!(
        brief.contains("Call add_pages {\"chatbotId\":\"demo-chatbot\""),
        "{brief}"
    );
    assert_eq!(report["content"].as_array().unwrap().len(), 1);
    let brief = &report["structuredContent"];
    assert!(
        brief["headline"]["conversations"].as_u64().unwrap() >= 2000,
        "{report}"
    );
    assert_eq!(
        brief["knowledgeGaps"].as_array().unwrap().len(),
        3,
        "{report}"
    );
    assert!(brief.get("report").is_none());
    // The question asked above is an agent's: tagged, in the ledger, left out.
    assert_eq!(brief["leftOut"], 1, "{report}");
    let ledger = std::fs::read_to_string(session.home().join("eval-ledger.jsonl")).unwrap();
    assert!(ledger.contains("How do I reset my password?"), "{ledger}");
    let (stderr, frames) = session.finish();
    assert!(stderr.contains("built-in mock server"), "{stderr}");
    // The mock's demo key is a key too: it is in no frame.
    assert!(frames.iter().all(|f| !f.contains("wonderchat-demo-key")));
}

#[test]
fn read_only_lists_nothing_that_changes_data_and_hidden_tools_fail_cleanly() {
    // Read-only is the annotation: asking is a named choice on top.
    let read_only = |tools: &Value| -> Vec<String> {
        tools["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["annotations"]["readOnlyHint"] == true)
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut all = Session::start(&["--mock", "mcp"], &[]);
    let annotated = read_only(&all.request("tools/list", json!({})));
    all.finish();
    let mut session = Session::start(&["--mock", "mcp", "--read-only"], &[]);
    let names = session.tool_names();
    assert_eq!(names, annotated);
    for name in ["get_conversation", "export_chatlogs", "feedback_report"] {
        assert!(names.contains(&name.to_owned()), "{names:?}");
    }
    session.finish();
    let mut session = Session::start(&["--mock", "mcp", "--read-only", "--allow-ask"], &[]);
    let names = session.tool_names();
    // The tools that ask: ask_chatbot, and run_eval (last).
    assert_eq!(names[0], "ask_chatbot");
    assert_eq!(names[names.len() - 1], "run_eval");
    assert_eq!(names[1..names.len() - 1], annotated[..]);
    let refused = session.request(
        "tools/call",
        json!({"name": "rate_answer", "arguments": {"messageId": "m", "feedback": "HELPFUL"}}),
    );
    assert_eq!(refused["error"]["code"], -32602, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown tool")
    );
    // And it goes on serving.
    let answer = session.call(
        "ask_chatbot",
        json!({"chatbotId": "demo-chatbot", "question": "Still there?"}),
    );
    assert_eq!(answer["isError"], false, "{answer}");
    session.finish();

    let mut session = Session::start(
        &["--mock", "mcp", "--tools", "get_conversation,add_tags"],
        &[],
    );
    assert_eq!(session.tool_names(), ["get_conversation", "add_tags"]);
    session.finish();
}

#[test]
fn bad_input_from_the_agent_gets_a_clear_error_and_the_server_keeps_serving() {
    let mut session = Session::start(&["--mock", "mcp"], &[]);
    let missing = session.call("ask_chatbot", json!({"chatbotId": "demo-chatbot"}));
    assert!(
        error_text(&missing).contains("missing field `question`"),
        "{missing}"
    );
    let wrong = session.call(
        "rate_answer",
        json!({"messageId": 5, "feedback": "HELPFUL"}),
    );
    assert!(error_text(&wrong).contains("`messageId`"), "{wrong}");
    let enum_value = session.call("rate_answer", json!({"messageId": "m", "feedback": "MEH"}));
    assert!(
        error_text(&enum_value).contains("`feedback`"),
        "{enum_value}"
    );
    let huge = session.call(
        "ask_chatbot",
        json!({"chatbotId": "demo-chatbot", "question": "x".repeat(1 << 20)}),
    );
    let huge = error_text(&huge);
    assert!(
        huge.contains("longer than 4000") && huge.len() < 400,
        "{huge}"
    );
    let key = session.call(
        "get_conversation",
        json!({"chatlogId": "c", "apiKey": "agent-supplied"}),
    );
    assert!(error_text(&key).contains("holds the API key"));
    let path = session.call("save_chatlogs", json!({"path": "../outside.jsonl"}));
    assert!(error_text(&path).contains("without `..`"));
    let no_path = session.call("export_chatlogs", json!({"path": "x.jsonl"}));
    assert!(
        error_text(&no_path).contains("has no argument `path`"),
        "{no_path}"
    );
    let unknown = session.request(
        "tools/call",
        json!({"name": "drop_database", "arguments": {}}),
    );
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    // Not JSON: "Parse error"; JSON that is not a JSON-RPC message:
    // "Invalid Request" with its id; a line over the 4 MiB limit: skipped
    // unread, "Invalid Request"; an unknown notification: no answer.
    session.send_raw("{this is not json");
    let parse = session.next_frame();
    assert_eq!(parse["error"]["code"], -32700, "{parse}");
    assert_eq!(parse["id"], Value::Null);
    session.send_raw(r#"{"jsonrpc":"2.0","id":77,"method":7}"#);
    let invalid = session.next_frame();
    assert_eq!(invalid["error"]["code"], -32600, "{invalid}");
    assert_eq!(invalid["id"], 77);
    session.send_raw(&format!(
        r#"{{"jsonrpc":"2.0","id":78,"pad":"{}"}}"#,
        "x".repeat(5 << 20)
    ));
    let long = session.next_frame();
    assert_eq!(long["error"]["code"], -32600, "{long}");
    assert!(
        long["error"]["message"]
            .as_str()
            .unwrap()
            .contains("longer than 4 MiB")
    );
    session.send_raw(r#"{"jsonrpc":"2.0","method":"notifications/something_new","params":5}"#);
    let fine = session.call(
        "ask_chatbot",
        json!({"chatbotId": "demo-chatbot", "question": "And now?"}),
    );
    assert_eq!(fine["isError"], false, "{fine}");
    session.finish();
}

const CANARY: &str = "canary-mcp-K3y-7f1d";
const COOKIE: &str = "canary-mcp-C00kie-9e2a";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_servers_behind_the_tools_end_in_is_error_without_the_key() {
    let mock = MockServer::builder().api_key(CANARY).start().await.unwrap();
    let mock_url = mock.base_url();
    let dir = tempfile::tempdir().unwrap();
    let cookie_file = dir.path().join("cookie");
    std::fs::write(&cookie_file, format!("{COOKIE}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cookie_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let cookie_path = cookie_file.to_str().unwrap().to_owned();
    let json_answer = Fault::json;
    let mut faults = crate::common::key_echoes(CANARY);
    // The key written with a JSON escape: whole once decoded.
    faults.push(json_answer(
        400,
        format!(r#"{{"error":{{"message":"\u0063{}"}}}}"#, &CANARY[1..]),
    ));
    let session = tokio::task::spawn_blocking(move || {
        // -vvv: every log line on stderr, none on stdout, no secret in either.
        Session::start(
            &[
                "-vvv",
                "mcp",
                "--max-attempts",
                "2",
                "--timeout",
                "2",
                "--session-cookie-file",
                &cookie_path,
            ],
            &[
                ("WONDERCHAT_API_KEY", CANARY),
                ("WONDERCHAT_BASE_URL", &mock_url),
            ],
        )
    })
    .await
    .unwrap();
    let session = std::sync::Arc::new(std::sync::Mutex::new(session));
    for fault in faults {
        mock.push_faults([fault]);
        let session = std::sync::Arc::clone(&session);
        tokio::task::spawn_blocking(move || {
            let mut session = session.lock().unwrap();
            let result = session.call(
                "rate_answer",
                json!({"messageId": "m1", "feedback": "HELPFUL"}),
            );
            // Either an error, or the echo scrubbed: never the key.
            assert!(!result.to_string().contains(CANARY), "{result}");
        })
        .await
        .unwrap();
    }
    // A server that echoes the session cookie back.
    for body in [
        format!(r#"{{"status":"error","message":"bad cookie {COOKIE}"}}"#),
        format!(r#"{{"status":"success","echo":"{COOKIE}"}}"#),
    ] {
        mock.push_faults([json_answer(
            if body.contains("error") { 400 } else { 200 },
            body,
        )]);
        let session = std::sync::Arc::clone(&session);
        tokio::task::spawn_blocking(move || {
            let mut session = session.lock().unwrap();
            let result = session.call(
                "add_pages",
                json!({"chatbotId": "demo-chatbot", "urls": ["https://example.com/a"]}),
            );
            assert!(!result.to_string().contains(COOKIE), "{result}");
        })
        .await
        .unwrap();
    }
    // A 503 storm: isError within the operation's time, with the CLI's words.
    mock.push_faults(std::iter::repeat_n(Fault::Unavailable, 10));
    let session = std::sync::Arc::try_unwrap(session)
        .ok()
        .unwrap()
        .into_inner()
        .unwrap();
    let (stderr, frames) = tokio::task::spawn_blocking(move || {
        let mut session = session;
        let started = std::time::Instant::now();
        let result = session.call(
            "rate_answer",
            json!({"messageId": "m1", "feedback": "HELPFUL"}),
        );
        assert!(error_text(&result).contains("503"), "{result}");
        assert!(started.elapsed() < Duration::from_secs(60));
        session.finish()
    })
    .await
    .unwrap();
    for frame in &frames {
        assert!(
            !frame.contains(CANARY) && !frame.contains(COOKIE),
            "{frame}"
        );
    }
    let leaks: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(CANARY) || l.contains(COOKIE))
        .collect();
    assert!(leaks.is_empty(), "{leaks:#?}");
    // -vvv logged (on stderr): the requests were traced.
    assert!(
        stderr.contains("updateMessageFeedback"),
        "no trace on stderr"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_answer_ends_in_is_error_with_memory_bounded() {
    let url = endless_body_server();
    let mut session = Session::start(
        &["mcp", "--max-attempts", "1"],
        &[
            ("WONDERCHAT_API_KEY", CANARY),
            ("WONDERCHAT_BASE_URL", &url),
        ],
    );
    let idle_kib = proc_status_kib(session.child.id(), "VmRSS:").unwrap();
    for (tool, arguments) in [
        (
            "rate_answer",
            json!({"messageId": "m1", "feedback": "HELPFUL"}),
        ),
        ("get_conversation", json!({"chatlogId": "c1"})),
        ("ask_chatbot", json!({"chatbotId": "b", "question": "q"})),
    ] {
        let result = session.call(tool, arguments);
        assert!(
            error_text(&result).contains("larger than this client accepts"),
            "{tool}: {result}"
        );
    }
    let peak_kib = proc_status_kib(session.child.id(), "VmHWM:").unwrap();
    // Each answer is cut at the 1 MiB limit: the peak stays near the idle
    // size (a debug build's own pages are most of it), nowhere near what an
    // endless body would take.
    assert!(
        peak_kib < idle_kib + 32 * 1024,
        "peak RSS {peak_kib} KiB, idle {idle_kib} KiB"
    );
    let (_, frames) = session.finish();
    assert!(frames.iter().all(|f| !f.contains(CANARY)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_export_stops_and_leaves_no_file() {
    let mock = MockServer::builder()
        .seed_chatlogs(50)
        .start()
        .await
        .unwrap();
    mock.push_faults([Fault::Delay(Duration::from_secs(20))]);
    let dir = tempfile::tempdir().unwrap();
    let export_dir = dir.path().to_str().unwrap().to_owned();
    let (key, url) = (mock.api_key().to_owned(), mock.base_url());
    tokio::task::spawn_blocking(move || {
        let mut session = Session::start(
            &["mcp", "--export-dir", &export_dir],
            &[("WONDERCHAT_API_KEY", &key), ("WONDERCHAT_BASE_URL", &url)],
        );
        let id = session.send_request(
            "tools/call",
            json!({"name": "save_chatlogs", "arguments": {"path": "x.jsonl"}}),
        );
        std::thread::sleep(Duration::from_millis(500));
        session.send(
            &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                             "params": {"requestId": id, "reason": "changed my mind"}}),
        );
        let started = std::time::Instant::now();
        // The server answers the next request at once, not after 20 s.
        let pong = session.request("ping", json!({}));
        assert!(pong.get("result").is_some(), "{pong}");
        std::thread::sleep(Duration::from_millis(300));
        let left: Vec<_> = std::fs::read_dir(&export_dir).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
        assert!(started.elapsed() < Duration::from_secs(10));
        let (_, frames) = session.finish();
        // No answer for the cancelled request but, at most, its error result.
        for frame in frames
            .iter()
            .filter(|f| f.contains(&format!("\"id\":{id}")))
        {
            assert!(frame.contains("cancelled"), "{frame}");
        }
    })
    .await
    .unwrap();
}

#[test]
fn a_large_result_is_cut_with_a_note_on_how_to_get_the_rest() {
    let mut session = Session::start(&["--mock", "mcp", "--max-result-size", "1KiB"], &[]);
    let result = session.call("export_chatlogs", json!({"samples": 20}));
    let content = &result["structuredContent"];
    let json = serde_json::to_string(content).unwrap();
    assert!(json.len() <= 1024, "{}", json.len());
    assert!(
        content["truncated"]
            .as_str()
            .unwrap()
            .contains("save_chatlogs"),
        "{content}"
    );
    assert!(content["samples"].as_array().unwrap().len() < 20);
    session.finish();
}

#[test]
fn print_config_names_the_key_file_never_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, "secret-key-in-file\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    for client in ["claude", "cursor", "vscode"] {
        let output = crate::common::wonderchat()
            .env("WONDERCHAT_API_KEY", "secret-key-in-env")
            .args(["mcp", "--read-only", "--print-config", client])
            .output()
            .unwrap();
        assert!(output.status.success());
        let stdout = crate::common::text(&output.stdout);
        let value: Value = serde_json::from_str(&stdout).unwrap();
        assert!(!stdout.contains("secret-key"), "{stdout}");
        assert!(stdout.contains("--read-only"), "{stdout}");
        assert!(value.get("mcpServers").or(value.get("servers")).is_some());
        assert!(crate::common::text(&output.stderr).contains("wonderchat login"));
    }
    let output = crate::common::wonderchat()
        .arg("--api-key-file")
        .arg(&key_file)
        .args(["mcp", "--print-config", "claude"])
        .output()
        .unwrap();
    let stdout = crate::common::text(&output.stdout);
    assert!(stdout.contains(key_file.to_str().unwrap()), "{stdout}");
    assert!(!stdout.contains("secret-key"), "{stdout}");
}

#[test]
fn print_config_checks_what_it_names_and_writes_only_absolute_paths() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[profiles.work]\nbase_url = \"http://127.0.0.1:9\"\n",
    )
    .unwrap();
    let print = |args: &[&str]| {
        crate::common::wonderchat()
            .current_dir(dir.path())
            .env("WONDERCHAT_CONFIG", &config)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .args(args)
            .output()
            .unwrap()
    };
    // A profile that is not in the file: it printed a snippet, exit 0.
    let missing = print(&["--profile", "nosuch", "mcp", "--print-config", "claude"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(crate::common::text(&missing.stderr).contains("no profile \"nosuch\""));
    let missing = print(&[
        "--api-key-file",
        "no-such-key",
        "mcp",
        "--print-config",
        "claude",
    ]);
    assert_eq!(missing.status.code(), Some(2), "{missing:?}");
    // A relative export folder becomes absolute; without one, the default
    // is written out; WONDERCHAT_CONFIG goes along.
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = print(&[
        "--profile",
        "work",
        "mcp",
        "--export-dir",
        "out",
        "--print-config",
        "cursor",
    ]);
    assert!(out.status.success(), "{out:?}");
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let server = &value["mcpServers"]["wonderchat"];
    let args: Vec<&str> = server["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let at = args.iter().position(|a| *a == "--export-dir").unwrap();
    assert_eq!(std::path::Path::new(args[at + 1]), dir.path().join("out"));
    assert_eq!(server["env"]["WONDERCHAT_CONFIG"], config.to_str().unwrap());
    let out = print(&["--profile", "work", "mcp", "--print-config", "claude"]);
    let text = crate::common::text(&out.stdout);
    assert!(
        text.contains(dir.path().join("data").join("wonderchat").to_str().unwrap()),
        "{text}"
    );
    // Claude Code's command line; VS Code's prompt for the key.
    let line = print(&[
        "--profile",
        "work",
        "mcp",
        "--read-only",
        "--print-config",
        "claude-code",
    ]);
    let line = crate::common::text(&line.stdout);
    assert!(line.starts_with("claude mcp add wonderchat -e "), "{line}");
    assert!(
        line.contains(" -- ") && line.contains(" mcp --read-only"),
        "{line}"
    );
    let vscode = print(&["mcp", "--print-config", "vscode"]);
    let value: Value = serde_json::from_slice(&vscode.stdout).unwrap();
    assert_eq!(value["inputs"][0]["password"], true, "{value}");
    assert_eq!(
        value["servers"]["wonderchat"]["env"]["WONDERCHAT_API_KEY"],
        "${input:wonderchat-api-key}"
    );
}

/// `wonderchat --mock mcp --http 127.0.0.1:0` with `token`, stdout not a
/// pipe; returns it once it serves, and its URL.
fn http_server(token: &str, stdin: Stdio) -> (Child, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args(["--mock", "mcp", "--http", "127.0.0.1:0"])
        .env("WONDERCHAT_MCP_TOKEN", token)
        .env_remove("WONDERCHAT_API_KEY")
        .stdin(stdin)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("serving MCP at") {
        line.clear();
    }
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    (child, url)
}

#[test]
fn http_is_loopback_only_unless_allowed_and_then_needs_the_token() {
    let output = crate::common::wonderchat()
        .args(["--mock", "mcp", "--http", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::common::text(&output.stderr).contains("not a loopback address"));
    let output = crate::common::wonderchat()
        .args(["--mock", "mcp", "--http", "0.0.0.0:0", "--allow-remote"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(crate::common::text(&output.stderr).contains("needs a bearer token"));

    let token = "a-long-enough-test-token-0123456789";
    let (mut child, url) = http_server(token, Stdio::null());
    let post = |authorization: Option<&str>| {
        let addr = url.trim_start_matches("http://").trim_end_matches("/mcp");
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#;
        let auth = authorization
            .map(|a| format!("Authorization: {a}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "POST /mcp HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let _ = std::io::Read::read_to_string(&mut stream, &mut answer);
        answer
    };
    assert!(post(None).starts_with("HTTP/1.1 401"));
    assert!(post(Some("Bearer wrong-token-wrong-token-00")).starts_with("HTTP/1.1 401"));
    let ok = post(Some(&format!("Bearer {token}")));
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains("\"serverInfo\""), "{ok}");
    child.kill().unwrap();
    let _ = child.wait();
}

#[cfg(unix)]
#[test]
fn sigterm_ends_the_server_even_while_stdin_is_read_by_a_blocking_thread() {
    // stdout is not a pipe, so rmcp reads stdin on tokio's blocking thread,
    // a read nothing can cancel: the runtime must not wait for it at exit.
    let (mut child, _) = http_server("a-long-enough-test-token-0123456789", Stdio::piped());
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("still running 20 s after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(143));
}

#[test]
fn run_eval_runs_a_suite_of_the_export_folder_and_records_its_conversations() {
    let dir = tempfile::tempdir().unwrap();
    let export_dir = dir.path().join("exports");
    std::fs::create_dir(&export_dir).unwrap();
    std::fs::write(
        export_dir.join("suite.yaml"),
        "chatbot: demo-chatbot\ncases:\n  - id: reset\n    question: How do I reset my password?\n    cites: https://example.com/support/*\n  - id: mars\n    question: Do you ship to Mars?\n",
    )
    .unwrap();
    let ledger = dir.path().join("ledger.jsonl");
    let mut session = Session::start(
        &[
            "--mock",
            "mcp",
            "--export-dir",
            export_dir.to_str().unwrap(),
        ],
        &[("WONDERCHAT_EVAL_LEDGER", ledger.to_str().unwrap())],
    );
    let result = session.call("run_eval", json!({"suite": "suite.yaml"}));
    assert_eq!(result["isError"], false, "{result}");
    let content = &result["structuredContent"];
    assert_eq!(content["summary"]["passed"], 1, "{content}");
    assert_eq!(content["summary"]["failed"], 1, "{content}");
    assert_eq!(
        content["cases"][0]["id"], "mars",
        "only what did not pass: {content}"
    );
    let text = result["content"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Eval of suite on demo-chatbot: 2 cases, 1 passed, 1 failed."),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&ledger).unwrap().lines().count(), 2);
    // No command is started at an agent's request.
    std::fs::write(
        export_dir.join("judged.yaml"),
        "chatbot: demo-chatbot\ncases:\n  - question: Hi\n    judge: sh -c true\n",
    )
    .unwrap();
    let refused = session.call("run_eval", json!({"suite": "judged.yaml"}));
    assert_eq!(refused["isError"], true, "{refused}");
    assert!(
        refused["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("has a judge"),
        "{refused}"
    );
    // Nothing outside the export folder is read.
    for bad in ["../suite.yaml", "/etc/passwd", "missing.yaml"] {
        let refused = session.call("run_eval", json!({"suite": bad}));
        assert_eq!(refused["isError"], true, "{bad}: {refused}");
    }
    session.finish();
}

#[test]
fn agents_send_times_as_people_write_them_and_find_the_bad_conversations() {
    let mut session = Session::start(&["--mock", "mcp", "--max-result-size", "4096"], &[]);
    // Every form the CLI takes, in both tools, with the same names.
    for since in ["2026-11-26", "7d", "24h", "1w 2d", "2026-11-26T09:00:00Z"] {
        for tool in ["export_chatlogs", "feedback_report"] {
            let read = session.call(tool, json!({"since": since, "until": "2099-12-31"}));
            assert_eq!(read["isError"], false, "{tool} since {since}: {read}");
        }
    }
    let bad = session.call("export_chatlogs", json!({"since": "last tuesday"}));
    let said = error_text(&bad);
    assert!(
        said.contains("\"last tuesday\" is not a time") && said.contains("(7d, 24h)"),
        "{said}"
    );
    let empty = session.call("feedback_report", json!({"since": "1d", "until": "3d"}));
    assert!(error_text(&empty).contains("swap them"), "{empty}");
    // The spec's names are not the tools' (one vocabulary: the CLI's).
    let old = session.call(
        "export_chatlogs",
        json!({"startDate": "2026-11-26T00:00:00Z"}),
    );
    assert!(error_text(&old).contains("since"), "{old}");

    // Only the conversations rated BAD, newest first.
    let found = session.call("export_chatlogs", json!({"rating": "BAD", "samples": 5}));
    let content = &found["structuredContent"];
    let (selected, read) = (
        content["headline"]["conversations"].as_u64().unwrap(),
        content["read"].as_u64().unwrap(),
    );
    assert!(selected > 0 && selected < read, "{found}");
    assert_eq!(content["headline"]["bad"].as_u64().unwrap(), selected);
    let samples = content["samples"].as_array().unwrap();
    assert_eq!(samples.len(), 5);
    let times: Vec<&str> = samples
        .iter()
        .map(|s| {
            assert_eq!(s["userFeedback"], "BAD", "{s}");
            s["createdAt"].as_str().unwrap()
        })
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let text = found["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains(" of ") && text.contains("rated BAD"),
        "{text}"
    );
    // Unresolved, of low confidence, saying a word: each narrows further.
    let narrow = session.call(
        "export_chatlogs",
        json!({"rating": "bad", "resolution": "unresolved", "belowConfidence": 0.9,
               "text": "REFUND", "samples": 0}),
    );
    let narrowed = narrow["structuredContent"]["headline"]["conversations"]
        .as_u64()
        .unwrap();
    assert!(narrowed > 0 && narrowed < selected, "{narrow}");

    // Cut to 4 KiB, the full report keeps its headline and its gaps.
    let full = session.call("feedback_report", json!({"detail": "full"}));
    let report = &full["structuredContent"]["report"];
    assert!(full["structuredContent"]["truncated"].is_string(), "{full}");
    assert!(report["headline"]["conversations"].as_u64().unwrap() > 0);
    assert!(
        !report["knowledgeGaps"].as_array().unwrap().is_empty(),
        "{full}"
    );
    // The text part is the answer whole, whatever the cut.
    let text = full["content"][0]["text"].as_str().unwrap();
    assert!(text.contains("3. ") && text.contains("add_pages"), "{text}");
    session.finish();
}

#[test]
fn the_latest_report_and_a_conversation_are_resources_and_triage_is_a_prompt() {
    let mut session = Session::start(&["--mock", "mcp"], &[]);
    let listed = session.request("resources/list", json!({}));
    assert_eq!(
        listed["result"]["resources"][0]["uri"], "wonderchat://report/latest",
        "{listed}"
    );
    let report = session.request(
        "resources/read",
        json!({"uri": "wonderchat://report/latest"}),
    );
    let text = report["result"]["contents"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Feedback report of ") && text.contains("Fix first:"),
        "{text}"
    );
    let templates = session.request("resources/templates/list", json!({}));
    let template = templates["result"]["resourceTemplates"][0]["uriTemplate"]
        .as_str()
        .unwrap();
    assert_eq!(template, "wonderchat://conversation/{chatlogId}");
    let answer = session.call(
        "ask_chatbot",
        json!({"chatbotId": "demo-chatbot", "question": "Where are the invoices?"}),
    );
    let chatlog = answer["structuredContent"]["chatlogId"].as_str().unwrap();
    let read = session.request(
        "resources/read",
        json!({"uri": format!("wonderchat://conversation/{chatlog}")}),
    );
    let text = read["result"]["contents"][0]["text"].as_str().unwrap();
    assert!(text.contains("Where are the invoices?"), "{read}");
    let unknown = session.request("resources/read", json!({"uri": "file:///etc/passwd"}));
    assert_eq!(unknown["error"]["code"], -32002, "{unknown}");

    let prompts = session.request("prompts/list", json!({}));
    assert_eq!(
        prompts["result"]["prompts"][0]["name"],
        "triage_thumbs_down"
    );
    let prompt = session.request(
        "prompts/get",
        json!({"name": "triage_thumbs_down", "arguments": {"since": "3d", "chatbotId": "demo-chatbot"}}),
    );
    let text = prompt["result"]["messages"][0]["content"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.contains(r#"feedback_report {"chatbotId":"demo-chatbot","since":"3d"}"#)
            && text.contains(r#""rating":"BAD""#)
            && text.contains("until I confirm"),
        "{text}"
    );
    session.finish();

    // They follow the tools offered.
    let mut session = Session::start(&["--mock", "mcp", "--read-only"], &[]);
    let prompt = session.request("prompts/get", json!({"name": "triage_thumbs_down"}));
    let text = prompt["result"]["messages"][0]["content"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.contains("since 7d") && text.contains("cannot change pages"),
        "{text}"
    );
    session.finish();
    let mut session = Session::start(&["--mock", "mcp", "--tools", "get_conversation"], &[]);
    let listed = session.request("resources/list", json!({}));
    assert_eq!(listed["result"]["resources"], json!([]), "{listed}");
    let prompts = session.request("prompts/list", json!({}));
    assert_eq!(prompts["result"]["prompts"], json!([]), "{prompts}");
    let report = session.request(
        "resources/read",
        json!({"uri": "wonderchat://report/latest"}),
    );
    assert_eq!(report["error"]["code"], -32002, "{report}");
    session.finish();
}

/// The text part of each tool's result is what a person would ask for,
/// readable alone (numbers, ids and dates masked: the mock's month moves
/// with the clock).
#[test]
fn each_tools_text_alone_answers() {
    let dir = tempfile::tempdir().unwrap();
    let export_dir = dir.path().to_str().unwrap();
    let mut session = Session::start(&["--mock", "mcp", "--export-dir", export_dir], &[]);
    let mut texts = Vec::new();
    let mut said = |name: &str, result: &Value| {
        assert_eq!(result["isError"], false, "{name}: {result}");
        let text = result["content"][0]["text"].as_str().unwrap();
        // The text part's summary (the JSON after it, when there is one, is
        // the structured content again).
        let summary: String = text
            .lines()
            .take_while(|l| !l.starts_with('{'))
            .collect::<Vec<_>>()
            .join("\n");
        texts.push(format!("## {name}\n{summary}"));
    };
    let answer = session.call(
        "ask_chatbot",
        json!({"chatbotId": "demo-chatbot", "question": "How do I reset my password?"}),
    );
    said("ask_chatbot", &answer);
    let message = answer["structuredContent"]["messageId"]
        .as_str()
        .unwrap()
        .to_owned();
    let chatlog = answer["structuredContent"]["chatlogId"]
        .as_str()
        .unwrap()
        .to_owned();
    said(
        "rate_answer",
        &session.call(
            "rate_answer",
            json!({"messageId": message, "feedback": "HELPFUL"}),
        ),
    );
    said(
        "get_conversation",
        &session.call("get_conversation", json!({"chatlogId": chatlog})),
    );
    said(
        "get_conversation (past the end)",
        &session.call(
            "get_conversation",
            json!({"chatlogId": chatlog, "offset": 99}),
        ),
    );
    said(
        "add_tags",
        &session.call("add_tags", json!({"chatlogId": chatlog, "tags": ["vip"]})),
    );
    said(
        "export_chatlogs",
        &session.call(
            "export_chatlogs",
            json!({"since": "7d", "rating": "BAD", "samples": 1}),
        ),
    );
    said(
        "save_chatlogs",
        &session.call(
            "save_chatlogs",
            json!({"path": "week.jsonl", "since": "7d", "samples": 0}),
        ),
    );
    said(
        "feedback_report",
        &session.call("feedback_report", json!({})),
    );
    said(
        "add_pages",
        &session.call(
            "add_pages",
            json!({"chatbotId": "demo-chatbot", "urls": ["https://example.com/new"]}),
        ),
    );
    session.finish();
    let all = texts
        .join("\n\n")
        .replace(&message, "[MESSAGE]")
        .replace(&chatlog, "[CHATLOG]");
    insta::assert_snapshot!("tool_texts", mask(&all));
}

/// `text` with ids, paths, times and numbers masked.
fn mask(text: &str) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for word in text.split_inclusive(|c: char| c.is_whitespace()) {
        if word.contains("chatlog-")
            || word.contains("msg-")
            || word.contains('/') && !word.contains("://")
        {
            out.push_str("[X]");
            out.push_str(&word[word.trim_end().len()..]);
            continue;
        }
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    out.push('N');
                }
                in_digits = true;
            } else {
                in_digits = false;
                out.push(c);
            }
        }
    }
    out
}

/// For JSON configs (an `env` object, no flags to add): the rails come from
/// the environment too.
#[test]
fn read_only_and_the_tool_list_come_from_the_environment() {
    let names = |env: &[(&str, &str)]| {
        let mut session = Session::start(&["--mock", "mcp"], env);
        let names = session.tool_names();
        session.finish();
        names
    };
    assert_eq!(
        names(&[("WONDERCHAT_MCP_READ_ONLY", "1")]),
        [
            "get_conversation",
            "export_chatlogs",
            "feedback_report",
            "plan_pages_sync"
        ]
    );
    assert!(names(&[("WONDERCHAT_MCP_READ_ONLY", "false")]).len() > 3);
    let asking = names(&[
        ("WONDERCHAT_MCP_READ_ONLY", "yes"),
        ("WONDERCHAT_MCP_ALLOW_ASK", "true"),
    ]);
    assert_eq!(asking.first().map(String::as_str), Some("ask_chatbot"));
    assert_eq!(
        names(&[("WONDERCHAT_MCP_TOOLS", "get_conversation,ask_chatbot")]),
        ["ask_chatbot", "get_conversation"]
    );
}
