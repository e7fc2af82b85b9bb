//! The tests `cargo xtask generate` writes from the spec (`tests/generated/`), compiled as one
//! test target. They are kept out of rustfmt's way: their formatting is the generator's, and
//! `generate --check` guards it.

use oms_client as api;

huaweicloud_runtime::scripted_harness!(oms_client, super::protocol::PROJECT_ID);

#[rustfmt::skip]
#[path = "generated/protocol.rs"]
mod protocol;

#[rustfmt::skip]
#[path = "generated/bounds.rs"]
mod bounds;
