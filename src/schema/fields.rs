//! The one table of content-format fields: name, type, whether it is required, its allowed
//! values and its Vietnamese title and description. The JSON Schemas in `docs/schema/` are
//! generated from it, and tests compare it with the field lists the hand-written validator
//! accepts (`validate::items::accepted_fields`, `validate::data`, `validate::config`), so the
//! published standard and `pbgdpl check` cannot drift apart.

use crate::validate::enums;

/// The shape of a value, as the validator reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// One line of text; a number is accepted as text (`so_ky_hieu: 372`).
    Text,
    /// Markdown text.
    Markdown,
    /// A list of short texts; one text is read as a one-element list.
    Texts,
    /// `YYYY-MM-DD`.
    Date,
    /// `true`/`false` (also `có`/`không`).
    Flag,
    /// A whole number ≥ 0 (`1.200` accepted).
    Count,
    /// One of a closed list (the validator also accepts other case/spacing/dashes).
    Choice(&'static [&'static str]),
    /// A file of the site: relative to the item's bundle, or `/…` under `static/`.
    Path,
    /// A file path or a web address (`video`).
    PathOrUrl,
    /// `[{duong_dan, nhan}]` or bare paths.
    Files,
    /// `{vbpl: url, …}` or `[{ten, url}]`.
    Links,
    /// `[{loai, so_ky_hieu, ngay_ban_hanh}]`.
    Relations,
    /// A web address (http/https; `mailto:` where the field says so).
    Url,
    /// `{so_ky_hieu, ngay, ly_do}` (a decision).
    Decision,
    /// The provenance block `pbgdpl sync` writes (`dong_bo`).
    Provenance,
    /// Any value (kept for extensions).
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Req {
    No,
    Yes,
    /// Required when the document is a VBQPPL (`la_vbqppl`).
    IfVbqppl,
    /// `tieu_de` of a material or contest: `ten` may stand in for it.
    TitleOrName,
    /// `tieu_de` of a document: built from type, number and subject when missing.
    Built,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: Ty,
    pub req: Req,
    pub title: &'static str,
    pub description: &'static str,
    /// A valid value in YAML (also used by tests to build minimal documents).
    pub example: &'static str,
}

const fn f(
    name: &'static str,
    ty: Ty,
    req: Req,
    title: &'static str,
    description: &'static str,
    example: &'static str,
) -> FieldDef {
    FieldDef {
        name,
        ty,
        req,
        title,
        description,
        example,
    }
}

use Req::{No, Yes};
use Ty::*;

/// Fields every item has (content format v1, "Fields every item has"), plus `dong_bo`.
pub const COMMON: &[FieldDef] = &[
    f("tieu_de", Text, Yes, "Tiêu đề", "Tiêu đề của bài, hiện ở đầu trang và trong danh sách.", "Tên bài viết"),
    f("ngay_dang", Date, Yes, "Ngày đăng", "Ngày đăng bài trên trang, dạng năm-tháng-ngày.", "2026-05-20"),
    f("ngay_cap_nhat", Date, No, "Ngày cập nhật", "Ngày sửa đổi nội dung gần nhất.", "2026-05-21"),
    f("tom_tat", Text, No, "Tóm tắt", "Một đoạn tóm tắt cho danh sách, bản tin RSS và kết quả tìm kiếm.", "Tóm tắt ngắn gọn nội dung bài."),
    f("linh_vuc", Texts, No, "Lĩnh vực", "Các lĩnh vực pháp luật của bài.", "[Đất đai, Hành chính]"),
    f("doi_tuong", Texts, No, "Đối tượng", "Đối tượng hướng tới: cán bộ, công chức; người dân; doanh nghiệp …", "[người dân]"),
    f("nguon", Text, No, "Nguồn", "Nguồn tin khi đăng lại (Nghị định 43/2011 Điều 5); bài lấy về bằng `pbgdpl sync` ghi tên nguồn.", "Sở Tư pháp tỉnh Đồng Nai"),
    f("tac_gia", Text, No, "Tác giả", "Tác giả hoặc bộ phận viết bài.", "Phòng Phổ biến, giáo dục pháp luật"),
    f("anh", Path, No, "Ảnh đại diện", "Ảnh bìa: tệp cạnh bài hoặc `/…` trong static/.", "/anh/bia.jpg"),
    f("anh_mo_ta", Text, No, "Mô tả ảnh", "Lời mô tả ảnh cho người khiếm thị; bắt buộc khi có `anh`.", "Toàn cảnh hội nghị"),
    f("ban_nhap", Flag, No, "Bản nháp", "Bản nháp: chỉ hiện khi xem trước bằng `pbgdpl serve`.", "false"),
    f("dong_bo", Provenance, No, "Thông tin đồng bộ", "Nguồn gốc của bài lấy về bằng `pbgdpl sync`: địa chỉ nguồn, mã bài ở nguồn, mã băm. Do pbgdpl ghi; đừng sửa tay.", "{nguon: 'https://stp.example.gov.vn/api/v1/', ma: van-ban/42-2022-nd-cp, bam: 'sha256:00'}"),
];

pub const VAN_BAN: &[FieldDef] = &[
    f(
        "so_ky_hieu",
        Text,
        Yes,
        "Số ký hiệu",
        "Số, ký hiệu văn bản theo Nghị định 30/2020.",
        "42/2022/NĐ-CP",
    ),
    f(
        "loai_van_ban",
        Text,
        Yes,
        "Loại văn bản",
        "Tên loại văn bản: Luật, Nghị định, Quyết định, Kế hoạch, Công văn …",
        "Nghị định",
    ),
    f(
        "co_quan_ban_hanh",
        Text,
        Yes,
        "Cơ quan ban hành",
        "Cơ quan ban hành văn bản.",
        "Chính phủ",
    ),
    f(
        "ngay_ban_hanh",
        Date,
        Yes,
        "Ngày ban hành",
        "Ngày ký ban hành.",
        "2022-06-24",
    ),
    f(
        "ngay_co_hieu_luc",
        Date,
        Req::IfVbqppl,
        "Ngày có hiệu lực",
        "Ngày có hiệu lực; bắt buộc với văn bản quy phạm pháp luật.",
        "2022-08-15",
    ),
    f(
        "ngay_het_hieu_luc",
        Date,
        No,
        "Ngày hết hiệu lực",
        "Ngày hết hiệu lực, nếu có.",
        "2026-07-01",
    ),
    f(
        "tinh_trang_hieu_luc",
        Choice(enums::TINH_TRANG_HIEU_LUC),
        Yes,
        "Tình trạng hiệu lực",
        "Tình trạng hiệu lực theo cách gọi của Cơ sở dữ liệu quốc gia về pháp luật.",
        "Còn hiệu lực",
    ),
    f(
        "nguoi_ky",
        Text,
        Yes,
        "Người ký",
        "Họ tên người ký.",
        "Vũ Đức Đam",
    ),
    f(
        "chuc_danh_nguoi_ky",
        Text,
        No,
        "Chức danh người ký",
        "Chức danh người ký (KT., TM., TL. …).",
        "KT. Thủ tướng – Phó Thủ tướng",
    ),
    f(
        "trich_yeu",
        Text,
        Yes,
        "Trích yếu",
        "Trích yếu nội dung văn bản.",
        "Quy định về việc cung cấp thông tin",
    ),
    f(
        "tep_van_ban",
        Files,
        Yes,
        "Tệp văn bản",
        "Tệp văn bản để tải về (ít nhất một tệp).",
        "[{duong_dan: /tep/a.pdf, nhan: Văn bản gốc}]",
    ),
    f(
        "lien_ket",
        Links,
        No,
        "Liên kết",
        "Liên kết ngoài, ví dụ tới Cơ sở dữ liệu quốc gia về pháp luật (vbpl).",
        "{vbpl: 'https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=1'}",
    ),
    f(
        "quan_he",
        Relations,
        No,
        "Quan hệ văn bản",
        "Các văn bản liên quan: căn cứ, hướng dẫn, sửa đổi, thay thế, bãi bỏ …",
        "[{loai: can_cu, so_ky_hieu: 64/2025/QH15}]",
    ),
    f(
        "la_vbqppl",
        Flag,
        No,
        "Là văn bản QPPL",
        "Văn bản quy phạm pháp luật hay không; mặc định suy ra từ số ký hiệu.",
        "true",
    ),
    f(
        "co_quan_ban_hanh_viet_tat",
        Text,
        No,
        "Viết tắt cơ quan ban hành",
        "Phần sau dấu gạch cuối của ký hiệu: CP, UBND, TTg …",
        "CP",
    ),
    f(
        "nam",
        Count,
        No,
        "Năm",
        "Năm ban hành (khóa trùng số với văn bản hành chính).",
        "2022",
    ),
    f(
        "hieu_luc_ghi_chu",
        Text,
        No,
        "Ghi chú hiệu lực",
        "Ghi chú khi hiệu lực không có ngày cố định.",
        "kể từ ngày ký",
    ),
    f(
        "nganh",
        Text,
        No,
        "Ngành",
        "Ngành theo Cơ sở dữ liệu quốc gia về pháp luật.",
        "Thông tin – Truyền thông",
    ),
    f(
        "pham_vi",
        Text,
        No,
        "Phạm vi",
        "Phạm vi áp dụng.",
        "Toàn quốc",
    ),
    f(
        "ngay_dang_cong_bao",
        Date,
        No,
        "Ngày đăng công báo",
        "Ngày đăng Công báo.",
        "2022-07-05",
    ),
    f(
        "so_cong_bao",
        Text,
        No,
        "Số công báo",
        "Số Công báo.",
        "Số 521+522",
    ),
    f(
        "nguon_thu_thap",
        Text,
        No,
        "Nguồn thu thập",
        "Nơi thu thập văn bản.",
        "Công báo",
    ),
    f(
        "lich_su",
        Any,
        No,
        "Lịch sử hiệu lực",
        "Các sự kiện hiệu lực: [{ngay, hanh_dong, van_ban_nguon, pham_vi}].",
        "[]",
    ),
    f(
        "tai_lieu_kem_theo",
        Texts,
        No,
        "Tài liệu kèm theo",
        "Tên (slug) các tài liệu phổ biến đi kèm.",
        "[de-cuong-luat]",
    ),
    f(
        "gioi_thieu",
        Markdown,
        No,
        "Giới thiệu",
        "Bài giới thiệu văn bản (thường để ở phần thân).",
        "Giới thiệu ngắn.",
    ),
];

pub const TAI_LIEU: &[FieldDef] = &[
    f(
        "loai_tai_lieu",
        Choice(enums::LOAI_TAI_LIEU),
        Yes,
        "Loại tài liệu",
        "Loại tài liệu phổ biến, giáo dục pháp luật (Quyết định 14/2019 Điều 6).",
        "Tài liệu cho người dân",
    ),
    f(
        "co_quan_bien_soan",
        Text,
        Yes,
        "Cơ quan biên soạn",
        "Cơ quan, tổ chức chủ trì biên soạn.",
        "Sở Tư pháp tỉnh Đồng Nai",
    ),
    f(
        "ngay_phat_hanh",
        Date,
        Yes,
        "Ngày phát hành",
        "Thời gian phát hành.",
        "2026-01-15",
    ),
    f(
        "van_ban_lien_quan",
        Texts,
        No,
        "Văn bản liên quan",
        "Số ký hiệu các văn bản tài liệu giới thiệu.",
        "[42/2022/NĐ-CP]",
    ),
    f(
        "tep",
        Files,
        No,
        "Tệp",
        "Tệp tài liệu để tải về.",
        "[{duong_dan: /tep/a.pdf, nhan: Tài liệu}]",
    ),
    f(
        "video",
        PathOrUrl,
        No,
        "Video",
        "Tệp video của trang hoặc địa chỉ video trên nền tảng.",
        "https://www.youtube.com/watch?v=abc",
    ),
    f(
        "thoi_luong",
        Text,
        No,
        "Thời lượng",
        "Thời lượng video/âm thanh.",
        "12 phút",
    ),
    f(
        "phu_de",
        Path,
        No,
        "Phụ đề",
        "Tệp phụ đề WebVTT; bắt buộc với tệp video của trang.",
        "phu-de.vtt",
    ),
    f(
        "ban_ghi_loi",
        Markdown,
        No,
        "Bản ghi lời",
        "Bản ghi lời của video/âm thanh.",
        "Lời thoại …",
    ),
    f(
        "ten",
        Text,
        No,
        "Tên",
        "Tên sách/tài liệu (dùng làm tiêu đề khi không có `tieu_de`).",
        "Sổ tay pháp luật",
    ),
    f(
        "gioi_thieu",
        Markdown,
        No,
        "Giới thiệu",
        "Giới thiệu mục đích và nội dung chính.",
        "Giới thiệu ngắn.",
    ),
    f(
        "phe_duyet",
        Any,
        No,
        "Phê duyệt",
        "Người và ngày phê duyệt nội dung: {nguoi, ngay}.",
        "{nguoi: Nguyễn Văn An, ngay: 2026-01-10}",
    ),
    f(
        "ban_quyen",
        Text,
        No,
        "Bản quyền",
        "Thông tin bản quyền.",
        "© Sở Tư pháp",
    ),
];

pub const HOI_DAP: &[FieldDef] = &[
    f(
        "cau_hoi",
        Markdown,
        Yes,
        "Câu hỏi",
        "Nội dung câu hỏi (Markdown).",
        "Tôi muốn hỏi …?",
    ),
    f(
        "nguoi_hoi",
        Text,
        No,
        "Người hỏi",
        "Tên người hỏi (không ghi số điện thoại, địa chỉ, số định danh).",
        "Bạn đọc ở xã A",
    ),
    f(
        "ngay_gui",
        Date,
        Yes,
        "Ngày gửi",
        "Ngày người hỏi gửi câu hỏi.",
        "2026-03-01",
    ),
    f(
        "ngay_tra_loi",
        Date,
        Yes,
        "Ngày trả lời",
        "Ngày trả lời.",
        "2026-03-10",
    ),
    f(
        "nguoi_tra_loi",
        Text,
        No,
        "Người trả lời",
        "Người trả lời.",
        "Luật gia Nguyễn Văn An",
    ),
    f(
        "don_vi_tra_loi",
        Text,
        No,
        "Đơn vị trả lời",
        "Đơn vị trả lời.",
        "Sở Tư pháp",
    ),
    f(
        "can_cu_phap_ly",
        Texts,
        No,
        "Căn cứ pháp lý",
        "Số ký hiệu các văn bản làm căn cứ trả lời.",
        "[31/2024/QH15]",
    ),
    f(
        "tra_loi",
        Markdown,
        No,
        "Trả lời",
        "Câu trả lời (thường để ở phần thân).",
        "Trả lời …",
    ),
    f("noi_bat", Flag, No, "Nổi bật", "Câu hỏi nổi bật.", "false"),
    f(
        "mien_tru",
        Text,
        No,
        "Miễn trừ",
        "Lời miễn trừ trách nhiệm.",
        "Nội dung trả lời chỉ mang tính chất tham khảo",
    ),
    f(
        "don_vi",
        Text,
        No,
        "Đơn vị",
        "Cách viết khác của `don_vi_tra_loi`.",
        "Sở Tư pháp",
    ),
];

pub const HOAT_DONG: &[FieldDef] = &[
    f(
        "ngay_to_chuc",
        Date,
        No,
        "Ngày tổ chức",
        "Ngày tổ chức hoạt động.",
        "2026-04-02",
    ),
    f(
        "dia_diem",
        Text,
        No,
        "Địa điểm",
        "Nơi tổ chức.",
        "Hội trường UBND xã",
    ),
    f(
        "so_nguoi_tham_du",
        Count,
        No,
        "Số người tham dự",
        "Số người tham dự.",
        "120",
    ),
    f(
        "hinh_thuc",
        Text,
        No,
        "Hình thức",
        "Hình thức tổ chức.",
        "Hội nghị",
    ),
];

pub const DOI_THOAI: &[FieldDef] = &[
    f(
        "chu_de",
        Text,
        No,
        "Chủ đề",
        "Chủ đề đối thoại.",
        "Thủ tục đất đai",
    ),
    f(
        "thoi_gian",
        Text,
        No,
        "Thời gian",
        "Ngày (và giờ) đối thoại: `2026-05-20` hoặc `2026-05-20 08:00`.",
        "2026-05-20 08:00",
    ),
    f(
        "hinh_thuc",
        Choice(enums::HINH_THUC_DOI_THOAI),
        No,
        "Hình thức",
        "Trực tiếp hoặc trực tuyến.",
        "Trực tiếp",
    ),
    f(
        "dia_diem",
        Text,
        No,
        "Địa điểm",
        "Nơi đối thoại.",
        "Hội trường UBND xã",
    ),
    f(
        "duong_dan",
        Text,
        No,
        "Đường dẫn",
        "Địa chỉ buổi đối thoại trực tuyến.",
        "https://example.gov.vn/doi-thoai",
    ),
    f(
        "co_quan_chu_tri",
        Text,
        No,
        "Cơ quan chủ trì",
        "Cơ quan chủ trì.",
        "UBND xã",
    ),
    f(
        "thanh_phan",
        Text,
        No,
        "Thành phần",
        "Thành phần tham dự.",
        "Đại diện các hộ dân",
    ),
    f(
        "ket_qua",
        Markdown,
        No,
        "Kết quả",
        "Kết quả đối thoại.",
        "Đã giải đáp 12 câu hỏi.",
    ),
    f(
        "noi_dung",
        Markdown,
        No,
        "Nội dung",
        "Nội dung đối thoại.",
        "Nội dung …",
    ),
    f(
        "van_ban_lien_quan",
        Texts,
        No,
        "Văn bản liên quan",
        "Số ký hiệu văn bản liên quan.",
        "[31/2024/QH15]",
    ),
];

pub const BAO_CAO: &[FieldDef] = &[
    f(
        "ky_bao_cao",
        Text,
        No,
        "Kỳ báo cáo",
        "Kỳ báo cáo: 6 tháng đầu năm 2026, Năm 2026 …",
        "Năm 2026",
    ),
    f(
        "so_ky_hieu",
        Text,
        No,
        "Số ký hiệu",
        "Số ký hiệu báo cáo.",
        "12/BC-STP",
    ),
    f(
        "ngay_ban_hanh",
        Date,
        No,
        "Ngày ban hành",
        "Ngày ban hành báo cáo.",
        "2026-11-20",
    ),
    f(
        "tep",
        Files,
        No,
        "Tệp",
        "Tệp báo cáo.",
        "[{duong_dan: /tep/a.pdf, nhan: Báo cáo}]",
    ),
    f(
        "ky",
        Text,
        No,
        "Kỳ",
        "Cách viết khác của `ky_bao_cao`.",
        "Năm 2026",
    ),
    f(
        "ngay",
        Date,
        No,
        "Ngày",
        "Cách viết khác của `ngay_ban_hanh`.",
        "2026-11-20",
    ),
    f(
        "han_nop",
        Date,
        No,
        "Hạn nộp",
        "Hạn nộp báo cáo.",
        "2026-11-20",
    ),
    f(
        "chi_so",
        Any,
        No,
        "Chỉ số",
        "Các số liệu của báo cáo.",
        "{}",
    ),
];

pub const CUOC_THI: &[FieldDef] = &[
    f(
        "bat_dau",
        Date,
        No,
        "Bắt đầu",
        "Ngày bắt đầu cuộc thi.",
        "2026-06-01",
    ),
    f(
        "ket_thuc",
        Date,
        No,
        "Kết thúc",
        "Ngày kết thúc cuộc thi.",
        "2026-06-30",
    ),
    f(
        "don_vi_to_chuc",
        Text,
        No,
        "Đơn vị tổ chức",
        "Đơn vị tổ chức.",
        "Sở Tư pháp",
    ),
    f(
        "the_le",
        Path,
        No,
        "Thể lệ",
        "Tệp thể lệ cuộc thi.",
        "/tep/the-le.pdf",
    ),
    f(
        "duong_dan_thi",
        Text,
        No,
        "Đường dẫn thi",
        "Địa chỉ nền tảng thi trực tuyến.",
        "https://thitimhieuphapluat.moj.gov.vn/",
    ),
    f(
        "cau_hoi_on_tap",
        Path,
        No,
        "Câu hỏi ôn tập",
        "Tệp YAML bộ câu hỏi ôn tập.",
        "on-tap.yaml",
    ),
    f(
        "ten",
        Text,
        No,
        "Tên",
        "Tên cuộc thi (dùng làm tiêu đề khi không có `tieu_de`).",
        "Cuộc thi tìm hiểu pháp luật",
    ),
    f(
        "so_ky_hieu_ke_hoach",
        Text,
        No,
        "Số ký hiệu kế hoạch",
        "Số ký hiệu kế hoạch tổ chức cuộc thi.",
        "12/KH-STP",
    ),
    f(
        "ket_qua",
        Markdown,
        No,
        "Kết quả",
        "Kết quả cuộc thi.",
        "Giải nhất …",
    ),
];

/// An item kind's name in the data (`ItemData`'s tag) and its own fields after `COMMON`.
pub const KINDS: &[(&str, &str, &[FieldDef])] = &[
    (
        "page",
        "Bài viết (giới thiệu, tin tức, chỉ đạo không có số ký hiệu)",
        &[],
    ),
    (
        "van_ban",
        "Văn bản pháp luật hoặc văn bản hành chính",
        VAN_BAN,
    ),
    (
        "tai_lieu",
        "Tài liệu phổ biến, giáo dục pháp luật (cả tủ sách)",
        TAI_LIEU,
    ),
    ("hoi_dap", "Hỏi – đáp pháp luật", HOI_DAP),
    ("hoat_dong", "Hoạt động của Hội đồng phối hợp", HOAT_DONG),
    ("doi_thoai", "Đối thoại chính sách – pháp luật", DOI_THOAI),
    ("bao_cao", "Thống kê, báo cáo", BAO_CAO),
    ("cuoc_thi", "Thi tìm hiểu pháp luật", CUOC_THI),
];

/// Every field an item of `kind` may carry: `COMMON` then the kind's own.
pub fn item_fields(kind: &str) -> Vec<FieldDef> {
    let own = KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, _, f)| *f)
        .unwrap_or(&[]);
    COMMON.iter().chain(own.iter()).copied().collect()
}

/// The rows of `data/bao-cao-vien.yaml` and `data/tuyen-truyen-vien.yaml` (TT 10/2016).
pub const PERSON: &[FieldDef] = &[
    f("ho_ten", Text, Yes, "Họ tên", "Họ và tên.", "Nguyễn Văn An"),
    f(
        "chuc_vu",
        Text,
        No,
        "Chức vụ",
        "Chức vụ, chức danh.",
        "Phó Giám đốc",
    ),
    f(
        "co_quan",
        Text,
        No,
        "Cơ quan",
        "Cơ quan, đơn vị công tác (báo cáo viên).",
        "Sở Tư pháp",
    ),
    f(
        "dia_ban",
        Text,
        No,
        "Địa bàn",
        "Xã, phường, ấp (tuyên truyền viên).",
        "Xã Long Thành",
    ),
    f(
        "trinh_do_chuyen_mon",
        Text,
        No,
        "Trình độ chuyên môn",
        "Trình độ chuyên môn.",
        "Cử nhân Luật",
    ),
    f(
        "linh_vuc_chuyen_sau",
        Texts,
        No,
        "Lĩnh vực chuyên sâu",
        "Lĩnh vực pháp luật chuyên sâu.",
        "[Đất đai]",
    ),
    f(
        "qd_cong_nhan",
        Decision,
        No,
        "Quyết định công nhận",
        "Số ký hiệu và ngày của quyết định công nhận.",
        "{so_ky_hieu: 12/QĐ-UBND, ngay: 2025-03-01}",
    ),
    f(
        "trang_thai",
        Choice(enums::TRANG_THAI_NGUOI),
        No,
        "Trạng thái",
        "Đang hoạt động, đã miễn nhiệm hoặc đã cho thôi.",
        "Đang hoạt động",
    ),
    f(
        "qd_mien_nhiem",
        Decision,
        No,
        "Quyết định miễn nhiệm",
        "Quyết định miễn nhiệm/cho thôi.",
        "{so_ky_hieu: 15/QĐ-UBND, ngay: 2026-03-01}",
    ),
];

/// The rows of `data/lien-he.yaml` (A4-05).
pub const CONTACT: &[FieldDef] = &[
    f(
        "ho_ten",
        Text,
        Yes,
        "Họ tên",
        "Họ tên cán bộ đầu mối.",
        "Trần Thị Bình",
    ),
    f("chuc_vu", Text, No, "Chức vụ", "Chức vụ.", "Chuyên viên"),
    f(
        "don_vi",
        Text,
        No,
        "Đơn vị",
        "Đơn vị công tác.",
        "Phòng PBGDPL",
    ),
    f(
        "dien_thoai",
        Text,
        No,
        "Điện thoại",
        "Điện thoại cơ quan.",
        "0251 3822 000",
    ),
    f(
        "email",
        Text,
        No,
        "Thư điện tử",
        "Thư điện tử công vụ.",
        "pbgdpl@example.gov.vn",
    ),
];

/// The rows of `data/lien-ket.yaml` (A4-13).
pub const LINK: &[FieldDef] = &[
    f(
        "ten",
        Text,
        Yes,
        "Tên",
        "Tên trang liên kết.",
        "Cổng thông tin điện tử tỉnh",
    ),
    f(
        "url",
        Url,
        Yes,
        "Địa chỉ",
        "Địa chỉ web.",
        "https://www.dongnai.gov.vn/",
    ),
];

/// The data files with a fixed row shape: (file stem, Vietnamese title, row fields).
pub const DATA_FILES: &[(&str, &str, &[FieldDef])] = &[
    ("bao-cao-vien", "Danh sách báo cáo viên pháp luật", PERSON),
    (
        "tuyen-truyen-vien",
        "Danh sách tuyên truyền viên pháp luật",
        PERSON,
    ),
    ("lien-he", "Cán bộ đầu mối liên hệ", CONTACT),
    (
        "lien-ket",
        "Liên kết tới các cổng thông tin liên quan",
        LINK,
    ),
];

/// Top-level keys of `site.yaml`.
pub const SITE: &[FieldDef] = &[
    f(
        "ten_trang",
        Text,
        Yes,
        "Tên trang",
        "Tên trang thông tin.",
        "Trang thông tin phổ biến, giáo dục pháp luật",
    ),
    f(
        "mo_ta",
        Text,
        No,
        "Mô tả",
        "Một câu mô tả trang (thẻ mô tả trang chủ, bản tin).",
        "Thông tin pháp luật cho người dân",
    ),
    f(
        "co_quan",
        Any,
        Yes,
        "Cơ quan",
        "Cơ quan chủ quản của trang (xem `co_quan` bên dưới).",
        "{ten_day_du: Sở Tư pháp tỉnh Đồng Nai}",
    ),
    f(
        "base_url",
        Url,
        Yes,
        "Địa chỉ gốc",
        "Địa chỉ xuất bản chính thức (http/https), có thể có đường dẫn con.",
        "https://stp.dongnai.gov.vn/pbgdpl/",
    ),
    f(
        "gui_cau_hoi",
        Text,
        No,
        "Gửi câu hỏi",
        "`mailto:` hoặc địa chỉ biểu mẫu nhận câu hỏi.",
        "mailto:pbgdpl@dongnai.gov.vn",
    ),
    f(
        "danh_gia",
        Text,
        No,
        "Đánh giá",
        "Địa chỉ phiếu đánh giá mức độ hài lòng.",
        "https://khao-sat.example.gov.vn/",
    ),
    f(
        "kenh_chinh_thuc",
        Any,
        No,
        "Kênh chính thức",
        "Các kênh chính thức: [{ten, url}].",
        "[]",
    ),
    f(
        "dong_bo",
        Any,
        No,
        "Nguồn đồng bộ",
        "Các nguồn để `pbgdpl sync` lấy bài về (xem `nguon_dong_bo`).",
        "[]",
    ),
    f(
        "cho_phep_html",
        Flag,
        No,
        "Cho phép HTML",
        "Cho phép mã HTML trong Markdown (chỉ với nội dung tin cậy).",
        "false",
    ),
    f(
        "so_muc_moi_trang",
        Count,
        No,
        "Số mục mỗi trang",
        "Số mục trên một trang danh sách (1–1000, mặc định 20).",
        "20",
    ),
    f(
        "duong_dan_dep",
        Flag,
        No,
        "Đường dẫn gọn",
        "Liên kết tới `thu-muc/` thay vì `thu-muc/index.html`.",
        "false",
    ),
    f(
        "bao_cao",
        Any,
        No,
        "Ngày chốt số liệu",
        "Ngày chốt số liệu báo cáo: {chot_6_thang: 15/05, chot_nam: 15/11}.",
        "{chot_6_thang: 15/05, chot_nam: 15/11}",
    ),
];

/// `co_quan` in site.yaml.
pub const AGENCY: &[FieldDef] = &[
    f(
        "ten_day_du",
        Text,
        Yes,
        "Tên đầy đủ",
        "Tên đầy đủ của cơ quan, hiện ở đầu mọi trang.",
        "Sở Tư pháp tỉnh Đồng Nai",
    ),
    f(
        "co_quan_chu_quan",
        Text,
        No,
        "Cơ quan chủ quản",
        "Cơ quan cấp trên.",
        "Ủy ban nhân dân tỉnh Đồng Nai",
    ),
    f(
        "ten_viet_tat",
        Text,
        No,
        "Tên viết tắt",
        "Tên viết tắt.",
        "STP",
    ),
    f(
        "bieu_trung",
        Text,
        No,
        "Biểu trưng",
        "Tệp biểu trưng trong static/.",
        "static/bieu-trung.png",
    ),
    f(
        "dia_chi",
        Text,
        No,
        "Địa chỉ",
        "Địa chỉ trụ sở.",
        "Số 1 đường A",
    ),
    f(
        "dien_thoai",
        Text,
        No,
        "Điện thoại",
        "Điện thoại.",
        "0251 3822 000",
    ),
    f(
        "email",
        Text,
        No,
        "Thư điện tử",
        "Thư điện tử.",
        "stp@dongnai.gov.vn",
    ),
    f(
        "nguoi_chiu_trach_nhiem",
        Any,
        No,
        "Người chịu trách nhiệm",
        "{ho_ten, chuc_vu}.",
        "{ho_ten: Nguyễn Văn An, chuc_vu: Giám đốc}",
    ),
    f(
        "dia_danh",
        Text,
        No,
        "Địa danh",
        "Địa danh ghi trước ngày tháng.",
        "Đồng Nai",
    ),
    f(
        "giay_phep",
        Text,
        No,
        "Giấy phép",
        "Giấy phép thiết lập trang.",
        "Giấy phép số 12/GP-STTTT",
    ),
];

/// One element of `dong_bo` in site.yaml (`pbgdpl sync`).
pub const SYNC_SOURCE: &[FieldDef] = &[
    f("ten", Text, Yes, "Tên nguồn", "Tên đơn vị nguồn, ghi vào trường `nguon` của bài lấy về.", "Sở Tư pháp tỉnh Đồng Nai"),
    f("nguon", Text, Yes, "Địa chỉ nguồn", "Địa chỉ `api/v1/` của một trang pbgdpl khác, một thư mục trên máy, hoặc một bản tin RSS/Atom.", "https://stp.dongnai.gov.vn/pbgdpl/api/v1/"),
    f("loai", Choice(&["api", "thu_muc", "rss"]), No, "Loại nguồn", "`api`, `thu_muc` hoặc `rss`; bỏ trống thì tự nhận ra.", "api"),
    f("chuyen_muc", Text, No, "Chuyên mục đích", "Chỉ lấy chuyên mục này (nguồn api), hoặc chuyên mục ghi bài của bản tin RSS (mặc định tin-tuc).", "tin-tuc"),
    f("toi_da_muc", Count, No, "Số bài tối đa", "Số bài tối đa lấy từ nguồn (mặc định 20.000).", "20000"),
    f("thoi_gian_cho", Count, No, "Thời gian chờ (giây)", "Thời gian chờ kết nối và đọc, tính bằng giây (mặc định 20).", "20"),
];
