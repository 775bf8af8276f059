//! The follow-up memory: the last answered question of each asker (a user in a channel) and of
//! each answer id, for a short window, so "and for mobile?" continues the question before it.
//! Shared by every transport through [`crate::command::App`]: the gateway and `/interactions`
//! by asker, `POST /api/ask` by the answer id it returned (`follow_up_of`).
//!
//! It keeps the minimum: per answer, its id, the question's text (bounded), when it was
//! answered, and for Discord the (user, channel) pair it came from. In memory only, never
//! written anywhere, gone after the window or when the process stops. Plain std sync: no
//! runtime.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use versus_core::engine::{Answer, Engine};

use crate::components::AnswerKey;

/// The window when none is configured: ten minutes covers a conversation's next question, and
/// a question asked later is a new one.
pub const DEFAULT_WINDOW: Duration = Duration::from_secs(600);

/// Answers remembered at most. At the window's end every one is forgotten anyway; the bound is
/// for a burst. Ten questions a second for the default ten minutes is 6,000; 10,000 answers of
/// at most [`MAX_QUESTION_BYTES`] each, with their keys, stay under about 12 MB at the very
/// worst (real questions are a few dozen bytes), well inside the process's memory budget.
/// Beyond it the oldest go first, which only costs their askers a follow-up.
pub const MAX_REMEMBERED: usize = 10_000;

/// Bytes of a question kept (cut at a character boundary): `/ask` takes 1000 characters, and
/// what a follow-up needs of the question before it, its frameworks and topic words, is at
/// its start far more often than past its first thousand bytes.
pub const MAX_QUESTION_BYTES: usize = 1000;

/// Who asked, for Discord: a user in a channel (a DM is its own channel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Asker {
    /// The user's id.
    pub user_id: u64,
    /// The channel's id.
    pub channel_id: u64,
}

/// One remembered answer.
#[derive(Debug)]
struct Remembered {
    question: String,
    at: Instant,
    asker: Option<Asker>,
}

/// The memory's contents, under one lock.
#[derive(Debug, Default)]
struct Inner {
    by_id: HashMap<AnswerKey, Remembered>,
    /// Each asker's latest answer.
    by_asker: HashMap<Asker, AnswerKey>,
    /// Ids in the order they were remembered, oldest first: forgetting starts at the front.
    order: VecDeque<AnswerKey>,
}

/// The bounded, time-limited memory of recent answers.
#[derive(Debug)]
pub struct FollowUps {
    window: Duration,
    inner: Mutex<Inner>,
}

impl Default for FollowUps {
    fn default() -> FollowUps {
        FollowUps::new(DEFAULT_WINDOW)
    }
}

impl FollowUps {
    /// A memory whose answers are continued for `window` (zero turns follow-ups off).
    pub fn new(window: Duration) -> FollowUps {
        FollowUps {
            window,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// How long an answer can be continued.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// The question `asker` last had answered, if within the window.
    pub fn prior_of(&self, asker: Asker) -> Option<String> {
        self.prior_of_at(asker, Instant::now())
    }

    /// As [`FollowUps::prior_of`], at a given instant.
    pub fn prior_of_at(&self, asker: Asker, now: Instant) -> Option<String> {
        let inner = self.lock();
        let id = inner.by_asker.get(&asker)?;
        self.fresh(&inner, id, now)
    }

    /// The question answered as `id` by the JSON API, if within the window. An answer given in
    /// Discord is not continued this way: its id is shown in a channel, and the asker's
    /// question is theirs to continue.
    pub fn prior_answer(&self, id: &AnswerKey) -> Option<String> {
        self.prior_answer_at(id, Instant::now())
    }

    /// As [`FollowUps::prior_answer`], at a given instant.
    pub fn prior_answer_at(&self, id: &AnswerKey, now: Instant) -> Option<String> {
        let inner = self.lock();
        if inner.by_id.get(id)?.asker.is_some() {
            return None;
        }
        self.fresh(&inner, id, now)
    }

    fn fresh(&self, inner: &Inner, id: &AnswerKey, now: Instant) -> Option<String> {
        let r = inner.by_id.get(id)?;
        (now.saturating_duration_since(r.at) < self.window).then(|| r.question.clone())
    }

    /// Remembers `answer`, given as `id`, with `question`, the text a next follow-up continues
    /// (`Engine::follow_up_context`), when it answered something: only an answered question
    /// is continued.
    pub fn remember(&self, asker: Option<Asker>, id: &AnswerKey, question: &str, answer: &Answer) {
        if answer.answered {
            self.remember_at(asker, id, question, Instant::now());
        }
    }

    /// Remembers `question`, answered as `id` at `now`.
    pub fn remember_at(&self, asker: Option<Asker>, id: &AnswerKey, question: &str, now: Instant) {
        if self.window.is_zero() {
            return;
        }
        let mut inner = self.lock();
        self.forget_old(&mut inner, now);
        while inner.order.len() >= MAX_REMEMBERED {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            forget(&mut inner, &oldest);
        }
        let question = cut_bytes(question, MAX_QUESTION_BYTES).to_string();
        inner.by_id.insert(
            id.clone(),
            Remembered {
                question,
                at: now,
                asker,
            },
        );
        inner.order.push_back(id.clone());
        if let Some(asker) = asker {
            inner.by_asker.insert(asker, id.clone());
        }
    }

    /// How many answers are remembered now.
    pub fn len(&self) -> usize {
        self.lock().by_id.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops every answer past the window, from the oldest.
    fn forget_old(&self, inner: &mut Inner, now: Instant) {
        while let Some(id) = inner.order.front() {
            let expired = inner
                .by_id
                .get(id)
                .is_none_or(|r| now.saturating_duration_since(r.at) >= self.window);
            if !expired {
                break;
            }
            if let Some(id) = inner.order.pop_front() {
                forget(inner, &id);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `s` cut to at most `max` bytes, at a character boundary.
fn cut_bytes(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Drops `id`, and its asker's entry when it is still their latest.
fn forget(inner: &mut Inner, id: &AnswerKey) {
    if let Some(r) = inner.by_id.remove(id) {
        if let Some(asker) = r.asker {
            if inner.by_asker.get(&asker) == Some(id) {
                inner.by_asker.remove(&asker);
            }
        }
    }
}

/// `question` answered by `engine`, as a follow-up of `prior` when there is one.
pub fn answer(engine: &Engine, question: &str, prior: Option<&str>) -> Answer {
    match prior {
        Some(prior) => engine.ask_following(question, prior),
        None => engine.ask(question),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: Asker = Asker {
        user_id: 1,
        channel_id: 10,
    };

    fn key(n: u64) -> AnswerKey {
        AnswerKey::parse(&format!("{n:016x}")).unwrap()
    }

    #[test]
    fn an_askers_last_question_is_continued_only_within_the_window_and_channel() {
        let m = FollowUps::new(Duration::from_secs(600));
        let t = Instant::now();
        m.remember_at(Some(ALICE), &key(1), "TF or PyTorch for research?", t);
        m.remember_at(Some(ALICE), &key(2), "and for mobile?", t);
        let later = t + Duration::from_secs(599);
        assert_eq!(
            m.prior_of_at(ALICE, later).as_deref(),
            Some("and for mobile?")
        );
        assert_eq!(m.prior_of_at(ALICE, t + Duration::from_secs(600)), None);
        let elsewhere = Asker {
            channel_id: 11,
            ..ALICE
        };
        let bob = Asker {
            user_id: 2,
            ..ALICE
        };
        assert_eq!(m.prior_of_at(elsewhere, later), None);
        assert_eq!(m.prior_of_at(bob, later), None);
    }

    #[test]
    fn answer_ids_continue_only_api_answers() {
        let m = FollowUps::new(Duration::from_secs(60));
        let t = Instant::now();
        m.remember_at(None, &key(1), "TF or PyTorch for research?", t);
        m.remember_at(Some(ALICE), &key(2), "TF or PyTorch for mobile?", t);
        assert_eq!(
            m.prior_answer_at(&key(1), t).as_deref(),
            Some("TF or PyTorch for research?")
        );
        assert_eq!(m.prior_answer_at(&key(2), t), None, "a Discord answer");
        assert_eq!(m.prior_answer_at(&key(3), t), None, "never given");
        assert_eq!(
            m.prior_answer_at(&key(1), t + Duration::from_secs(60)),
            None
        );
    }

    #[test]
    fn the_memory_is_bounded_and_forgets_the_expired_first() {
        let m = FollowUps::new(Duration::from_secs(60));
        let t = Instant::now();
        for n in 0..MAX_REMEMBERED as u64 + 10 {
            let asker = Asker {
                user_id: n,
                channel_id: 1,
            };
            m.remember_at(Some(asker), &key(n), "q", t);
        }
        assert_eq!(m.len(), MAX_REMEMBERED);
        let first = Asker {
            user_id: 0,
            channel_id: 1,
        };
        assert_eq!(m.prior_of_at(first, t), None, "the oldest went first");
        // Past the window, the next answer clears all the expired ones.
        m.remember_at(None, &key(u64::MAX), "q", t + Duration::from_secs(61));
        assert_eq!(m.len(), 1);
        assert!(m.lock().by_asker.is_empty());
    }

    #[test]
    fn a_zero_window_remembers_nothing_and_questions_are_bounded() {
        let off = FollowUps::new(Duration::ZERO);
        off.remember_at(Some(ALICE), &key(1), "q", Instant::now());
        assert!(off.is_empty());
        let m = FollowUps::default();
        let t = Instant::now();
        m.remember_at(Some(ALICE), &key(1), &format!("x{}", "é".repeat(5000)), t);
        let kept = m.prior_of_at(ALICE, t).unwrap();
        // 1 + 2 × 499 bytes: the next "é" would pass the bound, and is not split.
        assert_eq!(kept.len(), MAX_QUESTION_BYTES - 1);
        assert!(kept.ends_with('é'));
    }
}
