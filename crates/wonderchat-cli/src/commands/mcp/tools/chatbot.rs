//! The operations about a chatbot's knowledge base (`x-resource:
//! chatbot`): `add_pages`, `remove_pages`.

use wonderchat::low_level::{operations, types};

use super::{Done, Input, Outcome, Tool, api, schema_of};

/// `add_pages`: pages into a knowledge base.
pub(super) const ADD_PAGES: Tool = Tool {
    name: "add_pages",
    title: "Add knowledge-base pages",
    description: "Adds web pages (URLs) to a chatbot's knowledge base; the chatbot learns them. \
                  Adding a page that is already there changes nothing. The API cannot list a \
                  knowledge base's pages.",
    operation: operations::ADD_PAGES,
    read_only: false,
    destructive: false,
    input: Input::Body {
        component: "AddPagesRequest",
        schema: schema_of::<types::AddPagesRequest>,
        extra: Vec::new,
        required: &[],
    },
    output: schema_of::<wonderchat::PagesUpdate>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::AddPagesRequest = arguments.body(true)?;
            let mut call = inner.client.add_pages(request.chatbot_id, request.urls.0);
            if let Some(cookie) = &inner.session_cookie {
                call = call.session_cookie(cookie.clone());
            }
            changed(call.send().await.map_err(api)?, "Added")
        })
    },
};

/// `remove_pages`: pages out of a knowledge base.
pub(super) const REMOVE_PAGES: Tool = Tool {
    name: "remove_pages",
    title: "Remove knowledge-base pages",
    description: "Removes web pages (URLs) from a chatbot's knowledge base; its answers no \
                  longer draw on them.",
    operation: operations::DELETE_PAGES,
    read_only: false,
    destructive: true,
    input: Input::Body {
        component: "DeletePagesRequest",
        schema: schema_of::<types::DeletePagesRequest>,
        extra: Vec::new,
        required: &[],
    },
    output: schema_of::<wonderchat::PagesUpdate>,
    run: |inner, arguments, _| {
        Box::pin(async move {
            let request: types::DeletePagesRequest = arguments.body(true)?;
            let call = inner
                .client
                .delete_pages(request.chatbot_id, request.urls.0);
            changed(call.send().await.map_err(api)?, "Removed")
        })
    },
};

fn changed(update: wonderchat::PagesUpdate, verb: &str) -> Outcome {
    let summary = format!(
        "{verb} {} on chatbot {}.",
        crate::plumbing::numbers::count(update.urls.len() as u64, "page", "pages"),
        update.chatbot_id
    );
    Done::of(
        &update,
        summary,
        "Every page given was sent; the list shown is shortened.",
    )
}

/// This file's tools.
pub(super) const TOOLS: &[&Tool] = &[&ADD_PAGES, &REMOVE_PAGES];
