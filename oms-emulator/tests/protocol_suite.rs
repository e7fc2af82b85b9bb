//! oms-client's generated protocol suite (`oms-client/tests/generated/protocol.rs`), pointed at
//! the emulator: every operation's representative request must be accepted (signature,
//! routing, decoding, the spec's bounds) and answered with a body the client decodes. The
//! request-side checks (method, path, query, headers, body) run unchanged on what the emulator
//! received. Each test gets a fresh emulator holding what its operation needs (the task,
//! group or synchronization task it names, in a state that allows the operation).

use oms_client as api;

// `scripted` serves the documented-example tests, which the OMS spec may or may not have.
#[allow(dead_code)]
mod harness {
    use huaweicloud_runtime::test_util::{Recorded, Reply, TestServer};
    use oms_emulator::{Config, Emulator, Fixture};

    use super::api;
    use api::types::{TaskGroupStatus, TaskStatus};

    const AK: &str = "AKPROTOCOLTEST000001";
    const SK: &str = "SKprotocol/test+secret==000000000000000";
    /// The id every generated test uses for a task, and for groups and synchronization tasks.
    const TASK: i64 = 1;
    const NAMED: &str = "example";

    /// What the operation needs to find in the emulator to succeed.
    fn fixtures(operation: &str) -> Vec<Fixture> {
        let task = |status| Fixture::Task { id: TASK, status };
        let group = |status| Fixture::TaskGroup {
            id: NAMED.into(),
            status,
        };
        let sync = |synchronizing| Fixture::SyncTask {
            id: NAMED.into(),
            synchronizing,
        };
        match operation {
            "ShowTask" | "UpdateBandwidthPolicy" => vec![task(TaskStatus::Running)],
            "StopTask" => vec![task(TaskStatus::Running)],
            "StartTask" | "DeleteTask" => vec![task(TaskStatus::Stopped)],
            "ShowTaskGroup" | "UpdateTaskGroup" | "StopTaskGroup" => {
                vec![group(TaskGroupStatus::Monitoring)]
            }
            "StartTaskGroup" | "DeleteTaskGroup" => vec![group(TaskGroupStatus::Paused)],
            "RetryTaskGroup" => vec![group(TaskGroupStatus::MigrationFailed)],
            "StartSyncTask" | "DeleteSyncTask" => vec![sync(false)],
            "StopSyncTask" | "ShowSyncTask" | "ListSyncTaskStatistic" | "CreateSyncEvents" => {
                vec![sync(true)]
            }
            _ => vec![],
        }
    }

    /// The emulator, or (for documented-example tests) a scripted server.
    pub enum Server {
        Emulated(Emulator),
        Scripted(TestServer),
    }

    /// A fresh emulator that accepts the suite's AK/SK and holds what `operation` needs; the
    /// scripted answer is not used: the emulator answers for itself.
    pub async fn start(operation: &str, _status: u16, _answer: &str) -> Server {
        let emulator = Emulator::start(Config::manual_clock().access_key(AK, SK))
            .await
            .unwrap();
        for fixture in fixtures(operation) {
            emulator.insert(super::protocol::PROJECT_ID, fixture);
        }
        Server::Emulated(emulator)
    }

    /// A loopback server scripted with one answer.
    pub async fn scripted(status: u16, body: &str) -> Server {
        Server::Scripted(TestServer::start(vec![Reply::json(status, body)]).await)
    }

    impl Server {
        fn url(&self) -> String {
            match self {
                Server::Emulated(e) => e.url(),
                Server::Scripted(s) => s.url.clone(),
            }
        }

        pub fn client(&self) -> api::Client {
            api::Client::builder()
                .endpoint(self.url())
                .allow_http(true)
                .credentials(api::Credentials::new(AK, SK).project_id(super::protocol::PROJECT_ID))
                .retry(api::RetryConfig::disabled())
                .build()
                .unwrap()
        }

        pub fn requests(&self) -> Vec<Recorded> {
            match self {
                Server::Emulated(e) => e.requests(),
                Server::Scripted(s) => s.requests(),
            }
        }

        pub fn signature_is_valid(&self, request: &Recorded) -> bool {
            huaweicloud_runtime::test_util::signature_is_valid(request, AK, SK)
        }
    }

    /// The emulator's own answer decoded into the output type; it is a JSON object or list
    /// with content, not an empty body.
    pub fn check_output<T: serde::Serialize>(output: &T, _scripted: &str) {
        match serde_json::to_value(output).unwrap() {
            serde_json::Value::Object(fields) => assert!(!fields.is_empty(), "an empty answer"),
            serde_json::Value::Array(items) => assert!(!items.is_empty(), "an empty list"),
            other => panic!("an answer of {other}"),
        }
    }
}

#[rustfmt::skip]
#[path = "../../oms-client/tests/generated/protocol.rs"]
mod protocol;

#[tokio::test]
async fn the_emulator_answers_every_operation_of_the_spec() {
    let emulator = oms_emulator::Emulator::start(oms_emulator::Config::default())
        .await
        .unwrap();
    let spec_operations = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../oms-client/src/generated/operations"),
    )
    .unwrap()
    .filter(|e| e.as_ref().unwrap().file_name() != "mod.rs")
    .count();
    assert_eq!(emulator.operations(), spec_operations);
}
