#!/usr/bin/env bash
# bench/search-cost.sh — what the search index adds to a build (issue 3: at most 20 % of wall time).
#
#   bench/search-cost.sh [--runs 5] [--bin PATH] [SITE]
#
# Builds SITE (default bench/sites/scale-10000) with target/release/pbgdpl (or --bin / $PBGDPL),
# alternating a normal build and one with PBGDPL_SKIP_SEARCH_INDEX=1 (the indexer left out,
# everything else the same), each into a fresh output folder under /usr/bin/time, after one
# untimed warm-up of each kind; every build into a folder of its own. Prints the median wall time and CPU time (user+sys) of both and
# the ratios (with index / without). The machine is shared: read the CPU ratio as the cost (on
# two cores the indexer's CPU time turns into wall time when the page renderers keep both
# cores busy), and the wall ratio as what this run happened to see.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
runs=5
bin="${PBGDPL:-$REPO/target/release/pbgdpl}"
site="$BENCH/sites/scale-10000"

die() { echo "search-cost.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) [ $# -ge 2 ] || die "--runs needs a value"; runs="$2"; shift 2 ;;
        --bin) [ $# -ge 2 ] || die "--bin needs a value"; bin="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) site="$1"; shift ;;
    esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, got: $runs"
[ -x "$bin" ] || die "no pbgdpl binary at $bin (cargo build --release, or --bin PATH)"
[ -f "$site/site.yaml" ] || die "no site at $site (python3 ../shared/corpus/make-site scale --items 10000 --out $site)"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: apt-get install time"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000

# one_build KIND: appends "wall cpu" of one build to $tmp/KIND.
# Every build gets a new folder, deleted only at the end, after a sync: deleting a tree right
# before a build slows the next one's file creation on ext4 without a journal, and more so for
# the build with more files (bench/README.md, "Method").
builds=0
one_build() {
    local kind="$1" skip=""
    builds=$((builds + 1))
    local out="$tmp/out-$kind-$builds"
    [ "$kind" = without ] && skip=1
    sync
    PBGDPL_SKIP_SEARCH_INDEX="$skip" /usr/bin/time -f '%e %U %S' -o "$tmp/t" \
        "$bin" build "$site" -o "$out" >/dev/null 2>"$tmp/err" \
        || { cat "$tmp/err" >&2; die "build failed ($kind)"; }
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$tmp/t" >>"$tmp/$kind"
}

one_build with; one_build without          # warm-up: page cache, output folder
: >"$tmp/with"; : >"$tmp/without"
for i in $(seq "$runs"); do
    one_build with
    one_build without
    echo "run $i/$runs: with $(tail -1 "$tmp/with"), without $(tail -1 "$tmp/without") (wall cpu, s)" >&2
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { cut -d' ' -f"$2" "$tmp/$1" | median; }
ww=$(col with 1); wc=$(col with 2); ow=$(col without 1); oc=$(col without 2)
printf '%-24s %10s %10s\n' "$(basename "$site"), $runs runs" "wall s" "cpu s"
printf '%-24s %10s %10s\n' "with search index" "$ww" "$wc"
printf '%-24s %10s %10s\n' "without (SKIP=1)" "$ow" "$oc"
awk -v ww="$ww" -v wc="$wc" -v ow="$ow" -v oc="$oc" 'BEGIN {
    printf "%-24s %9.1f%% %9.1f%%\n", "added (ratio of medians)", 100 * (ww - ow) / ow, 100 * (wc - oc) / oc
}'
# The two medians can come from runs far apart on a shared machine; the ratio within each
# pair (built one after the other) is the steadier figure.
pair_ratio() { paste -d' ' "$tmp/with" "$tmp/without" | awk -v c="$1" '{ print $c / $(c + 2) }' | median; }
awk -v w="$(pair_ratio 1)" -v c="$(pair_ratio 2)" 'BEGIN {
    printf "%-24s %9.1f%% %9.1f%%\n", "added (median per pair)", 100 * (w - 1), 100 * (c - 1)
}'
