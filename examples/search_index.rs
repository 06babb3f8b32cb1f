//! Builds only the search index of a site folder, for evaluation before (and besides) the full
//! pipeline: `cargo run --release --example search_index -- <site> <out> [key=value ...]`.
//! Knobs (`top_k=`, `shard_kb=`, `group=`, `b_body=`, `w_title=` …) override the defaults so
//! ranking and layout can be compared without editing code.

use pbgdpl::index::search::{build::Params, write_search_index_with, Layout};
use pbgdpl::pipeline::{load_model, BuildOptions};
use std::path::{Path, PathBuf};

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
    let (site, out) = (PathBuf::from(&args[0]), PathBuf::from(&args[1]));
    let (mut params, mut layout) = (Params::default(), Layout::default());
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
            _ => panic!("unknown knob {k}"),
        }
    }
    let t = std::time::Instant::now();
    let opts = BuildOptions {
        site: site.clone(),
        ..Default::default()
    };
    let diags = pbgdpl::diagnostics::Diagnostics::new();
    let real = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| load_model(&opts, &diags)));
    let model = match real {
        Ok(Some((model, _))) => model,
        Ok(None) => {
            for d in diags.into_sorted() {
                eprintln!("{d:?}");
            }
            std::process::exit(1);
        }
        Err(_) => {
            eprintln!("pipeline front half not ready: using the harness's minimal model");
            minimal::site(&site)
        }
    };
    let loaded = t.elapsed();
    let _ = std::fs::remove_dir_all(out.join("search"));
    if let Ok(path) = std::env::var("SEARCH_DOCS_JSONL") {
        dump_docs(&model, &path);
    }
    let stats =
        write_search_index_with(&model, &DirOutput(out), &params, &layout).expect("write index");
    eprintln!(
        "load+validate+assemble {:.2}s; {stats:?}",
        loaded.as_secs_f64()
    );
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

/// Stand-in for `validate` + `assemble` while they are being written: enough of the model for
/// search (URL, title, document metadata, body), read straight from the loaded front matter.
mod minimal {
    use pbgdpl::model::*;
    use pbgdpl::vi::Date;
    use serde_json::Value;
    use std::path::Path;

    pub fn site(root: &Path) -> Site {
        let diags = pbgdpl::diagnostics::Diagnostics::new();
        let loaded = pbgdpl::load::load_site(root, &diags);
        let items = loaded
            .docs
            .iter()
            .filter(|d| !d.is_intro)
            .filter_map(item)
            .collect();
        Site {
            root: root.to_path_buf(),
            config: Default::default(),
            items,
            sections: Vec::new(),
            taxonomies: Vec::new(),
            data: Default::default(),
            latest: Vec::new(),
            build_date: Date::today_vn(),
        }
    }

    fn item(d: &pbgdpl::load::SourceDoc) -> Option<Item> {
        let s = |k: &str| {
            d.fields
                .get(k)
                .and_then(|f| f.value.as_str())
                .map(pbgdpl::vi::nfc)
        };
        let date = |k: &str| s(k).and_then(|v| Date::parse_iso(&v));
        let list = |k: &str| match d.fields.get(k).map(|f| &f.value) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(pbgdpl::vi::nfc))
                .collect(),
            _ => Vec::new(),
        };
        let section = section_def(&d.section)?.folder;
        let mut url = format!("{section}/");
        for sub in &d.subsection {
            url += &format!("{sub}/");
        }
        url += &format!("{}/", d.slug);
        let ngay_dang = date("ngay_dang")
            .or_else(|| date("ngay_ban_hanh"))
            .unwrap_or(Date::today_vn());
        let data = if let Some(so) = s("so_ky_hieu") {
            ItemData::VanBan(VanBan {
                so_ky_hieu: so,
                dang_so: NumberForm::Vbqppl,
                la_vbqppl: true,
                loai_van_ban: s("loai_van_ban").unwrap_or_default(),
                co_quan_ban_hanh: s("co_quan_ban_hanh").unwrap_or_default(),
                ngay_ban_hanh: date("ngay_ban_hanh").unwrap_or(ngay_dang),
                ngay_co_hieu_luc: date("ngay_co_hieu_luc"),
                ngay_het_hieu_luc: None,
                tinh_trang_hieu_luc: s("tinh_trang_hieu_luc").unwrap_or_default(),
                canh_bao_hieu_luc: false,
                nguoi_ky: s("nguoi_ky").unwrap_or_default(),
                chuc_danh_nguoi_ky: None,
                trich_yeu: s("trich_yeu").unwrap_or_default(),
                tep_van_ban: Vec::new(),
                lien_ket: Vec::new(),
                quan_he: Vec::new(),
            })
        } else if let Some(loai) = s("loai_tai_lieu") {
            ItemData::TaiLieu(TaiLieu {
                loai_tai_lieu: loai,
                co_quan_bien_soan: s("co_quan_bien_soan").unwrap_or_default(),
                ngay_phat_hanh: date("ngay_phat_hanh").unwrap_or(ngay_dang),
                van_ban_lien_quan: Vec::new(),
                tep: Vec::new(),
                video: None,
                video_url: None,
                thoi_luong: None,
                phu_de: None,
                ban_ghi_loi: None,
            })
        } else if let Some(q) = s("cau_hoi") {
            ItemData::HoiDap(HoiDap {
                cau_hoi_html: q,
                nguoi_hoi: None,
                ngay_gui: ngay_dang,
                ngay_tra_loi: ngay_dang,
                nguoi_tra_loi: None,
                don_vi_tra_loi: None,
                can_cu_phap_ly: Vec::new(),
            })
        } else {
            ItemData::Page
        };
        let tieu_de = s("tieu_de")
            .or_else(|| s("trich_yeu"))
            .unwrap_or_else(|| d.slug.clone());
        Some(Item {
            source: d.rel.clone(),
            section,
            subsection: d.subsection.clone(),
            slug: d.slug.clone(),
            url,
            bundle_dir: None,
            tieu_de,
            ngay_dang,
            ngay_cap_nhat: None,
            tom_tat: s("tom_tat"),
            linh_vuc: list("linh_vuc"),
            doi_tuong: Vec::new(),
            nguon: None,
            tac_gia: None,
            anh: None,
            anh_mo_ta: None,
            ban_nhap: false,
            data,
            body: pbgdpl::vi::nfc(&d.body),
            body_line: d.body_line,
        })
    }
}
