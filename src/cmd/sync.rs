//! `pbgdpl sync [SITE]`: imports items from the sources in `site.yaml` → `dong_bo` (see
//! `crate::sync`) and prints the summary: thêm, cập nhật, không đổi, xung đột, từ chối.
//! Exit code 1 when a source failed or a site problem stopped everything.

use crate::sync::{self, SyncOptions};
use std::path::Path;
use std::time::Instant;

pub fn run(site: &Path) -> i32 {
    let started = Instant::now();
    let summary = match sync::run(&SyncOptions::new(site)) {
        Ok(s) => s,
        Err(e) => return super::fail(e),
    };
    for line in summary.lines() {
        println!("{line}");
    }
    let requests: u64 = summary.sources.iter().map(|s| s.requests).sum();
    let bytes: u64 = summary.sources.iter().map(|s| s.bytes).sum();
    println!(
        "Xong trong {} giây: {} yêu cầu, {}.",
        crate::vi::decimal_comma(started.elapsed().as_secs_f64(), 2),
        crate::vi::group_thousands(requests),
        crate::pipeline::human_bytes(bytes)
    );
    if summary.sources.iter().any(|s| s.loi.is_some()) {
        1
    } else {
        0
    }
}
