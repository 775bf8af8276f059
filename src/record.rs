//! The store behind the command layer: [`StoreJournal`] implements the protocol crate's
//! [`Journal`] over `versus-store`, so questions from every transport land in the question log,
//! clicks become feedback, `/gaps` reads the report and replicas share the cooldown. Nothing
//! here is awaited on the answering path: records go to the store's queue, votes to a task.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::runtime::Handle;
use versus_core::engine::{text, Answer};
use versus_discord::components::{AnswerKey, ButtonVote};
use versus_discord::journal::{Asked, CooldownCheck, GapLine, GapsView, Journal, Origin, WeakLine};
use versus_store::{
    AnswerId, FeedbackVote, GapsReport, QuestionRecord, Recorder, Store, StoreError, StoreStats,
    Transport,
};

/// The journal over an open store.
#[derive(Debug)]
pub struct StoreJournal {
    store: Store,
    recorder: Recorder,
    runtime: Handle,
    /// The cooldown period, when the store is shared and the cooldown goes through it.
    shared_cooldown: Option<Duration>,
    unanswered: AtomicU64,
}

impl StoreJournal {
    /// A journal over `store`; `cooldown` is `[discord] ask_cooldown_secs`, shared through the
    /// store when it is PostgreSQL (several replicas). Call inside the runtime.
    pub fn new(store: Store, cooldown: Duration) -> StoreJournal {
        let shared_cooldown = (store.is_shared() && !cooldown.is_zero()).then_some(cooldown);
        StoreJournal {
            recorder: store.recorder(),
            store,
            runtime: Handle::current(),
            shared_cooldown,
            unanswered: AtomicU64::new(0),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Whether the cooldown goes through the store (the in-process one is then off).
    pub fn shares_cooldown(&self) -> bool {
        self.shared_cooldown.is_some()
    }

    /// The store's counters, and the questions this process could not answer.
    pub fn stats(&self) -> (StoreStats, u64) {
        (self.store.stats(), self.unanswered.load(Ordering::Relaxed))
    }
}

/// The store's transport for where a question came from.
fn transport(origin: Origin) -> Transport {
    match origin {
        Origin::Slash => Transport::Slash,
        Origin::Interactions => Transport::Interactions,
        Origin::Mention => Transport::Mention,
        Origin::Dm => Transport::Dm,
        Origin::HttpApi => Transport::HttpApi,
    }
}

/// How decided the verdict was: the strength of the sources for it less that of the others,
/// over all of it (1 = unanimous, 0 = split); `None` without a verdict or votes.
pub fn margin(answer: &Answer) -> Option<f32> {
    let verdict = answer.verdict?;
    let total: f32 = answer.votes.iter().map(|v| v.strength).sum();
    if total <= 0.0 {
        return None;
    }
    let for_it: f32 = answer
        .votes
        .iter()
        .filter(|v| v.side == verdict)
        .map(|v| v.strength)
        .sum();
    Some((2.0 * for_it - total) / total)
}

/// The question-log row for one answered question: the cleaned text, never the raw message.
pub fn record_of(asked: &Asked<'_>, id: AnswerId) -> QuestionRecord {
    let answer = asked.answer;
    let mut record = QuestionRecord::new(
        transport(asked.origin),
        text::clean(asked.question),
        answer.answered,
    );
    record.guild_id = asked.guild_id;
    record.verdict = answer.verdict.map(|s| s.as_str().to_string());
    record.topic = answer.topic.as_ref().map(ToString::to_string);
    record.margin = margin(answer);
    record.generation = answer.generation;
    record.unplaced = answer.unplaced.clone();
    record.citations = answer
        .citations
        .iter()
        .map(|c| format!("{}/{}", c.source, c.entry))
        .collect();
    record.frame = Some(answer.frame.as_str().to_string());
    record.answer_id = id;
    record
}

/// The store's id for a button's answer key (both are 16 lowercase hex characters).
fn answer_id(key: &AnswerKey) -> Option<AnswerId> {
    AnswerId::parse(key.as_str())
}

impl Journal for StoreJournal {
    fn asked(&self, asked: &Asked<'_>) {
        if !asked.answer.answered {
            self.unanswered.fetch_add(1, Ordering::Relaxed);
        }
        let id = answer_id(asked.answer_id).unwrap_or_else(AnswerId::generate);
        self.recorder.record(record_of(asked, id));
    }

    fn voted(&self, user_id: u64, answer: &AnswerKey, vote: ButtonVote) {
        let Some(id) = answer_id(answer) else { return };
        let vote = match vote {
            ButtonVote::Up => FeedbackVote::Helpful,
            ButtonVote::Down => FeedbackVote::NotHelpful,
        };
        let store = self.store.clone();
        let voter = store.user_key(user_id);
        self.runtime.spawn(async move {
            match store.feedback(&id, &voter, vote).await {
                Ok(new) => tracing::debug!(answer = %id, new, "feedback recorded"),
                // Recording off, expired, or the row was dropped: nothing to attach the vote to.
                Err(StoreError::UnknownAnswer(_)) => {
                    tracing::debug!(answer = %id, "feedback on an answer the store does not have")
                }
                Err(e) => tracing::warn!(answer = %id, error = %e, "feedback not recorded"),
            }
        });
    }

    fn gaps(&self, days: u32) -> Result<GapsView, String> {
        self.runtime
            .block_on(self.store.gaps(days))
            .map(|r| view(&r))
            .map_err(|e| e.to_string())
    }

    fn cooldown(&self, user_id: u64) -> Option<CooldownCheck<'_>> {
        let period = self.shared_cooldown?;
        let user = self.store.cooldown_key(user_id);
        Some(Box::pin(
            async move { self.store.cooldown(&user, period).await },
        ))
    }
}

/// The store's report as the command layer shows it: the same groups and counts.
pub fn view(r: &GapsReport) -> GapsView {
    GapsView {
        days: r.days,
        asked: r.totals.asked,
        answered: r.totals.answered,
        helpful: r.totals.helpful,
        not_helpful: r.totals.not_helpful,
        unanswered: r
            .unanswered
            .iter()
            .map(|g| GapLine {
                question: g.question.clone(),
                unplaced: g.unplaced.clone(),
                count: g.count,
                last_seen_unix: g.last_seen_unix,
                frame: g.frame.clone(),
            })
            .collect(),
        weak: r
            .not_helpful
            .iter()
            .map(|w| WeakLine {
                question: w.question.clone(),
                verdict: w.verdict.clone(),
                helpful: w.helpful,
                not_helpful: w.not_helpful,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use versus_core::engine::{Intent, SourceVote};
    use versus_core::knowledge::{Side, SourceId, TopicId};

    fn answer(votes: &[(Side, f32)]) -> Answer {
        Answer {
            question: String::new(),
            answered: true,
            verdict: Some(Side::PyTorch),
            topic: Some(TopicId::new("debugging").unwrap()),
            topic_label: None,
            intent: Intent::Compare,
            frame: versus_core::engine::Frame::Choice,
            language: versus_core::l10n::Locale::En,
            answer: String::new(),
            citations: Vec::new(),
            votes: votes
                .iter()
                .map(|&(side, strength)| SourceVote {
                    source: SourceId::new("s").unwrap(),
                    title: "t".into(),
                    side,
                    strength,
                })
                .collect(),
            disagreements: Vec::new(),
            alternative: None,
            known_topics: Vec::new(),
            unplaced: vec!["zyzzyva".into()],
            parts: Vec::new(),
            generation: 7,
        }
    }

    #[test]
    fn the_margin_runs_from_split_to_unanimous() {
        assert_eq!(
            margin(&answer(&[(Side::PyTorch, 1.0), (Side::PyTorch, 0.5)])),
            Some(1.0)
        );
        assert_eq!(
            margin(&answer(&[(Side::PyTorch, 1.0), (Side::TensorFlow, 1.0)])),
            Some(0.0)
        );
        assert_eq!(margin(&answer(&[])), None);
    }

    #[test]
    fn a_record_keeps_the_cleaned_question_and_the_answers_facts() {
        let a = answer(&[(Side::PyTorch, 1.0)]);
        let key = AnswerKey::generate();
        let asked = Asked {
            origin: Origin::Dm,
            guild_id: None,
            question: "<@123> pytorch or tensorflow for debugging? https://x.y/z",
            answer: &a,
            answer_id: &key,
        };
        let id = AnswerId::parse(key.as_str()).expect("a button key is a store id");
        let r = record_of(&asked, id.clone());
        assert_eq!(r.question, "pytorch or tensorflow for debugging?");
        assert_eq!(
            (r.transport, r.answer_id, r.generation),
            (Transport::Dm, id, 7)
        );
        assert_eq!(r.verdict.as_deref(), Some("pytorch"));
        assert_eq!(r.topic.as_deref(), Some("debugging"));
        assert_eq!(r.unplaced, ["zyzzyva"]);
    }
}
