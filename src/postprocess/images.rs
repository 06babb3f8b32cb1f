//! Intrinsic image sizes for `width`/`height` attributes, read from the file header only (the
//! `imagesize` crate for raster formats; SVG from the root element's attributes), so sizing a
//! few thousand images costs a few KB of reading each.

use std::io::Read;
use std::path::Path;

/// How much of an SVG is read to find its `<svg …>` tag: enough for an XML declaration, a
/// doctype and an editor's comment block.
const SVG_HEAD_BYTES: u64 = 4096;

/// Width and height in pixels of the image at `path`, or None when unknown or unreadable.
pub fn image_size_of(path: &Path) -> Option<(u32, u32)> {
    let is_svg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        return svg_size_of(path);
    }
    let size = imagesize::size(path).ok()?;
    let w = u32::try_from(size.width).ok()?;
    let h = u32::try_from(size.height).ok()?;
    (w > 0 && h > 0).then_some((w, h))
}

fn svg_size_of(path: &Path) -> Option<(u32, u32)> {
    let mut head = Vec::with_capacity(SVG_HEAD_BYTES as usize);
    std::fs::File::open(path)
        .ok()?
        .take(SVG_HEAD_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    svg_size(&String::from_utf8_lossy(&head))
}

/// Size of an SVG from its root tag: `width`/`height` in px (or unitless), else from
/// `viewBox`, scaling one given dimension by the viewBox ratio when only one is given.
/// Percentages and font-relative units give None (the size depends on where it is shown).
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag_end = text[start..].find('>')? + start;
    let tag = &text[start..tag_end];
    let width = attribute(tag, "width").map(length_px);
    let height = attribute(tag, "height").map(length_px);
    let view_box = attribute(tag, "viewBox").and_then(view_box_size);
    let (w, h) = match (width, height, view_box) {
        (Some(Some(w)), Some(Some(h)), _) => (w, h),
        (Some(None), _, _) | (_, Some(None), _) => return None,
        (Some(Some(w)), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(Some(h)), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some(vb)) => vb,
        _ => return None,
    };
    let (w, h) = (w.round(), h.round());
    (w >= 1.0 && h >= 1.0 && w < u32::MAX as f64 && h < u32::MAX as f64)
        .then_some((w as u32, h as u32))
}

/// Value of attribute `name` in a start tag (quoted with " or '), matched as a whole name.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut from = 0;
    while let Some(pos) = tag[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let preceded_by_space = tag[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = tag[from..].trim_start();
        if !preceded_by_space || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let end = value[1..].find(quote)?;
        return Some(&value[1..1 + end]);
    }
    None
}

/// A length in CSS px: unitless or `px`/`pt`; anything else (%, em …) gives None.
fn length_px(value: &str) -> Option<f64> {
    let v = value.trim();
    let (number, factor) = if let Some(n) = v.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix("pt") {
        (n, 4.0 / 3.0)
    } else {
        (v, 1.0)
    };
    let n: f64 = number.trim().parse().ok()?;
    (n.is_finite() && n > 0.0).then_some(n * factor)
}

fn view_box_size(value: &str) -> Option<(f64, f64)> {
    let nums: Vec<f64> = value
        .split(|c: char| c.is_ascii_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    match nums[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_and_view_box() {
        assert_eq!(
            svg_size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">"#
            ),
            Some((120, 80))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 300 150" xmlns="x">"#),
            Some((300, 150))
        );
        assert_eq!(
            svg_size(r#"<svg width='64px' viewBox="0 0 32 16">"#),
            Some((64, 32))
        );
        assert_eq!(
            svg_size(r#"<svg height="10pt" viewBox="0,0,20,10">"#),
            Some((27, 13))
        );
        assert_eq!(
            svg_size(r#"<svg width="100%" height="100%" viewBox="0 0 3 2">"#),
            None
        );
        assert_eq!(
            svg_size(r#"<svg stroke-width="2" viewBox="0 0 24 24">"#),
            Some((24, 24))
        );
        assert_eq!(svg_size("<svg>"), None);
        assert_eq!(svg_size("không phải svg"), None);
    }

    #[test]
    fn raster_and_svg_files() {
        let dir = tempfile::tempdir().unwrap();
        // A 3×2 PNG: signature, IHDR length/type, width, height, then the rest of IHDR.
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        std::fs::write(dir.path().join("anh.png"), &png).unwrap();
        std::fs::write(dir.path().join("logo.SVG"), r#"<svg viewBox="0 0 48 24"/>"#).unwrap();
        std::fs::write(dir.path().join("hong.png"), b"not an image").unwrap();
        assert_eq!(image_size_of(&dir.path().join("anh.png")), Some((3, 2)));
        assert_eq!(image_size_of(&dir.path().join("logo.SVG")), Some((48, 24)));
        assert_eq!(image_size_of(&dir.path().join("hong.png")), None);
        assert_eq!(image_size_of(&dir.path().join("khong-co.png")), None);
    }
}
