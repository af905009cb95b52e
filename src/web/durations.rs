//! The client's memory of recent run durations per job, for history-aware polling: in
//! memory, and in `localStorage` when the page may use it, so the next visit starts
//! informed. Storage that is missing, full or forbidden only costs the persistence.

use crate::core::history::{DurationBook, Expectation};
use std::cell::{RefCell, RefMut};

const STORAGE_KEY: &str = "drush-io-embed:durations";

#[derive(Default)]
pub struct Durations(RefCell<Option<DurationBook>>);

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Durations {
    /// Where runs of the job whose runs URL is `job` are expected to end.
    pub fn expectation(&self, job: &str) -> Option<Expectation> {
        self.book().get(job)?.expectation()
    }

    /// Remembers how long a finished run of `job` took.
    pub fn record(&self, job: &str, duration_ms: u64) {
        let text = {
            let mut book = self.book();
            book.record(job, duration_ms);
            book.to_text()
        };
        if let Some(storage) = storage() {
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    }

    /// The book, read from storage on first use, so a client that never waits never
    /// reads it.
    fn book(&self) -> RefMut<'_, DurationBook> {
        RefMut::map(self.0.borrow_mut(), |slot| {
            slot.get_or_insert_with(|| {
                storage()
                    .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
                    .map(|text| DurationBook::from_text(&text))
                    .unwrap_or_default()
            })
        })
    }
}
