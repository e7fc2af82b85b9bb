//! One call: checks, then attempts (each signed afresh) until success, a final error, or the
//! operation timeout. Nothing here is generic over the operation: it is compiled once, whatever
//! the number of operations a client has.

use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use tracing::Instrument;

use crate::config::{Config, RequestOptions};
use crate::connection::{Backend, Connection};
use crate::decode::RawResponse;
use crate::error::TransportKind;
use crate::operation::OperationMeta;
use crate::request::{Input, Prepared};
use crate::retry::{parse_retry_after, AttemptFailure, RetryPolicy};
use crate::Error;

/// Decodes a success response into the caller's output slot.
pub(crate) type Decoder<'d> = dyn FnMut(&RawResponse) -> Result<(), Error> + Send + 'd;

/// Runs a call: checks and builds the request, sends it (retrying what the policy allows),
/// and hands the success response to `decode`, all inside the call's tracing span.
pub(crate) async fn execute(
    connection: &Connection,
    meta: &OperationMeta,
    input: &dyn Input,
    options: &RequestOptions,
    decode: &mut Decoder<'_>,
) -> Result<(), Error> {
    let config = options.apply(&connection.config);
    let idempotent = options.idempotent.unwrap_or(meta.idempotent);
    let span = tracing::debug_span!(
        "huaweicloud.call",
        service = connection.spec.name,
        operation = meta.name,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    let call_span = span.clone();
    async move {
        let started = Instant::now();
        let result = async {
            let prepared = Prepared::new(connection, &config, meta, input)?;
            let response = send_with_retries(
                connection, &config, meta, idempotent, input, &prepared, &call_span,
            )
            .await?;
            decode(&response)
        }
        .await;
        call_span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        if let Err(e) = &result {
            if let Some(status) = e.status() {
                call_span.record("status", status);
            }
            if let Some(id) = e.request_id() {
                call_span.record("request_id", id);
            }
            tracing::debug!(error = %e, "call failed");
        }
        result
    }
    .instrument(span)
    .await
}

/// How one attempt ended, before the retry policy has a say.
enum Attempt {
    Success(RawResponse),
    /// An error status, with its `Retry-After`.
    Status(RawResponse, Option<Duration>),
    Redirect {
        status: u16,
        location: Option<String>,
        request_id: Option<String>,
    },
    TooLarge {
        status: u16,
        request_id: Option<String>,
    },
    Transport(TransportKind, Box<dyn std::error::Error + Send + Sync>),
    /// The attempt's time ran out.
    TimedOut,
}

async fn send_with_retries(
    connection: &Connection,
    config: &Config,
    meta: &OperationMeta,
    idempotent: bool,
    input: &dyn Input,
    prepared: &Prepared,
    span: &tracing::Span,
) -> Result<RawResponse, Error> {
    let started = Instant::now();
    let deadline = started + config.operation_timeout;
    let max_attempts = config.retry.get_max_attempts();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        span.record("attempts", attempt);
        let request = prepared.build(connection, meta)?;
        let budget = config
            .attempt_timeout
            .min(deadline.saturating_duration_since(Instant::now()));
        let outcome = tokio::time::timeout(
            budget,
            attempt_once(connection, config, meta, input, request),
        )
        .await
        .unwrap_or(Attempt::TimedOut);
        let (error, retry_after) = match outcome {
            Attempt::Success(response) => {
                span.record("status", response.status);
                if let Some(id) = &response.request_id {
                    span.record("request_id", id.as_str());
                }
                return Ok(response);
            }
            Attempt::Status(response, retry_after) => {
                let retryable =
                    RetryPolicy::is_retryable(AttemptFailure::Status(response.status), idempotent);
                let error = crate::decode::service_error(&response, retryable);
                (Error::Service(error), retry_after)
            }
            Attempt::Redirect {
                status,
                location,
                request_id,
            } => {
                return Err(Error::Redirect {
                    operation: meta.name,
                    status,
                    location,
                    request_id,
                })
            }
            Attempt::TooLarge { status, request_id } => {
                return Err(Error::ResponseTooLarge {
                    status,
                    request_id,
                    limit: config.max_response_bytes,
                })
            }
            Attempt::Transport(kind, source) => {
                let retryable =
                    RetryPolicy::is_retryable(AttemptFailure::Transport(kind), idempotent);
                let error = Error::Transport {
                    operation: meta.name,
                    kind,
                    retryable,
                    source,
                };
                (error, None)
            }
            Attempt::TimedOut => {
                let retryable = RetryPolicy::is_retryable(AttemptFailure::Timeout, idempotent);
                let error = Error::Timeout {
                    operation: meta.name,
                    elapsed: started.elapsed(),
                    attempts: attempt,
                    retryable,
                };
                (error, None)
            }
        };
        if !error.is_retryable() || attempt >= max_attempts {
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
                    retryable,
                    ..
                } => Error::Timeout {
                    operation,
                    elapsed: started.elapsed(),
                    attempts,
                    retryable,
                },
                other => other,
            });
        }
        tracing::debug!(attempt, ?wait, error = %error, "retrying");
        tokio::time::sleep(wait).await;
    }
}

/// One HTTP exchange, over the network or with a mocked client's rules.
async fn attempt_once(
    connection: &Connection,
    config: &Config,
    meta: &OperationMeta,
    input: &dyn Input,
    request: reqwest::Request,
) -> Attempt {
    #[cfg(not(feature = "test-util"))]
    let _ = (meta, input);
    match &connection.backend {
        Backend::Http(http) => attempt_http(http, config, request).await,
        #[cfg(feature = "test-util")]
        Backend::Mock(mocks) => {
            use crate::test_util::mock::MockAnswer;
            // The request was built and signed as for the network; the rules see the input.
            drop(request);
            match mocks.answer(meta, input.as_any(), &input) {
                MockAnswer::Response(response, retry_after) => classify(response, retry_after),
                MockAnswer::Transport(kind) => {
                    Attempt::Transport(kind, format!("mocked {kind} failure").into())
                }
                MockAnswer::Timeout => Attempt::TimedOut,
            }
        }
    }
}

async fn attempt_http(
    http: &reqwest::Client,
    config: &Config,
    request: reqwest::Request,
) -> Attempt {
    let response = match http.execute(request).await {
        Ok(r) => r,
        Err(e) => {
            let kind = if e.is_connect() {
                TransportKind::Connect
            } else if e.is_request() {
                TransportKind::Request
            } else {
                TransportKind::Other
            };
            return Attempt::Transport(kind, Box::new(e.without_url()));
        }
    };
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let request_id = header("x-request-id");
    if (300..400).contains(&status) {
        // Not followed: the request was signed for this endpoint.
        return Attempt::Redirect {
            status,
            location: header("location"),
            request_id,
        };
    }
    let retry_after = header("retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now()));
    let body = match read_capped(response, config.max_response_bytes).await {
        Ok(body) => body,
        Err(ReadError::TooLarge) => return Attempt::TooLarge { status, request_id },
        Err(ReadError::Transport(e)) => {
            return Attempt::Transport(TransportKind::Response, Box::new(e.without_url()))
        }
    };
    classify(
        RawResponse {
            status,
            request_id,
            body,
        },
        retry_after,
    )
}

/// Only 2xx is success.
fn classify(response: RawResponse, retry_after: Option<Duration>) -> Attempt {
    if (200..300).contains(&response.status) {
        Attempt::Success(response)
    } else {
        Attempt::Status(response, retry_after)
    }
}

enum ReadError {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads the body chunk by chunk, stopping as soon as it exceeds `limit`.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Bytes, ReadError> {
    match response.content_length() {
        Some(n) if n > limit as u64 => return Err(ReadError::TooLarge),
        // Announced and within the cap: HTTP framing holds the body to that length.
        Some(_) => return response.bytes().await.map_err(ReadError::Transport),
        None => {}
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
