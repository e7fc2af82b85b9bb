//! The tests `cargo xtask generate` writes from spec-features/spec: every feature of the spec
//! format, exercised on the wire.

use spec_features as api;

huaweicloud_runtime::scripted_harness!(spec_features, super::protocol::PROJECT_ID);

#[rustfmt::skip]
#[path = "generated/protocol.rs"]
mod protocol;

#[rustfmt::skip]
#[path = "generated/bounds.rs"]
mod bounds;
