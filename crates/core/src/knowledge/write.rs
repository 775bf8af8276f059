//! Writing the knowledge as `faq/` TOML, in the hand-written files' layout: one `[[kind]]` table
//! per entry with its keys in the order faq/README.md lists them, and `[[source]]` and
//! `[[topic]]` tables. The one writer: `versus import` and the benchmark generator both use it,
//! and [`super::load_files`] reads back exactly what it writes.

use std::fmt::Write as _;

use super::{Body, Entry, Side, Source, Topic};

/// A TOML basic string holding `s` exactly: how the tools that write `faq/` quote a value.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML array of strings, on one line.
pub fn toml_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let quoted: Vec<String> = items.into_iter().map(|s| toml_string(s.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

fn key(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name} = {}", toml_string(value));
}

fn opt(out: &mut String, name: &str, value: &Option<String>) {
    if let Some(v) = value {
        key(out, name, v);
    }
}

fn side(out: &mut String, name: &str, value: Option<Side>) {
    if let Some(s) = value {
        key(out, name, s.as_str());
    }
}

/// The `source = "…"` line that opens every entry file.
pub fn source_line(source: &str) -> String {
    let mut out = String::new();
    key(&mut out, "source", source);
    out
}

/// One entry as its `[[kind]]` table. The entry's stance is written as `favours` for the kinds
/// that carry one that way (a row's winner and a pick's side are in the body); its source is
/// the file's `source` line, not a key of the table.
pub fn entry_table(e: &Entry) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[[{}]]", e.kind().as_str());
    key(&mut out, "id", e.id.as_str());
    let topics = format!("topics = {}\n", toml_list(&e.topics));
    let favours = e.stance;
    match &e.body {
        Body::Row(r) => {
            key(&mut out, "table", &r.table);
            opt(&mut out, "section", &r.section);
            key(&mut out, "feature", &r.feature);
            out.push_str(&topics);
            opt(&mut out, "tensorflow_score", &r.tensorflow.score);
            opt(&mut out, "tensorflow", &r.tensorflow.text);
            opt(&mut out, "pytorch_score", &r.pytorch.score);
            opt(&mut out, "pytorch", &r.pytorch.text);
            side(&mut out, "winner", r.winner);
            opt(&mut out, "note", &r.note);
            opt(&mut out, "as_of", &r.as_of);
        }
        Body::Faq { question, answer } => {
            out.push_str(&topics);
            side(&mut out, "favours", favours);
            key(&mut out, "question", question);
            key(&mut out, "answer", answer);
        }
        Body::Pick {
            use_case,
            pick,
            reason,
            alternative,
        } => {
            opt(&mut out, "use_case", use_case);
            key(&mut out, "pick", pick.as_str());
            out.push_str(&topics);
            opt(&mut out, "alternative", alternative);
            key(&mut out, "reason", reason);
        }
        Body::Passage { heading, text } => {
            opt(&mut out, "heading", heading);
            out.push_str(&topics);
            side(&mut out, "favours", favours);
            key(&mut out, "text", text);
        }
        Body::Alternative {
            name,
            best_for,
            pricing,
            gotcha,
        } => {
            key(&mut out, "name", name);
            out.push_str(&topics);
            key(&mut out, "best_for", best_for);
            opt(&mut out, "pricing", pricing);
            opt(&mut out, "gotcha", gotcha);
        }
        Body::Migration { size, cost } => {
            key(&mut out, "size", size);
            out.push_str(&topics);
            key(&mut out, "cost", cost);
        }
        Body::Story { text } => {
            out.push_str(&topics);
            side(&mut out, "favours", favours);
            key(&mut out, "text", text);
        }
    }
    out
}

/// The `[[source]]` table for sources.toml.
pub fn source_table(s: &Source) -> String {
    let mut out = String::from("[[source]]\n");
    key(&mut out, "id", s.id.as_str());
    key(&mut out, "title", &s.title);
    opt(&mut out, "titled_by", &s.titled_by);
    opt(&mut out, "publisher", &s.publisher);
    opt(&mut out, "as_of", &s.as_of);
    key(&mut out, "origin", &s.origin);
    out
}

/// The `[[topic]]` table for topics.toml (`weak` left out when empty, `verdict` when true).
pub fn topic_table(t: &Topic) -> String {
    let mut out = String::from("[[topic]]\n");
    key(&mut out, "id", t.id.as_str());
    key(&mut out, "label", &t.label);
    let _ = writeln!(out, "words = {}", toml_list(&t.words));
    if !t.weak.is_empty() {
        let _ = writeln!(out, "weak = {}", toml_list(&t.weak));
    }
    if !t.verdict {
        out.push_str("verdict = false\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::knowledge::{load_files, Cell, EntryId, Row, SourceId, TopicId};

    fn entry(id: &str, stance: Option<Side>, body: Body) -> Entry {
        Entry {
            id: EntryId::new(id).unwrap(),
            source: SourceId::new("s1").unwrap(),
            topics: vec![TopicId::new("mobile").unwrap()],
            stance,
            body,
            file: PathBuf::new(),
            line: 0,
        }
    }

    #[test]
    fn what_is_written_loads_back_the_same() {
        let source = Source {
            id: SourceId::new("s1").unwrap(),
            title: "T \"quoted\"".into(),
            publisher: Some("P".into()),
            as_of: Some("2026-01".into()),
            origin: "s1.txt".into(),
            titled_by: None,
        };
        let topic = Topic {
            id: TopicId::new("mobile").unwrap(),
            label: "mobile".into(),
            words: vec!["phone".into()],
            weak: vec!["app".into()],
            verdict: false,
        };
        let row = Body::Row(Row {
            table: "t".into(),
            section: Some("s".into()),
            feature: "F\nG".into(),
            tensorflow: Cell {
                score: None,
                text: Some("a".into()),
            },
            pytorch: Cell {
                score: Some("★★".into()),
                text: None,
            },
            winner: Some(Side::PyTorch),
            note: Some("n".into()),
            as_of: Some("2026".into()),
        });
        let entries = [
            entry("r", Some(Side::PyTorch), row),
            entry(
                "f",
                Some(Side::Tie),
                Body::Faq {
                    question: "q?".into(),
                    answer: "a\\b".into(),
                },
            ),
            entry("st", None, Body::Story { text: "t".into() }),
        ];
        let mut file = source_line("s1");
        for e in &entries {
            file.push('\n');
            file.push_str(&entry_table(e));
        }
        let files = vec![
            ("sources.toml".to_string(), source_table(&source)),
            ("topics.toml".to_string(), topic_table(&topic)),
            ("s1.toml".to_string(), file),
        ];
        let k = load_files(Path::new("faq"), files).unwrap();
        assert_eq!(k.sources[0].title, source.title);
        assert_eq!(k.topics[0].weak, topic.weak);
        assert!(!k.topics[0].verdict);
        for (read, wrote) in k.entries.iter().zip(&entries) {
            assert_eq!(read.id, wrote.id);
            assert_eq!(read.stance, wrote.stance);
            assert_eq!(read.quoted_parts(), wrote.quoted_parts());
            assert_eq!(read.as_of(), wrote.as_of());
        }
        assert_eq!(k.entries.len(), entries.len());
    }
}
