//! Test utilities (feature `test-util`): typed mocks that answer a client's calls without a
//! network, a scripted HTTP server on 127.0.0.1 that records what arrives on the wire, and an
//! independent verifier of `SDK-HMAC-SHA256` signatures.

pub mod mock;
mod server;
pub mod signature;

pub use server::{signature_is_valid, Recorded, Reply, TestServer};

/// Declares the `harness` module that generated protocol tests use (see the generated
/// `tests/generated/protocol.rs`), answering every request from a loopback [`TestServer`]
/// scripted with the answer the test gives. `$api` is the generated crate under test,
/// `$project` the project id the tests expect.
#[macro_export]
macro_rules! scripted_harness {
    ($api:path, $project:path) => {
        mod harness {
            use $api as api;
            use $crate::test_util::{Recorded, Reply, TestServer};

            const AK: &str = "AKPROTOCOLTEST000001";
            const SK: &str = "SKprotocol/test+secret==000000000000000";

            /// A loopback server scripted with one answer.
            pub struct Server(TestServer);

            /// The server for the protocol test of `_operation`: it answers `status` and
            /// `body`.
            pub async fn start(_operation: &str, status: u16, body: &str) -> Server {
                scripted(status, body).await
            }

            /// A server that answers `status` and `body`.
            pub async fn scripted(status: u16, body: &str) -> Server {
                Server(TestServer::start(vec![Reply::json(status, body)]).await)
            }

            impl Server {
                /// A client of the server: AK/SK, the tests' project, no retries.
                pub fn client(&self) -> api::Client {
                    api::Client::builder()
                        .endpoint(&self.0.url)
                        .allow_http(true)
                        .credentials(api::Credentials::new(AK, SK).project_id($project))
                        .retry(api::RetryConfig::disabled())
                        .build()
                        .unwrap()
                }

                /// Every request received.
                pub fn requests(&self) -> Vec<Recorded> {
                    self.0.requests()
                }

                /// Whether the request is signed by the client's AK/SK, checked by the
                /// independent verifier.
                pub fn signature_is_valid(&self, request: &Recorded) -> bool {
                    $crate::test_util::signature_is_valid(request, AK, SK)
                }
            }

            /// The output decoded every field of the scripted answer.
            pub fn check_output<T: serde::Serialize>(output: &T, answered: &str) {
                let expected: serde_json::Value = serde_json::from_str(answered).unwrap();
                assert_eq!(
                    serde_json::to_value(output).unwrap(),
                    expected,
                    "every response field decodes"
                );
            }
        }
    };
}
