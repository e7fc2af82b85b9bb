//! The spec's waiters against real servers on 127.0.0.1 whose state changes over the polls:
//! the OMS emulator (tasks that run as its clock moves, failures and faults injected
//! mid-wait) and the runtime's scripted `TestServer` (exact sequences of answers, a 503 in the
//! middle, a state this version does not know). Delays are shortened with `min_delay` and
//! `max_delay` so no test waits long; every poll is checked on the wire.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use huaweicloud_runtime::test_util::{signature_is_valid, Recorded, Reply, TestServer};
use oms_client::types::{
    CreateTaskGroupReq, CreateTaskReq, DstNodeReq, SrcNodeReq, SyncTaskStatus, TaskGroupDstNode,
    TaskGroupSrcNode, TaskGroupStatus, TaskStatus,
};
use oms_client::waiters::{State, WaitError, WaitUntilTaskFinished};
use oms_client::{Client, Credentials, RetryConfig};
use oms_emulator::{Config, Emulator, Fixture, ACCESS_KEY, PROJECT_ID, SECRET_KEY};

const GIB: u64 = 1 << 30;
const AK: &str = "AKWAITERTEST00000001";
const SK: &str = "SKwaiter/test+secret==00000000000000000";

/// 1 GiB at 100 MiB/s: 10.24 s of running after a 5 s wait, on a clock the test moves.
async fn emulator() -> (Emulator, Client) {
    let emulator = Emulator::start(
        Config::manual_clock()
            .transfer_speed(100 << 20)
            .source(1_000, GIB)
            .scheduling_delay(Duration::from_secs(5)),
    )
    .await
    .unwrap();
    let client = emulator.client().unwrap();
    (emulator, client)
}

fn task_body() -> CreateTaskReq {
    CreateTaskReq::builder()
        .src_node(
            SrcNodeReq::builder()
                .region("cn-north-4")
                .bucket("source")
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

/// The waiter with delays of milliseconds instead of seconds.
fn fast(w: WaitUntilTaskFinished<'_>) -> WaitUntilTaskFinished<'_> {
    w.min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(4))
}

/// The ShowTask calls among the requests a server received.
fn polls_of(requests: &[Recorded], id: i64) -> Vec<Recorded> {
    let path = format!("/v2/{PROJECT_ID}/tasks/{id}");
    requests
        .iter()
        .filter(|r| r.method == "GET" && r.target == path)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_task_that_runs_to_the_end_is_waited_for_and_every_poll_is_a_signed_show_task() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body())
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let clock = emulator.clock().clone();
    let done = fast(client.wait_until_task_finished())
        .task_id(id)
        .on_poll(move |task| {
            record
                .lock()
                .unwrap()
                .push((task.status, task.complete_size.unwrap_or_default()));
            // Four seconds of the service's time pass between polls.
            clock.advance(Duration::from_secs(4));
        })
        .wait()
        .await
        .unwrap();
    assert_eq!(done.output.status, Some(TaskStatus::Succeeded));
    assert_eq!(done.output.complete_size, Some(GIB as i64));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len() as u32, done.polls);
    // 5 s waiting, then 10.24 s running: polls at 0, 4, 8, ... 16 s.
    assert_eq!(
        seen.iter().map(|(s, _)| s.unwrap()).collect::<Vec<_>>(),
        [
            TaskStatus::Waiting,
            TaskStatus::Waiting,
            TaskStatus::Running,
            TaskStatus::Running,
            TaskStatus::Succeeded
        ]
    );
    assert!(
        seen.windows(2).all(|w| w[0].1 <= w[1].1),
        "progress only grows: {seen:?}"
    );
    let polls = polls_of(&emulator.requests(), id);
    assert_eq!(polls.len() as u32, done.polls);
    for r in &polls {
        assert!(
            signature_is_valid(r, ACCESS_KEY, SECRET_KEY),
            "each poll is signed"
        );
        assert_eq!(r.header("x-project-id"), Some(PROJECT_ID));
    }
}

#[tokio::test]
async fn a_task_that_fails_mid_wait_ends_in_failure_with_the_task_and_the_acceptor() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body())
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    let polls = Arc::new(Mutex::new(0));
    let count = polls.clone();
    let emulator = Arc::new(emulator);
    let failer = emulator.clone();
    let err = fast(client.wait_until_task_finished())
        .task_id(id)
        .on_poll(move |_| {
            let mut n = count.lock().unwrap();
            *n += 1;
            failer.advance(Duration::from_secs(6));
            if *n == 2 {
                assert!(failer.fail_task(PROJECT_ID, id, "TRF.0001", "System error."));
            }
        })
        .wait()
        .await
        .unwrap_err();
    let WaitError::Failed {
        acceptor,
        output: Some(task),
        error: None,
        polls,
        ..
    } = &err
    else {
        panic!("expected a failure with the task, got {err:?}");
    };
    assert_eq!(*polls, 3);
    assert_eq!(acceptor.state(), State::Failure);
    assert_eq!(acceptor.description(), "`status` is `Failed` (4)");
    assert_eq!(task.status, Some(TaskStatus::Failed));
    let reason = task.error_reason.as_ref().unwrap();
    assert_eq!(reason.error_code.as_deref(), Some("TRF.0001"));
    assert_eq!(
        err.to_string(),
        format!(
            "TaskFinished: the work failed: `status` is `Failed` (4) (after 3 polls, {:.1?})",
            match &err {
                WaitError::Failed { elapsed, .. } => *elapsed,
                _ => unreachable!(),
            }
        )
    );
}

#[tokio::test]
async fn a_stopped_task_is_a_failure_and_a_missing_one_matches_the_error_acceptor() {
    let (emulator, client) = emulator().await;
    emulator.insert(
        PROJECT_ID,
        Fixture::Task {
            id: 77,
            status: TaskStatus::Stopped,
        },
    );
    let err = fast(client.wait_until_task_finished())
        .task_id(77)
        .wait()
        .await
        .unwrap_err();
    let WaitError::Failed { acceptor, .. } = &err else {
        panic!("expected a failure, got {err:?}");
    };
    assert_eq!(acceptor.description(), "`status` is `Stopped` (3)");

    let err = fast(client.wait_until_task_finished())
        .task_id(404)
        .wait()
        .await
        .unwrap_err();
    let WaitError::Failed {
        acceptor,
        output: None,
        error: Some(error),
        polls: 1,
        ..
    } = &err
    else {
        panic!("expected a failure on the error, got {err:?}");
    };
    assert_eq!(acceptor.error_code(), Some("OMS.1009"));
    assert_eq!(error.as_service().map(|s| s.code()), Some("OMS.1009"));
}

#[tokio::test]
async fn a_task_that_never_finishes_exceeds_max_wait_with_its_last_state() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body())
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    // The emulator's clock does not move: the task waits to be scheduled for ever.
    let started = std::time::Instant::now();
    let err = fast(client.wait_until_task_finished())
        .task_id(id)
        .max_wait(Duration::from_millis(150))
        .wait()
        .await
        .unwrap_err();
    let waited = started.elapsed();
    let WaitError::MaxWaitExceeded {
        last_output: Some(task),
        last_error: None,
        max_wait,
        polls,
        ..
    } = &err
    else {
        panic!("expected max wait exceeded, got {err:?}");
    };
    assert_eq!(task.status, Some(TaskStatus::Waiting));
    assert_eq!(*max_wait, Duration::from_millis(150));
    assert!(
        *polls >= 3,
        "delays of 1 to 4 ms: many polls in 150 ms, got {polls}"
    );
    assert_eq!(polls_of(&emulator.requests(), id).len() as u32, *polls);
    assert!(waited >= Duration::from_millis(150), "{waited:?}");
    assert!(
        waited < Duration::from_secs(5),
        "gave up promptly: {waited:?}"
    );
}

/// A client of a scripted server.
fn scripted_client(server: &TestServer, retry: RetryConfig) -> Client {
    Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .retry(retry.initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

fn task(status: i32) -> Reply {
    Reply::json(200, &format!(r#"{{"id": 7, "status": {status}}}"#))
}

fn unavailable() -> Reply {
    Reply::json(
        503,
        r#"{"error_code": "APIGW.0503", "error_msg": "Service unavailable."}"#,
    )
}

#[tokio::test]
async fn a_transient_503_mid_wait_is_retried_within_the_poll_by_the_client_retry_policy() {
    let server = TestServer::start(vec![task(2), unavailable(), task(5)]).await;
    let client = scripted_client(&server, RetryConfig::default());
    let done = client
        .wait_until_task_finished()
        .task_id(7)
        .min_delay(Duration::from_millis(1))
        .wait()
        .await
        .unwrap();
    assert_eq!(done.output.status, Some(TaskStatus::Succeeded));
    assert_eq!(
        done.polls, 2,
        "the 503 was a second attempt of the second poll"
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(
            (r.method.as_str(), r.target.as_str()),
            ("GET", "/v2/p/tasks/7")
        );
        assert!(signature_is_valid(r, AK, SK), "every attempt is signed");
    }
}

#[tokio::test]
async fn a_transient_503_mid_wait_without_client_retries_is_polled_again_by_the_waiter() {
    let server = TestServer::start(vec![task(2), unavailable(), task(2), task(5)]).await;
    let client = scripted_client(&server, RetryConfig::disabled());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let done = client
        .wait_until_task_finished()
        .task_id(7)
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(2))
        .on_poll(move |t| record.lock().unwrap().push(t.status))
        .wait()
        .await
        .unwrap();
    assert_eq!(
        done.polls, 4,
        "the poll answered 503 counts, and the wait went on"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Some(TaskStatus::Running),
            Some(TaskStatus::Running),
            Some(TaskStatus::Succeeded)
        ],
        "the callback sees outputs only"
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn a_state_this_version_does_not_know_keeps_the_wait_going() {
    let server = TestServer::start(vec![task(2), task(42), task(5)]).await;
    let client = scripted_client(&server, RetryConfig::disabled());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let done = client
        .wait_until_task_finished()
        .task_id(7)
        .min_delay(Duration::from_millis(1))
        .on_poll(move |t| record.lock().unwrap().push(t.status))
        .wait()
        .await
        .unwrap();
    assert_eq!(done.polls, 3);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Some(TaskStatus::Running),
            Some(TaskStatus::Unknown(42)),
            Some(TaskStatus::Succeeded)
        ]
    );
}

#[tokio::test]
async fn a_poll_that_fails_for_good_ends_the_wait_with_the_error() {
    let server = TestServer::start(vec![
        task(2),
        Reply::json(
            403,
            r#"{"error_code": "OMS.0072", "error_msg": "Insufficient permission."}"#,
        ),
    ])
    .await;
    let client = scripted_client(&server, RetryConfig::default());
    let err = client
        .wait_until_task_finished()
        .task_id(7)
        .min_delay(Duration::from_millis(1))
        .wait()
        .await
        .unwrap_err();
    let WaitError::Operation {
        error,
        last_output: Some(last),
        polls: 2,
        ..
    } = &err
    else {
        panic!("expected the operation's error, got {err:?}");
    };
    assert_eq!(error.as_service().map(|s| s.code()), Some("OMS.0072"));
    assert_eq!(last.status, Some(TaskStatus::Running));
    assert_eq!(server.requests().len(), 2, "a 403 is not retried");
}

#[tokio::test]
async fn the_stream_yields_the_task_at_every_poll_until_it_succeeds() {
    let (emulator, client) = emulator().await;
    let id = client
        .create_task()
        .body(task_body())
        .send()
        .await
        .unwrap()
        .id
        .unwrap();
    let clock = emulator.clock().clone();
    let mut stream = Box::pin(
        fast(client.wait_until_task_finished())
            .task_id(id)
            .on_poll(move |_| clock.advance(Duration::from_secs(3)))
            .into_stream(),
    );
    let mut states = Vec::new();
    while let Some(item) = stream.next().await {
        states.push(item.unwrap().status.unwrap());
    }
    assert_eq!(states.first(), Some(&TaskStatus::Waiting));
    assert_eq!(states.last(), Some(&TaskStatus::Succeeded));
    assert!(states.contains(&TaskStatus::Running));
}

#[tokio::test]
async fn a_task_group_is_waited_for_until_it_completes() {
    let (emulator, client) = emulator().await;
    let body = CreateTaskGroupReq::builder()
        .src_node(
            TaskGroupSrcNode::builder()
                .bucket("source")
                .build()
                .unwrap(),
        )
        .dst_node(
            TaskGroupDstNode::builder()
                .ak("dst-ak")
                .sk("dst-sk")
                .region("cn-north-4")
                .bucket("destination")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let group = client.create_task_group().body(body).send().await.unwrap();
    let group_id = group.group_id.unwrap();
    let clock = emulator.clock().clone();
    let done = client
        .wait_until_task_group_finished()
        .group_id(&group_id)
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(4))
        .on_poll(move |_| clock.advance(Duration::from_secs(5)))
        .wait()
        .await
        .unwrap();
    assert_eq!(done.output.status, Some(TaskGroupStatus::Completed));
    assert!(
        done.polls >= 3,
        "waiting, monitoring, completed: {}",
        done.polls
    );
}

#[tokio::test]
async fn sync_task_waiters_follow_stop_and_start() {
    let (emulator, client) = emulator().await;
    emulator.insert(
        PROJECT_ID,
        Fixture::SyncTask {
            id: "sync-1".into(),
            synchronizing: true,
        },
    );
    let synchronizing = client
        .wait_until_sync_task_synchronizing()
        .sync_task_id("sync-1")
        .query_time(1_700_000_000_000)
        .wait()
        .await
        .unwrap();
    assert_eq!(
        synchronizing.output.status,
        Some(SyncTaskStatus::Synchronizing)
    );
    assert_eq!(synchronizing.polls, 1);

    client
        .stop_sync_task()
        .sync_task_id("sync-1")
        .send()
        .await
        .unwrap();
    let stopped = client
        .wait_until_sync_task_stopped()
        .sync_task_id("sync-1")
        .query_time(1_700_000_000_000)
        .wait()
        .await
        .unwrap();
    assert_eq!(stopped.output.status, Some(SyncTaskStatus::Stopped));
    let show = format!("/v2/{PROJECT_ID}/sync-tasks/sync-1?query_time=1700000000000");
    let polls: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.target == show)
        .collect();
    assert_eq!(
        polls.len(),
        2,
        "one poll each, with the caller's query_time"
    );
}
