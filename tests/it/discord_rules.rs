//! Discord's rules checked on what versus sends, with no network: the registration JSON, every
//! answer and comparison the shipped knowledge can produce (the longest included), autocomplete
//! for every prefix, and mentions that must never ping. The interaction fixtures are read the
//! way the bot reads them.

use crate::common;

use serde_json::{json, Value};
use versus::gateway::handler::read_interaction;
use versus_core::engine::{Answer, Citation, ComparedRow, Comparison, Disagreement, Intent};
use versus_core::knowledge::{Body, Kind, Side};
use versus_core::l10n::Locale;
use versus_discord::callback;
use versus_discord::command::{self, definitions, Args, Caller, Invocation, Reply};
use versus_discord::validate;
use versus_discord::view::{self as view, Message, MAX_EMBED_TOTAL};

use common::standin::fixture;
use versus::startup::Services;

fn app() -> command::App {
    Services::builder(common::engine(), &versus::config::Discord::default())
        .build()
        .app()
}

#[test]
fn every_registered_command_passes_discords_rules() {
    let body = definitions();
    assert_eq!(validate::registration_problems(&body), Vec::<String>::new());
    let name = regex::Regex::new(validate::NAME_PATTERN).unwrap();
    for c in body.as_array().unwrap() {
        let n = c["name"].as_str().unwrap();
        assert!(name.is_match(n) && n == n.to_lowercase(), "name {n}");
        let d = c["description"].as_str().unwrap().chars().count();
        assert!((1..=100).contains(&d), "{n}: description of {d}");
        let options = c["options"].as_array().map_or(0, Vec::len);
        assert!(options <= 25, "{n}: {options} options");
        assert!(
            c.to_string().chars().count() <= 8000,
            "{n} over 8000 characters"
        );
        for o in c["options"].as_array().into_iter().flatten() {
            let on = o["name"].as_str().unwrap();
            assert!(name.is_match(on) && on == on.to_lowercase(), "{n}.{on}");
            let od = o["description"].as_str().unwrap().chars().count();
            assert!((1..=100).contains(&od), "{n}.{on}: description of {od}");
            localizations_obey_the_rules(o, &name, &format!("{n}.{on}"));
        }
        localizations_obey_the_rules(c, &name, n);
        assert!(
            c["description_localizations"].is_object(),
            "{n}: no description_localizations"
        );
    }
    let names: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["ask", "compare", "sources", "help", "reindex", "import", "gaps"]
    );
    let compare = &body[1]["options"][0];
    assert_eq!(
        compare["autocomplete"], true,
        "/compare feature autocompletes"
    );
    for admin in [&body[4], &body[5]] {
        assert_eq!(
            admin["default_member_permissions"], "32",
            "{} needs Manage Server",
            admin["name"]
        );
    }
    assert_eq!(
        body[5]["options"][0]["type"], 11,
        "/import takes an attachment"
    );
    assert_eq!(
        body[5]["default_member_permissions"], "32",
        "/gaps needs Manage Server"
    );
}

#[test]
fn the_validator_catches_what_discord_refuses() {
    let bad = json!([
        { "name": "Ask", "type": 1, "description": "" },
        { "name": "ask", "type": 1, "description": "x".repeat(101) },
    ]);
    let problems = validate::registration_problems(&bad);
    assert!(problems.len() >= 3, "{problems:?}");
}

/// Every question the knowledge suggests: its topics by label and by each word people type,
/// every FAQ question, every comparison row label, as bare words and as "X or Y for …?".
fn questions() -> Vec<String> {
    let k = common::shipped();
    let mut subjects: Vec<String> = Vec::new();
    for t in &k.topics {
        subjects.push(t.label.clone());
        subjects.extend(t.words.iter().cloned());
    }
    for e in &k.entries {
        match &e.body {
            Body::Faq { question, .. } => subjects.push(question.clone()),
            Body::Row(row) => subjects.push(row.feature.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in subjects {
        out.push(format!("TensorFlow or PyTorch for {s}?"));
        out.push(s);
    }
    out
}

fn assert_within_limits(what: &str, m: &Message) {
    let problems = validate::message_problems(m);
    assert!(problems.is_empty(), "{what}: {problems:?}");
    assert_eq!(
        callback::channel_message(m, None)["allowed_mentions"],
        json!({ "parse": [] }),
        "{what}"
    );
}

#[test]
fn the_longest_answers_and_comparisons_the_knowledge_can_produce_stay_within_every_limit() {
    let engine = common::engine();
    let mut longest_answer = (0, String::new());
    // Every language: the limits are checked on the words as sent, after localization.
    for q in questions() {
        for locale in Locale::ALL {
            let m = view::answer(&engine.ask_in(&q, Some(locale)));
            assert_within_limits(&format!("{q} ({locale})"), &m);
            if m.embed_chars() > longest_answer.0 {
                longest_answer = (m.embed_chars(), format!("{q} ({locale})"));
            }
        }
    }
    for locale in Locale::ALL {
        let help = view::help(command::COMMANDS, locale);
        assert_within_limits(&format!("/help ({locale})"), &help);
        let sources = view::sources(&engine.sources(), locale);
        assert_within_limits(&format!("/sources ({locale})"), &sources);
    }
    let k = common::shipped();
    let mut longest_compare = (0, String::new());
    let features = k
        .entries
        .iter()
        .filter_map(|e| match &e.body {
            Body::Row(row) => Some(row.feature.clone()),
            _ => None,
        })
        .chain(k.topics.iter().map(|t| t.label.clone()));
    for f in features {
        for locale in Locale::ALL {
            let m = view::comparison(&engine.compare(&f), locale);
            assert_within_limits(&f, &m);
            if m.embed_chars() > longest_compare.0 {
                longest_compare = (m.embed_chars(), format!("{f} ({locale})"));
            }
        }
    }
    // The sweep reached the long ones (today about 2600 and 1850 characters; past the limits
    // is the next test's job).
    println!("longest answer {longest_answer:?}, longest comparison {longest_compare:?}");
    assert!(longest_answer.0 > 1000, "longest answer {longest_answer:?}");
    assert!(
        longest_compare.0 > 1000,
        "longest comparison {longest_compare:?}"
    );
}

/// Every language's name and description of `item` as Discord wants them, and each of
/// es-ES, fr, de and pt-BR translated.
fn localizations_obey_the_rules(item: &Value, name: &regex::Regex, what: &str) {
    for (key, _) in item.as_object().unwrap().iter() {
        assert!(
            ["name_localizations", "description_localizations"].contains(&key.as_str())
                || !key.ends_with("_localizations"),
            "{what}: {key}"
        );
    }
    if let Some(names) = item["name_localizations"].as_object() {
        for (locale, n) in names {
            let n = n.as_str().unwrap();
            assert!(
                validate::DISCORD_LOCALES.contains(&locale.as_str()),
                "{what}: {locale}"
            );
            assert!(
                name.is_match(n) && n == n.to_lowercase(),
                "{what} ({locale}): {n}"
            );
        }
    }
    if let Some(descriptions) = item["description_localizations"].as_object() {
        for locale in ["es-ES", "fr", "de", "pt-BR"] {
            let d = descriptions[locale].as_str().unwrap_or("");
            let len = d.chars().count();
            assert!(
                (1..=100).contains(&len),
                "{what} ({locale}): {len} characters: {d}"
            );
            assert_ne!(
                d,
                item["description"].as_str().unwrap(),
                "{what} ({locale}) untranslated"
            );
        }
        for locale in descriptions.keys() {
            assert!(
                validate::DISCORD_LOCALES.contains(&locale.as_str()),
                "{what}: {locale}"
            );
        }
    }
}

fn long_text(words: usize) -> String {
    "verbatim words from a very long article ".repeat(words / 7 + 1)
}

#[test]
fn answers_and_comparisons_far_over_the_limits_are_cut_at_word_boundaries() {
    let citation = Citation {
        source: "src".try_into().unwrap(),
        title: long_text(60),
        origin: "origin".into(),
        as_of: Some("2026-01-01".into()),
        snippet: long_text(400),
        entry: "e".try_into().unwrap(),
        kind: Kind::Passage,
        side: Some(Side::PyTorch),
    };
    let answer = Answer {
        question: "q".into(),
        answered: true,
        verdict: Some(Side::PyTorch),
        topic: Some("t".try_into().unwrap()),
        topic_label: Some(long_text(80)),
        intent: Intent::Compare,
        frame: versus_core::engine::Frame::Choice,
        language: Locale::En,
        answer: long_text(1200),
        citations: vec![citation; 40],
        votes: Vec::new(),
        disagreements: vec![Disagreement::figures(&long_text(200), Vec::new()); 10],
        alternative: None,
        known_topics: Vec::new(),
        unplaced: vec![long_text(30); 50],
        parts: Vec::new(),
        generation: 1,
    };
    for locale in Locale::ALL {
        let localized = Answer {
            language: locale,
            ..answer.clone()
        };
        assert_within_limits(
            &format!("huge answer ({locale})"),
            &view::answer(&localized),
        );
    }
    let m = view::answer(&answer);
    assert_within_limits("huge answer", &m);
    let total = m.embed_chars();
    assert!(
        total > MAX_EMBED_TOTAL - 1000,
        "filled close to the limit: {total}"
    );
    let description = m.embeds[0].description.as_deref().unwrap();
    assert!(description.ends_with('…'), "cut visibly");
    assert!(!description.ends_with(" …"), "at a word boundary");

    let row = ComparedRow {
        source: "s".try_into().unwrap(),
        title: long_text(50),
        origin: "o".into(),
        as_of: None,
        entry: "e".try_into().unwrap(),
        table: "t".into(),
        feature: long_text(40),
        tensorflow: long_text(300),
        pytorch: long_text(300),
        winner: Some(Side::TensorFlow),
        note: Some(long_text(100)),
    };
    let c = Comparison {
        feature: "f".into(),
        matched: Some(long_text(60)),
        rows: vec![row; 60],
        suggestions: Vec::new(),
    };
    assert_within_limits("huge comparison", &view::comparison(&c, Locale::En));
}

#[test]
fn a_question_with_everyone_here_and_a_role_yields_mentions_that_allow_nothing() {
    let app = app();
    for q in [
        "@everyone TensorFlow or PyTorch for mobile?",
        "@here which is faster? <@&539082325061836999> <@53908232506183680>",
        "@everyone",
    ] {
        for invocation in [
            Invocation::slash("ask", Args::with("question", q)),
            Invocation::Mention { text: q.into() },
            Invocation::slash("compare", Args::with("feature", q)),
        ] {
            let caller = Caller {
                user_id: rand_user(q),
                ..Caller::default()
            };
            let reply = command::handle(&app, &caller, invocation);
            let body = serde_json::to_value(callback::callback(&reply)).unwrap();
            assert_eq!(
                body["data"]["allowed_mentions"],
                json!({ "parse": [] }),
                "{q}"
            );
            let sent = body.to_string();
            assert!(
                !sent.contains("@everyone") && !sent.contains("@here"),
                "user text echoed as a mention: {sent}"
            );
            let channel = match &reply {
                Reply::Message { message, .. } => callback::channel_message(message, None),
                Reply::Choices(_) => unreachable!(),
            };
            assert_eq!(channel["allowed_mentions"], json!({ "parse": [] }));
        }
    }
}

/// A user id per question, so the cooldown never hides an answer.
fn rand_user(q: &str) -> u64 {
    q.bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64))
}

#[test]
fn autocomplete_stays_within_the_limits_for_every_prefix() {
    let app = app();
    let k = common::shipped();
    let mut partials: Vec<String> = vec![String::new(), "🔥".repeat(200), "x".repeat(500)];
    for t in &k.topics {
        for n in 1..=t.label.chars().count() {
            partials.push(t.label.chars().take(n).collect());
        }
    }
    for p in partials {
        let reply = command::handle(
            &app,
            &Caller::default(),
            Invocation::Autocomplete {
                command: "compare".into(),
                partial: p.clone(),
            },
        );
        let Reply::Choices(choices) = reply else {
            panic!("choices for {p:?}")
        };
        assert!(validate::choices_problems(&choices).is_empty(), "{p:?}");
        let body = serde_json::to_value(callback::callback(&Reply::Choices(choices))).unwrap();
        assert_eq!(body["type"], 8);
    }
}

#[test]
fn the_interaction_fixtures_read_as_invocations() {
    let read = |payload: Value| {
        let interaction = serde_json::from_value(payload).expect("serenity accepts the payload");
        let (_, caller, invocation) = read_interaction(&interaction).expect("a command");
        (caller, invocation)
    };
    let mut slash = fixture("synthetic_slash_command_interaction.serenity_ok.json");
    slash["data"]["name"] = json!("ask");
    slash["data"]["options"] =
        json!([{ "type": 3, "name": "question", "value": "TF or PyTorch?" }]);
    let (caller, invocation) = read(slash);
    assert_eq!(
        invocation,
        Invocation::slash("ask", Args::with("question", "TF or PyTorch?"))
    );
    assert_eq!(caller.user_id, 53908232506183680);
    assert_eq!(caller.guild_id, Some(290926798626357999));
    assert_eq!(caller.role_ids, vec![539082325061836999]);

    let mut auto = fixture("synthetic_autocomplete_interaction.serenity_ok.json");
    auto["data"]["name"] = json!("compare");
    auto["data"]["options"][0]["name"] = json!("feature");
    let (_, invocation) = read(auto);
    assert_eq!(
        invocation,
        Invocation::Autocomplete {
            command: "compare".into(),
            partial: "The Git".into()
        }
    );

    // The docs' own example names a command versus does not have.
    let unknown = fixture("synthetic_slash_command_interaction.serenity_ok.json");
    assert_eq!(
        read(unknown).1,
        Invocation::Unknown {
            name: "cardsearch".into()
        }
    );
}

/// Discord markup an article's cells may hold, and what must never appear unescaped.
const MARKUP: [(&str, &str); 3] = [
    (
        "[click](https://evil.example)",
        "[click](https://evil.example)",
    ),
    ("||spoiler||", "||spoiler||"),
    ("```rust\nboom()\n``` and `tick`", "```"),
];

/// The text with Discord's backslash escapes taken out: what a reader sees.
fn as_shown(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

#[test]
fn markup_in_imported_cells_and_quotes_shows_as_text_in_comparisons_and_answers() {
    let scratch = common::Scratch::new();
    scratch.append(
        "000_685b1321c5fa5e60.toml",
        &format!(
            "\n[[row]]\nid = \"000-row-markup\"\ntable = \"Overview\"\nfeature = \"Markup Cells\"\n\
             topics = [\"overall\"]\ntensorflow = {:?}\npytorch = {:?}\nnote = {:?}\n",
            MARKUP[0].0, MARKUP[1].0, MARKUP[2].0
        ),
    );
    let (engine, _) = versus_core::engine::Engine::open(&scratch.faq(), &scratch.index()).unwrap();
    let comparison = engine.compare("Markup Cells");
    assert!(
        comparison.rows.iter().any(|r| r.entry == "000-row-markup"),
        "{comparison:?}"
    );
    let m = view::comparison(&comparison, Locale::En);
    let value = &m.embeds[0]
        .fields
        .iter()
        .find(|f| f.value.contains("spoiler"))
        .expect("the row's field")
        .value;
    let citation = Citation {
        source: "src".try_into().unwrap(),
        title: "A [masked](https://evil.example) title".into(),
        origin: "o".into(),
        as_of: None,
        snippet: MARKUP.map(|(quote, _)| quote).join(" "),
        entry: "e".try_into().unwrap(),
        kind: Kind::Passage,
        side: Some(Side::PyTorch),
    };
    let answer = Answer {
        question: "q".into(),
        answered: true,
        verdict: Some(Side::PyTorch),
        topic: None,
        topic_label: Some("||topic||".into()),
        intent: Intent::Compare,
        frame: versus_core::engine::Frame::Choice,
        language: Locale::En,
        answer: format!("Reasoning quoting {}", MARKUP[1].0),
        citations: vec![citation],
        votes: Vec::new(),
        disagreements: Vec::new(),
        alternative: None,
        known_topics: Vec::new(),
        unplaced: Vec::new(),
        parts: Vec::new(),
        generation: 1,
    };
    let a = view::answer(&answer);
    let shown_answer = &a.embeds[0];
    let texts = [
        value.clone(),
        shown_answer.description.clone().unwrap(),
        shown_answer.title.clone().unwrap(),
        shown_answer.fields[0].name.clone(),
        shown_answer.fields[0].value.clone(),
    ];
    for text in &texts {
        for (_, markup) in MARKUP {
            assert!(!text.contains(markup), "unescaped {markup:?} in {text:?}");
        }
        assert!(!text.contains("](http"), "a masked link in {text:?}");
    }
    // Escaped, not changed: with the escapes taken out the quotes read verbatim.
    for (quote, _) in MARKUP {
        assert!(as_shown(value).contains(quote), "{value}");
        assert!(as_shown(&texts[4]).contains(quote), "{}", texts[4]);
    }
    assert!(as_shown(&texts[1]).contains(MARKUP[1].0));
}
