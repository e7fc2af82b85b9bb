//! Rustdoc text from the spec: descriptions, bounds and defaults as a reader wants them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::pipeline::model::{Bounds, DefaultValue, Field, Number, Shape, Ty};
use crate::pipeline::text;

/// The lines of a doc comment for the given paragraphs (empty ones skipped), each starting
/// with the space that follows `///`. Every doc comment the emitter writes goes through here
/// (or [`doc_line`]), so none holds a character rustc refuses: see [`text::for_docs`].
pub fn doc_lines<S: AsRef<str>>(paragraphs: &[S]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs.iter().map(|p| text::for_docs(p.as_ref())) {
        if p.trim().is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(p.trim().lines().map(|l| format!(" {}", l.trim_end())));
    }
    lines
}

/// One doc line (for `#[doc = ...]` or `#![doc = ...]` written by hand), made safe the same
/// way as [`doc_lines`]; line breaks in it become spaces.
pub fn doc_line(line: &str) -> String {
    text::for_docs(line).replace('\n', " ")
}

/// `#[doc = ...]` attributes, one per line, for the given paragraphs (empty ones skipped).
pub fn doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = ...]` attributes (a module's own docs), one per line.
pub fn inner_doc_attrs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

/// Escapes prose so rustdoc renders it as written and neither rustc, rustdoc nor clippy
/// objects: line breaks of every kind become line breaks and tabs spaces
/// ([`text::for_docs`]); brackets and angle brackets would otherwise become links or HTML;
/// URLs are made autolinks (a bare URL draws rustdoc's `bare_urls` lint); the lines that
/// continue a list item are indented under it (clippy's `doc_lazy_continuation`). Code spans
/// in backticks stay as they are.
pub fn prose(text: &str) -> String {
    let text = text::for_docs(text);
    // Leading spaces would make an indented code block, which rustdoc runs as a doctest.
    let text = indent_list_continuations(text.lines().map(str::trim_start));
    let text = text.as_str();
    let mut out = String::with_capacity(text.len());
    // An odd number of backticks would open a code span that never closes, and a fence
    // would open a code block that rustdoc compiles as a doctest: then there is no code span,
    // and every backtick is escaped with the rest.
    if text.matches('`').count() % 2 == 1 || text.contains("```") {
        push_markdown_text(&mut out, text, true);
        return out;
    }
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(part);
        } else {
            push_markdown_text(&mut out, part, false);
        }
    }
    out
}

/// Text outside code spans: URLs as autolinks, Markdown's special characters (and
/// backticks too, if `backticks`) escaped.
fn push_markdown_text(out: &mut String, mut text: &str, backticks: bool) {
    while let Some((start, len)) = find_url(text) {
        push_escaped(out, &text[..start], backticks);
        out.push('<');
        out.push_str(&text[start..start + len]);
        out.push('>');
        text = &text[start + len..];
    }
    push_escaped(out, text, backticks);
}

fn push_escaped(out: &mut String, text: &str, backticks: bool) {
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '#' | '|' | '\\')
            || (backticks && c == '`')
        {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The first `http://` or `https://` URL in `text`: its start and length in bytes. It ends
/// before whitespace or ``<>"` ``, and leaves out trailing punctuation and an unbalanced `)`, as
/// in "see https://example.com/a." or "(https://example.com/a)".
fn find_url(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    loop {
        let start = from + text[from..].find("http")?;
        let rest = &text[start..];
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| rest.starts_with(s))
            .map(str::len);
        let Some(scheme) = scheme else {
            from = start + 4;
            continue;
        };
        let mut url = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .map_or(rest, |end| &rest[..end]);
        loop {
            let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
            let trimmed = if trimmed.ends_with(')')
                && trimmed.matches(')').count() > trimmed.matches('(').count()
            {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        if url.len() > scheme {
            return Some((start, url.len()));
        }
        from = start + scheme;
    }
}

/// The lines of prose, each line that continues a list item (`- `, `+ `, `1. `, `1) `)
/// indented to the item's text, as Markdown reads it anyway: a blank line ends the item.
fn indent_list_continuations<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut indent: Option<usize> = None;
    for (i, line) in lines.enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            indent = None;
        } else if let Some(width) = list_marker_width(line) {
            indent = Some(width);
        } else if let Some(width) = indent {
            out.extend(std::iter::repeat_n(' ', width));
        }
        out.push_str(line);
    }
    out
}

/// The width of the list marker that starts `line`, with the space after it.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = &line[digits..];
    ((1..=9).contains(&digits) && (after.starts_with(". ") || after.starts_with(") ")))
        .then_some(digits + 2)
}

/// Inline code for rustdoc, choosing a fence that the text itself does not contain. Line
/// breaks, tabs and refused characters show as escapes ([`text::for_code`]).
pub fn code(text: &str) -> String {
    let text = text::for_code(text);
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
    if let Ty::Array(inner) | Ty::Map(inner) = &shape.ty {
        let inner_parts = describe_bounds(&inner.bounds);
        if !inner_parts.is_empty() {
            let each = if matches!(shape.ty, Ty::Array(_)) {
                "Each item"
            } else {
                "Each value"
            };
            parts.push(format!(
                "{each}: {}",
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
        DefaultValue::Array(_) => code(&d.to_json().to_string()),
    }
}

/// The doc comment of a field or parameter.
pub fn field_docs(f: &Field, required_note: bool) -> TokenStream {
    doc_attrs(&field_doc_paragraphs(f, required_note))
}

/// The doc paragraphs of a field or parameter: its description, then its facts (required,
/// bounds, default, sensitive). The facts close a one-paragraph description rather than
/// opening a paragraph of their own, so that a summary line reads "ID of the task. Required.
/// Length: 1 to 64 characters." and the docs stay short.
pub fn field_doc_paragraphs(f: &Field, required_note: bool) -> Vec<String> {
    let mut paras = Vec::new();
    match &f.description {
        Some(d) => paras.push(prose(d)),
        None => paras.push(format!("The {} value.", code(&f.wire_name))),
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
        let facts = facts.join(" ");
        match paras.as_mut_slice() {
            [only] if !only.contains("\n\n") && !only.trim_end().ends_with(['`', ':']) => {
                let text = only.trim_end();
                *only = if text.ends_with(['.', '!', '?', ')', '。']) {
                    format!("{text} {facts}")
                } else {
                    format!("{text}. {facts}")
                };
            }
            _ => paras.push(facts),
        }
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_autolinks_wherever_they_stand() {
        assert_eq!(
            prose("see\nhttps://a.example/x_y, (https://b.example/p) or:http://c.example."),
            "see\n<https://a.example/x_y>, (<https://b.example/p>) or:<http://c.example>."
        );
        assert_eq!(prose("https:// alone"), "https:// alone");
        assert_eq!(prose("`https://in.code`"), "`https://in.code`");
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        assert_eq!(
            prose("- one\ncontinued\n12. two\nalso\n\nafter"),
            "- one\n  continued\n12. two\n    also\n\nafter"
        );
    }

    #[test]
    fn unbalanced_backticks_leave_no_code_span_and_escape_everything() {
        assert_eq!(prose("a `b <c> [d]"), "a \\`b \\<c\\> \\[d\\]");
        assert_eq!(prose("`<x>` and <y>"), "`<x>` and \\<y\\>");
    }

    #[test]
    fn line_breaks_and_tabs_in_prose_and_code() {
        assert_eq!(prose("a\r\nb\rc\td"), "a\nb\nc d");
        assert_eq!(code("a\tb\r"), "`a\\tb\\r`");
        assert_eq!(doc_lines(&["x\ry"]), [" x", " y"]);
    }
}
