//! The export as the commands and the tools ask for it: the request
//! (`export`, `report` from the API, the MCP tools), narrowed to a chatbot
//! and a period, and for a report the period before it too.

use wonderchat_insights::{Options, OptionsError};

/// The export of `chatbot`'s chatlogs (every chatbot's without one)
/// between `since` and `until`, each chatlog at most `max_chatlog_bytes`
/// (the SDK's default without): what `export`, `report` and the MCP tools
/// ask for.
pub(crate) fn request(
    client: &wonderchat::Client,
    chatbot: Option<&str>,
    since: Option<chrono::DateTime<chrono::Utc>>,
    until: Option<chrono::DateTime<chrono::Utc>>,
    max_chatlog_bytes: Option<usize>,
) -> wonderchat::ExportBuilder {
    let mut export = client.export_chatlogs();
    if let Some(chatbot) = chatbot {
        export = export.chatbot(chatbot);
    }
    if let Some(since) = since {
        export = export.since(since);
    }
    if let Some(until) = until {
        export = export.until(until);
    }
    if let Some(bytes) = max_chatlog_bytes {
        export = export.max_chatlog_bytes(bytes);
    }
    export
}

/// The export a report reads: the period's chatlogs and, with a
/// comparison, those of the period of the same length before it.
pub(crate) fn for_report(
    client: &wonderchat::Client,
    chatbot: Option<&str>,
    options: &Options,
    max_chatlog_bytes: Option<usize>,
) -> Result<wonderchat::ExportBuilder, OptionsError> {
    Ok(request(
        client,
        chatbot,
        options.read_from()?,
        options.until,
        max_chatlog_bytes,
    ))
}
