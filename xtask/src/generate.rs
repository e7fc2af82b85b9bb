//! `cargo xtask generate [--check]`: the workspace's targets; `generate --spec DIR --out DIR`:
//! a crate for another spec directory, against the workspace's runtime.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::emit::{CrateConfig, SRC_DIR, TESTS_DIR};
use codegen::GeneratedFile;

/// A spec the workspace generates from, and the crate it generates into.
#[derive(Debug, Clone)]
pub struct Target {
    /// The spec directory, relative to the workspace root (or absolute).
    pub spec_dir: String,
    /// How diagnostics name the spec directory.
    pub spec_shown_as: String,
    /// The crate's directory: generated sources go to `src/generated`, tests to
    /// `tests/generated`.
    pub crate_dir: String,
    /// The crate's name as Rust code spells it.
    pub crate_name: String,
    /// Where the OpenAPI document goes.
    pub openapi_path: String,
    /// Where the editor schema of the spec format goes, if anywhere.
    pub schema_path: Option<String>,
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
            codegen::SpecSources::read_dir_as(&root.join(&self.spec_dir), &self.spec_shown_as)
                .map_err(|d| d.to_string())?;
        let generated = codegen::generate(&sources, &CrateConfig::new(&self.crate_name))
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
            path: self.openapi_path.clone(),
            contents: generated.openapi,
        });
        if let Some(path) = &self.schema_path {
            files.push(GeneratedFile {
                path: path.clone(),
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
            spec_dir: "spec".into(),
            spec_shown_as: "spec".into(),
            crate_dir: "oms-client".into(),
            crate_name: "oms_client".into(),
            openapi_path: OMS_OPENAPI_PATH.into(),
            schema_path: Some("spec/spec.schema.json".into()),
        },
        Target {
            spec_dir: "spec-features/spec".into(),
            spec_shown_as: "spec".into(),
            crate_dir: "spec-features".into(),
            crate_name: "spec_features".into(),
            openapi_path: "spec-features/openapi.json".into(),
            schema_path: None,
        },
    ]
}

/// The OMS OpenAPI document, which `cargo xtask openapi` writes alone.
pub const OMS_OPENAPI_PATH: &str = "spec/openapi.json";

pub fn generate(root: &Path, check: bool) -> Result<(), String> {
    generate_only(root, &targets(), check, |_| true)
}

/// `generate --spec DIR --out DIR [--name NAME] [--check]`: the crate of another spec, built
/// against the workspace's runtime. The generated files are written as for the workspace's
/// targets (stale ones deleted); the crate's hand-written files (`Cargo.toml`, `src/lib.rs`,
/// the test target) are created once, when missing, and never overwritten.
pub fn generate_external(root: &Path, args: &[String]) -> Result<(), String> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut check = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match a.as_str() {
            "--spec" => spec = Some(value("--spec")?),
            "--out" => out = Some(value("--out")?),
            "--name" => name = Some(value("--name")?),
            "--check" => check = true,
            other => return Err(format!("unexpected argument `{other}`\n{EXTERNAL_USAGE}")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err(EXTERNAL_USAGE.into());
    };
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let shown_as = spec.clone();
    let (spec, out) = (cwd.join(spec), cwd.join(out));
    let package = match name {
        Some(n) => n,
        None => out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or("--out names no directory: give --name")?,
    };
    let crate_name = package.replace('-', "_");
    if !crate_name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        || !crate_name.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return Err(format!(
            "`{package}` is not a crate name (lowercase letters, digits, `-` and `_`): give --name"
        ));
    }
    let text = |p: &Path| p.display().to_string();
    let target = Target {
        spec_dir: text(&spec),
        spec_shown_as: shown_as,
        crate_dir: text(&out),
        crate_name,
        openapi_path: text(&out.join("openapi.json")),
        schema_path: None,
    };
    // Generated first: a spec that does not check leaves no crate behind.
    let files = target.generate(root)?;
    if !check {
        crate::scaffold::write_missing(root, &spec, &out, &package)?;
    }
    sync(root, files, target.generated_dirs().to_vec(), check)
}

const EXTERNAL_USAGE: &str =
    "usage: cargo xtask generate --spec <spec-dir> --out <crate-dir> [--name <crate-name>] [--check]";

/// `openapi [--check]`: only the OMS OpenAPI document (also written by `generate`).
pub fn openapi(root: &Path, check: bool) -> Result<(), String> {
    generate_only(root, &targets(), check, |path| path == OMS_OPENAPI_PATH)
}

fn generate_only(
    root: &Path,
    targets: &[Target],
    check: bool,
    wanted: impl Fn(&str) -> bool,
) -> Result<(), String> {
    let mut files = Vec::new();
    let mut partial = false;
    let mut generated_dirs = Vec::new();
    for target in targets {
        let all = target.generate(root)?;
        partial |= all.iter().any(|f| !wanted(&f.path));
        files.extend(all.into_iter().filter(|f| wanted(&f.path)));
        generated_dirs.extend(target.generated_dirs());
    }
    // Files left from operations that no longer exist; only a full generation knows them.
    if partial {
        generated_dirs.clear();
    }
    sync(root, files, generated_dirs, check)
}

/// Writes the generated files (or, in check mode, describes how they differ), and deletes the
/// `.rs` files of `generated_dirs` that are no longer generated.
fn sync(
    root: &Path,
    files: Vec<GeneratedFile>,
    generated_dirs: Vec<String>,
    check: bool,
) -> Result<(), String> {
    let mut stale = Vec::new();
    let mut expected = BTreeSet::new();
    for file in &files {
        let path = root.join(&file.path);
        expected.insert(path.clone());
        if let Some(problem) = ensure_file_contents(&path, &file.path, &file.contents, check)? {
            stale.push(problem);
        }
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
