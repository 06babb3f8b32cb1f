//! Content rules, read from the typed model: what `build` accepts but the checklist still
//! forbids or requires — the seven groups of Kế hoạch 7296 (A6-01), status against dates
//! (A5-04), personal data in Q&A and the lists of báo cáo viên (A4-16), alt text and captions
//! (A3-04), timeliness (A4-07), and the configuration items the required pages need.

use super::pii::{self, Allowed};
use super::settings::CheckSettings;
use super::{Finding, Findings};
use crate::model::{Item, ItemData, Person, Site, SECTIONS};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

pub fn check(site: &Site, settings: &CheckSettings, out: &mut Findings) {
    seven_groups(site, out);
    status_against_dates(site, out);
    personal_data(site, out);
    alt_text_and_captions(site, out);
    timeliness(site, settings, out);
    required_configuration(site, out);
}

/// A6-01: each group has an item, or its `_index.md` says explicitly that there is none yet.
fn seven_groups(site: &Site, out: &mut Findings) {
    let groups: Vec<_> = SECTIONS.iter().filter(|d| d.group.is_some()).collect();
    for def in &groups {
        let Some(section) = site.section(def.folder) else {
            continue;
        };
        let has_items = site.items.iter().any(|i| i.section == def.folder);
        if has_items
            || says_empty(&section.intro.body)
            || section.intro.tom_tat.as_deref().is_some_and(says_empty)
        {
            continue;
        }
        let file = Path::new("content").join(def.folder).join("_index.md");
        out.push(
            Finding::error(
                "A6-01",
                &file,
                format!(
                    "nhóm {} của Kế hoạch 7296 (\"{}\") chưa có bài nào và không ghi rõ là chưa có nội dung",
                    def.group.unwrap_or(0),
                    def.label
                ),
            )
            .fix(format!(
                "thêm ít nhất một bài vào content/{}/ (lệnh `pbgdpl new {} \"Tiêu đề\"`), hoặc ghi vào {} một câu \"Chưa có nội dung …\"",
                def.folder,
                def.folder,
                file.display()
            )),
        );
    }
    out.examined("A6-01", format!("{} nhóm nội dung", groups.len()));
}

fn says_empty(text: &str) -> bool {
    crate::vi::fold(text).contains("chua co noi dung")
}

/// A5-04 beyond what `build` warns about: a "Chưa có hiệu lực" document whose date has come.
fn status_against_dates(site: &Site, out: &mut Findings) {
    let mut n = 0;
    for item in &site.items {
        let Some(vb) = item.van_ban() else { continue };
        n += 1;
        if vb.tinh_trang_hieu_luc == "Chưa có hiệu lực" {
            if let Some(co) = vb.ngay_co_hieu_luc.filter(|d| *d <= site.build_date) {
                out.push(
                    Finding::error(
                        "A5-04",
                        &item.source,
                        format!(
                            "văn bản ghi \"Chưa có hiệu lực\" nhưng đã có hiệu lực từ {} (hôm nay {})",
                            co.dmy(),
                            site.build_date.dmy()
                        ),
                    )
                    .field("tinh_trang_hieu_luc")
                    .fix("sửa thành `tinh_trang_hieu_luc: Còn hiệu lực` (hoặc tình trạng đúng hiện nay)"),
                );
            }
        }
    }
    out.examined("A5-04", format!("{n} văn bản"));
}

/// A4-16: Q&A (question, asker, answer) and the public lists of people.
fn personal_data(site: &Site, out: &mut Findings) {
    let c = &site.config.co_quan;
    let mut phones: Vec<&str> = c.dien_thoai.iter().map(String::as_str).collect();
    phones.extend(
        site.data
            .lien_he
            .iter()
            .filter_map(|p| p.dien_thoai.as_deref()),
    );
    let mut texts: Vec<&str> = c
        .email
        .iter()
        .chain(c.dia_chi.iter())
        .map(String::as_str)
        .collect();
    texts.extend(site.data.lien_he.iter().filter_map(|p| p.email.as_deref()));
    let allowed = Allowed::new(phones, texts);
    let mut n = 0;
    for item in &site.items {
        let ItemData::HoiDap(q) = &item.data else {
            continue;
        };
        n += 1;
        let asked = format!(
            "{} {}",
            q.cau_hoi_html,
            q.nguoi_hoi.as_deref().unwrap_or("")
        );
        let mut found = pii::find(&asked, &allowed, true);
        found.extend(pii::find(&item.body, &allowed, false));
        for (kind, text) in found {
            out.push(pii_finding(&item.source, kind.label(), &text, "xóa thông tin này khỏi câu hỏi / câu trả lời; chỉ giữ họ tên (hoặc tên viết tắt) và địa bàn cấp xã của người hỏi"));
        }
    }
    for (file, people) in [
        ("data/bao-cao-vien.yaml", &site.data.bao_cao_vien),
        ("data/tuyen-truyen-vien.yaml", &site.data.tuyen_truyen_vien),
    ] {
        for p in people.iter() {
            n += 1;
            for (kind, text) in pii::find(&person_text(p), &allowed, true) {
                out.push(
                    pii_finding(Path::new(file), kind.label(), &text, "danh sách công khai chỉ ghi họ tên, chức vụ, cơ quan, trình độ, lĩnh vực, quyết định công nhận (TT 10/2016 Điều 8); xóa thông tin liên lạc riêng")
                        .field(p.ho_ten.clone()),
                );
            }
        }
    }
    out.examined("A4-16", format!("{n} câu hỏi và người trong danh sách"));
}

fn person_text(p: &Person) -> String {
    [&p.chuc_vu, &p.co_quan, &p.dia_ban, &p.trinh_do_chuyen_mon]
        .iter()
        .filter_map(|s| s.as_deref())
        .chain(p.linh_vuc_chuyen_sau.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn pii_finding(file: &Path, what: &str, text: &str, fix: &str) -> Finding {
    Finding::error("A4-16", file, format!("có {what} của cá nhân: \"{text}\"")).fix(fix)
}

static MD_IMAGE_NO_ALT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[\s*\]\(").expect("regex"));
static HTML_IMG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<img\b[^>]*>").expect("regex"));

/// A3-04: images in the Markdown without alt text; platform videos without a transcript.
fn alt_text_and_captions(site: &Site, out: &mut Findings) {
    for item in &site.items {
        for (i, line) in item.body.lines().enumerate() {
            let no_alt = MD_IMAGE_NO_ALT.is_match(line)
                || HTML_IMG
                    .find_iter(line)
                    .any(|m| !m.as_str().to_ascii_lowercase().contains("alt="));
            if no_alt {
                let mut f = Finding::error("A3-04", &item.source, "ảnh không có lời mô tả (alt)")
                    .fix("viết lời mô tả ngắn vào giữa hai ngoặc vuông: `![Lễ ra mắt câu lạc bộ pháp luật](anh.jpg)`");
                f.diag.line = Some(item.body_line + i);
                out.push(f);
            }
        }
        if let ItemData::TaiLieu(t) = &item.data {
            if t.video_url.is_some() && t.phu_de.is_none() && t.ban_ghi_loi.is_none() {
                out.push(
                    Finding::error("A3-04", &item.source, "video trên nền tảng ngoài không có phụ đề hay bản ghi lời")
                        .field("ban_ghi_loi")
                        .fix("thêm `ban_ghi_loi:` (bản ghi lời của video) hoặc `phu_de:` (tệp .vtt) cho người khiếm thính"),
                );
            }
        }
    }
    out.examined("A3-04", format!("{} bài", site.items.len()));
}

/// A4-07: warnings only (the deadlines are historical defaults, configurable in site.yaml).
fn timeliness(site: &Site, s: &CheckSettings, out: &mut Findings) {
    let own: Vec<String> = [
        Some(&site.config.co_quan.ten_day_du),
        site.config.co_quan.co_quan_chu_quan.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|n| crate::vi::fold(n))
    .collect();
    let mut n = 0;
    for item in &site.items {
        match &item.data {
            ItemData::VanBan(vb) => {
                n += 1;
                let is_own = own.contains(&crate::vi::fold(&vb.co_quan_ban_hanh));
                let limit = if is_own {
                    s.own_document_days
                } else {
                    s.other_document_days
                };
                let days = s.working_days_between(vb.ngay_ban_hanh, item.ngay_dang);
                if days > limit {
                    out.push(late(
                        item,
                        "ngay_dang",
                        days,
                        limit,
                        &format!("sau ngày ban hành {}", vb.ngay_ban_hanh.dmy()),
                    ));
                }
            }
            ItemData::HoiDap(q) => {
                n += 1;
                let days = s.working_days_between(q.ngay_gui, q.ngay_tra_loi);
                if days > s.answer_days {
                    out.push(late(
                        item,
                        "ngay_tra_loi",
                        days,
                        s.answer_days,
                        &format!("sau ngày gửi câu hỏi {}", q.ngay_gui.dmy()),
                    ));
                }
            }
            ItemData::TaiLieu(t) => {
                n += 1;
                if let Some((issued, so)) = newest_cited(site, t) {
                    // Material about an old law is not news: only a document issued within the
                    // last six months counts as "new" for this deadline.
                    let calendar_days = (item.ngay_dang.0 - issued.0).whole_days();
                    let days = s.working_days_between(issued, item.ngay_dang);
                    if calendar_days <= 183 && days > s.new_law_material_days {
                        out.push(late(
                            item,
                            "ngay_dang",
                            days,
                            s.new_law_material_days,
                            &format!("sau ngày ban hành văn bản {so} ({})", issued.dmy()),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out.examined("A4-07", format!("{n} văn bản, hỏi đáp, tài liệu"));
}

fn newest_cited(site: &Site, t: &crate::model::TaiLieu) -> Option<(crate::vi::Date, String)> {
    t.van_ban_lien_quan
        .iter()
        .filter_map(|c| {
            let vb = site
                .items
                .iter()
                .filter_map(Item::van_ban)
                .find(|v| v.so_ky_hieu == c.so_ky_hieu)?;
            Some((vb.ngay_ban_hanh, vb.so_ky_hieu.clone()))
        })
        .max()
}

fn late(item: &Item, field: &str, days: i64, limit: i64, after: &str) -> Finding {
    Finding::warning(
        "A4-07",
        &item.source,
        format!("đăng chậm: {days} ngày làm việc {after}, quá hạn {limit} ngày làm việc"),
    )
    .field(field)
    .fix("đăng sớm hơn ở lần sau; nếu hạn của cơ quan khác, đặt `kiem_tra:` trong site.yaml (xem docs/deploy.md)")
}

/// Configuration the required pages depend on: A6-03 (gửi câu hỏi), A4-09 (đánh giá),
/// A4-05 (đầu mối liên hệ), A4-13 (liên kết), A6-02 (báo cáo viên), AT-03 (HTML thô).
fn required_configuration(site: &Site, out: &mut Findings) {
    let cfg = &site.config;
    if cfg.gui_cau_hoi.is_none() {
        out.push(
            Finding::error("A6-03", "site.yaml", "chưa có cách gửi câu hỏi pháp luật")
                .field("gui_cau_hoi")
                .fix("thêm `gui_cau_hoi: mailto:hopthu@coquan.gov.vn` hoặc địa chỉ biểu mẫu tiếp nhận câu hỏi"),
        );
    }
    if cfg.danh_gia.is_none() {
        out.push(
            Finding::error(
                "A4-09",
                "site.yaml",
                "chưa có nơi đánh giá mức độ hài lòng về thông tin",
            )
            .field("danh_gia")
            .fix("thêm `danh_gia:` với địa chỉ biểu mẫu đánh giá của cổng tỉnh hoặc của cơ quan"),
        );
    }
    let contacts = &site.data.lien_he;
    if contacts.is_empty() {
        out.push(
            Finding::error(
                "A4-05",
                "data/lien-he.yaml",
                "chưa có danh sách đầu mối liên hệ",
            )
            .fix("tạo data/lien-he.yaml: mỗi người có ho_ten, chuc_vu, don_vi, dien_thoai, email"),
        );
    }
    for p in contacts
        .iter()
        .filter(|p| p.dien_thoai.is_none() || p.email.is_none())
    {
        out.push(
            Finding::warning(
                "A4-05",
                "data/lien-he.yaml",
                "đầu mối liên hệ thiếu điện thoại hoặc thư điện tử",
            )
            .field(p.ho_ten.clone())
            .fix("ghi điện thoại công vụ và thư điện tử chính thức (@….gov.vn) của người này"),
        );
    }
    if site.data.lien_ket.is_empty() {
        out.push(
            Finding::error("A4-13", "data/lien-ket.yaml", "chưa có liên kết tới các cổng thông tin nhà nước liên quan")
                .fix("tạo data/lien-ket.yaml với cổng tỉnh, Sở Tư pháp, pbgdpl.gov.vn, vbpl.vn, phapdien.moj.gov.vn, congbao.chinhphu.vn"),
        );
    }
    for p in site
        .data
        .bao_cao_vien
        .iter()
        .filter(|p| p.qd_cong_nhan.is_none())
    {
        out.push(
            Finding::warning(
                "A6-02",
                "data/bao-cao-vien.yaml",
                "báo cáo viên chưa ghi quyết định công nhận",
            )
            .field(p.ho_ten.clone())
            .fix("thêm `qd_cong_nhan: {so_ky_hieu: …, ngay: YYYY-MM-DD}` (TT 10/2016 Điều 8)"),
        );
    }
    out.examined(
        "A6-02",
        format!(
            "{} báo cáo viên, {} tuyên truyền viên",
            site.data.bao_cao_vien.len(),
            site.data.tuyen_truyen_vien.len()
        ),
    );
    if cfg.cho_phep_html {
        out.push(
            Finding::warning("AT-03", "site.yaml", "HTML thô trong Markdown đang được bật (cho_phep_html: true)")
                .field("cho_phep_html")
                .fix("chỉ bật khi mọi người viết bài đều tin cậy được; một người cần xem lại HTML trong các bài trước khi xuất bản"),
        );
    }
    out.examined(
        "AT-03",
        if cfg.cho_phep_html {
            "cho_phep_html: true"
        } else {
            "cho_phep_html: false (mặc định)"
        },
    );
}
