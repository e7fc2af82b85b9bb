//! The HTTP side: hyper on 127.0.0.1, one task per connection. Each request goes through the
//! injected faults, the gateway's authentication, routing, decoding and validation, then the
//! handler, and is answered in the service's shapes with an `X-Request-Id`.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use huaweicloud_runtime::server::RequestReader;
use huaweicloud_runtime::test_util::signature::ReceivedRequest;
use huaweicloud_runtime::test_util::Recorded;
use hyper::body::Incoming;
use hyper::{Request, Response};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::errors::{codes, OmsError};
use crate::faults::Fault;
use crate::routes::{Answer, Ctx};
use crate::Shared;

/// The gateway's limit on a signed request's body.
const MAX_BODY: usize = 12 * 1024 * 1024;

/// Why a connection is closed without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until `shutdown` turns true.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = shutdown.changed() => return,
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = shared.clone();
                async move { answer(&shared, request).await }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    shared: &Shared,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let request_id = format!(
        "{:032x}",
        shared.next_request.fetch_add(1, Ordering::Relaxed) + 1
    );
    let latency = shared.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => {
            let e = OmsError::new(413, "APIGW.0201", "Request entity too large.");
            return Ok(error_response(&e, &request_id));
        }
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let target = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let method = parts.method.as_str().to_string();
    shared.record(Recorded {
        method: method.clone(),
        target: target.clone(),
        headers: headers.clone(),
        body: body.to_vec(),
    });
    match shared.faults.draw() {
        Fault::Drop => return Err(Dropped),
        Fault::Error(status) => {
            let e = if status == 429 {
                OmsError::new(
                    429,
                    codes::THROTTLED,
                    "The throttling threshold has been reached: policy user over ratelimit,limit:200,time:5 minute",
                )
            } else {
                OmsError::new(status, codes::INTERNAL, "Internal server error (injected).")
            };
            let mut response = error_response(&e, &request_id);
            if status == 429 || status == 503 {
                response
                    .headers_mut()
                    .insert("retry-after", hyper::header::HeaderValue::from_static("1"));
            }
            return Ok(response);
        }
        Fault::None => {}
    }
    let received = ReceivedRequest {
        method: &method,
        target: &target,
        headers: &headers,
        body: &body,
    };
    let result = dispatch(shared, &received);
    Ok(match result {
        Ok(Answer::Empty) => response(200, Bytes::new(), &request_id),
        Ok(Answer::Json(json)) => response(200, Bytes::from(json), &request_id),
        Err(e) => error_response(&e, &request_id),
    })
}

/// Authenticates, routes and handles one request.
fn dispatch(shared: &Shared, request: &ReceivedRequest<'_>) -> Result<Answer, OmsError> {
    crate::auth::authenticate(&shared.config, request)?;
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target, ""));
    let (route, params) = shared.routes.find(request.method, path).ok_or_else(|| {
        OmsError::new(
            404,
            codes::NO_SUCH_API,
            "The API does not exist or has not been published in the environment.",
        )
    })?;
    let project_id = params
        .iter()
        .find(|(n, _)| *n == "project_id")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let reader = RequestReader::new(params, query, request.headers, request.body);
    let now = shared.config.clock.now_ms();
    let mut store = shared.store();
    let project = store.project(&project_id);
    project.advance(now, &shared.config);
    let mut ctx = Ctx {
        project,
        now,
        config: &shared.config,
    };
    route.handle(&mut ctx, &reader)
}

fn response(status: u16, body: Bytes, request_id: &str) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(status)
        .header("x-request-id", request_id);
    if !body.is_empty() {
        builder = builder.header("content-type", "application/json;charset=UTF-8");
    }
    builder
        .body(Full::new(body))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn error_response(e: &OmsError, request_id: &str) -> Response<Full<Bytes>> {
    response(e.status, Bytes::from(e.body(request_id)), request_id)
}
