//! The runtime against a real HTTP server on 127.0.0.1: retries and re-signing, timeouts,
//! broken responses, auth modes, endpoints, error parsing. A small hand-written service
//! (`common`) stands in for generated ones, since the runtime is generic over `Operation`.

mod common;

use std::time::{Duration, Instant};

use common::{builder, Client, Delete, Get, Post, ProbeOut, Recorder, Region, AK, SK};
use huaweicloud_runtime::test_util::{signature_is_valid, Reply, TestServer};
use huaweicloud_runtime::{
    Credentials, Error, Problem, RequestOptions, RetryConfig, TransportKind,
};

fn client(server: &TestServer) -> Client {
    builder(&server.url).build().unwrap()
}

const ERR_503: &str = r#"{"error_code":"OMS.0503","error_msg":"busy"}"#;

#[tokio::test]
async fn retries_503_twice_then_succeeds_each_attempt_signed_afresh() {
    let busy = || Reply::status(503, &[("Retry-After", "1")], ERR_503);
    let server =
        TestServer::start(vec![busy(), busy(), Reply::json(200, r#"{"name":"ok"}"#)]).await;
    let out = client(&server).call(Get("x")).await.unwrap();
    assert_eq!(
        out,
        ProbeOut {
            name: Some("ok".into())
        }
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let dates: Vec<&str> = reqs
        .iter()
        .map(|r| r.header("x-sdk-date").unwrap())
        .collect();
    assert!(
        dates[0] < dates[1] && dates[1] < dates[2],
        "fresh X-Sdk-Date per attempt: {dates:?}"
    );
    for r in &reqs {
        assert!(signature_is_valid(r, AK, SK));
        assert_eq!(r.target, "/v2/proj123/probe?q=x");
    }
}

#[tokio::test]
async fn retry_after_on_429_is_honoured() {
    let server = TestServer::start(vec![
        Reply::status(429, &[("Retry-After", "2")], "{}"),
        Reply::json(200, "{}"),
    ])
    .await;
    let started = Instant::now();
    client(&server).call(Get("x")).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

/// Replies with `status` to every attempt of `call`, and returns the error and the number of
/// attempts that arrived.
async fn attempts_on<T: std::fmt::Debug>(
    status: u16,
    call: impl for<'c> FnOnce(
        &'c Client,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<T, Error>> + 'c>,
    >,
) -> (Error, usize) {
    let body = format!(r#"{{"error_code":"PROBE.{status}","error_msg":"no"}}"#);
    let server = TestServer::start(vec![Reply::json(status, &body); 3]).await;
    let client = client(&server);
    let err = call(&client).await.unwrap_err();
    (err, server.requests().len())
}

#[tokio::test]
async fn gateway_and_server_errors_are_retried_only_for_idempotent_operations() {
    for status in [500u16, 502, 504] {
        // The gateway may have passed the request on: a POST could have acted already.
        let (err, attempts) = attempts_on(status, |c| Box::pin(c.call(Post))).await;
        assert_eq!(attempts, 1, "POST after {status} is not resent");
        assert_eq!(err.status(), Some(status));
        assert!(
            !err.is_retryable(),
            "is_retryable agrees: POST after {status}"
        );
        // Repeating a GET is harmless.
        let (err, attempts) = attempts_on(status, |c| Box::pin(c.call(Get("x")))).await;
        assert_eq!(
            attempts, 3,
            "GET after {status} is retried up to max_attempts"
        );
        assert_eq!(err.as_service().unwrap().code(), format!("PROBE.{status}"));
        assert!(
            err.is_retryable(),
            "is_retryable agrees: GET after {status}"
        );
    }
}

#[tokio::test]
async fn throttling_and_unavailability_are_retried_for_every_operation() {
    // 429 and 503 mean the server did not handle the request: safe to repeat, even a POST.
    for status in [429u16, 503] {
        let (err, attempts) = attempts_on(status, |c| Box::pin(c.call(Post))).await;
        assert_eq!(attempts, 3, "POST after {status}");
        assert!(err.is_retryable());
        let (_, attempts) = attempts_on(status, |c| Box::pin(c.call(Get("x")))).await;
        assert_eq!(attempts, 3, "GET after {status}");
    }
}

#[tokio::test]
async fn a_call_can_declare_itself_idempotent() {
    static SAFE: std::sync::LazyLock<RequestOptions> =
        std::sync::LazyLock::new(|| RequestOptions::default().idempotent(true));
    static UNSAFE: std::sync::LazyLock<RequestOptions> =
        std::sync::LazyLock::new(|| RequestOptions::default().idempotent(false));
    let (_, attempts) = attempts_on(502, |c| Box::pin(c.call_with(Post, &SAFE))).await;
    assert_eq!(
        attempts, 3,
        "a POST the caller declares safe is retried after 502"
    );
    let (_, attempts) = attempts_on(502, |c| Box::pin(c.call_with(Get("x"), &UNSAFE))).await;
    assert_eq!(attempts, 1, "a GET the caller declares unsafe is not");
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400u16, 403, 404] {
        let server = TestServer::start(vec![Reply::json(
            status,
            r#"{"error_code":"X","error_msg":"no"}"#,
        )])
        .await;
        let err = client(&server).call(Get("x")).await.unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let server = TestServer::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let client = builder(&server.url)
        .attempt_timeout(Duration::from_millis(300))
        .operation_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.call(Get("x")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                operation: "ProbeGet",
                ..
            }
        ),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );

    // A per-call override wins over the client's setting.
    let server = TestServer::start(vec![Reply::Hang]).await;
    let client = builder(&server.url)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let options = RequestOptions::default().attempt_timeout(Duration::from_millis(200));
    let err = client.call_with(Get("x"), &options).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1, .. }), "{err}");
}

#[tokio::test]
async fn a_connection_closed_mid_response_is_a_transport_error() {
    let partial =
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"name\":\"tru"
            .to_vec();
    // An idempotent GET is tried again (3 attempts by default) ...
    let server = TestServer::start(vec![Reply::Raw(partial.clone()); 3]).await;
    let err = client(&server).call(Get("x")).await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Response,
                retryable: true,
                ..
            }
        ),
        "{err:?}"
    );
    // ... a POST, which may have reached the service, is not, and says so.
    let server = TestServer::start(vec![Reply::Raw(partial)]).await;
    let post = client(&server).call(Post).await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert!(
        matches!(
            post,
            Error::Transport {
                kind: TransportKind::Response,
                retryable: false,
                ..
            }
        ),
        "{post:?}"
    );
    assert!(!post.is_retryable());
}

/// An address on 127.0.0.1 where nothing listens.
fn refusing_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[tokio::test]
async fn connection_refused_is_retried_even_for_a_post() {
    // Nothing was sent, so repeating is safe whatever the operation. The attempts are counted
    // in the call's tracing span.
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let client = builder(&refusing_url()).build().unwrap();
    for err in [
        client.call(Post).await.unwrap_err(),
        client.call(Get("x")).await.unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::Transport {
                    kind: TransportKind::Connect,
                    retryable: true,
                    ..
                }
            ),
            "{err:?}"
        );
    }
    let log = recorder.log();
    assert_eq!(log.matches("attempts=3").count(), 2, "{log}");
    assert!(!log.contains("attempts=4"), "{log}");
    let single = builder(&refusing_url())
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = single.call(Post).await.unwrap_err();
    assert!(
        err.is_retryable(),
        "a refused connection is transient: {err:?}"
    );
}

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error_with_the_status() {
    let server = TestServer::start(vec![Reply::status(
        200,
        &[("X-Request-Id", "rid-1")],
        "{\"name\": tru",
    )])
    .await;
    let err = client(&server).call(Get("x")).await.unwrap_err();
    match &err {
        Error::Decode {
            status,
            request_id,
            excerpt,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(request_id.as_deref(), Some("rid-1"));
            assert_eq!(excerpt, "{\"name\": tru");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn oversized_bodies_are_cut_off() {
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(4096));
    // Announced by Content-Length.
    let server = TestServer::start(vec![Reply::json(200, &big)]).await;
    let client = builder(&server.url)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = client.call(Get("x")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1024,
                ..
            }
        ),
        "{err}"
    );
    // Not announced: a close-delimited body is counted as it streams in.
    let mut raw = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(big.as_bytes());
    let server = TestServer::start(vec![Reply::Raw(raw)]).await;
    let client = builder(&server.url)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let err = client.call(Get("x")).await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err}");
}

#[tokio::test]
async fn unknown_and_missing_response_fields_are_fine() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"other":[1,2,{"x":null}],"extra":true}"#,
    )])
    .await;
    assert_eq!(
        client(&server).call(Get("x")).await.unwrap(),
        ProbeOut { name: None }
    );
}

#[tokio::test]
async fn token_auth_sends_the_token_and_no_signature() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::token("iam-token-value").project_id("proj123"))
        .build()
        .unwrap();
    client.call(Get("x")).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("x-auth-token"), Some("iam-token-value"));
    assert!(r.header("authorization").is_none());
    assert_eq!(r.header("x-project-id"), Some("proj123"));
}

#[tokio::test]
async fn a_security_token_is_sent_and_signed() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(
            Credentials::new(AK, SK)
                .project_id("p")
                .security_token("sts-token"),
        )
        .build()
        .unwrap();
    client.call(Get("x")).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.header("x-security-token"), Some("sts-token"));
    assert!(r
        .header("authorization")
        .unwrap()
        .contains(";x-sdk-date;x-security-token, "));
    assert!(signature_is_valid(r, AK, SK));
}

#[tokio::test]
async fn a_custom_reqwest_client_keeps_signing_and_retries() {
    let server = TestServer::start(vec![Reply::json(503, ERR_503), Reply::json(200, "{}")]).await;
    let client = builder(&server.url)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    client.call(Get("x")).await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| signature_is_valid(r, AK, SK)));
}

#[tokio::test]
async fn validation_can_be_switched_off_per_call() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let client = client(&server);
    let err = client.call(Get("much-too-long")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation(v) if v.problem() == &Problem::TooLong { max: 8, actual: 13 })
    );
    assert!(server.requests().is_empty());
    let options = RequestOptions::default().validate_requests(false);
    client
        .call_with(Get("much-too-long"), &options)
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_official_region_endpoint_override_is_honoured() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let url = server.url.clone();
    let client = Client::builder()
        .region(Region::CnNorth4)
        .allow_http(true)
        .env_lookup(move |name| {
            (name == "HUAWEICLOUD_SDK_REGION_PROBE_CN_NORTH_4")
                .then(|| format!("{url},https://second"))
        })
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), server.url);
    client.call(Post).await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn operations_outside_their_regions_fail_before_sending_unless_allowed() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    // `Post` is offered only in cn-north-4; the region decides, whatever the endpoint.
    let client = Client::builder()
        .region(Region::ApSoutheast1)
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .build()
        .unwrap();
    match client.call(Post).await.unwrap_err() {
        Error::RegionUnavailable {
            operation,
            region,
            available,
        } => {
            assert_eq!((operation, region), ("ProbePost", "ap-southeast-1"));
            assert_eq!(available, "cn-north-4");
        }
        other => panic!("expected RegionUnavailable, got {other:?}"),
    }
    assert!(server.requests().is_empty());
    let options = RequestOptions::default().check_region(false);
    client.call_with(Post, &options).await.unwrap();
    assert_eq!(server.requests().len(), 1, "the check can be switched off");
}

#[test]
fn endpoints_must_be_https_unless_allowed() {
    let creds = || Credentials::new(AK, SK);
    let err = Client::builder()
        .endpoint("http://127.0.0.1:1")
        .credentials(creds())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("allow_http(true)"), "{err}");
    for bad in [
        "ftp://x",
        "https://h/path",
        "https://h/?q=1",
        "https://user:pw@h",
        "not a url",
    ] {
        let err = Client::builder()
            .endpoint(bad)
            .credentials(creds())
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
        assert!(!err.to_string().contains("pw@"), "{err}");
    }
    let err = Client::builder()
        .region(Region::CnNorth4)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("no credentials"), "{err}");
    let err = Client::builder().credentials(creds()).build().unwrap_err();
    assert!(err.to_string().contains("no region or endpoint"), "{err}");
    let c = Client::builder()
        .region(Region::CnEast3)
        .credentials(creds())
        .env_lookup(|_| None)
        .build()
        .unwrap();
    assert_eq!(c.endpoint(), "https://probe.cn-east-3.example.com");
    assert_eq!(c.region(), Some(Region::CnEast3));
}

#[test]
fn regions_parse_from_their_ids() {
    assert_eq!("cn-north-4".parse::<Region>().unwrap(), Region::CnNorth4);
    assert_eq!(Region::ApSoutheast1.id(), "ap-southeast-1");
    assert_eq!(Region::ApSoutheast1.name(), "Hong Kong");
    assert_eq!(Region::ALL.len(), 3);
    assert_eq!(Region::CnEast3.to_string(), "cn-east-3");
    let err = "mars-1".parse::<Region>().unwrap_err();
    assert!(err.to_string().contains("mars-1"));
}

#[tokio::test]
async fn a_missing_project_id_is_an_input_error_and_nothing_is_sent() {
    let server = TestServer::start(vec![]).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK))
        .build()
        .unwrap();
    match client.call(Get("x")).await.unwrap_err() {
        Error::Validation(e) => {
            assert_eq!(e.field(), "project_id");
            assert_eq!(e.problem(), &Problem::MissingProjectId);
            assert!(e.to_string().contains("Credentials::project_id"), "{e}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // Switching validation off does not make a path without its project id sendable.
    let options = RequestOptions::default().validate_requests(false);
    let err = client.call_with(Get("x"), &options).await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn dot_segment_path_parameters_are_refused_naming_the_parameter() {
    let server = TestServer::start(vec![Reply::ok(), Reply::ok()]).await;
    let client = client(&server);
    for id in [".", ".."] {
        match client.call(Delete(id.into())).await.unwrap_err() {
            Error::Validation(e) => {
                assert_eq!(e.field(), "id");
                assert_eq!(e.problem(), &Problem::DotSegment);
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    // Dots inside a value are fine, and a `/` stays inside its segment.
    client.call(Delete("a..b".into())).await.unwrap();
    client.call(Delete("../x".into())).await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        ["/v2/proj123/probe/a..b", "/v2/proj123/probe/..%2Fx"]
    );
}

async fn error_from(body: &str) -> huaweicloud_runtime::ServiceError {
    let server = TestServer::start(vec![Reply::status(404, &[("X-Request-Id", "r1")], body)]).await;
    client(&server)
        .call(Get("x"))
        .await
        .unwrap_err()
        .as_service()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn error_bodies_are_parsed_like_the_official_sdk() {
    let e = error_from(r#"{"errorCode":"OMS.2","errorMsg":"camel"}"#).await;
    assert_eq!((e.code(), e.message()), ("OMS.2", "camel"));
    let e = error_from(r#"{"code":"APIGW.0101","message":"plain"}"#).await;
    assert_eq!((e.code(), e.message()), ("APIGW.0101", "plain"));
    let e = error_from(r#"{"error":{"code":"APIGW.0301","message":"nested"}}"#).await;
    assert_eq!((e.code(), e.message()), ("APIGW.0301", "nested"));
    let e = error_from(r#"{"error_code":"only code"}"#).await;
    assert_eq!(
        (e.code(), e.message()),
        ("404", r#"{"error_code":"only code"}"#)
    );
    let e = error_from("<html>Not Found</html>").await;
    assert_eq!((e.code(), e.message()), ("404", "<html>Not Found</html>"));
    assert_eq!(e.request_id(), Some("r1"));
    assert_eq!(
        e.to_string(),
        "404: <html>Not Found</html> (HTTP 404, request id r1)"
    );
    // OMS adds the parameter at fault as `error_detail`; it shows in the message.
    let e = error_from(
        r#"{"error_code":"OMS.0064","error_msg":"Invalid request parameters.","error_detail":"request parameter [description] invalid."}"#,
    )
    .await;
    assert_eq!(e.detail(), Some("request parameter [description] invalid."));
    assert_eq!(
        e.to_string(),
        "OMS.0064: Invalid request parameters. (request parameter [description] invalid.; HTTP 404, request id r1)"
    );
    let e = error_from(r#"{"errorCode":"X.1","errorMsg":"m","errorDetail":"d"}"#).await;
    assert_eq!(e.detail(), Some("d"));
    let e = error_from(r#"{"error_code":"X.1","error_msg":"m","error_detail":""}"#).await;
    assert_eq!(e.detail(), None, "an empty detail is no detail");
    // Patterns from the spec never apply to responses: quotes and angle brackets decode.
    let e = error_from(r#"{"error_code":"OMS.1","error_msg":"bucket \"a<b>\" is gone"}"#).await;
    assert_eq!(e.message(), "bucket \"a<b>\" is gone");
}

#[test]
fn credentials_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let c = Credentials::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", "ak1"),
        ("HUAWEICLOUD_SDK_SK", "sk1"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p1"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "st"),
        ("CLOUD_SDK_AK", "ak2"),
        ("CLOUD_SDK_SK", "sk2"),
    ]))
    .unwrap();
    assert_eq!(
        c.access_key_id(),
        Some("ak1"),
        "the official SDK's variables win"
    );
    assert_eq!(c.project_id_value(), Some("p1"));
    let c =
        Credentials::from_lookup(env(&[("CLOUD_SDK_AK", "ak2"), ("CLOUD_SDK_SK", "sk2")])).unwrap();
    assert_eq!(c.access_key_id(), Some("ak2"));
    assert_eq!(c.project_id_value(), None);
    let err = Credentials::from_lookup(env(&[
        ("HUAWEICLOUD_SDK_AK", "ak1"),
        ("CLOUD_SDK_SK", "sk2"),
    ]))
    .unwrap_err();
    assert!(
        err.to_string().contains("HUAWEICLOUD_SDK_SK is not set"),
        "{err}"
    );
    let err = Credentials::from_lookup(env(&[])).unwrap_err();
    assert!(err.to_string().contains("CLOUD_SDK_AK is not set"), "{err}");
    let err = Credentials::from_lookup(env(&[("CLOUD_SDK_AK", "a"), ("CLOUD_SDK_SK", "  ")]))
        .unwrap_err();
    assert!(
        err.to_string().contains("CLOUD_SDK_SK is set but empty"),
        "{err}"
    );
    let err = Credentials::from_lookup(env(&[
        ("CLOUD_SDK_AK", "a"),
        ("CLOUD_SDK_SK", "s"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", ""),
    ]))
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("HUAWEICLOUD_SDK_PROJECT_ID is set but empty"),
        "{err}"
    );
}

#[tokio::test]
async fn no_secret_appears_in_debug_or_display() {
    const TOKEN: &str = "iam-token-secret-iam-token-secret-iam-token-secret-iam-token-secret";
    const SECRETS: [&str; 3] = [SK, "sts-token-secret", "iam-token-secret"];
    let check = |text: String| {
        for s in SECRETS {
            assert!(!text.contains(s), "secret {s:?} leaked in: {text}");
        }
        assert!(!text.contains(AK), "the full AK leaked in: {text}");
    };
    let creds = Credentials::new(AK, SK)
        .project_id("p")
        .security_token("sts-token-secret");
    check(format!("{creds:?}"));
    check(format!("{:?}", Credentials::token(TOKEN)));
    let server = TestServer::start(vec![
        Reply::json(400, r#"{"error_code":"PROBE.1","error_msg":"bad"}"#),
        Reply::json(200, "not json"),
    ])
    .await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(creds.clone())
        .build()
        .unwrap();
    check(format!("{client:?}"));
    check(format!("{:?}", Client::builder().credentials(creds)));
    // The token is longer than the service allows: the error names it, without its value.
    let with_token = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::token(TOKEN).project_id("p"))
        .build()
        .unwrap();
    check(format!("{with_token:?}"));
    let token_error = with_token.call(Get("x")).await.unwrap_err();
    assert!(
        matches!(&token_error, Error::Validation(v) if v.field() == "token"),
        "{token_error:?}"
    );
    let errors = vec![
        client.call(Post).await.unwrap_err(),
        client.call(Get("x")).await.unwrap_err(),
        token_error,
        Credentials::from_lookup(|_| None).unwrap_err(),
    ];
    assert!(matches!(errors[0], Error::Service(_)), "{:?}", errors[0]);
    assert!(matches!(errors[1], Error::Decode { .. }), "{:?}", errors[1]);
    for e in errors {
        check(format!("{e:?}"));
        check(e.to_string());
    }
}
