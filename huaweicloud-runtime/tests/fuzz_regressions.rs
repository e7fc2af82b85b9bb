//! Every file of `fuzz/corpus/signer_canonical/` (seeds and inputs the fuzzer found) runs
//! through the fuzz harness itself, on stable. Add a crashing input found by
//! `cargo +nightly fuzz run signer_canonical` to that directory.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

#[path = "../../fuzz/src/signer_canonical.rs"]
mod signer_canonical;

#[test]
fn the_signer_canonical_corpus_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/signer_canonical");
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
            catch_unwind(AssertUnwindSafe(|| signer_canonical::run(&data))).is_err()
        })
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(panicked.is_empty(), "the harness panicked on {panicked:?}");
}

#[test]
fn the_signer_input_format_is_as_documented() {
    let input = signer_canonical::parse(b"get\0/v2/p\0a=1\0{}\0Host\0h\0X-Sdk-Date\0d");
    assert_eq!(
        (
            input.method.as_str(),
            input.path.as_str(),
            input.query.as_str()
        ),
        ("get", "/v2/p", "a=1")
    );
    assert_eq!(input.body, b"{}");
    assert_eq!(input.headers.len(), 2);
}
