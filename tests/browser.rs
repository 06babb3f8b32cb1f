//! Integration: the real-browser tests of tests/browser/ (`node --test`): Nu HTML Checker and
//! axe-core on every page type of the example site, keyboard-only navigation, 320 px, the
//! screenshots in target/screenshots/, and reading with JavaScript off. Skips with a message
//! when Chromium, Java or the npm packages are missing — except in CI (`CI` set), where that
//! fails: .ci/run installs them all.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let runs = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !runs("node", "--version") {
        missing.push("node (apt-get install nodejs npm)".to_string());
    }
    if !runs("java", "-version") {
        missing.push("java (apt-get install default-jre-headless)".to_string());
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        missing.push(format!("{chromium} (apt-get install chromium)"));
    }
    let modules = repo().join("tests/browser/node_modules");
    for pkg in ["playwright-core", "axe-core", "vnu-jar"] {
        if !modules.join(pkg).is_dir() {
            missing.push(format!(
                "tests/browser/node_modules/{pkg} (cd tests/browser && npm ci)"
            ));
        }
    }
    missing
}

#[test]
fn browser_tests_pass_on_every_page_type() {
    let missing = missing_tools();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: thiếu công cụ cho kiểm thử trình duyệt: {}",
            missing.join(", ")
        );
        eprintln!("bỏ qua kiểm thử trình duyệt: thiếu {}", missing.join(", "));
        return;
    }
    let o = Command::new("node")
        .args(["--test", "--test-concurrency=1", "."])
        .current_dir(repo().join("tests/browser"))
        .env("PBGDPL_BIN", env!("CARGO_BIN_EXE_pbgdpl"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    // The per-page-type figures (vnu errors, axe violations) for the CI log.
    for line in stdout
        .lines()
        .filter(|l| l.starts_with("# \\#") || l.starts_with("# #"))
    {
        eprintln!("{line}");
    }
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
