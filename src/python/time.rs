//! UTC timestamps in the ISO 8601 forms the AWS tools write (`2026-12-01T06:00:00Z`,
//! `...+00:00`, fractions of a second), read as `dateutil.parser.parse` reads them for these
//! forms, and written back.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn number(text: &str) -> Option<i64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Seconds since the epoch of `YYYY-MM-DD[T ]HH:MM:SS[.frac](Z|±HH:MM|±HHMM)`; a time without
/// a zone is UTC. `None` for anything else.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let [year, month, day]: [&str; 3] = date.split('-').collect::<Vec<_>>().try_into().ok()?;
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let clock = clock.split('.').next()?;
    let [hour, minute, second]: [&str; 3] = clock.split(':').collect::<Vec<_>>().try_into().ok()?;
    let (hour, minute, second) = (number(hour)?, number(minute)?, number(second)?);
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 {
                return None;
            }
            sign * (number(&digits[..2])? * 3600 + number(&digits[2..])? * 60)
        }
    };
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
    })
}

/// `seconds` since the epoch as a `SystemTime`.
pub fn from_unix(seconds: i64) -> SystemTime {
    match u64::try_from(seconds) {
        Ok(after) => UNIX_EPOCH + Duration::from_secs(after),
        Err(_) => UNIX_EPOCH - Duration::from_secs(seconds.unsigned_abs()),
    }
}

/// Whole seconds since the epoch of `time` (negative before it).
pub fn to_unix(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` of whole seconds since the epoch.
pub fn format_utc(seconds: i64) -> String {
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_the_aws_tools_write() {
        assert_eq!(parse_iso8601("2026-12-01T06:00:00Z"), Some(1_796_104_800));
        assert_eq!(
            parse_iso8601("2026-12-01T06:00:00+00:00"),
            Some(1_796_104_800)
        );
        assert_eq!(
            parse_iso8601("2026-12-01T07:30:00+01:30"),
            Some(1_796_104_800)
        );
        assert_eq!(
            parse_iso8601("2026-12-01T06:00:00.123456Z"),
            Some(1_796_104_800)
        );
        assert_eq!(parse_iso8601("2026-12-01 06:00:00"), Some(1_796_104_800));
        assert_eq!(parse_iso8601("1969-12-31T23:59:59Z"), Some(-1));
        for bad in [
            "soon",
            "",
            "2026-13-01T00:00:00Z",
            "2026-12-01",
            "2026-12-01T06:00Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn writes_whole_utc_seconds() {
        assert_eq!(format_utc(1_796_104_800), "2026-12-01T06:00:00Z");
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        for seconds in [-86_401, 0, 1, 68_169_600, 4_102_444_799] {
            assert_eq!(parse_iso8601(&format_utc(seconds)), Some(seconds));
        }
        assert_eq!(to_unix(from_unix(-5)), -5);
    }
}
