//! Markdown → HTML with pulldown-cmark. (stub: to be implemented)
