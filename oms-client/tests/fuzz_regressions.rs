//! Every file of `fuzz/corpus/response_decode/` (seeds and inputs the fuzzer found) runs
//! through the fuzz harness itself, on stable. Add a crashing input found by
//! `cargo +nightly fuzz run response_decode` to that directory.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

#[path = "../../fuzz/src/response_decode.rs"]
mod response_decode;

fn run_corpus(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
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
            catch_unwind(AssertUnwindSafe(|| run(&data))).is_err()
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        panicked.is_empty(),
        "the {target} harness panicked on {panicked:?}"
    );
}

#[test]
fn the_response_decode_corpus_never_panics() {
    run_corpus("response_decode", response_decode::run);
}
