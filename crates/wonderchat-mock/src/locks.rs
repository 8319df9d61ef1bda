//! The lowest layer: locking that survives a panic elsewhere.

use std::sync::Mutex;

/// Locks a mutex, also after a panic elsewhere poisoned it (the mock's
/// state stays usable: every update is a single assignment).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
