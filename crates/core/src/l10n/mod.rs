//! The languages versus speaks and the words it says in them: one Fluent file per language
//! (`crates/core/locales/*.ftl`, Mozilla's Fluent through `fluent-bundle`), parsed once, and
//! [`text`] to turn a message id and its arguments into a sentence of a [`Locale`].
//!
//! English is the reference: every other file has every English message with the same
//! placeholders (a test checks), and a message missing from a language falls back to English.
//! Quoted text never passes through here: a quote stays in its article's own words.

mod detect;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

pub use detect::detect;

/// A language versus answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    /// English, the default and the reference every other language is checked against.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Spanish.
    #[serde(rename = "es")]
    Es,
    /// French.
    #[serde(rename = "fr")]
    Fr,
    /// German.
    #[serde(rename = "de")]
    De,
    /// Brazilian Portuguese.
    #[serde(rename = "pt-BR")]
    PtBr,
}

impl Locale {
    /// Every language, English first.
    pub const ALL: [Locale; 5] = [Locale::En, Locale::Es, Locale::Fr, Locale::De, Locale::PtBr];

    /// Its BCP 47 tag, as the JSON's `language` says it: `en`, `es`, `fr`, `de`, `pt-BR`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::PtBr => "pt-BR",
        }
    }

    /// Discord's locale codes that read this language (a command's `*_localizations` keys):
    /// none for English, the language commands are registered in.
    pub fn discord_codes(self) -> &'static [&'static str] {
        match self {
            Locale::En => &[],
            // Discord has a Spain and a Latin America Spanish; the wording suits both.
            Locale::Es => &["es-ES", "es-419"],
            Locale::Fr => &["fr"],
            Locale::De => &["de"],
            Locale::PtBr => &["pt-BR"],
        }
    }

    /// The language of a locale tag (`es`, `es-ES`, `es-419`, `pt-BR`, `pt`, `de-AT`, `en-US`,
    /// any case), or `None` for a language versus does not speak.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Locale::En),
            "es" => Some(Locale::Es),
            "fr" => Some(Locale::Fr),
            "de" => Some(Locale::De),
            // Portuguese of Portugal reads Brazilian Portuguese well; it is the nearest we have.
            "pt" => Some(Locale::PtBr),
            _ => None,
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// One argument of a message.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Text(&'a str),
    /// A count: it also chooses the plural form where a language has one.
    Count(usize),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Arg<'a> {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Arg<'a> {
        Arg::Text(s)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(n)
    }
}

/// The Fluent source of each language, in [`Locale::ALL`]'s order.
const SOURCES: [&str; 5] = [
    include_str!("../../locales/en.ftl"),
    include_str!("../../locales/es.ftl"),
    include_str!("../../locales/fr.ftl"),
    include_str!("../../locales/de.ftl"),
    include_str!("../../locales/pt-BR.ftl"),
];

/// The Fluent source of `locale`'s messages (for checks and tests).
pub fn source(locale: Locale) -> &'static str {
    SOURCES[index(locale)]
}

fn index(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Es => 1,
        Locale::Fr => 2,
        Locale::De => 3,
        Locale::PtBr => 4,
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Every language's messages, parsed on first use ([`load`] does it at start).
fn bundles() -> &'static [Bundle; 5] {
    static BUNDLES: OnceLock<[Bundle; 5]> = OnceLock::new();
    BUNDLES.get_or_init(|| Locale::ALL.map(bundle))
}

fn bundle(locale: Locale) -> Bundle {
    let id = locale
        .tag()
        .parse()
        .expect("every Locale tag is a valid language identifier");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around every placeable would reach Discord and the JSON as
    // invisible characters; the arguments are plain words and numbers, not mixed-direction text.
    b.set_use_isolating(false);
    let resource = match FluentResource::try_new(source(locale).to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            // The files are compiled in and a unit test parses them clean: this is a bug.
            tracing::error!(locale = %locale, errors = errors.len(), "locale file has syntax errors");
            r
        }
    };
    if let Err(errors) = b.add_resource(resource) {
        tracing::error!(locale = %locale, errors = errors.len(), "locale file repeats a message");
    }
    b
}

/// The language `text` is written in, read against `stopwords` (see [`detect`]): for a reply
/// that has no locale to go by.
pub fn language_of(text: &str, stopwords: &crate::engine::text::Stopwords) -> Locale {
    let cleaned = crate::engine::text::clean(text);
    detect(&cleaned, &crate::engine::text::words(&cleaned), stopwords)
}

/// Parses every language's messages now, so the first answer pays nothing for it.
pub fn load() {
    bundles();
}

/// Message `id` in `locale` with `args`: falls back to English when the language lacks it, and
/// to the id itself when English does too (a bug a test catches).
pub fn text(locale: Locale, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let all = bundles();
    let found = [locale, Locale::En].into_iter().find_map(|l| {
        let b = &all[index(l)];
        b.get_message(id)
            .and_then(|m| m.value())
            .map(|pattern| (b, pattern))
    });
    let Some((bundle, pattern)) = found else {
        debug_assert!(false, "no message `{id}` in en.ftl");
        return id.to_string();
    };
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let v = match *value {
                Arg::Text(s) => FluentValue::from(s),
                Arg::Count(n) => FluentValue::from(n),
            };
            a.set(*name, v);
        }
        a
    });
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
    debug_assert!(errors.is_empty(), "message `{id}`: {errors:?}");
    out.into_owned()
}

/// `items` as a list a person reads: "a", "a and b", "a, b and c" in `locale`'s words.
pub fn list(locale: Locale, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => text(
            locale,
            "list-and",
            &[("init", Arg::Text(&init.join(", "))), ("last", last.into())],
        ),
    }
}

#[cfg(test)]
mod tests;
