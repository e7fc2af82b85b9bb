//! Typed mocks (feature `test-util`), used as a crate that depends on oms-client would use them:
//! rules on typed inputs, typed answers, sequences for retries, recorded calls, and clear
//! failures for calls no rule matches and rules no call matched.

use std::time::Duration;

use oms_client::operations::create_task::CreateTaskInput;
use oms_client::operations::list_tasks::ListTasksInput;
use oms_client::operations::show_task::ShowTaskInput;
use oms_client::operations::stop_task::StopTaskInput;
use oms_client::test_util::{MockError, Mocks, Rule, TransportKind};
use oms_client::types::{ListTasksResp, TaskResp};
use oms_client::{Client, Error, Problem, RetryConfig};

fn client(mocks: Mocks) -> Client {
    Client::builder()
        .mocks(mocks)
        .retry(RetryConfig::default().initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap()
}

fn task(id: i64, name: &str) -> TaskResp {
    let mut task = TaskResp::default();
    task.id = Some(id);
    task.name = Some(name.into());
    task
}

#[tokio::test]
async fn rules_match_on_the_typed_input_and_answer_with_a_typed_output() {
    let first = Rule::<ShowTaskInput>::new()
        .match_requests(|input| input.task_id == 1)
        .then_output(|| task(1, "first"));
    let other = Rule::<ShowTaskInput>::new().then_output(|| task(0, "other"));
    let client = client(Mocks::new().rule(&first).rule(&other));

    let out = client.show_task().task_id(1).send().await.unwrap();
    assert_eq!(out.name.as_deref(), Some("first"));
    let out = client.show_task().task_id(7).send().await.unwrap();
    assert_eq!(
        out.name.as_deref(),
        Some("other"),
        "the first rule matches only task 1"
    );
    let out = client.show_task().task_id(1).send().await.unwrap();
    assert_eq!(out.id, Some(1), "a rule's last answer repeats");

    assert_eq!(first.num_calls(), 2);
    assert_eq!(other.num_calls(), 1);
    let ids: Vec<i64> = first.calls().iter().map(|c| c.task_id).collect();
    assert_eq!(ids, [1, 1]);
    assert_eq!(other.calls()[0].task_id, 7);
}

#[tokio::test]
async fn a_service_error_arrives_typed_with_status_code_message_and_request_id() {
    // What OMS answers for a task that does not exist: 400, not 404.
    let rule = Rule::<ShowTaskInput>::new().then_error(
        MockError::service(400, "OMS.1009", "No resources found.").request_id("rid-42"),
    );
    let err = client(Mocks::new().rule(&rule))
        .show_task()
        .task_id(9)
        .send()
        .await
        .unwrap_err();
    let service = err.as_service().expect("a service error");
    assert_eq!(service.status, 400);
    assert_eq!(service.code(), "OMS.1009");
    assert_eq!(service.message(), "No resources found.");
    assert_eq!(service.detail(), None);
    assert_eq!(service.request_id(), Some("rid-42"));
    assert_eq!(rule.num_calls(), 1, "a 400 is not retried");
}

#[tokio::test]
async fn a_service_error_can_carry_the_detail_oms_adds() {
    let rule = Rule::<ListTasksInput>::new().then_error(
        MockError::service(400, "OMS.0064", "Invalid request parameters.")
            .detail("request parameter [task_name] invalid."),
    );
    let err = client(Mocks::new().rule(&rule))
        .list_tasks()
        .send()
        .await
        .unwrap_err();
    let service = err.as_service().expect("a service error");
    assert_eq!(
        service.detail(),
        Some("request parameter [task_name] invalid.")
    );
    assert_eq!(
        err.to_string(),
        "OMS.0064: Invalid request parameters. (request parameter [task_name] invalid.; HTTP 400)"
    );
}

#[tokio::test]
async fn a_sequence_drives_the_real_retry_policy() {
    // A GET: 503 twice, then the list. The client retries as it would against the service.
    let list = Rule::<ListTasksInput>::new()
        .then_error(MockError::service(503, "OMS.0503", "busy"))
        .times(2)
        .then_output(|| {
            let mut page = ListTasksResp::default();
            page.count = Some(1);
            page.tasks = Some(vec![task(3, "third")]);
            page
        });
    let client = client(Mocks::new().rule(&list));
    let page = client.list_tasks().limit(10).send().await.unwrap();
    assert_eq!(page.count, Some(1));
    assert_eq!(
        list.num_calls(),
        3,
        "two failed attempts and the one that succeeded"
    );
    assert!(list.calls().iter().all(|c| c.limit == Some(10)));

    // A POST that is not idempotent: a 502 may have reached the backend, so it is not resent.
    let stop = Rule::<StopTaskInput>::new()
        .then_error(MockError::service(502, "APIGW.0502", "bad gateway"))
        .then_output(|| ());
    let err = client_with(&stop)
        .stop_task()
        .task_id(5)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(!err.is_retryable());
    assert_eq!(stop.num_calls(), 1);
}

fn client_with(rule: &Rule<StopTaskInput>) -> Client {
    client(Mocks::new().rule(rule))
}

#[tokio::test]
async fn transport_failures_and_timeouts_are_answers_too() {
    // A refused connection is retried even for a POST (nothing was sent), then reported.
    let create = Rule::<CreateTaskInput>::new().then_transport_error(TransportKind::Connect);
    let client = client(Mocks::new().rule(&create));
    let err = client
        .create_task()
        .body(create_task_body())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Connect,
                operation: "CreateTask",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(create.num_calls(), 3);

    // A timed-out attempt of an idempotent GET is retried; the last timeout is the result.
    let show = Rule::<ShowTaskInput>::new().then_timeout();
    let err = client_show(&show).await;
    assert!(matches!(err, Error::Timeout { attempts: 3, .. }), "{err:?}");
    assert_eq!(show.num_calls(), 3);
}

async fn client_show(rule: &Rule<ShowTaskInput>) -> Error {
    client(Mocks::new().rule(rule))
        .show_task()
        .task_id(1)
        .send()
        .await
        .unwrap_err()
}

fn create_task_body() -> oms_client::types::CreateTaskReq {
    use oms_client::types::{CreateTaskReq, DstNodeReq, SrcNodeReq};
    CreateTaskReq::builder()
        .src_node(
            SrcNodeReq::builder()
                .region("cn-north-4")
                .bucket("source")
                .ak("ak")
                .sk("sk")
                .build()
                .unwrap(),
        )
        .dst_node(
            DstNodeReq::builder()
                .region("cn-north-4")
                .bucket("destination")
                .ak("ak")
                .sk("sk")
                .build()
                .unwrap(),
        )
        .task_type(oms_client::types::TaskType::Object)
        .build()
        .unwrap()
}

#[tokio::test]
async fn validation_runs_before_any_rule_is_asked() {
    let list = Rule::<ListTasksInput>::new()
        .then_output(ListTasksResp::default)
        .optional();
    let err = client(Mocks::new().rule(&list))
        .list_tasks()
        .limit(1000)
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Validation(v) => {
            assert_eq!(v.field(), "limit");
            assert_eq!(v.problem(), &Problem::AboveMaximum { maximum: 100 });
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(list.num_calls(), 0);
}

#[tokio::test]
async fn a_raw_answer_goes_through_the_real_decoder() {
    let rule = Rule::<ShowTaskInput>::new().then_json(200, r#"{"id": "not a number"}"#);
    let err = client(Mocks::new().rule(&rule))
        .show_task()
        .task_id(1)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
}

#[tokio::test]
#[should_panic(expected = "no mock rule matches this call of StopTask")]
async fn a_call_that_no_rule_matches_fails_naming_the_operation() {
    let show = Rule::<ShowTaskInput>::new()
        .then_output(TaskResp::default)
        .optional();
    let client = client(Mocks::new().rule(&show));
    let _ = client.stop_task().task_id(1).send().await;
}

#[tokio::test]
#[should_panic(expected = "mock rules that never matched a call: ShowTask")]
async fn a_rule_that_never_matched_fails_the_test() {
    let show = Rule::<ShowTaskInput>::new()
        .match_requests(|input| input.task_id == 1)
        .then_output(TaskResp::default);
    let stop = Rule::<StopTaskInput>::new().then_output(|| ());
    let client = client(Mocks::new().rule(&show).rule(&stop));
    client.stop_task().task_id(1).send().await.unwrap();
    drop(client);
}

#[tokio::test]
#[should_panic(expected = "no mock rule matches this call of ShowTask")]
async fn a_rule_with_a_counted_answer_stops_matching_when_it_is_used_up() {
    let show = Rule::<ShowTaskInput>::new()
        .then_output(TaskResp::default)
        .times(1);
    let client = client(Mocks::new().rule(&show));
    client.show_task().task_id(1).send().await.unwrap();
    let _ = client.show_task().task_id(1).send().await;
}
