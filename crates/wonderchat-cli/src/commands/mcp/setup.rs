//! `mcp --print-config`: what registers this server with an MCP client.
//! The key is never in it: the server reads it from the profile
//! (`wonderchat login`) or the `--api-key-file` named here; VS Code's,
//! when neither is named, prompts for it (a password input). Every path in
//! it is absolute (clients start servers in a folder of their own, often
//! `/`), the profile and key file named are checked to exist, and
//! `WONDERCHAT_CONFIG`, when set, is carried along.

use std::path::Path;

use serde_json::{Map, Value, json};

use super::{McpArgs, McpClient};
use crate::cli::GlobalArgs;
use crate::error::CliError;

/// VS Code's input that prompts for the key.
const KEY_INPUT: &str = "wonderchat-api-key";

/// Prints the snippet for `client`.
pub(crate) fn print(
    global: &GlobalArgs,
    args: &McpArgs,
    client: McpClient,
) -> Result<(), CliError> {
    // The profile and key file named must exist (the server would fail at
    // its first start, in a client's log nobody reads).
    if !global.mock {
        crate::plumbing::profile::resolve(global)?;
    }
    let command = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "wonderchat".to_owned());
    let arguments = arguments(global, args)?;
    if global.api_key.is_some() && global.api_key_file.is_none() && !global.quiet {
        eprintln!(
            "note: the API key given by --api-key or WONDERCHAT_API_KEY is not put in the \
             snippet; store it with `wonderchat login` (the snippet uses the profile) or pass \
             --api-key-file FILE"
        );
    }
    let mut env = Map::new();
    if let Some(config) = std::env::var_os("WONDERCHAT_CONFIG").filter(|c| !c.is_empty()) {
        env.insert(
            "WONDERCHAT_CONFIG".to_owned(),
            Value::String(absolute(Path::new(&config))?),
        );
    }
    // No account named: VS Code can ask for the key (other clients have
    // no prompt; their server then uses the default profile).
    let prompt = !global.mock && global.profile.is_none() && global.api_key_file.is_none();
    let text = match client {
        McpClient::ClaudeCode => claude_add(&command, &arguments, &env),
        _ => {
            let value = snippet(client, &command, arguments, env, prompt);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
    };
    crate::plumbing::output::write_stdout(&format!("{text}\n"))
}

/// The client's JSON for `command` with `arguments` and `env`; VS Code's
/// with a password prompt for the key when `prompt`.
fn snippet(
    client: McpClient,
    command: &str,
    arguments: Vec<String>,
    mut env: Map<String, Value>,
    prompt: bool,
) -> Value {
    let mut server = json!({"command": command, "args": arguments});
    if client == McpClient::Vscode {
        server["type"] = json!("stdio");
        if prompt {
            env.insert(
                "WONDERCHAT_API_KEY".to_owned(),
                json!(format!("${{input:{KEY_INPUT}}}")),
            );
        }
    }
    if !env.is_empty() {
        server["env"] = Value::Object(env);
    }
    match client {
        McpClient::Vscode if prompt => json!({
            "inputs": [{"type": "promptString", "id": KEY_INPUT,
                        "description": "Wonderchat API key", "password": true}],
            "servers": {"wonderchat": server}
        }),
        McpClient::Vscode => json!({"servers": {"wonderchat": server}}),
        _ => json!({"mcpServers": {"wonderchat": server}}),
    }
}

/// Claude Code's command line: `claude mcp add wonderchat [-e K=V] --
/// COMMAND ARGS…`, each word quoted for a POSIX shell.
fn claude_add(command: &str, arguments: &[String], env: &Map<String, Value>) -> String {
    let mut words = vec!["claude", "mcp", "add", "wonderchat"]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    for (name, value) in env {
        words.push("-e".to_owned());
        words.push(quoted(&format!(
            "{name}={}",
            value.as_str().unwrap_or_default()
        )));
    }
    words.push("--".to_owned());
    words.push(quoted(command));
    words.extend(arguments.iter().map(|a| quoted(a)));
    words.join(" ")
}

/// `word` as a POSIX shell reads it back (shlex's quoting; a word it
/// cannot quote, one with a NUL byte, cannot be in a command line anyway).
fn quoted(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| word.to_owned(), |q| q.into_owned())
}

/// An absolute form of `path` (clients start servers in other folders).
fn absolute(path: &Path) -> Result<String, CliError> {
    std::path::absolute(path)
        .map(|p| p.display().to_string())
        .map_err(|e| CliError::Usage(format!("cannot resolve {}: {e}", path.display())))
}

/// The server's arguments: what selects the account and the tools, never
/// a secret; the export folder always, absolute.
fn arguments(global: &GlobalArgs, args: &McpArgs) -> Result<Vec<String>, CliError> {
    let mut out = Vec::new();
    if global.mock {
        out.push("--mock".to_owned());
    }
    if let Some(profile) = &global.profile {
        out.extend(["--profile".to_owned(), profile.clone()]);
    }
    if let Some(file) = &global.api_key_file {
        out.extend(["--api-key-file".to_owned(), absolute(file)?]);
    }
    if let Some(url) = &global.base_url {
        out.extend(["--base-url".to_owned(), url.clone()]);
    }
    out.push("mcp".to_owned());
    if args.read_only {
        out.push("--read-only".to_owned());
    }
    if args.allow_ask {
        out.push("--allow-ask".to_owned());
    }
    if let Some(tools) = &args.tools {
        out.extend(["--tools".to_owned(), tools.join(",")]);
    }
    let export_dir = match &args.export_dir {
        Some(dir) => Some(dir.clone()),
        None => super::default_export_dir(),
    };
    if let Some(dir) = export_dir {
        out.extend(["--export-dir".to_owned(), absolute(&dir)?]);
    }
    if let Some(file) = &args.session_cookie_file {
        out.extend(["--session-cookie-file".to_owned(), absolute(file)?]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_client_gets_its_own_shape() {
        let args = vec!["mcp".to_owned()];
        let claude = snippet(
            McpClient::Claude,
            "/bin/wonderchat",
            args.clone(),
            Map::new(),
            true,
        );
        assert_eq!(claude["mcpServers"]["wonderchat"]["args"], json!(["mcp"]));
        assert!(claude["mcpServers"]["wonderchat"].get("env").is_none());
        let vscode = snippet(McpClient::Vscode, "/bin/wonderchat", args, Map::new(), true);
        assert_eq!(vscode["servers"]["wonderchat"]["type"], "stdio");
        assert_eq!(vscode["inputs"][0]["password"], true);
        assert_eq!(
            vscode["servers"]["wonderchat"]["env"]["WONDERCHAT_API_KEY"],
            "${input:wonderchat-api-key}"
        );
    }

    #[test]
    fn claude_codes_command_line_is_quoted_for_a_shell() {
        let mut env = Map::new();
        env.insert(
            "WONDERCHAT_CONFIG".to_owned(),
            json!("/home/a b/config.toml"),
        );
        let line = claude_add(
            "/opt/wonder chat/wonderchat",
            &["mcp".to_owned(), "--tools".to_owned(), "it's".to_owned()],
            &env,
        );
        assert_eq!(
            line,
            r#"claude mcp add wonderchat -e 'WONDERCHAT_CONFIG=/home/a b/config.toml' -- '/opt/wonder chat/wonderchat' mcp --tools "it's""#
        );
    }
}
