//! `wonderchat pages add|delete|sync`: a chatbot's knowledge base.

mod sync;

use std::io::BufRead;

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

/// The longest line `pages --from-file` reads: far beyond any real URL.
const MAX_URL_LINE: usize = 64 * 1024;

/// The addresses in a file (or stdin for `-`): one per line, blank lines
/// and `#` comments skipped; a line longer than 64 KiB is refused, not
/// read whole.
fn read_url_lines(path: &std::path::Path) -> Result<Vec<String>, CliError> {
    let mut reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
        Box::new(std::io::BufReader::new(file))
    };
    let name = printable(&path.display().to_string());
    let (mut urls, mut line, mut number) = (Vec::new(), Vec::new(), 0u64);
    loop {
        line.clear();
        number += 1;
        let read = std::io::Read::take(&mut reader, MAX_URL_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| CliError::Usage(format!("cannot read {name}: {e}")))?;
        if read == 0 {
            return Ok(urls);
        }
        if line.len() > MAX_URL_LINE {
            return Err(CliError::Usage(format!(
                "{name}, line {number}: longer than {} KiB, which no URL is",
                MAX_URL_LINE / 1024
            )));
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| CliError::Usage(format!("{name}, line {number}: not UTF-8 text")))?;
        let text = text.trim();
        if !text.is_empty() && !text.starts_with('#') {
            urls.push(text.to_owned());
        }
    }
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
