//! Integration: the nginx configuration of `deploy/nginx/` passes `nginx -t` and serves the built
//! example site under the sub-path `/pbgdpl/` on a loopback port with the security headers,
//! MIME types, caching rules, gzip and the 404 page. Skips with a message when nginx is absent,
//! except in CI (`CI` set), where a missing nginx fails: .ci/run installs it.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn nginx_available() -> bool {
    let found = Command::new("nginx")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: nginx không có; .ci/run phải cài gói Debian nginx"
        );
        eprintln!("bỏ qua: không có nginx (apt-get install nginx) để kiểm cấu hình deploy/nginx/");
    }
    found
}

/// The `location` blocks between the BEGIN/END markers of deploy/nginx/pbgdpl.conf, with the
/// web root replaced.
fn site_locations(www: &Path) -> String {
    let conf = std::fs::read_to_string(repo().join("deploy/nginx/pbgdpl.conf")).unwrap();
    let start = conf.find("# --- BEGIN pbgdpl ---").expect("BEGIN marker");
    let end = conf.find("# --- END pbgdpl ---").expect("END marker");
    conf[start..end].replace("root /var/www/html;", &format!("root {};", www.display()))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn open_up(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for dir in walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
    {
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// A raw HTTP/1.1 GET, so the test sees the headers and bytes exactly as nginx sent them.
fn get(port: u16, path: &str, gzip: bool) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let enc = if gzip {
        "Accept-Encoding: gzip\r\n"
    } else {
        ""
    };
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{enc}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn write_conf(tmp: &Path, www: &Path, port: u16) -> PathBuf {
    let conf = tmp.join("conf");
    std::fs::create_dir_all(&conf).unwrap();
    let mime = std::fs::read_to_string("/etc/nginx/mime.types").expect("/etc/nginx/mime.types");
    std::fs::write(conf.join("mime.types"), mime).unwrap();
    std::fs::copy(
        repo().join("deploy/nginx/pbgdpl-http.conf"),
        conf.join("pbgdpl-http.conf"),
    )
    .unwrap();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let t = tmp.display();
    let main = format!(
        "{user}worker_processes 1;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\ndaemon off;\n\
events {{ worker_connections 64; }}\nhttp {{\n  include mime.types;\n  default_type application/octet-stream;\n\
  access_log off;\n  client_body_temp_path {t}/body;\n  proxy_temp_path {t}/proxy;\n  fastcgi_temp_path {t}/fastcgi;\n\
  uwsgi_temp_path {t}/uwsgi;\n  scgi_temp_path {t}/scgi;\n  include pbgdpl-http.conf;\n\
  server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n{locations}\n  }}\n}}\n",
        user = if root { "user root;\n" } else { "" },
        locations = site_locations(www),
    );
    let file = conf.join("nginx.conf");
    std::fs::write(&file, main).unwrap();
    file
}

#[test]
fn nginx_config_passes_nginx_t_and_serves_the_site_under_a_sub_path() {
    if !nginx_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let www = tmp.path().join("www");
    let out = www.join("pbgdpl");
    let o = pbgdpl(&[
        "build",
        repo().join("content-example").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Files the theme does not produce yet, for the MIME rules.
    std::fs::write(out.join("site.webmanifest"), "{}").unwrap();
    std::fs::write(out.join("x.mjs"), "export {};").unwrap();
    std::fs::write(out.join("x.vtt"), "WEBVTT\n").unwrap();
    open_up(tmp.path());
    let port = free_port();
    let conf = write_conf(tmp.path(), &www, port);
    let t = Command::new("nginx")
        .arg("-t")
        .arg("-p")
        .arg(tmp.path())
        .arg("-c")
        .arg(&conf)
        .output()
        .unwrap();
    assert!(
        t.status.success(),
        "nginx -t:\n{}",
        String::from_utf8_lossy(&t.stderr)
    );

    let child = Command::new("nginx")
        .arg("-p")
        .arg(tmp.path())
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not start: {}",
            std::fs::read_to_string(tmp.path().join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let home = get(port, "/pbgdpl/", false);
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), "text/html; charset=utf-8");
    assert!(String::from_utf8_lossy(&home.body).contains("<html lang=\"vi\""));
    for (h, want) in [
        ("Strict-Transport-Security", "max-age=31536000"),
        ("Content-Security-Policy", "script-src 'self'"),
        ("Content-Security-Policy", "frame-ancestors 'self'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Cache-Control", "max-age=300"),
    ] {
        assert!(
            home.header(h).contains(want),
            "{h}: {:?} lacks {want}",
            home.header(h)
        );
    }
    assert_eq!(
        get(port, "/pbgdpl", false)
            .header("Location")
            .rsplit("/pbgdpl")
            .next(),
        Some("/")
    );

    let css = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("pbgdpl.") && n.ends_with(".css"))
        .unwrap();
    let asset = get(port, &format!("/pbgdpl/assets/{css}"), true);
    assert_eq!(asset.status, 200);
    assert_eq!(
        asset.header("Cache-Control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(asset.header("Content-Encoding"), "gzip");
    assert!(asset
        .header("Content-Security-Policy")
        .contains("default-src 'self'"));

    for (path, ty) in [
        ("/pbgdpl/site.webmanifest", "application/manifest+json"),
        ("/pbgdpl/x.vtt", "text/vtt"),
        ("/pbgdpl/x.mjs", "application/javascript"),
        ("/pbgdpl/rss.xml", "xml"),
    ] {
        let r = get(port, path, false);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("Content-Type").contains(ty),
            "{path}: {}",
            r.header("Content-Type")
        );
    }
    let pdf = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    let rel = pdf
        .path()
        .strip_prefix(&out)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        get(port, &format!("/pbgdpl/{rel}"), false).header("Cache-Control"),
        "public, max-age=86400"
    );

    let missing = get(port, "/pbgdpl/khong-co-trang-nay/", false);
    assert_eq!(missing.status, 404);
    let body = String::from_utf8_lossy(&missing.body);
    assert!(
        body.contains("<h1>") && body.contains("lang=\"vi\""),
        "404 page not served: {body}"
    );
    assert!(missing.header("Content-Security-Policy").contains("'self'"));
    assert_eq!(get(port, "/pbgdpl/van-ban/", false).status, 200);
}
