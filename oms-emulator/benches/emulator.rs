//! The emulator's start-up time in a test and its throughput on loopback with oms-client at 64
//! requests in flight. Prints the figures and writes them to `target/bench/emulator.json`, which
//! `cargo xtask bench` reads.
//!
//! Start-up is `Emulator::start` until its first answered (signed) request, the way a test
//! starts one; the median of 50 starts. Throughput is `ShowTask` of an existing task (a signed
//! GET decoded, validated, answered from state and encoded) from one client with 64 calls in
//! flight, client and emulator sharing one two-thread tokio runtime as they do in a test.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use oms_client::types::{CreateTaskReq, DstNodeReq, SrcNodeReq};
use oms_emulator::{Config, Emulator};

const STARTS: usize = 50;
const IN_FLIGHT: usize = 64;

fn main() {
    // `cargo test --benches` runs each bench once, without `--bench`: keep that short.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let startup = runtime.block_on(startup(if quick { 3 } else { STARTS }));
    let measure = if quick {
        Duration::from_millis(200)
    } else {
        Duration::from_secs(3)
    };
    let rps = runtime.block_on(throughput(measure));
    println!(
        "emulator start-up (to the first answered request): median {:.2} ms",
        startup.as_secs_f64() * 1e3
    );
    println!("emulator throughput, ShowTask at {IN_FLIGHT} in flight: {rps:.0} requests/s");
    if !quick {
        write_results(startup, rps);
    }
}

async fn startup(starts: usize) -> Duration {
    let mut times = Vec::with_capacity(starts);
    for _ in 0..starts {
        let started = Instant::now();
        let emulator = Emulator::start(Config::default())
            .await
            .expect("the emulator starts");
        let client = emulator.client().expect("a client");
        client.list_tasks().send().await.expect("an answer");
        times.push(started.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

async fn throughput(measure: Duration) -> f64 {
    let emulator = Emulator::start(Config::default().request_log_limit(0))
        .await
        .expect("the emulator starts");
    let client = emulator.client().expect("a client");
    let task = client
        .create_task()
        .body(task_body())
        .send()
        .await
        .expect("a task")
        .id
        .expect("an id");
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let counting = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let (client, done, stop, counting) =
                (client.clone(), done.clone(), stop.clone(), counting.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    client
                        .show_task()
                        .task_id(task)
                        .send()
                        .await
                        .expect("ShowTask answers");
                    if counting.load(Ordering::Relaxed) {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    // Warm up (connections open, caches filled), then count.
    tokio::time::sleep(measure / 4).await;
    counting.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(measure).await;
    let counted = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.expect("a worker finishes");
    }
    counted as f64 / elapsed.as_secs_f64()
}

fn task_body() -> CreateTaskReq {
    CreateTaskReq::builder()
        .src_node(
            SrcNodeReq::builder()
                .region("cn-north-4")
                .bucket("source")
                .ak("src-ak")
                .sk("src-sk")
                .build()
                .expect("a source"),
        )
        .dst_node(
            DstNodeReq::builder()
                .region("cn-north-4")
                .bucket("destination")
                .ak("dst-ak")
                .sk("dst-sk")
                .build()
                .expect("a destination"),
        )
        .build()
        .expect("a task body")
}

fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // target/<profile>/deps/emulator-<hash>
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target"))
}

fn write_results(startup: Duration, rps: f64) {
    let json = serde_json::json!({
        "startup_ms": startup.as_secs_f64() * 1e3,
        "starts": STARTS,
        "throughput_rps": rps,
        "in_flight": IN_FLIGHT,
        "operation": "ShowTask",
    });
    let dir = target_dir().join("bench");
    let path = dir.join("emulator.json");
    match std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, json.to_string())) {
        Ok(()) => println!("wrote {}", path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", path.display()),
    }
}
