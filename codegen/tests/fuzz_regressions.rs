//! Every file of `fuzz/corpus/spec_loader/` (seeds and inputs the fuzzer found) run through the
//! `spec_loader` fuzz harness itself, on stable: the generator must not panic on any of them.
//! Add a crashing input found by `cargo +nightly fuzz run spec_loader` to that directory.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

#[path = "../../fuzz/src/spec_loader.rs"]
mod spec_loader;

#[test]
fn the_spec_loader_corpus_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/spec_loader");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} corpus files", files.len());
    let panicked: Vec<String> = files
        .iter()
        .filter(|path| {
            let data = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| spec_loader::run(&data))).is_err()
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(panicked.is_empty(), "the harness panicked on {panicked:?}");
}

#[test]
fn the_shared_spec_of_the_harness_is_valid() {
    let ops = "operations:\n  ShowThing:\n    summary: s\n    method: GET\n    path: /v2/{project_id}/things\n    responses:\n      200: { type: SharedThing }\n";
    let files = codegen::generate_from_sources(&spec_loader::sources(ops.as_bytes()))
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(!files.is_empty());
}
