//! The language files against English, and the language of questions.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Each message of a file and the variables (`$name`) and messages it refers to.
fn messages(locale: Locale) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(source(locale)) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{locale}.ftl does not parse: {errors:?}"),
    };
    let mut out = BTreeMap::new();
    for entry in &resource.body {
        if let Entry::Message(m) = entry {
            let mut refs = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_refs(p, &mut refs);
            }
            let fresh = out.insert(m.id.name.to_string(), refs).is_none();
            assert!(fresh, "{locale}.ftl has `{}` twice", m.id.name);
        }
    }
    out
}

fn pattern_refs(p: &Pattern<&str>, refs: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let PatternElement::Placeable { expression } = e {
            expression_refs(expression, refs);
        }
    }
}

fn expression_refs(e: &Expression<&str>, refs: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_refs(selector, refs);
            for v in variants {
                pattern_refs(&v.value, refs);
            }
        }
        Expression::Inline(i) => inline_refs(i, refs),
    }
}

fn inline_refs(e: &InlineExpression<&str>, refs: &mut BTreeSet<String>) {
    match e {
        InlineExpression::VariableReference { id } => {
            refs.insert(format!("${}", id.name));
        }
        InlineExpression::MessageReference { id, .. } => {
            refs.insert(id.name.to_string());
        }
        InlineExpression::TermReference {
            arguments: Some(args),
            ..
        }
        | InlineExpression::FunctionReference {
            arguments: args, ..
        } => {
            for a in &args.positional {
                inline_refs(a, refs);
            }
            for a in &args.named {
                inline_refs(&a.value, refs);
            }
        }
        InlineExpression::Placeable { expression } => expression_refs(expression, refs),
        _ => {}
    }
}

#[test]
fn every_language_has_every_english_message_with_the_same_placeholders() {
    let english = messages(Locale::En);
    assert!(english.len() > 50, "en.ftl has {} messages", english.len());
    for locale in &Locale::ALL[1..] {
        let theirs = messages(*locale);
        for (id, refs) in &english {
            let Some(their_refs) = theirs.get(id) else {
                panic!("{locale}.ftl lacks `{id}`");
            };
            assert_eq!(
                their_refs, refs,
                "{locale}.ftl `{id}` has other placeholders"
            );
        }
        for id in theirs.keys() {
            assert!(
                english.contains_key(id),
                "{locale}.ftl has `{id}`, which en.ftl lacks"
            );
        }
    }
}

#[test]
fn every_file_parses_and_loads_without_an_error() {
    for locale in Locale::ALL {
        let resource = FluentResource::try_new(source(locale).to_string());
        assert!(
            resource.is_ok(),
            "{locale}.ftl: {:?}",
            resource.err().map(|e| e.1)
        );
        let mut b = FluentBundle::new_concurrent(vec![locale.tag().parse().unwrap()]);
        assert!(b.add_resource(resource.unwrap()).is_ok(), "{locale}.ftl");
    }
}

#[test]
fn every_message_formats_cleanly_in_every_language() {
    // Each message with every placeholder it names filled, plural counts of 1 and 3: no error,
    // nothing left unfilled, no isolation marks.
    let english = messages(Locale::En);
    for locale in Locale::ALL {
        for (id, refs) in &english {
            for n in [1usize, 3] {
                let vars: Vec<&str> = refs.iter().filter_map(|r| r.strip_prefix('$')).collect();
                let args: Vec<(&str, Arg<'_>)> = vars
                    .iter()
                    .map(|v| match *v {
                        "agreeing" | "total" | "seconds" | "count" | "shown" | "number" => {
                            (*v, Arg::Count(n))
                        }
                        "lean" => (*v, Arg::Text("pytorch")),
                        _ => (*v, Arg::Text("X")),
                    })
                    .collect();
                let s = text(locale, id, &args);
                assert!(!s.is_empty(), "{locale} {id}");
                assert!(
                    !s.contains('{') && !s.contains('\u{2068}'),
                    "{locale} {id}: {s}"
                );
            }
        }
    }
}

#[test]
fn plurals_follow_each_language() {
    let args = |n| [("seconds", Arg::Count(n))];
    assert!(text(Locale::De, "cooldown", &args(1)).contains("1 Sekunde "));
    assert!(text(Locale::De, "cooldown", &args(5)).contains("5 Sekunden "));
    assert!(text(Locale::Es, "cooldown", &args(2)).contains("2 segundos más"));
    assert_eq!(
        text(Locale::En, "cooldown", &args(2)),
        "You're asking quickly! Please wait 2 more second(s) before the next question."
    );
}

#[test]
fn a_list_is_joined_in_the_language_of_the_reply() {
    let words: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    assert_eq!(list(Locale::En, &words), "a, b and c");
    assert_eq!(list(Locale::De, &words[..2]), "a und b");
    assert_eq!(list(Locale::PtBr, &words[..1]), "a");
}

#[test]
fn locale_tags_read_discords_codes_and_plain_languages() {
    for (tag, want) in [
        ("es-ES", Some(Locale::Es)),
        ("es-419", Some(Locale::Es)),
        ("fr", Some(Locale::Fr)),
        ("de", Some(Locale::De)),
        ("pt-BR", Some(Locale::PtBr)),
        ("PT", Some(Locale::PtBr)),
        ("en-US", Some(Locale::En)),
        ("en-GB", Some(Locale::En)),
        ("ja", None),
        ("", None),
    ] {
        assert_eq!(Locale::from_tag(tag), want, "{tag}");
    }
    for l in Locale::ALL {
        assert_eq!(Locale::from_tag(l.tag()), Some(l));
        for code in l.discord_codes() {
            assert_eq!(Locale::from_tag(code), Some(l));
        }
    }
}

fn detected(q: &str) -> Locale {
    let cleaned = crate::engine::text::clean(q);
    let stopwords = crate::engine::testing::brain().stopwords();
    detect(&cleaned, &crate::engine::text::words(&cleaned), stopwords)
}

#[test]
fn a_question_is_answered_in_the_language_it_is_written_in() {
    for (q, want) in [
        ("TensorFlow or PyTorch for mobile apps?", Locale::En),
        ("which is better for research?", Locale::En),
        (
            "¿Cuál es mejor para producción, TensorFlow o PyTorch?",
            Locale::Es,
        ),
        ("TensorFlow o PyTorch para una app móvil", Locale::Es),
        (
            "Lequel est le meilleur pour la recherche, TensorFlow ou PyTorch ?",
            Locale::Fr,
        ),
        (
            "Quel framework choisir pour déployer sur mobile ?",
            Locale::Fr,
        ),
        (
            "Was ist besser für Forschung, TensorFlow oder PyTorch?",
            Locale::De,
        ),
        (
            "Welches Framework soll ich für mobile Apps nehmen?",
            Locale::De,
        ),
        (
            "Qual é melhor para pesquisa, TensorFlow ou PyTorch?",
            Locale::PtBr,
        ),
        ("Devo usar TensorFlow ou PyTorch em produção?", Locale::PtBr),
        ("pytorch", Locale::En),
        ("", Locale::En),
    ] {
        assert_eq!(detected(q), want, "{q}");
    }
}
