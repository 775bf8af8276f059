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

/// A short line that does not end like a sentence.
pub fn is_short_label(text: &str) -> bool {
    let t = text.trim();
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

/// Reads a plain-text article: one block per line, pipe rows as rows, bullets as items; in a
/// hard-wrapped article a line that fills the width goes on with the next one.
pub fn plain(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let width = wrap_width(&lines);
    let mut out: Vec<Block> = Vec::new();
    let mut joined = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
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
        joined = width.is_some_and(|w| raw.trim_end().chars().count() * 4 >= w * 3)
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

/// Reads a markdown article: headings, paragraphs (joined lines), list items and pipe rows,
/// with inline markup (`**`, `_`, `` ` ``, links, images) reduced to its text.
pub fn markdown(text: &str) -> (Vec<Block>, FrontMatter) {
    let lines: Vec<&str> = text.lines().collect();
    let mut front = FrontMatter::default();
    let mut start = 0;
    if lines.first().is_some_and(|l| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            for l in &lines[1..=end] {
                if let Some((k, v)) = l.split_once(':') {
                    let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
                    front.fields.push((k.trim().to_lowercase(), v));
                }
            }
            start = end + 2;
        }
    }
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
    fn headingish_is_short_and_unfinished() {
        assert!(is_short_label("Quick Comparison"));
        assert!(!is_short_label("This is a sentence."));
        assert!(!is_short_label(""));
    }
}
