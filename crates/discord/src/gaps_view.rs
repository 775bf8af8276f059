//! The `/gaps` report as one embed, inside every Discord limit: every group the report holds is
//! listed (questions are cut short, never dropped), so `/gaps` shows the same groups and counts
//! as `versus gaps --json` and `GET /api/gaps`.

use crate::journal::GapsView;
use crate::view::{cut, escape, Embed, Field, Footer, Message};

/// A question in the unanswered list, in characters: 20 lines of this fit the 4096 of a
/// description with the counts and times beside them.
const GAP_QUESTION_CHARS: usize = 140;
/// A question naming a not-helpful answer (a field name), in characters: 10 fit the 6000 total.
const WEAK_QUESTION_CHARS: usize = 100;
/// Discord's "neutral" embed colour, as the other reports use.
const COLOR: u32 = 0x5865F2;

/// The report as a message.
pub fn gaps(report: &GapsView) -> Message {
    let rate = if report.helpful + report.not_helpful == 0 {
        "no votes yet".to_string()
    } else {
        format!(
            "{:.0}% helpful",
            100.0 * report.helpful as f64 / (report.helpful + report.not_helpful) as f64
        )
    };
    let mut description = format!(
        "**{}** asked · **{}** answered · 👍 {} · 👎 {} ({rate})\n\n",
        report.asked, report.answered, report.helpful, report.not_helpful
    );
    if report.unanswered.is_empty() {
        description.push_str("No unanswered questions in this window.");
    } else {
        description.push_str("**Unanswered**\n");
        for g in &report.unanswered {
            let mut what = if g.unplaced.is_empty() {
                escape(&g.question)
            } else {
                format!(
                    "{} · words: {}",
                    escape(&g.question),
                    escape(&g.unplaced.join(" "))
                )
            };
            // The frame first, so cutting a long question never drops it.
            if let Some(frame) = &g.frame {
                what = format!("[{}] {what}", escape(frame));
            }
            description.push_str(&format!(
                "`{}×` {} · <t:{}:R>\n",
                g.count,
                cut(&what, GAP_QUESTION_CHARS),
                g.last_seen_unix
            ));
        }
    }
    let fields = report
        .weak
        .iter()
        .map(|w| Field {
            name: cut(&escape(&w.question), WEAK_QUESTION_CHARS),
            value: format!(
                "👎 {} · 👍 {} · verdict: {}",
                w.not_helpful,
                w.helpful,
                w.verdict.as_deref().unwrap_or("none")
            ),
            inline: false,
        })
        .collect();
    Message::embed(Embed {
        title: Some(format!("Gaps over the last {} day(s)", report.days)),
        description: Some(description),
        color: Some(COLOR),
        fields,
        footer: Some(Footer {
            text: "Fields: answers marked not helpful · edit faq/ and /reindex".to_string(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{GapLine, WeakLine};
    use crate::validate;

    #[test]
    fn the_largest_report_fits_and_keeps_every_group() {
        let report = GapsView {
            days: 30,
            asked: 1000,
            answered: 400,
            helpful: 3,
            not_helpful: 9,
            unanswered: (0..20)
                .map(|i| GapLine {
                    question: format!("{i} {}", "**why** @everyone ".repeat(40)),
                    unplaced: vec!["w".repeat(64); 32],
                    count: 100 - i,
                    last_seen_unix: 1_700_000_000,
                    frame: Some("help_installation".into()),
                })
                .collect(),
            weak: (0..10)
                .map(|i| WeakLine {
                    question: format!("{i} {}", "q ".repeat(300)),
                    verdict: Some("pytorch".into()),
                    helpful: 1,
                    not_helpful: 5,
                })
                .collect(),
        };
        let m = gaps(&report);
        assert!(
            validate::message_problems(&m).is_empty(),
            "{:?}",
            validate::message_problems(&m)
        );
        let e = &m.embeds[0];
        let d = e.description.as_deref().unwrap();
        for i in 0..20u64 {
            assert!(d.contains(&format!("`{}×`", 100 - i)), "group {i} missing");
            assert!(
                d.contains(&format!("`{}×` [help\\_installation]", 100 - i)),
                "group {i}'s frame"
            );
        }
        assert_eq!(e.fields.len(), 10);
        assert!(!d.contains("@everyone"));
    }

    #[test]
    fn an_empty_report_says_so() {
        let m = gaps(&GapsView {
            days: 7,
            asked: 0,
            answered: 0,
            helpful: 0,
            not_helpful: 0,
            unanswered: vec![],
            weak: vec![],
        });
        let d = m.embeds[0].description.as_deref().unwrap();
        assert!(d.contains("No unanswered questions"), "{d}");
        assert!(d.contains("no votes yet"), "{d}");
    }
}
