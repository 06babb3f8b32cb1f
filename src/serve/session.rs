//! The incremental rebuild behind `serve`. A `Session` keeps, between rebuilds, every content
//! file's check result (keyed by size and modification time), and for every page a digest of
//! its inputs plus the link targets it checked. A rebuild re-reads only the changed files,
//! re-runs the cheap site-wide steps (duplicate checks, assembling the model, planning pages,
//! feeds, sitemap) and renders only the pages whose digest changed or whose links now resolve
//! differently. When the re-read files keep their items' site inputs (all but body and
//! summary, `model::same_site_inputs`) and the site-wide checks were clean, the previous
//! model is patched in place and the previous renderer, page plan and link targets are kept,
//! so an edit at 10,000 items costs milliseconds plus the pages that show it. The search
//! index is rebuilt from the new model on a background thread and swapped in whole, so it
//! never delays the reload. The output is the one a clean `build`
//! with the same options writes, byte for byte (tests/serve.rs checks this).

use super::store::{digest, Batch, Body, Store};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, Planned};
use crate::model::{Item, ItemData, Links, Site};
use crate::pipeline::{self, BuildOptions, PageEnv};
use crate::render::{PageJob, PageKind, Renderer};
use crate::validate::{CheckedDoc, Checker, ValidateOptions};
use crate::vi::Date;
use crate::write::Output;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// Above this many pages to render, the pages open in a browser are rendered and published
/// first (and the reload sent), then the rest.
const SPLIT_ABOVE: usize = 200;

/// What one rebuild did, for the status line.
#[derive(Clone, Debug, Default)]
pub struct RebuildReport {
    /// Content files re-read because they changed (or were added).
    pub files_reread: usize,
    pub files_removed: usize,
    pub pages_total: usize,
    pub pages_rendered: usize,
    /// Other files written or removed (feeds, sitemap, assets, copies).
    pub warnings: usize,
    /// Time until the open pages were ready (the reload).
    pub ready_after: Duration,
    pub elapsed: Duration,
    /// Whether everything was re-rendered because something all pages share changed.
    pub global_change: bool,
    /// Whether the previous model was patched in place (the edits kept every item's site
    /// inputs) rather than assembled anew.
    pub model_patched: bool,
}

/// One content file as last seen.
struct CachedDoc {
    stamp: (u64, Option<SystemTime>),
    digest: [u8; 32],
    load_diags: Vec<Diagnostic>,
    checked: Option<CheckedDoc>,
}

/// One page as last rendered.
struct PageRecord {
    inputs: [u8; 32],
    /// Link targets the page checked, with whether they existed then.
    targets: Vec<(String, bool)>,
}

/// The model of the last rebuild, kept while the site-wide checks found nothing, so an edit
/// that leaves every item's site inputs unchanged (`model::same_site_inputs`) patches it in
/// place instead of re-assembling 10,000 items.
struct ModelCache {
    site: Arc<Site>,
    /// Source file → index into `site.items`.
    index: HashMap<PathBuf, usize>,
    links: Links,
}

/// The rebuild's view of the site when the model was last assembled: the renderer, the
/// page plan, the files to copy and link targets, and the digests pages are compared by.
/// Valid as long as the model is only patched and the templates are the same.
struct Plan {
    templates: [u8; 32],
    renderer: Renderer,
    jobs: Vec<PageJob>,
    files: BTreeMap<String, PathBuf>,
    env: PageEnv,
    shared: [u8; 32],
    item_inputs: Vec<[u8; 32]>,
    /// Per item, the jobs (indices into `jobs`) whose digest includes the item's.
    pages_of_item: Vec<Vec<usize>>,
}

/// The background search-index build: the newest generation asked for and the newest done.
#[derive(Default)]
struct SearchState {
    wanted: u64,
    done: u64,
    running: bool,
    /// The newest model waiting to be indexed.
    next: Option<(u64, Arc<Site>)>,
    /// The generation the worker is indexing (from its own copy of the model).
    in_progress: u64,
    /// What the worker published last (a file it no longer writes is removed).
    written: HashSet<String>,
}

pub struct Session {
    opts: BuildOptions,
    store: Arc<Store>,
    checker: Option<(u64, Arc<Checker>, Vec<Diagnostic>)>,
    docs: HashMap<PathBuf, CachedDoc>,
    /// Files re-read at the next rebuild, as the cached model knows them.
    replaced: HashMap<PathBuf, CachedDoc>,
    model: Option<ModelCache>,
    plan: Option<Plan>,
    /// The Markdown files of the last walk; walked again only when files may have been
    /// added, removed or renamed (`structure_changed`).
    planned: Option<Vec<Planned>>,
    structure_changed: bool,
    /// What the last walk reported (unknown folders, symbolic links), repeated every rebuild.
    walk_diags: Vec<Diagnostic>,
    pages: HashMap<String, PageRecord>,
    outputs: HashSet<String>,
    search: Arc<(Mutex<SearchState>, Condvar)>,
    generation: u64,
}

impl Session {
    /// `opts.site` is the site folder; `opts.output` is ignored (the output lives in `store`).
    pub fn new(opts: BuildOptions, store: Arc<Store>) -> Session {
        Session {
            opts,
            store,
            checker: None,
            docs: HashMap::new(),
            replaced: HashMap::new(),
            model: None,
            plan: None,
            planned: None,
            structure_changed: true,
            walk_diags: Vec::new(),
            pages: HashMap::new(),
            outputs: HashSet::new(),
            search: Arc::default(),
            generation: 0,
        }
    }

    /// Forgets what is known about these files (absolute or site-relative paths), so the
    /// next rebuild reads them again even when their size and time look unchanged (two saves
    /// within the file system's timestamp granularity). A change outside `content/*.md`
    /// (settings, data, static files, attachments) forgets every check result.
    pub fn mark_changed(&mut self, paths: &[PathBuf]) {
        let root = self.opts.site.clone();
        let canon = root.canonicalize().ok();
        for path in paths {
            let rel = path
                .strip_prefix(&root)
                .ok()
                .or_else(|| canon.as_ref().and_then(|c| path.strip_prefix(c).ok()))
                .unwrap_or(path);
            let markdown = rel.starts_with("content")
                && rel
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"));
            if markdown {
                let old = self.docs.remove(rel);
                let known = old.is_some();
                if let Some(old) = old {
                    // An earlier version may already be kept: that one is in the model.
                    self.replaced.entry(rel.to_path_buf()).or_insert(old);
                }
                if !known || !path.is_file() && !root.join(rel).is_file() {
                    self.structure_changed = true;
                }
            } else if !rel.starts_with("templates") {
                self.invalidate_checks();
            }
        }
    }

    /// Forgets every check result: a file other than Markdown changed under `content/` (an
    /// attachment's size or existence may now check differently).
    pub fn invalidate_checks(&mut self) {
        self.checker = None;
        self.structure_changed = true;
    }

    /// The site's `base_url` (command line first), once `site.yaml` could be read.
    pub fn base_url(&self) -> Option<String> {
        self.checker.as_ref().map(|c| c.1.config().base_url.clone())
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Brings the served output up to date with the site folder. `viewed` are output paths
    /// open in a browser; `ready` is called once they are served fresh (the moment to
    /// reload), which is before the rest when many pages changed. On errors the served
    /// output is left as it was and every diagnostic is returned.
    pub fn rebuild(
        &mut self,
        viewed: &[String],
        ready: &mut dyn FnMut(),
    ) -> Result<RebuildReport, Vec<Diagnostic>> {
        let started = Instant::now();
        let mut lap = Lap::from_env();
        let diags = Diagnostics::new();
        let mut report = RebuildReport::default();
        // Taken out for the rebuild and kept only if it succeeds: a failed rebuild may have
        // patched the model without updating the plan's digests.
        let previous_plan = self.plan.take();
        let (site, patched) = self
            .model(&diags, &mut report)
            .ok_or_else(|| diags.snapshot())?;
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        lap.at("model");
        let templates = templates_digest(&site.root);
        let reused = match (patched, previous_plan) {
            (Some(changed), Some(plan)) if plan.templates == templates => {
                Some((self.patch_plan(plan, &site, &changed), changed))
            }
            _ => None,
        };
        let fast = reused.is_some();
        report.model_patched = fast;
        let (plan, changed) = match reused {
            Some((plan, changed)) => (plan, Some(changed)),
            None => (self.new_plan(&site, templates, &diags)?, None),
        };
        lap.at("renderer, plan, link targets");
        let Plan {
            jobs,
            files,
            env,
            renderer,
            ..
        } = &plan;
        let dirty = self.dirty_pages(&site, &plan, changed.as_deref());
        lap.at("page digests");
        report.pages_total = jobs.len();
        report.pages_rendered = dirty.len();
        report.global_change = dirty.len() + 1 >= jobs.len();

        // Site-wide files and the first pages go out together.
        let batch = Batch::default();
        for (path, bytes) in renderer.assets() {
            let _ = batch.write_file(&path, &bytes);
        }
        for (rel, src) in files {
            if let Err(e) = batch.copy_file(rel, src) {
                diags.push(pipeline::write_error(rel, &e));
            }
        }
        lap.at("assets, copies");
        if fast {
            // The plan is the previous one, so the served sitemap and robots.txt still hold.
            pipeline::write_site_feeds_only(&site, &batch, &diags);
        } else {
            pipeline::write_site_feeds(&site, jobs, &batch, &diags);
        }
        let (first, rest): (Vec<_>, Vec<_>) = if dirty.len() > SPLIT_ABOVE {
            dirty
                .into_iter()
                .partition(|(job, _)| viewed.contains(&job.path) || is_singleton(job))
        } else {
            (dirty, Vec::new())
        };
        lap.at("feeds, sitemap");
        let records = self.render(&site, renderer, env, &first, &batch, &diags);
        lap.at("render");
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        // A patched model has the same pages and files as before: nothing to remove.
        let removed = if fast {
            Vec::new()
        } else {
            self.removed_paths(jobs, &batch)
        };
        self.store.apply(batch, &removed, None);
        self.pages.extend(records);
        for path in &removed {
            self.pages.remove(path);
        }
        if !fast {
            self.outputs = env.outputs().clone();
        }
        self.generation += 1;
        lap.at("publish");
        report.ready_after = started.elapsed();
        ready();

        if !rest.is_empty() {
            let batch = Batch::default();
            let records = self.render(&site, renderer, env, &rest, &batch, &diags);
            self.store.apply(batch, &[], None);
            self.pages.extend(records);
            if diags.has_errors() {
                // The open pages were published; the pages that failed stay as they were
                // (they have no record, so the next rebuild renders them again).
                return Err(diags.into_sorted());
            }
        }
        self.plan = Some(plan);
        self.start_search_index(site);
        report.warnings = diags.snapshot().len();
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Blocks until the search index of the latest rebuild is served (tests, benchmarks).
    pub fn wait_search_index(&self) {
        let (state, cv) = &*self.search;
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        while s.done < s.wanted {
            s = cv.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Whether the search index of the latest rebuild is being built.
    pub fn search_pending(&self) -> bool {
        let s = self.search.0.lock().unwrap_or_else(|e| e.into_inner());
        s.done < s.wanted
    }

    /// A handle that answers `search_pending` from other threads.
    pub fn search_handle(&self) -> SearchHandle {
        SearchHandle(self.search.clone())
    }

    // ---- front half: files → model ------------------------------------------------------

    /// Reads what changed and brings the model up to date: patched in place (the indices of
    /// the replaced items are returned) when every re-read file keeps its site inputs, else
    /// assembled anew (`None`). `None` overall when the configuration is unusable.
    fn model(
        &mut self,
        diags: &Diagnostics,
        report: &mut RebuildReport,
    ) -> Option<(Arc<Site>, Option<Vec<usize>>)> {
        let root = self.opts.site.clone();
        let stamp = config_stamp(&root);
        if self.checker.as_ref().map(|c| c.0) != Some(stamp) {
            // site.yaml, data/ or static/ changed: attachments and settings may check
            // differently, so every file is checked again.
            let own = Diagnostics::new();
            let loaded = load::load_config_and_data(&root, &own);
            let vopts = ValidateOptions {
                drafts: self.opts.drafts,
                base_url: self.opts.base_url.clone(),
            };
            let checker = Checker::new(&loaded, &vopts, &own);
            self.checker = Some((stamp, Arc::new(checker), own.into_sorted()));
            self.docs.clear();
            self.replaced.clear();
            self.model = None;
        }
        let (_, checker, config_diags) = self.checker.as_ref()?;
        let checker = checker.clone();
        diags.extend(config_diags.iter().cloned());
        let mut lap = Lap::from_env();
        // Only a walk finds added, removed or renamed files; a save of known files (what the
        // watcher reports almost always) re-reads just those, without a walk or 10,000 stats.
        let walk_diags = Diagnostics::new();
        let walked = self.structure_changed || self.planned.is_none();
        if walked {
            let mut planned = load::plan_content(&root, &walk_diags);
            planned.sort_by(|a, b| a.rel.cmp(&b.rel));
            self.planned = Some(planned);
            self.walk_diags = walk_diags.into_sorted();
            self.structure_changed = false;
        }
        diags.extend(self.walk_diags.iter().cloned());
        let planned = self.planned.as_ref()?;
        let docs = &self.docs;
        let fresh: Vec<(PathBuf, CachedDoc)> = planned
            .par_iter()
            .filter_map(|p| {
                let cached = docs.get(&p.rel);
                if cached.is_some() && !walked {
                    return None;
                }
                let st = file_stamp(&p.abs);
                if cached.is_some_and(|c| c.stamp == st) {
                    return None;
                }
                Some((p.rel.clone(), read_and_check(p, st, &checker)))
            })
            .collect();
        lap.at("model: walk, stat, read changed files");
        report.files_reread = fresh.len();
        let mut replaced = std::mem::take(&mut self.replaced);
        let mut reread = Vec::with_capacity(fresh.len());
        for (rel, doc) in fresh {
            if let Some(old) = self.docs.insert(rel.clone(), doc) {
                replaced.entry(rel.clone()).or_insert(old);
            }
            reread.push(rel);
        }
        if walked {
            let present: HashSet<&PathBuf> = planned.iter().map(|p| &p.rel).collect();
            let before = self.docs.len();
            self.docs.retain(|rel, _| present.contains(rel));
            report.files_removed = before - self.docs.len();
        }
        let docs: Vec<&CachedDoc> = planned.iter().map(|p| &self.docs[&p.rel]).collect();
        for doc in &docs {
            diags.extend(doc.load_diags.iter().cloned());
        }
        // After a walk files may have appeared or gone (a deleted file is in neither
        // `reread` nor the new docs): the site is re-assembled.
        let patches = match walked {
            false => self.patches(&reread, &replaced),
            true => None,
        };
        if let Some(patches) = patches {
            for doc in docs.iter().filter_map(|d| d.checked.as_ref()) {
                diags.extend(doc.diagnostics().iter().cloned());
            }
            let changed = self.apply_patches(patches);
            lap.at("model: patched in place");
            let site = self.model.as_ref().map(|m| m.site.clone())?;
            return Some((site, Some(changed)));
        }
        let checked = docs
            .iter()
            .filter_map(|d| d.checked.as_ref().map(std::borrow::Cow::Borrowed));
        let (validated, site_wide) = checker.finish_parts(checked, diags);
        let clean = site_wide.is_empty();
        diags.extend(site_wide);
        lap.at("model: site-wide checks");
        let site = Arc::new(crate::model::assemble(validated, Date::today_vn()));
        lap.at("model: assemble");
        self.model = clean.then(|| ModelCache {
            index: site
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| (item.source.clone(), i))
                .collect(),
            links: Links::of(&site.items),
            site: site.clone(),
        });
        Some((site, None))
    }

    /// For each re-read file, the index of its item in the cached model and its new item —
    /// `None` unless every one keeps the site inputs it had (same number, address, title,
    /// dates, taxonomies …; `model::same_site_inputs`) and the day has not changed.
    fn patches(
        &self,
        reread: &[PathBuf],
        replaced: &HashMap<PathBuf, CachedDoc>,
    ) -> Option<Vec<(usize, Item)>> {
        let cache = self.model.as_ref()?;
        if cache.site.build_date != Date::today_vn() {
            return None;
        }
        reread
            .iter()
            .map(|rel| {
                let old = replaced.get(rel)?.checked.as_ref()?;
                let new = self.docs.get(rel)?.checked.as_ref()?;
                let idx = *cache.index.get(rel)?;
                let (old_item, new_item) = (old.item()?, new.item()?);
                let same = new.same_number_check(old)
                    && crate::model::same_site_inputs(old_item, new_item);
                same.then(|| (idx, new_item.clone()))
            })
            .collect()
    }

    /// Puts the re-read items into the cached model (their links resolved as `assemble`
    /// would) and returns their indices.
    fn apply_patches(&mut self, patches: Vec<(usize, Item)>) -> Vec<usize> {
        let search = self.search.clone();
        let Some(cache) = self.model.as_mut() else {
            return Vec::new();
        };
        let site = exclusive(&mut cache.site, &search);
        let mut changed = Vec::with_capacity(patches.len());
        for (idx, mut item) in patches {
            cache.links.resolve(&mut item);
            site.items[idx] = item;
            changed.push(idx);
        }
        changed
    }

    // ---- back half: which pages to render ------------------------------------------------

    /// Everything the back half needs, from a newly assembled model.
    fn new_plan(
        &self,
        site: &Site,
        templates: [u8; 32],
        diags: &Diagnostics,
    ) -> Result<Plan, Vec<Diagnostic>> {
        let renderer = Renderer::new(site, diags).ok_or_else(|| diags.snapshot())?;
        let jobs = renderer.jobs(site);
        let files = pipeline::collect_files(site);
        let env = PageEnv::new(site, &jobs, &files);
        let shared = self.shared_digest(site, &renderer, &env, &templates);
        let item_inputs = self.item_digests(site);
        let mut pages_of_item = vec![Vec::new(); site.items.len()];
        for (j, job) in jobs.iter().enumerate() {
            for &i in shown_items(site, job) {
                if let Some(pages) = pages_of_item.get_mut(i) {
                    pages.push(j);
                }
            }
        }
        Ok(Plan {
            templates,
            renderer,
            jobs,
            files,
            env,
            shared,
            item_inputs,
            pages_of_item,
        })
    }

    /// The previous plan for a model patched in place: the patched items keep their site
    /// inputs, so the renderer, the pages, the files and the shared digest are the same;
    /// only the patched items' digests change.
    fn patch_plan(&self, mut plan: Plan, site: &Site, changed: &[usize]) -> Plan {
        for &i in changed {
            if let (Some(item), Some(slot)) = (site.items.get(i), plan.item_inputs.get_mut(i)) {
                *slot = self.item_digest(item);
            }
        }
        plan
    }

    /// The pages to render, with their new input digests. After a patch only the pages that
    /// show a patched item can have new inputs; every other page keeps its recorded digest
    /// (and is rendered only if it has never been served).
    fn dirty_pages<'p>(
        &self,
        site: &Site,
        plan: &'p Plan,
        changed: Option<&[usize]>,
    ) -> Vec<(&'p PageJob, [u8; 32])> {
        let links_moved = changed.is_none() && plan.env.outputs() != &self.outputs;
        let affected: HashSet<usize> = changed
            .unwrap_or_default()
            .iter()
            .filter_map(|&i| plan.pages_of_item.get(i))
            .flatten()
            .copied()
            .collect();
        let inputs = |j: usize, job: &PageJob| {
            let recorded = changed
                .filter(|_| !affected.contains(&j))
                .and_then(|_| self.pages.get(&job.path));
            match recorded {
                Some(record) => record.inputs,
                None => page_inputs(site, job, &plan.shared, &plan.item_inputs),
            }
        };
        plan.jobs
            .par_iter()
            .enumerate()
            .map(|(j, job)| (job, inputs(j, job)))
            .filter(|(job, inputs)| self.needs_render(job, inputs, &plan.env, links_moved))
            .collect()
    }

    /// What every page depends on besides its own items: templates, the renderer's shared
    /// data, sections and taxonomies (titles, counts), image sizes, the build date.
    fn shared_digest(
        &self,
        site: &Site,
        renderer: &Renderer,
        env: &PageEnv,
        templates: &[u8; 32],
    ) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(renderer.fingerprint());
        h.update(templates);
        h.update(env.image_sizes_digest());
        h.update(format!("{:?}", site.build_date));
        for s in &site.sections {
            h.update(serde_json::to_vec(s).unwrap_or_default());
            h.update(format!("{:?}{}", s.intro, s.items.len()));
        }
        h.update(serde_json::to_vec(&site.taxonomies).unwrap_or_default());
        h.finalize().into()
    }

    /// Per item: its file's digest and the links to other documents resolved by the model.
    fn item_digests(&self, site: &Site) -> Vec<[u8; 32]> {
        site.items
            .par_iter()
            .map(|item| self.item_digest(item))
            .collect()
    }

    fn item_digest(&self, item: &Item) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(item.source.to_string_lossy().as_bytes());
        if let Some(doc) = self.docs.get(&item.source) {
            h.update(doc.digest);
        }
        let links = match &item.data {
            ItemData::VanBan(v) => serde_json::to_vec(&v.quan_he),
            ItemData::HoiDap(d) => serde_json::to_vec(&d.can_cu_phap_ly),
            ItemData::TaiLieu(t) => serde_json::to_vec(&t.van_ban_lien_quan),
            _ => Ok(Vec::new()),
        };
        h.update(links.unwrap_or_default());
        h.finalize().into()
    }

    fn needs_render(
        &self,
        job: &PageJob,
        inputs: &[u8; 32],
        env: &PageEnv,
        links_moved: bool,
    ) -> bool {
        if is_singleton(job) {
            return true;
        }
        let Some(record) = self.pages.get(&job.path) else {
            return true;
        };
        record.inputs != *inputs
            || (links_moved && record.targets.iter().any(|(t, was)| env.exists(t) != *was))
            || !self.store.contains(&job.path)
    }

    fn render(
        &self,
        site: &Site,
        renderer: &Renderer,
        env: &PageEnv,
        jobs: &[(&PageJob, [u8; 32])],
        out: &Batch,
        diags: &Diagnostics,
    ) -> Vec<(String, PageRecord)> {
        jobs.par_iter()
            .filter_map(|(job, inputs)| {
                let targets = Mutex::new(Vec::new());
                let record = |t: &str, found: bool| {
                    targets
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((t.to_string(), found))
                };
                match pipeline::render_page(site, renderer, job, env, &record) {
                    Ok(page) => {
                        out.insert(&job.path, Body::Bytes(Arc::new(page.html)));
                        diags.extend(page.broken_links);
                        let targets = targets.into_inner().unwrap_or_default();
                        let inputs = *inputs;
                        Some((job.path.clone(), PageRecord { inputs, targets }))
                    }
                    Err(d) => {
                        diags.push(*d);
                        None
                    }
                }
            })
            .collect()
    }

    /// Served paths that the new output no longer has (the background worker's files — search
    /// index, data API — are replaced by the worker).
    fn removed_paths(&self, jobs: &[PageJob], batch: &Batch) -> Vec<String> {
        let keep: HashSet<&str> = jobs.iter().map(|j| j.path.as_str()).collect();
        // Held while listing, so the worker cannot publish between the two reads.
        let search = self.search.0.lock().unwrap_or_else(|e| e.into_inner());
        self.store
            .unsorted_paths()
            .into_iter()
            .filter(|p| !p.starts_with("search/") && !keep.contains(p.as_str()))
            .filter(|p| !search.written.contains(p) && !batch_has(batch, p))
            .collect()
    }

    /// Hands the new model to the search-index worker. One worker at a time, on its own
    /// single thread (so page rebuilds keep the main thread pool), always indexing the newest
    /// model: models handed over while it works replace each other.
    fn start_search_index(&self, site: Arc<Site>) {
        let (state, _) = &*self.search;
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        s.wanted = self.generation;
        s.next = Some((self.generation, site));
        if s.running {
            return;
        }
        s.running = true;
        drop(s);
        let store = self.store.clone();
        let search = self.search.clone();
        std::thread::spawn(move || search_worker(&store, &search));
    }
}

fn search_worker(store: &Store, search: &(Mutex<SearchState>, Condvar)) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    let (state, cv) = search;
    loop {
        let next = state.lock().unwrap_or_else(|e| e.into_inner()).next.take();
        let Some((generation, shared)) = next else {
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            if s.next.is_none() {
                s.running = false;
                return;
            }
            continue;
        };
        // Its own copy, made here rather than on the rebuild's path, and the session's model
        // let go of at once: the next rebuild patches that model in place (`exclusive`).
        let site = (*shared).clone();
        {
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.in_progress = generation;
            drop(shared);
        }
        cv.notify_all();
        let batch = Batch::default();
        let build = || {
            let diags = Diagnostics::new();
            pipeline::write_site_data(&site, &batch, &diags, None);
            crate::index::search::write_search_index(&site, &batch).is_ok() && !diags.has_errors()
        };
        let ok = match &pool {
            Some(pool) => pool.install(build),
            None => build(),
        };
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        if s.next.is_none() && ok {
            let written: HashSet<String> = batch.paths().into_iter().collect();
            let stale: Vec<String> = s.written.difference(&written).cloned().collect();
            store.apply(batch, &stale, Some("search/"));
            s.written = written;
        }
        if s.next.is_none() {
            s.done = s.done.max(generation);
        }
        cv.notify_all();
    }
}

/// The model for patching in place. The indexer copies a model it is handed and lets go of
/// it; a model still waiting for the indexer is taken back (the one handed over after this
/// rebuild replaces it). Waits a moment for a copy under way; copies itself only if the
/// indexer is stuck.
fn exclusive<'a>(site: &'a mut Arc<Site>, search: &(Mutex<SearchState>, Condvar)) -> &'a mut Site {
    let (state, cv) = search;
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    if s.next
        .as_ref()
        .is_some_and(|(_, next)| Arc::ptr_eq(next, site))
    {
        s.next = None;
        // Nothing newer than what the worker is on is wanted until the next hand-over, so
        // a rebuild that fails from here on leaves no index pending forever.
        s.wanted = s.done.max(s.in_progress);
    }
    let deadline = Instant::now() + Duration::from_secs(2);
    while Arc::strong_count(site) > 1 && Instant::now() < deadline {
        s = cv
            .wait_timeout(s, Duration::from_millis(50))
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    drop(s);
    Arc::make_mut(site)
}

/// Answers whether a search index is being built, from any thread.
#[derive(Clone)]
pub struct SearchHandle(Arc<(Mutex<SearchState>, Condvar)>);

impl SearchHandle {
    pub fn pending(&self) -> bool {
        let s = self.0 .0.lock().unwrap_or_else(|e| e.into_inner());
        s.done < s.wanted
    }
}

/// Wall time per rebuild step on stderr when `PBGDPL_TIMINGS` is set.
struct Lap(Option<Instant>);

impl Lap {
    fn from_env() -> Lap {
        Lap(std::env::var_os("PBGDPL_TIMINGS").map(|_| Instant::now()))
    }

    fn at(&mut self, step: &str) {
        if let Some(last) = &mut self.0 {
            eprintln!("  {:>6.1} ms  {step}", last.elapsed().as_secs_f64() * 1e3);
            *last = Instant::now();
        }
    }
}

fn batch_has(batch: &Batch, path: &str) -> bool {
    // `Batch` is an `Output`; membership is asked only for the few removal candidates.
    batch.contains(path)
}

/// Pages that show the whole site at a glance (home, taxonomy indexes, site map, fixed
/// pages): few, and they depend on many items, so they are always rendered.
fn is_singleton(job: &PageJob) -> bool {
    !matches!(
        job.kind,
        PageKind::Item(_) | PageKind::SectionList { .. } | PageKind::TermList { .. }
    )
}

/// The digest of what one page shows: the shared digest, the page's own plan (path, title,
/// last change, page number) and the digests of the items it shows.
fn page_inputs(site: &Site, job: &PageJob, shared: &[u8; 32], items: &[[u8; 32]]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(shared);
    h.update(format!(
        "{}\n{}\n{}\n{:?}\n{:?}",
        job.path, job.url, job.title, job.lastmod, job.kind
    ));
    for &i in shown_items(site, job) {
        if let Some(d) = items.get(i) {
            h.update(d);
        }
    }
    h.finalize().into()
}

/// The items whose digests a page's digest includes: the item of an item page, the slice
/// of a list page.
fn shown_items<'a>(site: &'a Site, job: &'a PageJob) -> &'a [usize] {
    let per_page = site.config.so_muc_moi_trang.max(1);
    match &job.kind {
        PageKind::Item(i) => std::slice::from_ref(i),
        PageKind::SectionList { section, page } => site
            .sections
            .get(*section)
            .map_or(&[][..], |s| list_slice(&s.items, *page, per_page)),
        PageKind::TermList {
            taxonomy,
            term,
            page,
        } => site
            .taxonomies
            .get(*taxonomy)
            .and_then(|t| t.terms.get(*term))
            .map_or(&[][..], |t| list_slice(&t.items, *page, per_page)),
        _ => &[],
    }
}

fn list_slice(items: &[usize], page: usize, per_page: usize) -> &[usize] {
    let start = (page.max(1) - 1).saturating_mul(per_page).min(items.len());
    &items[start..(start + per_page).min(items.len())]
}

fn file_stamp(path: &Path) -> (u64, Option<SystemTime>) {
    std::fs::metadata(path).map_or((0, None), |m| (m.len(), m.modified().ok()))
}

fn read_and_check(p: &Planned, stamp: (u64, Option<SystemTime>), checker: &Checker) -> CachedDoc {
    let own = Diagnostics::new();
    let digest = std::fs::read(&p.abs).map_or([0; 32], |b| digest(&b));
    let checked = load::load_markdown(p, &own).map(|doc| checker.check(doc));
    CachedDoc {
        stamp,
        digest,
        load_diags: own.into_sorted(),
        checked,
    }
}

/// Size and modification time of `site.yaml` and of every file under `data/` and
/// `static/`: when it changes, settings or attachments may have, and files are re-checked.
fn config_stamp(root: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    file_stamp(&root.join("site.yaml")).hash(&mut h);
    for dir in ["data", "static"] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            e.path().hash(&mut h);
            file_stamp(e.path()).hash(&mut h);
        }
    }
    h.finish()
}

/// The text of the site's own templates (the embedded theme changes only with the binary).
fn templates_digest(root: &Path) -> [u8; 32] {
    let mut h = Sha256::new();
    for e in walkdir::WalkDir::new(root.join("templates"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        h.update(e.path().to_string_lossy().as_bytes());
        h.update(std::fs::read(e.path()).unwrap_or_default());
    }
    h.finalize().into()
}
