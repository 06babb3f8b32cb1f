//! The build pipeline end to end: load → validate → model → render → postprocess → write →
//! index, shared by `build`, `check` (which writes nothing) and later `serve`.
//! (stub: to be implemented)
