//! Dates: a moment in UTC from `SOURCE_DATE_EPOCH` or a front matter date,
//! and the ways the outputs spell it. The calendar arithmetic is the `time`
//! crate's.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// A calendar date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(PrimitiveDateTime);

impl Stamp {
    /// The moment `seconds` after 1970-01-01 UTC (as `SOURCE_DATE_EPOCH`
    /// gives them); outside the years `time` covers (±9999), the nearest end.
    pub fn from_epoch(seconds: i64) -> Stamp {
        let moment = OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(if seconds < 0 {
            PrimitiveDateTime::MIN.assume_utc()
        } else {
            PrimitiveDateTime::MAX.assume_utc()
        });
        Stamp(PrimitiveDateTime::new(moment.date(), moment.time()))
    }

    /// A front matter date: `YYYY-MM-DD`, optionally followed by a time we
    /// ignore; midnight of that day.
    pub fn from_date(text: &str) -> Option<Stamp> {
        let head = text.trim().get(..10)?;
        let bytes = head.as_bytes();
        if !head.is_ascii() || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: i32 = head[..4].parse().ok()?;
        let month: u8 = head[5..7].parse().ok()?;
        let day: u8 = head[8..10].parse().ok()?;
        if year < 1 {
            return None;
        }
        let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
        Some(Stamp(PrimitiveDateTime::new(date, Time::MIDNIGHT)))
    }

    pub fn year(&self) -> i32 {
        self.0.year()
    }
    pub fn month(&self) -> u8 {
        self.0.month().into()
    }
    pub fn day_of_month(&self) -> u8 {
        self.0.day()
    }
    pub fn hour(&self) -> u8 {
        self.0.hour()
    }
    pub fn minute(&self) -> u8 {
        self.0.minute()
    }
    pub fn second(&self) -> u8 {
        self.0.second()
    }

    /// Seconds since 1970-01-01 UTC.
    pub fn unix_seconds(&self) -> i64 {
        self.0.assume_utc().unix_timestamp()
    }

    /// `2023-11-14T22:13:20Z` (W3C date-time, EPUB's `dcterms:modified`).
    pub fn w3c(&self) -> String {
        format!(
            "{}T{:02}:{:02}:{:02}Z",
            self.day(),
            self.hour(),
            self.minute(),
            self.second()
        )
    }

    /// `2023-11-14`.
    pub fn day(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day_of_month()
        )
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org's variable), when it is set
/// to a number of seconds: the date every output carries instead of now.
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse::<i64>()
        .ok()
}

/// A calendar date (`YYYY-MM-DD`, UTC) from seconds since 1970, as
/// `SOURCE_DATE_EPOCH` gives them.
pub fn date_from_epoch(seconds: i64) -> String {
    Stamp::from_epoch(seconds).day()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_become_dates() {
        assert_eq!(date_from_epoch(0), "1970-01-01");
        assert_eq!(date_from_epoch(1_700_000_000), "2023-11-14");
        assert_eq!(date_from_epoch(951_782_400), "2000-02-29");
        assert_eq!(
            Stamp::from_epoch(1_700_000_000).w3c(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(Stamp::from_epoch(0).w3c(), "1970-01-01T00:00:00Z");
        assert_eq!(Stamp::from_epoch(i64::MAX).year(), 9999);
    }

    #[test]
    fn front_matter_dates() {
        assert_eq!(
            Stamp::from_date("2024-05-17").map(|s| s.day()).as_deref(),
            Some("2024-05-17")
        );
        assert_eq!(
            Stamp::from_date("2024-05-17T10:00")
                .map(|s| s.w3c())
                .as_deref(),
            Some("2024-05-17T00:00:00Z")
        );
        assert_eq!(Stamp::from_date("May 2024"), None);
        assert_eq!(Stamp::from_date("2024-02-30"), None);
        assert_eq!(Stamp::from_date("2024-13-01"), None);
    }
}
