//! What the commands stand on: reaching the API (`connect.rs`, from the
//! settings of `profile.rs`), files (`files.rs`), what is written for people
//! and programs (`output.rs`, `numbers.rs`, `logs.rs`), signals and panics.
//! Nothing here knows a command.

pub(crate) mod connect;
pub(crate) mod files;
pub(crate) mod logs;
pub(crate) mod numbers;
pub(crate) mod output;
pub(crate) mod panics;
pub(crate) mod profile;
pub(crate) mod signals;
