//! `judge`: an external command that decides whether an answer passes.
//! It gets the case as JSON on its standard input ([`JudgeInput`]) and
//! prints `{"pass": true|false, "reason": "…"}` on its standard output.
//! It runs in the suite's folder, without a shell, under a time limit; its
//! output is read up to a limit. A judge that is missing stops the suite
//! before anything is asked; one that hangs, fails or prints anything else
//! makes the case an error, never a pass. It never gets the API key
//! (`WONDERCHAT_API_KEY` is taken out of its environment).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The most of a judge's standard output read.
const MAX_OUTPUT: u64 = 64 * 1024;
/// The most of its standard error kept for an error message.
const MAX_STDERR: u64 = 2 * 1024;

/// A judge command, found.
#[derive(Debug, Clone)]
pub struct Judge {
    program: PathBuf,
    args: Vec<String>,
    dir: PathBuf,
    written: String,
}

/// What a judge reads on its standard input.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JudgeInput<'a> {
    /// The case's id.
    pub id: &'a str,
    /// The last question asked.
    pub question: &'a str,
    /// Every question of the conversation, in order.
    pub turns: &'a [String],
    /// The last answer.
    pub answer: &'a str,
    /// Its sources, in order.
    pub sources: &'a [String],
    /// The context sent, if any.
    pub context: Option<&'a str>,
}

/// A judge's decision.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Verdict {
    /// It passes.
    pub pass: bool,
    /// Why, in the judge's words.
    #[serde(default)]
    pub reason: String,
}

impl Judge {
    /// The judge of `words` (a command line, or a program and its
    /// arguments), found on `PATH` or, when it names a path, from `dir`.
    ///
    /// # Errors
    /// No command, or the program is not there.
    pub fn new(words: &[String], dir: &Path) -> Result<Self, String> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let words = match words {
            [one] => shell_words::split(one).map_err(|e| format!("cannot split {one:?}: {e}"))?,
            many => many.to_vec(),
        };
        let Some((program, args)) = words.split_first() else {
            return Err("no command".to_owned());
        };
        let found = find(program, dir).ok_or_else(|| {
            if program.contains(['/', '\\']) {
                format!("the judge command {program:?} does not exist (paths are from the suite's folder)")
            } else {
                format!("the judge command {program:?} is not on PATH")
            }
        })?;
        Ok(Self {
            program: found,
            args: args.to_vec(),
            dir: dir.to_owned(),
            written: shell_words::join(&words),
        })
    }

    /// The command line as written.
    pub fn command_line(&self) -> String {
        self.written.clone()
    }

    /// Runs the judge on `input`, for at most `timeout`.
    ///
    /// # Errors
    /// It could not start, took too long, or printed no verdict: in words.
    pub async fn judge(
        &self,
        input: &JudgeInput<'_>,
        timeout: Duration,
    ) -> Result<Verdict, String> {
        let mut child = tokio::process::Command::new(&self.program)
            .args(&self.args)
            .current_dir(&self.dir)
            // The judge is someone else's program: it gets the case, never
            // the API key this process may have from its environment.
            .env_remove("WONDERCHAT_API_KEY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("the judge {:?} did not start: {e}", self.written))?;
        let json = serde_json::to_vec(input).map_err(|e| e.to_string())?;
        let mut stdin = child.stdin.take();
        let mut stdout = child.stdout.take();
        let mut stderr = child.stderr.take();
        let work = async {
            let write = async {
                if let Some(mut stdin) = stdin.take() {
                    // A judge that does not read its input is its own business.
                    let _ = stdin.write_all(&json).await;
                    let _ = stdin.shutdown().await;
                }
            };
            let read = async {
                let mut out = Vec::new();
                if let Some(stdout) = stdout.take() {
                    let _ = stdout.take(MAX_OUTPUT).read_to_end(&mut out).await;
                }
                out
            };
            let read_err = async {
                let mut err = Vec::new();
                if let Some(stderr) = stderr.take() {
                    let _ = stderr.take(MAX_STDERR).read_to_end(&mut err).await;
                }
                err
            };
            let ((), out, err) = tokio::join!(write, read, read_err);
            let status = child.wait().await;
            (out, err, status)
        };
        let (out, err, status) = match tokio::time::timeout(timeout, work).await {
            Ok(done) => done,
            Err(_) => {
                return Err(format!(
                    "the judge {:?} did not finish within {} s (--judge-timeout); it was stopped",
                    self.written,
                    timeout.as_secs_f64()
                ));
            }
        };
        let status = status.map_err(|e| format!("the judge {:?} failed: {e}", self.written))?;
        let text = String::from_utf8_lossy(&out);
        match parse_verdict(&text) {
            Some(verdict) => Ok(verdict),
            None if !status.success() => Err(format!(
                "the judge {:?} exited with {status}: {}",
                self.written,
                wonderchat::printable(snippet(&String::from_utf8_lossy(&err)))
            )),
            None => Err(format!(
                "the judge {:?} printed no verdict (expected {{\"pass\": true|false, \"reason\": \"…\"}}): {:?}",
                self.written,
                wonderchat::printable(snippet(&text))
            )),
        }
    }
}

/// A verdict: the output as one JSON object, or its last line as one.
fn parse_verdict(text: &str) -> Option<Verdict> {
    let text = text.trim();
    serde_json::from_str(text).ok().or_else(|| {
        text.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| serde_json::from_str(l.trim()).ok())
    })
}

/// At most 200 characters of `text`, trimmed.
fn snippet(text: &str) -> &str {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

/// `program` on `PATH`, or as a path from `dir`.
fn find(program: &str, dir: &Path) -> Option<PathBuf> {
    let is_file = |p: &Path| p.is_file();
    if program.contains(['/', '\\']) {
        // Absolute: the judge runs in `dir`, and a relative program path
        // would be ambiguous there.
        let path = dir.join(program);
        return is_file(&path).then(|| path.canonicalize().ok()).flatten();
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| is_file(p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_are_read_from_the_whole_output_or_its_last_line() {
        let v = parse_verdict("{\"pass\": true, \"reason\": \"ok\"}\n").unwrap();
        assert!(v.pass);
        let v = parse_verdict("thinking...\n{\"pass\": false}\n").unwrap();
        assert_eq!((v.pass, v.reason.as_str()), (false, ""));
        assert!(parse_verdict("PASS").is_none());
        assert!(parse_verdict("{\"passed\": true}").is_none());
    }

    #[test]
    fn a_missing_judge_is_an_error_at_once() {
        let dir = Path::new(".");
        let e = Judge::new(&["no-such-judge-x1 --strict".to_owned()], dir).unwrap_err();
        assert!(e.contains("not on PATH"), "{e}");
        let e = Judge::new(&["./missing.py".to_owned()], dir).unwrap_err();
        assert!(e.contains("does not exist"), "{e}");
        assert!(Judge::new(&[], dir).is_err());
        assert!(Judge::new(&["sh -c 'exit 0'".to_owned()], dir).is_ok());
    }

    fn input() -> JudgeInput<'static> {
        JudgeInput {
            id: "a",
            question: "q",
            turns: &[],
            answer: "an answer",
            sources: &[],
            context: None,
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn judges_that_hang_fail_or_print_garbage_are_errors() {
        let dir = Path::new(".");
        let judge = |line: &str| Judge::new(&[line.to_owned()], dir).unwrap();
        let t = Duration::from_secs(20);
        let ok = judge(r#"sh -c 'echo "{\"pass\": true, \"reason\": \"fine\"}"'"#);
        assert_eq!(ok.judge(&input(), t).await.unwrap().reason, "fine");
        // It reads the case on its standard input.
        let echo =
            judge(r#"sh -c 'grep -q "\"answer\":\"an answer\"" && echo "{\"pass\": true}"'"#);
        assert!(echo.judge(&input(), t).await.unwrap().pass);
        let garbage = judge("sh -c 'echo LGTM'");
        let e = garbage.judge(&input(), t).await.unwrap_err();
        assert!(
            e.contains("printed no verdict") && e.contains("LGTM"),
            "{e}"
        );
        let failed = judge("sh -c 'echo broken >&2; exit 3'");
        let e = failed.judge(&input(), t).await.unwrap_err();
        assert!(e.contains("exited with") && e.contains("broken"), "{e}");
        let hangs = judge("sleep 30");
        let e = hangs
            .judge(&input(), Duration::from_millis(200))
            .await
            .unwrap_err();
        assert!(e.contains("did not finish within"), "{e}");
    }
}
