//! The emulator's state over (manual) time, driven through oms-client as a test of downstream
//! code would drive it: tasks that wait, run and succeed with progress; conflicts answered with
//! the service's codes; groups following their tasks; synchronization tasks; paging.

use std::time::Duration;

use oms_client::types::{
    CreateSyncTaskReq, CreateTaskGroupReq, CreateTaskReq, DstNodeReq, SrcNodeReq, StartSyncTaskReq,
    StartTaskGroupReq, StartTaskReq, SyncTaskStatus, TaskGroupDstNode, TaskGroupSrcNode,
    TaskGroupStatus, TaskStatus,
};
use oms_client::{Client, Error};
use oms_emulator::{codes, Config, Emulator, PROJECT_ID};

const GIB: u64 = 1024 * 1024 * 1024;

/// 10 GiB in 1,000 objects at 100 MiB/s: 102.4 s of running after a 5 s wait.
async fn emulator() -> (Emulator, Client) {
    let emulator = Emulator::start(
        Config::manual_clock()
            .transfer_speed(100 * 1024 * 1024)
            .source(1_000, 10 * GIB)
            .scheduling_delay(Duration::from_secs(5)),
    )
    .await
    .unwrap();
    let client = emulator.client().unwrap();
    (emulator, client)
}

fn task_body(bucket: &str) -> CreateTaskReq {
    CreateTaskReq::builder()
        .src_node(
            SrcNodeReq::builder()
                .region("cn-north-4")
                .bucket(bucket)
                .ak("src-ak")
                .sk("src-sk")
                .build()
                .unwrap(),
        )
        .dst_node(
            DstNodeReq::builder()
                .region("cn-north-4")
                .bucket("destination")
                .ak("dst-ak")
                .sk("dst-sk")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap()
}

fn service_code(e: &Error) -> (u16, String) {
    let s = e
        .as_service()
        .unwrap_or_else(|| panic!("a service error, got {e:?}"));
    (s.status, s.code().to_string())
}

#[tokio::test]
async fn a_task_waits_runs_with_progress_and_succeeds() {
    let (emulator, client) = emulator().await;
    let created = client
        .create_task()
        .body(task_body("photos"))
        .send()
        .await
        .unwrap();
    let id = created.id.unwrap();
    assert_eq!(
        created.task_name.as_deref(),
        Some(format!("photos-{id}").as_str())
    );

    let task = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(
        task.status,
        Some(TaskStatus::Waiting),
        "waiting to be scheduled"
    );
    assert_eq!(task.progress, Some(0.0));
    assert_eq!(task.total_size, Some((10 * GIB) as i64));

    emulator.advance(Duration::from_secs(5 + 51));
    let task = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(task.status, Some(TaskStatus::Running), "running");
    // 51 s at 100 MiB/s of 10 GiB: 5,100 MiB of 10,240.
    assert_eq!(task.complete_size, Some(51 * 100 * 1024 * 1024));
    assert_eq!(task.progress, Some(0.498));
    assert_eq!(task.successful_num, Some(498));
    assert_eq!(task.migrate_speed, Some(100 * 1024 * 1024));
    assert_eq!(task.left_time, Some(51_400));
    assert_eq!(task.total_time, Some(51_000));
    assert_eq!(task.src_node.unwrap().bucket.as_deref(), Some("photos"));

    emulator.advance(Duration::from_secs(60));
    let task = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(task.status, Some(TaskStatus::Succeeded), "succeeded");
    assert_eq!(task.progress, Some(1.0));
    assert_eq!(task.successful_num, Some(1_000));
    assert_eq!(
        task.total_time,
        Some(102_400),
        "it ran exactly as long as it needed"
    );
    assert_eq!(task.left_time, Some(0));
}

#[tokio::test]
async fn conflicts_get_the_services_codes() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body("a"))
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    emulator.advance(Duration::from_secs(10));

    // Deleting a running task is refused; it must be paused first.
    let err = client.delete_task().task_id(id).send().await.unwrap_err();
    assert_eq!(service_code(&err), (400, codes::IN_PROGRESS.to_string()));
    let err = client
        .start_task()
        .task_id(id)
        .body(
            StartTaskReq::builder()
                .dst_ak("a")
                .dst_sk("b")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        service_code(&err),
        (400, codes::ALREADY_STARTED.to_string())
    );

    client.stop_task().task_id(id).send().await.unwrap();
    let task = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(task.status, Some(TaskStatus::Pausing), "pausing");
    emulator.advance(Duration::from_secs(2));
    assert_eq!(
        client.show_task().task_id(id).send().await.unwrap().status,
        Some(TaskStatus::Stopped),
        "stopped"
    );
    let err = client.stop_task().task_id(id).send().await.unwrap_err();
    assert_eq!(service_code(&err), (400, codes::NOT_RUNNING.to_string()));

    client.delete_task().task_id(id).send().await.unwrap();
    let err = client.show_task().task_id(id).send().await.unwrap_err();
    assert_eq!(
        service_code(&err),
        (400, codes::NOT_FOUND.to_string()),
        "the service answers a missing task with 400"
    );
}

#[tokio::test]
async fn a_stopped_task_resumes_where_it_was() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body("a"))
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    emulator.advance(Duration::from_secs(5 + 20));
    client.stop_task().task_id(id).send().await.unwrap();
    emulator.advance(Duration::from_secs(600));
    let stopped = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(stopped.status, Some(TaskStatus::Stopped));
    assert_eq!(stopped.complete_size, Some(20 * 100 * 1024 * 1024));

    client
        .start_task()
        .task_id(id)
        .body(
            StartTaskReq::builder()
                .dst_ak("a")
                .dst_sk("b")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    emulator.advance(Duration::from_secs(5 + 10));
    let running = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(running.status, Some(TaskStatus::Running));
    assert_eq!(running.complete_size, Some(30 * 100 * 1024 * 1024));
    assert_eq!(running.total_time, Some(30_000));
}

#[tokio::test]
async fn a_failed_task_reports_why_and_can_be_started_again() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body("a"))
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    emulator.advance(Duration::from_secs(30));
    assert!(emulator.fail_task(PROJECT_ID, id, "TRF.0001", "System error."));
    let task = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(task.status, Some(TaskStatus::Failed));
    let reason = task.error_reason.unwrap();
    assert_eq!(reason.error_code.as_deref(), Some("TRF.0001"));
    assert_eq!(reason.error_msg.as_deref(), Some("System error."));
    assert!(!emulator.fail_task(PROJECT_ID, id + 1000, "TRF.0001", "x"));

    client
        .start_task()
        .task_id(id)
        .body(
            StartTaskReq::builder()
                .dst_ak("a")
                .dst_sk("b")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let task = client.show_task().task_id(id).send().await.unwrap();
    assert_eq!(
        (task.status, task.error_reason),
        (Some(TaskStatus::Waiting), None)
    );
}

#[tokio::test]
async fn lists_page_with_offset_limit_and_count() {
    let (_emulator, client) = emulator().await;
    let mut ids = Vec::new();
    for i in 0..25 {
        let body = task_body(&format!("bucket{i}"));
        ids.push(
            client
                .create_task()
                .body(body)
                .send()
                .await
                .unwrap()
                .id
                .unwrap(),
        );
    }
    let page = client
        .list_tasks()
        .offset(20)
        .limit(10)
        .send()
        .await
        .unwrap();
    assert_eq!(page.count, Some(25));
    let got: Vec<i64> = page.tasks.unwrap().iter().map(|t| t.id.unwrap()).collect();
    // Newest first: offset 20 holds the five oldest.
    let oldest: Vec<i64> = ids[..5].iter().rev().copied().collect();
    assert_eq!(got, oldest);
    let default = client.list_tasks().send().await.unwrap();
    assert_eq!(
        default.tasks.unwrap().len(),
        10,
        "the service's default limit"
    );
    let filtered = client
        .list_tasks()
        .task_name("bucket1")
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.count, Some(11), "bucket1 and bucket10..bucket19");

    // The client's stream walks every page.
    use futures_util::TryStreamExt;
    let all: Vec<_> = client
        .list_tasks()
        .limit(7)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
}

#[tokio::test]
async fn a_task_group_creates_its_tasks_and_follows_them() {
    let (emulator, client) = emulator().await;
    let body = CreateTaskGroupReq::builder()
        .src_node(
            TaskGroupSrcNode::builder()
                .region("cn-north-4")
                .bucket("src")
                .ak("a")
                .sk("b")
                .build()
                .unwrap(),
        )
        .dst_node(
            TaskGroupDstNode::builder()
                .region("cn-north-4")
                .bucket("dst")
                .ak("a")
                .sk("b")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let group = client.create_task_group().body(body).send().await.unwrap();
    let gid = group.group_id.unwrap();
    let shown = client
        .show_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status, Some(TaskGroupStatus::Waiting), "waiting");

    emulator.advance(Duration::from_secs(5));
    let shown = client
        .show_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    assert_eq!(
        shown.status,
        Some(TaskGroupStatus::Monitoring),
        "monitoring its tasks"
    );
    assert_eq!(shown.total_task_num, Some(2));
    let tasks = client.list_tasks().group_id(&gid).send().await.unwrap();
    assert_eq!(tasks.count, Some(2));

    // Deleting a group in progress is refused; stopping pauses it and its tasks.
    let err = client
        .delete_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), (400, codes::IN_PROGRESS.to_string()));
    emulator.advance(Duration::from_secs(10));
    client
        .stop_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    emulator.advance(Duration::from_secs(2));
    let paused = client
        .show_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    assert_eq!(paused.status, Some(TaskGroupStatus::Paused));
    assert_eq!(paused.paused_task_num, Some(2));

    let start = StartTaskGroupReq::builder()
        .dst_ak("a")
        .dst_sk("b")
        .build()
        .unwrap();
    client
        .start_task_group()
        .group_id(&gid)
        .body(start)
        .send()
        .await
        .unwrap();
    // Each task moves 5 GiB at 100 MiB/s: 51.2 s, 10 s of it done before the pause.
    emulator.advance(Duration::from_secs(5 + 42));
    let done = client
        .show_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status, Some(TaskGroupStatus::Completed), "completed");
    assert_eq!(done.complete_size, Some((10 * GIB) as i64));
    assert_eq!(done.complete_task_num, Some(2));

    // Deletion goes through "waiting for deletion" and "deleted" before the group is gone.
    client
        .delete_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    let deleting = client
        .show_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap();
    assert_eq!(deleting.status, Some(TaskGroupStatus::WaitingDeletion));
    emulator.advance(Duration::from_secs(3));
    let err = client
        .show_task_group()
        .group_id(&gid)
        .send()
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), (404, codes::NOT_FOUND.to_string()));
    assert_eq!(
        client
            .list_tasks()
            .group_id(&gid)
            .send()
            .await
            .unwrap()
            .count,
        Some(0)
    );
}

#[tokio::test]
async fn a_sync_task_starts_stops_and_is_deleted_only_when_stopped() {
    let (_emulator, client) = emulator().await;
    let body = CreateSyncTaskReq::builder()
        .src_region("cn-north-4")
        .src_bucket("live")
        .src_ak("a")
        .src_sk("b")
        .dst_ak("c")
        .dst_sk("d")
        .dst_region("cn-north-4")
        .dst_bucket("copy")
        .build()
        .unwrap();
    let id = client
        .create_sync_task()
        .body(body)
        .send()
        .await
        .unwrap()
        .sync_task_id
        .unwrap();
    let shown = client
        .show_sync_task()
        .sync_task_id(&id)
        .query_time(1_700_000_000_000)
        .send()
        .await
        .unwrap();
    assert_eq!(shown.status, Some(SyncTaskStatus::Synchronizing));

    let err = client
        .delete_sync_task()
        .sync_task_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), (400, codes::IN_PROGRESS.to_string()));
    client
        .stop_sync_task()
        .sync_task_id(&id)
        .send()
        .await
        .unwrap();
    let err = client
        .stop_sync_task()
        .sync_task_id(&id)
        .send()
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), (400, codes::NOT_RUNNING.to_string()));
    let start = StartSyncTaskReq::builder()
        .src_ak("a")
        .src_sk("b")
        .dst_ak("c")
        .dst_sk("d")
        .build()
        .unwrap();
    client
        .start_sync_task()
        .sync_task_id(&id)
        .body(start)
        .send()
        .await
        .unwrap();
    let listed = client
        .list_sync_tasks()
        .status(SyncTaskStatus::Synchronizing)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.count, Some(1));
    client
        .stop_sync_task()
        .sync_task_id(&id)
        .send()
        .await
        .unwrap();
    client
        .delete_sync_task()
        .sync_task_id(&id)
        .send()
        .await
        .unwrap();
    let err = client
        .show_sync_task()
        .sync_task_id(&id)
        .query_time(1_700_000_000_000)
        .send()
        .await
        .unwrap_err();
    assert_eq!(service_code(&err), (404, codes::NOT_FOUND.to_string()));
}
