//! What one pass of a YAML event parser learns about a spec file, so that checks on parsed
//! values can still say `file:line:column`: where each key and list item stands (dotted paths,
//! `operations.StartSyncTask.path`, `types.Color.enum.2`), keys given twice, whether the file
//! holds anything at all, and texts that hold characters the spec refuses
//! ([`crate::pipeline::text`]). A place with no exact entry takes its nearest indexed ancestor.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::pipeline::text;

/// Everything [`KeyIndex::new`] learns about a file; positions are (line, column), 1-based.
#[derive(Debug, Default)]
pub struct KeyIndex {
    positions: HashMap<String, (usize, usize)>,
    /// Keys that appear twice in one mapping, with the later position.
    pub duplicates: Vec<(String, (usize, usize))>,
    /// Where the first YAML node starts; `None` when the file holds nothing but comments and
    /// blank lines.
    pub first_node: Option<(usize, usize)>,
    /// Texts (keys or values) holding a character the spec refuses.
    pub refused_text: Vec<RefusedText>,
}

/// A text holding a character that [`text::refused`] refuses: the first one, where it is
/// written, and how many more the same text holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedText {
    /// The dotted path of the key, or of the value's key or list item.
    pub place: String,
    pub position: (usize, usize),
    pub character: char,
    /// The escape it is written as (`\u202E`, `\e`), if it is not written as itself.
    pub escape: Option<String>,
    pub more: usize,
}

enum Frame {
    /// A mapping; `key` is the key whose value comes next, if any.
    Map { path: String, key: Option<String> },
    /// A sequence; items are indexed by position.
    Seq { path: String, next: usize },
}

/// A scalar holding a refused character, located once the next event says where it ends.
struct Pending {
    place: String,
    start: Marker,
    value: String,
}

struct Builder<'t> {
    source: &'t str,
    stack: Vec<Frame>,
    index: KeyIndex,
    pending: Option<Pending>,
    /// Where the first scalar starts (a block mapping's own mark is not where it starts).
    first_scalar: Option<(usize, usize)>,
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

fn position(mark: Marker) -> (usize, usize) {
    (mark.line(), mark.col() + 1)
}

impl Builder<'_> {
    /// The path of the value starting now, consuming the pending key or sequence slot; a
    /// sequence item's position is recorded.
    fn value_path(&mut self, mark: Marker) -> String {
        match self.stack.last_mut() {
            Some(Frame::Map { path, key }) => key
                .take()
                .map(|k| join(path, &k))
                .unwrap_or_else(|| path.clone()),
            Some(Frame::Seq { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                self.index.positions.insert(p.clone(), position(mark));
                p
            }
            None => String::new(),
        }
    }

    fn note_node(&mut self, mark: Marker, scalar: bool) {
        self.index.first_node.get_or_insert(position(mark));
        if scalar {
            self.first_scalar.get_or_insert(position(mark));
        }
    }

    /// Remembers a scalar that holds a refused character, to locate it at the next event.
    fn check_text(&mut self, place: &str, value: &str, mark: Marker) {
        if value.chars().any(|c| text::refused(c).is_some()) {
            self.pending = Some(Pending {
                place: place.to_string(),
                start: mark,
                value: value.to_string(),
            });
        }
    }

    /// Locates the refused character of the pending scalar, which ends before `end`.
    fn resolve_pending(&mut self, end: Option<Marker>) {
        let Some(p) = self.pending.take() else {
            return;
        };
        let mut refused = p.value.chars().filter(|c| text::refused(*c).is_some());
        let Some(character) = refused.next() else {
            return;
        };
        let more = refused.count();
        let (position, escape) = find_in_source(self.source, p.start, end, character)
            .unwrap_or((position(p.start), None));
        self.index.refused_text.push(RefusedText {
            place: p.place,
            position,
            character,
            escape,
            more,
        });
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        self.resolve_pending(Some(mark));
        match ev {
            Event::MappingStart(..) => {
                self.note_node(mark, false);
                let path = self.value_path(mark);
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                self.note_node(mark, false);
                let path = self.value_path(mark);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Scalar(text, ..) => {
                self.note_node(mark, true);
                let key_path = match self.stack.last() {
                    Some(Frame::Map { path, key: None }) => Some(join(path, &text)),
                    _ => None,
                };
                let Some(full) = key_path else {
                    let place = self.value_path(mark);
                    self.check_text(&place, &text, mark);
                    return;
                };
                self.check_text(&full, &text, mark);
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    *key = Some(text);
                }
                let pos = position(mark);
                match self.index.positions.entry(full) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(pos);
                    }
                    std::collections::hash_map::Entry::Occupied(e) => {
                        // Under a repeated key everything repeats: report the key only.
                        let full = e.key();
                        let inside = self
                            .index
                            .duplicates
                            .iter()
                            .any(|(d, _)| full.starts_with(&format!("{d}.")));
                        if !inside {
                            self.index.duplicates.push((full.clone(), pos));
                        }
                    }
                }
            }
            Event::Alias(_) => {
                self.note_node(mark, true);
                let _ = self.value_path(mark);
            }
            _ => {}
        }
    }
}

/// Where `character` is written in the source between `start` and `end` (character
/// indexes): as itself, or as a double-quoted escape; the escape's text when it is one.
fn find_in_source(
    source: &str,
    start: Marker,
    end: Option<Marker>,
    character: char,
) -> Option<((usize, usize), Option<String>)> {
    let (mut line, mut col) = (start.line(), start.col() + 1);
    let span: Vec<char> = source
        .chars()
        .skip(start.index())
        .take(end.map_or(usize::MAX, |e| e.index().saturating_sub(start.index())))
        .collect();
    let mut i = 0;
    while i < span.len() {
        let c = span[i];
        if c == character {
            return Some(((line, col), None));
        }
        if c == '\\' {
            if let Some((decoded, len)) = yaml_escape(&span[i + 1..]) {
                if decoded == character {
                    let escape: String = span[i..=i + len].iter().collect();
                    return Some(((line, col), Some(escape)));
                }
                i += 1 + len;
                col += 1 + len;
                continue;
            }
        }
        if c == '\n' || (c == '\r' && span.get(i + 1) != Some(&'\n')) {
            line += 1;
            col = 1;
        } else if c != '\r' {
            col += 1;
        }
        i += 1;
    }
    None
}

/// The character a YAML double-quoted escape stands for, from the text after its `\`, with
/// the number of characters the escape takes there.
fn yaml_escape(after: &[char]) -> Option<(char, usize)> {
    let hex = |n: usize| -> Option<(char, usize)> {
        let digits: String = after.get(1..=n)?.iter().collect();
        let code = u32::from_str_radix(&digits, 16).ok()?;
        Some((char::from_u32(code)?, n + 1))
    };
    let simple = match after.first()? {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{B}',
        'f' => '\u{C}',
        'r' => '\r',
        'e' => '\u{1B}',
        'N' => '\u{85}',
        '_' => '\u{A0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' => return hex(2),
        'u' => return hex(4),
        'U' => return hex(8),
        c @ (' ' | '"' | '/' | '\\') => *c,
        _ => return None,
    };
    Some((simple, 1))
}

impl KeyIndex {
    /// Indexes `text`; `None` when it does not parse (the loader reports serde_yaml's syntax
    /// error, with its position, instead).
    pub fn new(text: &str) -> Option<KeyIndex> {
        let mut b = Builder {
            source: text,
            stack: Vec::new(),
            index: KeyIndex::default(),
            pending: None,
            first_scalar: None,
        };
        let mut parser = Parser::new_from_str(text);
        parser.load(&mut b, false).ok()?;
        b.resolve_pending(None);
        if b.first_scalar.is_some() {
            b.index.first_node = b.first_scalar;
        }
        Some(b.index)
    }

    /// The position of `place` or of its nearest indexed ancestor.
    pub fn find(&self, place: &str) -> Option<(usize, usize)> {
        let mut p = place;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            p = &p[..p.rfind('.')?];
        }
    }

    /// The position of exactly `place`, if it is indexed.
    pub fn get(&self, place: &str) -> Option<(usize, usize)> {
        self.positions.get(place).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_indexed_by_position() {
        let index = KeyIndex::new("a:\n  - x\n  - { value: y }\nb: [p, q]\n").unwrap();
        assert_eq!(index.get("a.0"), Some((2, 5)));
        assert_eq!(index.get("a.1.value"), Some((3, 7)));
        assert_eq!(index.get("b.1"), Some((4, 8)));
        assert_eq!(index.first_node, Some((1, 1)));
    }

    #[test]
    fn a_file_of_comments_has_no_node() {
        let index = KeyIndex::new("# only\n\n# comments\n").unwrap();
        assert_eq!(index.first_node, None);
        assert_eq!(KeyIndex::new("").unwrap().first_node, None);
    }

    #[test]
    fn refused_characters_are_found_as_written_or_escaped() {
        let index =
            KeyIndex::new("a: x\u{202E}y\u{202C}\nb: \"p \\e q\"\nc:\n  - \"\\u2066\"\n").unwrap();
        let found: Vec<_> = index
            .refused_text
            .iter()
            .map(|r| {
                (
                    r.place.as_str(),
                    r.position,
                    r.character,
                    r.escape.as_deref(),
                    r.more,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("a", (1, 5), '\u{202E}', None, 1),
                ("b", (2, 7), '\u{1B}', Some("\\e"), 0),
                ("c.0", (4, 6), '\u{2066}', Some("\\u2066"), 0),
            ]
        );
    }
}
