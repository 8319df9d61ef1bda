//! `wonderchat pages sync`'s library: keeps a chatbot's knowledge base in
//! step with a sitemap, a URL list or a docs folder.
//!
//! - [`source`]: where the pages come from (sitemaps, URL files, folders)
//!   and `--include`/`--exclude`;
//! - [`fetch`]: fetching sitemaps and pages from the docs site (bounded,
//!   same-host redirects, `robots.txt`), never with the Wonderchat key;
//! - [`state`]: the versioned state file of what sync manages;
//! - [`plan`]: adds, refreshes and removals with their reasons;
//! - [`apply`]: carrying a plan out in batches, the state written as it goes,
//!   so that a killed apply and a re-run converge.
//!
//! The CLI (`pages sync`) and the MCP tool (`plan_pages_sync`) are its two
//! front ends.

#![forbid(unsafe_code)]

pub mod apply;
mod error;
pub mod fetch;
pub mod plan;
pub mod source;
pub mod state;

pub use error::SyncError;
