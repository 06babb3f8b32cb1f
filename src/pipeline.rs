//! The build pipeline end to end: load → validate → model → render → postprocess → write →
//! index, shared by `build`, `check` (renders everything, writes nothing) and later `serve`.
//! Problems are collected from every stage; any error stops before the output is swapped in.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::index::{self, SitemapEntry};
use crate::model::Site;
use crate::postprocess;
use crate::render::{PageJob, PageKind, Renderer};
use crate::validate::ValidateOptions;
use crate::vi::{decimal_comma, group_thousands, Date};
use crate::write::{NullOutput, Output, StagingDir};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Build,
    /// Validate and render, write nothing.
    Check,
}

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub site: PathBuf,
    /// Output folder; required for `Mode::Build`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub mode: Mode,
    /// Include drafts (serve).
    pub drafts: bool,
    /// Show a progress bar when the terminal allows it.
    pub progress: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub items: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub drafts_skipped: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    /// `Đã dựng 1.234 mục → 1.560 trang, 1.890 tệp (12,3 MB) trong 2,35 giây → public/`.
    pub fn summary_line(&self, out: Option<&Path>) -> String {
        let mut line = match out {
            Some(_) => format!(
                "Đã dựng {} mục → {} trang, {} tệp ({}) trong {} giây",
                group_thousands(self.items as u64),
                group_thousands(self.pages as u64),
                group_thousands(self.files as u64),
                human_bytes(self.bytes),
                decimal_comma(self.elapsed.as_secs_f64(), 2),
            ),
            None => format!(
                "Đã kiểm tra {} mục, {} trang (không ghi tệp nào) trong {} giây",
                group_thousands(self.items as u64),
                group_thousands(self.pages as u64),
                decimal_comma(self.elapsed.as_secs_f64(), 2),
            ),
        };
        if let Some(out) = out {
            line += &format!(" → {}", out.display());
        }
        if !self.warnings.is_empty() {
            line += &format!("; {} cảnh báo", self.warnings.len());
        }
        if self.drafts_skipped > 0 {
            line += &format!("; bỏ qua {} bản nháp", self.drafts_skipped);
        }
        line
    }
}

pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{} MB", decimal_comma(n as f64 / (1u64 << 20) as f64, 1)),
        n if n >= 1 << 10 => format!("{} KB", decimal_comma(n as f64 / 1024.0, 1)),
        n => format!("{n} B"),
    }
}

/// Loads, validates and assembles the site; `Err` holds every diagnostic when any is an error.
pub fn load_model(opts: &BuildOptions, diags: &Diagnostics) -> Option<(Site, usize)> {
    let loaded = crate::load::load_site(&opts.site, diags);
    let vopts = ValidateOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    let validated = crate::validate::validate(loaded, &vopts, diags);
    if diags.has_errors() {
        return None;
    }
    let drafts = validated.drafts_skipped;
    Some((crate::model::assemble(validated, Date::today_vn()), drafts))
}

pub fn run(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let timer = StageTimer::from_env();
    let diags = Diagnostics::new();
    let Some((site, drafts_skipped)) = load_model(opts, &diags) else {
        return Err(diags.into_sorted());
    };
    timer.lap("load+validate+model");
    let Some(renderer) = Renderer::new(&site, &diags) else {
        return Err(diags.into_sorted());
    };
    let sink = match Sink::open(opts) {
        Ok(sink) => sink,
        Err(d) => {
            diags.push(*d);
            return Err(diags.into_sorted());
        }
    };
    let jobs = renderer.jobs(&site);
    let files = collect_files(&site);
    copy_files(&files, sink.output(), &diags);
    timer.lap("copy files");
    for (path, bytes) in renderer.assets() {
        if let Err(e) = sink.output().write_file(&path, &bytes) {
            diags.push(write_error(&path, &e));
        }
    }
    // The search index, feeds, sitemap and data API need only the model and the page plan,
    // so they are built while the pages render: on two cores they fill the gaps the page
    // writers leave while they wait on the disk, instead of running alone at the end.
    let ((), search) = rayon::join(
        || {
            render_pages(&site, &renderer, &jobs, &files, sink.output(), opts, &diags);
            timer.ended("pages");
        },
        || {
            let (search, ()) = rayon::join(
                || {
                    let search = index::search::write_search_index(&site, sink.output());
                    timer.ended("search index");
                    search
                },
                || {
                    let previous = opts.output.as_deref();
                    write_site_indexes_since(&site, &jobs, sink.output(), &diags, previous);
                    timer.ended("feeds, sitemap, data API");
                },
            );
            search
        },
    );
    timer.lap("pages, search index, feeds, sitemap, data API");
    if let Err(e) = search {
        diags.push(write_error("search/", &e));
    }
    if diags.has_errors() {
        sink.abort();
        return Err(diags.into_sorted());
    }
    let (file_count, bytes) = sink.stats();
    if let Err(d) = sink.commit() {
        diags.push(*d);
        return Err(diags.into_sorted());
    }
    timer.lap("commit");
    Ok(BuildReport {
        items: site.items.len(),
        pages: jobs.len(),
        files: file_count as usize,
        bytes,
        drafts_skipped,
        elapsed: started.elapsed(),
        warnings: diags.into_sorted(),
    })
}

/// Where a build goes: a staging folder swapped in at the end, or nowhere (`check`).
enum Sink {
    Staging(StagingDir, PathBuf),
    Null(NullOutput),
}

impl Sink {
    fn open(opts: &BuildOptions) -> Result<Sink, Box<Diagnostic>> {
        match (opts.mode, &opts.output) {
            (Mode::Build, Some(out)) => StagingDir::create(out)
                .map(|s| Sink::Staging(s, out.clone()))
                .map_err(|e| Box::new(output_error(out, &e))),
            _ => Ok(Sink::Null(NullOutput)),
        }
    }

    fn output(&self) -> &dyn Output {
        match self {
            Sink::Staging(s, _) => s,
            Sink::Null(n) => n,
        }
    }

    fn stats(&self) -> (u64, u64) {
        match self {
            Sink::Staging(s, _) => s.stats(),
            Sink::Null(_) => (0, 0),
        }
    }

    fn abort(self) {
        if let Sink::Staging(s, _) = self {
            s.abort();
        }
    }

    fn commit(self) -> Result<(), Box<Diagnostic>> {
        match self {
            Sink::Staging(s, out) => s.commit().map_err(|e| Box::new(output_error(&out, &e))),
            Sink::Null(_) => Ok(()),
        }
    }
}

fn output_error(out: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("dau-ra", out, format!("không ghi được thư mục đầu ra: {e}"))
        .fix("kiểm tra quyền ghi và dung lượng đĩa, hoặc chọn thư mục khác bằng `-o`")
}

pub fn write_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("dau-ra", rel, format!("không ghi được tệp: {e}"))
        .fix("kiểm tra quyền ghi và dung lượng đĩa rồi dựng lại")
}

/// Every file the output copies as is, by its site-root-relative URL: `static/`, the files of
/// page bundles, and the files items point at from elsewhere under `content/`.
pub fn collect_files(site: &Site) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    let static_dir = site.root.join("static");
    for (rel, path) in walk_files(&static_dir) {
        files.insert(rel, path);
    }
    for item in &site.items {
        if let Some(dir) = &item.bundle_dir {
            for (rel, path) in walk_files(dir) {
                if rel != "index.md" {
                    files.insert(format!("{}{rel}", item.url), path);
                }
            }
        }
        for asset in item.assets() {
            files
                .entry(asset.url.clone())
                .or_insert_with(|| asset.source.clone());
        }
    }
    files
}

/// Regular files under `dir` (hidden ones and editor leftovers skipped), `/`-separated.
fn walk_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden_or_backup(e.file_name()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.into_path()))
        })
        .collect()
}

fn is_hidden_or_backup(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

fn copy_files(files: &BTreeMap<String, PathBuf>, out: &dyn Output, diags: &Diagnostics) {
    files.par_iter().for_each(|(rel, src)| {
        if let Err(e) = out.copy_file(rel, src) {
            diags.push(write_error(rel, &e));
        }
    });
}

fn render_pages(
    site: &Site,
    renderer: &Renderer,
    jobs: &[PageJob],
    files: &BTreeMap<String, PathBuf>,
    out: &dyn Output,
    opts: &BuildOptions,
    diags: &Diagnostics,
) {
    let env = PageEnv::new(site, jobs, files);
    let progress = progress_bar(opts, site.items.len(), jobs.len());
    jobs.par_iter().for_each(|job| {
        match render_page(site, renderer, job, &env, &|_, _| {}) {
            Ok(page) => {
                let t0 = Instant::now();
                if let Err(e) = out.write_file(&job.path, &page.html) {
                    diags.push(write_error(&job.path, &e));
                }
                CPU_NANOS[2].fetch_add(t0.elapsed().as_nanos() as u64, Relaxed);
                if let Some(w) = page.broken_links {
                    diags.push(w);
                }
            }
            Err(d) => diags.push(*d),
        }
        if let Some(p) = &progress {
            p.inc(1);
        }
    });
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if std::env::var_os("PBGDPL_TIMINGS").is_some() {
        let secs = |i: usize| CPU_NANOS[i].load(Relaxed) as f64 / 1e9;
        eprintln!(
            "           (thread time: render {:.3} s, post-process {:.3} s, write {:.3} s)",
            secs(0),
            secs(1),
            secs(2)
        );
    }
}

/// What post-processing a page needs from the rest of the output, computed once per build:
/// image sizes, the site's origin and path, and every path the output will hold (so links
/// are checked before anything is written).
pub struct PageEnv {
    image_sizes: HashMap<String, (u32, u32)>,
    origin: String,
    root_path: String,
    outputs: HashSet<String>,
    /// Post-processed chrome parts by (renderer, part, how the page writes URLs).
    chrome: std::sync::Mutex<HashMap<(u64, usize, String), Arc<ProcessedPart>>>,
}

/// A chrome part post-processed for one folder depth, with what the post-processor asked
/// and found, replayed for every page that shows the part.
struct ProcessedPart {
    html: Arc<str>,
    checked: Vec<(String, bool)>,
    broken: Vec<String>,
}

impl PageEnv {
    pub fn new(site: &Site, jobs: &[PageJob], files: &BTreeMap<String, PathBuf>) -> PageEnv {
        PageEnv {
            image_sizes: image_sizes(files),
            origin: postprocess::host_of(&site.config.base_url).unwrap_or_default(),
            root_path: postprocess::path_of(&site.config.base_url),
            outputs: output_paths(site, jobs, files),
            chrome: Default::default(),
        }
    }

    /// Chrome part `n` of `renderer` post-processed as `ctx`'s page needs it: computed once
    /// per folder depth (every page at one depth writes a root-relative URL alike).
    fn chrome_for(
        &self,
        renderer: &Renderer,
        n: usize,
        ctx: &postprocess::PageContext,
    ) -> Result<Option<Arc<ProcessedPart>>, String> {
        let Some(raw) = renderer.chrome_part(n) else {
            return Ok(None);
        };
        let variant = match ctx.absolute_prefix {
            Some(prefix) => format!("/{prefix}"),
            None => postprocess::up_prefix(ctx.page_path),
        };
        let key = (renderer.id(), n, variant);
        let lock = || self.chrome.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(done) = lock().get(&key) {
            return Ok(Some(done.clone()));
        }
        let checked = std::sync::Mutex::new(Vec::new());
        let broken = std::sync::Mutex::new(Vec::new());
        let exists = |path: &str| {
            let found = self.exists(path);
            checked
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_string(), found));
            found
        };
        let on_broken = |url: &str| {
            broken
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(url.to_string())
        };
        let part_ctx = postprocess::PageContext {
            target_exists: Some(&exists),
            on_broken: &on_broken,
            ..*ctx
        };
        let html = postprocess::rewrite(raw.as_bytes(), &part_ctx)?;
        let part = Arc::new(ProcessedPart {
            html: String::from_utf8(html).map_err(|e| e.to_string())?.into(),
            checked: checked.into_inner().unwrap_or_default(),
            broken: broken.into_inner().unwrap_or_default(),
        });
        Ok(Some(lock().entry(key).or_insert(part).clone()))
    }

    /// Whether a site-root-relative link target resolves in this output.
    pub fn exists(&self, path: &str) -> bool {
        target_exists(&self.outputs, path)
    }

    /// Every path the output will hold, pages and copied files.
    pub fn outputs(&self) -> &HashSet<String> {
        &self.outputs
    }

    /// A digest of the image sizes: pages show them, so a change re-renders pages (`serve`).
    pub fn image_sizes_digest(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut sizes: Vec<_> = self.image_sizes.iter().collect();
        sizes.sort();
        Sha256::digest(format!("{sizes:?}{}{}", self.origin, self.root_path)).into()
    }
}

/// One page rendered and post-processed, ready to write.
pub struct RenderedPage {
    /// UTF-8 (see `postprocess::rewrite`), kept as bytes: it goes to a file or the server.
    pub html: Vec<u8>,
    /// The warning for the links of this page that lead nowhere, if any.
    pub broken_links: Option<Diagnostic>,
}

/// Renders and post-processes one page. `on_target` sees every internal link target the
/// page checked and whether it exists (`serve` re-renders a page when one of those answers
/// changes).
pub fn render_page(
    site: &Site,
    renderer: &Renderer,
    job: &PageJob,
    env: &PageEnv,
    on_target: &(dyn Fn(&str, bool) + Sync),
) -> Result<RenderedPage, Box<Diagnostic>> {
    let broken = std::sync::Mutex::new(Vec::<String>::new());
    let on_broken = |url: &str| {
        broken
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(url.to_string())
    };
    let size_of = |url: &str| env.image_sizes.get(url).copied();
    let exists = |path: &str| {
        let found = env.exists(path);
        on_target(path, found);
        found
    };
    let t0 = Instant::now();
    let html = renderer.render_marked(site, job).map_err(Box::new)?;
    let ctx = postprocess::PageContext {
        page_path: &job.path,
        absolute_prefix: matches!(job.kind, PageKind::NotFound).then_some(env.root_path.as_str()),
        pretty_urls: site.config.duong_dan_dep,
        site_origin: &env.origin,
        image_size: &size_of,
        target_exists: Some(&exists),
        on_broken: &on_broken,
    };
    let t1 = Instant::now();
    let rewritten = postprocess::rewrite(&html, &ctx).and_then(|html| {
        crate::render::splice_chrome(&html, |n| {
            let part = env.chrome_for(renderer, n, &ctx)?;
            let Some(part) = part else { return Ok(None) };
            for (path, found) in &part.checked {
                on_target(path, *found);
            }
            for url in &part.broken {
                on_broken(url);
            }
            Ok(Some(part.html.clone()))
        })
    });
    CPU_NANOS[0].fetch_add((t1 - t0).as_nanos() as u64, Relaxed);
    CPU_NANOS[1].fetch_add(t1.elapsed().as_nanos() as u64, Relaxed);
    let html = rewritten.map_err(|e| Box::new(Diagnostic::error("hau-xu-ly", &job.path, format!("lỗi xử lý HTML: {e}")).fix(
        "đây là lỗi của mẫu trang (templates/); kiểm tra thẻ HTML trong mẫu bạn đã sửa, hoặc báo cho nhóm phát triển",
    )))?;
    let broken = broken.into_inner().unwrap_or_default();
    Ok(RenderedPage {
        html,
        broken_links: (!broken.is_empty()).then(|| broken_links_warning(site, job, &broken)),
    })
}

/// Every file path the output will hold, so links can be checked before anything is written.
fn output_paths(
    site: &Site,
    jobs: &[PageJob],
    files: &BTreeMap<String, PathBuf>,
) -> HashSet<String> {
    let mut paths: HashSet<String> = jobs.iter().map(|j| j.path.clone()).collect();
    paths.extend(files.keys().cloned());
    for feed in ["rss.xml", "atom.xml"] {
        paths.insert(feed.to_string());
        paths.extend(site.sections.iter().map(|s| format!("{}{feed}", s.url)));
    }
    paths.extend(["sitemap.xml", "robots.txt", "api/v1/site.json"].map(String::from));
    paths
}

/// Whether a site-root-relative path resolves: a file, or a folder with an `index.html`.
/// Theme assets and the search index are generated, so their folders always count.
fn target_exists(outputs: &HashSet<String>, path: &str) -> bool {
    let path = path.trim_start_matches("./");
    if path.starts_with("assets/") || path.starts_with("search/") {
        return true;
    }
    if path.is_empty() || path.ends_with('/') {
        return outputs.contains(&format!("{path}index.html"));
    }
    outputs.contains(path) || outputs.contains(&format!("{path}/index.html"))
}

/// One warning per page for the links that lead nowhere (shown as plain text instead).
fn broken_links_warning(site: &Site, job: &PageJob, broken: &[String]) -> Diagnostic {
    let file = match job.kind {
        PageKind::Item(i) => site.items[i].source.clone(),
        _ => PathBuf::from(&job.path),
    };
    let mut shown: Vec<String> = broken.iter().take(5).map(|u| format!("`{u}`")).collect();
    if broken.len() > 5 {
        shown.push(format!("… (tổng cộng {})", broken.len()));
    }
    Diagnostic::warning(
        "lien-ket-hong",
        file,
        format!(
            "{} liên kết không trỏ tới trang hay tệp nào của trang: {}; đã hiển thị thành chữ thường",
            broken.len(),
            shown.join(", ")
        ),
    )
    .fix("sửa đường dẫn (ví dụ `/van-ban/42-2022-nd-cp/`, hoặc tên tệp đặt cạnh bài viết), hoặc bỏ cú pháp liên kết `[...](...)`")
}

/// Thread time spent rendering, post-processing and writing pages (for `PBGDPL_TIMINGS`).
static CPU_NANOS: [AtomicU64; 3] = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];

/// Width and height of every image the output copies, read from the file headers once.
fn image_sizes(files: &BTreeMap<String, PathBuf>) -> HashMap<String, (u32, u32)> {
    const IMAGES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];
    files
        .par_iter()
        .filter(|(rel, _)| {
            let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
            IMAGES.contains(&ext.as_str())
        })
        .filter_map(|(rel, path)| postprocess::image_size_of(path).map(|s| (rel.clone(), s)))
        .collect()
}

/// A bar on big builds in a terminal; never in CI logs.
fn progress_bar(opts: &BuildOptions, items: usize, pages: usize) -> Option<ProgressBar> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !(opts.progress && interactive && items > 1000) {
        return None;
    }
    let bar = ProgressBar::new(pages as u64);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} trang ({eta} còn lại)")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// The files derived from the whole site rather than one page: feeds, sitemap, robots.txt.
/// `serve` calls this on every rebuild, so a new site-wide output added here is served too.
pub fn write_site_indexes(site: &Site, jobs: &[PageJob], out: &dyn Output, diags: &Diagnostics) {
    write_site_indexes_since(site, jobs, out, diags, None);
}

/// `write_site_indexes`, continuing the data API's change list (`api/v1/changes.json`) from
/// `previous`, the output folder this build replaces (none: the list starts empty).
pub fn write_site_indexes_since(
    site: &Site,
    jobs: &[PageJob],
    out: &dyn Output,
    diags: &Diagnostics,
    previous: Option<&Path>,
) {
    write_site_feeds(site, jobs, out, diags);
    write_site_data(site, out, diags, previous);
}

/// The small site-wide files that pages link to: feeds, sitemap, robots.txt. `serve`
/// writes these before it reloads the page; keep additions here cheap (milliseconds at
/// 10,000 items).
pub fn write_site_feeds(site: &Site, jobs: &[PageJob], out: &dyn Output, diags: &Diagnostics) {
    let entries: Vec<SitemapEntry> = jobs
        .iter()
        .filter(|j| j.in_sitemap)
        .map(|j| SitemapEntry {
            url: j.url.clone(),
            lastmod: j.lastmod,
        })
        .collect();
    let mut results = vec![("rss.xml", index::write_feeds(site, out).map(|_| ()))];
    results.push((
        "sitemap.xml",
        index::write_sitemap(site, &entries, out).map(|_| ()),
    ));
    results.push(("robots.txt", index::write_robots(site, out)));
    report_write_errors(results, diags);
}

/// The feeds alone: what `serve` rewrites when the page plan is unchanged (same pages,
/// titles and dates, hence the same sitemap and robots.txt) but an item's text may show in
/// a feed.
pub fn write_site_feeds_only(site: &Site, out: &dyn Output, diags: &Diagnostics) {
    report_write_errors(
        vec![("rss.xml", index::write_feeds(site, out).map(|_| ()))],
        diags,
    );
}

/// The site-wide files for machines that cover every item (data API, statistics): `serve`
/// writes these in the background after the reload, together with the search index.
pub fn write_site_data(
    site: &Site,
    out: &dyn Output,
    diags: &Diagnostics,
    previous: Option<&Path>,
) {
    let mut results = vec![(
        index::api::API_DIR,
        index::write_api(site, out, previous).map(|_| ()),
    )];
    results.push((
        crate::stats::widget::README_PATH,
        crate::stats::widget::write_readme(site, out),
    ));
    report_write_errors(results, diags);
}

fn report_write_errors(results: Vec<(&str, std::io::Result<()>)>, diags: &Diagnostics) {
    for (what, result) in results {
        if let Err(e) = result {
            diags.push(write_error(what, &e));
        }
    }
}

/// Per-stage wall times on stderr when `PBGDPL_TIMINGS` is set: the first place to look when a
/// build gets slow (bench/build.sh measures the whole; this says where the time goes).
struct StageTimer {
    last: Option<std::sync::Mutex<Instant>>,
}

impl StageTimer {
    fn from_env() -> Self {
        let on = std::env::var_os("PBGDPL_TIMINGS").is_some();
        StageTimer {
            last: on.then(|| std::sync::Mutex::new(Instant::now())),
        }
    }

    /// When one of the parts that run side by side ends, counted from the last lap (the
    /// slowest part decides the stage's wall time).
    fn ended(&self, part: &str) {
        if let Some(last) = &self.last {
            let last = last.lock().unwrap_or_else(|e| e.into_inner());
            eprintln!(
                "           ({part} ended at {:.3} s)",
                last.elapsed().as_secs_f64()
            );
        }
    }

    fn lap(&self, stage: &str) {
        if let Some(last) = &self.last {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            eprintln!("  {:>8.3} s  {stage}", last.elapsed().as_secs_f64());
            *last = Instant::now();
        }
    }
}
