//! `ask` end to end (clean, intent, topics, retrieval, verdict, snippets) over the shipped
//! knowledge and generated ones. Criterion measures the spread of questions in rotation; then
//! every question is timed on its own, many times, for the median and p99.
//!
//! `cargo bench --bench ask` (sizes: `VERSUS_BENCH_SIZES`, default `shipped,10000,100000`).
//!
//! Then, over the shipped knowledge: `/ask` through the command layer with the question log
//! off and on (a SQLite store in a temp dir), the cost recording adds to an answer; and tantivy
//! by itself on the same questions and the same index (its top five hits, a snippet of each),
//! timed alternately with `ask`: the ratio of the two is issue 20's "no slower against raw
//! tantivy" figure.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use tantivy::collector::TopDocs;
use tantivy::query::{Query, QueryParser};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Score, Searcher};
use versus::record::StoreJournal;
use versus_core::engine::{Brain, MAX_SNIPPET_CHARS};
use versus_discord::command::{self, Admins, App, Args, Caller, Invocation};

use common::{Percentiles, QUESTIONS};

/// How many hits tantivy by itself returns: as many as an answer cites at most.
const RAW_HITS: usize = 5;

fn ask(c: &mut Criterion) {
    let mut report = Vec::new();
    for size in common::sizes() {
        let engine = common::engine(size);
        let mut group = c.benchmark_group("ask");
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if size.is_large() { 5 } else { 3 }))
            .sample_size(if size.is_large() { 30 } else { 100 });
        group.bench_function(size.name(), |b| {
            let mut next = 0;
            b.iter(|| {
                next = (next + 1) % QUESTIONS.len();
                engine.ask(QUESTIONS[next])
            })
        });
        group.finish();

        let rounds = if size.is_large() { 50 } else { 250 };
        report.extend(common::timed_report(
            &format!("ask/{}", size.name()),
            QUESTIONS,
            rounds,
            |q| engine.ask(q),
        ));
    }
    // Hostile shapes (issue 11): each must cost a small multiple of a median answer.
    let engine = common::engine(common::Size::Shipped);
    let word = "tensorflow".repeat(100);
    let feature = "mobile edge deployment ".repeat(44);
    let many_words = (0..64)
        .map(|i| format!("zqxwv{i}jkplm"))
        .collect::<Vec<_>>()
        .join(" ");
    let repeated = "pytorch or tensorflow for mobile? and for research? ".repeat(20);
    let hostile: [&str; 3] = [&word, &many_words, &repeated];
    report.extend(common::timed_report("ask/hostile", &hostile, 100, |q| {
        engine.ask(q)
    }));
    let features: [&str; 2] = [&feature, &word];
    report.extend(common::timed_report(
        "compare/hostile",
        &features,
        100,
        |f| engine.compare(f),
    ));
    println!("\nask, each question timed on its own:");
    for line in report {
        println!("{line}");
    }
}

/// `/ask` through the command layer, recording off and on: the same questions, the same engine.
fn recording(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let _in_runtime = runtime.enter();
    let dir = tempfile::tempdir().unwrap();
    let config = versus_store::StoreConfig {
        sqlite_path: dir.path().join("versus.db"),
        ..versus_store::StoreConfig::default()
    };
    let store = runtime
        .block_on(versus_store::Store::open(&config))
        .expect("store opens");
    let engine = Arc::new(common::engine(common::Size::Shipped));
    let off = App::new(engine.clone(), Admins::default(), Duration::ZERO);
    let journal = Arc::new(StoreJournal::new(store.clone(), Duration::ZERO));
    let on = App::new(engine, Admins::default(), Duration::ZERO).with_journal(journal);
    let caller = Caller {
        user_id: 1,
        guild_id: Some(2),
        ..Caller::default()
    };
    let ask = |app: &App, q: &str| {
        command::handle(
            app,
            &caller,
            Invocation::slash("ask", Args::with("question", q)),
        )
    };
    let mut group = c.benchmark_group("ask/command");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (name, app) in [("recording_off", &off), ("recording_on", &on)] {
        group.bench_function(name, |b| {
            let mut next = 0;
            b.iter(|| {
                next = (next + 1) % QUESTIONS.len();
                ask(app, QUESTIONS[next])
            })
        });
    }
    group.finish();
    let mut report = Vec::new();
    for (name, app) in [("recording_off", &off), ("recording_on", &on)] {
        report.extend(common::timed_report(
            &format!("ask/command/{name}"),
            QUESTIONS,
            250,
            |q| ask(app, q),
        ));
    }
    runtime.block_on(store.flush());
    println!("\n/ask through the command layer, each question timed on its own:");
    for line in report {
        println!("{line}");
    }
    println!("store: {:?}", store.stats());
}

/// tantivy by itself over a brain's generation: the question with everything but letters and
/// digits made spaces, parsed leniently over the label and body fields (tantivy's own query
/// parser and the index's analyzer), the top [`RAW_HITS`] by BM25, and a highlighted snippet of
/// each hit's quoted text. No intent, topics, verdict or citation choice: the floor under `ask`.
struct RawTantivy {
    brain: Arc<Brain>,
    parser: QueryParser,
}

impl RawTantivy {
    fn new(brain: Arc<Brain>) -> RawTantivy {
        let generation = &brain.generation;
        let fields = generation.fields;
        let parser = QueryParser::for_index(&generation.index, vec![fields.label, fields.body]);
        RawTantivy { brain, parser }
    }

    /// The top hits, with the searcher and query that found them.
    fn hits(&self, question: &str) -> (Searcher, Box<dyn Query>, Vec<(Score, DocAddress)>) {
        let words: String = question
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let (query, _) = self.parser.parse_query_lenient(&words);
        let searcher = self.brain.generation.reader.searcher();
        let hits = searcher
            .search(&query, &TopDocs::with_limit(RAW_HITS).order_by_score())
            .expect("tantivy searches");
        (searcher, query, hits)
    }

    /// The top hits' snippets, `**`-highlighted as Discord shows them.
    fn search(&self, question: &str) -> Vec<String> {
        let generation = &self.brain.generation;
        let (searcher, query, hits) = self.hits(question);
        let mut snippets = SnippetGenerator::create(&searcher, &*query, generation.fields.body)
            .expect("snippet generator");
        snippets.set_max_num_chars(MAX_SNIPPET_CHARS);
        hits.iter()
            .filter_map(|&(_, address)| generation.ord(address))
            .map(|ord| {
                let text = generation.knowledge.entries[ord].quoted_parts().join(" ");
                highlight(&snippets.snippet(&text))
            })
            .collect()
    }
}

fn highlight(snippet: &Snippet) -> String {
    let fragment = snippet.fragment();
    let mut out = String::with_capacity(fragment.len() + 8);
    let mut from = 0;
    for range in snippet.highlighted() {
        out.push_str(&fragment[from..range.start]);
        out.push_str("**");
        out.push_str(&fragment[range.clone()]);
        out.push_str("**");
        from = range.end;
    }
    out.push_str(&fragment[from..]);
    out
}

/// `ask` against tantivy by itself on the same questions and index (shipped knowledge): criterion
/// for tantivy alone, then both timed call by call, alternately, so that the ratio is of the same
/// minutes on a shared machine.
fn raw_tantivy(c: &mut Criterion) {
    let engine = common::engine(common::Size::Shipped);
    let raw = RawTantivy::new(engine.brain());
    assert!(
        !raw.search(QUESTIONS[0]).is_empty(),
        "tantivy finds the first question"
    );
    let mut group = c.benchmark_group("tantivy");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("shipped", |b| {
        let mut next = 0;
        b.iter(|| {
            next = (next + 1) % QUESTIONS.len();
            raw.search(QUESTIONS[next])
        })
    });
    group.finish();

    let rounds = 250;
    let mut samples: [Vec<Duration>; 3] = Default::default();
    for _ in 0..rounds {
        for q in QUESTIONS {
            let started = Instant::now();
            std::hint::black_box(engine.ask(q));
            samples[0].push(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(raw.search(q));
            samples[1].push(started.elapsed());
            let started = Instant::now();
            std::hint::black_box(raw.hits(q).2);
            samples[2].push(started.elapsed());
        }
    }
    let [asked, snippets, hits] = samples.map(|mut s| Percentiles::of(&mut s));
    println!("\nask against tantivy by itself (top {RAW_HITS}), alternately:");
    println!("{}", asked.line("ask/shipped"));
    println!("{}", snippets.line("tantivy/shipped snippets"));
    println!("{}", hits.line("tantivy/shipped hits only"));
    let ratio = |a: Duration, t: Duration| a.as_secs_f64() / t.as_secs_f64();
    for (what, raw) in [("with snippets", snippets), ("hits only", hits)] {
        println!(
            "ask / tantivy {what}: mean {:.2}x  p50 {:.2}x  p99 {:.2}x",
            ratio(asked.mean, raw.mean),
            ratio(asked.p50, raw.p50),
            ratio(asked.p99, raw.p99)
        );
    }
}

criterion_group!(benches, ask, recording, raw_tantivy);
criterion_main!(benches);
