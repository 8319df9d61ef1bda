//! `cargo xtask codegen`: turns the hand-written spec into the generated
//! client crate (`crates/wonderchat-api/src/generated.rs`), the published
//! JSON copy of the spec (`openapi/wonderchat.json`) and the HTML reference
//! (`docs/reference.html`).

use std::path::{Path, PathBuf};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle, TypeImpl};
use quote::quote;

/// The hand-written spec, relative to the workspace root.
pub(crate) const SPEC_YAML: &str = "openapi/wonderchat.yaml";
/// The published JSON form of the spec.
pub(crate) const SPEC_JSON: &str = "openapi/wonderchat.json";
/// The generated client code.
pub(crate) const GENERATED_RS: &str = "crates/wonderchat-api/src/generated.rs";
/// The static HTML API reference (served by the mock at `GET /docs`).
pub(crate) const REFERENCE_HTML: &str = "docs/reference.html";

/// The first line of every generated file.
const HEADER: &str = "// @generated from openapi/wonderchat.yaml by `cargo xtask codegen`. Do not edit by hand:\n\
// change the spec or xtask/src/codegen.rs, then run `cargo xtask codegen`.\n";

/// One generated file: where it goes and what it holds.
pub(crate) struct Output {
    /// Path relative to the workspace root.
    pub path: &'static str,
    /// Full contents.
    pub contents: String,
}

/// Generates every output in memory.
pub(crate) fn generate(root: &Path) -> Result<Vec<Output>, String> {
    let yaml_path = root.join(SPEC_YAML);
    let yaml = std::fs::read_to_string(&yaml_path)
        .map_err(|e| format!("cannot read {}: {e}", yaml_path.display()))?;
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&yaml)
        .map_err(|e| format!("{SPEC_YAML} is not a valid OpenAPI 3.0 document: {e}"))?;
    Ok(vec![
        Output {
            path: GENERATED_RS,
            contents: generate_client(&spec)?,
        },
        Output {
            path: SPEC_JSON,
            contents: generate_json(&spec)?,
        },
        Output {
            path: REFERENCE_HTML,
            contents: crate::reference::render(&spec),
        },
    ])
}

/// The progenitor settings; ARCHITECTURE.md explains each choice.
fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        // Builder style reads well for optional fields and survives new ones.
        .with_interface(InterfaceStyle::Builder)
        // One tag: methods go straight on `Client`, no extension trait to import.
        .with_tag(TagStyle::Merged)
        // Per-call context: the hand-written `ClientHooks::exec` of
        // `context.rs` bounds and scrubs each answer's body and records its
        // status, which progenitor's `InvalidResponsePayload` does not keep.
        .with_inner_type(quote!(crate::CallContext))
        // Value comparisons in tests and user code; JSON Schema so tests can
        // prove the Rust types agree with the published spec.
        .with_derive("PartialEq")
        .with_derive("schemars::JsonSchema")
        // The key travels in the body: a hand-written type whose Debug redacts it.
        .with_replacement("ApiKey", "crate::ApiKey", [TypeImpl::Display].into_iter())
        .with_replacement(
            "SessionCookie",
            "crate::SessionCookie",
            [TypeImpl::Display].into_iter(),
        );
    settings
}

fn generate_client(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let mut generator = Generator::new(&settings());
    let tokens = generator
        .generate_tokens(spec)
        .map_err(|e| format!("progenitor cannot generate a client from {SPEC_YAML}: {e}"))?;
    let operations = operations_table(spec)?;
    let tokens = quote! {
        #tokens
        #operations
    };
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("progenitor produced code that does not parse: {e}"))?;
    Ok(format!("{HEADER}\n{}", prettyplease::unparse(&file)))
}

/// What progenitor does not expose of each operation: its path (for the
/// mock's routes and the streamed chat request), `x-idempotent` (the
/// engine's retry class) and `x-resource` (what it is about). A `pub mod
/// operations` after the client, with an `OperationId` enum (a `match` on
/// it does not build until a new operation is placed) and a `Resource`
/// enum of the spec's resource kinds.
fn operations_table(spec: &openapiv3::OpenAPI) -> Result<proc_macro2::TokenStream, String> {
    let mut consts = Vec::new();
    let mut names = Vec::new();
    let mut variants = Vec::new();
    let mut resources: Vec<String> = Vec::new();
    for (path, item) in spec.paths.iter() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            return Err(format!("{path}: path references are not supported"));
        };
        for (_, operation) in item.iter() {
            let id = operation
                .operation_id
                .as_deref()
                .ok_or_else(|| format!("{path}: every operation needs an operationId"))?;
            let idempotent = match operation.extensions.get("x-idempotent") {
                Some(serde_json::Value::Bool(b)) => *b,
                _ => return Err(format!("{id}: x-idempotent (true or false) is required")),
            };
            let resource = match operation.extensions.get("x-resource") {
                Some(serde_json::Value::String(r))
                    if !r.is_empty() && r.chars().all(|c| c.is_ascii_lowercase()) =>
                {
                    r.clone()
                }
                _ => {
                    return Err(format!(
                        "{id}: x-resource (what it is about, a lower-case word: chatbot, \
                         chatlog, message) is required"
                    ));
                }
            };
            if !resources.contains(&resource) {
                resources.push(resource.clone());
            }
            let (required, fields) =
                request_fields(spec, operation).map_err(|e| format!("{id}: {e}"))?;
            let name = quote::format_ident!("{}", screaming_snake(id));
            let variant = quote::format_ident!("{}", upper_camel(id));
            let resource_variant = quote::format_ident!("{}", upper_camel(&resource));
            let doc = format!("`{id}`: `POST {path}`.");
            consts.push(quote! {
                #[doc = #doc]
                pub const #name: Operation = Operation {
                    operation: OperationId::#variant,
                    id: #id,
                    path: #path,
                    idempotent: #idempotent,
                    resource: Resource::#resource_variant,
                    required: &[#(#required),*],
                    fields: &[#(#fields),*],
                };
            });
            variants.push((variant, name.clone(), id.to_owned()));
            names.push(name);
        }
    }
    let count = variants.len();
    let variant_docs: Vec<String> = variants
        .iter()
        .map(|(_, _, id)| format!("`{id}`."))
        .collect();
    let variant_names: Vec<&proc_macro2::Ident> = variants.iter().map(|(v, _, _)| v).collect();
    let variant_consts: Vec<&proc_macro2::Ident> = variants.iter().map(|(_, c, _)| c).collect();
    let resource_variants: Vec<proc_macro2::Ident> = resources
        .iter()
        .map(|r| quote::format_ident!("{}", upper_camel(r)))
        .collect();
    let resource_docs: Vec<String> = resources
        .iter()
        .map(|r| format!("`x-resource: {r}`."))
        .collect();
    Ok(quote! {
        /// Every operation of the spec, in its order, with what the generated
        /// client does not expose.
        pub mod operations {
            /// One operation of the spec.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub struct Operation {
                /// Which one (for an exhaustive `match`).
                pub operation: OperationId,
                /// The `operationId`.
                pub id: &'static str,
                /// The path, relative to the base URL.
                pub path: &'static str,
                /// `x-idempotent`: whether sending it twice leaves the same state.
                pub idempotent: bool,
                /// `x-resource`: what it is about.
                pub resource: Resource,
                /// The request body's required fields, but `apiKey`.
                pub required: &'static [&'static str],
                /// All the request body's fields, but `apiKey`, in the spec's order.
                pub fields: &'static [&'static str],
            }
            /// The operations of the spec, by name: a `match` on it does not
            /// build until a new operation of the spec is handled.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum OperationId {
                #(#[doc = #variant_docs] #variant_names,)*
            }
            impl OperationId {
                /// Every operation, in the spec's order.
                pub const ALL: [OperationId; #count] = [#(OperationId::#variant_names),*];

                /// Its entry of the table.
                pub const fn operation(self) -> Operation {
                    match self {
                        #(OperationId::#variant_names => #variant_consts,)*
                    }
                }
            }
            /// What an operation is about (the spec's `x-resource` values):
            /// what a 404 did not find.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum Resource {
                #(#[doc = #resource_docs] #resource_variants,)*
            }
            impl Resource {
                /// The spec's name of it (`chatlog`).
                pub const fn as_str(self) -> &'static str {
                    match self {
                        #(Resource::#resource_variants => #resources,)*
                    }
                }
            }
            impl ::std::fmt::Display for Resource {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.pad(self.as_str())
                }
            }
            #(#consts)*
            /// All of them.
            pub const ALL: &[Operation] = &[#(#names),*];
        }
    })
}

/// The required and all properties of an operation's JSON request body
/// (its `$ref`'d schema), without `apiKey`, which every client supplies.
fn request_fields(
    spec: &openapiv3::OpenAPI,
    operation: &openapiv3::Operation,
) -> Result<(Vec<String>, Vec<String>), String> {
    let Some(openapiv3::ReferenceOr::Item(body)) = &operation.request_body else {
        return Err("a request body (not a reference) is required".into());
    };
    let schema = body
        .content
        .get("application/json")
        .and_then(|media| media.schema.as_ref())
        .ok_or("an application/json request schema is required")?;
    let schema = match schema {
        openapiv3::ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/schemas/")
                .ok_or_else(|| format!("{reference}: only component schemas are supported"))?;
            match spec.components.as_ref().and_then(|c| c.schemas.get(name)) {
                Some(openapiv3::ReferenceOr::Item(schema)) => schema,
                _ => return Err(format!("{reference}: not found")),
            }
        }
        openapiv3::ReferenceOr::Item(schema) => schema,
    };
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        return Err("the request schema must be an object".into());
    };
    let but_key = |names: &mut dyn Iterator<Item = &String>| {
        names.filter(|field| *field != "apiKey").cloned().collect()
    };
    Ok((
        but_key(&mut object.required.iter()),
        but_key(&mut object.properties.keys()),
    ))
}

/// `updateMessageFeedback` → `UpdateMessageFeedback`, `chatlog` → `Chatlog`.
fn upper_camel(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// `updateMessageFeedback` → `UPDATE_MESSAGE_FEEDBACK`.
fn screaming_snake(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn generate_json(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let json = serde_json::to_string_pretty(spec)
        .map_err(|e| format!("cannot write the spec as JSON: {e}"))?;
    Ok(format!("{json}\n"))
}

/// `cargo xtask codegen`: writes every output that changed.
pub(crate) fn write(root: &Path) -> Result<(), String> {
    for output in generate(root)? {
        let path = root.join(output.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(output.contents.as_str()) {
            println!("unchanged {}", output.path);
            continue;
        }
        std::fs::write(&path, &output.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote     {}", output.path);
    }
    Ok(())
}

/// `cargo xtask codegen --check`: fails, naming each stale file and
/// printing a unified diff of what regenerating would change.
pub(crate) fn check(root: &Path) -> Result<(), String> {
    let mut stale = Vec::new();
    for output in generate(root)? {
        let on_disk = std::fs::read_to_string(root.join(output.path)).unwrap_or_default();
        if on_disk != output.contents {
            let diff = similar::TextDiff::from_lines(&on_disk, &output.contents);
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(output.path, &format!("{} (regenerated)", output.path))
            );
            stale.push(PathBuf::from(output.path));
        }
    }
    if stale.is_empty() {
        println!("generated files are up to date with {SPEC_YAML}");
        return Ok(());
    }
    Err(stale_message(&stale))
}

/// The outputs whose file on disk differs from what the spec generates now.
#[cfg(test)]
pub(crate) fn stale_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(generate(root)?
        .into_iter()
        .filter(|o| {
            std::fs::read_to_string(root.join(o.path)).ok().as_deref() != Some(o.contents.as_str())
        })
        .map(|o| PathBuf::from(o.path))
        .collect())
}

/// The message for stale outputs: which files, and the command that fixes them.
pub(crate) fn stale_message(stale: &[PathBuf]) -> String {
    let names: Vec<String> = stale.iter().map(|p| p.display().to_string()).collect();
    format!(
        "stale generated file(s): {} — they no longer match {SPEC_YAML}. \
         Run `cargo xtask codegen` and commit the result.",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stale generated crate fails `cargo test` just as it fails CI.
    #[test]
    fn generated_files_are_up_to_date() {
        let root = crate::workspace_root();
        let stale = stale_files(&root).expect("the spec generates");
        assert!(stale.is_empty(), "{}", stale_message(&stale));
    }

    /// Changing the spec changes the generated code: the check is not vacuous.
    #[test]
    fn a_new_spec_field_changes_the_generated_code() {
        let root = crate::workspace_root();
        let yaml = std::fs::read_to_string(root.join(SPEC_YAML)).unwrap();
        let mut spec: openapiv3::OpenAPI = serde_yaml::from_str(&yaml).unwrap();
        let before = generate_client(&spec).unwrap();
        let openapiv3::ReferenceOr::Item(schema) = spec
            .components
            .as_mut()
            .unwrap()
            .schemas
            .get_mut("UpdateMessageFeedbackRequest")
            .unwrap()
        else {
            panic!("request schema is inline");
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &mut schema.schema_kind
        else {
            panic!("request schema is not an object");
        };
        object.properties.insert(
            "channel".into(),
            openapiv3::ReferenceOr::Item(Box::new(openapiv3::Schema {
                schema_data: Default::default(),
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(
                    Default::default(),
                )),
            })),
        );
        let after = generate_client(&spec).unwrap();
        assert_ne!(before, after);
        assert!(after.contains("pub channel: ::std::option::Option<::std::string::String>"));
    }

    #[test]
    fn generated_code_starts_with_the_do_not_edit_line() {
        let root = crate::workspace_root();
        let text = std::fs::read_to_string(root.join(GENERATED_RS)).unwrap();
        assert!(text.starts_with(
            "// @generated from openapi/wonderchat.yaml by `cargo xtask codegen`. Do not edit"
        ));
    }
}
