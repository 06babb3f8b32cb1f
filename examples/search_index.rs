//! Builds only the search index of a site folder, for evaluation before (and besides) the full
//! pipeline: `cargo run --release --example search_index -- <site> <out> [key=value ...]`.
//! Knobs (`top_k=`, `shard_kb=`, `group=`, `b_body=`, `w_title=` …) override the defaults so
//! ranking and layout can be compared without editing code; `repeat=N` indexes N times and
//! prints the median wall and CPU time of the indexer alone (the cost measured for issue 3).

use pbgdpl::index::search::{build::Params, write_search_index_with, Layout};
use pbgdpl::pipeline::{load_model, BuildOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The allocator of the `pbgdpl` binary, so the indexer's cost here is the cost in a build.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct DirOutput(PathBuf);

impl pbgdpl::write::Output for DirOutput {
    fn write_file(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().expect("file under the output"))?;
        std::fs::write(p, bytes)
    }
    fn copy_file(&self, rel: &str, src: &Path) -> std::io::Result<()> {
        std::fs::copy(src, self.0.join(rel)).map(|_| ())
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: search_index <site> <out> [key=value ...]");
        std::process::exit(2);
    }
    let (site, out) = (PathBuf::from(&args[0]), PathBuf::from(&args[1]));
    let (mut params, mut layout) = (Params::default(), Layout::default());
    let mut repeat = 1;
    for kv in &args[2..] {
        let (k, v) = kv.split_once('=').expect("key=value");
        let f: f32 = v.parse().expect("a number");
        match k {
            "top_k" => params.top_k = f as usize,
            "k1" => params.k1 = f,
            "w_title" => params.weights[0] = f,
            "w_context" => params.weights[1] = f,
            "w_number" => params.weights[2] = f,
            "w_body" => params.weights[3] = f,
            "b_title" => params.b[0] = f,
            "b_context" => params.b[1] = f,
            "b_body" => params.b[3] = f,
            "drop_rare" => params.drop_rare_body_bigrams = f != 0.0,
            "shard_kb" => layout.shard_bytes = (f * 1024.0) as usize,
            "group" => layout.group_size = f as usize,
            "excerpt" => layout.excerpt_chars = f as usize,
            "common" => layout.common_fraction = f as usize,
            "repeat" => repeat = (f as usize).max(1),
            _ => panic!("unknown knob {k}"),
        }
    }
    let t = Instant::now();
    let opts = BuildOptions {
        site: site.clone(),
        ..Default::default()
    };
    let diags = pbgdpl::diagnostics::Diagnostics::new();
    let Some((model, _)) = load_model(&opts, &diags) else {
        for d in diags.into_sorted() {
            eprintln!("{d:?}");
        }
        std::process::exit(1);
    };
    let loaded = t.elapsed();
    if let Ok(path) = std::env::var("SEARCH_DOCS_JSONL") {
        dump_docs(&model, &path);
    }
    // `repeat=N` indexes N times and reports the median, to see through a noisy machine.
    let mut runs = Vec::with_capacity(repeat);
    let mut stats = None;
    for _ in 0..repeat {
        let _ = std::fs::remove_dir_all(out.join("search"));
        let (wall, cpu) = (Instant::now(), process_cpu());
        let s = write_search_index_with(&model, &DirOutput(out.clone()), &params, &layout)
            .expect("write index");
        let (user, sys) = process_cpu();
        runs.push((wall.elapsed().as_secs_f64(), user - cpu.0, sys - cpu.1));
        stats = Some(s);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    eprintln!(
        "load+validate+assemble {:.2}s; {:?}",
        loaded.as_secs_f64(),
        stats.expect("at least one run")
    );
    eprintln!(
        "index: wall {:.2}s (min {:.2}s), cpu (user+sys) {:.2}s = {:.2} + {:.2} (median of {repeat})",
        median(runs.iter().map(|r| r.0).collect()),
        runs.iter().map(|r| r.0).fold(f64::INFINITY, f64::min),
        median(runs.iter().map(|r| r.1 + r.2).collect()),
        median(runs.iter().map(|r| r.1).collect()),
        median(runs.iter().map(|r| r.2).collect()),
    );
}

/// (user, system) CPU seconds of this process so far, all threads (`/proc/self/stat`, Linux);
/// zeros elsewhere.
fn process_cpu() -> (f64, f64) {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return (0.0, 0.0);
    };
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    // Clock ticks: 100 per second on every Linux configuration this runs on (USER_HZ).
    match f[..] {
        [user, sys] => (user / 100.0, sys / 100.0),
        _ => (0.0, 0.0),
    }
}

/// One JSON line per search document (`url`, `title`, `context`, `body`), so another engine
/// (Pagefind, `tests/search/pagefind.mjs`) can index exactly the same units.
fn dump_docs(site: &pbgdpl::model::Site, path: &str) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create dump"));
    for d in pbgdpl::index::search::search_docs(site) {
        let page = &site.items[d.item].url;
        let url = match &d.anchor {
            Some(a) => format!("{page}#{a}"),
            None => page.clone(),
        };
        let row = serde_json::json!({"url": url, "title": d.title, "context": format!("{}\n{}", d.context, d.number), "body": d.body});
        writeln!(f, "{row}").expect("write dump");
    }
}
