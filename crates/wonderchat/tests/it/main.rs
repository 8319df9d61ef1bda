//! The integration tests of `wonderchat`, one binary (one link step) with a
//! module per area.

mod common;

mod against_mock;
mod concurrency;
mod fuzz_responses;
mod hostile;
mod retries;
mod tls;
mod whole_api;
mod wire;
mod wire_all;
