//! `cargo xtask import` and `cargo xtask audit`: the spec against API Explorer definitions.

use std::path::{Path, PathBuf};

use codegen::explorer::{self, XOperation};

/// Parses API Explorer files, in the order given.
fn read_definitions(paths: &[PathBuf]) -> Result<Vec<XOperation>, String> {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("{}: cannot read: {e}", p.display()))?;
            explorer::parse(&p.display().to_string(), &text)
        })
        .collect()
}

/// `import <file.json>... [-o <out.yaml>]`: prints a draft, or writes it to a new file.
pub fn import(args: &[String]) -> Result<(), String> {
    let mut inputs = Vec::new();
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => {
                out = Some(PathBuf::from(it.next().ok_or("-o needs a file name")?))
            }
            other => inputs.push(PathBuf::from(other)),
        }
    }
    if inputs.is_empty() {
        return Err("usage: cargo xtask import <api-explorer.json>... [-o <draft.yaml>]".into());
    }
    let ops = read_definitions(&inputs)?;
    let draft = codegen::import::draft(&ops);
    match out {
        None => print!("{draft}"),
        Some(path) => {
            // A reviewed spec file is never overwritten: drafts go to new files only.
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| format!("{}: {e} (import never overwrites a file)", path.display()))?;
            std::io::Write::write_all(&mut file, draft.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!(
                "wrote a draft of {} operation(s) to {}",
                ops.len(),
                path.display()
            );
        }
    }
    Ok(())
}

/// `audit <dir> [--show-allowed]`: every difference between the spec and the definitions.
pub fn audit(root: &Path, args: &[String]) -> Result<(), String> {
    let show_allowed = args.iter().any(|a| a == "--show-allowed");
    let dirs: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [dir] = dirs.as_slice() else {
        return Err("usage: cargo xtask audit <dir-of-api-explorer-json> [--show-allowed]".into());
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{dir}: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
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
