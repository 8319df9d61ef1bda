//! Files the CLI reads secrets from or writes results to: secrets come from
//! the first line of a small, private, regular file; results are written to
//! a temporary file beside the target and renamed over it only when whole,
//! so a failure never destroys what was there. Only a regular file (or a
//! new path) is replaced that way: a FIFO, a character device or a
//! terminal (`/dev/stdout`, `/dev/null`) is written into, as `>` would.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The most bytes read from a key or cookie file: a secret is one short line.
const SECRET_FILE_LIMIT: u64 = 16 * 1024;

/// The first line of a private, regular file holding a secret, as the
/// secret's type from the moment it is read (`ApiKey`, `SessionCookie`:
/// their `Debug` and `Display` redact); `what` names it in errors.
pub(crate) fn read_secret<S: From<String>>(path: &Path, what: &str) -> Result<S, CliError> {
    read_secret_line(path, what).map(S::from)
}

/// The first line of a private, regular file holding a secret (`what`
/// names it in errors); never more than 16 KiB is read.
pub(crate) fn read_secret_line(path: &Path, what: &str) -> Result<String, CliError> {
    let fail = |e: std::io::Error| CliError::Usage(format!("cannot read {}: {e}", path.display()));
    // Checked before opening: opening a FIFO with no writer would hang.
    let meta = std::fs::metadata(path).map_err(fail)?;
    if !meta.is_file() {
        return Err(CliError::Usage(format!(
            "{} is not a regular file: the {what} must be in a plain file",
            path.display()
        )));
    }
    check_private(path)?;
    let file = std::fs::File::open(path).map_err(fail)?;
    let mut line = Vec::new();
    std::io::BufReader::new(file.take(SECRET_FILE_LIMIT))
        .read_until(b'\n', &mut line)
        .map_err(fail)?;
    if !line.ends_with(b"\n") && line.len() as u64 >= SECRET_FILE_LIMIT {
        return Err(CliError::Usage(format!(
            "{}: its first line is longer than {} KiB: it is not a {what}",
            path.display(),
            SECRET_FILE_LIMIT / 1024
        )));
    }
    let line = String::from_utf8(line).map_err(|_| {
        CliError::Usage(format!("{}: the {what} is not UTF-8 text", path.display()))
    })?;
    let secret = line.trim().to_owned();
    if secret.is_empty() {
        return Err(CliError::Usage(format!(
            "{} holds no {what}",
            path.display()
        )));
    }
    Ok(secret)
}

/// Refuses a secret from a file that group or others can read.
pub(crate) fn check_private(path: &Path) -> Result<(), CliError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(CliError::Usage(format!(
                "{} holds a secret but is readable by group or others (mode {:o}): run \
                 chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            )));
        }
    }
    Ok(())
}

/// A file being written: bytes go to a temporary file beside `target`,
/// which [`commit`](Self::commit) renames over it. Dropped uncommitted, the
/// temporary file is removed and `target` is untouched.
pub(crate) struct AtomicFile {
    target: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts writing `target` (its folder must exist), with `mode` on Unix.
    pub(crate) fn create(target: &Path, mode: Option<u32>) -> std::io::Result<Self> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        Ok(Self {
            target: target.to_owned(),
            temp: builder.tempfile_in(dir)?,
        })
    }

    /// Puts the whole file in place of the target.
    pub(crate) fn commit(self) -> std::io::Result<()> {
        self.temp.as_file().sync_all()?;
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
    }

    /// Puts the whole file at the target only if nothing is there (no file
    /// is ever replaced, even one created meanwhile).
    pub(crate) fn commit_new(self) -> std::io::Result<()> {
        self.temp.as_file().sync_all()?;
        self.temp
            .persist_noclobber(&self.target)
            .map_err(|e| e.error)?;
        Ok(())
    }

    /// Keeps what was written under `path` instead (a partial result the
    /// user asked to keep); the target is untouched.
    pub(crate) fn keep_as(self, path: &Path) -> std::io::Result<()> {
        self.temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

/// An output file of a command (`-o`): see [`OutputFile::create`].
pub(crate) enum OutputFile {
    /// A regular file or a new path: written beside, renamed over when whole.
    Replace(AtomicFile),
    /// A FIFO, a character device or a terminal: written into directly.
    Into(std::fs::File),
}

impl OutputFile {
    /// Starts writing `target`: a regular file keeps its mode and a new
    /// one gets `new_mode` (Unix); something that is neither (a FIFO, a
    /// device, what `/dev/stdout` links to) is opened for writing as `>`
    /// would, never replaced. A directory is refused.
    pub(crate) fn create(target: &Path, new_mode: u32) -> std::io::Result<Self> {
        // metadata follows symbolic links: /dev/stdout is a link to a pipe.
        match std::fs::metadata(target) {
            Ok(meta) if meta.is_dir() => Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a directory",
            )),
            Ok(meta) if !meta.is_file() => {
                let file = std::fs::OpenOptions::new().write(true).open(target)?;
                Ok(OutputFile::Into(file))
            }
            Ok(meta) => AtomicFile::create(target, Some(mode_of(&meta).unwrap_or(new_mode)))
                .map(Self::Replace),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                AtomicFile::create(target, Some(new_mode)).map(Self::Replace)
            }
            Err(e) => Err(e),
        }
    }

    /// Finishes: the new file in place of the old one, or the last bytes
    /// written into the pipe or device.
    pub(crate) fn commit(self) -> std::io::Result<()> {
        match self {
            OutputFile::Replace(file) => file.commit(),
            OutputFile::Into(mut file) => file.flush(),
        }
    }

    /// Keeps what was written as `path` (a replaced file only; what went
    /// into a pipe is gone already). Returns whether anything was kept.
    pub(crate) fn keep_as(self, path: &Path) -> std::io::Result<bool> {
        match self {
            OutputFile::Replace(file) => file.keep_as(path).map(|()| true),
            OutputFile::Into(_) => Ok(false),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutputFile::Replace(file) => file.write(buf),
            OutputFile::Into(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutputFile::Replace(file) => file.flush(),
            OutputFile::Into(file) => file.flush(),
        }
    }
}

/// A file's permission bits (Unix).
fn mode_of(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Refuses an output that is the input (`same`: the same file under any
/// name or link), which the output would otherwise replace.
pub(crate) fn refuse_same_file(input: &Path, output: &Path, flags: &str) -> Result<(), CliError> {
    let is_file = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file());
    if input.as_os_str() != "-"
        && is_file(input)
        && is_file(output)
        && same_file::is_same_file(input, output).unwrap_or(false)
    {
        return Err(CliError::Usage(format!(
            "{flags} name the same file ({}): the output would replace the input; write \
             somewhere else",
            wonderchat::printable(&output.display().to_string())
        )));
    }
    Ok(())
}

/// Refuses to write through a symbolic link: its target (perhaps a file of
/// another program, or a path a dangling link names) would be replaced.
pub(crate) fn refuse_symlink(path: &Path) -> Result<(), CliError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(CliError::Usage(format!(
            "{} is a symbolic link: not writing through it; point to the real file instead",
            path.display()
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_uncommitted_file_leaves_the_target_untouched_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, "yesterday\n").unwrap();
        let mut file = AtomicFile::create(&target, None).unwrap();
        file.write_all(b"partial").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "yesterday\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let mut file = AtomicFile::create(&target, None).unwrap();
        file.write_all(b"today\n").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "today\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_replace_regular_files_keeping_their_mode_and_write_into_fifos() {
        use std::io::Read;
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // A new file is private; an existing one keeps its mode.
        let new = dir.path().join("new.html");
        let mut out = OutputFile::create(&new, 0o600).unwrap();
        out.write_all(b"x").unwrap();
        out.commit().unwrap();
        assert_eq!(mode(&new), 0o600);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
        let mut out = OutputFile::create(&new, 0o600).unwrap();
        out.write_all(b"y").unwrap();
        out.commit().unwrap();
        assert_eq!(
            (mode(&new), std::fs::read(&new).unwrap()),
            (0o640, b"y".to_vec())
        );
        // A FIFO (also behind a link, as /dev/stdout is) is written into.
        let fifo = dir.path().join("fifo");
        let link = dir.path().join("link");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for target in [&fifo, &link] {
            let reader_path = fifo.clone();
            let reader = std::thread::spawn(move || {
                let mut text = String::new();
                std::fs::File::open(reader_path)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                text
            });
            let mut out = OutputFile::create(target, 0o600).unwrap();
            out.write_all(b"report\n").unwrap();
            out.commit().unwrap();
            assert_eq!(reader.join().unwrap(), "report\n");
            assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        }
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(OutputFile::create(dir.path(), 0o600).is_err());
        use std::os::unix::fs::FileTypeExt;
    }

    #[cfg(unix)]
    #[test]
    fn secrets_come_only_from_small_regular_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = |path: &Path| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap()
        };
        let key = dir.path().join("key");
        std::fs::write(&key, "k-123\nignored\n").unwrap();
        private(&key);
        assert_eq!(read_secret_line(&key, "API key").unwrap(), "k-123");
        // A huge first line is refused after 16 KiB, not read whole.
        let huge = dir.path().join("huge");
        std::fs::write(&huge, vec![b'k'; 1 << 20]).unwrap();
        private(&huge);
        assert!(read_secret_line(&huge, "API key").is_err());
        // Not regular files: a FIFO with no writer (which would hang), a device.
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        for path in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
            let Err(CliError::Usage(message)) = read_secret_line(path, "API key") else {
                panic!("{} was read", path.display());
            };
            assert!(message.contains("not a regular file"), "{message}");
        }
    }
}
