//! The eval ledger: which conversations `wonderchat eval` made, so that the
//! report leaves them out. An export carries neither tags nor chatlog ids,
//! so a conversation is recognised by what it does carry: its chatbot, its
//! first question, word for word (white space at the ends aside), and a
//! start within the time the eval asked it ([`MARGIN`] either side, for the
//! clocks of this machine and the server).
//!
//! The file is JSON Lines, one [`LedgerEntry`] a line, appended by every
//! run; lines that are not entries (a run killed mid-line) are skipped and
//! counted.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How far a conversation's start may be from the time its question was
/// asked and still be the eval's (clock differences).
pub const MARGIN: chrono::Duration = chrono::Duration::minutes(5);

/// The longest ledger line read; longer ones are skipped.
const MAX_LINE: usize = 64 * 1024;

/// One conversation an eval run made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    /// The run that made it.
    pub run_id: String,
    /// Its chatbot.
    pub chatbot_id: String,
    /// Its chatlog (for people: exports do not carry it).
    pub chatlog_id: String,
    /// Its first question, as sent.
    pub question: String,
    /// Just before the question was sent.
    pub asked_from: DateTime<Utc>,
    /// When the first answer had come.
    pub asked_until: DateTime<Utc>,
}

/// A ledger that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// The file could not be read (a missing file is an empty ledger).
    #[error("cannot read the eval ledger {}", path.display())]
    Read {
        /// The ledger.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// When a question was asked: from, until.
type Window = (DateTime<Utc>, DateTime<Utc>);

/// The eval conversations of one or more ledgers, ready to recognise.
#[derive(Debug, Default, Clone)]
pub struct EvalLedger {
    /// chatbot → first question → the windows it was asked in.
    asked: HashMap<String, HashMap<String, Vec<Window>>>,
    entries: u64,
    skipped_lines: u64,
}

impl EvalLedger {
    /// Adds the entries of the ledger file `path`; a missing file adds
    /// nothing.
    ///
    /// # Errors
    /// The file exists but cannot be read.
    pub fn read(&mut self, path: &Path) -> Result<(), LedgerError> {
        let file = match std::fs::File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(LedgerError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        self.read_from(file).map_err(|source| LedgerError::Read {
            path: path.to_owned(),
            source,
        })
    }

    /// Adds the entries read from `reader` (JSON Lines).
    ///
    /// # Errors
    /// Reading failed.
    pub fn read_from(&mut self, reader: impl Read) -> std::io::Result<()> {
        let mut source = wonderchat_records::Source::new(std::io::BufReader::new(reader), MAX_LINE);
        let mut line = Vec::new();
        while let Some(read) = source.next_line(&mut line)? {
            if line.iter().all(u8::is_ascii_whitespace) && !read.too_large {
                continue;
            }
            match serde_json::from_slice::<LedgerEntry>(&line) {
                Ok(entry) if !read.too_large => self.add(&entry),
                _ => self.skipped_lines += 1,
            }
        }
        Ok(())
    }

    /// Adds one entry.
    pub fn add(&mut self, entry: &LedgerEntry) {
        self.entries += 1;
        self.asked
            .entry(entry.chatbot_id.clone())
            .or_default()
            .entry(entry.question.trim().to_owned())
            .or_default()
            .push((entry.asked_from, entry.asked_until));
    }

    /// How many entries it holds.
    pub fn len(&self) -> u64 {
        self.entries
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Lines of its files that were not entries, skipped.
    pub fn skipped_lines(&self) -> u64 {
        self.skipped_lines
    }

    /// Whether a conversation of `chatbot` that started at `created_at`
    /// with `first_question` is one an eval made.
    pub fn recognises(
        &self,
        chatbot: &str,
        first_question: Option<&str>,
        created_at: DateTime<Utc>,
    ) -> bool {
        let Some(question) = first_question else {
            return false;
        };
        let windows = self
            .asked
            .get(chatbot)
            .and_then(|questions| questions.get(question.trim()));
        windows.is_some_and(|windows| {
            windows.iter().any(|(from, until)| {
                let from = from.checked_sub_signed(MARGIN).unwrap_or(*from);
                let until = until.checked_add_signed(MARGIN).unwrap_or(*until);
                (from..=until).contains(&created_at)
            })
        })
    }

    /// The entries' windows, for an engine's script: (chatbot, question,
    /// from, until), the margin applied.
    pub fn windows(&self) -> Vec<(&str, &str, DateTime<Utc>, DateTime<Utc>)> {
        let mut all: Vec<_> = self
            .asked
            .iter()
            .flat_map(|(bot, questions)| {
                questions
                    .iter()
                    .map(move |(question, windows)| (bot, question, windows))
            })
            .flat_map(|(bot, question, windows)| {
                windows.iter().map(move |(from, until)| {
                    (
                        bot.as_str(),
                        question.as_str(),
                        from.checked_sub_signed(MARGIN).unwrap_or(*from),
                        until.checked_add_signed(MARGIN).unwrap_or(*until),
                    )
                })
            })
            .collect();
        all.sort();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn entry(question: &str) -> LedgerEntry {
        LedgerEntry {
            run_id: "r1".into(),
            chatbot_id: "bot".into(),
            chatlog_id: "c1".into(),
            question: question.into(),
            asked_from: at("2026-12-01T10:00:00Z"),
            asked_until: at("2026-12-01T10:00:02Z"),
        }
    }

    #[test]
    fn a_conversation_is_recognised_by_chatbot_question_and_time() {
        let mut ledger = EvalLedger::default();
        assert!(!ledger.recognises("bot", Some("Hi"), at("2026-12-01T10:00:01Z")));
        ledger.add(&entry("How do I reset my password?"));
        let q = Some(" How do I reset my password? ");
        assert!(ledger.recognises("bot", q, at("2026-12-01T10:00:01Z")));
        assert!(ledger.recognises("bot", q, at("2026-12-01T10:04:59Z")));
        assert!(ledger.recognises("bot", q, at("2026-12-01T09:55:00Z")));
        assert!(!ledger.recognises("bot", q, at("2026-12-01T10:05:03Z")));
        assert!(!ledger.recognises("other", q, at("2026-12-01T10:00:01Z")));
        assert!(!ledger.recognises(
            "bot",
            Some("How do I reset my password"),
            at("2026-12-01T10:00:01Z")
        ));
        assert!(!ledger.recognises("bot", None, at("2026-12-01T10:00:01Z")));
    }

    #[test]
    fn lines_that_are_not_entries_are_skipped_and_counted() {
        let good = serde_json::to_string(&entry("Hi")).unwrap();
        let text = format!(
            "{good}\n\n{{\"runId\":\"torn\n{}\n{good}",
            "x".repeat(MAX_LINE + 1)
        );
        let mut ledger = EvalLedger::default();
        ledger.read_from(text.as_bytes()).unwrap();
        assert_eq!((ledger.len(), ledger.skipped_lines()), (2, 2));
        // A missing file is an empty ledger.
        let dir = tempfile::tempdir().unwrap();
        ledger.read(&dir.path().join("none.jsonl")).unwrap();
        assert_eq!(ledger.len(), 2);
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        let mut ledger = EvalLedger::default();
        let mut e = entry("Hi");
        e.asked_from = DateTime::<Utc>::MIN_UTC;
        e.asked_until = DateTime::<Utc>::MAX_UTC;
        ledger.add(&e);
        assert!(ledger.recognises("bot", Some("Hi"), at("2026-12-01T10:00:01Z")));
        assert_eq!(ledger.windows().len(), 1);
    }
}
