//! The in-flight run kept in `sessionStorage`, so a reloaded page resumes watching it.
//! Only the run's id and start time are stored, under a key naming where it lives.
//! Storage can be missing or refuse writes (private modes, sandboxed frames): then the
//! element simply does not resume.

use web_sys::Storage;

use super::state::SavedRun;

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn load(key: &str) -> Option<SavedRun> {
    SavedRun::decode(&session()?.get_item(key).ok()??)
}

pub fn save(key: &str, run: &SavedRun) {
    if let Some(storage) = session() {
        let _ = storage.set_item(key, &run.encode());
    }
}

pub fn forget(key: &str) {
    if let Some(storage) = session() {
        let _ = storage.remove_item(key);
    }
}
