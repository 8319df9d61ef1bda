//! The tools: each one is one [`Tool`] value holding all there is to know
//! about it (name, title, description, annotations, input and output
//! schema, what it runs), in the file of the resource it is about
//! (`chat.rs`, `message.rs`, `chatlog.rs`, `chatbot.rs`, `export.rs`); a
//! file's `TOOLS` lists its own, so adding a tool touches its file only.
//!
//! Input schemas are the spec's request bodies (the generated types'
//! schemars schemas, so the spec's descriptions, enums, limits and required
//! fields) without what the server holds itself (`apiKey`,
//! `sessionCookie`), plus the tool's own fields; output schemas are the
//! SDK's result types' (the same shapes the CLI's `--json` prints).
//! `--read-only` keeps the tools annotated `readOnlyHint`, and only those.

mod chat;
mod chatbot;
mod chatlog;
mod eval;
pub(crate) mod export;
mod message;
mod period;
mod sync;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rmcp::RoleServer;
use rmcp::model::{
    CallToolResult, ContentBlock, JsonObject, ProgressNotificationParam, ToolAnnotations,
};
use rmcp::service::RequestContext;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wonderchat::low_level::operations::Operation;
use wonderchat::printable;

use super::Inner;
use super::fit::fit;

/// The request-body fields no tool takes: the server holds the secrets, and
/// a tool answers whole (never as a stream).
pub(crate) const SERVER_HELD: &[&str] = &["apiKey", "sessionCookie", "stream"];

/// The longest error text about an argument (a 1 MB value is not echoed).
const MAX_ARGUMENT_ERROR: usize = 300;

/// A finished call: structured content, the text part (what a person would
/// want to read first) and how to get more when the result is cut; or the
/// error text an agent reads.
pub(crate) type Outcome = Result<Done, String>;

/// A successful call's parts.
pub(crate) struct Done {
    /// The structured content (its shape is the output schema).
    pub(crate) value: Value,
    /// The text part's first line, or with `answers` the whole text part.
    pub(crate) summary: String,
    /// The summary alone answers: the text part is not followed by the
    /// structured content's JSON.
    pub(crate) answers: bool,
    /// How to get the rest when the result is cut to the size limit.
    pub(crate) hint: &'static str,
    /// What a cut drops last (JSON pointers).
    pub(crate) keep: &'static [&'static str],
}

impl Done {
    /// `result` as structured content, with its summary and hint.
    pub(crate) fn of(
        result: &impl serde::Serialize,
        summary: String,
        hint: &'static str,
    ) -> Outcome {
        let value =
            serde_json::to_value(result).map_err(|e| format!("cannot encode the result: {e}"))?;
        Ok(Done {
            value,
            summary,
            answers: false,
            hint,
            keep: &[],
        })
    }

    /// `result` as structured content, with `text` as the whole text part
    /// (it answers by itself); a cut drops what `keep` points at last.
    pub(crate) fn answer(
        result: &impl serde::Serialize,
        text: String,
        hint: &'static str,
        keep: &'static [&'static str],
    ) -> Outcome {
        Ok(Done {
            answers: true,
            keep,
            ..Self::of(result, text, hint)?
        })
    }
}

/// What a tool runs: its checked arguments, the server, the request.
pub(crate) type Run = for<'a> fn(
    &'a Inner,
    Arguments,
    &'a RequestContext<RoleServer>,
) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// One tool, declared once.
pub(crate) struct Tool {
    /// The name agents call it by.
    pub(crate) name: &'static str,
    /// Its title.
    pub(crate) title: &'static str,
    /// What it does, and what it cannot do, for the agent.
    pub(crate) description: &'static str,
    /// The spec's operation behind it (its `x-idempotent`, its request body).
    pub(crate) operation: Operation,
    /// It changes nothing, here or at Wonderchat (`readOnlyHint`): what
    /// `--read-only` keeps.
    pub(crate) read_only: bool,
    /// It may remove something (`destructiveHint`).
    pub(crate) destructive: bool,
    /// The schema of its arguments.
    pub(crate) input: Input,
    /// The schema of its structured content.
    pub(crate) output: fn() -> JsonObject,
    /// What it runs.
    pub(crate) run: Run,
}

/// Where a tool's arguments come from.
pub(crate) enum Input {
    /// The spec's request body `component` (its generated type's schema),
    /// less what the server holds, plus tool-only fields (`required` among
    /// them when named).
    Body {
        /// The component's name in the spec.
        component: &'static str,
        /// The generated type's schema.
        schema: fn() -> JsonObject,
        /// The tool's own fields: name, schema.
        extra: fn() -> Vec<(&'static str, Value)>,
        /// Tool-only fields that are required.
        required: &'static [&'static str],
    },
    /// A schema of the tool's own (the report's arguments).
    Own(fn() -> JsonObject),
}

impl Tool {
    /// Whether its operation may be repeated (the spec's `x-idempotent`;
    /// asking never is: each question is a new answer).
    fn idempotent(&self) -> bool {
        self.operation.idempotent && self.operation.id != "chat"
    }

    /// The JSON Schema of its arguments.
    pub(crate) fn input_schema(&self) -> JsonObject {
        concise(match &self.input {
            Input::Body {
                component,
                schema,
                extra,
                required,
            } => from_body(schema(), component, &extra(), required),
            Input::Own(schema) => {
                let mut schema = schema();
                // Flattened fields keep schemars from saying it; `arguments`
                // refuses unknown ones all the same.
                schema.insert("additionalProperties".to_owned(), Value::Bool(false));
                schema
            }
        })
    }

    /// The JSON Schema of its structured content, lean (its fields with
    /// their types and descriptions; what they hold is not spelled out, so
    /// `tools/list` stays small in an agent's context), with the
    /// `truncated` note a result cut to the size limit carries.
    pub(crate) fn output_schema(&self) -> JsonObject {
        let mut schema = lean((self.output)());
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            properties.insert("truncated".to_owned(), json!({"type": "string"}));
        }
        schema
    }

    /// The tool as `tools/list` shows it.
    pub(crate) fn listed(&self) -> rmcp::model::Tool {
        // The title is the tool's own (not repeated in the annotations).
        // Only what differs from the hints' defaults (not read-only,
        // destructive, not idempotent, open world: every tool reaches
        // Wonderchat, a service outside this machine).
        let mut annotations = ToolAnnotations::new();
        if self.read_only {
            annotations = annotations.read_only(true);
        } else if !self.destructive {
            annotations = annotations.destructive(false);
        }
        if self.idempotent() {
            annotations = annotations.idempotent(true);
        }
        rmcp::model::Tool::new(self.name, self.description, Arc::new(self.input_schema()))
            .with_title(self.title)
            .with_raw_output_schema(Arc::new(self.output_schema()))
            .with_annotations(annotations)
    }

    /// The argument names its schema declares.
    fn fields(&self) -> Vec<String> {
        self.input_schema()
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Checks `arguments` against the tool's fields (unknown and
    /// server-held ones refused) and splits off the tool-only ones.
    pub(crate) fn arguments(&self, arguments: Option<JsonObject>) -> Result<Arguments, String> {
        let mut body = arguments.unwrap_or_default();
        let fields = self.fields();
        for key in body.keys() {
            if SERVER_HELD.contains(&key.as_str()) {
                return Err(format!(
                    "`{key}` is not an argument of {}: this server holds the API key and the \
                     session cookie and sends them itself; leave it out",
                    self.name
                ));
            }
            if !fields.iter().any(|f| f == key) {
                return Err(shorten(format!(
                    "{} has no argument `{}`; its arguments are {}",
                    self.name,
                    printable(key),
                    fields.join(", ")
                )));
            }
        }
        let extra: JsonObject = fields
            .iter()
            .filter(|f| !self.operation.fields.contains(&f.as_str()))
            .filter_map(|f| body.remove(f).map(|v| (f.clone(), v)))
            .collect();
        Ok(Arguments {
            tool: self.name,
            body,
            extra,
        })
    }
}

/// A call's arguments: the request body's fields, and the tool's own.
pub(crate) struct Arguments {
    tool: &'static str,
    body: JsonObject,
    extra: JsonObject,
}

impl Arguments {
    /// The body's fields as `T` (the spec's generated request type: its
    /// limits and enums hold); `needs_key` puts a placeholder where the
    /// server's key goes (the SDK sends the real one).
    pub(crate) fn body<T: DeserializeOwned>(&self, needs_key: bool) -> Result<T, String> {
        let mut body = self.body.clone();
        if needs_key {
            body.insert(
                "apiKey".to_owned(),
                Value::String("held-by-server".to_owned()),
            );
        }
        self.decode(body)
    }

    /// All the arguments as `T` (a tool with arguments of its own).
    pub(crate) fn own<T: DeserializeOwned>(&self) -> Result<T, String> {
        let mut all = self.body.clone();
        all.extend(self.extra.clone());
        self.decode(all)
    }

    fn decode<T: DeserializeOwned>(&self, object: JsonObject) -> Result<T, String> {
        serde_path_to_error::deserialize(Value::Object(object)).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            shorten(if path == "." {
                format!("{}: {inner}", self.tool)
            } else {
                format!("{}: argument `{path}`: {inner}", self.tool)
            })
        })
    }

    /// A tool-only integer argument, within `min..=max`.
    pub(crate) fn integer(
        &self,
        name: &str,
        default: u64,
        min: u64,
        max: u64,
    ) -> Result<u64, String> {
        match self.extra.get(name) {
            None | Some(Value::Null) => Ok(default),
            Some(value) => value
                .as_u64()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| format!("argument `{name}`: an integer from {min} to {max}")),
        }
    }
}

/// Every tool, in the order they are listed.
pub(crate) fn all() -> Vec<&'static Tool> {
    [
        chat::TOOLS,
        message::TOOLS,
        chatlog::TOOLS,
        export::TOOLS,
        chatbot::TOOLS,
        sync::TOOLS,
        eval::TOOLS,
    ]
    .concat()
}

/// The tool of a name.
pub(crate) fn named(name: &str) -> Option<&'static Tool> {
    all().into_iter().find(|t| t.name == name)
}

/// The tools offered: all, less those `--read-only` hides (every tool not
/// annotated read-only, and `ask_chatbot` too unless `--allow-ask`),
/// limited to the `--tools` allow-list. (`--allow-ask` adds every tool
/// whose operation is asking: `ask_chatbot`, `run_eval`.)
pub(crate) fn offered(
    read_only: bool,
    allow_ask: bool,
    allow: Option<&[String]>,
) -> Result<Vec<&'static Tool>, String> {
    if let Some(allow) = allow {
        for name in allow {
            if named(name.trim()).is_none() {
                let known: Vec<&str> = all().iter().map(|t| t.name).collect();
                return Err(format!(
                    "--tools: there is no tool {:?}; the tools are {}",
                    printable(name),
                    known.join(", ")
                ));
            }
        }
    }
    Ok(all()
        .into_iter()
        .filter(|t| {
            !read_only || t.read_only || (allow_ask && t.operation.id == chat::ASK.operation.id)
        })
        .filter(|t| allow.is_none_or(|a| a.iter().any(|n| n.trim() == t.name)))
        .collect())
}

/// Runs `tool` with the agent's `arguments`: the result as structured
/// content plus text, or a failure (`isError`) with the error's words.
pub(crate) async fn call(
    inner: &Inner,
    tool: &'static Tool,
    arguments: Option<JsonObject>,
    context: &RequestContext<RoleServer>,
) -> CallToolResult {
    // Debug builds only: lets the tests check that a panic in a call ends
    // that call, not the server.
    #[cfg(debug_assertions)]
    if std::env::var_os("WONDERCHAT_DEBUG_PANIC_TOOL").is_some_and(|t| t == tool.name) {
        panic!("a panic asked for by WONDERCHAT_DEBUG_PANIC_TOOL");
    }
    let outcome = match tool.arguments(arguments) {
        Ok(arguments) => (tool.run)(inner, arguments, context).await,
        Err(message) => Err(message),
    };
    match outcome {
        Ok(done) => match fit(done.value, inner.max_result_size, done.hint, done.keep) {
            Some((value, json)) => {
                let text = if done.answers {
                    done.summary
                } else {
                    format!("{}\n{json}", done.summary)
                };
                let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
                result.structured_content = Some(value);
                result
            }
            None => failure(format!(
                "the result does not fit in {} bytes (--max-result-size): {}",
                inner.max_result_size, done.hint
            )),
        },
        Err(message) => failure(message),
    }
}

/// A tool result with `isError` and `message`.
pub(crate) fn failure(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

/// An SDK error as an agent reads it (key-free, with what to do).
pub(crate) fn api(err: wonderchat::Error) -> String {
    crate::error::message(&err, crate::error::Audience::Agent)
}

/// `path` as an argument names a file of the export folder: relative,
/// without `..`, with a file name (`argument` names the argument in the
/// error).
pub(crate) fn plain_relative<'p>(
    path: &'p str,
    argument: &str,
) -> Result<&'p std::path::Path, String> {
    let relative = std::path::Path::new(path);
    let plain = relative.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if !plain || relative.file_name().is_none() {
        return Err(format!(
            "argument `{argument}`: {:?} must be a file name relative to the server's export \
             folder, without `..`",
            printable(path)
        ));
    }
    Ok(relative)
}

/// `text`, at most [`MAX_ARGUMENT_ERROR`] characters, printable.
fn shorten(text: String) -> String {
    let text = printable(&text);
    if text.chars().count() <= MAX_ARGUMENT_ERROR {
        return text;
    }
    text.chars().take(MAX_ARGUMENT_ERROR).chain(['…']).collect()
}

/// MCP progress notifications when the client asked for them (a progress
/// token in the request): at the first chatlog, then at most four a second,
/// and once at the end with the total.
pub(crate) struct Progress<'a> {
    context: &'a RequestContext<RoleServer>,
    token: Option<rmcp::model::ProgressToken>,
    shown: Option<Instant>,
}

impl<'a> Progress<'a> {
    pub(crate) fn new(context: &'a RequestContext<RoleServer>) -> Self {
        Self {
            context,
            token: context.meta.get_progress_token(),
            shown: None,
        }
    }

    pub(crate) async fn tick(&mut self, chatlogs: u64) {
        if self
            .shown
            .is_some_and(|t| t.elapsed() < Duration::from_millis(250))
        {
            return;
        }
        self.shown = Some(Instant::now());
        self.send(chatlogs, None).await;
    }

    pub(crate) async fn done(&mut self, chatlogs: u64) {
        self.send(chatlogs, Some(chatlogs)).await;
    }

    async fn send(&self, chatlogs: u64, total: Option<u64>) {
        let Some(token) = &self.token else { return };
        let mut param =
            ProgressNotificationParam::new(token.clone(), chatlogs as f64).with_message(
                crate::plumbing::numbers::count(chatlogs, "chatlog read", "chatlogs read"),
            );
        if let Some(total) = total {
            param = param.with_total(total as f64);
        }
        // A client that went away is noticed by the service; not here.
        let _ = self.context.peer.notify_progress(param).await;
    }
}

/// `schema` with each property cut to its type (a type that may be null
/// is that type; one of several is left unsaid): what an agent needs to
/// read a result, in a few hundred characters.
fn lean(mut schema: JsonObject) -> JsonObject {
    schema.remove("description");
    schema.remove("required");
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for property in properties.values_mut() {
            let mut short = JsonObject::new();
            if let Some(kind) = plain_type(property) {
                short.insert("type".to_owned(), kind);
            }
            *property = Value::Object(short);
        }
    }
    schema
}

/// A schema's type without `null`: `"string"` for `["string", "null"]`.
fn plain_type(schema: &Value) -> Option<Value> {
    match schema.get("type")? {
        Value::Array(kinds) => {
            let kinds: Vec<&Value> = kinds.iter().filter(|k| *k != "null").collect();
            match kinds.as_slice() {
                [one] => Some((*one).clone()),
                _ => None,
            }
        }
        kind => Some(kind.clone()),
    }
}

/// An input schema as agents read it: no title or description of its own
/// (the tool's says it), each property's description its first sentence,
/// an optional property's type without `null` (it may be left out).
fn concise(mut schema: JsonObject) -> JsonObject {
    schema.remove("description");
    schema.remove("title");
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for property in properties.values_mut() {
            // `anyOf: [X, null]` is X.
            if let Some(Value::Array(options)) = property.get("anyOf")
                && let [one] = options
                    .iter()
                    .filter(|o| o.get("type") != Some(&json!("null")))
                    .collect::<Vec<_>>()
                    .as_slice()
                && let (Value::Object(one), Value::Object(to)) = ((*one).clone(), &mut *property)
            {
                to.remove("anyOf");
                for (key, value) in one {
                    to.entry(key).or_insert(value);
                }
            }
            if let Some(kind) = plain_type(property) {
                property["type"] = kind;
            }
            if let Value::Object(property) = property
                && property.get("default") == Some(&Value::Null)
            {
                property.remove("default");
            }
            if let Some(Value::String(text)) = property.get_mut("description") {
                *text = first_sentence(text);
            }
        }
    }
    schema
}

/// The first sentence of `text` (up to a full stop before a space or a
/// line break), or all of it.
fn first_sentence(text: &str) -> String {
    let end = text
        .match_indices(". ")
        .chain(text.match_indices(".\n"))
        .map(|(i, _)| i + 1)
        .min()
        .unwrap_or(text.len());
    text[..end].trim().to_owned()
}

/// A type's JSON Schema as one object: subschemas inlined (some clients do
/// not follow `$ref`), no `$schema` or `title`.
pub(crate) fn schema_of<T: JsonSchema>() -> JsonObject {
    let settings = schemars::r#gen::SchemaSettings::draft2019_09().with(|s| {
        s.inline_subschemas = true;
        s.meta_schema = None;
    });
    let root = settings.into_generator().into_root_schema_for::<T>();
    let Ok(Value::Object(mut schema)) = serde_json::to_value(root) else {
        unreachable!("a schemars schema is a JSON object");
    };
    schema.remove("title");
    schema.remove("definitions");
    let mut schema = Value::Object(schema);
    drop_rust_formats(&mut schema);
    let Value::Object(schema) = schema else {
        unreachable!("still an object");
    };
    schema
}

/// Removes schemars' Rust number formats (`uint64`, `double`, …), which
/// JSON Schema does not define (validators warn); `minimum: 0` stays.
fn drop_rust_formats(value: &mut Value) {
    const RUST: &[&str] = &[
        "int", "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32",
        "uint64", "uint128", "float", "double",
    ];
    match value {
        Value::Object(map) => {
            if map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| RUST.contains(&f))
            {
                map.remove("format");
            }
            map.values_mut().for_each(drop_rust_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_rust_formats),
        _ => {}
    }
}

/// The keywords of the spec's schemas that the generated types enforce but
/// their schemars derive does not show.
const LIMITS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "format",
    "minimum",
    "maximum",
];

/// The published spec, parsed once.
fn spec() -> &'static Value {
    static SPEC: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| {
        serde_json::from_str(wonderchat::low_level::spec::OPENAPI_JSON).unwrap_or(Value::Null)
    })
}

/// The spec's schema at `schema`, its `$ref` followed (one step).
fn resolve(schema: &Value) -> &Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix("#/")
            .map(|path| format!("/{path}"))
            .and_then(|pointer| spec().pointer(&pointer))
            .unwrap_or(schema),
        None => schema,
    }
}

/// Copies the spec's limits of `from` (and of its items) onto `to`.
fn add_limits(to: &mut Value, from: &Value) {
    let from = resolve(from);
    for keyword in LIMITS {
        if let (Some(limit), Value::Object(to)) = (from.get(*keyword), &mut *to) {
            to.insert((*keyword).to_owned(), limit.clone());
        }
    }
    if let (Some(items), Some(to_items)) = (from.get("items"), to.get_mut("items")) {
        add_limits(to_items, items);
    }
}

/// A request body's schema (the spec's component `component`) less the
/// server-held fields, with the spec's limits, plus `extra` tool-only
/// fields (`required` ones required); unknown arguments are refused.
fn from_body(
    mut schema: JsonObject,
    component: &str,
    extra: &[(&str, Value)],
    required: &[&str],
) -> JsonObject {
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for field in SERVER_HELD {
            properties.remove(*field);
        }
        let spec_properties = spec()
            .pointer(&format!("/components/schemas/{component}/properties"))
            .and_then(Value::as_object);
        for (name, property) in properties.iter_mut() {
            if let Some(from) = spec_properties.and_then(|p| p.get(name)) {
                add_limits(property, from);
                // A field typed by a named schema (`urls`: PageUrls) takes
                // that schema's description.
                if let (Some(text), Value::Object(property)) =
                    (resolve(from).get("description"), &mut *property)
                {
                    property
                        .entry("description")
                        .or_insert_with(|| text.clone());
                }
            }
        }
        for (name, field) in extra {
            properties.insert((*name).to_owned(), field.clone());
        }
    }
    let mut all_required: Vec<Value> = match schema.remove("required") {
        Some(Value::Array(names)) => names
            .into_iter()
            .filter(|f| f.as_str().is_none_or(|f| !SERVER_HELD.contains(&f)))
            .collect(),
        _ => Vec::new(),
    };
    all_required.extend(required.iter().map(|name| json!(name)));
    if !all_required.is_empty() {
        schema.insert("required".to_owned(), Value::Array(all_required));
    }
    schema.insert("additionalProperties".to_owned(), Value::Bool(false));
    schema
}

#[cfg(test)]
mod tests;
