//! Runs in memory: their state, the bounded history, and their JSON form.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use serde_json::{json, Value};

use crate::jobs::Job;
use crate::util::unix_now;

/// How many runs the server remembers unless told otherwise.
pub const DEFAULT_HISTORY_LIMIT: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Queued,
    Running,
    Complete,
    Error,
}

impl Status {
    pub fn is_finished(self) -> bool {
        matches!(self, Status::Complete | Status::Error)
    }
}

#[derive(Debug)]
pub struct Run {
    pub id: String,
    pub job: Arc<Job>,
    pub status: Status,
    /// Unix seconds.
    pub created: u64,
    /// Unix seconds of the last status change.
    pub changed: u64,
    started: Option<Instant>,
    finished_duration_s: Option<u64>,
    pub log: String,
    /// The variables the command runs with (defaults merged with the request's).
    pub env: BTreeMap<String, String>,
    /// How many times this run was read (GET), for the poll faults.
    pub polls: u32,
}

impl Run {
    pub fn new(job: Arc<Job>, env: BTreeMap<String, String>) -> Self {
        let now = unix_now();
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            job,
            status: Status::Queued,
            created: now,
            changed: now,
            started: None,
            finished_duration_s: None,
            log: String::new(),
            env,
            polls: 0,
        }
    }

    pub fn start(&mut self) {
        self.status = Status::Running;
        self.started = Some(Instant::now());
        self.changed = unix_now();
    }

    pub fn finish(&mut self, status: Status, log: String) {
        self.finished_duration_s = Some(self.started.map_or(0, |s| s.elapsed().as_secs()));
        self.status = status;
        self.log = log;
        self.changed = unix_now();
    }

    /// Whole seconds spent running so far (0 while queued), as the docs describe.
    pub fn duration_s(&self) -> u64 {
        self.finished_duration_s
            .or_else(|| self.started.map(|s| s.elapsed().as_secs()))
            .unwrap_or(0)
    }

    /// The run object of the API. `log` appears once the run is finished and only
    /// when the job printed something, as in the documentation.
    pub fn to_json(&self, with_log: bool) -> Value {
        let numbers_as_strings = self.job.faults.numbers_as_strings;
        let number = |n: u64| {
            if numbers_as_strings {
                Value::String(n.to_string())
            } else {
                Value::from(n)
            }
        };
        let mut object = json!({
            "id": self.id,
            "status": self.status,
            "duration": number(self.duration_s()),
            "created": number(self.created),
            "changed": number(self.changed),
            "project": self.job.project_name,
            "job": self.job.name,
        });
        if with_log && self.status.is_finished() {
            let log = match self.job.faults.log_bytes {
                Some(size) => crate::faults::log_of_size(self.log.clone(), size),
                None => self.log.clone(),
            };
            if !log.is_empty() {
                object["log"] = Value::String(log);
            }
        }
        object
    }
}

/// The last `limit` runs, oldest evicted first. Only finished runs are evicted: a run
/// still queued or running stays (the store may then hold more than `limit`), since
/// its worker and its clients still need it.
#[derive(Debug)]
pub struct RunStore {
    runs: HashMap<String, Run>,
    order: VecDeque<String>,
    limit: usize,
}

impl RunStore {
    pub fn new(limit: usize) -> Self {
        Self {
            runs: HashMap::new(),
            order: VecDeque::new(),
            limit: limit.max(1),
        }
    }

    pub fn insert(&mut self, run: Run) {
        self.order.push_back(run.id.clone());
        self.runs.insert(run.id.clone(), run);
        let mut excess = self.order.len().saturating_sub(self.limit);
        if excess == 0 {
            return;
        }
        let runs = &mut self.runs;
        self.order.retain(|id| {
            let finished = runs.get(id).is_none_or(|run| run.status.is_finished());
            if excess == 0 || !finished {
                return true;
            }
            runs.remove(id);
            excess -= 1;
            false
        });
    }

    pub fn get(&self, id: &str) -> Option<&Run> {
        self.runs.get(id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Run> {
        self.runs.get_mut(id)
    }

    pub fn len(&self) -> usize {
        self.runs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Runs of one project, newest first.
    pub fn recent_for_project<'a>(&'a self, project_id: &'a str) -> impl Iterator<Item = &'a Run> {
        self.order
            .iter()
            .rev()
            .filter_map(|id| self.runs.get(id))
            .filter(move |run| run.job.project_id == project_id)
    }
}
