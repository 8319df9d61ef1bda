//! `mcp --print-config`: the JSON that registers this server with an MCP
//! client. The key is never in it: the server reads it from the profile
//! (`wonderchat login`) or the `--api-key-file` named here.

use std::path::Path;

use serde_json::{Value, json};

use super::{McpArgs, McpClient};
use crate::cli::GlobalArgs;
use crate::error::CliError;

/// Prints the snippet for `client`.
pub(crate) fn print(
    global: &GlobalArgs,
    args: &McpArgs,
    client: McpClient,
) -> Result<(), CliError> {
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
    let value = snippet(client, &command, arguments);
    crate::plumbing::output::write_stdout(&format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    ))
}

/// The client's JSON for `command` with `arguments`.
fn snippet(client: McpClient, command: &str, arguments: Vec<String>) -> Value {
    match client {
        McpClient::Claude | McpClient::Cursor => json!({
            "mcpServers": {"wonderchat": {"command": command, "args": arguments}}
        }),
        McpClient::Vscode => json!({
            "servers": {"wonderchat": {"type": "stdio", "command": command, "args": arguments}}
        }),
    }
}

/// An absolute form of `path` (clients start servers in other folders).
fn absolute(path: &Path) -> Result<String, CliError> {
    std::path::absolute(path)
        .map(|p| p.display().to_string())
        .map_err(|e| CliError::Usage(format!("cannot resolve {}: {e}", path.display())))
}

/// The server's arguments: what selects the account and the tools, never
/// a secret.
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
    if let Some(tools) = &args.tools {
        out.extend(["--tools".to_owned(), tools.join(",")]);
    }
    if let Some(dir) = &args.export_dir {
        out.extend(["--export-dir".to_owned(), absolute(dir)?]);
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
        let claude = snippet(McpClient::Claude, "/bin/wonderchat", args.clone());
        assert_eq!(claude["mcpServers"]["wonderchat"]["args"], json!(["mcp"]));
        let vscode = snippet(McpClient::Vscode, "/bin/wonderchat", args);
        assert_eq!(vscode["servers"]["wonderchat"]["type"], "stdio");
    }
}
