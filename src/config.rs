//! `site.yaml`: the agency and the site. Typed and validated here so every page header, footer
//! and feed reads the same values; `base_url` may carry a sub-path.

use crate::model::NamedLink;
use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Person {
    pub ho_ten: String,
    pub chuc_vu: String,
}

/// The owning agency (A4-01, A4-02).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Agency {
    /// "Sở Tư pháp tỉnh Đồng Nai": in every page header.
    pub ten_day_du: String,
    /// "Ủy ban nhân dân tỉnh Đồng Nai".
    pub co_quan_chu_quan: Option<String>,
    pub ten_viet_tat: Option<String>,
    /// Site-root-relative URL of the emblem in the output (copied from `static/`), or the
    /// theme's default emblem.
    pub bieu_trung: String,
    pub dia_chi: Option<String>,
    pub dien_thoai: Option<String>,
    pub email: Option<String>,
    pub nguoi_chiu_trach_nhiem: Option<Person>,
    /// "Đồng Nai" in "Đồng Nai, ngày 27 tháng 6 năm 2019".
    pub dia_danh: Option<String>,
    /// Licence decision shown in the footer when present.
    pub giay_phep: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SiteConfig {
    pub ten_trang: String,
    /// One-sentence description (home meta description, feeds).
    pub mo_ta: Option<String>,
    pub co_quan: Agency,
    /// Production address, always ending in `/`.
    pub base_url: String,
    pub gui_cau_hoi: Option<String>,
    pub danh_gia: Option<String>,
    pub kenh_chinh_thuc: Vec<NamedLink>,
    /// Kept for `pbgdpl sync` (issue 5); not used by `build`.
    pub dong_bo: serde_json::Value,
    /// Raw HTML in Markdown is escaped unless this is true (trusted local content only).
    pub cho_phep_html: bool,
    /// Items per list page (default 20).
    pub so_muc_moi_trang: usize,
    /// Link to directories as `dir/` instead of `dir/index.html`. Off by default so the
    /// output also works opened from disk.
    pub duong_dan_dep: bool,
    /// Reporting cut-off dates (`bao_cao:` in site.yaml) for `pbgdpl report` and the
    /// statistics page.
    pub bao_cao: ReportCutoffs,
    /// Everything else, for templates (`config.extra.x`).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The days (day, month) on which the figures of the two yearly PBGDPL reports are closed:
/// the 6-month report due 20 May and the yearly report due 20 November. The 6-month period
/// runs from the day after the previous year's `chot_nam` to `chot_6_thang`; the year from the
/// day after the previous `chot_nam` to this year's `chot_nam`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReportCutoffs {
    /// `(ngày, tháng)`, default 15/05.
    pub chot_6_thang: (u8, u8),
    /// `(ngày, tháng)`, default 15/11.
    pub chot_nam: (u8, u8),
}

impl Default for ReportCutoffs {
    fn default() -> Self {
        ReportCutoffs {
            chot_6_thang: (15, 5),
            chot_nam: (15, 11),
        }
    }
}
