//! A small service written the way generated code writes one, for the runtime's own tests: its
//! regions, client and a few operations, by hand, through the same traits and macros.

#![allow(dead_code)]

use huaweicloud_runtime as rt;
use rt::RequestWriter;

pub const AK: &str = "AKTESTEXAMPLE0000001";
pub const SK: &str = "SKtestexample/secret+key==0000000000000";

/// The probe service.
pub enum Probe {}

impl rt::Service for Probe {
    type Region = Region;
    const SPEC: rt::ServiceSpec = rt::ServiceSpec {
        name: "PROBE",
        token_header: "X-Auth-Token",
        token_length: (1, 64),
        project_id_placeholder: "project_id",
        project_id_header: "X-Project-Id",
        project_id_length: (1, 32),
    };
}

rt::regions! {
    pub enum Region {
        /// North (`cn-north-4`).
        CnNorth4 = ("cn-north-4", "North", "https://probe.cn-north-4.example.com"),
        /// East (`cn-east-3`).
        CnEast3 = ("cn-east-3", "East", "https://probe.cn-east-3.example.com"),
        /// Hong Kong (`ap-southeast-1`).
        ApSoutheast1 = ("ap-southeast-1", "Hong Kong", "https://probe.ap-southeast-1.example.com"),
    }
}

rt::client! {
    /// A client of the probe service.
    pub struct Client, ClientBuilder for Probe, Region;
}

#[derive(Debug, serde::Deserialize, PartialEq)]
pub struct ProbeOut {
    pub name: Option<String>,
}

/// `GET /v2/{project_id}/probe?q=…`, idempotent, with a JSON output; `q` has 1 to 8 characters.
#[derive(Clone, Debug)]
pub struct Get(pub &'static str);

impl rt::Validate for Get {
    fn validate(&self) -> Result<(), rt::ValidationError> {
        rt::check("q", self.0, &rt::Str::len(1, 8))
    }
}

impl rt::Operation for Get {
    type Service = Probe;
    type Output = ProbeOut;
    const META: rt::OperationMeta = rt::OperationMeta {
        name: "ProbeGet",
        method: rt::Method::Get,
        path: "/v2/{project_id}/probe",
        idempotent: true,
        regions: &[],
        has_output: true,
    };
    fn write<'a>(&'a self, w: &mut RequestWriter<'a>) {
        w.query("q", self.0);
    }
}

/// `POST /v2/{project_id}/probe`, not idempotent, with a JSON body and no output; only in
/// `cn-north-4`.
#[derive(Clone, Debug)]
pub struct Post;

impl rt::Validate for Post {
    fn validate(&self) -> Result<(), rt::ValidationError> {
        Ok(())
    }
}

impl rt::Operation for Post {
    type Service = Probe;
    type Output = ();
    const META: rt::OperationMeta = rt::OperationMeta {
        name: "ProbePost",
        method: rt::Method::Post,
        path: "/v2/{project_id}/probe",
        idempotent: false,
        regions: &["cn-north-4"],
        has_output: false,
    };
    fn write<'a>(&'a self, w: &mut RequestWriter<'a>) {
        w.json(Some(&serde_json::json!({"a": 1})));
    }
}

/// `DELETE /v2/{project_id}/probe/{id}`: idempotent, no body, no output.
#[derive(Clone, Debug)]
pub struct Delete(pub String);

impl rt::Validate for Delete {
    fn validate(&self) -> Result<(), rt::ValidationError> {
        Ok(())
    }
}

impl rt::Operation for Delete {
    type Service = Probe;
    type Output = ();
    const META: rt::OperationMeta = rt::OperationMeta {
        name: "ProbeDelete",
        method: rt::Method::Delete,
        path: "/v2/{project_id}/probe/{id}",
        idempotent: true,
        regions: &[],
        has_output: false,
    };
    fn write<'a>(&'a self, w: &mut RequestWriter<'a>) {
        w.path_param("id", &self.0);
    }
}

/// `POST /v2/{project_id}/probe/{id}/stop`: not idempotent, no body, no output.
#[derive(Clone, Debug)]
pub struct Stop(pub String);

impl rt::Validate for Stop {
    fn validate(&self) -> Result<(), rt::ValidationError> {
        Ok(())
    }
}

impl rt::Operation for Stop {
    type Service = Probe;
    type Output = ();
    const META: rt::OperationMeta = rt::OperationMeta {
        name: "ProbeStop",
        method: rt::Method::Post,
        path: "/v2/{project_id}/probe/{id}/stop",
        idempotent: false,
        regions: &[],
        has_output: false,
    };
    fn write<'a>(&'a self, w: &mut RequestWriter<'a>) {
        w.path_param("id", &self.0);
    }
}

rt::string_enum! {
    /// The state of a listed item.
    pub enum ItemStatus {
        /// Running.
        Running = "RUNNING",
        /// Stopped.
        Stopped = "STOPPED",
        ..Unknown
    }
}

/// A lenient response type as generated code writes one: every field optional, nested objects,
/// arrays, an enum, integers, booleans.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ListResp {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<Vec<Item>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_task_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ItemStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_restore: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_cdn: Option<Cdn>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cdn {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// A builder for tests against `server`: plain HTTP allowed, AK/SK with a project id, quick
/// retries.
pub fn builder(url: &str) -> ClientBuilder {
    Client::builder()
        .endpoint(url)
        .allow_http(true)
        .credentials(rt::Credentials::new(AK, SK).project_id("proj123"))
        .retry(rt::RetryConfig::default().initial_backoff(std::time::Duration::from_millis(10)))
}

/// A `tracing` subscriber that records every span name, field and event as text.
#[derive(Clone, Default)]
pub struct Recorder(pub std::sync::Arc<std::sync::Mutex<String>>);

struct Text<'a>(&'a mut String);

impl tracing::field::Visit for Text<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::Id {
        let mut log = self.0.lock().unwrap();
        log.push_str(&format!("\nspan {}", span.metadata().name()));
        span.record(&mut Text(&mut log));
        tracing::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Text(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::Id, _: &tracing::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut log = self.0.lock().unwrap();
        log.push_str("\nevent");
        event.record(&mut Text(&mut log));
    }
    fn enter(&self, _: &tracing::Id) {}
    fn exit(&self, _: &tracing::Id) {}
}

impl Recorder {
    /// What was recorded so far.
    pub fn log(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}
