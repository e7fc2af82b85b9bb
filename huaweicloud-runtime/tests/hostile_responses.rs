//! Hostile and broken responses on a loopback server: each must end in a typed
//! `huaweicloud_runtime::Error` (the variant is asserted), never a panic, never a hang (attempt and
//! operation timeouts bound every call) and never unbounded memory (`max_response_bytes`).
//!
//! A hand-written operation decodes into a lenient response type shaped as generated ones are
//! (nested objects, arrays, enums, integers), another into a strict local type.

mod common;

use std::time::{Duration, Instant};

use common::{Client, ListResp, Probe};
use huaweicloud_runtime as rt;
use rt::test_util::{Reply, TestServer};
use rt::{Credentials, Error, RequestWriter, RetryConfig, TransportKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const AK: &str = "AKHOSTILETEST0000001";
const SK: &str = "SKhostile/test+secret==0000000000000000";

/// `GET /v2/{project_id}/hostile`, decoded into a lenient response type as generated code
/// writes one (`common::ListResp`: nested objects, arrays, an enum, integers).
#[derive(Debug)]
struct Lenient;

/// The same request, decoded into a type whose fields are all required.
#[derive(Debug)]
struct Strict;

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct StrictOut {
    inner: StrictInner,
    count: i64,
}

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
struct StrictInner {
    name: String,
}

const META: rt::OperationMeta = rt::OperationMeta {
    name: "HostileProbe",
    method: rt::Method::Get,
    path: "/v2/{project_id}/hostile",
    idempotent: true,
    regions: &[],
    has_output: true,
};

macro_rules! probe_operation {
    ($op:ty, $output:ty, $meta:expr, $body:expr) => {
        impl rt::Validate for $op {
            fn validate(&self) -> Result<(), rt::ValidationError> {
                Ok(())
            }
        }
        impl rt::Operation for $op {
            type Service = Probe;
            type Output = $output;
            const META: rt::OperationMeta = $meta;
            fn write<'a>(&'a self, w: &mut RequestWriter<'a>) {
                let body: Option<serde_json::Value> = $body;
                w.json(body.as_ref());
            }
        }
    };
}

probe_operation!(Lenient, ListResp, META, None);
probe_operation!(Strict, StrictOut, META, None);

/// `POST /v2/{project_id}/hostile`: not idempotent, no output.
#[derive(Debug)]
struct Post;

probe_operation!(
    Post,
    (),
    rt::OperationMeta {
        name: "HostilePost",
        method: rt::Method::Post,
        idempotent: false,
        has_output: false,
        ..META
    },
    Some(serde_json::json!({"a": 1}))
);

/// One attempt, at most 3 s for it and 10 s for the call.
fn client_for(url: &str, max_response_bytes: usize) -> Client {
    Client::builder()
        .endpoint(url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("proj123"))
        .retry(RetryConfig::disabled())
        .attempt_timeout(Duration::from_secs(3))
        .operation_timeout(Duration::from_secs(10))
        .max_response_bytes(max_response_bytes)
        .build()
        .unwrap()
}

/// The body cap of the test clients.
const CAP: usize = 1024 * 1024;

/// Every error must display and debug-print without trouble. A service error may quote a
/// message field of the body whole, so only the body cap bounds it; every other error is short.
fn check_printable(e: &Error) {
    let shown = e.to_string();
    let debugged = format!("{e:?}");
    let limit = match e {
        Error::Service(_) => CAP + 1024,
        _ => 16 * 1024,
    };
    assert!(shown.len() < limit, "a {} byte error message", shown.len());
    assert!(
        debugged.len() < 2 * limit,
        "a {} byte Debug",
        debugged.len()
    );
}

/// Calls the lenient operation once against a server that sends `reply`.
async fn lenient(reply: Reply) -> Result<ListResp, Error> {
    let server = TestServer::start(vec![reply]).await;
    let started = Instant::now();
    let result = client_for(&server.url, CAP).call(Lenient).await;
    assert!(started.elapsed() < Duration::from_secs(8), "took too long");
    if let Err(e) = &result {
        check_printable(e);
    }
    result
}

async fn strict(reply: Reply) -> Result<StrictOut, Error> {
    let server = TestServer::start(vec![reply]).await;
    let result = client_for(&server.url, CAP).call(Strict).await;
    if let Err(e) = &result {
        check_printable(e);
    }
    result
}

/// A complete response with raw (possibly non-UTF-8) body bytes.
fn raw_response(status: u16, extra_headers: &[u8], body: &[u8]) -> Reply {
    let mut bytes = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(extra_headers);
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(body);
    Reply::Raw(bytes)
}

/// Asserts a decode error for a success status, with a short excerpt of the body.
fn assert_decode(result: Result<impl std::fmt::Debug, Error>, want_status: u16) -> String {
    match result {
        Err(Error::Decode {
            status,
            excerpt,
            message,
            ..
        }) => {
            assert_eq!(status, want_status);
            assert!(excerpt.chars().count() <= 201, "excerpt of {excerpt:?}");
            message
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

fn assert_transport(result: Result<impl std::fmt::Debug, Error>) -> TransportKind {
    match result {
        Err(Error::Transport { kind, .. }) => kind,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    for body in [
        r#"{"tasks": [{"sync_task_id": "a""#,
        r#"{"count": 1"#,
        "{",
        r#"{"tasks": [{"source_cdn": {"domain": "x"#,
    ] {
        let message = assert_decode(lenient(Reply::json(200, body)).await, 200);
        assert!(message.contains("EOF"), "{message}");
    }
}

#[tokio::test]
async fn wrong_types_are_decode_errors() {
    for body in [
        r#"{"count": "ten"}"#,
        r#"{"tasks": {}}"#,
        r#"{"tasks": "none"}"#,
        r#"{"tasks": [{"create_time": "yesterday"}]}"#,
        r#"{"tasks": [{"enable_restore": "yes"}]}"#,
        r#"{"tasks": [{"status": 3}]}"#,
        r#"{"tasks": [{"source_cdn": "cdn"}]}"#,
        r#"{"tasks": [{"source_cdn": ["cdn.example.com", 443]}]}"#,
        r#""a string""#,
        "42",
    ] {
        assert_decode(lenient(Reply::json(200, body)).await, 200);
    }
}

#[tokio::test]
async fn arrays_where_objects_are_expected_decode_by_position() {
    // serde's derived structs also accept a sequence of their fields in order: lenient
    // response types therefore decode `[]` as an empty object rather than failing.
    let out = lenient(Reply::json(200, "[]")).await.unwrap();
    assert_eq!((out.tasks, out.count), (None, None));
    let out = lenient(Reply::json(
        200,
        r#"{"tasks": [{"source_cdn": ["cdn.example.com"]}]}"#,
    ))
    .await
    .unwrap();
    let cdn = out.tasks.unwrap()[0].source_cdn.clone().unwrap();
    assert_eq!(cdn.domain.as_deref(), Some("cdn.example.com"));
}

#[tokio::test]
async fn null_where_an_object_is_expected() {
    // At the top level, and as an array item: decode errors.
    assert_decode(lenient(Reply::json(200, "null")).await, 200);
    assert_decode(lenient(Reply::json(200, r#"{"tasks": [null]}"#)).await, 200);
    // A null optional field of a lenient type is simply absent.
    let out = lenient(Reply::json(200, r#"{"tasks": null, "count": null}"#))
        .await
        .unwrap();
    assert_eq!((out.tasks, out.count), (None, None));
    // A null required field of a strict type is a decode error.
    assert_decode(
        strict(Reply::json(200, r#"{"inner": null, "count": 1}"#)).await,
        200,
    );
    assert_decode(strict(Reply::json(200, r#"{"count": 1}"#)).await, 200);
}

#[tokio::test]
async fn enormous_numbers_are_decode_errors() {
    for body in [
        r#"{"count": 1e400}"#,
        r#"{"count": -1e400}"#,
        // 2^70 and one past i64::MIN do not fit an i64.
        r#"{"count": 1180591620717411303424}"#,
        r#"{"count": -9223372036854775809}"#,
        r#"{"count": 18446744073709551616}"#,
        r#"{"count": 1.5}"#,
        r#"{"tasks": [{"create_time": 1e400}]}"#,
    ] {
        assert_decode(lenient(Reply::json(200, body)).await, 200);
    }
    let digits = format!(r#"{{"count": {}}}"#, "9".repeat(100_000));
    assert_decode(lenient(Reply::json(200, &digits)).await, 200);
    // The extremes that do fit decode.
    let out = lenient(Reply::json(200, r#"{"count": -9223372036854775808}"#))
        .await
        .unwrap();
    assert_eq!(out.count, Some(i64::MIN));
}

#[tokio::test]
async fn deeply_nested_json_is_refused_without_overflowing_the_stack() {
    // At the top level the type refuses the first item, before any depth.
    let arrays = "[".repeat(100_000);
    assert_decode(lenient(Reply::json(200, &arrays)).await, 200);
    // Inside fields the decoder skips (unknown ones), and inside known arrays.
    for body in [
        format!(r#"{{"unknown": {}}}"#, "[".repeat(100_000)),
        format!(r#"{{"unknown": {}}}"#, r#"{"a":"#.repeat(50_000)),
        format!(r#"{{"tasks": [{{"x": {}}}]}}"#, "[".repeat(100_000)),
    ] {
        assert_decode(lenient(Reply::json(200, &body)).await, 200);
    }
    // In an error body: a service error whose message is the start of the body.
    match lenient(Reply::json(400, &arrays)).await {
        Err(Error::Service(e)) => {
            assert_eq!((e.status, e.code()), (400, "400"));
            assert!(e.message().starts_with("[[[["));
            assert!(e.message().chars().count() <= 2049, "{}", e.message().len());
        }
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn non_utf8_bodies() {
    // In a JSON string of a success body: a decode error whose excerpt replaces the bytes.
    let body = b"{\"tasks\": [{\"sync_task_id\": \"\xff\xfe\"}]}";
    match lenient(raw_response(200, b"", body)).await {
        Err(Error::Decode { excerpt, .. }) => assert!(excerpt.contains('\u{FFFD}'), "{excerpt}"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    // Pure garbage.
    let garbage: Vec<u8> = (0..=255u8).rev().cycle().take(4096).collect();
    assert_decode(lenient(raw_response(200, b"", &garbage)).await, 200);
    // A multi-byte character cut by the excerpt limit does not break the excerpt.
    let mut cut = b"{\"x\": \"".to_vec();
    cut.extend("漢".repeat(300).as_bytes());
    assert_decode(lenient(raw_response(200, b"", &cut)).await, 200);
    // In an error body: the service error keeps what it can read.
    match lenient(raw_response(502, b"", b"\xff\xfe bad gateway \xc3")).await {
        Err(Error::Service(e)) => {
            assert_eq!((e.status, e.code()), (502, "502"));
            assert!(e.message().contains("bad gateway"), "{}", e.message());
            assert!(e.message().contains('\u{FFFD}'));
        }
        other => panic!("expected Error::Service, got {other:?}"),
    }
    // Invalid UTF-8 inside the error JSON: not JSON, so the raw text is the message.
    let body = b"{\"error_code\": \"OMS.\xff\", \"error_msg\": \"m\"}";
    match lenient(raw_response(404, b"", body)).await {
        Err(Error::Service(e)) => assert_eq!((e.status, e.code()), (404, "404")),
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn a_content_length_larger_than_the_body_then_close() {
    let partial =
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"count\": 1}"
            .to_vec();
    let kind = assert_transport(lenient(Reply::Raw(partial)).await);
    assert_eq!(kind, TransportKind::Response);
    // The same on an error status.
    let partial =
        b"HTTP/1.1 503 X\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"error_code\""
            .to_vec();
    let kind = assert_transport(lenient(Reply::Raw(partial)).await);
    assert_eq!(kind, TransportKind::Response);
}

#[tokio::test]
async fn a_content_length_smaller_than_the_body() {
    // Only the announced bytes are the body: here they cut the JSON short.
    let body = br#"{"count": 12345, "tasks": []}"#;
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(body);
    match lenient(Reply::Raw(raw)).await {
        Err(Error::Decode { excerpt, .. }) => assert_eq!(excerpt, r#"{"count": 12"#),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    // Here they hold a complete document, and what follows is not part of the response.
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\n".to_vec();
    raw.extend_from_slice(br#"{"count": 7}   garbage that is not the body"#);
    assert_eq!(lenient(Reply::Raw(raw)).await.unwrap().count, Some(7));
}

#[tokio::test]
async fn malformed_framing_is_a_transport_error() {
    for raw in [
        &b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}"[..],
        b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{}",
        b"HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}",
        b"NOT HTTP AT ALL\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nBroken Header Line\r\nContent-Length: 2\r\n\r\n{}",
        b"",
    ] {
        // hyper reports a broken head as a failure of the request, a broken body as one of
        // the response.
        let kind = assert_transport(lenient(Reply::Raw(raw.to_vec())).await);
        let in_body = raw.starts_with(b"HTTP/1.1 200 OK\r\nTransfer-Encoding");
        let expected = if in_body {
            TransportKind::Response
        } else {
            TransportKind::Request
        };
        assert_eq!(kind, expected, "{}", String::from_utf8_lossy(raw));
    }
}

#[tokio::test]
async fn an_empty_body_on_a_typed_success_is_a_decode_error() {
    let message = assert_decode(lenient(Reply::json(200, "")).await, 200);
    assert!(message.contains("EOF"), "{message}");
    // 204 No Content where the spec promises a body.
    let raw = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_vec();
    assert_decode(lenient(Reply::Raw(raw)).await, 204);
    // Whitespace only.
    assert_decode(lenient(Reply::json(200, "  \r\n\t ")).await, 200);
}

#[tokio::test]
async fn huge_error_bodies_are_capped() {
    // Announced by Content-Length: refused before reading.
    let big = "x".repeat(2 * 1024 * 1024);
    match lenient(Reply::json(500, &big)).await {
        Err(Error::ResponseTooLarge { status, limit, .. }) => {
            assert_eq!((status, limit), (500, 1024 * 1024));
        }
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
    // Under the cap: the message quotes only the start of the body.
    let body = format!(
        r#"{{"error_code": "OMS.0001", "padding": "{}"}}"#,
        "y".repeat(512 * 1024)
    );
    match lenient(Reply::json(400, &body)).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code(), "400");
            assert!(e.message().chars().count() <= 2049);
            assert!(e.message().ends_with('…'));
        }
        other => panic!("expected Error::Service, got {other:?}"),
    }
    // A huge message field is capped like the raw-body fallback.
    let body = format!(
        r#"{{"error_code": "OMS.0002", "error_msg": "{}"}}"#,
        "z".repeat(600 * 1024)
    );
    match lenient(Reply::json(400, &body)).await {
        Err(Error::Service(e)) => {
            assert_eq!(e.code(), "OMS.0002");
            assert_eq!(e.message().chars().count(), 2049);
            assert!(e.message().starts_with("zzz") && e.message().ends_with('…'));
        }
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn odd_header_bytes() {
    // obs-text in a header value: tolerated, the request id is dropped.
    let ok = lenient(raw_response(
        200,
        b"X-Request-Id: \xff\xfe\x80\r\n",
        br#"{"count": 3}"#,
    ))
    .await
    .unwrap();
    assert_eq!(ok.count, Some(3));
    match lenient(raw_response(
        404,
        b"X-Request-Id: id-\xff\r\n",
        br#"{"error_code": "OMS.1021", "error_msg": "gone"}"#,
    ))
    .await
    {
        Err(Error::Service(e)) => {
            assert_eq!(e.code(), "OMS.1021");
            assert_eq!(e.request_id(), None);
        }
        other => panic!("expected Error::Service, got {other:?}"),
    }
    // A Retry-After that is not text is ignored.
    match lenient(raw_response(
        503,
        b"Retry-After: \xff\xff\r\n",
        br#"{"error_code": "OMS.0503", "error_msg": "busy"}"#,
    ))
    .await
    {
        Err(Error::Service(e)) => assert_eq!((e.status, e.retryable), (503, true)),
        other => panic!("expected Error::Service, got {other:?}"),
    }
    // Control characters and NUL are not valid HTTP: the response is refused.
    for head in [
        &b"X-Request-Id: a\x00b\r\n"[..],
        b"X-Request-Id: a\x01b\r\n",
        b"X-Re\x00quest-Id: a\r\n",
    ] {
        let kind = assert_transport(lenient(raw_response(200, head, br#"{"count": 3}"#)).await);
        assert_eq!(kind, TransportKind::Request);
    }
}

/// A 503 asking to wait `retry_after`, then a success; retries on, 10 s for the whole call.
async fn call_after_503(retry_after: &'static str) -> Result<ListResp, Error> {
    let server = TestServer::start(vec![
        Reply::status(
            503,
            &[("Retry-After", retry_after)],
            r#"{"error_code": "OMS.0503", "error_msg": "busy"}"#,
        ),
        Reply::json(200, "{}"),
    ])
    .await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("proj123"))
        .attempt_timeout(Duration::from_secs(3))
        .operation_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = tokio::spawn(async move { client.call(Lenient).await })
        .await
        .unwrap_or_else(|panic| {
            panic!("the call panicked on `Retry-After: {retry_after}`: {panic}")
        });
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(server.requests().len(), 1, "no retry after such a wait");
    result
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_ends_the_call() {
    // About 3170 years: more than the call may take, so the 503 is final, at once.
    match call_after_503("99999999999").await {
        Err(Error::Service(e)) => assert_eq!((e.status, e.retryable), (503, true)),
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

/// A `Retry-After` of more seconds than an `Instant` can add ends the call with the service
/// error; it once overflowed `Instant::now() + wait` and panicked.
#[tokio::test]
async fn a_retry_after_beyond_what_time_can_express_does_not_panic() {
    for retry_after in ["18446744073709551615", "9223372036854775807"] {
        match call_after_503(retry_after).await {
            Err(Error::Service(e)) => assert_eq!(e.status, 503),
            other => panic!("expected Error::Service, got {other:?}"),
        }
    }
}

/// A server for behaviours the scripted one cannot show: it reads one request head, writes
/// `head`, then either hangs (up to 20 s) or streams `chunk` until the client goes away or
/// 512 MiB have been sent.
async fn raw_server(head: &'static [u8], endless_chunk: Option<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        if stream.write_all(head).await.is_err() {
            return;
        }
        match endless_chunk {
            None => tokio::time::sleep(Duration::from_secs(20)).await,
            Some(data) => {
                for _ in 0..(512 * 1024 * 1024 / data.len()) {
                    if stream.write_all(&data).await.is_err() {
                        return;
                    }
                }
            }
        }
    });
    url
}

#[tokio::test]
async fn a_body_that_never_ends_is_cut_at_the_limit() {
    // Close-delimited, no length announced: counted as it streams.
    let url = raw_server(
        b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
        Some(vec![b'['; 64 * 1024]),
    )
    .await;
    let started = Instant::now();
    match client_for(&url, 256 * 1024).call(Lenient).await {
        Err(Error::ResponseTooLarge { status, limit, .. }) => {
            assert_eq!((status, limit), (200, 256 * 1024));
        }
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    // Chunked, on an error status.
    let mut chunk = format!("{:x}\r\n", 32 * 1024).into_bytes();
    chunk.extend(std::iter::repeat_n(b'e', 32 * 1024));
    chunk.extend_from_slice(b"\r\n");
    let url = raw_server(
        b"HTTP/1.1 500 X\r\nTransfer-Encoding: chunked\r\n\r\n",
        Some(chunk),
    )
    .await;
    match client_for(&url, 256 * 1024).call(Lenient).await {
        Err(Error::ResponseTooLarge { status, .. }) => assert_eq!(status, 500),
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn headers_then_silence_times_out() {
    let url = raw_server(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"cou",
        None,
    )
    .await;
    let client = Client::builder()
        .endpoint(&url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("proj123"))
        .retry(RetryConfig::disabled())
        .attempt_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    match client.call(Lenient).await {
        Err(Error::Timeout { attempts, .. }) => assert_eq!(attempts, 1),
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn odd_statuses() {
    // An unassigned status above 599 is still an error status.
    match lenient(Reply::json(999, r#"{"code": "X", "message": "odd"}"#)).await {
        Err(Error::Service(e)) => {
            assert_eq!((e.status, e.code(), e.retryable), (999, "X", false));
        }
        other => panic!("expected Error::Service, got {other:?}"),
    }
}

/// A POST with retries on (3 attempts) against a server that answers garbage every time.
async fn post_against_garbage(garbage: &[u8]) -> (Result<(), Error>, usize) {
    let reply = || Reply::Raw(garbage.to_vec());
    let server = TestServer::start(vec![reply(), reply(), reply()]).await;
    let client = Client::builder()
        .endpoint(&server.url)
        .allow_http(true)
        .credentials(Credentials::new(AK, SK).project_id("proj123"))
        .retry(RetryConfig::default().initial_backoff(Duration::from_millis(5)))
        .attempt_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let result = client.call(Post).await;
    (result, server.requests().len())
}

/// Redirects are not followed (the request was signed for this endpoint), so a 3xx is an error
/// that says so and keeps the `Location`, for operations with and without output: one once
/// ended a call with `Ok(())` although the service did no work, another was reported as a
/// service error with code "302" and an empty message.
#[tokio::test]
async fn a_redirect_is_an_error_that_carries_the_location() {
    for status in [301u16, 302, 303, 307, 308] {
        let server = TestServer::start(vec![
            Reply::status(
                status,
                &[
                    ("Location", "https://oms.elsewhere.example.com/v2/p/hostile"),
                    ("X-Request-Id", "rid-redirect"),
                ],
                "",
            ),
            Reply::status(status, &[("Location", "/relative")], "<html>moved</html>"),
        ])
        .await;
        let client = client_for(&server.url, CAP);
        let err = client.call(Post).await.unwrap_err();
        match &err {
            Error::Redirect {
                operation,
                status: s,
                location,
                request_id,
            } => {
                assert_eq!((*operation, *s), ("HostilePost", status));
                assert_eq!(
                    location.as_deref(),
                    Some("https://oms.elsewhere.example.com/v2/p/hostile")
                );
                assert_eq!(request_id.as_deref(), Some("rid-redirect"));
            }
            other => panic!("expected Error::Redirect, got {other:?}"),
        }
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(
            err.to_string(),
            format!(
                "HostilePost: the endpoint answered HTTP {status} (redirect to \
                 https://oms.elsewhere.example.com/v2/p/hostile) (request id rid-redirect); \
                 check the endpoint"
            )
        );
        let err = client.call(Lenient).await.unwrap_err();
        assert_eq!(err.redirect_location(), Some("/relative"), "{err:?}");
        assert_eq!(server.requests().len(), 2, "not followed, not retried");
    }
}

/// A response whose head does not parse comes back from reqwest as a request error. The
/// server has received the request, so a non-idempotent POST is not sent again.
#[tokio::test]
async fn a_garbled_response_to_a_post_is_not_resent() {
    let (result, sent) =
        post_against_garbage(b"HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}").await;
    assert!(matches!(result, Err(Error::Transport { .. })), "{result:?}");
    assert_eq!(sent, 1, "the POST was sent {sent} times");
}
