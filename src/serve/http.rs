//! The preview's HTTP side (tiny_http): the output under the same sub-path as `base_url`
//! (`/` redirects there), content types by extension, paths that try to leave the output
//! refused, and the live-reload channel: `/__pbgdpl/events` is a server-sent-events stream
//! (`reload` after a good rebuild, `build-error` with the Vietnamese diagnostics after a
//! failed one), `/__pbgdpl/reload.js` the script that listens to it, `/__pbgdpl/status` the
//! state as JSON. The script tag is added to HTML responses here, never to the built pages.

use super::store::{Body, Store};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server};

const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");
const SCRIPT_TAG: &str = "<script src=\"/__pbgdpl/reload.js\" defer></script>";
/// A comment line keeps idle event streams open through proxies and lets a dead one be noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The state shared by the HTTP threads and the rebuild loop.
pub struct Hub {
    store: Arc<Store>,
    /// `base_url`'s path, starting and ending with `/` (`/pbgdpl/`).
    base_path: String,
    clients: Mutex<Vec<Client>>,
    next_client: AtomicU64,
    state: Mutex<State>,
    search_pending: Box<dyn Fn() -> bool + Send + Sync>,
}

struct Client {
    id: u64,
    tx: Sender<String>,
    /// The output file the page shows (`van-ban/x/index.html`).
    page: Option<String>,
}

#[derive(Default)]
struct State {
    /// Successful builds so far.
    build: u64,
    /// The last failed build's diagnostics, until a build succeeds.
    error: Option<serde_json::Value>,
}

impl Hub {
    pub fn new(
        store: Arc<Store>,
        base_path: String,
        search_pending: Box<dyn Fn() -> bool + Send + Sync>,
    ) -> Arc<Hub> {
        Arc::new(Hub {
            store,
            base_path,
            clients: Mutex::default(),
            next_client: AtomicU64::new(1),
            state: Mutex::default(),
            search_pending,
        })
    }

    /// Output files open in a browser right now.
    pub fn viewed(&self) -> Vec<String> {
        let clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.iter().filter_map(|c| c.page.clone()).collect()
    }

    /// A build succeeded: pages reload (and drop their error overlay).
    pub fn built(&self) {
        let build = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            s.build += 1;
            s.error = None;
            s.build
        };
        self.broadcast(&format!("event: reload\ndata: {build}\n\n"));
    }

    /// A build failed: pages show the errors over the last good version.
    pub fn failed(&self, diagnostics: serde_json::Value) {
        let data = serde_json::to_string(&diagnostics).unwrap_or_default();
        self.state.lock().unwrap_or_else(|e| e.into_inner()).error = Some(diagnostics);
        self.broadcast(&format!("event: build-error\ndata: {data}\n\n"));
    }

    fn broadcast(&self, event: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.tx.send(event.to_string()).is_ok());
    }

    fn status(&self) -> serde_json::Value {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        serde_json::json!({
            "build": s.build,
            "ok": s.error.is_none(),
            "errors": s.error.clone().unwrap_or(serde_json::Value::Null),
            "search_pending": (self.search_pending)(),
            "clients": self.clients.lock().map(|c| c.len()).unwrap_or(0),
        })
    }
}

/// Answers requests on `threads` threads until the process ends.
pub fn spawn(server: Arc<Server>, hub: Arc<Hub>, threads: usize) {
    for _ in 0..threads {
        let (server, hub) = (server.clone(), hub.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                handle(&hub, request);
            }
        });
    }
}

fn handle(hub: &Arc<Hub>, request: Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = path.to_string();
    let response = match path.as_str() {
        "/__pbgdpl/events" => return events(hub.clone(), request, query),
        "/__pbgdpl/reload.js" => text(
            RELOAD_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        "/__pbgdpl/overlay.css" => text(OVERLAY_CSS.as_bytes().to_vec(), "text/css; charset=utf-8"),
        "/__pbgdpl/status" => text(hub.status().to_string().into_bytes(), "application/json"),
        _ => site_file(hub, &path),
    };
    let _ = request.respond(response);
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn text(bytes: Vec<u8>, content_type: &str) -> Reply {
    Response::from_data(bytes)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

fn redirect(to: &str) -> Reply {
    text(Vec::new(), "text/plain")
        .with_status_code(302)
        .with_header(header("Location", to))
}

fn refused() -> Reply {
    text(
        "Đường dẫn không hợp lệ: không được ra ngoài thư mục trang."
            .as_bytes()
            .to_vec(),
        "text/plain; charset=utf-8",
    )
    .with_status_code(400)
}

/// A file of the site under the base path, with `dir/` → `dir/index.html` and the site's
/// 404 page for what does not exist.
fn site_file(hub: &Hub, path: &str) -> Reply {
    let Some(rest) = path.strip_prefix(&hub.base_path) else {
        let bare = hub.base_path.trim_end_matches('/');
        return if path == "/" || path == bare {
            redirect(&hub.base_path)
        } else {
            not_found(hub)
        };
    };
    let Some(rel) = safe_relative(rest) else {
        return refused();
    };
    let wanted = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.clone()
    };
    match hub.store.get(&wanted) {
        Some(body) => file_response(&wanted, &body, 200),
        None if hub.store.contains(&format!("{rel}/index.html")) => {
            redirect(&format!("{}{rel}/", hub.base_path))
        }
        None => not_found(hub),
    }
}

fn not_found(hub: &Hub) -> Reply {
    match hub.store.get("404.html") {
        Some(body) => file_response("404.html", &body, 404),
        None => text(b"404".to_vec(), "text/plain").with_status_code(404),
    }
}

fn file_response(rel: &str, body: &Body, status: u16) -> Reply {
    let Ok(bytes) = body.read() else {
        return text(b"unreadable".to_vec(), "text/plain").with_status_code(500);
    };
    let content_type = mime_type(rel);
    let bytes = if content_type.starts_with("text/html") {
        with_reload_script(&bytes)
    } else {
        bytes.to_vec()
    };
    text(bytes, content_type).with_status_code(status)
}

/// The page with the reload script tag added before `</body>` (or at the end).
pub fn with_reload_script(html: &[u8]) -> Vec<u8> {
    let pos = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + SCRIPT_TAG.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(SCRIPT_TAG.as_bytes());
    out.extend_from_slice(&html[pos..]);
    out
}

/// The request path below the base path, percent-decoded, or `None` when it could leave
/// the output: `..` or `.` segments (also written `%2e%2e`), backslashes, NUL, or a
/// second level of encoding.
pub fn safe_relative(rest: &str) -> Option<String> {
    let decoded = percent_decode(rest)?;
    let bad = decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.contains('%')
        || decoded.starts_with('/')
        || decoded.split('/').enumerate().any(|(i, seg)| {
            seg == ".." || seg == "." || (seg.is_empty() && i + 1 < decoded.split('/').count())
        });
    (!bad).then_some(decoded)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Content type by extension; text types carry their charset.
pub fn mime_type(rel: &str) -> &'static str {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "vtt" => "text/vtt; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// One server-sent-events stream, on its own thread so the request threads stay free.
fn events(hub: Arc<Hub>, request: Request, query: &str) {
    let page = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("path="))
        .and_then(percent_decode)
        .and_then(|p| p.strip_prefix(&hub.base_path).map(str::to_string))
        .and_then(|p| safe_relative(&p))
        .map(|p| {
            if p.is_empty() || p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p
            }
        });
    let (tx, rx) = mpsc::channel();
    let id = hub.next_client.fetch_add(1, Ordering::Relaxed);
    let hello = {
        let s = hub.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut hello = format!("retry: 500\nevent: hello\ndata: {}\n\n", s.build);
        if let Some(err) = &s.error {
            hello += &format!("event: build-error\ndata: {err}\n\n");
        }
        hello
    };
    let _ = tx.send(hello);
    hub.clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Client { id, tx, page });
    std::thread::spawn(move || {
        stream_events(request, rx);
        let mut clients = hub.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.id != id);
    });
}

/// Writes the response head, then each event as it comes; returns when the browser leaves.
/// The body is written raw (no chunked encoding) so every event is flushed at once.
fn stream_events(request: Request, rx: Receiver<String>) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Accel-Buffering: no\r\n\r\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(KEEPALIVE) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(chunk.as_bytes())
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Diagnostics as the overlay shows them: file, line, column, field, message, fix.
pub fn diagnostics_json(diags: &[crate::diagnostics::Diagnostic]) -> serde_json::Value {
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    let list: Vec<HashMap<&str, serde_json::Value>> = errors
        .iter()
        .map(|d| {
            HashMap::from([
                ("file", d.file.display().to_string().into()),
                ("line", d.line.into()),
                ("column", d.column.into()),
                ("field", d.field.clone().into()),
                ("message", d.message.clone().into()),
                ("fix", d.fix.clone().into()),
                ("text", d.to_string().into()),
            ])
        })
        .collect();
    serde_json::json!(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_output_are_refused() {
        for bad in [
            "../site.yaml",
            "a/../../x",
            "%2e%2e/x",
            "%2E%2E%2Fx",
            "a\\..\\b",
            "a/%5c..",
            "%252e%252e/x",
            "/etc/passwd",
            "a//b",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
        assert_eq!(safe_relative("van-ban/x/").as_deref(), Some("van-ban/x/"));
        assert_eq!(safe_relative("").as_deref(), Some(""));
        assert_eq!(
            safe_relative("tin-t%E1%BB%A9c/").as_deref(),
            Some("tin-tức/")
        );
    }

    #[test]
    fn content_types_cover_what_sites_publish() {
        assert_eq!(mime_type("search/x/m/1.json"), "application/json");
        assert_eq!(mime_type("rss.xml"), "application/xml; charset=utf-8");
        assert_eq!(mime_type("a/b.VTT"), "text/vtt; charset=utf-8");
        assert_eq!(mime_type("v.mp4"), "video/mp4");
        assert_eq!(mime_type("site.webmanifest"), "application/manifest+json");
        assert_eq!(
            mime_type("search/engine.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(mime_type("x.bin"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let out = with_reload_script(b"<html><body><p>x</p></body></html>");
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with(&format!("<p>x</p>{SCRIPT_TAG}</body></html>")));
    }
}
