//! Loopback throughput: oms-client against a plain `reqwest::Client` sending the same bytes.
//!
//! A small HTTP/1.1 server on 127.0.0.1 (keep-alive, answers every request `200` with a small
//! JSON body) runs on its own thread and core; the clients run on a single-threaded tokio
//! runtime on the other. Both clients send `StartSyncTask`:
//!
//! - **oms-client**: `client.start_sync_task().sync_task_id(..).body(..).send()`, i.e. build,
//!   validate, serialize, sign, send, read the body (capped) and decode, per request;
//! - **reqwest**: the request `Client::prepare` made once (same method, URL, headers and
//!   body), cloned and executed, body read.
//!
//! Two measurements:
//!
//! 1. criterion (`throughput/<client>/<concurrency>`, one element = one request), for the usual
//!    report;
//! 2. a paired run that alternates the two clients batch by batch (so a noisy neighbour or
//!    CPU frequency drift hits both alike) and writes the median requests/s of each, the
//!    median of the per-pair ratios and the CPU time per request of the client and server
//!    threads (Linux `schedstat`) to `target/bench/throughput.json`, which `cargo xtask bench`
//!    reads.
//!
//! Request counts are bounded; nothing leaves 127.0.0.1.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use oms_client::types::StartSyncTaskReq;
use oms_client::{Client, Credentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CONCURRENCY: &[usize] = &[1, 64];
const SYNC_TASK_ID: &str = "0d146099-8cf4-437d-b6ef-88e043771c8b";
/// The server's answer to every request.
const RESPONSE_BODY: &str = r#"{"count": 0, "tasks": []}"#;

// ---------------------------------------------------------------------------------------------
// The server.

/// Starts the server on its own thread; it lives as long as the process. Returns its address
/// and, where Linux provides it, the file that tells the server thread's CPU time.
fn start_server() -> (SocketAddr, Option<PathBuf>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    listener.set_nonblocking(true).expect("non-blocking");
    let addr = listener.local_addr().expect("local address");
    let (cpu_file_tx, cpu_file_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("loopback-server".into())
        .spawn(move || {
            // `/proc/thread-self` names this thread as `<pid>/task/<tid>`.
            let _ = cpu_file_tx.send(
                std::fs::read_link("/proc/thread-self")
                    .ok()
                    .map(|p| Path::new("/proc").join(p).join("schedstat")),
            );
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                let response: Arc<[u8]> = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                     X-Request-Id: 0123456789abcdef\r\n\r\n{RESPONSE_BODY}",
                    RESPONSE_BODY.len()
                )
                .into_bytes()
                .into();
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(serve(stream, response.clone()));
                }
            });
        })
        .expect("server thread");
    (addr, cpu_file_rx.recv().ok().flatten())
}

/// CPU time of a thread so far, from its `schedstat` file (nanoseconds on CPU), if readable.
fn cpu_time(schedstat: &Path) -> Option<Duration> {
    let text = std::fs::read_to_string(schedstat).ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Answers every request on one keep-alive connection (pipelined ones included).
async fn serve(mut stream: TcpStream, response: Arc<[u8]>) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut out: Vec<u8> = Vec::with_capacity(4 * 1024);
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let mut consumed = 0;
        while let Some(len) = complete_request(&buf[consumed..]) {
            consumed += len;
            out.extend_from_slice(&response);
        }
        buf.drain(..consumed);
        if !out.is_empty() {
            if stream.write_all(&out).await.is_err() {
                return;
            }
            out.clear();
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The length of the first request in `buf`, head and body, if it has fully arrived.
fn complete_request(buf: &[u8]) -> Option<usize> {
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = &buf[..head_end];
    let mut body_len = 0;
    for line in head.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        if line[..colon].eq_ignore_ascii_case(b"content-length") {
            body_len = std::str::from_utf8(&line[colon + 1..])
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
        }
    }
    let total = head_end + 4 + body_len;
    (buf.len() >= total).then_some(total)
}

// ---------------------------------------------------------------------------------------------
// The clients.

fn start_body() -> StartSyncTaskReq {
    StartSyncTaskReq::builder()
        .src_ak("AKIAIOSFODNN7EXAMPLE")
        .src_sk("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .dst_ak("HPUABVLAB2ZHBX0HCB2P")
        .dst_sk("iZJ1H3eMHYiwMfFHNXhi5ZM1Yws0gfn9QaxVZeXn")
        .build()
        .expect("body builds")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Which {
    OmsClient,
    Reqwest,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::OmsClient => "oms-client",
            Which::Reqwest => "reqwest",
        }
    }
}

#[derive(Clone)]
struct Clients {
    oms: Client,
    plain: reqwest::Client,
    /// What the plain client sends: the request oms-client would send, prepared once.
    template: Arc<reqwest::Request>,
}

impl Clients {
    fn new(addr: SocketAddr) -> Clients {
        let oms = Client::builder()
            .endpoint(format!("http://{addr}"))
            .allow_http(true)
            .credentials(
                Credentials::new(
                    "HPUABVLAB2ZHBX0HCB2P",
                    "iZJ1H3eMHYiwMfFHNXhi5ZM1Yws0gfn9QaxVZeXn",
                )
                .project_id("2c0689c860ad4728a497c91ec0844383"),
            )
            .build()
            .expect("client builds");
        let input = oms
            .start_sync_task()
            .sync_task_id(SYNC_TASK_ID)
            .body(start_body())
            .into_input()
            .expect("input is complete");
        let template = oms.prepare(&input).expect("request prepares");
        // Same settings as oms-client's own default reqwest client.
        let plain = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client builds");
        Clients {
            oms,
            plain,
            template: Arc::new(template),
        }
    }

    async fn one(&self, which: Which) {
        match which {
            Which::OmsClient => self
                .oms
                .start_sync_task()
                .sync_task_id(SYNC_TASK_ID)
                .body(start_body())
                .send()
                .await
                .expect("oms-client request succeeds"),
            Which::Reqwest => {
                let request = self.template.try_clone().expect("body is cloneable");
                let response = self
                    .plain
                    .execute(request)
                    .await
                    .expect("reqwest request succeeds");
                assert_eq!(response.status(), 200);
                let body = response.bytes().await.expect("body arrives");
                assert!(!body.is_empty());
            }
        }
    }
}

/// Sends `total` requests with `concurrency` in flight; returns the time taken.
async fn batch(clients: &Clients, which: Which, concurrency: usize, total: u64) -> Duration {
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency.min(total.max(1) as usize))
        .map(|_| {
            let clients = clients.clone();
            let next = next.clone();
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    clients.one(which).await;
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("worker finishes");
    }
    started.elapsed()
}

// ---------------------------------------------------------------------------------------------
// Measurements.

fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

fn bench_criterion(c: &mut Criterion, rt: &tokio::runtime::Runtime, clients: &Clients) {
    let mut group = c.benchmark_group("throughput");
    group.throughput(Throughput::Elements(1));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    for &concurrency in CONCURRENCY {
        for which in [Which::OmsClient, Which::Reqwest] {
            group.bench_with_input(
                BenchmarkId::new(which.name(), concurrency),
                &concurrency,
                |b, &concurrency| {
                    b.iter_custom(|iters| rt.block_on(batch(clients, which, concurrency, iters)))
                },
            );
        }
    }
    group.finish();
}

struct Paired {
    concurrency: usize,
    requests_per_batch: u64,
    pairs: usize,
    oms_rps: f64,
    reqwest_rps: f64,
    ratio: f64,
    /// CPU time per request of the client thread and of the server thread, in µs, over all
    /// measured batches: `[oms-client, reqwest]`.
    client_cpu_us: [Option<f64>; 2],
    server_cpu_us: [Option<f64>; 2],
}

/// Where to read CPU time: the client thread (this one) and the server thread.
struct CpuFiles {
    client: Option<PathBuf>,
    server: Option<PathBuf>,
}

impl CpuFiles {
    fn read(&self) -> [Option<Duration>; 2] {
        [
            self.client.as_deref().and_then(cpu_time),
            self.server.as_deref().and_then(cpu_time),
        ]
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Alternates the two clients batch by batch, `pairs` times.
fn paired(
    rt: &tokio::runtime::Runtime,
    clients: &Clients,
    cpu: &CpuFiles,
    concurrency: usize,
    per_batch: u64,
    pairs: usize,
) -> Paired {
    // Warm up both: connections open, pools full.
    for which in [Which::OmsClient, Which::Reqwest] {
        rt.block_on(batch(clients, which, concurrency, per_batch / 2));
    }
    let (mut oms, mut plain, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    // Summed CPU time, [client, server] per [oms-client, reqwest].
    let mut cpu_sum = [[Some(Duration::ZERO); 2]; 2];
    for i in 0..pairs {
        let order = if i % 2 == 0 {
            [Which::OmsClient, Which::Reqwest]
        } else {
            [Which::Reqwest, Which::OmsClient]
        };
        let mut rps = [0.0; 2];
        for which in order {
            let before = cpu.read();
            let t = rt.block_on(batch(clients, which, concurrency, per_batch));
            let after = cpu.read();
            rps[which as usize] = per_batch as f64 / t.as_secs_f64();
            for thread in 0..2 {
                let sum = &mut cpu_sum[which as usize][thread];
                *sum = match (*sum, before[thread], after[thread]) {
                    (Some(s), Some(b), Some(a)) => Some(s + a.saturating_sub(b)),
                    _ => None,
                };
            }
        }
        oms.push(rps[Which::OmsClient as usize]);
        plain.push(rps[Which::Reqwest as usize]);
        ratios.push(rps[Which::OmsClient as usize] / rps[Which::Reqwest as usize]);
    }
    Paired {
        concurrency,
        requests_per_batch: per_batch,
        pairs,
        oms_rps: median(oms),
        reqwest_rps: median(plain),
        ratio: median(ratios),
        client_cpu_us: [0, 1].map(|w| cpu_sum[w][0].map(|d| per_request_us(d, per_batch, pairs))),
        server_cpu_us: [0, 1].map(|w| cpu_sum[w][1].map(|d| per_request_us(d, per_batch, pairs))),
    }
}

fn per_request_us(total: Duration, per_batch: u64, batches: usize) -> f64 {
    total.as_secs_f64() * 1e6 / (per_batch as f64 * batches as f64)
}

fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // target/<profile>/deps/throughput-<hash>
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn write_results(results: &[Paired]) {
    let json = serde_json::json!({
        "operation": "StartSyncTask",
        "server": "HTTP/1.1 keep-alive on 127.0.0.1",
        "results": results
            .iter()
            .map(|r| serde_json::json!({
                "concurrency": r.concurrency,
                "requests_per_batch": r.requests_per_batch,
                "pairs": r.pairs,
                "oms_client_rps": r.oms_rps,
                "reqwest_rps": r.reqwest_rps,
                "ratio": r.ratio,
                "oms_client_cpu_us_per_request": r.client_cpu_us[0],
                "reqwest_cpu_us_per_request": r.client_cpu_us[1],
                "server_cpu_us_per_request": {
                    "oms_client": r.server_cpu_us[0],
                    "reqwest": r.server_cpu_us[1],
                },
            }))
            .collect::<Vec<_>>(),
    });
    let dir = target_dir().join("bench");
    let path = dir.join("throughput.json");
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(
            &path,
            serde_json::to_vec_pretty(&json).expect("JSON serializes"),
        )
    });
    match written {
        Ok(()) => println!("wrote {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo test --benches` (or criterion's `--test`) runs each benchmark once: keep it short.
    let quick = args.iter().any(|a| a == "--test");
    // A name filter (the first argument that is not an option or an option's value) that
    // excludes this file skips the paired run too.
    let filter = positional_filter(&args);
    let run_paired = filter.is_none_or(|f| "throughput/paired".contains(f.as_str()));

    let (addr, server_cpu) = start_server();
    let cpu = CpuFiles {
        client: Some(PathBuf::from("/proc/thread-self/schedstat")).filter(|p| p.exists()),
        server: server_cpu,
    };
    let rt = client_runtime();
    let clients = Clients::new(addr);

    let mut c = Criterion::default().configure_from_args();
    bench_criterion(&mut c, &rt, &clients);
    c.final_summary();

    if run_paired {
        let pairs = if quick { 1 } else { 15 };
        let results: Vec<Paired> = CONCURRENCY
            .iter()
            .map(|&concurrency| {
                let per_batch = match (quick, concurrency) {
                    (true, _) => 50,
                    (false, 1) => 1_500,
                    (false, _) => 4_000,
                };
                paired(&rt, &clients, &cpu, concurrency, per_batch, pairs)
            })
            .collect();
        println!("\npaired run (StartSyncTask, medians over alternating batches):");
        println!(
            "{:>11}  {:>12}  {:>12}  {:>6}  {:>24}  {:>24}",
            "concurrency",
            "oms-client/s",
            "reqwest/s",
            "ratio",
            "client CPU µs/req (o, r)",
            "server CPU µs/req (o, r)"
        );
        let us = |v: Option<f64>| v.map_or_else(|| "?".into(), |v| format!("{v:.2}"));
        for r in &results {
            println!(
                "{:>11}  {:>12.0}  {:>12.0}  {:>6.3}  {:>24}  {:>24}",
                r.concurrency,
                r.oms_rps,
                r.reqwest_rps,
                r.ratio,
                format!("{}, {}", us(r.client_cpu_us[0]), us(r.client_cpu_us[1])),
                format!("{}, {}", us(r.server_cpu_us[0]), us(r.server_cpu_us[1])),
            );
        }
        if !quick {
            write_results(&results);
        }
    }
}

/// Criterion's name filter, if one was given.
fn positional_filter(args: &[String]) -> Option<String> {
    // Criterion options that take a value.
    const WITH_VALUE: &[&str] = &[
        "--warm-up-time",
        "--measurement-time",
        "--sample-size",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--profile-time",
        "--output-format",
        "--plotting-backend",
        "--color",
        "--format",
        "-s",
        "-b",
        "-c",
    ];
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if WITH_VALUE.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with('-') {
            return Some(a.clone());
        }
    }
    None
}
