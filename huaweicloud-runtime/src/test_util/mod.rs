//! Test utilities (feature `test-util`): typed mocks that answer a client's calls without a
//! network, a scripted HTTP server on 127.0.0.1 that records what arrives on the wire, and an
//! independent verifier of `SDK-HMAC-SHA256` signatures.

pub mod mock;
mod server;
pub mod signature;

pub use server::{signature_is_valid, Recorded, Reply, TestServer};
