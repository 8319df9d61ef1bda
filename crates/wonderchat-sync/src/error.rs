//! What can stop a sync: a source that cannot be read, a state file that
//! must not be touched, a plan past its limits.

use std::path::PathBuf;

/// Why a sync stopped before changing anything (or, for
/// [`SyncError::State`] while applying, before recording what it changed).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// A source could not be loaded: the plan stops rather than read it as
    /// "every page is gone".
    #[error("{origin}: {reason}")]
    Source {
        /// The sitemap, file or folder (and, for a sitemap index, the one
        /// of its sitemaps) that failed.
        origin: String,
        /// What was wrong.
        reason: String,
    },
    /// Bad input: a glob, a base URL, an option.
    #[error("{field}: {reason}")]
    Input {
        /// The flag or field.
        field: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// The state file cannot be used (it is left as it is).
    #[error("state file {}: {reason}", .path.display())]
    State {
        /// The state file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
        /// The underlying error.
        #[source]
        cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// Another sync of the same state is applying.
    #[error(
        "state file {}: another sync is applying it (its lock {} is held)",
        .path.display(),
        .lock.display()
    )]
    Locked {
        /// The state file.
        path: PathBuf,
        /// Its lock file.
        lock: PathBuf,
    },
    /// Something this machine could not set up (the HTTP client).
    #[error("{reason}")]
    Setup {
        /// What.
        reason: String,
        /// The underlying error.
        #[source]
        cause: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The plan removes more pages than allowed.
    #[error(
        "the plan removes {} pages, more than --max-deletes {max} allows; nothing was changed",
        .urls.len()
    )]
    TooManyDeletes {
        /// The pages it would remove.
        urls: Vec<String>,
        /// The limit.
        max: usize,
    },
}

impl SyncError {
    pub(crate) fn bad_source(origin: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Source {
            origin: wonderchat::printable(&origin.into()),
            reason: reason.into(),
        }
    }

    pub(crate) fn state(path: &std::path::Path, reason: impl Into<String>) -> Self {
        Self::State {
            path: path.to_owned(),
            reason: reason.into(),
            cause: None,
        }
    }
}
