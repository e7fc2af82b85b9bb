//! Characters of spec text, by what the generator does with them. Every text of the spec
//! (descriptions, summaries, names, enum values, defaults, patterns, keys) can land in a doc
//! comment or a literal of the generated code, so each class has one behaviour:
//!
//! - **Line breaks** (LF, CR LF, a bare CR, NEL U+0085, LS U+2028, PS U+2029): a line break in
//!   docs (rustc refuses a bare CR in a doc comment); shown as an escape (`\r`) in code spans.
//! - **Tab**: a space in prose (clippy's `tabs_in_doc_comments`, and a leading tab would
//!   indent a code block); shown as `\t` in code spans.
//! - **Bidirectional controls** (U+202A–U+202E, U+2066–U+2069): refused by `load` at
//!   `file:line:column`. They make text display in another order than it is stored (the
//!   "Trojan Source" trick), so the reviewed spec would not say what it seems to, and rustc
//!   refuses them in comments and literals.
//! - **Other control characters** (C0 other than tab, LF and CR; DEL; C1 other than NEL):
//!   refused by `load` at `file:line:column`. YAML itself does not allow them written as they
//!   are, so they can only come from an escape (`"\e"`, `"\x07"`), and they mean nothing in
//!   documentation.
//!
//! Everything else passes unchanged: literals escape what they must (`Literal::string`), and
//! prose escapes Markdown (see `emit::docs`).

/// Why a character is refused in spec text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Bidi,
    Control,
}

/// The class of `c` if spec text may not hold it.
pub fn refused(c: char) -> Option<Refused> {
    match c {
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Some(Refused::Bidi),
        '\t' | '\n' | '\r' | '\u{85}' => None,
        c if c.is_control() => Some(Refused::Control),
        _ => None,
    }
}

/// Whether `c` ends a line (CR LF counts once: see [`normalize`]).
pub fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Text with every line break as `\n` (CR LF as one), every tab as a space, and any refused
/// character as its Rust escape (`\u{202e}`): what a doc comment can hold whatever reaches it.
/// Spec text never holds refused characters (`load` reports them); escaping them here keeps
/// the emitter's own promise that what it writes compiles.
pub fn for_docs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_line_break(c) => out.push('\n'),
            '\t' => out.push(' '),
            c if refused(c).is_some() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// Text for a code span: line breaks, tabs and refused characters as Rust escapes (`\t`,
/// `\r`, `\u{2028}`), so a value or pattern stays on its line and shows what it holds.
pub fn for_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.extend(c.escape_default()),
            c if is_line_break(c) || refused(c).is_some() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// How messages name a refused character: `U+202E RIGHT-TO-LEFT OVERRIDE`, `U+0007 BEL`.
pub fn describe(c: char) -> String {
    let code = format!("U+{:04X}", u32::from(c));
    let name = match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => {
            const C0: [&str; 32] = [
                "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT",
                "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
            ];
            let abbreviation = match u32::from(c) {
                n @ 0..=0x1F => C0[n as usize],
                0x7F => "DEL",
                _ => return code,
            };
            return format!("{code} {abbreviation}");
        }
    };
    format!("{code} {name}")
}

/// Why a class of characters is refused, for messages.
pub fn reason(class: Refused) -> &'static str {
    match class {
        Refused::Bidi => {
            "a bidirectional control character: it makes text display in another order than it \
             is stored, and rustc refuses it in the generated code"
        }
        Refused::Control => "a control character, which means nothing in documentation",
    }
}

/// `text` with refused characters as their escapes, for quoting spec text (say a key) in a
/// message without the message itself misbehaving.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if refused(c).is_some() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_becomes_one_newline_and_tabs_spaces() {
        assert_eq!(
            for_docs("a\r\nb\rc\u{85}d\u{2028}e\u{2029}f\ng\th"),
            "a\nb\nc\nd\ne\nf\ng h"
        );
    }

    #[test]
    fn refused_characters_show_as_escapes_in_docs_and_code() {
        assert_eq!(for_docs("a\u{202E}b\u{7}c"), "a\\u{202e}b\\u{7}c");
        assert_eq!(
            for_code("a\tb\r\nc\u{2028}\u{2066}"),
            "a\\tb\\r\\nc\\u{2028}\\u{2066}"
        );
    }

    #[test]
    fn classes() {
        assert_eq!(refused('\u{202A}'), Some(Refused::Bidi));
        assert_eq!(refused('\u{2069}'), Some(Refused::Bidi));
        assert_eq!(refused('\u{7F}'), Some(Refused::Control));
        assert_eq!(refused('\u{9B}'), Some(Refused::Control));
        assert_eq!(refused('\0'), Some(Refused::Control));
        for ok in [
            '\t', '\n', '\r', '\u{85}', '\u{2028}', '\u{200B}', '\u{200F}', 'é',
        ] {
            assert_eq!(refused(ok), None, "{ok:?}");
        }
        assert_eq!(describe('\u{202E}'), "U+202E RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(describe('\u{1B}'), "U+001B ESC");
        assert_eq!(describe('\u{9B}'), "U+009B");
    }
}
