//! A synthetic knowledge base of any size, for benchmarks and load tests: a `faq/` directory of
//! sources, topics and every kind of entry that passes `versus check`, deterministic from a seed.
//!
//! The text is generated, not quoted from any article, so a generated `faq/` is for measuring
//! cost, never for answering people. It is shaped like the real one: the real topics plus
//! generated ones, rows that share feature labels across sources, verdict lines that lean per
//! topic, and a vocabulary that grows with the size (Zipf-like word frequencies, Heaps-like
//! vocabulary growth), so index, lexicon and typo correction see realistic sizes.
//! Knows the `faq/` file format, not the index or the engine.

use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

use versus_core::knowledge::{
    entry_table, source_line, source_table, topic_table, BadId, Body, Cell, Entry, Kind, Row, Side,
    Source, SourceId, Topic, TopicId, MAX_FILE_BYTES,
};

/// Bumped whenever the output for a given spec changes, so cached copies are regenerated.
const VERSION: u32 = 2;
/// Written into every generated directory: says it is ours to replace, and what it holds.
const MARKER: &str = ".versus-gen";
/// A file is closed and the next one started past this size: far under the loader's limit.
const FILE_BUDGET: usize = (MAX_FILE_BYTES / 8) as usize;
/// About how many entries one source contributes (the shipped articles give 20–50).
const ENTRIES_PER_SOURCE: usize = 400;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Number of entries, all kinds together.
    pub entries: usize,
    /// Seed of the generator: the same spec and topics always give the same files.
    pub seed: u64,
}

impl Spec {
    /// `entries` entries from the default seed.
    pub fn new(entries: usize) -> Spec {
        Spec { entries, seed: 1 }
    }
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Entries written.
    pub entries: usize,
    /// Sources written.
    pub sources: usize,
    /// Topics written (the given ones and the generated ones).
    pub topics: usize,
    /// `*.toml` files written.
    pub files: usize,
    /// Bytes written across them.
    pub bytes: u64,
}

/// Why a knowledge base could not be generated.
#[derive(Debug, Error)]
pub enum GenError {
    /// The output directory holds files this generator did not write.
    #[error("{0} is not empty and was not written by gen-kb; refusing to overwrite it")]
    NotOurs(PathBuf),
    /// A file system operation failed.
    #[error("{what} {path}: {source}")]
    Io {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> GenError + 'a {
    move |source| GenError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

/// What a generated knowledge base takes from a real one: its topics (the real topics.toml, to
/// which generated topics are added) and its lexicon.toml's text, copied as it is so that
/// questions are read with the real word lists.
#[derive(Debug, Clone, Copy)]
pub struct Base<'a> {
    /// The real topics.
    pub topics: &'a [Topic],
    /// The real lexicon.toml, if there is one.
    pub lexicon: Option<&'a str>,
}

/// Writes a generated knowledge base of `spec.entries` entries into `out`, from `base` plus
/// generated topics. `out` must be missing, empty, or an earlier output of this generator
/// (which is replaced).
pub fn generate(out: &Path, spec: &Spec, base: Base<'_>) -> Result<Summary, GenError> {
    generate_within(out, spec, base, FILE_BUDGET)
}

fn generate_within(
    out: &Path,
    spec: &Spec,
    base: Base<'_>,
    budget: usize,
) -> Result<Summary, GenError> {
    prepare(out)?;
    let mut g = Generator::new(spec, base.topics);
    let mut writer = Writer::new(out, budget);
    writer.write_file("topics.toml", &g.topics_toml())?;
    if let Some(lexicon) = base.lexicon {
        writer.write_file("lexicon.toml", lexicon)?;
    }
    writer.write_file("sources.toml", &g.sources_toml())?;
    let sources = g.sources.len();
    let mut remaining = spec.entries;
    for s in 0..sources {
        // Spread entries evenly; the first sources take the remainder.
        let n = spec.entries / sources + usize::from(s < spec.entries % sources);
        let n = n.min(remaining);
        remaining -= n;
        g.write_source(s, n, &mut writer)?;
    }
    let summary = Summary {
        entries: spec.entries,
        sources,
        topics: g.topics.len(),
        files: writer.files,
        bytes: writer.bytes,
    };
    let marker = marker_text(spec, base);
    fs::write(out.join(MARKER), marker).map_err(io("cannot write", &out.join(MARKER)))?;
    Ok(summary)
}

/// Like [`generate`], but keeps what is already in `out` when an earlier run wrote the same
/// spec from the same topics (benchmarks cache their large knowledge bases this way).
/// Returns `None` when the cached copy was kept.
pub fn generate_cached(
    out: &Path,
    spec: &Spec,
    base: Base<'_>,
) -> Result<Option<Summary>, GenError> {
    let want = marker_text(spec, base);
    if fs::read_to_string(out.join(MARKER)).is_ok_and(|have| have == want) {
        return Ok(None);
    }
    generate(out, spec, base).map(Some)
}

/// An id made from the generator's lowercase syllables, digits and `-`, which always pass
/// [`versus_core::knowledge::is_id`] (the longest, an entry's, is ~30 bytes of the 100 allowed).
fn generated_id<T: TryFrom<String, Error = BadId>>(s: String) -> T {
    T::try_from(s).expect("generated ids are lowercase syllables, digits and `-`")
}

fn marker_text(spec: &Spec, base: Base<'_>) -> String {
    // FNV-1a over the topics and the lexicon: enough to notice that either changed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let topics = base.topics.iter().flat_map(|t| {
        [t.id.as_str(), t.label.as_str()]
            .into_iter()
            .chain(t.words.iter().map(String::as_str))
            .chain(t.weak.iter().map(String::as_str))
    });
    for s in base.lexicon.into_iter().chain(topics) {
        for b in s.bytes().chain([0]) {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!(
        "generated by versus gen-kb\nversion={VERSION}\nentries={}\nseed={}\ntopics={h:016x}\n",
        spec.entries, spec.seed
    )
}

/// Makes `out` an empty directory of ours, removing an earlier output of ours.
fn prepare(out: &Path) -> Result<(), GenError> {
    fs::create_dir_all(out).map_err(io("cannot create", out))?;
    let ours = out.join(MARKER).is_file();
    let listing: Vec<PathBuf> = fs::read_dir(out)
        .map_err(io("cannot read", out))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    if !ours && !listing.is_empty() {
        return Err(GenError::NotOurs(out.to_path_buf()));
    }
    for path in listing {
        if path.extension().is_some_and(|e| e == "toml") {
            fs::remove_file(&path).map_err(io("cannot remove", &path))?;
        }
    }
    // Claimed before any file is written, so a run that is interrupted leaves a directory the
    // next run may replace; the spec is written only once the output is complete, so an
    // interrupted one is never taken for a cached copy.
    let marker = out.join(MARKER);
    fs::write(&marker, "generated by versus gen-kb\nincomplete\n")
        .map_err(io("cannot write", &marker))
}

/// SplitMix64: tiny, fast, and good enough for made-up prose.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A rank in `0..n` with probability about proportional to 1/(rank+1): few words are
    /// everywhere, most are rare.
    fn zipf(&mut self, n: usize) -> usize {
        let x = (n as f64 + 1.0).powf(self.unit());
        (x as usize).saturating_sub(1).min(n.saturating_sub(1))
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

const GLUE: &[&str] = &[
    "the", "a", "and", "for", "with", "of", "to", "in", "is", "are", "more", "than", "when",
    "while", "on", "its", "most", "both", "but", "still", "also", "can", "it", "by", "from",
    "teams", "you", "your", "which", "that", "not", "very", "often", "better", "less", "well",
];

const DOMAIN: &[&str] = &[
    "model",
    "models",
    "training",
    "inference",
    "deployment",
    "production",
    "research",
    "tensor",
    "tensors",
    "graph",
    "eager",
    "execution",
    "layer",
    "layers",
    "gradient",
    "gradients",
    "optimizer",
    "kernel",
    "kernels",
    "latency",
    "throughput",
    "memory",
    "accelerator",
    "GPU",
    "GPUs",
    "TPU",
    "CUDA",
    "compiler",
    "compile",
    "export",
    "serving",
    "mobile",
    "browser",
    "edge",
    "dataset",
    "datasets",
    "pipeline",
    "pipelines",
    "checkpoint",
    "checkpoints",
    "quantization",
    "distillation",
    "pruning",
    "batch",
    "batching",
    "cluster",
    "distributed",
    "community",
    "ecosystem",
    "documentation",
    "tutorials",
    "debugging",
    "profiling",
    "API",
    "APIs",
    "abstraction",
    "abstractions",
    "syntax",
    "tooling",
    "libraries",
    "support",
    "supports",
    "offers",
    "provides",
    "requires",
    "needs",
    "handles",
    "runs",
    "ships",
    "scales",
    "mature",
    "flexible",
    "stable",
    "faster",
    "simpler",
    "native",
    "experimental",
    "limited",
    "growing",
    "dominant",
    "declining",
    "popular",
    "intuitive",
    "verbose",
    "pythonic",
    "robust",
    "lightweight",
    "efficient",
    "portable",
    "enterprise",
    "startup",
    "startups",
    "engineers",
    "researchers",
    "students",
    "beginners",
    "papers",
    "benchmarks",
    "version",
    "release",
    "releases",
    "license",
    "open",
    "source",
    "free",
    "cloud",
    "hardware",
    "vision",
    "language",
    "speech",
    "audio",
    "text",
    "images",
    "video",
    "transformer",
    "transformers",
    "attention",
    "convolution",
    "recurrent",
    "embedding",
    "embeddings",
    "tokenizer",
    "fine-tuning",
    "pretrained",
    "weights",
    "hub",
    "integration",
    "interop",
    "conversion",
    "format",
    "runtime",
    "server",
    "endpoint",
    "monitoring",
    "tracking",
    "visualization",
    "dashboard",
    "metrics",
    "scores",
    "stars",
    "downloads",
    "jobs",
    "hiring",
    "career",
    "salary",
    "migration",
    "legacy",
    "rewrite",
    "port",
    "stack",
    "infrastructure",
    "workflow",
    "experiments",
    "prototype",
    "prototyping",
    "iteration",
    "reproducibility",
    "determinism",
    "precision",
    "mixed",
    "float16",
    "bfloat16",
    "int8",
    "sparse",
    "dense",
    "autograd",
    "differentiation",
    "XLA",
    "ONNX",
    "JAX",
    "Keras",
    "Lightning",
    "TorchServe",
    "TFLite",
    "LiteRT",
    "ExecuTorch",
];

const FRAMEWORKS: &[&str] = &[
    "TensorFlow",
    "PyTorch",
    "TensorFlow",
    "PyTorch",
    "Keras",
    "TF",
    "torch",
];

const SYLLABLES: &[&str] = &[
    "ka", "ven", "tor", "lux", "mi", "ra", "zen", "qua", "dro", "fel", "nix", "ost", "pra", "sil",
    "tam", "ur", "vek", "wo", "xan", "yel", "bri", "cor", "dal", "ez", "gor", "hal", "io", "jun",
    "kel", "lom", "mar", "nor", "op", "pel", "quin", "ros", "sta", "tri", "ul", "vor",
];

const TABLES: &[&str] = &[
    "Feature comparison",
    "Metrics",
    "Side-by-Side Comparison",
    "Overview",
    "Ecosystem",
    "Deployment options",
    "Scores",
];

const STARS: &[&str] = &["★★★★★", "★★★★☆", "★★★☆☆", "★★☆☆☆"];
const MARKS: &[&str] = &["✅", "⚠️", "❌"];
const ALTERNATIVES: &[&str] = &[
    "scikit-learn",
    "XGBoost",
    "LightGBM",
    "JAX",
    "ONNX Runtime",
    "a hosted model API",
    "MXNet",
    "Core ML",
];

/// A generated topic, written into topics.toml beside the real ones.
struct GenTopic {
    id: TopicId,
    label: String,
    words: Vec<String>,
    weak: Vec<String>,
}

struct GenSource {
    id: SourceId,
    title: String,
    publisher: Option<String>,
    as_of: Option<String>,
}

struct Generator {
    rng: Rng,
    base: Vec<Topic>,
    generated: Vec<GenTopic>,
    /// Every topic id, real ones first.
    topics: Vec<TopicId>,
    /// Per topic, words that name it (to weave into text about it).
    topic_words: Vec<Vec<String>>,
    /// Per topic, how likely a side-taking entry favours TensorFlow over PyTorch.
    lean: Vec<f64>,
    /// Made-up words, most common first.
    pseudo: Vec<String>,
    /// Row labels, most common first: rows of different sources share them.
    features: Vec<String>,
    sources: Vec<GenSource>,
    next_id: usize,
}

impl Generator {
    fn new(spec: &Spec, base: &[Topic]) -> Generator {
        let mut rng = Rng(spec.seed ^ 0x005e_ed0f_7e25);
        // Heaps' law: distinct words grow with the square root of the text; ~60 words an entry.
        let pseudo_count = 2_000 + (30.0 * ((spec.entries * 60) as f64).sqrt()) as usize;
        let mut pseudo = Vec::with_capacity(pseudo_count);
        let mut seen = std::collections::HashSet::new();
        while pseudo.len() < pseudo_count {
            let n = rng.range(2, 4);
            let w: String = (0..n).map(|_| rng.pick(SYLLABLES)).collect();
            if seen.insert(w.clone()) {
                pseudo.push(w);
            }
        }
        // Generated topics: a topic per thousand entries, at least eight.
        let gen_count = (spec.entries / 1_000).max(8);
        let mut generated = Vec::with_capacity(gen_count);
        for i in 0..gen_count {
            let head = pseudo[rng.below(pseudo.len())].clone();
            let noun = rng.pick(DOMAIN);
            let mut words = vec![head.clone(), format!("{head} {}", noun.to_lowercase())];
            for _ in 0..rng.range(1, 4) {
                words.push(pseudo[rng.below(pseudo.len())].clone());
            }
            words.dedup();
            let weak = (0..rng.below(3))
                .map(|_| pseudo[rng.below(pseudo.len())].clone())
                .collect();
            generated.push(GenTopic {
                id: generated_id(format!("gen-{head}-{i}")),
                label: format!("{} {}", capitalize(&head), noun.to_lowercase()),
                words,
                weak,
            });
        }
        let mut topics: Vec<TopicId> = base.iter().map(|t| t.id.clone()).collect();
        let mut topic_words: Vec<Vec<String>> = base.iter().map(|t| t.words.clone()).collect();
        for t in &generated {
            topics.push(t.id.clone());
            topic_words.push(t.words.clone());
        }
        let lean = (0..topics.len())
            .map(|_| match rng.below(5) {
                0 | 1 => 0.8,
                2 | 3 => 0.2,
                _ => 0.5,
            })
            .collect();
        // Feature labels: the real topic labels and made-up ones, shared across sources.
        let feature_count = 60 + spec.entries / 25;
        let mut features: Vec<String> = base.iter().map(|t| capitalize(&t.label)).collect();
        while features.len() < feature_count {
            let a = if rng.chance(0.5) {
                capitalize(&pseudo[rng.zipf(pseudo.len())])
            } else {
                capitalize(rng.pick(DOMAIN))
            };
            let b = capitalize(rng.pick(DOMAIN));
            features.push(format!("{a} {b}"));
        }
        let source_count = spec.entries.div_ceil(ENTRIES_PER_SOURCE).max(5);
        let mut sources = Vec::with_capacity(source_count);
        for i in 0..source_count {
            let words: Vec<String> = (0..rng.range(2, 4))
                .map(|_| capitalize(&pseudo[rng.below(pseudo.len())]))
                .collect();
            sources.push(GenSource {
                id: generated_id(format!("gen-src-{:05}", i + 1)),
                title: format!("TensorFlow vs PyTorch: {}", words.join(" ")),
                publisher: rng
                    .chance(0.5)
                    .then(|| capitalize(&pseudo[rng.below(pseudo.len())])),
                as_of: rng.chance(0.7).then(|| date(&mut rng)),
            });
        }
        Generator {
            rng,
            base: base.to_vec(),
            generated,
            topics,
            topic_words,
            lean,
            pseudo,
            features,
            sources,
            next_id: 0,
        }
    }

    fn topics_toml(&self) -> String {
        let mut s =
            String::from("# Generated by `versus gen-kb`: the real topics, then made-up ones.\n");
        let made = self.generated.iter().map(|t| Topic {
            id: t.id.clone(),
            label: t.label.clone(),
            words: t.words.clone(),
            weak: t.weak.clone(),
            verdict: true,
        });
        for topic in self.base.iter().cloned().chain(made) {
            s.push('\n');
            s.push_str(&topic_table(&topic));
        }
        s
    }

    fn sources_toml(&self) -> String {
        let mut s = String::from(
            "# Generated by `versus gen-kb`: made-up sources for benchmarks, not real articles.\n",
        );
        for src in &self.sources {
            let source = Source {
                id: src.id.clone(),
                title: src.title.clone(),
                publisher: src.publisher.clone(),
                as_of: src.as_of.clone(),
                origin: format!("{}.txt", src.id),
                titled_by: Some("versus".to_string()),
            };
            s.push('\n');
            s.push_str(&source_table(&source));
        }
        s
    }

    fn write_source(&mut self, s: usize, n: usize, w: &mut Writer) -> Result<(), GenError> {
        let id = self.sources[s].id.clone();
        let header = source_line(&id);
        let mut part = 1;
        let mut buf = header.clone();
        for _ in 0..n {
            let entry = self.entry(&id);
            if buf.len() + entry.len() > w.budget {
                w.write_file(&file_name(&id, part), &buf)?;
                part += 1;
                buf = header.clone();
            }
            buf.push_str(&entry);
        }
        w.write_file(&file_name(&id, part), &buf)
    }

    /// One entry of a kind drawn in about the shipped proportions, as TOML.
    fn entry(&mut self, source: &SourceId) -> String {
        let topics = self.entry_topics();
        let first = topics[0];
        let roll = self.rng.below(100);
        let kind = match roll {
            0..=51 => Kind::Row,
            52..=77 => Kind::Pick,
            78..=87 => Kind::Passage,
            88..=92 => Kind::Faq,
            93..=95 => Kind::Alternative,
            96..=97 => Kind::Migration,
            _ => Kind::Story,
        };
        self.next_id += 1;
        let (body, stance) = match kind {
            Kind::Row => self.row(first),
            Kind::Pick => self.pick(first),
            Kind::Passage => self.passage(first),
            Kind::Faq => self.faq(first),
            Kind::Alternative => self.alternative(first),
            Kind::Migration => self.migration(),
            Kind::Story => self.story(first),
        };
        let entry = Entry {
            id: generated_id(format!("{source}-{}-{}", kind.as_str(), self.next_id)),
            source: source.clone(),
            topics: topics.iter().map(|&t| self.topics[t].clone()).collect(),
            stance,
            body,
            file: PathBuf::new(),
            line: 0,
        };
        format!("\n{}", entry_table(&entry))
    }

    /// A score as tables print them, for one side's cell in four rows of ten.
    fn score(&mut self, scored: usize) -> Option<String> {
        match scored {
            0..=1 => Some(self.rng.pick(STARS).to_string()),
            2 => Some(format!("{}/10", self.rng.range(4, 10))),
            3 => Some(self.rng.pick(MARKS).to_string()),
            _ => None,
        }
    }

    fn row(&mut self, first: usize) -> (Body, Option<Side>) {
        let feature = self.features[self.rng.zipf(self.features.len())].clone();
        let table = self.rng.pick(TABLES).to_string();
        let scored = self.rng.below(10);
        let tensorflow_score = self.score(scored);
        let tensorflow = Some(self.phrase(first, 2, 14));
        let pytorch_score = self.score(scored);
        let pytorch = Some(self.phrase(first, 2, 14));
        let winner = self.rng.chance(0.5).then(|| self.side(first));
        let note = self.rng.chance(0.15).then(|| self.sentence(first));
        let as_of = self.rng.chance(0.1).then(|| date(&mut self.rng));
        let body = Body::Row(Row {
            table,
            section: None,
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
        (body, winner)
    }

    fn pick(&mut self, first: usize) -> (Body, Option<Side>) {
        let use_case = self
            .rng
            .chance(0.7)
            .then(|| capitalize(&self.phrase(first, 2, 5)));
        let roll = self.rng.below(100);
        let pick = match roll {
            0..=6 => Side::Neither,
            7..=14 => Side::Tie,
            _ => self.side(first),
        };
        let reason = self.sentences(first, 1, 2);
        let alternative = (pick == Side::Neither).then(|| self.rng.pick(ALTERNATIVES).to_string());
        let body = Body::Pick {
            use_case,
            pick,
            reason,
            alternative,
        };
        (body, Some(pick))
    }

    fn passage(&mut self, first: usize) -> (Body, Option<Side>) {
        let heading = self
            .rng
            .chance(0.8)
            .then(|| capitalize(&self.phrase(first, 2, 6)));
        let text = self.sentences(first, 3, 8);
        let favours = self.rng.chance(0.5).then(|| self.side(first));
        (Body::Passage { heading, text }, favours)
    }

    fn faq(&mut self, first: usize) -> (Body, Option<Side>) {
        let about = self.phrase(first, 2, 5);
        let framework = if self.rng.chance(0.5) {
            "TensorFlow"
        } else {
            "PyTorch"
        };
        let question = format!("Is {framework} good for {about}?");
        let answer = self.sentences(first, 1, 4);
        let favours = self.rng.chance(0.4).then(|| self.side(first));
        (Body::Faq { question, answer }, favours)
    }

    fn alternative(&mut self, first: usize) -> (Body, Option<Side>) {
        let name = self.rng.pick(ALTERNATIVES).to_string();
        let best_for = self.phrase(first, 3, 8);
        let pricing = self
            .rng
            .chance(0.6)
            .then(|| "Free and open source".to_string());
        let gotcha = self.rng.chance(0.6).then(|| self.sentence(first));
        let body = Body::Alternative {
            name,
            best_for,
            pricing,
            gotcha,
        };
        // An alternative is described, not recommended: it casts no vote.
        (body, None)
    }

    fn migration(&mut self) -> (Body, Option<Side>) {
        let size = format!("{} {}", capitalize(self.rng.pick(DOMAIN)), "codebase");
        let cost = format!("{}–{} weeks", self.rng.range(1, 4), self.rng.range(5, 20));
        (Body::Migration { size, cost }, None)
    }

    fn story(&mut self, first: usize) -> (Body, Option<Side>) {
        let text = self.sentences(first, 2, 5);
        let favours = self.rng.chance(0.3).then(|| self.side(first));
        (Body::Story { text }, favours)
    }

    /// One to four topics, most relevant first; real topics more often than made-up ones.
    fn entry_topics(&mut self) -> Vec<usize> {
        let real = self.base.len();
        let total = self.topics.len();
        let draw = |rng: &mut Rng| {
            if real > 0 && rng.chance(0.7) {
                rng.zipf(real)
            } else {
                rng.below(total)
            }
        };
        let mut out = vec![draw(&mut self.rng)];
        for _ in 0..self.rng.below(4) {
            let t = draw(&mut self.rng);
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }

    fn side(&mut self, topic: usize) -> Side {
        if self.rng.chance(self.lean[topic]) {
            Side::TensorFlow
        } else {
            Side::PyTorch
        }
    }

    /// `lo..=hi` words about `topic`: glue, domain words, framework names, topic words, rare
    /// words.
    fn phrase(&mut self, topic: usize, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        let mut words: Vec<String> = Vec::with_capacity(n + 2);
        while words.len() < n {
            let roll = self.rng.below(100);
            let w = match roll {
                0..=29 => GLUE[self.rng.zipf(GLUE.len())].to_string(),
                30..=59 => DOMAIN[self.rng.zipf(DOMAIN.len())].to_string(),
                60..=67 => self.rng.pick(FRAMEWORKS).to_string(),
                68..=77 => {
                    let list = &self.topic_words[topic];
                    if list.is_empty() {
                        continue;
                    }
                    list[self.rng.below(list.len())].clone()
                }
                78..=81 => format!("{}%", self.rng.range(2, 98)),
                _ => self.pseudo[self.rng.zipf(self.pseudo.len())].clone(),
            };
            words.push(w);
        }
        words.join(" ")
    }

    fn sentence(&mut self, topic: usize) -> String {
        format!("{}.", capitalize(&self.phrase(topic, 6, 22)))
    }

    fn sentences(&mut self, topic: usize, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        (0..n)
            .map(|_| self.sentence(topic))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Writes files and counts them.
struct Writer {
    dir: PathBuf,
    /// Size past which a source's file is closed and the next one started.
    budget: usize,
    files: usize,
    bytes: u64,
}

impl Writer {
    fn new(dir: &Path, budget: usize) -> Writer {
        Writer {
            dir: dir.to_path_buf(),
            budget,
            files: 0,
            bytes: 0,
        }
    }

    fn write_file(&mut self, name: &str, text: &str) -> Result<(), GenError> {
        let path = self.dir.join(name);
        fs::write(&path, text).map_err(io("cannot write", &path))?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

fn file_name(source: &str, part: usize) -> String {
    if part == 1 {
        format!("{source}.toml")
    } else {
        format!("{source}-{part}.toml")
    }
}

fn date(rng: &mut Rng) -> String {
    let year = rng.range(2023, 2026);
    match rng.below(3) {
        0 => format!("{year}"),
        1 => format!("{year}-{:02}", rng.range(1, 12)),
        _ => format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topics() -> Vec<Topic> {
        vec![Topic {
            id: "mobile".try_into().unwrap(),
            label: "mobile & edge".into(),
            words: vec!["mobile".into(), "android".into()],
            weak: vec![],
            verdict: true,
        }]
    }

    fn bare(topics: &[Topic]) -> Base<'_> {
        Base {
            topics,
            lexicon: None,
        }
    }

    #[test]
    fn the_base_lexicon_is_copied_and_a_changed_one_regenerates() {
        let dir = tempfile::tempdir().unwrap();
        let spec = Spec::new(50);
        let topics = topics();
        let with = |lexicon| Base {
            topics: &topics,
            lexicon: Some(lexicon),
        };
        generate(dir.path(), &spec, with("scales = []\n")).unwrap();
        let copied = fs::read_to_string(dir.path().join("lexicon.toml")).unwrap();
        assert_eq!(copied, "scales = []\n");
        assert!(generate_cached(dir.path(), &spec, with("scales = []\n"))
            .unwrap()
            .is_none());
        assert!(
            generate_cached(dir.path(), &spec, with("situations = []\n"))
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn the_same_spec_writes_the_same_files() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let spec = Spec::new(300);
        generate(a.path(), &spec, bare(&topics())).unwrap();
        generate(b.path(), &spec, bare(&topics())).unwrap();
        for name in ["topics.toml", "sources.toml", "gen-src-00001.toml"] {
            let x = fs::read(a.path().join(name)).unwrap();
            let y = fs::read(b.path().join(name)).unwrap();
            assert_eq!(x, y, "{name} differs between two runs of the same spec");
        }
    }

    #[test]
    fn a_directory_it_did_not_write_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("mine.toml"), "x").unwrap();
        let err = generate(dir.path(), &Spec::new(10), bare(&topics())).unwrap_err();
        assert!(matches!(err, GenError::NotOurs(_)), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("mine.toml")).unwrap(),
            "x"
        );
    }

    #[test]
    fn an_interrupted_output_is_replaced_and_never_taken_as_cached() {
        let dir = tempfile::tempdir().unwrap();
        prepare(dir.path()).unwrap();
        fs::write(dir.path().join("gen-src-00001.toml"), "source = \"half").unwrap();
        let spec = Spec::new(40);
        let summary = generate_cached(dir.path(), &spec, bare(&topics())).unwrap();
        assert_eq!(summary.map(|s| s.entries), Some(40));
        versus_core::knowledge::load_dir(dir.path()).unwrap();
    }

    #[test]
    fn an_earlier_output_is_replaced_and_a_cached_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), &Spec::new(50), bare(&topics())).unwrap();
        assert!(generate_cached(dir.path(), &Spec::new(50), bare(&topics()))
            .unwrap()
            .is_none());
        let again = generate_cached(dir.path(), &Spec::new(60), bare(&topics())).unwrap();
        assert_eq!(again.map(|s| s.entries), Some(60));
    }

    #[test]
    fn large_sources_are_split_into_files_under_the_budget_and_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let budget = 16 * 1024;
        let summary =
            generate_within(dir.path(), &Spec::new(500), bare(&topics()), budget).unwrap();
        assert!(summary.files > summary.sources + 2, "{summary:?}");
        for entry in fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let len = fs::metadata(&path).unwrap().len() as usize;
            let is_entries = path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("gen-src");
            assert!(
                !is_entries || len <= budget,
                "{} is {len} bytes",
                path.display()
            );
        }
        let k = versus_core::knowledge::load_dir(dir.path()).unwrap();
        assert_eq!(k.entries.len(), 500);
        assert_eq!(k.sources.len(), summary.sources);
    }

    use versus_core::knowledge::toml_string as quote;

    #[test]
    fn quoting_escapes_what_toml_needs() {
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        // The shared quoting writes a tab as `\t`; either way TOML reads back the tab.
        assert_eq!(quote("tab\there"), r#""tab\there""#);
    }
}
