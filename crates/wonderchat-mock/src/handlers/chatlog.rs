//! The operations about a chatlog (`x-resource: chatlog`): its messages
//! (`POST /api/v1/messages`, oldest first) and its tags
//! (`/add-tags-to-chatlog`, `/delete-tags-from-chatlog`: one path, the
//! change chosen by the route).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use wonderchat_api::operations::OperationId;
use wonderchat_api::types;

use super::Routes;
use crate::handlers::{done, json};
use crate::pipeline::{Handled, Reject, authorize, missing, operation};
use crate::shared::Shared;
use crate::world::Change;

/// This file's operations and their handlers.
pub(crate) fn routes() -> Routes {
    vec![
        (OperationId::GetMessages, post(get)),
        (OperationId::AddTagsToChatlog, post(add)),
        (OperationId::DeleteTagsFromChatlog, post(delete)),
    ]
}

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

/// Adds or removes tags after checking the key.
fn tags(shared: &Shared, request: types::ChatlogTagsRequest, change: Change) -> Handled {
    authorize(shared, &request.api_key)?;
    if request.tags.is_empty() {
        return Err(Reject::new(
            StatusCode::BAD_REQUEST,
            "tags: must name at least one tag",
        ));
    }
    shared
        .world
        .tags(&request.chatlog_id, &request.tags, change)
        .map_err(|what| missing(what, &request.chatlog_id))?;
    done()
}

/// `POST /api/v1/add-tags-to-chatlog`.
pub(crate) async fn add(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(shared, request, |shared, request| async move {
        tags(&shared, request, Change::Add)
    })
    .await
}

/// `POST /api/v1/delete-tags-from-chatlog`.
pub(crate) async fn delete(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    operation(shared, request, |shared, request| async move {
        tags(&shared, request, Change::Delete)
    })
    .await
}
