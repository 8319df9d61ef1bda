//! `wonderchat pages add|delete|sync`: a chatbot's knowledge base.

mod sync;

use wonderchat_sync::source::list_lines;

use wonderchat::printable;

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};
use crate::plumbing::output::json;

use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `wonderchat pages`.
#[derive(Debug, Subcommand)]
pub(crate) enum PagesCommand {
    /// Add pages to a chatbot's knowledge base.
    #[command(
        after_help = "Example:\n  wonderchat pages add my-bot https://example.com/pricing --session-cookie-file cookie.txt"
    )]
    Add(PagesArgs),
    /// Remove pages from a chatbot's knowledge base.
    #[command(
        after_help = "Example:\n  wonderchat pages delete my-bot https://example.com/old-page"
    )]
    Delete(PagesArgs),
    /// Keep a chatbot's pages in step with a sitemap, a URL list or a docs
    /// folder: a plan (the default), then --apply.
    #[command(after_help = sync::AFTER_HELP)]
    Sync(Box<sync::SyncArgs>),
}

/// The pages of `pages add|delete`.
#[derive(Debug, Args)]
pub(crate) struct PagesArgs {
    /// The chatbot.
    pub chatbot_id: String,

    /// Page addresses (absolute http or https URLs).
    pub urls: Vec<String>,

    /// Also read addresses from this file, one per line (- for stdin).
    #[arg(long, value_name = "FILE|-")]
    pub from_file: Option<PathBuf>,

    /// A session cookie for pages behind a login, read from this file (a
    /// secret: never a flag value, which would show in the process list).
    #[arg(long, value_name = "FILE")]
    pub session_cookie_file: Option<PathBuf>,
}

/// The addresses in a file (or stdin for `-`): one per line, blank lines
/// and `#` comments skipped (the reader of `pages sync --urls`).
fn read_url_lines(path: &std::path::Path) -> Result<Vec<String>, CliError> {
    let name = printable(&path.display().to_string());
    let lines = if path.as_os_str() == "-" {
        list_lines(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| CliError::Usage(format!("cannot read {name}: {e}")))?;
        list_lines(std::io::BufReader::new(file))
    };
    let lines = lines.map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
    Ok(lines.into_iter().map(|(_, url)| url).collect())
}

/// `pages add|delete`.
pub(crate) async fn run(global: &GlobalArgs, command: PagesCommand) -> Result<(), CliError> {
    let (args, add): (PagesArgs, bool) = match command {
        PagesCommand::Add(args) => (args, true),
        PagesCommand::Delete(args) => (args, false),
        PagesCommand::Sync(args) => return sync::run(global, *args).await,
    };
    let mut urls = args.urls.clone();
    if let Some(path) = &args.from_file {
        urls.extend(read_url_lines(path)?);
    }
    if urls.is_empty() {
        return Err(CliError::Usage(
            "no URL: give pages as arguments or with --from-file".to_owned(),
        ));
    }
    let cookie = match &args.session_cookie_file {
        Some(path) if add => Some(crate::plumbing::files::read_secret::<
            wonderchat::SessionCookie,
        >(path, "session cookie")?),
        Some(_) => {
            return Err(CliError::Usage(
                "--session-cookie-file goes with `pages add` only".to_owned(),
            ));
        }
        None => None,
    };
    let target = connect(global, Usage::Interactive).await?;
    let update = if add {
        let mut request = target.client.add_pages(&args.chatbot_id, urls);
        if let Some(cookie) = cookie {
            request = request.session_cookie(cookie);
        }
        request.send().await?
    } else {
        target
            .client
            .delete_pages(&args.chatbot_id, urls)
            .send()
            .await?
    };
    if global.json {
        return crate::plumbing::output::write_stdout(&format!("{}\n", json(&update)?));
    }
    if !global.quiet {
        eprintln!(
            "{} {} on chatbot {}",
            if add { "added" } else { "removed" },
            crate::plumbing::numbers::count(update.urls.len() as u64, "page", "pages"),
            printable(&update.chatbot_id)
        );
    }
    Ok(())
}
