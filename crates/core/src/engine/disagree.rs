//! Where the sources give different values for the same fact: rows are grouped by the fact they
//! state (also under different row labels: "Latest Release" and "Current stable version" are one
//! fact), the figures are extracted from the quoted cells and compared as values, so rows that
//! say the same thing in other words ("194,785" and "195.3k") are not a disagreement.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::knowledge::{Body, Entry, EntryIx, Side, SourceId, WordList};
use crate::l10n::Locale;

use super::read::Reading;
use super::{wording, Brain, SourceVote};

/// Two counts within this fraction of each other are the same figure, rounded differently
/// ("99,277" and "100.2k" are 0.9% apart; "100.2k" and "~84K" are 16% apart).
const SAME_FIGURE_TOLERANCE: f64 = 0.03;

/// The fact rows about the current release state, whatever their label.
const VERSION_FACT: &str = "current version";

/// One source's value for a disputed fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceValue {
    /// Source id.
    pub source: SourceId,
    /// The value as the source states it (verbatim cells, or the side it leans to).
    pub value: String,
    /// The date the value is stated for, when known.
    pub as_of: Option<String>,
}

/// Sources stating different values for one fact, newest first.
///
/// Serializes as its sentence, so the JSON contract (a string per disagreement) holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// The fact in dispute (a row label or a topic).
    pub fact: String,
    /// Each source's value, newest first, undated last.
    pub values: Vec<SourceValue>,
    /// What kind of disagreement it is, and what its sentence is made from.
    dispute: Dispute,
    sentence: String,
}

/// How sources disagree.
#[derive(Debug, Clone, PartialEq)]
enum Dispute {
    /// Different figures for one fact ("v2.21" against "2.17").
    Figures,
    /// Opposite claims in words for one fact ("free to use" against "premium plans").
    Claims,
    /// A source (its title) leaning to another side than the verdict.
    Dissent(String, Side),
}

impl Disagreement {
    /// Different figures for one fact; the values are put newest first.
    pub fn figures(fact: &str, values: Vec<SourceValue>) -> Disagreement {
        Disagreement::of_values(Dispute::Figures, fact, values)
    }

    /// Opposite claims in words for one fact; the values are put newest first.
    pub fn claims(fact: &str, values: Vec<SourceValue>) -> Disagreement {
        Disagreement::of_values(Dispute::Claims, fact, values)
    }

    fn of_values(dispute: Dispute, fact: &str, mut values: Vec<SourceValue>) -> Disagreement {
        newest_first(&mut values);
        let mut d = Disagreement {
            fact: fact.to_string(),
            values,
            dispute,
            sentence: String::new(),
        };
        d.sentence = d.sentence_in(Locale::En);
        d
    }

    /// A source whose vote differs from the verdict on `topic`.
    pub fn dissent(topic: &str, title: &str, source: &SourceId, side: Side) -> Disagreement {
        Disagreement {
            fact: topic.to_string(),
            values: vec![SourceValue {
                source: source.clone(),
                value: side.as_str().to_string(),
                as_of: None,
            }],
            dispute: Dispute::Dissent(title.to_string(), side),
            sentence: wording::dissent(Locale::En, title, source.as_str(), side),
        }
    }

    /// The sentence a person reads.
    pub fn sentence(&self) -> &str {
        &self.sentence
    }

    /// The same disagreement, its sentence in `locale` (the values stay as the sources state them).
    pub fn in_language(mut self, locale: Locale) -> Disagreement {
        self.sentence = self.sentence_in(locale);
        self
    }

    fn sentence_in(&self, locale: Locale) -> String {
        match &self.dispute {
            Dispute::Dissent(title, side) => {
                let source = self.values.first().map_or("", |v| v.source.as_str());
                wording::dissent(locale, title, source, *side)
            }
            Dispute::Figures => wording::different_figures(locale, &self.fact, &self.values),
            Dispute::Claims => wording::different_claims(locale, &self.fact, &self.values),
        }
    }
}

impl std::ops::Deref for Disagreement {
    type Target = str;
    fn deref(&self) -> &str {
        &self.sentence
    }
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sentence)
    }
}

impl Serialize for Disagreement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.sentence)
    }
}

fn newest_first(values: &mut [SourceValue]) {
    // ISO-like dates (YYYY, YYYY-MM, YYYY-MM-DD) sort as strings; undated go last.
    values.sort_by(|a, b| match (&a.as_of, &b.as_of) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}

/// Sources whose vote differs from the verdict.
pub(super) fn dissents(topic: &str, votes: &[SourceVote], side: Side) -> Vec<Disagreement> {
    votes
        .iter()
        .filter(|v| v.side != side)
        .map(|v| Disagreement::dissent(topic, &v.title, &v.source, v.side))
        .collect()
}

/// A figure extracted from a cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Figure {
    /// A version number, trailing ".0" parts dropped ("v2.21.0" → "2.21").
    Version(String),
    /// A count or rating, multipliers applied ("100.2k" → 100200).
    Count(f64),
}

impl Figure {
    fn same(&self, other: &Figure) -> bool {
        match (self, other) {
            (Figure::Version(a), Figure::Version(b)) => a == b,
            (Figure::Count(a), Figure::Count(b)) => {
                (a - b).abs() <= SAME_FIGURE_TOLERANCE * a.abs().max(b.abs())
            }
            _ => false,
        }
    }
}

/// The first figure of a cell, if it has one: a version number for a version fact, else a count.
pub(super) fn figure(cell: &str, version: bool) -> Option<Figure> {
    static VERSION: OnceLock<Regex> = OnceLock::new();
    static COUNT: OnceLock<Regex> = OnceLock::new();
    if version {
        let re = VERSION.get_or_init(|| Regex::new(r"\bv?(\d+(?:\.\d+)+)\b").unwrap());
        let mut v = re.captures(cell)?[1].to_string();
        while v.ends_with(".0") && v.matches('.').count() > 1 {
            v.truncate(v.len() - 2);
        }
        return Some(Figure::Version(v));
    }
    let re = COUNT.get_or_init(|| Regex::new(r"(\d[\d,]*(?:\.\d+)?)\s*([kKmMbB])?\b").unwrap());
    let c = re.captures(cell)?;
    let n: f64 = c[1].replace(',', "").parse().ok()?;
    let mult = match c.get(2).map(|m| m.as_str().to_ascii_lowercase()).as_deref() {
        Some("k") => 1e3,
        Some("m") => 1e6,
        Some("b") => 1e9,
        _ => 1.0,
    };
    Some(Figure::Count(n * mult))
}

/// The fact a row states, so that rows under different labels can meet: current versions,
/// first releases, stars and downloads per period; any other row is its own label.
pub(super) fn fact_of(label: &str) -> String {
    let norm = super::text::words(label).join(" ");
    let has = |w: &str| norm.contains(w);
    if has("initial release") || has("first release") {
        "initial release".into()
    } else if has("version") || has("latest release") {
        VERSION_FACT.into()
    } else if has("star") {
        "GitHub stars".into()
    } else if has("download") {
        let period = ["daily", "weekly", "monthly"]
            .into_iter()
            .find(|p| has(p))
            .unwrap_or("");
        format!("{period} downloads").trim().to_string()
    } else {
        norm
    }
}

/// A date stated inside a cell ("released March 2026", "(Oct 2024)"), as YYYY-MM.
pub(super) fn date_in(cell: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let words = super::text::words(cell);
    words.windows(2).find_map(|w| {
        let m = MONTHS
            .iter()
            .position(|m| w[0].starts_with(m) && w[0].len() <= 9)?;
        let year: u32 = w[1].parse().ok().filter(|y| (1990..2100).contains(y))?;
        Some(format!("{year}-{:02}", m + 1))
    })
}

/// Where cited rows stating the fact of the leading cited row give different figures for a
/// framework, or claim in words that it is free and that it costs money. Only that fact: the
/// others cited are context (the latest release beside a question about the first one), not
/// what was asked. Claims are named when the question is about what they say: it holds a
/// `free` or `paid` word or one of the cells' own words ("premium plan"), not when the rows are
/// only cited beside another matter ("which licence is it under?").
pub(super) fn fact_disagreements(
    brain: &Brain,
    reading: &Reading,
    chosen: &[EntryIx],
) -> Vec<Disagreement> {
    let k = brain.knowledge();
    let mut by_fact: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    let mut asked: Option<String> = None;
    for &ord in chosen {
        let e = &k.entries[ord];
        if let Body::Row(row) = &e.body {
            let fact = fact_of(&row.feature);
            if asked.get_or_insert_with(|| fact.clone()) == &fact {
                by_fact.entry(fact).or_default().push(e);
            }
        }
    }
    let mut out = Vec::new();
    for (fact, rows) in by_fact {
        if rows.iter().all(|e| e.source == rows[0].source) {
            continue;
        }
        let figures_differ = (0..2).any(|side| {
            let figures: Vec<Figure> = rows
                .iter()
                .filter_map(|e| row_cells(e)[side].and_then(|c| figure(c, fact == VERSION_FACT)))
                .collect();
            figures.iter().any(|f| !f.same(&figures[0]))
        });
        // Different figures already say the sources disagree; claims are read only otherwise.
        let claims_differ = !figures_differ
            && (0..2).any(|side| {
                let claimed: Vec<&str> = rows.iter().filter_map(|e| row_cells(e)[side]).collect();
                let costs: Vec<Cost> = claimed.iter().filter_map(|c| cost(brain, c)).collect();
                costs.contains(&Cost::Free)
                    && costs.contains(&Cost::Paid)
                    && asks_about(brain, reading, &claimed)
            });
        if !figures_differ && !claims_differ {
            continue;
        }
        let values = rows
            .iter()
            .map(|e| {
                let [tf, pt] = row_cells(e);
                let as_of = tf
                    .and_then(date_in)
                    .into_iter()
                    .chain(pt.and_then(date_in))
                    .max()
                    .or_else(|| e.as_of().map(str::to_string))
                    .or_else(|| k.source(&e.source).and_then(|s| s.as_of.clone()));
                SourceValue {
                    source: e.source.clone(),
                    value: e.main_text(),
                    as_of,
                }
            })
            .collect();
        let label = if rows.iter().all(|e| e.label() == rows[0].label()) {
            rows[0].label().unwrap_or(&fact).to_string()
        } else {
            fact
        };
        out.push(if figures_differ {
            Disagreement::figures(&label, values)
        } else {
            Disagreement::claims(&label, values)
        });
    }
    out
}

/// A row's TensorFlow and PyTorch cells, in words.
fn row_cells(e: &Entry) -> [Option<&str>; 2] {
    match &e.body {
        Body::Row(row) => [row.tensorflow.text.as_deref(), row.pytorch.text.as_deref()],
        _ => [None, None],
    }
}

/// What a cell says a framework costs, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cost {
    /// Nothing: a `free` word and no `paid` one ("Fully open-source, free to use").
    Free,
    /// Money, at least for some of it: a `paid` word ("Free tier …, Premium plans available").
    Paid,
}

/// Whether the question (its words not put aside, nor function words, nor the frameworks'
/// names) holds a `free` or `paid` word, or a word of the cells it would be told about.
fn asks_about(brain: &Brain, reading: &Reading, cells: &[&str]) -> bool {
    let cues = &brain.cues;
    let asked: Vec<&String> = reading
        .words
        .iter()
        .zip(&reading.negated)
        .filter(|(w, &n)| !n && !cues.stopwords.contains(w) && cues.framework_of(w).is_none())
        .map(|(w, _)| w)
        .collect();
    if asked
        .iter()
        .any(|w| cues.in_list(WordList::Free, w) || cues.in_list(WordList::Paid, w))
    {
        return true;
    }
    let stems: Vec<String> = asked.iter().map(|w| brain.lexicon.stem(w)).collect();
    cells.iter().any(|c| {
        super::text::words(c)
            .iter()
            .any(|w| stems.contains(&brain.lexicon.stem(w)))
    })
}

/// The cost a cell claims, if it claims one (`free` and `paid` of `faq/lexicon.toml`).
fn cost(brain: &Brain, cell: &str) -> Option<Cost> {
    let words = super::text::words(cell);
    if brain.cues.any_in(WordList::Paid, &words) {
        Some(Cost::Paid)
    } else if brain.cues.any_in(WordList::Free, &words) {
        Some(Cost::Free)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two sources' "Pricing Model" rows, as the shipped knowledge quotes them.
    const PRICING: [(&str, &str); 2] = [
        (
            "pricing000.toml",
            "source = \"000_685b1321c5fa5e60\"\n[[row]]\nid = \"000-row-pricing-model\"\ntable = \"Overview\"\nfeature = \"Pricing Model\"\ntopics = [\"pricing\"]\ntensorflow = \"Free tier with limited features (data preparation, model building, deployment on-device/cloud), Premium plans available with custom pricing based on business needs\"\npytorch = \"Contact for pricing\"\n",
        ),
        (
            "pricing001.toml",
            "source = \"001_d75c113731e420e5\"\n[[row]]\nid = \"001-row-pricing-model\"\ntable = \"Overview\"\nfeature = \"Pricing Model\"\ntopics = [\"pricing\"]\ntensorflow = \"Fully open-source, free to use\"\npytorch = \"See vendor website\"\n",
        ),
    ];

    #[test]
    fn sources_calling_a_framework_free_and_paid_disagree_when_the_question_is_about_it() {
        use crate::engine::ask_with;
        use crate::engine::testing::{brain_and, fixture_files};
        let claims = |b: &Brain, q: &str| {
            ask_with(b, q)
                .disagreements
                .iter()
                .filter(|d| d.dispute == Dispute::Claims)
                .count()
        };
        let b = brain_and(&PRICING);
        let q = "does tensorflow have premium plans or is it free?";
        let a = ask_with(&b, q);
        let cited: Vec<&str> = a.citations.iter().map(|c| c.entry.as_str()).collect();
        // The FAQ asking it leads, and the other sources' rows stay cited beside it.
        assert_eq!(
            cited[0], "001-faq-are-tensorflow-and-pytorch-free",
            "{cited:?}"
        );
        assert!(cited.contains(&"000-row-pricing-model"), "{cited:?}");
        assert!(cited.contains(&"001-row-pricing-model"), "{cited:?}");
        assert_eq!(claims(&b, q), 1, "{:?}", a.disagreements);
        assert!(a.disagreements.iter().any(|d| d.contains("Pricing Model")));
        // The rows cited beside a question about something else ("licence") dispute nothing
        // it asked.
        assert_eq!(claims(&b, "which licence is tensorflow under?"), 0);
        // A cell is "paid" by the `paid` words: without "premium" and "pricing", 000's cell
        // reads as free too, and nothing is disputed.
        let mut k = crate::knowledge::load_files(
            std::path::Path::new("fixture"),
            fixture_files()
                .into_iter()
                .chain(PRICING.iter().map(|(n, t)| (n.to_string(), t.to_string())))
                .collect(),
        )
        .expect("loads");
        let mut vocabulary = k.vocabulary.clone();
        vocabulary
            .words
            .retain(|(l, w)| !(*l == WordList::Paid && (w == "premium" || w == "pricing")));
        k = k.with_vocabulary(vocabulary);
        let without = Brain::new(crate::index::Generation::in_ram(k).expect("index builds"));
        assert_eq!(claims(&without, q), 0);
    }

    #[test]
    fn figures_are_read_as_values() {
        let version = |c| figure(c, true);
        let count = |c| figure(c, false);
        assert_eq!(
            version("v2.21.0 released March 2026"),
            Some(Figure::Version("2.21".into()))
        );
        assert_eq!(
            version("2.5 (Oct 2024)"),
            Some(Figure::Version("2.5".into()))
        );
        assert_eq!(count("195.3k"), Some(Figure::Count(195_300.0)));
        assert_eq!(
            count("194,785 stars reflecting"),
            Some(Figure::Count(194_785.0))
        );
        assert_eq!(
            count("~84K (pytorch/pytorch)"),
            Some(Figure::Count(84_000.0))
        );
        assert_eq!(count("Excellent support"), None);
    }

    #[test]
    fn the_same_figure_rounded_differently_is_not_a_disagreement() {
        let a = figure("99,277 stars", false).unwrap();
        assert!(a.same(&figure("100.2k", false).unwrap()));
        assert!(!a.same(&figure("~84K", false).unwrap()));
        let v = figure("v2.11.0", true).unwrap();
        assert!(!v.same(&figure("2.5 (Oct 2024)", true).unwrap()));
        assert!(v.same(&figure("2.11", true).unwrap()));
    }

    #[test]
    fn differently_labelled_rows_meet_on_one_fact() {
        assert_eq!(fact_of("Latest Release"), fact_of("Current stable version"));
        assert_ne!(
            fact_of("PyPI weekly downloads"),
            fact_of("PyPI monthly downloads")
        );
        assert_ne!(fact_of("Initial Release"), fact_of("Latest Release"));
    }

    #[test]
    fn dates_inside_cells_and_newest_first() {
        assert_eq!(
            date_in("v2.11.0 released March 2026 including"),
            Some("2026-03".into())
        );
        assert_eq!(date_in("2.5 (Oct 2024)"), Some("2024-10".into()));
        let v = |s: &str, d: Option<&str>| SourceValue {
            source: SourceId::new(s).unwrap(),
            value: s.into(),
            as_of: d.map(str::to_string),
        };
        let d = Disagreement::figures(
            "current version",
            vec![
                v("old", Some("2024-10")),
                v("none", None),
                v("new", Some("2026-03")),
            ],
        );
        let order: Vec<&str> = d.values.iter().map(|v| v.source.as_str()).collect();
        assert_eq!(order, ["new", "old", "none"]);
        assert!(d.contains("different figures"));
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            serde_json::Value::String(d.sentence().to_string())
        );
    }
}
