//! How a command ends when it does not succeed ([`CliError`], its exit
//! code), and how an SDK error is worded for the two audiences of this
//! program: a person at the command line (advice names the CLI's flags and
//! environment variables) and an agent calling an MCP tool (advice names
//! the tools and their arguments). The SDK's error says what happened; its
//! [`Remedy`] says what to do, and is worded here.

use wonderchat::{Error, Remedy};

use crate::plumbing::signals::Stop;

/// How a command ends when it does not succeed.
#[derive(Debug)]
pub(crate) enum CliError {
    /// Bad arguments or configuration: exit code 2.
    Usage(String),
    /// The work failed (a request, or some import rows): exit code 1.
    Failed(String),
    /// Stopped by a signal: exit code 130 (SIGINT) or 143 (SIGTERM).
    Stopped(Stop),
    /// Nothing failed, but some work could not be done (requests that
    /// did not get through): exit code 3.
    Incomplete(String),
    /// A plan with changes under `--detailed-exitcode`: exit code 2,
    /// nothing more said (the plan was printed).
    Changes,
}

impl From<Error> for CliError {
    fn from(err: Error) -> Self {
        let message = message(&err, Audience::Cli);
        match err.remedy() {
            Remedy::FixInput | Remedy::FixConfig | Remedy::UseHttps => CliError::Usage(message),
            _ => CliError::Failed(message),
        }
    }
}

/// Who reads an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    /// A person at the command line.
    Cli,
    /// An agent calling a tool of `wonderchat mcp`.
    Agent,
}

/// What to do without a key.
pub(crate) const NO_API_KEY: &str = "no API key: set WONDERCHAT_API_KEY, pass --api-key-file \
    FILE or --api-key - (stdin), run `wonderchat login`, or add --mock to try the built-in mock \
    server";

/// An SDK error as `audience` reads it: what happened, what to do (in its
/// words), then the cause chain, once.
pub(crate) fn message(err: &Error, audience: Audience) -> String {
    let mut text = match err {
        Error::InvalidInput {
            field: "apiKey", ..
        } if audience == Audience::Cli => NO_API_KEY.to_owned(),
        Error::InvalidInput {
            field: "apiKey", ..
        } => "this server has no API key: start it with one (its configuration, not an \
              argument of the tool)"
            .to_owned(),
        other => {
            let advice = remedy(other, audience);
            if advice.is_empty() {
                other.to_string()
            } else {
                format!("{other}. {advice}")
            }
        }
    };
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// A non-SDK error in words: its text, then its causes, once, printable.
pub(crate) fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    wonderchat::printable(&text)
}

/// What to do, in the words of `audience` (empty when the error's own
/// text says it).
fn remedy(err: &Error, audience: Audience) -> String {
    let cli = audience == Audience::Cli;
    match err.remedy() {
        Remedy::FixInput => String::new(),
        Remedy::UseHttps => "Use https:// in --base-url".to_owned(),
        Remedy::SeeMessage => String::new(),
        Remedy::FixConfig => if cli {
            "Check --base-url and the profile"
        } else {
            ""
        }
        .to_owned(),
        Remedy::CheckFields => format!("Check its fields: {}", err.fields().join(", ")),
        Remedy::CheckApiKey if cli => "Check --api-key or WONDERCHAT_API_KEY".to_owned(),
        Remedy::CheckApiKey => "The server's key is wrong: tell the person who runs it".to_owned(),
        Remedy::CheckIds => ids_advice(err, audience),
        Remedy::SendLess => "Send less (a shorter comment, fewer items)".to_owned(),
        Remedy::SlowDown => "Send fewer requests per second, or retry later".to_owned(),
        Remedy::RetryLater => "Retry later".to_owned(),
        Remedy::CheckBaseUrl if cli => {
            "Check that --base-url points at the Wonderchat API".to_owned()
        }
        Remedy::CheckBaseUrl => "Retry later".to_owned(),
        Remedy::RaiseSizeLimit if cli => "Raise --max-response-size if it is meant to be that \
            large, or check that --base-url points at the Wonderchat API"
            .to_owned(),
        Remedy::RaiseSizeLimit => "It is larger than this server accepts (its \
            --max-response-size): ask for less, or a shorter period"
            .to_owned(),
        Remedy::UseFinalAddress => "Set --base-url to the final address".to_owned(),
        Remedy::CheckNetwork => if cli {
            "Check the network and --base-url"
        } else {
            "Retry later"
        }
        .to_owned(),
        Remedy::RaiseTimeout if cli => "Raise --timeout, or retry later".to_owned(),
        Remedy::RaiseIdleTimeout if cli => "Raise --idle-timeout, or retry later".to_owned(),
        Remedy::RaiseStreamTimeout if cli => "Raise --max-time (export), or retry later".to_owned(),
        Remedy::RaiseTimeout | Remedy::RaiseIdleTimeout | Remedy::RaiseStreamTimeout => {
            "Retry later, or ask for less (a shorter period, one chatbot)".to_owned()
        }
        Remedy::UseNewClient => "It was stopped; run it again".to_owned(),
        _ => String::new(),
    }
}

/// Advice on a 404: check the ids the request named, and where each kind
/// comes from (exports carry no chatlog ids).
fn ids_advice(err: &Error, audience: Audience) -> String {
    let Error::NotFound { ids, .. } = err else {
        return String::new();
    };
    let from = |resource: wonderchat::Resource| match (resource, audience) {
        (wonderchat::Resource::Message, Audience::Cli) => {
            "a message id is an answer's, printed by `wonderchat chat`"
        }
        (wonderchat::Resource::Message, Audience::Agent) => {
            "a messageId is an answer's, from ask_chatbot"
        }
        (wonderchat::Resource::Chatlog, Audience::Cli) => {
            "a chatlog id comes from `wonderchat chat` (exports carry none)"
        }
        (wonderchat::Resource::Chatlog, Audience::Agent) => {
            "a chatlogId comes from ask_chatbot (exports carry none)"
        }
        (_, _) => "a chatbot id is in your Wonderchat dashboard",
    };
    if ids.is_empty() {
        return "Check the ids you gave".to_owned();
    }
    let hints: Vec<&str> = ids.iter().map(|id| from(id.resource)).collect();
    let mut hints = hints;
    hints.dedup();
    format!(
        "Check {}: {}",
        if ids.len() == 1 { "it" } else { "them" },
        hints.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_404_advises_by_the_ids_the_request_sent_in_each_audiences_words() {
        let mock = wonderchat_mock::MockServer::start().await;
        let client = wonderchat::Client::builder()
            .base_url(mock.base_url())
            .api_key(mock.api_key())
            .build()
            .unwrap();
        let err = client.messages("c1").send().await.unwrap_err();
        let cli = message(&err, Audience::Cli);
        assert!(
            cli.contains("chatlog \"c1\"") && cli.contains("`wonderchat chat`"),
            "{cli}"
        );
        assert!(cli.contains("exports carry none"), "{cli}");
        let agent = message(&err, Audience::Agent);
        assert!(
            agent.contains("ask_chatbot") && !agent.contains("wonderchat chat"),
            "{agent}"
        );
    }
}
