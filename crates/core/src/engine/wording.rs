//! What versus says in an answer, as typed messages: which sentence, and what goes in it. The
//! engine's stages record a [`Said`]; its words are in the Fluent files
//! (`crates/core/locales/*.ftl`, English in `en.ftl`), and [`Said::text`] puts them into a
//! language once the answer is complete. So the voice stays one, a reviewer finds every
//! sentence in one place, and a new language is a new file.

use crate::knowledge::Side;
use crate::l10n::{self, Arg, Locale};

use super::disagree::SourceValue;
use super::scope::OutOfScope;
use super::{Frame, Help};

/// One thing an answer says in versus's own words (never a quote).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Said {
    /// A question declined on its face.
    OutOfScope(OutOfScope),
    /// A question declined for its frame (a request for help, other tools, chatter).
    Declined(Frame),
    /// Nothing in the index matched.
    NothingMatches,
    /// The ML words were there, but no source covers them.
    NotCovered,
    /// A framework question about things the sources don't place: those words.
    Uncovered(Vec<String>),
    /// A verdict and who voted for it.
    Verdict {
        /// The side, or none when the sources compare without naming a winner.
        side: Option<Side>,
        /// The topic's label (none: "this").
        label: Option<String>,
        /// Sources voting for the side.
        agreeing: usize,
        /// Sources that speak to the topic.
        total: usize,
        /// The alternative a "neither" points to.
        alternative: Option<String>,
    },
    /// A verdict taken from a knowledge FAQ asking the same question.
    FaqVerdict {
        /// The FAQ's side.
        side: Option<Side>,
        /// The topic's label (none: "this").
        label: Option<String>,
    },
    /// A choice asked in the terms of an alternative the sources name.
    AlternativeInstead(String),
    /// An answer leaving aside the topics the question put aside.
    LeavingAside {
        /// The labels of the topics put aside.
        labels: Vec<String>,
        /// The answer itself.
        then: Box<Said>,
    },
    /// The overall verdict, given when the question's own subject is not covered.
    OverallInstead(Box<Said>),
    /// The lead of a factual answer, about a topic or not.
    FactsAbout(Option<String>),
}

impl Said {
    /// The sentence in `locale`.
    pub(super) fn text(&self, locale: Locale) -> String {
        let t = |id: &str, args: &[(&str, Arg<'_>)]| l10n::text(locale, id, args);
        let this = || t("this-topic", &[]);
        match self {
            Said::OutOfScope(why) => t(out_of_scope_id(*why), &[]),
            Said::Declined(frame) => t(declined_id(*frame), &[]),
            Said::NothingMatches => t("nothing-matches", &[]),
            Said::NotCovered => t("not-covered", &[]),
            Said::Uncovered(words) => t(
                "uncovered",
                &[("words", (&quote_list(locale, words)).into())],
            ),
            Said::Verdict {
                side,
                label,
                agreeing,
                total,
                alternative,
            } => {
                let label = label.clone().unwrap_or_else(this);
                verdict(
                    locale,
                    *side,
                    &label,
                    *agreeing,
                    *total,
                    alternative.as_deref(),
                )
            }
            Said::FaqVerdict { side, label } => {
                let label = label.clone().unwrap_or_else(this);
                let args = [("label", (&label).into())];
                match side {
                    Some(Side::Tie) => t("faq-verdict-tie", &args),
                    Some(Side::Neither) => t("faq-verdict-neither", &args),
                    Some(s) => t(
                        "faq-verdict-side",
                        &[args[0], ("side", s.display_name().into())],
                    ),
                    None => t("faq-verdict-open", &[]),
                }
            }
            Said::AlternativeInstead(name) => t("alternative-instead", &[("name", name.into())]),
            Said::LeavingAside { labels, then } => t(
                "leaving-aside",
                &[
                    ("labels", (&l10n::list(locale, labels)).into()),
                    ("answer", (&then.text(locale)).into()),
                ],
            ),
            Said::OverallInstead(then) => t(
                "overall-instead",
                &[("answer", (&then.text(locale)).into())],
            ),
            Said::FactsAbout(Some(label)) => t("facts-about", &[("label", label.into())]),
            Said::FactsAbout(None) => t("facts", &[]),
        }
    }
}

fn out_of_scope_id(why: OutOfScope) -> &'static str {
    match why {
        OutOfScope::Empty => "no-question",
        OutOfScope::OtherTechnology => "other-technology",
        OutOfScope::NotAboutMl => "out-of-scope",
    }
}

/// The reply to a question declined for its frame: what it was taken for, and what versus does.
fn declined_id(frame: Frame) -> &'static str {
    match frame {
        Frame::Help(Help::Code) => "declined-code",
        Frame::Help(Help::Debugging) => "declined-debugging",
        Frame::Help(Help::Installation) => "declined-installation",
        Frame::Help(Help::Hardware) => "declined-hardware",
        Frame::Help(Help::Theory) => "declined-theory",
        Frame::Help(Help::Papers) => "declined-papers",
        Frame::OtherTools => "declined-other-tools",
        Frame::Chatter => "declined-chatter",
        _ => "out-of-scope",
    }
}

/// What a verdict says, given who voted for it.
fn verdict(
    locale: Locale,
    side: Option<Side>,
    label: &str,
    agreeing: usize,
    total: usize,
    alternative: Option<&str>,
) -> String {
    let mut args = vec![
        ("label", Arg::Text(label)),
        ("agreeing", agreeing.into()),
        ("total", total.into()),
    ];
    let id = match (side, alternative) {
        (None, _) => return l10n::text(locale, "verdict-open", &args[..1]),
        (Some(Side::Neither), Some(a)) => {
            args.push(("alternative", a.into()));
            "verdict-neither-elsewhere"
        }
        (Some(Side::Neither), None) => "verdict-neither",
        (Some(Side::Tie), _) => "verdict-tie",
        (Some(s), _) => {
            args.push(("side", s.display_name().into()));
            "verdict-side"
        }
    };
    l10n::text(locale, id, &args)
}

/// How much of an unplaced word a reply repeats: enough to recognise it, never a wall of text.
const MAX_NAMED_CHARS: usize = 40;

/// The question's words, each quoted and cut short, as a list ("that" when there are none).
fn quote_list(locale: Locale, words: &[String]) -> String {
    if words.is_empty() {
        return l10n::text(locale, "that-word", &[]);
    }
    let quoted: Vec<String> = words
        .iter()
        .map(|w| {
            let short: String = w.chars().take(MAX_NAMED_CHARS).collect();
            l10n::text(locale, "quoted-word", &[("word", (&short).into())])
        })
        .collect();
    l10n::list(locale, &quoted)
}

/// One source voting against the verdict.
pub(super) fn dissent(locale: Locale, title: &str, source: &str, side: Side) -> String {
    l10n::text(
        locale,
        "dissent",
        &[
            ("title", title.into()),
            ("source", source.into()),
            ("lean", side.as_str().into()),
        ],
    )
}

/// Sources giving different figures for one fact (values newest first).
pub(super) fn different_figures(locale: Locale, fact: &str, values: &[SourceValue]) -> String {
    sources_differ(locale, "different-figures", fact, values)
}

/// "Sources say different things about Pricing Model (newest first): …".
pub(super) fn different_claims(locale: Locale, fact: &str, values: &[SourceValue]) -> String {
    sources_differ(locale, "different-claims", fact, values)
}

/// The sentence `id` over each source's value, newest first.
fn sources_differ(locale: Locale, id: &str, fact: &str, values: &[SourceValue]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| {
            let mut args = vec![
                ("source", Arg::from(v.source.as_str())),
                ("value", Arg::from(&v.value)),
            ];
            let id = match &v.as_of {
                Some(d) => {
                    args.push(("date", d.into()));
                    "figure-dated"
                }
                None => "figure",
            };
            l10n::text(locale, id, &args)
        })
        .collect();
    l10n::text(
        locale,
        id,
        &[
            ("fact", fact.into()),
            ("values", (&parts.join("; ")).into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_names_every_word_it_could_not_place() {
        let said = |w: &[&str]| Said::Uncovered(w.iter().map(|s| s.to_string()).collect());
        let s = said(&["guitar", "cuter"]).text(Locale::En);
        assert!(s.contains("\"guitar\" and \"cuter\""), "{s}");
        let long = said(&[&"x".repeat(500)]).text(Locale::En);
        assert!(
            long.contains(&format!("\"{}\"", "x".repeat(MAX_NAMED_CHARS))),
            "{long}"
        );
        let es = said(&["guitarra", "pasta"]).text(Locale::Es);
        assert!(es.contains("«guitarra» y «pasta»"), "{es}");
        for why in [OutOfScope::NotAboutMl, OutOfScope::OtherTechnology] {
            for l in Locale::ALL {
                assert!(Said::OutOfScope(why).text(l).contains("/help"), "{l}");
            }
        }
    }

    #[test]
    fn the_english_wording_is_what_it_always_was() {
        let v = Said::Verdict {
            side: Some(Side::PyTorch),
            label: Some("research & academia".into()),
            agreeing: 3,
            total: 4,
            alternative: None,
        };
        assert_eq!(
            v.text(Locale::En),
            "PyTorch for research & academia: 3 of 4 source(s) that speak to it favour PyTorch."
        );
        let aside = Said::LeavingAside {
            labels: vec!["mobile & edge".into(), "TPUs".into()],
            then: Box::new(Said::FactsAbout(None)),
        };
        assert_eq!(
            aside.text(Locale::En),
            "Leaving aside mobile & edge and TPUs, as you asked: What my sources say:"
        );
        assert_eq!(
            dissent(Locale::En, "T", "s1", Side::Tie),
            "T (s1) calls them even."
        );
        let dated = SourceValue {
            source: crate::knowledge::SourceId::new("a").unwrap(),
            value: "2.1".into(),
            as_of: Some("2025".into()),
        };
        let undated = SourceValue {
            as_of: None,
            ..dated.clone()
        };
        assert_eq!(
            different_figures(Locale::En, "version", &[dated, undated]),
            "Sources give different figures for version (newest first): a, as of 2025: 2.1; a: 2.1."
        );
        assert!(Said::Declined(Frame::Help(Help::Code))
            .text(Locale::En)
            .starts_with("That asks for code to be written, which my sources don't do. I answer"));
    }

    #[test]
    fn a_verdict_agrees_in_number_in_every_language() {
        let v = |agreeing, total| Said::Verdict {
            side: Some(Side::TensorFlow),
            label: Some("mobile & edge".into()),
            agreeing,
            total,
            alternative: None,
        };
        assert_eq!(
            v(1, 1).text(Locale::Es),
            "TensorFlow para mobile & edge: 1 de 1 fuente que trata el tema se inclina por TensorFlow."
        );
        assert_eq!(
            v(3, 4).text(Locale::De),
            "TensorFlow für mobile & edge: 3 von 4 Quellen, die sich dazu äußern, sprechen sich für TensorFlow aus."
        );
        assert!(v(3, 4)
            .text(Locale::Fr)
            .contains("3 sources sur 4 qui en parlent penchent"));
        assert!(v(2, 3)
            .text(Locale::PtBr)
            .contains("2 de 3 fontes que tratam do tema favorecem o TensorFlow"));
    }
}
