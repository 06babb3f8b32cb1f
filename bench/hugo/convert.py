#!/usr/bin/env python3
"""Turn a content-format v1 site into a Hugo site, so the benchmark can build the same content with Hugo.

  convert.py SITE OUT [--assets DIR]

Hugo reads YAML front matter and keeps unknown keys in `.Params`, so the content is copied almost as
is. Per item, four keys Hugo needs are inserted at the top of the front matter (nothing is removed):

  title   tieu_de, or for a van_ban without one "<loai_van_ban> <so_ky_hieu> <trich_yeu>" (as pbgdpl)
  date    ngay_ban_hanh for a van_ban (its lists sort by it, A5-02), else ngay_dang
  nam     [year of ngay_ban_hanh] for a van_ban: the "năm" taxonomy
  loai_muc  the item kind (van_ban, hoi_dap, tai_lieu, page ...), the template to use (Hugo reserves `kind`)

It also writes `hugo.yaml` (site.yaml becomes `params`), an `_index.md` with the menu label for every
section of the fixed table (pbgdpl lists all eleven, even empty), the fixed pages (báo cáo viên,
tuyên truyền viên, liên hệ, liên kết, sơ đồ trang, tìm kiếm), and copies `static/`, `data/` and the
pbgdpl theme's static files (`--assets`), so both outputs carry the same files. Text is NFC-normalised
as pbgdpl does on read. The conversion runs once per site, outside the timed build.
Standard library only (the front matter is edited line by line, not re-serialised).
"""
import argparse
import json
import os
import re
import shutil
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# folder, menu label, Kế hoạch 7296 group, item kind: the same table as src/model/sections.rs.
SECTIONS = [
    ("gioi-thieu", "Giới thiệu", None, "page"),
    ("van-ban", "Văn bản pháp luật", 1, "van_ban"),
    ("chi-dao-huong-dan", "Chỉ đạo, hướng dẫn", 2, "van_ban_or_page"),
    ("hoi-dong-phoi-hop", "Hội đồng phối hợp, báo cáo viên", 3, "hoat_dong"),
    ("hoi-dap", "Hỏi – đáp pháp luật", 4, "hoi_dap"),
    ("doi-thoai", "Đối thoại chính sách", 5, "doi_thoai"),
    ("tai-lieu", "Tài liệu PBGDPL", 6, "tai_lieu"),
    ("thong-ke-bao-cao", "Thống kê, báo cáo", 7, "bao_cao"),
    ("tu-sach", "Tủ sách pháp luật", None, "tai_lieu"),
    ("thi-tim-hieu", "Thi tìm hiểu pháp luật", None, "cuoc_thi"),
    ("tin-tuc", "Tin hoạt động", None, "page"),
]
KIND_OF = {folder: kind for folder, _, _, kind in SECTIONS}

# url, layout, title: the pages pbgdpl writes besides sections, items and taxonomies.
FIXED_PAGES = [
    ("bao-cao-vien", "nguoi", "Báo cáo viên pháp luật"),
    ("tuyen-truyen-vien", "nguoi", "Tuyên truyền viên pháp luật"),
    ("lien-he", "lien-he", "Liên hệ"),
    ("lien-ket", "lien-ket", "Liên kết website"),
    ("so-do-trang", "so-do-trang", "Sơ đồ trang"),
    ("tim-kiem", "tim-kiem", "Tìm kiếm"),
]

TAXONOMIES = {"linh_vuc": "linh_vuc", "loai_van_ban": "loai_van_ban",
              "co_quan_ban_hanh": "co_quan_ban_hanh", "nam": "nam"}
# pbgdpl's URL segments for the taxonomies (src/model/mod.rs Taxonomy::key).
TAXONOMY_URL = {"linh_vuc": "linh-vuc", "loai_van_ban": "loai-van-ban",
                "co_quan_ban_hanh": "co-quan-ban-hanh", "nam": "nam"}

SCALAR = re.compile(r'^([a-z_][a-z0-9_]*):\s*(.*?)\s*$')


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def nfc(text):
    return unicodedata.normalize("NFC", text)


def split_front(text):
    """(front matter lines, rest) of a file that starts with `---`; (None, text) otherwise."""
    if not text.startswith("---"):
        return None, text
    end = text.find("\n---", 3)
    if end < 0:
        return None, text
    after = text.find("\n", end + 4)
    rest = "" if after < 0 else text[after + 1:]
    return text[text.index("\n") + 1:end + 1].splitlines(), rest


def top_level_scalars(lines):
    """Top-level `key: value` pairs whose value is a plain or quoted scalar (enough for the keys we read)."""
    out = {}
    for line in lines:
        m = SCALAR.match(line)
        if not m or not m.group(2) or m.group(2)[0] in "[{|>":
            continue
        v = m.group(2)
        if v[0] == '"':
            try:
                v = json.loads(v)
            except ValueError:
                v = v.strip('"')
        elif v[0] == "'":
            v = v[1:-1].replace("''", "'")
        else:
            v = re.sub(r"\s+#.*$", "", v)
        out[m.group(1)] = v
    return out


def item_kind(section, fields):
    kind = KIND_OF.get(section, "page")
    if kind == "van_ban_or_page":
        return "van_ban" if fields.get("so_ky_hieu") else "page"
    return kind


def hugo_keys(section, fields):
    """The front matter lines Hugo needs for one item."""
    kind = item_kind(section, fields)
    title = fields.get("tieu_de")
    if kind == "van_ban":
        if not title:
            title = " ".join(x for x in (fields.get("loai_van_ban"), fields.get("so_ky_hieu"),
                                         fields.get("trich_yeu")) if x)
        date = fields.get("ngay_ban_hanh") or fields.get("ngay_dang")
    else:
        date = fields.get("ngay_dang")
    lines = [f"title: {q(title or '')}", f"loai_muc: {kind}"]
    if date:
        lines.append(f"date: {date}")
    if kind == "van_ban" and fields.get("ngay_ban_hanh"):
        lines.append(f"nam: [{q(fields['ngay_ban_hanh'][:4])}]")
    return lines


def convert_item(src, dst, section):
    with open(src, encoding="utf-8") as f:
        text = nfc(f.read())
    lines, rest = split_front(text)
    if lines is None:
        sys.exit(f"convert: {src} has no front matter")
    if os.path.basename(src) == "_index.md":
        fields = top_level_scalars(lines)
        extra = [] if "title" in fields else [f"title: {q(fields.get('tieu_de') or section_label(section))}"]
    else:
        extra = hugo_keys(section, top_level_scalars(lines))
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write("---\n" + "\n".join(extra + lines) + "\n---\n" + rest)


def section_label(folder):
    return next((label for f, label, _, _ in SECTIONS if f == folder), folder)


def convert_content(site, out):
    """Copy content/ file by file: Markdown gets the Hugo keys, everything else (bundle files) as is."""
    src_root, dst_root = os.path.join(site, "content"), os.path.join(out, "content")
    count = 0
    for dirpath, _, files in os.walk(src_root):
        rel = os.path.relpath(dirpath, src_root)
        section = rel.split(os.sep)[0] if rel != "." else ""
        os.makedirs(os.path.join(dst_root, rel), exist_ok=True)
        for name in files:
            src, dst = os.path.join(dirpath, name), os.path.join(dst_root, rel, name)
            if name.endswith(".md"):
                convert_item(src, dst, section)
                count += 1
            else:
                shutil.copy2(src, dst)
    return count


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_sections_and_fixed_pages(out):
    for folder, label, group, kind in SECTIONS:
        path = os.path.join(out, "content", folder, "_index.md")
        if not os.path.exists(path):
            write(path, f"---\ntitle: {q(label)}\n---\n")
    for url, layout, title in FIXED_PAGES:
        # build.list never: a fixed page is not an item of the home page's latest list.
        write(os.path.join(out, "content", url + ".md"),
              f"---\ntitle: {q(title)}\nlayout: {layout}\nurl: /{url}/\nbuild: {{list: never}}\n---\n")


def origin(url):
    """`https://host/sub/path/` → `https://host/`. Hugo's relativeURLs breaks links when baseURL has a
    sub-path (every link keeps `/sub/path/` under the `../` prefix), so the Hugo build is based at the
    origin: relative links work as pbgdpl's do, and only absolute URLs (canonical, feeds, sitemap)
    lack the sub-path. The work done is the same."""
    m = re.match(r"^([a-z][a-z0-9+.-]*://[^/]+)", url)
    return m.group(1) + "/" if m else "/"


def hugo_config(site_yaml, theme_dir):
    """hugo.yaml: Hugo's own settings, then site.yaml nested under `params` as is."""
    with open(site_yaml, encoding="utf-8") as f:
        site = nfc(f.read())
    fields = top_level_scalars(site.splitlines())
    base_url = origin(fields.get("base_url") or "/")
    title = fields.get("ten_trang") or ""
    taxonomies = "\n".join(f"  {k}: {v}" for k, v in TAXONOMIES.items())
    tax_links = "\n".join(f"    {k}: /{TAXONOMY_URL[k]}/" for k in TAXONOMIES)
    term_links = "\n".join(f"    {k}: /{TAXONOMY_URL[k]}/:slug/" for k in TAXONOMIES)
    params = "\n".join("  " + line if line.strip() else line for line in site.splitlines())
    return f"""# Written by bench/hugo/convert.py: a content-format v1 site as a Hugo site.
baseURL: {q(base_url)}
title: {q(title)}
locale: vi
defaultContentLanguage: vi
timeZone: Asia/Ho_Chi_Minh
themesDir: {q(os.path.dirname(theme_dir))}
theme: {q(os.path.basename(theme_dir))}
# pbgdpl makes every internal URL relative to the page.
relativeURLs: true
removePathAccents: true
enableRobotsTXT: true
disableHugoGeneratorInject: true
# Term pages are titled by the term as written (Hugo title-cases them by default).
capitalizeListTitles: false
pluralizeListTitles: false
pagination:
  pagerSize: 20
  path: trang
  disableAliases: true
taxonomies:
{taxonomies}
permalinks:
  taxonomy:
{tax_links}
  term:
{term_links}
outputFormats:
  RSS:
    baseName: rss
  Atom:
    mediaType: application/atom+xml
    baseName: atom
    isPlainText: false
    rel: alternate
mediaTypes:
  application/atom+xml:
    suffixes: [xml]
outputs:
  home: [html, rss, atom]
  section: [html, rss, atom]
  taxonomy: [html]
  term: [html]
  page: [html]
services:
  # The feeds list the newest 50 items, as pbgdpl (src/index/feeds.rs FEED_ITEMS).
  rss:
    limit: 50
markup:
  goldmark:
    # pbgdpl renders CommonMark with tables, footnotes and strikethrough; the rest is off.
    extensions:
      definitionList: false
      linkify: false
      taskList: false
      typographer: false
    parser:
      attribute:
        title: true
    renderer:
      unsafe: true
params:
{params}
"""


def copy_tree(src, dst):
    if os.path.isdir(src):
        shutil.copytree(src, dst, dirs_exist_ok=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("site", help="a content-format v1 site (has site.yaml and content/)")
    p.add_argument("out", help="the Hugo site to write (must not exist or be empty)")
    p.add_argument("--theme", default=os.path.join(HERE, "theme"), help="the Hugo theme folder")
    p.add_argument("--assets", help="pbgdpl theme static files (css, js, emblem) to copy into static/")
    a = p.parse_args()
    if not os.path.isfile(os.path.join(a.site, "site.yaml")):
        sys.exit(f"convert: {a.site}/site.yaml not found: not a content-format v1 site")
    if os.path.exists(a.out) and os.listdir(a.out):
        sys.exit(f"convert: {a.out} is not empty")
    os.makedirs(a.out, exist_ok=True)
    n = convert_content(a.site, a.out)
    write_sections_and_fixed_pages(a.out)
    write(os.path.join(a.out, "hugo.yaml"), hugo_config(os.path.join(a.site, "site.yaml"), os.path.abspath(a.theme)))
    copy_tree(os.path.join(a.site, "data"), os.path.join(a.out, "data"))
    copy_tree(os.path.join(a.site, "static"), os.path.join(a.out, "static"))
    if a.assets:
        copy_tree(a.assets, os.path.join(a.out, "static"))
    print(f"convert: {n} Markdown files → {a.out}")


if __name__ == "__main__":
    main()
