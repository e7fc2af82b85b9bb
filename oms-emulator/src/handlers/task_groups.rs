//! Task groups: a group creates its tasks when it runs, then follows them.

use oms_client::operations::{
    create_task_group::CreateTaskGroupInput, delete_task_group::DeleteTaskGroupInput,
    list_task_group::ListTaskGroupInput, retry_task_group::RetryTaskGroupInput,
    show_task_group::ShowTaskGroupInput, start_task_group::StartTaskGroupInput,
    stop_task_group::StopTaskGroupInput, update_task_group::UpdateTaskGroupInput,
};
use oms_client::types::{
    CreateTaskGroupResp, ListTaskGroupResp, TaskGroupDstNodeResp, TaskGroupResp,
    TaskGroupSrcNodeResp,
};

use super::page;
use crate::errors::{codes, OmsError};
use crate::routes::{Answer, Ctx, Reply};
use crate::state::{Group, TaskGroupStatus, TaskStatus};

pub(crate) fn create(ctx: &mut Ctx<'_>, input: CreateTaskGroupInput) -> Reply {
    let id = ctx.project.next_uuid();
    let group = Group::new(id.clone(), input.body, ctx.now, ctx.config);
    ctx.project.groups.insert(id.clone(), group);
    let mut out = CreateTaskGroupResp::default();
    out.group_id = Some(id);
    Ok(Answer::json(&out))
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListTaskGroupInput) -> Reply {
    let mut groups: Vec<&Group> = ctx
        .project
        .groups
        .values()
        .filter(|g| input.status.is_none_or(|s| g.state == s))
        .collect();
    groups.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    let (items, count) = page(&groups, input.offset, input.limit);
    let mut out = ListTaskGroupResp::default();
    out.count = Some(count);
    out.taskgroups = Some(items.iter().map(|g| describe(ctx, g)).collect());
    Ok(Answer::json(&out))
}

pub(crate) fn show(ctx: &mut Ctx<'_>, input: ShowTaskGroupInput) -> Reply {
    let group = find(ctx, &input.group_id)?;
    Ok(Answer::json(&describe(ctx, group)))
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, input: DeleteTaskGroupInput) -> Reply {
    let now = ctx.now;
    let group = find_mut(ctx, &input.group_id)?;
    match group.state {
        TaskGroupStatus::Monitoring | TaskGroupStatus::Pausing | TaskGroupStatus::Waiting => {
            Err(OmsError::state(
                codes::IN_PROGRESS,
                "The task group is in progress and cannot be deleted. Pause it first.",
            ))
        }
        TaskGroupStatus::WaitingDeletion | TaskGroupStatus::Deleted => {
            Err(OmsError::group_not_found(&input.group_id))
        }
        _ => {
            // Deletion takes a moment: the group is waiting for deletion, then deleted, then
            // gone.
            group.enter(TaskGroupStatus::WaitingDeletion, now);
            Ok(Answer::Empty)
        }
    }
}

pub(crate) fn start(ctx: &mut Ctx<'_>, input: StartTaskGroupInput) -> Reply {
    transition(ctx, &input.group_id, &[TaskGroupStatus::Paused], false)
}

pub(crate) fn retry(ctx: &mut Ctx<'_>, input: RetryTaskGroupInput) -> Reply {
    transition(
        ctx,
        &input.group_id,
        &[TaskGroupStatus::MigrationFailed],
        true,
    )
}

/// Starts (from paused) or retries (after a failure) a group: its unfinished tasks run again.
fn transition(ctx: &mut Ctx<'_>, id: &str, from: &[TaskGroupStatus], failed_only: bool) -> Reply {
    let now = ctx.now;
    let group = find_mut(ctx, id)?;
    if !from.contains(&group.state) {
        return Err(OmsError::state(
            codes::ALREADY_STARTED,
            format!(
                "The task group cannot be started in state {}.",
                group.state.code()
            ),
        ));
    }
    group.enter(TaskGroupStatus::Monitoring, now);
    let ids = group.task_ids.clone();
    for task in ctx
        .project
        .tasks
        .values_mut()
        .filter(|t| ids.contains(&t.id))
    {
        let restart = match task.state {
            TaskStatus::Failed => true,
            TaskStatus::Stopped => !failed_only,
            _ => false,
        };
        if restart {
            task.restart(now);
        }
    }
    Ok(Answer::Empty)
}

pub(crate) fn stop(ctx: &mut Ctx<'_>, input: StopTaskGroupInput) -> Reply {
    let (now, config) = (ctx.now, ctx.config);
    let group = find_mut(ctx, &input.group_id)?;
    if group.state != TaskGroupStatus::Monitoring {
        return Err(OmsError::state(
            codes::NOT_RUNNING,
            "Failed to pause the task group: it is not being migrated.",
        ));
    }
    group.enter(TaskGroupStatus::Pausing, now);
    let ids = group.task_ids.clone();
    for task in ctx
        .project
        .tasks
        .values_mut()
        .filter(|t| ids.contains(&t.id))
    {
        match task.state {
            TaskStatus::Running => task.stop(now, config),
            TaskStatus::Waiting => task.stop(now, config),
            _ => {}
        }
    }
    Ok(Answer::Empty)
}

pub(crate) fn update(ctx: &mut Ctx<'_>, input: UpdateTaskGroupInput) -> Reply {
    let group = find_mut(ctx, &input.group_id)?;
    if group.state == TaskGroupStatus::Completed {
        return Err(OmsError::state(
            codes::ALREADY_COMPLETED,
            "The task group has been completed.",
        ));
    }
    let policy = input.body.map(|b| b.bandwidth_policy);
    group.bandwidth_policy = policy.clone();
    let ids = group.task_ids.clone();
    for task in ctx
        .project
        .tasks
        .values_mut()
        .filter(|t| ids.contains(&t.id))
    {
        task.bandwidth_policy = policy.clone();
    }
    Ok(Answer::Empty)
}

fn find<'c>(ctx: &'c Ctx<'_>, id: &str) -> Result<&'c Group, OmsError> {
    ctx.project
        .groups
        .get(id)
        .filter(|g| g.state != TaskGroupStatus::Deleted)
        .ok_or_else(|| OmsError::group_not_found(id))
}

fn find_mut<'c>(ctx: &'c mut Ctx<'_>, id: &str) -> Result<&'c mut Group, OmsError> {
    ctx.project
        .groups
        .get_mut(id)
        .ok_or_else(|| OmsError::group_not_found(id))
}

/// A group as `ShowTaskGroup` and `ListTaskGroup` describe it, with its tasks' counts and
/// sizes summed.
fn describe(ctx: &Ctx<'_>, group: &Group) -> TaskGroupResp {
    let (now, config) = (ctx.now, ctx.config);
    let tasks: Vec<_> = group
        .task_ids
        .iter()
        .filter_map(|id| ctx.project.tasks.get(id))
        .collect();
    let count = |state: TaskStatus| tasks.iter().filter(|t| t.state == state).count() as i64;
    let done: u64 = tasks.iter().map(|t| t.done(now, config)).sum();
    let mut out = TaskGroupResp::default();
    out.group_id = Some(group.id.clone());
    out.status = Some(group.state);
    out.description = group.request.description.clone();
    out.task_type = group.request.task_type.clone();
    out.bandwidth_policy = group.bandwidth_policy.clone();
    out.total_task_num = Some(tasks.len() as i64);
    out.create_task_num = Some(tasks.len() as i64);
    out.complete_task_num = Some(count(TaskStatus::Succeeded));
    out.failed_task_num = Some(count(TaskStatus::Failed));
    out.paused_task_num = Some(count(TaskStatus::Stopped));
    out.executing_task_num = Some(count(TaskStatus::Running));
    out.waiting_task_num = Some(count(TaskStatus::Waiting));
    out.total_size = Some(group.source.bytes as i64);
    out.create_complete_size = Some(group.source.bytes as i64);
    out.complete_size = Some(done as i64);
    out.total_num = Some(group.source.objects as i64);
    out.create_complete_num = Some(group.source.objects as i64);
    out.success_num = Some(if group.source.bytes == 0 {
        0
    } else {
        (group.source.objects as f64 * done as f64 / group.source.bytes as f64) as i64
    });
    out.fail_num = Some(0);
    out.skip_num = Some(0);
    out.start_time = tasks
        .iter()
        .filter_map(|t| t.first_run)
        .min()
        .map(|t| t as i64);
    out.total_time = Some(tasks.iter().map(|t| t.ran(now)).max().unwrap_or(0) as i64);
    out.migrate_speed = Some(count(TaskStatus::Running) * config.transfer_speed as i64);
    let mut src = TaskGroupSrcNodeResp::default();
    src.bucket = group.request.src_node.bucket.clone();
    src.region = group.request.src_node.region.clone();
    src.object_key = group.request.src_node.object_key.clone();
    out.src_node = Some(src);
    let mut dst = TaskGroupDstNodeResp::default();
    dst.bucket = Some(group.request.dst_node.bucket.clone());
    dst.region = Some(group.request.dst_node.region.clone());
    dst.save_prefix = group.request.dst_node.save_prefix.clone();
    out.dst_node = Some(dst);
    out
}
