//! `cargo xtask import` and `cargo xtask audit`: the spec against API Explorer definitions.

use std::path::{Path, PathBuf};

use codegen::explorer::{self, XOperation};

/// Parses API Explorer files, in the order given; fails on the first that does not parse.
fn read_definitions(paths: &[PathBuf]) -> Result<Vec<XOperation>, String> {
    let (ops, problems) = read_each(paths);
    match problems.into_iter().next() {
        Some(p) => Err(p),
        None => Ok(ops),
    }
}

/// Parses API Explorer files, in the order given: the operations of those that parse, and a
/// message for each that does not.
fn read_each(paths: &[PathBuf]) -> (Vec<XOperation>, Vec<String>) {
    let mut ops = Vec::new();
    let mut problems = Vec::new();
    for p in paths {
        let parsed = std::fs::read_to_string(p)
            .map_err(|e| format!("{}: cannot read: {e}", p.display()))
            .and_then(|text| explorer::parse(&p.display().to_string(), &text));
        match parsed {
            Ok(op) => ops.push(op),
            Err(e) => problems.push(e),
        }
    }
    (ops, problems)
}

/// The `.json` files of the inputs: files as given, directories' files sorted by name.
fn json_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            files.extend(json_files_in(input)?);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// The `.json` files of a directory, sorted by name.
fn json_files_in(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    found.sort();
    Ok(found)
}

const IMPORT_USAGE: &str = "usage: cargo xtask import <api-explorer.json or directory>... [-o <draft.yaml> | --spec <new-spec-dir>]";

/// `import <file.json or dir>... [-o <out.yaml> | --spec <dir>]`: prints a draft operations
/// file, writes it to a new file, or drafts a whole new spec directory (`service.yaml` and
/// `operations/<service>.yaml`). Files that cannot be read are reported, and the draft holds
/// every other; the task then fails, so that a script notices.
pub fn import(args: &[String]) -> Result<(), String> {
    let mut inputs = Vec::new();
    let mut out = None;
    let mut spec_dir = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => {
                out = Some(PathBuf::from(it.next().ok_or("-o needs a file name")?))
            }
            "--spec" => {
                spec_dir = Some(PathBuf::from(it.next().ok_or("--spec needs a directory")?))
            }
            other => inputs.push(PathBuf::from(other)),
        }
    }
    if inputs.is_empty() || (out.is_some() && spec_dir.is_some()) {
        return Err(IMPORT_USAGE.into());
    }
    let files = json_files(&inputs)?;
    let (ops, problems) = read_each(&files);
    for p in &problems {
        eprintln!("not imported: {p}");
    }
    if ops.is_empty() {
        return Err(format!(
            "no operation to import: {} file(s) could not be read",
            problems.len()
        ));
    }
    let written = match (out, spec_dir) {
        (None, None) => {
            print!("{}", codegen::import::draft(&ops));
            None
        }
        (Some(path), _) => {
            create_new(&path, &codegen::import::draft(&ops))?;
            Some(path.display().to_string())
        }
        (None, Some(dir)) => {
            let draft = codegen::import::draft_spec(&ops);
            if dir.exists() {
                return Err(format!(
                    "{}: already exists (import never overwrites a spec)",
                    dir.display()
                ));
            }
            let ops_dir = dir.join("operations");
            std::fs::create_dir_all(&ops_dir).map_err(|e| format!("{}: {e}", ops_dir.display()))?;
            create_new(&dir.join("service.yaml"), &draft.service)?;
            create_new(&ops_dir.join(&draft.operations_file), &draft.operations)?;
            if draft.decisions > 0 {
                eprintln!(
                    "{} decision(s) left to make: the comments marked TODO(decide); generation refuses the spec until they are made",
                    draft.decisions
                );
            }
            Some(dir.display().to_string())
        }
    };
    if let Some(to) = written {
        eprintln!("wrote a draft of {} operation(s) to {to}", ops.len());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} file(s) not imported (listed above); the draft holds the other {} operation(s)",
            problems.len(),
            ops.len()
        ))
    }
}

/// Writes a new file; a reviewed spec file is never overwritten.
fn create_new(path: &Path, contents: &str) -> Result<(), String> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("{}: {e} (import never overwrites a file)", path.display()))?;
    std::io::Write::write_all(&mut file, contents.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `audit <dir> [--show-allowed]`: every difference between the spec and the definitions.
pub fn audit(root: &Path, args: &[String]) -> Result<(), String> {
    let show_allowed = args.iter().any(|a| a == "--show-allowed");
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [dir] = dirs.as_slice() else {
        return Err("usage: cargo xtask audit <dir-of-api-explorer-json> [--show-allowed]".into());
    };
    let files = json_files_in(Path::new(dir.as_str()))?;
    let ops = read_definitions(&files)?;
    let model = codegen::model_from_sources(
        &codegen::SpecSources::read_dir(&root.join("spec")).map_err(|d| d.to_string())?,
    )
    .map_err(|d| d.to_string())?;
    let allow_path = root.join("spec/audit-allow.yaml");
    let allow = match std::fs::read_to_string(&allow_path) {
        Ok(text) => codegen::audit::AllowList::parse(&text)
            .map_err(|e| format!("spec/audit-allow.yaml: {e}"))?,
        Err(_) => codegen::audit::AllowList::default(),
    };
    let report = codegen::audit::audit(&model, &ops, &allow);
    for d in &report.unexplained {
        println!("{d}");
    }
    if show_allowed {
        for (d, reason) in &report.allowed {
            println!("allowed: {d} ({reason})");
        }
    }
    for s in &report.stale {
        println!(
            "stale allow-list entry: {}: {} (no such difference any more)",
            s.place, s.difference
        );
    }
    println!(
        "{} operations audited: {} unexplained difference(s), {} allowed, {} stale allow-list entr{}",
        ops.len(),
        report.unexplained.len(),
        report.allowed.len(),
        report.stale.len(),
        if report.stale.len() == 1 { "y" } else { "ies" }
    );
    if report.is_clean() {
        Ok(())
    } else {
        Err("the spec and the API Explorer definitions differ: fix the spec or explain the difference in spec/audit-allow.yaml".into())
    }
}
