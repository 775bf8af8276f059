//! Importing an article (saved HTML, markdown or plain text) into `faq/` as quoted entries:
//! comparison rows, FAQs, picks, passages, alternatives, migration rows and stories, every
//! quoted value verbatim from the article, validated exactly as `versus check` validates
//! before anything is written.
//!
//! Knows only the knowledge types and the engine's vocabulary: the CLI and the Discord
//! `/import` command both call [`import_article`].

mod blocks;
mod doc;
mod faqs;
mod html;
mod layouts;
pub mod metadata;
mod nesting;
mod passages;
mod picks;
mod propose;
mod scores;
mod sides;
mod tables;
mod topics;
mod write;

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use versus_core::knowledge::{
    self, is_date, Body, EntryId, Kind, Knowledge, Problem, Source, SourceId, TopicId,
};

pub use doc::Draft;
pub use metadata::Metadata;
pub use propose::Proposal;

use blocks::{Block, BlockKind, FrontMatter};
use doc::{Doc, Use};

/// Largest article read: a long article is well under a megabyte of HTML; more is not prose.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;
/// Most blocks read from one article, so the work per import stays bounded.
const MAX_BLOCKS: usize = 20_000;
/// Deepest element nesting read from an HTML article. Real pages nest a few dozen deep; the
/// parser's scope checks and the walk over the tree cost time and stack per level, so a page of
/// thousands of nested elements (27 KB holds 5,000 `<div>`s) is refused before parsing.
pub const MAX_NESTING: usize = 256;
/// The stack the importer runs on, whatever thread calls it: the walk over the page recurses
/// once per level, at most [`MAX_NESTING`] deep, well inside this.
const IMPORT_STACK_BYTES: usize = 16 * 1024 * 1024;
/// How long reading one article may take before the import is given up: a 4 MB article of
/// the worst shape takes well under this in a debug build.
const IMPORT_TIME: Duration = Duration::from_secs(60);
/// Longest slug of an entry id taken from its label.
const MAX_SLUG_CHARS: usize = 48;
/// Shortest paragraph whose later verbatim repeats are skipped as repeats.
const MIN_REPEAT_CHARS: usize = 40;
/// Held while an import reads and rewrites faq/.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());
/// What `titled_by` says when the title is ours, not the article's.
const TITLED_BY: &str = "versus";

/// What the command line (or `/import`) says about the article.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The source id [default: the file's stem].
    pub id: Option<String>,
    /// The title, overriding what the article says.
    pub title: Option<String>,
    /// The publisher, overriding what the article says.
    pub publisher: Option<String>,
    /// The date as YYYY-MM-DD (or YYYY-MM, YYYY), overriding what the article says.
    pub date: Option<String>,
    /// Replace an existing source of the same id.
    pub force: bool,
    /// Add the topic proposed for what the article covers and faq/ does not to topics.toml,
    /// and tag the article's entries with it.
    pub accept_topics: bool,
    /// Where the article came from when it was not a file (its URL), as the source's `origin`.
    pub origin: Option<String>,
}

/// How the article is written, from its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.html`, `.htm`.
    Html,
    /// `.md`, `.markdown`.
    Markdown,
    /// Anything else (`.txt`).
    Text,
}

impl Format {
    /// The format a file name says.
    pub fn of(file_name: &str) -> Format {
        let ext = Path::new(file_name)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Format::Html,
            "md" | "markdown" => Format::Markdown,
            _ => Format::Text,
        }
    }
}

/// A line of the article that no extractor could place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// 1-based line in the article file.
    pub line: usize,
    /// The line's text.
    pub text: String,
}

/// What was read from an article, before anything is written.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// Title, publisher and date as the article states them.
    pub metadata: Metadata,
    /// The entries found, in article order within each kind.
    pub drafts: Vec<Draft>,
    /// Lines no extractor placed.
    pub unplaced: Vec<Unplaced>,
    /// The article's text, as quotes are checked against.
    pub text: String,
}

/// An entry the import placed: where in the article, what kind, and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// 1-based line in the article it was read from.
    pub line: usize,
    /// The entry's kind.
    pub kind: Kind,
    /// Its id in faq/.
    pub id: EntryId,
    /// What it is about: a row's feature, a question, a pick's reason, cut short.
    pub label: String,
    /// The topics it was tagged with.
    pub topics: Vec<TopicId>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The source id written.
    pub source: SourceId,
    /// The entries file written.
    pub file: PathBuf,
    /// Entries written per kind (every kind, zeros included).
    pub counts: Vec<(Kind, usize)>,
    /// Lines of the article no entry holds.
    pub unplaced: Vec<Unplaced>,
    /// The source as written to sources.toml.
    pub source_entry: Source,
    /// Whether an earlier import of the same id was replaced.
    pub replaced: bool,
    /// Every entry written, in article order.
    pub placed: Vec<Placed>,
    /// The topic proposed for what the article covers and faq/ does not, if any.
    pub proposal: Option<Proposal>,
    /// Whether the proposal was written to topics.toml.
    pub topics_accepted: bool,
    /// Time from reading the bytes to the files written.
    pub elapsed: Duration,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The article is larger than [`MAX_ARTICLE_BYTES`].
    #[error("the article is {bytes} bytes, over the limit of {limit} bytes")]
    TooLarge { bytes: u64, limit: usize },
    /// The article's elements nest deeper than [`MAX_NESTING`].
    #[error(
        "the article nests elements more than {limit} deep (at line {line}); nothing was read"
    )]
    TooDeep { limit: usize, line: usize },
    /// Reading the article took longer than its budget.
    #[error("reading the article took over {} s; nothing was written", .0.as_secs())]
    TooSlow(Duration),
    /// The importer failed on this article (a bug; logged, nothing written).
    #[error("the importer failed on this article; nothing was written")]
    Failed,
    /// The article is not UTF-8 text.
    #[error("the article is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8")]
    NotText { offset: usize },
    /// The source id cannot be used.
    #[error("`{0}` cannot be a source id: use lowercase letters, digits, `-` or `_` (pass --id)")]
    BadId(String),
    /// The date given is not a date.
    #[error("`{0}` is not a date: give YYYY-MM-DD, YYYY-MM or YYYY")]
    BadDate(String),
    /// The source exists and `force` was not given.
    #[error("{0} already exists (or sources.toml has its id); pass --force to replace it")]
    Exists(PathBuf),
    /// Nothing in the article looks like a comparison.
    #[error("found no table rows, FAQs, picks or passages in the article")]
    NothingFound,
    /// The faq/ directory has problems of its own.
    #[error("{} has {} problem(s) already; run `versus check` and fix them first", .dir.display(), .problems.len())]
    BrokenFaq {
        dir: PathBuf,
        problems: Vec<Problem>,
    },
    /// The imported entries fail validation.
    #[error("the imported entries fail validation ({} problem(s)); nothing was written", .0.len())]
    Invalid(Vec<Problem>),
    /// Some quoted value is not in the article (a bug in an extractor; never written).
    #[error("{} quoted value(s) are not verbatim in the article; nothing was written", .0.len())]
    NotVerbatim(Vec<String>),
    /// No source of this id is in faq/.
    #[error("no source `{0}` in faq/")]
    UnknownSource(String),
    /// Reading or writing a file failed.
    #[error("cannot {what} {}: {source}", .path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ImportError {
    /// One line per problem behind the error (validation problems as `file:line: message`,
    /// quotes not found in the article), for printing under the error itself.
    pub fn details(&self) -> Vec<String> {
        match self {
            ImportError::BrokenFaq { problems, .. } | ImportError::Invalid(problems) => {
                problems.iter().map(|p| p.to_string()).collect()
            }
            ImportError::NotVerbatim(wrong) => {
                wrong.iter().map(|w| format!("not verbatim: {w}")).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// The article's blocks, front matter and page metadata, by format.
fn read_article(text: &str, format: Format) -> (Vec<Block>, FrontMatter, Option<Metadata>) {
    let (mut list, front, page_meta) = match format {
        Format::Html => {
            let page = scraper::Html::parse_document(text);
            let meta = metadata::from_html(&page);
            let mut list = html::blocks(&page, text);
            let hidden_faqs = faqs::ld_blocks(&page, text, &list);
            list.extend(hidden_faqs);
            (list, FrontMatter::default(), Some(meta))
        }
        Format::Markdown => {
            let (b, f) = blocks::markdown(text);
            (b, f, None)
        }
        Format::Text => (blocks::plain(text), FrontMatter::default(), None),
    };
    list.truncate(MAX_BLOCKS);
    (list, front, page_meta)
}

/// The bytes of the article at `path`, refused by its size before any is read, and read with
/// a limit all the same (a file may grow, or lie about its size).
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let io = |what: &'static str| {
        move |source| ImportError::Io {
            what,
            path: path.to_path_buf(),
            source,
        }
    };
    let file = fs::File::open(path).map_err(io("open"))?;
    let too_large = |bytes: u64| ImportError::TooLarge {
        bytes,
        limit: MAX_ARTICLE_BYTES,
    };
    let size = file.metadata().map_err(io("read"))?.len();
    if size > MAX_ARTICLE_BYTES as u64 {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_ARTICLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io("read"))?;
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads an article into entries without touching `faq/`, on a thread of its own with a known
/// stack and within [`IMPORT_TIME`], so no article can overflow the caller's stack or hold it.
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, ImportError> {
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_ARTICLE_BYTES,
        });
    }
    let owned = bytes.to_vec();
    let (done, result) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("versus-import".into())
        .stack_size(IMPORT_STACK_BYTES)
        .spawn(move || {
            let _ = done.send(extract_here(&owned, format));
        })
        .map_err(|_| ImportError::Failed)?;
    match result.recv_timeout(IMPORT_TIME) {
        Ok(extracted) => extracted,
        // The thread finishes on its own; nothing waits for it.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(ImportError::TooSlow(IMPORT_TIME)),
        // It panicked (the panic hook has reported it).
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(ImportError::Failed),
    }
}

/// [`extract`] on the calling thread.
fn extract_here(bytes: &[u8], format: Format) -> Result<Extracted, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotText {
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if format == Format::Html {
        nesting::check(text, MAX_NESTING).map_err(|line| ImportError::TooDeep {
            limit: MAX_NESTING,
            line,
        })?;
    }
    let (list, front, page_meta) = read_article(text, format);
    let article_text = match format {
        Format::Text => text.to_string(),
        _ => list
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut doc = Doc::new(list);
    mark_furniture(&mut doc);
    mark_repeated_paragraphs(&mut doc);
    let mut meta = metadata::from_blocks(&mut doc, &front);
    if let Some(page) = page_meta {
        meta = Metadata {
            title: page.title.or(meta.title),
            publisher: page.publisher.or(meta.publisher),
            date: page.date.or(meta.date),
            author: page.author.or(meta.author),
        };
    }
    // An article that names only its author is published by them.
    if meta.publisher.is_none() {
        meta.publisher = meta.author.clone();
    }
    run_extractors(&mut doc);
    mark_repeats(&mut doc);
    mark_section_headings(&mut doc);
    let drafts = dedupe(std::mem::take(&mut doc.drafts));
    let unplaced = doc
        .blocks
        .iter()
        .zip(&doc.uses)
        .filter(|(_, u)| **u == Use::Free)
        .map(|(b, _)| Unplaced {
            line: b.line,
            text: b.text.clone(),
        })
        .collect();
    Ok(Extracted {
        metadata: meta,
        drafts,
        unplaced,
        text: article_text,
    })
}

/// Every extractor, most specific layout first, so a looser one never takes its lines.
fn run_extractors(doc: &mut Doc) {
    tables::extract(doc);
    picks::choose_lists(doc);
    faqs::extract(doc);
    picks::cards(doc);
    picks::labelled_cards(doc);
    picks::verdict_lists(doc);
    picks::best_for_lines(doc);
    picks::neither(doc);
    picks::takeaways(doc);
    let with_picks = picks::verdict_sentences(doc);
    passages::extract(doc);
    for i in with_picks {
        doc.mark(i, Use::Quoted);
    }
}

/// Words of lines that are page furniture wherever they stand (markup can hide furniture
/// from the HTML reader, and text and markdown have no markup to tell).
const FURNITURE_PHRASES: &[&str] = &[
    "subscribe",
    "newsletter",
    "cookie",
    "share this",
    "sign up for",
    "all rights reserved",
    "comments are closed",
    "privacy policy",
    "terms of service",
];

/// Headings of the list of other posts a page ends with (its items are titles, not the
/// article's words).
const RELATED_HEADINGS: &[&str] = &[
    "related posts",
    "related articles",
    "related reading",
    "read next",
    "read more",
    "more from",
    "you might also like",
    "you may also like",
    "popular posts",
    "popular this week",
    "recent posts",
];

/// Marks furniture lines: a copyright line, a newsletter plug, a share bar, a cookie notice,
/// and a "Related posts" heading with the list under it.
fn mark_furniture(doc: &mut Doc) {
    let mut in_related = false;
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        if b.kind == BlockKind::Heading {
            let lower = b.text.to_lowercase();
            in_related = RELATED_HEADINGS.iter().any(|h| lower.starts_with(h));
        }
        if in_related && matches!(b.kind, BlockKind::Heading | BlockKind::Item) {
            doc.mark(i, Use::Furniture);
        }
    }
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        if b.cells().is_some() {
            continue;
        }
        let lower = b.text.to_lowercase();
        let copyright = ["©", "(c) ", "copyright "]
            .iter()
            .any(|p| lower.starts_with(p));
        if copyright || FURNITURE_PHRASES.iter().any(|p| lower.contains(p)) {
            doc.mark(i, Use::Furniture);
        }
    }
}

/// A heading over a section whose every block was placed ("FAQ", "Our verdict") named
/// what the entries under it are: layout, not a line left out.
fn mark_section_headings(doc: &mut Doc) {
    for i in 0..doc.blocks.len() {
        if !doc.free(i) || doc.blocks[i].kind != BlockKind::Heading {
            continue;
        }
        // The section runs to the next heading nothing placed (a question heading placed as
        // an FAQ is inside it).
        let end = (i + 1..doc.blocks.len())
            .find(|&j| doc.blocks[j].kind == BlockKind::Heading && doc.free(j))
            .unwrap_or(doc.blocks.len());
        let placed = (i + 1..end).any(|j| matches!(doc.uses[j], Use::Quoted | Use::Layout));
        if placed && (i + 1..end).all(|j| !doc.free(j)) {
            doc.mark(i, Use::Layout);
        }
    }
}

/// A paragraph printed again later (an intro repeated under "Our Verdict") is read once.
fn mark_repeated_paragraphs(doc: &mut Doc) {
    let mut seen: HashSet<String> = HashSet::new();
    for i in 0..doc.blocks.len() {
        let b = &doc.blocks[i];
        if b.kind != BlockKind::Paragraph || b.text.chars().count() < MIN_REPEAT_CHARS {
            continue;
        }
        if !seen.insert(b.text.clone()) {
            doc.mark(i, Use::Repeat);
        }
    }
}

/// Lines left over that only repeat placed text: a label list echoing a table's rows, a grid
/// row printed with its cells run together, a "Feature TensorFlow PyTorch" column header.
fn mark_repeats(doc: &mut Doc) {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut known: HashSet<String> = HashSet::new();
    for d in &doc.drafts {
        for part in d.body.quoted_parts() {
            known.insert(squash(part));
        }
        if let Body::Row(row) = &d.body {
            let glued = format!(
                "{}{}{}",
                row.feature,
                row.tensorflow.printed().unwrap_or_default(),
                row.pytorch.printed().unwrap_or_default()
            );
            known.insert(squash(&glued));
        }
    }
    for (b, u) in doc.blocks.iter().zip(&doc.uses) {
        if *u != Use::Free {
            known.insert(squash(&b.text));
        }
    }
    for i in 0..doc.blocks.len() {
        if !doc.free(i) {
            continue;
        }
        let b = &doc.blocks[i];
        if known.contains(&squash(&b.text)) {
            doc.mark(i, Use::Repeat);
        } else if is_column_header(&b.text) {
            doc.mark(i, Use::Layout);
        }
    }
}

/// "Feature TensorFlow PyTorch": a grid's header line without cell borders.
fn is_column_header(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    matches!(
        words.as_slice(),
        [_, "TensorFlow", "PyTorch"] | [_, "PyTorch", "TensorFlow"]
    )
}

/// The text an entry's id is made from: a row's feature, a question, a pick's reason, the
/// text of a passage or story, an alternative's name, a migration's size.
fn id_label(body: &Body) -> &str {
    match body {
        Body::Row(row) => &row.feature,
        Body::Faq { question, .. } => question,
        Body::Pick { reason, .. } => reason,
        Body::Passage { text, .. } | Body::Story { text } => text,
        Body::Alternative { name, .. } => name,
        Body::Migration { size, .. } => size,
    }
}

/// Drops drafts that repeat an earlier one exactly.
fn dedupe(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut seen: HashSet<String> = HashSet::new();
    drafts
        .into_iter()
        .filter(|d| {
            let key = format!("{:?}|{:?}", d.body, d.favours);
            seen.insert(key)
        })
        .collect()
}

/// Imports `bytes` (the article, named `file_name`) into `faq_dir` as `<id>.toml` plus its
/// `[[source]]` in sources.toml; validates the whole directory as it would be, in memory,
/// and checks every quote against the article before writing anything.
pub fn import_article(
    bytes: &[u8],
    file_name: &str,
    options: &Options,
    faq_dir: &Path,
) -> Result<Report, ImportError> {
    let started = Instant::now();
    // Two imports in one process (two admins at once) must not interleave their read and
    // write of sources.toml; a poisoned lock only means an earlier import panicked.
    let _writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    let id = source_id(file_name, options)?;
    if let Some(d) = &options.date {
        if !is_date(d) {
            return Err(ImportError::BadDate(d.clone()));
        }
    }
    let extracted = extract(bytes, Format::of(file_name))?;
    if extracted.drafts.is_empty() {
        return Err(ImportError::NothingFound);
    }
    let current = knowledge::load_dir(faq_dir).map_err(|problems| ImportError::BrokenFaq {
        dir: faq_dir.to_path_buf(),
        problems,
    })?;
    let file = faq_dir.join(format!("{id}.toml"));
    let replaced = file.exists() || current.source(&id).is_some();
    if replaced && !options.force {
        return Err(ImportError::Exists(file));
    }
    let source = source_entry(&id, file_name, options, &extracted.metadata);
    let taken: HashSet<&str> = current
        .entries
        .iter()
        .filter(|e| e.source != id)
        .map(|e| e.id.as_str())
        .collect();
    let tagger = topics::Tagger::new(&current);
    let mut tagged = tag(&id, &extracted.drafts, &tagger, &taken)?;
    let bodies: Vec<&Body> = tagged.iter().map(|t| &t.draft.body).collect();
    let proposal = propose::propose(&current, &id, &source.title, &bodies);
    let sources_path = faq_dir.join("sources.toml");
    let sources_text = read(&sources_path)?;
    let new_sources = write::with_source(&sources_text, &source);
    let mut overrides = vec![("sources.toml".to_string(), new_sources.clone())];
    let topics_path = faq_dir.join("topics.toml");
    let accept = options.accept_topics && proposal.is_some();
    if let (true, Some(p)) = (accept, &proposal) {
        propose::retag(&mut tagged, p, &source.title, topics::MAX_TOPICS);
        let topics_text = read(&topics_path)?;
        overrides.push(("topics.toml".to_string(), topics_text + &p.toml()));
    }
    let entries_text = write::entries_file(&id, &source.origin, &tagged);
    overrides.push((format!("{id}.toml"), entries_text.clone()));
    validate(faq_dir, &id, overrides.clone(), &extracted.text)?;
    for (name, text) in &overrides {
        if name != &format!("{id}.toml") {
            write_atomically(&faq_dir.join(name), text)?;
        }
    }
    write_atomically(&file, &entries_text)?;
    let counts = Kind::ALL
        .iter()
        .map(|&k| (k, tagged.iter().filter(|t| t.draft.kind() == k).count()))
        .collect();
    Ok(Report {
        source: id,
        file,
        counts,
        unplaced: extracted.unplaced,
        source_entry: source,
        replaced,
        placed: placed(&tagged),
        proposal,
        topics_accepted: accept,
        elapsed: started.elapsed(),
    })
}

/// Longest label of a placed entry in the summary: enough to find it in the article.
const MAX_PLACED_LABEL_CHARS: usize = 80;

/// The summary's line per entry, in article order.
fn placed(tagged: &[write::Tagged]) -> Vec<Placed> {
    let mut out: Vec<Placed> = tagged
        .iter()
        .map(|t| {
            let label = id_label(&t.draft.body);
            let mut cut: String = label.chars().take(MAX_PLACED_LABEL_CHARS).collect();
            if cut.len() < label.len() {
                cut.push('…');
            }
            Placed {
                line: t.draft.line,
                kind: t.draft.kind(),
                id: t.id.clone(),
                label: cut,
                topics: t.topics.clone(),
            }
        })
        .collect();
    out.sort_by_key(|p| p.line);
    out
}

/// What accepting a source's proposed topic did.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The topic written to topics.toml.
    pub proposal: Proposal,
    /// How many of the source's entries it tags.
    pub tagged: usize,
}

/// Adds the topic proposed for `source` (an imported article already in `faq_dir`) to
/// topics.toml and tags the source's entries with it, validated as an import is; Ok(None)
/// when the article's subject words are all known already. What `/import`'s button does.
pub fn accept_topics(faq_dir: &Path, source: &str) -> Result<Option<Accepted>, ImportError> {
    let _writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    let current = knowledge::load_dir(faq_dir).map_err(|problems| ImportError::BrokenFaq {
        dir: faq_dir.to_path_buf(),
        problems,
    })?;
    let Some(src) = current.source(source).cloned() else {
        return Err(ImportError::UnknownSource(source.to_string()));
    };
    let source_id = src.id.clone();
    let mut tagged: Vec<write::Tagged> = current
        .entries
        .iter()
        .filter(|e| e.source == source)
        .map(|e| write::Tagged {
            id: e.id.clone(),
            topics: e.topics.clone(),
            draft: Draft {
                body: e.body.clone(),
                favours: e.stance,
                line: e.line,
            },
        })
        .collect();
    let bodies: Vec<&Body> = tagged.iter().map(|t| &t.draft.body).collect();
    let Some(proposal) = propose::propose(&current, source, &src.title, &bodies) else {
        return Ok(None);
    };
    propose::retag(&mut tagged, &proposal, &src.title, topics::MAX_TOPICS);
    let count = tagged
        .iter()
        .filter(|t| t.topics.contains(&proposal.topic.id))
        .count();
    let topics_path = faq_dir.join("topics.toml");
    let topics_text = read(&topics_path)? + &proposal.toml();
    let entries_text = write::entries_file(&source_id, &src.origin, &tagged);
    let entries_name = format!("{source}.toml");
    let overrides = vec![
        ("topics.toml".to_string(), topics_text.clone()),
        (entries_name.clone(), entries_text.clone()),
    ];
    let mut files = existing_files(faq_dir, "")?;
    files.retain(|(name, _)| !overrides.iter().any(|(n, _)| n == name));
    files.extend(overrides);
    knowledge::load_files(faq_dir, files).map_err(ImportError::Invalid)?;
    write_atomically(&topics_path, &topics_text)?;
    write_atomically(&faq_dir.join(entries_name), &entries_text)?;
    Ok(Some(Accepted {
        proposal,
        tagged: count,
    }))
}

fn read(path: &Path) -> Result<String, ImportError> {
    fs::read_to_string(path).map_err(|source| ImportError::Io {
        what: "read",
        path: path.to_path_buf(),
        source,
    })
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
fn write_atomically(path: &Path, text: &str) -> Result<(), ImportError> {
    let tmp = path.with_extension("toml.import-tmp");
    let io = |what, source| ImportError::Io {
        what,
        path: path.to_path_buf(),
        source,
    };
    fs::write(&tmp, text).map_err(|e| io("write", e))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        io("write", e)
    })
}

/// The file name a page fetched from `url` is imported as: the URL's last path segment when
/// it names an article format, else that segment (or the host) with the format the bytes show
/// (`.html` for markup, `.md` otherwise), so the source id and format follow the page.
pub fn page_file_name(url: &str, bytes: &[u8]) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let segment = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let ext = Path::new(segment)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    if matches!(
        ext.as_deref(),
        Some("html" | "htm" | "xhtml" | "md" | "markdown" | "txt")
    ) {
        return segment.to_string();
    }
    let stem = if segment.is_empty() { host } else { segment };
    let stem = stem.rsplit_once(':').map_or(stem, |(h, _)| h);
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let markup = head.trim_start().starts_with('<') || head.contains("<html");
    format!("{stem}.{}", if markup { "html" } else { "md" })
}

/// The source id an import of `file_name` with `options` writes: `id`, else the file's stem
/// lowercased with other characters as `-` (the admin page's preview names it before applying).
pub fn source_id(file_name: &str, options: &Options) -> Result<SourceId, ImportError> {
    if let Some(id) = &options.id {
        return SourceId::new(id.as_str()).map_err(|e| ImportError::BadId(e.0));
    }
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    SourceId::new(slug(&stem)).map_err(|_| ImportError::BadId(stem))
}

/// Lowercase ASCII letters and digits, other runs as one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut cut: String = out.chars().take(MAX_SLUG_CHARS).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    cut
}

fn source_entry(id: &SourceId, file_name: &str, options: &Options, meta: &Metadata) -> Source {
    let (title, titled_by) = match (&options.title, &meta.title) {
        (Some(t), _) => (t.clone(), None),
        (None, Some(t)) => (t.clone(), None),
        (None, None) => (
            format!("TensorFlow vs PyTorch ({file_name})"),
            Some(TITLED_BY.to_string()),
        ),
    };
    let origin = options.origin.clone().unwrap_or_else(|| {
        Path::new(file_name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file_name.to_string())
    });
    Source {
        id: id.clone(),
        title,
        publisher: options.publisher.clone().or_else(|| meta.publisher.clone()),
        as_of: options.date.clone().or_else(|| meta.date.clone()),
        origin,
        titled_by,
    }
}

/// Ids and topics for every draft: `<source>-<kind>-<label slug>`, numbered when taken.
fn tag(
    source: &SourceId,
    drafts: &[Draft],
    tagger: &topics::Tagger<'_>,
    taken: &HashSet<&str>,
) -> Result<Vec<write::Tagged>, ImportError> {
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let parts = d.body.quoted_parts();
        let label = id_label(&d.body);
        let base = format!("{source}-{}-{}", d.kind().as_str(), slug(label));
        let base = base.trim_end_matches('-').to_string();
        let mut id = base.clone();
        let mut n = 2;
        while used.contains(&id) || taken.contains(id.as_str()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(id.clone());
        // Too long only when a long source id meets a long label: reported as the reindex
        // would report the written file.
        let id = EntryId::new(id).map_err(|bad| {
            ImportError::Invalid(vec![Problem {
                file: format!("{source}.toml"),
                line: d.line,
                message: format!(
                    "id `{}` must be lowercase letters, digits, `-` or `_`",
                    bad.0
                ),
            }])
        })?;
        out.push(write::Tagged {
            id,
            topics: tagger.tag(&parts),
            draft: d.clone(),
        });
    }
    Ok(out)
}

/// The `*.toml` files of faq/ that the import keeps as they are, read through the same
/// [`knowledge::scan_dir`] rules as a reindex (regular files, size checked before reading), so
/// a file the reindex would refuse fails the import too, by name, before anything is written.
fn existing_files(
    faq_dir: &Path,
    entries_name: &str,
) -> Result<Vec<(String, String)>, ImportError> {
    let scan = knowledge::scan_dir(faq_dir).map_err(|p| ImportError::Invalid(vec![p]))?;
    if !scan.problems.is_empty() {
        return Err(ImportError::Invalid(scan.problems));
    }
    let mut files = Vec::new();
    for file in scan.files {
        if file.name == entries_name {
            continue;
        }
        let text = String::from_utf8(file.bytes).map_err(|_| {
            ImportError::Invalid(vec![Problem {
                file: file.path.display().to_string(),
                line: 1,
                message: "not valid UTF-8".to_string(),
            }])
        })?;
        files.push((file.name, text));
    }
    Ok(files)
}

/// Whitespace folded, as the verbatim check compares.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Loads faq/ as it would be after the import (the files of `overrides` in place of those on
/// disk), in memory, and checks every quoted value of the new source against the article.
fn validate(
    faq_dir: &Path,
    id: &str,
    overrides: Vec<(String, String)>,
    article: &str,
) -> Result<Knowledge, ImportError> {
    let entries_name = format!("{id}.toml");
    let mut files = existing_files(faq_dir, &entries_name)?;
    files.retain(|(name, _)| !overrides.iter().any(|(n, _)| n == name));
    files.extend(overrides);
    let k = knowledge::load_files(faq_dir, files).map_err(ImportError::Invalid)?;
    let article = fold(article);
    let wrong: Vec<String> = k
        .entries
        .iter()
        .filter(|e| e.source == id)
        .flat_map(|e| {
            e.quoted_parts()
                .into_iter()
                .filter(|p| !article.contains(&fold(p)))
                .map(|p| format!("{}: {p:?}", e.id))
                .collect::<Vec<_>>()
        })
        .collect();
    if wrong.is_empty() {
        Ok(k)
    } else {
        Err(ImportError::NotVerbatim(wrong))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_named_after_their_url_and_format() {
        assert_eq!(
            page_file_name("https://x.org/a/tf-vs-pt.md?utm=1", b"# T"),
            "tf-vs-pt.md"
        );
        assert_eq!(
            page_file_name("https://blog.x.org/2026/tf-vs-pt/", b"  <!doctype html><p>"),
            "tf-vs-pt.html"
        );
        assert_eq!(
            page_file_name("https://blog.x.org:443", b"# hi"),
            "blog.x.org.md"
        );
        let id = source_id(
            &page_file_name("https://blog.x.org/", b"<p>"),
            &Options::default(),
        );
        assert_eq!(id.unwrap(), "blog-x-org");
    }

    #[test]
    fn formats_ids_and_dates() {
        assert_eq!(Format::of("a.HTML"), Format::Html);
        assert_eq!(Format::of("post.md"), Format::Markdown);
        assert_eq!(Format::of("x.txt"), Format::Text);
        assert_eq!(
            source_id("My Article (2026).html", &Options::default()).unwrap(),
            "my-article-2026"
        );
        assert!(source_id(
            "x.txt",
            &Options {
                id: Some("Bad Id".into()),
                ..Options::default()
            }
        )
        .is_err());
        assert!(is_date("2026-09-14") && !is_date("14/09/2026"));
    }

    #[test]
    fn extraction_places_lines_and_reports_the_rest() {
        let article = "TensorFlow vs PyTorch\nUpdated 2026-10-02\n| Feature | TensorFlow | PyTorch |\n|---|---|---|\n| Mobile | LiteRT | ExecuTorch |\n| Browser | TensorFlow.js | None |\nSubscribe to our newsletter\nPhoto: a robot arm\n";
        let x = extract(article.as_bytes(), Format::Text).unwrap();
        assert_eq!(x.metadata.title.as_deref(), Some("TensorFlow vs PyTorch"));
        assert_eq!(x.metadata.date.as_deref(), Some("2026-10-02"));
        assert_eq!(x.drafts.len(), 2);
        assert_eq!(
            x.unplaced,
            [Unplaced {
                line: 8,
                text: "Photo: a robot arm".into()
            }]
        );
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert!(matches!(
            extract(&[0xff, 0xfe, 0x00], Format::Text),
            Err(ImportError::NotText { .. })
        ));
        let big = vec![b'a'; MAX_ARTICLE_BYTES + 1];
        assert!(matches!(
            extract(&big, Format::Text),
            Err(ImportError::TooLarge { .. })
        ));
    }

    #[test]
    fn validation_reads_faq_through_the_scan_rules() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("sources.toml"),
            "# replaced by the import\n",
        )
        .unwrap();
        fs::write(dir.path().join("topics.toml"), "# kept\n").unwrap();
        fs::write(dir.path().join("new.toml"), "# replaced by the import\n").unwrap();
        fs::write(dir.path().join("notes.txt"), "not faq").unwrap();
        let names: Vec<String> = existing_files(dir.path(), "new.toml")
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert!(names.contains(&"topics.toml".to_string()), "{names:?}");
        assert!(!names.iter().any(|n| n == "new.toml" || n == "notes.txt"));

        // A file the reindex would refuse (here by its size, never read) fails the import by name.
        let file = fs::File::create(dir.path().join("huge.toml")).unwrap();
        file.set_len(2 << 30).unwrap();
        drop(file);
        match existing_files(dir.path(), "new.toml") {
            Err(ImportError::Invalid(problems)) => {
                assert_eq!(problems.len(), 1);
                assert!(problems[0].file.ends_with("huge.toml"), "{problems:?}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_huge_sparse_file_is_refused_by_its_size_before_a_byte_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.html");
        let file = fs::File::create(&path).unwrap();
        file.set_len(2 << 30).unwrap();
        drop(file);
        // The size in the refusal is the file's, not what a limited read would have stopped at.
        match read_file(&path) {
            Err(ImportError::TooLarge { bytes, limit }) => {
                assert_eq!((bytes, limit), (2 << 30, MAX_ARTICLE_BYTES));
            }
            other => panic!("{:?}", other.map(|b| b.len())),
        }
        fs::write(&path, "<p>small</p>").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"<p>small</p>");
    }

    #[test]
    fn deeply_nested_html_is_refused_whatever_the_callers_stack() {
        let deep = |open: &str, levels: usize| {
            format!("<html><body>{}text", open.repeat(levels)).into_bytes()
        };
        let pages = [
            deep("<div>", 5_000),
            deep("<div>", 20_000),
            deep("<ul><li>", 100_000),
            deep("<b>", 10_000),
        ];
        // A caller with a small stack, as an async worker or the engine's pool might be.
        let refusals = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let dir = tempfile::tempdir().unwrap();
                fs::write(dir.path().join("sources.toml"), "").unwrap();
                pages
                    .iter()
                    .map(|page| {
                        import_article(page, "deep.html", &Options::default(), dir.path())
                            .map(|_| ())
                            .unwrap_err()
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .unwrap();
        for refusal in refusals {
            assert!(
                matches!(
                    refusal,
                    ImportError::TooDeep {
                        limit: MAX_NESTING,
                        line: 1
                    }
                ),
                "{refusal}"
            );
            assert!(
                refusal.to_string().contains("more than 256 deep"),
                "{refusal}"
            );
        }
        // Just inside the limit it is read (and found to hold nothing to import).
        let inside = deep("<div>", MAX_NESTING - 3);
        assert!(matches!(
            extract(&inside, Format::Html),
            Ok(Extracted { .. })
        ));
    }
}
