//! The results file: one JSON line per input row, appended as outcomes
//! arrive, and read back by `--resume` to skip rows already sent.
//!
//! Resuming trusts nothing in the file blindly: every success it records
//! must name the message id of the input row on that line (so the results of
//! another input are refused), and a row is also skipped when a later row of
//! the same message was already sent (so a resumed earlier row can never
//! overwrite it: the last row of a message in the file wins).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::input::{self, Row};
use crate::error::CliError;

/// A results line longer than this is not a record of ours; it is skipped.
const MAX_RECORD_BYTES: usize = 1 << 20;

/// The default results file for standard input and other non-files.
pub(super) const STDIN_RESULTS: &str = "wonderchat-import.results.jsonl";

/// The outcome of one row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Outcome {
    /// The row's line in the input.
    pub line: u64,
    /// The row's message id, when it could be read.
    #[serde(rename = "messageId")]
    pub message_id: Option<String>,
    /// Whether the update was stored (with `--dry-run`: whether the row is valid).
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

/// The default results path: `<input>.results.jsonl` beside a regular file;
/// [`STDIN_RESULTS`] in the current directory for `-`, pipes, `/dev/stdin`
/// and process substitutions.
pub(super) fn default_path(input: &Path) -> PathBuf {
    if !input::is_regular_file(input) {
        return PathBuf::from(STDIN_RESULTS);
    }
    let mut name = input.as_os_str().to_owned();
    name.push(".results.jsonl");
    PathBuf::from(name)
}

/// Refuses a results path that would destroy data: the input itself (also
/// through another name or a hard link), or an earlier import's results
/// when neither `--resume` nor `--force` says what to do with them.
pub(super) fn check_path(
    input: &Path,
    results: &Path,
    resume: bool,
    force: bool,
) -> Result<(), CliError> {
    if !input::is_stdin(input) && same_file::is_same_file(input, results).unwrap_or(false) {
        return Err(CliError::Usage(format!(
            "the results file {} is the input itself: writing it would destroy the input; \
             give another --results path",
            results.display()
        )));
    }
    if resume || force {
        return Ok(());
    }
    match std::fs::metadata(results) {
        Ok(meta) if meta.len() > 0 => Err(CliError::Usage(format!(
            "the results file {} already holds the outcomes of an earlier import: add --resume \
             to continue that import, --force to overwrite the file, or give another --results path",
            results.display()
        ))),
        _ => Ok(()),
    }
}

/// A message id as a 128-bit hash (collisions are out of reach in practice;
/// the resume state stays small whatever the ids' length).
fn id_hash(id: &str) -> u128 {
    let hash = |salt: u64| {
        let mut hasher =
            std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().build_hasher();
        hasher.write_u64(salt);
        hasher.write(id.as_bytes());
        hasher.finish()
    };
    (u128::from(hash(0x5eed)) << 64) | u128::from(hash(0xfeed))
}

/// What an earlier run recorded as sent.
#[derive(Debug, Default)]
pub(super) struct Resume {
    /// (line, message id hash) of every success, sorted by line.
    done: Vec<(u64, u128)>,
    /// The last line sent per message.
    last_sent: HashMap<u128, u64>,
    path: PathBuf,
}

impl Resume {
    /// Reads the successes of an earlier run. A missing file means none; a
    /// torn last line (the run was killed mid-write) and lines that are not
    /// records are ignored (at worst a row is sent again, which is safe).
    pub(super) fn load(path: &Path) -> Result<Resume, CliError> {
        let mut resume = Resume {
            path: path.to_owned(),
            ..Resume::default()
        };
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(resume),
            Err(e) => {
                return Err(CliError::Usage(format!(
                    "cannot read the results file {} for --resume: {e}",
                    path.display()
                )));
            }
        };
        let mut reader = BufReader::with_capacity(64 * 1024, file);
        let mut record = Vec::new();
        loop {
            record.clear();
            let n = (&mut reader)
                .take(MAX_RECORD_BYTES as u64)
                .read_until(b'\n', &mut record)
                .map_err(|e| {
                    CliError::Usage(format!(
                        "cannot read the results file {}: {e}",
                        path.display()
                    ))
                })?;
            if n == 0 {
                break;
            }
            if record.last() != Some(&b'\n') && n == MAX_RECORD_BYTES {
                // Not a record of ours: skip the rest of this line.
                skip_line(&mut reader).map_err(|e| CliError::Usage(e.to_string()))?;
                continue;
            }
            if let Ok(outcome) = serde_json::from_slice::<Outcome>(&record)
                && outcome.ok
                && let Some(id) = outcome.message_id
            {
                let hash = id_hash(&id);
                resume.done.push((outcome.line, hash));
                let last = resume.last_sent.entry(hash).or_insert(0);
                *last = (*last).max(outcome.line);
            }
        }
        resume.done.sort_unstable();
        resume.done.dedup();
        Ok(resume)
    }

    /// How many rows are recorded as sent.
    pub(super) fn len(&self) -> usize {
        self.done.len()
    }

    /// Starts checking the rows of an input, in file order.
    pub(super) fn check(&self) -> ResumeCheck<'_> {
        ResumeCheck {
            resume: self,
            next: 0,
        }
    }
}

fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

/// What to do with a row when resuming.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Decision {
    /// Not sent yet: send it.
    Send,
    /// Recorded as sent.
    Done,
    /// A later row of the same message (this line) was sent: sending this
    /// one would overwrite it.
    Superseded(u64),
}

/// Walks the input's rows against a [`Resume`], in file order.
pub(super) struct ResumeCheck<'a> {
    resume: &'a Resume,
    next: usize,
}

impl ResumeCheck<'_> {
    /// Checks the next row: its line's record, if any, must name the row's
    /// message id; records for lines where no row starts are a mismatch.
    pub(super) fn row(&mut self, row: &Row, input: &Path) -> Result<Decision, CliError> {
        let done = &self.resume.done;
        let hash = row.message_id().map(id_hash);
        let mut recorded = false;
        while let Some(&(line, recorded_hash)) = done.get(self.next) {
            if line > row.line {
                break;
            }
            if line < row.line {
                return Err(self.mismatch(line, input, "no row starts on that line"));
            }
            if Some(recorded_hash) != hash {
                return Err(self.mismatch(
                    line,
                    input,
                    &match row.message_id() {
                        Some(id) => format!("that row is for message {id:?}"),
                        None => "that row has no message id".to_owned(),
                    },
                ));
            }
            recorded = true;
            self.next += 1;
        }
        let Some(hash) = hash.filter(|_| row.parsed.is_ok()) else {
            // A bad row: recorded as sent when it was good, else recorded again.
            return Ok(if recorded {
                Decision::Done
            } else {
                Decision::Send
            });
        };
        Ok(match self.resume.last_sent.get(&hash) {
            Some(&last) if last > row.line => Decision::Superseded(last),
            Some(&last) if last == row.line && recorded => Decision::Done,
            _ => Decision::Send,
        })
    }

    /// After the last row: records beyond the input are a mismatch.
    pub(super) fn finish(&mut self, input: &Path) -> Result<(), CliError> {
        match self.resume.done.get(self.next) {
            Some(&(line, _)) => Err(self.mismatch(line, input, "the input ends before that line")),
            None => Ok(()),
        }
    }

    fn mismatch(&self, line: u64, input: &Path, why: &str) -> CliError {
        let input = if input::is_stdin(input) {
            "standard input".to_owned()
        } else {
            input.display().to_string()
        };
        CliError::Usage(format!(
            "the results file {} does not belong to {input}: it records line {line} as sent \
             for another message, but {why}. Resume with this input's own results file, or \
             start over with --force (or another --results path)",
            self.resume.path.display()
        ))
    }
}

/// Appends outcomes; [`flush`](Self::flush) writes them out (the import
/// calls it at least every 200 ms, so little is lost if it is killed: rows
/// without a record are sent again on resume).
pub(super) struct ResultsWriter {
    out: BufWriter<File>,
    path: PathBuf,
    dirty: bool,
}

impl ResultsWriter {
    /// Creates (or, when resuming, appends to) the results file.
    pub(super) fn open(path: &Path, append: bool) -> Result<Self, CliError> {
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
            dirty: false,
        })
    }

    /// Records one outcome (buffered).
    pub(super) fn write(&mut self, outcome: &Outcome) -> Result<(), CliError> {
        self.dirty = true;
        wonderchat_insights::format::write_json(&mut self.out, outcome)
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| self.error(e))
    }

    /// Writes everything recorded so far out to the file.
    pub(super) fn flush(&mut self) -> Result<(), CliError> {
        if !std::mem::take(&mut self.dirty) {
            return Ok(());
        }
        self.out.flush().map_err(|e| self.error(e))
    }

    /// The file's path.
    pub(super) fn path(&self) -> &Path {
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
    use crate::commands::import::input::{Entry, RowError};
    use wonderchat::Feedback;

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

    fn row(line: u64, id: &str) -> Row {
        Row {
            line,
            parsed: Ok(Entry {
                message_id: id.to_owned(),
                feedback: Feedback::Helpful,
                comment: None,
            }),
        }
    }

    fn write(path: &Path, outcomes: &[Outcome]) {
        let mut writer = ResultsWriter::open(path, false).unwrap();
        for outcome in outcomes {
            writer.write(outcome).unwrap();
        }
        writer.flush().unwrap();
    }

    #[test]
    fn resume_reads_successes_and_survives_a_torn_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let failed = Outcome {
            ok: false,
            error: Some("server".into()),
            ..ok(3)
        };
        write(&path, &[ok(2), failed, ok(700)]);
        // A kill in the middle of a record.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"line\":4,\"mess")
            .unwrap();

        let resume = Resume::load(&path).unwrap();
        assert_eq!(resume.len(), 2);
        let mut check = resume.check();
        let input = Path::new("in.csv");
        assert_eq!(check.row(&row(2, "m2"), input).unwrap(), Decision::Done);
        assert_eq!(check.row(&row(3, "m3"), input).unwrap(), Decision::Send);
        assert_eq!(check.row(&row(4, "m4"), input).unwrap(), Decision::Send);
        assert_eq!(check.row(&row(700, "m700"), input).unwrap(), Decision::Done);
        check.finish(input).unwrap();

        let mut writer = ResultsWriter::open(&path, true).unwrap();
        writer.write(&ok(4)).unwrap();
        writer.flush().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with("\n{\"line\":4,\"messageId\":\"m4\",\"ok\":true,\"wasUpdated\":false,\"attempts\":1}\n"), "{text}");
        assert_eq!(Resume::load(&path).unwrap().len(), 3);
    }

    #[test]
    fn a_missing_results_file_means_nothing_was_sent() {
        assert_eq!(
            Resume::load(Path::new("/nonexistent/r.jsonl"))
                .unwrap()
                .len(),
            0
        );
    }

    #[test]
    fn resume_refuses_the_results_of_another_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        write(&path, &[ok(2)]);
        let resume = Resume::load(&path).unwrap();
        let Err(CliError::Usage(message)) =
            resume.check().row(&row(2, "other"), Path::new("b.csv"))
        else {
            panic!()
        };
        assert!(message.contains("does not belong to b.csv"), "{message}");
        assert!(
            message.contains("that row is for message \"other\""),
            "{message}"
        );
        // A record on a line where no row starts (a CSV row spanning lines 2-3).
        write(&path, &[ok(3)]);
        let resume = Resume::load(&path).unwrap();
        let mut check = resume.check();
        assert_eq!(
            check.row(&row(2, "m2"), Path::new("b.csv")).unwrap(),
            Decision::Send
        );
        assert!(check.row(&row(4, "m4"), Path::new("b.csv")).is_err());
    }

    #[test]
    fn resume_refuses_records_beyond_the_input_without_allocating_for_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        write(&path, &[ok(10_000_000_000), ok(u64::MAX)]);
        let resume = Resume::load(&path).unwrap();
        let mut check = resume.check();
        assert_eq!(
            check.row(&row(2, "m2"), Path::new("a.csv")).unwrap(),
            Decision::Send
        );
        let Err(CliError::Usage(message)) = check.finish(Path::new("a.csv")) else {
            panic!()
        };
        assert!(message.contains("line 10000000000"), "{message}");
        assert!(
            message.contains("the input ends before that line"),
            "{message}"
        );
    }

    #[test]
    fn an_earlier_row_of_a_message_sent_later_in_the_file_is_superseded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        let second = Outcome {
            message_id: Some("m1".into()),
            ..ok(3)
        };
        let first_failed = Outcome {
            message_id: Some("m1".into()),
            ok: false,
            error: Some("server".into()),
            ..ok(2)
        };
        write(&path, &[first_failed, second]);
        let resume = Resume::load(&path).unwrap();
        let mut check = resume.check();
        let input = Path::new("a.csv");
        assert_eq!(
            check.row(&row(2, "m1"), input).unwrap(),
            Decision::Superseded(3)
        );
        assert_eq!(check.row(&row(3, "m1"), input).unwrap(), Decision::Done);
        assert_eq!(check.row(&row(4, "m1"), input).unwrap(), Decision::Send);
    }

    #[test]
    fn a_bad_row_that_was_sent_when_good_counts_as_done() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        write(&path, &[ok(2)]);
        let resume = Resume::load(&path).unwrap();
        let bad = Row {
            line: 2,
            parsed: Err(RowError {
                message_id: Some("m2".into()),
                message: "feedback: missing".into(),
            }),
        };
        assert_eq!(
            resume.check().row(&bad, Path::new("a.csv")).unwrap(),
            Decision::Done
        );
    }

    #[test]
    fn the_results_path_may_not_be_the_input_or_an_earlier_import_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "messageId,feedback\n").unwrap();
        let link = dir.path().join("link.csv");
        std::fs::hard_link(&input, &link).unwrap();
        for results in [input.clone(), link, dir.path().join(".").join("in.csv")] {
            for (resume, force) in [(false, false), (true, false), (false, true)] {
                let Err(CliError::Usage(message)) = check_path(&input, &results, resume, force)
                else {
                    panic!("{results:?} accepted")
                };
                assert!(message.contains("is the input itself"), "{message}");
            }
        }
        let earlier = dir.path().join("earlier.jsonl");
        check_path(&input, &earlier, false, false).unwrap();
        std::fs::write(&earlier, "{}\n").unwrap();
        let Err(CliError::Usage(message)) = check_path(&input, &earlier, false, false) else {
            panic!()
        };
        assert!(
            message.contains("--resume") && message.contains("--force"),
            "{message}"
        );
        check_path(&input, &earlier, true, false).unwrap();
        check_path(&input, &earlier, false, true).unwrap();
    }

    #[test]
    fn default_paths() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "").unwrap();
        let mut expected = input.as_os_str().to_owned();
        expected.push(".results.jsonl");
        assert_eq!(default_path(&input), PathBuf::from(expected));
        for input in ["-", "/dev/null"] {
            assert_eq!(default_path(Path::new(input)), PathBuf::from(STDIN_RESULTS));
        }
    }
}
