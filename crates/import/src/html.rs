//! A saved HTML page as text blocks, through a real HTML5 parser (`scraper`): the page's
//! furniture (scripts, styles, navigation, headers, footers, asides, forms, cookie banners,
//! newsletter boxes, share bars, hidden elements) is dropped before any text is read.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::blocks::{collapse, Block, BlockKind};

/// Elements whose content is never article text.
const DROPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "input", "textarea", "object", "embed", "canvas",
    "dialog", "menu", "head", "title", "meta", "link",
];

/// Class or id words (split on `-`/`_`) that mark page furniture rather than the article.
const FURNITURE_WORDS: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "banner",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "promo",
    "popup",
    "modal",
    "share",
    "sharing",
    "social",
    "breadcrumb",
    "breadcrumbs",
    "related",
    "comments",
    "comment",
    "sidebar",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "header",
    "masthead",
    "sponsored",
    "sponsor",
    "cta",
    "toc",
    "skip",
];

/// Elements whose class or id can mark them as furniture.
const CLASS_CHECKED_TAGS: &[&str] = &[
    "div", "section", "aside", "ul", "ol", "dl", "p", "figure", "span", "li", "a", "details",
];

/// ARIA roles of furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
];

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "caption",
    "ul",
    "ol",
    "dl",
    "address",
    "details",
    "summary",
    "hr",
    "body",
    "html",
    "center",
    "fieldset",
];

/// Class or id words of a box that holds the article's own words (a verdict callout, a
/// "key takeaways" box): kept even as an `<aside>`.
const CALLOUT_WORDS: &[&str] = &[
    "callout",
    "verdict",
    "recommendation",
    "recommendations",
    "takeaway",
    "takeaways",
    "tldr",
    "summary",
    "note",
    "tip",
    "highlight",
    "conclusion",
    "bottom",
];

/// The class and id words of an element, lowercased, split on `-` and `_`.
fn class_words(el: &scraper::node::Element) -> Vec<String> {
    el.attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .flat_map(|v| v.split_whitespace())
        .flat_map(|token| token.split(['-', '_']))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// An `<aside>` or box that is a callout of the article, not the page's sidebar.
fn is_callout(el: &scraper::node::Element) -> bool {
    let words = class_words(el);
    words.iter().any(|w| CALLOUT_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| FURNITURE_WORDS.contains(&w.as_str()))
}

/// Whether an element is furniture to drop with everything inside it.
pub fn is_furniture(el: &scraper::node::Element) -> bool {
    if el.name() == "aside" && is_callout(el) {
        return false;
    }
    if DROPPED_TAGS.contains(&el.name()) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    if el.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return true;
    }
    // Class and id words mark furniture only on containers: a `market-share` cell or a
    // `has-sidebar` body is content.
    if !CLASS_CHECKED_TAGS.contains(&el.name()) {
        return false;
    }
    class_words(el)
        .iter()
        .any(|word| FURNITURE_WORDS.contains(&word.as_str()))
}

/// The blocks of a page's article text, with the line in `source` each starts on.
pub fn blocks(doc: &Html, source: &str) -> Vec<Block> {
    let root = article_root(doc);
    let mut walker = Walker::default();
    walker.walk(*root);
    walker.flush(BlockKind::Paragraph);
    locate(&mut walker.out, source);
    walker.out
}

/// `<main>`, else the first `<article>`, else `<body>`: where the article is.
fn article_root(doc: &Html) -> ElementRef<'_> {
    for name in ["main", "article", "body"] {
        let found = doc
            .root_element()
            .descendent_elements()
            .find(|e| e.value().name() == name && !has_furniture_ancestor(*e));
        if let Some(e) = found {
            return e;
        }
    }
    doc.root_element()
}

fn has_furniture_ancestor(e: ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| is_furniture(a.value()))
}

#[derive(Default)]
struct Walker {
    out: Vec<Block>,
    buf: String,
}

impl Walker {
    fn flush(&mut self, kind: BlockKind) {
        let text = collapse(&self.buf);
        self.buf.clear();
        if !text.is_empty() {
            self.out.push(Block::new(0, text, kind));
        }
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.buf.push_str(t),
                Node::Element(el) => {
                    if is_furniture(el) {
                        continue;
                    }
                    self.element(child, el.name());
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, node: NodeRef<'_, Node>, name: &str) {
        match name {
            "table" => {
                self.flush(BlockKind::Paragraph);
                self.table(node);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" => {
                self.flush(BlockKind::Paragraph);
                self.buf = inline_text(node);
                // A `<summary>` names what its `<details>` holds: a question, or a title.
                let kind = if name == "summary" && self.buf.trim_end().ends_with('?') {
                    BlockKind::Question
                } else {
                    BlockKind::Heading
                };
                self.flush(kind);
            }
            "li" | "dd" | "dt" => {
                self.flush(BlockKind::Paragraph);
                self.buf = inline_text(node);
                let kind = if name == "dt" {
                    BlockKind::Term
                } else {
                    BlockKind::Item
                };
                self.flush(kind);
                // Nested lists and tables inside the item come after its own text.
                for child in node.children() {
                    if let Some(el) = child.value().as_element() {
                        if matches!(el.name(), "ul" | "ol" | "dl" | "table") && !is_furniture(el) {
                            self.element(child, el.name());
                        }
                    }
                }
            }
            "br" => self.flush(BlockKind::Paragraph),
            n if BLOCK_TAGS.contains(&n) => {
                self.flush(BlockKind::Paragraph);
                self.walk(node);
                self.flush(BlockKind::Paragraph);
            }
            _ => self.walk(node),
        }
    }

    fn table(&mut self, node: NodeRef<'_, Node>) {
        let table = ElementRef::wrap(node).expect("a table node is an element");
        // The caption names the table: it stands before the rows as their heading.
        if let Some(caption) = table
            .child_elements()
            .find(|c| c.value().name() == "caption")
        {
            self.buf = inline_text(*caption);
            self.flush(BlockKind::Heading);
        }
        let start = self.out.len();
        let mut first = true;
        let mut spans = Spans::default();
        for row in table
            .descendent_elements()
            .filter(|e| e.value().name() == "tr")
        {
            // Rows of a table nested in a cell belong to that inner table only.
            let owner = row
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table");
            if owner.map(|o| o.id()) != Some(table.id()) || has_furniture_between(row, table) {
                continue;
            }
            let cells: Vec<ElementRef<'_>> = row
                .child_elements()
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            if cells.is_empty() {
                continue;
            }
            let in_head = row
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "thead");
            let all_th = cells.iter().all(|c| c.value().name() == "th");
            let header = in_head || (first && all_th);
            first = false;
            let texts = spans.row(&cells);
            let joined = texts.join(" | ");
            self.out.push(Block::new(
                0,
                joined,
                BlockKind::Row {
                    cells: texts,
                    header,
                },
            ));
        }
        // A table without <th> or <thead> still starts with its header row.
        let has_header = self.out[start..]
            .iter()
            .any(|b| matches!(b.kind, BlockKind::Row { header: true, .. }));
        if !has_header {
            if let Some(Block {
                kind: BlockKind::Row { header, .. },
                ..
            }) = self.out.get_mut(start)
            {
                *header = true;
            }
        }
    }
}

/// Most rows or columns one cell is read as spanning: real tables merge a few; a hostile page
/// must not make one cell into thousands.
const MAX_SPAN: usize = 32;

/// Cells carried down from a `rowspan` above, by column: the text and the rows still to fill.
#[derive(Default)]
struct Spans {
    pending: Vec<Option<(String, usize)>>,
}

impl Spans {
    /// The texts of one row with merged cells filled in: a `rowspan` cell repeats in the rows
    /// below it and a `colspan` cell in each column it covers, so every row has every column.
    fn row(&mut self, cells: &[ElementRef<'_>]) -> Vec<String> {
        let span = |c: &ElementRef<'_>, attr: &str| {
            c.value()
                .attr(attr)
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_SPAN)
        };
        let mut out: Vec<String> = Vec::new();
        // A lone cell across the row is a section heading ("Deployment"), not one per column.
        let lone = cells.len() == 1 && self.pending.iter().all(Option::is_none);
        if lone {
            return vec![inline_text(*cells[0])];
        }
        let mut cells = cells.iter();
        loop {
            let col = out.len();
            if let Some(Some((text, left))) = self.pending.get_mut(col) {
                out.push(text.clone());
                *left -= 1;
                if *left == 0 {
                    self.pending[col] = None;
                }
                continue;
            }
            let Some(c) = cells.next() else {
                break;
            };
            let text = inline_text(**c);
            let (rows, cols) = (span(c, "rowspan"), span(c, "colspan"));
            for k in col..col + cols {
                out.push(text.clone());
                if rows > 1 {
                    if self.pending.len() <= k {
                        self.pending.resize(k + 1, None);
                    }
                    self.pending[k] = Some((text.clone(), rows - 1));
                }
            }
        }
        out
    }
}

fn has_furniture_between(row: ElementRef<'_>, table: ElementRef<'_>) -> bool {
    row.ancestors()
        .take_while(|a| a.id() != table.id())
        .filter_map(ElementRef::wrap)
        .any(|a| is_furniture(a.value()))
}

/// The visible text inside `node`, furniture and nested lists left out, whitespace collapsed.
fn inline_text(node: NodeRef<'_, Node>) -> String {
    fn collect(node: NodeRef<'_, Node>, out: &mut String) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(el) => {
                    if is_furniture(el) || matches!(el.name(), "ul" | "ol" | "dl" | "table") {
                        continue;
                    }
                    if el.name() == "br" {
                        out.push(' ');
                    }
                    collect(child, out);
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    collect(node, &mut out);
    collapse(&out)
}

/// Longest prefix of a block's text searched for in the page source to find its line.
const LOCATE_PREFIX_CHARS: usize = 24;
/// Shortest prefix worth searching for: shorter ones match anywhere.
const LOCATE_MIN_CHARS: usize = 4;

/// Sets each block's line: where its first plain words stand in the page source, searched in
/// document order. Entities or markup inside those words leave it at the line before.
fn locate(blocks: &mut [Block], source: &str) {
    let newlines: Vec<usize> = source
        .bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
        .collect();
    let mut cursor = 0;
    let mut line = 1;
    for block in blocks {
        let needle: String = block
            .text
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == ' ')
            .take(LOCATE_PREFIX_CHARS)
            .collect();
        let needle = needle.trim_end();
        if needle.chars().count() >= LOCATE_MIN_CHARS {
            if let Some(pos) = source[cursor..].find(needle) {
                let at = cursor + pos;
                line = newlines.partition_point(|&n| n < at) + 1;
                cursor = at;
            }
        }
        block.line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Vec<Block> {
        let source = format!(
            "<html><head><title>T</title><style>p{{}}</style></head><body>{body}</body></html>"
        );
        blocks(&Html::parse_document(&source), &source)
    }

    #[test]
    fn furniture_is_dropped() {
        let b = page(
            "<nav>Home Blog</nav><div class=\"cookie-banner\">We use cookies</div>\
             <p>Real text.</p><script>var x = 1;</script>\
             <div id=\"newsletter\">Subscribe now</div><footer>© 2026</footer>\
             <aside>Related</aside><p hidden>secret</p>",
        );
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Real text."]);
    }

    #[test]
    fn headings_items_and_tables_become_blocks() {
        let b = page(
            "<main><h2>Compare</h2><table><thead><tr><th>Feature</th><th>TensorFlow</th>\
             <th>PyTorch</th></tr></thead><tbody><tr><td>Mobile</td><td>LiteRT &amp; more</td>\
             <td>ExecuTorch</td></tr></tbody></table><ul><li><b>Best for:</b> apps</li></ul>\
             <dl><dt>Speed</dt><dd>fast</dd></dl></main>",
        );
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(
            b[1].kind,
            BlockKind::Row {
                cells: vec!["Feature".into(), "TensorFlow".into(), "PyTorch".into()],
                header: true
            }
        );
        assert_eq!(b[2].cells().unwrap()[1], "LiteRT & more");
        assert_eq!(b[3].text, "Best for: apps");
        assert_eq!(b[3].kind, BlockKind::Item);
        assert_eq!(b[4].kind, BlockKind::Term);
        assert_eq!(b[5].text, "fast");
    }

    #[test]
    fn class_words_drop_containers_only_and_plain_tables_get_a_header() {
        let source = "<html><body class=\"has-sidebar\"><table><tr><td>Metric</td><td>TensorFlow</td>\
             <td>PyTorch</td></tr><tr><td class=\"market-share\">Share</td><td>40%</td><td>60%</td></tr>\
             </table></body></html>";
        let b = blocks(&Html::parse_document(source), source);
        assert_eq!(b.len(), 2);
        assert!(matches!(b[0].kind, BlockKind::Row { header: true, .. }));
        assert_eq!(b[1].cells().unwrap()[0], "Share");
    }

    #[test]
    fn a_caption_heads_its_table() {
        let b = page(
            "<table><caption>Head to head</caption><tr><td>F</td><td>TensorFlow</td></tr></table>",
        );
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(b[0].text, "Head to head");
        assert!(matches!(b[1].kind, BlockKind::Row { header: true, .. }));
    }

    #[test]
    fn blocks_know_their_source_line() {
        let source = "<html><body>\n<p>First para</p>\n\n<p>Second para</p>\n</body></html>";
        let b = blocks(&Html::parse_document(source), source);
        assert_eq!(b[0].line, 2);
        assert_eq!(b[1].line, 4);
    }
}
