//! Citations: an entry's label and the sentences that matter, verbatim.

use foldhash::HashSet;
use std::ops::Range;

use crate::knowledge::{Body, Entry, EntryIx};

use super::*;

/// The opening sentence usually states the claim: half a matching word's head start.
const OPENING_HEAD_START: f32 = 0.5;

/// An entry's quote too long to cite whole, split once per brain: its sentences and the stems
/// of their words. Splitting and stemming them for every citation was a tenth of an answer.
#[derive(Debug)]
pub(super) struct LongQuote {
    text: String,
    /// Byte ranges of its sentences in `text`.
    sentences: Vec<Range<usize>>,
    /// Per sentence, the stems of its words, repeats kept.
    stems: Vec<Vec<String>>,
}

impl LongQuote {
    /// The entry's quote split for choosing sentences, when it is too long to cite whole.
    pub(super) fn of(entry: &Entry, lexicon: &Lexicon) -> Option<Box<LongQuote>> {
        let text = entry.main_text();
        if text.chars().count() <= MAX_SNIPPET_CHARS {
            return None;
        }
        let base = text.as_ptr() as usize;
        let (sentences, stems) = text::sentences(&text)
            .into_iter()
            .map(|s| {
                let start = s.as_ptr() as usize - base;
                let words = text::words(s);
                (
                    start..start + s.len(),
                    words.iter().map(|w| lexicon.stem(w)).collect(),
                )
            })
            .unzip();
        Some(Box::new(LongQuote {
            text,
            sentences,
            stems,
        }))
    }
}

/// The citation for the entry at `ord`: its label and the sentences that matter, verbatim.
pub(super) fn cite(brain: &Brain, ord: EntryIx, terms: &HashSet<&str>) -> Citation {
    let k = brain.knowledge();
    let entry = &k.entries[ord];
    let source = k.source(&entry.source);
    let snippet = snippet(brain, ord, terms);
    Citation {
        source: entry.source.clone(),
        title: source.map(|s| s.title.clone()).unwrap_or_default(),
        origin: source.map(|s| s.origin.clone()).unwrap_or_default(),
        as_of: entry
            .as_of()
            .map(str::to_string)
            .or_else(|| source.and_then(|s| s.as_of.clone())),
        snippet,
        entry: entry.id.clone(),
        kind: entry.kind(),
        side: entry.stance,
    }
}

pub(super) fn snippet(brain: &Brain, ord: EntryIx, terms: &HashSet<&str>) -> String {
    let entry = &brain.knowledge().entries[ord];
    let body = match &brain.long_quotes[ord] {
        Some(quote) => best_sentences(quote, terms),
        None => entry.main_text(),
    };
    match (&entry.body, entry.label()) {
        (Body::Pick { reason, .. }, Some(label)) if reason.contains(label) => body,
        (Body::Faq { .. }, Some(q)) => format!("{q} — {body}"),
        (_, Some(label)) => format!("{label} — {body}"),
        _ => body,
    }
}

pub(super) fn best_sentences(quote: &LongQuote, terms: &HashSet<&str>) -> String {
    let sentences: Vec<&str> = quote
        .sentences
        .iter()
        .map(|r| &quote.text[r.clone()])
        .collect();
    let scored: Vec<(usize, f32)> = quote
        .stems
        .iter()
        .enumerate()
        .map(|(i, stems)| {
            let hits = stems.iter().filter(|s| terms.contains(s.as_str())).count() as f32;
            // The opening sentence usually states the claim: a small head start.
            (i, hits + if i == 0 { OPENING_HEAD_START } else { 0.0 })
        })
        .collect();
    let mut order: Vec<(usize, f32)> = scored.clone();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut picked: Vec<usize> = Vec::new();
    let mut len = 0;
    for (i, _) in order {
        let n = sentences[i].chars().count();
        if !picked.is_empty() && len + n > MAX_SNIPPET_CHARS {
            continue;
        }
        picked.push(i);
        len += n + 3;
        if len >= MAX_SNIPPET_CHARS {
            break;
        }
    }
    picked.sort_unstable();
    let mut out = String::new();
    let mut prev: Option<usize> = None;
    for i in picked {
        if let Some(p) = prev {
            out.push_str(if i == p + 1 { " " } else { " … " });
        }
        out.push_str(sentences[i]);
        prev = Some(i);
    }
    if out.chars().count() > MAX_SNIPPET_CHARS {
        // One very long sentence: cut at a word boundary.
        let cut: String = out.chars().take(MAX_SNIPPET_CHARS).collect();
        let at = cut.rfind(' ').unwrap_or(cut.len());
        out = format!("{}…", &cut[..at]);
    }
    out
}
