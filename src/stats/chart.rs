//! Bar charts drawn at build time as inline SVG: no chart script in the browser. Each chart is
//! an image with a `<title>` and a `<desc>` that points at the table holding the same numbers
//! (the table is the accessible source; the chart is a picture of it). Colours come from CSS
//! classes (`.bieu-do .cot`), so there is no `style` attribute for a strict CSP to block.

use crate::vi;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 260;
const TOP: u32 = 24;
const BOTTOM: u32 = 40;
const LEFT: u32 = 8;

/// A vertical bar chart of `bars` (label, value). `id` makes the title/desc ids unique on the
/// page; `table` is the caption of the table with the same numbers.
pub fn bar_chart(id: &str, title: &str, table: &str, bars: &[(String, u64)]) -> String {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let n = bars.len().max(1) as u32;
    let slot = (WIDTH - 2 * LEFT) / n;
    let bar_w = (slot * 7 / 10).max(2);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let mut svg = format!(
        "<svg class=\"bieu-do\" role=\"img\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" aria-labelledby=\"{id}-tieu-de {id}-mo-ta\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-tieu-de\">{}</title><desc id=\"{id}-mo-ta\">{}</desc>\
<line class=\"truc\" x1=\"{LEFT}\" y1=\"{base}\" x2=\"{right}\" y2=\"{base}\"></line>",
        escape(title),
        escape(&format!("Biểu đồ cột; số liệu chi tiết ở bảng “{table}”.")),
        base = TOP + plot_h,
        right = WIDTH - LEFT,
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let h = (u64::from(plot_h) * value / max) as u32;
        let x = LEFT + i as u32 * slot + (slot - bar_w) / 2;
        let y = TOP + plot_h - h;
        let cx = x + bar_w / 2;
        svg.push_str(&format!(
            "<g><rect class=\"cot\" x=\"{x}\" y=\"{y}\" width=\"{bar_w}\" height=\"{h}\"></rect>\
<text class=\"gia-tri\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
<text class=\"nhan\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            y.saturating_sub(6).max(12),
            vi::group_thousands(*value),
            TOP + plot_h + 18,
            escape(label),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Text and attribute escaping for SVG inside HTML: the same as for the HTML around it.
pub use crate::render::escape_html as escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value_and_are_labelled() {
        let svg = bar_chart(
            "bd1",
            "Câu hỏi theo tháng",
            "Bảng 2",
            &[("T1".into(), 2), ("T2".into(), 4), ("T3".into(), 0)],
        );
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"bd1-tieu-de\">Câu hỏi theo tháng</title>"));
        assert!(svg.contains("height=\"196\""), "{svg}"); // the largest bar fills the plot
        assert!(svg.contains("height=\"98\""));
        assert!(svg.contains("height=\"0\""));
        assert!(!svg.contains("style="));
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
