//! A scripted HTTP/1.1 server on 127.0.0.1 for wire tests: it records every request exactly as
//! it arrived and answers each with the next scripted reply (raw bytes, so tests can also send
//! broken responses, hang, or drop the connection).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The method, e.g. `GET`.
    pub method: String,
    /// Path and query exactly as sent.
    pub target: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first value of a header (`name` lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
    /// The query string as sent, without `?`.
    pub fn query(&self) -> &str {
        self.target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default()
    }
    /// The body parsed as JSON; panics if it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    /// The request for the signature verifier.
    pub fn as_received(&self) -> super::signature::ReceivedRequest<'_> {
        super::signature::ReceivedRequest {
            method: &self.method,
            target: &self.target,
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Send these bytes, then close.
    Raw(Vec<u8>),
    /// Never answer (until the client gives up).
    Hang,
    /// Wait, then send the bytes.
    Delayed(Duration, Vec<u8>),
}

impl Reply {
    /// A complete response with a JSON (or any) body.
    pub fn status(status: u16, extra_headers: &[(&str, &str)], body: &str) -> Reply {
        let mut head = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
            body.len()
        );
        if !body.is_empty() {
            head.push_str("Content-Type: application/json\r\n");
        }
        for (n, v) in extra_headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        Reply::Raw(bytes)
    }

    /// `200` with an empty body.
    pub fn ok() -> Reply {
        Reply::status(200, &[], "")
    }

    /// A status with a JSON body.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::status(status, &[], body)
    }
}

/// The scripted server; it runs until the test's runtime ends.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl TestServer {
    /// Starts a server on 127.0.0.1 that answers requests with `replies` in order; once they
    /// run out, it answers 599 so that a test expecting fewer requests fails loudly.
    pub async fn start(replies: Vec<Reply>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(replies)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let recorded = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move { serve(stream, recorded, script).await });
            }
        });
        TestServer {
            url: format!("http://{addr}"),
            requests,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    recorded.lock().unwrap().push(request);
    let reply = script.lock().unwrap().pop_front().unwrap_or_else(|| {
        Reply::status(
            599,
            &[],
            "{\"error_code\":\"TEST\",\"error_msg\":\"unexpected extra request\"}",
        )
    });
    match reply {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::Delayed(d, bytes) => {
            tokio::time::sleep(d).await;
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    }
}

async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// Whether a received request carries a valid signature by `ak`/`sk`, checked by the
/// independent verifier of [`super::signature`].
pub fn signature_is_valid(r: &Recorded, ak: &str, sk: &str) -> bool {
    super::signature::verify(&r.as_received(), ak, sk).is_ok()
}
