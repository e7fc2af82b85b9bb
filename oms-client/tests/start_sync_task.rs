//! StartSyncTask and StopSyncTask end to end against a real HTTP server on 127.0.0.1: what
//! arrives on the wire, how errors come back, and what never leaves the client.

use huaweicloud_runtime::test_util::{signature_is_valid, Reply, TestServer};
use oms_client::types::{CryptoType, StartSyncTaskReq};
use oms_client::Problem;
use oms_client::{Client, Credentials, Error, Region, RetryConfig};

const AK: &str = "AKTESTEXAMPLE0000001";
const SK: &str = "SKtestexample/secret+key==0000000000000";
const TASK: &str = "0d146099-8cf4-437d-b6ef-88e043771c8b";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("proj123"))
        .retry(RetryConfig::disabled())
        .build()
        .unwrap()
}

fn body(src_ak: &str) -> StartSyncTaskReq {
    StartSyncTaskReq::builder()
        .src_ak(src_ak)
        .src_sk("b")
        .dst_ak("c")
        .dst_sk("d")
        .build()
        .unwrap()
}

#[tokio::test]
async fn start_sync_task_arrives_as_the_official_sdk_sends_it() {
    let server = TestServer::start(vec![Reply::ok()]).await;
    client(&server)
        .start_sync_task()
        .sync_task_id(TASK)
        .body(body("a"))
        .send()
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, format!("/v2/proj123/sync-tasks/{TASK}/start"));
    assert_eq!(
        r.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(r.header("x-project-id"), Some("proj123"));
    assert_eq!(
        r.header("host"),
        Some(server.url.trim_start_matches("http://"))
    );
    assert!(r
        .header("user-agent")
        .unwrap()
        .starts_with("oms-client-rust/"));
    let date = r.header("x-sdk-date").unwrap();
    assert_eq!(date.len(), 16, "X-Sdk-Date is %Y%m%dT%H%M%SZ: {date}");
    assert!(date.ends_with('Z') && date.as_bytes()[8] == b'T');
    // The same bytes the official Python SDK serializes for these values (vector a).
    assert_eq!(
        String::from_utf8(r.body.clone()).unwrap(),
        r#"{"src_ak": "a", "src_sk": "b", "dst_ak": "c", "dst_sk": "d"}"#
    );
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.contains("SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date,"),
        "{auth}"
    );
    assert!(
        signature_is_valid(r, AK, SK),
        "signature does not verify: {auth}"
    );
    assert!(r.header("x-auth-token").is_none());
}

#[tokio::test]
async fn optional_fields_are_sent_only_when_set() {
    let server = TestServer::start(vec![Reply::ok()]).await;
    let body = StartSyncTaskReq::builder()
        .src_ak("a")
        .src_sk("b")
        .dst_ak("c")
        .dst_sk("d")
        .dst_crypto_type(CryptoType::Kms)
        .dst_kms_key_id("0d0466b0-e727-4d9c-b35d-f84bb474a37f")
        .build()
        .unwrap();
    client(&server)
        .start_sync_task()
        .sync_task_id(TASK)
        .body(body)
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(
        String::from_utf8(r.body.clone()).unwrap(),
        r#"{"src_ak": "a", "src_sk": "b", "dst_ak": "c", "dst_sk": "d", "dst_crypto_type": "KMS", "dst_kms_key_id": "0d0466b0-e727-4d9c-b35d-f84bb474a37f"}"#
    );
}

#[tokio::test]
async fn hostile_task_id_arrives_percent_encoded_in_one_segment() {
    let server = TestServer::start(vec![Reply::ok()]).await;
    client(&server)
        .start_sync_task()
        .sync_task_id("a/../b c")
        .body(body("a"))
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.target, "/v2/proj123/sync-tasks/a%2F..%2Fb%20c/start");
    assert!(signature_is_valid(r, AK, SK));
}

#[tokio::test]
async fn non_ascii_values_are_escaped_like_python_json() {
    let server = TestServer::start(vec![Reply::ok()]).await;
    let ak: String = "é".repeat(100);
    client(&server)
        .start_sync_task()
        .sync_task_id(TASK)
        .body(body(&ak))
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    let text = String::from_utf8(r.body.clone()).unwrap();
    assert!(
        text.starts_with(&format!("{{\"src_ak\": \"{}\"", "\\u00e9".repeat(100))),
        "{text}"
    );
    assert_eq!(r.json()["src_ak"], ak);
}

#[tokio::test]
async fn bad_request_becomes_a_typed_service_error() {
    let server = TestServer::start(vec![Reply::status(
        400,
        &[("X-Request-Id", "req-4f2c")],
        r#"{"error_code":"OMS.1021","error_msg":"The task does not exist"}"#,
    )])
    .await;
    let err = client(&server)
        .start_sync_task()
        .sync_task_id(TASK)
        .body(body("a"))
        .send()
        .await
        .unwrap_err();
    let service = err.as_service().expect("a service error");
    assert_eq!(service.status, 400);
    assert_eq!(service.code(), "OMS.1021");
    assert_eq!(service.message(), "The task does not exist");
    assert_eq!(service.request_id(), Some("req-4f2c"));
    assert!(!service.retryable);
    assert_eq!(
        err.to_string(),
        "OMS.1021: The task does not exist (HTTP 400, request id req-4f2c)"
    );
    assert_eq!(server.requests().len(), 1, "a 400 is not retried");
}

async fn rejected(src_ak: &str) -> (Error, usize) {
    let server = TestServer::start(vec![Reply::ok()]).await;
    let err = client(&server)
        .start_sync_task()
        .sync_task_id(TASK)
        .body(body(src_ak))
        .send()
        .await
        .unwrap_err();
    (err, server.requests().len())
}

#[tokio::test]
async fn out_of_bounds_values_fail_before_anything_is_sent() {
    let (err, sent) = rejected("").await;
    assert_eq!(sent, 0);
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err}")
    };
    assert_eq!(v.field(), "body.src_ak");
    assert_eq!(v.problem(), &Problem::TooShort { min: 1, actual: 0 });

    let (err, sent) = rejected(&"x".repeat(101)).await;
    assert_eq!(sent, 0);
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err}")
    };
    assert_eq!(
        v.problem(),
        &Problem::TooLong {
            max: 100,
            actual: 101
        }
    );
    assert_eq!(
        err.to_string(),
        "invalid request: `body.src_ak` has 101 characters, more than the maximum of 100"
    );

    let (err, sent) = rejected("abc<def").await;
    assert_eq!(sent, 0);
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err}")
    };
    assert!(matches!(v.problem(), Problem::PatternMismatch { .. }));
    assert!(
        !err.to_string().contains("abc<def"),
        "the value never appears in the message"
    );
}

#[tokio::test]
async fn hundred_multibyte_characters_are_within_bounds() {
    let server = TestServer::start(vec![Reply::ok()]).await;
    let ak = "密".repeat(100); // 300 bytes, 100 characters
    client(&server)
        .start_sync_task()
        .sync_task_id(TASK)
        .body(body(&ak))
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn sync_task_id_longer_than_255_is_rejected() {
    let server = TestServer::start(vec![]).await;
    let err = client(&server)
        .start_sync_task()
        .sync_task_id("t".repeat(256))
        .body(body("a"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field() == "sync_task_id"),
        "{err}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn missing_required_values_are_named() {
    let err = StartSyncTaskReq::builder().src_ak("a").build().unwrap_err();
    assert_eq!(err.field(), "src_sk");
    assert_eq!(err.problem(), &Problem::Missing);
    let server = TestServer::start(vec![]).await;
    let err = client(&server)
        .start_sync_task()
        .body(body("a"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.field() == "sync_task_id"),
        "{err}"
    );
}

#[tokio::test]
async fn stop_sync_task_sends_no_body() {
    let server = TestServer::start(vec![Reply::ok()]).await;
    client(&server)
        .stop_sync_task()
        .sync_task_id(TASK)
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, format!("/v2/proj123/sync-tasks/{TASK}/stop"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.body.is_empty());
    assert!(signature_is_valid(r, AK, SK));
}

#[tokio::test]
async fn operations_outside_their_regions_fail_before_sending() {
    let client = Client::builder()
        .region(Region::CnNorth1)
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .build()
        .unwrap();
    let err = client
        .stop_sync_task()
        .sync_task_id(TASK)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::RegionUnavailable {
                region: "cn-north-1",
                ..
            }
        ),
        "{err}"
    );
    assert!(err
        .to_string()
        .contains("cn-north-4, cn-east-3, cn-southwest-2"));
}

#[tokio::test]
async fn dot_segments_cannot_redirect_the_request() {
    let server = TestServer::start(vec![]).await;
    for id in [".", ".."] {
        let err = client(&server)
            .stop_sync_task()
            .sync_task_id(id)
            .send()
            .await
            .unwrap_err();
        match &err {
            Error::Validation(e) => {
                assert_eq!(e.field(), "sync_task_id");
                assert_eq!(e.problem(), &Problem::DotSegment);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    assert!(server.requests().is_empty());
}

/// Secret fields of the spec (`sensitive: true`) never print: not in the body type, its
/// builder, the request builder or the input, and not in errors from calls that carried them.
#[tokio::test]
async fn sensitive_fields_never_print() {
    const SECRETS: [&str; 2] = ["SK-SOURCE-SECRET", "SK-DEST-SECRET"];
    let check = |text: String| {
        for s in SECRETS {
            assert!(!text.contains(s), "secret {s:?} leaked in: {text}");
        }
        assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    };
    let builder = StartSyncTaskReq::builder()
        .src_ak("AK-SOURCE")
        .src_sk("SK-SOURCE-SECRET")
        .dst_ak("AK-DEST")
        .dst_sk("SK-DEST-SECRET");
    check(format!("{builder:?}"));
    let body = builder.build().unwrap();
    check(format!("{body:?}"));
    assert_eq!(body.src_sk.expose_secret(), "SK-SOURCE-SECRET");
    let server = TestServer::start(vec![Reply::json(
        400,
        r#"{"error_code":"OMS.1021","error_msg":"gone"}"#,
    )])
    .await;
    let client = client(&server);
    let request = client.start_sync_task().sync_task_id(TASK).body(body);
    check(format!("{request:?}"));
    check(format!("{:?}", request.clone().into_input().unwrap()));
    let err = request.send().await.unwrap_err();
    let shown = format!("{err} {err:?}");
    for s in SECRETS {
        assert!(!shown.contains(s), "{shown}");
    }
    // The secrets went on the wire as plain JSON strings, as the service expects.
    let sent = server.requests()[0].json();
    assert_eq!(sent["src_sk"], "SK-SOURCE-SECRET");
    assert_eq!(sent["dst_sk"], "SK-DEST-SECRET");
}
