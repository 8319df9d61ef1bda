//! `POST /api/v1/messages`: a chatlog's messages, oldest first.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use wonderchat_api::types;

use crate::handlers::json;
use crate::pipeline::{authorize, missing, operation};
use crate::shared::Shared;

/// `POST /api/v1/messages`.
pub(crate) async fn get(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(
        shared,
        request,
        |shared, request: types::GetMessagesRequest| async move {
            authorize(&shared, &request.api_key)?;
            let messages = shared
                .world
                .messages(&request.chatlog_id)
                .map_err(|what| missing(what, &request.chatlog_id))?;
            let answer = types::GetMessagesResponse {
                messages: messages
                    .into_iter()
                    .map(|m| types::Message {
                        content: m.content,
                        type_: m.kind.to_owned(),
                        created_at: m.created_at,
                    })
                    .collect(),
            };
            Ok((None, json(&answer)))
        },
    )
    .await
}
