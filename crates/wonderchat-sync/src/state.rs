//! The state file: which pages sync manages on one chatbot, when each was
//! added and what its content was (a fingerprint). Wonderchat cannot list a
//! chatbot's pages, so this file is how sync knows what it gave the bot.
//!
//! Format (JSON, [`FORMAT`] version [`VERSION`]):
//!
//! ```json
//! {
//!   "format": "wonderchat-pages-sync",
//!   "version": 1,
//!   "chatbotId": "my-bot",
//!   "updatedAt": "2026-12-04T10:00:00Z",
//!   "pages": {
//!     "https://docs.example.com/start": {
//!       "addedAt": "2026-12-01T09:00:00Z",
//!       "fingerprint": "sha256:9f86d0…"
//!     },
//!     "https://docs.example.com/old": { "addedAt": "…", "adopted": true },
//!     "https://docs.example.com/new": { "addedAt": "…", "pending": "add" }
//!   }
//! }
//! ```
//!
//! - `fingerprint`: `sha256:HEX` of the fetched body (or of the file, for a
//!   folder), `lastmod:RFC3339` from the sitemap or `mtime:SECONDS` of the
//!   file under `--no-fetch`; absent when nothing was known. Fingerprints
//!   of different kinds are never compared.
//! - `adopted`: recorded by `--adopt` (the page was added another way);
//!   removed only with `--prune-unmanaged`.
//! - `pending`: an apply marked the page before sending it (`add` or
//!   `refresh`) and had not heard back when it stopped: the next plan sends
//!   it again, so that a killed apply loses nothing.
//!
//! The file is written whole or not at all (a temporary file renamed over
//! it) and an apply holds `FILE.lock` for as long as it runs. While it
//! runs, each answered batch is a line appended to `FILE.journal`
//! (`{"done":"added"|"removed","urls":[…],"at":…}`), folded into the file
//! when the apply ends; a state read while a journal exists (an apply that
//! was killed) has the journal's lines applied to it, a torn last line
//! ignored. A file that
//! cannot be read, comes from a newer version or belongs to another chatbot
//! is refused and never overwritten.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::SyncError;

/// The `format` every state file names.
pub const FORMAT: &str = "wonderchat-pages-sync";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;
/// The largest state file read: far beyond a million pages.
const MAX_STATE_BYTES: u64 = 1 << 30;

/// What sync manages on one chatbot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format's version.
    pub version: u32,
    /// The chatbot the pages are on.
    pub chatbot_id: String,
    /// When it was last written.
    pub updated_at: DateTime<Utc>,
    /// The managed pages by address.
    pub pages: BTreeMap<String, Managed>,
}

/// One managed page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Managed {
    /// When sync added it (or adopted it).
    pub added_at: DateTime<Utc>,
    /// Its content when added or last refreshed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Added another way and recorded with `--adopt`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopted: bool,
    /// Sent by an apply that did not hear back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

/// What an interrupted apply was doing to a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pending {
    /// Adding it.
    Add,
    /// Removing and adding it again.
    Refresh,
}

/// Just the head of a state file: read first, so that a newer version or
/// another chatbot is named before anything else is said about the file.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Head {
    format: Option<String>,
    version: Option<u32>,
    chatbot_id: Option<String>,
}

impl State {
    /// An empty state for `chatbot_id`.
    pub fn new(chatbot_id: &str) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            chatbot_id: chatbot_id.to_owned(),
            updated_at: Utc::now(),
            pages: BTreeMap::new(),
        }
    }

    /// Reads the state at `path` for `chatbot_id`; an empty one when the
    /// file does not exist.
    ///
    /// # Errors
    /// [`SyncError::State`] for a file that cannot be read, is not a state
    /// file, comes from a newer version or is another chatbot's.
    pub fn load(path: &Path, chatbot_id: &str) -> Result<Self, SyncError> {
        refuse_special(path)?;
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::new(chatbot_id)),
            Err(e) => return Err(io_error(path, "cannot be read", e)),
        };
        let mut text = Vec::new();
        file.take(MAX_STATE_BYTES + 1)
            .read_to_end(&mut text)
            .map_err(|e| io_error(path, "cannot be read", e))?;
        if text.len() as u64 > MAX_STATE_BYTES {
            return Err(SyncError::state(
                path,
                "larger than 1 GiB: not a state file",
            ));
        }
        let corrupt = |e: serde_json::Error| SyncError::State {
            path: path.to_owned(),
            reason: format!(
                "not a readable state file (line {}, column {}); it is left as it is: \
                 move it away to start afresh",
                e.line(),
                e.column()
            ),
            cause: Some(Box::new(e)),
        };
        // The whole state at once; the head alone only to say why a file is
        // not one (another format, a newer version in another shape).
        let (parsed, head) = match serde_json::from_slice::<State>(&text) {
            Ok(state) => {
                let head = Head {
                    format: Some(state.format.clone()),
                    version: Some(state.version),
                    chatbot_id: Some(state.chatbot_id.clone()),
                };
                (Ok(state), head)
            }
            Err(e) => (Err(e), serde_json::from_slice(&text).map_err(corrupt)?),
        };
        if head.format.as_deref() != Some(FORMAT) {
            return Err(SyncError::state(
                path,
                format!("not a state file of wonderchat pages sync (no \"format\": \"{FORMAT}\")"),
            ));
        }
        match head.version {
            Some(VERSION) => {}
            Some(v) if v > VERSION => {
                return Err(SyncError::state(
                    path,
                    format!(
                        "written by a newer wonderchat (format version {v}; this one reads \
                         {VERSION}): upgrade wonderchat to use it"
                    ),
                ));
            }
            v => {
                return Err(SyncError::state(
                    path,
                    format!("format version {v:?} is not one this wonderchat reads ({VERSION})"),
                ));
            }
        }
        if head.chatbot_id.as_deref() != Some(chatbot_id) {
            return Err(SyncError::state(
                path,
                format!(
                    "it is the state of chatbot {:?}, not of {chatbot_id:?}: give each chatbot \
                     its own --state",
                    head.chatbot_id.unwrap_or_default()
                ),
            ));
        }
        let mut state = parsed.map_err(corrupt)?;
        state.replay(path)?;
        Ok(state)
    }

    /// Records that a batch was answered: its pages added (their `pending`
    /// cleared) or removed.
    pub fn mark_done(&mut self, removed: bool, urls: &[String], at: DateTime<Utc>) {
        for url in urls {
            if removed {
                self.pages.remove(url);
            } else if let Some(page) = self.pages.get_mut(url) {
                page.pending = None;
                page.added_at = at;
            }
        }
    }

    /// Records the content of managed pages it did not know (a plan's
    /// `first_seen`): nothing is sent, and later changes to them are seen.
    /// Pages an interrupted apply left pending keep theirs.
    pub fn record_first_seen(&mut self, first_seen: &BTreeMap<String, String>) {
        for (url, fingerprint) in first_seen {
            if let Some(page) = self.pages.get_mut(url)
                && page.pending.is_none()
            {
                page.fingerprint = Some(fingerprint.clone());
            }
        }
    }

    /// Applies the journal beside `path`, if any (a torn last line is what
    /// a kill mid-write leaves: ignored).
    fn replay(&mut self, path: &Path) -> Result<(), SyncError> {
        let journal = beside(path, "journal");
        let text = match std::fs::read(&journal) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error(&journal, "cannot be read", e)),
        };
        let lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
        let last = lines.len() - 1;
        for (n, line) in lines.iter().enumerate() {
            if line.is_empty() {
                continue;
            }
            match serde_json::from_slice::<Done>(line) {
                Ok(done) => self.mark_done(done.done == Batch::Removed, &done.urls, done.at),
                Err(_) if n == last => break,
                Err(e) => {
                    return Err(SyncError::State {
                        path: journal.clone(),
                        reason: format!(
                            "line {} is not a journal entry; it is left as it is",
                            n + 1
                        ),
                        cause: Some(Box::new(e)),
                    });
                }
            }
        }
        Ok(())
    }

    /// Writes the state to `path`, whole or not at all.
    ///
    /// # Errors
    /// [`SyncError::State`] when it cannot be written.
    pub fn save(&mut self, path: &Path) -> Result<(), SyncError> {
        refuse_special(path)?;
        self.updated_at = Utc::now();
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir).map_err(|e| io_error(path, "cannot create its folder", e))?;
        let mut file = tempfile::NamedTempFile::new_in(dir)
            .map_err(|e| io_error(path, "cannot be written", e))?;
        let write = |file: &mut tempfile::NamedTempFile| -> std::io::Result<()> {
            let mut out = std::io::BufWriter::new(file.as_file_mut());
            serde_json::to_writer_pretty(&mut out, self).map_err(std::io::Error::other)?;
            out.write_all(b"\n")?;
            out.flush()?;
            drop(out);
            file.as_file().sync_all()
        };
        write(&mut file).map_err(|e| io_error(path, "cannot be written", e))?;
        file.persist(path)
            .map_err(|e| io_error(path, "cannot be written", e.error))?;
        // Folded in now (replaying it again would change nothing).
        match std::fs::remove_file(beside(path, "journal")) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(io_error(path, "its journal cannot be removed", e))
            }
            _ => Ok(()),
        }
    }
}

/// One line of the journal: a batch answered.
#[derive(Debug, Serialize, Deserialize)]
struct Done {
    done: Batch,
    urls: Vec<String>,
    at: DateTime<Utc>,
}

/// What an answered batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Batch {
    Added,
    Removed,
}

/// The journal an apply appends each answered batch to (`FILE.journal`).
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: std::fs::File,
}

impl Journal {
    /// Opens (creates) the journal of the state at `path`, to append to.
    ///
    /// # Errors
    /// [`SyncError::State`] when it cannot be opened.
    pub fn open(path: &Path) -> Result<Self, SyncError> {
        let journal = beside(path, "journal");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal)
            .map_err(|e| io_error(&journal, "cannot be written", e))?;
        Ok(Self {
            path: journal,
            file,
        })
    }

    /// Appends one answered batch (one write: a kill leaves it whole or
    /// torn, never interleaved).
    ///
    /// # Errors
    /// [`SyncError::State`] when it cannot be written.
    pub fn record(
        &mut self,
        removed: bool,
        urls: &[String],
        at: DateTime<Utc>,
    ) -> Result<(), SyncError> {
        let done = Done {
            done: if removed {
                Batch::Removed
            } else {
                Batch::Added
            },
            urls: urls.to_vec(),
            at,
        };
        let mut line = serde_json::to_vec(&done).map_err(|e| SyncError::State {
            path: self.path.clone(),
            reason: "cannot be written".to_owned(),
            cause: Some(Box::new(e)),
        })?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .map_err(|e| io_error(&self.path, "cannot be written", e))
    }
}

/// A state is a regular file: a pipe or a device at its path (which a
/// rename would replace, and a read of which may never end) is refused.
fn refuse_special(path: &Path) -> Result<(), SyncError> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(SyncError::state(
            path,
            "not a regular file (a folder, pipe or device): give --state a file",
        )),
        _ => Ok(()),
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> SyncError {
    SyncError::State {
        path: path.to_owned(),
        reason: format!("{what}: {e}"),
        cause: Some(Box::new(e)),
    }
}

/// The lock an apply holds on a state file (`FILE.lock`), released when
/// dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct StateLock {
    _file: std::fs::File,
}

impl StateLock {
    /// Takes the lock of the state at `path`, without waiting.
    ///
    /// # Errors
    /// [`SyncError::Locked`] when another sync holds it,
    /// [`SyncError::State`] when the lock file cannot be made.
    pub fn acquire(path: &Path) -> Result<Self, SyncError> {
        let lock = beside(path, "lock");
        if let Some(dir) = lock.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| io_error(path, "cannot create its folder", e))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)
            .map_err(|e| io_error(path, "cannot create its lock file", e))?;
        // fs4's (std's own `File::try_lock` is newer than the MSRV).
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Self { _file: file }),
            Err(fs4::TryLockError::WouldBlock) => Err(SyncError::Locked {
                path: path.to_owned(),
                lock,
            }),
            Err(fs4::TryLockError::Error(e)) => Err(io_error(path, "cannot lock it", e)),
        }
    }
}

/// `FILE.EXT` beside `FILE`: its lock and its journal.
fn beside(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt;

    #[test]
    fn a_state_round_trips_and_an_absent_file_is_an_empty_state() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/state.json");
        let mut state = State::load(&path, "bot").unwrap();
        assert!(state.pages.is_empty());
        state.pages.insert(
            "https://a.test/x".into(),
            Managed {
                added_at: Utc::now(),
                fingerprint: Some("sha256:00".into()),
                adopted: false,
                pending: Some(Pending::Add),
            },
        );
        state.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"pending\": \"add\""), "{text}");
        assert!(!text.contains("adopted"), "{text}");
        assert_eq!(State::load(&path, "bot").unwrap(), state);
    }

    fn refused(text: &str, chatbot: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, text).unwrap();
        let err = State::load(&path, chatbot).unwrap_err().to_string();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "left as it is"
        );
        err
    }

    #[test]
    fn corrupt_newer_and_foreign_states_are_refused_with_what_is_wrong() {
        let ok = |v: u32, bot: &str| {
            format!(
                r#"{{"format":"{FORMAT}","version":{v},"chatbotId":"{bot}","updatedAt":"2026-01-01T00:00:00Z","pages":{{}}}}"#
            )
        };
        assert!(refused("{\"format\": ", "bot").contains("line 1, column 11"));
        assert!(refused("[1,2]", "bot").contains("not a readable state file"));
        assert!(refused("{}", "bot").contains("not a state file of wonderchat pages sync"));
        assert!(refused(&ok(2, "bot"), "bot").contains("newer wonderchat (format version 2"));
        assert!(refused(&ok(1, "other"), "bot").contains("state of chatbot \"other\""));
    }

    #[test]
    fn a_journal_left_by_a_kill_is_replayed_a_torn_line_ignored_and_folded_by_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let mut state = State::new("bot");
        for url in ["a", "b", "c"] {
            state.pages.insert(
                url.into(),
                Managed {
                    added_at: Utc::now(),
                    fingerprint: None,
                    adopted: false,
                    pending: Some(Pending::Add),
                },
            );
        }
        state.save(&path).unwrap();
        let mut journal = Journal::open(&path).unwrap();
        journal.record(false, &["a".into()], Utc::now()).unwrap();
        journal.record(true, &["c".into()], Utc::now()).unwrap();
        drop(journal);
        let journal_file = dir.path().join("state.json.journal");
        let mut text = std::fs::read(&journal_file).unwrap();
        text.extend_from_slice(b"{\"done\":\"added\",\"urls\":[\"b");
        std::fs::write(&journal_file, &text).unwrap();
        let mut replayed = State::load(&path, "bot").unwrap();
        assert_eq!(replayed.pages["a"].pending, None);
        assert_eq!(
            replayed.pages["b"].pending,
            Some(Pending::Add),
            "the torn line"
        );
        assert!(!replayed.pages.contains_key("c"));
        replayed.save(&path).unwrap();
        assert!(!journal_file.exists());
        assert_eq!(State::load(&path, "bot").unwrap().pages, replayed.pages);
        // A bad line that is not the last is corruption: refused.
        std::fs::write(&journal_file, b"garbage\n{}\n").unwrap();
        let err = State::load(&path, "bot").unwrap_err().to_string();
        assert!(err.contains("line 1 is not a journal entry"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_as_the_state_is_refused_not_read_or_replaced() {
        // It was opened (a pipe's read waits for a writer, for ever) and
        // would have been replaced by the rename.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("state.json");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = State::load(&fifo, "bot").unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{err}");
        let err = State::new("bot").save(&fifo).unwrap_err().to_string();
        assert!(err.contains("not a regular file"), "{err}");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_second_apply_of_the_same_state_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let first = StateLock::acquire(&path).unwrap();
        let err = StateLock::acquire(&path).unwrap_err();
        assert!(matches!(err, SyncError::Locked { .. }), "{err}");
        drop(first);
        StateLock::acquire(&path).unwrap();
    }
}
