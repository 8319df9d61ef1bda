//! Renders the spec as one static HTML page (`docs/reference.html`): no
//! scripts, no external assets, so it works offline and the mock can serve
//! it at `GET /docs`.

use std::fmt::Write;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

/// The page for `spec`.
pub fn render(spec: &OpenAPI) -> String {
    let mut page = Page {
        spec,
        html: String::new(),
    };
    page.document();
    page.html
}

struct Page<'a> {
    spec: &'a OpenAPI,
    html: String,
}

impl Page<'_> {
    fn push(&mut self, text: &str) {
        self.html.push_str(text);
    }

    fn document(&mut self) {
        let info = &self.spec.info;
        let title = escape(&info.title);
        self.push(&format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title} — API reference</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        ));
        self.push(&format!(
            "<header>\n<h1>{title}</h1>\n<p class=\"version\">version {} · OpenAPI {}</p>\n",
            escape(&info.version),
            escape(&self.spec.openapi)
        ));
        if let Some(description) = &info.description {
            self.push(&markdown(description));
        }
        for server in &self.spec.servers {
            self.push(&format!(
                "<p>Server: <code>{}</code>{}</p>\n",
                escape(&server.url),
                server
                    .description
                    .as_deref()
                    .map(|d| format!(" — {}", escape(d)))
                    .unwrap_or_default()
            ));
        }
        self.push("</header>\n");
        for (path, item) in &self.spec.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, operation) in item.iter() {
                self.operation(method, path, operation);
            }
        }
        self.schemas();
        self.push(
            "<footer>Generated from <code>openapi/wonderchat.yaml</code> by \
             <code>cargo xtask codegen</code>.</footer>\n</main>\n</body>\n</html>\n",
        );
    }

    fn operation(&mut self, method: &str, path: &str, operation: &openapiv3::Operation) {
        let id = operation.operation_id.as_deref().unwrap_or(path);
        self.push(&format!(
            "<section class=\"operation\" id=\"{}\">\n<h2><span class=\"method\">{}</span> <code>{}</code></h2>\n",
            escape(id),
            method.to_uppercase(),
            escape(path)
        ));
        if let Some(summary) = &operation.summary {
            self.push(&format!("<p class=\"summary\">{}</p>\n", escape(summary)));
        }
        self.push(&format!(
            "<p>Operation id: <code>{}</code></p>\n",
            escape(id)
        ));
        if let Some(description) = &operation.description {
            self.push(&markdown(description));
        }
        if let Some(ReferenceOr::Item(body)) = &operation.request_body {
            self.push("<h3>Request body <small>application/json</small></h3>\n");
            if let Some(media) = body.content.get("application/json") {
                if let Some(schema) = &media.schema {
                    self.fields(schema);
                }
                for (name, example) in &media.examples {
                    if let ReferenceOr::Item(example) = example {
                        let label = example.summary.as_deref().unwrap_or(name);
                        self.example(label, example.value.as_ref());
                    }
                }
            }
        }
        self.push("<h3>Responses</h3>\n");
        for (status, response) in &operation.responses.responses {
            let response = match response {
                ReferenceOr::Item(response) => response,
                ReferenceOr::Reference { reference } => {
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    match self
                        .spec
                        .components
                        .as_ref()
                        .and_then(|c| c.responses.get(name))
                    {
                        Some(ReferenceOr::Item(response)) => response,
                        _ => continue,
                    }
                }
            };
            self.push(&format!(
                "<div class=\"response\">\n<h4>{}</h4>\n{}",
                escape(&status.to_string()),
                markdown(&response.description)
            ));
            for name in response.headers.keys() {
                self.push(&format!("<p>Header: <code>{}</code></p>\n", escape(name)));
            }
            if let Some(media) = response.content.get("application/json") {
                if let Some(schema) = &media.schema {
                    self.fields(schema);
                }
                if media.example.is_some() {
                    self.example("Example", media.example.as_ref());
                }
                for (name, example) in &media.examples {
                    if let ReferenceOr::Item(example) = example {
                        let label = example.summary.as_deref().unwrap_or(name);
                        self.example(label, example.value.as_ref());
                    }
                }
            }
            self.push("</div>\n");
        }
        self.push("</section>\n");
    }

    /// A table of an object's fields (resolving a `$ref` to it).
    fn fields(&mut self, schema: &ReferenceOr<Schema>) {
        let spec = self.spec;
        let (name, schema) = resolve(spec, schema);
        let Some(schema) = schema else { return };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return;
        };
        if let Some(name) = name {
            self.push(&format!(
                "<p>Schema: <a href=\"#schema-{0}\"><code>{0}</code></a></p>\n",
                escape(name)
            ));
        }
        self.push("<table>\n<thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr></thead>\n<tbody>\n");
        for (field, property) in &object.properties {
            let (ty, description) = self.describe(&property.clone().unbox());
            let required = if object.required.contains(field) {
                "yes"
            } else {
                "no"
            };
            self.push(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{required}</td><td>{}</td></tr>\n",
                escape(field),
                ty,
                markdown(&description).trim_end()
            ));
        }
        self.push("</tbody>\n</table>\n");
    }

    fn example(&mut self, label: &str, value: Option<&serde_json::Value>) {
        let Some(value) = value else { return };
        let json = serde_json::to_string_pretty(value).unwrap_or_default();
        self.push(&format!(
            "<p class=\"example-label\">{}</p>\n<pre><code>{}</code></pre>\n",
            escape(label),
            escape(&json)
        ));
    }

    /// The type (as HTML) and description of a property.
    fn describe(&self, schema: &ReferenceOr<Schema>) -> (String, String) {
        let (name, resolved) = resolve(self.spec, schema);
        let Some(resolved) = resolved else {
            return ("?".into(), String::new());
        };
        let description = resolved.schema_data.description.clone().unwrap_or_default();
        let mut ty = match &resolved.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let mut ty = "string".to_owned();
                if let openapiv3::VariantOrUnknownOrEmpty::Item(format) = &s.format {
                    let _ = write!(
                        ty,
                        " ({})",
                        format!("{format:?}")
                            .to_lowercase()
                            .replace("datetime", "date-time")
                    );
                }
                if !s.enumeration.is_empty() {
                    let values: Vec<String> = s
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| format!("<code>{}</code>", escape(v)))
                        .collect();
                    let _ = write!(ty, ": {}", values.join(" | "));
                }
                if let Some(min) = s.min_length {
                    let _ = write!(ty, ", min length {min}");
                }
                ty
            }
            SchemaKind::Type(Type::Boolean(_)) => "boolean".into(),
            SchemaKind::Type(Type::Integer(_)) => "integer".into(),
            SchemaKind::Type(Type::Number(_)) => "number".into(),
            SchemaKind::Type(Type::Object(_)) => "object".into(),
            SchemaKind::Type(Type::Array(_)) => "array".into(),
            _ => "any".into(),
        };
        if let Some(name) = name {
            ty = format!("<a href=\"#schema-{0}\">{0}</a>: {ty}", escape(name));
        }
        (ty, description)
    }

    fn schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        self.push("<section id=\"schemas\">\n<h2>Schemas</h2>\n");
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(item) = schema else {
                continue;
            };
            self.push(&format!(
                "<div class=\"schema\" id=\"schema-{0}\">\n<h3><code>{0}</code></h3>\n",
                escape(name)
            ));
            if let Some(description) = &item.schema_data.description {
                self.push(&markdown(description));
            }
            match &item.schema_kind {
                SchemaKind::Type(Type::Object(_)) => self.fields(schema),
                _ => {
                    let (ty, _) = self.describe(&ReferenceOr::Item(item.clone()));
                    self.push(&format!("<p>Type: {ty}</p>\n"));
                }
            }
            self.push("</div>\n");
        }
        self.push("</section>\n");
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1f24;margin:0;background:#f6f7f9}\
main{max-width:960px;margin:0 auto;padding:2rem 1.5rem;background:#fff}\
h1{margin-top:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}\
code{font-family:ui-monospace,monospace;font-size:.92em;background:#eff1f3;padding:.1em .3em;border-radius:4px}\
pre{background:#0d1117;color:#e6edf3;padding:1rem;border-radius:6px;overflow:auto}pre code{background:none;padding:0}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}.method{background:#1f883d;color:#fff;border-radius:4px;padding:.1rem .5rem;font-size:.8em}\
.version{color:#59636e}.response{border-left:3px solid #d0d7de;padding-left:1rem;margin:1rem 0}\
.example-label{font-weight:600;margin-bottom:0}footer{margin-top:3rem;color:#59636e;font-size:.9em}";

/// Follows a `#/components/schemas/X` reference.
fn resolve<'s>(
    spec: &'s OpenAPI,
    schema: &'s ReferenceOr<Schema>,
) -> (Option<&'s str>, Option<&'s Schema>) {
    match schema {
        ReferenceOr::Item(schema) => (None, Some(schema)),
        ReferenceOr::Reference { reference } => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            let schema = spec
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(name))
                .and_then(|s| s.as_item());
            (Some(name), schema)
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Paragraphs and `-` lists, with inline `code` and **bold**.
fn markdown(text: &str) -> String {
    let mut html = String::new();
    for block in text.trim().split("\n\n") {
        let lines: Vec<&str> = block.lines().map(str::trim).collect();
        if lines.iter().all(|l| l.starts_with("- ")) {
            html.push_str("<ul>\n");
            for line in lines {
                let _ = writeln!(html, "<li>{}</li>", markdown_inline(&line[2..]));
            }
            html.push_str("</ul>\n");
        } else {
            let _ = writeln!(html, "<p>{}</p>", markdown_inline(&lines.join(" ")));
        }
    }
    html
}

fn markdown_inline(text: &str) -> String {
    let mut html = String::new();
    for (i, part) in escape(text.trim()).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(html, "<code>{part}</code>");
        } else {
            for (j, piece) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(html, "<strong>{piece}</strong>");
                } else {
                    html.push_str(piece);
                }
            }
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markdown_and_escaping() {
        assert_eq!(
            markdown_inline("use `a<b>` and **this**"),
            "use <code>a&lt;b&gt;</code> and <strong>this</strong>"
        );
        assert_eq!(
            markdown("one\ntwo\n\n- a\n- `b`"),
            "<p>one two</p>\n<ul>\n<li>a</li>\n<li><code>b</code></li>\n</ul>\n"
        );
    }

    #[test]
    fn the_page_shows_the_operation_every_field_and_every_status() {
        let root = crate::workspace_root();
        let yaml = std::fs::read_to_string(root.join(crate::codegen::SPEC_YAML)).unwrap();
        let spec: OpenAPI = serde_yaml::from_str(&yaml).unwrap();
        let html = render(&spec);
        for needle in [
            "<code>/api/v1/update-message-feedback</code>",
            "<code>updateMessageFeedback</code>",
            "<code>apiKey</code>",
            "<code>messageId</code>",
            "<code>userComment</code>",
            "<code>wasUpdated</code>",
            "<code>feedbackType</code>",
            "<code>submittedAt</code>",
            "<code>HELPFUL</code> | <code>NOT_HELPFUL</code>",
            "string (date-time)",
            "<h4>429</h4>",
            "clm1n0vvs000008l43ez2bxyz",
        ] {
            assert!(html.contains(needle), "missing {needle}");
        }
        assert!(!html.contains("<script"), "no scripts");
        assert!(!html.contains("src=\"http"), "no external assets");
    }
}
