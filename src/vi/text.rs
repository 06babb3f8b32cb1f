//! NFC, folding and slugs. (stub: to be implemented)

/// The string in Unicode NFC.
pub fn nfc(s: &str) -> String {
    todo!("{s}")
}

/// Lower-case, tone marks and vowel marks dropped, đ→d: "Điều 141 Bộ luật" → "dieu 141 bo luat".
pub fn fold(s: &str) -> String {
    todo!("{s}")
}

/// URL slug: folded, ASCII letters and digits, runs of anything else → one `-`, trimmed.
/// "42/2022/NĐ-CP" → "42-2022-nd-cp"; "Đất đai" → "dat-dai".
pub fn slugify(s: &str) -> String {
    todo!("{s}")
}
