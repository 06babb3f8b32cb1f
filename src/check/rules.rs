//! The catalogue of conformance rules: every item of the checklist (domain-vn §A, A1–A7) plus
//! the security rules of this project (AT-*), each with who proves it: `pbgdpl check` reading
//! the content or the built output, the browser tests (tests/browser/), or a person. The
//! report page and `docs/deploy.md` are generated from / written against this one table.

use serde::Serialize;

/// Who proves a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Proof {
    /// `pbgdpl check` tests it on every run.
    Check,
    /// The real-browser tests (Nu HTML Checker, axe-core, keyboard, 320 px, no-JS) prove it;
    /// `check` tests the static part where it can.
    Browser,
    /// Needs a person (or a live server): `check` cannot decide it.
    Person,
}

impl Proof {
    pub fn label(self) -> &'static str {
        match self {
            Proof::Check => "tự động (pbgdpl check)",
            Proof::Browser => "tự động (kiểm thử trình duyệt)",
            Proof::Person => "cần người kiểm tra",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    /// The requirement in one Vietnamese sentence.
    pub yeu_cau: &'static str,
    pub proof: Proof,
}

const fn rule(id: &'static str, yeu_cau: &'static str, proof: Proof) -> Rule {
    Rule { id, yeu_cau, proof }
}

use Proof::{Browser, Check, Person};

/// Every rule, in checklist order. `ND-01` stands for everything `build` validates.
pub static RULES: &[Rule] = &[
    rule("ND-01", "Nội dung, dữ liệu, cấu hình và mẫu trang hợp lệ (mọi kiểm tra của lệnh build)", Check),
    rule("A1-01", "Mọi tệp HTML/XML/JSON/TXT/CSV là UTF-8; mỗi trang khai báo <meta charset=\"utf-8\"> trong 1024 byte đầu", Check),
    rule("A1-02", "Mọi chuỗi ở dạng chuẩn Unicode NFC", Check),
    rule("A1-03", "Mọi trang có <html lang=\"vi\">", Check),
    rule("A1-04", "Mọi trang bắt đầu bằng <!DOCTYPE html> và không có lỗi Nu HTML Checker", Browser),
    rule("A1-05", "Trình bày bằng CSS; không có <font>, <marquee>, <blink>", Check),
    rule("A1-06", "Đọc được nội dung chính khi tắt JavaScript", Browser),
    rule("A1-07", "Ảnh là JPEG, PNG, GIF (hoặc SVG)", Check),
    rule("A1-08", "Tệp tải về là PDF/DOC/DOCX/ODT, bảng tính XLSX/XLS/ODS/CSV, video MP4, âm thanh MP3/AAC", Check),
    rule("A1-09", "Mọi liên kết nội bộ dẫn tới tệp có thật; không nạp tài nguyên http:// trên trang https://", Check),
    rule("A2-01", "Có RSS 2.0 chung và cho từng chuyên mục, đủ các thẻ bắt buộc, language = vi", Check),
    rule("A2-02", "Có Atom 1.0 đi kèm mỗi RSS", Check),
    rule("A2-03", "<head> của mọi trang liên kết tới RSS", Check),
    rule("A2-04", "Dữ liệu có cấu trúc xuất bản dưới dạng JSON hợp lệ", Check),
    rule("A2-05", "sitemap.xml liệt kê mọi trang, có <lastmod>; có trang Sơ đồ trang", Check),
    rule("A2-06", "Siêu dữ liệu Dublin Core bắt buộc (DC.title, creator, date, description, publisher, identifier) không rỗng", Check),
    rule("A2-07", "Trang văn bản có <time datetime> cho mọi ngày", Check),
    rule("A3-01", "WCAG 2.1 AA: axe-core không báo vi phạm nào (wcag2a, wcag2aa, wcag21a, wcag21aa)", Browser),
    rule("A3-02", "Độ tương phản chữ đạt 4,5:1 (chữ lớn 3:1); màu không là tín hiệu duy nhất", Browser),
    rule("A3-03", "Không có chữ nhấp nháy hay tự chạy; không tự phát video/âm thanh; tôn trọng prefers-reduced-motion", Check),
    rule("A3-04", "Mọi ảnh có alt; mọi video có phụ đề hoặc bản ghi lời", Check),
    rule("A3-05", "Đúng một <h1>, không nhảy cấp tiêu đề; chữ liên kết có nghĩa", Check),
    rule("A3-06", "Bảng dữ liệu có <caption> và <th scope>", Check),
    rule("A3-07", "Có liên kết bỏ qua, vùng <main>, <nav aria-label>, phím tắt; đi được bằng bàn phím", Check),
    rule("A3-08", "Có thẻ viewport; không cuộn ngang ở 320 px", Browser),
    rule("A4-01", "Đầu trang có biểu trưng (có alt) và tên đầy đủ của cơ quan", Check),
    rule("A4-02", "Chân trang có bản quyền, đơn vị chủ quản, người chịu trách nhiệm, địa chỉ, điện thoại, thư điện tử", Check),
    rule("A4-03", "Menu chính có Trang chủ, Giới thiệu, Sơ đồ trang, Tìm kiếm và các nhóm nội dung PBGDPL", Check),
    rule("A4-04", "Có trang Giới thiệu (cơ cấu tổ chức, chức năng, nhiệm vụ, lãnh đạo)", Person),
    rule("A4-05", "Có danh sách đầu mối liên hệ: họ tên, chức vụ, đơn vị, điện thoại, thư điện tử", Check),
    rule("A4-06", "Mỗi trang nội dung ghi ngày đăng và ngày cập nhật", Check),
    rule("A4-07", "Đăng tin đúng hạn (văn bản, tài liệu về luật mới, trả lời hỏi đáp)", Check),
    rule("A4-08", "Có trang kênh thông tin chính thức; liên kết mạng xã hội chỉ trỏ tới kênh đã công bố", Person),
    rule("A4-09", "Mỗi bài có cách đánh giá mức độ hài lòng (data-feedback)", Check),
    rule("A4-10", "Thông báo tạm ngừng dịch vụ đăng trước ít nhất 7 ngày làm việc", Person),
    rule("A4-11", "Có công cụ tìm kiếm không phân biệt dấu, có bộ lọc văn bản", Browser),
    rule("A4-12", "Mỗi bài in được (@media print, nút In)", Check),
    rule("A4-13", "Có liên kết tới các cổng thông tin nhà nước liên quan", Check),
    rule("A4-14", "Bài đăng lại ghi rõ tác giả, nguồn", Person),
    rule("A4-15", "Thông tin giới thiệu và liên hệ bằng tiếng Anh (không bắt buộc với trang con)", Person),
    rule("A4-16", "Không lộ dữ liệu cá nhân (điện thoại, số định danh, địa chỉ) trong hỏi đáp, danh sách báo cáo viên; không nạp tài nguyên của bên thứ ba", Check),
    rule("A4-17", "Tên miền .gov.vn, IPv6, HTTPS, là trang thành phần của cổng tỉnh", Person),
    rule("A5-01", "Trang văn bản hiển thị đủ các trường bắt buộc và liên kết tải tệp", Check),
    rule("A5-02", "Danh sách văn bản có đủ cột, sắp xếp theo ngày ban hành giảm dần", Check),
    rule("A5-03", "Số ký hiệu đúng quy tắc và không trùng", Check),
    rule("A5-04", "Tình trạng hiệu lực khớp với các ngày hiệu lực", Check),
    rule("A5-05", "Trích dẫn văn bản lần đầu ghi đủ tên loại, số ký hiệu, ngày, cơ quan, trích yếu", Person),
    rule("A5-06", "VBQPPL liên kết tới Cơ sở dữ liệu quốc gia về pháp luật", Person),
    rule("A5-07", "Có danh mục riêng cho VBQPPL, thủ tục hành chính, dự thảo lấy ý kiến", Person),
    rule("A6-01", "Bảy nhóm nội dung của Kế hoạch 7296 đều có nội dung hoặc ghi rõ chưa có", Check),
    rule("A6-02", "Có danh sách công khai báo cáo viên, tuyên truyền viên kèm quyết định công nhận", Check),
    rule("A6-03", "Hỏi – đáp có cách gửi câu hỏi và lời miễn trừ trên mỗi câu trả lời", Check),
    rule("A6-04", "Tủ sách: mỗi tài liệu ghi tên, cơ quan biên soạn, thời gian phát hành, giới thiệu", Check),
    rule("A6-05", "Cuộc thi có thể lệ, thời gian, đơn vị tổ chức, đường dẫn thi, kết quả", Person),
    rule("A6-06", "Số liệu thống kê lấy từ dữ liệu, không gõ tay", Person),
    rule("A7-01", "Ngày trong bảng, danh sách hiển thị dạng dd/mm/yyyy", Check),
    rule("A7-02", "Ngày trong văn xuôi: \"ngày 05 tháng 3 năm 2020\"", Check),
    rule("A7-03", "Ngày máy đọc: <time datetime> ISO 8601; RSS RFC 822; Atom RFC 3339", Check),
    rule("A7-04", "Sắp xếp theo bảng chữ cái tiếng Việt", Person),
    rule("A7-05", "Tên người sắp xếp theo tên", Person),
    rule("A7-06", "Số viết dấu phẩy thập phân, dấu chấm hàng nghìn", Person),
    rule("A7-07", "Viết hoa tên cơ quan theo Nghị định 30/2020", Person),
    rule("A7-08", "Số ký hiệu giữ đúng chữ hoa, chữ thường", Check),
    rule("AT-01", "Content-Security-Policy chỉ cho phép mã và kiểu cùng nguồn; không có mã nội tuyến, thuộc tính on*, style=", Check),
    rule("AT-02", "Liên kết ra ngoài có rel=\"noopener noreferrer\"", Check),
    rule("AT-03", "HTML thô trong Markdown tắt theo mặc định", Check),
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// `(check, browser, person)` counts over the checklist items A1–A7 (not ND/AT).
pub fn counts() -> (usize, usize, usize) {
    let a_items = RULES
        .iter()
        .filter(|r| r.id.starts_with('A') && !r.id.starts_with("AT"));
    a_items.fold((0, 0, 0), |(c, b, p), r| match r.proof {
        Check => (c + 1, b, p),
        Browser => (c, b + 1, p),
        Person => (c, b, p + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_cover_the_checklist() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        let (c, b, p) = counts();
        // A1 9 + A2 7 + A3 8 + A4 17 + A5 7 + A6 6 + A7 8 = 62 checklist items.
        assert_eq!(c + b + p, 62);
    }
}
