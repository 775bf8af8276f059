//! Which framework a piece of text names or favours: the names and products of each side,
//! a line that is only a side ("PyTorch", "Either (or both)"), and verdict phrasing
//! ("PyTorch wins", "Choose TensorFlow for …", "is the recommended choice").

use versus_core::knowledge::Side;

/// Lowercased words that name TensorFlow or one of its own products.
const TENSORFLOW_WORDS: &[&str] = &[
    "tensorflow",
    "tf",
    "tf2",
    "keras",
    "tflite",
    "tfx",
    "litert",
    "tfjs",
];
/// Lowercased words that name PyTorch or one of its own products.
const PYTORCH_WORDS: &[&str] = &[
    "pytorch",
    "torch",
    "torchserve",
    "executorch",
    "torchvision",
    "torchscript",
];

/// The side a single word names.
fn side_of_word(word: &str) -> Option<Side> {
    let w = word.to_lowercase();
    if TENSORFLOW_WORDS.contains(&w.as_str()) {
        Some(Side::TensorFlow)
    } else if PYTORCH_WORDS.contains(&w.as_str()) {
        Some(Side::PyTorch)
    } else {
        None
    }
}

/// The words of `text` with their byte offsets (letters and digits only).
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// The sides `text` names, in order of first mention, each once.
pub fn mentioned(text: &str) -> Vec<Side> {
    let mut out = Vec::new();
    for (_, w) in words(text) {
        if let Some(side) = side_of_word(w) {
            if !out.contains(&side) {
                out.push(side);
            }
        }
    }
    out
}

/// The one framework `text` names, when it names exactly one.
pub fn only_side(text: &str) -> Option<Side> {
    match mentioned(text).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// A line that is nothing but a side: "PyTorch", "TensorFlow", "Tie", "Either (or both)",
/// optionally after "Winner:" and before a colon.
pub fn side_line(text: &str) -> Option<Side> {
    let mut t = text.trim().trim_end_matches([':', '!', '.']).trim();
    for prefix in [
        "Winner:",
        "Winner",
        "Verdict:",
        "Pick:",
        "Our pick:",
        "Best:",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if rest.starts_with(' ') || rest.is_empty() {
                t = rest.trim();
            }
        }
    }
    // A parenthetical after the name says no more about the side: "Either (or both)".
    let head = match t.find(" (") {
        Some(p) if t.ends_with(')') => &t[..p],
        _ => t,
    };
    match head.to_lowercase().as_str() {
        "tensorflow" | "tf" | "tf2" | "tensorflow 2" => Some(Side::TensorFlow),
        "pytorch" | "pt" | "torch" | "pytorch 2" => Some(Side::PyTorch),
        "tie" | "either" | "both" | "draw" | "even" => Some(Side::Tie),
        "neither" => Some(Side::Neither),
        _ => None,
    }
}

/// "Best for research: PyTorch", "Mobile apps — TensorFlow": a situation and the side chosen
/// for it, split where the side begins.
pub fn labelled_side(text: &str) -> Option<(&str, Side)> {
    /// Longer than this, the line is prose, not a card's heading.
    const MAX_CARD_HEADING_CHARS: usize = 80;
    if text.chars().count() > MAX_CARD_HEADING_CHARS {
        return None;
    }
    for sep in [": ", " — ", " – ", " - ", " → "] {
        if let Some((label, side)) = text.rsplit_once(sep) {
            let label = label.trim();
            let side = side_line(side).or_else(|| named_first(side))?;
            let plain = !label.is_empty() && side_line(label).is_none();
            return (plain && !label.to_lowercase().starts_with("winner")).then_some((label, side));
        }
    }
    None
}

/// Names a line or a column heading may give a framework by, abbreviations included:
/// "TF" and "PT" are read only where they stand as a side's label, never in prose.
const SIDE_NAMES: &[(&str, Side)] = &[
    ("TensorFlow", Side::TensorFlow),
    ("Tensorflow", Side::TensorFlow),
    ("TF2", Side::TensorFlow),
    ("TF", Side::TensorFlow),
    ("PyTorch", Side::PyTorch),
    ("Pytorch", Side::PyTorch),
    ("Torch", Side::PyTorch),
    ("PT", Side::PyTorch),
];
/// What may stand between a side's label and its text: "TF: fast", "PyTorch — faster".
const LABEL_SEPARATORS: &[&str] = &[":", " —", " –", " -", " →", " =>"];
/// Fewest words that make a side's line a sentence, quoted whole ("TensorFlow ships TF
/// Serving and LiteRT.") rather than cut after the name.
const MIN_SENTENCE_WORDS: usize = 4;

/// A side's label at the start of `text` ("TensorFlow", "TF:", "PyTorch —") and the text after
/// the label and its separator, if any separator follows.
pub fn side_label(text: &str) -> Option<(Side, &str, bool)> {
    for (name, side) in SIDE_NAMES {
        let Some(rest) = text.strip_prefix(name) else {
            continue;
        };
        // A name glued to more letters is another word ("TFX", "Torchvision").
        if rest.starts_with(|c: char| c.is_alphanumeric() || c == '.' || c == '_') {
            continue;
        }
        for sep in LABEL_SEPARATORS {
            if let Some(after) = rest.strip_prefix(sep) {
                return Some((*side, after.trim(), true));
            }
        }
        return Some((*side, rest.trim(), false));
    }
    None
}

/// The side a clause opens with, when the name ends it or a comma, bracket or separator
/// follows: "PyTorch, for the papers", "TF (Keras)".
pub fn named_first(text: &str) -> Option<Side> {
    let (side, rest, separated) = side_label(text.trim())?;
    let ends = rest.is_empty() || rest.starts_with([',', '(', ';', '.', '!']);
    (separated || ends).then_some(side)
}

/// "PyTorch for research, TensorFlow for mobile": the sides a list item gives, each opening a
/// clause with " for ", " if " or " when ".
pub fn for_sides(text: &str) -> Vec<Side> {
    let mut out = Vec::new();
    let clauses = text.split([',', ';']).flat_map(|c| c.split(" and "));
    for clause in clauses {
        let Some((side, rest, _)) = side_label(clause.trim()) else {
            continue;
        };
        let opens = [" for ", " if ", " when "]
            .iter()
            .any(|w| format!(" {rest}").starts_with(w));
        if opens && !out.contains(&side) {
            out.push(side);
        }
    }
    out
}

/// A line starting with a framework's name as a word, and its cell: "TensorFlow ★★★★★ TF
/// Serving" gives (TensorFlow, "★★★★★ TF Serving"), "TF: fast" gives (TensorFlow, "fast"), and
/// a sentence that only starts with the name ("PyTorch ships TorchServe and ExecuTorch.") is
/// the cell whole. Abbreviations count only with a separator after them.
pub fn leading_side(text: &str) -> Option<(Side, &str)> {
    let (side, cell, separated) = side_label(text)?;
    if cell.is_empty() {
        return None;
    }
    if separated {
        return Some((side, cell));
    }
    let full_name = text.starts_with("TensorFlow ") || text.starts_with("PyTorch ");
    if !full_name {
        return None;
    }
    let sentence = text.ends_with('.') && text.split_whitespace().count() >= MIN_SENTENCE_WORDS;
    Some((side, if sentence { text } else { cell }))
}

/// What separates the two sides' parts of one line: "TF: fast / PyTorch: faster".
const PART_SEPARATORS: &[char] = &['/', ';', '|', ',', '·', '•'];
/// What may separate a line's label from its first side: "Speed — TF: …", "Speed: TF …".
const LEAD_SEPARATORS: &[char] = &['—', '–', '-', ':', '|', '→', ' '];

/// One line holding a label and both sides' text after their names ("Speed — TF: fast /
/// PyTorch: faster"): the label (empty when the line starts with a side), the TensorFlow
/// text and the PyTorch text, each verbatim.
pub fn side_pair(text: &str) -> Option<(&str, &str, &str)> {
    let mut marks: Vec<(usize, usize, Side)> = Vec::new(); // start, end of "Name:", side
    for (at, _) in text.char_indices() {
        let boundary = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if !boundary {
            continue;
        }
        for (name, side) in SIDE_NAMES {
            if let Some(rest) = text[at..].strip_prefix(name) {
                if let Some(after) = rest.strip_prefix(':') {
                    let end = text.len() - after.len();
                    marks.push((at, end, *side));
                    break;
                }
            }
        }
    }
    let [(a_start, a_end, a), (b_start, b_end, b)] = marks.as_slice() else {
        return None;
    };
    if a == b {
        return None;
    }
    let label = text[..*a_start]
        .trim()
        .trim_end_matches(LEAD_SEPARATORS)
        .trim();
    let first = text[*a_end..*b_start]
        .trim()
        .trim_end_matches(PART_SEPARATORS)
        .trim();
    let second = text[*b_end..].trim();
    if first.is_empty() || second.is_empty() {
        return None;
    }
    Some(match a {
        Side::TensorFlow => (label, first, second),
        _ => (label, second, first),
    })
}

/// A column heading that is a framework's name, perhaps with a badge glued on
/// ("PyTorchRecommended", "TensorFlow ✓ Winner").
pub fn column_side(text: &str) -> Option<Side> {
    /// Longer than this, the line is content, not a column heading.
    const MAX_COLUMN_CHARS: usize = 30;
    // A badge or logo before the name ("🟠 TensorFlow", "⚡ PyTorch") says no more.
    let text = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    if text.chars().count() > MAX_COLUMN_CHARS {
        return None;
    }
    if text.starts_with("TensorFlow") {
        Some(Side::TensorFlow)
    } else if text.starts_with("PyTorch") {
        Some(Side::PyTorch)
    } else {
        // "TF 2.16", "PT (Meta)", "Torch": an abbreviation standing as a word.
        side_label(text).map(|(side, _, _)| side)
    }
}

/// Phrases after a framework's name that make a sentence a verdict for it.
const VERDICT_PHRASES: &[&str] = &[
    " wins",
    " won ",
    " has won",
    " dominates",
    " is the recommended",
    " is the better",
    " is the best",
    " is the clear",
    " is the obvious",
    " is the default",
    " is the standard",
    " is the de facto",
    " is the go-to",
    " is the winner",
    " remains the better",
    " remains the best",
    " remains the standard",
    " remains the go-to",
    " is preferred",
    " is recommended",
    " is our pick",
    " is the safer",
    " is a better",
    " is the right",
    " is the smarter",
    " is the stronger",
    " is ideal",
    " is your best",
    " fits better",
    " makes more sense",
    " is the way to go",
    " gets our vote",
    " comes out ahead",
    " comes out on top",
];
/// Phrases that lean a paragraph towards a side without deciding anything.
const FAVOUR_PHRASES: &[&str] = &[
    " has a significant advantage",
    " has an advantage",
    " has the advantage",
    " has an edge",
    " has the edge",
    " maintains an edge",
    " is more mature",
    " leads",
    " excels",
    " is easier",
    " is faster",
];
/// Verbs that start a recommendation: "Choose PyTorch for …".
const CHOOSE_VERBS: &[&str] = &[
    "choose",
    "pick",
    "use",
    "go with",
    "opt for",
    "stick with",
    "we recommend",
    "i recommend",
    "prefer",
    "start with",
    "recommend",
    "we'd recommend",
    "we’d recommend",
    "i'd recommend",
    "go for",
    "reach for",
    "default to",
];
/// How many words may stand between a framework's name and its verdict phrase
/// ("TensorFlow 2.x is the better …").
const MAX_SUBJECT_GAP_WORDS: usize = 2;

/// The side a sentence's verdict phrase is about, from `phrases`.
fn subject_of(sentence: &str, phrases: &[&str]) -> Option<Side> {
    if sentence.trim_end().ends_with('?') {
        return None;
    }
    let lower = sentence.to_lowercase();
    let ws = words(sentence);
    let mut best: Option<(usize, Side)> = None;
    for phrase in phrases {
        let Some(at) = lower.find(phrase) else {
            continue;
        };
        // The nearest framework name before the phrase, with few words between.
        let before: Vec<&(usize, &str)> = ws.iter().filter(|(o, _)| *o < at).collect();
        let found = before
            .iter()
            .rev()
            .take(MAX_SUBJECT_GAP_WORDS + 1)
            .find_map(|(_, w)| side_of_word(w));
        if let Some(side) = found {
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, side));
            }
        }
    }
    best.map(|(_, s)| s)
}

/// The sides a sentence recommends: "Choose PyTorch for research, TensorFlow for production"
/// gives both; "PyTorch wins for research" gives PyTorch.
pub fn verdict_sides(sentence: &str) -> Vec<Side> {
    if sentence.trim_end().ends_with('?') {
        return Vec::new();
    }
    if let Some(sides) = choose_sides(sentence) {
        return sides;
    }
    subject_of(sentence, VERDICT_PHRASES).into_iter().collect()
}

/// The side a sentence leans to, by verdict or by weaker phrasing.
pub fn favoured(sentence: &str) -> Option<Side> {
    match verdict_sides(sentence).as_slice() {
        [one] => Some(*one),
        [] => subject_of(sentence, FAVOUR_PHRASES),
        _ => None,
    }
}

/// "Choose X …" at the start of a sentence: X, and a second framework when the sentence goes
/// on "…, Y for …".
fn choose_sides(sentence: &str) -> Option<Vec<Side>> {
    let trimmed = sentence.trim_start();
    choose_sides_at(trimmed).or_else(|| {
        // "If you ship to phones, go with TensorFlow.": the verb opens a later clause.
        trimmed
            .match_indices([',', ':', ';'])
            .filter_map(|(at, _)| trimmed.get(at + 1..))
            .find_map(|rest| choose_sides_at(rest.trim_start()))
    })
}

/// [`choose_sides`] where `sentence` itself starts with the verb.
fn choose_sides_at(sentence: &str) -> Option<Vec<Side>> {
    let lower = sentence.trim_start().to_lowercase();
    let verb = CHOOSE_VERBS
        .iter()
        .find(|v| lower.starts_with(*v) && lower[v.len()..].starts_with(' '))?;
    // `lower` can differ in length from the sentence (a few letters change size when
    // lowercased), so the sentence is cut only where it is still a character boundary.
    let rest = sentence.trim_start().get(verb.len()..)?;
    let ws = words(rest);
    let first = ws.first().and_then(|(_, w)| side_of_word(w))?;
    let mut sides = vec![first];
    // A second clause naming the other framework right after a comma or "and".
    for sep in [", ", "; ", " and ", " or "] {
        for (pos, _) in rest.match_indices(sep) {
            let after = &rest[pos + sep.len()..];
            let next = words(after).first().and_then(|(_, w)| side_of_word(w));
            if let Some(side) = next {
                if side != first && !sides.contains(&side) {
                    sides.push(side);
                }
            }
        }
    }
    Some(sides)
}

/// A heading that introduces a list of reasons for one side: "Choose PyTorch if:",
/// "When to choose TensorFlow", "Pick TensorFlow when...".
pub fn choose_heading(text: &str) -> Option<Side> {
    /// Longer than this, the line is a sentence, not a heading.
    const MAX_HEADING_CHARS: usize = 80;
    let t = text.trim();
    // "Go with TensorFlow when your pipeline is built on it." is a sentence, not a heading;
    // "Choose PyTorch when..." trails off into its list.
    let sentence = t.ends_with('.') && !t.ends_with("...");
    if t.chars().count() > MAX_HEADING_CHARS || t.trim_end_matches('.').contains('.') || sentence {
        return None;
    }
    let lower = t.to_lowercase();
    let body = [
        "when to ",
        "why ",
        "you should ",
        "reasons to ",
        "when should you ",
        "when should i ",
        "should you ",
    ]
    .iter()
    .find_map(|p| lower.strip_prefix(p))
    .unwrap_or(&lower);
    let verb = CHOOSE_VERBS
        .iter()
        .find(|v| body.starts_with(*v) && body[v.len()..].starts_with(' '))?;
    let ws = words(&body[verb.len()..]);
    let side = ws.first().and_then(|(_, w)| side_of_word(w))?;
    // "Choose TensorFlow" alone is a heading too; a second framework makes it a comparison.
    (mentioned(t).len() == 1).then_some(side)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_lines() {
        assert_eq!(side_line("PyTorch"), Some(Side::PyTorch));
        assert_eq!(side_line("Either (or both)"), Some(Side::Tie));
        assert_eq!(side_line("Winner: TensorFlow"), Some(Side::TensorFlow));
        assert_eq!(side_line("PyTorch Mobile"), None);
        assert_eq!(
            labelled_side("Best for research: PyTorch"),
            Some(("Best for research", Side::PyTorch))
        );
        assert_eq!(labelled_side("Winner: PyTorch"), None);
        assert_eq!(labelled_side("Note: this is prose"), None);
    }

    #[test]
    fn verdicts_name_their_subject() {
        assert_eq!(
            verdict_sides("For most people in 2025, PyTorch is the recommended choice."),
            [Side::PyTorch]
        );
        assert_eq!(
            verdict_sides("TensorFlow vs PyTorch: PyTorch dominates research."),
            [Side::PyTorch]
        );
        assert_eq!(
            verdict_sides("Choose PyTorch for research, TensorFlow for production at scale."),
            [Side::PyTorch, Side::TensorFlow]
        );
        assert!(verdict_sides("TensorFlow and PyTorch are both leading frameworks.").is_empty());
        assert!(verdict_sides("Is PyTorch the best choice?").is_empty());
        assert_eq!(
            favoured("TensorFlow has a significant advantage in mobile."),
            Some(Side::TensorFlow)
        );
    }

    #[test]
    fn choose_headings_and_columns() {
        assert_eq!(
            choose_heading("Choose TensorFlow if:"),
            Some(Side::TensorFlow)
        );
        assert_eq!(
            choose_heading("Choose PyTorch when..."),
            Some(Side::PyTorch)
        );
        assert_eq!(
            choose_heading("When to choose PyTorch"),
            Some(Side::PyTorch)
        );
        assert_eq!(choose_heading("Choose PyTorch or TensorFlow?"), None);
        assert_eq!(column_side("TensorFlowWinner"), Some(Side::TensorFlow));
        assert_eq!(column_side("⚡ PyTorch 2.5"), Some(Side::PyTorch));
        assert_eq!(column_side("TFX"), None);
        assert_eq!(
            leading_side("PyTorch ★★★★☆ Good"),
            Some((Side::PyTorch, "★★★★☆ Good"))
        );
        assert_eq!(
            only_side("TensorFlow Lite is mature, TFLite too."),
            Some(Side::TensorFlow)
        );
    }
}
