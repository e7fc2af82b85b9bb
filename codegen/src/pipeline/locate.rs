//! Positions of keys in a YAML file, so checks that work on parsed values can still say
//! `file:line:column`. The index maps dotted key paths (`operations.StartSyncTask.path`) to
//! where the key stands; a place with no exact entry takes its nearest indexed ancestor.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Dotted key path -> (line, column), both 1-based.
#[derive(Debug, Default)]
pub struct KeyIndex(HashMap<String, (usize, usize)>);

enum Frame {
    /// A mapping; `key` is the key whose value comes next, if any.
    Map { path: String, key: Option<String> },
    /// A sequence; items are indexed by position.
    Seq { path: String, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    index: HashMap<String, (usize, usize)>,
    /// Keys that appear twice in one mapping, with the later position.
    duplicates: Vec<(String, (usize, usize))>,
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

impl Builder {
    /// The path of the value starting now, consuming the pending key or sequence slot.
    fn value_path(&mut self) -> String {
        match self.stack.last_mut() {
            Some(Frame::Map { path, key }) => key
                .take()
                .map(|k| join(path, &k))
                .unwrap_or_else(|| path.clone()),
            Some(Frame::Seq { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                p
            }
            None => String::new(),
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::MappingStart(..) => {
                let path = self.value_path();
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path();
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Scalar(text, ..) => match self.stack.last_mut() {
                Some(Frame::Map { path, key }) if key.is_none() => {
                    let full = join(path, &text);
                    let pos = (mark.line(), mark.col() + 1);
                    match self.index.entry(full) {
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(pos);
                        }
                        std::collections::hash_map::Entry::Occupied(e) => {
                            // Under a repeated key everything repeats: report the key only.
                            let full = e.key();
                            let inside = self
                                .duplicates
                                .iter()
                                .any(|(d, _)| full.starts_with(&format!("{d}.")));
                            if !inside {
                                self.duplicates.push((full.clone(), pos));
                            }
                        }
                    }
                    *key = Some(text);
                }
                _ => {
                    let _ = self.value_path();
                }
            },
            Event::Alias(_) => {
                let _ = self.value_path();
            }
            _ => {}
        }
    }
}

impl KeyIndex {
    /// Indexes `text`; a file that does not parse gives an empty index (its syntax error is
    /// reported with a position by the loader anyway).
    pub fn new(text: &str) -> KeyIndex {
        index(text).map(|b| KeyIndex(b.index)).unwrap_or_default()
    }

    /// Keys given twice in one mapping (YAML loaders keep the last silently), with the
    /// position of the repetition.
    pub fn duplicate_keys(text: &str) -> Vec<(String, (usize, usize))> {
        index(text).map(|b| b.duplicates).unwrap_or_default()
    }

    /// The position of `place` or of its nearest indexed ancestor.
    pub fn find(&self, place: &str) -> Option<(usize, usize)> {
        let mut p = place;
        loop {
            if let Some(pos) = self.0.get(p) {
                return Some(*pos);
            }
            p = &p[..p.rfind('.')?];
        }
    }
}

fn index(text: &str) -> Option<Builder> {
    let mut b = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut b, false).ok()?;
    Some(b)
}
