//! Per-request client work, without the network: build the input, check its bounds, serialize
//! the body, encode path and query, sign (`SDK-HMAC-SHA256`) and make the `reqwest::Request`.
//!
//! `cargo xtask bench` reads `target/criterion/request/*/new/estimates.json`; the target is
//! at most 5 µs for each of `start_sync_task` and `list_sync_tasks`. The `parts/*` figures
//! split that cost up, for profiling.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use oms_client::types::{StartSyncTaskReq, SyncTaskStatus};
use oms_client::{Client, Credentials, Validate};

const SYNC_TASK_ID: &str = "0d146099-8cf4-437d-b6ef-88e043771c8b";
const PROJECT_ID: &str = "2c0689c860ad4728a497c91ec0844383";

fn client() -> Client {
    Client::builder()
        .endpoint("https://oms.cn-north-4.myhuaweicloud.com")
        .credentials(
            Credentials::new(
                "HPUABVLAB2ZHBX0HCB2P",
                "iZJ1H3eMHYiwMfFHNXhi5ZM1Yws0gfn9QaxVZeXn",
            )
            .project_id(PROJECT_ID),
        )
        .build()
        .expect("client builds")
}

fn start_body() -> StartSyncTaskReq {
    StartSyncTaskReq::builder()
        .src_ak("AKIAIOSFODNN7EXAMPLE")
        .src_sk("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .dst_ak("HPUABVLAB2ZHBX0HCB2P")
        .dst_sk("iZJ1H3eMHYiwMfFHNXhi5ZM1Yws0gfn9QaxVZeXn")
        .build()
        .expect("body builds")
}

fn bench_request(c: &mut Criterion) {
    let client = client();
    let mut group = c.benchmark_group("request");

    // Everything a call does before the first byte is sent.
    group.bench_function("start_sync_task", |b| {
        b.iter(|| {
            let input = client
                .start_sync_task()
                .sync_task_id(black_box(SYNC_TASK_ID))
                .body(start_body())
                .into_input()
                .expect("input is complete");
            client.prepare(&input).expect("request prepares")
        })
    });
    group.bench_function("list_sync_tasks", |b| {
        b.iter(|| {
            let input = client
                .list_sync_tasks()
                .limit(black_box(50))
                .offset(black_box(100))
                .status(SyncTaskStatus::Synchronizing)
                .into_input()
                .expect("input is complete");
            client.prepare(&input).expect("request prepares")
        })
    });

    // The same work in parts.
    group.bench_function("parts/start_sync_task_build_input", |b| {
        b.iter(|| {
            client
                .start_sync_task()
                .sync_task_id(black_box(SYNC_TASK_ID))
                .body(start_body())
                .into_input()
                .expect("input is complete")
        })
    });
    let start_input = client
        .start_sync_task()
        .sync_task_id(SYNC_TASK_ID)
        .body(start_body())
        .into_input()
        .expect("input is complete");
    group.bench_function("parts/start_sync_task_prepare", |b| {
        b.iter(|| client.prepare(black_box(&start_input)).expect("prepares"))
    });
    group.bench_function("parts/start_sync_task_validate", |b| {
        b.iter(|| black_box(&start_input).validate().expect("valid"))
    });
    group.bench_function("parts/start_sync_task_json_body", |b| {
        b.iter(|| {
            huaweicloud_runtime::encode::json_body(black_box(&start_input.body)).expect("encodes")
        })
    });
    let body = huaweicloud_runtime::encode::json_body(&start_input.body).expect("encodes");
    let path = format!("/v2/{PROJECT_ID}/sync-tasks/{SYNC_TASK_ID}/start");
    let headers: [(&str, &str); 5] = [
        (
            "Content-Type",
            huaweicloud_runtime::request::JSON_BODY_CONTENT_TYPE,
        ),
        ("User-Agent", "oms-client-rust/0.1.0"),
        ("X-Project-Id", PROJECT_ID),
        ("X-Sdk-Date", "20240101T000000Z"),
        ("Host", "oms.cn-north-4.myhuaweicloud.com"),
    ];
    group.bench_function("parts/sign", |b| {
        b.iter(|| {
            huaweicloud_runtime::signer::authorization(
                "HPUABVLAB2ZHBX0HCB2P",
                "iZJ1H3eMHYiwMfFHNXhi5ZM1Yws0gfn9QaxVZeXn",
                "20240101T000000Z",
                &huaweicloud_runtime::signer::SigningRequest {
                    method: "POST",
                    path: black_box(&path),
                    query: "",
                    headers: &headers,
                    body: black_box(&body),
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench_request);
criterion_main!(benches);
