//! Which gateway shards this process runs: all the shards Discord recommends (the default), or a
//! range of a fixed total so that several processes, on several machines, split one bot. A
//! StatefulSet replica finds its range from its ordinal.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// The shard ids a process is asked to run (`shard_ids`, `--shard-ids`): `first..=last`, read
/// once from `"A-B"` or `"A"`; [`plan`] checks them against the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardIds {
    /// The first shard id.
    pub first: u32,
    /// The last shard id (inclusive, never below `first`).
    pub last: u32,
}

impl FromStr for ShardIds {
    type Err = ShardError;

    fn from_str(text: &str) -> Result<ShardIds, ShardError> {
        let (first, last) = parse_ids(text.trim())?;
        if first > last {
            return Err(ShardError::Backwards(text.trim().to_string()));
        }
        Ok(ShardIds { first, last })
    }
}

impl ShardIds {
    /// Shard ids as a setting gives them: blank (the default, all shards) is `None`.
    pub fn parse_setting(text: &str) -> Result<Option<ShardIds>, ShardError> {
        match text.trim() {
            "" => Ok(None),
            text => text.parse().map(Some),
        }
    }
}

impl fmt::Display for ShardIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.first, self.last)
    }
}

/// The shards of one process, as settings ask for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardPlan {
    /// As many shards as `GET /gateway/bot` recommends, all in this process.
    Recommended,
    /// Shards `first..=last` of `total`.
    Fixed {
        /// The bot's total shard count (every process must agree on it).
        total: u32,
        /// The first shard id this process runs.
        first: u32,
        /// The last shard id this process runs (inclusive).
        last: u32,
    },
}

/// The shards a running process has: a range of a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    /// The first shard id.
    pub first: u32,
    /// The last shard id (inclusive).
    pub last: u32,
    /// The total shard count of the bot.
    pub total: u32,
}

impl ShardRange {
    /// All of `total` shards.
    pub fn all(total: u32) -> ShardRange {
        ShardRange {
            first: 0,
            last: total.saturating_sub(1),
            total,
        }
    }

    /// The shard ids of this process.
    pub fn ids(self) -> RangeInclusive<u32> {
        self.first..=self.last
    }
}

impl fmt::Display for ShardRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{} of {}", self.first, self.last, self.total)
    }
}

/// Why shard settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// `shard_ids` is not `A-B` or `A`.
    #[error("shard_ids {0:?} is not a range like \"0-3\" or a single id like \"2\"")]
    Syntax(String),
    /// A range whose last id is below its first.
    #[error("shard_ids {0:?} runs backwards: give the lower id first, like \"1-3\"")]
    Backwards(String),
    /// A range without a total: processes would each take Discord's recommendation, which can
    /// differ between them and leave guilds unserved.
    #[error(
        "shard_ids {0:?} needs shards, the bot's total shard count, set too (e.g. shards = 4)"
    )]
    NoTotal(String),
    /// The range runs backwards or past the total.
    #[error("shard_ids {ids:?} is not within shards 0-{} of {total}", total.saturating_sub(1))]
    OutOfRange {
        /// The range as given.
        ids: String,
        /// The total.
        total: u32,
    },
    /// An ordinal without a per-process count, or the other way round.
    #[error("a shard ordinal needs shards_per_process too (VERSUS_SHARD_ORDINAL with VERSUS_SHARDS_PER_PROCESS)")]
    OrdinalAlone,
    /// Both a range and an ordinal: which one wins would be a guess.
    #[error("give shard_ids or a shard ordinal, not both")]
    Both,
}

/// The plan for `total` shards (0 = recommended) and `ids` (`None` = all); a StatefulSet replica
/// passes its `ordinal` and `per_process` instead of `ids`: replica n runs shards
/// `n*per_process ..= n*per_process + per_process - 1`.
pub fn plan(
    total: u32,
    ids: Option<ShardIds>,
    ordinal: Option<u32>,
    per_process: Option<u32>,
) -> Result<ShardPlan, ShardError> {
    let ids = match (ordinal, per_process.filter(|&k| k > 0)) {
        (None, None) => ids,
        (Some(n), Some(k)) if ids.is_none() => {
            let first = n.saturating_mul(k);
            Some(ShardIds {
                first,
                last: first.saturating_add(k - 1),
            })
        }
        (Some(_), Some(_)) => return Err(ShardError::Both),
        _ => return Err(ShardError::OrdinalAlone),
    };
    let Some(ids @ ShardIds { first, last }) = ids else {
        return Ok(match total {
            0 => ShardPlan::Recommended,
            total => ShardPlan::Fixed {
                total,
                first: 0,
                last: total - 1,
            },
        });
    };
    if total == 0 {
        return Err(ShardError::NoTotal(ids.to_string()));
    }
    if last >= total {
        return Err(ShardError::OutOfRange {
            ids: ids.to_string(),
            total,
        });
    }
    Ok(ShardPlan::Fixed { total, first, last })
}

fn parse_ids(ids: &str) -> Result<(u32, u32), ShardError> {
    let number = |s: &str| {
        s.trim()
            .parse::<u32>()
            .map_err(|_| ShardError::Syntax(ids.to_string()))
    };
    match ids.split_once('-') {
        Some((a, b)) => Ok((number(a)?, number(b)?)),
        None => {
            let a = number(ids)?;
            Ok((a, a))
        }
    }
}

/// A StatefulSet ordinal from `value`: a number, or a pod name ending in `-<number>` (what
/// `metadata.name` gives every Kubernetes version).
pub fn parse_ordinal(value: &str) -> Result<u32, String> {
    let tail = value.trim().rsplit('-').next().unwrap_or("");
    tail.parse::<u32>().map_err(|_| {
        format!(
            "{value:?} is neither a number nor a pod name ending in -<ordinal> (like versus-bot-2)"
        )
    })
}

/// What to tell the operator when Discord closes a shard with 4011: this process must shard,
/// or shard more.
pub fn sharding_required_advice(range: ShardRange) -> String {
    format!(
        "discord closed the gateway with 4011 (sharding required): the bot is in too many guilds for {} shard(s). \
         Remove `shards` (and `shard_ids`) from [discord] in config.toml to use the count Discord recommends, \
         or set shards to a larger total (at most 2,500 guilds per shard; Discord recommends one per 1,000)",
        range.total
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `plan` over shard ids as the settings give them (`""` = none).
    fn plan_text(
        total: u32,
        ids: &str,
        ordinal: Option<u32>,
        per_process: Option<u32>,
    ) -> Result<ShardPlan, ShardError> {
        plan(total, ShardIds::parse_setting(ids)?, ordinal, per_process)
    }

    #[test]
    fn shard_ids_parse_ranges_and_single_ids_and_refuse_the_rest() {
        assert_eq!("1-3".parse(), Ok(ShardIds { first: 1, last: 3 }));
        assert_eq!(" 2 ".parse(), Ok(ShardIds { first: 2, last: 2 }));
        assert_eq!(
            "3-1".parse::<ShardIds>(),
            Err(ShardError::Backwards("3-1".into()))
        );
        for bad in ["x", "1-", "-1", "1-2-3", "a-b"] {
            let err = bad.parse::<ShardIds>().unwrap_err();
            assert!(matches!(err, ShardError::Syntax(_)), "{bad}: {err}");
            assert!(err.to_string().contains("shard_ids"), "{err}");
        }
        assert_eq!(ShardIds { first: 0, last: 1 }.to_string(), "0-1");
    }

    #[test]
    fn no_settings_means_the_recommended_count() {
        assert_eq!(plan_text(0, "", None, None), Ok(ShardPlan::Recommended));
        assert_eq!(
            plan_text(4, " ", None, None),
            Ok(ShardPlan::Fixed {
                total: 4,
                first: 0,
                last: 3
            })
        );
    }

    #[test]
    fn ranges_and_single_ids_are_read_within_the_total() {
        assert_eq!(
            plan_text(4, "1-2", None, None),
            Ok(ShardPlan::Fixed {
                total: 4,
                first: 1,
                last: 2
            })
        );
        assert_eq!(
            plan_text(2, "1", None, None),
            Ok(ShardPlan::Fixed {
                total: 2,
                first: 1,
                last: 1
            })
        );
        assert!(matches!(
            plan_text(2, "1-2", None, None),
            Err(ShardError::OutOfRange { .. })
        ));
        assert!(matches!(
            plan_text(4, "3-1", None, None),
            Err(ShardError::Backwards(_))
        ));
        assert!(matches!(
            plan_text(4, "a-b", None, None),
            Err(ShardError::Syntax(_))
        ));
        assert!(matches!(
            plan_text(0, "0-1", None, None),
            Err(ShardError::NoTotal(_))
        ));
    }

    #[test]
    fn an_ordinal_picks_its_block_of_shards() {
        assert_eq!(
            plan_text(8, "", Some(2), Some(2)),
            Ok(ShardPlan::Fixed {
                total: 8,
                first: 4,
                last: 5
            })
        );
        assert!(matches!(
            plan_text(8, "", Some(4), Some(2)),
            Err(ShardError::OutOfRange { .. })
        ));
        assert_eq!(
            plan_text(8, "", Some(1), None),
            Err(ShardError::OrdinalAlone)
        );
        assert_eq!(plan_text(8, "0-1", Some(1), Some(2)), Err(ShardError::Both));
    }

    #[test]
    fn ordinals_come_from_numbers_or_pod_names() {
        assert_eq!(parse_ordinal("3"), Ok(3));
        assert_eq!(parse_ordinal("versus-bot-12"), Ok(12));
        assert!(parse_ordinal("versus-bot").is_err());
    }

    #[test]
    fn the_4011_advice_says_what_to_set() {
        let advice = sharding_required_advice(ShardRange::all(1));
        assert!(advice.contains("4011") && advice.contains("sharding required"));
        assert!(advice.contains("shards"));
    }
}
