#!/usr/bin/env bash
# Live-preview benchmark: time from saving a file to the reload event of `pbgdpl serve`.
#
#   bench/serve.sh [--items 10000] [--edits 20] [--no-build]
#
# Uses bench/sites/scale-N (generated once with the corpus's make-site, as bench/build.sh does),
# copies it to a temporary folder (the edits must not touch the shared bench site), starts
# target/release/pbgdpl serve on a free port, opens the event stream as a browser would for one
# item page, then:
#   1. edits that item --edits times (a new sentence each time), measuring save → `reload`;
#   2. changes a template 5 times (a site override of item.html), measuring save → `reload`
#      (the open page is re-rendered first) and save → status line (every page re-rendered).
# Prints median and p90 of each, and the load average before and after.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="$REPO/../shared/corpus"
items=10000 edits=20 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items="$2"; shift 2 ;;
    --edits) edits="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ "$build" = 1 ] && (cd "$REPO" && cargo build --release --quiet)
BIN="$REPO/target/release/pbgdpl"
SITE="$REPO/bench/sites/scale-$items"
if [ ! -d "$SITE" ]; then
  mkdir -p "$REPO/bench/sites"
  python3 "$CORPUS/make-site" scale --items "$items" --out "$SITE"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$SITE" "$WORK/site"
rm -rf "$WORK/site/public"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)  cores: $(nproc)"
python3 - "$BIN" "$WORK/site" "$edits" "$REPO" <<'PY'
import os, socket, subprocess, sys, threading, time, queue, statistics, re, glob

binary, site, edits, repo = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
env = dict(os.environ, SOURCE_DATE_EPOCH="1780000000")
t_start = time.monotonic()
# With PBGDPL_TIMINGS set, serve's per-step times go to this script's stderr.
proc = subprocess.Popen([binary, "serve", "--port", "0", site], stdout=subprocess.PIPE,
                        stderr=None if "PBGDPL_TIMINGS" in os.environ else subprocess.DEVNULL,
                        text=True, env=env)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in proc.stdout], daemon=True).start()
addr = base = None
while addr is None:
    l = lines.get(timeout=600)
    if "tại http://" in l:
        url = l.split("tại http://")[1].strip()
        addr, base = url.split("/", 1)
        base = "/" + base
print(f"first build + start: {time.monotonic() - t_start:.1f} s")

# The item to edit: the first news item, at content/tin-tuc/<slug>.md → <base>tin-tuc/<slug>/.
item = sorted(glob.glob(os.path.join(site, "content/tin-tuc/*.md")))
item = [p for p in item if not p.endswith("_index.md")][0]
slug = os.path.basename(item)[:-3]
page = f"{base}tin-tuc/{slug}/"
host, port = addr.rsplit(":", 1)
events = queue.Queue()

def listen():
    s = socket.create_connection((host, int(port)))
    s.sendall(f"GET /__pbgdpl/events?path={page} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    f = s.makefile("r", encoding="utf-8")
    name = None
    for line in f:
        line = line.rstrip("\r\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.put((time.monotonic(), name))

threading.Thread(target=listen, daemon=True).start()
while events.get(timeout=60)[1] != "hello":
    pass

def wait_for(name, since):
    while True:
        t, n = events.get(timeout=120)
        if n == name and t >= since:
            return t

def wait_line(pattern):
    while True:
        l = lines.get(timeout=300)
        if re.search(pattern, l):
            return l

def drain():
    while not lines.empty():
        lines.get()

def stats(xs):
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]
    return f"median {statistics.median(xs):.0f} ms, p90 {p90:.0f} ms, min {xs[0]:.0f}, max {xs[-1]:.0f} (n={len(xs)})"

text = open(item, encoding="utf-8").read()
item_ms, item_lines = [], []
for i in range(edits):
    time.sleep(0.6)   # let the background search index of the previous edit settle a little
    drain()
    t0 = time.monotonic()
    with open(item, "w", encoding="utf-8") as f:
        f.write(text + f"\nCâu thêm số {i} để đo thời gian xem trước.\n")
    item_ms.append((wait_for("reload", t0) - t0) * 1000)
    item_lines.append(wait_line("dựng lại"))
print("item edit, save → reload event:", stats(item_ms))
print("  e.g.:", item_lines[-1])

theme = open(os.path.join(repo, "themes/default/templates/item.html"), encoding="utf-8").read()
os.makedirs(os.path.join(site, "templates"), exist_ok=True)
tpl_reload, tpl_done = [], []
for i in range(5):
    time.sleep(2.0)
    drain()
    t0 = time.monotonic()
    with open(os.path.join(site, "templates/item.html"), "w", encoding="utf-8") as f:
        f.write(theme.replace("<h1>", f'<h1 class="lan-{i}">', 1))
    tpl_reload.append((wait_for("reload", t0) - t0) * 1000)
    line = wait_line("dựng lại")
    tpl_done.append((time.monotonic() - t0) * 1000)
print("template change, save → reload event:", stats(tpl_reload))
print("template change, save → every page re-rendered:", stats(tpl_done))
print("  e.g.:", line)
proc.terminate()
proc.wait()
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
