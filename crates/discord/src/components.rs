//! The 👍 / 👎 buttons under every answer: message components as plain data, the `custom_id`
//! that names the answer and the vote, and the id itself. A click comes back as a component
//! interaction, which [`crate::interaction::parse`] reads with [`parse_custom_id`].

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::wire::{ButtonStyle, ComponentType};

/// Action rows per message (Discord's limit).
pub const MAX_ACTION_ROWS: usize = 5;
/// Buttons per action row (Discord's limit).
pub const MAX_BUTTONS_PER_ROW: usize = 5;
/// A `custom_id`, in characters (Discord's limit).
pub const MAX_CUSTOM_ID: usize = 100;
/// A button label, in characters (Discord's limit).
pub const MAX_BUTTON_LABEL: usize = 80;
/// What every feedback `custom_id` starts with.
const VOTE_PREFIX: &str = "vote";
/// The labels of the two buttons.
pub const HELPFUL_LABEL: &str = "👍 Helpful";
/// The label of the not-helpful button.
pub const NOT_HELPFUL_LABEL: &str = "👎 Not helpful";
/// Hex characters in an answer id: 64 bits, so ids do not collide within any retention.
const ANSWER_KEY_LEN: usize = 16;

/// A reader's verdict on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ButtonVote {
    /// 👍
    Up,
    /// 👎
    Down,
}

impl ButtonVote {
    fn word(self) -> &'static str {
        match self {
            ButtonVote::Up => "up",
            ButtonVote::Down => "down",
        }
    }
}

/// The id an answer's buttons carry: 16 lowercase hex characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey(String);

/// Makes every generated id differ even when the clock does not move.
static SEQUENCE: AtomicU64 = AtomicU64::new(0);

impl AnswerKey {
    /// A fresh id. Not a secret (it is shown in the message), only unique. Its first 8 hex
    /// digits are the second it was made, so ids made together sort together and the question
    /// log's index on them grows at its end, where random ids rewrote a page anywhere in it for
    /// every answer. The last 8 are a counter from a random start per process: one process
    /// never repeats an id (up to 4 billion a second), and two repeat one only if their
    /// counters meet within the same second.
    pub fn generate() -> AnswerKey {
        static START: OnceLock<u32> = OnceLock::new();
        let start = *START.get_or_init(|| RandomState::new().build_hasher().finish() as u32);
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // Wraps in 2106; ids then sort from zero again, which costs only their order.
        let low = start.wrapping_add(SEQUENCE.fetch_add(1, Ordering::Relaxed) as u32);
        AnswerKey(format!("{:08x}{low:08x}", secs as u32))
    }

    /// The id written as `s`, if it is exactly 16 lowercase hex characters.
    pub fn parse(s: &str) -> Option<AnswerKey> {
        let ok = s.len() == ANSWER_KEY_LEN
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| AnswerKey(s.to_string()))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AnswerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One message component: an action row of buttons, or a button.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Component {
    /// Discord's component type.
    #[serde(rename = "type")]
    pub kind: ComponentType,
    /// A button's style.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<ButtonStyle>,
    /// A button's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A button's `custom_id`, sent back on a click.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_id: Option<String>,
    /// A row's buttons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<Component>,
}

/// The `custom_id` of `vote` on `answer`: `vote:up:<id>` or `vote:down:<id>`.
pub fn custom_id(vote: ButtonVote, answer: &AnswerKey) -> String {
    format!("{VOTE_PREFIX}:{}:{}", vote.word(), answer.as_str())
}

/// The vote and answer a `custom_id` names, if it is one of versus's feedback buttons.
pub fn parse_custom_id(id: &str) -> Option<(ButtonVote, AnswerKey)> {
    let mut parts = id.split(':');
    if parts.next()? != VOTE_PREFIX {
        return None;
    }
    let vote = match parts.next()? {
        "up" => ButtonVote::Up,
        "down" => ButtonVote::Down,
        _ => return None,
    };
    let answer = AnswerKey::parse(parts.next()?)?;
    parts.next().is_none().then_some((vote, answer))
}

fn button(label: &str, vote: ButtonVote, answer: &AnswerKey) -> Component {
    Component {
        kind: ComponentType::Button,
        style: Some(ButtonStyle::Secondary),
        label: Some(label.to_string()),
        custom_id: Some(custom_id(vote, answer)),
        components: Vec::new(),
    }
}

/// The action row under an answer: "👍 Helpful" and "👎 Not helpful".
pub fn feedback_row(answer: &AnswerKey) -> Component {
    Component {
        kind: ComponentType::ActionRow,
        style: None,
        label: None,
        custom_id: None,
        components: vec![
            button(HELPFUL_LABEL, ButtonVote::Up, answer),
            button(NOT_HELPFUL_LABEL, ButtonVote::Down, answer),
        ],
    }
}

/// What the `custom_id` of `/import`'s "Add topic" button starts with.
const TOPICS_PREFIX: &str = "topics:accept:";
/// The label of `/import`'s "Add topic" button.
pub const ACCEPT_TOPICS_LABEL: &str = "Add topic";

/// The `custom_id` of the button that adds the topic proposed for `source`, when the id fits.
pub fn accept_topics_id(source: &str) -> Option<String> {
    let id = format!("{TOPICS_PREFIX}{source}");
    (id.chars().count() <= MAX_CUSTOM_ID).then_some(id)
}

/// The source an "Add topic" button names, if the `custom_id` is one (a valid source id).
pub fn parse_accept_topics(id: &str) -> Option<String> {
    let source = id.strip_prefix(TOPICS_PREFIX)?;
    versus_core::knowledge::is_id(source).then(|| source.to_string())
}

/// The action row under `/import`'s reply when it proposes a topic: "Add topic". Empty when
/// the source id is too long for a `custom_id` (the CLI's `--accept-topics` still works).
pub fn accept_topics_row(source: &str) -> Option<Component> {
    let id = accept_topics_id(source)?;
    Some(Component {
        kind: ComponentType::ActionRow,
        style: None,
        label: None,
        custom_id: None,
        components: vec![Component {
            kind: ComponentType::Button,
            style: Some(ButtonStyle::Primary),
            label: Some(ACCEPT_TOPICS_LABEL.to_string()),
            custom_id: Some(id),
            components: Vec::new(),
        }],
    })
}

/// Every way `rows` breaks Discord's component limits.
pub fn problems(rows: &[Component]) -> Vec<String> {
    let mut out = Vec::new();
    if rows.len() > MAX_ACTION_ROWS {
        out.push(format!(
            "{} action rows (max {MAX_ACTION_ROWS})",
            rows.len()
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        if row.kind != ComponentType::ActionRow {
            out.push(format!("component {i} is not an action row"));
            continue;
        }
        if row.components.is_empty() || row.components.len() > MAX_BUTTONS_PER_ROW {
            out.push(format!(
                "row {i} has {} buttons (1 to {MAX_BUTTONS_PER_ROW})",
                row.components.len()
            ));
        }
        for (j, b) in row.components.iter().enumerate() {
            let label = b.label.as_deref().unwrap_or("");
            let id = b.custom_id.as_deref().unwrap_or("");
            if b.kind != ComponentType::Button {
                out.push(format!("row {i} item {j} is not a button"));
            }
            if label.is_empty() || label.chars().count() > MAX_BUTTON_LABEL {
                out.push(format!(
                    "row {i} button {j} label has {} characters (1 to {MAX_BUTTON_LABEL})",
                    label.chars().count()
                ));
            }
            if id.is_empty() || id.chars().count() > MAX_CUSTOM_ID {
                out.push(format!(
                    "row {i} button {j} custom_id has {} characters (1 to {MAX_CUSTOM_ID})",
                    id.chars().count()
                ));
            }
        }
        let mut ids: Vec<_> = row
            .components
            .iter()
            .filter_map(|b| b.custom_id.as_deref())
            .collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != n {
            out.push(format!("row {i} repeats a custom_id"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_topics_buttons_name_their_source_and_fit() {
        let row = accept_topics_row("genomics-guide").unwrap();
        assert_eq!(problems(std::slice::from_ref(&row)), Vec::<String>::new());
        let id = row.components[0].custom_id.clone().unwrap();
        assert_eq!(parse_accept_topics(&id).as_deref(), Some("genomics-guide"));
        for bad in [
            "topics:accept:",
            "topics:accept:Bad Id",
            "vote:up:x",
            "topics:accept:a/b",
        ] {
            assert_eq!(parse_accept_topics(bad), None, "{bad}");
        }
        assert!(accept_topics_row(&"x".repeat(90)).is_none());
    }

    #[test]
    fn ids_are_16_hex_unique_and_parse_back() {
        let a = AnswerKey::generate();
        let b = AnswerKey::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 16);
        // Made in the same second or the next: the time prefix keeps them in order.
        assert!(a.as_str()[..8] <= b.as_str()[..8], "{a} {b}");
        let many: std::collections::HashSet<AnswerKey> =
            (0..10_000).map(|_| AnswerKey::generate()).collect();
        assert_eq!(many.len(), 10_000);
        assert_eq!(AnswerKey::parse(a.as_str()), Some(a));
        for bad in [
            "",
            "0123456789ABCDEF",
            "0123456789abcde",
            "0123456789abcdefa",
        ] {
            assert_eq!(AnswerKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn custom_ids_round_trip_and_strangers_are_refused() {
        let key = AnswerKey::generate();
        for vote in [ButtonVote::Up, ButtonVote::Down] {
            let id = custom_id(vote, &key);
            assert!(id.len() <= MAX_CUSTOM_ID);
            assert_eq!(parse_custom_id(&id), Some((vote, key.clone())));
        }
        for bad in [
            "vote:sideways:0123456789abcdef",
            "vote:up:0123456789abcdeg",
            "vote:up:0123456789abcdef:x",
            "other:up:0123456789abcdef",
            "vote:up",
            "",
        ] {
            assert_eq!(parse_custom_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_feedback_row_has_discords_shape_and_fits_its_limits() {
        let key = AnswerKey::parse("0123456789abcdef").unwrap();
        let row = feedback_row(&key);
        assert!(problems(std::slice::from_ref(&row)).is_empty());
        assert_eq!(
            serde_json::to_value(&row).unwrap(),
            serde_json::json!({"type": 1, "components": [
                {"type": 2, "style": 2, "label": "👍 Helpful", "custom_id": "vote:up:0123456789abcdef"},
                {"type": 2, "style": 2, "label": "👎 Not helpful", "custom_id": "vote:down:0123456789abcdef"},
            ]})
        );
        let mut bad = row.clone();
        bad.components[1].custom_id = bad.components[0].custom_id.clone();
        bad.components[0].label = Some("x".repeat(81));
        assert_eq!(problems(&[bad]).len(), 2);
        assert_eq!(problems(&vec![row; 6]).len(), 1);
    }
}
