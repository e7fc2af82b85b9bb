//! `cargo xtask generate [--check]`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::emit::Target;

/// Every spec the workspace generates from, and the crate it generates into.
fn targets() -> [(&'static str, Target); 2] {
    [
        ("spec", Target::oms_client()),
        ("spec-features/spec", Target::spec_features()),
    ]
}

pub fn generate(root: &Path, check: bool) -> Result<(), String> {
    generate_only(root, check, |_| true)
}

/// `openapi [--check]`: only the OMS OpenAPI document (also written by `generate`).
pub fn openapi(root: &Path, check: bool) -> Result<(), String> {
    generate_only(root, check, |path| path == codegen::OPENAPI_PATH)
}

fn generate_only(root: &Path, check: bool, wanted: impl Fn(&str) -> bool) -> Result<(), String> {
    let mut files = Vec::new();
    let mut partial = false;
    let mut generated_dirs = Vec::new();
    for (spec_dir, target) in targets() {
        let sources =
            codegen::SpecSources::read_dir(&root.join(spec_dir)).map_err(|d| d.to_string())?;
        let all = codegen::generate_target(&sources, &target).map_err(|d| d.to_string())?;
        partial |= all.iter().any(|f| !wanted(&f.path));
        files.extend(all.into_iter().filter(|f| wanted(&f.path)));
        generated_dirs.push(target.src_dir.clone());
        generated_dirs.push(target.tests_dir.clone());
    }
    let mut stale = Vec::new();
    let mut expected = BTreeSet::new();
    for file in &files {
        let path = root.join(&file.path);
        expected.insert(path.clone());
        if let Some(problem) = ensure_file_contents(&path, &file.path, &file.contents, check)? {
            stale.push(problem);
        }
    }
    // Files left from operations that no longer exist; only a full generation knows them.
    if partial {
        generated_dirs.clear();
    }
    for path in generated_dirs
        .iter()
        .flat_map(|d| list_rs_files(&root.join(d)))
    {
        if !expected.contains(&path) {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .display()
                .to_string();
            if check {
                stale.push(format!("{rel}: no longer generated; delete it"));
            } else {
                std::fs::remove_file(&path).map_err(|e| format!("{rel}: cannot delete: {e}"))?;
                eprintln!("deleted {rel}");
            }
        }
    }
    if stale.is_empty() {
        if !check {
            eprintln!("generated {} files", files.len());
        }
        Ok(())
    } else {
        Err(format!(
            "{}\n\ngenerated code is stale: run `cargo xtask generate` and commit the result",
            stale.join("\n")
        ))
    }
}

/// Writes `contents` to `path` unless it is already there; in check mode, describes the
/// difference instead of writing.
fn ensure_file_contents(
    path: &Path,
    rel: &str,
    contents: &str,
    check: bool,
) -> Result<Option<String>, String> {
    let old = std::fs::read_to_string(path).ok();
    if old.as_deref() == Some(contents) {
        return Ok(None);
    }
    if check {
        let old = old.unwrap_or_default();
        let diff = similar::TextDiff::from_lines(old.as_str(), contents)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{rel}"), &format!("b/{rel}"))
            .to_string();
        return Ok(Some(format!("{rel} is stale:\n{diff}")));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{rel}: cannot create directory: {e}"))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("{rel}: cannot write: {e}"))?;
    eprintln!("wrote {rel}");
    Ok(None)
}

fn list_rs_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(list_rs_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}
