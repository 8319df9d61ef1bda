//! The integration tests of `wonderchat-mock`, one binary (one link step) with a
//! module per area.

mod http;
