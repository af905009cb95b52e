//! The in-flight run of each job, kept in `localStorage`: a reloaded page resumes
//! watching it, and the other tabs of the origin follow it (CONTRACT 5.4).
//!
//! Why `localStorage` and its `storage` event rather than a `BroadcastChannel`: the
//! marker must outlive the tab that queued the run. A tab opened, reloaded or defined
//! late finds it on connecting, and when the queuing tab closes mid-run the followers
//! still hold everything they need (the run's id) to watch it to its end. A channel
//! only reaches tabs listening at the moment of the post. The `storage` event tells the
//! other tabs of a write at once (`js/run-button.js` listens); elements of the same page
//! are told by `refreshAll` in the same module.
//!
//! Only the run's id, start time, the time it was last seen in flight and its last state
//! are stored, under a key naming where it lives: never a token. A marker left by a
//! crashed tab expires when a follower's wait ends (the run is final, or gone with a
//! 404), or a day after the run was last seen in flight: an element following a run
//! writes that time again at least every hour (`REFRESH_MS`), so a run of more than a
//! day keeps holding its job's buttons (CONTRACT 7.1). Markers of jobs no element loads
//! again are swept when the elements are defined (`js/run-button.js`). Storage
//! can be missing or refuse writes (private modes, sandboxed frames): then the element
//! simply neither resumes nor follows.

use js_sys::Date;
use web_sys::Storage;

use super::state::{SavedRun, State};

/// Markers not seen in flight for longer are a crashed tab's leftovers, not runs in
/// flight.
const EXPIRES_MS: f64 = 86_400_000.0;

/// How often a followed run's marker is written again with the time it was seen.
pub const REFRESH_MS: f64 = 3_600_000.0;

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<SavedRun> {
    let saved = SavedRun::decode(&local()?.get_item(key).ok()??)?;
    if Date::now() - saved.seen_ms as f64 > EXPIRES_MS {
        forget(key);
        return None;
    }
    Some(saved)
}

/// Remembers run `id`, started at `started_ms` and seen now in `state`.
pub fn save(key: &str, started_ms: u64, state: State, id: &str) {
    if let Some(storage) = local() {
        let text = SavedRun::encode(started_ms, Date::now() as u64, state, id);
        let _ = storage.set_item(key, &text);
    }
}

pub fn forget(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}
