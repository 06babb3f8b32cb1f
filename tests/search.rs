//! Integration: the search client's own tests (`node --test tests/search/`) and, on the laws
//! site of the corpus, the hand-written regression queries that must stay at 100 % plus the dev
//! queries' metrics (printed). Skips with a message when Node or `../shared/corpus` is absent.

mod common;
use common::*;
use std::process::Command;

fn node() -> Option<()> {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => Some(()),
        _ => {
            eprintln!("bỏ qua: không có Node.js (cần cho kiểm thử bộ tìm kiếm)");
            None
        }
    }
}

#[test]
fn search_client_unit_tests_pass() {
    if node().is_none() {
        return;
    }
    let o = Command::new("node")
        .args(["--test", "tests/search/"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn regression_queries_stay_at_100_percent_on_the_laws_site() {
    if node().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("laws");
    if make_site("laws", None, &site).is_none() {
        return;
    }
    let out = tmp.path().join("out");
    let o = pbgdpl(&["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let queries = corpus().unwrap().join("queries-dev.jsonl");
    let o = Command::new("node")
        .arg(repo().join("tests/search/eval.mjs"))
        .arg(&out)
        .arg(&queries)
        .args(["--only-form", "written", "--regression"])
        .arg(repo().join("tests/search/regression.jsonl"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    eprintln!("{report}");
    assert!(
        o.status.success(),
        "regression queries failed:\n{report}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
