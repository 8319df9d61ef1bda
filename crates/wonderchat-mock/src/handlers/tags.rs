//! `POST /api/v1/add-tags-to-chatlog` and `/delete-tags-from-chatlog`: one
//! path, the change chosen by the route.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use wonderchat_api::types;

use crate::handlers::done;
use crate::pipeline::{Handled, Reject, authorize, missing, operation};
use crate::shared::Shared;
use crate::world::Change;

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
