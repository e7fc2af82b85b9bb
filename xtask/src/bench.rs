//! `cargo xtask bench [--report]`: runs the benchmarks briefly and prints one table of figures,
//! targets and verdicts.
//!
//! The figures come from criterion's `target/criterion/<group>/<bench>/new/estimates.json`
//! (median point estimates) and from the JSON files the other benchmarks write under
//! `target/bench/`: `throughput.json` (`oms-client/benches/throughput.rs`, after its paired
//! run), `generated_size.json` (`codegen/benches/generate.rs`) and `emulator.json`
//! (`oms-emulator/benches/emulator.rs`). `--report` prints the table
//! from the results already on disk without running anything. The corpus rows (other
//! services, from API Explorer files) have figures where the development corpus is beside
//! the workspace.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Criterion settings for a short run (the defaults take several times longer).
const CRITERION_ARGS: &[&str] = &["--warm-up-time", "1", "--measurement-time", "2"];

/// The benchmark runs: package and bench targets.
const RUNS: &[(&str, &[&str])] = &[
    ("codegen", &["generate"]),
    ("oms-client", &["request", "throughput"]),
    ("oms-emulator", &["emulator"]),
];

/// Targets.
const OMS_SPEC_MAX_MS: f64 = 30.0;
const OMS_CLIENT_MAX_LINES: u64 = 9_000;
const SYNTHETIC_OP_MAX_BYTES: f64 = 8.0 * 1024.0;
const LARGE_SPEC_OPS: u64 = 2_000;
const LARGE_SPEC_MAX_MS: f64 = 1_000.0;
/// Per-operation time at 2,000 operations over that at 100: 1.0 is linear; the slack absorbs
/// measurement noise (n log n would give about 1.65, quadratic 20).
const MAX_GROWTH: f64 = 1.10;
const REQUEST_MAX_US: f64 = 5.0;
const MIN_THROUGHPUT_RATIO: f64 = 0.95;
/// The client's CPU per request over plain reqwest replaying the same bytes, µs.
const EXTRA_CPU_MAX_US: f64 = 2.0;
/// The development corpus's services that `codegen/benches/generate.rs` generates.
const CORPUS_SERVICES: &[&str] = &["KMS", "IMS", "NAT", "CBR"];

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let report_only = match args {
        [] => false,
        [flag] if flag == "--report" => true,
        other => {
            return Err(format!(
                "unexpected arguments to bench: {}",
                other.join(" ")
            ))
        }
    };
    let target = target_dir(root);
    let since = if report_only {
        None
    } else {
        let started = SystemTime::now();
        for (package, benches) in RUNS {
            run_benches(root, package, benches)?;
        }
        Some(started)
    };
    let results = Results {
        criterion: target.join("criterion"),
        throughput: target.join("bench").join("throughput.json"),
        sizes: target.join("bench").join("generated_size.json"),
        emulator: target.join("bench").join("emulator.json"),
        since,
    };
    let rows = table(&results);
    print_table(&rows);
    let missed = rows.iter().filter(|r| r.verdict == Verdict::Misses).count();
    let missing = rows.iter().filter(|r| r.verdict == Verdict::NoData).count();
    let checked = rows.iter().filter(|r| r.verdict != Verdict::Info).count();
    println!(
        "\n{} of {checked} targets met{}{}",
        checked - missed - missing,
        if missed > 0 {
            format!(", {missed} missed")
        } else {
            String::new()
        },
        if missing > 0 {
            format!(", {missing} without data")
        } else {
            String::new()
        },
    );
    if missing > 0 {
        Err("some figures are missing: see the table".into())
    } else {
        Ok(())
    }
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn run_benches(root: &Path, package: &str, benches: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.current_dir(root).args(["bench", "-p", package]);
    for b in benches {
        cmd.args(["--bench", b]);
    }
    cmd.arg("--").args(CRITERION_ARGS);
    eprintln!(
        "== cargo bench -p {package} --bench {} -- {}",
        benches.join(" --bench "),
        CRITERION_ARGS.join(" ")
    );
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo bench -p {package} failed ({status})"))
    }
}

struct Results {
    criterion: PathBuf,
    throughput: PathBuf,
    /// What `codegen/benches/generate.rs` measured of the generated code's size.
    sizes: PathBuf,
    /// What `oms-emulator/benches/emulator.rs` measured.
    emulator: PathBuf,
    /// Results older than this are from an earlier run: not used.
    since: Option<SystemTime>,
}

impl Results {
    fn fresh(&self, path: &Path) -> bool {
        match (
            self.since,
            std::fs::metadata(path).and_then(|m| m.modified()),
        ) {
            (_, Err(_)) => false,
            (None, Ok(_)) => true,
            (Some(since), Ok(modified)) => modified >= since,
        }
    }

    fn json(&self, path: &Path) -> Option<serde_json::Value> {
        if !self.fresh(path) {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// The median time of a criterion benchmark, in nanoseconds (per iteration). `id` is the
    /// benchmark's directory under `target/criterion` (criterion writes a `/` inside a function
    /// name as `_`).
    fn median_ns(&self, id: &str) -> Option<f64> {
        let path = self.criterion.join(id).join("new").join("estimates.json");
        self.json(&path)?
            .pointer("/median/point_estimate")?
            .as_f64()
    }

    /// A figure of `generated_size.json`.
    fn size(&self, key: &str) -> Option<f64> {
        self.json(&self.sizes)?.get(key)?.as_f64()
    }

    /// The number of elements a criterion benchmark declared per iteration.
    fn elements(&self, id: &str) -> Option<u64> {
        let path = self.criterion.join(id).join("new").join("benchmark.json");
        self.json(&path)?.pointer("/throughput/Elements")?.as_u64()
    }

    fn throughput_result(&self, concurrency: u64) -> Option<serde_json::Value> {
        let json = self.json(&self.throughput)?;
        json.get("results")?
            .as_array()?
            .iter()
            .find(|r| r.get("concurrency").and_then(|c| c.as_u64()) == Some(concurrency))
            .cloned()
    }

    /// Requests/s of oms-client and of plain reqwest, and the median ratio of the pairs.
    fn throughput(&self, concurrency: u64) -> Option<(f64, f64, f64)> {
        let r = self.throughput_result(concurrency)?;
        Some((
            r.get("oms_client_rps")?.as_f64()?,
            r.get("reqwest_rps")?.as_f64()?,
            r.get("ratio")?.as_f64()?,
        ))
    }

    /// CPU time of the client thread per request, µs: oms-client and plain reqwest.
    fn client_cpu(&self, concurrency: u64) -> Option<(f64, f64)> {
        let r = self.throughput_result(concurrency)?;
        Some((
            r.get("oms_client_cpu_us_per_request")?.as_f64()?,
            r.get("reqwest_cpu_us_per_request")?.as_f64()?,
        ))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Meets,
    Misses,
    NoData,
    Info,
}

impl Verdict {
    fn of(ok: Option<bool>) -> Verdict {
        match ok {
            Some(true) => Verdict::Meets,
            Some(false) => Verdict::Misses,
            None => Verdict::NoData,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Verdict::Meets => "meets",
            Verdict::Misses => "MISSES",
            Verdict::NoData => "NO DATA",
            Verdict::Info => "-",
        }
    }
}

struct Row {
    figure: String,
    measured: String,
    target: String,
    verdict: Verdict,
}

fn fmt_time(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.1} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn or_no_data(v: Option<String>) -> String {
    v.unwrap_or_else(|| "no data".into())
}

fn table(r: &Results) -> Vec<Row> {
    let mut rows = Vec::new();

    // Generation.
    let oms = r.median_ns("generate/oms_spec");
    let oms_ops = r.elements("generate/oms_spec");
    rows.push(Row {
        figure: match oms_ops {
            Some(n) => format!("generate: OMS spec ({n} operations)"),
            None => "generate: OMS spec".into(),
        },
        measured: or_no_data(oms.map(fmt_time)),
        target: format!("<= {OMS_SPEC_MAX_MS} ms"),
        verdict: Verdict::of(oms.map(|ns| ns <= OMS_SPEC_MAX_MS * 1e6)),
    });
    for (id, what) in [
        (
            "generate/parts_oms_load_check",
            "generate: OMS spec, of which load + check",
        ),
        (
            "generate/parts_oms_format_only",
            "generate: OMS spec output, re-format only",
        ),
    ] {
        rows.push(Row {
            figure: what.into(),
            measured: or_no_data(r.median_ns(id).map(fmt_time)),
            target: String::new(),
            verdict: Verdict::Info,
        });
    }
    let per_op = |n: u64| {
        r.median_ns(&format!("generate/synthetic/{n}"))
            .map(|ns| (ns, ns / n as f64))
    };
    for n in [10, 100, 1_000] {
        let m = per_op(n);
        rows.push(Row {
            figure: format!("generate: synthetic, {n} operations"),
            measured: or_no_data(
                m.map(|(ns, op)| format!("{} ({}/op)", fmt_time(ns), fmt_time(op))),
            ),
            target: String::new(),
            verdict: Verdict::Info,
        });
    }
    let large = per_op(LARGE_SPEC_OPS);
    rows.push(Row {
        figure: format!("generate: synthetic, {LARGE_SPEC_OPS} operations"),
        measured: or_no_data(
            large.map(|(ns, op)| format!("{} ({}/op)", fmt_time(ns), fmt_time(op))),
        ),
        target: format!("<= {} s", LARGE_SPEC_MAX_MS / 1e3),
        verdict: Verdict::of(large.map(|(ns, _)| ns <= LARGE_SPEC_MAX_MS * 1e6)),
    });
    let growth = per_op(100)
        .zip(large)
        .map(|((_, small), (_, big))| big / small);
    rows.push(Row {
        figure: format!("generate: per-op time, {LARGE_SPEC_OPS} vs 100 ops"),
        measured: or_no_data(growth.map(|g| format!("{g:.2}x"))),
        target: format!("<= {MAX_GROWTH:.2}x (linear)"),
        verdict: Verdict::of(growth.map(|g| g <= MAX_GROWTH)),
    });

    // Other services, from API Explorer files (where the development corpus is).
    let import = r.median_ns("generate/corpus_import");
    rows.push(Row {
        figure: match r.elements("generate/corpus_import") {
            Some(n) => format!("import: corpus, JSON to draft specs ({n} operations)"),
            None => "import: corpus, JSON to draft specs".into(),
        },
        measured: or_no_data(import.map(fmt_time)),
        target: String::new(),
        verdict: Verdict::Info,
    });
    for service in CORPUS_SERVICES {
        let id = format!("generate/corpus/{service}");
        let ns = r.median_ns(&id);
        let ops = r.elements(&id);
        rows.push(Row {
            figure: match ops {
                Some(n) => format!("generate: corpus {service} ({n} operations)"),
                None => format!("generate: corpus {service}"),
            },
            measured: or_no_data(ns.zip(ops).map(|(ns, n)| {
                format!("{} ({}/op)", fmt_time(ns), fmt_time(ns / n.max(1) as f64))
            })),
            target: String::new(),
            verdict: Verdict::Info,
        });
    }
    let corpus_ops = r.size("corpus_operations");
    for (key, what) in [
        ("corpus_client_lines", "client code"),
        ("corpus_test_lines", "tests"),
    ] {
        rows.push(Row {
            figure: format!("generated: corpus {what} (lines)"),
            measured: or_no_data(
                r.size(key).zip(corpus_ops).map(|(lines, ops)| {
                    format!("{lines:.0} lines ({:.0}/op)", lines / ops.max(1.0))
                }),
            ),
            target: String::new(),
            verdict: Verdict::Info,
        });
    }

    // Size of the generated code.
    let lines = r.size("oms_client_lines");
    rows.push(Row {
        figure: "generated: OMS client code (lines)".into(),
        measured: or_no_data(lines.map(|l| format!("{l:.0} lines"))),
        target: format!("<= {OMS_CLIENT_MAX_LINES}"),
        verdict: Verdict::of(lines.map(|l| l <= OMS_CLIENT_MAX_LINES as f64)),
    });
    let per_op = r.size("synthetic_client_bytes_per_operation");
    rows.push(Row {
        figure: "generated: client code per synthetic operation".into(),
        measured: or_no_data(per_op.map(|b| format!("{:.1} KB", b / 1024.0))),
        target: format!("<= {:.0} KB", SYNTHETIC_OP_MAX_BYTES / 1024.0),
        verdict: Verdict::of(per_op.map(|b| b <= SYNTHETIC_OP_MAX_BYTES)),
    });

    // Per-request work.
    for (id, name) in [
        ("request/start_sync_task", "StartSyncTask"),
        ("request/list_sync_tasks", "ListSyncTasks (query)"),
    ] {
        let ns = r.median_ns(id);
        rows.push(Row {
            figure: format!("request: build+validate+sign {name}"),
            measured: or_no_data(ns.map(fmt_time)),
            target: format!("<= {REQUEST_MAX_US} µs"),
            verdict: Verdict::of(ns.map(|ns| ns <= REQUEST_MAX_US * 1e3)),
        });
    }
    rows.push(Row {
        figure: "request: of which signing (StartSyncTask)".into(),
        measured: or_no_data(r.median_ns("request/parts_sign").map(fmt_time)),
        target: String::new(),
        verdict: Verdict::Info,
    });

    // Throughput.
    for concurrency in [1, 64] {
        let t = r.throughput(concurrency);
        rows.push(Row {
            figure: format!("throughput: concurrency {concurrency}, vs reqwest"),
            measured: or_no_data(
                t.map(|(oms, plain, ratio)| format!("{oms:.0} vs {plain:.0} req/s = {ratio:.3}x")),
            ),
            target: format!(">= {MIN_THROUGHPUT_RATIO}x"),
            verdict: Verdict::of(t.map(|(_, _, ratio)| ratio >= MIN_THROUGHPUT_RATIO)),
        });
        let cpu = r.client_cpu(concurrency);
        rows.push(Row {
            figure: format!("per call: concurrency {concurrency}, client CPU over reqwest"),
            measured: or_no_data(
                cpu.map(|(oms, plain)| format!("+{:.2} µs ({oms:.2} vs {plain:.2})", oms - plain)),
            ),
            target: format!("<= {EXTRA_CPU_MAX_US} µs"),
            verdict: Verdict::of(cpu.map(|(oms, plain)| oms - plain <= EXTRA_CPU_MAX_US)),
        });
    }

    // The emulator, for tests.
    let emulator = r.json(&r.emulator);
    let figure = |key: &str| emulator.as_ref()?.get(key)?.as_f64();
    rows.push(Row {
        figure: "emulator: start-up to the first answer".into(),
        measured: or_no_data(figure("startup_ms").map(|ms| fmt_time(ms * 1e6))),
        target: String::new(),
        verdict: Verdict::Info,
    });
    rows.push(Row {
        figure: "emulator: ShowTask, 64 in flight".into(),
        measured: or_no_data(figure("throughput_rps").map(|rps| format!("{rps:.0} req/s"))),
        target: String::new(),
        verdict: Verdict::Info,
    });
    rows
}

fn print_table(rows: &[Row]) {
    let headers = ["figure", "measured (median)", "target", "result"];
    let width = |i: usize| {
        rows.iter()
            .map(|r| {
                let cell = match i {
                    0 => &r.figure,
                    1 => &r.measured,
                    _ => &r.target,
                };
                cell.chars().count()
            })
            .chain([headers[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    println!();
    println!(
        "| {} | {} | {} | {} |",
        pad(headers[0], w0),
        pad(headers[1], w1),
        pad(headers[2], w2),
        headers[3]
    );
    println!(
        "|{}|{}|{}|{}|",
        "-".repeat(w0 + 2),
        "-".repeat(w1 + 2),
        "-".repeat(w2 + 2),
        "-".repeat(headers[3].len() + 2)
    );
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            pad(&r.figure, w0),
            pad(&r.measured, w1),
            pad(&r.target, w2),
            r.verdict.label()
        );
    }
}
