//! Points the shared crate root at this crate's generated code.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(spec_features)");
    println!("cargo::rustc-cfg=spec_features");
}
