//! Unix seconds as the dates and times the pages show (UTC): a dozen lines of the standard
//! civil-from-days arithmetic instead of a date crate for one format.

/// Seconds in a day.
const DAY: i64 = 86_400;

/// `YYYY-MM-DD` of the UTC day holding `unix` seconds.
pub fn ymd(unix: i64) -> String {
    let (y, m, d) = civil(unix.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM UTC` of `unix` seconds.
pub fn ymd_hm(unix: i64) -> String {
    let secs = unix.rem_euclid(DAY);
    format!(
        "{} {:02}:{:02} UTC",
        ymd(unix),
        secs / 3600,
        secs % 3600 / 60
    )
}

/// Year, month, day of day number `days` since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(ymd(0), "1970-01-01");
        assert_eq!(ymd(951_782_400), "2000-02-29");
        assert_eq!(ymd(1_798_761_599), "2026-12-31");
        assert_eq!(ymd(-1), "1969-12-31");
        assert_eq!(ymd_hm(1_798_761_599), "2026-12-31 23:59 UTC");
    }
}
