//! RSS 2.0 / Atom sources (the provincial NukeViet site publishes one per category): each
//! entry becomes an item of `tin-tuc` (or the source's `chuyen_muc`) with its title, date
//! and summary as plain text and a link to the original page.

use super::config::Source;
use super::fetch::{Counters, Fetcher, Limits};
use super::{clean, local, place, SourceReport, SyncOptions, Write};
use serde_json::{Map, Value};

pub(super) fn plan(
    _opts: &SyncOptions,
    source: &Source,
    limits: &Limits,
    count: &mut Counters,
    local: &mut local::Local,
    report: &mut SourceReport,
) -> Result<Vec<Write>, String> {
    let f = Fetcher::web(&source.nguon, limits);
    let bytes = f.get("", limits, count)?;
    let parsed = feed_rs::parser::parse(&bytes[..]).map_err(|e| {
        format!(
            "{} không phải bản tin RSS 2.0 hay Atom đọc được ({e})",
            source.nguon
        )
    })?;
    let section = source
        .chuyen_muc
        .clone()
        .unwrap_or_else(|| "tin-tuc".into());
    let mine = local.of_source(&source.nguon);
    let mut writes = Vec::new();
    if parsed.entries.len() > source.toi_da_muc {
        report.tu_choi.push((
            source.nguon.clone(),
            format!(
                "bản tin có {} mục, vượt giới hạn `toi_da_muc: {}`; chỉ lấy {} mục đầu",
                parsed.entries.len(),
                source.toi_da_muc,
                source.toi_da_muc
            ),
        ));
    }
    for entry in parsed.entries.iter().take(source.toi_da_muc) {
        let title = entry
            .title
            .as_ref()
            .map(|t| plain(&t.content))
            .unwrap_or_default();
        let link = entry
            .links
            .iter()
            .map(|l| l.href.trim().to_string())
            .find(|h| h.starts_with("https://") || h.starts_with("http://"));
        let (Some(link), false) = (link, title.is_empty()) else {
            report.tu_choi.push((
                entry.id.clone(),
                "mục bản tin thiếu tiêu đề hoặc liên kết http/https tới bài gốc".into(),
            ));
            continue;
        };
        let date = entry
            .published
            .or(entry.updated)
            .and_then(|d| time::OffsetDateTime::from_unix_timestamp(d.timestamp()).ok())
            .map(|t| {
                t.to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC))
            })
            .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
            .unwrap_or_else(|| crate::vi::Date::today_vn().iso());
        let summary = entry
            .summary
            .as_ref()
            .map(|s| plain(&s.content))
            .or_else(|| {
                entry
                    .content
                    .as_ref()
                    .and_then(|c| c.body.as_deref())
                    .map(plain)
            })
            .unwrap_or_default();
        let id = if entry.id.is_empty() {
            link.clone()
        } else {
            entry.id.clone()
        };
        let short = &super::sha256(id.as_bytes())[7..15];
        let mut slug: String = crate::vi::slugify(&title).chars().take(60).collect();
        slug = format!("{}-{short}", slug.trim_end_matches('-'));
        let ma = format!("{section}/{slug}");
        let bam = super::sha256(format!("{title}\n{link}\n{date}\n{summary}").as_bytes());
        if mine
            .get(&ma)
            .is_some_and(|l| l.bam.as_deref() == Some(bam.as_str()))
        {
            report.khong_doi += 1;
            continue;
        }
        let mut fields = Map::new();
        fields.insert("tieu_de".into(), Value::String(title.clone()));
        fields.insert("ngay_dang".into(), Value::String(date));
        if !summary.is_empty() {
            fields.insert(
                "tom_tat".into(),
                Value::String(summary.chars().take(600).collect()),
            );
        }
        fields.insert("nguon".into(), Value::String(source.ten.clone()));
        let body = format!(
            "{summary}\n\n[Xem toàn văn tại trang của {}]({link})",
            source.ten
        );
        let provenance = [
            ("nguon", source.nguon.clone()),
            ("ma", ma.clone()),
            ("url", link),
            ("bam", bam),
        ];
        let text = super::render_file(&fields, &provenance, &body);
        place(local, source, &ma, text, report, &mut writes);
    }
    Ok(writes)
}

/// Feed text (often HTML) as one clean line of plain text.
fn plain(s: &str) -> String {
    let stripped = ammonia::Builder::empty().clean(s).to_string();
    let unescaped = stripped
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    clean::text(&unescaped.split_whitespace().collect::<Vec<_>>().join(" "))
}
