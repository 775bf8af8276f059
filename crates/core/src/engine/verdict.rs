//! Deciding a verdict from every source's evidence on a topic.

use std::collections::BTreeMap;

use crate::knowledge::{Entry, EntryIx, Kind, Side, SourceIx, TopicIx};

use super::*;

/// A stated pick ("Choose PyTorch if…") is the firmest evidence a source gives.
const PICK_WEIGHT: f32 = 3.0;
/// A paragraph or FAQ answer argues, but less pointedly than a pick.
const PROSE_WEIGHT: f32 = 2.0;
/// A table cell or an anecdote is one data point.
const CELL_WEIGHT: f32 = 1.0;
/// A source's voice is at full strength once its evidence weighs as much as one pick.
const FULL_VOICE: f32 = PICK_WEIGHT;
/// Fits by position in an entry's topic list: the first tag is what it is about.
const FIT_BY_POSITION: [f32; 3] = [1.0, 0.75, 0.5];
/// Two sides within this much of each other in one source are argued with equal force.
const EQUAL_FORCE: f32 = 1e-3;
/// TensorFlow and PyTorch voices closer than this (in full voices) are a tie: a quarter of one
/// source's firm pick is not a majority.
const TIE_MARGIN: f32 = 0.25;

/// How much one entry weighs as evidence.
pub(super) fn evidence_weight(entry: &Entry) -> f32 {
    match entry.kind() {
        Kind::Pick => PICK_WEIGHT,
        Kind::Passage | Kind::Faq => PROSE_WEIGHT,
        Kind::Row | Kind::Story => CELL_WEIGHT,
        Kind::Alternative | Kind::Migration => 0.0,
    }
}

/// How relevant an entry tagged with `topics` (its topics, resolved) is to `topic`: its first
/// topic counts most.
pub(super) fn topic_fit(topics: &[TopicIx], topic: TopicIx) -> f32 {
    match topics.iter().position(|&t| t == topic) {
        Some(p) => FIT_BY_POSITION[p.min(FIT_BY_POSITION.len() - 1)],
        None => 0.0,
    }
}

/// Sides in the order [`voice_of`] takes their weights.
const SIDES: [Side; 4] = [Side::TensorFlow, Side::PyTorch, Side::Tie, Side::Neither];

/// One source's voice from the weight of its evidence on each side (in [`SIDES`] order): the
/// heaviest side, or a tie when it argues both frameworks with equal force; and how firm it is.
pub(super) fn voice_of(sides: [Option<f32>; 4]) -> (Side, f32) {
    let mut ranked: Vec<(Side, f32)> = SIDES
        .iter()
        .zip(sides)
        .filter_map(|(&side, w)| w.map(|w| (side, w)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let Some(&(mut side, mut weight)) = ranked.first() else {
        return (Side::Tie, 0.0);
    };
    if let Some(&(second, w2)) = ranked.get(1) {
        if (w2 - weight).abs() < EQUAL_FORCE
            && matches!(
                (side, second),
                (Side::TensorFlow, Side::PyTorch) | (Side::PyTorch, Side::TensorFlow)
            )
        {
            side = Side::Tie;
            weight = w2;
        }
    }
    (side, (weight / FULL_VOICE).min(1.0))
}

/// The verdict from every source's voice: "neither" when it is the loudest, a tie when the
/// even voices outweigh either framework or the two are within [`TIE_MARGIN`], else the louder.
pub(super) fn verdict_of(voices: &[(Side, f32)]) -> Option<Side> {
    let get = |s: Side| voices.iter().filter(|v| v.0 == s).map(|v| v.1).sum::<f32>();
    let (tf, pt, tie, neither) = (
        get(Side::TensorFlow),
        get(Side::PyTorch),
        get(Side::Tie),
        get(Side::Neither),
    );
    if tf + pt + tie + neither <= 0.0 {
        None
    } else if neither > 0.0 && neither >= tf.max(pt).max(tie) {
        Some(Side::Neither)
    } else if tie >= tf.max(pt) || (tf - pt).abs() < TIE_MARGIN {
        Some(Side::Tie)
    } else if tf > pt {
        Some(Side::TensorFlow)
    } else {
        Some(Side::PyTorch)
    }
}

pub(super) struct Verdict {
    pub(super) side: Option<Side>,
    pub(super) votes: Vec<SourceVote>,
    /// (entry, weight, the side it takes), heaviest first.
    pub(super) evidence: Vec<(EntryIx, f32, Side)>,
}

/// Decides the verdict for a topic, with the rows meeting what the asker requires (`stated`):
/// each source weighs its own evidence into one voice; the voices, weighted by how firm each
/// is, decide.
pub(super) fn decide(brain: &Brain, topics: &[TopicWeight], stated: &[Evidence]) -> Verdict {
    let k = brain.knowledge();
    // Per source, the weight on each side (indexed as SIDES), where any.
    let mut per_source: BTreeMap<SourceIx, [Option<f32>; 4]> = BTreeMap::new();
    let mut evidence = Vec::new();
    // Every topic's evidence with its fit already weighted, grouped by entry in entry order;
    // an entry's fit is its best over the topics. (Comparing topic ids and visiting every entry
    // here was most of the time of a question over a large knowledge base.)
    let mut candidates: Vec<(f32, &Evidence)> = topics
        .iter()
        .flat_map(|t| {
            brain.evidence_by_topic[t.topic]
                .iter()
                .map(move |ev| (ev.fit * t.weight, ev))
        })
        .chain(stated.iter().map(|ev| (ev.fit, ev)))
        .collect();
    // An entry that meets the asker's requirement is heard as that, not as its table row.
    candidates.sort_unstable_by(|a, b| {
        (a.1.entry.cmp(&b.1.entry)).then(b.1.weight.total_cmp(&a.1.weight))
    });
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
    let mut voices = Vec::new();
    for (source, sides) in per_source {
        let (side, strength) = voice_of(sides);
        voices.push((side, strength));
        let s = &k.sources[source];
        votes.push(SourceVote {
            source: s.id.clone(),
            title: s.title.clone(),
            side,
            strength,
        });
    }
    let side = verdict_of(&voices);
    // Built in entry order, so entry order breaks ties as a stable sort would, more cheaply.
    evidence.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Verdict {
        side,
        votes,
        evidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_arguing_both_frameworks_equally_calls_it_even() {
        assert_eq!(voice_of([Some(2.0), Some(2.0), None, None]).0, Side::Tie);
        assert_eq!(
            voice_of([Some(3.0), Some(1.0), None, None]),
            (Side::TensorFlow, 1.0)
        );
        assert_eq!(
            voice_of([None, Some(1.5), None, None]),
            (Side::PyTorch, 0.5)
        );
    }

    #[test]
    fn the_verdict_follows_the_voices() {
        use Side::*;
        assert_eq!(verdict_of(&[]), None);
        assert_eq!(
            verdict_of(&[(PyTorch, 1.0), (PyTorch, 1.0), (TensorFlow, 1.0)]),
            Some(PyTorch)
        );
        // Within a quarter voice: a tie, not a win.
        assert_eq!(verdict_of(&[(PyTorch, 0.6), (TensorFlow, 0.5)]), Some(Tie));
        assert_eq!(verdict_of(&[(Tie, 1.0), (PyTorch, 0.9)]), Some(Tie));
        assert_eq!(verdict_of(&[(Neither, 1.0), (PyTorch, 0.5)]), Some(Neither));
    }
}
