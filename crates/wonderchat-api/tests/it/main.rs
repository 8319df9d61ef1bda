//! The integration tests of `wonderchat-api`, one binary (one link step) with a
//! module per area.

mod call_context;
mod generated_surface;
mod spec_schemas;
