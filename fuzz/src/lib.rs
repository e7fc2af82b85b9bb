//! The fuzz harnesses: each takes the raw fuzzer bytes and must never panic. The stable
//! regression tests include these files with `#[path]`, so a corpus file runs through exactly
//! the code the fuzz target runs.

pub mod response_decode;
pub mod signer_canonical;
pub mod spec_loader;
