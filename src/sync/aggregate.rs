//! "Tin từ các đơn vị" (`tin-tu-cac-don-vi/`): the items `pbgdpl sync` imported, grouped by
//! their source, so a provincial portal "dùng chung toàn tỉnh" lists what each unit
//! published. The page exists only when the site holds imported items.

use crate::model::Site;
use std::collections::BTreeMap;

/// The page's URL (site-root-relative).
pub const URL: &str = "tin-tu-cac-don-vi/";
pub const TITLE: &str = "Tin từ các đơn vị";
/// Items shown per source; the rest are reached through the sections.
pub const PER_SOURCE: usize = 20;

/// One source and its imported items (indices into `site.items`, newest first).
#[derive(Debug)]
pub struct Group {
    /// The unit's name (`nguon` of its items).
    pub ten: String,
    /// The source address (`dong_bo.nguon`).
    pub nguon: String,
    pub total: usize,
    pub items: Vec<usize>,
}

/// Whether the site has anything to aggregate.
pub fn has_imports(site: &Site) -> bool {
    site.items.iter().any(|i| i.dong_bo.is_some())
}

/// Imported items grouped by source, sources in Vietnamese order of their names.
pub fn groups(site: &Site) -> Vec<Group> {
    let mut by_source: BTreeMap<&str, Group> = BTreeMap::new();
    for &i in &site.latest {
        let item = &site.items[i];
        let Some(p) = &item.dong_bo else { continue };
        let g = by_source.entry(p.nguon.as_str()).or_insert_with(|| Group {
            ten: item.nguon.clone().unwrap_or_else(|| p.nguon.clone()),
            nguon: p.nguon.clone(),
            total: 0,
            items: Vec::new(),
        });
        g.total += 1;
        if g.items.len() < PER_SOURCE {
            g.items.push(i);
        }
    }
    let mut v: Vec<Group> = by_source.into_values().collect();
    crate::vi::sort_vi_by_key(&mut v, |g| g.ten.as_str());
    v
}
