//! Rustdoc text from the spec: descriptions, bounds and defaults as a reader wants them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::pipeline::model::{Bounds, DefaultValue, Field, Number, Shape, Ty};

/// The lines of a doc comment for the given paragraphs (empty ones skipped), each starting
/// with the space that follows `///`.
pub fn doc_lines<S: AsRef<str>>(paragraphs: &[S]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs
        .iter()
        .map(AsRef::as_ref)
        .filter(|p| !p.trim().is_empty())
    {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(p.trim().lines().map(|l| format!(" {}", l.trim_end())));
    }
    lines
}

/// `#[doc = ...]` attributes, one per line, for the given paragraphs (empty ones skipped).
pub fn doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// Escapes prose so rustdoc renders it as written: brackets and angle brackets would otherwise
/// become links or HTML, and bare URLs draw a lint. Code spans in backticks stay as they are.
pub fn prose(text: &str) -> String {
    // Leading spaces would make an indented code block, which rustdoc runs as a doctest.
    let text = text
        .lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.as_str();
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut first = true;
        for word in part.split(' ') {
            if !first {
                out.push(' ');
            }
            first = false;
            if word.starts_with("http://") || word.starts_with("https://") {
                out.push('<');
                out.push_str(word);
                out.push('>');
                continue;
            }
            for c in word.chars() {
                match c {
                    '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    _ => out.push(c),
                }
            }
        }
    }
    // An odd number of backticks would open a code span that never closes, and a fence
    // would open a code block that rustdoc compiles as a doctest.
    if text.matches('`').count() % 2 == 1 || text.contains("```") {
        out = out.replace('`', "\\`");
    }
    out
}

/// Inline code for rustdoc, choosing a fence that the text itself does not contain.
pub fn code(text: &str) -> String {
    let mut fence = "`".to_string();
    while text.contains(fence.as_str()) {
        fence.push('`');
    }
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// One line listing the bounds that apply to a value, for example
/// "Length: 1 to 100 characters. Pattern: `^[a-z]+$`."
pub fn bounds_line(shape: &Shape) -> Option<String> {
    let mut parts = describe_bounds(&shape.bounds);
    if let Ty::Array(inner) = &shape.ty {
        let inner_parts = describe_bounds(&inner.bounds);
        if !inner_parts.is_empty() {
            parts.push(format!(
                "Each item: {}",
                inner_parts.join(" ").to_lowercase_first()
            ));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut c = self.chars();
        match c.next() {
            Some(f) => f.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    }
}

fn range_text(min: Option<String>, max: Option<String>, unit: &str) -> Option<String> {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match (min, max) {
        (Some(a), Some(z)) if a == z => Some(format!("exactly {a}{unit}")),
        (Some(a), Some(z)) => Some(format!("{a} to {z}{unit}")),
        (Some(a), None) => Some(format!("at least {a}{unit}")),
        (None, Some(z)) => Some(format!("at most {z}{unit}")),
        (None, None) => None,
    }
}

fn number_text(n: Number) -> String {
    match n {
        Number::Int(v) => v.to_string(),
        Number::Float(v) => v.to_string(),
    }
}

fn describe_bounds(b: &Bounds) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(r) = range_text(
        b.min_length.map(|v| v.to_string()),
        b.max_length.map(|v| v.to_string()),
        "characters",
    ) {
        parts.push(format!("Length: {r}."));
    }
    if let Some(r) = range_text(b.minimum.map(number_text), b.maximum.map(number_text), "") {
        parts.push(format!("Range: {r}."));
    }
    if let Some(p) = &b.pattern {
        parts.push(format!("Pattern: {}.", code(p)));
    }
    if let Some(r) = range_text(
        b.min_items.map(|v| v.to_string()),
        b.max_items.map(|v| v.to_string()),
        "items",
    ) {
        parts.push(format!("Items: {r}."));
    }
    parts
}

pub fn default_text(d: &DefaultValue) -> String {
    match d {
        DefaultValue::String(s) => code(s),
        DefaultValue::Int(v) => format!("`{v}`"),
        DefaultValue::Float(v) => format!("`{v}`"),
        DefaultValue::Bool(v) => format!("`{v}`"),
    }
}

/// The doc comment of a field or parameter.
pub fn field_docs(f: &Field, required_note: bool) -> TokenStream {
    doc_attrs(&field_doc_paragraphs(f, required_note))
}

/// The doc paragraphs of a field or parameter: its description, then its facts (required,
/// bounds, default, sensitive).
pub fn field_doc_paragraphs(f: &Field, required_note: bool) -> Vec<String> {
    let mut paras = Vec::new();
    match &f.description {
        Some(d) => paras.push(prose(d)),
        None => paras.push(format!("The `{}` value.", f.wire_name)),
    }
    let mut facts = Vec::new();
    if required_note {
        facts.push(if f.required {
            "Required.".to_string()
        } else {
            "Optional.".to_string()
        });
    }
    if let Some(b) = bounds_line(&f.shape) {
        facts.push(b);
    }
    if let Some(d) = &f.default {
        facts.push(format!("Default when omitted: {}.", default_text(d)));
    }
    if f.sensitive {
        facts.push("Sensitive: redacted from `Debug` output.".to_string());
    }
    if !facts.is_empty() {
        paras.push(facts.join(" "));
    }
    paras
}
