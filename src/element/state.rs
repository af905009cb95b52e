//! The element's state machine and the text it shows, free of any browser API so that
//! `cargo test` checks it natively.

/// What the element is doing; reflected in its `state` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Idle,
    /// Confirmed (or needing no confirmation) and sending the POST.
    Starting,
    Queued,
    Running,
    Complete,
    /// The run ended with status `error`.
    Error,
    /// A request failed, so the run's outcome is unknown.
    Failed,
}

impl State {
    /// Every state, in the order of its discriminant (the messages' slots rely on it).
    pub const ALL: [State; 7] = [
        State::Idle,
        State::Starting,
        State::Queued,
        State::Running,
        State::Complete,
        State::Error,
        State::Failed,
    ];

    /// The value of the `state` attribute.
    pub const fn as_str(self) -> &'static str {
        match self {
            State::Idle => "idle",
            State::Starting => "starting",
            State::Queued => "queued",
            State::Running => "running",
            State::Complete => "complete",
            State::Error => "error",
            State::Failed => "failed",
        }
    }

    /// The state a run's `status` puts the element in. A status this version does not
    /// know is treated as still in flight: only `complete` and `error` end a run.
    pub fn from_run_status(status: &str) -> State {
        match status {
            "queued" => State::Queued,
            "complete" => State::Complete,
            "error" => State::Error,
            _ => State::Running,
        }
    }

    /// Between the click and the end of the run: the button stays busy (clicks ignored).
    pub fn is_in_flight(self) -> bool {
        matches!(self, State::Starting | State::Queued | State::Running)
    }
}

/// Remembers the last status announced, so `drush-io-status` fires once per new status
/// even when several polls (or the POST and the first poll) report the same one, and
/// never for an older one: a run seen `running` is not shown `queued` again, whatever
/// order answers (or other tabs' news) come in (CONTRACT 7.1).
#[derive(Debug, Default)]
pub struct StatusTracker {
    last: Option<(String, State)>,
}

impl StatusTracker {
    /// The new state when `status` differs from the last one seen and is not older,
    /// else `None`.
    pub fn observe(&mut self, status: &str) -> Option<State> {
        let state = State::from_run_status(status);
        if let Some((last, shown)) = &self.last {
            // (The variants are in the order a run goes through them.)
            if last == status || (state as u8) < (*shown as u8) {
                return None;
            }
        }
        self.last = Some((status.into(), state));
        Some(state)
    }
}

/// Appends `n` in decimal (integer formatting without pulling in `core::fmt`). The
/// digits are reached with `get`: an index the compiler cannot prove in bounds would be
/// a panic site, whose location text is in every download.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        if let Some(digit) = digits.get_mut(len) {
            *digit = b'0' + (n % 10) as u8;
        }
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    while len > 0 {
        len -= 1;
        out.push(char::from(digits.get(len).copied().unwrap_or_default()));
    }
}

/// Decimal digits only (no sign, no spaces); `None` for anything else or an overflow.
/// Smaller in wasm than `str::parse`, which handles every integer type's syntax.
fn parse_u64(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |number, byte| {
        if !byte.is_ascii_digit() {
            return None;
        }
        number.checked_mul(10)?.checked_add(u64::from(byte - b'0'))
    })
}

/// Escapes the key separator so that no two (base, project, job) triples share a key.
fn push_key_part(out: &mut String, part: &str) {
    for c in part.chars() {
        match c {
            '%' => out.push_str("%25"),
            '|' => out.push_str("%7C"),
            _ => out.push(c),
        }
    }
}

/// The `localStorage` key under which an in-flight run is remembered. It names where
/// the run lives (API base, project, job) and nothing secret: never the token.
pub fn storage_key(base: &str, project: &str, job: &str) -> String {
    let mut key = String::from("drush-io-run|");
    push_key_part(&mut key, base);
    key.push('|');
    push_key_part(&mut key, project);
    key.push('|');
    push_key_part(&mut key, job);
    key
}

/// A run remembered across a reload: its id, when the element started it, when it was
/// last seen in flight (it expires a day after that), and the state it was last seen in
/// (shown until the run can be polled again).
#[derive(Debug, PartialEq, Eq)]
pub struct SavedRun {
    pub id: String,
    pub started_ms: u64,
    pub seen_ms: u64,
    pub state: State,
}

impl SavedRun {
    /// What `decode` reads back as a `SavedRun` of these fields. (Fields rather than a
    /// `SavedRun`: the element saves a run it follows without copying its id.)
    pub fn encode(started_ms: u64, seen_ms: u64, state: State, id: &str) -> String {
        let mut out = String::new();
        push_u64(&mut out, started_ms);
        out.push(' ');
        push_u64(&mut out, seen_ms);
        out.push(' ');
        out.push_str(state.as_str());
        out.push(' ');
        out.push_str(id);
        out
    }

    /// `None` for anything this version did not write.
    pub fn decode(text: &str) -> Option<SavedRun> {
        let (started, rest) = text.split_once(' ')?;
        let (seen, rest) = rest.split_once(' ')?;
        let (state, id) = rest.split_once(' ')?;
        if id.is_empty() {
            return None;
        }
        let started_ms = parse_u64(started)?;
        Some(SavedRun {
            id: id.into(),
            started_ms,
            seen_ms: parse_u64(seen)?,
            state: State::from_run_status(state),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_statuses_map_to_states() {
        assert_eq!(State::from_run_status("queued"), State::Queued);
        assert_eq!(State::from_run_status("running"), State::Running);
        assert_eq!(State::from_run_status("complete"), State::Complete);
        assert_eq!(State::from_run_status("error"), State::Error);
        // Unknown statuses keep the element waiting rather than ending the run.
        assert_eq!(State::from_run_status("paused"), State::Running);
    }

    #[test]
    fn only_states_between_click_and_end_are_in_flight() {
        let in_flight: Vec<_> = State::ALL
            .into_iter()
            .filter(|s| s.is_in_flight())
            .map(State::as_str)
            .collect();
        assert_eq!(in_flight, ["starting", "queued", "running"]);
        for (index, state) in State::ALL.into_iter().enumerate() {
            assert_eq!(state as usize, index, "{state:?} is in its slot");
        }
    }

    #[test]
    fn tracker_reports_each_status_once() {
        let mut tracker = StatusTracker::default();
        assert_eq!(tracker.observe("queued"), Some(State::Queued));
        assert_eq!(tracker.observe("queued"), None);
        assert_eq!(tracker.observe("running"), Some(State::Running));
        assert_eq!(tracker.observe("running"), None);
        assert_eq!(tracker.observe("complete"), Some(State::Complete));
    }

    #[test]
    fn tracker_never_goes_back() {
        let mut tracker = StatusTracker::default();
        assert_eq!(tracker.observe("running"), Some(State::Running));
        // An older answer (replayed by another tab) is no news.
        assert_eq!(tracker.observe("queued"), None);
        assert_eq!(tracker.observe("running"), None);
        // An unknown status counts as running: news, but not after the end.
        assert_eq!(tracker.observe("paused"), Some(State::Running));
        assert_eq!(tracker.observe("error"), Some(State::Error));
        assert_eq!(tracker.observe("running"), None);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for (n, text) in [
            (0, "0"),
            (7, "7"),
            (10, "10"),
            (u64::MAX, "18446744073709551615"),
        ] {
            let mut out = String::from("=");
            push_u64(&mut out, n);
            assert_eq!(out, ["=", text].concat());
        }
    }

    #[test]
    fn storage_keys_are_unambiguous_and_secret_free() {
        assert_eq!(
            storage_key("/proxy/v1", "demo", "ok"),
            "drush-io-run|/proxy/v1|demo|ok"
        );
        assert_ne!(storage_key("", "a|b", "c"), storage_key("", "a", "b|c"));
        assert_ne!(storage_key("", "a%7Cb", "c"), storage_key("", "a|b", "c"));
    }

    #[test]
    fn saved_runs_round_trip_and_refuse_junk() {
        for state in [State::Queued, State::Running] {
            let saved = SavedRun {
                id: "run 1".into(),
                started_ms: 1_700_000_000_123,
                seen_ms: 1_700_090_000_456,
                state,
            };
            let text = SavedRun::encode(saved.started_ms, saved.seen_ms, saved.state, &saved.id);
            assert_eq!(SavedRun::decode(&text), Some(saved));
        }
        assert_eq!(SavedRun::decode(""), None);
        assert_eq!(SavedRun::decode("123 456 queued "), None);
        assert_eq!(SavedRun::decode("123 456 abc"), None);
        // The format before the time last seen: read as nothing, not as a wrong time.
        assert_eq!(SavedRun::decode("123 queued abc"), None);
        assert_eq!(SavedRun::decode("soon 456 queued abc"), None);
        assert_eq!(SavedRun::decode("{\"id\":1}"), None);
        assert_eq!(SavedRun::decode("+12 456 queued abc"), None);
        assert_eq!(
            SavedRun::decode("99999999999999999999 456 queued abc"),
            None
        );
    }
}
