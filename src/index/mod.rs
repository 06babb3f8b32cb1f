//! Index: what machines read about the site: RSS 2.0 and Atom 1.0 feeds (site and per
//! section), `sitemap.xml` (split into an index above 50,000 URLs) and `robots.txt`.
//! (stub: to be implemented)
