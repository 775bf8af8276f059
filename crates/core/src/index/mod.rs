//! The tantivy index over the knowledge: schema, building a generation into a fresh directory,
//! opening the recorded one, and switching generations atomically on disk.
//!
//! Layout under the index root:
//! ```text
//! CURRENT            name of the generation in use, replaced by an atomic rename
//! gen-000007/        a complete generation: faq/ (the snapshot it was built from),
//!                    tantivy/ (the index) and GENERATION (its fingerprint)
//! .building-000008-… a build in progress (or one a crash left behind; removed on start)
//! ```
//! A generation carries its own copy of faq/, so it can be served after a restart even when the
//! live faq/ has since been broken by an edit.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use foldhash::HashSet;
use tantivy::columnar::Column;
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, TantivyDocument};
use thiserror::Error;

use crate::knowledge::{self, EntryIx, Ix, Knowledge, Problem};

/// Name under which the versus analyzer is registered with tantivy.
pub const ANALYZER: &str = "versus_en";
const CURRENT: &str = "CURRENT";
const META: &str = "GENERATION";
/// tantivy's memory budget per indexing thread.
const WRITER_MEMORY: usize = 50_000_000;
/// tantivy's merge pool (its default is four threads). A build commits once, so at most one
/// merge runs; each idle thread still costs its own allocator heap, ~1.5 MB of peak RSS each (debug build)
/// when the service builds its index at start (benches/HISTORY.md, 2026-12-04).
const MERGE_THREADS: usize = 1;
/// Above this many entries the index is built by two indexing threads instead of one.
const TWO_THREADS_ABOVE: usize = 20_000;
/// Up to this many entries a generation's index is built in RAM and written out at the end.
const RAM_BUILD_MAX_ENTRIES: usize = 20_000;

/// Why an index could not be built or opened.
#[derive(Debug, Error)]
pub enum IndexError {
    /// faq/ has problems; nothing was built and the index in use is untouched.
    #[error("faq/ has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    /// A file system operation failed.
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The recorded generation is missing or incomplete.
    #[error("generation {0} is incomplete or unreadable: {1}")]
    Corrupt(String, String),
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> IndexError + 'a {
    move |source| IndexError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

/// The analyzer used for both indexing and questions: words, lowercased, accents folded,
/// English stems.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Handles on the schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Position of the entry in `Knowledge::entries`.
    pub ord: Field,
    /// The entry id.
    pub id: Field,
    /// The source id.
    pub source: Field,
    /// The entry kind.
    pub kind: Field,
    /// Topic ids, one term each.
    pub topics: Field,
    /// The entry's label: feature, question, heading.
    pub label: Field,
    /// All quoted text.
    pub body: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let fields = Fields {
            ord: b.add_u64_field("ord", FAST | STORED),
            id: b.add_text_field("id", STRING | STORED),
            source: b.add_text_field("source", STRING),
            kind: b.add_text_field("kind", STRING),
            topics: b.add_text_field("topics", STRING),
            label: b.add_text_field("label", text.clone()),
            body: b.add_text_field("body", text),
        };
        (b.build(), fields)
    }

    fn from_schema(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
        let get = |name: &str| schema.get_field(name);
        Ok(Fields {
            ord: get("ord")?,
            id: get("id")?,
            source: get("source")?,
            kind: get("kind")?,
            topics: get("topics")?,
            label: get("label")?,
            body: get("body")?,
        })
    }
}

/// One complete, opened generation: the knowledge it was built from and its index.
pub struct Generation {
    /// Generation number, increasing with each build.
    pub number: u64,
    /// The knowledge, loaded from the generation's own snapshot of faq/.
    pub knowledge: Knowledge,
    /// The tantivy index.
    pub index: Index,
    /// The one reader of this generation; reloaded never (the generation is immutable).
    pub reader: IndexReader,
    /// Field handles.
    pub fields: Fields,
    /// The `ord` column of each segment, in segment order.
    ords: Vec<Column<u64>>,
    /// Every term of the label and body fields, in any segment.
    terms: FieldTerms,
}

/// The terms the searched text fields hold, so that a search leaves out the words a field does
/// not have: such a clause adds nothing to any score, yet tantivy builds its weight (a
/// dictionary lookup and a 256-entry norm table) and its scorer all the same.
#[derive(Debug, Default)]
struct FieldTerms {
    label: HashSet<Box<str>>,
    body: HashSet<Box<str>>,
}

impl std::fmt::Debug for Generation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Generation")
            .field("number", &self.number)
            .field("entries", &self.knowledge.entries.len())
            .finish()
    }
}

impl Generation {
    /// Builds an in-memory generation (for tests and benchmarks that need no disk).
    pub fn in_ram(knowledge: Knowledge) -> Result<Generation, IndexError> {
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_ram(schema);
        fill(&index, &fields, &knowledge)?;
        Generation::open_index(0, knowledge, index)
    }

    fn open_index(
        number: u64,
        knowledge: Knowledge,
        index: Index,
    ) -> Result<Generation, IndexError> {
        index.tokenizers().register(ANALYZER, analyzer());
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let mut ords = Vec::new();
        let mut terms = FieldTerms::default();
        for segment in searcher.segment_readers() {
            ords.push(segment.fast_fields().u64("ord")?);
            collect_terms(segment, fields.label, &mut terms.label)?;
            collect_terms(segment, fields.body, &mut terms.body)?;
        }
        let docs = searcher.num_docs() as usize;
        if docs != knowledge.entries.len() {
            return Err(IndexError::Corrupt(
                format!("{number}"),
                format!(
                    "index has {docs} documents, knowledge {}",
                    knowledge.entries.len()
                ),
            ));
        }
        Ok(Generation {
            number,
            knowledge,
            index,
            reader,
            fields,
            ords,
            terms,
        })
    }

    /// Whether `text` is a term of `field` anywhere in the index; fields other than the label and
    /// the body are not tracked and always may hold it.
    pub fn may_hold(&self, field: Field, text: &str) -> bool {
        if field == self.fields.label {
            self.terms.label.contains(text)
        } else if field == self.fields.body {
            self.terms.body.contains(text)
        } else {
            true
        }
    }

    /// The knowledge entry position a search hit refers to.
    pub fn ord(&self, address: tantivy::DocAddress) -> Option<EntryIx> {
        self.ords
            .get(address.segment_ord as usize)
            .and_then(|c| c.first(address.doc_id))
            .map(|v| EntryIx::new(v as usize))
    }
}

/// Adds every term `segment` holds in `field` to `into`.
fn collect_terms(
    segment: &tantivy::SegmentReader,
    field: Field,
    into: &mut HashSet<Box<str>>,
) -> Result<(), IndexError> {
    let inverted = segment.inverted_index(field)?;
    let mut stream = inverted
        .terms()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        if let Ok(term) = std::str::from_utf8(stream.key()) {
            into.insert(term.into());
        }
    }
    Ok(())
}

/// How many indexing threads build an index of `entries` entries.
fn indexing_threads(entries: usize) -> usize {
    if entries > TWO_THREADS_ABOVE {
        2
    } else {
        1
    }
}

fn fill(index: &Index, fields: &Fields, knowledge: &Knowledge) -> Result<(), IndexError> {
    index.tokenizers().register(ANALYZER, analyzer());
    let threads = indexing_threads(knowledge.entries.len());
    let mut writer = index.writer_with_options::<TantivyDocument>(
        tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(WRITER_MEMORY)
            .num_merge_threads(MERGE_THREADS)
            .build(),
    )?;
    for (ord, entry) in knowledge.entries.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_u64(fields.ord, ord as u64);
        doc.add_text(fields.id, &entry.id);
        doc.add_text(fields.source, &entry.source);
        doc.add_text(fields.kind, entry.kind().as_str());
        for topic in &entry.topics {
            doc.add_text(fields.topics, topic);
        }
        if let Some(label) = entry.label() {
            doc.add_text(fields.label, label);
        }
        for part in entry.quoted_parts() {
            doc.add_text(fields.body, part);
        }
        if let knowledge::Body::Row(knowledge::Row { table, .. }) = &entry.body {
            doc.add_text(fields.body, table);
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// The new generation, opened and ready to serve.
    pub generation: Generation,
    /// How long the build took.
    pub elapsed: std::time::Duration,
}

/// The index root directory and its generations.
#[derive(Debug, Clone)]
pub struct GenerationStore {
    root: PathBuf,
}

impl GenerationStore {
    /// A store rooted at `root` (created on first build).
    pub fn new(root: impl Into<PathBuf>) -> GenerationStore {
        GenerationStore { root: root.into() }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The name of the generation recorded in CURRENT, if any.
    pub fn current_name(&self) -> Option<String> {
        let text = fs::read_to_string(self.root.join(CURRENT)).ok()?;
        let name = text.lines().next()?.trim().to_string();
        valid_gen_name(&name).then_some(name)
    }

    /// The fingerprint of the recorded generation's faq snapshot.
    pub fn current_fingerprint(&self) -> Option<String> {
        let name = self.current_name()?;
        let meta = fs::read_to_string(self.root.join(&name).join(META)).ok()?;
        meta.lines()
            .find_map(|l| l.strip_prefix("fingerprint="))
            .map(str::to_string)
    }

    /// Opens the generation recorded in CURRENT; `Ok(None)` when there is none yet.
    pub fn open_current(&self) -> Result<Option<Generation>, IndexError> {
        let Some(name) = self.current_name() else {
            return Ok(None);
        };
        let dir = self.root.join(&name);
        let number = gen_number(&name).unwrap_or(0);
        let knowledge = knowledge::load_dir(&dir.join("faq")).map_err(|problems| {
            IndexError::Corrupt(
                name.clone(),
                format!(
                    "its faq snapshot does not load ({} problems)",
                    problems.len()
                ),
            )
        })?;
        let index = Index::open_in_dir(dir.join("tantivy"))?;
        Generation::open_index(number, knowledge, index).map(Some)
    }

    /// Validates `faq`, builds a new generation beside the current one and records it as current.
    /// On any failure the current generation is untouched.
    pub fn build(&self, faq: &Path) -> Result<BuildReport, IndexError> {
        let started = std::time::Instant::now();
        fs::create_dir_all(&self.root).map_err(io("cannot create index directory", &self.root))?;
        let number = self.next_number();
        let tmp = self
            .root
            .join(format!(".building-{number:06}-{}", std::process::id()));
        let result = self.build_into(faq, number, &tmp);
        if result.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        let generation = result?;
        Ok(BuildReport {
            generation,
            elapsed: started.elapsed(),
        })
    }

    fn build_into(&self, faq: &Path, number: u64, tmp: &Path) -> Result<Generation, IndexError> {
        let snapshot = tmp.join("faq");
        fs::create_dir_all(&snapshot).map_err(io("cannot create", &snapshot))?;
        // Snapshot first, then load the snapshot: what is indexed is exactly what is kept, even
        // if someone edits faq/ while we build.
        copy_toml_files(faq, &snapshot)?;
        let knowledge = knowledge::load_dir(&snapshot).map_err(|problems| {
            IndexError::Invalid(
                problems
                    .into_iter()
                    .map(|p| Problem {
                        file: rebase(&p.file, &snapshot, faq),
                        ..p
                    })
                    .collect(),
            )
        })?;
        let tantivy_dir = tmp.join("tantivy");
        fs::create_dir_all(&tantivy_dir).map_err(io("cannot create", &tantivy_dir))?;
        let (schema, fields) = Fields::schema();
        if knowledge.entries.len() <= RAM_BUILD_MAX_ENTRIES {
            // Built in RAM, then each file written out and synced once: committing on disk syncs
            // every file and tantivy's bookkeeping (.managed.json, meta.json) as it goes, some
            // twenty fsyncs of ~4 ms each on this kind of disk, most of a small reindex.
            let ram = RamDirectory::create();
            let index = Index::create(ram.clone(), schema, IndexSettings::default())?;
            fill(&index, &fields, &knowledge)?;
            drop(index);
            let disk = MmapDirectory::open(&tantivy_dir).map_err(tantivy::TantivyError::from)?;
            ram.persist(&disk)?;
            sync_dir(&tantivy_dir);
        } else {
            // Large: the syncs are a small share, and a second copy of the index in RAM is not.
            let index = Index::create_in_dir(&tantivy_dir, schema)?;
            fill(&index, &fields, &knowledge)?;
        }
        let meta = format!(
            "fingerprint={}\nentries={}\n",
            knowledge.fingerprint,
            knowledge.entries.len()
        );
        write_synced(&tmp.join(META), meta.as_bytes())?;
        sync_dir(tmp);
        let name = format!("gen-{number:06}");
        let dir = self.root.join(&name);
        fs::rename(tmp, &dir).map_err(io("cannot move new generation into place", &dir))?;
        sync_dir(&self.root);
        let index = Index::open_in_dir(dir.join("tantivy"))?;
        let generation = Generation::open_index(number, knowledge, index)?;
        self.record_current(&name)?;
        Ok(generation)
    }

    fn record_current(&self, name: &str) -> Result<(), IndexError> {
        let tmp = self.root.join(format!(".CURRENT.{}", std::process::id()));
        write_synced(&tmp, format!("{name}\n").as_bytes())?;
        let target = self.root.join(CURRENT);
        fs::rename(&tmp, &target).map_err(io("cannot record current generation", &target))?;
        sync_dir(&self.root);
        Ok(())
    }

    fn next_number(&self) -> u64 {
        let mut max = 0;
        if let Ok(read) = fs::read_dir(&self.root) {
            for entry in read.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let n = gen_number(&name).or_else(|| {
                    name.strip_prefix(".building-")
                        .and_then(|r| r.split('-').next())
                        .and_then(|n| n.parse().ok())
                });
                max = max.max(n.unwrap_or(0));
            }
        }
        max + 1
    }

    /// Removes builds a crash left behind and every generation older than the one before the
    /// current one (readers still on the previous generation finish on their open files).
    /// Generations newer than the current one are left alone: a build running concurrently may
    /// be about to record one.
    pub fn clean(&self) -> usize {
        let current = self.current_name();
        let Ok(read) = fs::read_dir(&self.root) else {
            return 0;
        };
        let mut gens: Vec<(u64, PathBuf)> = Vec::new();
        let mut removed = 0;
        let me = format!("-{}", std::process::id());
        for entry in read.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".building-") && !name.ends_with(&me) {
                if fs::remove_dir_all(entry.path()).is_ok() {
                    removed += 1;
                }
            } else if name.starts_with(".CURRENT.") && !name.ends_with(&me[1..]) {
                let _ = fs::remove_file(entry.path());
            } else if let Some(n) = gen_number(&name) {
                gens.push((n, entry.path()));
            }
        }
        let Some(current) = current.as_deref().and_then(gen_number) else {
            return removed;
        };
        let previous = gens.iter().map(|g| g.0).filter(|&n| n < current).max();
        for (n, path) in gens {
            if n < current && Some(n) != previous && fs::remove_dir_all(&path).is_ok() {
                removed += 1;
            }
        }
        removed
    }
}

fn valid_gen_name(name: &str) -> bool {
    gen_number(name).is_some()
}

fn gen_number(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("gen-")?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn rebase(file: &str, from: &Path, to: &Path) -> String {
    match Path::new(file).strip_prefix(from) {
        Ok(rest) => to.join(rest).display().to_string(),
        Err(_) => file.to_string(),
    }
}

/// Copies what the scan of `from` reads into `to`; refuses (copying nothing more) when the scan
/// refuses any file, so a generation never holds less than `faq/` says.
fn copy_toml_files(from: &Path, to: &Path) -> Result<(), IndexError> {
    let scan = knowledge::scan_dir(from).map_err(|p| IndexError::Invalid(vec![p]))?;
    if !scan.problems.is_empty() {
        return Err(IndexError::Invalid(scan.problems));
    }
    for file in scan.files {
        let target = to.join(&file.name);
        fs::write(&target, &file.bytes).map_err(io("cannot write", &target))?;
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IndexError> {
    let mut file = fs::File::create(path).map_err(io("cannot create", path))?;
    file.write_all(bytes).map_err(io("cannot write", path))?;
    file.sync_all().map_err(io("cannot sync", path))?;
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Directory fsync makes the rename durable; where the platform cannot, the rename is still
    // atomic, only not yet durable.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knowledge_of_the_shipped_size_is_indexed_by_one_thread_and_one_merge_thread() {
        // Each writer thread is an allocator heap of its own: peak RSS at start-up (benches/HISTORY.md).
        assert_eq!(indexing_threads(154), 1);
        assert_eq!(indexing_threads(TWO_THREADS_ABOVE), 1);
        assert_eq!(indexing_threads(TWO_THREADS_ABOVE + 1), 2);
        assert_eq!(MERGE_THREADS, 1);
    }

    /// The engine's fixture written to a directory of its own.
    fn faq() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        crate::engine::testing::write_fixture(dir.path());
        dir
    }

    #[test]
    fn a_small_generation_built_in_ram_is_complete_on_disk() {
        let root = tempfile::tempdir().unwrap();
        let store = GenerationStore::new(root.path());
        let faq = faq();
        let built = store.build(faq.path()).unwrap().generation;
        let entries = built.knowledge.entries.len();
        drop(built);
        let opened = store.open_current().unwrap().expect("a current generation");
        assert_eq!(opened.knowledge.entries.len(), entries);
        assert_eq!(opened.reader.searcher().num_docs() as usize, entries);
    }

    #[test]
    fn a_generation_knows_which_terms_its_label_and_body_hold() {
        let root = tempfile::tempdir().unwrap();
        let faq = faq();
        let g = GenerationStore::new(root.path())
            .build(faq.path())
            .unwrap()
            .generation;
        let f = g.fields;
        // "Initial Release" is a row label of the fixture; nothing says "zyzzyva".
        assert!(g.may_hold(f.label, "initi"));
        assert!(g.may_hold(f.body, "tensorflow"));
        assert!(!g.may_hold(f.label, "zyzzyva"));
        assert!(!g.may_hold(f.body, "zyzzyva"));
        // Untracked fields always may.
        assert!(g.may_hold(f.topics, "zyzzyva"));
    }

    #[test]
    fn clean_keeps_the_current_and_previous_generations_and_any_newer_one() {
        let root = tempfile::tempdir().unwrap();
        let store = GenerationStore::new(root.path());
        let faq = faq();
        for _ in 0..3 {
            store.build(faq.path()).unwrap();
        }
        // A generation a concurrent build has moved into place but not yet recorded.
        fs::create_dir(root.path().join("gen-000009")).unwrap();
        assert_eq!(store.clean(), 1);
        let mut left: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("gen-"))
            .collect();
        left.sort();
        assert_eq!(left, ["gen-000002", "gen-000003", "gen-000009"]);
    }
}
