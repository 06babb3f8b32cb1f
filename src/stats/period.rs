//! Reporting periods: the 6-month period (report due 20 May) and the year (report due 20
//! November), both ending on the cut-off days of `site.yaml` `bao_cao`, and calendar months
//! for the monthly table. Parses `--ky 2026-6T` / `--ky 2026`.

use crate::config::ReportCutoffs;
use crate::vi::Date;
use serde::Serialize;

/// Which report a period belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    SauThang,
    Nam,
    Thang,
}

/// A closed date range with its names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
    /// `2026-6T`, `2026`, `2026-05`: the `--ky` spelling, also used in data attributes.
    pub code: String,
    /// `6 tháng đầu năm 2026`, `Năm 2026`, `Tháng 5/2026` (as `ky_bao_cao` is written).
    pub label: String,
    pub start: Date,
    pub end: Date,
}

impl Period {
    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// "từ ngày 16/11/2025 đến ngày 15/05/2026".
    pub fn range_text(&self) -> String {
        format!("từ ngày {} đến ngày {}", self.start.dmy(), self.end.dmy())
    }

    /// The 6-month period of report year `year`: the day after last year's yearly cut-off to
    /// this year's 6-month cut-off.
    pub fn half_year(year: i32, c: &ReportCutoffs) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::SauThang,
            year,
            code: format!("{year}-6T"),
            label: format!("6 tháng đầu năm {year}"),
            start: day_after(cutoff(year - 1, c.chot_nam)?)?,
            end: cutoff(year, c.chot_6_thang)?,
        })
    }

    /// The report year `year`: the day after last year's yearly cut-off to this year's.
    pub fn year(year: i32, c: &ReportCutoffs) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::Nam,
            year,
            code: year.to_string(),
            label: format!("Năm {year}"),
            start: day_after(cutoff(year - 1, c.chot_nam)?)?,
            end: cutoff(year, c.chot_nam)?,
        })
    }

    /// A calendar month.
    pub fn month(year: i32, month: u8) -> Option<Period> {
        let start = Date::from_ymd(year, month, 1)?;
        let m = time::Month::try_from(month).ok()?;
        let end = Date::from_ymd(year, month, m.length(year))?;
        Some(Period {
            kind: PeriodKind::Thang,
            year,
            code: format!("{year}-{month:02}"),
            label: format!("Tháng {month}/{year}"),
            start,
            end,
        })
    }
}

fn cutoff(year: i32, (day, month): (u8, u8)) -> Option<Date> {
    Date::from_ymd(year, month, day)
}

fn day_after(d: Date) -> Option<Date> {
    d.0.next_day().map(Date)
}

/// The report year a date falls in: dates after the yearly cut-off count for the next year.
pub fn report_year(d: Date, c: &ReportCutoffs) -> i32 {
    match cutoff(d.year(), c.chot_nam) {
        Some(end) if d > end => d.year() + 1,
        _ => d.year(),
    }
}

/// `15/05` or `15/5` → (15, 5), when that day exists in every year (29/02 does not).
pub fn parse_day_month(s: &str) -> Option<(u8, u8)> {
    let (d, m) = s.trim().split_once('/')?;
    let all_digits =
        |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(d) || !all_digits(m) {
        return None;
    }
    let (d, m): (u8, u8) = (d.parse().ok()?, m.parse().ok()?);
    // 2023 is not a leap year: a day valid in it is valid every year.
    Date::from_ymd(2023, m, d).map(|_| (d, m))
}

/// `--ky`: `2026-6T` (also `2026-6t`, `6T-2026`) or `2026`.
pub fn parse_ky(s: &str, c: &ReportCutoffs) -> Result<Period, String> {
    let t = s.trim().to_uppercase();
    let year_of = |y: &str| -> Option<i32> {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse().ok())
            .flatten()
    };
    let found = if let Some(y) = t.strip_suffix("-6T").or_else(|| t.strip_prefix("6T-")) {
        year_of(y).and_then(|y| Period::half_year(y, c))
    } else {
        year_of(&t).and_then(|y| Period::year(y, c))
    };
    found.ok_or_else(|| {
        format!(
            "kỳ báo cáo \"{s}\" không hợp lệ: viết `2026-6T` cho báo cáo 6 tháng (nộp 20/5) hoặc `2026` cho báo cáo năm (nộp 20/11)."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn periods_end_on_the_cut_offs() {
        let c = ReportCutoffs::default();
        let h = parse_ky("2026-6T", &c).unwrap();
        assert_eq!((h.start, h.end), (d("2025-11-16"), d("2026-05-15")));
        assert_eq!(h.label, "6 tháng đầu năm 2026");
        let y = parse_ky("2026", &c).unwrap();
        assert_eq!((y.start, y.end), (d("2025-11-16"), d("2026-11-15")));
        assert!(y.contains(d("2026-11-15")) && !y.contains(d("2026-11-16")));
        let other = ReportCutoffs {
            chot_6_thang: (14, 6),
            chot_nam: (14, 12),
        };
        let h = parse_ky("6t-2027", &other).unwrap();
        assert_eq!((h.start, h.end), (d("2026-12-15"), d("2027-06-14")));
        assert!(parse_ky("2026-7T", &c).is_err());
        assert!(parse_ky("26", &c).is_err());
    }

    #[test]
    fn day_month_and_report_year() {
        assert_eq!(parse_day_month("15/05"), Some((15, 5)));
        assert_eq!(parse_day_month("1/12"), Some((1, 12)));
        assert_eq!(parse_day_month("29/02"), None);
        assert_eq!(parse_day_month("31/04"), None);
        assert_eq!(parse_day_month("2026-05-15"), None);
        let c = ReportCutoffs::default();
        assert_eq!(report_year(d("2026-11-15"), &c), 2026);
        assert_eq!(report_year(d("2026-11-16"), &c), 2027);
        let m = Period::month(2024, 2).unwrap();
        assert_eq!(m.end, d("2024-02-29"));
    }
}
