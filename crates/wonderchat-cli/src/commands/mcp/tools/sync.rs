//! `plan_pages_sync`: the plan of `wonderchat pages sync` for a sitemap
//! address, against the state this profile keeps for the chatbot. Read
//! only: applying a plan stays a person's step (`pages sync --apply`).

use schemars::JsonSchema;
use serde::Deserialize;
use wonderchat::low_level::operations;
use wonderchat::printable;
use wonderchat_sync::fetch::{FetchOptions, Fetcher};
use wonderchat_sync::plan::{Plan, PlanOptions};
use wonderchat_sync::source::{Filters, Source, page_url};
use wonderchat_sync::state::State;

use super::{Arguments, Done, Input, Outcome, Tool, schema_of};
use crate::commands::mcp::Inner;
use crate::plumbing::profile::sync_state_file;

/// `plan_pages_sync`.
pub(super) const PLAN_SYNC: Tool = Tool {
    name: "plan_pages_sync",
    title: "Plan a knowledge-base sync",
    description: "What `wonderchat pages sync --apply` would change on a chatbot for a \
                  sitemap: pages to add, refresh or remove, and why. Changes nothing.",
    operation: operations::ADD_PAGES,
    read_only: true,
    destructive: false,
    input: Input::Own(schema_of::<SyncInput>),
    output: schema_of::<Plan>,
    run: |inner, arguments, _| Box::pin(plan_sync(inner, arguments)),
};

/// `plan_pages_sync`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SyncInput {
    /// The chatbot.
    chatbot_id: String,
    /// The sitemap's http(s) address.
    sitemap: String,
    /// Also plan removals.
    #[serde(default)]
    prune: bool,
    /// Compare sitemap dates only.
    #[serde(default)]
    no_fetch: bool,
}

/// The most changes the text part lists.
const LISTED: usize = 20;

async fn plan_sync(inner: &Inner, arguments: Arguments) -> Outcome {
    let input: SyncInput = arguments.own()?;
    // An address only: an agent never has this machine's files read.
    page_url(&input.sitemap).map_err(|e| format!("argument `sitemap`: {e}"))?;
    let dir = inner
        .sync_states
        .as_deref()
        .ok_or("this server has no place for sync states (no home folder is set)")?;
    let state_path = sync_state_file(dir, &input.chatbot_id);
    let said = |e: wonderchat_sync::SyncError| printable(&crate::error::with_causes(&e));
    let state = State::load(&state_path, &input.chatbot_id).map_err(said)?;
    let fetcher = Fetcher::new(FetchOptions::default()).map_err(said)?;
    let sources = [Source::Sitemap(input.sitemap.clone())];
    let loaded = wonderchat_sync::source::load(&sources, &Filters::default(), &fetcher)
        .await
        .map_err(said)?;
    let options = PlanOptions {
        no_fetch: input.no_fetch,
        prune: input.prune,
        prune_unmanaged: false,
        max_deletes: usize::MAX,
    };
    let plan = wonderchat_sync::plan::plan(loaded, &state, &options, &fetcher)
        .await
        .map_err(said)?;
    let mut text = plan.summary_line();
    for change in plan.changes.iter().take(LISTED) {
        text.push_str(&format!(
            "\n{} {} ({})",
            change.action.sign(),
            printable(&change.url),
            change.reason
        ));
    }
    if plan.changes.len() > LISTED {
        text.push_str(&format!("\n… and {} more", plan.changes.len() - LISTED));
    }
    if plan.has_changes() {
        text.push_str(&format!(
            "\nTo apply: wonderchat pages sync {} --sitemap {}{} --apply",
            shlex::try_quote(&input.chatbot_id).unwrap_or_default(),
            shlex::try_quote(&input.sitemap).unwrap_or_default(),
            if input.prune { " --prune" } else { "" }
        ));
    }
    Done::answer(
        &plan,
        text,
        "The plan was cut: run `wonderchat pages sync … --plan --json` for all of it.",
        &[],
    )
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&PLAN_SYNC];
