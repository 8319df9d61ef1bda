//! What `eval run` and the MCP tool `run_eval` both do: append to the
//! eval ledger, which `report` reads to leave eval conversations out.

use std::io::Write;
use std::path::Path;

use wonderchat_insights::ledger::LedgerEntry;

/// The ledger file, appended a line at a time.
pub(crate) struct Ledger {
    file: std::fs::File,
}

impl Ledger {
    /// Opens `path` to append to (created private, with its folder).
    pub(crate) fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        crate::plumbing::files::refuse_symlink(path)
            .map_err(|_| std::io::Error::other("it is a symbolic link"))?;
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        Ok(Self {
            file: options.open(path)?,
        })
    }

    /// Appends `entry` as one line, in one write.
    pub(crate) fn add(&mut self, entry: &LedgerEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        self.file.write_all(&line)
    }
}
