//! SIGINT (Ctrl-C) and SIGTERM as one stream of stop requests.

/// Why the command is asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// SIGINT: Ctrl-C.
    Interrupt,
    /// SIGTERM: `kill`, a service manager, a container stop.
    Terminate,
}

impl Stop {
    /// The conventional exit code: 128 + the signal number.
    pub(crate) fn exit_code(self) -> u8 {
        match self {
            Stop::Interrupt => 130,
            Stop::Terminate => 143,
        }
    }

    /// How a person names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Stop::Interrupt => "Ctrl-C",
            Stop::Terminate => "SIGTERM",
        }
    }
}

/// Listens for stop signals from the moment it is made (the default of
/// dying at once is replaced for the whole process).
pub(crate) struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Starts listening.
    pub(crate) fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// The next stop request.
    pub(crate) async fn recv(&mut self) -> Stop {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Stop::Interrupt,
                _ = self.terminate.recv() => Stop::Terminate,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Stop::Interrupt
        }
    }
}

/// What a piece of work is told to stop by: it completes on the first
/// signal [`Signals::drive`] receives.
pub(crate) type StopRequest = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

impl Signals {
    /// Runs the work `start(stop)` makes to its end: the first signal
    /// completes `stop` (the work then finishes what is under way) and is
    /// told to `noticed`. Returns the work's output and that signal.
    pub(crate) async fn drive<T, F: std::future::Future<Output = T>>(
        &mut self,
        start: impl FnOnce(StopRequest) -> F,
        mut noticed: impl FnMut(Stop),
    ) -> (T, Option<Stop>) {
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let work = start(Box::pin(async move {
            let _ = rx.await;
        }));
        let mut work = std::pin::pin!(work);
        let mut tx = Some(tx);
        let mut stopped = None;
        loop {
            tokio::select! {
                out = &mut work => return (out, stopped),
                signal = self.recv(), if stopped.is_none() => {
                    stopped = Some(signal);
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(());
                    }
                    noticed(signal);
                }
            }
        }
    }
}
