//! Render: Markdown to HTML (pulldown-cmark, ids on every h2/h3) and pages through tera
//! templates (the default theme, overridable by the site's `templates/`). `Renderer::jobs` plans
//! every page of the site; `Renderer::render` renders one, so the pipeline can render in
//! parallel and write each page as soon as it is done. (stub: to be implemented)

pub mod markdown;
