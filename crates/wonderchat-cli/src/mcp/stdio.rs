//! The stdio transport of `wonderchat mcp`: one JSON-RPC message per line,
//! as rmcp's own, except that every line that is not a message gets an
//! answer: a line that is not JSON "Parse error" (-32700), JSON that is
//! not a JSON-RPC message "Invalid Request" (-32600, with its id when it
//! has one), a line longer than the limit the same, its bytes skipped
//! unread. (rmcp, like the other official SDKs, ignores the first kind
//! silently; an agent's client is better off told.) Notifications of an
//! unknown shape stay unanswered, as JSON-RPC wants.

use std::sync::Arc;

use rmcp::RoleServer;
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::{StdioReader, StdioWriter, Transport};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::sync::Mutex;

/// The standard streams as an rmcp transport.
pub(crate) struct Stdio {
    reader: BufReader<StdioReader>,
    writer: Arc<Mutex<StdioWriter>>,
    /// The line being read: kept across a cancelled `receive`.
    line: Vec<u8>,
    /// Inside a line over the limit: its rest is being skipped.
    skipping: bool,
    /// Lines read, for the errors' messages.
    number: u64,
    max_line: usize,
}

impl Stdio {
    /// Stdin and stdout (rmcp's non-blocking pipes when they are pipes);
    /// a message may be at most `max_line` bytes.
    pub(crate) fn new(max_line: usize) -> Self {
        let (read, write) = rmcp::transport::stdio_pipes();
        Self {
            reader: BufReader::with_capacity(64 * 1024, read),
            writer: Arc::new(Mutex::new(write)),
            line: Vec::new(),
            skipping: false,
            number: 0,
            max_line,
        }
    }

    /// Writes an error answer, whole, even if `receive` is dropped meanwhile.
    fn answer_error(&self, id: Value, code: i64, message: String) {
        let frame =
            json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
        let writer = Arc::clone(&self.writer);
        tokio::spawn(async move {
            let mut line = frame.to_string().into_bytes();
            line.push(b'\n');
            let mut out = writer.lock().await;
            let _ = out.write_all(&line).await;
            let _ = out.flush().await;
        });
    }

    /// What a complete line holds: a message, or nothing (answered or
    /// ignored).
    fn decode(&self, line: &[u8]) -> Option<RxJsonRpcMessage<RoleServer>> {
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let error = match serde_json::from_slice::<RxJsonRpcMessage<RoleServer>>(line) {
            Ok(message) => return Some(message),
            Err(error) => error,
        };
        if error.is_syntax() || error.is_eof() {
            self.answer_error(
                Value::Null,
                -32700,
                format!(
                    "Parse error: line {} is not JSON ({error}); send one JSON-RPC message per line",
                    self.number
                ),
            );
            return None;
        }
        let value: Value = serde_json::from_slice(line).unwrap_or(Value::Null);
        let id = value
            .get("id")
            .filter(|id| id.is_string() || id.is_number());
        match id {
            // A notification of a shape this server does not know: ignored.
            None if value.get("method").is_some() => None,
            id => {
                let reason: String = error.to_string().chars().take(200).collect();
                self.answer_error(
                    id.cloned().unwrap_or(Value::Null),
                    -32600,
                    format!(
                        "Invalid Request: line {} is not a JSON-RPC message ({reason})",
                        self.number
                    ),
                );
                None
            }
        }
    }
}

impl Transport<RoleServer> for Stdio {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let writer = Arc::clone(&self.writer);
        async move {
            let mut line = serde_json::to_vec(&item).map_err(std::io::Error::other)?;
            line.push(b'\n');
            let mut out = writer.lock().await;
            out.write_all(&line).await?;
            out.flush().await
        }
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            if self.skipping {
                // The rest of an over-long line, a block at a time.
                let mut scrap = Vec::new();
                let read = (&mut self.reader)
                    .take(64 * 1024)
                    .read_until(b'\n', &mut scrap)
                    .await
                    .ok()?;
                if read == 0 {
                    return None;
                }
                if scrap.ends_with(b"\n") {
                    self.skipping = false;
                }
                continue;
            }
            let room = (self.max_line + 1).saturating_sub(self.line.len()) as u64;
            let read = match (&mut self.reader)
                .take(room)
                .read_until(b'\n', &mut self.line)
                .await
            {
                Ok(read) => read,
                Err(error) => {
                    tracing::error!("cannot read stdin: {error}");
                    return None;
                }
            };
            let complete = self.line.ends_with(b"\n") || (read == 0 && !self.line.is_empty());
            if read == 0 && self.line.is_empty() {
                return None;
            }
            if !complete {
                if self.line.len() > self.max_line {
                    self.number += 1;
                    self.line.clear();
                    self.skipping = true;
                    self.answer_error(
                        Value::Null,
                        -32600,
                        format!(
                            "Invalid Request: line {} is longer than {} MiB; it was skipped",
                            self.number,
                            self.max_line >> 20
                        ),
                    );
                }
                continue;
            }
            self.number += 1;
            let line = std::mem::take(&mut self.line);
            let message = self.decode(&line);
            // Keep the buffer's room for the next line.
            self.line = line;
            self.line.clear();
            if let Some(message) = message {
                return Some(message);
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        self.writer.lock().await.flush().await
    }
}
