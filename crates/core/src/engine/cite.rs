//! Citations: an entry's label and the sentences that matter, verbatim.

use std::collections::HashSet;

use crate::knowledge::{Body, Entry};

use super::*;

/// The opening sentence usually states the claim: half a matching word's head start.
const OPENING_HEAD_START: f32 = 0.5;

/// The citation for one entry: its label and the sentences that matter, all verbatim.
pub(super) fn cite(brain: &Brain, entry: &Entry, terms: &HashSet<&str>) -> Citation {
    let k = brain.knowledge();
    let source = k.source(&entry.source);
    let snippet = snippet(brain, entry, terms);
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

pub(super) fn snippet(brain: &Brain, entry: &Entry, terms: &HashSet<&str>) -> String {
    let body = entry.main_text();
    let body = if body.chars().count() > MAX_SNIPPET_CHARS {
        best_sentences(brain, &body, terms)
    } else {
        body
    };
    match (&entry.body, entry.label()) {
        (Body::Pick { reason, .. }, Some(label)) if reason.contains(label) => body,
        (Body::Faq { .. }, Some(q)) => format!("{q} — {body}"),
        (_, Some(label)) => format!("{label} — {body}"),
        _ => body,
    }
}

pub(super) fn best_sentences(brain: &Brain, body: &str, terms: &HashSet<&str>) -> String {
    let sentences = text::sentences(body);
    let scored: Vec<(usize, f32)> = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let hits = text::words(s)
                .iter()
                .filter(|w| terms.contains(brain.lexicon.stem_ref(w).as_ref()))
                .count() as f32;
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
