//! The project's OpenAPI documents and API reference, served by the mock at
//! `GET /openapi.yaml`, `GET /openapi.json` and `GET /docs`.

pub use wonderchat_api::spec::{OPENAPI_JSON, OPENAPI_YAML};

/// The HTML API reference, `docs/reference.html` (written by `cargo xtask codegen`;
/// `assets/reference.html` in this crate links to it).
pub const REFERENCE_HTML: &str = include_str!("../assets/reference.html");
