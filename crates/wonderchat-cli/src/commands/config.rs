//! `wonderchat config set|get|list` and `wonderchat login`: the profiles of
//! the config file (see `profile.rs`).

use std::io::{BufRead, IsTerminal};

use wonderchat::printable;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::profile::{self, Profile};

use clap::{Args, Subcommand};

/// `wonderchat config`.
#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Set a value of a profile (keys: base_url, api_key_file, chatbot, timeout, max_attempts).
    #[command(
        after_help = "Example:\n  wonderchat config set base_url http://127.0.0.1:8765 --profile local"
    )]
    Set(ConfigSetArgs),
    /// Print a value of a profile.
    #[command(after_help = "Example:\n  wonderchat config get base_url --profile local")]
    Get(ConfigGetArgs),
    /// Print every profile (keys are never shown).
    #[command(after_help = "Example:\n  wonderchat config list --json")]
    List,
}

/// `config set`.
#[derive(Debug, Args)]
pub(crate) struct ConfigSetArgs {
    /// The setting.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// `config get`.
#[derive(Debug, Args)]
pub(crate) struct ConfigGetArgs {
    /// The setting.
    pub key: String,
}

/// `wonderchat login`.
#[derive(Debug, Args)]
pub(crate) struct LoginArgs {}

/// The settings `config set` and `get` know.
const KEYS: &str = "base_url, api_key_file, chatbot, timeout, max_attempts";

/// Runs `config set|get|list`.
pub(crate) fn run(global: &GlobalArgs, command: ConfigCommand) -> Result<(), CliError> {
    let name = profile::profile_name(global)?.to_owned();
    if let ConfigCommand::Set(args) = &command {
        let (path, ()) = profile::update(|file| {
            set(
                file.profiles.entry(name.clone()).or_default(),
                &args.key,
                &args.value,
            )
        })?;
        if !global.quiet {
            eprintln!(
                "set {} of profile {name} in {}",
                printable(&args.key),
                printable(&path.display().to_string())
            );
        }
        return Ok(());
    }
    let file = profile::load()?;
    match command {
        ConfigCommand::Set(_) => Ok(()),
        ConfigCommand::Get(args) => {
            let profile = file.profiles.get(&name).cloned().unwrap_or_default();
            let value = get(&profile, &args.key)?;
            match value {
                Some(value) => {
                    crate::plumbing::output::write_stdout(&format!("{}\n", printable(&value)))
                }
                None => Err(CliError::Failed(format!(
                    "{} is not set in profile {name}",
                    printable(&args.key)
                ))),
            }
        }
        ConfigCommand::List => {
            let shown: serde_json::Map<String, serde_json::Value> = file
                .profiles
                .iter()
                .map(|(name, p)| {
                    let mut p = p.clone();
                    // The key itself is never shown.
                    let has_key = p.api_key.take().is_some();
                    let mut value = serde_json::to_value(&p).unwrap_or_default();
                    if has_key {
                        value["api_key"] = serde_json::Value::from("[set]");
                    }
                    (name.clone(), value)
                })
                .collect();
            if global.json {
                crate::plumbing::output::write_stdout(&format!(
                    "{}\n",
                    crate::plumbing::output::json(&serde_json::Value::Object(shown))?
                ))
            } else {
                let mut text = String::new();
                for (name, values) in &shown {
                    // As the file names it: `[profiles.work]`.
                    let bare = name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    let key = if bare {
                        name.clone()
                    } else {
                        serde_json::Value::from(name.as_str()).to_string()
                    };
                    text.push_str(&format!("[profiles.{}]\n", printable(&key)));
                    for (key, value) in values.as_object().into_iter().flatten() {
                        text.push_str(&format!("  {key} = {}\n", printable(&value.to_string())));
                    }
                }
                if text.is_empty() {
                    text = "(no profiles)\n".to_owned();
                }
                crate::plumbing::output::write_stdout(&text)
            }
        }
    }
}

fn set(profile: &mut Profile, key: &str, value: &str) -> Result<(), CliError> {
    let number = |what: &str| CliError::Usage(format!("{key}: {value:?} is not {what}"));
    match key {
        "base_url" => profile.base_url = Some(value.to_owned()),
        "api_key_file" => {
            let path = std::path::PathBuf::from(value);
            crate::plumbing::files::check_private(&path)?;
            profile.api_key_file = Some(path);
        }
        "chatbot" => profile.chatbot = Some(value.to_owned()),
        "timeout" => {
            profile.timeout = Some(
                value
                    .parse::<f64>()
                    .ok()
                    .filter(|t| *t > 0.0)
                    .ok_or_else(|| number("a positive number of seconds"))?,
            );
        }
        "max_attempts" => {
            profile.max_attempts = Some(
                value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| number("a whole number from 1 to 100"))?,
            );
        }
        "api_key" => {
            return Err(CliError::Usage(
                "the key is not set on the command line (it would show in the process list and \
                 history): run `wonderchat login`, or set api_key_file"
                    .to_owned(),
            ));
        }
        other => {
            return Err(CliError::Usage(format!(
                "unknown setting {other:?}: use one of {KEYS}"
            )));
        }
    }
    Ok(())
}

fn get(profile: &Profile, key: &str) -> Result<Option<String>, CliError> {
    Ok(match key {
        "base_url" => profile.base_url.clone(),
        "api_key_file" => profile
            .api_key_file
            .as_ref()
            .map(|p| p.display().to_string()),
        "chatbot" => profile.chatbot.clone(),
        "timeout" => profile.timeout.map(|t| t.to_string()),
        "max_attempts" => profile.max_attempts.map(|n| n.to_string()),
        "api_key" => profile.api_key.as_ref().map(|_| "[set]".to_owned()),
        other => {
            return Err(CliError::Usage(format!(
                "unknown setting {other:?}: use one of {KEYS}"
            )));
        }
    })
}

/// `login`: asks for the key without echo (or reads a line of stdin when
/// it is not a terminal) and stores it in the profile.
pub(crate) fn login(global: &GlobalArgs, _args: LoginArgs) -> Result<(), CliError> {
    let key = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Wonderchat API key (not shown): ")
            .map_err(|e| CliError::Usage(format!("cannot read the key: {e}")))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| CliError::Usage(format!("cannot read the key: {e}")))?;
        line
    };
    // A secret from the moment it is read: the line it came in goes with it.
    let key = wonderchat::ApiKey::new(key.trim());
    if key.is_blank() {
        return Err(CliError::Usage("no key given".to_owned()));
    }
    let name = profile::profile_name(global)?.to_owned();
    let (path, ()) = profile::update(|file| {
        file.profiles.entry(name.clone()).or_default().api_key = Some(key);
        Ok(())
    })?;
    if !global.quiet {
        eprintln!(
            "saved the key in profile {name} of {} (mode 600)",
            printable(&path.display().to_string())
        );
    }
    Ok(())
}
