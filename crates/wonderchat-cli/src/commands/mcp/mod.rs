//! `wonderchat mcp`: every Wonderchat operation as tools for AI agents,
//! over the Model Context Protocol (the official Rust SDK, rmcp): stdio,
//! and with `--http` the streamable HTTP transport on loopback. The key
//! and session cookie stay in this process; stdout carries only protocol
//! frames (logs go to stderr).

mod fit;
mod http;
mod resources;
mod setup;
mod stdio;
pub(crate) mod tools;

use std::path::PathBuf;
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CustomRequest, CustomResult, ErrorCode,
    GetPromptRequestParams, GetPromptResponse, Implementation, ListPromptsResult,
    ListResourceTemplatesResult, ListResourcesResult, ListToolsResult, PaginatedRequestParams,
    ReadResourceRequestParams, ReadResourceResponse, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};

use clap::{Args, ValueEnum};
use wonderchat::SessionCookie;

use crate::cli::{GlobalArgs, parse_size};
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};

/// `wonderchat mcp`.
#[derive(Debug, Args)]
pub(crate) struct McpArgs {
    /// Offer only the tools annotated read-only (readOnlyHint), which
    /// change nothing here or at Wonderchat: get_conversation,
    /// export_chatlogs and feedback_report. From the environment: 1, true,
    /// yes or on (0, false, no, off: not).
    #[arg(
        long,
        env = "WONDERCHAT_MCP_READ_ONLY",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub read_only: bool,

    /// With --read-only, also offer the tools that ask (ask_chatbot,
    /// run_eval): asking adds conversations to the chatbot's chatlogs (an
    /// eval's tagged, and recorded in the eval ledger), and nothing else.
    #[arg(
        long,
        requires = "read_only",
        env = "WONDERCHAT_MCP_ALLOW_ASK",
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub allow_ask: bool,

    /// Offer only these tools (comma-separated names; see `--list-tools`).
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        env = "WONDERCHAT_MCP_TOOLS"
    )]
    pub tools: Option<Vec<String>>,

    /// Print the tools (name, what it changes) and exit.
    #[arg(long)]
    pub list_tools: bool,

    /// Also serve the streamable HTTP transport at this address, at the
    /// path /mcp. Loopback only, unless --allow-remote.
    #[arg(long, value_name = "ADDR:PORT")]
    pub http: Option<std::net::SocketAddr>,

    /// Allow --http on an address that is not loopback. Requires a bearer
    /// token (WONDERCHAT_MCP_TOKEN or --token-file) that every request must
    /// carry.
    #[arg(long, requires = "http")]
    pub allow_remote: bool,

    /// Read the bearer token HTTP clients must send from this file (first
    /// line; not readable by group or others). Or set WONDERCHAT_MCP_TOKEN.
    #[arg(long, value_name = "FILE", requires = "http")]
    pub token_file: Option<PathBuf>,

    /// The session cookie for add_pages, from this file (first line); the
    /// agent never sees or sends it.
    #[arg(long, value_name = "FILE")]
    pub session_cookie_file: Option<PathBuf>,

    /// Where save_chatlogs writes new files: its `path` is taken relative
    /// to this directory and may not leave it, nor name a file that exists
    /// [default: ~/.local/share/wonderchat/exports, made when first used].
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,

    /// The longest a tool call may take, in seconds (an export or a report
    /// of a long period); a longer one is stopped and fails.
    #[arg(long, value_name = "SECS", default_value_t = 600.0)]
    pub max_time: f64,

    /// The largest tool result, in bytes of JSON (with a unit: 64KiB). A
    /// larger one is cut, with a note saying how to get the rest.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "64KiB")]
    pub max_result_size: usize,

    /// Print the JSON (or for claude-code the command) that registers this
    /// server with an MCP client, and exit. The key is never in it: the
    /// snippet names --api-key-file or the profile (VS Code's, without
    /// either, prompts for the key).
    #[arg(long, value_enum, value_name = "CLIENT")]
    pub print_config: Option<McpClient>,
}

/// `mcp --print-config`: the MCP clients whose config format is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum McpClient {
    /// Claude Desktop (claude_desktop_config.json) and Claude Code (.mcp.json).
    Claude,
    /// Claude Code's `claude mcp add` command line.
    ClaudeCode,
    /// Cursor (~/.cursor/mcp.json or .cursor/mcp.json).
    Cursor,
    /// VS Code (.vscode/mcp.json).
    Vscode,
}

/// The longest message read from stdin, in bytes.
const MAX_MESSAGE: usize = 4 << 20;

/// What every call of one server shares.
pub(crate) struct Inner {
    client: wonderchat::Client,
    offered: Vec<&'static tools::Tool>,
    listed: Vec<Tool>,
    instructions: String,
    session_cookie: Option<SessionCookie>,
    export_dir: Option<PathBuf>,
    /// The folder of this profile's `pages sync` state files.
    sync_states: Option<PathBuf>,
    max_result_size: usize,
    max_chatlog_bytes: Option<usize>,
    /// The longest a tool call may take (an export or a report of a year).
    max_time: std::time::Duration,
}

/// The MCP server: cheap to clone (one per HTTP session).
#[derive(Clone)]
pub(crate) struct Server(Arc<Inner>);

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_server_info(Implementation::new("wonderchat", env!("CARGO_PKG_VERSION")))
        .with_instructions(self.0.instructions.clone())
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.0.listed.clone()))
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list(
            &self.0,
        )))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(&self.0),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        // As a tool call: within --max-time, a panic fails this read only.
        let read =
            crate::plumbing::panics::Recover::new(resources::read(&self.0, &request.uri, &context));
        let cancelled = context.ct.clone();
        tokio::select! {
            result = read => result
                .unwrap_or_else(|_| Err(ErrorData::internal_error(
                    "the read failed with an internal error (a bug: please report it)", None)))
                .map(Into::into),
            () = cancelled.cancelled() => Err(ErrorData::internal_error("cancelled by the client", None)),
            () = tokio::time::sleep(self.0.max_time) => Err(ErrorData::internal_error(
                "the read took longer than the server's --max-time and was stopped", None)),
        }
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        Ok(ListPromptsResult::with_all_items(resources::prompts(
            &self.0,
        )))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        resources::prompt(&self.0, &request.name, request.arguments.as_ref()).map(Into::into)
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.0.listed.iter().find(|t| t.name == name).cloned()
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let Some(tool) = self
            .0
            .offered
            .iter()
            .copied()
            .find(|t| t.name == request.name)
        else {
            // Protocol misuse (MCP: an unknown tool is error -32602); a tool
            // hidden by --read-only or --tools is unknown here.
            let offered: Vec<&str> = self.0.offered.iter().map(|t| t.name).collect();
            return Err(ErrorData::invalid_params(
                format!(
                    "unknown tool {:?}; this server offers {}",
                    wonderchat::printable(&request.name.chars().take(100).collect::<String>()),
                    offered.join(", ")
                ),
                None,
            ));
        };
        let cancelled = context.ct.clone();
        // Boxed (inside Recover): rmcp runs each request as a task of its
        // own, and tokio copies a task's future a few times on the way
        // (spawn, the task cell, the finished stage); inline, the largest
        // tool's 5.8 KB state was copied on every call, ping or refusal
        // alike (half of a refused call's instructions, by callgrind). A
        // panic in a call ends that call, never the server.
        let call = crate::plumbing::panics::Recover::new(tools::call(
            &self.0,
            tool,
            request.arguments,
            &context,
        ));
        let max_time = self.0.max_time;
        let result = tokio::select! {
            result = call => result.unwrap_or_else(|_| tools::failure(
                "the call failed with an internal error (a bug: please report it); the server \
                 goes on".to_owned(),
            )),
            () = cancelled.cancelled() => tools::failure("cancelled by the client".to_owned()),
            () = tokio::time::sleep(max_time) => tools::failure(format!(
                "the call took longer than {} (the server's --max-time) and was stopped; narrow \
                 it (a shorter period, one chatbot)",
                humantime::format_duration(max_time)
            )),
        };
        Ok(result.into())
    }

    async fn on_custom_request(
        &self,
        request: CustomRequest,
        _context: RequestContext<RoleServer>,
    ) -> Result<CustomResult, ErrorData> {
        // The method's name, shortened: a 3 MiB name is not echoed whole.
        let name: String = request.method.chars().take(100).collect();
        Err(ErrorData::new(
            ErrorCode::METHOD_NOT_FOUND,
            format!("Method not found: {:?}", wonderchat::printable(&name)),
            None,
        ))
    }
}

/// Where `save_chatlogs` writes without `--export-dir`: the user's data
/// folder (`$XDG_DATA_HOME`, else `~/.local/share`; `%LOCALAPPDATA%` on
/// Windows), `wonderchat/exports`.
pub(crate) fn default_export_dir() -> Option<PathBuf> {
    // Only an absolute folder: an empty or relative HOME would be the
    // working directory again.
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let data = var("XDG_DATA_HOME").or_else(|| {
        if cfg!(windows) {
            var("LOCALAPPDATA")
        } else {
            var("HOME").map(|home| home.join(".local/share"))
        }
    })?;
    Some(data.join("wonderchat").join("exports"))
}

/// Runs `mcp`.
pub(crate) async fn run(global: &GlobalArgs, args: McpArgs) -> Result<(), CliError> {
    let offered = tools::offered(args.read_only, args.allow_ask, args.tools.as_deref())
        .map_err(CliError::Usage)?;
    if offered.is_empty() {
        return Err(CliError::Usage(
            "no tool is left to offer: --read-only hides every tool --tools names".to_owned(),
        ));
    }
    if args.list_tools {
        let mut text = String::new();
        for tool in &offered {
            let changes = if tool.read_only {
                "read-only"
            } else {
                "changes data (hidden by --read-only)"
            };
            text.push_str(&format!("{:<18} {changes}\n", tool.name));
        }
        return crate::plumbing::output::write_stdout(&text);
    }
    if let Some(client) = args.print_config {
        return setup::print(global, &args, client);
    }
    let token = http::token(&args)?;
    if let Some(addr) = args.http {
        http::check_address(addr, args.allow_remote, token.is_some())?;
    }
    let session_cookie = args
        .session_cookie_file
        .as_deref()
        .map(|path| crate::plumbing::files::read_secret::<SessionCookie>(path, "session cookie"))
        .transpose()?;
    let export_dir = match &args.export_dir {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(CliError::Usage(format!(
                    "--export-dir {} is not a directory",
                    dir.display()
                )));
            }
            Some(dir.clone())
        }
        // The server's own folder, made when first written to: never the
        // working directory (an agent's project). Without a home folder,
        // save_chatlogs says to pass --export-dir.
        None => default_export_dir(),
    };
    let max_time = crate::plumbing::connect::seconds("--max-time", args.max_time)?;
    let target = connect(global, Usage::Agent).await?;
    let mut instructions = "Wonderchat: ask its chatbots, rate their answers, read and tag \
                            conversations, keep knowledge bases, export conversations and read \
                            what the feedback says. Ids come from earlier results: ask_chatbot \
                            gives messageId and chatlogId."
        .to_owned();
    if let Some(chatbot) = &target.settings.chatbot {
        instructions.push_str(&format!(
            " The configured chatbot is {}.",
            wonderchat::printable(chatbot)
        ));
    }
    let server = Server(Arc::new(Inner {
        client: target.client.clone(),
        listed: offered.iter().map(|t| t.listed()).collect(),
        offered,
        instructions,
        session_cookie,
        export_dir,
        sync_states: crate::plumbing::profile::sync_state_dir(global).ok(),
        max_result_size: args.max_result_size,
        max_chatlog_bytes: global.max_response_size,
        max_time,
    }));
    let mut signals = crate::plumbing::signals::Signals::new()
        .map_err(|e| CliError::Usage(format!("cannot listen for signals: {e}")))?;
    // A line (one message) is at most 4 MiB: far above any real call, far
    // below what would hurt.
    let stdio = server.clone().serve(stdio::Stdio::new(MAX_MESSAGE));
    match args.http {
        None => {
            let running = tokio::select! {
                // rmcp's error would show the client's message whole: not echoed.
                running = stdio => running.map_err(|_| {
                    CliError::Failed("the MCP client did not start a session on stdin".to_owned())
                })?,
                stop = signals.recv() => return Err(CliError::Stopped(stop)),
            };
            tokio::select! {
                _ = running.waiting() => Ok(()),
                stop = signals.recv() => Err(CliError::Stopped(stop)),
            }
        }
        Some(addr) => {
            let serving = http::serve(addr, server, token).await?;
            if !global.quiet {
                eprintln!("serving MCP at http://{serving}/mcp (and on stdio)");
            }
            // The stdio session may end (or never start) while HTTP goes on.
            tokio::spawn(async move {
                if let Ok(running) = stdio.await {
                    let _ = running.waiting().await;
                }
            });
            Err(CliError::Stopped(signals.recv().await))
        }
    }
}
