//! The half-year / yearly report of PBGDPL results as three texts: a Markdown `bao_cao` item
//! (a draft, with the two other files as its attachments), a CSV of the figures, and a
//! printable A4 HTML page in the Vietnamese administrative layout (ND 30/2020: agency header,
//! national motto, "Đồng Nai, ngày … tháng … năm …", numbered sections, recipients and
//! signature). All figures come from `Counts::rows`, as on the statistics page.

use super::chart::escape;
use super::counts::{Counts, Row};
use super::period::Period;
use crate::model::Site;
use crate::vi::Date;

pub const CSV_NAME: &str = "so-lieu.csv";
pub const HTML_NAME: &str = "bao-cao.html";
pub const CSS_NAME: &str = "bao-cao.css";
pub const MD_NAME: &str = "index.md";

/// The stylesheet the printable page links (a strict CSP allows no inline style).
pub const CSS: &str = include_str!("bao-cao.css");

pub struct Report<'a> {
    pub site: &'a Site,
    pub period: Period,
    pub rows: Vec<Row>,
    pub counts: Counts,
    /// The day the report is written (Vietnam time).
    pub today: Date,
}

impl<'a> Report<'a> {
    pub fn new(site: &'a Site, period: Period, today: Date) -> Report<'a> {
        let counts = Counts::compute(site, &period);
        Report {
            site,
            rows: counts.rows(),
            counts,
            period,
            today,
        }
    }

    /// `bao-cao-pbgdpl-2026-6t`: the bundle folder (and the item's slug once moved to content/).
    pub fn slug(&self) -> String {
        format!("bao-cao-pbgdpl-{}", self.period.code.to_lowercase())
    }

    fn title(&self) -> String {
        format!(
            "Báo cáo kết quả công tác phổ biến, giáo dục pháp luật trên trang thông tin điện tử {}",
            lower_first(&self.period.label)
        )
    }

    fn value(&self, key: &str) -> &str {
        self.rows
            .iter()
            .find(|r| r.key == key)
            .map_or("0", |r| r.value.as_str())
    }

    /// Numbered narrative sections: (heading, paragraphs).
    fn sections(&self) -> Vec<(String, Vec<String>)> {
        let v = |k| self.value(k);
        let kinds: Vec<String> = self
            .rows
            .iter()
            .filter(|r| r.sub)
            .map(|r| format!("{} {}", r.value, lower_first(&r.label)))
            .collect();
        let tai_lieu = if kinds.is_empty() {
            format!(
                "Đăng tải {} tài liệu phổ biến, giáo dục pháp luật.",
                v("tai_lieu")
            )
        } else {
            format!(
                "Đăng tải {} tài liệu phổ biến, giáo dục pháp luật, gồm: {}.",
                v("tai_lieu"),
                kinds.join("; ")
            )
        };
        let median = match self.counts.so_ngay_tra_loi_trung_vi {
            Some(_) => format!(
                "; thời gian trả lời (trung vị) là {} ngày kể từ ngày nhận câu hỏi",
                v("so_ngay_tra_loi")
            ),
            None => String::new(),
        };
        vec![
            ("Giới thiệu văn bản pháp luật".into(), vec![format!(
                "Giới thiệu {} văn bản pháp luật mới; đăng {} văn bản chỉ đạo, hướng dẫn công tác phổ biến, giáo dục pháp luật.",
                v("van_ban_gioi_thieu"), v("van_ban_chi_dao"))]),
            ("Tài liệu phổ biến, giáo dục pháp luật".into(), vec![tai_lieu]),
            ("Hỏi – đáp pháp luật".into(), vec![format!(
                "Tiếp nhận {} câu hỏi pháp luật; trả lời và đăng tải {} câu hỏi{median}.",
                v("hoi_dap_nhan"), v("hoi_dap_tra_loi"))]),
            ("Đối thoại chính sách – pháp luật".into(), vec![format!("Tổ chức {} cuộc đối thoại chính sách – pháp luật.", v("doi_thoai"))]),
            ("Hội đồng phối hợp, báo cáo viên, tuyên truyền viên".into(), vec![
                format!("Hội đồng phối hợp phổ biến, giáo dục pháp luật tổ chức {} hoạt động với {} lượt người tham dự.", v("hoat_dong"), v("nguoi_tham_du")),
                format!("Đến cuối kỳ có {} báo cáo viên pháp luật và {} tuyên truyền viên pháp luật đang hoạt động.", v("bao_cao_vien"), v("tuyen_truyen_vien")),
            ]),
            ("Thi tìm hiểu pháp luật".into(), vec![format!("Tổ chức {} cuộc thi tìm hiểu pháp luật.", v("cuoc_thi"))]),
        ]
    }

    pub fn markdown(&self) -> String {
        let mut s = String::from("---\n");
        s += &format!("tieu_de: \"{}\"\n", yaml_escape(&self.title()));
        s += &format!("ngay_dang: {}\n", self.today.iso());
        s += &format!("ky_bao_cao: \"{}\"\n", yaml_escape(&self.period.label));
        s += "# so_ky_hieu: \"…/BC-…\"   # điền khi văn bản được ký\n# ngay_ban_hanh: YYYY-MM-DD\n";
        s += &format!(
            "tom_tat: \"Kết quả công tác phổ biến, giáo dục pháp luật {} (số liệu {}).\"\n",
            yaml_escape(&lower_first(&self.period.label)),
            self.period.range_text()
        );
        s += "ban_nhap: true   # bỏ dòng này khi báo cáo đã được duyệt\n";
        s += &format!("tep:\n  - duong_dan: {HTML_NAME}\n    nhan: Báo cáo (bản in khổ A4)\n  - duong_dan: {CSV_NAME}\n    nhan: Bảng số liệu (CSV)\n");
        s += "---\n\n";
        s += &format!(
            "Số liệu tính {}, lấy tự động từ nội dung đã đăng trên trang (lệnh `pbgdpl report --ky {}`), trùng với trang Số liệu thống kê.\n\n",
            self.period.range_text(),
            self.period.code
        );
        s += "## I. Kết quả thực hiện\n\n";
        for (n, (h, paras)) in self.sections().into_iter().enumerate() {
            s += &format!("### {}. {h}\n\n", n + 1);
            for p in paras {
                s += &format!("{p}\n\n");
            }
        }
        s += "## II. Bảng số liệu\n\n| STT | Chỉ tiêu | Số liệu |\n|---:|---|---:|\n";
        for (i, r) in self.rows.iter().enumerate() {
            let label = if r.sub {
                format!("– {}", r.label)
            } else {
                r.label.clone()
            };
            s += &format!("| {} | {} | {} |\n", i + 1, md_cell(&label), r.value);
        }
        s += "\n## III. Đánh giá, kiến nghị\n\n(Đơn vị bổ sung đánh giá kết quả, hạn chế và kiến nghị.)\n";
        s
    }

    pub fn csv(&self) -> String {
        // A byte-order mark so spreadsheet programs read the Vietnamese text as UTF-8.
        let mut s = String::from("\u{feff}chi_so,noi_dung,gia_tri,ky_bao_cao,tu_ngay,den_ngay\r\n");
        for r in &self.rows {
            s += &[
                r.key.as_str(),
                r.label.as_str(),
                r.value.as_str(),
                self.period.label.as_str(),
                &self.period.start.dmy(),
                &self.period.end.dmy(),
            ]
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",");
            s += "\r\n";
        }
        s
    }

    pub fn html(&self) -> String {
        let c = &self.site.config;
        let agency = escape(&c.co_quan.ten_day_du);
        let parent = c
            .co_quan
            .co_quan_chu_quan
            .as_deref()
            .map(escape)
            .unwrap_or_default();
        let place = escape(c.co_quan.dia_danh.as_deref().unwrap_or("………"));
        let title = self.title();
        let mut h = format!(
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"{CSS_NAME}\">\n</head>\n<body>\n<main class=\"trang-a4\">\n",
            escape(&title)
        );
        h += &format!(
            "<header class=\"the-thuc\">\n<div class=\"co-quan\">\n<p class=\"chu-quan\">{}</p>\n<p class=\"ten-co-quan\">{}</p>\n<p class=\"so\">Số: ……/BC-{}</p>\n</div>\n<div class=\"quoc-hieu\">\n<p class=\"qh\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>\n<p class=\"tn\">Độc lập – Tự do – Hạnh phúc</p>\n<p class=\"dia-danh\">{place}, ngày … tháng … năm {}</p>\n</div>\n</header>\n",
            parent.to_uppercase(),
            agency.to_uppercase(),
            escape(c.co_quan.ten_viet_tat.as_deref().unwrap_or("…")),
            self.today.year()
        );
        h += &format!(
            "<h1><span class=\"loai\">BÁO CÁO</span>\n<span class=\"trich-yeu\">Kết quả công tác phổ biến, giáo dục pháp luật trên trang thông tin điện tử {}</span></h1>\n<p class=\"ky\">(Số liệu tính {})</p>\n",
            escape(&lower_first(&self.period.label)),
            self.period.range_text()
        );
        h += "<section>\n<h2>I. KẾT QUẢ THỰC HIỆN</h2>\n";
        for (n, (head, paras)) in self.sections().into_iter().enumerate() {
            h += &format!("<h3>{}. {}</h3>\n", n + 1, escape(&head));
            for p in paras {
                h += &format!("<p>{}</p>\n", escape(&p));
            }
        }
        h += "</section>\n<section>\n<h2>II. BẢNG SỐ LIỆU</h2>\n<table>\n";
        h += &format!(
            "<caption>Số liệu {} ({})</caption>\n",
            escape(&lower_first(&self.period.label)),
            self.period.range_text()
        );
        h += "<thead><tr><th scope=\"col\">STT</th><th scope=\"col\">Chỉ tiêu</th><th scope=\"col\">Số liệu</th></tr></thead>\n<tbody>\n";
        for (i, r) in self.rows.iter().enumerate() {
            h += &format!(
                "<tr{}><td>{}</td><th scope=\"row\">{}</th><td class=\"so-lieu\" data-ky=\"{}\" data-chi-so=\"{}\">{}</td></tr>\n",
                if r.sub { " class=\"phu\"" } else { "" },
                i + 1,
                escape(&r.label),
                escape(&self.period.code),
                escape(&r.key),
                escape(&r.value)
            );
        }
        h += "</tbody>\n</table>\n</section>\n<section>\n<h2>III. ĐÁNH GIÁ, KIẾN NGHỊ</h2>\n<p class=\"de-trong\">(Đơn vị bổ sung đánh giá kết quả, hạn chế và kiến nghị.)</p>\n</section>\n";
        let signer = c.co_quan.nguoi_chiu_trach_nhiem.as_ref();
        h += &format!(
            "<footer class=\"ky-ten\">\n<div class=\"noi-nhan\">\n<p><strong>Nơi nhận:</strong></p>\n<ul>\n<li>{};</li>\n<li>Lưu: VT.</li>\n</ul>\n</div>\n<div class=\"nguoi-ky\">\n<p class=\"chuc-vu\">{}</p>\n<p class=\"chu-ky\">(Ký, ghi rõ họ tên và đóng dấu)</p>\n<p class=\"ho-ten\">{}</p>\n</div>\n</footer>\n</main>\n</body>\n</html>\n",
            if parent.is_empty() { "Cơ quan cấp trên".to_string() } else { parent.clone() },
            escape(&signer.map_or("THỦ TRƯỞNG CƠ QUAN".to_string(), |p| p.chuc_vu.to_uppercase())),
            escape(signer.map_or("", |p| p.ho_ten.as_str())),
        );
        h
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn yaml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_quote_and_lower() {
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("x\"y"), "\"x\"\"y\"");
        assert_eq!(csv_field("12"), "12");
        assert_eq!(lower_first("Năm 2026"), "năm 2026");
        assert_eq!(md_cell("a|b"), "a\\|b");
    }
}
