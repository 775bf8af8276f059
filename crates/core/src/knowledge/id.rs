//! The ids of `faq/`: a source's, a topic's and an entry's, each its own type so that one is
//! never passed where another is meant, all held to the one rule of [`is_id`]. They serialize
//! as the bare string, so JSON that carries them reads exactly as it did when they were
//! `String`s.

use std::borrow::Borrow;
use std::fmt;

use serde::Serialize;

/// The longest id, in bytes, of a source, topic or entry. Ids are written into citations, logs
/// and replies, so they stay short enough to read; an imported entry's id is
/// `<source>-<kind>-<label slug of up to 48>` and must fit too, so a source id of up to ~36
/// characters always leaves room for its entries' ids.
pub const MAX_ID_LEN: usize = 100;

/// Whether `s` can be an id in `faq/`: lowercase ASCII letters, digits, `-` and `_`, 1 to
/// [`MAX_ID_LEN`] bytes. The one rule for source, topic and entry ids, in `faq/` and in import.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A string refused as an id by [`is_id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an id (lowercase letters, digits, `-` or `_`, at most {MAX_ID_LEN} bytes)")]
pub struct BadId(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id, when `s` passes [`is_id`].
            pub fn new(s: impl Into<String>) -> Result<$name, BadId> {
                let s = s.into();
                if is_id(&s) {
                    Ok($name(s))
                } else {
                    Err(BadId(s))
                }
            }

            /// The id as written in `faq/`.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // Read-only: a `&str` view cannot break the rule the id was made under.
        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // Lets a map keyed by ids be asked with a `&str`, as text from a question arrives.
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<&str> for $name {
            type Error = BadId;
            fn try_from(s: &str) -> Result<$name, BadId> {
                $name::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = BadId;
            fn try_from(s: String) -> Result<$name, BadId> {
                $name::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

id_type!(
    /// A source's id: its article's file name without extension.
    SourceId
);
id_type!(
    /// A topic's id, what entries' `topics` name.
    TopicId
);
id_type!(
    /// An entry's id, unique across `faq/`.
    EntryId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_one_rule() {
        assert!(EntryId::new("s1-row-gpu_2").is_ok());
        assert_eq!(
            TopicId::new("Mobile"),
            Err(BadId("Mobile".to_string())),
            "uppercase is refused"
        );
        assert!(SourceId::new("").is_err(), "empty is refused");
        assert!(SourceId::new("a".repeat(MAX_ID_LEN)).is_ok());
        assert!(
            SourceId::new("a".repeat(MAX_ID_LEN + 1)).is_err(),
            "over {MAX_ID_LEN} bytes is refused"
        );
    }

    #[test]
    fn an_id_serializes_as_its_string() {
        let id = TopicId::new("mobile").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"mobile\"");
        assert_eq!(
            serde_json::to_string(&Some(id)).unwrap(),
            serde_json::to_string(&Some("mobile")).unwrap()
        );
    }
}
