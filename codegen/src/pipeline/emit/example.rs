//! A compiling `no_run` example for every operation, built from the spec's required values.

use crate::pipeline::emit::CrateConfig;
use crate::pipeline::model::{Model, Number, Operation, Shape, Ty, TypeKind};
use crate::pipeline::names;

/// The "# Example" section of an operation's docs.
pub fn operation_example(model: &Model, op: &Operation, krate: &CrateConfig) -> String {
    let ex = Example {
        model,
        krate: &krate.crate_name,
        runtime: &krate.runtime,
    };
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!(
            "# async fn example(client: &{krate}::{}) -> Result<(), {krate}::Error> {{",
            names::CLIENT,
            krate = ex.krate
        ),
    ];
    let mut call = format!(
        "let output = client\n    .{}()",
        names::client_method(&op.name)
    );
    call.push_str(&ex.required_setters(op));
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
pub fn waiter_example(model: &Model, method: &str, op: &Operation, krate: &CrateConfig) -> String {
    let ex = Example {
        model,
        krate: &krate.crate_name,
        runtime: &krate.runtime,
    };
    let mut lines = vec![
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!(
            "# async fn example(client: &{krate}::{}) -> Result<(), Box<dyn std::error::Error>> {{",
            names::CLIENT,
            krate = ex.krate
        ),
    ];
    let mut call = format!("let finished = client\n    .{method}()");
    call.push_str(&ex.required_setters(op));
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

/// How many required values an example spells out; past it, nested objects are left to their
/// builders (the example still compiles), so deep specs do not give exponential docs.
const EXAMPLE_BUDGET: usize = 40;

/// Where a value stands, which decides how it is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    /// The argument of a setter: what the setter takes (`impl Into<String>` for strings,
    /// `impl IntoIterator` for arrays and maps).
    Argument,
    /// A value of exactly the Rust type (an item of an array of arrays, a map's value).
    Owned,
}

struct Example<'m> {
    model: &'m Model,
    krate: &'m str,
    runtime: &'m str,
}

impl Example<'_> {
    /// `\n    .name(value)` for every required parameter and the body of `op`.
    fn required_setters(&self, op: &Operation) -> String {
        let mut out = String::new();
        let mut budget = EXAMPLE_BUDGET;
        for p in op.params.iter().filter(|p| p.field.required) {
            let value = self.value(
                &p.field.shape,
                p.field.sensitive,
                Position::Argument,
                1,
                &mut budget,
            );
            out.push_str(&format!("\n    .{}({value})", p.field.rust_name));
        }
        if let Some(b) = &op.body {
            let value = self.value(&b.shape, false, Position::Argument, 1, &mut budget);
            out.push_str(&format!("\n    .{}({value})", names::BODY));
        }
        out
    }

    /// A Rust expression of the shape's type, using only required fields of objects.
    fn value(
        &self,
        shape: &Shape,
        sensitive: bool,
        pos: Position,
        depth: usize,
        budget: &mut usize,
    ) -> String {
        *budget = budget.saturating_sub(1);
        let (krate, rt) = (self.krate, self.runtime);
        let owned = pos == Position::Owned;
        match &shape.ty {
            Ty::String if owned && sensitive => {
                format!("{rt}::SensitiveString::from(\"example\")")
            }
            Ty::String if owned => "\"example\".to_string()".into(),
            Ty::String => "\"example\"".into(),
            Ty::Any if owned => format!("{rt}::serde_json::Value::from(\"example\")"),
            Ty::Any => "\"example\"".into(),
            Ty::Int32 | Ty::Int64 => example_int(shape).to_string(),
            Ty::Float | Ty::Double => "1.0".into(),
            Ty::Bool => "true".into(),
            Ty::Enum(name) => match self.model.type_named(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(values)) if !values.is_empty() => {
                    format!("{krate}::types::{name}::{}", values[0].variant)
                }
                Some(TypeKind::IntEnum(values)) => match values.first() {
                    Some(v) => format!("{krate}::types::{name}::{}", v.variant),
                    None => format!("{krate}::types::{name}::from(1)"),
                },
                _ => format!("{krate}::types::{name}::from(\"example\")"),
            },
            Ty::Array(inner) => {
                // Setters of strings and untyped values take items that convert; the others
                // take items of exactly the item type.
                let item_pos = if !owned && matches!(inner.ty, Ty::String | Ty::Any) {
                    Position::Argument
                } else {
                    Position::Owned
                };
                let item = self.value(inner, sensitive, item_pos, depth, budget);
                if owned {
                    format!("vec![{item}]")
                } else {
                    format!("[{item}]")
                }
            }
            Ty::Map(inner) if owned => {
                let value = self.value(inner, sensitive, Position::Owned, depth, budget);
                format!("::std::collections::BTreeMap::from([(\"key\".to_string(), {value})])")
            }
            Ty::Map(inner) => {
                // Setters take keys that convert, and values that convert when they are
                // strings or untyped, as for arrays.
                let value_pos = if matches!(inner.ty, Ty::String | Ty::Any) {
                    Position::Argument
                } else {
                    Position::Owned
                };
                let value = self.value(inner, sensitive, value_pos, depth, budget);
                format!("[(\"key\", {value})]")
            }
            Ty::Object(name) => {
                let indent = "    ".repeat(depth + 1);
                let mut s = format!("{krate}::types::{name}::{}()", names::BUILDER);
                if let Some(TypeKind::Object(fields)) = self.model.type_named(name).map(|t| &t.kind)
                {
                    for f in fields.iter().filter(|f| f.required) {
                        if *budget == 0 {
                            break;
                        }
                        let v = self.value(
                            &f.shape,
                            f.sensitive,
                            Position::Argument,
                            depth + 1,
                            budget,
                        );
                        s.push_str(&format!("\n{indent}.{}({v})", f.rust_name));
                    }
                }
                s.push_str(&format!("\n{indent}.{}()?", names::BUILD));
                s
            }
        }
    }
}

fn example_int(shape: &Shape) -> i64 {
    match (shape.bounds.minimum, shape.bounds.maximum) {
        (Some(Number::Int(min)), _) if min > 1 => min,
        (_, Some(Number::Int(max))) if max < 1 => max,
        _ => 1,
    }
}
