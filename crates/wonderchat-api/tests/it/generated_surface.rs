//! Guards the generated code: its public surface and wire names as a
//! reviewed snapshot (a change of spec or of progenitor shows as a diff),
//! and the hand-kept route constant against the spec.

/// The public items and serde renames of the generated file, one per line.
fn surface() -> String {
    include_str!("../../src/generated.rs")
        .lines()
        .map(str::trim)
        .filter(|line| {
            line.starts_with("pub ")
                || line.starts_with("#[serde(rename")
                || line.starts_with("rename = ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn public_surface_of_the_generated_client() {
    insta::assert_snapshot!(surface());
}

#[test]
fn the_operations_table_lists_every_operation_of_the_spec() {
    let spec: serde_yaml::Value = serde_yaml::from_str(wonderchat_api::spec::OPENAPI_YAML).unwrap();
    let mut from_spec: Vec<(String, String, bool)> = spec["paths"]
        .as_mapping()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let post = &item["post"];
            (
                post["operationId"].as_str().unwrap().to_owned(),
                path.as_str().unwrap().to_owned(),
                post["x-idempotent"].as_bool().unwrap(),
            )
        })
        .collect();
    let mut table: Vec<(String, String, bool)> = wonderchat_api::operations::ALL
        .iter()
        .map(|op| (op.id.to_owned(), op.path.to_owned(), op.idempotent))
        .collect();
    from_spec.sort();
    table.sort();
    assert_eq!(table, from_spec);
    assert!(!table.is_empty());
}

#[test]
fn the_generated_add_pages_request_redacts_its_cookie() {
    let request = wonderchat_api::types::AddPagesRequest {
        api_key: "k-123456".into(),
        chatbot_id: "b".into(),
        urls: vec!["https://example.com".to_owned()].into(),
        session_cookie: Some("session=cookie-secret".into()),
    };
    let shown = format!("{request:?}");
    assert!(
        !shown.contains("k-123456") && !shown.contains("cookie-secret"),
        "{shown}"
    );
}

#[test]
fn the_generated_request_redacts_its_key() {
    let request = wonderchat_api::types::UpdateMessageFeedbackRequest::builder()
        .api_key("k-123456")
        .message_id("m")
        .feedback(wonderchat_api::types::Feedback::Helpful);
    let request: wonderchat_api::types::UpdateMessageFeedbackRequest = request.try_into().unwrap();
    assert!(!format!("{request:?}").contains("k-123456"));
    assert!(
        serde_json::to_string(&request)
            .unwrap()
            .contains("\"apiKey\":\"k-123456\"")
    );
}
