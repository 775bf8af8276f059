//! The store's behaviour, each test run on SQLite and on PostgreSQL (see common/mod.rs).

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::TestDb;
use versus_store::{
    AnswerId, Backend, FeedbackVote, QuestionRecord, Store, StoreConfig, StoreError, StoreHealth,
    Transport, BATCH_MAX, TOP_UNANSWERED,
};

const DAY: Duration = Duration::from_secs(86_400);

/// An answered question with every field set.
fn answered(question: &str, verdict: &str) -> QuestionRecord {
    let mut r = QuestionRecord::new(Transport::Slash, question, true);
    r.guild_id = Some(1_234_567_890_123_456_789);
    r.verdict = Some(verdict.to_owned());
    r.topic = Some("deployment".to_owned());
    r.margin = Some(0.25);
    r.generation = 7;
    r
}

/// An unanswered question with the words it could not place.
fn unanswered(question: &str, unplaced: &[&str]) -> QuestionRecord {
    let mut r = QuestionRecord::new(Transport::Mention, question, false);
    r.unplaced = unplaced.iter().map(|w| w.to_string()).collect();
    r
}

/// Waits (bounded) until `f` holds, for effects the writer produces on its own schedule.
async fn eventually(what: &str, mut f: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f().await {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

both_backends! {
    async fn migrations_apply_twice(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        store.migrate().await.expect("second migrate is a no-op");
        let again = Store::open(&db.config()).await.expect("reopen over a migrated schema");
        let shipped = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap().count();
        assert_eq!(db.count("SELECT COUNT(*) FROM _sqlx_migrations").await, shipped as i64);
        assert_eq!(store.backend(), db.backend);
        assert_eq!(store.is_shared(), db.backend == Backend::Postgres);
        let r = answered("does it still work", "pytorch");
        again.recorder().record(r);
        again.recorder().flush().await;
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 1);
    }

    async fn recorder_lands_rows_in_batches(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let recorder = store.recorder();
        let n = BATCH_MAX * 2 + 17;
        for i in 0..n {
            recorder.record(answered(&format!("question {i}"), "tensorflow"));
        }
        recorder.flush().await;
        let stats = store.stats();
        assert_eq!((stats.recorded, stats.dropped, stats.write_failures), (n as u64, 0, 0));
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, n as i64);
        assert_eq!(db.count("SELECT COUNT(DISTINCT answer_id) FROM questions").await, n as i64);
    }

    async fn record_round_trips_every_field(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let mut r = answered("Is PyTorch good for research, quux or zorp?", "pytorch");
        r.transport = Transport::Interactions;
        r.unplaced = vec!["quux".into(), "zorp".into()];
        let id = r.answer_id.clone();
        store.recorder().record(r);
        store.recorder().flush().await;
        let q = |col: &str| format!("SELECT COUNT(*) FROM questions WHERE answer_id = '{id}' AND {col}");
        for cond in [
            "transport = 'interactions'",
            "guild_id = 1234567890123456789",
            "question = 'Is PyTorch good for research, quux or zorp?'",
            "answered",
            "verdict = 'pytorch'",
            "topic = 'deployment'",
            "margin > 0.24 AND margin < 0.26",
            "generation = 7",
            "unplaced = 'quux zorp'",
        ] {
            assert_eq!(db.count(&q(cond)).await, 1, "{cond}");
        }
    }

    async fn the_frame_is_logged_and_rows_from_before_it_stay_valid(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        // A store written before 0004: no frame column, and a row logged then.
        db.exec("ALTER TABLE questions DROP COLUMN frame").await;
        db.exec("DELETE FROM _sqlx_migrations WHERE version = 4").await;
        db.exec(&format!(
            "INSERT INTO questions (answer_id, at_ms, transport, question, answered, generation, unplaced, gap_key) \
             VALUES ('00000000000000aa', {}, 'slash', 'how do I install cuda', FALSE, 1, '', 'q:how do i install cuda')",
            SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_millis() as i64 - 120_000
        )).await;
        drop(store);
        let store = Store::open(&db.config()).await.expect("reopen applies 0004");
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE frame = ''").await, 1, "the old row reads as no frame");
        let mut help = unanswered("write me a training loop", &[]);
        help.frame = Some("help_code".into());
        let mut choice = answered("tf or torch for phones", "tensorflow");
        choice.frame = Some("choice".into());
        let id = choice.answer_id.clone();
        store.recorder().record(help);
        store.recorder().record(choice);
        store.recorder().flush().await;
        assert_eq!(db.count(&format!("SELECT COUNT(*) FROM questions WHERE answer_id = '{id}' AND frame = 'choice'")).await, 1);
        let report = store.gaps(7).await.expect("gaps");
        let frames: Vec<(&str, Option<&str>)> =
            report.unanswered.iter().map(|g| (g.question.as_str(), g.frame.as_deref())).collect();
        assert_eq!(frames, [("write me a training loop", Some("help_code")), ("how do I install cuda", None)]);
        let json = serde_json::to_value(&report).expect("serialize");
        assert_eq!(json["unanswered"][0]["frame"], "help_code");
    }

    async fn rows_land_without_a_flush(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        for i in 0..5 {
            store.recorder().record(unanswered(&format!("what about {i}"), &[]));
        }
        eventually("the writer's timer writes a partial batch", async || {
            db.count("SELECT COUNT(*) FROM questions").await == 5
        })
        .await;
        assert_eq!(store.stats().recorded, 5);
    }

    async fn full_queue_drops_and_record_never_waits(db: TestDb) {
        let capacity = 8;
        let store = Store::open(&StoreConfig { queue_capacity: capacity, ..db.config() }).await.expect("open");
        let recorder = store.recorder();
        let lock = db.lock("questions").await;
        let n = 2_000;
        for i in 0..n {
            recorder.record(answered(&format!("busy {i}"), "pytorch"));
        }
        // Every call above returned while the table was locked, so none of them waited on it.
        let during = store.stats();
        assert_eq!(during.recorded, 0, "nothing can be written while the table is locked");
        let accepted_at_most = (BATCH_MAX + capacity) as u64;
        assert!(during.dropped >= n - accepted_at_most, "dropped {} of {n}", during.dropped);
        lock.release().await;
        recorder.flush().await;
        let after = store.stats();
        assert_eq!(after.recorded + after.dropped + after.write_failures, n, "{after:?}");
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, after.recorded as i64);
    }

    async fn recording_off_records_nothing(db: TestDb) {
        let store = Store::open(&StoreConfig { record_questions: false, ..db.config() }).await.expect("open");
        assert!(!store.recorder().is_enabled());
        store.recorder().record(answered("not kept", "pytorch"));
        store.recorder().flush().await;
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 0);
        assert_eq!(store.stats().recorded, 0);
    }

    async fn feedback_counts_once_per_person_per_answer(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let r = answered("jax or pytorch for transformers", "pytorch");
        let id = r.answer_id.clone();
        // No flush: a click that beats the writer's batch must still count.
        store.recorder().record(r);
        let (alice, bob) = (store.user_key(111), store.user_key(222));
        assert!(store.feedback(&id, &alice, FeedbackVote::Helpful).await.expect("first vote"));
        assert!(!store.feedback(&id, &alice, FeedbackVote::Helpful).await.expect("same vote again"));
        assert!(!store.feedback(&id, &alice, FeedbackVote::NotHelpful).await.expect("changed vote"));
        assert!(store.feedback(&id, &bob, FeedbackVote::NotHelpful).await.expect("another person"));
        assert_eq!(db.count("SELECT COUNT(*) FROM feedback").await, 2);
        assert_eq!(db.count("SELECT COUNT(*) FROM feedback WHERE vote = 'helpful'").await, 1);
        assert_eq!(db.count("SELECT COUNT(*) FROM feedback WHERE voter IN ('111', '222')").await, 0, "never the user id");
        let as_hash = format!("SELECT COUNT(*) FROM feedback WHERE voter = '{}'", alice.as_str());
        assert_eq!(db.count(&as_hash).await, 1);
        let stats = store.stats();
        assert_eq!((stats.helpful_votes, stats.not_helpful_votes), (1, 1), "repeats are not counted");

        let unknown = AnswerId::generate();
        match store.feedback(&unknown, &alice, FeedbackVote::Helpful).await {
            Err(StoreError::UnknownAnswer(got)) => assert_eq!(got, unknown),
            other => panic!("expected UnknownAnswer, got {other:?}"),
        }
    }

    async fn replicas_hash_voters_alike(db: TestDb) {
        let a = Store::open(&db.config()).await.expect("open a");
        let b = Store::open(&db.config()).await.expect("open b");
        assert_eq!(a.user_key(42), b.user_key(42), "the configured key is shared by replicas");
        assert_ne!(a.user_key(42), a.user_key(43));
        let keyed = Store::open(&StoreConfig { feedback_key: Some("another".into()), ..db.config() }).await.expect("open");
        assert_ne!(keyed.user_key(42), a.user_key(42), "another key, other hashes");
        let r = answered("shared vote", "tensorflow");
        let id = r.answer_id.clone();
        a.recorder().record(r);
        a.recorder().flush().await;
        assert!(a.feedback(&id, &a.user_key(5), FeedbackVote::Helpful).await.expect("vote on a"));
        assert!(!b.feedback(&id, &b.user_key(5), FeedbackVote::NotHelpful).await.expect("same person on b"));
    }

    async fn gaps_groups_and_counts(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let rec = store.recorder();
        for _ in 0..3 {
            rec.record(unanswered("what is a tpu pod slice", &[]));
        }
        let mut earlier = unanswered("mxnet or caffe", &["mxnet", "caffe"]);
        // Minutes earlier: the store keeps times to the minute.
        earlier.at = SystemTime::now() - Duration::from_secs(120);
        rec.record(earlier);
        rec.record(unanswered("is caffe faster than mxnet", &["Caffe", "mxnet"]));
        let mut latest = unanswered("one-off question", &[]);
        latest.at = SystemTime::now() - Duration::from_secs(300);
        rec.record(latest);
        let mut old = unanswered("what is a tpu pod slice", &[]);
        old.at = SystemTime::now() - 10 * DAY;
        rec.record(old);
        let good = answered("pytorch for research", "pytorch");
        let bad = answered("tensorflow for mobile", "pytorch");
        let bad_again = answered("tensorflow for mobile", "pytorch");
        let ids = [good.answer_id.clone(), bad.answer_id.clone(), bad_again.answer_id.clone()];
        for r in [good, bad, bad_again] {
            rec.record(r);
        }
        rec.flush().await;
        store.feedback(&ids[0], &store.user_key(1), FeedbackVote::Helpful).await.expect("vote");
        store.feedback(&ids[0], &store.user_key(2), FeedbackVote::Helpful).await.expect("vote");
        store.feedback(&ids[1], &store.user_key(1), FeedbackVote::NotHelpful).await.expect("vote");
        store.feedback(&ids[1], &store.user_key(2), FeedbackVote::Helpful).await.expect("vote");
        store.feedback(&ids[2], &store.user_key(3), FeedbackVote::NotHelpful).await.expect("vote");

        let report = store.gaps(7).await.expect("gaps");
        assert_eq!(report.days, 7);
        let t = &report.totals;
        assert_eq!((t.asked, t.answered, t.helpful, t.not_helpful), (9, 3, 3, 2));
        assert_eq!(t.helpful_rate, Some(0.6));

        let groups: Vec<(&str, u64)> = report.unanswered.iter().map(|g| (g.question.as_str(), g.count)).collect();
        assert_eq!(
            groups,
            [("what is a tpu pod slice", 3), ("is caffe faster than mxnet", 2), ("one-off question", 1)],
            "most frequent first; the word group shows its latest question; the 10-day-old row is out"
        );
        assert_eq!(report.unanswered[1].unplaced, ["Caffe", "mxnet"]);
        assert!(report.unanswered[0].unplaced.is_empty());
        let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() as i64;
        assert!((now - 60..=now).contains(&report.unanswered[0].last_seen_unix));

        assert_eq!(report.not_helpful.len(), 1, "only answers with a not-helpful vote");
        let weak = &report.not_helpful[0];
        assert_eq!((weak.question.as_str(), weak.verdict.as_deref()), ("tensorflow for mobile", Some("pytorch")));
        assert_eq!((weak.helpful, weak.not_helpful), (1, 2));

        let wide = store.gaps(30).await.expect("gaps over 30 days");
        assert_eq!(wide.unanswered[0].count, 4, "the old row is inside 30 days");
        let json = serde_json::to_value(&wide).expect("serialize");
        assert_eq!(json["totals"]["asked"], 10);
        assert_eq!(json["unanswered"][0]["question"], "what is a tpu pod slice");
    }

    async fn the_report_counts_days_and_lists_downvoted_answers_with_their_citations(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let rec = store.recorder();
        let mut cited = answered("tensorflow for mobile", "tensorflow");
        cited.citations = vec!["guide-a/row-mobile".into(), "guide-b/pick-edge".into()];
        let mut two_days_ago = unanswered("what is a tpu pod slice", &[]);
        two_days_ago.at = SystemTime::now() - 2 * DAY;
        let liked = answered("pytorch for research", "pytorch");
        let ids = [cited.answer_id.clone(), liked.answer_id.clone()];
        for r in [cited, two_days_ago, liked] {
            rec.record(r);
        }
        rec.flush().await;
        store.feedback(&ids[0], &store.user_key(1), FeedbackVote::NotHelpful).await.expect("vote");
        store.feedback(&ids[0], &store.user_key(2), FeedbackVote::Helpful).await.expect("vote");
        store.feedback(&ids[1], &store.user_key(1), FeedbackVote::Helpful).await.expect("vote");

        let report = store.gaps(7).await.expect("gaps");
        assert_eq!(report.per_day.len(), 8, "seven days back and today");
        let counts: Vec<(u64, u64)> = report.per_day.iter().map(|d| (d.asked, d.answered)).collect();
        assert_eq!(counts[7], (2, 2), "today: two asked, both answered");
        assert_eq!(counts[5], (1, 0), "two days ago: one unanswered");
        assert_eq!(counts.iter().map(|c| c.0).sum::<u64>(), 3);
        assert!(report.per_day.windows(2).all(|w| w[1].day_unix - w[0].day_unix == 86_400));

        assert_eq!(report.downvoted.len(), 1, "only the answer with a 👎");
        let down = &report.downvoted[0];
        assert_eq!(down.answer_id, ids[0].as_str());
        assert_eq!((down.question.as_str(), down.verdict.as_deref()), ("tensorflow for mobile", Some("tensorflow")));
        assert_eq!(down.citations, ["guide-a/row-mobile", "guide-b/pick-edge"]);
        assert_eq!((down.helpful, down.not_helpful), (1, 1));
        let json = serde_json::to_value(&report).expect("serialize");
        assert_eq!(json["downvoted"][0]["citations"][1], "guide-b/pick-edge");
    }

    async fn gaps_are_bounded(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        for i in 0..TOP_UNANSWERED + 7 {
            store.recorder().record(unanswered(&format!("distinct question {i}"), &[]));
        }
        store.recorder().flush().await;
        let report = store.gaps(30).await.expect("gaps");
        assert_eq!(report.unanswered.len(), TOP_UNANSWERED);
        assert_eq!(report.totals.asked, (TOP_UNANSWERED + 7) as u64);
        assert_eq!(report.totals.helpful_rate, None);
    }

    async fn retention_purges_old_rows_and_their_votes(db: TestDb) {
        let store = Store::open(&StoreConfig { retention_days: 30, ..db.config() }).await.expect("open");
        let mut old = answered("asked long ago", "pytorch");
        old.at = SystemTime::now() - 31 * DAY;
        let old_id = old.answer_id.clone();
        let mut recent = answered("asked yesterday", "pytorch");
        recent.at = SystemTime::now() - DAY;
        store.recorder().record(old);
        store.recorder().record(recent);
        store.recorder().flush().await;
        store.feedback(&old_id, &store.user_key(1), FeedbackVote::NotHelpful).await.expect("vote on the old answer");
        let stale_ms = (SystemTime::now() - 2 * DAY).duration_since(SystemTime::UNIX_EPOCH).unwrap().as_millis();
        db.exec(&format!("INSERT INTO cooldowns (user_key, last_ms) VALUES ('stale', {stale_ms})")).await;
        store.cooldown(&store.user_key(9), Duration::from_secs(60)).await.expect("fresh cooldown");

        let purged = store.purge().await.expect("purge");
        assert_eq!((purged.questions, purged.cooldowns), (1, 1));
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE question = 'asked yesterday'").await, 1);
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 1);
        assert_eq!(db.count("SELECT COUNT(*) FROM feedback").await, 0, "votes go with their question");
        assert_eq!(db.count("SELECT COUNT(*) FROM cooldowns").await, 1, "the live cooldown stays");
        assert_eq!(store.purge().await.expect("purge again").questions, 0);
    }

    async fn opening_purges_expired_rows(db: TestDb) {
        let first = Store::open(&StoreConfig { retention_days: 30, ..db.config() }).await.expect("open");
        let mut old = answered("expired", "pytorch");
        old.at = SystemTime::now() - 40 * DAY;
        first.recorder().record(old);
        first.recorder().flush().await;
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 1);
        let second = Store::open(&StoreConfig { retention_days: 30, ..db.config() }).await.expect("reopen");
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 0, "opening purges");
        assert_eq!((first.stats().purged, second.stats().purged), (0, 1));
    }

    async fn cooldown_is_shared_between_replicas(db: TestDb) {
        let a = Store::open(&db.config()).await.expect("open a");
        let b = Store::open(&db.config()).await.expect("open b");
        let period = Duration::from_secs(60);
        let user = a.cooldown_key(77);
        assert_eq!(a.cooldown(&user, period).await, Ok(()));
        let left = b.cooldown(&b.cooldown_key(77), period).await.expect_err("b sees a's cooldown");
        assert!(left > Duration::ZERO && left <= period, "{left:?}");
        assert!(a.cooldown(&user, period).await.is_err(), "still cooling on a");
        assert_eq!(b.cooldown(&b.cooldown_key(78), period).await, Ok(()), "another user is free");
        // Age the row past the period instead of sleeping through it.
        db.exec("UPDATE cooldowns SET last_ms = last_ms - 61000").await;
        assert_eq!(b.cooldown(&user, period).await, Ok(()), "over after the period");
        assert!(a.cooldown(&user, period).await.is_err(), "and started again by b");
        assert_eq!(a.stats().cooldown_failures + b.stats().cooldown_failures, 0);
    }

    async fn cooldown_lets_exactly_one_concurrent_ask_through(db: TestDb) {
        let a = Store::open(&db.config()).await.expect("open a");
        let b = Store::open(&db.config()).await.expect("open b");
        let user = a.cooldown_key(5);
        let mut tasks = Vec::new();
        for i in 0..16 {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            let user = user.clone();
            tasks.push(tokio::spawn(async move { store.cooldown(&user, Duration::from_secs(60)).await.is_ok() }));
        }
        let mut through = 0;
        for t in tasks {
            through += usize::from(t.await.expect("task"));
        }
        assert_eq!(a.stats().cooldown_failures + b.stats().cooldown_failures, 0);
        assert_eq!(through, 1);
    }

    async fn a_stalled_cooldown_lets_the_question_through(db: TestDb) {
        let deadline = Duration::from_millis(100);
        let store = Store::open(&StoreConfig { cooldown_deadline: deadline, ..db.config() }).await.expect("open");
        let user = store.cooldown_key(3);
        let lock = db.lock("cooldowns").await;
        assert_eq!(store.cooldown(&user, Duration::from_secs(60)).await, Ok(()), "fails open");
        assert_eq!(store.stats().cooldown_failures, 1);
        lock.release().await;
    }

    async fn no_hash_key_is_kept_in_the_store(db: TestDb) {
        let store = Store::open(&StoreConfig { feedback_key: None, ..db.config() }).await.expect("open");
        let r = answered("who voted?", "pytorch");
        let id = r.answer_id.clone();
        store.recorder().record(r);
        store.recorder().flush().await;
        assert!(store.feedback(&id, &store.user_key(80351110224678912), FeedbackVote::Helpful).await.expect("vote"));
        assert_eq!(db.count("SELECT COUNT(*) FROM meta").await, 0, "no key beside the hashes");
        // A store written before 0002 kept its key in meta: migrating forgets it.
        db.exec("INSERT INTO meta (k, v) VALUES ('voter_key', 'abc123')").await;
        db.exec("DELETE FROM _sqlx_migrations WHERE version = 2").await;
        Store::open(&db.config()).await.expect("reopen applies 0002");
        assert_eq!(db.count("SELECT COUNT(*) FROM meta").await, 0);
    }

    async fn cooldown_rows_do_not_link_to_questions_or_votes(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        // Not in a minute's first seconds, so a question's minute cannot sit within a second
        // of its cooldown by chance (arranging the test, not timing anything).
        let into_minute = || SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_millis() % 60_000;
        while into_minute() < 2_000 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let users = [80351110224678912u64, 90351110224678913];
        for (i, user) in users.into_iter().enumerate() {
            let mut r = answered(&format!("question {i}"), "pytorch");
            r.at = SystemTime::now();
            let id = r.answer_id.clone();
            assert_eq!(store.cooldown(&store.cooldown_key(user), Duration::from_secs(5)).await, Ok(()));
            store.recorder().record(r);
            store.recorder().flush().await;
            assert!(store.feedback(&id, &store.user_key(user), FeedbackVote::Helpful).await.expect("vote"));
        }
        assert_eq!(db.count("SELECT COUNT(*) FROM cooldowns").await, 2);
        // The join the reader ran: a cooldown time within a second of a question's.
        let by_time = db.count(
            "SELECT COUNT(*) FROM cooldowns c JOIN questions q \
             ON q.at_ms BETWEEN c.last_ms - 1000 AND c.last_ms + 1000",
        ).await;
        assert_eq!(by_time, 0, "no cooldown row lines up with a question");
        let by_hash = db.count("SELECT COUNT(*) FROM cooldowns c JOIN feedback f ON f.voter = c.user_key").await;
        assert_eq!(by_hash, 0, "no cooldown row names a voter");
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE at_ms % 60000 <> 0").await, 0);
    }

    async fn a_stored_question_is_redacted(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let mut r = unanswered(
            "reach me at jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111, \
             id 80351110224678912, see https://example.com/p?token=s3cret",
            &["jane.doe@example.com"],
        );
        r.verdict = None;
        store.recorder().record(r);
        store.recorder().flush().await;
        let private = ["jane", "7946", "4111", "80351110224678912", "s3cret"];
        for p in private {
            let n = db.count(&format!("SELECT COUNT(*) FROM questions WHERE question LIKE '%{p}%' OR unplaced LIKE '%{p}%' OR gap_key LIKE '%{p}%'")).await;
            assert_eq!(n, 0, "{p} stored");
        }
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE question LIKE 'reach me at [email] or [phone], card [card]%'").await, 1);
    }

    async fn max_rows_prunes_the_oldest_questions(db: TestDb) {
        let store = Store::open(&StoreConfig { max_rows: 50, ..db.config() }).await.expect("open");
        let rec = store.recorder();
        // A minute apart: the store keeps times to the minute.
        let start = SystemTime::now() - Duration::from_secs(3 * 3600);
        for i in 0..120u64 {
            let mut r = answered(&format!("q{i}"), "pytorch");
            r.at = start + Duration::from_secs(60 * i);
            rec.record(r);
            if i % 30 == 29 {
                rec.flush().await;
            }
        }
        rec.flush().await;
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 50);
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE question = 'q119'").await, 1, "the newest stays");
        assert_eq!(db.count("SELECT COUNT(*) FROM questions WHERE question = 'q69'").await, 0, "the oldest go");
        let stats = store.stats();
        assert_eq!((stats.recorded, stats.pruned), (120, 70));
    }

    async fn broken_store_counts_failures_and_recovers(db: TestDb) {
        let store = Store::open(&db.config()).await.expect("open");
        let rec = store.recorder();
        for i in 0..10 {
            rec.record(answered(&format!("before {i}"), "pytorch"));
        }
        rec.flush().await;
        assert_eq!(store.stats().recorded, 10);

        db.break_writes().await;
        for i in 0..100 {
            rec.record(answered(&format!("during {i}"), "pytorch"));
        }
        // Answers keep flowing: every record() above returned, none was refused by the queue.
        rec.flush().await;
        let broken = store.stats();
        assert_eq!((broken.recorded, broken.write_failures, broken.dropped), (10, 100, 0));
        assert_eq!(store.health(), StoreHealth::Failing);
        let r = answered("click on an answer that never landed", "pytorch");
        let click = store.feedback(&r.answer_id, &store.user_key(1), FeedbackVote::Helpful).await;
        assert!(matches!(click, Err(StoreError::UnknownAnswer(_))), "{click:?}");

        db.restore_writes().await;
        for i in 0..5 {
            rec.record(answered(&format!("after {i}"), "pytorch"));
        }
        rec.flush().await;
        assert_eq!(store.stats().recorded, 15);
        assert_eq!(db.count("SELECT COUNT(*) FROM questions").await, 15);
        assert_eq!(store.health(), StoreHealth::Up);
    }
}

#[tokio::test]
async fn a_non_postgres_url_is_refused_without_echoing_it() {
    let config = StoreConfig {
        database_url: Some("mysql://user:secret@host/db".into()),
        ..StoreConfig::default()
    };
    let err = Store::open(&config)
        .await
        .expect_err("mysql is not supported");
    let text = err.to_string();
    assert!(matches!(err, StoreError::UnsupportedUrl { .. }), "{text}");
    assert!(text.contains("mysql") && !text.contains("secret"), "{text}");
}

#[tokio::test]
async fn an_unreachable_postgres_fails_to_open_with_an_error() {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    let config = StoreConfig {
        database_url: Some("postgres://u:p@127.0.0.1:1/db".into()),
        ..StoreConfig::default()
    };
    assert!(matches!(
        Store::open(&config).await,
        Err(StoreError::Connect(_))
    ));
}

#[tokio::test]
async fn sqlite_store_creates_its_directory() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("a").join("b").join("versus.db");
    let store = Store::open(&StoreConfig {
        sqlite_path: path.clone(),
        ..StoreConfig::default()
    })
    .await
    .expect("open");
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(path.exists());
    let mode: String = {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(mode, "wal");
}
