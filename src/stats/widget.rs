//! The widget for the agency's main portal: `nhung/moi-nhat.html` (a page rendered with the
//! `nhung.html` template) and `nhung/README.md`, written here, with the `<iframe>` snippet the
//! portal's webmaster pastes into the home page so the PBGDPL block sits in its middle.

use super::page::NHUNG_PATH;
use crate::model::Site;
use crate::write::Output;

pub const README_PATH: &str = "nhung/README.md";

pub fn readme(site: &Site) -> String {
    let url = format!("{}{NHUNG_PATH}", site.config.base_url);
    let name = &site.config.ten_trang;
    format!(
        "# Khối tin phổ biến, giáo dục pháp luật để nhúng vào cổng thông tin\n\n\
Trang `{NHUNG_PATH}` là một trang nhỏ, độc lập, liệt kê các mục mới nhất của {name}. \
Cổng thông tin điện tử của cơ quan nhúng trang này bằng thẻ `<iframe>` để khối \
phổ biến, giáo dục pháp luật nằm ở giữa trang chủ của cổng (Kế hoạch 7296/KH-UBND).\n\n\
## Đoạn mã dán vào trang chủ của cổng\n\n\
```html\n\
<iframe src=\"{url}\"\n        title=\"Tin mới: {name}\"\n        width=\"100%\" height=\"420\" loading=\"lazy\"\n        referrerpolicy=\"strict-origin-when-cross-origin\"\n        sandbox=\"allow-top-navigation-by-user-activation allow-popups\"></iframe>\n\
```\n\n\
- Mỗi liên kết trong khối mở trang đích ở cửa sổ chính (`target=\"_top\"`), không mở bên trong khung.\n\
- Khối không chạy tập lệnh (JavaScript) nào và không tải gì từ bên thứ ba; kiểu trình bày nằm trong tệp \
`nhung/` cùng thư mục, nên chính sách bảo mật nội dung (CSP) chặt vẫn cho phép.\n\
- `sandbox` chỉ cho phép mở liên kết khi người đọc bấm; nếu cổng đặt chiều cao khác, sửa `height`.\n\
- Máy chủ của trang PBGDPL phải cho phép cổng nhúng trang này: trong tiêu đề \
`Content-Security-Policy` của riêng `/nhung/`, đặt `frame-ancestors` là địa chỉ của cổng \
(ví dụ `frame-ancestors https://dongnai.gov.vn`), và không gửi `X-Frame-Options: DENY` cho thư mục này.\n\
- Khối được dựng lại mỗi lần dựng trang, nên luôn theo kịp nội dung mới.\n"
    )
}

pub fn write_readme(site: &Site, out: &dyn Output) -> std::io::Result<()> {
    out.write_file(README_PATH, readme(site).as_bytes())
}
