//! `report` and `export` against hostile input (issue 29), at the binary:
//! outputs that are pipes or devices, the input as the output, huge lines
//! (plain, gzipped, on stdin), binary input, dates at the edge of time,
//! periods that would start before it, a chatlog of 300k distinct words, an
//! upstream that drips forever, and a config file that is not a file.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use crate::common::*;

/// One ordinary failed chatlog line.
const LINE: &str = r#"{"createdAt":"2024-03-01T10:00:00.000Z","chatbotId":"bot","userFeedback":"BAD","messages":[{"userMessage":"How do I get a refund?","botMessage":"I do not know","createdAt":"2024-03-01T10:00:01.000Z"}]}"#;

fn export_file(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("in.jsonl");
    std::fs::write(&file, format!("{LINE}\n{LINE}\n")).unwrap();
    file
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success());
}

#[cfg(unix)]
fn file_type(path: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(path).unwrap().file_type()
}

#[cfg(unix)]
#[test]
fn report_and_export_write_into_a_fifo_and_a_device_instead_of_replacing_them() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let input = export_file(dir.path());
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    // A link to the FIFO stands for /dev/stdout (a link to the process's
    // pipe); nothing under /dev is touched.
    let link = dir.path().join("stdout");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for (target, args) in [
        (&fifo, vec!["report", "--format", "json"]),
        (&link, vec!["report", "--format", "md"]),
        (&fifo, vec!["--mock", "export"]),
    ] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                std::fs::File::open(fifo)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                text
            })
        };
        let mut cmd = wonderchat();
        cmd.args(&args).arg("-o").arg(target);
        if args[0] == "report" {
            cmd.arg("--from").arg(&input);
        }
        let output = cmd.timeout(Duration::from_secs(60)).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
        // Checked first: a replaced FIFO leaves its reader waiting forever.
        assert!(file_type(&fifo).is_fifo(), "{args:?} replaced the FIFO");
        let got = reader.join().unwrap();
        assert!(!got.is_empty(), "{args:?}: the FIFO's reader got nothing");
    }
    assert!(file_type(&link).is_symlink());
    // A character device (a null device made here, when root may make
    // one): written into, never replaced.
    let null = dir.path().join("null");
    let made = std::process::Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let output = wonderchat()
            .args(["report", "-o"])
            .arg(&null)
            .arg("--from")
            .arg(&input)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(file_type(&null).is_char_device(), "the device was replaced");
    }
}

#[cfg(unix)]
#[test]
fn report_refuses_its_input_as_its_output_and_keeps_modes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = export_file(dir.path());
    let before = std::fs::read(&input).unwrap();
    let link = dir.path().join("hard-link.jsonl");
    std::fs::hard_link(&input, &link).unwrap();
    for output in [&input, &link] {
        let run = wonderchat()
            .args(["report", "--from"])
            .arg(&input)
            .arg("-o")
            .arg(output)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
        assert!(
            text(&run.stderr).contains("same file"),
            "{}",
            text(&run.stderr)
        );
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A new report is private; an existing private one stays private.
    let new = dir.path().join("new.html");
    let private = dir.path().join("private.md");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    for out in [&new, &private] {
        let run = wonderchat()
            .args(["report", "--from"])
            .arg(&input)
            .arg("-o")
            .arg(out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", text(&run.stderr));
        assert_eq!(mode(out), 0o600, "{}", out.display());
    }
}

/// Runs `report --from -` fed by `feed`, and returns its exit status,
/// stderr and its peak RSS in KiB (read before stdin is closed).
#[cfg(target_os = "linux")]
fn report_of_stdin(
    extra: &[&str],
    feed: impl FnOnce(&mut dyn Write),
) -> (Option<i32>, String, u64) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wonderchat"))
        .args(["report", "--format", "json", "--from", "-"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    feed(&mut stdin);
    stdin.flush().unwrap();
    let peak = proc_status_kib(pid, "VmHWM:").unwrap_or(0);
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    (output.status.code(), text(&output.stderr), peak)
}

#[cfg(target_os = "linux")]
#[test]
fn a_100_mb_line_on_stdin_is_skipped_in_bounded_memory() {
    let (code, stderr, peak) = report_of_stdin(&["--max-response-size", "1MiB"], |stdin| {
        writeln!(stdin, "{LINE}").unwrap();
        stdin.write_all(b"{\"chatbotId\":\"").unwrap();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            stdin.write_all(&block).unwrap();
        }
        writeln!(stdin, "\"}}\n{LINE}").unwrap();
    });
    assert_eq!(code, Some(0), "{stderr}");
    // Before: the whole line was held (224 MB).
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
}

#[cfg(target_os = "linux")]
#[test]
fn nul_bytes_and_dev_zero_are_refused_as_binary_at_once() {
    // 300 MB of NUL bytes were held whole (1.59 GB); /dev/zero aborted.
    let (code, stderr, peak) = report_of_stdin(&[], |stdin| {
        let block = vec![0u8; 1 << 20];
        for _ in 0..300 {
            if stdin.write_all(&block).is_err() {
                break; // the report stopped reading: refused already
            }
        }
    });
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("binary"), "{stderr}");
    assert!(peak < 64 * 1024, "peak RSS {peak} KiB");
    let output = wonderchat()
        .args(["report", "--from", "/dev/zero"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("binary"));
}

#[test]
fn a_gzipped_line_of_64_mb_is_skipped_without_being_held() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bomb.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&file).unwrap(),
        flate2::Compression::best(),
    );
    writeln!(gz, "{LINE}").unwrap();
    // (A 400 MB one took 838 MB before; the reader is the same at any size.)
    let block = vec![b' '; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&block).unwrap();
    }
    writeln!(gz, "\n{LINE}").unwrap();
    gz.finish().unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() < 2 << 20);
    let output = wonderchat()
        .args([
            "--max-response-size",
            "1MiB",
            "report",
            "--format",
            "json",
            "--from",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["input"]["chatlogs"], 2);
    assert_eq!(report["input"]["skipped"], 1);
    assert!(
        report["input"]["problems"][0]
            .as_str()
            .unwrap()
            .contains("longer than"),
        "{}",
        report["input"]
    );
}

#[test]
fn chatlogs_at_the_edges_of_time_and_periods_before_it_are_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edges.jsonl");
    let first = LINE.replace("2024-03-01T10:00:00.000Z", "-262143-01-01T00:00:00Z");
    let later = LINE.replace("2024-03-01T10:00:00.000Z", "-262143-06-01T00:00:00Z");
    let last = LINE.replace("2024-03-01T10:00:00.000Z", "+262142-12-31T23:59:59Z");
    std::fs::write(&file, format!("{first}\n{later}\n{last}\n")).unwrap();
    for format in ["json", "html", "md", "text"] {
        let output = wonderchat()
            .args(["report", "--format", format, "--from"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{format}: {}",
            text(&output.stderr)
        );
    }
    // A period whose previous one would start before the first day there
    // is: a usage error (it panicked with 101 before).
    let output = wonderchat()
        .args([
            "--mock",
            "report",
            "--since",
            "90000000d",
            "--compare",
            "previous",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("--since"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_failed_chatlog_of_150k_distinct_words_is_grouped_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("words.jsonl");
    let mut question = String::new();
    for i in 0..150_000u32 {
        let mut n = i;
        question.push_str(" q");
        loop {
            question.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                break;
            }
        }
    }
    let line = serde_json::json!({
        "createdAt": "2024-03-01T10:00:00Z", "chatbotId": "bot", "userFeedback": "BAD",
        "messages": [{"userMessage": question, "createdAt": "2024-03-01T10:00:01Z"}]
    });
    // Three of them: a subject of fewer conversations is no topic.
    std::fs::write(&file, format!("{line}\n{line}\n{line}\n")).unwrap();
    // Quadratic before: this took a minute or more; now a second.
    let output = wonderchat()
        .args(["report", "--format", "json", "--from"])
        .arg(&file)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["knowledgeGaps"][0]["conversations"], 3);
}

/// A loopback server that answers every request with the head of an
/// export and then one space every 100 ms, forever (never idle long
/// enough for the idle timeout). Returns its base URL.
fn dripping_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                let start = "{\"chatlogs\":[";
                if stream
                    .write_all(format!("{head}{:x}\r\n{start}\r\n", start.len()).as_bytes())
                    .is_err()
                {
                    return;
                }
                while stream.write_all(b"1\r\n \r\n").is_ok() {
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn report_from_an_upstream_that_drips_forever_ends_at_max_time() {
    let url = dripping_server();
    let output = wonderchat()
        .env("WONDERCHAT_API_KEY", "k-test-0123456789")
        .env("WONDERCHAT_BASE_URL", &url)
        .args(["report", "--max-time", "1", "--max-attempts", "1"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("did not end within"),
        "{}",
        text(&output.stderr)
    );
}

#[cfg(unix)]
#[test]
fn a_config_file_that_is_a_fifo_or_a_device_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.toml");
    mkfifo(&fifo);
    for config in [fifo.as_path(), Path::new("/dev/zero")] {
        let output = wonderchat()
            .env("WONDERCHAT_CONFIG", config)
            .args(["--mock", "chat", "demo-chatbot", "Hello?"])
            .timeout(Duration::from_secs(30))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
        assert!(
            text(&output.stderr).contains("not a regular file"),
            "{}",
            text(&output.stderr)
        );
    }
}
