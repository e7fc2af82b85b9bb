//! Migration tasks: create, list, show, start, stop, delete, and bandwidth updates.

use oms_client::operations::{
    batch_update_tasks::BatchUpdateTasksInput, create_task::CreateTaskInput,
    delete_task::DeleteTaskInput, list_tasks::ListTasksInput, show_task::ShowTaskInput,
    start_task::StartTaskInput, stop_task::StopTaskInput,
    update_bandwidth_policy::UpdateBandwidthPolicyInput,
};
use oms_client::types::{CreateTaskResp, DstNodeResp, ListTasksResp, SrcNodeResp, TaskResp};

use super::page;
use crate::errors::{codes, OmsError};
use crate::routes::{Answer, Ctx, Reply};
use crate::state::{is_active, Task, TaskSource, TaskStatus};

pub(crate) fn create(ctx: &mut Ctx<'_>, input: CreateTaskInput) -> Reply {
    let id = ctx.project.next_task_id();
    let body = input.body;
    let name = format!(
        "{}-{}",
        body.src_node.bucket.as_deref().unwrap_or("task"),
        id
    );
    let mut task = Task::new(
        id,
        name.clone(),
        ctx.now,
        ctx.config.source,
        TaskSource::Request(Box::new(body.clone())),
    );
    task.bandwidth_policy = body.bandwidth_policy;
    ctx.project.tasks.insert(id, task);
    let mut out = CreateTaskResp::default();
    out.id = Some(id);
    out.task_name = Some(name);
    Ok(Answer::json(&out))
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListTasksInput) -> Reply {
    let matching: Vec<&Task> = ctx
        .project
        .tasks
        .values()
        .rev()
        .filter(|t| input.status.is_none_or(|s| t.state == s))
        .filter(|t| {
            input
                .group_id
                .as_ref()
                .is_none_or(|g| t.group_id.as_ref() == Some(g))
        })
        .filter(|t| {
            input
                .task_name
                .as_ref()
                .is_none_or(|n| t.name.contains(n.as_str()))
        })
        .collect();
    let (items, count) = page(&matching, input.offset, input.limit);
    let mut out = ListTasksResp::default();
    out.count = Some(count);
    out.tasks = Some(items.iter().map(|t| describe(ctx, t)).collect());
    Ok(Answer::json(&out))
}

pub(crate) fn show(ctx: &mut Ctx<'_>, input: ShowTaskInput) -> Reply {
    let task = find(ctx, input.task_id)?;
    Ok(Answer::json(&describe(ctx, task)))
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, input: DeleteTaskInput) -> Reply {
    let task = find(ctx, input.task_id)?;
    if is_active(task.state) {
        return Err(OmsError::state(
            codes::IN_PROGRESS,
            "The task is in progress and cannot be deleted. Pause it before deleting it.",
        ));
    }
    ctx.project.tasks.remove(&input.task_id);
    Ok(Answer::Empty)
}

pub(crate) fn start(ctx: &mut Ctx<'_>, input: StartTaskInput) -> Reply {
    let now = ctx.now;
    let task = find_mut(ctx, input.task_id)?;
    match task.state {
        TaskStatus::Stopped | TaskStatus::Failed => {
            task.restart(now);
            Ok(Answer::Empty)
        }
        TaskStatus::Succeeded => Err(completed()),
        // Waiting, running, pausing: the emulator models no other state.
        _ => Err(OmsError::state(
            codes::ALREADY_STARTED,
            "The task has already been started.",
        )),
    }
}

pub(crate) fn stop(ctx: &mut Ctx<'_>, input: StopTaskInput) -> Reply {
    let (now, config) = (ctx.now, ctx.config);
    let task = find_mut(ctx, input.task_id)?;
    match task.state {
        TaskStatus::Running => {
            task.stop(now, config);
            Ok(Answer::Empty)
        }
        TaskStatus::Succeeded => Err(completed()),
        _ => Err(OmsError::state(
            codes::NOT_RUNNING,
            "Failed to pause the task: the task is not being migrated.",
        )),
    }
}

pub(crate) fn update_bandwidth(ctx: &mut Ctx<'_>, input: UpdateBandwidthPolicyInput) -> Reply {
    let task = find_mut(ctx, input.task_id)?;
    if task.state == TaskStatus::Succeeded {
        return Err(completed());
    }
    task.bandwidth_policy = Some(input.body.bandwidth_policy);
    Ok(Answer::Empty)
}

pub(crate) fn batch_update(ctx: &mut Ctx<'_>, input: BatchUpdateTasksInput) -> Reply {
    let body = input.body;
    for task in ctx.project.tasks.values_mut() {
        let chosen = body.ids.as_ref().is_some_and(|ids| ids.contains(&task.id))
            || (body.group_id.is_some() && task.group_id == body.group_id);
        if chosen && task.state != TaskStatus::Succeeded {
            task.bandwidth_policy = Some(body.bandwidth_policy.clone());
        }
    }
    Ok(Answer::Empty)
}

fn completed() -> OmsError {
    OmsError::state(
        codes::ALREADY_COMPLETED,
        "The task has been completed and cannot be started or paused.",
    )
}

fn find<'c>(ctx: &'c Ctx<'_>, id: i64) -> Result<&'c Task, OmsError> {
    ctx.project
        .tasks
        .get(&id)
        .ok_or_else(|| OmsError::task_not_found(id))
}

fn find_mut<'c>(ctx: &'c mut Ctx<'_>, id: i64) -> Result<&'c mut Task, OmsError> {
    ctx.project
        .tasks
        .get_mut(&id)
        .ok_or_else(|| OmsError::task_not_found(id))
}

/// A task as `ShowTask` and `ListTasks` describe it, progress and sizes included.
pub(crate) fn describe(ctx: &Ctx<'_>, task: &Task) -> TaskResp {
    let (now, config) = (ctx.now, ctx.config);
    let done = task.done(now, config);
    let total = task.contents.bytes;
    let fraction = if total == 0 {
        if task.state == TaskStatus::Succeeded {
            1.0
        } else {
            0.0
        }
    } else {
        done as f64 / total as f64
    };
    let objects_done = (task.contents.objects as f64 * fraction).floor() as i64;
    let mut out = TaskResp::default();
    out.id = Some(task.id);
    out.name = Some(task.name.clone());
    out.status = Some(task.state);
    out.group_id = task.group_id.clone();
    out.progress = Some((fraction * 1000.0).floor() / 1000.0);
    out.total_size = Some(total as i64);
    out.complete_size = Some(done as i64);
    out.real_size = Some(done as i64);
    out.total_num = Some(task.contents.objects as i64);
    out.successful_num = Some(objects_done);
    out.failed_num = Some(0);
    out.skipped_num = Some(0);
    out.is_query_over = Some(true);
    out.start_time = task.first_run.map(|t| t as i64);
    out.total_time = Some(task.ran(now) as i64);
    let running = task.state == TaskStatus::Running;
    out.migrate_speed = Some(if running {
        config.transfer_speed as i64
    } else {
        0
    });
    out.left_time = Some(if running {
        (total - done)
            .saturating_mul(1000)
            .div_ceil(config.transfer_speed) as i64
    } else {
        0
    });
    out.error_reason = task.error.clone();
    out.bandwidth_policy = task.bandwidth_policy.clone();
    if let TaskSource::Request(request) = &task.source {
        let mut src = SrcNodeResp::default();
        src.bucket = request.src_node.bucket.clone();
        src.region = request.src_node.region.clone();
        src.cloud_type = request.src_node.cloud_type.clone();
        src.object_key = request.src_node.object_key.clone();
        out.src_node = Some(src);
        let mut dst = DstNodeResp::default();
        dst.bucket = Some(request.dst_node.bucket.clone());
        dst.region = Some(request.dst_node.region.clone());
        dst.save_prefix = request.dst_node.save_prefix.clone();
        out.dst_node = Some(dst);
        out.task_type = request.task_type.clone();
        out.description = request.description.clone();
        out.enable_restore = request.enable_restore;
        out.enable_metadata_migration = request.enable_metadata_migration;
        out.enable_failed_object_recording = request.enable_failed_object_recording;
        out.migrate_since = request.migrate_since;
        out.object_overwrite_mode = request.object_overwrite_mode.clone();
        out.dst_storage_policy = request.dst_storage_policy.clone();
        out.consistency_check = request.consistency_check.clone();
        out.task_priority = request.task_priority.clone();
    }
    out
}
