//! Reading `faq/` into a [`Knowledge`], reporting every problem with its file and line.
//!
//! Parsing goes through `toml_edit` rather than serde so that each value keeps its span: one bad
//! key is reported where it stands and the rest of the file is still checked.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[cfg(test)]
use std::fs;

use toml_edit::{ImDocument, Item, Table};

use super::scan::{scan_dir, FaqFile, Scan};
use vocabulary::{read_vocabulary, LEXICON_FILE};

mod vocabulary;
use super::{
    Body, Cell, Entry, EntryId, Kind, Knowledge, Row, Side, Source, SourceId, Topic, TopicId,
    Vocabulary,
};

const SOURCES_FILE: &str = "sources.toml";
const TOPICS_FILE: &str = "topics.toml";

/// One thing wrong in `faq/`, with the file and line where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as a path relative to nothing in particular (what the user passed).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong, in a sentence a person can act on.
    pub message: String,
}

impl Problem {
    /// The same problem naming its file relative to `dir` (`faq/a.toml`, `faq/` for the folder
    /// itself), for replies to users: absolute paths belong in the log only. A file outside
    /// `dir` is named by its file name alone.
    pub fn relative_to(&self, dir: &Path) -> Problem {
        let path = Path::new(&self.file);
        let rest = match path.strip_prefix(dir) {
            Ok(rest) => rest.to_path_buf(),
            Err(_) => path.file_name().map(PathBuf::from).unwrap_or_default(),
        };
        let dir_text = dir.display().to_string();
        Problem {
            file: format!("faq/{}", rest.display()),
            line: self.line,
            message: if dir_text.is_empty() {
                self.message.clone()
            } else {
                self.message.replace(&dir_text, "faq")
            },
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A file read as text, ready to parse.
struct Text {
    path: PathBuf,
    name: String,
    text: String,
    /// Byte offset of every `\n`, so a line is found by binary search: every entry asks for its
    /// line, and counting from the start each time made loading quadratic in the file size.
    newlines: Vec<usize>,
}

impl Text {
    fn new(path: PathBuf, name: String, text: String) -> Text {
        let newlines = text
            .bytes()
            .enumerate()
            .filter_map(|(i, b)| (b == b'\n').then_some(i))
            .collect();
        Text {
            path,
            name,
            text,
            newlines,
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        // Newlines before `end`, plus one.
        self.newlines.partition_point(|&n| n < end) + 1
    }
}

/// Collects problems for one file.
struct Report<'a> {
    file: &'a Text,
    problems: &'a mut Vec<Problem>,
}

impl Report<'_> {
    fn at(&mut self, span: Option<std::ops::Range<usize>>, message: impl Into<String>) {
        let line = span.map(|s| self.file.line_of(s.start)).unwrap_or(1);
        self.problems.push(Problem {
            file: self.file.path.display().to_string(),
            line,
            message: message.into(),
        });
    }
}

/// The content fingerprint of a `faq/` directory: a hash of every `*.toml` file's name and bytes
/// that the scan reads. Cheap next to a load; used to decide whether the index on disk is
/// current. Never blocks on a FIFO nor reads an oversized file.
pub fn fingerprint_dir(dir: &Path) -> std::io::Result<String> {
    scan_dir(dir)
        .map(|scan| scan.fingerprint())
        .map_err(|p| std::io::Error::other(p.message))
}

/// Loads and validates every file of `dir`. On any problem, returns all of them.
pub fn load_dir(dir: &Path) -> Result<Knowledge, Vec<Problem>> {
    let mut problems = Vec::new();
    let scan = match scan_dir(dir) {
        Ok(scan) => scan,
        Err(p) => return Err(vec![p]),
    };
    let fingerprint = scan.fingerprint();
    problems.extend(scan.problems);
    let mut texts = Vec::new();
    for file in scan.files {
        let display = file.path.display().to_string();
        match String::from_utf8(file.bytes) {
            Ok(text) => texts.push(Text::new(file.path, file.name, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let line = e.as_bytes()[..offset]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                problems.push(Problem {
                    file: display,
                    line,
                    message: format!("not valid UTF-8 (at byte {offset})"),
                });
            }
        }
    }
    assemble(dir, texts, fingerprint, problems)
}

/// Validates files held in memory, `(file name, text)`, exactly as [`load_dir`] validates the
/// `*.toml` files of `dir`; nothing is read from disk. Lets a caller check a change before it
/// writes anything.
pub fn load_files(dir: &Path, mut files: Vec<(String, String)>) -> Result<Knowledge, Vec<Problem>> {
    files.sort();
    // The same fingerprint the scan of a directory holding these files would give.
    let scan = Scan {
        files: files
            .iter()
            .map(|(name, text)| FaqFile {
                path: dir.join(name),
                name: name.clone(),
                bytes: text.as_bytes().to_vec(),
            })
            .collect(),
        problems: Vec::new(),
    };
    let texts = files
        .into_iter()
        .map(|(name, text)| Text::new(dir.join(&name), name, text))
        .collect();
    assemble(dir, texts, scan.fingerprint(), Vec::new())
}

/// Checks the files' contents against each other and builds the knowledge.
fn assemble(
    dir: &Path,
    texts: Vec<Text>,
    fingerprint: String,
    mut problems: Vec<Problem>,
) -> Result<Knowledge, Vec<Problem>> {
    // A parsed document is many times the size of its text, so entry files are parsed one at
    // a time and dropped rather than all held at once. Problems keep the order they have always
    // had: every file's parse error in file order, then sources, topics, and entries.
    let mut meta = read_meta(dir, &texts);
    let (entries, mut entry_problems) = read_entry_files(&texts, &mut meta, &mut problems);
    problems.append(&mut meta.problems);
    problems.append(&mut entry_problems);
    if problems.is_empty() {
        Ok(
            Knowledge::new(meta.sources, meta.topics, entries, fingerprint)
                .with_vocabulary(meta.vocabulary),
        )
    } else {
        Err(problems)
    }
}

/// What sources.toml, topics.toml and lexicon.toml hold, with their problems: each file's
/// parse errors kept apart, to be reported in file order among the entry files'.
struct Meta {
    sources: Vec<Source>,
    topics: Vec<Topic>,
    vocabulary: Vocabulary,
    sources_parse: Vec<Problem>,
    topics_parse: Vec<Problem>,
    lexicon_parse: Vec<Problem>,
    problems: Vec<Problem>,
}

/// Reads the three files every entry is checked against.
fn read_meta(dir: &Path, texts: &[Text]) -> Meta {
    let dir_problem = |message: String| Problem {
        file: dir.display().to_string(),
        line: 1,
        message,
    };
    let mut meta = Meta {
        sources: Vec::new(),
        topics: Vec::new(),
        vocabulary: Vocabulary::default(),
        sources_parse: Vec::new(),
        topics_parse: Vec::new(),
        lexicon_parse: Vec::new(),
        problems: Vec::new(),
    };
    let find = |name: &str| texts.iter().find(|t| t.name == name);
    match find(SOURCES_FILE) {
        Some(text) => {
            if let Some(doc) = parse(text, &mut meta.sources_parse) {
                let mut report = Report {
                    file: text,
                    problems: &mut meta.problems,
                };
                meta.sources = read_sources(doc.as_table(), &mut report);
            }
        }
        None => meta
            .problems
            .push(dir_problem(format!("missing {SOURCES_FILE}"))),
    }
    match find(TOPICS_FILE) {
        Some(text) => {
            if let Some(doc) = parse(text, &mut meta.topics_parse) {
                let mut report = Report {
                    file: text,
                    problems: &mut meta.problems,
                };
                meta.topics = read_topics(doc.as_table(), &mut report);
            }
        }
        None => meta
            .problems
            .push(dir_problem(format!("missing {TOPICS_FILE}"))),
    }
    // Optional: a knowledge base without it reads every question by its topics alone.
    if let Some(text) = find(LEXICON_FILE) {
        if let Some(doc) = parse(text, &mut meta.lexicon_parse) {
            let mut report = Report {
                file: text,
                problems: &mut meta.problems,
            };
            meta.vocabulary = read_vocabulary(doc.as_table(), &meta.topics, &mut report);
        }
    }
    meta
}

/// Every entry file's entries, checked against `meta` and for duplicate ids, and their
/// problems; every file's parse error goes to `problems` in file order.
fn read_entry_files(
    texts: &[Text],
    meta: &mut Meta,
    problems: &mut Vec<Problem>,
) -> (Vec<Entry>, Vec<Problem>) {
    let source_ids: HashMap<&str, &SourceId> = meta
        .sources
        .iter()
        .map(|s| (s.id.as_str(), &s.id))
        .collect();
    let topic_ids: HashMap<&str, &TopicId> =
        meta.topics.iter().map(|t| (t.id.as_str(), &t.id)).collect();
    let check = Known {
        sources: &source_ids,
        topics: &topic_ids,
    };
    let mut entries = Vec::new();
    let mut entry_problems = Vec::new();
    let mut seen: HashMap<EntryId, (String, usize)> = HashMap::new();
    for text in texts {
        let parse_problems = match text.name.as_str() {
            SOURCES_FILE => Some(&mut meta.sources_parse),
            TOPICS_FILE => Some(&mut meta.topics_parse),
            LEXICON_FILE => Some(&mut meta.lexicon_parse),
            _ => None,
        };
        if let Some(p) = parse_problems {
            problems.append(p);
            continue;
        }
        let Some(doc) = parse(text, problems) else {
            continue;
        };
        let mut report = Report {
            file: text,
            problems: &mut entry_problems,
        };
        for entry in read_entries(doc.as_table(), &check, &mut report) {
            if let Some((file, line)) = seen.get(&entry.id) {
                report.problems.push(Problem {
                    file: entry.file.display().to_string(),
                    line: entry.line,
                    message: format!("duplicate id `{}` (first at {file}:{line})", entry.id),
                });
                continue;
            }
            // By file name, not path: the path may be a snapshot's, and messages reach users.
            seen.insert(entry.id.clone(), (text.name.clone(), entry.line));
            entries.push(entry);
        }
    }
    (entries, entry_problems)
}

/// Parses one file, reporting a syntax error where it is.
fn parse<'a>(text: &'a Text, problems: &mut Vec<Problem>) -> Option<ImDocument<&'a str>> {
    let values = count_values(text.text.as_bytes());
    if values > MAX_TOML_VALUES {
        let mut report = Report {
            file: text,
            problems,
        };
        report.at(
            None,
            format!(
                "holds more than {MAX_TOML_VALUES} TOML values ({values}); split it into several files"
            ),
        );
        return None;
    }
    match ImDocument::parse(text.text.as_str()) {
        Ok(doc) => Some(doc),
        Err(e) => {
            let mut report = Report {
                file: text,
                problems,
            };
            let message = e.message().trim().to_string();
            report.at(e.span(), format!("invalid TOML: {message}"));
            None
        }
    }
}

/// TOML values one file may hold, counted before parsing: a parsed value costs about a
/// kilobyte, so a 4 MB file of 250,000 tiny arrays would take most of a gigabyte to parse.
/// The shipped files hold ~25 a kilobyte; the synthetic 512 KB benchmark files ~15,000.
pub const MAX_TOML_VALUES: usize = 40_000;

/// An upper bound on the values, keys and tables in TOML `text`, in one pass with no
/// allocation: every `=`, `,`, `[` and `{` outside strings and comments, plus one.
pub fn count_values(text: &[u8]) -> usize {
    let mut count = 1;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'#' => {
                while i < text.len() && text[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => i = skip_string(text, i, quote),
            b'=' | b',' | b'[' | b'{' => count += 1,
            _ => {}
        }
        i += 1;
    }
    count
}

/// The index of the last byte of the string starting at `start` (basic or literal, one-line
/// or multi-line); the end of `text` when it never closes.
fn skip_string(text: &[u8], start: usize, quote: u8) -> usize {
    let triple = text[start..].starts_with(&[quote; 3]);
    let mut i = start + if triple { 3 } else { 1 };
    while i < text.len() {
        let b = text[i];
        if b == b'\\' && quote == b'"' {
            i += 2;
            continue;
        }
        if triple {
            if text[i..].starts_with(&[quote; 3]) {
                // `""""` and `"""""` close with one or two quotes of content before the three.
                let mut end = i + 2;
                while end + 1 < text.len() && text[end + 1] == quote && end - i < 4 {
                    end += 1;
                }
                return end;
            }
        } else if b == quote || b == b'\n' {
            return i;
        }
        i += 1;
    }
    text.len()
}

/// What entries may refer to.
struct Known<'a> {
    sources: &'a HashMap<&'a str, &'a SourceId>,
    topics: &'a HashMap<&'a str, &'a TopicId>,
}

/// Reads typed fields from one table, reporting each problem where it stands.
struct Fields<'t, 'r, 'f> {
    table: &'t Table,
    what: String,
    report: &'r mut Report<'f>,
    allowed: &'static [&'static str],
}

impl<'t> Fields<'t, '_, '_> {
    fn table_span(&self) -> Option<std::ops::Range<usize>> {
        self.table.span().or_else(|| {
            self.table
                .iter()
                .next()
                .and_then(|(k, _)| self.table.key(k).and_then(|k| k.span()))
        })
    }

    fn check_keys(&mut self) {
        for (key, _) in self.table.iter() {
            if !self.allowed.contains(&key) {
                let span = self.table.key(key).and_then(|k| k.span());
                let message = format!(
                    "unknown key `{key}` in {} (expected one of: {})",
                    self.what,
                    self.allowed.join(", ")
                );
                self.report.at(span, message);
            }
        }
    }

    fn span_of(&self, key: &str) -> Option<std::ops::Range<usize>> {
        self.table
            .get(key)
            .and_then(|i| i.span())
            .or_else(|| self.table.key(key).and_then(|k| k.span()))
            .or_else(|| self.table_span())
    }

    fn line_of(&self, key: &str) -> usize {
        self.span_of(key)
            .map(|s| self.report.file.line_of(s.start))
            .unwrap_or(1)
    }

    fn opt_str(&mut self, key: &str) -> Option<String> {
        let item = self.table.get(key)?;
        match item.as_str() {
            Some(s) if s.trim().is_empty() => {
                let span = self.span_of(key);
                let message = format!("empty `{key}` in {}", self.what);
                self.report.at(span, message);
                None
            }
            Some(s) => Some(s.to_string()),
            None => {
                let span = self.span_of(key);
                let message = format!("`{key}` in {} must be a string", self.what);
                self.report.at(span, message);
                None
            }
        }
    }

    fn req_str(&mut self, key: &str) -> Option<String> {
        if self.table.get(key).is_none() {
            let span = self.table_span();
            let message = format!("missing `{key}` in {}", self.what);
            self.report.at(span, message);
            return None;
        }
        self.opt_str(key)
    }

    fn str_list(
        &mut self,
        key: &str,
        required: bool,
    ) -> Vec<(String, Option<std::ops::Range<usize>>)> {
        let Some(item) = self.table.get(key) else {
            if required {
                let span = self.table_span();
                let message = format!("missing `{key}` in {}", self.what);
                self.report.at(span, message);
            }
            return Vec::new();
        };
        let Some(array) = item.as_array() else {
            let span = self.span_of(key);
            let message = format!("`{key}` in {} must be a list of strings", self.what);
            self.report.at(span, message);
            return Vec::new();
        };
        let mut out = Vec::new();
        for value in array.iter() {
            match value.as_str() {
                Some(s) if !s.trim().is_empty() => out.push((s.to_string(), value.span())),
                _ => {
                    let span = value.span().or_else(|| self.span_of(key));
                    let message = format!("`{key}` in {} must hold non-empty strings", self.what);
                    self.report.at(span, message);
                }
            }
        }
        if required && out.is_empty() && !array.is_empty() {
            return out;
        }
        if required && array.is_empty() {
            let span = self.span_of(key);
            let message = format!("empty `{key}` in {}", self.what);
            self.report.at(span, message);
        }
        out
    }

    /// The boolean under `key`, if there is one; any other value is reported.
    fn opt_bool(&mut self, key: &str) -> Option<bool> {
        let item = self.table.get(key)?;
        let value = item.as_bool();
        if value.is_none() {
            let span = self.span_of(key);
            let message = format!("`{key}` in {} must be true or false", self.what);
            self.report.at(span, message);
        }
        value
    }

    fn side(&mut self, key: &str) -> Option<Side> {
        let raw = self.opt_str(key)?;
        match Side::parse(raw.trim()) {
            Some(side) => Some(side),
            None => {
                let span = self.span_of(key);
                let message = format!(
                    "unknown framework name `{raw}` in `{key}` (expected tensorflow, pytorch, tie or neither)"
                );
                self.report.at(span, message);
                None
            }
        }
    }

    fn date(&mut self, key: &str) -> Option<String> {
        let raw = self.opt_str(key)?;
        if is_date(&raw) {
            Some(raw)
        } else {
            let span = self.span_of(key);
            let message =
                format!("`{key}` must be a date as YYYY, YYYY-MM or YYYY-MM-DD, not `{raw}`");
            self.report.at(span, message);
            None
        }
    }
}

/// Whether `s` is a date as faq/ writes them: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

/// The tables of `[[name]]`, or a problem when `name` is something else.
fn tables<'a>(root: &'a Table, name: &str, report: &mut Report<'_>) -> Vec<&'a Table> {
    match root.get(name) {
        None => Vec::new(),
        Some(Item::ArrayOfTables(a)) => a.iter().collect(),
        Some(other) => {
            let span = other
                .span()
                .or_else(|| root.key(name).and_then(|k| k.span()));
            report.at(
                span,
                format!("`{name}` must be written as [[{name}]] tables"),
            );
            Vec::new()
        }
    }
}

fn read_sources(root: &Table, report: &mut Report<'_>) -> Vec<Source> {
    for (key, _) in root.iter() {
        if key != "source" {
            let span = root.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!("unknown key `{key}` in sources.toml (expected [[source]])"),
            );
        }
    }
    let mut out: Vec<Source> = Vec::new();
    for table in tables(root, "source", report) {
        let mut f = Fields {
            table,
            what: "[[source]]".to_string(),
            report,
            allowed: &["id", "title", "publisher", "as_of", "origin", "titled_by"],
        };
        f.check_keys();
        let id = f.req_str("id");
        let title = f.req_str("title");
        let origin = f.req_str("origin");
        let publisher = f.opt_str("publisher");
        let as_of = f.date("as_of");
        let titled_by = f.opt_str("titled_by");
        let line = f.line_of("id");
        let (Some(id), Some(title), Some(origin)) = (id, title, origin) else {
            continue;
        };
        let Ok(id) = SourceId::new(id.as_str()) else {
            report.at(
                table.get("id").and_then(|i| i.span()),
                format!("source id `{id}` must be lowercase letters, digits, `-` or `_`"),
            );
            continue;
        };
        if out.iter().any(|s| s.id == id) {
            report.problems.push(Problem {
                file: report.file.path.display().to_string(),
                line,
                message: format!("duplicate source id `{id}`"),
            });
            continue;
        }
        out.push(Source {
            id,
            title,
            publisher,
            as_of,
            origin,
            titled_by,
        });
    }
    out
}

fn read_topics(root: &Table, report: &mut Report<'_>) -> Vec<Topic> {
    for (key, _) in root.iter() {
        if key != "topic" {
            let span = root.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!("unknown key `{key}` in topics.toml (expected [[topic]])"),
            );
        }
    }
    let mut out: Vec<Topic> = Vec::new();
    for table in tables(root, "topic", report) {
        let mut f = Fields {
            table,
            what: "[[topic]]".to_string(),
            report,
            allowed: &["id", "label", "words", "weak", "verdict"],
        };
        f.check_keys();
        let id = f.req_str("id");
        let label = f.req_str("label");
        let words: Vec<String> = f
            .str_list("words", true)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        let weak: Vec<String> = f
            .str_list("weak", false)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        let verdict = f.opt_bool("verdict").unwrap_or(true);
        let line = f.line_of("id");
        let (Some(id), Some(label)) = (id, label) else {
            continue;
        };
        let Ok(id) = TopicId::new(id.as_str()) else {
            report.at(
                table.get("id").and_then(|i| i.span()),
                format!("topic id `{id}` must be lowercase letters, digits, `-` or `_`"),
            );
            continue;
        };
        if out.iter().any(|t| t.id == id) {
            report.problems.push(Problem {
                file: report.file.path.display().to_string(),
                line,
                message: format!("duplicate topic id `{id}`"),
            });
            continue;
        }
        out.push(Topic {
            id,
            label,
            words,
            weak,
            verdict,
        });
    }
    out
}

fn read_entries(root: &Table, known: &Known<'_>, report: &mut Report<'_>) -> Vec<Entry> {
    let source = match root.get("source") {
        None => {
            report.at(
                Some(0..0),
                "missing `source = \"<source id>\"` at the top of the file",
            );
            None
        }
        Some(item) => match item.as_str() {
            Some(s) => match known.sources.get(s) {
                Some(&id) => Some(id.clone()),
                None => {
                    report.at(
                        item.span(),
                        format!("unknown source `{s}` (not in sources.toml)"),
                    );
                    None
                }
            },
            None => {
                report.at(item.span(), "`source` must be a string naming a source id");
                None
            }
        },
    };
    for (key, _) in root.iter() {
        if key != "source" && !Kind::ALL.iter().any(|k| k.as_str() == key) {
            let span = root.key(key).and_then(|k| k.span());
            report.at(
                span,
                format!(
                    "unknown entry kind `{key}` (expected [[{}]])",
                    Kind::ALL.map(Kind::as_str).join("]], [[")
                ),
            );
        }
    }
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for table in tables(root, kind.as_str(), report) {
            if let Some(entry) = read_entry(kind, table, source.as_ref(), known, report) {
                out.push(entry);
            }
        }
    }
    out.sort_by_key(|e| e.line);
    out
}

/// The keys an entry of `kind` may have; `id` and `topics` are common to all.
fn entry_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Row => &[
            "id",
            "topics",
            "table",
            "section",
            "feature",
            "tensorflow",
            "pytorch",
            "tensorflow_score",
            "pytorch_score",
            "winner",
            "note",
            "as_of",
        ],
        Kind::Faq => &["id", "topics", "question", "answer", "favours"],
        Kind::Pick => &["id", "topics", "use_case", "pick", "reason", "alternative"],
        Kind::Passage => &["id", "topics", "heading", "text", "favours"],
        Kind::Alternative => &["id", "topics", "name", "best_for", "pricing", "gotcha"],
        Kind::Migration => &["id", "topics", "size", "cost"],
        Kind::Story => &["id", "topics", "text", "favours"],
    }
}

/// A body and the side the entry takes, as one kind's reader gives them.
type Read = Option<(Body, Option<Side>)>;

fn read_entry(
    kind: Kind,
    table: &Table,
    source: Option<&SourceId>,
    known: &Known<'_>,
    report: &mut Report<'_>,
) -> Option<Entry> {
    const COMMON: [&str; 2] = ["id", "topics"];
    let specific = entry_keys(kind);
    debug_assert!(COMMON.iter().all(|c| specific.contains(c)));
    let mut f = Fields {
        table,
        what: format!("[[{}]]", kind.as_str()),
        report,
        allowed: specific,
    };
    f.check_keys();
    let raw_id = f.req_str("id");
    let line = f.line_of("id");
    let mut id = None;
    if let Some(raw) = raw_id {
        f.what = format!("[[{}]] `{raw}`", kind.as_str());
        match EntryId::new(raw.as_str()) {
            Ok(ok) => id = Some(ok),
            Err(_) => {
                let span = f.span_of("id");
                f.report.at(
                    span,
                    format!("id `{raw}` must be lowercase letters, digits, `-` or `_`"),
                );
            }
        }
    }
    let topics = read_topic_tags(&mut f, known);
    let before = f.report.problems.len();
    let body_and_stance = match kind {
        Kind::Row => read_row(&mut f),
        Kind::Faq => read_faq(&mut f),
        Kind::Pick => read_pick(&mut f),
        Kind::Passage => read_passage(&mut f),
        Kind::Alternative => read_alternative(&mut f),
        Kind::Migration => read_migration(&mut f),
        Kind::Story => read_story(&mut f),
    };
    let clean = f.report.problems.len() == before;
    let (body, stance) = body_and_stance?;
    let (id, source) = (id?, source?);
    if !clean || topics.is_empty() {
        return None;
    }
    Some(Entry {
        id,
        source: source.clone(),
        topics,
        stance,
        body,
        file: report.file.path.clone(),
        line,
    })
}

/// The entry's `topics`, each checked against topics.toml.
fn read_topic_tags(f: &mut Fields<'_, '_, '_>, known: &Known<'_>) -> Vec<TopicId> {
    let mut topics = Vec::new();
    for (topic, span) in f.str_list("topics", true) {
        if let Some(&id) = known.topics.get(topic.as_str()) {
            topics.push(id.clone());
        } else {
            let message = format!("unknown topic `{topic}` (not in topics.toml)");
            f.report.at(span.or_else(|| f.span_of("topics")), message);
        }
    }
    topics
}

fn read_row(f: &mut Fields<'_, '_, '_>) -> Read {
    let table_name = f.req_str("table");
    let feature = f.req_str("feature");
    let section = f.opt_str("section");
    let tensorflow = f.opt_str("tensorflow");
    let pytorch = f.opt_str("pytorch");
    let tensorflow_score = f.opt_str("tensorflow_score");
    let pytorch_score = f.opt_str("pytorch_score");
    let winner = f.side("winner");
    let note = f.opt_str("note");
    let as_of = f.date("as_of");
    if tensorflow.is_none() && tensorflow_score.is_none() && f.table.get("tensorflow").is_none() {
        let span = f.table_span();
        let message = format!("{} has no `tensorflow` cell", f.what);
        f.report.at(span, message);
    }
    if pytorch.is_none() && pytorch_score.is_none() && f.table.get("pytorch").is_none() {
        let span = f.table_span();
        let message = format!("{} has no `pytorch` cell", f.what);
        f.report.at(span, message);
    }
    let (table, feature) = (table_name?, feature?);
    let body = Body::Row(Row {
        table,
        section,
        feature,
        tensorflow: Cell {
            score: tensorflow_score,
            text: tensorflow,
        },
        pytorch: Cell {
            score: pytorch_score,
            text: pytorch,
        },
        winner,
        note,
        as_of,
    });
    Some((body, winner))
}

fn read_faq(f: &mut Fields<'_, '_, '_>) -> Read {
    let question = f.req_str("question");
    let answer = f.req_str("answer");
    let favours = f.side("favours");
    Some((
        Body::Faq {
            question: question?,
            answer: answer?,
        },
        favours,
    ))
}

fn read_pick(f: &mut Fields<'_, '_, '_>) -> Read {
    let use_case = f.opt_str("use_case");
    let pick = if f.table.get("pick").is_none() {
        let span = f.table_span();
        let message = format!("missing `pick` in {}", f.what);
        f.report.at(span, message);
        None
    } else {
        f.side("pick")
    };
    let reason = f.req_str("reason");
    let alternative = f.opt_str("alternative");
    let (pick, reason) = (pick?, reason?);
    let body = Body::Pick {
        use_case,
        pick,
        reason,
        alternative,
    };
    Some((body, Some(pick)))
}

fn read_passage(f: &mut Fields<'_, '_, '_>) -> Read {
    let heading = f.opt_str("heading");
    let text = f.req_str("text");
    let favours = f.side("favours");
    Some((
        Body::Passage {
            heading,
            text: text?,
        },
        favours,
    ))
}

fn read_alternative(f: &mut Fields<'_, '_, '_>) -> Read {
    let name = f.req_str("name");
    let best_for = f.req_str("best_for");
    let pricing = f.opt_str("pricing");
    let gotcha = f.opt_str("gotcha");
    let body = Body::Alternative {
        name: name?,
        best_for: best_for?,
        pricing,
        gotcha,
    };
    // An alternative is described, not recommended: it casts no vote.
    Some((body, None))
}

fn read_migration(f: &mut Fields<'_, '_, '_>) -> Read {
    let size = f.req_str("size");
    let cost = f.req_str("cost");
    Some((
        Body::Migration {
            size: size?,
            cost: cost?,
        },
        None,
    ))
}

fn read_story(f: &mut Fields<'_, '_, '_>) -> Read {
    let text = f.req_str("text");
    let favours = f.side("favours");
    Some((Body::Story { text: text? }, favours))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        fs::write(dir.join(name), text).unwrap();
    }

    fn minimal(dir: &Path) {
        write(
            dir,
            "sources.toml",
            "[[source]]\nid = \"s1\"\ntitle = \"T\"\norigin = \"s1.txt\"\nas_of = \"2026-01-02\"\n",
        );
        write(
            dir,
            "topics.toml",
            "[[topic]]\nid = \"mobile\"\nlabel = \"mobile\"\nwords = [\"phone\"]\n",
        );
    }

    #[test]
    fn values_are_counted_outside_strings_and_comments() {
        assert_eq!(count_values(b""), 1);
        assert_eq!(count_values(b"a = [1, 2]\n"), 4);
        let quiet =
            b"a = \"x = [1, {2}], 'y'\" # = [ , {\nb = '''c = [d]''' \nc = \"\"\"e,\"f\"\"\"\"\n";
        assert_eq!(count_values(quiet), 4, "only the three `=` and one");
        assert_eq!(
            count_values(b"a = \"\\\" = [\"\n"),
            2,
            "an escaped quote does not end it"
        );
        assert_eq!(count_values(b"s = \"never closed = [,"), 2);
    }

    #[test]
    fn a_wide_file_is_refused_before_parsing_and_nothing_of_it_is_echoed() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        let wide: String = (0..MAX_TOML_VALUES / 2 + 1)
            .map(|i| format!("k{i} = [\"SECRET\"]\n"))
            .collect();
        write(dir.path(), "wide.toml", &wide);
        let problems = load_dir(dir.path()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let text = problems[0].to_string();
        assert!(text.contains("wide.toml:1: holds more than"), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
    }

    #[test]
    fn problems_for_users_name_files_relative_to_the_folder() {
        let dir = Path::new("/srv/versus/faq");
        let p = Problem {
            file: "/srv/versus/faq/a.toml".into(),
            line: 3,
            message: "duplicate id `x` (first at /srv/versus/faq/b.toml:1)".into(),
        };
        assert_eq!(
            p.relative_to(dir).to_string(),
            "faq/a.toml:3: duplicate id `x` (first at faq/b.toml:1)"
        );
        let folder = Problem {
            file: "/srv/versus/faq".into(),
            line: 1,
            message: "missing sources.toml".into(),
        };
        assert_eq!(folder.relative_to(dir).file, "faq/");
        let elsewhere = Problem {
            file: "/etc/other/x.toml".into(),
            ..folder
        };
        assert_eq!(elsewhere.relative_to(dir).file, "faq/x.toml");
    }

    #[test]
    fn a_duplicate_names_the_first_by_file_name() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        let entry = "source = \"s1\"\n[[faq]]\nid = \"dup\"\ntopics = [\"mobile\"]\nquestion = \"q\"\nanswer = \"a\"\n";
        write(dir.path(), "a.toml", entry);
        write(dir.path(), "b.toml", entry);
        let problems = load_dir(dir.path()).unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert!(
            text.iter().any(|t| t.contains("(first at a.toml:")),
            "{text:?}"
        );
    }

    #[test]
    fn a_clean_directory_loads_every_entry() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        write(
            dir.path(),
            "s1.toml",
            "source = \"s1\"\n[[row]]\nid = \"r1\"\ntable = \"t\"\nfeature = \"Mobile\"\ntopics = [\"mobile\"]\ntensorflow = \"a\"\npytorch = \"b\"\nwinner = \"tensorflow\"\n",
        );
        let k = load_dir(dir.path()).unwrap();
        assert_eq!(k.entries.len(), 1);
        assert_eq!(k.entries[0].stance, Some(Side::TensorFlow));
        assert_eq!(k.entries[0].line, 3);
        assert_eq!(k.fingerprint.len(), 64);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        write(
            dir.path(),
            "s1.toml",
            "source = \"s1\"\n[[row]]\nid = \"r1\"\ntable = \"t\"\nfeature = \"F\"\ntopics = [\"nope\"]\ntensorflow = \"a\"\npytorch = \"b\"\nwinner = \"tf\"\n\n[[faq]]\nid = \"r1\"\nquestion = \"\"\nanswer = \"x\"\ntopics = [\"mobile\"]\ncolour = 1\n",
        );
        let problems = load_dir(dir.path()).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let has = |line: usize, needle: &str| {
            problems
                .iter()
                .any(|p| p.line == line && p.message.contains(needle))
        };
        assert!(has(6, "unknown topic `nope`"), "{text:#?}");
        assert!(has(9, "unknown framework name `tf`"), "{text:#?}");
        assert!(has(13, "empty `question`"), "{text:#?}");
        assert!(has(16, "unknown key `colour`"), "{text:#?}");
    }

    #[test]
    fn duplicate_ids_name_both_places() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        let story =
            "source = \"s1\"\n[[story]]\nid = \"dup\"\ntext = \"x\"\ntopics = [\"mobile\"]\n";
        write(dir.path(), "a.toml", story);
        write(dir.path(), "b.toml", story);
        let problems = load_dir(dir.path()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].file.ends_with("b.toml"));
        assert!(problems[0].message.contains("a.toml:3"), "{}", problems[0]);
    }

    #[test]
    fn bad_toml_and_bad_bytes_are_reported_and_other_files_still_checked() {
        let dir = tempfile::tempdir().unwrap();
        minimal(dir.path());
        write(
            dir.path(),
            "broken.toml",
            "source = \"s1\"\n[[row]\nid = 1\n",
        );
        fs::write(
            dir.path().join("bytes.toml"),
            b"source = \"s1\"\n\xff\xfe\n",
        )
        .unwrap();
        write(
            dir.path(),
            "other.toml",
            "source = \"nowhere\"\n[[story]]\nid = \"x\"\ntext = \"t\"\ntopics = [\"mobile\"]\n",
        );
        let problems = load_dir(dir.path()).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("broken.toml:2: invalid TOML")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("bytes.toml:2: not valid UTF-8")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("other.toml:1: unknown source `nowhere`")),
            "{text:#?}"
        );
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2026"));
        assert!(is_date("2026-05"));
        assert!(is_date("2026-05-25"));
        assert!(!is_date("May 2026"));
        assert!(!is_date("2026-5-1"));
    }
}
