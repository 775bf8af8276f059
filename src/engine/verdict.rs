//! Deciding a verdict from every source's evidence on a topic.

use std::collections::{BTreeMap, HashMap};

use crate::knowledge::{Entry, Kind, Side};

use super::*;


/// How much one entry weighs as evidence.
pub(super) fn evidence_weight(entry: &Entry) -> f32 {
    match entry.kind() {
        Kind::Pick => 3.0,
        Kind::Passage | Kind::Faq => 2.0,
        Kind::Row | Kind::Story => 1.0,
        Kind::Alternative | Kind::Migration => 0.0,
    }
}

/// How relevant an entry tagged with `topic` is to it: its first topic counts most.
pub(super) fn topic_fit(entry: &Entry, topic: &str) -> f32 {
    match entry.topics.iter().position(|t| t == topic) {
        Some(0) => 1.0,
        Some(1) => 0.75,
        Some(_) => 0.5,
        None => 0.0,
    }
}

pub(super) struct Verdict {
    pub(super) side: Option<Side>,
    pub(super) votes: Vec<Vote>,
    /// (entry, weight, the side it takes), heaviest first.
    pub(super) evidence: Vec<(usize, f32, Side)>,
}

/// Decides the verdict for a topic: each source weighs its own evidence into one voice; the
/// voices, weighted by how firm each is, decide.
pub(super) fn decide(brain: &Brain, topics: &[(usize, f32)]) -> Verdict {
    let k = brain.knowledge();
    // Per source, the weight on each side (indexed as SIDES), where any.
    const SIDES: [Side; 4] = [Side::TensorFlow, Side::PyTorch, Side::Tie, Side::Neither];
    let mut per_source: BTreeMap<usize, [Option<f32>; 4]> = BTreeMap::new();
    let mut evidence = Vec::new();
    // Every topic's evidence with its fit already weighted, grouped by entry in entry order;
    // an entry's fit is its best over the topics. (Comparing topic ids and visiting every entry
    // here was most of the time of a question over a large knowledge base.)
    let mut candidates: Vec<(f32, &Evidence)> = topics
        .iter()
        .flat_map(|&(t, w)| {
            brain.evidence_by_topic[t]
                .iter()
                .map(move |ev| (ev.fit * w, ev))
        })
        .collect();
    candidates.sort_unstable_by_key(|c| c.1.entry);
    for group in candidates.chunk_by(|a, b| a.1.entry == b.1.entry) {
        let ev = group[0].1;
        let fit: f32 = group.iter().map(|c| c.0).fold(0.0, f32::max);
        let weight = ev.weight * fit;
        if weight <= 0.0 {
            continue;
        }
        let slot = SIDES.iter().position(|&s| s == ev.side).unwrap_or(0);
        let sides = per_source.entry(ev.source).or_default();
        *sides[slot].get_or_insert(0.0) += weight;
        evidence.push((ev.entry, weight, ev.side));
    }
    let mut votes = Vec::new();
    let mut tally: HashMap<Side, f32> = HashMap::new();
    for (source, sides) in per_source {
        let mut ranked: Vec<(Side, f32)> = SIDES
            .iter()
            .zip(sides)
            .filter_map(|(&side, w)| w.map(|w| (side, w)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (mut side, mut weight) = ranked[0];
        // A source that argues both ways with equal force calls it even.
        if let Some(&(second, w2)) = ranked.get(1) {
            if (w2 - weight).abs() < 1e-3
                && matches!(
                    (side, second),
                    (Side::TensorFlow, Side::PyTorch) | (Side::PyTorch, Side::TensorFlow)
                )
            {
                side = Side::Tie;
                weight = w2;
            }
        }
        let strength = (weight / 3.0).min(1.0);
        *tally.entry(side).or_default() += strength;
        if let Some(s) = k.sources.get(source) {
            votes.push(Vote {
                source: s.id.clone(),
                title: s.title.clone(),
                side,
                strength,
            });
        }
    }
    let get = |s: Side| tally.get(&s).copied().unwrap_or(0.0);
    let (tf, pt, tie, neither) = (
        get(Side::TensorFlow),
        get(Side::PyTorch),
        get(Side::Tie),
        get(Side::Neither),
    );
    let side = if tf + pt + tie + neither <= 0.0 {
        None
    } else if neither > 0.0 && neither >= tf.max(pt).max(tie) {
        Some(Side::Neither)
    } else if tie >= tf.max(pt) || (tf - pt).abs() < 0.25 {
        Some(Side::Tie)
    } else if tf > pt {
        Some(Side::TensorFlow)
    } else {
        Some(Side::PyTorch)
    };
    evidence.sort_by(|a, b| b.1.total_cmp(&a.1));
    Verdict {
        side,
        votes,
        evidence,
    }
}

