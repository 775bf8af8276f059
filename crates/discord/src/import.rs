//! `/import`: the attached article downloaded within the attachment rules, imported into the
//! engine's faq/ exactly as `versus import` imports it, then reindexed. The reply (ephemeral)
//! gives the entries found per kind, the lines left out and the time; a refused import says
//! why, names files relative to faq/, and has changed nothing.

use std::path::Path;
use std::time::{Duration, Instant};

use versus_core::engine::{ReindexError, ReindexReport};
use versus_core::index::IndexError;
use versus_core::knowledge::Problem;
use versus_import::{ImportError, Options, Report};

use crate::attachment::{precheck, FetchError, Refusal, MAX_IMPORT_BYTES};
use crate::command::{Args, Context, Reply};
use crate::view::{self, Embed, Field, Message, MAX_FIELD_VALUE};

/// How many problems a refusal lists before "and N more".
const MAX_PROBLEMS_SHOWN: usize = 10;
/// Longest unplaced line shown: enough to recognise it, short enough that several fit.
const MAX_UNPLACED_CHARS: usize = 120;
/// The colour of a finished import (Discord's green).
const COLOR_DONE: u32 = 0x57F287;
/// Longest `url` option: a page's address, query and all, is far shorter.
pub const MAX_URL_CHARS: u16 = 512;
/// Longest placed-entry line shown in the reply's field.
const MAX_PLACED_CHARS: usize = 90;

/// What `/import` reads: the attached file, or the page at the `url` option.
struct Article {
    /// The name it is imported as (the file's, or one made from the URL).
    name: String,
    /// Its bytes.
    bytes: Vec<u8>,
    /// The URL when it came from the web: the source's origin.
    origin: Option<String>,
}

/// `/import file:<attachment> | url:<https page> [force] [id]`.
pub(crate) fn run_import(ctx: &Context<'_>, args: &Args) -> Reply {
    let started = Instant::now();
    let message = match download(ctx, args) {
        Err(text) => view::error(&text),
        Ok((article, downloaded)) => import(ctx, args, &article, downloaded),
    };
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "import command finished"
    );
    Reply::Message {
        message,
        ephemeral: true,
    }
}

/// The article's bytes, after the rules that can be checked without downloading: the
/// attachment when there is one, else the `url` option's page (its host checked by the
/// downloader against the allowed hosts, https only).
fn download(ctx: &Context<'_>, args: &Args) -> Result<(Article, Duration), String> {
    let attachment = args.attachment("file").cloned();
    let url = args.get("url").trim().to_string();
    if attachment.is_none() && url.is_empty() {
        return Err(
            "Attach the article as the `file` option of /import, or give its `url`.".into(),
        );
    }
    if let Some(a) = &attachment {
        precheck(a).map_err(|r| refusal(&r))?;
    }
    if ctx.app.engine.faq_dir().is_none() {
        return Err(
            "This versus answers from a built-in index and has no faq/ to import into.".into(),
        );
    }
    let fetcher =
        ctx.app.attachments.as_ref().ok_or(
            "Downloading attachments is not set up here; use `versus import` on the server.",
        )?;
    let started = Instant::now();
    let from = attachment.as_ref().map_or(url.as_str(), |a| a.url.as_str());
    let bytes = fetcher
        .fetch(from, MAX_IMPORT_BYTES)
        .map_err(|e| match e {
            FetchError::Refused(r) => refusal(&r),
            other => {
                tracing::warn!(error = %other, "article download failed");
                format!("I could not download the article ({other}); nothing changed. Try again in a moment.")
            }
        })?;
    let article = match attachment {
        // Discord's file names carry no directories, but the importer gets a bare name regardless.
        Some(a) => Article {
            name: a
                .filename
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or_default()
                .to_string(),
            bytes,
            origin: None,
        },
        None => Article {
            name: versus_import::page_file_name(&url, &bytes),
            bytes,
            origin: Some(url),
        },
    };
    Ok((article, started.elapsed()))
}

fn refusal(r: &Refusal) -> String {
    format!("Import refused: {r}. Nothing changed.")
}

/// Imports the downloaded bytes and reindexes; the message says how it went.
fn import(ctx: &Context<'_>, args: &Args, article: &Article, downloaded: Duration) -> Message {
    let Some(faq) = ctx.app.engine.faq_dir() else {
        return view::error("This versus has no faq/ to import into.");
    };
    let id = args.get("id").trim();
    let options = Options {
        id: (!id.is_empty()).then(|| id.to_string()),
        force: args.get("force") == "true",
        origin: article.origin.clone(),
        ..Options::default()
    };
    let name = article.name.as_str();
    match versus_import::import_article(&article.bytes, name, &options, faq) {
        Err(e) => refused_message(&e, faq),
        Ok(report) => {
            let started = Instant::now();
            let result = ctx.app.engine.reindex();
            let reindexed = started.elapsed();
            ctx.observer.reindex(&result, reindexed);
            let times = [downloaded, report.elapsed, reindexed];
            imported_message(name, &report, &result, times)
        }
    }
}

/// "Add topic" on `/import`'s reply: the topic proposed for `source` written to topics.toml,
/// the source's entries tagged with it, then a reindex, so questions in its words cite it.
pub(crate) fn run_accept_topics(ctx: &Context<'_>, source: &str) -> Reply {
    let Some(faq) = ctx.app.engine.faq_dir() else {
        return Reply::Message {
            message: view::error("This versus has no faq/ to add topics to."),
            ephemeral: true,
        };
    };
    let message = match versus_import::accept_topics(faq, source) {
        Err(e) => refused_message(&e, faq),
        Ok(None) => view::error(&format!(
            "Nothing to add: every subject word of `{}` is in faq/ already (or was added before).",
            view::escape(source)
        )),
        Ok(Some(accepted)) => {
            let started = Instant::now();
            let result = ctx.app.engine.reindex();
            ctx.observer.reindex(&result, started.elapsed());
            let t = &accepted.proposal.topic;
            Message::embed(Embed {
                title: Some(view::cut(
                    &format!("Added topic {}", view::escape(&t.id)),
                    view::MAX_TITLE,
                )),
                description: Some(view::cut(
                    &format!(
                        "faq/topics.toml has `{}` with the words {}; {} entries of `{}` are tagged with it.\n{}\nReview the diff of faq/ and commit it.",
                        t.id,
                        view::escape(&t.words.join(", ")),
                        accepted.tagged,
                        source,
                        reindex_line(&result)
                    ),
                    view::MAX_DESCRIPTION,
                )),
                color: Some(COLOR_DONE),
                fields: Vec::new(),
                footer: None,
            })
        }
    };
    Reply::Message {
        message,
        ephemeral: true,
    }
}

/// A file under faq/ named relative to it (never the server's absolute path).
fn relative(file: &Path, faq: &Path) -> String {
    match file.strip_prefix(faq) {
        Ok(rel) => format!("faq/{}", rel.display()),
        Err(_) => file
            .file_name()
            .map_or_else(|| "faq/".to_string(), |n| n.to_string_lossy().into_owned()),
    }
}

fn problem_line(p: &Problem, faq: &Path) -> String {
    format!(
        "{}:{}: {}",
        relative(Path::new(&p.file), faq),
        p.line,
        p.message
    )
}

/// Why the import wrote nothing, with its problems listed.
fn refused_message(e: &ImportError, faq: &Path) -> Message {
    let (headline, details): (String, Vec<String>) = match e {
        ImportError::Exists(file) => (
            format!(
                "{} already exists (or sources.toml has its id). Run /import again with `force: True` to replace it, or give another `id`.",
                relative(file, faq)
            ),
            Vec::new(),
        ),
        ImportError::BadId(id) => (
            format!(
                "`{}` cannot be a source id: give the `id` option, in lowercase letters, digits, `-` or `_`.",
                view::escape(id)
            ),
            Vec::new(),
        ),
        ImportError::BrokenFaq { problems, .. } => (
            format!(
                "faq/ has {} problem(s) already; fix them (`versus check`) first.",
                problems.len()
            ),
            problems.iter().map(|p| problem_line(p, faq)).collect(),
        ),
        ImportError::Invalid(problems) => (
            format!(
                "The imported entries fail validation ({} problem(s)).",
                problems.len()
            ),
            problems.iter().map(|p| problem_line(p, faq)).collect(),
        ),
        ImportError::Io { what, path, source } => {
            tracing::error!(error = %e, "import could not touch faq/");
            (
                format!("I could not {what} {}: {source}.", relative(path, faq)),
                Vec::new(),
            )
        }
        // The rest name no files: their own text says it.
        other => (format!("{}.", capitalised(&other.to_string())), other.details()),
    };
    let mut text = format!("Import refused: {headline} Nothing changed.");
    if !details.is_empty() {
        text.push_str("\n```\n");
        text.push_str(&listing(
            &details,
            MAX_PROBLEMS_SHOWN,
            view::MAX_DESCRIPTION - 600,
        ));
        text.push_str("```");
    }
    view::error(&text)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Lines for a code block: each cut, ``` defused, at most `max_lines` and `max_chars`, with
/// "… and N more" for the rest.
fn listing(lines: &[String], max_lines: usize, max_chars: usize) -> String {
    let mut out = String::new();
    let mut shown = 0;
    for line in lines.iter().take(max_lines) {
        let line = view::cut(&line.replace("```", "'''"), MAX_UNPLACED_CHARS);
        // Room is kept for the "and N more" line.
        if out.chars().count() + line.chars().count() + 1 > max_chars.saturating_sub(24) {
            break;
        }
        out.push_str(&line);
        out.push('\n');
        shown += 1;
    }
    if lines.len() > shown {
        out.push_str(&format!("… and {} more\n", lines.len() - shown));
    }
    out
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// What was imported, the lines left out, the reindex and the time.
fn imported_message(
    name: &str,
    report: &Report,
    reindex: &Result<ReindexReport, ReindexError>,
    [downloaded, imported, reindexed]: [Duration; 3],
) -> Message {
    let field = |name: String, value: String| Field {
        name,
        value,
        inline: false,
    };
    let found: Vec<String> = report
        .counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let time = format!(
        "download {} · import {} · reindex {} · total {}",
        millis(downloaded),
        millis(imported),
        millis(reindexed),
        millis(downloaded + imported + reindexed)
    );
    let mut fields = vec![
        field("Found".into(), found.join(", ")),
        placed_field(name, report),
        unplaced_field(name, report),
    ];
    if let Some(p) = &report.proposal {
        fields.push(field(
            view::cut(&format!("New topic: {}", p.topic.id), view::MAX_FIELD_NAME),
            view::cut(
                &format!(
                    "Words only this article uses: {}. Press **Add topic** to add it to faq/topics.toml and tag the article's entries with it.",
                    view::escape(&p.topic.words.join(", "))
                ),
                MAX_FIELD_VALUE,
            ),
        ));
    }
    fields.push(field("Reindex".into(), reindex_line(reindex)));
    fields.push(field("Time".into(), time));
    let message = Message::embed(Embed {
        title: Some(view::cut(
            &format!("Imported {}", view::escape(name)),
            view::MAX_TITLE,
        )),
        description: Some(written_line(report)),
        color: Some(COLOR_DONE),
        fields,
        footer: None,
    });
    let mut message = message;
    if report.proposal.is_some() && !report.topics_accepted {
        message
            .components
            .extend(crate::components::accept_topics_row(&report.source));
    }
    message
}

/// Every entry written, as `file:line: kind label`, cut to fit one field.
fn placed_field(name: &str, report: &Report) -> Field {
    let lines: Vec<String> = report
        .placed
        .iter()
        .map(|p| {
            let line = format!("{}:{}: {} {}", name, p.line, p.kind.as_str(), p.label);
            view::cut(&line, MAX_PLACED_CHARS)
        })
        .collect();
    let value = if lines.is_empty() {
        "Nothing.".to_string()
    } else {
        format!(
            "```\n{}```",
            listing(&lines, usize::MAX, MAX_FIELD_VALUE - 8)
        )
    };
    Field {
        name: format!("Placed: {} entr(y/ies)", lines.len()),
        value,
        inline: false,
    }
}

/// Which file and source were written, and what the article says it is.
fn written_line(report: &Report) -> String {
    let s = &report.source_entry;
    let replaced = if report.replaced {
        ", replacing the earlier import,"
    } else {
        ""
    };
    let mut line = format!(
        "Wrote `faq/{}.toml`{replaced} as source `{}`: **{}**",
        report.source,
        report.source,
        view::escape(&s.title)
    );
    if let Some(p) = &s.publisher {
        line.push_str(&format!(", {}", view::escape(p)));
    }
    if let Some(d) = &s.as_of {
        line.push_str(&format!(", {}", view::escape(d)));
    }
    line.push_str(".\nReview the diff of faq/ and commit it, so the next deploy keeps it.");
    line
}

/// The lines no entry holds, as `file:line: text`, cut to fit one field.
fn unplaced_field(name: &str, report: &Report) -> Field {
    let lines: Vec<String> = report
        .unplaced
        .iter()
        .map(|u| format!("{}:{}: {}", name, u.line, u.text))
        .collect();
    let value = if lines.is_empty() {
        "Every line of the article landed in an entry.".to_string()
    } else {
        // The fences take 8 of the field's characters.
        format!(
            "```\n{}```",
            listing(&lines, usize::MAX, MAX_FIELD_VALUE - 8)
        )
    };
    Field {
        name: format!("Not placed: {} line(s)", lines.len()),
        value,
        inline: false,
    }
}

fn reindex_line(result: &Result<ReindexReport, ReindexError>) -> String {
    match result {
        Ok(r) => format!(
            "Generation {} is live: {} entries from {} sources; questions cite the new article now.",
            r.generation, r.entries, r.sources
        ),
        Err(ReindexError::Busy) => {
            "Another reindex was running; run /reindex when it finishes to answer from the new article.".to_string()
        }
        Err(ReindexError::Index(IndexError::Invalid(problems))) => format!(
            "faq/ has {} problem(s) now (an edit beside the import?); the previous knowledge keeps answering. Run `versus check`.",
            problems.len()
        ),
        Err(e) => {
            tracing::error!(error = %e, "reindex after import failed");
            "The reindex failed; the previous knowledge keeps answering. The log has the details."
                .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use versus_core::knowledge::SourceId;

    #[test]
    fn listings_fit_and_say_how_many_were_left_out() {
        let lines: Vec<String> = (0..200)
            .map(|i| format!("a.md:{i}: {}", "word ".repeat(40)))
            .collect();
        let out = listing(&lines, usize::MAX, MAX_FIELD_VALUE - 8);
        assert!(out.chars().count() <= MAX_FIELD_VALUE - 8, "{out}");
        assert!(out.contains("more\n"), "{out}");
        let fence = listing(&["x ``` y".to_string()], 5, 100);
        assert_eq!(fence, "x ''' y\n");
    }

    #[test]
    fn a_long_report_fits_discords_limits_and_names_no_server_path() {
        let report = Report {
            source: SourceId::new("x").unwrap(),
            file: "/srv/versus/faq/x.toml".into(),
            counts: vec![(versus_core::knowledge::Kind::Row, 3)],
            unplaced: (1..500)
                .map(|line| versus_import::Unplaced {
                    line,
                    text: "word ``` @everyone ".repeat(40),
                })
                .collect(),
            source_entry: versus_core::knowledge::Source {
                id: SourceId::new("x").unwrap(),
                title: "T ".repeat(400),
                publisher: Some("P ".repeat(300)),
                as_of: Some("2026-10-02".into()),
                origin: "x.md".into(),
                titled_by: None,
            },
            replaced: true,
            placed: (1..300)
                .map(|line| versus_import::Placed {
                    line,
                    kind: versus_core::knowledge::Kind::Row,
                    id: versus_core::knowledge::EntryId::new(format!("x-row-{line}")).unwrap(),
                    label: "label ``` @here ".repeat(8),
                    topics: vec![versus_core::knowledge::TopicId::new("overall").unwrap()],
                })
                .collect(),
            proposal: None,
            topics_accepted: false,
            elapsed: Duration::from_millis(5),
        };
        let m = imported_message(
            &"long-name".repeat(40),
            &report,
            &Err(ReindexError::Busy),
            [Duration::ZERO; 3],
        );
        assert_eq!(crate::validate::message_problems(&m), Vec::<String>::new());
        let text = serde_json::to_string(&m).unwrap();
        assert!(!text.contains("/srv"), "{text}");
        assert!(text.contains("more"), "the cut is said: {text}");
    }

    #[test]
    fn files_are_named_relative_to_faq() {
        let faq = Path::new("/srv/versus/faq");
        assert_eq!(
            relative(Path::new("/srv/versus/faq/speech.toml"), faq),
            "faq/speech.toml"
        );
        assert_eq!(relative(Path::new("/elsewhere/x.toml"), faq), "x.toml");
        let e = ImportError::Exists(faq.join("speech.toml"));
        let text = serde_json::to_string(&refused_message(&e, faq)).unwrap();
        assert!(text.contains("faq/speech.toml"), "{text}");
        assert!(!text.contains("/srv"), "{text}");
    }
}
