//! `wonderchat pages sync`: plan (the default) or apply what keeps a
//! chatbot's pages in step with its sources; the library is
//! `wonderchat-sync`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use wonderchat_sync::SyncError;
use wonderchat_sync::apply::{Applied, ApplyOptions};
use wonderchat_sync::fetch::{FetchOptions, Fetcher};
use wonderchat_sync::plan::{Plan, PlanOptions};
use wonderchat_sync::source::{DirMapping, Filters, Source};
use wonderchat_sync::state::{Managed, State, StateLock};

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::plumbing::connect::{Usage, connect};
use crate::plumbing::output::{json, write_stdout};
use crate::plumbing::profile::{sync_state_dir, sync_state_file};
use crate::plumbing::signals::Signals;

pub(super) const AFTER_HELP: &str = "\
Exit codes: 0 done (a plan: no changes, or any plan without \
--detailed-exitcode); 2 with --detailed-exitcode, a plan with changes (and, \
as for every command, bad arguments, before any plan); 1 an error (a source \
that cannot be loaded, a state that cannot be used, more removals than \
--max-deletes, pages that failed to apply); 130 stopped.

Examples:
  wonderchat pages sync my-bot --sitemap https://docs.example.com/sitemap.xml
  wonderchat pages sync my-bot --sitemap https://docs.example.com/sitemap.xml --prune --apply
  wonderchat pages sync my-bot --dir docs --dir-url https://docs.example.com --state docs/.wonderchat-sync.json --plan --detailed-exitcode";

/// `pages sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// The chatbot.
    pub chatbot_id: String,

    /// A sitemap or sitemap index (an http(s) address or a file; XML or
    /// text, gzip too); repeatable.
    #[arg(long, value_name = "URL|FILE", help_heading = "Sources")]
    pub sitemap: Vec<String>,

    /// A file of page addresses, one a line; repeatable.
    #[arg(long, value_name = "FILE", help_heading = "Sources")]
    pub urls: Vec<PathBuf>,

    /// A docs folder: each .md, .mdx, .markdown, .html or .htm file is the
    /// page at --dir-url/--path-prefix/PATH (index.* and README.md stand
    /// for their folder).
    #[arg(
        long,
        value_name = "PATH",
        requires = "dir_url",
        help_heading = "Sources"
    )]
    pub dir: Option<PathBuf>,

    /// The address --dir is published at (not --base-url, which is
    /// Wonderchat's).
    #[arg(long, value_name = "URL", requires = "dir", help_heading = "Sources")]
    pub dir_url: Option<String>,

    /// Path segments between --dir-url and the folder's pages.
    #[arg(long, value_name = "PATH", requires = "dir", help_heading = "Sources")]
    pub path_prefix: Option<String>,

    /// Only pages matching this glob (a path when it starts with /, else
    /// the whole address); repeatable.
    #[arg(long, value_name = "GLOB", help_heading = "Sources")]
    pub include: Vec<String>,

    /// Leave out pages matching this glob; repeatable.
    #[arg(long, value_name = "GLOB", help_heading = "Sources")]
    pub exclude: Vec<String>,

    /// Show the plan and change nothing (the default).
    #[arg(long, conflicts_with = "apply")]
    pub plan: bool,

    /// Carry the plan out.
    #[arg(long)]
    pub apply: bool,

    /// A plan exits 2 when it has changes, 0 when it has none (as
    /// `terraform plan -detailed-exitcode`).
    #[arg(long)]
    pub detailed_exitcode: bool,

    /// Remove pages sync added that are gone from every source.
    #[arg(long)]
    pub prune: bool,

    /// With --prune, also remove adopted pages gone from every source.
    #[arg(long, requires = "prune")]
    pub prune_unmanaged: bool,

    /// Refuse a plan that removes more pages than this.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_deletes: usize,

    /// Record the pages of --urls as already on the chatbot (added another
    /// way), sending nothing.
    #[arg(long, requires = "urls")]
    pub adopt: bool,

    /// The state file [default: beside the config, per profile and chatbot].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Compare sitemap lastmod and file times only; fetch nothing.
    #[arg(long, help_heading = "Fetching")]
    pub no_fetch: bool,

    /// Fetch pages even where robots.txt disallows it.
    #[arg(long, help_heading = "Fetching")]
    pub ignore_robots: bool,

    /// Pages fetched at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=64), help_heading = "Fetching")]
    pub fetch_concurrency: u32,

    /// The longest one fetch may take, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600), help_heading = "Fetching")]
    pub page_timeout: u64,

    /// The largest page fetched, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=1024), help_heading = "Fetching")]
    pub max_page_size: u64,

    /// Pages per add or delete request.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub batch_size: u32,

    /// Requests under way at once while applying.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,
}

/// `pages sync`.
pub(super) async fn run(global: &GlobalArgs, args: SyncArgs) -> Result<(), CliError> {
    let state_path = match &args.state {
        Some(path) => path.clone(),
        None => default_state(global, &args.chatbot_id)?,
    };
    if args.adopt {
        return adopt(&args, &state_path);
    }
    let mut sources: Vec<Source> = args.sitemap.iter().cloned().map(Source::Sitemap).collect();
    sources.extend(args.urls.iter().cloned().map(Source::Urls));
    if let (Some(dir), Some(base)) = (&args.dir, &args.dir_url) {
        sources.push(Source::Dir(
            DirMapping::new(dir.clone(), base, args.path_prefix.as_deref()).map_err(usage)?,
        ));
    }
    if sources.is_empty() {
        return Err(CliError::Usage(
            "no source: give --sitemap, --urls or --dir with --dir-url".to_owned(),
        ));
    }
    let filters = Filters::new(&args.include, &args.exclude).map_err(usage)?;
    let fetcher = Fetcher::new(FetchOptions {
        concurrency: args.fetch_concurrency as usize,
        timeout: Duration::from_secs(args.page_timeout),
        max_page_bytes: args.max_page_size << 20,
        robots: !args.ignore_robots,
        ..FetchOptions::default()
    })
    .map_err(failed)?;
    // The lock first: a plan to apply must be made from a state no other
    // apply is changing.
    let _lock = if args.apply {
        Some(StateLock::acquire(&state_path).map_err(failed)?)
    } else {
        None
    };
    let mut state = State::load(&state_path, &args.chatbot_id).map_err(failed)?;
    let loaded = wonderchat_sync::source::load(&sources, &filters, &fetcher)
        .await
        .map_err(failed)?;
    let options = PlanOptions {
        no_fetch: args.no_fetch,
        prune: args.prune,
        prune_unmanaged: args.prune_unmanaged,
        max_deletes: args.max_deletes,
    };
    let plan = wonderchat_sync::plan::plan(loaded, &state, &options, &fetcher)
        .await
        .map_err(|e| match e {
            SyncError::TooManyDeletes { ref urls, .. } => {
                let list: String = urls
                    .iter()
                    .map(|u| format!("\n  - {}", wonderchat::printable(u)))
                    .collect();
                CliError::Failed(format!("{e}:{list}"))
            }
            other => failed(other),
        })?;
    if !args.apply {
        if global.json {
            write_stdout(&format!("{}\n", json(&plan)?))?;
        } else {
            write_stdout(&plan.render())?;
        }
        if args.detailed_exitcode && plan.has_changes() {
            return Err(CliError::Changes);
        }
        return Ok(());
    }
    if !global.quiet && !global.json {
        eprint!("{}", plan.render());
    }
    if !plan.has_changes() {
        // Nothing to send; the content of pages seen for the first time
        // is recorded all the same.
        if !plan.first_seen.is_empty() {
            state.record_first_seen(&plan.first_seen);
            state.save(&state_path).map_err(failed)?;
        }
        if global.json {
            write_stdout(&format!("{}\n", json(&Applied::default())?))?;
        }
        return Ok(());
    }
    apply(global, &args, &plan, &mut state, &state_path).await
}

/// `--apply`: the plan carried out, progress on a terminal, the summary.
async fn apply(
    global: &GlobalArgs,
    args: &SyncArgs,
    plan: &Plan,
    state: &mut State,
    state_path: &std::path::Path,
) -> Result<(), CliError> {
    let concurrency = args.concurrency as usize;
    let target = connect(
        global,
        Usage::Bulk {
            adaptive: true,
            in_flight: concurrency,
        },
    )
    .await?;
    let mut signals = Signals::new()
        .map_err(|e| CliError::Usage(format!("cannot listen for Ctrl-C and SIGTERM: {e}")))?;
    let bar = (!global.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
        let bar = indicatif::ProgressBar::new(plan.changes.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut progress = {
        let bar = bar.clone();
        move |applied: &Applied| {
            if let Some(bar) = &bar {
                bar.set_position((applied.done() + applied.failed_pages()) as u64);
            }
        }
    };
    let options = ApplyOptions {
        batch_size: args.batch_size as usize,
        concurrency,
    };
    let (applied, stopped) = signals
        .drive(
            |stop| {
                wonderchat_sync::apply::apply(
                    &target.client,
                    plan,
                    state,
                    state_path,
                    &options,
                    &mut progress,
                    stop,
                )
            },
            |signal| {
                let said = format!(
                    "{}: finishing the batches under way, then writing the state",
                    signal.name()
                );
                match &bar {
                    Some(bar) => bar.println(said),
                    None => eprintln!("{said}"),
                }
            },
        )
        .await;
    let applied = applied.map_err(failed)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if global.json {
        write_stdout(&format!("{}\n", json(&applied)?))?;
    } else if !global.quiet {
        eprintln!(
            "Applied: {} added, {} refreshed, {} removed; {} failed{}.",
            applied.added,
            applied.refreshed,
            applied.removed,
            applied.failed_pages(),
            if applied.not_sent > 0 {
                format!(", {} not sent", applied.not_sent)
            } else {
                String::new()
            }
        );
        for failure in &applied.failed {
            eprintln!(
                "  {} {} pages: {}",
                failure.action.sign(),
                failure.urls.len(),
                failure.error
            );
        }
    }
    if let Some(stop) = stopped {
        return Err(CliError::Stopped(stop));
    }
    if !applied.failed.is_empty() {
        return Err(CliError::Failed(format!(
            "{} pages failed to apply; the state records what was done, so running the same \
             command again retries them",
            applied.failed_pages()
        )));
    }
    Ok(())
}

/// `--adopt`: the pages of `--urls` recorded as managed, nothing sent.
fn adopt(args: &SyncArgs, state_path: &std::path::Path) -> Result<(), CliError> {
    let _lock = StateLock::acquire(state_path).map_err(failed)?;
    let mut state = State::load(state_path, &args.chatbot_id).map_err(failed)?;
    let mut adopted = 0usize;
    for path in &args.urls {
        for url in wonderchat_sync::source::url_lines(path).map_err(usage)? {
            if let std::collections::btree_map::Entry::Vacant(entry) = state.pages.entry(url.url) {
                entry.insert(Managed {
                    added_at: chrono::Utc::now(),
                    fingerprint: None,
                    adopted: true,
                    pending: None,
                });
                adopted += 1;
            }
        }
    }
    state.save(state_path).map_err(failed)?;
    eprintln!(
        "adopted {adopted} pages into {} (removed only with --prune --prune-unmanaged)",
        state_path.display()
    );
    Ok(())
}

/// The state file when `--state` is not given: `sync/PROFILE/CHATBOT.json`
/// beside the config file (`mock` as the profile with `--mock`).
fn default_state(global: &GlobalArgs, chatbot: &str) -> Result<PathBuf, CliError> {
    Ok(sync_state_file(&sync_state_dir(global)?, chatbot))
}

fn usage(e: SyncError) -> CliError {
    CliError::Usage(crate::error::with_causes(&e))
}

fn failed(e: SyncError) -> CliError {
    CliError::Failed(crate::error::with_causes(&e))
}
