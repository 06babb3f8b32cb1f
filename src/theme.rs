//! The default theme, embedded in the binary (include_dir) so `pbgdpl` is one file to install:
//! its templates and its static assets (CSS, emblem). (stub: to be implemented)
