//! Reading a source, bounded: over HTTP(S) with connect and overall timeouts and a byte cap
//! per response (checked on `Content-Length` and while reading), or from a local folder
//! without leaving it. Counts requests and bytes for the summary.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest response accepted (JSON, feed or attachment).
    pub max_response_bytes: u64,
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_response_bytes: 5 * 1024 * 1024,
            timeout: Duration::from_secs(20),
        }
    }
}

/// Where a source's files come from: a web root (ends with `/`) or a folder.
pub enum Fetcher {
    Web { root: String, agent: ureq::Agent },
    Folder { root: PathBuf },
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Counters {
    pub requests: u64,
    pub bytes: u64,
}

impl Fetcher {
    pub fn web(root: &str, limits: &Limits) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(limits.timeout.min(Duration::from_secs(10))))
            .timeout_global(Some(limits.timeout))
            .http_status_as_error(false)
            .max_redirects(3)
            .build();
        Fetcher::Web {
            root: root.to_string(),
            agent: config.into(),
        }
    }

    /// Reads `rel` (relative to the source root), at most `limits.max_response_bytes`.
    pub fn get(&self, rel: &str, limits: &Limits, count: &mut Counters) -> Result<Vec<u8>, String> {
        count.requests += 1;
        let bytes = match self {
            Fetcher::Web { root, agent } => web_get(agent, &format!("{root}{rel}"), limits)?,
            Fetcher::Folder { root } => folder_get(root, rel, limits)?,
        };
        count.bytes += bytes.len() as u64;
        Ok(bytes)
    }

    pub fn describe(&self, rel: &str) -> String {
        match self {
            Fetcher::Web { root, .. } => format!("{root}{rel}"),
            Fetcher::Folder { root } => root.join(rel).display().to_string(),
        }
    }
}

fn too_big(limits: &Limits) -> String {
    format!(
        "dữ liệu nhận về lớn hơn giới hạn {} MB nên bị từ chối",
        limits.max_response_bytes / (1024 * 1024)
    )
}

fn web_get(agent: &ureq::Agent, url: &str, limits: &Limits) -> Result<Vec<u8>, String> {
    let mut resp = agent.get(url).call().map_err(|e| match e {
        ureq::Error::Timeout(_) => format!(
            "hết thời gian chờ ({} giây) khi tải {url}",
            limits.timeout.as_secs()
        ),
        other => format!("không tải được {url}: {other}"),
    })?;
    let status = resp.status().as_u16();
    if status != 200 {
        return Err(format!("máy chủ trả về mã {status} cho {url}"));
    }
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_response_bytes) {
        return Err(format!("{} ({url})", too_big(limits)));
    }
    let mut out = Vec::new();
    resp.body_mut()
        .with_config()
        .limit(limits.max_response_bytes + 1)
        .reader()
        .take(limits.max_response_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            let text = e.to_string();
            if text.contains("limit") {
                format!("{} ({url})", too_big(limits))
            } else if text.to_lowercase().contains("timeout")
                || text.to_lowercase().contains("timed out")
            {
                format!(
                    "hết thời gian chờ ({} giây) khi tải {url}",
                    limits.timeout.as_secs()
                )
            } else {
                format!("lỗi khi đọc {url}: {text}")
            }
        })?;
    if out.len() as u64 > limits.max_response_bytes {
        return Err(format!("{} ({url})", too_big(limits)));
    }
    Ok(out)
}

/// `rel` must stay inside `root`: no `..`, no absolute path, no symlink leading out.
fn folder_get(root: &Path, rel: &str, limits: &Limits) -> Result<Vec<u8>, String> {
    let rel_path = Path::new(rel);
    if rel.contains('\\')
        || rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "đường dẫn \"{rel}\" đi ra ngoài thư mục nguồn nên bị từ chối"
        ));
    }
    let path = root.join(rel_path);
    let canon_root = root
        .canonicalize()
        .map_err(|e| format!("không mở được thư mục nguồn {}: {e}", root.display()))?;
    let canon = path
        .canonicalize()
        .map_err(|_| format!("không có tệp {}", path.display()))?;
    if !canon.starts_with(&canon_root) {
        return Err(format!(
            "tệp {} nằm ngoài thư mục nguồn nên bị từ chối",
            path.display()
        ));
    }
    let meta =
        std::fs::metadata(&canon).map_err(|e| format!("không đọc được {}: {e}", path.display()))?;
    if meta.len() > limits.max_response_bytes {
        return Err(format!("{} ({})", too_big(limits), path.display()));
    }
    std::fs::read(&canon).map_err(|e| format!("không đọc được {}: {e}", path.display()))
}
