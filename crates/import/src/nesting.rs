//! How deep an HTML page nests its elements, measured on the raw text in one pass before the
//! parser sees it. The HTML5 parser's scope checks walk its stack of open elements for many
//! start tags, so a page of 100,000 nested lists costs minutes of CPU, and the walk over the
//! parsed tree recurses once a level; both are only safe once the depth is known to be small.
//!
//! The count follows the parser closely enough: void and self-closed elements add nothing,
//! elements whose end tag may be left out (`<p>`, `<li>`, `<td>`…) are closed by their next
//! sibling and are not counted, an end tag closes up to the matching open element and a stray
//! one closes nothing (so `</x>` cannot buy room), comments, doctypes and the text of `<script>`,
//! `<style>` and the like are skipped. It may overcount a page that relies on other implied end
//! tags, never undercount one that nests elements for real.

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements the parser closes when a sibling of the same family starts: never nested by
/// leaving them open.
const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "td", "th", "tr", "option", "optgroup", "rb", "rt", "rtc", "rp",
    "thead", "tbody", "tfoot", "colgroup", "caption",
];

/// Elements whose content is text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Ok when no element nests deeper than `limit`; else the line where it first does.
pub fn check(text: &str, limit: usize) -> Result<(), usize> {
    let bytes = text.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(at) = find(bytes, i, b"<") {
        i = at + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i = find(bytes, i + 3, b"-->").map_or(bytes.len(), |e| e + 3);
        } else if rest.first().is_some_and(|b| *b == b'!' || *b == b'?') {
            i = find(bytes, i, b">").map_or(bytes.len(), |e| e + 1);
        } else if rest.first() == Some(&b'/') {
            let (name, end) = tag(bytes, i + 1);
            i = end;
            if let Some(pos) = open.iter().rposition(|o| *o == name) {
                open.truncate(pos);
            }
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            let (name, end) = tag(bytes, i);
            let self_closed = end >= 2 && bytes[end - 2] == b'/';
            i = end;
            if RAW_TEXT.contains(&name.as_str()) {
                i = raw_text_end(bytes, i, &name);
            } else if !self_closed
                && !VOID.contains(&name.as_str())
                && !IMPLIED_END.contains(&name.as_str())
            {
                open.push(name);
                if open.len() > limit {
                    return Err(line_of(bytes, at));
                }
            }
        }
    }
    Ok(())
}

/// The lowercased name of the tag starting at `from`, and where the tag ends (after its `>`,
/// quoted attribute values skipped).
fn tag(bytes: &[u8], from: usize) -> (String, usize) {
    let name_end = bytes[from..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .map_or(bytes.len(), |n| from + n);
    let name = String::from_utf8_lossy(&bytes[from..name_end]).to_ascii_lowercase();
    let mut quote = None;
    let mut i = name_end;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'>') => return (name, i + 1),
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    (name, bytes.len())
}

/// Where the raw text of a `name` element ends: after its end tag, or at the end.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(at) = find(bytes, i, b"</") {
        let candidate = &bytes[at + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return tag(bytes, at + 2).1;
        }
        i = at + 2;
    }
    bytes.len()
}

/// The first `needle` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

/// The 1-based line of byte `at`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at].iter().filter(|b| **b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_and_deep_ones_are_caught_where_they_go_too_deep() {
        let page = "<!doctype html><html><body><main><p>one<p>two<ul><li>a<li>b</ul>\
                    <img src=x><br/><script>if (a<b) { x = '<div>'; }</script>\
                    <!-- <div><div> --><div title=\"a > b\"><span>x</span></div></main>";
        assert_eq!(check(page, 5), Ok(()));
        let deep = format!("<html>\n<body>\n{}", "<div>".repeat(10));
        assert_eq!(check(&deep, 5), Err(3));
    }

    #[test]
    fn stray_end_tags_buy_no_room_and_siblings_do_not_nest() {
        let stray = "<div></span>".repeat(10);
        assert!(check(&stray, 5).is_err());
        let siblings = "<div></div>".repeat(1000);
        assert_eq!(check(&siblings, 5), Ok(()));
        let items = "<li>item".repeat(1000);
        assert_eq!(check(&items, 5), Ok(()));
        let lists = "<ul><li>item".repeat(10);
        assert!(check(&lists, 5).is_err(), "nested lists nest");
        let closed = "<DIV>".repeat(4) + &"</div>".repeat(4);
        assert_eq!(check(&closed.repeat(100), 5), Ok(()));
    }
}
