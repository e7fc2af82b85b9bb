//! The committed generated code is exactly what the committed spec generates, so `cargo test`
//! alone catches a spec edit without `cargo xtask generate`.

use std::path::Path;

#[test]
fn committed_generated_code_matches_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let files = codegen::generate(&root.join("spec"))
        .unwrap_or_else(|d| panic!("the spec does not check:\n{d}"));
    let mut stale = Vec::new();
    for f in &files {
        let on_disk = std::fs::read_to_string(root.join(&f.path)).unwrap_or_default();
        if on_disk != f.contents {
            stale.push(f.path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `cargo xtask generate`): {stale:?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let a = codegen::generate(&root.join("spec")).unwrap();
    let b = codegen::generate(&root.join("spec")).unwrap();
    assert_eq!(a, b);
    assert!(a
        .iter()
        .filter(|f| f.path.ends_with(".rs"))
        .all(|f| f.contents.starts_with("// @generated")));
    assert!(a.iter().any(|f| f.path == codegen::OPENAPI_PATH));
}
