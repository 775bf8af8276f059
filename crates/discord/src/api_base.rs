//! `DISCORD_API_BASE`: another origin standing in for `https://discord.com` (a rate-limiting
//! proxy, or the tests' Discord stand-in). One parser for both transports, so they agree on what
//! a base URL means.

/// Discord's own origin.
pub const DISCORD_ORIGIN: &str = "https://discord.com";
/// The REST API version versus speaks, as a path under the origin.
pub const API_PATH: &str = "/api/v10";

/// A `DISCORD_API_BASE` that is not an http(s) origin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("DISCORD_API_BASE {0:?} is not an http(s) base URL such as http://127.0.0.1:8080")]
pub struct ApiBaseError(pub String);

/// The origin `base` stands for: a trailing `/`, `/api` or `/api/v10` is accepted and dropped.
pub fn api_origin(base: &str) -> Result<String, ApiBaseError> {
    let trimmed = base.trim().trim_end_matches('/');
    let origin = trimmed
        .strip_suffix(API_PATH)
        .or_else(|| trimmed.strip_suffix("/api"))
        .unwrap_or(trimmed);
    let host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match host {
        Some(h) if !h.is_empty() && !h.contains('/') => Ok(origin.to_string()),
        _ => Err(ApiBaseError(base.to_string())),
    }
}

/// The REST API root under `origin` (`https://discord.com/api/v10`).
pub fn api_root(origin: &str) -> String {
    format!("{origin}{API_PATH}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_accepts_an_origin_with_or_without_the_api_path() {
        for base in [
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "http://127.0.0.1:8080/api/v10",
            "http://127.0.0.1:8080/api",
        ] {
            assert_eq!(api_origin(base).unwrap(), "http://127.0.0.1:8080", "{base}");
        }
        for bad in ["127.0.0.1:8080", "ftp://x", "http://", "http://a/b"] {
            assert!(api_origin(bad).is_err(), "{bad}");
        }
        assert_eq!(api_root(DISCORD_ORIGIN), "https://discord.com/api/v10");
    }
}
