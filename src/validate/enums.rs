//! The closed vocabularies of the content format: legal status, material types, relation
//! types (with their Vietnamese labels), dialogue forms and the status of a báo cáo viên.
//! Matching is forgiving about what an editor cannot see (case, spacing, dash style) and
//! returns the official spelling.

/// `tinh_trang_hieu_luc` (vbpl vocabulary plus "Không áp dụng" for administrative documents).
pub const TINH_TRANG_HIEU_LUC: &[&str] = &[
    "Còn hiệu lực",
    "Hết hiệu lực toàn bộ",
    "Hết hiệu lực một phần",
    "Chưa có hiệu lực",
    "Ngưng hiệu lực",
    "Ngưng hiệu lực một phần",
    "Không áp dụng",
];

/// Statuses that show no warning banner on the page.
pub const HIEU_LUC_BINH_THUONG: &[&str] = &["Còn hiệu lực", "Không áp dụng"];

/// `loai_tai_lieu`: content format v1, then the longer spellings of domain-vn B3.1.
pub const LOAI_TAI_LIEU: &[&str] = &[
    "Đề cương giới thiệu",
    "Tài liệu bồi dưỡng",
    "Tài liệu cho người dân",
    "Sách hỏi – đáp",
    "Tờ gấp",
    "Tiểu phẩm pháp luật",
    "Tình huống pháp luật",
    "Câu chuyện pháp luật",
    "Video",
    "Infographic",
    "Sách",
    "Đề cương giới thiệu luật",
    "Tài liệu giới thiệu văn bản",
    "Tài liệu bồi dưỡng báo cáo viên/tuyên truyền viên",
    "Sách/tài liệu hướng dẫn nghiệp vụ",
];

/// `quan_he.loai` and the label shown on the page.
pub const QUAN_HE: &[(&str, &str)] = &[
    ("can_cu", "Căn cứ"),
    ("huong_dan", "Hướng dẫn"),
    ("sua_doi_bo_sung", "Sửa đổi, bổ sung"),
    ("bi_sua_doi", "Bị sửa đổi, bổ sung bởi"),
    ("thay_the", "Thay thế"),
    ("bi_thay_the_boi", "Bị thay thế bởi"),
    ("bai_bo", "Bãi bỏ"),
    ("bi_bai_bo", "Bị bãi bỏ bởi"),
    ("het_hieu_luc_mot_phan", "Làm hết hiệu lực một phần"),
];

/// `hinh_thuc` of a đối thoại.
pub const HINH_THUC_DOI_THOAI: &[&str] = &["Trực tiếp", "Trực tuyến"];

/// `trang_thai` of a báo cáo viên / tuyên truyền viên (TT 10/2016).
pub const TRANG_THAI_NGUOI: &[&str] = &["Đang hoạt động", "Đã miễn nhiệm", "Đã cho thôi"];

/// What the editor cannot see: case, runs of spaces, dash style, spaces around dashes/slashes.
fn loose(s: &str) -> String {
    let dashed = crate::validate::so_ky_hieu::normalize_dashes(s).to_lowercase();
    let words: Vec<&str> = dashed.split_whitespace().collect();
    words
        .join(" ")
        .replace(" - ", "-")
        .replace(" -", "-")
        .replace("- ", "-")
        .replace(" / ", "/")
}

/// The official spelling of `value` in `allowed`, if it is one of them.
pub fn canonical(value: &str, allowed: &'static [&'static str]) -> Option<&'static str> {
    if let Some(exact) = allowed.iter().find(|a| **a == value) {
        return Some(exact);
    }
    let want = loose(value);
    allowed.iter().copied().find(|a| loose(a) == want)
}

/// The label of a relation type.
pub fn relation_label(loai: &str) -> Option<(&'static str, &'static str)> {
    let want = loose(loai).replace([' ', '-'], "_");
    QUAN_HE.iter().copied().find(|(k, _)| *k == want)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_spelling_is_returned_for_invisible_differences() {
        assert_eq!(
            canonical("còn  hiệu lực", TINH_TRANG_HIEU_LUC),
            Some("Còn hiệu lực")
        );
        assert_eq!(
            canonical("Sách hỏi - đáp", LOAI_TAI_LIEU),
            Some("Sách hỏi – đáp")
        );
        assert_eq!(
            canonical("Sách hỏi-đáp", LOAI_TAI_LIEU),
            Some("Sách hỏi – đáp")
        );
        assert_eq!(canonical("Còn hiệu lưc", TINH_TRANG_HIEU_LUC), None);
        assert_eq!(
            relation_label("bi_thay_the_boi"),
            Some(("bi_thay_the_boi", "Bị thay thế bởi"))
        );
        assert_eq!(relation_label("thay_thế"), None);
    }
}
