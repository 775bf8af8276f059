//! Writing the import as `faq/` TOML in the hand-written files' layout: one `[[kind]]` table
//! per entry, keys in the order faq/README.md lists them, and a `[[source]]` for sources.toml.

use std::fmt::Write as _;
use std::path::PathBuf;

use versus_core::knowledge::{
    entry_table, source_line, source_table, Entry, EntryId, Kind, Source, SourceId, TopicId,
};

use super::doc::Draft;

/// An entry ready to write: a draft with its id and topics.
#[derive(Debug, Clone)]
pub struct Tagged {
    /// The entry id, unique in faq/.
    pub id: EntryId,
    /// Topic ids, most relevant first.
    pub topics: Vec<TopicId>,
    /// The drafted content.
    pub draft: Draft,
}

impl Tagged {
    /// The entry this draft becomes in `source`'s file.
    fn entry(&self, source: &SourceId) -> Entry {
        Entry {
            id: self.id.clone(),
            source: source.clone(),
            topics: self.topics.clone(),
            stance: self.draft.favours,
            body: self.draft.body.clone(),
            file: PathBuf::new(),
            line: self.draft.line,
        }
    }
}

/// The per-source file: `source = "…"` and every entry.
pub fn entries_file(source: &SourceId, origin: &str, entries: &[Tagged]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by `versus import` from {origin}. Every quoted value is verbatim from the\n\
         # article; the tags (topics, winner, favours, pick) are guesses to review before commit.\n"
    );
    out.push_str(&source_line(source));
    for kind in Kind::ALL {
        for e in entries.iter().filter(|e| e.draft.kind() == kind) {
            out.push('\n');
            out.push_str(&entry_table(&e.entry(source)));
        }
    }
    out
}

/// sources.toml with the `[[source]]` of `s` added at the end, or put in place of the one with
/// the same id (everything else in the file, comments too, left as it was).
pub fn with_source(sources_toml: &str, s: &Source) -> String {
    let table = source_table(s);
    let spaced = format!("{table}\n");
    let mut kept: Vec<&str> = Vec::new();
    let mut replaced = false;
    for chunk in split_sources(sources_toml) {
        if chunk_id(chunk) == Some(s.id.as_str()) {
            if !replaced {
                // Keep the blank line that separated the old table from the next one.
                kept.push(if chunk.ends_with("\n\n") {
                    &spaced
                } else {
                    &table
                });
                replaced = true;
            }
        } else {
            kept.push(chunk);
        }
    }
    let mut out: String = kept.concat();
    if !replaced {
        if !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&table);
    } else if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The file cut before every `[[source]]` line (the first chunk is the header).
fn split_sources(text: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[source]]" && offset > 0 {
            cuts.push(offset);
        }
        offset += line.len();
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// The id of a `[[source]]` chunk.
fn chunk_id(chunk: &str) -> Option<&str> {
    if !chunk.trim_start().starts_with("[[source]]") {
        return None;
    }
    chunk.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == "id").then(|| v.trim().trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: &str, title: &str) -> Source {
        Source {
            id: id.try_into().unwrap(),
            title: title.into(),
            publisher: None,
            as_of: Some("2026-09-14".into()),
            origin: format!("{id}.html"),
            titled_by: None,
        }
    }

    use versus_core::knowledge::toml_string as quote;

    #[test]
    fn strings_are_quoted_exactly() {
        assert_eq!(quote("a \"b\" \\ c\n"), "\"a \\\"b\\\" \\\\ c\\n\"");
        let parsed: toml::Value =
            toml::from_str(&format!("x = {}", quote("★ \"q\" \u{7}"))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some("★ \"q\" \u{7}"));
    }

    #[test]
    fn sources_are_appended_or_replaced_in_place() {
        let base = "# header\n\n[[source]]\nid = \"a\"\ntitle = \"A\"\norigin = \"a.txt\"\n\n[[source]]\nid = \"b\"\ntitle = \"B\"\norigin = \"b.txt\"\n";
        let added = with_source(base, &source("c", "C"));
        assert!(added.starts_with(base));
        assert!(added.ends_with("origin = \"c.html\"\n"));
        let replaced = with_source(base, &source("a", "New"));
        assert!(replaced.starts_with("# header\n\n[[source]]\nid = \"a\"\ntitle = \"New\""));
        assert!(replaced.contains("origin = \"a.html\"\n\n[[source]]\nid = \"b\""));
        assert!(!replaced.contains("title = \"A\""));
    }
}
