//! What the emulator refuses before any operation runs, in the API gateway's shapes: bad
//! signatures, unknown keys, bad tokens, stale dates (401 `APIGW.0301`, request id in the body);
//! and what OMS refuses: requests outside the spec's bounds (400 `OMS.0064` naming the field),
//! parameters of the wrong type (400 `OMS.1010`), unknown paths (404 `APIGW.0101`).

use std::time::Duration;

use huaweicloud_runtime::signer;
use oms_client::{Credentials, Error, RequestOptions, RetryConfig};
use oms_emulator::{codes, Config, Emulator, ACCESS_KEY, PROJECT_ID, SECRET_KEY, TOKEN};

async fn start() -> Emulator {
    Emulator::start(Config::manual_clock()).await.unwrap()
}

fn refused(e: &Error) -> (u16, &str, &str) {
    let s = e
        .as_service()
        .unwrap_or_else(|| panic!("a service error, got {e:?}"));
    (s.status, s.code(), s.message())
}

#[tokio::test]
async fn signed_requests_and_tokens_are_accepted() {
    let emulator = start().await;
    emulator
        .client()
        .unwrap()
        .list_tasks()
        .send()
        .await
        .unwrap();
    let with_token = emulator
        .client_builder()
        .credentials(Credentials::token(TOKEN).project_id(PROJECT_ID))
        .build()
        .unwrap();
    with_token.list_tasks().send().await.unwrap();
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn bad_credentials_are_refused_as_the_gateway_does() {
    let emulator = start().await;
    let cases = [
        (
            Credentials::new(ACCESS_KEY, "not-the-secret").project_id(PROJECT_ID),
            "Incorrect IAM authentication information: verify aksk signature fail",
        ),
        (
            Credentials::new("UNKNOWNACCESSKEY0000", SECRET_KEY).project_id(PROJECT_ID),
            "Incorrect IAM authentication information: ak UNKNOWNACCESSKEY0000 not exist",
        ),
        (
            Credentials::token("forged-token").project_id(PROJECT_ID),
            "Incorrect IAM authentication information: decrypt token fail",
        ),
    ];
    for (credentials, message) in cases {
        let client = emulator
            .client_builder()
            .credentials(credentials)
            .build()
            .unwrap();
        let err = client.list_tasks().send().await.unwrap_err();
        assert_eq!(refused(&err), (401, codes::BAD_AUTH, message));
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn the_gateway_error_body_carries_the_request_id() {
    let emulator = start().await;
    let response = reqwest::get(format!("{}/v2/{PROJECT_ID}/tasks", emulator.url()))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let id = response
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "APIGW.0301");
    assert_eq!(
        body["error_msg"],
        "Incorrect IAM authentication information: x-auth-token not found"
    );
    assert_eq!(body["request_id"], id.as_str());
}

#[tokio::test]
async fn a_signature_dated_beyond_the_allowed_skew_is_refused() {
    let emulator = start().await;
    // Signed correctly, sixteen minutes ago.
    let old = time::OffsetDateTime::now_utc() - time::Duration::minutes(16);
    let date = signer::sdk_date(old);
    let host = emulator.url().trim_start_matches("http://").to_string();
    let path = format!("/v2/{PROJECT_ID}/tasks");
    let headers = [("Host", host.as_str()), ("X-Sdk-Date", date.as_str())];
    let authorization = signer::authorization(
        ACCESS_KEY,
        SECRET_KEY,
        &date,
        &signer::SigningRequest {
            method: "GET",
            path: &path,
            query: "",
            headers: &headers,
            body: b"",
        },
    );
    let response = reqwest::Client::new()
        .get(format!("{}{path}", emulator.url()))
        .header("X-Sdk-Date", &date)
        .header("Authorization", authorization)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], "APIGW.0301");
    let message = body["error_msg"].as_str().unwrap();
    assert!(
        message.starts_with(&format!(
            "Incorrect IAM authentication information: signature expired, signature time:{date}"
        )),
        "{message}"
    );
}

#[tokio::test]
async fn requests_outside_the_specs_bounds_get_the_services_400_naming_the_field() {
    let emulator = start().await;
    // The client would refuse these itself; with its checks off they reach the emulator,
    // which checks them with the same generated validation.
    let unchecked = RequestOptions::default().validate_requests(false);
    let client = emulator
        .client_builder()
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = client
        .list_tasks()
        .limit(101)
        .options(unchecked)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused(&err),
        (400, codes::INVALID_PARAMETER, "Invalid request parameters.")
    );
    let detail = raw_error(
        &emulator,
        "GET",
        &format!("/v2/{PROJECT_ID}/tasks?limit=101"),
    )
    .await;
    assert_eq!(detail["error_code"], "OMS.0064");
    assert_eq!(
        detail["error_detail"],
        "request parameter [limit] invalid: `limit` is above the maximum of 100"
    );
    // A number where text is expected.
    let detail = raw_error(&emulator, "GET", &format!("/v2/{PROJECT_ID}/tasks/abc")).await;
    assert_eq!(detail["error_code"], codes::INCORRECT_TYPE);
    assert_eq!(
        detail["error_detail"],
        "request parameter [task_id] invalid: `task_id` is not an int64"
    );
    // An operation that does not exist.
    let detail = raw_error(&emulator, "GET", &format!("/v2/{PROJECT_ID}/widgets")).await;
    assert_eq!(detail["error_code"], codes::NO_SUCH_API);
}

/// The JSON error body of a request signed by the default AK/SK.
async fn raw_error(emulator: &Emulator, method: &str, target: &str) -> serde_json::Value {
    let date = signer::sdk_date(time::OffsetDateTime::now_utc());
    let host = emulator.url().trim_start_matches("http://").to_string();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers = [("Host", host.as_str()), ("X-Sdk-Date", date.as_str())];
    let authorization = signer::authorization(
        ACCESS_KEY,
        SECRET_KEY,
        &date,
        &signer::SigningRequest {
            method,
            path,
            query,
            headers: &headers,
            body: b"",
        },
    );
    let response = reqwest::Client::new()
        .request(
            method.parse().unwrap(),
            format!("{}{target}", emulator.url()),
        )
        .header("X-Sdk-Date", &date)
        .header("Authorization", authorization)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_client_shows_which_parameter_the_service_refused() {
    let emulator = start().await;
    let err = emulator
        .client()
        .unwrap()
        .list_tasks()
        .limit(101)
        .options(RequestOptions::default().validate_requests(false))
        .send()
        .await
        .unwrap_err();
    let service = err.as_service().expect("a service error");
    assert_eq!((service.status, service.code()), (400, "OMS.0064"));
    assert_eq!(
        service.detail(),
        Some("request parameter [limit] invalid: `limit` is above the maximum of 100")
    );
}
