//! The engine against the project's own eval set (tests/eval.toml: other wordings, hostile and
//! out-of-scope questions) and, when it is beside the checkout, the shared dev set.

use crate::common;

use std::path::Path;

use versus_core::eval;

fn run(path: &Path, min: f64) {
    let cases = eval::load(path).unwrap();
    assert!(
        cases.len() >= 20,
        "{} has only {} cases",
        path.display(),
        cases.len()
    );
    let report = eval::run(&common::engine(), &cases);
    let failures: Vec<String> = report
        .outcomes
        .iter()
        .filter(|o| !o.passed)
        .map(|o| format!("{} {:?}: {}", o.id, o.question, o.failures.join("; ")))
        .collect();
    assert!(
        report.score >= min,
        "score {:.3} below {min}:\n{}",
        report.score,
        failures.join("\n")
    );
}

#[test]
fn the_projects_own_eval_set_scores_at_least_95_percent() {
    run(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval.toml"),
        0.95,
    );
}

/// The shared dev sets, wherever the checkout sits beside them (main checkout or a worktree).
fn shared(name: &str) -> Option<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ["../shared/eval", "../../shared/eval"]
        .iter()
        .map(|d| root.join(d).join(name))
        .find(|p| p.exists())
}

#[test]
fn the_shared_dev_sets_score_at_least_95_percent_when_present() {
    for name in ["dev.toml", "dev2.toml"] {
        if let Some(path) = shared(name) {
            run(&path, 0.95);
        }
    }
}

#[test]
fn no_question_that_must_be_declined_gets_a_verdict() {
    let engine = common::engine();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval.toml");
    for case in eval::load(&path)
        .unwrap()
        .iter()
        .filter(|c| c.answered != eval::Expect::Answered)
    {
        let a = engine.ask(&case.q);
        assert!(
            a.verdict.is_none(),
            "{}: {:?} got {:?}",
            case.id,
            case.q,
            a.verdict
        );
    }
}

#[test]
fn the_judge_fails_wrong_answers() {
    let cases = eval::parse(
        "[[case]]\nid = \"x\"\nq = \"TensorFlow or PyTorch for mobile apps?\"\nverdict = [\"pytorch\"]\nevidence = \"nonexistent-word\"\n",
    )
    .unwrap();
    let report = eval::run(&common::engine(), &cases);
    assert_eq!(report.passed, 0);
    assert_eq!(report.outcomes[0].failures.len(), 2);
}
