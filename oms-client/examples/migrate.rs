//! Creates a migration task, follows it to the end with a progress bar, then lists the project's
//! tasks.
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

    let task = follow(&client, id).await?;
    println!(
        "task {id} ended in state {:?}: {} of {} objects migrated, {} failed, {} skipped",
        task.status,
        task.successful_num.unwrap_or_default(),
        task.total_num.unwrap_or_default(),
        task.failed_num.unwrap_or_default(),
        task.skipped_num.unwrap_or_default(),
    );
    if let Some(reason) = &task.error_reason {
        println!(
            "  reason: {} {}",
            reason.error_code.as_deref().unwrap_or_default(),
            reason.error_msg.as_deref().unwrap_or_default()
        );
    }

    let tasks = client.list_tasks().limit(10).send().await?;
    println!(
        "{} task(s) in the project:",
        tasks.count.unwrap_or_default()
    );
    for t in tasks.tasks.unwrap_or_default() {
        println!(
            "  {:>16}  state {:?}  {:>5.1}%  {}",
            t.id.unwrap_or_default(),
            t.status,
            t.progress.unwrap_or_default() * 100.0,
            t.name.unwrap_or_default()
        );
    }
    Ok(())
}

/// Polls the task until it stops running, drawing its progress: bytes done of total, speed,
/// objects and the time left, from the task's own fields.
async fn follow(client: &Client, id: i64) -> Result<TaskResp, oms_client::Error> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    loop {
        let task = client.show_task().task_id(id).send().await?;
        bar.set_length(task.total_size.unwrap_or_default().max(0) as u64);
        bar.set_position(task.complete_size.unwrap_or_default().max(0) as u64);
        bar.set_message(format!(
            "{}/s, {} of {} objects, {} left",
            indicatif::HumanBytes(task.migrate_speed.unwrap_or_default().max(0) as u64),
            task.successful_num.unwrap_or_default(),
            task.total_num.unwrap_or_default(),
            indicatif::HumanDuration(Duration::from_millis(
                task.left_time.unwrap_or_default().max(0) as u64
            )),
        ));
        use oms_client::types::TaskStatus;
        let going = [
            TaskStatus::Waiting,
            TaskStatus::Running,
            TaskStatus::Retrying,
            TaskStatus::Pausing,
        ];
        if !task.status.is_some_and(|s| going.contains(&s)) {
            bar.finish();
            return Ok(task);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
