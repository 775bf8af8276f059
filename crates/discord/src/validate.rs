//! Discord's rules as pure checks over what versus sends: a message (every embed limit), a list
//! of autocomplete choices, and a command registration. Each returns every problem it finds,
//! empty when Discord would accept the value. The bot logs a problem as a bug before sending; the
//! tests assert there are none.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::view::{
    Choice, Message, MAX_CHOICES, MAX_CHOICE_LEN, MAX_CONTENT, MAX_DESCRIPTION, MAX_EMBEDS,
    MAX_EMBED_TOTAL, MAX_FIELDS, MAX_FIELD_NAME, MAX_FIELD_VALUE, MAX_FOOTER, MAX_TITLE,
};

/// Command and option names: 1–32 of letters, digits, `-`, `_`, `'`.
pub const NAME_PATTERN: &str = r"^[-_'\p{L}\p{N}]{1,32}$";
/// Command and option descriptions, in characters.
pub const MAX_COMMAND_DESCRIPTION: usize = 100;
/// Options per command.
pub const MAX_OPTIONS: usize = 25;
/// Characters of names, descriptions and choice values across one command.
pub const MAX_COMMAND_CHARS: usize = 8000;
/// The locale codes Discord takes as keys of `name_localizations` and
/// `description_localizations`; any other key fails the whole registration.
pub const DISCORD_LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Every way `message` breaks a Discord limit.
pub fn message_problems(message: &Message) -> Vec<String> {
    let mut problems = crate::components::problems(&message.components);
    let over = |problems: &mut Vec<String>, what: String, len: usize, max: usize| {
        if len > max {
            problems.push(format!("{what} has {len} characters (max {max})"));
        }
    };
    if let Some(c) = &message.content {
        over(&mut problems, "content".into(), chars(c), MAX_CONTENT);
    }
    for (i, e) in message.embeds.iter().enumerate() {
        if let Some(t) = &e.title {
            over(
                &mut problems,
                format!("embed {i} title"),
                chars(t),
                MAX_TITLE,
            );
        }
        if let Some(d) = &e.description {
            over(
                &mut problems,
                format!("embed {i} description"),
                chars(d),
                MAX_DESCRIPTION,
            );
        }
        if let Some(f) = &e.footer {
            over(
                &mut problems,
                format!("embed {i} footer"),
                chars(&f.text),
                MAX_FOOTER,
            );
        }
        for (j, f) in e.fields.iter().enumerate() {
            over(
                &mut problems,
                format!("embed {i} field {j} name"),
                chars(&f.name),
                MAX_FIELD_NAME,
            );
            over(
                &mut problems,
                format!("embed {i} field {j} value"),
                chars(&f.value),
                MAX_FIELD_VALUE,
            );
            if f.name.trim().is_empty() || f.value.trim().is_empty() {
                problems.push(format!("embed {i} field {j} is blank"));
            }
        }
        if e.fields.len() > MAX_FIELDS {
            problems.push(format!(
                "embed {i} has {} fields (max {MAX_FIELDS})",
                e.fields.len()
            ));
        }
    }
    if message.embeds.len() > MAX_EMBEDS {
        problems.push(format!(
            "{} embeds (max {MAX_EMBEDS})",
            message.embeds.len()
        ));
    }
    if message.embed_chars() > MAX_EMBED_TOTAL {
        problems.push(format!(
            "embeds total {} characters (max {MAX_EMBED_TOTAL})",
            message.embed_chars()
        ));
    }
    if message.content.as_deref().is_none_or(str::is_empty) && message.embeds.is_empty() {
        problems.push("the message is empty".into());
    }
    if !message.allowed_mentions.parse.is_empty() {
        problems.push(format!(
            "allowed_mentions parses {:?}: versus never pings",
            message.allowed_mentions.parse
        ));
    }
    problems
}

/// Every way `choices` breaks the autocomplete rules.
pub fn choices_problems(choices: &[Choice]) -> Vec<String> {
    let mut problems = Vec::new();
    if choices.len() > MAX_CHOICES {
        problems.push(format!("{} choices (max {MAX_CHOICES})", choices.len()));
    }
    for c in choices {
        for (what, s) in [("name", &c.name), ("value", &c.value)] {
            let n = chars(s);
            if n == 0 || n > MAX_CHOICE_LEN {
                problems.push(format!(
                    "choice {what} {s:?} has {n} characters (1–{MAX_CHOICE_LEN})"
                ));
            }
        }
    }
    problems
}

fn name_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(NAME_PATTERN).expect("the name pattern compiles"))
}

/// Every way one command of a registration body breaks Discord's rules.
pub fn command_problems(command: &Value) -> Vec<String> {
    let name = command["name"].as_str().unwrap_or("");
    let mut problems = Vec::new();
    check_named(command, &format!("command {name:?}"), &mut problems);
    let options = command["options"].as_array().map_or(&[][..], Vec::as_slice);
    if options.len() > MAX_OPTIONS {
        problems.push(format!(
            "command {name:?} has {} options (max {MAX_OPTIONS})",
            options.len()
        ));
    }
    let mut seen_optional = false;
    for o in options {
        let oname = o["name"].as_str().unwrap_or("");
        check_named(o, &format!("option {name}.{oname}"), &mut problems);
        // Discord refuses a required option after an optional one.
        let required = o["required"].as_bool().unwrap_or(false);
        if required && seen_optional {
            problems.push(format!(
                "option {name}.{oname} is required after an optional option"
            ));
        }
        seen_optional |= !required;
        // Discord takes a length limit on string options (type 3) only.
        if o.get("max_length").is_some() && o["type"].as_u64() != Some(3) {
            problems.push(format!(
                "option {name}.{oname}: max_length is only for string options"
            ));
        }
        // And a value range on integer (4) and number (10) options only.
        let numeric = matches!(o["type"].as_u64(), Some(4 | 10));
        if (o.get("min_value").is_some() || o.get("max_value").is_some()) && !numeric {
            problems.push(format!(
                "option {name}.{oname}: min_value and max_value are only for number options"
            ));
        }
        if o["autocomplete"].as_bool() == Some(true) && o.get("choices").is_some() {
            problems.push(format!(
                "option {name}.{oname} has both autocomplete and choices"
            ));
        }
    }
    if let Some(p) = command.get("default_member_permissions") {
        if !p.is_null() && p.as_str().is_none_or(|s| s.parse::<u64>().is_err()) {
            problems.push(format!(
                "command {name:?}: default_member_permissions must be a bit set as a string"
            ));
        }
    }
    let total = counted_chars(command);
    if total > MAX_COMMAND_CHARS {
        problems.push(format!(
            "command {name:?} has {total} characters (max {MAX_COMMAND_CHARS})"
        ));
    }
    problems
}

fn check_named(item: &Value, what: &str, problems: &mut Vec<String>) {
    check_name(item["name"].as_str().unwrap_or(""), what, problems);
    check_description(item["description"].as_str().unwrap_or(""), what, problems);
    // Every language's name and description obey the same rules as the default ones.
    for (key, check) in [
        (
            "name_localizations",
            check_name as fn(&str, &str, &mut Vec<String>),
        ),
        ("description_localizations", check_description),
    ] {
        let Some(map) = item.get(key).filter(|v| !v.is_null()) else {
            continue;
        };
        let Some(map) = map.as_object() else {
            problems.push(format!("{what}: {key} is not an object"));
            continue;
        };
        for (locale, text) in map {
            let here = format!("{what} ({locale})");
            if !DISCORD_LOCALES.contains(&locale.as_str()) {
                problems.push(format!(
                    "{what}: {key} has {locale:?}, not a discord locale"
                ));
            }
            match text.as_str() {
                Some(t) => check(t, &here, problems),
                None => problems.push(format!("{here}: {key} value is not a string")),
            }
        }
    }
}

fn check_name(name: &str, what: &str, problems: &mut Vec<String>) {
    if !name_regex().is_match(name) {
        problems.push(format!("{what}: name does not match {NAME_PATTERN}"));
    }
    if name != name.to_lowercase() {
        problems.push(format!("{what}: name must be lowercase"));
    }
}

fn check_description(description: &str, what: &str, problems: &mut Vec<String>) {
    let n = chars(description);
    if !(1..=MAX_COMMAND_DESCRIPTION).contains(&n) {
        problems.push(format!(
            "{what}: description has {n} characters (1–{MAX_COMMAND_DESCRIPTION})"
        ));
    }
}

/// Characters of a `*_localizations` object's values.
fn localized_chars(item: &Value, key: &str) -> usize {
    item[key]
        .as_object()
        .map_or(0, |m| m.values().map(|v| v.as_str().map_or(0, chars)).sum())
}

/// Characters Discord counts toward a command's 8000: names, descriptions and choice values,
/// through options and sub-options.
fn counted_chars(item: &Value) -> usize {
    let s = |k: &str| item[k].as_str().map_or(0, chars);
    let value = match &item["value"] {
        Value::String(v) => chars(v),
        Value::Null => 0,
        other => chars(&other.to_string()),
    };
    let nested = |k: &str| {
        item[k]
            .as_array()
            .map_or(0, |a| a.iter().map(counted_chars).sum::<usize>())
    };
    // Every language's name and description count too: the stricter reading of the limit.
    let localized = localized_chars(item, "name_localizations")
        + localized_chars(item, "description_localizations");
    s("name") + s("description") + localized + value + nested("options") + nested("choices")
}

/// Every problem of a whole bulk registration body (an array of commands).
pub fn registration_problems(body: &Value) -> Vec<String> {
    let Some(commands) = body.as_array() else {
        return vec!["the registration body is not an array".into()];
    };
    let mut problems: Vec<String> = commands.iter().flat_map(command_problems).collect();
    let mut names: Vec<&str> = commands.iter().filter_map(|c| c["name"].as_str()).collect();
    names.sort_unstable();
    for w in names.windows(2) {
        if w[0] == w[1] {
            problems.push(format!("command {:?} is defined twice", w[0]));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_follow_discords_pattern_and_case() {
        let bad = json!({ "name": "Ask Me", "description": "x" });
        let problems = command_problems(&bad);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let ok = json!({ "name": "frage-ü_1", "description": "x" });
        assert!(command_problems(&ok).is_empty());
    }

    #[test]
    fn every_languages_name_and_description_obey_the_same_rules() {
        let ok = json!({ "name": "ask", "description": "x",
            "name_localizations": { "de": "frage", "pt-BR": "forçar" },
            "description_localizations": { "es-ES": "sí" } });
        assert!(
            command_problems(&ok).is_empty(),
            "{:?}",
            command_problems(&ok)
        );
        let bad = json!({ "name": "ask", "description": "x",
            "name_localizations": { "de": "Frage Stellen", "xx": "a" },
            "description_localizations": { "fr": "é".repeat(101), "de": "" } });
        let problems = command_problems(&bad);
        // de: pattern and case; xx: not a locale; fr: too long; de description: empty.
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems
            .iter()
            .any(|p| p.contains("\"xx\", not a discord locale")));
    }

    #[test]
    fn descriptions_must_be_1_to_100_characters() {
        let long = json!({ "name": "a", "description": "é".repeat(101) });
        assert_eq!(command_problems(&long).len(), 1);
        let empty = json!({ "name": "a", "description": "" });
        assert_eq!(command_problems(&empty).len(), 1);
    }

    #[test]
    fn too_many_options_and_too_many_characters_are_caught() {
        let options: Vec<Value> = (0..26)
            .map(|i| {
                json!({ "type": 3, "name": format!("o{i}"), "description": "d".repeat(100),
                        "choices": (0..25).map(|j| json!({"name": "n".repeat(100), "value": format!("{j}")})).collect::<Vec<_>>() })
            })
            .collect();
        let cmd = json!({ "name": "big", "description": "d", "options": options });
        let problems = command_problems(&cmd);
        assert!(
            problems.iter().any(|p| p.contains("26 options")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("max 8000")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_length_limit_on_an_attachment_is_caught() {
        let cmd = json!({ "name": "import", "description": "d", "options": [
            { "type": 11, "name": "file", "description": "d", "required": true, "max_length": 9 },
            { "type": 3, "name": "id", "description": "d", "required": false, "max_length": 9 },
        ]});
        let problems = command_problems(&cmd);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("import.file"), "{problems:?}");
    }

    #[test]
    fn choices_over_the_limits_are_caught() {
        let c = Choice {
            name: "x".repeat(101),
            value: String::new(),
        };
        assert_eq!(choices_problems(&[c]).len(), 2);
    }
}
