//! The fixed section table of content format v1: the seven content groups of
//! Kế hoạch 7296/KH-UBND plus the supporting sections. Everything that needs to know which
//! sections exist, what kind of item each holds and how it is labelled reads it from here.

/// What kind of item a section holds; decides the typed fields and the item template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Page,
    VanBan,
    TaiLieu,
    /// `chi-dao-huong-dan`: an item with `so_ky_hieu` is a van_ban, otherwise a page.
    VanBanOrPage,
    HoatDong,
    HoiDap,
    DoiThoai,
    BaoCao,
    CuocThi,
}

#[derive(Debug, serde::Serialize)]
pub struct SectionDef {
    /// The folder under `content/` and the first URL segment.
    pub folder: &'static str,
    /// Menu label.
    pub label: &'static str,
    /// The group number (1–7) of Kế hoạch 7296 this section fulfils, if any.
    pub group: Option<u8>,
    pub kind: SectionKind,
    /// One line shown on the home page under the group's link.
    pub description: &'static str,
}

pub static SECTIONS: &[SectionDef] = &[
    SectionDef {
        folder: "gioi-thieu",
        label: "Giới thiệu",
        group: None,
        kind: SectionKind::Page,
        description: "Chức năng, nhiệm vụ, cơ cấu tổ chức của cơ quan",
    },
    SectionDef {
        folder: "van-ban",
        label: "Văn bản pháp luật",
        group: Some(1),
        kind: SectionKind::VanBan,
        description: "Văn bản pháp luật mới và bài giới thiệu nội dung cơ bản",
    },
    SectionDef {
        folder: "chi-dao-huong-dan",
        label: "Chỉ đạo, hướng dẫn",
        group: Some(2),
        kind: SectionKind::VanBanOrPage,
        description: "Kế hoạch, chương trình, văn bản chỉ đạo, hướng dẫn công tác PBGDPL",
    },
    SectionDef {
        folder: "hoi-dong-phoi-hop",
        label: "Hội đồng phối hợp, báo cáo viên",
        group: Some(3),
        kind: SectionKind::HoatDong,
        description:
            "Hoạt động của Hội đồng phối hợp PBGDPL, báo cáo viên, tuyên truyền viên pháp luật",
    },
    SectionDef {
        folder: "hoi-dap",
        label: "Hỏi – đáp pháp luật",
        group: Some(4),
        kind: SectionKind::HoiDap,
        description: "Câu hỏi của người dân, doanh nghiệp và câu trả lời",
    },
    SectionDef {
        folder: "doi-thoai",
        label: "Đối thoại chính sách",
        group: Some(5),
        kind: SectionKind::DoiThoai,
        description: "Lịch, nội dung và kết quả đối thoại chính sách – pháp luật",
    },
    SectionDef {
        folder: "tai-lieu",
        label: "Tài liệu PBGDPL",
        group: Some(6),
        kind: SectionKind::TaiLieu,
        description: "Đề cương, tài liệu bồi dưỡng, tờ gấp, video, tiểu phẩm, tình huống pháp luật",
    },
    SectionDef {
        folder: "thong-ke-bao-cao",
        label: "Thống kê, báo cáo",
        group: Some(7),
        kind: SectionKind::BaoCao,
        description: "Báo cáo định kỳ, số liệu kết quả công tác PBGDPL",
    },
    SectionDef {
        folder: "tu-sach",
        label: "Tủ sách pháp luật",
        group: None,
        kind: SectionKind::TaiLieu,
        description: "Tủ sách pháp luật điện tử theo Quyết định 14/2019/QĐ-TTg",
    },
    SectionDef {
        folder: "thi-tim-hieu",
        label: "Thi tìm hiểu pháp luật",
        group: None,
        kind: SectionKind::CuocThi,
        description: "Cuộc thi tìm hiểu pháp luật trực tuyến",
    },
    SectionDef {
        folder: "tin-tuc",
        label: "Tin hoạt động",
        group: None,
        kind: SectionKind::Page,
        description: "Tin hoạt động phổ biến, giáo dục pháp luật",
    },
];

pub fn section_def(folder: &str) -> Option<&'static SectionDef> {
    SECTIONS.iter().find(|s| s.folder == folder)
}
