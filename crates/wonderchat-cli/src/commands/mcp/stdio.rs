//! The stdio transport of `wonderchat mcp`: one JSON-RPC message per line
//! (tokio-util's `LinesCodec`, which skips a line over the limit unread),
//! with three rails rmcp's own transport lacks:
//!
//! - **Every line that is not a message is answered**: not JSON or not
//!   UTF-8, "Parse error" (-32700); JSON that is not a JSON-RPC message, or
//!   a line over the limit, "Invalid Request" (-32600), with its id when it
//!   has one (echoed exactly as sent: `2^64` stays an integer; an id that is
//!   an object, an array, `true` or `null` is answered with `null`).
//!   Notifications of an unknown shape stay unanswered, as JSON-RPC wants.
//! - **Backpressure**: at most [`MAX_IN_FLIGHT`] requests are being
//!   handled or answered at once, and every frame goes through one bounded
//!   queue to one writer; a client that writes but never reads stops being
//!   read, and memory stays flat.
//! - **Before the session starts**, notifications and responses from the
//!   client are ignored (rmcp would end the server on them) and a request
//!   id still in progress is refused rather than run twice.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use rmcp::RoleServer;
use rmcp::model::{
    ClientJsonRpcMessage, ClientRequest, JsonRpcMessage, RequestId, ServerJsonRpcMessage,
    ServerResult,
};
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::{StdioReader, StdioWriter, Transport};
use serde_json::json;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use tokio_util::codec::{Decoder, LinesCodec, LinesCodecError};

/// Requests being handled or answered at once; the next line is read only
/// when one of them has been written out.
pub(crate) const MAX_IN_FLIGHT: usize = 32;

/// Frames waiting for the writer.
const QUEUE: usize = 64;

/// The longest id echoed in an error answer (a longer one is answered with
/// `null`).
const MAX_ECHOED_ID: usize = 256;

/// What the writer task writes.
enum Frame {
    /// One message, and the request slot it frees once written.
    Line(Vec<u8>, Option<OwnedSemaphorePermit>),
    /// Answers once everything before it is written.
    Flush(oneshot::Sender<()>),
}

/// A request rmcp is handling: its slot, and whether it is a ping or a
/// discovery (which do not start the session).
struct Pending {
    _slot: OwnedSemaphorePermit,
    bootstrap: bool,
}

/// What the reader and the writer share.
#[derive(Default)]
struct Shared {
    pending: Mutex<HashMap<RequestId, Pending>>,
    /// The session started: rmcp answered a request that starts it.
    started: AtomicBool,
}

/// The standard streams (or, in tests, any pair) as an rmcp transport.
pub(crate) struct Stdio<R = StdioReader> {
    reader: R,
    buffer: BytesMut,
    codec: LinesCodec,
    eof: bool,
    /// Lines read, for the errors' messages.
    number: u64,
    out: mpsc::Sender<Frame>,
    slots: Arc<Semaphore>,
    /// A slot taken for the next request, before its line is read.
    slot: Option<OwnedSemaphorePermit>,
    /// An error answer waiting for room in the queue.
    held: Option<Vec<u8>>,
    shared: Arc<Shared>,
}

impl Stdio {
    /// Stdin and stdout (rmcp's non-blocking pipes when they are pipes); a
    /// message may be at most `max_line` bytes. Starts the writer task.
    pub(crate) fn new(max_line: usize) -> Self {
        let (reader, writer): (StdioReader, StdioWriter) = rmcp::transport::stdio_pipes();
        Self::with(reader, writer, max_line)
    }
}

impl<R: AsyncRead + Unpin + Send + 'static> Stdio<R> {
    /// Messages read from `reader` and written to `writer`.
    pub(crate) fn with<W: AsyncWrite + Unpin + Send + 'static>(
        reader: R,
        writer: W,
        max_line: usize,
    ) -> Self {
        let (out, queue) = mpsc::channel(QUEUE);
        tokio::spawn(write_frames(writer, queue));
        Self {
            reader,
            buffer: BytesMut::with_capacity(64 * 1024),
            codec: LinesCodec::new_with_max_length(max_line),
            eof: false,
            number: 0,
            out,
            slots: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            slot: None,
            held: None,
            shared: Arc::new(Shared::default()),
        }
    }

    /// The next complete line (`Ok(None)` at the end of the input), or why
    /// a line was unusable (it is counted either way).
    async fn next_line(&mut self) -> Option<Result<String, LinesCodecError>> {
        loop {
            let decoded = if self.eof {
                self.codec.decode_eof(&mut self.buffer)
            } else {
                self.codec.decode(&mut self.buffer)
            };
            match decoded {
                Ok(Some(line)) => return Some(Ok(line)),
                Err(e) => return Some(Err(e)),
                Ok(None) if self.eof => return None,
                Ok(None) => {}
            }
            // Cancel-safe: nothing is lost if this read is dropped.
            match self.reader.read_buf(&mut self.buffer).await {
                Ok(0) => self.eof = true,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!("cannot read stdin: {e}");
                    return None;
                }
            }
        }
    }

    /// Holds an error answer to `id` (its JSON text as sent, or null) for
    /// the queue. The id is written as given: `2^64` stays an integer.
    fn answer_error(&mut self, id: Option<String>, code: i64, message: String) {
        let id = id.unwrap_or_else(|| "null".to_owned());
        let error = json!({"code": code, "message": message});
        let frame = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"error\":{error}}}\n");
        self.held = Some(frame.into_bytes());
    }

    /// What a complete line holds: a message for rmcp, or nothing (an
    /// error answer is held, or the line is ignored).
    fn decode(&mut self, line: &str) -> Option<RxJsonRpcMessage<RoleServer>> {
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        if line.trim().is_empty() {
            return None;
        }
        let error = match serde_json::from_str::<ClientJsonRpcMessage>(line) {
            Ok(message) => return self.admit(message),
            Err(error) => error,
        };
        if error.is_syntax() || error.is_eof() {
            self.answer_error(
                None,
                -32700,
                format!(
                    "Parse error: line {} is not JSON ({error}); send one JSON-RPC message per line",
                    self.number
                ),
            );
            return None;
        }
        let fields: Fields = serde_json::from_str(line).unwrap_or_default();
        if fields.id.is_none() && fields.method {
            // A notification of a shape this server does not know: ignored.
            return None;
        }
        let reason: String = error.to_string().chars().take(200).collect();
        self.answer_error(
            fields.id.as_deref().and_then(echoable),
            -32600,
            format!(
                "Invalid Request: line {} is not a JSON-RPC message of this protocol ({reason})",
                self.number
            ),
        );
        None
    }

    /// Lets a message through to rmcp, or not: before the session starts
    /// only requests go (rmcp would end the server on anything else); a
    /// request takes the slot and may not reuse an id still in progress.
    fn admit(&mut self, message: ClientJsonRpcMessage) -> Option<RxJsonRpcMessage<RoleServer>> {
        let started = self.shared.started.load(Ordering::SeqCst);
        let request = match &message {
            JsonRpcMessage::Request(request) => request,
            JsonRpcMessage::Notification(notification) => {
                if !started {
                    return None;
                }
                if let rmcp::model::ClientNotification::CancelledNotification(cancelled) =
                    &notification.notification
                    && let Some(id) = &cancelled.params.request_id
                {
                    // rmcp drops the answer of a cancelled request: its slot
                    // is free now.
                    self.lock_pending().remove(id);
                }
                return Some(message);
            }
            _ if !started => return None,
            _ => return Some(message),
        };
        let shared = Arc::clone(&self.shared);
        let mut pending = shared
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pending.contains_key(&request.id) {
            let id = serde_json::to_string(&request.id).ok();
            drop(pending);
            self.answer_error(
                id,
                -32600,
                "Invalid Request: a request with this id is still in progress; use a new id"
                    .to_owned(),
            );
            return None;
        }
        let bootstrap = matches!(
            request.request,
            ClientRequest::PingRequest(_) | ClientRequest::DiscoverRequest(_)
        );
        let slot = self.slot.take()?;
        pending.insert(
            request.id.clone(),
            Pending {
                _slot: slot,
                bootstrap,
            },
        );
        drop(pending);
        Some(message)
    }

    fn lock_pending(&self) -> std::sync::MutexGuard<'_, HashMap<RequestId, Pending>> {
        self.shared
            .pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The fields of a line that is JSON but not a message of this protocol.
#[derive(Default, serde::Deserialize)]
struct Fields {
    #[serde(default, deserialize_with = "raw")]
    id: Option<Box<serde_json::value::RawValue>>,
    #[serde(default, deserialize_with = "present")]
    method: bool,
}

fn raw<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Box<serde_json::value::RawValue>>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    <serde::de::IgnoredAny as serde::Deserialize>::deserialize(d).map(|_| true)
}

/// An id as sent, when JSON-RPC allows echoing it: a string or a number,
/// not too long.
fn echoable(raw: &serde_json::value::RawValue) -> Option<String> {
    let text = raw.get();
    let first = text.as_bytes().first()?;
    (text.len() <= MAX_ECHOED_ID && (*first == b'"' || *first == b'-' || first.is_ascii_digit()))
        .then(|| text.to_owned())
}

/// Writes frames one after the other until the queue closes or stdout
/// fails; a request's slot is freed once its answer is out.
async fn write_frames(mut writer: impl AsyncWrite + Unpin, mut queue: mpsc::Receiver<Frame>) {
    while let Some(frame) = queue.recv().await {
        match frame {
            Frame::Line(bytes, slot) => {
                let written = writer.write_all(&bytes).await;
                let flushed = writer.flush().await;
                drop(slot);
                if let Err(e) = written.and(flushed) {
                    tracing::error!("cannot write to stdout: {e}");
                    return;
                }
            }
            Frame::Flush(done) => {
                let _ = writer.flush().await;
                let _ = done.send(());
            }
        }
    }
}

impl<R: AsyncRead + Unpin + Send + 'static> Transport<RoleServer> for Stdio<R> {
    type Error = std::io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send + 'static {
        let id = match &item {
            JsonRpcMessage::Response(response) => Some(&response.id),
            JsonRpcMessage::Error(error) => error.id.as_ref(),
            _ => None,
        };
        let pending = id.and_then(|id| {
            self.shared
                .pending
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .remove(id)
        });
        // The session starts with rmcp's answer to initialize (or to the
        // first request of a session without one): marked before the
        // answer goes, so the next line read already sees it.
        if let ServerJsonRpcMessage::Response(response) = &item
            && (matches!(response.result, ServerResult::InitializeResult(_))
                || pending.as_ref().is_some_and(|p| !p.bootstrap))
        {
            self.shared.started.store(true, Ordering::SeqCst);
        }
        let out = self.out.clone();
        async move {
            let mut line = serde_json::to_vec(&item).map_err(std::io::Error::other)?;
            line.push(b'\n');
            let slot = pending.map(|p| p._slot);
            out.send(Frame::Line(line, slot))
                .await
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))
        }
    }

    async fn receive(&mut self) -> Option<RxJsonRpcMessage<RoleServer>> {
        loop {
            // Every step below is cancel-safe: what was taken stays here.
            if self.held.is_some() {
                let permit = self.out.reserve().await.ok()?;
                if let Some(frame) = self.held.take() {
                    permit.send(Frame::Line(frame, None));
                }
            }
            if self.slot.is_none() {
                self.slot = Some(Arc::clone(&self.slots).acquire_owned().await.ok()?);
            }
            let line = self.next_line().await?;
            self.number += 1;
            match line {
                Ok(line) => {
                    if let Some(message) = self.decode(&line) {
                        return Some(message);
                    }
                }
                Err(LinesCodecError::MaxLineLengthExceeded) => self.answer_error(
                    None,
                    -32600,
                    format!(
                        "Invalid Request: line {} is longer than {} MiB; it was skipped",
                        self.number,
                        self.codec.max_length() >> 20
                    ),
                ),
                Err(LinesCodecError::Io(e)) => self.answer_error(
                    None,
                    -32700,
                    format!("Parse error: line {} is not UTF-8 text ({e})", self.number),
                ),
            }
        }
    }

    async fn close(&mut self) -> Result<(), Self::Error> {
        let (done, flushed) = oneshot::channel();
        if self.out.send(Frame::Flush(done)).await.is_ok() {
            let _ = flushed.await;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmcp::model::ErrorData;
    use tokio::io::AsyncBufReadExt;

    /// A transport over in-memory pipes: what the client writes, and the
    /// lines the server writes back.
    fn pipes(
        max_line: usize,
    ) -> (
        Stdio<tokio::io::DuplexStream>,
        tokio::io::DuplexStream,
        tokio::io::Lines<tokio::io::BufReader<tokio::io::DuplexStream>>,
    ) {
        let (client_write, server_read) = tokio::io::duplex(1 << 16);
        let (server_write, client_read) = tokio::io::duplex(1 << 16);
        let transport = Stdio::with(server_read, server_write, max_line);
        (
            transport,
            client_write,
            tokio::io::BufReader::new(client_read).lines(),
        )
    }

    /// The lines, one of them not UTF-8 (the `\u{1}` placeholder).
    fn concat_bytes(lines: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for line in lines {
            if *line == "\u{1}" {
                out.extend_from_slice(b"\xff\xfe\n");
            } else {
                out.extend_from_slice(line.as_bytes());
            }
        }
        out
    }

    /// Reads messages until the input ends, answering each request with an
    /// error (as a server would answer it); returns how many came through.
    async fn drain(transport: &mut Stdio<tokio::io::DuplexStream>) -> usize {
        let mut n = 0;
        while let Some(message) = transport.receive().await {
            n += 1;
            if let JsonRpcMessage::Request(request) = message {
                let answer = ServerJsonRpcMessage::error(
                    ErrorData::invalid_params("test", None),
                    Some(request.id),
                );
                transport.send(answer).await.unwrap();
            }
        }
        n
    }

    #[tokio::test]
    async fn lines_that_are_not_messages_are_answered_with_ids_as_sent() {
        let (mut transport, mut client, mut lines) = pipes(64);
        let input: Vec<u8> = concat_bytes(&[
            "{not json\n",
            "\u{feff}{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":18446744073709551616,\"method\":\"ping\"}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":true}\n",
            "{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n",
            "\u{1}",
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}\n",
        ]);
        client.write_all(&input).await.unwrap();
        drop(client);
        // The notification before the session started is ignored; the ping
        // comes through.
        assert_eq!(drain(&mut transport).await, 1);
        drop(transport);
        let mut answers = Vec::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            answers.push(line);
        }
        let ids: Vec<String> = answers
            .iter()
            .map(|a| {
                let at = a.find("\"id\":").unwrap() + 5;
                a[at..].split(",\"").next().unwrap().to_owned()
            })
            .collect();
        // Parse error; 2^64 echoed as an integer; an object and `true`
        // answered with null; the over-long line; not UTF-8; the ping's.
        assert_eq!(
            ids,
            [
                "null",
                "18446744073709551616",
                "null",
                "null",
                "null",
                "null",
                "7"
            ],
            "{answers:#?}"
        );
        assert!(answers[0].contains("-32700"));
        assert!(answers[4].contains("longer than"), "{}", answers[4]);
        assert!(answers[5].contains("-32700") && answers[5].contains("UTF-8"));
    }

    #[tokio::test]
    async fn a_request_id_in_progress_is_refused_and_no_more_than_the_slots_are_read() {
        let (mut transport, mut client, mut lines) = pipes(1024);
        for _ in 0..2 {
            client
                .write_all(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n")
                .await
                .unwrap();
        }
        for id in 2..=(MAX_IN_FLIGHT as u64 + 5) {
            let line = format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"ping\"}}\n");
            client.write_all(line.as_bytes()).await.unwrap();
        }
        // Unanswered, requests take every slot; the next receive waits.
        let mut taken = 0;
        while taken < MAX_IN_FLIGHT {
            transport.receive().await.unwrap();
            taken += 1;
        }
        let waited =
            tokio::time::timeout(std::time::Duration::from_millis(200), transport.receive()).await;
        assert!(waited.is_err(), "a request was read with no slot free");
        let duplicate = lines.next_line().await.unwrap().unwrap();
        assert!(
            duplicate.contains("\"id\":1") && duplicate.contains("still in progress"),
            "{duplicate}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, failure_persistence: None, ..Default::default() })]

        /// Any bytes: no panic, and every line written back is one JSON-RPC
        /// error object.
        #[test]
        fn any_bytes_are_messages_or_answered_errors(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let (mut transport, mut client, mut lines) = pipes(256);
                let writer = tokio::spawn(async move {
                    let _ = client.write_all(&bytes).await;
                });
                drain(&mut transport).await;
                writer.await.unwrap();
                drop(transport);
                while let Some(line) = lines.next_line().await.unwrap() {
                    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
                    assert_eq!(value["jsonrpc"], "2.0");
                    assert!(value["error"]["code"].is_i64(), "{line}");
                }
            });
        }
    }
}
