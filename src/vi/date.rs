//! Calendar dates as the content format writes them (`YYYY-MM-DD`) and as Vietnamese readers
//! expect them: `dd/mm/yyyy` in tables, "ngày 05 tháng 3 năm 2020" in prose (ND 30/2020),
//! RFC 822 / RFC 3339 at +07:00 in feeds.

use std::fmt;

/// A date without time; feeds place it at 00:00 +07:00 (Asia/Ho_Chi_Minh).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub time::Date);

impl Date {
    /// Parses `YYYY-MM-DD` exactly (zero-padded); anything else is `None`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i32> {
            let part = &s[r];
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
        time::Date::from_calendar_date(y, month, u8::try_from(d).ok()?)
            .ok()
            .map(Date)
    }

    pub fn from_ymd(y: i32, m: u8, d: u8) -> Option<Date> {
        time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d)
            .ok()
            .map(Date)
    }

    /// Today in Vietnam (UTC+7), whatever the machine's zone; the day of `SOURCE_DATE_EPOCH`
    /// when set, so two builds of the same input are byte-identical.
    pub fn today_vn() -> Date {
        Date(build_time().to_offset(time::macros::offset!(+7)).date())
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// `2020-03-05`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }

    /// `05/03/2020` (A7-01).
    pub fn dmy(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day(), self.month(), self.year())
    }

    /// `ngày 05 tháng 3 năm 2020`; the month is zero-padded only for 1 and 2 (A7-02).
    pub fn prose(self) -> String {
        let m = self.month();
        let month = if m <= 2 {
            format!("{m:02}")
        } else {
            m.to_string()
        };
        format!("ngày {:02} tháng {month} năm {}", self.day(), self.year())
    }

    /// `Thu, 05 Mar 2020 00:00:00 +0700` (RSS 2.0 pubDate).
    pub fn rfc822(self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let wd = DAYS[self.0.weekday().number_days_from_monday() as usize];
        format!(
            "{wd}, {:02} {} {:04} 00:00:00 +0700",
            self.day(),
            MONTHS[self.month() as usize - 1],
            self.year()
        )
    }

    /// `2020-03-05T00:00:00+07:00` (Atom `updated`).
    pub fn rfc3339(self) -> String {
        format!("{}T00:00:00+07:00", self.iso())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// The moment a build says it was made: `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds
/// convention) when set and valid, otherwise now.
pub fn build_time() -> time::OffsetDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_nd30() {
        let d = Date::parse_iso("2020-03-05").unwrap();
        assert_eq!(d.dmy(), "05/03/2020");
        assert_eq!(d.prose(), "ngày 05 tháng 3 năm 2020");
        assert_eq!(
            Date::parse_iso("2020-01-29").unwrap().prose(),
            "ngày 29 tháng 01 năm 2020"
        );
        assert_eq!(
            Date::parse_iso("2019-06-27").unwrap().prose(),
            "ngày 27 tháng 6 năm 2019"
        );
        assert_eq!(d.rfc822(), "Thu, 05 Mar 2020 00:00:00 +0700");
        assert_eq!(d.rfc3339(), "2020-03-05T00:00:00+07:00");
    }

    #[test]
    fn rejects_malformed_dates() {
        for bad in [
            "2020-13-01",
            "2020-02-30",
            "2020-3-5",
            "05/03/2020",
            "2020-03-05x",
            "",
            "２０２０-03-05",
        ] {
            assert!(Date::parse_iso(bad).is_none(), "{bad}");
        }
    }
}
