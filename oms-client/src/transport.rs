//! One call: checks, then attempts (each signed afresh) until success, a final error, or the
//! operation timeout.

use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::ExposeSecret;
use tracing::Instrument;

use crate::client::{Client, ClientInner};
use crate::config::{Config, RequestOptions};
use crate::credentials::Auth;
use crate::error::TransportKind;
use crate::generated::service::{PROJECT_ID_HEADER, PROJECT_ID_LENGTH, TOKEN_HEADER, TOKEN_LENGTH};
use crate::operation::{HttpRequest, Operation, OperationMeta, RawResponse};
use crate::retry::{parse_retry_after, status_is_retryable};
use crate::validate::{self, ValidationError};
use crate::{signer, Error};

/// `Content-Type` of requests with a JSON body, as the API declares it.
pub const JSON_BODY_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
/// `Content-Type` of the others; the official SDKs send it on every request.
pub const NO_BODY_CONTENT_TYPE: &str = "application/json";

pub(crate) async fn execute<O: Operation>(
    client: &Client,
    input: O,
    options: &RequestOptions,
) -> Result<O::Output, Error> {
    let inner = &*client.inner;
    let config = options.apply(&inner.config);
    let meta = O::META;
    let span = tracing::debug_span!(
        "oms.call",
        operation = meta.name,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let call_span = span.clone();
    async move {
        let span = call_span;
        let started = Instant::now();
        let result = async {
            let project_id = preflight(inner, &config, &meta)?;
            if config.validate_requests {
                input.validate()?;
            }
            let http = input.to_http(project_id)?;
            let response =
                send_with_retries(inner, &config, &meta, project_id, http, &span).await?;
            O::parse(&response)
        }
        .await;
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        if let Err(e) = &result {
            if let Some(status) = e.status() {
                span.record("status", status);
            }
            if let Some(id) = e.request_id() {
                span.record("request_id", id);
            }
            tracing::debug!(error = %e, "call failed");
        }
        result
    }
    .instrument(span)
    .await
}

/// Checks that need no request: region availability, project id and token presence and bounds.
fn preflight<'a>(
    inner: &'a ClientInner,
    config: &Config,
    meta: &OperationMeta,
) -> Result<Option<&'a str>, Error> {
    if config.check_region && !meta.regions.is_empty() {
        if let Some(region) = inner.region {
            if !meta.regions.contains(&region) {
                return Err(Error::RegionUnavailable {
                    operation: meta.name,
                    region: region.id(),
                    available: meta
                        .regions
                        .iter()
                        .map(|r| r.id())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
    }
    let project_id = inner.credentials.project_id_value();
    if meta.uses_project_id && project_id.is_none() {
        return Err(Error::Config(format!(
            "{} needs a project id: set Credentials::project_id or HUAWEICLOUD_SDK_PROJECT_ID",
            meta.name
        )));
    }
    if config.validate_requests {
        if let Some(p) = project_id {
            validate::string(p, PROJECT_ID_LENGTH.0, PROJECT_ID_LENGTH.1, None)
                .map_err(|e| ValidationError::new("project_id", e))?;
        }
        if let Auth::Token(t) = inner.credentials.auth() {
            validate::string(t.expose_secret(), TOKEN_LENGTH.0, TOKEN_LENGTH.1, None)
                .map_err(|e| ValidationError::new("token", e))?;
        }
    }
    Ok(project_id)
}

/// Builds and signs the first attempt of a call without sending it.
pub(crate) fn prepare<O: Operation>(
    client: &Client,
    input: &O,
    options: &RequestOptions,
) -> Result<reqwest::Request, Error> {
    let inner = &*client.inner;
    let config = options.apply(&inner.config);
    let meta = O::META;
    let project_id = preflight(inner, &config, &meta)?;
    if config.validate_requests {
        input.validate()?;
    }
    let wire = WireRequest::new(inner, input.to_http(project_id)?)?;
    wire.build(inner, &config, &meta, project_id)
}

/// The parts of a request that stay the same across attempts.
struct WireRequest {
    url: reqwest::Url,
    path: String,
    query: String,
    headers: Vec<(&'static str, String)>,
    body: Option<Bytes>,
}

impl WireRequest {
    fn new(inner: &ClientInner, http: HttpRequest) -> Result<WireRequest, Error> {
        // A path parameter of `.` or `..` would be resolved away by URL normalisation and
        // send the request to another path than the one signed: refuse it.
        if http.path.split('/').any(|s| {
            let s = s.to_ascii_lowercase();
            matches!(s.as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e.")
        }) {
            return Err(Error::Config(
                "a path parameter of `.` or `..` would change the request path".into(),
            ));
        }
        let query = http.query.encoded();
        let mut url = inner.base_url.clone();
        url.set_path(&http.path);
        if !query.is_empty() {
            url.set_query(Some(&query));
        }
        Ok(WireRequest {
            url,
            path: http.path,
            query,
            headers: http.headers,
            body: http.body.map(Bytes::from),
        })
    }

    /// One attempt's request, signed now.
    fn build(
        &self,
        inner: &ClientInner,
        config: &Config,
        meta: &OperationMeta,
        project_id: Option<&str>,
    ) -> Result<reqwest::Request, Error> {
        let headers = sign_headers(
            inner,
            config,
            meta,
            project_id,
            &self.path,
            &self.query,
            &self.headers,
            self.body.as_deref(),
        )?;
        let mut request = reqwest::Request::new(meta.method.to_reqwest(), self.url.clone());
        *request.headers_mut() = headers;
        if let Some(b) = &self.body {
            *request.body_mut() = Some(reqwest::Body::from(b.clone()));
        }
        Ok(request)
    }
}

async fn send_with_retries(
    inner: &ClientInner,
    config: &Config,
    meta: &OperationMeta,
    project_id: Option<&str>,
    http: HttpRequest,
    span: &tracing::Span,
) -> Result<RawResponse, Error> {
    let wire = WireRequest::new(inner, http)?;
    let started = Instant::now();
    let deadline = started + config.operation_timeout;
    let max_attempts = config.retry.get_max_attempts();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        span.record("attempts", attempt);
        let request = wire.build(inner, config, meta, project_id)?;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let budget = config.attempt_timeout.min(remaining);
        let outcome =
            match tokio::time::timeout(budget, attempt_once(inner, config, meta, request)).await {
                Ok(r) => r,
                Err(_) => Err(Error::Timeout {
                    operation: meta.name,
                    elapsed: started.elapsed(),
                    attempts: attempt,
                }),
            };
        let (error, retry_after) = match outcome {
            Ok(Ok(response)) => {
                span.record("status", response.status);
                if let Some(id) = &response.request_id {
                    span.record("request_id", id.as_str());
                }
                return Ok(response);
            }
            Ok(Err((response, retry_after))) => {
                let retryable = status_is_retryable(response.status, meta.idempotent);
                (
                    Error::Service(crate::decode::service_error(&response, retryable)),
                    retry_after,
                )
            }
            Err(e) => (e, None),
        };
        if !worth_retrying(&error, meta) || attempt >= max_attempts {
            return Err(error);
        }
        let wait = retry_after
            .unwrap_or_default()
            .max(config.retry.backoff(attempt - 1));
        // Compared as durations: a huge `Retry-After` must not overflow an `Instant`.
        if wait >= deadline.saturating_duration_since(Instant::now()) {
            tracing::debug!(?wait, "no time left for another attempt");
            return Err(match error {
                Error::Timeout {
                    operation,
                    attempts,
                    ..
                } => Error::Timeout {
                    operation,
                    elapsed: started.elapsed(),
                    attempts,
                },
                other => other,
            });
        }
        tracing::debug!(attempt, ?wait, error = %error, "retrying");
        tokio::time::sleep(wait).await;
    }
}

/// Whether another attempt may succeed and is safe. A connection that could not be made never
/// reached the service; a request that broke off later might have, so it is repeated only for
/// idempotent operations. Timeouts and retryable statuses follow the retry policy.
fn worth_retrying(error: &Error, meta: &OperationMeta) -> bool {
    match error {
        Error::Transport {
            kind: TransportKind::Connect,
            ..
        } => true,
        Error::Transport { .. } => meta.idempotent,
        other => other.is_retryable(),
    }
}

type AttemptResult = Result<Result<RawResponse, (RawResponse, Option<Duration>)>, Error>;

/// One HTTP exchange: a success response, an error response (with its `Retry-After`), or a
/// transport failure.
async fn attempt_once(
    inner: &ClientInner,
    config: &Config,
    meta: &OperationMeta,
    request: reqwest::Request,
) -> AttemptResult {
    let transport = |kind, e: reqwest::Error| Error::Transport {
        operation: meta.name,
        kind,
        source: e.without_url(),
    };
    let response = inner.http.execute(request).await.map_err(|e| {
        let kind = if e.is_connect() {
            TransportKind::Connect
        } else if e.is_request() {
            TransportKind::Request
        } else {
            TransportKind::Other
        };
        transport(kind, e)
    })?;
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let body = read_capped(response, config.max_response_bytes)
        .await
        .map_err(|e| match e {
            ReadError::TooLarge => Error::ResponseTooLarge {
                status,
                request_id: request_id.clone(),
                limit: config.max_response_bytes,
            },
            ReadError::Transport(e) => transport(TransportKind::Response, e),
        })?;
    let raw = RawResponse {
        status,
        request_id,
        body,
    };
    // Only 2xx is success: redirects are not followed, so a 3xx is an answer we cannot use.
    if (200..300).contains(&status) {
        Ok(Ok(raw))
    } else {
        Ok(Err((raw, retry_after)))
    }
}

enum ReadError {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads the body chunk by chunk, stopping as soon as it exceeds `limit`.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Bytes, ReadError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(ReadError::TooLarge);
    }
    let mut buf = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if buf.len() + chunk.len() > limit {
            return Err(ReadError::TooLarge);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// The headers of one attempt: common ones, the operation's, a fresh `X-Sdk-Date`, and the
/// signature (or the IAM token).
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_headers(
    inner: &ClientInner,
    config: &Config,
    meta: &OperationMeta,
    project_id: Option<&str>,
    path: &str,
    query: &str,
    op_headers: &[(&'static str, String)],
    body: Option<&[u8]>,
) -> Result<HeaderMap, Error> {
    let date = signer::sdk_date(time::OffsetDateTime::now_utc());
    let content_type = if body.is_some() {
        JSON_BODY_CONTENT_TYPE
    } else {
        NO_BODY_CONTENT_TYPE
    };
    let mut list: Vec<(&str, &str)> = Vec::with_capacity(8 + op_headers.len());
    list.push(("Content-Type", content_type));
    list.push(("User-Agent", &config.user_agent));
    if let Some(p) = project_id {
        list.push((PROJECT_ID_HEADER, p));
    }
    for (name, value) in op_headers {
        list.push((name, value));
    }
    let auth = inner.credentials.auth();
    // Secrets are borrowed from their SecretString, never copied into plain Strings.
    match auth {
        Auth::AkSk {
            security_token: Some(t),
            ..
        } => list.push(("X-Security-Token", t.expose_secret())),
        Auth::Token(t) => list.push((TOKEN_HEADER, t.expose_secret())),
        _ => {}
    }
    list.push(("X-Sdk-Date", &date));
    list.push(("Host", &inner.host));
    let authorization = match (auth, auth.sk()) {
        (Auth::AkSk { ak, .. }, Some(sk)) => Some(signer::authorization(
            ak,
            sk,
            &date,
            &signer::SigningRequest {
                method: meta.method.as_str(),
                path,
                query,
                headers: &list,
                body: body.unwrap_or_default(),
            },
        )),
        _ => None,
    };
    let mut map = HeaderMap::with_capacity(list.len() + 1);
    for (name, value) in list
        .iter()
        .copied()
        .chain(authorization.as_deref().map(|a| ("Authorization", a)))
    {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_bytes(value.trim().as_bytes()).map_err(|_| {
            Error::Config(format!("the value of header `{name}` is not valid in HTTP"))
        })?;
        if matches!(
            name.as_str(),
            "authorization" | "x-auth-token" | "x-security-token"
        ) {
            value.set_sensitive(true);
        }
        map.insert(name, value);
    }
    Ok(map)
}
