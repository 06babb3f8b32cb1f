//! The site.yaml settings `check` reads (kept in `config.extra`, so `build` ignores them):
//!
//! ```yaml
//! kiem_tra:                          # A4-07, in working days (Mon–Fri, minus public holidays)
//!   han_dang_van_ban_cua_co_quan: 2  # documents the site owner issued
//!   han_dang_van_ban_khac: 10        # other documents
//!   han_tai_lieu_luat_moi: 15        # material about a newly issued document
//!   han_tra_loi_hoi_dap: 15          # answer after the question was sent
//!   ngay_nghi: [2026-02-16, 2026-02-17]  # extra days off (Tết, compensatory days)
//! may_chu_ngoai: [www.youtube-nocookie.com]  # third-party hosts pages may load from (A4-16)
//! ```
//!
//! A malformed value is reported (rule ND-01) and the default is used.

use super::Finding;
use crate::model::Site;
use crate::vi::Date;
use std::collections::HashSet;

#[derive(Debug, Clone)]
pub struct CheckSettings {
    pub own_document_days: i64,
    pub other_document_days: i64,
    pub new_law_material_days: i64,
    pub answer_days: i64,
    pub days_off: HashSet<Date>,
    /// Lower-case host names.
    pub allowed_hosts: Vec<String>,
}

impl Default for CheckSettings {
    /// The deadlines of ND 43/2011 Điều 17 (historical; domain-vn A4-07).
    fn default() -> Self {
        CheckSettings {
            own_document_days: 2,
            other_document_days: 10,
            new_law_material_days: 15,
            answer_days: 15,
            days_off: HashSet::new(),
            allowed_hosts: Vec::new(),
        }
    }
}

const SITE_YAML: &str = "site.yaml";

impl CheckSettings {
    pub fn from_site(site: &Site, findings: &mut Vec<Finding>) -> Self {
        let mut s = CheckSettings::default();
        let extra = &site.config.extra;
        if let Some(k) = extra.get("kiem_tra") {
            match k.as_object() {
                Some(map) => {
                    for (key, slot) in [
                        ("han_dang_van_ban_cua_co_quan", &mut s.own_document_days),
                        ("han_dang_van_ban_khac", &mut s.other_document_days),
                        ("han_tai_lieu_luat_moi", &mut s.new_law_material_days),
                        ("han_tra_loi_hoi_dap", &mut s.answer_days),
                    ] {
                        if let Some(v) = map.get(key) {
                            match v.as_i64().filter(|n| *n >= 0) {
                                Some(n) => *slot = n,
                                None => findings.push(bad(
                                    &format!("kiem_tra.{key}"),
                                    "một số ngày làm việc, ví dụ `15`",
                                )),
                            }
                        }
                    }
                    if let Some(v) = map.get("ngay_nghi") {
                        s.days_off = days_off(v, findings);
                    }
                }
                None => findings.push(bad(
                    "kiem_tra",
                    "một nhóm khóa, ví dụ `han_tra_loi_hoi_dap: 15`",
                )),
            }
        }
        if let Some(v) = extra.get("may_chu_ngoai") {
            match v.as_array() {
                Some(list) => {
                    s.allowed_hosts = list
                        .iter()
                        .filter_map(|h| h.as_str())
                        .map(|h| {
                            h.trim()
                                .trim_start_matches("https://")
                                .trim_end_matches('/')
                                .to_ascii_lowercase()
                        })
                        .collect()
                }
                None => findings.push(bad(
                    "may_chu_ngoai",
                    "một danh sách tên máy chủ, ví dụ `[www.youtube-nocookie.com]`",
                )),
            }
        }
        s
    }

    /// Working days from `from` (exclusive) to `to` (inclusive); 0 when `to` is not later.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let mut n = 0;
        let mut d = from.0;
        while d < to.0 {
            d = d.next_day().unwrap_or(d);
            if self.is_working_day(Date(d)) {
                n += 1;
            }
        }
        n
    }

    fn is_working_day(&self, d: Date) -> bool {
        use time::Weekday::{Saturday, Sunday};
        if matches!(d.0.weekday(), Saturday | Sunday) || self.days_off.contains(&d) {
            return false;
        }
        // Fixed solar public holidays of Bộ luật Lao động 2019 Điều 112. Tết, Giỗ Tổ (lunar)
        // and the day next to 2/9 change every year: list them under `kiem_tra.ngay_nghi`.
        !matches!((d.month(), d.day()), (1, 1) | (4, 30) | (5, 1) | (9, 2))
    }
}

fn days_off(v: &serde_json::Value, findings: &mut Vec<Finding>) -> HashSet<Date> {
    let Some(list) = v.as_array() else {
        findings.push(bad(
            "kiem_tra.ngay_nghi",
            "một danh sách ngày dạng YYYY-MM-DD",
        ));
        return HashSet::new();
    };
    let mut out = HashSet::new();
    for d in list {
        match d.as_str().and_then(Date::parse_iso) {
            Some(d) => {
                out.insert(d);
            }
            None => findings.push(bad(
                "kiem_tra.ngay_nghi",
                "ngày dạng YYYY-MM-DD, ví dụ `2026-02-16`",
            )),
        }
    }
    out
}

fn bad(key: &str, expected: &str) -> Finding {
    Finding::error(
        "ND-01",
        SITE_YAML,
        format!("giá trị không đúng dạng, cần {expected}"),
    )
    .field(key)
    .fix(format!(
        "sửa `{key}` trong site.yaml thành {expected}, hoặc xóa dòng này để dùng giá trị mặc định"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let s = CheckSettings::default();
        let d = |t: &str| Date::parse_iso(t).unwrap();
        // Fri 24/4/2026 → Thu 30/4 (holiday) and Fri 1/5: Mon 27, Tue 28, Wed 29 only.
        assert_eq!(s.working_days_between(d("2026-04-24"), d("2026-05-03")), 3);
        assert_eq!(s.working_days_between(d("2026-05-04"), d("2026-05-04")), 0);
        assert_eq!(s.working_days_between(d("2026-05-04"), d("2026-05-11")), 5);
    }
}
