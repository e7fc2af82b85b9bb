//! What the client records in `tracing`: one `huaweicloud.call` span per call with the service,
//! operation, attempts, status and request id, and never a secret, whatever happens.

use std::sync::{Arc, Mutex};

use huaweicloud_runtime::test_util::{Reply, TestServer};
use oms_client::types::StartSyncTaskReq;
use oms_client::{Client, Credentials, RetryConfig};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Record};
use tracing::{Event, Id, Subscriber};

/// Records every span name, field and event as text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<String>>);

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut log = self.0.lock().unwrap();
        log.push_str(&format!("\nspan {}", span.metadata().name()));
        span.record(&mut Text(&mut log));
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Text(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut log = self.0.lock().unwrap();
        log.push_str("\nevent");
        event.record(&mut Text(&mut log));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn spans_name_the_call_and_hold_no_secret() {
    const SK: &str = "SK-TRACING-SECRET-0001";
    const SOURCE_SK: &str = "SOURCE-SK-IN-BODY";
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = TestServer::start(vec![
        Reply::status(
            503,
            &[("Retry-After", "0")],
            r#"{"error_code":"OMS.0503","error_msg":"busy"}"#,
        ),
        Reply::status(
            400,
            &[("X-Request-Id", "rid-trace")],
            r#"{"error_code":"OMS.1021","error_msg":"gone"}"#,
        ),
    ])
    .await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(
            Credentials::new("AKTRACE", SK)
                .project_id("p")
                .security_token("STS-TRACING-SECRET"),
        )
        .retry(RetryConfig::default().initial_backoff(std::time::Duration::from_millis(1)))
        .build()
        .unwrap();
    let body = StartSyncTaskReq::builder()
        .src_ak("a")
        .src_sk(SOURCE_SK)
        .dst_ak("c")
        .dst_sk("d")
        .build()
        .unwrap();
    let err = client
        .start_sync_task()
        .sync_task_id("t")
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("rid-trace"));
    let log = recorder.0.lock().unwrap().clone();
    assert!(
        log.contains("span huaweicloud.call service=\"OMS\" operation=\"StartSyncTask\""),
        "{log}"
    );
    assert!(log.contains("attempts=2"), "{log}");
    assert!(log.contains("status=400"), "{log}");
    assert!(log.contains("request_id=\"rid-trace\""), "{log}");
    for secret in [SK, SOURCE_SK, "STS-TRACING-SECRET"] {
        assert!(!log.contains(secret), "{secret} leaked into tracing: {log}");
    }
}
