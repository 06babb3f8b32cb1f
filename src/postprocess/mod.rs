//! Post-process (lol_html): every internal URL made relative to the page, so one output works
//! under any sub-path and opened from disk; external links marked and given
//! `rel="noopener noreferrer"`; images given width/height and lazy loading.
//! (stub: to be implemented)
