//! Personal data taken out of a question before it is stored: e-mail addresses, phone
//! numbers, card-like numbers, Discord mentions and raw ids, and URL query strings. What is
//! left still groups in /gaps ("[email]" reads as well as the address did), and nothing
//! typed by mistake is kept for the retention's 90 days.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Fewest digits in a run kept out of the log: phone numbers have 7 or more (without the
/// country code), Discord ids 17 to 19; versions and years ("2.15", "2024") have fewer.
const MIN_PRIVATE_DIGITS: usize = 7;
/// Card numbers have 13 to 19 digits (ISO/IEC 7812).
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;

/// A URL's query string or fragment (the address itself is kept: it says what was asked about).
static URL_QUERY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b((?:https?|ftp)://[^\s?#]*)[?#]\S*").expect("valid regex"));
/// An e-mail address (a plain `local@domain.tld`; the local part as RFC 5322's atoms allow).
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});
/// A Discord user, role or channel mention.
static MENTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:@[!&]?|#)\d+>").expect("valid regex"));
/// A run of digits, possibly grouped by spaces, dots, dashes or brackets (and a leading +).
static DIGIT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d(?:[ .\-()/]{0,2}\d)*\)?").expect("valid regex"));

/// `text` with personal data replaced by a placeholder naming its kind.
pub fn redact(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    // Each pattern only where its telltale is: most questions have none, and a byte scan is
    // far cheaper than a regex pass (the writer redacts every row).
    for (telltale, pattern, replacement) in [
        ("://", &*URL_QUERY, "${1}?[query]"),
        ("@", &*EMAIL, "[email]"),
        ("<", &*MENTION, "[mention]"),
    ] {
        if !out.contains(telltale) {
            continue;
        }
        if let Cow::Owned(s) = pattern.replace_all(&out, replacement) {
            out = Cow::Owned(s);
        }
    }
    if out.bytes().any(|b| b.is_ascii_digit()) {
        if let Cow::Owned(s) = DIGIT_RUN.replace_all(&out, |c: &Captures<'_>| digits(&c[0])) {
            out = Cow::Owned(s);
        }
    }
    out
}

/// A digit run as stored: kept when short, else a placeholder for what it looks like.
fn digits(run: &str) -> String {
    let n = run.bytes().filter(u8::is_ascii_digit).count();
    if n < MIN_PRIVATE_DIGITS {
        return run.to_owned();
    }
    let grouped = run.bytes().any(|b| !b.is_ascii_digit());
    let label = if CARD_DIGITS.contains(&n) && luhn(run) {
        "[card]"
    } else if grouped || n <= 15 {
        // Grouped digits, or a plain run no longer than E.164's 15: how phone numbers are typed.
        "[phone]"
    } else {
        "[id]"
    };
    label.to_owned()
}

/// Whether the digits of `s` pass the Luhn check every payment card number passes.
fn luhn(s: &str) -> bool {
    let sum: u32 = s
        .bytes()
        .rev()
        .filter(u8::is_ascii_digit)
        .map(|b| u32::from(b - b'0'))
        .enumerate()
        .map(|(i, d)| match (i % 2 == 1, d * 2) {
            (true, doubled) if doubled > 9 => doubled - 9,
            (true, doubled) => doubled,
            (false, _) => d,
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of `family`, put in a question, is stored as `placeholder` and nothing of it stays.
    fn redacts_all(family: &[&str], placeholder: &str) {
        for private in family {
            let question = format!("pytorch or tensorflow, asks {private} today?");
            let stored = redact(&question);
            assert!(stored.contains(placeholder), "{private:?} -> {stored:?}");
            let digits: String = private.chars().filter(char::is_ascii_digit).collect();
            assert!(
                !stored.contains(private) && (digits.len() < 4 || !stored.contains(&digits)),
                "{private:?} -> {stored:?}"
            );
            assert!(
                stored.starts_with("pytorch or tensorflow, asks "),
                "{stored:?}"
            );
            assert!(stored.ends_with(" today?"), "{stored:?}");
        }
    }

    #[test]
    fn email_addresses_are_redacted() {
        redacts_all(
            &[
                "jane.doe@example.com",
                "JOHN+tag@mail.example.co.uk",
                "a_b-c@sub.domain.io",
                "x@y.org",
                "first.last%dept@uni-example.edu",
                "o'brien@example.ie",
            ],
            "[email]",
        );
    }

    #[test]
    fn phone_numbers_are_redacted() {
        redacts_all(
            &[
                "+1 (555) 123-4567",
                "555-123-4567",
                "+44 20 7946 0958",
                "020 7946 0958",
                "+49 30 901820",
                "5551234567",
                "06 12 34 56 78",
                "+33.6.12.34.56.78",
            ],
            "[phone]",
        );
    }

    #[test]
    fn card_numbers_are_redacted_luhn_valid_or_not() {
        // Test numbers the card networks publish (all pass Luhn), grouped and not.
        redacts_all(
            &[
                "4111 1111 1111 1111",
                "4111111111111111",
                "5500-0000-0000-0004",
                "3400 000000 00009",
                "6011000000000004",
                "4222222222222",
            ],
            "[card]",
        );
        for not_luhn in ["4111 1111 1111 1112", "1234567890123456789"] {
            let stored = redact(not_luhn);
            assert!(stored.starts_with('['), "{not_luhn:?} -> {stored:?}");
        }
    }

    #[test]
    fn discord_mentions_and_raw_ids_are_redacted() {
        redacts_all(
            &[
                "<@80351110224678912>",
                "<@!80351110224678912>",
                "<@&123456789012345678>",
                "<#1098765432109876543>",
            ],
            "[mention]",
        );
        redacts_all(
            &[
                "80351110224678912",
                "1098765432109876543",
                "123456789012345678",
            ],
            "[",
        );
    }

    #[test]
    fn url_query_strings_are_redacted_and_the_address_kept() {
        for (url, kept) in [
            (
                "https://example.com/reset?token=abc123&email=a%40b.c",
                "https://example.com/reset",
            ),
            (
                "http://shop.example/cart#session=xyz",
                "http://shop.example/cart",
            ),
            (
                "https://colab.research.google.com/drive/abc?authuser=2",
                "https://colab.research.google.com/drive/abc",
            ),
            ("HTTPS://Example.COM/?q=me", "HTTPS://Example.COM/"),
        ] {
            let stored = redact(url);
            assert_eq!(stored, format!("{kept}?[query]"), "{url:?}");
        }
    }

    #[test]
    fn ordinary_questions_are_kept_as_they_are() {
        for question in [
            "TensorFlow 2.15 or PyTorch 2.1 for mobile?",
            "is cuda 12.1 faster than 11.8 in 2024",
            "batch size 256, 8 gpus, 1e-4 learning rate",
            "pytorch vs tensorflow https://pytorch.org/docs/stable/index.html",
            "what about jax@home",
        ] {
            assert_eq!(redact(question), question);
        }
    }
}
