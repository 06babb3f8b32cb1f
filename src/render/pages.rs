//! The context of each kind of page: what `shared_context` gives every page once, and what
//! `fill` adds for one page (its head metadata, then its own data), returning the template
//! to render it with. Per page only that page's data is built: an item page gets its item and
//! its rendered body, a list page the summaries of its own 20 items.

use super::plan::{page_count, page_slice, page_url, pagination};
use super::view::{self, FeedLinks, Link, Ngay, PageMeta, Tep};
use super::{body, PageJob, PageKind, PeopleKind, Renderer};
use crate::diagnostics::Diagnostic;
use crate::model::{Decision, Item, ItemData, Person, Section, SectionKind, Site, Taxonomy};
use crate::vi::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

/// The home page and the site map list a section's items only up to this many.
const SITEMAP_ITEM_LIMIT: usize = 200;
const HOME_LATEST: usize = 10;
const DESCRIPTION_MAX: usize = 300;

#[derive(Serialize)]
struct MenuEntry<'a> {
    url: &'a str,
    label: &'static str,
    title: &'a str,
    group: Option<u8>,
    description: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct TaxView<'a> {
    key: &'static str,
    label: &'static str,
    url: String,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<&'a [crate::model::Term]>,
}

fn tax_view(t: &Taxonomy, with_terms: bool) -> TaxView<'_> {
    TaxView {
        key: t.key,
        label: t.label,
        url: format!("{}/", t.key),
        count: t.terms.len(),
        terms: with_terms.then_some(t.terms.as_slice()),
    }
}

fn menu(site: &Site) -> Vec<MenuEntry<'_>> {
    top_sections(site)
        .map(|s| MenuEntry {
            url: &s.url,
            label: s.def.label,
            title: &s.title,
            group: s.def.group,
            description: s.def.description,
            count: s.items.len(),
        })
        .collect()
}

fn top_sections(site: &Site) -> impl Iterator<Item = &Section> {
    site.sections.iter().filter(|s| s.path.is_empty())
}

/// What every page gets, built once per build.
pub fn shared_context(site: &Site, css: &str, js: &str) -> Context {
    let mut config = site.config.clone();
    if config.co_quan.bieu_trung.trim().is_empty() {
        config.co_quan.bieu_trung = crate::theme::EMBLEM_PATH.to_string();
    }
    // Feed sources are for `pbgdpl sync`, not for pages.
    config.dong_bo = serde_json::Value::Null;
    let mut ctx = Context::new();
    ctx.insert("config", &config);
    ctx.insert("menu", &menu(site));
    let taxonomies: Vec<TaxView> = site.taxonomies.iter().map(|t| tax_view(t, false)).collect();
    ctx.insert("taxonomies", &taxonomies);
    let mut assets = BTreeMap::new();
    assets.insert("css", css.to_string());
    assets.insert("js", js.to_string());
    assets.insert("bieu_trung", config.co_quan.bieu_trung.clone());
    ctx.insert("assets", &assets);
    let mut lien_lac = BTreeMap::new();
    lien_lac.insert(
        "tel",
        view::tel(config.co_quan.dien_thoai.as_deref().unwrap_or("")),
    );
    ctx.insert("lien_lac", &lien_lac);
    ctx.insert("nam_hien_tai", &site.build_date.year());
    ctx
}

/// Adds the page's own data to `ctx`; returns the template name.
#[allow(clippy::result_large_err)]
pub fn fill(
    r: &Renderer,
    site: &Site,
    job: &PageJob,
    ctx: &mut Context,
) -> Result<&'static str, Diagnostic> {
    let mut meta = base_meta(site, job);
    let template = match &job.kind {
        PageKind::Home => home(site, &mut meta, ctx),
        PageKind::SectionList { section, page } => {
            let s = site.sections.get(*section).ok_or_else(|| missing(job))?;
            section_list(r, site, *section, s, *page, &mut meta, ctx)
        }
        PageKind::Item(i) => {
            let item = site.items.get(*i).ok_or_else(|| missing(job))?;
            item_page(r, site, item, &mut meta, ctx)
        }
        PageKind::TaxonomyIndex(t) => {
            let tax = site.taxonomies.get(*t).ok_or_else(|| missing(job))?;
            meta.kind = "phan-loai";
            meta.breadcrumb.push(Link {
                url: job.url.clone(),
                title: tax.label.to_string(),
            });
            meta.description = format!(
                "{}: danh sách {} giá trị và số mục của từng giá trị.",
                tax.label,
                tax.terms.len()
            );
            ctx.insert("taxonomy", &tax_view(tax, false));
            ctx.insert("terms", &tax.terms);
            "taxonomy.html"
        }
        PageKind::TermList {
            taxonomy,
            term,
            page,
        } => {
            let tax = site.taxonomies.get(*taxonomy).ok_or_else(|| missing(job))?;
            let t = tax.terms.get(*term).ok_or_else(|| missing(job))?;
            meta.kind = "thuat-ngu";
            meta.breadcrumb.push(Link {
                url: format!("{}/", tax.key),
                title: tax.label.to_string(),
            });
            meta.breadcrumb.push(Link {
                url: job.url.clone(),
                title: t.name.clone(),
            });
            meta.description = format!(
                "Các mục thuộc {} “{}” ({} mục).",
                tax.label.to_lowercase(),
                t.name,
                t.count
            );
            let bang = r
                .term_tables
                .get(*taxonomy)
                .and_then(|v| v.get(*term))
                .copied()
                .unwrap_or(false);
            list_rows(site, &t.items, &t.url, *page, r.per_page, bang, ctx);
            ctx.insert("taxonomy", &tax_view(tax, false));
            ctx.insert("term", t);
            "term.html"
        }
        PageKind::People(kind) => people(site, *kind, &mut meta, ctx),
        PageKind::Feature(f) => crate::stats::page::fill(site, job, *f, &mut meta, ctx)?,
        PageKind::Contact => {
            meta.kind = "lien-he";
            push_current_page(&mut meta, job);
            meta.description = format!(
                "Địa chỉ, điện thoại, thư điện tử và đầu mối liên hệ của {}.",
                agency(site)
            );
            ctx.insert("lien_he", &contacts(site));
            "contact.html"
        }
        PageKind::Links => {
            meta.kind = "lien-ket";
            push_current_page(&mut meta, job);
            meta.description =
                "Liên kết đến các cổng, trang thông tin điện tử về pháp luật.".into();
            ctx.insert("lien_ket", &site.data.lien_ket);
            "links.html"
        }
        PageKind::FromUnits => {
            meta.kind = "tin-tu-cac-don-vi";
            push_current_page(&mut meta, job);
            meta.description = format!("Tin, bài của các đơn vị lấy về {}.", site.config.ten_trang);
            let groups: Vec<serde_json::Value> = crate::sync::aggregate::groups(site)
                .into_iter()
                .map(|g| serde_json::json!({"ten": g.ten, "nguon": g.nguon, "tong": g.total, "muc": view::summaries(site, &g.items)}))
                .collect();
            ctx.insert("don_vi", &groups);
            "tin-tu-cac-don-vi.html"
        }
        PageKind::SiteMap => {
            meta.kind = "so-do-trang";
            push_current_page(&mut meta, job);
            meta.description = format!(
                "Sơ đồ toàn bộ các chuyên mục và trang của {}.",
                site.config.ten_trang
            );
            ctx.insert("cay", &sitemap_tree(r, site));
            let phan_loai: Vec<TaxView> =
                site.taxonomies.iter().map(|t| tax_view(t, true)).collect();
            ctx.insert("phan_loai", &phan_loai);
            "sitemap.html"
        }
        PageKind::Search => {
            meta.kind = "tim-kiem";
            push_current_page(&mut meta, job);
            meta.description = format!(
                "Tìm kiếm văn bản, tài liệu, hỏi – đáp trên {}.",
                site.config.ten_trang
            );
            "search.html"
        }
        PageKind::NotFound => {
            meta.kind = "khong-tim-thay";
            meta.description = "Không tìm thấy trang yêu cầu.".into();
            "404.html"
        }
    };
    crate::stats::extras::og_default(site, &mut meta);
    let nav = super::chrome::nav_key(meta.kind, &meta.nav, &meta.url);
    let menu = r.navs.get(&nav).or_else(|| r.navs.get(""));
    ctx.insert(
        "khung_menu",
        &menu.map(|&n| super::chrome::marker(n)).unwrap_or_default(),
    );
    ctx.insert("page", &meta);
    Ok(template)
}

fn missing(job: &PageJob) -> Diagnostic {
    Diagnostic::error(
        "mau",
        job.path.clone(),
        format!(
            "Trang `{}` trỏ tới nội dung không có trong mô hình trang (lỗi của chương trình).",
            job.path
        ),
    )
    .fix("Báo lỗi cho nhóm phát triển pbgdpl kèm lệnh đã chạy.")
}

fn agency(site: &Site) -> &str {
    let name = site.config.co_quan.ten_day_du.trim();
    if name.is_empty() {
        &site.config.ten_trang
    } else {
        name
    }
}

fn base_meta(site: &Site, job: &PageJob) -> PageMeta {
    let c = &site.config;
    let head_title = if job.url.is_empty() || job.title == c.ten_trang {
        c.ten_trang.clone()
    } else {
        format!("{} – {}", job.title, c.ten_trang)
    };
    let description = c
        .mo_ta
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| c.ten_trang.clone());
    let breadcrumb = if job.url.is_empty() || matches!(job.kind, PageKind::NotFound) {
        Vec::new()
    } else {
        vec![Link {
            url: String::new(),
            title: "Trang chủ".into(),
        }]
    };
    PageMeta {
        kind: "trang-chu",
        url: job.url.clone(),
        title: job.title.clone(),
        head_title,
        description: view::one_line(&description, DESCRIPTION_MAX),
        canonical: format!("{}{}", c.base_url, job.url),
        og_type: "website",
        og_image: None,
        og_image_alt: None,
        dc: view::DublinCore {
            creator: agency(site).to_string(),
            date: job.lastmod.unwrap_or(site.build_date).iso(),
            subject: None,
            source: None,
        },
        section_feed: None,
        breadcrumb,
        nav: String::new(),
    }
}

fn home(site: &Site, meta: &mut PageMeta, ctx: &mut Context) -> &'static str {
    meta.kind = "trang-chu";
    let mut nhom: Vec<MenuEntry> = menu(site)
        .into_iter()
        .filter(|m| m.group.is_some())
        .collect();
    nhom.sort_by_key(|m| m.group);
    let khac: Vec<MenuEntry> = menu(site)
        .into_iter()
        .filter(|m| m.group.is_none())
        .collect();
    let latest = &site.latest[..site.latest.len().min(HOME_LATEST)];
    ctx.insert("nhom", &nhom);
    ctx.insert("khac", &khac);
    ctx.insert("moi_nhat", &view::summaries(site, latest));
    ctx.insert(
        "doi_thoai_sap_toi",
        &crate::stats::extras::upcoming_dialogues(site, site.build_date),
    );
    "home.html"
}

#[derive(Serialize)]
struct SectionView<'a> {
    url: &'a str,
    label: &'static str,
    title: &'a str,
    description: &'static str,
    tom_tat: Option<&'a str>,
    kind: SectionKind,
    count: usize,
}

fn section_view(s: &Section) -> SectionView<'_> {
    SectionView {
        url: &s.url,
        label: s.def.label,
        title: &s.title,
        description: s.def.description,
        tom_tat: s.intro.tom_tat.as_deref(),
        kind: s.def.kind,
        count: s.items.len(),
    }
}

/// The feeds of the top-level section `folder`: sub-folders share their section's feed.
fn section_feed(site: &Site, folder: &str) -> Option<FeedLinks> {
    site.section(folder).map(|top| FeedLinks {
        title: format!("{} – {}", top.title, site.config.ten_trang),
        rss: format!("{}rss.xml", top.url),
        atom: format!("{}atom.xml", top.url),
    })
}

/// Trang chủ › section › sub-folder … for the section at `url` (its own entry included).
fn section_crumbs(r: &Renderer, site: &Site, folder: &str, path: &[String]) -> Vec<Link> {
    (0..=path.len())
        .filter_map(|depth| {
            let url = if depth == 0 {
                format!("{folder}/")
            } else {
                format!("{folder}/{}/", path[..depth].join("/"))
            };
            let s = site.sections.get(*r.section_by_url.get(&url)?)?;
            Some(Link {
                url,
                title: s.title.clone(),
            })
        })
        .collect()
}

/// Rows, table flag and pagination of one page of a list.
fn list_rows(
    site: &Site,
    items: &[usize],
    base: &str,
    page: usize,
    per_page: usize,
    bang: bool,
    ctx: &mut Context,
) {
    let total = page_count(items.len(), per_page);
    ctx.insert(
        "rows",
        &view::summaries(site, page_slice(items, page, per_page)),
    );
    ctx.insert("bang", &bang);
    ctx.insert("phan_trang", &pagination(base, page.min(total), total));
}

#[derive(Serialize)]
struct Child<'a> {
    url: &'a str,
    title: &'a str,
    count: usize,
}

fn section_list(
    r: &Renderer,
    site: &Site,
    index: usize,
    s: &Section,
    page: usize,
    meta: &mut PageMeta,
    ctx: &mut Context,
) -> &'static str {
    meta.kind = "chuyen-muc";
    meta.nav = format!("{}/", s.def.folder);
    meta.breadcrumb
        .extend(section_crumbs(r, site, s.def.folder, &s.path));
    if page > 1 {
        meta.breadcrumb.push(Link {
            url: page_url(&s.url, page),
            title: format!("Trang {page}"),
        });
    }
    let description = s.intro.tom_tat.as_deref().unwrap_or(s.def.description);
    meta.description = view::one_line(description, DESCRIPTION_MAX);
    meta.section_feed = section_feed(site, s.def.folder);

    let gioi_thieu = if page <= 1 {
        body::to_html(&s.intro.body, site.config.cho_phep_html)
    } else {
        String::new()
    };
    let depth = s.path.len();
    let con: Vec<Child> = site
        .sections
        .iter()
        .filter(|c| {
            c.def.folder == s.def.folder && c.path.len() == depth + 1 && c.path.starts_with(&s.path)
        })
        .map(|c| Child {
            url: &c.url,
            title: &c.title,
            count: c.items.len(),
        })
        .collect();
    let bang = r.section_tables.get(index).copied().unwrap_or(false);
    list_rows(site, &s.items, &s.url, page, r.per_page, bang, ctx);
    ctx.insert("section", &section_view(s));
    ctx.insert("gioi_thieu", &gioi_thieu);
    ctx.insert("con", &con);
    "section.html"
}

#[derive(Serialize)]
struct TermLink<'a> {
    name: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize, Default)]
struct Media {
    video: Option<Tep>,
    the_le: Option<Tep>,
    cau_hoi_on_tap: Option<Tep>,
    phu_de: Option<String>,
}

#[derive(Serialize, Default)]
struct HienThi {
    thoi_gian: Option<String>,
    so_nguoi_tham_du: Option<String>,
    trang_thai: Option<&'static str>,
    nguon_url: Option<String>,
}

fn item_page(
    r: &Renderer,
    site: &Site,
    item: &Item,
    meta: &mut PageMeta,
    ctx: &mut Context,
) -> &'static str {
    meta.kind = "muc";
    meta.og_type = "article";
    meta.nav = format!("{}/", item.section);
    meta.breadcrumb
        .extend(section_crumbs(r, site, item.section, &item.subsection));
    meta.breadcrumb.push(Link {
        url: item.url.clone(),
        title: item.tieu_de.clone(),
    });
    meta.section_feed = section_feed(site, item.section);
    meta.description = view::one_line(&item_description(item), DESCRIPTION_MAX);
    meta.dc.creator = item_creator(item)
        .unwrap_or_else(|| agency(site))
        .to_string();
    meta.dc.date = item.ngay_dang.iso();
    meta.dc.subject = (!item.linh_vuc.is_empty()).then(|| item.linh_vuc.join("; "));
    meta.dc.source = item.nguon.clone();
    if let Some(anh) = &item.anh {
        meta.og_image = Some(format!("{}{}", site.config.base_url, anh.url));
        meta.og_image_alt = item.anh_mo_ta.clone();
    }

    let (tep, media) = files(item);
    let linh_vuc: Vec<TermLink> = item
        .linh_vuc
        .iter()
        .map(|name| TermLink {
            name,
            url: r.field_urls.get(name).map(String::as_str),
        })
        .collect();
    let section = site.section(item.section);
    ctx.insert("item", item);
    ctx.insert(
        "noi_dung",
        &body::to_html(&item.body, site.config.cho_phep_html),
    );
    ctx.insert("ngay", &item_dates(item));
    ctx.insert("tep", &tep);
    ctx.insert("media", &media);
    ctx.insert("linh_vuc", &linh_vuc);
    ctx.insert("hien_thi", &display_strings(item, site.build_date));
    ctx.insert("tinh_nang", &crate::stats::extras::item_extras(site, item));
    match section {
        Some(s) => ctx.insert("section", &section_view(s)),
        None => ctx.insert(
            "section",
            &Link {
                url: format!("{}/", item.section),
                title: item.section.to_string(),
            },
        ),
    }
    match &item.data {
        ItemData::Page => "item/page.html",
        ItemData::VanBan(_) => "item/van_ban.html",
        ItemData::TaiLieu(_) => "item/tai_lieu.html",
        ItemData::HoiDap(_) => "item/hoi_dap.html",
        ItemData::HoatDong(_) => "item/hoat_dong.html",
        ItemData::DoiThoai(_) => "item/doi_thoai.html",
        ItemData::BaoCao(_) => "item/bao_cao.html",
        ItemData::CuocThi(_) => "item/cuoc_thi.html",
    }
}

fn item_description(item: &Item) -> String {
    if let Some(t) = item.tom_tat.as_deref().filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    match &item.data {
        ItemData::VanBan(v) => format!("{} {}: {}", v.loai_van_ban, v.so_ky_hieu, v.trich_yeu),
        ItemData::TaiLieu(t) => format!("{} – {}", t.loai_tai_lieu, item.tieu_de),
        ItemData::HoiDap(_) => format!("Hỏi – đáp pháp luật: {}", item.tieu_de),
        _ => item.tieu_de.clone(),
    }
}

fn item_creator(item: &Item) -> Option<&str> {
    item.tac_gia
        .as_deref()
        .or(match &item.data {
            ItemData::VanBan(v) => Some(v.co_quan_ban_hanh.as_str()),
            ItemData::TaiLieu(t) => Some(t.co_quan_bien_soan.as_str()),
            ItemData::HoiDap(h) => h.don_vi_tra_loi.as_deref(),
            ItemData::DoiThoai(d) => d.co_quan_chu_tri.as_deref(),
            ItemData::CuocThi(c) => c.don_vi_to_chuc.as_deref(),
            _ => None,
        })
        .filter(|s| !s.trim().is_empty())
}

/// Every date of the item in both display forms, keyed by field name (`dang`, `cap_nhat`,
/// then the kind's own: `ngay_ban_hanh` ...). Absent dates are absent keys.
fn item_dates(item: &Item) -> BTreeMap<&'static str, Ngay> {
    let mut m = BTreeMap::new();
    m.insert("dang", item.ngay_dang.into());
    m.insert("cap_nhat", item.updated().into());
    let mut put = |k: &'static str, d: Option<Date>| {
        if let Some(d) = d {
            m.insert(k, Ngay::from(d));
        }
    };
    match &item.data {
        ItemData::VanBan(v) => {
            put("ngay_ban_hanh", Some(v.ngay_ban_hanh));
            put("ngay_co_hieu_luc", v.ngay_co_hieu_luc);
            put("ngay_het_hieu_luc", v.ngay_het_hieu_luc);
        }
        ItemData::TaiLieu(t) => put("ngay_phat_hanh", Some(t.ngay_phat_hanh)),
        ItemData::HoiDap(h) => {
            put("ngay_gui", Some(h.ngay_gui));
            put("ngay_tra_loi", Some(h.ngay_tra_loi));
        }
        ItemData::HoatDong(h) => put("ngay_to_chuc", h.ngay_to_chuc),
        ItemData::DoiThoai(d) => put("ngay", d.ngay),
        ItemData::BaoCao(b) => put("ngay_ban_hanh", b.ngay_ban_hanh),
        ItemData::CuocThi(c) => {
            put("bat_dau", c.bat_dau);
            put("ket_thuc", c.ket_thuc);
        }
        ItemData::Page => {}
    }
    m
}

/// The attachments list of the item (tep_van_ban or tep) and its single media files.
fn files(item: &Item) -> (Vec<Tep>, Media) {
    let list =
        |v: &[crate::model::Attachment]| v.iter().map(|a| Tep::new(&a.nhan, &a.tep)).collect();
    let mut media = Media::default();
    let tep = match &item.data {
        ItemData::VanBan(v) => list(&v.tep_van_ban),
        ItemData::TaiLieu(t) => {
            media.video = t.video.as_ref().map(|a| Tep::new("Video", a));
            media.phu_de = t.phu_de.as_ref().map(|a| a.url.clone());
            list(&t.tep)
        }
        ItemData::BaoCao(b) => list(&b.tep),
        ItemData::CuocThi(c) => {
            media.the_le = c.the_le.as_ref().map(|a| Tep::new("Thể lệ cuộc thi", a));
            media.cau_hoi_on_tap = c
                .cau_hoi_on_tap
                .as_ref()
                .map(|a| Tep::new("Bộ câu hỏi ôn tập", a));
            Vec::new()
        }
        _ => Vec::new(),
    };
    (tep, media)
}

fn display_strings(item: &Item, today: Date) -> HienThi {
    let mut h = HienThi {
        nguon_url: item
            .dong_bo
            .as_ref()
            .and_then(|p| p.url.clone())
            .or_else(|| item.nguon.as_deref().map(str::trim).map(str::to_string))
            .filter(|n| n.starts_with("https://") || n.starts_with("http://")),
        ..HienThi::default()
    };
    match &item.data {
        ItemData::DoiThoai(d) => {
            h.thoi_gian = d.thoi_gian.as_deref().map(|t| dialogue_time(t, d.ngay))
        }
        ItemData::HoatDong(a) => {
            h.so_nguoi_tham_du = a.so_nguoi_tham_du.map(crate::vi::group_thousands)
        }
        ItemData::CuocThi(c) => h.trang_thai = contest_status(c.bat_dau, c.ket_thuc, today),
        _ => {}
    }
    h
}

/// `2026-05-20 08:00` → `08:00, 20/05/2026`; a bare date → `20/05/2026`; anything else as written.
fn dialogue_time(written: &str, date: Option<Date>) -> String {
    let Some(d) = date else {
        return written.to_string();
    };
    let rest = written.get(10..).map(str::trim).unwrap_or("");
    if rest.is_empty() {
        d.dmy()
    } else {
        format!("{rest}, {}", d.dmy())
    }
}

fn contest_status(start: Option<Date>, end: Option<Date>, today: Date) -> Option<&'static str> {
    match (start, end) {
        (Some(s), _) if today < s => Some("Sắp diễn ra"),
        (_, Some(e)) if today > e => Some("Đã kết thúc"),
        (None, None) => None,
        _ => Some("Đang diễn ra"),
    }
}

#[derive(Serialize)]
struct PeopleList {
    tieu_de: &'static str,
    cot_noi: &'static str,
    gioi_thieu: &'static str,
}

#[derive(Serialize)]
struct DecisionView<'a> {
    so_ky_hieu: &'a str,
    ngay: Option<Ngay>,
    ly_do: Option<&'a str>,
}

#[derive(Serialize)]
struct PersonRow<'a> {
    ho_ten: &'a str,
    chuc_vu: &'a str,
    noi: String,
    trinh_do: &'a str,
    linh_vuc: String,
    trang_thai: &'a str,
    qd_cong_nhan: Option<DecisionView<'a>>,
    qd_mien_nhiem: Option<DecisionView<'a>>,
}

fn decision(d: &Decision) -> DecisionView<'_> {
    DecisionView {
        so_ky_hieu: &d.so_ky_hieu,
        ngay: d.ngay.map(Ngay::from),
        ly_do: d.ly_do.as_deref(),
    }
}

fn person_row(p: &Person) -> PersonRow<'_> {
    let noi = [p.co_quan.as_deref(), p.dia_ban.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    PersonRow {
        ho_ten: &p.ho_ten,
        chuc_vu: p.chuc_vu.as_deref().unwrap_or(""),
        noi,
        trinh_do: p.trinh_do_chuyen_mon.as_deref().unwrap_or(""),
        linh_vuc: p.linh_vuc_chuyen_sau.join(", "),
        trang_thai: &p.trang_thai,
        qd_cong_nhan: p.qd_cong_nhan.as_ref().map(decision),
        qd_mien_nhiem: p.qd_mien_nhiem.as_ref().map(decision),
    }
}

fn people(site: &Site, kind: PeopleKind, meta: &mut PageMeta, ctx: &mut Context) -> &'static str {
    let (list, people) = match kind {
        PeopleKind::BaoCaoVien => (
            PeopleList {
                tieu_de: "Báo cáo viên pháp luật",
                cot_noi: "Cơ quan, đơn vị",
                gioi_thieu: "Danh sách báo cáo viên pháp luật và quyết định công nhận, miễn nhiệm \
                             (Thông tư 10/2016/TT-BTP, Điều 8).",
            },
            &site.data.bao_cao_vien,
        ),
        PeopleKind::TuyenTruyenVien => (
            PeopleList {
                tieu_de: "Tuyên truyền viên pháp luật",
                cot_noi: "Địa bàn",
                gioi_thieu:
                    "Danh sách tuyên truyền viên pháp luật và quyết định công nhận, cho thôi \
                             (Thông tư 10/2016/TT-BTP, Điều 8).",
            },
            &site.data.tuyen_truyen_vien,
        ),
    };
    meta.kind = if kind == PeopleKind::BaoCaoVien {
        "bao-cao-vien"
    } else {
        "tuyen-truyen-vien"
    };
    meta.breadcrumb.push(Link {
        url: meta.url.clone(),
        title: list.tieu_de.to_string(),
    });
    meta.description = list
        .gioi_thieu
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let rows: Vec<PersonRow> = people.iter().map(person_row).collect();
    ctx.insert("danh_sach", &list);
    ctx.insert("nguoi", &rows);
    "people.html"
}

#[derive(Serialize)]
struct ContactRow<'a> {
    ho_ten: &'a str,
    chuc_vu: &'a str,
    don_vi: &'a str,
    dien_thoai: Option<&'a str>,
    tel: String,
    email: Option<&'a str>,
}

fn contacts(site: &Site) -> Vec<ContactRow<'_>> {
    site.data
        .lien_he
        .iter()
        .map(|c| ContactRow {
            ho_ten: &c.ho_ten,
            chuc_vu: c.chuc_vu.as_deref().unwrap_or(""),
            don_vi: c.don_vi.as_deref().unwrap_or(""),
            dien_thoai: c.dien_thoai.as_deref(),
            tel: view::tel(c.dien_thoai.as_deref().unwrap_or("")),
            email: c.email.as_deref(),
        })
        .collect()
}

#[derive(Serialize)]
struct PageNo {
    n: usize,
    url: String,
}

#[derive(Serialize)]
struct ItemLink<'a> {
    tieu_de: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct Node<'a> {
    title: &'a str,
    url: &'a str,
    count: usize,
    pages: Vec<PageNo>,
    items: Vec<ItemLink<'a>>,
    items_listed: bool,
    children: Vec<Node<'a>>,
}

/// The site-map tree: every top-level section with its sub-folders, list pages, and its own
/// items when there are at most `SITEMAP_ITEM_LIMIT` (items of a sub-folder are listed under
/// the sub-folder, not again under its parent).
fn sitemap_tree<'a>(r: &Renderer, site: &'a Site) -> Vec<Node<'a>> {
    top_sections(site).map(|s| node(r, site, s)).collect()
}

fn node<'a>(r: &Renderer, site: &'a Site, s: &'a Section) -> Node<'a> {
    let own: Vec<&Item> = s
        .items
        .iter()
        .filter_map(|&i| site.items.get(i))
        .filter(|it| it.subsection == s.path)
        .collect();
    let items_listed = own.len() <= SITEMAP_ITEM_LIMIT;
    let children = site
        .sections
        .iter()
        .filter(|c| {
            c.def.folder == s.def.folder
                && c.path.len() == s.path.len() + 1
                && c.path.starts_with(&s.path)
        })
        .map(|c| node(r, site, c))
        .collect();
    Node {
        title: &s.title,
        url: &s.url,
        count: s.items.len(),
        pages: (1..=page_count(s.items.len(), r.per_page))
            .map(|n| PageNo {
                n,
                url: page_url(&s.url, n),
            })
            .collect(),
        items: if items_listed {
            own.iter()
                .map(|it| ItemLink {
                    tieu_de: &it.tieu_de,
                    url: &it.url,
                })
                .collect()
        } else {
            Vec::new()
        },
        items_listed,
        children,
    }
}

/// Ends the breadcrumb with the page itself (the fixed pages have no parent but the home page).
fn push_current_page(meta: &mut PageMeta, job: &PageJob) {
    meta.breadcrumb.push(Link {
        url: job.url.clone(),
        title: job.title.clone(),
    });
}
