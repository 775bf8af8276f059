//! One ask of a question, answered: its topics, retrieval, the verdict and its citations. The
//! question as a whole (scope, several asks) is put together in `ask_with`.

use foldhash::HashSet;

use crate::knowledge::{Body, EntryIx, Kind, Side, TopicIx, WordList};

use super::cells::StemId;
use super::disagree::{dissents, fact_disagreements, Disagreement};
use super::read::Reading;
use super::topics::Chosen;
use super::verdict::{decide, evidence_weight, topic_fit, Verdict};
use super::wording::Said;
use super::{
    alternative, cite, faq, requirement, retrieve, topics, Brain, Citation, Hit, Intent,
    SourceVote, TopicWeight,
};

/// How far ahead of the others a quote's ranking starts for each reason it matters. These
/// are in units of a normalised retrieval score (the best hit scores 1).
mod rank {
    /// An entry mainly about the topic comes before one that only touches on it.
    pub(super) const FIT: f32 = 0.3;
    /// On a topic people argue about, a quote that takes a side says more than a table cell.
    pub(super) const ARGUED: f32 = 0.2;
    /// A bare bullet ("Mobile and edge deployment") backs a verdict but explains nothing.
    pub(super) const BARE_PICK: f32 = -0.4;
    /// Picks shorter than this are bare bullets.
    pub(super) const BARE_PICK_CHARS: usize = 40;
    /// The evidence's own weight, scaled to the heaviest piece.
    pub(super) const EVIDENCE: f32 = 0.8;
    /// A quote agreeing with the verdict backs it.
    pub(super) const AGREES: f32 = 0.3;
    /// How many times the best other entry's score the FAQ asking this very question gets: it
    /// leads, and with the citable bar at a quarter of the lead, entries scoring half the best
    /// other one or more are cited beside it (the other sources' rows on the same question).
    pub(super) const FAQ_LEAD: f32 = 2.0;
    /// How far ahead of the others an alternative the question describes is put: none of the
    /// others stays citable beside it.
    pub(super) const ALTERNATIVE_LEAD: f32 = 10.0;
    /// A row whose label the question names ("enterprise support") is what was asked about,
    /// as close to the question as an entry mainly about its topic.
    pub(super) const LABEL_NAMED: f32 = 0.3;
}

/// One ask answered.
#[derive(Debug, Clone)]
pub(super) struct Answered {
    pub(super) topic: Option<TopicIx>,
    pub(super) intent: Intent,
    pub(super) verdict: Option<Side>,
    pub(super) votes: Vec<SourceVote>,
    pub(super) said: Said,
    pub(super) citations: Vec<Citation>,
    pub(super) disagreements: Vec<Disagreement>,
    pub(super) alternative: Option<String>,
}

/// Why an ask got no answer: the sentence to say.
#[derive(Debug, Clone)]
pub(super) struct Declined(pub(super) Said);

/// Answers one ask.
pub(super) fn answer(brain: &Brain, reading: &Reading) -> Result<Answered, Declined> {
    let mut chosen = topics::choose(brain, reading);
    if let Some(subject) = topics::narrowed_to_uncovered(brain, reading, &chosen) {
        return Err(Declined(Said::Uncovered(vec![subject])));
    }
    let faq = faq::matching(brain, reading, &chosen.topics);
    place_by_faq(brain, reading, &mut chosen, faq);
    let general = is_general(brain, reading, &chosen)?;
    let search_topics = search_topics(brain, &chosen, general);
    let hits = retrieve::search(brain, reading, &search_topics);
    if hits.is_empty() {
        return Err(Declined(Said::NothingMatches));
    }
    let search_topics = break_ties_by_evidence(brain, search_topics, &hits);
    // A choice asked on a topic of plain facts is decided by the rows that meet what the asker
    // requires on one side ("Swift developer here, tf or pytorch?"). On a topic the sources
    // judge, their judgement decides: which cell happens to use the asker's word does not.
    let facts_topic = search_topics
        .first()
        .is_some_and(|t| !brain.knowledge().topics[t.topic].verdict);
    let stated = if reading.intent == Intent::Compare && facts_topic {
        requirement::met(brain, reading, &search_topics, &hits)
    } else {
        Vec::new()
    };
    // An FAQ that takes a side answers a yes/no question with its verdict ("do these cost
    // money?" → both free: a tie); a topic of plain facts gets quotes, never a verdict.
    let faq_side = faq.and_then(|f| brain.knowledge().entries[f].stance);
    // A choice asked in an alternative's terms ("JAX-style transforms: which framework?") is
    // answered by the sources' own description of it: neither framework.
    let alternative = alternative::asked_for(brain, reading);
    let intent = match search_topics.first() {
        _ if alternative.is_some() || !stated.is_empty() => Intent::Compare,
        Some(t) if !brain.knowledge().topics[t.topic].verdict => Intent::Fact,
        _ if faq_side.is_some() && !asks_what(brain, reading) => Intent::Compare,
        _ if search_topics.is_empty() => Intent::Fact,
        _ => reading.intent,
    };
    let (primary, mut verdict) = settle(brain, intent, &search_topics, &stated, faq);
    if let (Some(v), Some(_)) = (verdict.as_mut(), alternative) {
        v.side = Some(Side::Neither);
    }
    // The question's stems as row stems, looked up once for ranking and for dropping bare rows.
    let asked = brain.cells.asked(&reading.stems);
    let lead = match (faq, alternative) {
        (Some(f), _) => Some(Lead::Faq(f)),
        (None, Some(a)) => Some(Lead::Alternative(a)),
        (None, None) => None,
    };
    let ranked = rank_entries(
        brain,
        reading,
        &asked,
        primary,
        verdict.as_ref(),
        lead,
        &hits,
    );
    let ranked = drop_bare(brain, &asked, ranked);
    let second = second_topic_entry(brain, reading, primary, &search_topics, &ranked);
    let ranked = retrieve::contenders(brain, ranked, super::MAX_CITATIONS);
    let mut chosen_entries = retrieve::diversify(brain, &ranked, super::MAX_CITATIONS);
    if let Some(e) = second.filter(|_| lead.is_none()) {
        name_second_topic(brain, &mut chosen_entries, e);
    }
    let citations = cite_entries(
        brain,
        reading,
        &verdict_topics(primary, &search_topics),
        &chosen_entries,
        verdict.as_ref(),
    );
    let mut asked = explain(brain, primary, intent, verdict, faq, &chosen, citations);
    asked
        .disagreements
        .extend(fact_disagreements(brain, reading, &chosen_entries));
    say_alternative_and_aside(brain, reading, alternative, &mut asked);
    Ok(asked)
}

/// An FAQ asking this very question places it even when no topic word did ("has tensorflow
/// been abandoned" asks "Is TensorFlow dead?"), but not "better for making pasta": words it
/// can't place make it another question.
fn place_by_faq(brain: &Brain, reading: &Reading, chosen: &mut Chosen, faq: Option<EntryIx>) {
    if !chosen.topics.is_empty() {
        return;
    }
    let places = faq.filter(|&f| {
        chosen.unknown == 0 || faq::decisive(brain, reading, &brain.knowledge().entries[f].body)
    });
    if let Some(t) = places.and_then(|f| faq_topic(brain, f)) {
        chosen.topics.push(TopicWeight {
            topic: t,
            weight: 1.0,
        });
    }
}

/// The topics citations are chosen for: the one that decided first, then the others.
fn verdict_topics(primary: Option<TopicIx>, search_topics: &[TopicWeight]) -> Vec<TopicWeight> {
    match primary {
        Some(p) => std::iter::once(TopicWeight {
            topic: p,
            weight: 1.0,
        })
        .chain(search_topics.iter().copied().filter(|t| t.topic != p))
        .collect(),
        None => search_topics.to_vec(),
    }
}

/// What the answer says last: the alternative the sources name instead, and the topics the
/// asker put aside.
fn say_alternative_and_aside(
    brain: &Brain,
    reading: &Reading,
    alternative: Option<EntryIx>,
    asked: &mut Answered,
) {
    if let Some(a) = alternative {
        if let Body::Alternative { name, .. } = &brain.knowledge().entries[a].body {
            asked.alternative = Some(name.clone());
            asked.said = Said::AlternativeInstead(name.clone());
        }
    }
    if !reading.set_aside.is_empty() {
        let k = brain.knowledge();
        let labels: Vec<String> = reading
            .set_aside
            .iter()
            .map(|&t| k.topics[t].label.clone())
            .collect();
        let then = Box::new(std::mem::replace(&mut asked.said, Said::NothingMatches));
        asked.said = Said::LeavingAside { labels, then };
    }
}

/// "What license does PyTorch use?" asks for the fact, where "do these cost money?" asks yes or
/// no: only the second is answered with the FAQ's stance.
fn asks_what(brain: &Brain, reading: &Reading) -> bool {
    reading.intent == Intent::Fact
        && reading
            .words
            .first()
            .is_some_and(|w| brain.cues.in_list(WordList::QuestionWords, w))
}

/// How many of the best hits a topic tie is judged on.
const TIE_HITS: usize = 10;

/// Topics named equally strongly are ordered by how many of the best hits are mainly about
/// each (never by their order in topics.toml): "rough cost of migrating a medium-sized product"
/// names production ("product") and migration equally, and the hits are about migration.
fn break_ties_by_evidence(
    brain: &Brain,
    mut topics: Vec<TopicWeight>,
    hits: &[Hit],
) -> Vec<TopicWeight> {
    let mainly_about = |t: TopicIx| {
        hits.iter()
            .take(TIE_HITS)
            .filter(|h| brain.first_topic(h.entry) == Some(t))
            .count()
    };
    // A situation leads by what it is (see `topics::choose`), not by how much evidence it has.
    if topics
        .first()
        .is_some_and(|t| brain.cues.is_situation(t.topic))
    {
        return topics;
    }
    let tied = topics
        .iter()
        .take_while(|t| (t.weight - topics[0].weight).abs() < 1e-6)
        .count();
    if tied > 1 {
        let mut head: Vec<(TopicWeight, usize)> = topics[..tied]
            .iter()
            .map(|&t| (t, mainly_about(t.topic)))
            .collect();
        head.sort_by_key(|h| std::cmp::Reverse(h.1));
        for (slot, (t, _)) in topics.iter_mut().zip(head) {
            *slot = t;
        }
    }
    topics
}

/// The first topic of an FAQ entry.
fn faq_topic(brain: &Brain, faq: EntryIx) -> Option<TopicIx> {
    brain.first_topic(faq)
}

/// Whether the ask is about the frameworks in general (`Ok(true)`), about its topics
/// (`Ok(false)`), or about something the sources don't place (declined, naming it).
fn is_general(brain: &Brain, reading: &Reading, chosen: &Chosen) -> Result<bool, Declined> {
    if !chosen.topics.is_empty() {
        return Ok(false);
    }
    let about_frameworks = !reading.frameworks.is_empty();
    // "Is PyTorch actually better, or is that just reddit hype?": an ask about the two in
    // general, whatever else it says; the words it could not place are still reported.
    let opinion = brain
        .cues
        .marks(crate::knowledge::Cue::Opinion, &reading.words);
    if opinion && about_frameworks {
        return Ok(true);
    }
    if chosen.bare_choice || (about_frameworks && chosen.known == 0 && chosen.unknown == 0) {
        return Ok(reading.intent == Intent::Compare);
    }
    if chosen.unknown > 0 && (about_frameworks || reading.cue) {
        return Err(Declined(Said::Uncovered(topics::unplaced(brain, reading))));
    }
    if chosen.known == 0 || chosen.unknown >= chosen.known {
        return Err(Declined(if about_frameworks {
            Said::NotCovered
        } else {
            Said::OutOfScope(super::scope::OutOfScope::NotAboutMl)
        }));
    }
    Ok(false)
}

/// The topics retrieval and the verdict work on: the chosen ones, or "overall" for a question
/// asking in general.
fn search_topics(brain: &Brain, chosen: &Chosen, general: bool) -> Vec<TopicWeight> {
    if general {
        let overall = brain.knowledge().topic_position(super::OVERALL_TOPIC);
        let whole = |topic| TopicWeight { topic, weight: 1.0 };
        return overall.map(|o| vec![whole(o)]).unwrap_or_default();
    }
    chosen.topics.clone()
}

/// The topic that decides and its verdict. The first topic with evidence decides, on its own
/// evidence: pooling topics would let a side topic ("beginner" in a question about
/// spreadsheets) outvote the real one. An FAQ asking this very question decides by its stance.
fn settle(
    brain: &Brain,
    intent: Intent,
    topics: &[TopicWeight],
    stated: &[super::brain::Evidence],
    faq: Option<EntryIx>,
) -> (Option<TopicIx>, Option<Verdict>) {
    let k = brain.knowledge();
    let first = topics.first().map(|t| t.topic);
    if intent != Intent::Compare {
        return (first, None);
    }
    // Rows meeting the asker's requirement answer the question on the topic of facts that
    // leads; the sources' judgement on a later topic is about something else.
    if !stated.is_empty() {
        let v = decide(brain, &topics[..topics.len().min(1)], stated);
        if v.side.is_some() {
            return (first, Some(v));
        }
    }
    let mut decided = None;
    for t in topics
        .iter()
        .map(|t| t.topic)
        .filter(|&t| k.topics[t].verdict)
    {
        let v = decide(
            brain,
            &[TopicWeight {
                topic: t,
                weight: 1.0,
            }],
            stated,
        );
        if v.side.is_some() {
            decided = Some((Some(t), v));
            break;
        }
    }
    let (primary, mut verdict) =
        decided.unwrap_or_else(|| (first, decide(brain, &topics[..topics.len().min(1)], stated)));
    if let Some(stance) = faq.and_then(|f| k.entries[f].stance) {
        verdict.side = Some(stance);
    }
    (primary, Some(verdict))
}

/// Every candidate entry with its ranking score (retrieval score, plus evidence weight for
/// comparisons), in no order: [`retrieve::contenders`] sorts the few that can be cited. The
/// evidence can be thousands of entries and the hits a few dozen, each entry at most once in
/// either: the two meet by binary search in the sorted hits rather than through a map of every
/// candidate.
fn rank_entries(
    brain: &Brain,
    reading: &Reading,
    asked: &[StemId],
    primary: Option<TopicIx>,
    verdict: Option<&Verdict>,
    lead: Option<Lead>,
    hits: &[Hit],
) -> Vec<Hit> {
    let k = brain.knowledge();
    let max_hit = hits.first().map(|h| h.score).unwrap_or(1.0).max(1e-6);
    // (entry, score, whether the evidence took it up)
    let mut hit_scores: Vec<(EntryIx, f32, bool)> = hits
        .iter()
        .map(|h| (h.entry, h.score / max_hit, false))
        .collect();
    hit_scores.sort_by_key(|h| h.0);
    let argued = primary.is_some_and(|p| k.topics[p].verdict);
    let shaped = |ord: EntryIx, fit: f32| -> f32 {
        let e = &k.entries[ord];
        let mut bonus = rank::FIT * fit;
        if argued && e.stance.is_some() && e.kind() != Kind::Row {
            bonus += rank::ARGUED * fit;
        }
        if let Body::Pick { reason, .. } = &e.body {
            if reason.len() < rank::BARE_PICK_CHARS {
                bonus += rank::BARE_PICK;
            }
        }
        if brain.cells.label_named(ord, asked) {
            bonus += rank::LABEL_NAMED;
        } else if brain.wordless[ord] {
            bonus += rank::BARE_PICK;
        }
        bonus
    };
    let mut ranked: Vec<Hit> = Vec::new();
    if let Some(v) = verdict {
        let max_ev = v.evidence.first().map(|e| e.1).unwrap_or(1.0).max(1e-6);
        ranked.reserve(v.evidence.len() + hit_scores.len());
        for &(ord, w, stance) in &v.evidence {
            let e = &k.entries[ord];
            let agrees = v.side == Some(stance);
            let hit = match hit_scores.binary_search_by_key(&ord, |h| h.0) {
                Ok(p) => {
                    hit_scores[p].2 = true;
                    hit_scores[p].1
                }
                Err(_) => 0.0,
            };
            // The verdict weighed this entry on the primary topic alone: weight × fit.
            let fit = w / evidence_weight(e).max(1e-6);
            let backing = rank::EVIDENCE * w / max_ev + if agrees { rank::AGREES } else { 0.0 };
            ranked.push(Hit {
                entry: ord,
                score: hit + backing + shaped(ord, fit),
            });
        }
    }
    ranked.extend(hit_scores.iter().filter(|h| !h.2).map(|h| {
        let fit = primary
            .map(|p| topic_fit(&brain.entry_topics[h.0], p))
            .unwrap_or(0.0);
        Hit {
            entry: h.0,
            score: h.1 + shaped(h.0, fit),
        }
    }));
    if let Some(lead) = lead {
        lead_with(brain, &mut ranked, lead);
    }
    retrieve::only_named_publishers(brain, reading, &mut ranked);
    ranked
}

/// "Autoscaling for our inference fleet": a topic the question names first and as strongly as
/// the one that decided (which led on the sources' evidence), and the best-ranked entry mainly
/// about it, when there is one.
fn second_topic_entry(
    brain: &Brain,
    reading: &Reading,
    primary: Option<TopicIx>,
    search_topics: &[TopicWeight],
    ranked: &[Hit],
) -> Option<EntryIx> {
    let lead = search_topics.iter().find(|t| Some(t.topic) == primary)?;
    let second = search_topics.iter().find(|t| Some(t.topic) != primary)?;
    let named = |topic: TopicIx| reading.topics.iter().find(|m| m.topic == topic && m.strong);
    // Named as strongly as the one that decided and before it: the asker's first ask, which
    // lost the lead only on how much the sources say about each. A topic word in passing
    // ("open-source" in a question about community momentum) is not a second ask.
    let (Some(first_named), Some(lead_named)) = (named(second.topic), named(lead.topic)) else {
        return None;
    };
    if second.weight < lead.weight || first_named.at > lead_named.at {
        return None;
    }
    let second = second.topic;
    ranked
        .iter()
        .filter(|r| brain.first_topic(r.entry) == Some(second))
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .map(|r| r.entry)
}

/// Makes sure the answer names the second topic: when no citation is mainly about it, its
/// best entry takes the last place.
fn name_second_topic(brain: &Brain, chosen: &mut Vec<EntryIx>, entry: EntryIx) {
    let topic = brain.first_topic(entry);
    if chosen.iter().any(|&e| brain.first_topic(e) == topic) {
        return;
    }
    if chosen.len() >= super::MAX_CITATIONS {
        chosen.pop();
    }
    chosen.push(entry);
}

/// The entry that answers the question as asked, and so leads the citations.
#[derive(Debug, Clone, Copy)]
enum Lead {
    /// The FAQ asking this very question: it leads, and what the other sources say on it
    /// stays citable beside it ("both are free" beside a row listing premium plans).
    Faq(EntryIx),
    /// The alternative the question describes ("JAX-style transforms"): it stands alone, the
    /// frameworks' own picks being about something else.
    Alternative(EntryIx),
}

/// Puts the lead first: an FAQ [`rank::FAQ_LEAD`] times the best other entry's score, so that
/// only entries on the FAQ's own topic scoring at least a share of the best stay above the
/// citable bar beside it; an alternative so far ahead that none does.
fn lead_with(brain: &Brain, ranked: &mut Vec<Hit>, lead: Lead) {
    if let Lead::Faq(f) = lead {
        // Beside the FAQ, what other sources say on the same question: "better for genomics"
        // asks the overall FAQ, not an article on a subject no topic holds yet.
        let topic = brain.first_topic(f);
        ranked.retain(|r| {
            r.entry == f || topic.is_some_and(|t| brain.entry_topics[r.entry].contains(&t))
        });
    }
    let best_other = |entry: EntryIx| {
        ranked
            .iter()
            .filter(|r| r.entry != entry)
            .map(|r| r.score)
            .fold(0.0f32, f32::max)
    };
    let (entry, score) = match lead {
        // Alone, any score leads.
        Lead::Faq(f) => (f, (rank::FAQ_LEAD * best_other(f)).max(f32::MIN_POSITIVE)),
        Lead::Alternative(a) => (a, best_other(a) + rank::ALTERNATIVE_LEAD),
    };
    match ranked.iter_mut().find(|r| r.entry == entry) {
        Some(r) => r.score = r.score.max(score),
        None => ranked.push(Hit { entry, score }),
    }
}

/// Citations with a reason in them that make bare items unneeded: with this many, a bare list
/// item ("Rapid prototyping") or a cell of symbols neither leads nor fills a slot.
const ENOUGH_WITH_REASONS: usize = 3;

fn drop_bare(brain: &Brain, asked: &[StemId], ranked: Vec<Hit>) -> Vec<Hit> {
    let k = brain.knowledge();
    let bare = |ord: EntryIx| {
        let e = &k.entries[ord];
        // "Enterprise Support — ✅ | ✅" answers "which has better enterprise support?".
        (brain.wordless[ord] && !brain.cells.label_named(ord, asked))
            || match &e.body {
                Body::Pick { reason, .. } => reason.len() < rank::BARE_PICK_CHARS,
                Body::Passage { text, .. } | Body::Story { text } => {
                    text.len() < rank::BARE_PICK_CHARS
                }
                _ => false,
            }
    };
    let with_reasons = ranked.iter().filter(|r| !bare(r.entry)).count();
    if with_reasons < ENOUGH_WITH_REASONS {
        return ranked;
    }
    ranked.into_iter().filter(|r| !bare(r.entry)).collect()
}

/// The citations, with the lead agreeing with the verdict: a verdict never stands over a quote
/// that says otherwise.
fn cite_entries(
    brain: &Brain,
    reading: &Reading,
    topics: &[TopicWeight],
    chosen: &[EntryIx],
    verdict: Option<&Verdict>,
) -> Vec<Citation> {
    let topic_words = retrieve::topic_stems(brain, topics);
    let terms: HashSet<&str> = reading
        .content
        .iter()
        .map(|(s, _)| s.as_str())
        .chain(topic_words.iter().copied())
        .collect();
    let mut citations: Vec<Citation> = chosen
        .iter()
        .map(|&ord| cite::cite(brain, ord, &terms))
        .collect();
    // A quote's side is the one it takes on this topic: a passage even overall may favour one
    // framework in the sentence about this topic.
    if let Some(v) = verdict {
        for (c, &ord) in citations.iter_mut().zip(chosen) {
            if let Some(&(_, _, side)) = v.evidence.iter().find(|e| e.0 == ord) {
                c.side = Some(side);
            }
        }
    }
    if let Some(side) = verdict.and_then(|v| v.side) {
        if citations
            .first()
            .is_some_and(|c| c.side.is_some_and(|s| s != side))
        {
            if let Some(p) = citations.iter().position(|c| c.side == Some(side)) {
                let lead = citations.remove(p);
                citations.insert(0, lead);
            }
        }
    }
    citations
}

/// The reasoning, disagreements and alternative for a person.
fn explain(
    brain: &Brain,
    primary: Option<TopicIx>,
    intent: Intent,
    verdict: Option<Verdict>,
    faq: Option<EntryIx>,
    chosen: &Chosen,
    citations: Vec<Citation>,
) -> Answered {
    let k = brain.knowledge();
    let topic_label = primary.map(|t| k.topics[t].label.clone());
    let label = topic_label.as_deref().unwrap_or("this");
    let mut disagreements = Vec::new();
    let mut alternative = None;
    let (side, votes, text) = match verdict {
        Some(v) => {
            if let Some(side) = v.side {
                disagreements.extend(dissents(label, &v.votes, side));
                if side == Side::Neither {
                    alternative =
                        v.evidence
                            .iter()
                            .find_map(|&(ord, _, _)| match &k.entries[ord].body {
                                Body::Pick {
                                    pick: Side::Neither,
                                    alternative: Some(a),
                                    ..
                                } => Some(a.clone()),
                                _ => None,
                            });
                }
            }
            let agreeing = v
                .side
                .map_or(0, |s| v.votes.iter().filter(|x| x.side == s).count());
            let faq_decided = faq.is_some_and(|f| k.entries[f].stance.is_some());
            let text = if faq_decided && v.side.is_some() {
                Said::FaqVerdict {
                    side: v.side,
                    label: topic_label.clone(),
                }
            } else {
                Said::Verdict {
                    side: v.side,
                    label: topic_label.clone(),
                    agreeing,
                    total: v.votes.len(),
                    alternative: alternative.clone(),
                }
            };
            let text = if chosen.topics.is_empty() && chosen.unknown > 0 && v.side.is_some() {
                Said::OverallInstead(Box::new(text))
            } else {
                text
            };
            (v.side, v.votes, text)
        }
        None => {
            let shown = primary.filter(|_| !chosen.topics.is_empty());
            let text = Said::FactsAbout(shown.map(|t| k.topics[t].label.clone()));
            (None, Vec::new(), text)
        }
    };
    Answered {
        topic: primary,
        intent,
        verdict: side,
        votes,
        said: text,
        citations,
        disagreements,
        alternative,
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::testing::brain;
    use crate::engine::{ask_with, Answer};
    use crate::knowledge::Side;

    fn ask(q: &str) -> Answer {
        ask_with(brain(), q)
    }

    #[test]
    fn a_tie_between_topics_goes_to_the_one_the_evidence_is_about() {
        let a = ask("rough cost of migrating a medium-sized product from TF to PyTorch?");
        assert_eq!(a.topic.as_deref(), Some("migration"), "{}", a.answer);
    }

    #[test]
    fn the_verdict_never_contradicts_its_leading_quote() {
        for q in [
            "Which one has better docs?",
            "TensorFlow or PyTorch for mobile?",
            "which is better for research?",
            "Which one uses NVIDIA cards better out of the box?",
        ] {
            let a = ask(q);
            let lead = a.citations.first().and_then(|c| c.side);
            if let (Some(v), Some(l)) = (a.verdict, lead) {
                assert_eq!(v, l, "{q}: verdict {v:?} over a quote for {l:?}");
            }
        }
        assert_eq!(ask("Which one has better docs?").verdict, Some(Side::Tie));
    }

    #[test]
    fn a_framework_question_about_something_uncovered_gets_no_verdict() {
        let a = ask("TensorFlow or PyTorch for my guitar?");
        assert!(!a.answered && a.verdict.is_none());
        assert!(a.answer.contains("guitar") && !a.known_topics.is_empty());
    }

    #[test]
    fn bare_list_items_neither_lead_nor_fill_when_reasons_are_cited() {
        let a = ask("TensorFlow or PyTorch for mobile?");
        assert!(a.citations.len() >= 3);
        assert!(
            a.citations.iter().all(|c| c.snippet.chars().count() >= 40),
            "{:#?}",
            a.citations
        );
    }

    #[test]
    fn several_asks_get_a_part_each_and_the_top_level_is_the_first() {
        let a = ask("what should a lab pick, and what should a team shipping to phones pick?");
        let verdicts: Vec<Option<Side>> = a.parts.iter().map(|p| p.verdict).collect();
        assert_eq!(verdicts, [Some(Side::PyTorch), Some(Side::TensorFlow)]);
        assert_eq!(a.verdict, a.parts[0].verdict);
        assert_eq!(a.topic, a.parts[0].topic);
    }
}
