//! The article as a list of text blocks (headings, paragraphs, list items, table rows), each
//! with the line it starts on. Markdown and plain text are read here; HTML in [`super::html`].
//! Every later stage quotes from these blocks, so their text is the article's text.

/// What a block is, as far as the layout says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading the markup marks as one (`#`, `<h2>`).
    Heading,
    /// A question the markup marks as one: a `<summary>` ending in "?", an FAQPage
    /// JSON-LD question. Its answer follows.
    Question,
    /// A paragraph, or one line of a plain-text article.
    Paragraph,
    /// A list item (`- `, `• `, `<li>`, `<dd>`).
    Item,
    /// A definition term (`<dt>`), the label of a label/value pair.
    Term,
    /// A table row: its cells, and whether it is the header row.
    Row { cells: Vec<String>, header: bool },
}

/// One block of the article.
#[derive(Debug, Clone)]
pub struct Block {
    /// 1-based line in the file the block starts on.
    pub line: usize,
    /// The block's text, whitespace-collapsed (cells joined with ` | ` for a row).
    pub text: String,
    /// What the layout says it is.
    pub kind: BlockKind,
}

impl Block {
    /// A block of `kind` with `text`, at `line`.
    pub fn new(line: usize, text: impl Into<String>, kind: BlockKind) -> Block {
        Block {
            line,
            text: text.into(),
            kind,
        }
    }

    /// The row cells, for a table row.
    pub fn cells(&self) -> Option<&[String]> {
        match &self.kind {
            BlockKind::Row { cells, .. } => Some(cells),
            _ => None,
        }
    }

    /// Whether the block is prose or a list item (not a heading or a table row).
    pub fn is_text(&self) -> bool {
        matches!(self.kind, BlockKind::Paragraph | BlockKind::Item)
    }

    /// Whether the block reads as a heading: marked as one, or a short line of a plain-text
    /// article that does not end a sentence.
    pub fn is_headingish(&self) -> bool {
        match self.kind {
            BlockKind::Heading | BlockKind::Question => true,
            BlockKind::Paragraph | BlockKind::Term => is_short_label(&self.text),
            _ => false,
        }
    }
}

/// Longest line that still reads as a heading or a label rather than prose.
const MAX_LABEL_CHARS: usize = 90;

/// `text` without a leading enumeration ("2. Deployment", "3) Community").
pub fn unnumbered(text: &str) -> &str {
    let t = text.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return t;
    }
    t[digits..]
        .strip_prefix(". ")
        .or_else(|| t[digits..].strip_prefix(") "))
        .map_or(t, str::trim_start)
}

/// A short line that does not end like a sentence (a leading "2. " is an enumeration).
pub fn is_short_label(text: &str) -> bool {
    let t = unnumbered(text.trim());
    !t.is_empty()
        && t.chars().count() <= MAX_LABEL_CHARS
        && !t.ends_with(['.', ',', ';', '!'])
        && !t.contains(". ")
}

/// Collapses every run of whitespace to one space and trims, as a browser renders text.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Bullet markers a plain-text or markdown list item starts with.
const BULLETS: [&str; 6] = ["- ", "* ", "• ", "+ ", "– ", "· "];

fn strip_bullet(line: &str) -> Option<&str> {
    for b in BULLETS {
        if let Some(rest) = line.strip_prefix(b) {
            return Some(rest.trim());
        }
    }
    if line == "-" || line == "•" {
        return Some("");
    }
    // "1. " and "1) " numbered items.
    let digits = line.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(r.trim());
        }
    }
    None
}

/// The cells of a pipe-table line, or None when the line is not one.
pub fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    // A row may lose its leading border ("Why… | |||" lines) but keeps its trailing one.
    let bordered = t.starts_with('|') || (t.ends_with('|') && t.matches('|').count() >= 2);
    if !bordered {
        return None;
    }
    let inner = t.trim_start_matches('|').trim_end_matches('|');
    Some(inner.split('|').map(|c| c.trim().to_string()).collect())
}

fn is_separator(cells: &[String]) -> bool {
    !cells.is_empty()
        && cells.iter().any(|c| c.contains('-'))
        && cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// "--- | :---:" without outer pipes: the separator under a bare markdown table's header.
fn is_bare_separator(line: &str) -> bool {
    line.contains('|')
        && line.contains('-')
        && line.chars().all(|c| matches!(c, '-' | ':' | '|' | ' '))
}

/// Longest line of a text article that can still be hard-wrapped: wrapped text keeps to a
/// width of about 72–80 columns; articles with longer lines put a paragraph on one line.
const MAX_WRAP_WIDTH: usize = 100;
/// Fewest lines near the width that make an article hard-wrapped rather than short-lined.
const MIN_WRAPPED_LINES: usize = 8;

/// The width a text article is hard-wrapped at, if it is: no line past
/// [`MAX_WRAP_WIDTH`] and enough lines near the longest.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let lengths: Vec<usize> = lines.iter().map(|l| l.trim_end().chars().count()).collect();
    let width = *lengths.iter().max()?;
    let near = lengths.iter().filter(|&&n| n * 4 >= width * 3).count();
    (width <= MAX_WRAP_WIDTH && near >= MIN_WRAPPED_LINES).then_some(width)
}

/// Shortest line read as cut by a wrap when the next line carries on in lowercase: shorter
/// lines are labels and cells ("Speed" over "fast").
const MIN_WRAPPED_CHARS: usize = 50;

/// Whether `line` was cut mid-sentence by a wrap and `next` carries it on: a long line that
/// ends no sentence, followed by one starting in lowercase.
fn carries_on(line: &str, next: Option<&&str>) -> bool {
    let next = next.map(|n| n.trim()).unwrap_or("");
    line.chars().count() >= MIN_WRAPPED_CHARS
        && !line.ends_with(['.', '!', '?', ':', ';'])
        && next.starts_with(char::is_lowercase)
}

/// The character offsets of a text table's columns, from its header line: cells parted by
/// two spaces or more, one of them each framework's name ("Feature   TensorFlow   PyTorch").
fn column_offsets(line: &str) -> Option<Vec<usize>> {
    let chars: Vec<char> = line.chars().collect();
    let mut starts = vec![0];
    for k in 2..chars.len() {
        if chars[k - 1] == ' ' && chars[k - 2] == ' ' && chars[k] != ' ' {
            starts.push(k);
        }
    }
    let cells = cut_at(line, &starts)?;
    let side = |s: versus_core::knowledge::Side| {
        cells
            .iter()
            .any(|c| super::sides::column_side(c) == Some(s))
    };
    let both = side(versus_core::knowledge::Side::TensorFlow)
        && side(versus_core::knowledge::Side::PyTorch);
    (starts.len() >= 3 && both).then_some(starts)
}

/// `line` cut into cells at `starts` (character offsets), when each cut falls on a space.
fn cut_at(line: &str, starts: &[usize]) -> Option<Vec<String>> {
    let chars: Vec<char> = line.chars().collect();
    let mut cells = Vec::new();
    for (n, &from) in starts.iter().enumerate() {
        let to = starts
            .get(n + 1)
            .copied()
            .unwrap_or(chars.len())
            .min(chars.len());
        if from > 0 && from < chars.len() && chars[from - 1] != ' ' {
            return None;
        }
        let cell: String = chars.get(from..to).unwrap_or_default().iter().collect();
        cells.push(cell.trim().to_string());
    }
    (cells.iter().filter(|c| !c.is_empty()).count() >= 2).then_some(cells)
}

/// A text table of columns aligned with spaces, from its header line at `at`: the rows, as
/// (line index, cells), header first, until a blank line or a line that does not fit.
fn aligned_table(lines: &[&str], at: usize) -> Option<Vec<(usize, Vec<String>)>> {
    let starts = column_offsets(lines[at].trim_end())?;
    let mut rows = vec![(at, cut_at(lines[at].trim_end(), &starts)?)];
    for (k, raw) in lines.iter().enumerate().skip(at + 1) {
        let Some(cells) = cut_at(raw.trim_end(), &starts).filter(|_| !raw.trim().is_empty()) else {
            break;
        };
        rows.push((k, cells));
    }
    (rows.len() > 1).then_some(rows)
}

/// Reads a plain-text article: one block per line, pipe rows as rows, columns aligned with
/// spaces under a header naming both frameworks as rows, bullets as items; a line cut by a
/// hard wrap goes on with the next one.
pub fn plain(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let width = wrap_width(&lines);
    let mut out: Vec<Block> = Vec::new();
    let mut joined = false;
    let mut table_end = 0;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if i < table_end {
            continue;
        }
        if line.is_empty() {
            joined = false;
            continue;
        }
        if let Some(rows) = aligned_table(&lines, i) {
            table_end = rows.last().map_or(i, |(k, _)| k + 1);
            for (n, (k, cells)) in rows.into_iter().enumerate() {
                let joined_cells = cells.join(" | ");
                let kind = BlockKind::Row {
                    cells,
                    header: n == 0,
                };
                out.push(Block::new(k + 1, joined_cells, kind));
            }
            joined = false;
            continue;
        }
        let starts_block = pipe_cells(line).is_some() || strip_bullet(line).is_some();
        if joined && !starts_block {
            if let Some(last) = out.last_mut() {
                last.text = collapse(&format!("{} {line}", last.text));
            }
        } else {
            push_line(&mut out, i + 1, line, line);
        }
        // A line as wide as the text was cut by the wrap, not ended by its writer.
        let full = width.is_some_and(|w| raw.trim_end().chars().count() * 4 >= w * 3);
        joined = (full || carries_on(line, lines.get(i + 1)))
            && pipe_cells(line).is_none()
            && out.last().is_some_and(|b| b.is_text());
    }
    out
}

/// Adds one line as a block: a pipe row (a separator marks the row before it as the header),
/// a list item, or a paragraph with `text`.
fn push_line(out: &mut Vec<Block>, line_no: usize, line: &str, text: &str) {
    if let Some(cells) = pipe_cells(line) {
        if is_separator(&cells) {
            if let Some(Block {
                kind: BlockKind::Row { header, .. },
                ..
            }) = out.last_mut()
            {
                *header = true;
            }
            return;
        }
        let joined = cells.join(" | ");
        out.push(Block::new(
            line_no,
            joined,
            BlockKind::Row {
                cells,
                header: false,
            },
        ));
        return;
    }
    match strip_bullet(line) {
        Some("") => {}
        Some(item) => out.push(Block::new(line_no, item, BlockKind::Item)),
        None => out.push(Block::new(line_no, text, BlockKind::Paragraph)),
    }
}

/// What a markdown file says about itself in its front matter.
#[derive(Debug, Default, Clone)]
pub struct FrontMatter {
    /// `key: value` pairs, keys lowercased.
    pub fields: Vec<(String, String)>,
}

impl FrontMatter {
    /// The value of the first of `keys` present.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.fields
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        })
    }
}

/// The YAML front matter between `---` lines at the top, and the line after it.
fn front_matter(lines: &[&str]) -> (FrontMatter, usize) {
    let mut front = FrontMatter::default();
    if lines.first().is_none_or(|l| l.trim() != "---") {
        return (front, 0);
    }
    let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") else {
        return (front, 0);
    };
    for l in &lines[1..=end] {
        if let Some((k, v)) = l.split_once(':') {
            let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
            front.fields.push((k.trim().to_lowercase(), v));
        }
    }
    (front, end + 2)
}

/// Reads a markdown article: headings, paragraphs (joined lines), list items and pipe rows,
/// with inline markup (`**`, `_`, `` ` ``, links, images) reduced to its text.
pub fn markdown(text: &str) -> (Vec<Block>, FrontMatter) {
    let lines: Vec<&str> = text.lines().collect();
    let (front, start) = front_matter(&lines);
    let mut out: Vec<Block> = Vec::new();
    let mut para: Option<(usize, String)> = None;
    let mut in_code = false;
    // Inside a table written without outer pipes ("A | B" over "--- | ---").
    let mut bare_table = false;
    // The last block pushed is a list item or quote line a wrapped line may continue.
    let mut open: Option<BlockKind> = None;
    let flush = |out: &mut Vec<Block>, para: &mut Option<(usize, String)>| {
        if let Some((line, text)) = para.take() {
            let text = collapse(&text);
            if !text.is_empty() {
                out.push(Block::new(line, text, BlockKind::Paragraph));
            }
        }
    };
    for (i, raw) in lines.iter().enumerate().skip(start) {
        let line_no = i + 1;
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            flush(&mut out, &mut para);
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with("<!--") {
            continue;
        }
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        if line.contains('|')
            && pipe_cells(line).is_none()
            && (bare_table || is_bare_separator(next))
        {
            flush(&mut out, &mut para);
            bare_table = true;
            let cells: Vec<String> = line.split('|').map(|c| inline(c.trim())).collect();
            push_line(&mut out, line_no, &format!("| {} |", cells.join(" | ")), "");
            continue;
        }
        bare_table = false;
        if line.is_empty() || line.chars().all(|c| c == '-' || c == '*' || c == '_') {
            flush(&mut out, &mut para);
            open = None;
            continue;
        }
        if continues(open.as_ref(), line) {
            // A hard-wrapped item or quote: the line goes on the block above it.
            let inner = line.trim_start_matches('>').trim();
            if let Some(last) = out.last_mut() {
                last.text = collapse(&format!("{} {}", last.text, inline(inner)));
            }
            continue;
        }
        open = None;
        if line.starts_with('#') {
            flush(&mut out, &mut para);
            let heading = inline(line.trim_start_matches('#').trim());
            if !heading.is_empty() {
                out.push(Block::new(line_no, heading, BlockKind::Heading));
            }
            continue;
        }
        if pipe_cells(line).is_some() || strip_bullet(line).is_some() || line.starts_with('>') {
            flush(&mut out, &mut para);
            let line = line.trim_start_matches('>').trim();
            let cleaned = match pipe_cells(line) {
                Some(cells) => {
                    let cells: Vec<String> = cells.iter().map(|c| inline(c)).collect();
                    format!("| {} |", cells.join(" | "))
                }
                None => match strip_bullet(line) {
                    Some(item) => format!("- {}", inline(item)),
                    None => inline(line),
                },
            };
            let text = cleaned.clone();
            let before = out.len();
            push_line(&mut out, line_no, &cleaned, &text);
            open = out[before..].last().map(|b| match b.kind {
                BlockKind::Item => BlockKind::Item,
                _ if raw.trim_start().starts_with('>') => BlockKind::Paragraph,
                _ => BlockKind::Heading,
            });
            continue;
        }
        match &mut para {
            Some((_, text)) => {
                text.push(' ');
                text.push_str(&inline(line));
            }
            None => para = Some((line_no, inline(line))),
        }
    }
    flush(&mut out, &mut para);
    (out, front)
}

/// Whether `line` continues the item or quote line above it (`open`): a plain line under an
/// item, or a quote line under a quote line, that starts no block of its own.
fn continues(open: Option<&BlockKind>, line: &str) -> bool {
    let starts_block = |l: &str| {
        l.starts_with('#') || pipe_cells(l).is_some() || strip_bullet(l).is_some() || l.is_empty()
    };
    match open {
        Some(BlockKind::Item) => !line.starts_with('>') && !starts_block(line),
        Some(BlockKind::Paragraph) => {
            line.starts_with('>') && !starts_block(line.trim_start_matches('>').trim())
        }
        _ => false,
    }
}

/// Markdown inline markup reduced to the text a reader sees.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '!' if chars.get(i + 1) == Some(&'[') => {
                // An image: its alt text is not article text.
                if let Some(end) = link_end(&chars, i + 1) {
                    i = end;
                    continue;
                }
                out.push(c);
            }
            '[' => {
                if let Some(close) = chars[i + 1..].iter().position(|&ch| ch == ']') {
                    let close = i + 1 + close;
                    if chars.get(close + 1) == Some(&'(') {
                        if let Some(end) = link_end(&chars, i) {
                            out.extend(&chars[i + 1..close]);
                            i = end;
                            continue;
                        }
                    }
                }
                out.push(c);
            }
            '*' | '`' => {}
            '_' if is_emphasis_underscore(&chars, i) => {}
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 1;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    collapse(&out)
}

/// An underscore that opens or closes emphasis: at a word edge, not inside `snake_case`.
fn is_emphasis_underscore(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(i + 1).copied();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    !(word(before) && word(after))
}

/// The index just past `[text](url)` starting at `open`.
fn link_end(chars: &[char], open: usize) -> Option<usize> {
    let close = open + chars[open..].iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 1 + chars[close + 1..].iter().position(|&c| c == ')')?;
    Some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_become_rows_items_and_paragraphs() {
        let b = plain(
            "Title\n| F | TensorFlow | PyTorch |\n|---|---|---|\n| A | x | y |\n  • One\n\nText.\n",
        );
        assert_eq!(b.len(), 5);
        assert_eq!(
            b[1].kind,
            BlockKind::Row {
                cells: vec!["F".into(), "TensorFlow".into(), "PyTorch".into()],
                header: true
            }
        );
        assert_eq!(b[2].line, 4);
        assert_eq!(b[3].kind, BlockKind::Item);
        assert_eq!(b[3].text, "One");
        assert_eq!(b[4].line, 7);
    }

    #[test]
    fn markdown_joins_paragraphs_and_drops_markup() {
        let (b, front) = markdown("---\ntitle: \"T\"\n---\n# Head\n\nSome **bold** and\n[a link](http://x) `code`.\n\n- item _one_\n");
        assert_eq!(front.get(&["title"]), Some("T"));
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(b[1].text, "Some bold and a link code.");
        assert_eq!(b[1].line, 6);
        assert_eq!(b[2].text, "item one");
        assert_eq!(inline("snake_case_name"), "snake_case_name");
        let (t, _) = markdown("Task | TensorFlow | PyTorch\n--- | --- | ---\nMobile | LiteRT | ExecuTorch\n\nAfter.\n");
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(matches!(&t[0].kind, BlockKind::Row { header: true, .. }));
        assert_eq!(t[1].cells().unwrap()[2], "ExecuTorch");
        assert_eq!(inline("![logo](x.png) hi"), "hi");
    }

    #[test]
    fn text_tables_aligned_with_spaces_and_hard_wrapped_lines() {
        let b = plain(concat!(
            "Feature          TensorFlow                 PyTorch\n",
            "Embedding tables TensorFlow Recommenders    TorchRec, sharded\n",
            "Serving          TF Serving                 TorchServe\n",
            "\n",
            "We rewrote the training stack in both frameworks to compare them\n",
            "properly before committing.\nSpeed\nfast\n",
        ));
        assert_eq!(b.len(), 6, "{b:?}");
        assert!(matches!(&b[0].kind, BlockKind::Row { header: true, .. }));
        assert_eq!(
            b[1].cells().unwrap(),
            [
                "Embedding tables",
                "TensorFlow Recommenders",
                "TorchRec, sharded"
            ]
        );
        assert_eq!(b[3].line, 5);
        assert!(b[3]
            .text
            .ends_with("compare them properly before committing."));
        assert_eq!((b[4].text.as_str(), b[5].text.as_str()), ("Speed", "fast"));
    }

    #[test]
    fn headingish_is_short_and_unfinished() {
        assert!(is_short_label("Quick Comparison"));
        assert!(!is_short_label("This is a sentence."));
        assert!(!is_short_label(""));
    }
}
