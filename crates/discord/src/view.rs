//! Answers as Discord messages: embeds built as plain data (no serenity here), every Discord
//! limit a named constant and enforced by cutting at a word boundary, never by being refused.
//! The gateway bot and the HTTP interactions endpoint both send what this module builds.

use serde::Serialize;

use crate::command::{Access, Command};
use crate::components::{feedback_row, AnswerKey, Component};
use versus_core::engine::{Answer, Comparison};
use versus_core::knowledge::{Side, Source};
use versus_core::render::{date, verdict_headline};

/// Message content, in characters.
pub const MAX_CONTENT: usize = 2000;
/// Embeds per message.
pub const MAX_EMBEDS: usize = 10;
/// Embed title.
pub const MAX_TITLE: usize = 256;
/// Embed description.
pub const MAX_DESCRIPTION: usize = 4096;
/// Fields per embed.
pub const MAX_FIELDS: usize = 25;
/// Field name.
pub const MAX_FIELD_NAME: usize = 256;
/// Field value.
pub const MAX_FIELD_VALUE: usize = 1024;
/// Footer text.
pub const MAX_FOOTER: usize = 2048;
/// Author name.
pub const MAX_AUTHOR: usize = 256;
/// All embeds of one message together.
pub const MAX_EMBED_TOTAL: usize = 6000;
/// Autocomplete choices.
pub const MAX_CHOICES: usize = 25;
/// Autocomplete choice name and value.
pub const MAX_CHOICE_LEN: usize = 100;

const COLOR_TENSORFLOW: u32 = 0xFF6F00;
const COLOR_PYTORCH: u32 = 0xEE4C2C;
const COLOR_NEUTRAL: u32 = 0x5865F2;
const COLOR_ERROR: u32 = 0xED4245;

/// One embed field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Field value.
    pub value: String,
    /// Shown side by side with its neighbours.
    pub inline: bool,
}

/// An embed footer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Footer {
    /// Footer text.
    pub text: String,
}

/// One embed, shaped like Discord's embed object.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Embed {
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Side colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<u32>,
    /// Fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// Footer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<Footer>,
}

impl Embed {
    /// Characters Discord counts toward the 6000 total.
    pub fn total_chars(&self) -> usize {
        let len = |s: &Option<String>| s.as_deref().map(|s| s.chars().count()).unwrap_or(0);
        len(&self.title)
            + len(&self.description)
            + self
                .footer
                .as_ref()
                .map(|f| f.text.chars().count())
                .unwrap_or(0)
            + self
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
    }
}

/// Discord's allowed_mentions object; versus always sends it empty, so nobody is ever pinged.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AllowedMentions {
    /// Mention types to parse: always empty.
    pub parse: Vec<String>,
}

/// A message: content and embeds, with mentions always off.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Message {
    /// Plain content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Embeds.
    pub embeds: Vec<Embed>,
    /// Always empty: no pings.
    pub allowed_mentions: AllowedMentions,
    /// Action rows (the feedback buttons under an answer); left out of the body when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

impl Message {
    /// A message of one embed, fitted into every limit.
    pub fn embed(embed: Embed) -> Message {
        let mut m = Message {
            content: None,
            embeds: vec![embed],
            allowed_mentions: AllowedMentions::default(),
            components: Vec::new(),
        };
        m.fit();
        m
    }

    /// A plain text message, fitted into the content limit.
    pub fn text(text: &str) -> Message {
        Message {
            content: Some(cut(text, MAX_CONTENT)),
            embeds: Vec::new(),
            allowed_mentions: AllowedMentions::default(),
            components: Vec::new(),
        }
    }

    /// This message with the 👍 / 👎 buttons naming `answer` under it.
    pub fn with_feedback(mut self, answer: &AnswerKey) -> Message {
        self.components = vec![feedback_row(answer)];
        self
    }

    /// Characters across all embeds.
    pub fn embed_chars(&self) -> usize {
        self.embeds.iter().map(Embed::total_chars).sum()
    }

    /// Enforces every limit: per-part lengths, field count, embed count and the total.
    pub fn fit(&mut self) {
        if let Some(c) = &self.content {
            self.content = Some(cut(c, MAX_CONTENT));
        }
        self.embeds.truncate(MAX_EMBEDS);
        for e in &mut self.embeds {
            e.title = e.title.as_deref().map(|t| cut(t, MAX_TITLE));
            e.description = e.description.as_deref().map(|d| cut(d, MAX_DESCRIPTION));
            if let Some(f) = &mut e.footer {
                f.text = cut(&f.text, MAX_FOOTER);
            }
            e.fields.truncate(MAX_FIELDS);
            for f in &mut e.fields {
                f.name = cut(&f.name, MAX_FIELD_NAME);
                f.value = cut(&f.value, MAX_FIELD_VALUE);
                if f.name.is_empty() {
                    f.name = "\u{200b}".to_string();
                }
                if f.value.is_empty() {
                    f.value = "\u{200b}".to_string();
                }
            }
        }
        // Over the total: shorten field values from the last field back, then drop fields,
        // then shorten the description.
        while self.embed_chars() > MAX_EMBED_TOTAL {
            let over = self.embed_chars() - MAX_EMBED_TOTAL;
            let Some(e) = self.embeds.iter_mut().rev().find(|e| !e.fields.is_empty()) else {
                break;
            };
            let last = e.fields.last_mut().expect("fields not empty");
            let len = last.value.chars().count();
            if len > over + 80 {
                last.value = cut(&last.value, len - over);
            } else {
                e.fields.pop();
            }
        }
        while self.embed_chars() > MAX_EMBED_TOTAL {
            let over = self.embed_chars() - MAX_EMBED_TOTAL;
            let Some(e) = self
                .embeds
                .iter_mut()
                .rev()
                .find(|e| e.description.is_some())
            else {
                break;
            };
            let d = e.description.take().unwrap_or_default();
            let len = d.chars().count();
            if len > over {
                e.description = Some(cut(&d, len - over));
            }
        }
        while self.embed_chars() > MAX_EMBED_TOTAL && self.embeds.len() > 1 {
            self.embeds.pop();
        }
    }
}

/// One autocomplete choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// Shown to the user.
    pub name: String,
    /// Sent back as the option value.
    pub value: String,
}

/// Autocomplete choices within Discord's limits (at most 25, each 1–100 characters).
pub fn choices(names: &[String]) -> Vec<Choice> {
    names
        .iter()
        .map(|n| cut(n.trim(), MAX_CHOICE_LEN))
        .filter(|n| !n.is_empty())
        .take(MAX_CHOICES)
        .map(|n| Choice {
            name: n.clone(),
            value: n,
        })
        .collect()
}

/// Cuts `s` to at most `max` characters at a word boundary, ending in "…" when cut.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let keep: String = s.chars().take(max - 1).collect();
    let at = keep
        .rfind(char::is_whitespace)
        .filter(|&i| i >= keep.len() / 2)
        .unwrap_or(keep.len());
    format!("{}…", keep[..at].trim_end())
}

/// Neutralises markdown and mention syntax in text that came from a user.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '*' | '_' | '`' | '~' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after @ keeps "@everyone" from ever reading as a mention.
            '@' => out.push_str("@\u{200b}"),
            _ => out.push(c),
        }
    }
    out
}

/// Text for inside a code span, where backslashes do not escape: a backtick would end the span
/// early, so it becomes a look-alike.
fn code(s: &str) -> String {
    s.replace('`', "ˋ")
}

fn color(verdict: Option<Side>) -> u32 {
    match verdict {
        Some(Side::TensorFlow) => COLOR_TENSORFLOW,
        Some(Side::PyTorch) => COLOR_PYTORCH,
        _ => COLOR_NEUTRAL,
    }
}

/// An answer as one embed: the verdict in the title, the reasoning, numbered citations.
pub fn answer(answer: &Answer) -> Message {
    if !answer.answered {
        return unanswered(answer);
    }
    let title = match (answer.verdict, &answer.topic_label) {
        (Some(v), Some(t)) => format!("{} — {}", verdict_headline(Some(v)), escape(t)),
        (Some(v), None) => verdict_headline(Some(v)).to_string(),
        (None, Some(t)) => format!("About {}", escape(t)),
        (None, None) => "What the sources say".to_string(),
    };
    // Everything from the knowledge is quoted text, escaped so an article's markup (masked
    // links, spoilers, code fences) shows as the characters it is.
    let mut description = escape(&answer.answer);
    // A question with several asks: every later part's verdict and reasoning, and its quotes
    // numbered on after the first part's.
    for part in answer.parts.iter().skip(1) {
        let headline = verdict_headline(part.verdict);
        let topic = escape(part.topic_label.as_deref().unwrap_or("overall"));
        description.push_str(&format!(
            "\n\n**{headline} — {topic}**\n{}",
            escape(&part.answer)
        ));
    }
    if !answer.disagreements.is_empty() {
        description.push_str("\n\n**Where sources disagree**");
        for d in &answer.disagreements {
            description.push_str("\n• ");
            description.push_str(&escape(d));
        }
    }
    let later = answer
        .parts
        .iter()
        .skip(1)
        .flat_map(|p| p.citations.iter().take(2));
    let fields = answer
        .citations
        .iter()
        .chain(later)
        .enumerate()
        .map(|(i, c)| Field {
            name: format!(
                "[{}] {} ({})",
                i + 1,
                escape(&c.title),
                date(c.as_of.as_deref())
            ),
            value: format!("“{}”\n`{}`", escape(&c.snippet), code(&c.source)),
            inline: false,
        })
        .collect();
    let agree = answer
        .verdict
        .map(|v| answer.votes.iter().filter(|x| x.side == v).count());
    let footer = match agree {
        Some(n) => format!(
            "{n} of {} source(s) agree · quotes are verbatim from the cited articles",
            answer.votes.len()
        ),
        None => "quotes are verbatim from the cited articles".to_string(),
    };
    Message::embed(Embed {
        title: Some(title),
        description: Some(description),
        color: Some(color(answer.verdict)),
        fields,
        footer: Some(Footer { text: footer }),
    })
}

fn unanswered(answer: &Answer) -> Message {
    let description = format!(
        "{}\n\nI know about: {}.\n\nTry `/ask TensorFlow or PyTorch for mobile apps?` or `/compare` with a feature such as *Mobile/Edge*.",
        escape(&answer.answer),
        escape(&answer.known_topics.join(", "))
    );
    Message::embed(Embed {
        title: Some("I don't have an answer for that".to_string()),
        description: Some(description),
        color: Some(COLOR_NEUTRAL),
        ..Embed::default()
    })
}

/// A comparison as one embed: one field per source row.
pub fn comparison(c: &Comparison) -> Message {
    if c.rows.is_empty() {
        let mut description = format!("No comparison row matches “{}”.", escape(&c.feature));
        if !c.suggestions.is_empty() {
            description.push_str(&format!(
                "\nTry one of these features: {}.",
                escape(&c.suggestions.join(", "))
            ));
        }
        return Message::embed(Embed {
            title: Some("Nothing to compare".to_string()),
            description: Some(description),
            color: Some(COLOR_NEUTRAL),
            ..Embed::default()
        });
    }
    let fields: Vec<Field> = c
        .rows
        .iter()
        .map(|r| {
            let mut value = format!(
                "**TensorFlow:** {}\n**PyTorch:** {}",
                escape(&r.tensorflow),
                escape(&r.pytorch)
            );
            if let Some(w) = r.winner {
                value.push_str(&format!("\n**Winner:** {}", verdict_headline(Some(w))));
            }
            if let Some(n) = &r.note {
                value.push_str(&format!("\n{}", escape(n)));
            }
            Field {
                name: format!(
                    "{} — {} ({})",
                    escape(&r.feature),
                    escape(&r.title),
                    date(r.as_of.as_deref())
                ),
                value,
                inline: false,
            }
        })
        .collect();
    let shown = fields.len().min(MAX_FIELDS);
    let footer = if c.rows.len() > shown {
        format!(
            "{} of {} rows shown · quotes are verbatim",
            shown,
            c.rows.len()
        )
    } else {
        format!("{} row(s) · quotes are verbatim", c.rows.len())
    };
    Message::embed(Embed {
        title: Some(format!(
            "Compare: {}",
            escape(c.matched.as_deref().unwrap_or(&c.feature))
        )),
        description: None,
        color: Some(COLOR_NEUTRAL),
        fields,
        footer: Some(Footer { text: footer }),
    })
}

/// The sources with their dates.
pub fn sources(sources: &[Source]) -> Message {
    let fields = sources
        .iter()
        .map(|s| Field {
            name: escape(&s.title),
            value: format!(
                "{}{} · `{}`",
                s.publisher
                    .as_deref()
                    .map(|p| format!("{} · ", escape(p)))
                    .unwrap_or_default(),
                date(s.as_of.as_deref()),
                code(&s.origin)
            ),
            inline: false,
        })
        .collect();
    Message::embed(Embed {
        title: Some(format!("My {} sources", sources.len())),
        description: Some(
            "Every answer quotes these articles verbatim and cites which one said what. Where they disagree, I say so."
                .to_string(),
        ),
        color: Some(COLOR_NEUTRAL),
        fields,
        footer: None,
    })
}

/// What the bot can do, with example questions: a line per command of `commands` (admin ones
/// last and marked), and how to ask by mention.
pub fn help(commands: &[Command]) -> Message {
    let line = |c: &Command, suffix: &str| Field {
        name: format!("/{}{suffix}", c.name),
        value: c.help.to_string(),
        inline: false,
    };
    let listed = |c: &&Command| !c.help.is_empty();
    let mut fields: Vec<Field> = commands
        .iter()
        .filter(listed)
        .filter(|c| c.access == Access::Everyone)
        .map(|c| line(c, ""))
        .collect();
    fields.push(Field {
        name: "Mention me".to_string(),
        value: "`@versus PyTorch or TensorFlow for research?` — I reply to your message."
            .to_string(),
        inline: false,
    });
    fields.extend(
        commands
            .iter()
            .filter(listed)
            .filter(|c| c.access == Access::Admins)
            .map(|c| line(c, " (admins)")),
    );
    Message::embed(Embed {
        title: Some("versus — TensorFlow or PyTorch?".to_string()),
        description: Some(
            "I answer with a verdict and the quotes behind it, each cited to its source."
                .to_string(),
        ),
        color: Some(COLOR_NEUTRAL),
        fields,
        footer: None,
    })
}

/// A short, friendly error (the details go to the log, not to the user).
pub fn error(text: &str) -> Message {
    Message::embed(Embed {
        title: Some("Sorry".to_string()),
        description: Some(text.to_string()),
        color: Some(COLOR_ERROR),
        ..Embed::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_respects_the_limit_and_word_boundaries() {
        assert_eq!(cut("hello world", 20), "hello world");
        let c = cut("hello wonderful world", 12);
        assert!(c.chars().count() <= 12, "{c}");
        assert_eq!(c, "hello…");
        assert_eq!(cut(&"🔥".repeat(50), 10).chars().count(), 10);
    }

    #[test]
    fn the_total_across_embeds_is_enforced() {
        let field = Field {
            name: "n".repeat(300),
            value: "v ".repeat(800),
            inline: false,
        };
        let m = Message::embed(Embed {
            title: Some("t".repeat(400)),
            description: Some("d ".repeat(3000)),
            fields: vec![field; 40],
            ..Embed::default()
        });
        let e = &m.embeds[0];
        assert!(m.embed_chars() <= MAX_EMBED_TOTAL);
        assert!(e.fields.len() <= MAX_FIELDS);
        assert!(e.title.as_ref().unwrap().chars().count() <= MAX_TITLE);
        assert!(e
            .fields
            .iter()
            .all(|f| f.value.chars().count() <= MAX_FIELD_VALUE));
    }

    #[test]
    fn user_text_cannot_mention_anyone() {
        assert!(!escape("@everyone hi").contains("@everyone"));
        assert_eq!(Message::text("@here").allowed_mentions.parse.len(), 0);
    }
}
