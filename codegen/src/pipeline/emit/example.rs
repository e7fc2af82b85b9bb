//! A compiling `no_run` example for every operation, built from the spec's required values.

use crate::pipeline::model::{Model, Operation, Shape, Ty, TypeKind};
use crate::pipeline::names;

/// The "# Example" section of an operation's docs.
pub fn operation_example(model: &Model, op: &Operation, krate: &str) -> String {
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!(
            "# async fn example(client: &{krate}::{}) -> Result<(), {krate}::Error> {{",
            names::CLIENT
        ),
    ];
    let mut call = format!(
        "let output = client\n    .{}()",
        names::client_method(&op.name)
    );
    call.push_str(&required_setters(model, op, krate));
    call.push_str(&format!("\n    .{}()\n    .await?;", names::SEND));
    lines.extend(call.lines().map(str::to_string));
    if op.success().and_then(|r| r.shape.as_ref()).is_some() {
        lines.push("println!(\"{output:?}\");".to_string());
    } else {
        lines.push("let () = output;".to_string());
    }
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}

/// The "# Example" section of a waiter's `Client` method: the polled operation's required
/// values, a `max_wait`, and what the outcome holds.
pub fn waiter_example(model: &Model, method: &str, op: &Operation, krate: &str) -> String {
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!(
            "# async fn example(client: &{krate}::{}) -> Result<(), Box<dyn std::error::Error>> {{",
            names::CLIENT
        ),
    ];
    let mut call = format!("let finished = client\n    .{method}()");
    call.push_str(&required_setters(model, op, krate));
    call.push_str(
        "\n    .max_wait(std::time::Duration::from_secs(3600))\n    .on_poll(|output| println!(\"{output:?}\"))\n    .wait()\n    .await?;",
    );
    lines.extend(call.lines().map(str::to_string));
    lines.push("println!(\"done after {} polls: {:?}\", finished.polls, finished.output);".into());
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}

/// `\n    .name(value)` for every required parameter and the body of `op`.
fn required_setters(model: &Model, op: &Operation, krate: &str) -> String {
    let mut out = String::new();
    let mut budget = EXAMPLE_BUDGET;
    for p in op.params.iter().filter(|p| p.field.required) {
        out.push_str(&format!(
            "\n    .{}({})",
            p.field.rust_name,
            value_expr(model, &p.field.shape, 1, krate, &mut budget)
        ));
    }
    if let Some(b) = &op.body {
        let shape = Shape {
            ty: Ty::Object(b.type_name.clone()),
            bounds: Default::default(),
        };
        out.push_str(&format!(
            "\n    .{}({})",
            names::BODY,
            value_expr(model, &shape, 1, krate, &mut budget)
        ));
    }
    out
}

/// How many required values an example spells out; past it, nested objects are left to their
/// builders (the example still compiles), so deep specs do not give exponential docs.
const EXAMPLE_BUDGET: usize = 40;

/// A Rust expression of the shape's type, using only required fields of objects.
fn value_expr(
    model: &Model,
    shape: &Shape,
    depth: usize,
    krate: &str,
    budget: &mut usize,
) -> String {
    *budget = budget.saturating_sub(1);
    match &shape.ty {
        Ty::String => "\"example\"".into(),
        Ty::Int32 | Ty::Int64 => example_int(shape).to_string(),
        Ty::Float | Ty::Double => "1.0".into(),
        Ty::Bool => "true".into(),
        Ty::Enum(name) => match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) if !values.is_empty() => {
                format!("{krate}::types::{name}::{}", values[0].variant)
            }
            Some(TypeKind::IntEnum(values)) => match values.first() {
                Some(v) => format!("{krate}::types::{name}::{}", v.variant),
                None => format!("{krate}::types::{name}::from(1)"),
            },
            _ => format!("{krate}::types::{name}::from(\"example\")"),
        },
        Ty::Array(inner) => match inner.ty {
            // Setters take `IntoIterator<Item = String>`: items must be owned.
            Ty::String => "[\"example\".to_string()]".into(),
            _ => format!("[{}]", value_expr(model, inner, depth, krate, budget)),
        },
        Ty::Object(name) => {
            let indent = "    ".repeat(depth + 1);
            let mut s = format!("{krate}::types::{name}::{}()", names::BUILDER);
            if let Some(TypeKind::Object(fields)) = model.type_named(name).map(|t| &t.kind) {
                for f in fields.iter().filter(|f| f.required) {
                    if *budget == 0 {
                        break;
                    }
                    s.push_str(&format!(
                        "\n{indent}.{}({})",
                        f.rust_name,
                        value_expr(model, &f.shape, depth + 1, krate, budget)
                    ));
                }
            }
            s.push_str(&format!("\n{indent}.{}()?", names::BUILD));
            s
        }
    }
}

fn example_int(shape: &Shape) -> i64 {
    use crate::pipeline::model::Number;
    match (shape.bounds.minimum, shape.bounds.maximum) {
        (Some(Number::Int(min)), _) if min > 1 => min,
        (_, Some(Number::Int(max))) if max < 1 => max,
        _ => 1,
    }
}
