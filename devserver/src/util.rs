//! Small helpers the parts of the server share. This module imports nothing of the
//! crate, so imports flow one way: `api` -> `state` -> the parts -> here.

use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

/// A poisoned lock only means another task panicked mid-update; the data is still
/// the best there is, and the server must keep answering.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Response extension marking an answer whose connection is dropped on purpose (a
/// rehearsed fault); the requests log records such requests with status 0.
#[derive(Debug, Clone, Copy)]
pub struct DroppedConnection;
