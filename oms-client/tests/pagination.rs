//! Paging through list operations with `into_stream`, against a loopback server.

use futures_util::{StreamExt, TryStreamExt};
use huaweicloud_runtime::test_util::{Reply, TestServer};
use oms_client::types::SyncTaskStatus;
use oms_client::{Client, Credentials, RetryConfig};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new("AK", "SK").project_id("p"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

fn page(ids: &[&str], count: i64) -> Reply {
    let tasks: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"sync_task_id":"{id}","status":"STOPPED"}}"#))
        .collect();
    Reply::json(
        200,
        &format!(r#"{{"count":{count},"tasks":[{}]}}"#, tasks.join(",")),
    )
}

#[tokio::test]
async fn every_item_across_three_pages_then_stop_at_the_count() {
    let server = TestServer::start(vec![
        page(&["a", "b"], 5),
        page(&["c", "d"], 5),
        page(&["e"], 5),
    ])
    .await;
    let ids: Vec<String> = client(&server)
        .list_sync_tasks()
        .limit(2)
        .status(SyncTaskStatus::Stopped)
        .into_stream()
        .map_ok(|t| t.sync_task_id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        targets,
        [
            "/v2/p/sync-tasks?limit=2&offset=0&status=STOPPED",
            "/v2/p/sync-tasks?limit=2&offset=2&status=STOPPED",
            "/v2/p/sync-tasks?limit=2&offset=4&status=STOPPED",
        ]
    );
}

#[tokio::test]
async fn the_count_bounds_the_stream_even_if_a_page_holds_more() {
    // The server reports 3 items but keeps sending full pages: no fourth request, no extra item.
    let server = TestServer::start(vec![
        page(&["a", "b"], 3),
        page(&["c", "d"], 3),
        page(&["x", "y"], 3),
    ])
    .await;
    let items: Vec<_> = client(&server)
        .list_sync_tasks()
        .limit(2)
        .into_stream()
        .collect()
        .await;
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_default_page_size_is_the_documented_maximum_and_errors_end_the_stream() {
    let server = TestServer::start(vec![
        page(&["a"], 200),
        Reply::json(500, r#"{"error_code":"OMS.0500","error_msg":"down"}"#),
    ])
    .await;
    let items: Vec<_> = client(&server)
        .list_sync_tasks()
        .into_stream()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert_eq!(
        items[1].as_ref().unwrap_err().as_service().unwrap().code(),
        "OMS.0500"
    );
    assert_eq!(
        server.requests()[0].target,
        "/v2/p/sync-tasks?limit=100&offset=0"
    );
    assert_eq!(
        server.requests()[1].target,
        "/v2/p/sync-tasks?limit=100&offset=1"
    );
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode_and_round_trip() {
    let body = r#"{"count":1,"tasks":[{"sync_task_id":"a","status":"PAUSED_BY_ADMIN","future_field":{"x":1}}],"extra":null}"#;
    let server = TestServer::start(vec![Reply::json(200, body)]).await;
    let out = client(&server).list_sync_tasks().send().await.unwrap();
    let task = &out.tasks.as_ref().unwrap()[0];
    assert_eq!(
        task.status,
        Some(SyncTaskStatus::Unknown("PAUSED_BY_ADMIN".into()))
    );
    assert!(task.status.as_ref().unwrap().is_unknown());
    assert_eq!(
        serde_json::to_value(task).unwrap()["status"],
        "PAUSED_BY_ADMIN"
    );
    assert_eq!(
        "STOPPED".parse::<SyncTaskStatus>().unwrap(),
        SyncTaskStatus::Stopped
    );
}
