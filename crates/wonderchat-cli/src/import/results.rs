//! The results file: one JSON line per input row, appended as outcomes
//! arrive, and read back by `--resume` to skip rows already sent.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::CliError;

/// The outcome of one row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The row's line in the input.
    pub line: u64,
    /// The row's message id, when it could be read.
    #[serde(rename = "messageId")]
    pub message_id: Option<String>,
    /// Whether the update was stored.
    pub ok: bool,
    /// On success: whether it replaced earlier feedback.
    #[serde(
        rename = "wasUpdated",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub was_updated: Option<bool>,
    /// On success: how many requests it took.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<u32>,
    /// On failure: the error kind (`invalid_row`, `message_not_found`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// On failure: what went wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The default results path: `<input>.results.jsonl`.
pub fn default_path(input: &Path) -> PathBuf {
    if input.as_os_str() == "-" {
        return PathBuf::from("wonderchat-import.results.jsonl");
    }
    let mut name = input.as_os_str().to_owned();
    name.push(".results.jsonl");
    PathBuf::from(name)
}

/// The lines an earlier run recorded as sent, as a bit set.
#[derive(Debug, Default)]
pub struct Done {
    bits: Vec<u64>,
    count: u64,
}

impl Done {
    fn insert(&mut self, line: u64) {
        let (word, bit) = ((line / 64) as usize, line % 64);
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        if self.bits[word] & (1 << bit) == 0 {
            self.bits[word] |= 1 << bit;
            self.count += 1;
        }
    }

    /// Whether `line` was recorded as sent.
    pub fn contains(&self, line: u64) -> bool {
        let (word, bit) = ((line / 64) as usize, line % 64);
        self.bits.get(word).is_some_and(|w| w & (1 << bit) != 0)
    }

    /// How many lines were recorded as sent.
    pub fn len(&self) -> u64 {
        self.count
    }
}

/// Reads the successes of an earlier run. A missing file means none; a
/// torn last line (the run was killed mid-write) is ignored.
pub fn load_done(path: &Path) -> Result<Done, CliError> {
    let mut done = Done::default();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(done),
        Err(e) => {
            return Err(CliError::Usage(format!(
                "cannot read the results file {} for --resume: {e}",
                path.display()
            )));
        }
    };
    for line in BufReader::new(file).split(b'\n') {
        let line = line.map_err(|e| {
            CliError::Usage(format!(
                "cannot read the results file {}: {e}",
                path.display()
            ))
        })?;
        if let Ok(outcome) = serde_json::from_slice::<Outcome>(&line)
            && outcome.ok
        {
            done.insert(outcome.line);
        }
    }
    Ok(done)
}

/// Appends outcomes, flushing at least every 200 ms so that little is lost
/// if the process is killed (rows without a record are sent again on resume).
pub struct ResultsWriter {
    out: BufWriter<File>,
    path: PathBuf,
    last_flush: Instant,
}

impl ResultsWriter {
    /// Creates (or, when resuming, appends to) the results file.
    pub fn open(path: &Path, append: bool) -> Result<Self, CliError> {
        let fail = |e: std::io::Error| {
            CliError::Usage(format!(
                "cannot write the results file {}: {e}",
                path.display()
            ))
        };
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .read(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .map_err(fail)?;
        if append && !ends_with_newline(&mut file).map_err(fail)? {
            // A line torn by a kill: end it so the next record stands alone.
            file.write_all(b"\n").map_err(fail)?;
        }
        Ok(Self {
            out: BufWriter::with_capacity(64 * 1024, file),
            path: path.to_owned(),
            last_flush: Instant::now(),
        })
    }

    /// Records one outcome.
    pub fn write(&mut self, outcome: &Outcome) -> Result<(), CliError> {
        serde_json::to_writer(&mut self.out, outcome)
            .map_err(std::io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| self.error(e))?;
        if self.last_flush.elapsed() >= Duration::from_millis(200) {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything out to the file.
    pub fn flush(&mut self) -> Result<(), CliError> {
        self.last_flush = Instant::now();
        self.out.flush().map_err(|e| self.error(e))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, e: std::io::Error) -> CliError {
        CliError::Failed(format!(
            "cannot write the results file {}: {e}",
            self.path.display()
        ))
    }
}

fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(line: u64) -> Outcome {
        Outcome {
            line,
            message_id: Some(format!("m{line}")),
            ok: true,
            was_updated: Some(false),
            attempts: Some(1),
            error: None,
            message: None,
        }
    }

    #[test]
    fn resume_reads_successes_and_survives_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let mut writer = ResultsWriter::open(&path, false).unwrap();
        writer.write(&ok(2)).unwrap();
        writer
            .write(&Outcome {
                ok: false,
                error: Some("server".into()),
                ..ok(3)
            })
            .unwrap();
        writer.write(&ok(700)).unwrap();
        writer.flush().unwrap();
        drop(writer);
        // A kill in the middle of a record.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"line\":4,\"mess")
            .unwrap();

        let done = load_done(&path).unwrap();
        assert_eq!(done.len(), 2);
        assert!(done.contains(2) && done.contains(700));
        assert!(!done.contains(3) && !done.contains(4) && !done.contains(100_000));

        let mut writer = ResultsWriter::open(&path, true).unwrap();
        writer.write(&ok(4)).unwrap();
        writer.flush().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with("\n{\"line\":4,\"messageId\":\"m4\",\"ok\":true,\"wasUpdated\":false,\"attempts\":1}\n"), "{text}");
        assert!(load_done(&path).unwrap().contains(4));
    }

    #[test]
    fn a_missing_results_file_means_nothing_was_sent() {
        assert_eq!(
            load_done(Path::new("/nonexistent/r.jsonl")).unwrap().len(),
            0
        );
    }

    #[test]
    fn default_paths() {
        assert_eq!(
            default_path(Path::new("in.csv")),
            PathBuf::from("in.csv.results.jsonl")
        );
        assert_eq!(
            default_path(Path::new("-")),
            PathBuf::from("wonderchat-import.results.jsonl")
        );
    }
}
