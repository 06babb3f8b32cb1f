//! The site as the renderer sees it: the configuration, the sections with their items (newest
//! first), the taxonomies (lĩnh vực, loại văn bản, cơ quan ban hành, năm) sorted by Vietnamese
//! collation, and the data lists. Built from validated items by `model::build`; it owns no I/O.

mod assemble;
pub mod sections;

pub use assemble::assemble;
pub use assemble::{same_site_inputs, Links};
pub use sections::{section_def, SectionDef, SectionKind, SECTIONS};

use crate::config::SiteConfig;
use crate::vi::Date;
use serde::Serialize;
use std::path::PathBuf;

/// A file an item points at (attachment, cover image, caption track).
#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    /// Absolute path of the source file on disk.
    #[serde(skip)]
    pub source: PathBuf,
    /// Site-root-relative URL of the copy in the output, e.g. `van-ban/42-2022-nd-cp/goc.pdf`
    /// or `tep/van-ban-goc.pdf` (from `static/`). No leading slash.
    pub url: String,
    /// File size in bytes (shown next to download links).
    pub size: u64,
    /// Lower-case extension without the dot (`pdf`, `docx`, `mp4`, `vtt` ...).
    pub ext: String,
}

/// `{duong_dan, nhan}` entries of `tep_van_ban` and `tep`.
#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    pub nhan: String,
    pub tep: Asset,
}

/// A link to an outside resource (`lien_ket`, `duong_dan_thi`, a platform video).
#[derive(Clone, Debug, Serialize)]
pub struct NamedLink {
    pub ten: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Relation {
    /// `can_cu`, `huong_dan`, `sua_doi_bo_sung`, `bi_sua_doi`, `thay_the`, `bi_thay_the_boi`, `bai_bo`, `bi_bai_bo`, `het_hieu_luc_mot_phan`.
    pub loai: String,
    /// Vietnamese label of `loai` ("Căn cứ", "Bị thay thế bởi" ...).
    pub nhan: String,
    pub so_ky_hieu: String,
    /// URL of the van_ban item on this site with that number, when there is one.
    pub url: Option<String>,
}

/// A document number cited by an item (`can_cu_phap_ly`, `van_ban_lien_quan`), resolved to the
/// van_ban page of this site when one has that number.
#[derive(Clone, Debug, Serialize)]
pub struct Citation {
    pub so_ky_hieu: String,
    pub url: Option<String>,
    /// The cited document's title when it is on this site.
    pub tieu_de: Option<String>,
}

/// Which B2 grammar a `so_ky_hieu` follows; decides the uniqueness rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberForm {
    Vbqppl,
    HanhChinh,
    CongVan,
    HopNhat,
    Dang,
}

#[derive(Clone, Debug, Serialize)]
pub struct VanBan {
    pub so_ky_hieu: String,
    pub dang_so: NumberForm,
    pub la_vbqppl: bool,
    pub loai_van_ban: String,
    pub co_quan_ban_hanh: String,
    pub ngay_ban_hanh: Date,
    pub ngay_co_hieu_luc: Option<Date>,
    pub ngay_het_hieu_luc: Option<Date>,
    pub tinh_trang_hieu_luc: String,
    /// True unless the status is "Còn hiệu lực" (or "Không áp dụng"): the page shows a warning banner.
    pub canh_bao_hieu_luc: bool,
    pub nguoi_ky: String,
    pub chuc_danh_nguoi_ky: Option<String>,
    pub trich_yeu: String,
    pub tep_van_ban: Vec<Attachment>,
    pub lien_ket: Vec<NamedLink>,
    pub quan_he: Vec<Relation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaiLieu {
    pub loai_tai_lieu: String,
    pub co_quan_bien_soan: String,
    pub ngay_phat_hanh: Date,
    pub van_ban_lien_quan: Vec<Citation>,
    pub tep: Vec<Attachment>,
    /// A self-hosted video file.
    pub video: Option<Asset>,
    /// A video on a platform (YouTube ...): shown as a link, never embedded before a click.
    pub video_url: Option<String>,
    pub thoi_luong: Option<String>,
    pub phu_de: Option<Asset>,
    pub ban_ghi_loi: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HoiDap {
    /// The question, rendered from Markdown.
    pub cau_hoi_html: String,
    pub nguoi_hoi: Option<String>,
    pub ngay_gui: Date,
    pub ngay_tra_loi: Date,
    pub nguoi_tra_loi: Option<String>,
    pub don_vi_tra_loi: Option<String>,
    pub can_cu_phap_ly: Vec<Citation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct HoatDong {
    pub ngay_to_chuc: Option<Date>,
    pub dia_diem: Option<String>,
    pub so_nguoi_tham_du: Option<u64>,
    pub hinh_thuc: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DoiThoai {
    pub chu_de: Option<String>,
    /// As written (`2026-05-20` or `2026-05-20 08:00`); `ngay` is its date part.
    pub thoi_gian: Option<String>,
    pub ngay: Option<Date>,
    pub hinh_thuc: Option<String>,
    pub dia_diem: Option<String>,
    pub duong_dan: Option<String>,
    pub co_quan_chu_tri: Option<String>,
    pub thanh_phan: Option<String>,
    pub ket_qua: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BaoCao {
    pub ky_bao_cao: Option<String>,
    pub so_ky_hieu: Option<String>,
    pub ngay_ban_hanh: Option<Date>,
    pub tep: Vec<Attachment>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CuocThi {
    pub bat_dau: Option<Date>,
    pub ket_thuc: Option<Date>,
    pub don_vi_to_chuc: Option<String>,
    pub the_le: Option<Asset>,
    pub duong_dan_thi: Option<String>,
    /// The quiz file, kept as a path for the quiz feature (issue 7).
    pub cau_hoi_on_tap: Option<Asset>,
}

/// The typed fields of one item kind. Serialised with `kind` as the tag, so templates test
/// `item.data.kind == "van_ban"` and read `item.data.so_ky_hieu`.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemData {
    Page,
    VanBan(VanBan),
    TaiLieu(TaiLieu),
    HoiDap(HoiDap),
    HoatDong(HoatDong),
    DoiThoai(DoiThoai),
    BaoCao(BaoCao),
    CuocThi(CuocThi),
}

/// The provenance `pbgdpl sync` writes into an imported item (`dong_bo: {nguon, ma, url, bam}`).
#[derive(Clone, Debug, Serialize)]
pub struct Provenance {
    /// The source as configured in `site.yaml` (`api/v1/` address, folder or feed).
    pub nguon: String,
    /// The item's id at the source.
    pub ma: String,
    /// The item's page at the source, shown as the "Nguồn" link.
    pub url: Option<String>,
    /// The source's content hash when imported.
    pub bam: String,
}

/// One item (page) of a section, validated and typed.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Source file relative to the site root (`content/van-ban/42-2022-nd-cp.md`).
    pub source: PathBuf,
    /// The section folder (`van-ban`).
    pub section: &'static str,
    /// Folders between the section and the item (`trung-uong`), empty when none.
    pub subsection: Vec<String>,
    pub slug: String,
    /// Site-root-relative URL ending in `/`, no leading slash: `van-ban/42-2022-nd-cp/`.
    pub url: String,
    /// The bundle folder when the item is `<slug>/index.md`; its other files are copied beside the page.
    #[serde(skip)]
    pub bundle_dir: Option<PathBuf>,
    pub tieu_de: String,
    pub ngay_dang: Date,
    pub ngay_cap_nhat: Option<Date>,
    pub tom_tat: Option<String>,
    pub linh_vuc: Vec<String>,
    pub doi_tuong: Vec<String>,
    pub nguon: Option<String>,
    pub tac_gia: Option<String>,
    pub anh: Option<Asset>,
    pub anh_mo_ta: Option<String>,
    pub ban_nhap: bool,
    /// Where `pbgdpl sync` imported the item from (`dong_bo` in its front matter).
    pub dong_bo: Option<Provenance>,
    pub data: ItemData,
    /// The Markdown body (NFC). Not serialised: the renderer passes the HTML separately.
    #[serde(skip)]
    pub body: String,
    /// 1-based line of the body's first line in the source file (for Markdown diagnostics).
    #[serde(skip)]
    pub body_line: usize,
    /// Every front-matter field as written (NFC), for the data API, which publishes those the
    /// theme does not show too. Shared: items are cloned when a build's model is assembled.
    #[serde(skip)]
    pub truong: std::sync::Arc<serde_json::Map<String, serde_json::Value>>,
}

impl Item {
    /// The date lists sort by, newest first: `ngay_ban_hanh` for documents (A5-02), else `ngay_dang`.
    pub fn sort_date(&self) -> Date {
        match &self.data {
            ItemData::VanBan(v) => v.ngay_ban_hanh,
            _ => self.ngay_dang,
        }
    }

    /// The last substantive change: `ngay_cap_nhat`, else `ngay_dang`.
    pub fn updated(&self) -> Date {
        self.ngay_cap_nhat
            .unwrap_or(self.ngay_dang)
            .max(self.ngay_dang)
    }

    /// Every file the item points at (attachments, cover image, video, captions ...).
    pub fn assets(&self) -> Vec<&Asset> {
        let mut v: Vec<&Asset> = self.anh.iter().collect();
        match &self.data {
            ItemData::VanBan(d) => v.extend(d.tep_van_ban.iter().map(|a| &a.tep)),
            ItemData::TaiLieu(d) => {
                v.extend(d.tep.iter().map(|a| &a.tep));
                v.extend(d.video.iter().chain(d.phu_de.iter()));
            }
            ItemData::BaoCao(d) => v.extend(d.tep.iter().map(|a| &a.tep)),
            ItemData::CuocThi(d) => v.extend(d.the_le.iter().chain(d.cau_hoi_on_tap.iter())),
            ItemData::Page
            | ItemData::HoiDap(_)
            | ItemData::HoatDong(_)
            | ItemData::DoiThoai(_) => {}
        }
        v
    }

    pub fn van_ban(&self) -> Option<&VanBan> {
        match &self.data {
            ItemData::VanBan(v) => Some(v),
            _ => None,
        }
    }
}

/// `_index.md` of a section or sub-folder.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SectionIntro {
    pub tieu_de: Option<String>,
    pub tom_tat: Option<String>,
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub def: &'static SectionDef,
    /// Menu label, or `_index.md`'s `tieu_de`.
    pub title: String,
    /// `van-ban/` (site-root-relative, no leading slash); a sub-folder: `van-ban/trung-uong/`.
    pub url: String,
    /// Sub-folder path below the section, empty for the section itself.
    pub path: Vec<String>,
    #[serde(skip)]
    pub intro: SectionIntro,
    /// Indices into `Site::items`, newest first (ties: title in Vietnamese order).
    #[serde(skip)]
    pub items: Vec<usize>,
}

/// One value of a taxonomy (`Đất đai`) and the items that carry it.
#[derive(Clone, Debug, Serialize)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `linh-vuc/dat-dai/`.
    pub url: String,
    #[serde(skip)]
    pub items: Vec<usize>,
    pub count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Taxonomy {
    /// URL segment: `linh-vuc`, `loai-van-ban`, `co-quan-ban-hanh`, `nam`.
    pub key: &'static str,
    pub label: &'static str,
    /// Terms in Vietnamese collation order (years: newest first).
    pub terms: Vec<Term>,
}

/// A recognition or dismissal decision `{so_ky_hieu, ngay}`.
#[derive(Clone, Debug, Serialize)]
pub struct Decision {
    pub so_ky_hieu: String,
    pub ngay: Option<Date>,
    pub ly_do: Option<String>,
}

/// A báo cáo viên or tuyên truyền viên (TT 10/2016 Điều 8). No phone, birth date or ID number.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    pub ho_ten: String,
    pub chuc_vu: Option<String>,
    pub co_quan: Option<String>,
    pub dia_ban: Option<String>,
    pub trinh_do_chuyen_mon: Option<String>,
    pub linh_vuc_chuyen_sau: Vec<String>,
    pub qd_cong_nhan: Option<Decision>,
    pub trang_thai: String,
    pub qd_mien_nhiem: Option<Decision>,
}

/// A focal official of `data/lien-he.yaml` (A4-05).
#[derive(Clone, Debug, Serialize)]
pub struct Contact {
    pub ho_ten: String,
    pub chuc_vu: Option<String>,
    pub don_vi: Option<String>,
    pub dien_thoai: Option<String>,
    pub email: Option<String>,
}

/// `data/*.yaml`. Unknown data files are kept as JSON for templates (`data.extra.<name>`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct DataFiles {
    pub bao_cao_vien: Vec<Person>,
    pub tuyen_truyen_vien: Vec<Person>,
    pub lien_he: Vec<Contact>,
    pub lien_ket: Vec<NamedLink>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The whole site, ready to render. `Clone`: `serve` hands a copy to its background indexer.
#[derive(Clone, Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// All items that are built (drafts only when asked), in source order.
    pub items: Vec<Item>,
    /// Top-level sections in `SECTIONS` order (all of them, even empty), then sub-folders.
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub data: DataFiles,
    /// Indices into `items`, newest first across the site (home page, site feed).
    pub latest: Vec<usize>,
    /// The date the site is built on (Vietnam time); status checks compare against it.
    pub build_date: Date,
}

impl Site {
    pub fn section(&self, folder: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.def.folder == folder && s.path.is_empty())
    }
}

impl ItemData {
    /// The serde tag of the kind (`van_ban`, `hoi_dap` ...): the item template's name and the
    /// `loai` of the data API.
    pub fn kind_name(&self) -> &'static str {
        match self {
            ItemData::Page => "page",
            ItemData::VanBan(_) => "van_ban",
            ItemData::TaiLieu(_) => "tai_lieu",
            ItemData::HoiDap(_) => "hoi_dap",
            ItemData::HoatDong(_) => "hoat_dong",
            ItemData::DoiThoai(_) => "doi_thoai",
            ItemData::BaoCao(_) => "bao_cao",
            ItemData::CuocThi(_) => "cuoc_thi",
        }
    }
}
