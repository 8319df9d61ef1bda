//! Running the tools xtask drives: checked commands, installer scripts and
//! the standalone mock server.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Errors are messages for the person running xtask.
pub(crate) type Result<T = ()> = std::result::Result<T, String>;

/// Runs `command`, failing with `what` when it does not succeed.
pub(crate) fn check(command: &mut Command, what: &str) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Runs `command` and returns its standard output (errors go to ours).
pub(crate) fn capture(command: &mut Command, what: &str) -> Result<String> {
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if !output.status.success() {
        return Err(format!("{what} failed ({})", output.status));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs an installer script of `tools/` and returns the directory it prints.
pub(crate) fn tool_dir(root: &Path, script: &str) -> Result<String> {
    let out = capture(Command::new("bash").arg(root.join(script)), script)?;
    Ok(out.trim().to_owned())
}

/// The standalone mock binary on an ephemeral loopback port; stopped on drop.
pub(crate) struct MockProcess {
    child: Child,
    /// Its base URL, as it printed it.
    pub url: String,
}

impl MockProcess {
    /// Starts `binary` with `args` and reads the URL from its first line.
    pub(crate) fn start(binary: &Path, args: &[&str]) -> Result<MockProcess> {
        let mut child = Command::new(binary)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut first = String::new();
        if let Some(stdout) = child.stdout.take() {
            BufReader::new(stdout)
                .read_line(&mut first)
                .map_err(|e| e.to_string())?;
        }
        let url = first
            .trim()
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mock = MockProcess { child, url };
        if !mock.url.starts_with("http://127.0.0.1:") {
            return Err(format!("the mock did not print its URL: {first:?}"));
        }
        Ok(mock)
    }
}

impl MockProcess {
    /// The process's peak resident memory so far (`VmHWM`), in MiB (Linux).
    pub(crate) fn peak_rss_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
