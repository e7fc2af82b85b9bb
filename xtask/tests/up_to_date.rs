//! The committed generated code is exactly what the committed specs generate, for every target
//! `cargo xtask generate` knows, so `cargo test` alone catches a spec edit without
//! `cargo xtask generate`.

use std::process::Command;

#[test]
fn every_generated_target_matches_its_spec() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stale generated code:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
