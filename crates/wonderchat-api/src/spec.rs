//! The OpenAPI documents this crate is generated from, embedded so that the
//! mock can serve them and tests can read them from the packaged crate too.
//! (`openapi/` in this crate links to the workspace's `openapi/` folder, the
//! one source of truth; `cargo package` copies the files in.)

/// The hand-written spec, `openapi/wonderchat.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../openapi/wonderchat.yaml");

/// Its JSON form, `openapi/wonderchat.json` (written by `cargo xtask codegen`).
pub const OPENAPI_JSON: &str = include_str!("../openapi/wonderchat.json");
