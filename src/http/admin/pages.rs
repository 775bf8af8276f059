//! The HTML of every page (maud, checked at compile time; everything interpolated is escaped).
//! Each form is labelled, each table has headers, and the layout reads on a phone.

use maud::{html, Markup, DOCTYPE};
use versus_core::knowledge::{Kind, SourceId};
use versus_store::GapsReport;

use super::chart;
use super::csrf;
use super::dates::ymd_hm;
use super::views::Report;
use super::{NoticeKind, ReindexNote, ReindexOutcome, View};

/// Top gaps on the overview: the few worth acting on first.
const OVERVIEW_GAPS: usize = 5;

/// The page tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Overview,
    Gaps,
    Feedback,
    Sources,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Overview, Tab::Gaps, Tab::Feedback, Tab::Sources];

    fn label(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Gaps => "Gaps",
            Tab::Feedback => "Feedback",
            Tab::Sources => "Sources",
        }
    }

    fn href(self) -> &'static str {
        match self {
            Tab::Overview => "/admin",
            Tab::Gaps => "/admin/gaps",
            Tab::Feedback => "/admin/feedback",
            Tab::Sources => "/admin/sources",
        }
    }
}

/// A source as the Sources page lists it.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Its id.
    pub id: SourceId,
    /// Its title.
    pub title: String,
    /// Its publisher, when known.
    pub publisher: Option<String>,
    /// The date it states about itself.
    pub date: Option<String>,
    /// Its entries.
    pub entries: usize,
    /// Its entries by kind (kinds it has none of left out).
    pub by_kind: Vec<(Kind, usize)>,
}

/// What an uploaded article would add.
#[derive(Debug, Clone)]
pub struct Preview {
    /// The source id it would be written as.
    pub id: SourceId,
    /// The uploaded file's name.
    pub file_name: String,
    /// Title, publisher and date as the article states them.
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    /// Entries found, by kind.
    pub counts: Vec<(Kind, usize)>,
    /// Lines of the article no entry holds.
    pub unplaced: usize,
    /// A source of that id exists.
    pub replaces: bool,
    /// Replacing was asked for.
    pub force: bool,
}

/// The document around every page: head, header with the tabs and logout, the notice.
fn layout(title: &str, view: Option<&View>, current: Option<Tab>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · versus admin" }
                link rel="stylesheet" href="/admin/style.css";
            }
            body {
                header {
                    p class="brand" { "versus admin" }
                    @if let Some(view) = view {
                        nav aria-label="Pages" {
                            @for tab in Tab::ALL {
                                @if Some(tab) == current {
                                    a href=(tab.href()) aria-current="page" { (tab.label()) }
                                } @else {
                                    a href=(tab.href()) { (tab.label()) }
                                }
                            }
                        }
                        form class="logout" method="post" action="/admin/logout" {
                            (csrf_field(view))
                            button type="submit" { "Log out" }
                        }
                    }
                }
                main {
                    @if let Some(notice) = view.and_then(|v| v.notice.as_ref()) {
                        @let class = if notice.kind == NoticeKind::Failed { "notice failed" } else { "notice done" };
                        div class=(class) role="status" {
                            p { (notice.text) }
                            @if !notice.lines.is_empty() {
                                ul class="problems" { @for l in &notice.lines { li { code { (l) } } } }
                            }
                        }
                    }
                    h1 { (title) }
                    (body)
                }
            }
        }
    }
}

fn csrf_field(view: &View) -> Markup {
    html! { input type="hidden" name=(csrf::FIELD) value=(view.csrf); }
}

/// The login form, with `error` after a wrong token.
pub fn login(error: Option<&str>) -> Markup {
    layout(
        "Log in",
        None,
        None,
        html! {
            @if let Some(e) = error {
                p class="notice failed" role="alert" { (e) }
            }
            form class="login" method="post" action=(super::LOGIN_PATH) {
                label for="token" { "Admin token" }
                input id="token" name="token" type="password" autocomplete="current-password" required autofocus;
                button type="submit" { "Log in" }
            }
            p class="hint" { "The value of VERSUS_ADMIN_TOKEN on the server." }
        },
    )
}

/// The page of a refused action.
pub fn refused(why: &str) -> Markup {
    layout(
        "Refused",
        None,
        None,
        html! {
            p { (why) }
            p { a href="/admin" { "Go to the admin page" } }
        },
    )
}

/// What a page says when the store has no report for it.
fn no_report(report: &Report) -> Option<Markup> {
    match report {
        Report::Ready(_) => None,
        Report::NoStore => Some(html! {
            p class="notice" { "No store is configured (or it could not be opened), so the question log is off and there is nothing to show here. See [store] in config.toml." }
        }),
        Report::Unreadable => Some(html! {
            p class="notice failed" { "The store did not answer just now; reload in a moment." }
        }),
    }
}

/// A share as a whole percentage, or a dash when there is nothing to share.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".into()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Overview: the chart, the counts, the top gaps and the generation.
pub fn overview(view: &View, report: &Report, generation: Option<u64>) -> Markup {
    let body = html! {
        dl class="stats" {
            div { dt { "Index generation" } dd id="generation" { @match generation { Some(g) => (g), None => "loading" } } }
            @if let Report::Ready(r) = report {
                div { dt { "Questions (" (r.days) " days)" } dd id="asked" { (r.totals.asked) } }
                div { dt { "Answered" } dd id="answered-share" { (percent(r.totals.answered, r.totals.asked)) } }
                div { dt { "Helpful votes" } dd id="helpful" { (r.totals.helpful) } }
                div { dt { "Not helpful votes" } dd id="not-helpful" { (r.totals.not_helpful) } }
            }
        }
        @if let Some(missing) = no_report(report) { (missing) }
        @if let Report::Ready(r) = report {
            section aria-labelledby="per-day" {
                h2 id="per-day" { "Questions per day" }
                (chart::questions_per_day(&r.per_day))
                p class="legend" { span class="key asked" {} " asked " span class="key answered" {} " answered" }
            }
            section aria-labelledby="top-gaps" {
                h2 id="top-gaps" { "Top gaps" }
                (gap_table(r, OVERVIEW_GAPS))
                p { a href="/admin/gaps" { "All gaps" } }
            }
        }
    };
    layout("Overview", Some(view), Some(Tab::Overview), body)
}

/// The unanswered groups of `r`, at most `limit`.
fn gap_table(r: &GapsReport, limit: usize) -> Markup {
    html! {
        @if r.unanswered.is_empty() {
            p { "Nothing went unanswered in these " (r.days) " days." }
        } @else {
            div class="scroll" {
                table class="gaps" {
                    thead { tr {
                        th scope="col" { "Latest question" }
                        th scope="col" { "Words not placed" }
                        th scope="col" class="num" { "Asked (with rewordings)" }
                        th scope="col" { "Last seen" }
                    } }
                    tbody {
                        @for g in r.unanswered.iter().take(limit) {
                            tr {
                                td { (g.question) }
                                td { (g.unplaced.join(", ")) }
                                td class="num" { (g.count) }
                                td { (ymd_hm(g.last_seen_unix)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The days filter of the Gaps and Feedback pages.
fn days_filter(action: &str, days: u32) -> Markup {
    html! {
        form class="filter" method="get" action=(action) {
            label for="days" { "Days" }
            input id="days" name="days" type="number" min="1" max=(crate::http::gaps::MAX_DAYS) value=(days) inputmode="numeric";
            button type="submit" { "Show" }
        }
    }
}

/// Gaps: the groups `/gaps` shows over the chosen days.
pub fn gaps(view: &View, days: u32, report: &Report) -> Markup {
    let body = html! {
        (days_filter("/admin/gaps", days))
        @if let Some(missing) = no_report(report) { (missing) }
        @if let Report::Ready(r) = report {
            p { (r.totals.asked) " questions in the last " (r.days) " days, "
                (r.totals.asked.saturating_sub(r.totals.answered)) " unanswered." }
            (gap_table(r, usize::MAX))
        }
    };
    layout("Gaps", Some(view), Some(Tab::Gaps), body)
}

/// Feedback: each answer marked 👎 with its question, verdict and citations.
pub fn feedback(view: &View, days: u32, report: &Report) -> Markup {
    let body = html! {
        (days_filter("/admin/feedback", days))
        @if let Some(missing) = no_report(report) { (missing) }
        @if let Report::Ready(r) = report {
            @if r.downvoted.is_empty() {
                p { "No answer was marked not helpful in the last " (r.days) " days." }
            } @else {
                div class="scroll" {
                    table class="feedback" {
                        thead { tr {
                            th scope="col" { "Question (as stored)" }
                            th scope="col" { "Verdict" }
                            th scope="col" { "Citations given" }
                            th scope="col" class="num" { "Helpful" }
                            th scope="col" class="num" { "Not helpful" }
                            th scope="col" { "Answered" }
                            th scope="col" { "Answer id" }
                        } }
                        tbody {
                            @for a in &r.downvoted {
                                tr {
                                    td { (a.question) }
                                    td { (a.verdict.as_deref().unwrap_or("none")) }
                                    td {
                                        @if a.citations.is_empty() { "none recorded" }
                                        @else { ul class="plain" { @for c in &a.citations { li { code { (c) } } } } }
                                    }
                                    td class="num" { (a.helpful) }
                                    td class="num" { (a.not_helpful) }
                                    td { (ymd_hm(a.asked_unix)) }
                                    td { code { (a.answer_id) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout("Feedback", Some(view), Some(Tab::Feedback), body)
}

/// `12 row, 3 faq`.
fn kinds(by_kind: &[(Kind, usize)]) -> String {
    by_kind
        .iter()
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sources: the articles, the generation, the last reindex, Reindex and Import.
pub fn sources(
    view: &View,
    loaded: Option<&(u64, Vec<SourceRow>)>,
    last: Option<&ReindexNote>,
) -> Markup {
    let body = html! {
        @match loaded {
            None => p class="notice" { "The index is still loading." },
            Some((generation, rows)) => {
                p { "Generation " strong id="generation" { (generation) } " serves " (rows.len()) " sources." }
                div class="scroll" {
                    table class="sources" {
                        thead { tr {
                            th scope="col" { "Source" }
                            th scope="col" { "Title" }
                            th scope="col" { "Publisher" }
                            th scope="col" { "Date" }
                            th scope="col" class="num" { "Entries" }
                            th scope="col" { "By kind" }
                        } }
                        tbody {
                            @for s in rows {
                                tr {
                                    td { code { (s.id) } }
                                    td { (s.title) }
                                    td { (s.publisher.as_deref().unwrap_or("")) }
                                    td { (s.date.as_deref().unwrap_or("")) }
                                    td class="num" { (s.entries) }
                                    td { (kinds(&s.by_kind)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="reindex" {
            h2 id="reindex" { "Reindex" }
            (last_reindex(last))
            form method="post" action="/admin/reindex" {
                (csrf_field(view))
                button type="submit" id="reindex-button" { "Reindex faq/" }
            }
        }
        section aria-labelledby="import" {
            h2 id="import" { "Import an article" }
            p class="hint" { "Saved HTML, markdown or plain text. You see what it would add before anything is written." }
            form class="import" method="post" action=(super::IMPORT_PATH) enctype="multipart/form-data" {
                (csrf_field(view))
                label for="article" { "Article file" }
                input id="article" name="article" type="file" accept=".html,.htm,.md,.markdown,.txt" required;
                label for="source-id" { "Source id (optional)" }
                input id="source-id" name="id" type="text" pattern="[a-z0-9_-]{1,64}" placeholder="from the file name";
                label class="check" { input name="force" type="checkbox" value="1"; " Replace a source of the same id" }
                button type="submit" id="preview-button" { "Preview" }
            }
        }
    };
    layout("Sources", Some(view), Some(Tab::Sources), body)
}

/// The last reindex's outcome, problems as `file:line: message`.
fn last_reindex(last: Option<&ReindexNote>) -> Markup {
    let Some(note) = last else {
        return html! { p { "No reindex since this server started." } };
    };
    let when = ymd_hm(note.at_unix);
    html! {
        @match &note.outcome {
            ReindexOutcome::Done { generation, entries } => p id="last-reindex" {
                "Last reindex (" (when) "): generation " (generation) ", " (entries) " entries."
            },
            ReindexOutcome::Refused(problems) => div id="last-reindex" {
                p { "Last reindex (" (when) ") was refused: faq/ has " (problems.len()) " problem(s); the previous generation kept answering." }
                ul class="problems" { @for p in problems { li { code { (p) } } } }
            },
            ReindexOutcome::Busy => p id="last-reindex" { "Last reindex (" (when) "): another was already running." },
            ReindexOutcome::Failed => p id="last-reindex" { "Last reindex (" (when) ") failed; see the server log." },
        }
    }
}

/// The import preview: what the article would add, and Apply.
pub fn import_preview(view: &View, preview: &Result<Preview, String>, key: Option<&str>) -> Markup {
    let body = match (preview, key) {
        (Ok(p), Some(key)) => html! {
            dl class="preview" {
                dt { "File" } dd { (p.file_name) }
                dt { "Source id" } dd id="preview-id" { code { (p.id) } }
                dt { "Title" } dd { (p.title.as_deref().unwrap_or("(from the file name)")) }
                dt { "Publisher" } dd { (p.publisher.as_deref().unwrap_or("(not stated)")) }
                dt { "Date" } dd { (p.date.as_deref().unwrap_or("(not stated)")) }
                dt { "Entries found" } dd id="preview-counts" { (kinds(&p.counts)) }
                dt { "Lines left out" } dd { (p.unplaced) }
            }
            @if p.replaces && !p.force {
                p class="notice failed" { "A source with this id exists; applying will be refused. Go back and tick Replace, or give another id." }
            } @else if p.replaces {
                p class="notice" { "This replaces the existing source of that id." }
            }
            p class="hint" { "Apply writes the entries into faq/ (validated first, quotes checked verbatim) and reindexes." }
            form method="post" action="/admin/import/apply" {
                (csrf_field(view))
                input type="hidden" name="key" value=(key);
                button type="submit" id="apply-button" { "Apply" }
                " " a href="/admin/sources" { "Cancel" }
            }
        },
        (Err(why), _) => html! {
            p class="notice failed" { "Nothing to import: " (why) }
            p { a href="/admin/sources" { "Back to Sources" } }
        },
        (Ok(_), None) => html! {
            p class="notice failed" { "The session ended; log in again." }
        },
    };
    layout("Import preview", Some(view), Some(Tab::Sources), body)
}
