//! `spec`, `completions`, `man` and `mock`: the bundled document, shell
//! completions, man pages, and the mock server.

use std::path::PathBuf;

use clap::Args;

use crate::cli::Cli;
use crate::error::CliError;
use crate::plumbing::output::write_stdout;

/// `wonderchat man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The directory to write the pages into.
    #[arg(default_value = "man")]
    pub dir: PathBuf,
}

/// `wonderchat spec`.
#[derive(Debug, Args)]
pub(crate) struct SpecArgs {
    /// Print the JSON form instead of the YAML.
    #[arg(long, conflicts_with = "operations")]
    pub json: bool,

    /// Print where each operation of the spec is offered instead: its SDK
    /// method, its command and its MCP tools.
    #[arg(long)]
    pub operations: bool,
}

/// `wonderchat completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// `man`: one page for the command and one per subcommand.
pub(crate) fn man(dir: &std::path::Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let command = Cli::full();
    let mut pages = vec![("wonderchat".to_owned(), command.clone())];
    for sub in command.get_subcommands() {
        pages.push((format!("wonderchat-{}", sub.get_name()), sub.clone()));
    }
    for (name, command) in pages {
        let mut out = Vec::new();
        clap_mangen::Man::new(command)
            .title(name.clone())
            .render(&mut out)
            .map_err(|e| CliError::Failed(format!("cannot render {name}: {e}")))?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, out)
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// `mock`: the mock server until Ctrl-C; the key the client uses is the
/// key the mock accepts.
pub(crate) async fn mock(
    global: &crate::cli::GlobalArgs,
    mut args: wonderchat_mock::MockArgs,
) -> Result<(), CliError> {
    if let Some(key) = &global.api_key {
        args.api_keys.push(key.expose_secret().to_owned());
    }
    args.run().await.map_err(CliError::Usage)
}

/// `spec`: the bundled OpenAPI document, or where its operations are offered.
pub(crate) fn spec(args: &SpecArgs) -> Result<(), CliError> {
    if args.operations {
        let mut text = String::new();
        for operation in wonderchat::low_level::operations::OperationId::ALL {
            let place = super::placement(operation);
            let or_why =
                |placed: Result<String, &str>| placed.unwrap_or_else(|why| format!("none: {why}"));
            text.push_str(&format!(
                "{:<22} {:<32} {:<24} {}\n",
                operation.operation().id,
                place.sdk,
                or_why(place.command.map(|c| format!("wonderchat {c}"))),
                or_why(place.tools.map(|t| t.join(", ")))
            ));
        }
        return write_stdout(&text);
    }
    let text = if args.json {
        wonderchat_mock::OPENAPI_JSON
    } else {
        wonderchat_mock::OPENAPI_YAML
    };
    write_stdout(text)
}

/// `completions`: a shell's completions.
pub(crate) fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::full(), "wonderchat", &mut out);
    write_stdout(&String::from_utf8_lossy(&out))
}
