//! `pbgdpl new SECTION "tiêu đề"`: writes `content/SECTION/<slug>.md` with every front-matter
//! field of that section's item kind, each commented as required or optional, so an editor
//! fills in a form instead of remembering field names. Refuses to overwrite an existing file.

use crate::model::{section_def, SectionKind, SECTIONS};
use crate::vi::{fold, slugify, Date};
use std::path::{Path, PathBuf};

/// Longest slug we generate: long legal titles would otherwise make unwieldy URLs.
const MAX_SLUG: usize = 80;

pub fn run(site: &Path, section: &str, title: &str) -> i32 {
    match new_item(site, section, title, Date::today_vn()) {
        Ok(path) => {
            println!("Đã tạo {}", path.display());
            println!("Mở tệp, điền các trường còn trống (dòng có ghi chú `bắt buộc`), rồi chạy `pbgdpl build`.");
            0
        }
        Err(message) => super::fail(message),
    }
}

/// Writes the new item and returns its path.
pub fn new_item(site: &Path, section: &str, title: &str, today: Date) -> Result<PathBuf, String> {
    let title = crate::vi::nfc(title.trim());
    if title.is_empty() {
        return Err("tiêu đề đang trống.\n    → cách sửa: ghi tiêu đề trong ngoặc kép, ví dụ `pbgdpl new tin-tuc \"Hội nghị phổ biến Luật Đất đai\"`.".into());
    }
    let def = section_def(section).ok_or_else(|| unknown_section(section))?;
    if !site.join("site.yaml").is_file() {
        return Err(format!(
            "{} không phải là kho nội dung (không có site.yaml).\n    → cách sửa: chạy lệnh trong thư mục kho nội dung, hoặc thêm `--site <thư mục>`.",
            site.display()
        ));
    }
    let slug = slug_for(&title);
    if slug.is_empty() {
        return Err("không tạo được tên tệp từ tiêu đề (tiêu đề cần có chữ hoặc số).".into());
    }
    let dir = site.join("content").join(section);
    let path = dir.join(format!("{slug}.md"));
    if path.exists() || dir.join(&slug).join("index.md").exists() {
        return Err(format!(
            "đã có mục {} — không ghi đè.\n    → cách sửa: đổi tiêu đề, hoặc mở tệp đã có để sửa.",
            path.display()
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("không tạo được {}: {e}", dir.display()))?;
    let text = front_matter(def.kind, &title, today);
    std::fs::write(&path, text).map_err(|e| format!("không ghi được {}: {e}", path.display()))?;
    Ok(path)
}

/// The slug of a title, cut at a word boundary so it stays readable.
pub fn slug_for(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let cut = slug[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
    slug[..cut].to_string()
}

fn unknown_section(section: &str) -> String {
    let wanted = fold(section);
    let closest = SECTIONS
        .iter()
        .min_by_key(|s| edit_distance(&wanted, s.folder))
        .map(|s| s.folder)
        .unwrap_or("tin-tuc");
    let all: Vec<&str> = SECTIONS.iter().map(|s| s.folder).collect();
    format!(
        "không có chuyên mục `{section}`. Các chuyên mục: {}.\n    → cách sửa: có phải bạn muốn `{closest}`?",
        all.join(", ")
    )
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// YAML scalar in double quotes (titles may contain `:` or `#`).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn front_matter(kind: SectionKind, title: &str, today: Date) -> String {
    let mut fm = String::from("---\n");
    let is_doc = kind == SectionKind::VanBan;
    if is_doc {
        fm += &format!(
            "tieu_de: {}   # không bắt buộc với văn bản (tự ghép từ loại, số ký hiệu, trích yếu)\n",
            quoted(title)
        );
    } else {
        fm += &format!("tieu_de: {}   # bắt buộc\n", quoted(title));
    }
    fm += &format!(
        "ngay_dang: {}   # bắt buộc: ngày đăng trên trang, dạng NĂM-THÁNG-NGÀY\n",
        today.iso()
    );
    if !matches!(kind, SectionKind::VanBan | SectionKind::HoiDap) {
        fm += "tom_tat: \"\"   # nên có: một đoạn tóm tắt, hiện trong danh sách và bản tin RSS\n";
    }
    fm += "linh_vuc: []   # không bắt buộc, ví dụ [Đất đai, Hành chính]\n";
    if kind == SectionKind::VanBanOrPage {
        // Either kind fits this section; uncommented empty document fields would turn a plain
        // page into a document with errors, so they wait behind `#` until the editor opts in.
        fm += "# Nếu bài này là một văn bản (kế hoạch, công văn ...), bỏ dấu # ở đầu các dòng dưới đây và điền vào:\n";
        for line in kind_fields(kind).lines() {
            fm += &format!("# {line}\n");
        }
    } else {
        fm += kind_fields(kind);
    }
    fm += "# ban_nhap: true   # bỏ dấu # ở đầu dòng để lưu nháp (không xuất bản khi dựng trang)\n";
    fm += "---\n\n";
    fm += body_hint(kind);
    fm
}

fn kind_fields(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::VanBan | SectionKind::VanBanOrPage => concat!(
            "so_ky_hieu: \"\"   # bắt buộc, ví dụ 42/2022/NĐ-CP hoặc 7296/KH-UBND\n",
            "loai_van_ban: \"\"   # bắt buộc, ví dụ Luật, Nghị định, Quyết định, Kế hoạch, Công văn\n",
            "co_quan_ban_hanh: \"\"   # bắt buộc, ví dụ Chính phủ\n",
            "ngay_ban_hanh:   # bắt buộc, ví dụ 2022-06-24\n",
            "ngay_co_hieu_luc:   # bắt buộc với văn bản quy phạm pháp luật\n",
            "tinh_trang_hieu_luc: Còn hiệu lực   # bắt buộc: Còn hiệu lực, Hết hiệu lực toàn bộ, Hết hiệu lực một phần, Chưa có hiệu lực, Ngưng hiệu lực, Ngưng hiệu lực một phần, Không áp dụng\n",
            "nguoi_ky: \"\"   # bắt buộc\n",
            "chuc_danh_nguoi_ky: \"\"   # không bắt buộc, ví dụ KT. Thủ tướng – Phó Thủ tướng\n",
            "trich_yeu: \"\"   # bắt buộc: trích yếu nội dung\n",
            "tep_van_ban:   # bắt buộc: ít nhất một tệp (đặt trong static/tep/ hoặc cạnh tệp này)\n",
            "  - {duong_dan: /tep/ten-tep.pdf, nhan: Văn bản gốc}\n",
        ),
        SectionKind::TaiLieu => concat!(
            "loai_tai_lieu: Tài liệu cho người dân   # bắt buộc: Đề cương giới thiệu, Tài liệu bồi dưỡng, Tài liệu cho người dân, Sách hỏi – đáp, Tờ gấp, Tiểu phẩm pháp luật, Tình huống pháp luật, Câu chuyện pháp luật, Video, Infographic, Sách\n",
            "co_quan_bien_soan: \"\"   # bắt buộc\n",
            "ngay_phat_hanh:   # bắt buộc, ví dụ 2026-03-15\n",
            "van_ban_lien_quan: []   # không bắt buộc: số ký hiệu các văn bản liên quan\n",
            "tep: []   # không bắt buộc: [{duong_dan: /tep/ten-tep.pdf, nhan: Tài liệu}]\n",
            "# video: video.mp4   # video tự lưu trữ cần thêm phu_de (tệp .vtt)\n",
            "# phu_de: phu-de.vi.vtt\n",
        ),
        SectionKind::HoiDap => concat!(
            "cau_hoi: \"\"   # bắt buộc: nội dung câu hỏi\n",
            "nguoi_hoi: \"\"   # không bắt buộc; không ghi số điện thoại, địa chỉ, số giấy tờ\n",
            "ngay_gui:   # bắt buộc, ví dụ 2026-03-01\n",
            "ngay_tra_loi:   # bắt buộc\n",
            "don_vi_tra_loi: \"\"   # không bắt buộc\n",
            "can_cu_phap_ly: []   # không bắt buộc: số ký hiệu văn bản làm căn cứ\n",
        ),
        SectionKind::HoatDong => concat!(
            "ngay_to_chuc:   # ví dụ 2026-03-15\n",
            "dia_diem: \"\"\n",
            "so_nguoi_tham_du:   # một số, ví dụ 120\n",
            "hinh_thuc: \"\"   # ví dụ Hội nghị trực tiếp\n",
        ),
        SectionKind::DoiThoai => concat!(
            "chu_de: \"\"\n",
            "thoi_gian:   # ví dụ 2026-05-20\n",
            "hinh_thuc: Trực tiếp   # Trực tiếp hoặc Trực tuyến\n",
            "dia_diem: \"\"   # hoặc duong_dan: khi trực tuyến\n",
            "co_quan_chu_tri: \"\"\n",
            "thanh_phan: \"\"\n",
            "ket_qua: \"\"\n",
        ),
        SectionKind::BaoCao => concat!(
            "ky_bao_cao: \"\"   # ví dụ 6 tháng đầu năm 2026, Năm 2026\n",
            "so_ky_hieu: \"\"   # ví dụ 125/BC-STP\n",
            "ngay_ban_hanh:   # ví dụ 2026-05-20\n",
            "tep: []   # [{duong_dan: /tep/bao-cao.pdf, nhan: Báo cáo}]\n",
        ),
        SectionKind::CuocThi => concat!(
            "bat_dau:   # ví dụ 2026-09-01\n",
            "ket_thuc:   # ví dụ 2026-10-31\n",
            "don_vi_to_chuc: \"\"\n",
            "# the_le: /tep/the-le.pdf\n",
            "duong_dan_thi: \"\"   # địa chỉ trang thi trực tuyến\n",
        ),
        SectionKind::Page => "nguon: \"\"   # khi đăng lại: nguồn tin\ntac_gia: \"\"\n",
    }
}

fn body_hint(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::VanBan | SectionKind::VanBanOrPage => "Viết bài giới thiệu văn bản ở đây (nội dung cơ bản, điểm mới).\n\n## Phạm vi điều chỉnh\n\n## Điểm mới\n",
        SectionKind::HoiDap => "Viết câu trả lời ở đây.\n",
        _ => "Viết nội dung ở đây. Dùng `## Tiêu đề mục` để chia mục.\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("van-ba", "van-ban"), 1);
        assert_eq!(edit_distance("hoi-dap", "hoi-dap"), 0);
    }
}
