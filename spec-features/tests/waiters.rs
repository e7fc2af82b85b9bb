//! The spec-features waiter, whose acceptors use every kind of comparison, against a scripted
//! loopback server: which acceptor decides for each sequence of answers, on the wire.

use std::time::Duration;

use huaweicloud_runtime::test_util::{signature_is_valid, Reply, TestServer};
use spec_features::types::Mode;
use spec_features::waiters::WaitError;
use spec_features::{Client, Credentials, RetryConfig};

const AK: &str = "AKWAITERTEST00000001";
const SK: &str = "SKwaiter/test+secret==00000000000000000";

/// How a wait ended: `success after N` or `failure after N: <acceptor>`.
async fn outcome(replies: &[(u16, &str)]) -> String {
    let server = TestServer::start(replies.iter().map(|(s, b)| Reply::json(*s, b)).collect()).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let result = client
        .wait_until_widget_ready()
        .widget_id(5)
        .mode(Mode::SizeOnly)
        .min_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(2))
        .wait()
        .await;
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        replies.len(),
        "one request per scripted answer"
    );
    for r in &requests {
        assert_eq!(r.target, "/v9/p/widgets/5?mode=size-only");
        assert!(signature_is_valid(r, AK, SK));
    }
    match result {
        Ok(done) => format!("success after {}", done.polls),
        Err(WaitError::Failed {
            acceptor, polls, ..
        }) => format!("failure after {polls}: {acceptor}"),
        Err(other) => format!("{other:?}"),
    }
}

#[tokio::test]
async fn each_kind_of_acceptor_decides_on_the_wire() {
    let busy = r#"{"error_code": "WIDGET.0409", "error_msg": "Busy."}"#;
    let cases: &[(&[(u16, &str)], &str)] = &[
        (
            &[(200, r#"{"id": 1}"#), (200, r#"{"id": 1, "ready": true}"#)],
            "success after 2",
        ),
        (
            &[(200, r#"{"id": 1, "ready": false, "mode": "LAST_MODIFIED"}"#)],
            "success after 1",
        ),
        (
            &[(200, r#"{"id": 1, "level": 0}"#), (200, r#"{"level": 7}"#)],
            "success after 2",
        ),
        (
            &[(200, r#"{"level": -1}"#)],
            "failure after 1: `level` is `Unset` (-1)",
        ),
        (
            &[
                (409, busy),
                (200, r#"{"id": 0}"#),
                (200, r#"{"owner": {"depth": 1, "note": "broken"}}"#),
            ],
            "failure after 3: `owner.note` is `broken`",
        ),
        (
            &[
                (200, r#"{"owner": {"depth": 1, "note": "fine"}}"#),
                (
                    404,
                    r#"{"error_code": "WIDGET.0404", "error_msg": "Gone."}"#,
                ),
            ],
            "failure after 2: the service answers `WIDGET.0404`",
        ),
    ];
    for (replies, expected) in cases {
        assert_eq!(outcome(replies).await, *expected, "{replies:?}");
    }
}
