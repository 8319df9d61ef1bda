//! The project's OpenAPI documents, embedded at build time and served by
//! the mock at `GET /openapi.yaml` and `GET /openapi.json`.

/// The hand-written spec, `openapi/wonderchat.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../../../openapi/wonderchat.yaml");

/// Its JSON form, `openapi/wonderchat.json` (written by `cargo xtask codegen`).
pub const OPENAPI_JSON: &str = include_str!("../../../openapi/wonderchat.json");

/// The HTML API reference, `docs/reference.html` (written by `cargo xtask codegen`).
pub const REFERENCE_HTML: &str = include_str!("../../../docs/reference.html");
