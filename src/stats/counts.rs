//! The figures of the PBGDPL work for one period, counted from the content (never typed):
//! documents introduced, guidance documents, materials by kind, questions received and
//! answered with the median days to answer, dialogues, activities and their participants,
//! contests, and the báo cáo viên / tuyên truyền viên active at the period's end.
//! `Counts::rows` is the one list of labelled, formatted figures that the statistics page,
//! the report's Markdown, CSV and HTML all print, so they cannot disagree.

use super::period::Period;
use crate::model::{ItemData, Person, Site};
use crate::vi::{self, Date};
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub van_ban_gioi_thieu: u64,
    pub van_ban_chi_dao: u64,
    pub tai_lieu: u64,
    /// (loại tài liệu, count) in Vietnamese order.
    pub tai_lieu_theo_loai: Vec<(String, u64)>,
    pub hoi_dap_nhan: u64,
    pub hoi_dap_tra_loi: u64,
    /// Median of (ngày trả lời − ngày gửi) over the questions answered in the period.
    pub so_ngay_tra_loi_trung_vi: Option<f64>,
    pub doi_thoai: u64,
    pub hoat_dong: u64,
    pub nguoi_tham_du: u64,
    pub cuoc_thi: u64,
    pub bao_cao_vien: u64,
    pub tuyen_truyen_vien: u64,
}

/// One printed figure: a stable key (CSV, data attributes), its label, and the value as text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub key: String,
    pub label: String,
    pub value: String,
    /// A breakdown row (a kind of material) printed indented under its total.
    pub sub: bool,
}

impl Counts {
    pub fn compute(site: &Site, p: &Period) -> Counts {
        let mut c = Counts::default();
        let mut kinds: Vec<(String, u64)> = Vec::new();
        let mut days: Vec<i64> = Vec::new();
        // Events still to come are plans, not results: a dialogue scheduled next month counts
        // once it has happened (the build date is "today" for the page and the report alike).
        let held = |d: Date| p.contains(d) && d <= site.build_date;
        for item in &site.items {
            let posted = p.contains(item.ngay_dang);
            match &item.data {
                ItemData::VanBan(_) if posted && item.section == "van-ban" => {
                    c.van_ban_gioi_thieu += 1
                }
                ItemData::TaiLieu(t) if posted => {
                    c.tai_lieu += 1;
                    match kinds.iter_mut().find(|(k, _)| *k == t.loai_tai_lieu) {
                        Some((_, n)) => *n += 1,
                        None => kinds.push((t.loai_tai_lieu.clone(), 1)),
                    }
                }
                ItemData::HoiDap(h) => {
                    c.hoi_dap_nhan += u64::from(p.contains(h.ngay_gui));
                    if p.contains(h.ngay_tra_loi) {
                        c.hoi_dap_tra_loi += 1;
                        days.push((h.ngay_tra_loi.0 - h.ngay_gui.0).whole_days().max(0));
                    }
                }
                ItemData::DoiThoai(d) if held(d.ngay.unwrap_or(item.ngay_dang)) => c.doi_thoai += 1,
                ItemData::HoatDong(a) if held(a.ngay_to_chuc.unwrap_or(item.ngay_dang)) => {
                    c.hoat_dong += 1;
                    c.nguoi_tham_du += a.so_nguoi_tham_du.unwrap_or(0);
                }
                ItemData::CuocThi(t) if held(t.bat_dau.unwrap_or(item.ngay_dang)) => {
                    c.cuoc_thi += 1
                }
                _ => {}
            }
            if posted && item.section == "chi-dao-huong-dan" {
                c.van_ban_chi_dao += 1;
            }
        }
        vi::sort_vi_by_key(&mut kinds, |(k, _)| k.as_str());
        c.tai_lieu_theo_loai = kinds;
        c.so_ngay_tra_loi_trung_vi = median(&mut days);
        c.bao_cao_vien = active_at(&site.data.bao_cao_vien, p.end);
        c.tuyen_truyen_vien = active_at(&site.data.tuyen_truyen_vien, p.end);
        c
    }

    /// Every figure, in report order, formatted the Vietnamese way (1.234; 3,5).
    pub fn rows(&self) -> Vec<Row> {
        let n = |v: u64| vi::group_thousands(v);
        let mut rows = vec![
            row(
                "van_ban_gioi_thieu",
                "Văn bản pháp luật được giới thiệu",
                n(self.van_ban_gioi_thieu),
            ),
            row(
                "van_ban_chi_dao",
                "Văn bản chỉ đạo, hướng dẫn được đăng",
                n(self.van_ban_chi_dao),
            ),
            row(
                "tai_lieu",
                "Tài liệu phổ biến, giáo dục pháp luật được đăng",
                n(self.tai_lieu),
            ),
        ];
        rows.extend(self.tai_lieu_theo_loai.iter().map(|(kind, v)| Row {
            key: format!("tai_lieu:{kind}"),
            label: kind.clone(),
            value: n(*v),
            sub: true,
        }));
        rows.extend([
            row(
                "hoi_dap_nhan",
                "Câu hỏi pháp luật tiếp nhận",
                n(self.hoi_dap_nhan),
            ),
            row(
                "hoi_dap_tra_loi",
                "Câu hỏi pháp luật đã trả lời",
                n(self.hoi_dap_tra_loi),
            ),
            row(
                "so_ngay_tra_loi",
                "Số ngày trả lời (trung vị)",
                self.so_ngay_tra_loi_trung_vi
                    .map_or_else(|| "–".to_string(), days_text),
            ),
            row(
                "doi_thoai",
                "Cuộc đối thoại chính sách – pháp luật",
                n(self.doi_thoai),
            ),
            row(
                "hoat_dong",
                "Hoạt động của Hội đồng phối hợp",
                n(self.hoat_dong),
            ),
            row(
                "nguoi_tham_du",
                "Lượt người tham dự các hoạt động",
                n(self.nguoi_tham_du),
            ),
            row("cuoc_thi", "Cuộc thi tìm hiểu pháp luật", n(self.cuoc_thi)),
            row(
                "bao_cao_vien",
                "Báo cáo viên pháp luật đang hoạt động (cuối kỳ)",
                n(self.bao_cao_vien),
            ),
            row(
                "tuyen_truyen_vien",
                "Tuyên truyền viên pháp luật đang hoạt động (cuối kỳ)",
                n(self.tuyen_truyen_vien),
            ),
        ]);
        rows
    }
}

fn row(key: &str, label: &str, value: String) -> Row {
    Row {
        key: key.to_string(),
        label: label.to_string(),
        value,
        sub: false,
    }
}

/// 3 → "3"; 3.5 → "3,5".
fn days_text(d: f64) -> String {
    if d.fract() == 0.0 {
        vi::group_thousands(d as u64)
    } else {
        vi::decimal_comma(d, 1)
    }
}

fn median(v: &mut [i64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid] as f64
    } else {
        (v[mid - 1] + v[mid]) as f64 / 2.0
    })
}

/// People recognised on or before `day` and not yet dismissed then. A dismissal without a
/// date counts from the start (the list says they no longer serve, and we cannot say since when).
fn active_at(people: &[Person], day: Date) -> u64 {
    people
        .iter()
        .filter(|p| {
            let recognised = p
                .qd_cong_nhan
                .as_ref()
                .and_then(|q| q.ngay)
                .is_none_or(|d| d <= day);
            let serving = p.trang_thai == "Đang hoạt động";
            let dismissed = !serving
                && p.qd_mien_nhiem
                    .as_ref()
                    .and_then(|q| q.ngay)
                    .is_none_or(|d| d <= day);
            recognised && !dismissed
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_lists() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [9, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 10]), Some(3.5));
        assert_eq!(days_text(3.5), "3,5");
        assert_eq!(days_text(12.0), "12");
    }

    fn person(status: &str, from: Option<&str>, until: Option<&str>) -> Person {
        let dec = |d: Option<&str>| {
            Some(crate::model::Decision {
                so_ky_hieu: "1/QĐ-STP".into(),
                ngay: d.and_then(Date::parse_iso),
                ly_do: None,
            })
        };
        Person {
            ho_ten: "A".into(),
            chuc_vu: None,
            co_quan: None,
            dia_ban: None,
            trinh_do_chuyen_mon: None,
            linh_vuc_chuyen_sau: vec![],
            qd_cong_nhan: dec(from),
            trang_thai: status.into(),
            qd_mien_nhiem: if until.is_some() { dec(until) } else { None },
        }
    }

    #[test]
    fn people_count_while_they_serve() {
        let people = vec![
            person("Đang hoạt động", Some("2025-01-10"), None),
            person("Đang hoạt động", Some("2026-07-01"), None),
            person("Đã miễn nhiệm", Some("2024-01-01"), Some("2026-03-01")),
            person("Đã cho thôi", Some("2024-01-01"), None),
        ];
        let day = |s| Date::parse_iso(s).unwrap();
        assert_eq!(active_at(&people, day("2026-05-15")), 1);
        assert_eq!(active_at(&people, day("2026-02-01")), 2);
        assert_eq!(active_at(&people, day("2026-11-15")), 2);
    }
}
