//! Settings from flags, the environment and the config file's profiles,
//! in that order of precedence (flag > environment > profile > default).
//!
//! The config file is `$WONDERCHAT_CONFIG`, else
//! `$XDG_CONFIG_HOME/wonderchat/config.toml`, else
//! `~/.config/wonderchat/config.toml`:
//!
//! ```toml
//! [profiles.default]
//! base_url = "https://app.wonderchat.io"
//! api_key_file = "/home/me/.wonderchat-key"
//! chatbot = "my-bot"
//! timeout = 10
//! max_attempts = 3
//! ```
//!
//! A key is read only from files that group and others cannot read (as ssh
//! does), and the file is written with mode 0600.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use wonderchat::ApiKey;

use crate::cli::GlobalArgs;
use crate::error::CliError;

/// The profile used when none is named.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// One profile of the config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    /// The API's base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// The API key itself (`wonderchat login` stores it here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKey>,
    /// A file holding the API key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_file: Option<PathBuf>,
    /// The chatbot `chat` asks when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chatbot: Option<String>,
    /// Seconds one attempt may take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<f64>,
    /// Requests per operation at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_attempts: Option<u32>,
}

/// The config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// Where the config file is.
pub(crate) fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WONDERCHAT_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("wonderchat").join("config.toml"))
}

/// The eval ledger (the conversations `eval` made, which `report` leaves
/// out): `$WONDERCHAT_EVAL_LEDGER`, else `eval-ledger.jsonl` beside the
/// config file.
pub(crate) fn eval_ledger_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WONDERCHAT_EVAL_LEDGER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    config_path().map(|config| config.with_file_name("eval-ledger.jsonl"))
}

/// The folder of `pages sync`'s default state files for `global`'s
/// profile: `sync/PROFILE/` beside the config file (`mock` with `--mock`).
pub(crate) fn sync_state_dir(global: &GlobalArgs) -> Result<PathBuf, CliError> {
    let config = config_path().ok_or_else(|| {
        CliError::Usage(
            "no place for the sync state: set --state, WONDERCHAT_CONFIG or HOME".to_owned(),
        )
    })?;
    let profile = if global.mock {
        "mock"
    } else {
        profile_name(global)?
    };
    Ok(config.with_file_name("sync").join(file_name(profile)))
}

/// A chatbot's state file in `dir`.
pub(crate) fn sync_state_file(dir: &std::path::Path, chatbot: &str) -> PathBuf {
    dir.join(format!("{}.json", file_name(chatbot)))
}

/// `name` as a file name: every byte but ASCII letters and digits
/// percent-encoded (no `/`, no `..`, the same on every system).
fn file_name(name: &str) -> String {
    percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Reads the config file (none is an empty one).
pub(crate) fn load() -> Result<ConfigFile, CliError> {
    let Some(path) = config_path() else {
        return Ok(ConfigFile::default());
    };
    load_from(&path)
}

/// The largest config file read: a few profiles are a few hundred bytes.
const CONFIG_LIMIT: u64 = 1 << 20;

fn load_from(path: &Path) -> Result<ConfigFile, CliError> {
    let cannot = |e: std::io::Error| {
        CliError::Usage(format!(
            "cannot read {}: {e}",
            wonderchat::printable(&path.display().to_string())
        ))
    };
    // Checked before opening: opening a FIFO with no writer would hang
    // every command, and /dev/zero never ends.
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(e) => return Err(cannot(e)),
    };
    if !meta.is_file() {
        return Err(CliError::Usage(format!(
            "the config file {} is not a regular file: point WONDERCHAT_CONFIG at a plain file",
            wonderchat::printable(&path.display().to_string())
        )));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(cannot)?, CONFIG_LIMIT + 1),
        &mut text,
    )
    .map_err(cannot)?;
    if text.len() as u64 > CONFIG_LIMIT {
        return Err(CliError::Usage(format!(
            "the config file {} is larger than {} KiB: it is not a wonderchat config",
            wonderchat::printable(&path.display().to_string()),
            CONFIG_LIMIT >> 10
        )));
    }
    let file: ConfigFile =
        toml::from_str(&text).map_err(|e| CliError::Usage(toml_error(path, &text, &e)))?;
    if file.profiles.values().any(|p| p.api_key.is_some()) {
        crate::plumbing::files::check_private(path)?;
    }
    Ok(file)
}

/// A config file's parse error: the file, line, column and problem, never
/// the line itself (it may hold the key).
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> String {
    let place = e
        .span()
        .map(|span| {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            format!(", line {line}, column {column}")
        })
        .unwrap_or_default();
    // toml's message names the problem; the first line is enough, and
    // nothing of the file's text is quoted.
    let problem = e.message().lines().next().unwrap_or("not valid TOML");
    format!(
        "{}{place}: {}; fix or remove that line (the file is not valid TOML for a config)",
        path.display(),
        wonderchat::printable(problem)
    )
}

/// Changes the config file under a lock: read it, apply `change`, write it
/// whole beside the old one and rename it over (mode 0600), so concurrent
/// `config set` and `login` lose nothing and a crash leaves the old file.
pub(crate) fn update<T>(
    change: impl FnOnce(&mut ConfigFile) -> Result<T, CliError>,
) -> Result<(PathBuf, T), CliError> {
    let path = config_path().ok_or_else(|| {
        CliError::Usage("no config file location: set WONDERCHAT_CONFIG or HOME".to_owned())
    })?;
    let fail =
        |e: std::io::Error| CliError::Failed(format!("cannot write {}: {e}", path.display()));
    crate::plumbing::files::refuse_symlink(&path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    // The lock is a file of its own: the config itself is replaced by rename.
    // It stays (documented): removing it would let a writer that opened it
    // before the removal and one that creates it anew lock different files.
    let mut lock_path = path.clone().into_os_string();
    lock_path.push(".lock");
    let lock_path = PathBuf::from(lock_path);
    crate::plumbing::files::refuse_symlink(&lock_path)?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(fail)?;
    // fs4's (std's own `File::lock` is newer than the MSRV).
    fs4::FileExt::lock(&lock).map_err(fail)?;
    let mut file = load_from(&path)?;
    let value = change(&mut file)?;
    let text = toml::to_string_pretty(&file)
        .map_err(|e| CliError::Failed(format!("cannot write the config: {e}")))?;
    let mut out = crate::plumbing::files::AtomicFile::create(&path, Some(0o600)).map_err(fail)?;
    use std::io::Write;
    out.write_all(text.as_bytes()).map_err(fail)?;
    out.commit().map_err(fail)?;
    drop(lock);
    Ok((path, value))
}

/// What a profile name may be.
const PROFILE_NAME_RULE: &str =
    "a name of at most 64 characters, not blank, without control characters";

/// Refuses a profile name that is blank, long, or has characters that could
/// drive a terminal (control and bidirectional-override characters).
pub(crate) fn check_profile_name(name: &str) -> Result<(), CliError> {
    let ok = !name.trim().is_empty()
        && name.chars().count() <= 64
        && wonderchat::printable(name) == name;
    if ok {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "the profile name {} is not allowed: use {PROFILE_NAME_RULE}",
            wonderchat::printable(&format!("{name:?}"))
        )))
    }
}

/// The profile's name: `--profile`, `WONDERCHAT_PROFILE`, else `default`.
pub(crate) fn profile_name(global: &GlobalArgs) -> Result<&str, CliError> {
    let name = global.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
    check_profile_name(name)?;
    Ok(name)
}

/// Everything a command needs to reach the API, resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// The key, if any (redacted in `Debug`).
    pub api_key: Option<ApiKey>,
    /// The base URL.
    pub base_url: String,
    /// The default chatbot.
    pub chatbot: Option<String>,
    /// Seconds per attempt.
    pub timeout: f64,
    /// Requests per operation, if set.
    pub max_attempts: Option<u32>,
}

/// Resolves the settings: flag > environment (both through clap) > the
/// profile > the default.
pub(crate) fn resolve(global: &GlobalArgs) -> Result<Settings, CliError> {
    let file = load()?;
    let name = profile_name(global)?;
    let profile = match file.profiles.get(name) {
        Some(profile) => profile.clone(),
        None if global.profile.is_some() && name != DEFAULT_PROFILE => {
            return Err(CliError::Usage(format!(
                "no profile {name:?} in the config file: create it with `wonderchat config set \
                 base_url URL --profile {name}` or `wonderchat login --profile {name}`"
            )));
        }
        None => Profile::default(),
    };
    let api_key = match (&global.api_key, &global.api_key_file) {
        (Some(key), _) if key.expose_secret() == "-" => Some(read_stdin_line()?),
        (Some(key), _) => Some(key.clone()),
        (None, Some(path)) => Some(read_key_file(path)?),
        (None, None) => match (&profile.api_key, &profile.api_key_file) {
            (Some(key), _) => Some(key.clone()),
            (None, Some(path)) => Some(read_key_file(path)?),
            (None, None) => None,
        },
    };
    Ok(Settings {
        api_key,
        base_url: global
            .base_url
            .clone()
            .or(profile.base_url)
            .unwrap_or_else(|| wonderchat::DEFAULT_BASE_URL.to_owned()),
        chatbot: profile.chatbot,
        timeout: global.timeout.or(profile.timeout).unwrap_or(10.0),
        max_attempts: global.max_attempts.or(profile.max_attempts),
    })
}

/// The key in the first line of a private file.
pub(crate) fn read_key_file(path: &Path) -> Result<ApiKey, CliError> {
    crate::plumbing::files::read_secret(path, "API key")
}

/// The first line of standard input (`--api-key -`).
fn read_stdin_line() -> Result<ApiKey, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Usage(format!("cannot read the key from stdin: {e}")))?;
    let key = ApiKey::new(line.trim());
    // The line read is wiped with the key it held.
    drop(line);
    if key.is_blank() {
        return Err(CliError::Usage("--api-key -: stdin held no key".to_owned()));
    }
    Ok(key)
}
