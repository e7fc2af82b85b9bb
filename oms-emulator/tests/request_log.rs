//! The request log keeps the latest requests only, so an emulator that runs for long does not
//! grow without bound.

use oms_emulator::{Config, Emulator};

#[tokio::test]
async fn the_request_log_keeps_the_latest_requests_up_to_its_limit() {
    let emulator = Emulator::start(Config::manual_clock().request_log_limit(2))
        .await
        .unwrap();
    let client = emulator.client().unwrap();
    for task_id in [1, 2, 3] {
        // Unknown tasks: refused, but logged all the same.
        let _ = client.show_task().task_id(task_id).send().await;
    }
    let targets: Vec<String> = emulator.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v2/0123456789abcdef0123456789abcdef/tasks/2",
            "/v2/0123456789abcdef0123456789abcdef/tasks/3"
        ]
    );
}

#[tokio::test]
async fn a_limit_of_zero_keeps_nothing() {
    let emulator = Emulator::start(Config::manual_clock().request_log_limit(0))
        .await
        .unwrap();
    emulator
        .client()
        .unwrap()
        .list_tasks()
        .send()
        .await
        .unwrap();
    assert!(emulator.requests().is_empty());
}
