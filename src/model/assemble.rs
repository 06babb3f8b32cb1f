//! Turns validated items into the `Site`: sections (every top-level section, then each
//! sub-folder that has items), the site-wide "latest" list, the four taxonomies and the
//! links between documents (citations and relations resolved to this site's văn bản by
//! normalised số ký hiệu). Everything is sorted once with precomputed keys — O(n log n) —
//! so 50,000 items assemble in a fraction of a second.

use super::{ItemData, Section, SectionIntro, Site, Taxonomy, Term, SECTIONS};
use crate::model::Item;
use crate::validate::{so_ky_hieu, url_segment, Validated};
use crate::vi::{self, Date};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

pub fn assemble(v: Validated, build_date: Date) -> Site {
    let Validated {
        root,
        config,
        mut items,
        intros,
        data,
        ..
    } = v;
    resolve_links(&mut items);
    let keys: Vec<Vec<u8>> = items
        .par_iter()
        .map(|i| vi::collation_key(&i.tieu_de))
        .collect();
    let order = Order {
        items: &items,
        keys: &keys,
    };
    let sections = sections(&items, intros, &order);
    let mut latest: Vec<usize> = (0..items.len()).collect();
    latest.sort_by(|&a, &b| order.by(a, b, |i| i.ngay_dang));
    let taxonomies = taxonomies(&items, &order);
    Site {
        root,
        config,
        items,
        sections,
        taxonomies,
        data,
        latest,
        build_date,
    }
}

/// Newest first by a date, ties by title in Vietnamese collation (keys computed once).
struct Order<'a> {
    items: &'a [Item],
    keys: &'a [Vec<u8>],
}

impl Order<'_> {
    fn by(&self, a: usize, b: usize, date: impl Fn(&Item) -> Date) -> Ordering {
        date(&self.items[b])
            .cmp(&date(&self.items[a]))
            .then_with(|| self.keys[a].cmp(&self.keys[b]))
            .then(a.cmp(&b))
    }

    fn newest_first(&self, idx: &mut [usize]) {
        idx.sort_by(|&a, &b| self.by(a, b, Item::sort_date));
    }
}

/// Points citations and relations at the văn bản of this site with the same number.
fn resolve_links(items: &mut [Item]) {
    let links = Links::of(items);
    if links.by_number.is_empty() {
        return;
    }
    items.par_iter_mut().for_each(|item| links.resolve(item));
}

/// This site's văn bản by normalised số ký hiệu (the first file wins): what citations and
/// relations resolve against. `serve` keeps it to resolve one re-read item without
/// re-assembling the site.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Number key → (URL, title).
    by_number: HashMap<String, (String, String)>,
}

impl Links {
    pub fn of(items: &[Item]) -> Links {
        let mut by_number: HashMap<String, (String, String)> = HashMap::new();
        for item in items {
            if let Some(vb) = item.van_ban() {
                by_number
                    .entry(so_ky_hieu::key(&vb.so_ky_hieu))
                    .or_insert_with(|| (item.url.clone(), item.tieu_de.clone()));
            }
        }
        Links { by_number }
    }

    /// Fills the URL (and title) of the item's relations and citations found on this site.
    pub fn resolve(&self, item: &mut Item) {
        if self.by_number.is_empty() {
            return;
        }
        let find = |so: &str| self.by_number.get(&so_ky_hieu::key(so));
        match &mut item.data {
            ItemData::VanBan(vb) => {
                for r in &mut vb.quan_he {
                    r.url = find(&r.so_ky_hieu).map(|(u, _)| u.clone());
                }
            }
            ItemData::HoiDap(h) => {
                for c in &mut h.can_cu_phap_ly {
                    if let Some((u, t)) = find(&c.so_ky_hieu) {
                        c.url = Some(u.clone());
                        c.tieu_de = Some(t.clone());
                    }
                }
            }
            ItemData::TaiLieu(t) => {
                for c in &mut t.van_ban_lien_quan {
                    if let Some((u, title)) = find(&c.so_ky_hieu) {
                        c.url = Some(u.clone());
                        c.tieu_de = Some(title.clone());
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether the site around an item is the same with `a` or with `b` in its place (both as
/// checked, links not yet resolved): everything but the body and the summary is compared
/// (title, dates, folders, taxonomies, number, address, attachments, kind-specific fields),
/// because sections, taxonomies, the page plan, link targets, the files to copy and the
/// site-wide checks are all built from those. The body and the summary only show on the
/// item's own page, the list pages and feeds that show the item, which `serve` re-renders
/// by digest anyway. Errs towards "not the same" (then the site is re-assembled).
pub fn same_site_inputs(a: &Item, b: &Item) -> bool {
    fn metadata(item: &Item) -> Option<serde_json::Value> {
        let mut v = serde_json::to_value(item).ok()?;
        v.as_object_mut()?.remove("tom_tat");
        Some(v)
    }
    a.source == b.source
        && a.bundle_dir == b.bundle_dir
        && metadata(a).is_some_and(|m| Some(m) == metadata(b))
}

/// "trung-uong" → "Trung uong": a readable title for a sub-folder without `_index.md`.
fn folder_title(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sections(
    items: &[Item],
    intros: Vec<(String, Vec<String>, SectionIntro)>,
    order: &Order,
) -> Vec<Section> {
    let mut intro_of: HashMap<(String, Vec<String>), SectionIntro> =
        intros.into_iter().map(|(s, p, i)| ((s, p), i)).collect();
    let section_index: HashMap<&str, usize> = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, d)| (d.folder, i))
        .collect();
    let mut top: Vec<Vec<usize>> = vec![Vec::new(); SECTIONS.len()];
    // Every sub-folder prefix of an item's path lists the item (`a/` also shows `a/b/` items).
    let mut subs: BTreeMap<(usize, Vec<String>), Vec<usize>> = BTreeMap::new();
    for (idx, item) in items.iter().enumerate() {
        let Some(&s) = section_index.get(item.section) else {
            continue;
        };
        top[s].push(idx);
        for n in 1..=item.subsection.len() {
            subs.entry((s, item.subsection[..n].to_vec()))
                .or_default()
                .push(idx);
        }
    }
    let mut out = Vec::with_capacity(SECTIONS.len() + subs.len());
    for (def, mut list) in SECTIONS.iter().zip(top) {
        order.newest_first(&mut list);
        let intro = intro_of
            .remove(&(def.folder.to_string(), Vec::new()))
            .unwrap_or_default();
        out.push(Section {
            def,
            title: intro
                .tieu_de
                .clone()
                .unwrap_or_else(|| def.label.to_string()),
            url: format!("{}/", def.folder),
            path: Vec::new(),
            intro,
            items: list,
        });
    }
    for ((s, path), mut list) in subs {
        let def = &SECTIONS[s];
        order.newest_first(&mut list);
        let intro = intro_of
            .remove(&(def.folder.to_string(), path.clone()))
            .unwrap_or_default();
        let mut url = format!("{}/", def.folder);
        for seg in &path {
            url.push_str(&url_segment(seg));
            url.push('/');
        }
        out.push(Section {
            def,
            title: intro
                .tieu_de
                .clone()
                .unwrap_or_else(|| folder_title(path.last().map(String::as_str).unwrap_or(""))),
            url,
            path,
            intro,
            items: list,
        });
    }
    out
}

/// Collects the values of one taxonomy: spellings that differ only by case or spacing are one
/// term, shown in the most frequent spelling.
#[derive(Default)]
struct Acc {
    spellings: HashMap<String, usize>,
    first_seen: Vec<String>,
    items: Vec<usize>,
}

fn merge_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn collect_terms<'a>(
    items: &'a [Item],
    values: impl Fn(&'a Item) -> Vec<String>,
) -> Vec<(String, Vec<usize>)> {
    let mut accs: HashMap<String, Acc> = HashMap::new();
    for (idx, item) in items.iter().enumerate() {
        for v in values(item) {
            let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
            if v.is_empty() {
                continue;
            }
            let acc = accs.entry(merge_key(&v)).or_default();
            if acc.items.last() != Some(&idx) {
                acc.items.push(idx);
            }
            let n = acc.spellings.entry(v.clone()).or_insert(0);
            if *n == 0 {
                acc.first_seen.push(v);
            }
            *n += 1;
        }
    }
    accs.into_values()
        .map(|acc| {
            let best = acc
                .first_seen
                .iter()
                .max_by(|a, b| {
                    acc.spellings[*a]
                        .cmp(&acc.spellings[*b])
                        // max_by keeps the last maximum; prefer the earliest spelling on ties.
                        .then(Ordering::Greater)
                })
                .cloned()
                .unwrap_or_default();
            (best, acc.items)
        })
        .collect()
}

fn taxonomy(
    key: &'static str,
    label: &'static str,
    mut terms: Vec<(String, Vec<usize>)>,
    order: &Order,
    newest_year_first: bool,
) -> Taxonomy {
    if newest_year_first {
        terms.sort_by(|a, b| b.0.cmp(&a.0));
    } else {
        vi::sort_vi_by_key(&mut terms, |t| t.0.as_str());
    }
    let mut used: HashMap<String, usize> = HashMap::new();
    let terms = terms
        .into_iter()
        .map(|(name, mut items)| {
            order.newest_first(&mut items);
            let base = match vi::slugify(&name) {
                s if s.is_empty() => "khac".to_string(),
                s => s,
            };
            let n = used.entry(base.clone()).or_insert(0);
            *n += 1;
            // Distinct terms can share a slug ("Đất đai" / "Dat dai"): number the later ones.
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            Term {
                url: format!("{key}/{slug}/"),
                slug,
                count: items.len(),
                name,
                items,
            }
        })
        .collect();
    Taxonomy { key, label, terms }
}

fn taxonomies(items: &[Item], order: &Order) -> Vec<Taxonomy> {
    let linh_vuc = collect_terms(items, |i| i.linh_vuc.clone());
    let loai = collect_terms(items, |i| {
        i.van_ban()
            .map(|v| vec![v.loai_van_ban.clone()])
            .unwrap_or_default()
    });
    let co_quan = collect_terms(items, |i| {
        i.van_ban()
            .map(|v| vec![v.co_quan_ban_hanh.clone()])
            .unwrap_or_default()
    });
    let nam = collect_terms(items, |i| {
        i.van_ban()
            .map(|v| vec![format!("{:04}", v.ngay_ban_hanh.year())])
            .unwrap_or_default()
    });
    vec![
        taxonomy("linh-vuc", "Lĩnh vực", linh_vuc, order, false),
        taxonomy("loai-van-ban", "Loại văn bản", loai, order, false),
        taxonomy(
            "co-quan-ban-hanh",
            "Cơ quan ban hành",
            co_quan,
            order,
            false,
        ),
        taxonomy("nam", "Năm ban hành", nam, order, true),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Citation, HoiDap, NumberForm, VanBan};
    use std::path::PathBuf;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    fn page(section: &'static str, sub: &[&str], title: &str, date: &str, lv: &[&str]) -> Item {
        let slug = vi::slugify(title);
        Item {
            source: PathBuf::from(format!("content/{section}/{slug}.md")),
            section,
            subsection: sub.iter().map(|s| s.to_string()).collect(),
            url: format!("{section}/{slug}/"),
            slug,
            bundle_dir: None,
            tieu_de: title.into(),
            ngay_dang: d(date),
            ngay_cap_nhat: None,
            tom_tat: None,
            linh_vuc: lv.iter().map(|s| s.to_string()).collect(),
            doi_tuong: Vec::new(),
            nguon: None,
            tac_gia: None,
            anh: None,
            anh_mo_ta: None,
            ban_nhap: false,
            dong_bo: None,
            data: ItemData::Page,
            body: String::new(),
            body_line: 1,
            truong: Default::default(),
        }
    }

    fn van_ban(so: &str, issued: &str, posted: &str, loai: &str) -> Item {
        let mut i = page("van-ban", &[], &format!("{loai} {so}"), posted, &[]);
        i.url = format!("van-ban/{}/", vi::slugify(so));
        i.data = ItemData::VanBan(VanBan {
            so_ky_hieu: so.into(),
            dang_so: NumberForm::Vbqppl,
            la_vbqppl: true,
            loai_van_ban: loai.into(),
            co_quan_ban_hanh: "Chính phủ".into(),
            ngay_ban_hanh: d(issued),
            ngay_co_hieu_luc: None,
            ngay_het_hieu_luc: None,
            tinh_trang_hieu_luc: "Còn hiệu lực".into(),
            canh_bao_hieu_luc: false,
            nguoi_ky: "A".into(),
            chuc_danh_nguoi_ky: None,
            trich_yeu: "x".into(),
            tep_van_ban: Vec::new(),
            lien_ket: Vec::new(),
            quan_he: Vec::new(),
        });
        i
    }

    fn validated(items: Vec<Item>) -> Validated {
        Validated {
            items,
            intros: vec![(
                "van-ban".into(),
                vec!["trung-uong".into()],
                SectionIntro {
                    tieu_de: Some("Văn bản trung ương".into()),
                    ..Default::default()
                },
            )],
            ..Validated::default()
        }
    }

    #[test]
    fn sections_sub_folders_and_order() {
        let mut sub = van_ban("1/2020/NĐ-CP", "2020-01-01", "2026-01-01", "Nghị định");
        sub.subsection = vec!["trung-uong".into()];
        let site = assemble(
            validated(vec![
                van_ban("2/2021/NĐ-CP", "2021-01-01", "2021-01-02", "Nghị định"),
                sub,
                page("tin-tuc", &[], "Bà", "2026-03-01", &[]),
                page("tin-tuc", &[], "Ba", "2026-03-01", &[]),
            ]),
            d("2026-11-28"),
        );
        assert_eq!(site.sections.len(), SECTIONS.len() + 1);
        let vb = site.section("van-ban").unwrap();
        assert_eq!(vb.items, vec![0, 1], "newest ngay_ban_hanh first");
        let tt = site.section("tin-tuc").unwrap();
        assert_eq!(
            tt.items,
            vec![3, 2],
            "ties by Vietnamese collation: Ba < Bà"
        );
        let s = site.sections.last().unwrap();
        assert_eq!(
            (s.url.as_str(), s.title.as_str()),
            ("van-ban/trung-uong/", "Văn bản trung ương")
        );
        assert_eq!(s.items, vec![1]);
        assert_eq!(site.latest, vec![3, 2, 1, 0], "latest by ngay_dang");
    }

    #[test]
    fn taxonomies_merge_spellings_and_sort() {
        let site = assemble(
            validated(vec![
                page(
                    "tin-tuc",
                    &[],
                    "A",
                    "2026-01-01",
                    &["Đất đai", "Hành chính"],
                ),
                page("tin-tuc", &[], "B", "2026-01-02", &["đất  đai"]),
                page("tin-tuc", &[], "C", "2026-01-03", &["Dân sự", "Đất đai"]),
                van_ban("3/2019/TT-BTP", "2019-05-05", "2019-05-06", "Thông tư"),
                van_ban("4/2022/NĐ-CP", "2022-05-05", "2022-05-06", "Nghị định"),
            ]),
            d("2026-11-28"),
        );
        let lv = &site.taxonomies[0];
        let names: Vec<&str> = lv.terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Dân sự", "Đất đai", "Hành chính"]);
        let dat = &lv.terms[1];
        assert_eq!(
            (dat.slug.as_str(), dat.url.as_str(), dat.count),
            ("dat-dai", "linh-vuc/dat-dai/", 3)
        );
        assert_eq!(dat.items, vec![2, 1, 0]);
        let nam: Vec<&str> = site.taxonomies[3]
            .terms
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(nam, ["2022", "2019"]);
        let loai: Vec<&str> = site.taxonomies[1]
            .terms
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(loai, ["Nghị định", "Thông tư"]);
    }

    #[test]
    fn citations_resolve_to_this_sites_documents() {
        let mut q = page("hoi-dap", &[], "Hỏi", "2026-01-01", &[]);
        q.data = ItemData::HoiDap(HoiDap {
            cau_hoi_html: String::new(),
            nguoi_hoi: None,
            ngay_gui: d("2026-01-01"),
            ngay_tra_loi: d("2026-01-01"),
            nguoi_tra_loi: None,
            don_vi_tra_loi: None,
            can_cu_phap_ly: vec![
                Citation {
                    so_ky_hieu: "42/2022/NĐ–CP".into(),
                    url: None,
                    tieu_de: None,
                },
                Citation {
                    so_ky_hieu: "1/2000/QH10".into(),
                    url: None,
                    tieu_de: None,
                },
            ],
        });
        let site = assemble(
            validated(vec![
                van_ban("42/2022/NĐ-CP", "2022-06-24", "2022-06-25", "Nghị định"),
                q,
            ]),
            d("2026-11-28"),
        );
        let ItemData::HoiDap(h) = &site.items[1].data else {
            panic!()
        };
        assert_eq!(
            h.can_cu_phap_ly[0].url.as_deref(),
            Some("van-ban/42-2022-nd-cp/")
        );
        assert_eq!(
            h.can_cu_phap_ly[0].tieu_de.as_deref(),
            Some("Nghị định 42/2022/NĐ-CP")
        );
        assert!(h.can_cu_phap_ly[1].url.is_none());
    }

    #[test]
    fn fifty_thousand_items_assemble_fast() {
        let items: Vec<Item> = (0..50_000)
            .map(|i| {
                let day = format!("20{:02}-{:02}-{:02}", 10 + i % 15, 1 + i % 12, 1 + i % 28);
                let mut it = van_ban(
                    &format!("{}/20{:02}/NĐ-CP", i, 10 + i % 15),
                    &day,
                    &day,
                    if i % 2 == 0 {
                        "Nghị định"
                    } else {
                        "Thông tư"
                    },
                );
                it.linh_vuc = vec![format!("Lĩnh vực {}", i % 40)];
                it.tieu_de = format!("Văn bản số {i}");
                it
            })
            .collect();
        let started = std::time::Instant::now();
        let site = assemble(validated(items), d("2026-11-28"));
        let took = started.elapsed();
        assert_eq!(site.section("van-ban").unwrap().items.len(), 50_000);
        // Debug builds are ~10x slower than release; the bound still catches anything quadratic.
        assert!(took.as_secs_f64() < 10.0, "assemble took {took:?}");
        eprintln!("assemble 50k (debug): {took:?}");
    }
}
