//! Numbers as Vietnamese readers write them (A7-06): "." between thousands, "," before decimals.

/// `1234567` → `1.234.567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `2.345` with 2 places → `2,35`.
pub fn decimal_comma(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_number_format() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1234567), "1.234.567");
        assert_eq!(decimal_comma(2.345, 2), "2,35");
    }
}
