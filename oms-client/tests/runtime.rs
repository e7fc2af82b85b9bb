//! The runtime against a real HTTP server on 127.0.0.1: retries and re-signing, timeouts,
//! broken responses, auth modes, endpoints, error parsing. A small hand-written operation
//! stands in for the generated ones, since the runtime is generic over `Operation`.

mod support;

use std::time::{Duration, Instant};

use oms_client::encode::Query;
use oms_client::operation::{HttpRequest, Method, Operation, OperationMeta, RawResponse};
use oms_client::validate::{Problem, ValidationError};
use oms_client::{Client, Credentials, Error, Region, RequestOptions, RetryConfig, TransportKind};
use support::{signature_is_valid, Reply, TestServer};

const AK: &str = "AKTESTEXAMPLE0000001";
const SK: &str = "SKtestexample/secret+key==0000000000000";

#[derive(Debug, serde::Deserialize, PartialEq)]
struct ProbeOut {
    name: Option<String>,
}

/// `GET /v2/{project_id}/probe?q=…`, idempotent, with a JSON output.
struct Get(&'static str);
/// `POST /v2/{project_id}/probe`, not idempotent, with a JSON body.
struct Post;

impl Operation for Get {
    type Output = ProbeOut;
    const META: OperationMeta = OperationMeta {
        name: "ProbeGet",
        method: Method::Get,
        path: "/v2/{project_id}/probe",
        idempotent: true,
        uses_project_id: true,
        regions: &[],
    };
    fn validate(&self) -> Result<(), ValidationError> {
        oms_client::validate::string(self.0, Some(1), Some(8), None)
            .map_err(|p| ValidationError::new("q", p))
    }
    fn to_http(&self, project_id: Option<&str>) -> Result<HttpRequest, Error> {
        let mut query = Query::default();
        query.push("q", self.0);
        Ok(HttpRequest {
            path: format!("/v2/{}/probe", project_id.unwrap()),
            query,
            headers: vec![],
            body: None,
        })
    }
    fn parse(response: &RawResponse) -> Result<ProbeOut, Error> {
        oms_client::decode::json(response)
    }
}

impl Operation for Post {
    type Output = ();
    const META: OperationMeta = OperationMeta {
        name: "ProbePost",
        method: Method::Post,
        path: "/v2/{project_id}/probe",
        idempotent: false,
        uses_project_id: true,
        regions: &[Region::CnNorth4],
    };
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
    fn to_http(&self, project_id: Option<&str>) -> Result<HttpRequest, Error> {
        Ok(HttpRequest {
            path: format!("/v2/{}/probe", project_id.unwrap()),
            query: Query::default(),
            headers: vec![],
            body: Some(br#"{"a": 1}"#.to_vec()),
        })
    }
    fn parse(_: &RawResponse) -> Result<(), Error> {
        Ok(())
    }
}

fn builder(server: &TestServer) -> oms_client::ClientBuilder {
    Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("proj123"))
        .retry(RetryConfig::default().initial_backoff(Duration::from_millis(10)))
}

fn client(server: &TestServer) -> Client {
    builder(server).build().unwrap()
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

#[tokio::test]
async fn http_500_is_retried_only_for_idempotent_operations() {
    let e500 = || Reply::json(500, r#"{"error_code":"OMS.0500","error_msg":"oops"}"#);
    let server = TestServer::start(vec![e500(), e500(), e500()]).await;
    let err = client(&server).call(Post).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(server.requests().len(), 1, "POST is not retried on 500");

    let server = TestServer::start(vec![e500(), e500(), e500()]).await;
    let err = client(&server).call(Get("x")).await.unwrap_err();
    assert_eq!(err.as_service().unwrap().code(), "OMS.0500");
    assert_eq!(
        server.requests().len(),
        3,
        "GET is retried up to max_attempts"
    );
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
    let client = builder(&server)
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
    let client = builder(&server)
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
    // ... a POST, which may have reached the service, is not.
    let server = TestServer::start(vec![Reply::Raw(partial)]).await;
    let post = client(&server).call(Post).await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert!(
        matches!(
            post,
            Error::Transport {
                kind: TransportKind::Response,
                ..
            }
        ),
        "{post:?}"
    );
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Response,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_connect_error_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .endpoint(url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .retry(RetryConfig::default().initial_backoff(Duration::from_millis(5)))
        .build()
        .unwrap();
    let err = client.call(Get("x")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
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
    let client = builder(&server).max_response_bytes(1024).build().unwrap();
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
    let client = builder(&server).max_response_bytes(1024).build().unwrap();
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
    let client = builder(&server)
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
            (name == "HUAWEICLOUD_SDK_REGION_OMS_CN_NORTH_4")
                .then(|| format!("{url},https://second"))
        })
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), server.url);
    client.call(Post).await.unwrap();
    assert_eq!(server.requests().len(), 1);
    // The region check still applies to the overridden endpoint.
    let client = Client::builder()
        .region(Region::ApSoutheast1)
        .credentials(Credentials::new(AK, SK).project_id("p"))
        .build()
        .unwrap();
    assert!(matches!(
        client.call(Post).await.unwrap_err(),
        Error::RegionUnavailable { .. }
    ));
    let options = RequestOptions::default()
        .check_region(false)
        .attempt_timeout(Duration::from_millis(1));
    let err = client.call_with(Post, &options).await.unwrap_err();
    assert!(
        !matches!(err, Error::RegionUnavailable { .. }),
        "the check can be switched off: {err}"
    );
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
    let err = Client::builder()
        .endpoint("ftp://x")
        .credentials(creds())
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    let err = Client::builder()
        .endpoint("https://h/path")
        .credentials(creds())
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)));
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
    assert_eq!(c.endpoint(), "https://oms.cn-east-3.myhuaweicloud.com");
}

#[test]
fn regions_parse_from_their_ids() {
    assert_eq!("cn-north-4".parse::<Region>().unwrap(), Region::CnNorth4);
    assert_eq!(Region::CnSouthwest2.id(), "cn-southwest-2");
    assert_eq!(Region::ALL.len(), 21);
    assert!(Region::ALL
        .iter()
        .all(|r| r.endpoint() == format!("https://oms.{}.myhuaweicloud.com", r.id())));
    let err = "mars-1".parse::<Region>().unwrap_err();
    assert!(err.to_string().contains("mars-1"));
}

#[tokio::test]
async fn a_missing_project_id_is_a_configuration_error() {
    let server = TestServer::start(vec![]).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK))
        .build()
        .unwrap();
    let err = client.call(Get("x")).await.unwrap_err();
    assert!(err.to_string().contains("needs a project id"), "{err}");
    assert!(server.requests().is_empty());
}

async fn error_from(body: &str) -> oms_client::ServiceError {
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
    const SECRETS: [&str; 5] = [
        SK,
        "SK-SOURCE-SECRET",
        "SK-DEST-SECRET",
        "sts-token-secret",
        "iam-token-secret",
    ];
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
    check(format!("{:?}", Credentials::token("iam-token-secret")));
    let server = TestServer::start(vec![
        Reply::json(400, r#"{"error_code":"OMS.1","error_msg":"bad"}"#),
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
    let body = oms_client::types::StartSyncTaskReq::builder()
        .src_ak("AK-SOURCE")
        .src_sk("SK-SOURCE-SECRET")
        .dst_ak("AK-DEST")
        .dst_sk("SK-DEST-SECRET");
    check(format!("{body:?}"));
    let body = body.build().unwrap();
    check(format!("{body:?}"));
    let request = client
        .start_sync_task()
        .sync_task_id("t")
        .body(body.clone());
    check(format!("{request:?}"));
    let input = request.clone().into_input().unwrap();
    check(format!("{input:?}"));
    let errors = vec![
        request
            .clone()
            .options(RequestOptions::default().check_region(false))
            .send()
            .await
            .unwrap_err(),
        client.call(Get("x")).await.unwrap_err(),
        Error::Validation(ValidationError::new(
            "body.src_sk",
            Problem::TooLong {
                max: 100,
                actual: 101,
            },
        )),
        Credentials::from_lookup(|_| None).unwrap_err(),
    ];
    for e in errors {
        check(format!("{e:?}"));
        check(e.to_string());
    }
}
