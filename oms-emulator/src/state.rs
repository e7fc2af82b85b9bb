//! What the emulator remembers, per project: migration tasks, task groups and synchronization
//! tasks, with the state machines that move them over (emulated) time. Every read first brings
//! an entity up to the clock, so progress needs no background work and a manual clock drives it
//! exactly.

use std::collections::{BTreeMap, HashMap};

use oms_client::types::{
    BandwidthPolicyDto, CreateSyncTaskReq, CreateTaskGroupReq, CreateTaskReq, ErrorReasonResp,
};
pub(crate) use oms_client::types::{TaskGroupStatus, TaskStatus};

use crate::config::{Config, SourceContents};

/// How long a stopping task takes to stop.
const PAUSING_MS: u64 = 1_000;

/// All projects' state.
#[derive(Debug, Default)]
pub(crate) struct Store {
    projects: HashMap<String, Project>,
}

impl Store {
    pub(crate) fn project(&mut self, id: &str) -> &mut Project {
        self.projects.entry(id.to_string()).or_default()
    }
}

/// One project's entities.
#[derive(Debug, Default)]
pub(crate) struct Project {
    pub(crate) tasks: BTreeMap<i64, Task>,
    pub(crate) groups: BTreeMap<String, Group>,
    pub(crate) sync_tasks: BTreeMap<String, SyncTask>,
    next_id: u64,
}

impl Project {
    /// A new task id: numeric, increasing, as the service's are.
    pub(crate) fn next_task_id(&mut self) -> i64 {
        self.next_id += 1;
        1_700_000_000_000 + self.next_id as i64
    }

    /// A new string id for a group or sync task, shaped like the service's UUIDs.
    pub(crate) fn next_uuid(&mut self) -> String {
        self.next_id += 1;
        let n = self.next_id;
        format!("{:08x}-0000-4000-8000-{:012x}", n as u32, n)
    }

    /// Brings every entity up to `now`.
    pub(crate) fn advance(&mut self, now: u64, config: &Config) {
        for task in self.tasks.values_mut() {
            task.advance(now, config);
        }
        let tasks = &self.tasks;
        for group in self.groups.values_mut() {
            group.advance(now, config, tasks);
        }
        let created: Vec<(String, u64)> = self
            .groups
            .values_mut()
            .filter_map(|g| g.take_pending_creation().map(|at| (g.id.clone(), at)))
            .collect();
        for (group_id, at) in created {
            self.create_group_tasks(&group_id, at, config);
        }
        for task in self.tasks.values_mut() {
            task.advance(now, config);
        }
        let tasks = &self.tasks;
        for group in self.groups.values_mut() {
            group.advance(now, config, tasks);
        }
        let gone: Vec<String> = self
            .groups
            .values()
            .filter(|g| g.is_gone(now))
            .map(|g| g.id.clone())
            .collect();
        for id in gone {
            if let Some(group) = self.groups.remove(&id) {
                for task in group.task_ids {
                    self.tasks.remove(&task);
                }
            }
        }
    }

    /// A group's tasks, created when the group starts running.
    fn create_group_tasks(&mut self, group_id: &str, at: u64, config: &Config) {
        let Some(group) = self.groups.get(group_id) else {
            return;
        };
        let shares = group.task_count.max(1);
        let name = format!("group-{group_id}");
        let source = group.source;
        let mut ids = Vec::new();
        for i in 0..shares {
            let id = self.next_task_id();
            let part = SourceContents {
                objects: source.objects / shares + u64::from(i < source.objects % shares),
                bytes: source.bytes / shares + u64::from(i < source.bytes % shares),
            };
            let mut task = Task::new(id, format!("{name}-{i}"), at, part, TaskSource::Group);
            task.group_id = Some(group_id.to_string());
            // Created when the group runs, the task is scheduled straight away.
            task.state = TaskStatus::Waiting;
            task.since = at.saturating_sub(config.scheduling_delay.as_millis() as u64);
            self.tasks.insert(id, task);
            ids.push(id);
        }
        if let Some(group) = self.groups.get_mut(group_id) {
            group.task_ids = ids;
        }
    }
}

/// Whether a task in this state is doing work (it cannot be deleted or started).
pub(crate) fn is_active(state: TaskStatus) -> bool {
    matches!(
        state,
        TaskStatus::Waiting | TaskStatus::Running | TaskStatus::Pausing
    )
}

/// Where a task came from: its own request, or a task group.
#[derive(Debug)]
pub(crate) enum TaskSource {
    Request(Box<CreateTaskReq>),
    Group,
}

/// A migration task.
#[derive(Debug)]
pub(crate) struct Task {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) group_id: Option<String>,
    pub(crate) source: TaskSource,
    pub(crate) state: TaskStatus,
    /// When the current state began.
    pub(crate) since: u64,
    pub(crate) contents: SourceContents,
    /// Bytes migrated when the current state began.
    pub(crate) done_at_since: u64,
    /// Running time before the current run.
    pub(crate) ran_before: u64,
    /// When the task first ran.
    pub(crate) first_run: Option<u64>,
    pub(crate) error: Option<ErrorReasonResp>,
    pub(crate) bandwidth_policy: Option<Vec<BandwidthPolicyDto>>,
}

impl Task {
    pub(crate) fn new(
        id: i64,
        name: String,
        now: u64,
        contents: SourceContents,
        source: TaskSource,
    ) -> Task {
        Task {
            id,
            name,
            group_id: None,
            source,
            state: TaskStatus::Waiting,
            since: now,
            contents,
            done_at_since: 0,
            ran_before: 0,
            first_run: None,
            error: None,
            bandwidth_policy: None,
        }
    }

    /// A task put in place by a test, in the state of `status` (unknown states, and
    /// retrying, which the emulator does not model: waiting).
    pub(crate) fn fixture(id: i64, status: TaskStatus, now: u64, config: &Config) -> Task {
        let mut task = Task::new(
            id,
            format!("fixture-{id}"),
            now,
            config.source,
            TaskSource::Group,
        );
        match status {
            TaskStatus::Running => {
                task.first_run = Some(now);
                task.enter(TaskStatus::Running, now);
            }
            TaskStatus::Stopped => task.enter(TaskStatus::Stopped, now),
            TaskStatus::Failed => task.fail(now, config, "TRF.0001", "System error."),
            TaskStatus::Succeeded => {
                task.first_run = Some(now);
                task.done_at_since = config.source.bytes;
                task.enter(TaskStatus::Succeeded, now);
            }
            TaskStatus::Pausing => task.enter(TaskStatus::Pausing, now),
            _ => {}
        }
        task
    }

    /// Moves the task along its life up to `now`: scheduled after the scheduling delay,
    /// running at the configured speed, succeeded when every byte has moved, stopped a moment
    /// after it was asked to stop.
    pub(crate) fn advance(&mut self, now: u64, config: &Config) {
        loop {
            match self.state {
                TaskStatus::Waiting => {
                    let start = self.since + config.scheduling_delay.as_millis() as u64;
                    if now < start {
                        return;
                    }
                    self.first_run.get_or_insert(start);
                    self.enter(TaskStatus::Running, start);
                }
                TaskStatus::Running => {
                    let left = self.contents.bytes.saturating_sub(self.done_at_since);
                    let needed_ms = left.saturating_mul(1000).div_ceil(config.transfer_speed);
                    let finish = self.since.saturating_add(needed_ms);
                    if now < finish {
                        return;
                    }
                    self.ran_before += finish - self.since;
                    self.done_at_since = self.contents.bytes;
                    self.enter(TaskStatus::Succeeded, finish);
                }
                TaskStatus::Pausing => {
                    if now < self.since + PAUSING_MS {
                        return;
                    }
                    self.enter(TaskStatus::Stopped, self.since + PAUSING_MS);
                }
                // Stopped, failed, succeeded: final until a request moves them.
                _ => return,
            }
        }
    }

    fn enter(&mut self, state: TaskStatus, at: u64) {
        self.state = state;
        self.since = at;
    }

    /// Bytes migrated by `now` (the task being up to date).
    pub(crate) fn done(&self, now: u64, config: &Config) -> u64 {
        match self.state {
            TaskStatus::Running => {
                let moved = (now - self.since).saturating_mul(config.transfer_speed) / 1000;
                (self.done_at_since + moved).min(self.contents.bytes)
            }
            _ => self.done_at_since,
        }
    }

    /// Running time by `now`.
    pub(crate) fn ran(&self, now: u64) -> u64 {
        match self.state {
            TaskStatus::Running => self.ran_before + (now - self.since),
            _ => self.ran_before,
        }
    }

    /// Stops a waiting or running task (it pauses first).
    pub(crate) fn stop(&mut self, now: u64, config: &Config) {
        self.done_at_since = self.done(now, config);
        self.ran_before = self.ran(now);
        self.enter(TaskStatus::Pausing, now);
    }

    /// Starts a stopped or failed task again, from where it was.
    pub(crate) fn restart(&mut self, now: u64) {
        self.error = None;
        self.enter(TaskStatus::Waiting, now);
    }

    /// Fails the task now with this reason.
    pub(crate) fn fail(&mut self, now: u64, config: &Config, code: &str, message: &str) {
        self.done_at_since = self.done(now, config);
        self.ran_before = self.ran(now);
        let mut reason = ErrorReasonResp::default();
        reason.error_code = Some(code.into());
        reason.error_msg = Some(message.into());
        self.error = Some(reason);
        self.enter(TaskStatus::Failed, now);
    }
}

/// A task group: tasks created together from one source.
#[derive(Debug)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) request: Box<CreateTaskGroupReq>,
    pub(crate) created: u64,
    pub(crate) state: TaskGroupStatus,
    pub(crate) since: u64,
    pub(crate) source: SourceContents,
    pub(crate) task_count: u64,
    pub(crate) task_ids: Vec<i64>,
    pub(crate) bandwidth_policy: Option<Vec<BandwidthPolicyDto>>,
    /// Set when the group starts running and its tasks are still to be created.
    pending_creation: Option<u64>,
}

impl Group {
    pub(crate) fn new(id: String, request: CreateTaskGroupReq, now: u64, config: &Config) -> Group {
        Group {
            id,
            bandwidth_policy: request.bandwidth_policy.clone(),
            request: Box::new(request),
            created: now,
            state: TaskGroupStatus::Waiting,
            since: now,
            source: config.source,
            task_count: 2,
            task_ids: Vec::new(),
            pending_creation: None,
        }
    }

    /// A group put in place by a test, with no tasks, in the state of `status` (states the
    /// emulator does not model: waiting).
    pub(crate) fn fixture(id: String, status: TaskGroupStatus, now: u64, config: &Config) -> Group {
        use oms_client::types::{TaskGroupDstNode, TaskGroupSrcNode};
        // Every required field is set, so the builders cannot refuse.
        let dst = TaskGroupDstNode::builder()
            .ak("fixture")
            .sk("fixture")
            .region("cn-north-4")
            .bucket("fixture-destination")
            .build()
            .expect("a complete destination");
        let src = TaskGroupSrcNode::builder()
            .bucket("fixture-source")
            .build()
            .expect("a source with only optional fields");
        let request = CreateTaskGroupReq::builder()
            .src_node(src)
            .dst_node(dst)
            .build()
            .expect("a complete request");
        let mut group = Group::new(id, request, now, config);
        let state = match status {
            TaskGroupStatus::Monitoring
            | TaskGroupStatus::Paused
            | TaskGroupStatus::MigrationFailed
            | TaskGroupStatus::Completed
            | TaskGroupStatus::Pausing => status,
            _ => TaskGroupStatus::Waiting,
        };
        group.enter(state, now);
        group
    }

    fn take_pending_creation(&mut self) -> Option<u64> {
        self.pending_creation.take()
    }

    /// Moves the group along: it creates its tasks after the scheduling delay, then follows
    /// them: completed when all succeeded, failed when one failed and none is still working.
    fn advance(&mut self, now: u64, config: &Config, tasks: &BTreeMap<i64, Task>) {
        match self.state {
            TaskGroupStatus::Waiting => {
                let start = self.since + config.scheduling_delay.as_millis() as u64;
                if now >= start && self.task_ids.is_empty() && self.pending_creation.is_none() {
                    self.pending_creation = Some(start);
                    self.state = TaskGroupStatus::Monitoring;
                    self.since = start;
                }
            }
            TaskGroupStatus::Monitoring => {
                if self.task_ids.is_empty() {
                    return;
                }
                let states: Vec<TaskStatus> = self
                    .task_ids
                    .iter()
                    .filter_map(|id| tasks.get(id).map(|t| t.state))
                    .collect();
                if states.iter().any(|s| is_active(*s)) {
                    return;
                }
                self.state = if states.iter().all(|s| *s == TaskStatus::Succeeded) {
                    TaskGroupStatus::Completed
                } else if states.contains(&TaskStatus::Failed) {
                    TaskGroupStatus::MigrationFailed
                } else {
                    TaskGroupStatus::Paused
                };
                self.since = now;
            }
            TaskGroupStatus::Pausing if now >= self.since + PAUSING_MS => {
                self.enter(TaskGroupStatus::Paused, self.since + PAUSING_MS);
            }
            TaskGroupStatus::WaitingDeletion if now >= self.since + PAUSING_MS => {
                self.enter(TaskGroupStatus::Deleted, self.since + PAUSING_MS);
            }
            // Paused, failed, completed, deleted: final until a request moves them.
            _ => {}
        }
    }

    /// Whether a deleted group has been gone long enough to be forgotten.
    pub(crate) fn is_gone(&self, now: u64) -> bool {
        self.state == TaskGroupStatus::Deleted && now >= self.since + PAUSING_MS
    }

    pub(crate) fn enter(&mut self, state: TaskGroupStatus, now: u64) {
        self.state = state;
        self.since = now;
    }
}

/// A synchronization task: it copies objects as events announce them.
#[derive(Debug)]
pub(crate) struct SyncTask {
    pub(crate) id: String,
    pub(crate) request: Box<CreateSyncTaskReq>,
    pub(crate) created: u64,
    pub(crate) synchronizing: bool,
    pub(crate) last_start: u64,
    /// Objects announced by `CreateSyncEvents`.
    pub(crate) requested_objects: u64,
}

impl SyncTask {
    /// A synchronization task put in place by a test.
    pub(crate) fn fixture(id: String, synchronizing: bool, now: u64) -> SyncTask {
        let request = CreateSyncTaskReq::builder()
            .src_region("cn-north-4")
            .src_bucket("fixture-source")
            .src_ak("fixture")
            .src_sk("fixture")
            .dst_ak("fixture")
            .dst_sk("fixture")
            .dst_region("cn-north-4")
            .dst_bucket("fixture-destination")
            .build()
            .expect("a complete request");
        SyncTask {
            id,
            request: Box::new(request),
            created: now,
            synchronizing,
            last_start: now,
            requested_objects: 0,
        }
    }
}
