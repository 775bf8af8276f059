//! The evaluation harness: a TOML file of questions with what a right answer must show
//! (accepted verdicts, an evidence pattern over the cited snippets, whether it is answerable),
//! run through the engine and scored.

use std::path::Path;

use fancy_regex::Regex;
use serde::{Deserialize, Serialize};

use crate::engine::{Answer, Engine, Frame};

/// One question and what its answer must show.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Case id.
    pub id: String,
    /// The question.
    pub q: String,
    /// Accepted verdicts: tensorflow, pytorch, tie, neither, "any", or "null" for none.
    #[serde(default)]
    pub verdict: Vec<String>,
    /// Case-insensitive regex the joined snippets must match ("" = not judged).
    #[serde(default)]
    pub evidence: String,
    /// Whether it must be answered (default true), declined (false), or either (`"any"`,
    /// which still forbids a verdict).
    #[serde(default)]
    pub answered: Expect,
    /// Accepted verdicts per ask, in order: the answer must have at least this many parts and
    /// part i's verdict must be one of list i (same words as `verdict`).
    #[serde(default)]
    pub parts: Option<Vec<Vec<String>>>,
    /// Whether the answer must (true) or must not (false) name a disagreement between sources.
    #[serde(default, alias = "disagree")]
    pub disagrees: Option<bool>,
}

/// What a case expects of `Answer::answered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Expect {
    /// It must be answered.
    #[default]
    Answered,
    /// It must be declined.
    Declined,
    /// Either, as long as no verdict is given: for questions a reader may quote on or decline.
    NoVerdict,
}

impl<'de> Deserialize<'de> for Expect {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Word(String),
        }
        match Raw::deserialize(d)? {
            Raw::Flag(true) => Ok(Expect::Answered),
            Raw::Flag(false) => Ok(Expect::Declined),
            Raw::Word(w) if w == "any" => Ok(Expect::NoVerdict),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "answered must be true, false or \"any\", not {w:?}"
            ))),
        }
    }
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(rename = "case", default)]
    cases: Vec<Case>,
}

/// Why an eval file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid eval TOML.
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
}

/// The outcome of one case.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Case id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Whether every check held.
    pub passed: bool,
    /// What failed, one phrase each.
    pub failures: Vec<String>,
    /// The verdict given.
    pub verdict: Option<String>,
    /// The frame the engine read the question in.
    pub frame: Frame,
}

/// The result of a whole file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Cases passed.
    pub passed: usize,
    /// Cases run.
    pub total: usize,
    /// passed / total.
    pub score: f64,
    /// Every case.
    pub outcomes: Vec<Outcome>,
}

/// How the cases of one frame fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FrameScore {
    /// The frame the engine read them in.
    pub frame: Frame,
    /// Cases passed.
    pub passed: usize,
    /// Cases read in this frame.
    pub total: usize,
}

impl Report {
    /// Accuracy per frame the engine read the questions in, frames with no case left out.
    pub fn by_frame(&self) -> Vec<FrameScore> {
        Frame::ALL
            .into_iter()
            .map(|frame| {
                let of: Vec<&Outcome> = self.outcomes.iter().filter(|o| o.frame == frame).collect();
                FrameScore {
                    frame,
                    passed: of.iter().filter(|o| o.passed).count(),
                    total: of.len(),
                }
            })
            .filter(|f| f.total > 0)
            .collect()
    }
}

/// Reads the cases of an eval file.
pub fn load(path: &Path) -> Result<Vec<Case>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text).map_err(|message| EvalError::Parse {
        path: path.display().to_string(),
        message,
    })
}

/// Parses eval TOML.
pub fn parse(text: &str) -> Result<Vec<Case>, String> {
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    for case in &file.cases {
        if !case.evidence.is_empty() {
            evidence_pattern(&case.evidence)
                .map_err(|e| format!("case {}: bad evidence pattern: {e}", case.id))?;
        }
    }
    Ok(file.cases)
}

/// Judges one answer against its case.
pub fn judge(case: &Case, answer: &Answer) -> Outcome {
    let mut failures = Vec::new();
    match case.answered {
        Expect::Answered | Expect::Declined => {
            let want = case.answered == Expect::Answered;
            if answer.answered != want {
                failures.push(format!("answered is {}, expected {want}", answer.answered));
            }
        }
        Expect::NoVerdict => {
            if let Some(v) = answer.verdict {
                failures.push(format!("verdict {v}, expected none"));
            }
        }
    }
    let given = answer.verdict.map(|v| v.as_str().to_string());
    let verdict_ok = case.verdict.is_empty() || accepts(&case.verdict, answer.verdict);
    if !verdict_ok {
        failures.push(format!(
            "verdict {}, expected one of {:?}",
            given.as_deref().unwrap_or("null"),
            case.verdict
        ));
    }
    if let Some(want) = &case.parts {
        if answer.parts.len() < want.len() {
            failures.push(format!(
                "{} part(s), expected at least {}",
                answer.parts.len(),
                want.len()
            ));
        } else {
            for (i, (accepted, part)) in want.iter().zip(&answer.parts).enumerate() {
                if !accepts(accepted, part.verdict) {
                    failures.push(format!(
                        "part {} verdict {}, expected one of {accepted:?}",
                        i + 1,
                        part.verdict.map(|v| v.as_str()).unwrap_or("null")
                    ));
                }
            }
        }
    }
    if let Some(want) = case.disagrees {
        let named = !answer.disagreements.is_empty();
        if named != want {
            failures.push(if want {
                "no disagreement named, expected one".to_string()
            } else {
                format!(
                    "a disagreement named, expected none: {}",
                    answer.disagreements[0]
                )
            });
        }
    }
    if !case.evidence.is_empty() {
        // Every ask's citations count: "which is easier to learn, and which has more stars?"
        // is right when each part cites its own evidence.
        let joined: String = answer
            .citations
            .iter()
            .chain(answer.parts.iter().flat_map(|p| &p.citations))
            .map(|c| c.snippet.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let matched = evidence_pattern(&case.evidence)
            .ok()
            .and_then(|re| re.is_match(&joined).ok())
            .unwrap_or(false);
        if !matched {
            failures.push(format!("no cited snippet matches /{}/", case.evidence));
        }
    }
    Outcome {
        id: case.id.clone(),
        question: case.q.clone(),
        passed: failures.is_empty(),
        failures,
        verdict: given,
        frame: answer.frame,
    }
}

/// A case's evidence pattern, case-insensitive; look-ahead is allowed so one pattern can ask
/// for several things cited at once.
fn evidence_pattern(pattern: &str) -> Result<Regex, Box<fancy_regex::Error>> {
    Regex::new(&format!("(?i){pattern}")).map_err(Box::new)
}

/// Whether `verdict` is one of the `accepted` words ("any", "null" for none, or a side).
fn accepts(accepted: &[String], verdict: Option<crate::knowledge::Side>) -> bool {
    accepted.iter().any(|v| match v.as_str() {
        "any" => true,
        "null" => verdict.is_none(),
        other => verdict.map(|s| s.as_str()) == Some(other),
    })
}

/// Runs every case through the engine.
pub fn run(engine: &Engine, cases: &[Case]) -> Report {
    let outcomes: Vec<Outcome> = cases.iter().map(|c| judge(c, &engine.ask(&c.q))).collect();
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let total = outcomes.len();
    Report {
        passed,
        total,
        score: if total == 0 {
            0.0
        } else {
            passed as f64 / total as f64
        },
        outcomes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{ask_with, testing::brain};

    const CASES: &str = r#"
[[case]]
id = "two"
q = "what should a lab pick, and what should a team shipping to phones pick?"
parts = [["pytorch"], ["tensorflow"]]

[[case]]
id = "wrong-order"
q = "what should a lab pick, and what should a team shipping to phones pick?"
parts = [["tensorflow"], ["pytorch"]]

[[case]]
id = "too-many"
q = "TensorFlow or PyTorch for research?"
parts = [["pytorch"], ["null"]]

[[case]]
id = "stars-disagree"
q = "How many GitHub stars does PyTorch have?"
disagrees = true

[[case]]
id = "stars-agree"
q = "How many GitHub stars does PyTorch have?"
disagrees = false
"#;

    #[test]
    fn parts_and_disagreements_are_judged() {
        let cases = parse(CASES).unwrap();
        let outcomes: Vec<Outcome> = cases
            .iter()
            .map(|c| judge(c, &ask_with(brain(), &c.q)))
            .collect();
        let passed: Vec<&str> = outcomes
            .iter()
            .filter(|o| o.passed)
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(passed, ["two", "stars-disagree"], "{outcomes:#?}");
    }

    #[test]
    fn answered_any_forbids_only_a_verdict() {
        let cases = parse(
            "[[case]]\nid = \"a\"\nq = \"q\"\nanswered = \"any\"\n\
             [[case]]\nid = \"b\"\nq = \"q\"\nanswered = false\ndisagree = true\n",
        )
        .unwrap();
        assert_eq!(cases[0].answered, Expect::NoVerdict);
        assert_eq!(cases[1].answered, Expect::Declined);
        assert_eq!(cases[1].disagrees, Some(true));
        assert!(parse("[[case]]\nid = \"x\"\nq = \"q\"\nanswered = \"maybe\"\n").is_err());
    }

    #[test]
    fn scores_are_kept_per_frame() {
        let cases = parse(CASES).unwrap();
        let outcomes: Vec<Outcome> = cases
            .iter()
            .map(|c| judge(c, &ask_with(brain(), &c.q)))
            .collect();
        let report = Report {
            passed: outcomes.iter().filter(|o| o.passed).count(),
            total: outcomes.len(),
            score: 0.0,
            outcomes,
        };
        let frames = report.by_frame();
        assert_eq!(frames.iter().map(|f| f.total).sum::<usize>(), report.total);
        assert_eq!(
            frames.iter().map(|f| f.passed).sum::<usize>(),
            report.passed
        );
        let fact = frames.iter().find(|f| f.frame == Frame::Fact).unwrap();
        assert_eq!((fact.passed, fact.total), (1, 2), "{frames:?}");
    }

    #[test]
    fn unknown_fields_are_still_refused() {
        assert!(parse("[[case]]\nid = \"x\"\nq = \"q\"\nparst = []\n").is_err());
    }
}
