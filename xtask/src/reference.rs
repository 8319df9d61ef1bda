//! Renders the spec as one static HTML page (`docs/reference.html`): no
//! scripts, no external assets, so it works offline and the mock can serve
//! it at `GET /docs`. The page is `templates/reference.html` (minijinja,
//! HTML auto-escaping); Markdown descriptions go through pulldown-cmark.
//! This module only gathers what the template shows.

use minijinja::{Environment, ErrorKind, Value, context};
use openapiv3::{
    MediaType, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use pulldown_cmark_escape::FmtWriter;
use serde::Serialize;

const TEMPLATE: &str = include_str!("../templates/reference.html");

/// The page for `spec`.
pub(crate) fn render(spec: &OpenAPI) -> String {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    // HTML-escape like pulldown-cmark does (`<>&"`, not `/`), so the page's
    // source stays readable; Markdown arrives as safe, pre-rendered HTML.
    env.set_formatter(|out, _state, value| {
        let written = if value.is_safe() {
            write!(out, "{value}")
        } else if value.is_none() || value.is_undefined() {
            Ok(())
        } else {
            pulldown_cmark_escape::escape_html(FmtWriter(out), &value.to_string())
        };
        written.map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write the page"))
    });
    env.add_template("reference.html", TEMPLATE)
        .expect("the reference template parses");
    let info = &spec.info;
    let servers: Vec<_> = spec
        .servers
        .iter()
        .map(|s| context! { url => s.url, description => s.description })
        .collect();
    let operations: Vec<_> = spec
        .paths
        .paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)))
        .flat_map(|(path, item)| {
            item.iter()
                .map(move |(method, op)| operation(spec, method, path, op))
        })
        .collect();
    let schemas: Vec<_> = spec
        .components
        .iter()
        .flat_map(|c| &c.schemas)
        .filter_map(|(name, schema)| {
            let item = schema.as_item()?;
            let is_object = matches!(item.schema_kind, SchemaKind::Type(Type::Object(_)));
            Some(context! {
                name,
                description => markdown(item.schema_data.description.as_deref()),
                fields => is_object.then(|| fields(spec, schema)).flatten(),
                type => describe(spec, &ReferenceOr::Item(item.clone())).0,
            })
        })
        .collect();
    env.get_template("reference.html")
        .and_then(|t| {
            t.render(context! {
                title => info.title,
                version => info.version,
                openapi => spec.openapi,
                description => markdown(info.description.as_deref()),
                servers,
                operations,
                schemas,
            })
        })
        .expect("the reference template renders")
}

fn operation(spec: &OpenAPI, method: &str, path: &str, op: &openapiv3::Operation) -> Value {
    let request = op
        .request_body
        .as_ref()
        .and_then(|body| body.as_item())
        .and_then(|body| body.content.get("application/json"))
        .map(|media| {
            context! {
                fields => media.schema.as_ref().and_then(|s| fields(spec, s)),
                examples => examples(media),
            }
        });
    let responses: Vec<_> = op
        .responses
        .responses
        .iter()
        .filter_map(|(status, response)| {
            let response = match response {
                ReferenceOr::Item(response) => response,
                ReferenceOr::Reference { reference } => spec
                    .components
                    .as_ref()?
                    .responses
                    .get(reference.rsplit('/').next()?)?
                    .as_item()?,
            };
            let json = response.content.get("application/json");
            Some(context! {
                status => status.to_string(),
                description => markdown(Some(&response.description)),
                headers => response.headers.keys().collect::<Vec<_>>(),
                media => response.content.keys().filter(|m| *m != "application/json").collect::<Vec<_>>(),
                fields => json.and_then(|m| m.schema.as_ref()).and_then(|s| fields(spec, s)),
                examples => json.map(examples).unwrap_or_default(),
            })
        })
        .collect();
    context! {
        id => op.operation_id.as_deref().unwrap_or(path),
        method => method.to_uppercase(),
        path,
        summary => op.summary,
        description => markdown(op.description.as_deref()),
        request,
        responses,
    }
}

/// One field of an object schema.
#[derive(Serialize)]
struct Field {
    name: String,
    r#type: TypeInfo,
    required: bool,
    description: Value,
}

/// What the page says of a type: the schema it names, its JSON type and
/// constraints.
#[derive(Serialize, Default)]
struct TypeInfo {
    schema: Option<String>,
    base: &'static str,
    format: Option<String>,
    values: Vec<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
}

/// The field table of an object schema (following a `$ref` to it).
fn fields(spec: &OpenAPI, schema: &ReferenceOr<Schema>) -> Option<Value> {
    let (name, schema) = resolve(spec, schema);
    let SchemaKind::Type(Type::Object(object)) = &schema?.schema_kind else {
        return None;
    };
    let rows: Vec<Field> = object
        .properties
        .iter()
        .map(|(field, property)| {
            let (r#type, description) = describe(spec, &property.clone().unbox());
            Field {
                name: field.clone(),
                r#type,
                required: object.required.contains(field),
                description: markdown(description.as_deref()),
            }
        })
        .collect();
    Some(context! { schema => name, rows })
}

/// The named examples of a media type, and its single example.
fn examples(media: &MediaType) -> Vec<Value> {
    let pretty =
        |value: &serde_json::Value| serde_json::to_string_pretty(value).unwrap_or_default();
    let single = media
        .example
        .as_ref()
        .map(|value| context! { label => "Example", json => pretty(value) });
    let named = media.examples.iter().filter_map(|(name, example)| {
        let example = example.as_item()?;
        Some(context! {
            label => example.summary.as_deref().unwrap_or(name),
            json => pretty(example.value.as_ref()?),
        })
    });
    single.into_iter().chain(named).collect()
}

/// The type and description of a property.
fn describe(spec: &OpenAPI, schema: &ReferenceOr<Schema>) -> (TypeInfo, Option<String>) {
    let (name, resolved) = resolve(spec, schema);
    let Some(resolved) = resolved else {
        return (
            TypeInfo {
                base: "?",
                ..TypeInfo::default()
            },
            None,
        );
    };
    let mut info = TypeInfo {
        schema: name.map(str::to_owned),
        ..TypeInfo::default()
    };
    info.base = match &resolved.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            info.format = match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".into()),
                VariantOrUnknownOrEmpty::Item(format) => Some(format!("{format:?}").to_lowercase()),
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
            info.values = s.enumeration.iter().flatten().cloned().collect();
            info.min_length = s.min_length;
            info.max_length = s.max_length;
            "string"
        }
        SchemaKind::Type(Type::Boolean(_)) => "boolean",
        SchemaKind::Type(Type::Integer(_)) => "integer",
        SchemaKind::Type(Type::Number(_)) => "number",
        SchemaKind::Type(Type::Object(_)) => "object",
        SchemaKind::Type(Type::Array(_)) => "array",
        _ => "any",
    };
    (info, resolved.schema_data.description.clone())
}

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

/// CommonMark to HTML, marked safe for the template (raw HTML in the spec's
/// Markdown is escaped, not passed through).
fn markdown(text: Option<&str>) -> Value {
    use pulldown_cmark::{Event, Parser, html};
    let parser = Parser::new(text.unwrap_or_default().trim()).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_escaping() {
        assert_eq!(
            markdown(Some("use `a<b>` and **this**")).to_string(),
            "<p>use <code>a&lt;b&gt;</code> and <strong>this</strong></p>\n"
        );
        assert_eq!(
            markdown(Some("one\ntwo\n\n- a\n- `b`")).to_string(),
            "<p>one\ntwo</p>\n<ul>\n<li>a</li>\n<li><code>b</code></li>\n</ul>\n"
        );
        // Raw HTML in a description is shown, never run.
        assert_eq!(
            markdown(Some("<script>x</script>")).to_string(),
            "&lt;script&gt;x&lt;/script&gt;"
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
            "max length 2000",
            "<h4>429</h4>",
            "<code>text/event-stream</code>",
            "href=\"#exportChatlogs\"",
            "clm1n0vvs000008l43ez2bxyz",
        ] {
            assert!(html.contains(needle), "missing {needle}");
        }
        assert!(!html.contains("<script"), "no scripts");
        assert!(!html.contains("src=\"http"), "no external assets");
    }
}
