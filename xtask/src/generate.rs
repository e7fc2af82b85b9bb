//! `cargo xtask generate [--check]`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::emit::{CrateConfig, SRC_DIR, TESTS_DIR};
use codegen::GeneratedFile;

/// A spec the workspace generates from, and the crate it generates into.
#[derive(Debug, Clone)]
pub struct Target {
    /// The spec directory, relative to the workspace root.
    pub spec_dir: &'static str,
    /// The crate's directory: generated sources go to `src/generated`, tests to
    /// `tests/generated`.
    pub crate_dir: &'static str,
    /// The crate's name as Rust code spells it.
    pub crate_name: &'static str,
    /// Where the OpenAPI document goes.
    pub openapi_path: &'static str,
    /// Where the editor schema of the spec format goes, if anywhere.
    pub schema_path: Option<&'static str>,
}

impl Target {
    /// The directories whose `.rs` files are all generated.
    pub fn generated_dirs(&self) -> [String; 2] {
        [
            format!("{}/{SRC_DIR}", self.crate_dir),
            format!("{}/{TESTS_DIR}", self.crate_dir),
        ]
    }

    /// Every file generated for the target, paths relative to the workspace root.
    pub fn generate(&self, root: &Path) -> Result<Vec<GeneratedFile>, String> {
        let sources =
            codegen::SpecSources::read_dir(&root.join(self.spec_dir)).map_err(|d| d.to_string())?;
        let generated = codegen::generate(&sources, &CrateConfig::new(self.crate_name))
            .map_err(|d| d.to_string())?;
        let mut files: Vec<GeneratedFile> = generated
            .rust
            .into_iter()
            .map(|f| GeneratedFile {
                path: format!("{}/{}", self.crate_dir, f.path),
                contents: f.contents,
            })
            .collect();
        files.push(GeneratedFile {
            path: self.openapi_path.into(),
            contents: generated.openapi,
        });
        if let Some(path) = self.schema_path {
            files.push(GeneratedFile {
                path: path.into(),
                contents: codegen::spec_schema_json(),
            });
        }
        Ok(files)
    }
}

/// The OMS client, and the crate generated from `spec-features/spec`: a synthetic spec that
/// uses every feature of the spec format, so that a generator change that breaks any of them
/// fails the build.
pub fn targets() -> [Target; 2] {
    [
        Target {
            spec_dir: "spec",
            crate_dir: "oms-client",
            crate_name: "oms_client",
            openapi_path: OMS_OPENAPI_PATH,
            schema_path: Some("spec/spec.schema.json"),
        },
        Target {
            spec_dir: "spec-features/spec",
            crate_dir: "spec-features",
            crate_name: "spec_features",
            openapi_path: "spec-features/openapi.json",
            schema_path: None,
        },
    ]
}

/// The OMS OpenAPI document, which `cargo xtask openapi` writes alone.
pub const OMS_OPENAPI_PATH: &str = "spec/openapi.json";

pub fn generate(root: &Path, check: bool) -> Result<(), String> {
    generate_only(root, check, |_| true)
}

/// `openapi [--check]`: only the OMS OpenAPI document (also written by `generate`).
pub fn openapi(root: &Path, check: bool) -> Result<(), String> {
    generate_only(root, check, |path| path == OMS_OPENAPI_PATH)
}

fn generate_only(root: &Path, check: bool, wanted: impl Fn(&str) -> bool) -> Result<(), String> {
    let mut files = Vec::new();
    let mut partial = false;
    let mut generated_dirs = Vec::new();
    for target in targets() {
        let all = target.generate(root)?;
        partial |= all.iter().any(|f| !wanted(&f.path));
        files.extend(all.into_iter().filter(|f| wanted(&f.path)));
        generated_dirs.extend(target.generated_dirs());
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
