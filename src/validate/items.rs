//! One content file → one typed `Item` (or a section intro). The section decides the kind;
//! every kind's required fields come from content format v1, its optional extras from
//! domain-vn schema B. Problems are collected per file and returned with the outcome, so the
//! caller can run files in parallel and still report them in a stable order.

use super::assets::{AssetError, Assets};
use super::fields::{show, Reader};
use super::{enums, so_ky_hieu, suggest};
use crate::diagnostics::Diagnostic;
use crate::load::SourceDoc;
use crate::model::*;
use crate::vi::{self, Date};
use serde_json::Value;

pub struct Ctx<'a> {
    pub assets: &'a Assets,
    pub today: Date,
    pub drafts: bool,
    pub allow_html: bool,
}

/// A document number to check for uniqueness across the site once every file is read.
#[derive(Clone, Debug)]
pub struct NumberCheck {
    /// VBQPPL: the normalised number; others: number and year of issue.
    pub key: String,
    pub written: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone)]
pub enum Outcome {
    Item(Box<Item>),
    Intro(String, Vec<String>, SectionIntro),
    Draft,
    /// Errors were reported; nothing to build.
    Failed,
}

#[derive(Clone)]
pub struct Checked {
    pub outcome: Outcome,
    pub number: Option<NumberCheck>,
    pub diags: Vec<Diagnostic>,
}

const COMMON: &[&str] = &[
    "tieu_de",
    "ngay_dang",
    "ngay_cap_nhat",
    "tom_tat",
    "linh_vuc",
    "doi_tuong",
    "nguon",
    "tac_gia",
    "anh",
    "anh_mo_ta",
    "ban_nhap",
    "dong_bo",
];
const VAN_BAN: &[&str] = &[
    "so_ky_hieu",
    "loai_van_ban",
    "co_quan_ban_hanh",
    "ngay_ban_hanh",
    "ngay_co_hieu_luc",
    "ngay_het_hieu_luc",
    "tinh_trang_hieu_luc",
    "nguoi_ky",
    "chuc_danh_nguoi_ky",
    "trich_yeu",
    "tep_van_ban",
    "lien_ket",
    "quan_he",
    // domain-vn B1 extras
    "la_vbqppl",
    "co_quan_ban_hanh_viet_tat",
    "nam",
    "hieu_luc_ghi_chu",
    "nganh",
    "pham_vi",
    "ngay_dang_cong_bao",
    "so_cong_bao",
    "nguon_thu_thap",
    "lich_su",
    "tai_lieu_kem_theo",
    "gioi_thieu",
];
const TAI_LIEU: &[&str] = &[
    "loai_tai_lieu",
    "co_quan_bien_soan",
    "ngay_phat_hanh",
    "van_ban_lien_quan",
    "tep",
    "video",
    "thoi_luong",
    "phu_de",
    "ban_ghi_loi",
    "ten",
    "gioi_thieu",
    "phe_duyet",
    "ban_quyen",
];
const HOI_DAP: &[&str] = &[
    "cau_hoi",
    "nguoi_hoi",
    "ngay_gui",
    "ngay_tra_loi",
    "nguoi_tra_loi",
    "don_vi_tra_loi",
    "can_cu_phap_ly",
    "tra_loi",
    "noi_bat",
    "mien_tru",
    "don_vi",
];
const HOAT_DONG: &[&str] = &["ngay_to_chuc", "dia_diem", "so_nguoi_tham_du", "hinh_thuc"];
const DOI_THOAI: &[&str] = &[
    "chu_de",
    "thoi_gian",
    "hinh_thuc",
    "dia_diem",
    "duong_dan",
    "co_quan_chu_tri",
    "thanh_phan",
    "ket_qua",
    "noi_dung",
    "van_ban_lien_quan",
];
const BAO_CAO: &[&str] = &[
    "ky_bao_cao",
    "so_ky_hieu",
    "ngay_ban_hanh",
    "tep",
    "ky",
    "ngay",
    "han_nop",
    "chi_so",
];
const CUOC_THI: &[&str] = &[
    "bat_dau",
    "ket_thuc",
    "don_vi_to_chuc",
    "the_le",
    "duong_dan_thi",
    "cau_hoi_on_tap",
    "ten",
    "so_ky_hieu_ke_hoach",
    "ket_qua",
];
const INTRO: &[&str] = &["tieu_de", "tom_tat"];

/// A URL segment as written when it is already URL-safe, else its slug.
pub fn url_segment(s: &str) -> String {
    let safe = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if safe {
        s.to_string()
    } else {
        let slug = vi::slugify(s);
        if slug.is_empty() {
            "bai".to_string()
        } else {
            slug
        }
    }
}

/// Checks one document; `body` is its Markdown, moved out of `doc` so 300 MB of bodies are
/// never copied.
pub fn check_doc(ctx: &Ctx, doc: &SourceDoc, body: String) -> Checked {
    let mut r = Reader::new(doc);
    if doc.is_intro {
        let intro = SectionIntro {
            tieu_de: r.text("tieu_de"),
            tom_tat: r.text("tom_tat"),
            body,
            source: Some(doc.rel.clone()),
        };
        r.unknown_fields(&[INTRO]);
        return Checked {
            outcome: Outcome::Intro(doc.section.clone(), doc.subsection.clone(), intro),
            number: None,
            diags: r.out,
        };
    }
    let draft = r.flag("ban_nhap").unwrap_or(false);
    if draft && !ctx.drafts {
        return Checked {
            outcome: Outcome::Draft,
            number: None,
            diags: Vec::new(),
        };
    }
    let (item, number) = check_item(ctx, &mut r, draft, body);
    let outcome = match item {
        Some(item) if !r.has_errors() => Outcome::Item(Box::new(item)),
        _ => Outcome::Failed,
    };
    Checked {
        outcome,
        number,
        diags: r.out,
    }
}

fn effective_kind(kind: SectionKind, r: &Reader) -> SectionKind {
    match kind {
        SectionKind::VanBanOrPage if r.get("so_ky_hieu").is_some() => SectionKind::VanBan,
        SectionKind::VanBanOrPage => SectionKind::Page,
        k => k,
    }
}

fn known_fields(kind: SectionKind) -> &'static [&'static str] {
    match kind {
        SectionKind::VanBan | SectionKind::VanBanOrPage => VAN_BAN,
        SectionKind::TaiLieu => TAI_LIEU,
        SectionKind::HoiDap => HOI_DAP,
        SectionKind::HoatDong => HOAT_DONG,
        SectionKind::DoiThoai => DOI_THOAI,
        SectionKind::BaoCao => BAO_CAO,
        SectionKind::CuocThi => CUOC_THI,
        SectionKind::Page => &[],
    }
}

fn item_url(doc: &SourceDoc, slug: &str) -> String {
    let mut url = format!("{}/", doc.section);
    for sub in &doc.subsection {
        url.push_str(&url_segment(sub));
        url.push('/');
    }
    url.push_str(slug);
    url.push('/');
    url
}

fn check_item(
    ctx: &Ctx,
    r: &mut Reader,
    draft: bool,
    body: String,
) -> (Option<Item>, Option<NumberCheck>) {
    let doc = r.doc;
    let Some(def) = section_def(&doc.section) else {
        return (None, None);
    };
    let kind = effective_kind(def.kind, r);
    let body = answer_body(kind, r, body);
    let slug = url_segment(&doc.slug);
    if slug == "trang" {
        // `<section>/trang/<n>/` are the list's own pages; an item there would replace one.
        r.out.push(
            Diagnostic::error("trung-duong-dan", &doc.rel, "tên `trang` dành cho các trang danh sách (`trang/2/`, `trang/3/` ...), không dùng được cho bài hay thư mục.")
                .fix("đổi tên tệp hoặc thư mục, ví dụ `trang-chu-de.md`"),
        );
        return (None, None);
    }
    if slug != doc.slug {
        r.out.push(
            Diagnostic::warning(
                "ten-tep",
                &doc.rel,
                format!(
                    "tên `{}` có chữ hoa, dấu hoặc dấu cách nên địa chỉ trang sẽ là `{slug}`.",
                    doc.slug
                ),
            )
            .fix(format!(
                "đổi tên tệp (hoặc thư mục bài) thành `{slug}` để địa chỉ trang giống tên tệp."
            )),
        );
    }
    let url = item_url(doc, &slug);

    let ngay_dang = r.req_date("ngay_dang", "ngày đăng bài trên trang");
    let ngay_cap_nhat = r.date("ngay_cap_nhat");
    let tom_tat = r.text("tom_tat");
    let linh_vuc = r.texts("linh_vuc");
    let doi_tuong = r.texts("doi_tuong");
    let nguon = r.text("nguon");
    let tac_gia = r.text("tac_gia");
    let anh = path_field(ctx, r, "anh", &url);
    let anh_mo_ta = r.text("anh_mo_ta");
    if anh.is_some() && anh_mo_ta.is_none() {
        r.missing(
            "anh_mo_ta",
            "lời mô tả ảnh cho người khiếm thị, bắt buộc khi có `anh`",
            "Toàn cảnh hội nghị phổ biến pháp luật",
        );
    }

    let mut number = None;
    let mut built_title = None;
    let data = match kind {
        SectionKind::VanBan | SectionKind::VanBanOrPage => van_ban(ctx, r, &url).map(|(v, n)| {
            number = n;
            built_title = Some(format!(
                "{} {} {}",
                v.loai_van_ban, v.so_ky_hieu, v.trich_yeu
            ));
            ItemData::VanBan(v)
        }),
        SectionKind::TaiLieu => tai_lieu(ctx, r, &url).map(ItemData::TaiLieu),
        SectionKind::HoiDap => hoi_dap(ctx, r).map(ItemData::HoiDap),
        SectionKind::HoatDong => Some(ItemData::HoatDong(hoat_dong(r))),
        SectionKind::DoiThoai => Some(ItemData::DoiThoai(doi_thoai(r))),
        SectionKind::BaoCao => Some(ItemData::BaoCao(bao_cao(ctx, r, &url))),
        SectionKind::CuocThi => Some(ItemData::CuocThi(cuoc_thi(ctx, r, &url))),
        SectionKind::Page => Some(ItemData::Page),
    };

    let tieu_de = match r.text("tieu_de") {
        Some(t) => Some(t),
        None if matches!(kind, SectionKind::VanBan) => built_title,
        None if matches!(kind, SectionKind::TaiLieu | SectionKind::CuocThi)
            && r.get("ten").is_some() =>
        {
            r.text("ten")
        }
        None => {
            r.missing("tieu_de", "tiêu đề của bài", "Tên bài viết");
            None
        }
    };
    if tom_tat.is_none()
        && !matches!(kind, SectionKind::VanBan | SectionKind::HoiDap)
        && tieu_de.is_some()
    {
        r.warn(
            "canh-bao",
            "tom_tat",
            "bài chưa có `tom_tat`: danh sách bài, bản tin RSS và kết quả tìm kiếm sẽ không có đoạn giới thiệu ngắn.".into(),
            "thêm `tom_tat: <một đoạn 1–3 câu nêu ý chính của bài>` vào phần đầu.".into(),
        );
    }
    r.unknown_fields(&[COMMON, known_fields(kind)]);

    let item = Item {
        source: doc.rel.clone(),
        section: def.folder,
        subsection: doc.subsection.clone(),
        slug,
        url,
        bundle_dir: doc.bundle_dir.clone(),
        tieu_de: tieu_de.unwrap_or_default(),
        ngay_dang: ngay_dang.unwrap_or(ctx.today),
        ngay_cap_nhat,
        tom_tat,
        linh_vuc,
        doi_tuong,
        nguon,
        tac_gia,
        anh,
        anh_mo_ta,
        ban_nhap: draft,
        dong_bo: provenance(r),
        data: data.unwrap_or(ItemData::Page),
        body,
        body_line: doc.body_line,
        truong: std::sync::Arc::new(
            doc.fields
                .iter()
                .map(|(k, f)| (k.clone(), f.value.clone()))
                .collect(),
        ),
    };
    let ok = ngay_dang.is_some() && !item.tieu_de.is_empty();
    (ok.then_some(item), number)
}

/// `dong_bo: {nguon, ma, url, bam, ban_ghi}`, written by `pbgdpl sync`.
fn provenance(r: &mut Reader) -> Option<Provenance> {
    let f = r.get("dong_bo")?;
    let text = |k: &str| f.value.get(k).and_then(Value::as_str).map(str::to_string);
    match (text("nguon"), text("ma"), text("bam")) {
        (Some(nguon), Some(ma), Some(bam)) => Some(Provenance {
            nguon,
            ma,
            url: text("url").filter(|u| is_web_url(u)),
            bam,
        }),
        _ => {
            r.error(
                "kieu",
                "dong_bo",
                format!("`dong_bo` phải là nhóm `{{nguon, ma, bam}}` do `pbgdpl sync` ghi, nhưng đang là {}.", show(&f.value)),
                "đừng sửa tay nhóm `dong_bo`; nếu bài không còn lấy từ nguồn nữa thì xóa cả nhóm `dong_bo`.".into(),
            );
            None
        }
    }
}

/// Every front-matter field the validator reads for an item of `kind` (the JSON Schema in
/// `docs/schema/` is tested against this list).
pub fn accepted_fields(kind: SectionKind) -> Vec<&'static str> {
    COMMON.iter().chain(known_fields(kind)).copied().collect()
}

fn van_ban(ctx: &Ctx, r: &mut Reader, url: &str) -> Option<(VanBan, Option<NumberCheck>)> {
    let so = r.req_text("so_ky_hieu", "số ký hiệu của văn bản", "42/2022/NĐ-CP");
    let parsed = so.as_deref().and_then(|s| number(r, "so_ky_hieu", s));
    let loai = r.req_text("loai_van_ban", "loại văn bản", "Nghị định");
    let co_quan = r.req_text("co_quan_ban_hanh", "cơ quan ban hành", "Chính phủ");
    let ngay_bh = r.req_date("ngay_ban_hanh", "ngày ký ban hành văn bản");
    let la_vbqppl = r.flag("la_vbqppl").unwrap_or_else(|| {
        parsed
            .as_ref()
            .is_some_and(|p| p.form == NumberForm::Vbqppl)
    });
    let ngay_co = if la_vbqppl {
        r.req_date(
            "ngay_co_hieu_luc",
            "ngày có hiệu lực, bắt buộc với văn bản quy phạm pháp luật",
        )
    } else {
        r.date("ngay_co_hieu_luc")
    };
    let ngay_het = r.date("ngay_het_hieu_luc");
    let tinh_trang = if r.get("tinh_trang_hieu_luc").is_none() {
        r.missing("tinh_trang_hieu_luc", "tình trạng hiệu lực", "Còn hiệu lực");
        None
    } else {
        r.choice("tinh_trang_hieu_luc", enums::TINH_TRANG_HIEU_LUC)
    };
    let nguoi_ky = r.req_text("nguoi_ky", "họ tên người ký", "Nguyễn Văn An");
    let chuc_danh = r.text("chuc_danh_nguoi_ky");
    let trich_yeu = r.req_text("trich_yeu", "trích yếu nội dung văn bản", "Quy định về ...");
    let tep = attachments(ctx, r, "tep_van_ban", url, true);
    let lien_ket = links(r, "lien_ket");
    let quan_he = relations(r);
    if let (Some(status), Some(_)) = (&tinh_trang, ngay_bh) {
        status_warnings(r, status, ngay_co, ngay_het, ctx.today);
    }
    let check = match (&parsed, ngay_bh, &so) {
        (Some(p), _, Some(written)) if p.form == NumberForm::Vbqppl => {
            Some((p.key.clone(), written))
        }
        (Some(p), Some(d), Some(written)) => Some((format!("{}#{}", p.key, d.year()), written)),
        _ => None,
    }
    .map(|(key, written)| {
        let (line, column) = r.pos("so_ky_hieu");
        NumberCheck {
            key,
            written: written.clone(),
            line,
            column,
        }
    });
    let v = VanBan {
        so_ky_hieu: so?,
        dang_so: parsed?.form,
        la_vbqppl,
        loai_van_ban: loai?,
        co_quan_ban_hanh: co_quan?,
        ngay_ban_hanh: ngay_bh?,
        ngay_co_hieu_luc: ngay_co,
        ngay_het_hieu_luc: ngay_het,
        canh_bao_hieu_luc: !enums::HIEU_LUC_BINH_THUONG.contains(&tinh_trang.as_deref()?),
        tinh_trang_hieu_luc: tinh_trang?,
        nguoi_ky: nguoi_ky?,
        chuc_danh_nguoi_ky: chuc_danh,
        trich_yeu: trich_yeu?,
        tep_van_ban: tep,
        lien_ket,
        quan_he,
    };
    Some((v, check))
}

/// Parses a số ký hiệu, reporting a malformed one.
fn number(r: &mut Reader, key: &str, s: &str) -> Option<so_ky_hieu::Parsed> {
    match so_ky_hieu::parse(s) {
        Ok(p) => Some(p),
        Err(p) => {
            let fix = match &p.suggestion {
                Some(g) => format!("có phải là `{key}: {g}`? ({})", so_ky_hieu::FORMS_HELP),
                None => format!("viết lại đúng {}.", so_ky_hieu::FORMS_HELP),
            };
            r.error(
                "so-ky-hieu",
                key,
                format!("số ký hiệu \"{s}\" không hợp lệ: {}.", p.hint),
                fix,
            );
            None
        }
    }
}

/// A5-04: the recorded status must agree with the dates, as of the build date.
fn status_warnings(r: &mut Reader, status: &str, co: Option<Date>, het: Option<Date>, today: Date) {
    if let Some(het) = het.filter(|d| *d <= today && status == "Còn hiệu lực") {
        r.warn(
            "hieu-luc",
            "tinh_trang_hieu_luc",
            format!(
                "văn bản ghi \"Còn hiệu lực\" nhưng ngày hết hiệu lực {} đã đến (hôm nay {}).",
                het.dmy(),
                today.dmy()
            ),
            "sửa thành `tinh_trang_hieu_luc: Hết hiệu lực toàn bộ` (hoặc `Hết hiệu lực một phần`), hoặc sửa lại `ngay_het_hieu_luc`.".into(),
        );
    }
    if let Some(co) = co.filter(|d| *d > today && status != "Chưa có hiệu lực") {
        r.warn(
            "hieu-luc",
            "tinh_trang_hieu_luc",
            format!(
                "văn bản ghi \"{status}\" nhưng đến {} mới có hiệu lực (hôm nay {}).",
                co.dmy(),
                today.dmy()
            ),
            "sửa thành `tinh_trang_hieu_luc: Chưa có hiệu lực` và cập nhật lại khi văn bản có hiệu lực.".into(),
        );
    }
}

fn tai_lieu(ctx: &Ctx, r: &mut Reader, url: &str) -> Option<TaiLieu> {
    let loai = if r.get("loai_tai_lieu").is_none() {
        r.missing("loai_tai_lieu", "loại tài liệu", "Tài liệu cho người dân");
        None
    } else {
        r.choice("loai_tai_lieu", enums::LOAI_TAI_LIEU)
    };
    let co_quan = r.req_text(
        "co_quan_bien_soan",
        "cơ quan biên soạn",
        "Sở Tư pháp tỉnh Đồng Nai",
    );
    let ngay = r.req_date("ngay_phat_hanh", "ngày phát hành tài liệu");
    let van_ban_lien_quan = citations(r, "van_ban_lien_quan");
    let tep = attachments(ctx, r, "tep", url, false);
    let (mut video, mut video_url) = (None, None);
    if let Some(v) = r.text("video") {
        if is_web_url(&v) {
            video_url = Some(v);
        } else {
            video = path_field(ctx, r, "video", url);
        }
    }
    let phu_de = path_field(ctx, r, "phu_de", url);
    if video.is_some() && phu_de.is_none() && r.get("phu_de").is_none() {
        r.missing(
            "phu_de",
            "tệp phụ đề WebVTT, bắt buộc với video tự lưu trữ để người khiếm thính theo dõi được",
            "video-phu-de.vtt",
        );
    }
    Some(TaiLieu {
        loai_tai_lieu: loai?,
        co_quan_bien_soan: co_quan?,
        ngay_phat_hanh: ngay?,
        van_ban_lien_quan,
        tep,
        video,
        video_url,
        thoi_luong: r.text("thoi_luong"),
        phu_de,
        ban_ghi_loi: r.text("ban_ghi_loi"),
    })
}

/// A Q&A's answer is its body; `tra_loi` (schema B3.2) is accepted when the body is empty, so
/// an answer written in the front matter is never silently lost.
fn answer_body(kind: SectionKind, r: &mut Reader, body: String) -> String {
    if kind != SectionKind::HoiDap {
        return body;
    }
    let Some(answer) = r.text("tra_loi") else {
        return body;
    };
    if body.trim().is_empty() {
        return answer;
    }
    r.warn(
        "truong-la",
        "tra_loi",
        "có cả trường `tra_loi` và phần nội dung bên dưới; trang hiển thị phần nội dung, bỏ qua `tra_loi`.".into(),
        "giữ câu trả lời ở một chỗ: xóa trường `tra_loi`, hoặc xóa phần nội dung bên dưới dòng `---`.".into(),
    );
    body
}

fn hoi_dap(ctx: &Ctx, r: &mut Reader) -> Option<HoiDap> {
    let cau_hoi = r.req_text("cau_hoi", "nội dung câu hỏi", "Tôi muốn hỏi ...?");
    let ngay_gui = r.req_date("ngay_gui", "ngày người hỏi gửi câu hỏi");
    let ngay_tra_loi = r.req_date("ngay_tra_loi", "ngày trả lời");
    let don_vi = r.text("don_vi_tra_loi").or_else(|| r.text("don_vi"));
    Some(HoiDap {
        cau_hoi_html: markdown(&cau_hoi?, ctx.allow_html),
        nguoi_hoi: r.text("nguoi_hoi"),
        ngay_gui: ngay_gui?,
        ngay_tra_loi: ngay_tra_loi?,
        nguoi_tra_loi: r.text("nguoi_tra_loi"),
        don_vi_tra_loi: don_vi,
        can_cu_phap_ly: citations(r, "can_cu_phap_ly"),
    })
}

fn hoat_dong(r: &mut Reader) -> HoatDong {
    HoatDong {
        ngay_to_chuc: r.date("ngay_to_chuc"),
        dia_diem: r.text("dia_diem"),
        so_nguoi_tham_du: r.count("so_nguoi_tham_du"),
        hinh_thuc: r.text("hinh_thuc"),
    }
}

fn doi_thoai(r: &mut Reader) -> DoiThoai {
    let thoi_gian = r.text("thoi_gian");
    let ngay = thoi_gian.as_deref().and_then(|t| {
        let day = t.split([' ', 'T']).next().unwrap_or("");
        let d = Date::parse_iso(day);
        if d.is_none() {
            let (why, guess) = super::fields::explain_date(day);
            let fix = match guess {
                Some(g) => format!("có phải là `thoi_gian: \"{g}{}\"`? Viết `YYYY-MM-DD` hoặc `YYYY-MM-DD HH:MM`.", &t[day.len()..]),
                None => "viết `thoi_gian: \"2026-05-20 08:00\"` (ngày dạng `YYYY-MM-DD`, có thể thêm giờ).".into(),
            };
            r.error("ngay", "thoi_gian", format!("thời gian \"{t}\" không hợp lệ: {why}."), fix);
        }
        d
    });
    DoiThoai {
        chu_de: r.text("chu_de"),
        thoi_gian,
        ngay,
        hinh_thuc: r.choice("hinh_thuc", enums::HINH_THUC_DOI_THOAI),
        dia_diem: r.text("dia_diem"),
        duong_dan: r.text("duong_dan"),
        co_quan_chu_tri: r.text("co_quan_chu_tri"),
        thanh_phan: r.text("thanh_phan"),
        ket_qua: r.text("ket_qua"),
    }
}

fn bao_cao(ctx: &Ctx, r: &mut Reader, url: &str) -> BaoCao {
    let so = r.text("so_ky_hieu");
    if let Some(s) = &so {
        number(r, "so_ky_hieu", s);
    }
    BaoCao {
        ky_bao_cao: r.text("ky_bao_cao").or_else(|| r.text("ky")),
        so_ky_hieu: so,
        ngay_ban_hanh: r.date("ngay_ban_hanh").or_else(|| r.date("ngay")),
        tep: attachments(ctx, r, "tep", url, false),
    }
}

fn cuoc_thi(ctx: &Ctx, r: &mut Reader, url: &str) -> CuocThi {
    CuocThi {
        bat_dau: r.date("bat_dau"),
        ket_thuc: r.date("ket_thuc"),
        don_vi_to_chuc: r.text("don_vi_to_chuc"),
        the_le: path_field(ctx, r, "the_le", url),
        duong_dan_thi: r.text("duong_dan_thi"),
        cau_hoi_on_tap: path_field(ctx, r, "cau_hoi_on_tap", url),
    }
}

fn is_web_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

fn markdown(md: &str, allow_html: bool) -> String {
    use pulldown_cmark::{html, Event, Options, Parser};
    let events = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(
        |e| match e {
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
            other => other,
        },
    );
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// A single-file field (`anh`, `phu_de`, `the_le` ...).
fn path_field(ctx: &Ctx, r: &mut Reader, key: &str, url: &str) -> Option<Asset> {
    let raw = r.text(key)?;
    let at = r.pos(key);
    resolve(ctx, r, key, at, &raw, url)
}

fn resolve(
    ctx: &Ctx,
    r: &mut Reader,
    key: &str,
    at: (usize, usize),
    raw: &str,
    url: &str,
) -> Option<Asset> {
    if is_web_url(raw) {
        r.error_at(
            "kieu",
            key,
            at,
            format!("`{key}` phải là một tệp trong trang, không phải địa chỉ web: \"{raw}\"."),
            "tải tệp về, đặt vào thư mục `static/` (rồi viết `/ten-tep.pdf`) hoặc cạnh bài; với đường dẫn ngoài, dùng trường `lien_ket`.".into(),
        );
        return None;
    }
    match ctx.assets.resolve(r.doc, raw, url) {
        Ok(a) => Some(a),
        Err(AssetError::Outside) => {
            r.error_at(
                "ngoai-thu-muc",
                key,
                at,
                format!("đường dẫn \"{raw}\" đi ra ngoài thư mục của trang; trình dựng không đọc tệp ở ngoài."),
                "chép tệp vào thư mục `static/` của trang rồi viết `/ten-tep.pdf`, hoặc đặt tệp cạnh bài (thư mục bài có `index.md`) rồi chỉ viết tên tệp.".into(),
            );
            None
        }
        Err(AssetError::NotPublished(rel)) => {
            r.error_at(
                "ngoai-thu-muc",
                key,
                at,
                format!("tệp \"{raw}\" (`{rel}`) nằm ngoài `content/` và `static/` nên không được đăng lên trang."),
                "chuyển tệp vào `static/` (và viết `/ten-tep`) hoặc vào thư mục của bài.".into(),
            );
            None
        }
        Err(AssetError::Missing(rel)) => {
            let hint = similar_file(ctx, &rel)
                .map(|n| format!(" Trong cùng thư mục có tệp `{n}` — có phải tệp này?"))
                .unwrap_or_default();
            r.error_at(
                "tep-dinh-kem",
                key,
                at,
                format!("không tìm thấy tệp \"{raw}\" (đã tìm ở `{rel}`).{hint}"),
                "chép tệp vào đúng chỗ hoặc sửa lại tên (phân biệt chữ hoa/thường, có dấu/không dấu). Đường dẫn bắt đầu bằng `/` được tìm trong `static/` (ví dụ `/tep/van-ban-goc.pdf` là `static/tep/van-ban-goc.pdf`); đường dẫn khác được tìm cạnh tệp bài viết.".into(),
            );
            None
        }
    }
}

fn similar_file(ctx: &Ctx, rel: &str) -> Option<String> {
    let _ = ctx;
    let path = std::path::Path::new(rel);
    let name = path.file_name()?.to_string_lossy().into_owned();
    let dir = r_root(ctx).join(path.parent()?);
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    suggest::closest(&name, names.iter().map(String::as_str)).map(str::to_string)
}

fn r_root<'a>(ctx: &'a Ctx) -> &'a std::path::Path {
    ctx.assets.root()
}

/// `{duong_dan, nhan}` entries (or bare paths).
fn attachments(ctx: &Ctx, r: &mut Reader, key: &str, url: &str, required: bool) -> Vec<Attachment> {
    let Some(f) = r.get(key) else {
        if required {
            r.missing(
                key,
                "tệp văn bản để người đọc tải về (ít nhất một tệp)",
                "[{duong_dan: /tep/van-ban-goc.pdf, nhan: Văn bản gốc}]",
            );
        }
        return Vec::new();
    };
    let entries: Vec<Value> = match &f.value {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = r.element_pos(key, i);
        let (path, nhan) = match e {
            Value::String(s) => (Some(s.clone()), None),
            Value::Object(m) => (
                m.get("duong_dan")
                    .or_else(|| m.get("path"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                m.get("nhan")
                    .and_then(Value::as_str)
                    .map(|s| s.trim().to_string()),
            ),
            _ => (None, None),
        };
        let Some(path) = path.filter(|p| !p.trim().is_empty()) else {
            r.error_at(
                "kieu",
                key,
                at,
                format!("phần tử thứ {} của `{key}` thiếu `duong_dan` (đang là {}).", i + 1, show(e)),
                format!("viết theo mẫu: `{key}: [{{duong_dan: /tep/van-ban-goc.pdf, nhan: Văn bản gốc}}]`."),
            );
            continue;
        };
        if let Some(tep) = resolve(ctx, r, key, at, path.trim(), url) {
            let nhan = nhan
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| file_label(&tep));
            out.push(Attachment { nhan, tep });
        }
    }
    if required && out.is_empty() && !r.has_errors() {
        r.missing(
            key,
            "ít nhất một tệp văn bản",
            "[{duong_dan: /tep/van-ban-goc.pdf, nhan: Văn bản gốc}]",
        );
    }
    out
}

fn file_label(a: &Asset) -> String {
    a.url.rsplit('/').next().unwrap_or(&a.url).to_string()
}

/// `lien_ket`: `{vbpl: url, ...}` or `[{ten, url}]`.
fn links(r: &mut Reader, key: &str) -> Vec<NamedLink> {
    let Some(f) = r.get(key) else {
        return Vec::new();
    };
    let label = |k: &str| match k {
        "vbpl" => "Cơ sở dữ liệu quốc gia về pháp luật".to_string(),
        "congbao" | "cong_bao" => "Công báo".to_string(),
        "phap_dien" => "Bộ Pháp điển".to_string(),
        other => other.to_string(),
    };
    match &f.value {
        Value::Object(m) => m
            .iter()
            .filter_map(|(k, v)| {
                Some(NamedLink {
                    ten: label(k),
                    url: v.as_str()?.trim().to_string(),
                })
            })
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|v| {
                Some(NamedLink {
                    ten: v.get("ten")?.as_str()?.to_string(),
                    url: v.get("url")?.as_str()?.to_string(),
                })
            })
            .collect(),
        Value::String(s) => vec![NamedLink {
            ten: "Liên kết".into(),
            url: s.trim().to_string(),
        }],
        other => {
            let other = other.clone();
            r.error(
                "kieu",
                key,
                format!(
                    "`{key}` phải là các cặp `tên: địa chỉ`, nhưng đang là {}.",
                    show(&other)
                ),
                format!("viết theo mẫu: `{key}: {{vbpl: https://vbpl.vn/...}}`."),
            );
            Vec::new()
        }
    }
}

fn relations(r: &mut Reader) -> Vec<Relation> {
    let key = "quan_he";
    let Some(f) = r.get(key) else {
        return Vec::new();
    };
    let entries: Vec<Value> = match &f.value {
        Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let allowed: Vec<&str> = enums::QUAN_HE.iter().map(|(k, _)| *k).collect();
    let mut out = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = r.element_pos(key, i);
        let loai = e.get("loai").and_then(Value::as_str).map(str::trim);
        let so = e.get("so_ky_hieu").and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        });
        let (Some(loai), Some(so)) = (loai, so) else {
            r.error_at(
                "thieu-truong",
                key,
                at,
                format!(
                    "quan hệ thứ {} cần đủ `loai` và `so_ky_hieu` (đang là {}).",
                    i + 1,
                    show(e)
                ),
                "viết theo mẫu: `quan_he: [{loai: can_cu, so_ky_hieu: 14/2012/QH13}]`.".into(),
            );
            continue;
        };
        match enums::relation_label(loai) {
            Some((k, nhan)) => out.push(Relation {
                loai: k.to_string(),
                nhan: nhan.to_string(),
                so_ky_hieu: so.trim().to_string(),
                url: None,
            }),
            None => {
                let hint = suggest::did_you_mean(loai, allowed.iter().copied());
                r.error_at(
                    "gia-tri",
                    key,
                    at,
                    format!("loại quan hệ \"{loai}\" không nằm trong danh sách được phép.{hint}"),
                    format!("dùng một trong: {}.", allowed.join(", ")),
                );
            }
        }
    }
    out
}

fn citations(r: &mut Reader, key: &str) -> Vec<Citation> {
    r.texts(key)
        .into_iter()
        .map(|so_ky_hieu| Citation {
            so_ky_hieu,
            url: None,
            tieu_de: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{parse_markdown, place};

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    /// Checks `text` as `content/<rel>` of a site holding `static/tep/a.pdf` and `static/v.mp4`.
    fn run(rel: &str, text: &str, drafts: bool) -> Checked {
        let tmp = tempfile::tempdir().unwrap();
        for f in ["static/tep/a.pdf", "static/v.mp4"] {
            std::fs::create_dir_all(tmp.path().join(f).parent().unwrap()).unwrap();
            std::fs::write(tmp.path().join(f), b"x").unwrap();
        }
        let parts: Vec<String> = rel.split('/').map(String::from).collect();
        let doc = parse_markdown(
            &std::path::Path::new("content").join(rel),
            text,
            &place(&parts).unwrap(),
            None,
        )
        .unwrap();
        let assets = Assets::new(tmp.path());
        let ctx = Ctx {
            assets: &assets,
            today: date("2026-11-28"),
            drafts,
            allow_html: false,
        };
        let body = doc.body.clone();
        check_doc(&ctx, &doc, body)
    }

    fn codes(c: &Checked) -> Vec<(&'static str, Option<String>)> {
        c.diags.iter().map(|d| (d.code, d.field.clone())).collect()
    }

    const VB: &str = "---\nso_ky_hieu: 42/2022/NĐ-CP\nloai_van_ban: Nghị định\nco_quan_ban_hanh: Chính phủ\nngay_ban_hanh: 2022-06-24\nngay_co_hieu_luc: 2022-08-15\ntinh_trang_hieu_luc: Còn hiệu lực\nnguoi_ky: Vũ Đức Đam\ntrich_yeu: Quy định về ...\nngay_dang: 2022-06-27\ntep_van_ban: /tep/a.pdf\n";

    #[test]
    fn drafts_are_skipped_unless_asked() {
        let text = "---\ntieu_de: Nháp\nngay_dang: 2026-01-01\nban_nhap: true\n---\n";
        assert!(matches!(
            run("tin-tuc/a.md", text, false).outcome,
            Outcome::Draft
        ));
        let kept = run("tin-tuc/a.md", text, true);
        let Outcome::Item(item) = kept.outcome else {
            panic!()
        };
        assert!(item.ban_nhap);
    }

    #[test]
    fn a_van_ban_gets_a_title_status_and_number_check() {
        let c = run(
            "van-ban/42-2022-nd-cp.md",
            &format!("{VB}ngay_het_hieu_luc: 2026-07-01\n---\nBài.\n"),
            false,
        );
        assert_eq!(
            codes(&c),
            vec![("hieu-luc", Some("tinh_trang_hieu_luc".into()))],
            "{:?}",
            c.diags
        );
        let Outcome::Item(item) = c.outcome else {
            panic!()
        };
        assert_eq!(item.tieu_de, "Nghị định 42/2022/NĐ-CP Quy định về ...");
        assert_eq!(item.body, "Bài.\n");
        assert_eq!(item.body_line, 14);
        let vb = item.van_ban().unwrap();
        assert!(vb.la_vbqppl && !vb.canh_bao_hieu_luc);
        assert_eq!(vb.tep_van_ban[0].tep.url, "tep/a.pdf");
        assert_eq!(vb.tep_van_ban[0].nhan, "a.pdf");
        assert_eq!(c.number.unwrap().key, so_ky_hieu::key("42/2022/ND-CP"));
    }

    #[test]
    fn administrative_numbers_are_keyed_by_year_and_need_no_effective_date() {
        let text = "---\ntieu_de: Kế hoạch\nso_ky_hieu: 18/KH-STP\nloai_van_ban: Kế hoạch\nco_quan_ban_hanh: Sở Tư pháp\nngay_ban_hanh: 2026-01-15\ntinh_trang_hieu_luc: Không áp dụng\nnguoi_ky: A\ntrich_yeu: Kế hoạch\nngay_dang: 2026-01-16\ntep_van_ban: [/tep/a.pdf]\n---\n";
        let c = run("chi-dao-huong-dan/ke-hoach.md", text, false);
        assert!(c.diags.is_empty(), "{:?}", c.diags);
        assert_eq!(c.number.unwrap().key, "18/KH-STP#2026");
        let page = run(
            "chi-dao-huong-dan/huong-dan.md",
            "---\ntieu_de: Hướng dẫn\nngay_dang: 2026-01-16\ntom_tat: T\n---\n",
            false,
        );
        let Outcome::Item(item) = page.outcome else {
            panic!()
        };
        assert!(matches!(item.data, ItemData::Page));
    }

    #[test]
    fn typos_warn_with_a_suggestion_and_required_fields_still_error() {
        let text = VB.replace("ngay_ban_hanh:", "ngay_ban_hàn:") + "---\n";
        let c = run("van-ban/x.md", &text, false);
        let warn = c.diags.iter().find(|d| d.code == "truong-la").unwrap();
        assert!(warn.fix.contains("ngay_ban_hanh") && !warn.is_error());
        assert!(c
            .diags
            .iter()
            .any(|d| d.code == "thieu-truong" && d.field.as_deref() == Some("ngay_ban_hanh")));
        assert!(matches!(c.outcome, Outcome::Failed));
    }

    #[test]
    fn images_need_alt_text_and_video_files_need_captions() {
        let text = "---\ntieu_de: Video\nngay_dang: 2026-01-01\ntom_tat: T\nanh: /tep/a.pdf\nloai_tai_lieu: video\nco_quan_bien_soan: STP\nngay_phat_hanh: 2026-01-01\nvideo: /v.mp4\n---\n";
        let c = run("tai-lieu/v.md", text, false);
        assert_eq!(
            codes(&c),
            vec![
                ("thieu-truong", Some("anh_mo_ta".into())),
                ("thieu-truong", Some("phu_de".into()))
            ]
        );
        let text = "---\ntieu_de: Video\nngay_dang: 2026-01-01\ntom_tat: T\nloai_tai_lieu: Video\nco_quan_bien_soan: STP\nngay_phat_hanh: 2026-01-01\nvideo: https://youtu.be/x\nlinh_vuc: Giao thông\n---\n";
        let c = run("tai-lieu/v.md", text, false);
        assert!(c.diags.is_empty(), "{:?}", c.diags);
        let Outcome::Item(item) = c.outcome else {
            panic!()
        };
        assert_eq!(item.linh_vuc, vec!["Giao thông".to_string()]);
        let ItemData::TaiLieu(t) = &item.data else {
            panic!()
        };
        assert_eq!(t.video_url.as_deref(), Some("https://youtu.be/x"));
    }

    #[test]
    fn wrong_types_and_missing_summary() {
        let text = "---\ntieu_de: [a, b]\nngay_dang: 2026-01-01\nlinh_vuc: {a: 1}\n---\n";
        let c = run("tin-tuc/a.md", text, false);
        let got = codes(&c);
        assert!(got.contains(&("kieu", Some("tieu_de".into()))), "{got:?}");
        assert!(got.contains(&("kieu", Some("linh_vuc".into()))), "{got:?}");
        let c = run(
            "tin-tuc/a.md",
            "---\ntieu_de: A\nngay_dang: 2026-01-01\n---\n",
            false,
        );
        assert_eq!(codes(&c), vec![("canh-bao", Some("tom_tat".into()))]);
    }

    #[test]
    fn url_segments_keep_safe_names_and_slug_others() {
        assert_eq!(url_segment("42-2022-nd-cp"), "42-2022-nd-cp");
        assert_eq!(url_segment("Luật Đất đai"), "luat-dat-dai");
        assert_eq!(url_segment("—"), "bai");
    }

    #[test]
    fn question_markdown_escapes_html() {
        assert_eq!(markdown("Hỏi *gì*?", false), "<p>Hỏi <em>gì</em>?</p>\n");
        assert!(!markdown("<script>x</script>", false).contains("<script>"));
    }
}
