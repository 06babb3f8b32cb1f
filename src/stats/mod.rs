//! The PBGDPL work features beyond publishing pages (issue 7): statistics counted from the
//! content per month, 6-month and yearly report period (`counts`, `period`), charts drawn at
//! build time (`chart`), the half-year / yearly report of `pbgdpl report` (`report`), contest
//! practice quizzes (`quiz`), and the feature pages and item-page extras the renderer asks for
//! (`page`, `extras`): bookshelf by QĐ 14/2019 groups, Q&A by lĩnh vực, the question form,
//! sharing, click-to-load platform videos, and the widget for the host portal (`widget`).

pub mod chart;
pub mod counts;
pub mod extras;
pub mod page;
pub mod period;
pub mod quiz;
pub mod report;
pub mod widget;

pub use counts::Counts;
pub use page::Feature;
pub use period::Period;
