//! The tests `cargo xtask generate` writes from spec-features/spec, with oms-client's loopback
//! server: every feature of the spec format, exercised on the wire.

#[path = "../../oms-client/tests/support/mod.rs"]
mod support;

use spec_features as api;

#[rustfmt::skip]
#[path = "generated/protocol.rs"]
mod protocol;

#[rustfmt::skip]
#[path = "generated/bounds.rs"]
mod bounds;
