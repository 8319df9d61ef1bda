//! `wonderchat messages`, `export`, `tags` and `pages`: conversations and
//! knowledge bases.

use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use wonderchat::{Chatlog, printable};

use crate::CliError;
use crate::args::{
    ExportArgs, ExportFormat, GlobalArgs, MessagesArgs, PagesArgs, PagesCommand, TagsArgs,
    TagsCommand,
};
use crate::connect::{Usage, connect};

fn json(value: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string(value).map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))
}

/// `messages`: who, when, what; or `{"chatlogId", "messages": [...]}`.
pub async fn messages(global: &GlobalArgs, args: MessagesArgs) -> Result<(), CliError> {
    let target = connect(global, Usage::Interactive).await?;
    let messages = target.client.messages(&args.chatlog_id).send().await?;
    if global.json {
        let value = serde_json::json!({"chatlogId": args.chatlog_id, "messages": messages});
        return crate::write_stdout(&format!("{}\n", json(&value)?));
    }
    let mut text = String::new();
    for message in &messages {
        text.push_str(&format!(
            "[{}] {:>4}: {}\n",
            message.created_at.format("%Y-%m-%d %H:%M:%S"),
            printable(&message.author.to_string()),
            printable(&message.content)
        ));
    }
    if messages.is_empty() && !global.quiet {
        text.push_str("(no messages)\n");
    }
    crate::write_stdout(&text)
}

/// The CSV columns of `export --format csv`: the chatlog's fields, then
/// one question/answer pair.
const CSV_HEADER: [&str; 13] = [
    "chatbotId",
    "createdAt",
    "userEmail",
    "userPhoneNumber",
    "userName",
    "countryCode",
    "userFeedback",
    "averageConfidence",
    "aiResolutionState",
    "initialPageUrl",
    "exchangeCreatedAt",
    "userMessage",
    "botMessage",
];

/// `export`: chatlogs streamed to a file or stdout, one at a time.
pub async fn export(global: &GlobalArgs, args: ExportArgs) -> Result<(), CliError> {
    let target = connect(global, Usage::Interactive).await?;
    let mut export = target.client.export_chatlogs();
    if let Some(chatbot) = &args.chatbot {
        export = export.chatbot(chatbot.clone());
    }
    if let Some(since) = args.since {
        export = export.since(since);
    }
    if let Some(until) = args.until {
        export = export.until(until);
    }
    let mut chatlogs = export.stream().await?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    let write_error = |e: std::io::Error| CliError::Failed(format!("cannot write the export: {e}"));
    let csv = args.format == ExportFormat::Csv;
    if csv {
        let mut header = csv::Writer::from_writer(Vec::new());
        header
            .write_record(CSV_HEADER)
            .map_err(|e| CliError::Failed(e.to_string()))?;
        let bytes = header
            .into_inner()
            .map_err(|e| CliError::Failed(e.to_string()))?;
        out.write_all(&bytes).map_err(write_error)?;
    }
    let progress = std::io::stderr().is_terminal() && !global.quiet && args.output.is_some();
    let (started, mut shown, mut count) = (Instant::now(), Instant::now(), 0u64);
    while let Some(chatlog) = chatlogs.next().await {
        let chatlog = chatlog?;
        if csv {
            // Each chatlog's rows are written as they come: memory stays flat.
            out.write_all(&csv_rows(&chatlog)?).map_err(write_error)?;
        } else {
            serde_json::to_writer(&mut out, &chatlog)
                .map_err(std::io::Error::from)
                .map_err(write_error)?;
            out.write_all(b"\n").map_err(write_error)?;
        }
        count += 1;
        if progress && shown.elapsed() >= Duration::from_secs(1) {
            shown = Instant::now();
            eprint!("\rexported {} chatlogs", crate::import::whole(count));
        }
    }
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(write_error(e)),
        _ => {}
    }
    if progress {
        eprint!("\r");
    }
    if let Some(path) = &args.output {
        if global.json {
            let value = serde_json::json!({"chatlogs": count, "output": path.display().to_string(), "seconds": started.elapsed().as_secs_f64()});
            crate::write_stdout(&format!("{}\n", json(&value)?))?;
        } else if !global.quiet {
            eprintln!(
                "exported {} chatlog(s) to {} in {:.1}s",
                crate::import::whole(count),
                path.display(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// One row per question/answer pair, the chatlog's fields repeated (one
/// row with empty pair fields for a chatlog without messages).
fn csv_rows(chatlog: &Chatlog) -> Result<Vec<u8>, CliError> {
    let mut csv = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let base = [
        chatlog.chatbot_id.clone(),
        chatlog
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        opt(&chatlog.user_email),
        opt(&chatlog.user_phone_number),
        opt(&chatlog.user_name),
        opt(&chatlog.country_code),
        opt(&chatlog.user_feedback),
        chatlog
            .average_confidence
            .map(|c| c.to_string())
            .unwrap_or_default(),
        opt(&chatlog.ai_resolution_state),
        opt(&chatlog.initial_page_url),
    ];
    let fail = |e: csv::Error| CliError::Failed(format!("cannot write CSV: {e}"));
    if chatlog.messages.is_empty() {
        let row: Vec<String> = base
            .iter()
            .cloned()
            .chain([String::new(), String::new(), String::new()])
            .collect();
        csv.write_record(&row).map_err(fail)?;
    }
    for exchange in &chatlog.messages {
        let row: Vec<String> = base
            .iter()
            .cloned()
            .chain([
                exchange
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                opt(&exchange.user_message),
                opt(&exchange.bot_message),
            ])
            .collect();
        csv.write_record(&row).map_err(fail)?;
    }
    csv.into_inner()
        .map_err(|e| CliError::Failed(format!("cannot write CSV: {e}")))
}

/// `tags add|delete`.
pub async fn tags(global: &GlobalArgs, command: TagsCommand) -> Result<(), CliError> {
    let (args, add): (TagsArgs, bool) = match command {
        TagsCommand::Add(args) => (args, true),
        TagsCommand::Delete(args) => (args, false),
    };
    let target = connect(global, Usage::Interactive).await?;
    let request = if add {
        target.client.add_tags(&args.chatlog_id, args.tags.clone())
    } else {
        target
            .client
            .delete_tags(&args.chatlog_id, args.tags.clone())
    };
    request.send().await?;
    let verb = if add { "added" } else { "removed" };
    if global.json {
        let value = serde_json::json!({"chatlogId": args.chatlog_id, verb: args.tags});
        return crate::write_stdout(&format!("{}\n", json(&value)?));
    }
    if !global.quiet {
        eprintln!(
            "{verb} {} tag(s) on chatlog {}",
            args.tags.len(),
            printable(&args.chatlog_id)
        );
    }
    Ok(())
}

/// `pages add|delete`.
pub async fn pages(global: &GlobalArgs, command: PagesCommand) -> Result<(), CliError> {
    let (args, add): (PagesArgs, bool) = match command {
        PagesCommand::Add(args) => (args, true),
        PagesCommand::Delete(args) => (args, false),
    };
    let mut urls = args.urls.clone();
    if let Some(path) = &args.from_file {
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            Box::new(std::io::BufReader::new(file))
        };
        for line in reader.lines() {
            let line = line.map_err(|e| CliError::Usage(format!("cannot read the URLs: {e}")))?;
            let line = line.trim();
            if !line.is_empty() && !line.starts_with('#') {
                urls.push(line.to_owned());
            }
        }
    }
    if urls.is_empty() {
        return Err(CliError::Usage(
            "no URL: give pages as arguments or with --from-file".to_owned(),
        ));
    }
    let cookie = match &args.session_cookie_file {
        Some(path) if add => Some(crate::profile::read_key_file(path)?),
        Some(_) => {
            return Err(CliError::Usage(
                "--session-cookie-file goes with `pages add` only".to_owned(),
            ));
        }
        None => None,
    };
    let target = connect(global, Usage::Interactive).await?;
    let mut request = if add {
        target.client.add_pages(&args.chatbot_id, urls.clone())
    } else {
        target.client.delete_pages(&args.chatbot_id, urls.clone())
    };
    if let Some(cookie) = cookie {
        request = request.session_cookie(cookie);
    }
    request.send().await?;
    let verb = if add { "added" } else { "removed" };
    if global.json {
        let value = serde_json::json!({"chatbotId": args.chatbot_id, verb: urls});
        return crate::write_stdout(&format!("{}\n", json(&value)?));
    }
    if !global.quiet {
        eprintln!(
            "{verb} {} page(s) on chatbot {}",
            urls.len(),
            printable(&args.chatbot_id)
        );
    }
    Ok(())
}
