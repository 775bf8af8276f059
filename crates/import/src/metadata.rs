//! The article's title, publisher and date, read from the page's `<title>` and meta tags,
//! from markdown front matter, or from lines such as "Updated 2026-10-02" and
//! "Published September 14, 2026".

use scraper::{Html, Selector};

use super::blocks::FrontMatter;
use super::doc::{Doc, Use};

/// What the article says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The article's own title.
    pub title: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// The date it states (YYYY-MM-DD, YYYY-MM or YYYY).
    pub date: Option<String>,
    /// Who wrote it: the publisher where the article names no other.
    pub author: Option<String>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words before a date that say it is the article's own date, most telling first.
const DATE_MARKERS: [&str; 7] = [
    "last updated",
    "updated",
    "published",
    "posted",
    "as of",
    "date:",
    "modified",
];

/// The first date in `text`: ISO (`2026-10-02`), "September 14, 2026", "14 September 2026"
/// or "September 2026", as YYYY-MM-DD or YYYY-MM.
pub fn date_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(iso) = iso_date(w) {
            return Some(iso);
        }
        let Some(month) = month_of(w) else {
            continue;
        };
        let next = words.get(i + 1).copied().unwrap_or("");
        let after = words.get(i + 2).copied().unwrap_or("");
        if let (Some(day), Some(year)) = (day_of(next), year_of(after)) {
            return Some(format!("{year}-{month:02}-{day:02}"));
        }
        if let Some(year) = year_of(next) {
            let before = i.checked_sub(1).and_then(|j| day_of(words[j]));
            return Some(match before {
                Some(day) => format!("{year}-{month:02}-{day:02}"),
                None => format!("{year}-{month:02}"),
            });
        }
    }
    None
}

fn iso_date(word: &str) -> Option<String> {
    let w = word.trim_matches(|c: char| !c.is_ascii_digit());
    let head = w.get(..10)?;
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    if !ok {
        return None;
    }
    let month: u32 = head[5..7].parse().ok()?;
    let day: u32 = head[8..10].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| head.to_string())
}

fn month_of(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| m.starts_with(&w)).map(|i| i + 1)
}

fn day_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ')']);
    let y: u32 = w.parse().ok()?;
    (w.len() == 4 && (1990..=2100).contains(&y)).then_some(y)
}

/// A four-digit year standing in a title ("… in 2026").
fn year_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| year_of(w).is_some())
        .map(str::to_string)
}

/// The date a line gives for the article, when a marker ("Updated", "Published") says so.
/// Returns the marker's rank (lower is more telling) with the date.
fn marked_date(text: &str) -> Option<(usize, String)> {
    let lower = text.to_lowercase();
    DATE_MARKERS.iter().enumerate().find_map(|(rank, m)| {
        let at = lower.find(m)?;
        date_in(&lower[at..]).map(|d| (rank, d))
    })
}

/// Longest line read as a byline or date line; longer ones are prose.
const MAX_META_LINE_CHARS: usize = 160;

/// Reads metadata from the blocks of a text or markdown article, marking the lines it used.
pub fn from_blocks(doc: &mut Doc, front: &FrontMatter) -> Metadata {
    let mut meta = Metadata {
        title: front.get(&["title"]).map(str::to_string),
        publisher: front
            .get(&["publisher", "site", "site_name", "source"])
            .map(str::to_string),
        date: front
            .get(&["updated", "last_modified", "modified", "date", "published"])
            .and_then(date_in),
        author: front.get(&["author", "authors", "by"]).map(str::to_string),
    };
    if meta.title.is_none() {
        meta.title = title_line(doc);
    }
    let mut best: Option<(usize, String, usize)> = None;
    let mut bylines = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        if b.text.chars().count() > MAX_META_LINE_CHARS || !doc.free(i) {
            continue;
        }
        if let Some((rank, date)) = marked_date(&b.text) {
            if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                best = Some((rank, date, i));
            }
        }
        let (publisher, author) = byline(&b.text, i < MAX_BYLINE_BLOCK);
        if publisher.is_some() || author.is_some() {
            bylines.push(i);
        }
        if let Some(p) = publisher {
            meta.publisher.get_or_insert(p);
        }
        if let Some(a) = author {
            meta.author.get_or_insert(a);
        }
    }
    for i in bylines {
        doc.mark(i, Use::Metadata);
    }
    if let Some((_, date, i)) = best {
        meta.date.get_or_insert(date);
        // A line that is only a date or byline says nothing else; one with more keeps it.
        if doc.blocks[i].text.chars().count() < 60 {
            doc.mark(i, Use::Metadata);
        }
    }
    if meta.date.is_none() {
        meta.date = meta.title.as_deref().and_then(year_in);
    }
    meta
}

/// The first short line naming both frameworks with "vs", or the first heading.
fn title_line(doc: &mut Doc) -> Option<String> {
    let vs = |t: &str| {
        let l = t.to_lowercase();
        (l.contains(" vs") || l.contains(" versus ")) && super::sides::mentioned(t).len() == 2
    };
    let found = doc.blocks.iter().enumerate().position(|(i, b)| {
        doc.free(i)
            && b.text.chars().count() <= 100
            && !b.text.ends_with('.')
            && b.cells().is_none()
            && vs(&b.text)
    });
    let found = found.or_else(|| {
        doc.blocks
            .iter()
            .position(|b| b.kind == super::blocks::BlockKind::Heading)
    })?;
    doc.mark(found, Use::Metadata);
    Some(doc.blocks[found].text.clone())
}

/// Bylines of dated parts are read only this near the top of the article: further down, "X ·
/// October 2024" is a release line, not who published it.
const MAX_BYLINE_BLOCK: usize = 12;
/// Longest part of a byline read as a name.
const MAX_NAME_CHARS: usize = 60;
/// Most words in a name ("The Gradient Ledger", "Jane Q. Doe").
const MAX_NAME_WORDS: usize = 6;
/// What separates the parts of a byline: "By Jane Doe · Tensor Times · Updated 2026-10-02".
const BYLINE_SEPARATORS: &[char] = &['·', '|', '—', '–', '•'];

/// Whether `text` reads as a name: short, capitalised, no sentence and no date in it.
fn is_name(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= MAX_NAME_CHARS
        && t.split_whitespace().count() <= MAX_NAME_WORDS
        && t.starts_with(char::is_uppercase)
        && super::sides::mentioned(t).is_empty()
        && !t.ends_with(['.', '!', '?', ':'])
        && date_in(t).is_none()
        && marked_date(t).is_none()
}

/// The publisher and author a byline names: "Published by X", "Publisher: X", "By Jane Doe
/// for X", and a dated line of parts ("Tensor Times · Updated 2026-10-02", "By Jane Doe |
/// Deep Weekly | September 14, 2026") where a part that is a name and no "By" is the publisher.
fn byline(text: &str, near_top: bool) -> (Option<String>, Option<String>) {
    let t = text.trim();
    for prefix in [
        "Published by ",
        "Publisher: ",
        "Publisher ",
        "Publication: ",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            return (Some(name_part(rest)), None);
        }
    }
    let parts: Vec<&str> = t.split(BYLINE_SEPARATORS).map(str::trim).collect();
    let dated = marked_date(t).is_some() || date_in(t).is_some();
    fn by(p: &str) -> Option<&str> {
        ["By ", "by ", "Written by ", "Words by "]
            .iter()
            .find_map(|b| p.strip_prefix(b))
            .map(str::trim)
    }
    if !dated && by(parts[0]).is_none() {
        return (None, None);
    }
    let mut publisher = None;
    let mut author = None;
    for part in &parts {
        // "Published March 3, 2026 by Omar Haddad at Quant Notes": the byline mid-part.
        let inner = part.find(" by ").map(|at| &part[at + 1..]);
        if let Some(rest) = by(part).or_else(|| inner.and_then(by)) {
            match rest.split_once(" for ").or_else(|| rest.split_once(" at ")) {
                Some((who, outlet)) => {
                    author.get_or_insert(name_part(who));
                    publisher.get_or_insert(name_part(outlet));
                }
                None if is_name(rest) => {
                    author.get_or_insert(rest.to_string());
                }
                None => {}
            }
        } else if near_top && parts.len() > 1 && is_name(part) {
            publisher.get_or_insert(part.to_string());
        }
    }
    (publisher, author)
}

/// The name at the start of `text`, up to a separator or a date.
fn name_part(text: &str) -> String {
    let end = text.find([',', '·', '|', '—', '–']).unwrap_or(text.len());
    text[..end].trim().trim_end_matches('.').to_string()
}

/// Deepest nesting of JSON-LD objects searched: publishers nest a few levels (`@graph`,
/// `mainEntity`); a hostile page must not make the search deep.
const MAX_LD_DEPTH: usize = 8;
/// JSON-LD types that describe the article itself.
const LD_ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "TechArticle",
    "Report",
    "ScholarlyArticle",
];

/// Every JSON-LD object on the page, those inside arrays and `@graph` included.
pub fn ld_objects(doc: &Html) -> Vec<serde_json::Value> {
    fn walk(v: &serde_json::Value, depth: usize, out: &mut Vec<serde_json::Value>) {
        if depth > MAX_LD_DEPTH {
            return;
        }
        match v {
            serde_json::Value::Array(items) => {
                for item in items {
                    walk(item, depth + 1, out);
                }
            }
            serde_json::Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    walk(graph, depth + 1, out);
                }
                out.push(v.clone());
            }
            _ => {}
        }
    }
    let Ok(sel) = Selector::parse("script[type=\"application/ld+json\"]") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&sel) {
        let text: String = script.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) {
            walk(&v, 0, &mut out);
        }
    }
    out
}

/// Whether a JSON-LD object's `@type` is one of `types`.
pub fn ld_is(v: &serde_json::Value, types: &[&str]) -> bool {
    match v.get("@type") {
        Some(serde_json::Value::String(t)) => types.contains(&t.as_str()),
        Some(serde_json::Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    }
}

/// A JSON-LD value as text: a string, or the `name` of an object (the first of a list).
pub fn ld_text(v: Option<&serde_json::Value>) -> Option<String> {
    let text = match v? {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(m) => m.get("name")?.as_str()?.to_string(),
        serde_json::Value::Array(items) => return ld_text(items.first()),
        _ => return None,
    };
    // Values may carry markup (`<p>…</p>`): the text a reader sees.
    let fragment = Html::parse_fragment(&text);
    let plain = super::blocks::collapse(&fragment.root_element().text().collect::<String>());
    (!plain.is_empty()).then_some(plain)
}

/// Title, publisher and date from the page's JSON-LD `Article` (or `BlogPosting`, …).
fn from_ld(doc: &Html) -> Metadata {
    let objects = ld_objects(doc);
    let Some(article) = objects.iter().find(|v| ld_is(v, LD_ARTICLE_TYPES)) else {
        return Metadata::default();
    };
    let date = ["dateModified", "datePublished", "dateCreated"]
        .iter()
        .find_map(|k| ld_text(article.get(*k)).and_then(|d| date_in(&d)));
    Metadata {
        title: ld_text(article.get("headline")).or_else(|| ld_text(article.get("name"))),
        publisher: ld_text(article.get("publisher")),
        date,
        author: ld_text(article.get("author")),
    }
}

/// Reads metadata from a parsed page: meta tags and JSON-LD first, then `<h1>`, `<title>`,
/// `<time>`, and the author where no publisher is named.
pub fn from_html(doc: &Html) -> Metadata {
    let meta = |attr: &str, names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| {
            let sel = Selector::parse(&format!("meta[{attr}=\"{n}\"]")).ok()?;
            doc.select(&sel)
                .find_map(|e| e.value().attr("content"))
                .map(super::blocks::collapse)
                .filter(|s| !s.is_empty())
        })
    };
    let first_text = |css: &str| -> Option<String> {
        let sel = Selector::parse(css).ok()?;
        doc.select(&sel)
            .map(|e| super::blocks::collapse(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };
    let ld = from_ld(doc);
    let title = meta("property", &["og:title"])
        .or(meta("name", &["twitter:title", "dc.title"]))
        .or(ld.title)
        .or_else(|| first_text("h1"))
        .or_else(|| first_text("title"));
    let publisher = meta("property", &["og:site_name"])
        .or_else(|| meta("name", &["publisher", "application-name", "dc.publisher"]))
        .or(ld.publisher);
    let author = meta("name", &["author", "dc.creator"])
        .or_else(|| meta("property", &["article:author"]).filter(|a| !a.contains("://")))
        .or(ld.author);
    let date = meta(
        "property",
        &[
            "article:modified_time",
            "og:updated_time",
            "article:published_time",
        ],
    )
    .or_else(|| meta("name", &["date", "dc.date", "last-modified"]))
    .or_else(|| meta("itemprop", &["dateModified", "datePublished"]))
    .and_then(|d| date_in(&d))
    .or(ld.date)
    .or_else(|| {
        let sel = Selector::parse("time[datetime]").ok()?;
        doc.select(&sel)
            .find_map(|e| e.value().attr("datetime").and_then(date_in))
    });
    Metadata {
        title,
        publisher,
        date,
        author,
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::plain;
    use super::*;

    #[test]
    fn dates_in_every_spelling() {
        assert_eq!(date_in("Updated 2026-10-02").as_deref(), Some("2026-10-02"));
        assert_eq!(
            date_in("Published September 14, 2026").as_deref(),
            Some("2026-09-14")
        );
        assert_eq!(date_in("on 3 March 2026").as_deref(), Some("2026-03-03"));
        assert_eq!(date_in("Sept. 2026").as_deref(), Some("2026-09"));
        assert_eq!(date_in("Mar 2026").as_deref(), Some("2026-03"));
        assert_eq!(date_in("2.17 (Jul 2024)").as_deref(), Some("2024-07"));
        assert_eq!(date_in("no date here"), None);
    }

    #[test]
    fn text_articles_give_title_publisher_and_date() {
        let mut doc = Doc::new(plain(
            "Menu\nPyTorch vs TensorFlow: Which in 2026\nBy Ana Ruiz for Deep Weekly · Published September 14, 2026\nText.\n",
        ));
        let m = from_blocks(&mut doc, &FrontMatter::default());
        assert_eq!(
            m.title.as_deref(),
            Some("PyTorch vs TensorFlow: Which in 2026")
        );
        assert_eq!(m.publisher.as_deref(), Some("Deep Weekly"));
        assert_eq!(m.date.as_deref(), Some("2026-09-14"));
    }

    #[test]
    fn pages_give_meta_tags() {
        let html = Html::parse_document(
            "<html><head><title>T | Site</title><meta property=\"og:site_name\" content=\"Site\">\
             <meta property=\"article:published_time\" content=\"2026-09-14T08:00:00Z\"></head>\
             <body><h1>The Title</h1></body></html>",
        );
        let m = from_html(&html);
        assert_eq!(m.title.as_deref(), Some("The Title"));
        assert_eq!(m.publisher.as_deref(), Some("Site"));
        assert_eq!(m.date.as_deref(), Some("2026-09-14"));
    }
}
