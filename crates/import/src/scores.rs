//! Scoreboards and totals as rows: a tally widget of one value a line ("2" / "TensorFlow Wins"
//! / "0" / "Ties" / "4" / "PyTorch Wins"), and a total line closing a comparison ("Total Score
//! 3/5 2/5", or scrape-glued as "Total Score3/ 52/ 50 ties"), in the column order of the
//! layout it closes. Each rule reads a class of layout by its shape, never by an article's
//! words.

use versus_core::knowledge::{Body, Side};

use super::blocks::BlockKind;
use super::doc::{Doc, Use};
use super::sides::{side_label, side_line};
use super::tables::{add_row_once, row_body, RowParts, DEFAULT_TABLE_NAME};

/// The `table` of a tally's row: a widget has no heading of its own (the name is ours).
const TALLY_TABLE_NAME: &str = "Scoreboard";
/// Most digits of a tally's count: a widget counts categories or benchmarks, a few dozen at
/// most; a longer number is a year, a price or a star count, not a tally.
const MAX_TALLY_DIGITS: usize = 3;
/// Most (count, label) pairs in one tally: one framework's wins, the other's, and the ties.
const MAX_TALLY_PAIRS: usize = 3;
/// Fewest pairs in one tally: both frameworks' wins.
const MIN_TALLY_PAIRS: usize = 2;
/// Lowercased words a tally's label counts wins with, beside a framework's name.
const WIN_WORDS: &[&str] = &["wins", "win", "victories", "points"];
/// Lowercased labels of a tally's ties.
const TIE_WORDS: &[&str] = &["ties", "tie", "draws", "draw", "tied", "even"];
/// Lowercased labels that open a line totalling a comparison's scores.
const TOTAL_LABELS: &[&str] = &[
    "total",
    "total score",
    "totals",
    "final score",
    "overall score",
    "overall",
    "score",
    "final tally",
    "tally",
];
/// What may stand between a total line's label and its first fraction.
const TOTAL_LABEL_SEPARATORS: &[char] = &[':', '—', '–', '-', '|', '='];
/// What may stand between a total line's two fractions besides spaces ("3/5 vs 2/5").
const FRACTION_SEPARATORS: &[&str] = &["vs", "vs.", "-", "–", "—", "|", ",", ";", "·"];

/// Runs the scoreboard rule over the document (totals run from the layouts they close).
pub fn extract(doc: &mut Doc) {
    tallies(doc);
}

/// What a tally's label counts: one framework's wins (and the wording without the name), or
/// the ties.
#[derive(Debug, Clone, PartialEq)]
enum Tally {
    Wins(Side, String),
    Ties,
}

/// "TensorFlow Wins", "Wins: PyTorch", "PT wins" (a framework and a win word), or "Ties".
fn tally_label(text: &str) -> Option<Tally> {
    let t = text.trim().trim_end_matches(':').trim();
    if TIE_WORDS.contains(&t.to_lowercase().as_str()) {
        return Some(Tally::Ties);
    }
    let is_win = |w: &str| WIN_WORDS.contains(&w.trim().to_lowercase().as_str());
    let framework = |s: Side| matches!(s, Side::TensorFlow | Side::PyTorch);
    if let Some((side, rest, _)) = side_label(t) {
        let rest = rest.trim_start_matches(':').trim();
        if framework(side) && is_win(rest) {
            return Some(Tally::Wins(side, rest.to_string()));
        }
    }
    let (words, name) = t.rsplit_once(' ')?;
    let side = side_line(name).filter(|s| framework(*s))?;
    let words = words.trim().trim_end_matches(':').trim();
    is_win(words).then(|| Tally::Wins(side, words.to_string()))
}

/// A line that is only a count: a few digits.
fn is_count(text: &str) -> bool {
    let t = text.trim();
    (1..=MAX_TALLY_DIGITS).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}

/// A free plain line of the document.
fn line_at(doc: &Doc, i: usize) -> Option<&str> {
    let b = doc.blocks.get(i)?;
    let plain = matches!(b.kind, BlockKind::Paragraph | BlockKind::Item);
    (doc.free(i) && plain).then_some(b.text.as_str())
}

/// One pair of a tally: its count, its label, and the blocks of each.
type TallyPair = (String, Tally, String, [usize; 2]);

/// The tally's pairs from block `i`, count first or label first as its first pair is.
fn tally_at(doc: &Doc, i: usize) -> Vec<TallyPair> {
    let count_first = line_at(doc, i).is_some_and(is_count);
    let mut pairs: Vec<TallyPair> = Vec::new();
    let mut j = i;
    while pairs.len() < MAX_TALLY_PAIRS {
        let (c, l) = if count_first { (j, j + 1) } else { (j + 1, j) };
        let (Some(count), Some(label)) = (line_at(doc, c), line_at(doc, l)) else {
            break;
        };
        let Some(tally) = tally_label(label).filter(|_| is_count(count)) else {
            break;
        };
        // A label seen twice starts another widget.
        if pairs.iter().any(|(_, t, _, _)| same_kind(t, &tally)) {
            break;
        }
        pairs.push((
            count.trim().to_string(),
            tally,
            label.trim().to_string(),
            [c, l],
        ));
        j += 2;
    }
    pairs
}

fn same_kind(a: &Tally, b: &Tally) -> bool {
    match (a, b) {
        (Tally::Wins(x, _), Tally::Wins(y, _)) => x == y,
        (Tally::Ties, Tally::Ties) => true,
        _ => false,
    }
}

/// The side with the larger count (a tie when even).
fn larger(first: (Side, u32), second: (Side, u32)) -> Side {
    match first.1.cmp(&second.1) {
        std::cmp::Ordering::Greater => first.0,
        std::cmp::Ordering::Less => second.0,
        std::cmp::Ordering::Equal => Side::Tie,
    }
}

/// Tally widgets: a count a line beside each framework's wins (and the ties), one row whose
/// feature is the wins' wording, whose cells are the counts, and whose note is the ties.
fn tallies(doc: &mut Doc) {
    let mut i = 0;
    while i < doc.blocks.len() {
        let pairs = tally_at(doc, i);
        let wins = |side: Side| {
            pairs.iter().find_map(|(count, t, _, _)| match t {
                Tally::Wins(s, words) if *s == side => Some((count.clone(), words.clone())),
                _ => None,
            })
        };
        let (Some((tf, tf_words)), Some((pt, pt_words))) =
            (wins(Side::TensorFlow), wins(Side::PyTorch))
        else {
            i += 1;
            continue;
        };
        if pairs.len() < MIN_TALLY_PAIRS || !tf_words.eq_ignore_ascii_case(&pt_words) {
            i += 1;
            continue;
        }
        let ties = pairs.iter().find_map(|(count, t, label, _)| {
            (*t == Tally::Ties).then(|| format!("{count} {label}"))
        });
        let feature = match &pairs[0].1 {
            Tally::Wins(_, words) => words.clone(),
            Tally::Ties => tf_words,
        };
        let count = |c: &str| c.parse::<u32>().unwrap_or(0);
        let winner = larger((Side::TensorFlow, count(&tf)), (Side::PyTorch, count(&pt)));
        let body = row_body(RowParts {
            table: TALLY_TABLE_NAME,
            section: None,
            feature: &feature,
            tf: &tf,
            pt: &pt,
            winner: Some(winner),
            note: ties.as_deref(),
        });
        let first = pairs[0].3[0].min(pairs[0].3[1]);
        let line = doc.blocks[first].line;
        let use_ = if add_row_once(doc, body, line) {
            Use::Quoted
        } else {
            Use::Repeat
        };
        let blocks: Vec<usize> = pairs.iter().flat_map(|p| p.3).collect();
        for &k in &blocks {
            doc.mark(k, use_);
        }
        i = blocks.iter().max().map_or(i + 1, |m| m + 1);
    }
}

/// A total line read: its label, both fractions verbatim in the order printed, the ties note
/// verbatim, and the two numerators.
#[derive(Debug, PartialEq)]
struct Total {
    label: String,
    first: String,
    second: String,
    note: Option<String>,
    counts: (u32, u32),
}

/// A run of ASCII digits in `s` from byte `at`: its end.
fn digits_end(s: &str, at: usize) -> usize {
    at + s[at..].bytes().take_while(u8::is_ascii_digit).count()
}

/// The first run of digits at or after byte `at`: its start and end.
fn next_digits(s: &str, at: usize) -> Option<(usize, usize)> {
    let start = at + s[at..].find(|c: char| c.is_ascii_digit())?;
    Some((start, digits_end(s, start)))
}

/// Ways to read a run of digits as two numbers glued together ("52" as 5 and 2): every cut
/// that leaves no leading zero on either part.
fn cuts(s: &str, start: usize, end: usize) -> Vec<usize> {
    (start + 1..end)
        .filter(|&k| !s[start..k].starts_with('0') && (k + 1 == end || !s[k..end].starts_with('0')))
        .collect()
}

/// Whether the text between two numbers of a total line may separate them.
fn separates(gap: &str) -> bool {
    let g = gap.trim();
    !gap.is_empty() && (g.is_empty() || FRACTION_SEPARATORS.contains(&g))
}

/// Whether the text after a ties count ("0 ties", "1 draw") is a ties word.
fn ties_word(tail: &str) -> bool {
    TIE_WORDS.contains(&tail.trim().trim_end_matches('.').to_lowercase().as_str())
}

/// One reading of a total's numbers: (first fraction's end, second's start, second's end,
/// ties note start) as byte offsets, and (a, b, c, d, ties).
type Reading = ([usize; 4], [u32; 5]);

/// Every reading of `rest` ("3/ 52/ 50 ties") as "a/ b c/ d [t ties]" that adds up: both
/// fractions over one denominator, and, with a ties count, a + c + t equal to it.
fn readings(rest: &str) -> Vec<Reading> {
    let num = |a: usize, b: usize| rest[a..b].parse::<u32>().ok();
    let Some((a_start, a_end)) = next_digits(rest, 0) else {
        return Vec::new();
    };
    let slashes: Vec<usize> = rest.match_indices('/').map(|(i, _)| i).collect();
    let [s1, s2] = slashes.as_slice() else {
        return Vec::new();
    };
    if a_start != 0 || !rest[a_end..*s1].trim().is_empty() {
        return Vec::new();
    }
    // Between the slashes: "5 2" (two numbers) or "52" (glued).
    let Some((m_start, m_end)) = next_digits(rest, s1 + 1) else {
        return Vec::new();
    };
    if !rest[s1 + 1..m_start].trim().is_empty() {
        return Vec::new();
    }
    let mut middles: Vec<(usize, usize)> = cuts(rest, m_start, m_end)
        .into_iter()
        .map(|k| (k, k))
        .collect();
    if let Some((c_start, c_end)) = next_digits(rest, m_end).filter(|(st, _)| st < s2) {
        middles = vec![(m_end, c_start)];
        if !separates(&rest[m_end..c_start]) || !rest[c_end..*s2].trim().is_empty() {
            return Vec::new();
        }
    } else if !rest[m_end..*s2].trim().is_empty() {
        return Vec::new();
    }
    let c_end_of = |start: usize| digits_end(rest, start);
    // After the second slash: "5" (the denominator), "5 0 ties" or "50 ties" (glued).
    let Some((d_start, d_end)) = next_digits(rest, s2 + 1) else {
        return Vec::new();
    };
    if !rest[s2 + 1..d_start].trim().is_empty() {
        return Vec::new();
    }
    let tail = &rest[d_end..];
    let mut ends: Vec<(usize, Option<usize>)> = Vec::new();
    if tail.trim().is_empty() {
        ends.push((d_end, None));
    } else if let Some((t_start, t_end)) = next_digits(rest, d_end) {
        if rest[d_end..t_start].trim().is_empty() && ties_word(&rest[t_end..]) {
            ends.push((d_end, Some(t_start)));
        }
    } else if ties_word(tail) {
        ends.extend(cuts(rest, d_start, d_end).into_iter().map(|k| (k, Some(k))));
    }
    let mut out = Vec::new();
    for &(b_end, c_start) in &middles {
        for &(den_end, t_start) in &ends {
            let values = (
                num(a_start, a_end),
                num(m_start, b_end),
                num(c_start, c_end_of(c_start).min(*s2)),
                num(d_start, den_end),
                t_start.map(|t| num(t, digits_end(rest, t))),
            );
            let (Some(a), Some(b), Some(c), Some(d)) = (values.0, values.1, values.2, values.3)
            else {
                continue;
            };
            let t = match values.4 {
                Some(Some(t)) => Some(t),
                Some(None) => continue,
                None => None,
            };
            let adds_up = b == d && d > 0 && a <= d && c <= d && t.is_none_or(|t| a + c + t == d);
            if adds_up {
                let note_at = t_start.unwrap_or(rest.len());
                out.push((
                    [b_end, c_start, den_end, note_at],
                    [a, b, c, d, t.unwrap_or(0)],
                ));
            }
        }
    }
    out
}

/// "Total Score3/ 52/ 50 ties", "Total: 3/5 vs 2/5": a total label, then two fractions over one
/// denominator, and perhaps the ties; only one reading may add up.
fn total_line(text: &str) -> Option<Total> {
    let text = text.trim();
    let at = text.find(|c: char| c.is_ascii_digit())?;
    let label = text[..at]
        .trim()
        .trim_end_matches(TOTAL_LABEL_SEPARATORS)
        .trim();
    if !TOTAL_LABELS.contains(&label.to_lowercase().as_str()) {
        return None;
    }
    let rest = &text[at..];
    let found = readings(rest);
    let &[([first_end, second_start, second_end, note_at], [a, _, c, _, _])] = found.as_slice()
    else {
        return None;
    };
    let note = rest[note_at..].trim();
    Some(Total {
        label: label.to_string(),
        first: rest[..first_end].trim().to_string(),
        second: rest[second_start..second_end].trim().to_string(),
        note: (!note.is_empty()).then(|| note.to_string()),
        counts: (a, c),
    })
}

/// A total line at block `at` closing the comparison just drafted, whose first column is
/// `first`'s: one row in that table. Returns whether the line was one.
pub(crate) fn closing_total(doc: &mut Doc, at: usize, first: Side) -> bool {
    let Some(total) = line_at(doc, at).and_then(total_line) else {
        return false;
    };
    let second = match first {
        Side::TensorFlow => Side::PyTorch,
        Side::PyTorch => Side::TensorFlow,
        _ => return false,
    };
    let table = match doc.drafts.last().map(|d| &d.body) {
        Some(Body::Row(row)) => row.table.clone(),
        _ => DEFAULT_TABLE_NAME.to_string(),
    };
    let (tf, pt) = if first == Side::TensorFlow {
        (&total.first, &total.second)
    } else {
        (&total.second, &total.first)
    };
    let winner = larger((first, total.counts.0), (second, total.counts.1));
    let body = row_body(RowParts {
        table: &table,
        section: None,
        feature: &total.label,
        tf,
        pt,
        winner: Some(winner),
        note: total.note.as_deref(),
    });
    let line = doc.blocks[at].line;
    let use_ = if add_row_once(doc, body, line) {
        Use::Quoted
    } else {
        Use::Repeat
    };
    doc.mark(at, use_);
    true
}

#[cfg(test)]
mod tests {
    use super::super::blocks::plain;
    use super::*;

    type Found = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<Side>,
        Option<String>,
    );

    fn rows(text: &str) -> Vec<Found> {
        let mut doc = Doc::new(plain(text));
        super::super::tables::extract(&mut doc);
        doc.drafts
            .iter()
            .filter_map(|d| match &d.body {
                Body::Row(row) => Some((
                    row.table.clone(),
                    row.feature.clone(),
                    row.tensorflow.printed(),
                    row.pytorch.printed(),
                    row.winner,
                    row.note.clone(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_tally_widget_is_one_row() {
        let r = rows(
            "Our verdict after a year of use.\n2\nTensorFlow Wins\n0\nTies\n4\nPyTorch Wins\n",
        );
        assert_eq!(
            r,
            [(
                TALLY_TABLE_NAME.into(),
                "Wins".into(),
                Some("2".into()),
                Some("4".into()),
                Some(Side::PyTorch),
                Some("0 Ties".into())
            )]
        );
        // Label first, the name after the win word, no ties.
        let r = rows("Wins: PyTorch\n3\nWins: TensorFlow\n5\n");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(
            (r[0].2.as_deref(), r[0].3.as_deref()),
            (Some("5"), Some("3"))
        );
        assert_eq!((r[0].4, r[0].5.as_deref()), (Some(Side::TensorFlow), None));
    }

    #[test]
    fn numbered_lines_that_count_no_wins_are_no_tally() {
        assert!(rows("1\nInstall\n2\nTrain\n3\nDeploy\n").is_empty());
        // One framework's wins alone, or a year, is no tally.
        assert!(rows("2\nTensorFlow Wins\n0\nTies\n").is_empty());
        let years = rows("2015\nTensorFlow Wins\n2016\nPyTorch Wins\n");
        assert!(years.iter().all(|r| r.0 != TALLY_TABLE_NAME), "{years:?}");
        assert!(rows("3\nPyTorch\nvs\n2\nTensorFlow\n").is_empty());
        assert_eq!(tally_label("TensorFlow Serving"), None);
        assert_eq!(
            tally_label("PT wins"),
            Some(Tally::Wins(Side::PyTorch, "wins".into()))
        );
    }

    #[test]
    fn a_total_line_closes_a_column_layout_in_its_order() {
        let r = rows(concat!(
            "Factor\nPyTorchRecommended\nTensorFlowWinner\n",
            "Speed\nfast\nslow\nDocs\ngood\nok\nTotal Score3/ 52/ 50 ties\n",
        ));
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(
            r[2],
            (
                "Comparison".into(),
                "Total Score".into(),
                Some("2/ 5".into()),
                Some("3/ 5".into()),
                Some(Side::PyTorch),
                Some("0 ties".into())
            )
        );
    }

    #[test]
    fn a_total_line_closes_line_per_cell_runs_and_pipe_tables() {
        let fives = rows(concat!(
            "Speed\nTensorFlow\nslow\nPyTorch\nfast\nDocs\nTensorFlow\nok\nPyTorch\ngood\n",
            "Total: 1/2 vs 1/2\n",
        ));
        assert_eq!(fives.len(), 3, "{fives:?}");
        assert_eq!(
            (fives[2].2.as_deref(), fives[2].4),
            (Some("1/2"), Some(Side::Tie))
        );
        let triples = rows(concat!(
            "Creator\nPyTorch Meta AI\nTensorFlow Google Brain\n",
            "Release\nPyTorch 2016\nTensorFlow 2015\nOverall 0/2 2/2\n",
        ));
        assert_eq!(triples.len(), 3, "{triples:?}");
        assert_eq!(
            (triples[2].2.as_deref(), triples[2].3.as_deref()),
            (Some("2/2"), Some("0/2"))
        );
        let table = rows(concat!(
            "| Criteria | TensorFlow | PyTorch |\n|---|---|---|\n| Speed | 5/10 | 9/10 |\n",
            "Total Score 0/ 11/ 1\n",
        ));
        assert_eq!(table.len(), 2, "{table:?}");
        assert_eq!(
            (table[1].2.as_deref(), table[1].3.as_deref(), table[1].4),
            (Some("0/ 1"), Some("1/ 1"), Some(Side::PyTorch))
        );
    }

    #[test]
    fn total_lines_read_glued_or_spaced() {
        let t = total_line("Total: 3/5 vs 2/5").expect("spaced");
        assert_eq!(
            (t.first.as_str(), t.second.as_str(), t.note),
            ("3/5", "2/5", None)
        );
        let t = total_line("Final Score 4/ 102/ 104 ties").expect("glued");
        assert_eq!((t.first.as_str(), t.second.as_str()), ("4/ 10", "2/ 10"));
        assert_eq!((t.note.as_deref(), t.counts), (Some("4 ties"), (4, 2)));
        let t = total_line("Overall 1/3 1/3 1 tie").expect("spaced ties");
        assert_eq!(t.note.as_deref(), Some("1 tie"));
        // Without fractions, over other denominators, or not adding up: no total.
        assert_eq!(total_line("Total cost of ownership is 30% lower"), None);
        assert_eq!(total_line("Total 8 and 6"), None);
        assert_eq!(total_line("Total 3/5 2/7"), None);
        assert_eq!(total_line("Total Score3/ 52/ 51 ties"), None);
        assert_eq!(total_line("Speed 3/5 2/5"), None);
        assert_eq!(total_line("Total 3/5 2/v5"), None);
        assert!(
            rows("Factor\nPyTorch\nTensorFlow\nSpeed\nfast\nslow\nDocs\ngood\nok\nTotal\n")
                .iter()
                .all(|r| r.1 != "Total")
        );
    }
}
