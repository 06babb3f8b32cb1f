//! The pages of the PBGDPL work features, planned and filled here so the renderer only needs
//! one `PageKind::Feature` arm: the statistics page, a contest's practice quiz, the law
//! bookshelf grouped by QĐ 14/2019 categories, Q&A by lĩnh vực, the "Gửi câu hỏi" form and
//! the widget for the host portal (`nhung/moi-nhat.html`).

use super::chart;
use super::counts::{Counts, Row};
use super::period::{report_year, Period};
use super::quiz;
use crate::diagnostics::Diagnostic;
use crate::model::{ItemData, Site};
use crate::render::view::{self, Link, PageMeta};
use crate::render::{PageJob, PageKind};
use serde::Serialize;
use std::collections::HashSet;
use tera::Context;

/// A feature page; `OnTap` holds the index of its contest item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    SoLieu,
    OnTap(usize),
    TuSach,
    HoiDapLinhVuc,
    GuiCauHoi,
    Nhung,
}

pub const SO_LIEU_URL: &str = "thong-ke-bao-cao/so-lieu/";
pub const TU_SACH_URL: &str = "tu-sach/theo-nhom/";
pub const HOI_DAP_LINH_VUC_URL: &str = "hoi-dap/theo-linh-vuc/";
pub const GUI_CAU_HOI_URL: &str = "hoi-dap/gui-cau-hoi/";
pub const NHUNG_PATH: &str = "nhung/moi-nhat.html";
/// The addresses of the feature pages that sit inside a section, where an item could take them.
pub const FEATURE_URLS: [&str; 4] = [
    SO_LIEU_URL,
    TU_SACH_URL,
    HOI_DAP_LINH_VUC_URL,
    GUI_CAU_HOI_URL,
];
/// Items in the widget.
const NHUNG_ITEMS: usize = 6;
/// Report years shown on the statistics page (this one and the two before).
const YEARS_SHOWN: i32 = 3;
const MONTHS_SHOWN: usize = 12;

/// URL of the practice page of the contest at `url`.
pub fn on_tap_url(item_url: &str) -> String {
    format!("{item_url}on-tap/")
}

/// The feature pages of the site; a page whose path an item already takes is left out (the
/// item wins, as an editor's page should).
pub fn jobs(site: &Site, taken: &[PageJob]) -> Vec<PageJob> {
    let taken: HashSet<&str> = taken.iter().map(|j| j.path.as_str()).collect();
    let lastmod = site
        .latest
        .first()
        .and_then(|&i| site.items.get(i))
        .map(|it| it.updated());
    let mut out = vec![
        page(
            SO_LIEU_URL,
            Feature::SoLieu,
            "Số liệu thống kê công tác phổ biến, giáo dục pháp luật",
            lastmod,
        ),
        page(
            TU_SACH_URL,
            Feature::TuSach,
            "Tủ sách pháp luật theo nhóm tài liệu",
            lastmod,
        ),
        page(
            HOI_DAP_LINH_VUC_URL,
            Feature::HoiDapLinhVuc,
            "Hỏi – đáp pháp luật theo lĩnh vực",
            lastmod,
        ),
    ];
    if site.config.gui_cau_hoi.is_some() {
        out.push(page(
            GUI_CAU_HOI_URL,
            Feature::GuiCauHoi,
            "Gửi câu hỏi pháp luật",
            lastmod,
        ));
    }
    for (i, it) in site
        .items
        .iter()
        .enumerate()
        .filter(|(_, it)| quiz::has_quiz(it))
    {
        out.push(page(
            &on_tap_url(&it.url),
            Feature::OnTap(i),
            &format!("Ôn tập: {}", it.tieu_de),
            Some(it.updated()),
        ));
    }
    out.push(PageJob {
        path: NHUNG_PATH.into(),
        url: NHUNG_PATH.into(),
        kind: PageKind::Feature(Feature::Nhung),
        title: format!("Mới cập nhật – {}", site.config.ten_trang),
        lastmod,
        in_sitemap: false,
    });
    out.retain(|j| !taken.contains(j.path.as_str()));
    out
}

fn page(url: &str, f: Feature, title: &str, lastmod: Option<crate::vi::Date>) -> PageJob {
    PageJob {
        path: format!("{url}index.html"),
        url: url.to_string(),
        kind: PageKind::Feature(f),
        title: title.to_string(),
        lastmod,
        in_sitemap: true,
    }
}

/// Fills the page's context; returns its template.
#[allow(clippy::result_large_err)]
pub fn fill(
    site: &Site,
    job: &PageJob,
    f: Feature,
    meta: &mut PageMeta,
    ctx: &mut Context,
) -> Result<&'static str, Diagnostic> {
    let crumb = |meta: &mut PageMeta, folder: &str| {
        if let Some(s) = site.section(folder) {
            meta.breadcrumb.push(Link {
                url: s.url.clone(),
                title: s.title.clone(),
            });
        }
        meta.nav = format!("{folder}/");
    };
    let here = Link {
        url: job.url.clone(),
        title: job.title.clone(),
    };
    meta.kind = "tinh-nang";
    Ok(match f {
        Feature::SoLieu => {
            crumb(meta, "thong-ke-bao-cao");
            meta.breadcrumb.push(here);
            meta.description = "Số liệu thống kê công tác phổ biến, giáo dục pháp luật theo tháng, 6 tháng và năm, tính tự động từ nội dung đã đăng.".into();
            ctx.insert("so_lieu", &stats_view(site));
            "thong-ke.html"
        }
        Feature::OnTap(i) => {
            let item = site.items.get(i).ok_or_else(|| missing(job))?;
            crumb(meta, item.section);
            meta.breadcrumb.push(Link {
                url: item.url.clone(),
                title: item.tieu_de.clone(),
            });
            meta.breadcrumb.push(Link {
                url: job.url.clone(),
                title: "Ôn tập".into(),
            });
            meta.description = format!(
                "Câu hỏi ôn tập, có đáp án và căn cứ pháp lý: {}.",
                item.tieu_de
            );
            let q = quiz::load(item, &site.items).ok_or_else(|| missing(job))?;
            ctx.insert("quiz", &q);
            ctx.insert("item", &view::summary(item));
            if let ItemData::CuocThi(c) = &item.data {
                ctx.insert("duong_dan_thi", &c.duong_dan_thi);
            }
            "on-tap.html"
        }
        Feature::TuSach => {
            crumb(meta, "tu-sach");
            meta.breadcrumb.push(here);
            meta.description = "Tài liệu, sách pháp luật xếp theo nhóm của Quyết định 14/2019/QĐ-TTg về Tủ sách pháp luật.".into();
            ctx.insert("nhom", &bookshelf(site));
            ctx.insert(
                "van_ban_url",
                &site.section("van-ban").map(|s| s.url.clone()),
            );
            "tu-sach.html"
        }
        Feature::HoiDapLinhVuc => {
            crumb(meta, "hoi-dap");
            meta.breadcrumb.push(here);
            meta.description = "Các câu hỏi – trả lời pháp luật đã đăng, xếp theo lĩnh vực.".into();
            ctx.insert("nhom", &qa_by_field(site));
            "hoi-dap-linh-vuc.html"
        }
        Feature::GuiCauHoi => {
            crumb(meta, "hoi-dap");
            meta.breadcrumb.push(here);
            meta.description = "Gửi câu hỏi pháp luật đến cơ quan; câu trả lời được đăng trong mục Hỏi – đáp pháp luật.".into();
            let dest = site.config.gui_cau_hoi.clone().unwrap_or_default();
            ctx.insert("gui", &QuestionForm::new(&dest, site));
            "gui-cau-hoi.html"
        }
        Feature::Nhung => {
            let latest = &site.latest[..site.latest.len().min(NHUNG_ITEMS)];
            ctx.insert("moi_nhat", &view::summaries(site, latest));
            "nhung.html"
        }
    })
}

fn missing(job: &PageJob) -> Diagnostic {
    Diagnostic::error(
        "mau",
        job.path.clone(),
        format!(
            "Trang `{}` không còn nội dung để dựng (lỗi của chương trình).",
            job.path
        ),
    )
    .fix("Báo lỗi cho nhóm phát triển pbgdpl kèm lệnh đã chạy.")
}

/// A table as the statistics template prints it.
#[derive(Serialize)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Serialize)]
pub struct TableRow {
    pub label: String,
    pub sub: bool,
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub struct Cell {
    pub value: String,
    /// Period code (`2026-6T`) and figure key: the `data-ky` / `data-chi-so` of the cell.
    pub ky: String,
    pub chi_so: String,
}

#[derive(Serialize)]
pub struct Chart {
    pub svg: String,
    pub table: String,
}

#[derive(Serialize)]
pub struct StatsView {
    pub ky: Table,
    pub thang: Table,
    pub bieu_do: Vec<Chart>,
    /// "6 tháng: 16/11 năm trước – 15/05; năm: 16/11 năm trước – 15/11".
    pub chot: String,
}

/// The report periods shown: the 6 months and the year of the last `YEARS_SHOWN` report
/// years, newest first.
pub fn shown_periods(site: &Site) -> Vec<Period> {
    let c = &site.config.bao_cao;
    let last = report_year(site.build_date, c);
    (0..YEARS_SHOWN)
        .flat_map(|k| [Period::half_year(last - k, c), Period::year(last - k, c)])
        .flatten()
        .collect()
}

fn stats_view(site: &Site) -> StatsView {
    let periods = shown_periods(site);
    let counts: Vec<Counts> = periods.iter().map(|p| Counts::compute(site, p)).collect();
    let kinds = all_kinds(&counts);
    let ky_caption = "Bảng 1. Kết quả theo kỳ báo cáo".to_string();
    let rows_per_period: Vec<Vec<Row>> = counts
        .iter()
        .map(|c| with_kinds(c, &kinds).rows())
        .collect();
    let ky = Table {
        id: "bang-ky".into(),
        caption: ky_caption,
        head: periods
            .iter()
            .map(|p| format!("{} ({} – {})", p.label, p.start.dmy(), p.end.dmy()))
            .collect(),
        rows: rows_per_period
            .first()
            .map(|first| {
                first
                    .iter()
                    .enumerate()
                    .map(|(r, row)| TableRow {
                        label: row.label.clone(),
                        sub: row.sub,
                        cells: periods
                            .iter()
                            .zip(&rows_per_period)
                            .map(|(p, rows)| Cell {
                                value: rows[r].value.clone(),
                                ky: p.code.clone(),
                                chi_so: row.key.clone(),
                            })
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    let months = last_months(site.build_date, MONTHS_SHOWN);
    let monthly: Vec<Counts> = months.iter().map(|p| Counts::compute(site, p)).collect();
    const COLS: [(&str, &str); 7] = [
        ("van_ban_gioi_thieu", "Văn bản giới thiệu"),
        ("tai_lieu", "Tài liệu"),
        ("hoi_dap_nhan", "Câu hỏi tiếp nhận"),
        ("hoi_dap_tra_loi", "Câu hỏi đã trả lời"),
        ("doi_thoai", "Đối thoại"),
        ("hoat_dong", "Hoạt động"),
        ("nguoi_tham_du", "Người tham dự"),
    ];
    let thang_caption = "Bảng 2. Số liệu theo tháng".to_string();
    let thang = Table {
        id: "bang-thang".into(),
        caption: thang_caption.clone(),
        head: COLS.iter().map(|(_, l)| l.to_string()).collect(),
        rows: months
            .iter()
            .zip(&monthly)
            .map(|(p, c)| {
                let rows = c.rows();
                TableRow {
                    label: p.label.clone(),
                    sub: false,
                    cells: COLS
                        .iter()
                        .map(|(k, _)| Cell {
                            value: rows
                                .iter()
                                .find(|r| r.key == *k)
                                .map(|r| r.value.clone())
                                .unwrap_or_default(),
                            ky: p.code.clone(),
                            chi_so: k.to_string(),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let short = |p: &Period| format!("T{}/{}", p.start.month(), p.year % 100);
    let monthly_chart = |id: &str, title: &str, f: fn(&Counts) -> u64| Chart {
        svg: chart::bar_chart(
            id,
            title,
            &thang_caption,
            &months
                .iter()
                .zip(&monthly)
                .map(|(p, c)| (short(p), f(c)))
                .collect::<Vec<_>>(),
        ),
        table: thang_caption.clone(),
    };
    let mut bieu_do = vec![
        monthly_chart(
            "bd-van-ban",
            "Văn bản pháp luật được giới thiệu theo tháng",
            |c| c.van_ban_gioi_thieu,
        ),
        monthly_chart(
            "bd-hoi-dap",
            "Câu hỏi pháp luật tiếp nhận theo tháng",
            |c| c.hoi_dap_nhan,
        ),
        monthly_chart(
            "bd-hoat-dong",
            "Hoạt động của Hội đồng phối hợp theo tháng",
            |c| c.hoat_dong,
        ),
    ];
    if let (Some(p), Some(c)) = (periods.get(1), counts.get(1)) {
        if !c.tai_lieu_theo_loai.is_empty() {
            bieu_do.push(Chart {
                svg: chart::bar_chart(
                    "bd-tai-lieu",
                    &format!("Tài liệu theo loại – {}", p.label),
                    "Bảng 1. Kết quả theo kỳ báo cáo",
                    &c.tai_lieu_theo_loai,
                ),
                table: "Bảng 1. Kết quả theo kỳ báo cáo".into(),
            });
        }
    }
    let c = &site.config.bao_cao;
    let day_month = |(d, m): (u8, u8)| format!("{d:02}/{m:02}");
    StatsView {
        ky,
        thang,
        bieu_do,
        chot: format!(
            "Kỳ báo cáo 6 tháng tính đến hết ngày {} (báo cáo gửi trước 20/5); kỳ báo cáo năm tính đến hết ngày {} (báo cáo gửi trước 20/11); mỗi kỳ bắt đầu từ ngày sau ngày chốt số liệu năm trước.",
            day_month(c.chot_6_thang),
            day_month(c.chot_nam)
        ),
    }
}

fn all_kinds(counts: &[Counts]) -> Vec<String> {
    let mut kinds: Vec<String> = counts
        .iter()
        .flat_map(|c| c.tai_lieu_theo_loai.iter().map(|(k, _)| k.clone()))
        .collect();
    crate::vi::sort_vi(&mut kinds);
    kinds.dedup();
    kinds
}

/// The counts with a zero for every material kind another column has, so rows line up.
fn with_kinds(c: &Counts, kinds: &[String]) -> Counts {
    let mut out = c.clone();
    out.tai_lieu_theo_loai = kinds
        .iter()
        .map(|k| {
            (
                k.clone(),
                c.tai_lieu_theo_loai
                    .iter()
                    .find(|(x, _)| x == k)
                    .map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    out
}

/// The `n` calendar months up to the one of `today`, oldest first.
fn last_months(today: crate::vi::Date, n: usize) -> Vec<Period> {
    let (mut y, mut m) = (today.year(), today.month());
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.extend(Period::month(y, m));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

/// QĐ 14/2019/QĐ-TTg Điều 6 khoản 4: the groups of the law bookshelf, and the material kinds
/// (`loai_tai_lieu`) each holds.
const SHELVES: &[(&str, &str, &[&str])] = &[
    (
        "a",
        "Tài liệu, đề cương giới thiệu luật, pháp lệnh",
        &[
            "Đề cương giới thiệu",
            "Đề cương giới thiệu luật",
            "Tài liệu giới thiệu văn bản",
        ],
    ),
    (
        "b",
        "Sách, tài liệu hỏi – đáp, tờ gấp, tiểu phẩm, câu chuyện pháp luật",
        &[
            "Sách hỏi – đáp",
            "Tờ gấp",
            "Tiểu phẩm pháp luật",
            "Tình huống pháp luật",
            "Câu chuyện pháp luật",
            "Tài liệu cho người dân",
            "Video",
            "Infographic",
            "Sách",
        ],
    ),
    (
        "c",
        "Tài liệu hướng dẫn chuyên môn, nghiệp vụ",
        &[
            "Tài liệu bồi dưỡng",
            "Tài liệu bồi dưỡng báo cáo viên/tuyên truyền viên",
            "Sách/tài liệu hướng dẫn nghiệp vụ",
        ],
    ),
];

#[derive(Serialize)]
pub struct Shelf<'a> {
    pub diem: &'static str,
    pub ten: &'static str,
    pub id: String,
    pub muc: Vec<ShelfItem<'a>>,
}

#[derive(Serialize)]
pub struct ShelfItem<'a> {
    pub tieu_de: &'a str,
    pub url: &'a str,
    pub loai: &'a str,
    pub co_quan: &'a str,
    pub ngay: String,
    /// "PDF, 1,2 MB" of each file.
    pub tep: Vec<String>,
}

/// Every material of the site (tai-lieu and tu-sach), newest first, on its shelf.
fn bookshelf(site: &Site) -> Vec<Shelf<'_>> {
    let mut shelves: Vec<Shelf> = SHELVES
        .iter()
        .map(|(diem, ten, _)| Shelf {
            diem,
            ten,
            id: format!("nhom-{diem}"),
            muc: Vec::new(),
        })
        .collect();
    let mut other = Shelf {
        diem: "",
        ten: "Tài liệu khác",
        id: "nhom-khac".into(),
        muc: Vec::new(),
    };
    for &i in &site.latest {
        let Some(item) = site.items.get(i) else {
            continue;
        };
        let ItemData::TaiLieu(t) = &item.data else {
            continue;
        };
        let entry = ShelfItem {
            tieu_de: &item.tieu_de,
            url: &item.url,
            loai: &t.loai_tai_lieu,
            co_quan: &t.co_quan_bien_soan,
            ngay: t.ngay_phat_hanh.dmy(),
            tep: t
                .tep
                .iter()
                .map(|a| &a.tep)
                .chain(t.video.iter())
                .map(|a| format!("{}, {}", a.ext.to_uppercase(), view::file_size(a.size)))
                .collect(),
        };
        match SHELVES
            .iter()
            .position(|(_, _, kinds)| kinds.contains(&t.loai_tai_lieu.as_str()))
        {
            Some(s) => shelves[s].muc.push(entry),
            None => other.muc.push(entry),
        }
    }
    if !other.muc.is_empty() {
        shelves.push(other);
    }
    shelves
}

#[derive(Serialize)]
pub struct FieldGroup<'a> {
    pub ten: &'a str,
    pub id: String,
    pub url: &'a str,
    pub cau_hoi: Vec<view::Tom<'a>>,
}

/// Published Q&A grouped by lĩnh vực (in the taxonomy's Vietnamese order); questions without
/// a lĩnh vực last.
fn qa_by_field(site: &Site) -> Vec<FieldGroup<'_>> {
    let is_qa = |i: &usize| {
        matches!(
            site.items.get(*i).map(|it| &it.data),
            Some(ItemData::HoiDap(_))
        )
    };
    let mut groups: Vec<FieldGroup> = site
        .taxonomies
        .iter()
        .filter(|t| t.key == "linh-vuc")
        .flat_map(|t| t.terms.iter())
        .filter_map(|term| {
            let qa: Vec<usize> = term.items.iter().copied().filter(is_qa).collect();
            (!qa.is_empty()).then(|| FieldGroup {
                ten: &term.name,
                id: format!("lv-{}", term.slug),
                url: &term.url,
                cau_hoi: view::summaries(site, &qa),
            })
        })
        .collect();
    let none: Vec<usize> = site
        .latest
        .iter()
        .copied()
        .filter(is_qa)
        .filter(|&i| site.items[i].linh_vuc.is_empty())
        .collect();
    if !none.is_empty() {
        groups.push(FieldGroup {
            ten: "Chưa phân lĩnh vực",
            id: "lv-khac".into(),
            url: "",
            cau_hoi: view::summaries(site, &none),
        });
    }
    groups
}

/// Where the question form posts: a form service URL, or a `mailto:` address (sent by the
/// reader's own mail program as plain text).
#[derive(Serialize)]
pub struct QuestionForm {
    pub action: String,
    pub mailto: bool,
    pub linh_vuc: Vec<String>,
    pub co_quan: String,
}

impl QuestionForm {
    fn new(dest: &str, site: &Site) -> QuestionForm {
        QuestionForm {
            action: dest.trim().to_string(),
            mailto: dest.trim().to_ascii_lowercase().starts_with("mailto:"),
            linh_vuc: site
                .taxonomies
                .iter()
                .filter(|t| t.key == "linh-vuc")
                .flat_map(|t| t.terms.iter().map(|x| x.name.clone()))
                .collect(),
            co_quan: site.config.co_quan.ten_day_du.clone(),
        }
    }
}
