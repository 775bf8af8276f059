//! Answers as Discord messages: embeds built as plain data (no serenity here), every Discord
//! limit a named constant and enforced by cutting at a word boundary, never by being refused.
//! The gateway bot and the HTTP interactions endpoint both send what this module builds.

use serde::Serialize;

use crate::command::{Access, Command};
use crate::components::{feedback_row, AnswerKey, Component};
use versus_core::engine::{Answer, Comparison};
use versus_core::knowledge::{Side, Source};
use versus_core::l10n::{self, Arg, Locale};
use versus_core::render::{date_in, headline_in as headline};

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

/// An answer as one embed, in the answer's language: the verdict in the title, the reasoning,
/// numbered citations (quoted as the article has them).
pub fn answer(answer: &Answer) -> Message {
    let locale = answer.language;
    let t = |id: &str, args: &[(&str, Arg<'_>)]| l10n::text(locale, id, args);
    if !answer.answered {
        return unanswered(answer);
    }
    let title = match (answer.verdict, &answer.topic_label) {
        (Some(v), Some(topic)) => format!("{} — {}", headline(Some(v), locale), escape(topic)),
        (Some(v), None) => headline(Some(v), locale),
        (None, Some(topic)) => t("answer-about", &[("topic", (&escape(topic)).into())]),
        (None, None) => t("answer-sources-say", &[]),
    };
    // Everything from the knowledge is quoted text, escaped so an article's markup (masked
    // links, spoilers, code fences) shows as the characters it is.
    let mut description = escape(&answer.answer);
    // A question with several asks: every later part's verdict and reasoning, and its quotes
    // numbered on after the first part's.
    for part in answer.parts.iter().skip(1) {
        let headline = headline(part.verdict, locale);
        let topic = match &part.topic_label {
            Some(topic) => escape(topic),
            None => t("overall", &[]),
        };
        description.push_str(&format!(
            "\n\n**{headline} — {topic}**\n{}",
            escape(&part.answer)
        ));
    }
    if !answer.disagreements.is_empty() {
        description.push_str(&format!("\n\n**{}**", t("answer-disagree", &[])));
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
                date_in(c.as_of.as_deref(), locale)
            ),
            value: format!("“{}”\n`{}`", escape(&c.snippet), code(&c.source)),
            inline: false,
        })
        .collect();
    let agree = answer
        .verdict
        .map(|v| answer.votes.iter().filter(|x| x.side == v).count());
    let footer = match agree {
        Some(n) => t(
            "answer-footer-agree",
            &[("agreeing", n.into()), ("total", answer.votes.len().into())],
        ),
        None => t("answer-footer", &[]),
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
    let locale = answer.language;
    let topics = escape(&answer.known_topics.join(", "));
    let description = format!(
        "{}\n\n{}\n\n{}",
        escape(&answer.answer),
        l10n::text(locale, "unanswered-known", &[("topics", (&topics).into())]),
        l10n::text(locale, "unanswered-try", &[])
    );
    Message::embed(Embed {
        title: Some(l10n::text(locale, "unanswered-title", &[])),
        description: Some(description),
        color: Some(COLOR_NEUTRAL),
        ..Embed::default()
    })
}

/// A comparison as one embed, its own words in `locale`: one field per source row.
pub fn comparison(c: &Comparison, locale: Locale) -> Message {
    let t = |id: &str, args: &[(&str, Arg<'_>)]| l10n::text(locale, id, args);
    if c.rows.is_empty() {
        let feature = escape(&c.feature);
        let mut description = t("compare-nothing", &[("feature", (&feature).into())]);
        if !c.suggestions.is_empty() {
            let suggestions = escape(&c.suggestions.join(", "));
            description.push('\n');
            description.push_str(&t("compare-try", &[("suggestions", (&suggestions).into())]));
        }
        return Message::embed(Embed {
            title: Some(t("compare-nothing-title", &[])),
            description: Some(description),
            color: Some(COLOR_NEUTRAL),
            ..Embed::default()
        });
    }
    let winner = t("compare-winner", &[]);
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
                value.push_str(&format!("\n**{winner}:** {}", headline(Some(w), locale)));
            }
            if let Some(n) = &r.note {
                value.push_str(&format!("\n{}", escape(n)));
            }
            Field {
                name: format!(
                    "{} — {} ({})",
                    escape(&r.feature),
                    escape(&r.title),
                    date_in(r.as_of.as_deref(), locale)
                ),
                value,
                inline: false,
            }
        })
        .collect();
    let shown = fields.len().min(MAX_FIELDS);
    let footer = if c.rows.len() > shown {
        t(
            "compare-footer-shown",
            &[("shown", shown.into()), ("total", c.rows.len().into())],
        )
    } else {
        t("compare-footer", &[("total", c.rows.len().into())])
    };
    let feature = escape(c.matched.as_deref().unwrap_or(&c.feature));
    Message::embed(Embed {
        title: Some(t("compare-title", &[("feature", (&feature).into())])),
        description: None,
        color: Some(COLOR_NEUTRAL),
        fields,
        footer: Some(Footer { text: footer }),
    })
}

/// The sources with their dates, the words around them in `locale`.
pub fn sources(sources: &[Source], locale: Locale) -> Message {
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
                date_in(s.as_of.as_deref(), locale),
                code(&s.origin)
            ),
            inline: false,
        })
        .collect();
    Message::embed(Embed {
        title: Some(l10n::text(
            locale,
            "sources-title",
            &[("count", sources.len().into())],
        )),
        description: Some(l10n::text(locale, "sources-description", &[])),
        color: Some(COLOR_NEUTRAL),
        fields,
        footer: None,
    })
}

/// What the bot can do, with example questions, in `locale`: a line per command of `commands`
/// (admin ones last and marked), and how to ask by mention.
pub fn help(commands: &[Command], locale: Locale) -> Message {
    let t = |id: &str| l10n::text(locale, id, &[]);
    let admins = format!(" {}", t("help-admins"));
    let line = |c: &Command, suffix: &str| Field {
        name: format!("/{}{suffix}", c.name),
        value: c.help_in(locale),
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
        name: t("help-mention"),
        value: t("help-mention-example"),
        inline: false,
    });
    fields.extend(
        commands
            .iter()
            .filter(listed)
            .filter(|c| c.access == Access::Admins)
            .map(|c| line(c, &admins)),
    );
    Message::embed(Embed {
        title: Some(t("help-title")),
        description: Some(t("help-description")),
        color: Some(COLOR_NEUTRAL),
        fields,
        footer: None,
    })
}

/// A short, friendly error (the details go to the log, not to the user).
pub fn error(text: &str) -> Message {
    error_in(Locale::En, text)
}

/// A short, friendly error whose title is in `locale` (`text` is already in it).
pub fn error_in(locale: Locale, text: &str) -> Message {
    Message::embed(Embed {
        title: Some(l10n::text(locale, "error-title", &[])),
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
