//! The jobs file: which projects and jobs exist, what they run and with which
//! variables. See `www/jobs.toml` for an example.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use uuid::Uuid;

use crate::faults::Faults;

/// Jobs end in `error` when they run longer than this (unless `timeout_s` says otherwise).
pub const DEFAULT_TIMEOUT_S: u64 = 600;
/// Logs are cut beyond this size unless the jobs file raises it (`log_limit_bytes`).
pub const DEFAULT_LOG_LIMIT_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    log_limit_bytes: Option<usize>,
    #[serde(default, rename = "project")]
    projects: Vec<ProjectSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectSpec {
    name: String,
    id: Option<String>,
    #[serde(default, rename = "job")]
    jobs: Vec<JobSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobSpec {
    name: String,
    id: Option<String>,
    command: Vec<String>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
    timeout_s: Option<u64>,
    log_limit_bytes: Option<usize>,
    #[serde(default)]
    faults: Faults,
}

#[derive(Debug)]
pub struct Catalog {
    pub projects: Vec<Project>,
}

#[derive(Debug)]
pub struct Project {
    pub name: String,
    pub id: String,
    pub jobs: Vec<Arc<Job>>,
}

#[derive(Debug)]
pub struct Job {
    pub project_name: String,
    pub project_id: String,
    pub name: String,
    pub id: String,
    pub command: Vec<String>,
    /// The only variables a run may set, with their defaults.
    pub variables: BTreeMap<String, String>,
    pub timeout: Duration,
    pub log_limit_bytes: usize,
    pub faults: Faults,
}

impl Catalog {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read jobs file {}: {e}", path.display()))?;
        Self::from_toml(&text).map_err(|e| format!("jobs file {}: {e}", path.display()))
    }

    pub fn from_toml(text: &str) -> Result<Self, String> {
        let spec: FileSpec = toml::from_str(text).map_err(|e| e.to_string())?;
        let default_log_limit = spec.log_limit_bytes.unwrap_or(DEFAULT_LOG_LIMIT_BYTES);
        let mut projects = Vec::new();
        let mut seen = HashSet::new();
        for project in spec.projects {
            let project = Project::from_spec(project, default_log_limit)?;
            for key in [&project.name, &project.id] {
                if !seen.insert(key.clone()) {
                    return Err(format!("project name or id `{key}` is used twice"));
                }
            }
            projects.push(project);
        }
        Ok(Self { projects })
    }

    /// A project by machine name or ID.
    pub fn project(&self, ish: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.name == ish || p.id == ish)
    }

    pub fn jobs(&self) -> impl Iterator<Item = &Arc<Job>> {
        self.projects.iter().flat_map(|p| p.jobs.iter())
    }
}

impl Project {
    fn from_spec(spec: ProjectSpec, default_log_limit: usize) -> Result<Self, String> {
        check_machine_name("project", &spec.name)?;
        let id = spec
            .id
            .unwrap_or_else(|| derived_id(&format!("project/{}", spec.name)));
        check_machine_name("project id", &id)?;
        let mut jobs = Vec::new();
        let mut seen = HashSet::new();
        for job in spec.jobs {
            let job = Job::from_spec(job, &spec.name, &id, default_log_limit)?;
            for key in [&job.name, &job.id] {
                if !seen.insert(key.clone()) {
                    return Err(format!(
                        "job name or id `{key}` is used twice in project `{}`",
                        spec.name
                    ));
                }
            }
            jobs.push(Arc::new(job));
        }
        Ok(Self {
            name: spec.name,
            id,
            jobs,
        })
    }

    /// A job of this project by machine name or ID.
    pub fn job(&self, ish: &str) -> Option<&Arc<Job>> {
        self.jobs.iter().find(|j| j.name == ish || j.id == ish)
    }
}

impl Job {
    fn from_spec(
        spec: JobSpec,
        project_name: &str,
        project_id: &str,
        default_log_limit: usize,
    ) -> Result<Self, String> {
        check_machine_name("job", &spec.name)?;
        let id = spec
            .id
            .unwrap_or_else(|| derived_id(&format!("job/{project_id}/{}", spec.name)));
        check_machine_name("job id", &id)?;
        if spec.command.is_empty() {
            return Err(format!("job `{}` has an empty command", spec.name));
        }
        if let Some(bad) = spec.variables.keys().find(|k| !is_variable_name(k)) {
            return Err(format!(
                "job `{}`: `{bad}` is not a valid variable name",
                spec.name
            ));
        }
        let timeout_s = spec.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S);
        if timeout_s == 0 {
            return Err(format!("job `{}`: timeout_s must be above 0", spec.name));
        }
        Ok(Self {
            project_name: project_name.to_owned(),
            project_id: project_id.to_owned(),
            name: spec.name,
            id,
            command: spec.command,
            variables: spec.variables,
            timeout: Duration::from_secs(timeout_s),
            log_limit_bytes: spec.log_limit_bytes.unwrap_or(default_log_limit),
            faults: spec.faults,
        })
    }
}

/// `^[A-Za-z_][A-Za-z0-9_]*$`, the rule the client applies too.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Machine names and IDs are single URL path segments: letters, digits, `-`, `_`, `.`.
fn check_machine_name(what: &str, name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{what} `{name}` must be made of letters, digits, `-`, `_` or `.`"
        ))
    }
}

/// A stable ID for an item declared without one, so it survives restarts.
fn derived_id(key: &str) -> String {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("drush-io-devserver:{key}").as_bytes(),
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
        [[project]]
        name = "my-corp"
          [[project.job]]
          name = "cache-clear"
          command = ["sh", "-c", "echo hi"]
          variables = { SITE = "default" }
    "#;

    #[test]
    fn finds_projects_and_jobs_by_name_or_derived_id() {
        let catalog = Catalog::from_toml(FILE).unwrap();
        let project = catalog.project("my-corp").unwrap();
        assert!(catalog.project(&project.id).is_some());
        let job = project.job("cache-clear").unwrap();
        assert_eq!(project.job(&job.id).unwrap().name, "cache-clear");
        assert_eq!(job.variables["SITE"], "default");
        assert_eq!(job.timeout, Duration::from_secs(DEFAULT_TIMEOUT_S));
        // Derived IDs are stable across loads.
        let again = Catalog::from_toml(FILE).unwrap();
        assert_eq!(again.project("my-corp").unwrap().id, project.id);
    }

    #[test]
    fn refuses_bad_files_with_a_message() {
        let bad_variable = FILE.replace("SITE =", "\"1SITE\" =");
        assert!(Catalog::from_toml(&bad_variable)
            .unwrap_err()
            .contains("1SITE"));
        let bad_name = FILE.replace("cache-clear", "cache/clear");
        assert!(Catalog::from_toml(&bad_name).is_err());
        let empty_command = FILE.replace(r#"["sh", "-c", "echo hi"]"#, "[]");
        assert!(Catalog::from_toml(&empty_command)
            .unwrap_err()
            .contains("empty command"));
        assert!(Catalog::from_toml("[[project]]\nname = 3").is_err());
    }

    #[test]
    fn variable_names_follow_the_client_rule() {
        for good in ["SITE", "_x", "a1_B"] {
            assert!(is_variable_name(good), "{good}");
        }
        for bad in ["", "1A", "A-B", "A B", "É"] {
            assert!(!is_variable_name(bad), "{bad}");
        }
    }
}
