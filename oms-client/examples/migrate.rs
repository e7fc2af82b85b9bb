//! Creates a migration task, waits for it with the spec's `TaskFinished` waiter while a
//! progress bar shows bytes done of total, speed, objects and time left (from the task's own
//! fields), ends with a summary of successful, failed and skipped objects, then lists the
//! project's tasks.
//!
//! ```sh
//! cargo run -p oms-client --example migrate
//! ```
//!
//! With `OMS_ENDPOINT` unset it runs against an in-process OMS emulator, so it needs no account.
//! Against the real service, set `OMS_ENDPOINT` (e.g. `https://oms.cn-north-4.myhuaweicloud.com`),
//! `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and `HUAWEICLOUD_SDK_PROJECT_ID`, and the buckets
//! in `SOURCE_BUCKET`, `DESTINATION_BUCKET` (both in `cn-north-4` here).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use oms_client::types::{CreateTaskReq, DstNodeReq, SrcNodeReq, TaskResp};
use oms_client::waiters::WaitError;
use oms_client::{Client, Credentials};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keeps the emulator, if any, alive for the whole run.
    let (client, _emulator) = match std::env::var("OMS_ENDPOINT") {
        Ok(endpoint) => {
            let client = Client::builder()
                .endpoint(endpoint)
                .credentials(Credentials::from_env()?)
                .build()?;
            (client, None)
        }
        Err(_) => {
            // 4 GiB in 2,000 objects at 1 GiB/s: about five seconds.
            let config = oms_emulator::Config::default()
                .source(2_000, 4 << 30)
                .transfer_speed(1 << 30)
                .scheduling_delay(Duration::from_millis(500));
            let emulator = oms_emulator::Emulator::start(config).await?;
            eprintln!(
                "no OMS_ENDPOINT: using an in-process emulator at {}",
                emulator.url()
            );
            (emulator.client()?, Some(emulator))
        }
    };
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let credential = |name: &str| env(name, "example-key");
    let body = CreateTaskReq::builder()
        .src_node(
            SrcNodeReq::builder()
                .region("cn-north-4")
                .bucket(env("SOURCE_BUCKET", "example-source"))
                .ak(credential("SOURCE_AK"))
                .sk(credential("SOURCE_SK"))
                .build()?,
        )
        .dst_node(
            DstNodeReq::builder()
                .region("cn-north-4")
                .bucket(env("DESTINATION_BUCKET", "example-destination"))
                .ak(credential("DESTINATION_AK"))
                .sk(credential("DESTINATION_SK"))
                .build()?,
        )
        .build()?;
    let created = client.create_task().body(body).send().await?;
    let id = created.id.ok_or("the service returned no task id")?;
    println!(
        "created task {id} ({})",
        created.task_name.as_deref().unwrap_or("unnamed")
    );

    // The emulator migrates in seconds: poll it often. Against the service, the waiter's
    // own delays (5 s growing to 2 min) suit migrations of hours.
    let (min_delay, max_delay) = match &_emulator {
        Some(_) => (Duration::from_millis(200), Duration::from_millis(500)),
        None => (Duration::from_secs(5), Duration::from_secs(120)),
    };
    let bar = progress_bar();
    let outcome = client
        .wait_until_task_finished()
        .task_id(id)
        .min_delay(min_delay)
        .max_delay(max_delay)
        .max_wait(Duration::from_secs(24 * 3600))
        .on_poll({
            let bar = bar.clone();
            move |task| show_progress(&bar, task)
        })
        .wait()
        .await;
    bar.finish();
    let task = match outcome {
        Ok(finished) => {
            println!("task {id} succeeded after {} polls", finished.polls);
            finished.output
        }
        Err(WaitError::Failed {
            acceptor,
            output: Some(task),
            ..
        }) => {
            println!("task {id} did not succeed: {acceptor}");
            if let Some(reason) = &task.error_reason {
                println!(
                    "  reason: {} {}",
                    reason.error_code.as_deref().unwrap_or_default(),
                    reason.error_msg.as_deref().unwrap_or_default()
                );
            }
            task
        }
        Err(WaitError::MaxWaitExceeded {
            last_output: Some(task),
            ..
        }) => {
            println!("task {id} is still going after a day; it goes on without us");
            task
        }
        Err(other) => return Err(other.into()),
    };
    summary(&task);

    let tasks = client.list_tasks().limit(10).send().await?;
    println!(
        "{} task(s) in the project:",
        tasks.count.unwrap_or_default()
    );
    for t in tasks.tasks.unwrap_or_default() {
        println!(
            "  {:>16}  {:<10}  {:>5.1}%  {}",
            t.id.unwrap_or_default(),
            state(&t),
            t.progress.unwrap_or_default() * 100.0,
            t.name.unwrap_or_default()
        );
    }
    Ok(())
}

/// A bar in bytes, with speed, objects and time left in its message.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// The task's progress as the service reports it: bytes done of total, speed, objects, and
/// the time left.
fn show_progress(bar: &ProgressBar, task: &TaskResp) {
    let non_negative = |v: Option<i64>| v.unwrap_or_default().max(0) as u64;
    bar.set_length(non_negative(task.total_size));
    bar.set_position(non_negative(task.complete_size));
    bar.set_message(format!(
        "{}/s, {} of {} objects, {} left",
        indicatif::HumanBytes(non_negative(task.migrate_speed)),
        non_negative(task.successful_num),
        non_negative(task.total_num),
        indicatif::HumanDuration(Duration::from_millis(non_negative(task.left_time))),
    ));
}

/// The task's state as a word, e.g. `Succeeded`.
fn state(task: &TaskResp) -> String {
    task.status
        .map_or_else(|| "unknown".into(), |s| format!("{s:?}"))
}

/// What became of the objects.
fn summary(task: &TaskResp) {
    println!(
        "{}: {} objects: {} successful, {} failed, {} skipped; {} of {} migrated",
        state(task),
        task.total_num.unwrap_or_default(),
        task.successful_num.unwrap_or_default(),
        task.failed_num.unwrap_or_default(),
        task.skipped_num.unwrap_or_default(),
        indicatif::HumanBytes(task.complete_size.unwrap_or_default().max(0) as u64),
        indicatif::HumanBytes(task.total_size.unwrap_or_default().max(0) as u64),
    );
}
