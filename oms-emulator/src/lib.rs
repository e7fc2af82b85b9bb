//! A local emulator of the Huawei Cloud Object Storage Migration Service (OMS) v2, for testing
//! code that uses `oms-client` without an account.
//!
//! - It speaks every operation of the spec. Routing, request decoding and validation use
//!   oms-client's generated input types and their `validate()`, so it cannot drift from the
//!   client: a request outside the spec's bounds gets the service's 400 (`OMS.0064`).
//! - It authenticates like the API gateway: `SDK-HMAC-SHA256` signatures by configured AK/SK
//!   pairs (within 15 minutes of its clock) or configured IAM tokens; anything else gets 401
//!   `APIGW.0301` with the gateway's error body.
//! - It keeps state in memory per project: migration tasks that wait, run and succeed over
//!   time at a configured speed, with progress, sizes and object counts; task groups that
//!   create and follow their tasks; synchronization tasks that start and stop; the service's
//!   conflicts (deleting a running task is `OMS.0063`); offset/limit paging with `count`.
//! - It injects faults on demand: a share of 5xx or 429 answers, latency, dropped connections.
//! - Its clock can be the wall clock or one that tests move by hand
//!   ([`Config::manual_clock`], [`Emulator::advance`]), so nothing waits in real time.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use oms_emulator::{Config, Emulator};
//!
//! let emulator = Emulator::start(Config::manual_clock()).await?;
//! let client = emulator.client()?;
//! let versions = client.list_api_versions().send().await?;
//! assert_eq!(versions.versions.unwrap()[0].id.as_deref(), Some("v2"));
//! emulator.advance(Duration::from_secs(60));
//! # Ok(()) }
//! ```
//!
//! Error codes follow the service's published tables where they document the case (invalid
//! parameters `OMS.0064`, wrong parameter type `OMS.1010`, missing resource `OMS.1009`,
//! deleting what is in progress `OMS.0063`, stopping what is not running `OMS.0066`,
//! throttling `APIGW.0308`, authentication `APIGW.0301`); where they do not, the nearest
//! documented code (see [`codes`]).

#![warn(missing_docs)]

mod auth;
mod clock;
mod config;
mod errors;
mod faults;
mod handlers;
mod http;
mod routes;
mod state;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use huaweicloud_runtime::test_util::Recorded;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use clock::Clock;
pub use config::{Config, SourceContents, ACCESS_KEY, PROJECT_ID, SECRET_KEY, TOKEN};
pub use errors::codes;
pub use faults::Faults;

/// What every connection's tasks share.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) routes: routes::Routes,
    pub(crate) faults: faults::Injector,
    store: Mutex<state::Store>,
    log: Mutex<VecDeque<Recorded>>,
    pub(crate) next_request: AtomicU64,
}

impl Shared {
    pub(crate) fn store(&self) -> MutexGuard<'_, state::Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn record(&self, request: Recorded) {
        let mut log = self.log.lock().unwrap_or_else(|p| p.into_inner());
        if log.len() >= self.config.request_log_limit {
            log.pop_front();
        }
        if self.config.request_log_limit > 0 {
            log.push_back(request);
        }
    }
}

/// A running emulator on 127.0.0.1; it stops when dropped.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
}

impl Emulator {
    /// Starts an emulator on an ephemeral port of 127.0.0.1, on the current tokio runtime.
    pub async fn start(config: Config) -> std::io::Result<Emulator> {
        Emulator::bind(config, 0).await
    }

    /// Starts an emulator on `port` of 127.0.0.1 (0: any free port).
    pub async fn bind(config: Config, port: u16) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            faults: faults::Injector::new(config.faults.clone(), config.seed),
            config,
            routes: routes::Routes::new(),
            store: Mutex::new(state::Store::default()),
            log: Mutex::new(VecDeque::new()),
            next_request: AtomicU64::new(0),
        });
        let (shutdown, stop) = watch::channel(false);
        tokio::spawn(http::serve(listener, shared.clone(), stop));
        Ok(Emulator {
            shared,
            addr,
            shutdown,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many operations it answers.
    pub fn operations(&self) -> usize {
        self.shared.routes.len()
    }

    /// A client builder aimed at the emulator, with its default AK/SK and project id (HTTP
    /// allowed, region checks off).
    pub fn client_builder(&self) -> oms_client::ClientBuilder {
        oms_client::Client::builder()
            .endpoint(self.url())
            .allow_http(true)
            .check_region(false)
            .credentials(
                oms_client::Credentials::new(ACCESS_KEY, SECRET_KEY).project_id(PROJECT_ID),
            )
    }

    /// A client of the emulator with its default credentials.
    pub fn client(&self) -> Result<oms_client::Client, oms_client::Error> {
        self.client_builder().build()
    }

    /// Moves a manual clock forward: tasks progress as if that time had passed.
    pub fn advance(&self, by: Duration) {
        self.shared.config.clock.advance(by);
    }

    /// The emulator's clock.
    pub fn clock(&self) -> &Clock {
        &self.shared.config.clock
    }

    /// Replaces the injected faults.
    pub fn set_faults(&self, faults: Faults) {
        self.shared.faults.set(faults);
    }

    /// The requests received, oldest first, as they arrived: every one, up to the latest
    /// [`Config::request_log_limit`].
    pub fn requests(&self) -> Vec<Recorded> {
        let log = self.shared.log.lock().unwrap_or_else(|p| p.into_inner());
        log.iter().cloned().collect()
    }

    /// Makes a task of `project` fail now with this reason, as a migration error would; false
    /// if there is no such task.
    pub fn fail_task(&self, project: &str, task_id: i64, code: &str, message: &str) -> bool {
        let now = self.shared.config.clock.now_ms();
        let mut store = self.shared.store();
        let project = store.project(project);
        project.advance(now, &self.shared.config);
        match project.tasks.get_mut(&task_id) {
            Some(task) => {
                task.fail(now, &self.shared.config, code, message);
                true
            }
            None => false,
        }
    }
}

/// An entity to put into an emulator's state before a test, in a given state (tasks waiting,
/// running, stopped, failed, succeeded or pausing; task groups waiting, monitoring, paused,
/// failed, completed or pausing; other states become waiting).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fixture {
    /// A migration task with this id and status.
    Task {
        /// Its id.
        id: i64,
        /// Its state.
        status: oms_client::types::TaskStatus,
    },
    /// A task group with this id and status (and no tasks).
    TaskGroup {
        /// Its id.
        id: String,
        /// Its state.
        status: oms_client::types::TaskGroupStatus,
    },
    /// A synchronization task, synchronizing or stopped.
    SyncTask {
        /// Its id.
        id: String,
        /// Whether it is synchronizing.
        synchronizing: bool,
    },
}

impl Emulator {
    /// Puts `fixture` into `project`'s state, replacing an entity with the same id.
    pub fn insert(&self, project: &str, fixture: Fixture) {
        let now = self.shared.config.clock.now_ms();
        let config = &self.shared.config;
        let mut store = self.shared.store();
        let project = store.project(project);
        match fixture {
            Fixture::Task { id, status } => {
                project
                    .tasks
                    .insert(id, state::Task::fixture(id, status, now, config));
            }
            Fixture::TaskGroup { id, status } => {
                let group = state::Group::fixture(id.clone(), status, now, config);
                project.groups.insert(id, group);
            }
            Fixture::SyncTask { id, synchronizing } => {
                let task = state::SyncTask::fixture(id.clone(), synchronizing, now);
                project.sync_tasks.insert(id, task);
            }
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
