//! Synchronization tasks: created synchronizing, stopped and started again, deleted once
//! stopped; events announce objects to copy.

use oms_client::operations::{
    create_sync_events::CreateSyncEventsInput, create_sync_task::CreateSyncTaskInput,
    delete_sync_task::DeleteSyncTaskInput, list_sync_task_statistic::ListSyncTaskStatisticInput,
    list_sync_tasks::ListSyncTasksInput, show_sync_task::ShowSyncTaskInput,
    start_sync_task::StartSyncTaskInput, stop_sync_task::StopSyncTaskInput,
};
use oms_client::types::{
    CreateSyncTaskResp, ListSyncTasksResp, SyncTaskInfo, SyncTaskResp, SyncTaskStatisticResp,
    SyncTaskStatus,
};

use super::page;
use crate::errors::{codes, OmsError};
use crate::routes::{Answer, Ctx, Reply};
use crate::state::SyncTask;

pub(crate) fn create(ctx: &mut Ctx<'_>, input: CreateSyncTaskInput) -> Reply {
    let id = ctx.project.next_uuid();
    let task = SyncTask {
        id: id.clone(),
        request: Box::new(input.body),
        created: ctx.now,
        synchronizing: true,
        last_start: ctx.now,
        requested_objects: 0,
    };
    ctx.project.sync_tasks.insert(id.clone(), task);
    let mut out = CreateSyncTaskResp::default();
    out.sync_task_id = Some(id);
    Ok(Answer::json(&out))
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListSyncTasksInput) -> Reply {
    let mut tasks: Vec<&SyncTask> = ctx
        .project
        .sync_tasks
        .values()
        .filter(|t| input.status.as_ref().is_none_or(|s| *s == status(t)))
        .collect();
    tasks.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    let (items, count) = page(&tasks, input.offset, input.limit);
    let mut out = ListSyncTasksResp::default();
    out.count = Some(count);
    out.tasks = Some(items.iter().map(|t| info(t)).collect());
    Ok(Answer::json(&out))
}

pub(crate) fn show(ctx: &mut Ctx<'_>, input: ShowSyncTaskInput) -> Reply {
    let task = find(ctx, &input.sync_task_id)?;
    let info = info(task);
    let mut out = SyncTaskResp::default();
    out.sync_task_id = info.sync_task_id;
    out.src_cloud_type = info.src_cloud_type;
    out.src_region = info.src_region;
    out.src_bucket = info.src_bucket;
    out.dst_bucket = info.dst_bucket;
    out.dst_region = info.dst_region;
    out.create_time = info.create_time;
    out.last_start_time = info.last_start_time;
    out.description = info.description;
    out.status = info.status;
    out.monthly_acceptance_request = Some(task.requested_objects as i64);
    out.monthly_success_object = Some(task.requested_objects as i64);
    out.monthly_failure_object = Some(0);
    out.monthly_skip_object = Some(0);
    out.monthly_size = Some(0);
    Ok(Answer::json(&out))
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, input: DeleteSyncTaskInput) -> Reply {
    let task = find(ctx, &input.sync_task_id)?;
    if task.synchronizing {
        return Err(OmsError::state(
            codes::IN_PROGRESS,
            "The synchronization task is synchronizing and cannot be deleted. Stop it first.",
        ));
    }
    ctx.project.sync_tasks.remove(&input.sync_task_id);
    Ok(Answer::Empty)
}

pub(crate) fn start(ctx: &mut Ctx<'_>, input: StartSyncTaskInput) -> Reply {
    let now = ctx.now;
    let task = find_mut(ctx, &input.sync_task_id)?;
    if task.synchronizing {
        return Err(OmsError::state(
            codes::ALREADY_STARTED,
            "The synchronization task is already synchronizing.",
        ));
    }
    task.synchronizing = true;
    task.last_start = now;
    Ok(Answer::Empty)
}

pub(crate) fn stop(ctx: &mut Ctx<'_>, input: StopSyncTaskInput) -> Reply {
    let task = find_mut(ctx, &input.sync_task_id)?;
    if !task.synchronizing {
        return Err(OmsError::state(
            codes::NOT_RUNNING,
            "The synchronization task is not synchronizing.",
        ));
    }
    task.synchronizing = false;
    Ok(Answer::Empty)
}

pub(crate) fn events(ctx: &mut Ctx<'_>, input: CreateSyncEventsInput) -> Reply {
    let task = find_mut(ctx, &input.sync_task_id)?;
    if !task.synchronizing {
        return Err(OmsError::state(
            codes::NOT_RUNNING,
            "The synchronization task is stopped and takes no events.",
        ));
    }
    task.requested_objects += input.body.object_keys.len() as u64;
    Ok(Answer::Empty)
}

pub(crate) fn statistics(ctx: &mut Ctx<'_>, input: ListSyncTaskStatisticInput) -> Reply {
    let task = find(ctx, &input.sync_task_id)?;
    let mut out = SyncTaskStatisticResp::default();
    out.sync_task_id = Some(task.id.clone());
    out.statistic_datas = Some(Vec::new());
    Ok(Answer::json(&out))
}

fn status(task: &SyncTask) -> SyncTaskStatus {
    if task.synchronizing {
        SyncTaskStatus::Synchronizing
    } else {
        SyncTaskStatus::Stopped
    }
}

fn info(task: &SyncTask) -> SyncTaskInfo {
    let r = &task.request;
    let mut out = SyncTaskInfo::default();
    out.sync_task_id = Some(task.id.clone());
    out.src_cloud_type = r.src_cloud_type.clone();
    out.src_region = Some(r.src_region.clone());
    out.src_bucket = Some(r.src_bucket.clone());
    out.dst_bucket = Some(r.dst_bucket.clone());
    out.dst_region = Some(r.dst_region.clone());
    out.description = r.description.clone();
    out.create_time = Some(task.created as i64);
    out.last_start_time = Some(task.last_start as i64);
    out.status = Some(status(task));
    out.enable_metadata_migration = r.enable_metadata_migration;
    out.enable_restore = r.enable_restore;
    out.app_id = r.app_id.clone();
    out.dst_storage_policy = r.dst_storage_policy.clone();
    out
}

fn find<'c>(ctx: &'c Ctx<'_>, id: &str) -> Result<&'c SyncTask, OmsError> {
    ctx.project
        .sync_tasks
        .get(id)
        .ok_or_else(|| OmsError::sync_task_not_found(id))
}

fn find_mut<'c>(ctx: &'c mut Ctx<'_>, id: &str) -> Result<&'c mut SyncTask, OmsError> {
    ctx.project
        .sync_tasks
        .get_mut(id)
        .ok_or_else(|| OmsError::sync_task_not_found(id))
}
