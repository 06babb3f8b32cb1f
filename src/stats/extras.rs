//! What item pages and the home page get from the features: share links (no third-party
//! script: plain links, plus the copy-link / Web Share button of `tuong-tac.js`), the
//! click-to-load embed of a platform video, the practice-quiz link of a contest, the default
//! OpenGraph image of a section, and the upcoming dialogues for the home page.

use super::page::on_tap_url;
use super::quiz;
use crate::model::{Item, ItemData, Site};
use crate::render::view::PageMeta;
use crate::vi::Date;
use serde::Serialize;

/// How many upcoming dialogues the home page lists.
const HOME_DIALOGUES: usize = 3;

#[derive(Serialize)]
pub struct ItemExtras {
    pub chia_se: Share,
    pub video: Option<PlatformVideo>,
    pub on_tap: Option<String>,
}

#[derive(Serialize)]
pub struct Share {
    /// The page's absolute address (what the copy button copies).
    pub url: String,
    pub facebook: String,
    pub email: String,
}

/// A video on a platform: shown as a poster and a link; the player (`nhung`) is created by
/// `tuong-tac.js` only after a click, so nothing is fetched from the platform before that.
#[derive(Serialize)]
pub struct PlatformVideo {
    pub url: String,
    pub nen_tang: &'static str,
    /// The player address (privacy-enhanced for YouTube), when the platform has one.
    pub nhung: Option<String>,
}

pub fn item_extras(site: &Site, item: &Item) -> ItemExtras {
    let url = format!("{}{}", site.config.base_url, item.url);
    let video = match &item.data {
        ItemData::TaiLieu(t) => t.video_url.as_deref().map(platform_video),
        _ => None,
    };
    ItemExtras {
        chia_se: Share {
            facebook: format!(
                "https://www.facebook.com/sharer/sharer.php?u={}",
                encode(&url)
            ),
            email: format!(
                "mailto:?subject={}&body={}",
                encode(&item.tieu_de),
                encode(&url)
            ),
            url,
        },
        video,
        on_tap: quiz::has_quiz(item).then(|| on_tap_url(&item.url)),
    }
}

/// Percent-encoding for a URL query value (RFC 3986 unreserved characters kept).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn platform_video(url: &str) -> PlatformVideo {
    let u = url.trim();
    let after_host = |host: &str| -> Option<&str> {
        let rest = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))?;
        let rest = rest.strip_prefix("www.").or(Some(rest))?;
        let rest = rest.strip_prefix("m.").unwrap_or(rest);
        rest.strip_prefix(host)
    };
    let id_ok = |id: &str| {
        !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let youtube = after_host("youtube.com/watch?")
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
        .or_else(|| after_host("youtu.be/"))
        .or_else(|| after_host("youtube.com/shorts/"))
        .or_else(|| after_host("youtube.com/embed/"))
        .map(|id| id.split(['?', '&', '#', '/']).next().unwrap_or(""))
        .filter(|id| id_ok(id));
    if let Some(id) = youtube {
        return PlatformVideo {
            url: u.to_string(),
            nen_tang: "YouTube",
            nhung: Some(format!(
                "https://www.youtube-nocookie.com/embed/{id}?autoplay=1"
            )),
        };
    }
    let vimeo = after_host("vimeo.com/")
        .map(|id| id.split(['?', '#', '/']).next().unwrap_or(""))
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    if let Some(id) = vimeo {
        return PlatformVideo {
            url: u.to_string(),
            nen_tang: "Vimeo",
            nhung: Some(format!("https://player.vimeo.com/video/{id}?autoplay=1")),
        };
    }
    let nen_tang = if after_host("facebook.com/").is_some() || after_host("fb.watch/").is_some() {
        "Facebook"
    } else if after_host("tiktok.com/").is_some() {
        "TikTok"
    } else {
        "trang chia sẻ video"
    };
    PlatformVideo {
        url: u.to_string(),
        nen_tang,
        nhung: None,
    }
}

/// Sections with their own default share image in the theme (`assets/og/<folder>.png`).
const OG_SECTIONS: &[&str] = &[
    "van-ban",
    "tai-lieu",
    "chi-dao-huong-dan",
    "hoi-dong-phoi-hop",
    "hoi-dap",
    "doi-thoai",
    "thong-ke-bao-cao",
    "tu-sach",
    "thi-tim-hieu",
    "tin-tuc",
    "gioi-thieu",
];

/// Output path of the default share image of `section` (or of the site).
pub fn og_default_path(section: &str) -> String {
    if OG_SECTIONS.contains(&section) {
        format!("assets/og/{section}.png")
    } else {
        "assets/og/mac-dinh.png".to_string()
    }
}

/// A page without its own image shares its section's default (the site's for other pages).
pub fn og_default(site: &Site, meta: &mut PageMeta) {
    if meta.og_image.is_some() {
        return;
    }
    let section = meta.nav.trim_end_matches('/');
    meta.og_image = Some(format!(
        "{}{}",
        site.config.base_url,
        og_default_path(section)
    ));
    meta.og_image_alt = Some(format!("{} – {}", site.config.ten_trang, meta.title));
}

/// The CSP `form-action` source the "Gửi câu hỏi" form needs: `mailto:` or the form
/// service's origin (`https://host`); None when the site has no form.
pub fn form_action_source(dest: Option<&str>) -> Option<String> {
    let d = dest?.trim();
    if d.to_ascii_lowercase().starts_with("mailto:") {
        return Some("mailto:".into());
    }
    let (scheme, rest) = d.split_once("://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    let ok = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    };
    (matches!(scheme, "https" | "http") && ok(host)).then(|| format!("{scheme}://{host}"))
}

#[derive(Serialize)]
pub struct Dialogue<'a> {
    pub tieu_de: &'a str,
    pub url: &'a str,
    pub thoi_gian: String,
    pub ngay_iso: String,
    pub hinh_thuc: Option<&'a str>,
    pub noi: Option<&'a str>,
}

/// Dialogues on or after `today`, soonest first.
pub fn upcoming_dialogues(site: &Site, today: Date) -> Vec<Dialogue<'_>> {
    let mut v: Vec<(Date, Dialogue)> = site
        .items
        .iter()
        .filter_map(|it| match &it.data {
            ItemData::DoiThoai(d) => d.ngay.filter(|&n| n >= today).map(|n| {
                let rest = d
                    .thoi_gian
                    .as_deref()
                    .and_then(|t| t.get(10..))
                    .map(str::trim)
                    .unwrap_or("");
                (
                    n,
                    Dialogue {
                        tieu_de: &it.tieu_de,
                        url: &it.url,
                        thoi_gian: if rest.is_empty() {
                            n.dmy()
                        } else {
                            format!("{rest}, {}", n.dmy())
                        },
                        ngay_iso: n.iso(),
                        hinh_thuc: d.hinh_thuc.as_deref(),
                        noi: d.dia_diem.as_deref(),
                    },
                )
            }),
            _ => None,
        })
        .collect();
    v.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| crate::vi::compare(a.1.tieu_de, b.1.tieu_de))
    });
    v.into_iter().take(HOME_DIALOGUES).map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_videos_get_a_privacy_player_only_when_known() {
        let y = platform_video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5");
        assert_eq!(
            y.nhung.as_deref(),
            Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
        );
        assert_eq!(
            platform_video("https://youtu.be/abc_DEF-1?si=x")
                .nhung
                .as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc_DEF-1?autoplay=1")
        );
        assert_eq!(
            platform_video("https://vimeo.com/76979871").nen_tang,
            "Vimeo"
        );
        let f = platform_video("https://www.facebook.com/watch/?v=1");
        assert_eq!((f.nen_tang, f.nhung.is_none()), ("Facebook", true));
        assert!(platform_video("https://youtube.com/watch?v=\"><x")
            .nhung
            .is_none());
    }

    #[test]
    fn form_action_is_the_origin_or_mailto() {
        assert_eq!(
            form_action_source(Some("mailto:a@b.vn")).as_deref(),
            Some("mailto:")
        );
        assert_eq!(
            form_action_source(Some("https://forms.gov.vn/x?y=1")).as_deref(),
            Some("https://forms.gov.vn")
        );
        assert_eq!(form_action_source(Some("https://a b/")), None);
        assert_eq!(form_action_source(None), None);
    }

    #[test]
    fn share_values_are_encoded() {
        assert_eq!(
            encode("https://a.vn/x y/?q=1"),
            "https%3A%2F%2Fa.vn%2Fx%20y%2F%3Fq%3D1"
        );
        assert_eq!(encode("Hỏi"), "H%E1%BB%8Fi");
    }
}
