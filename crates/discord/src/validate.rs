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
    let name = item["name"].as_str().unwrap_or("");
    if !name_regex().is_match(name) {
        problems.push(format!("{what}: name does not match {NAME_PATTERN}"));
    }
    if name != name.to_lowercase() {
        problems.push(format!("{what}: name must be lowercase"));
    }
    let n = chars(item["description"].as_str().unwrap_or(""));
    if !(1..=MAX_COMMAND_DESCRIPTION).contains(&n) {
        problems.push(format!(
            "{what}: description has {n} characters (1–{MAX_COMMAND_DESCRIPTION})"
        ));
    }
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
    s("name") + s("description") + value + nested("options") + nested("choices")
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
