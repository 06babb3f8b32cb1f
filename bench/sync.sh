#!/usr/bin/env bash
# Sync figures for issue 5: a commune site imports 10,000 items from a local source (the built
# output of `make-site scale --items 10000`), then syncs again (nothing changed).
# Prints time, requests and bytes of both runs. Usage: bench/sync.sh [ITEMS] (default 10000).
# Uses target/release/pbgdpl when present, else builds the debug binary.
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS="${1:-10000}"
BIN=target/release/pbgdpl
[ -x "$BIN" ] || { cargo build -q; BIN=target/debug/pbgdpl; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
SRC="bench/sites/scale-$ITEMS"
if [ ! -f "$SRC/site.yaml" ]; then
  SRC="$WORK/scale"
  python3 ../shared/corpus/make-site scale --items "$ITEMS" --out "$SRC" >/dev/null
fi
echo "nguồn: $SRC ($ITEMS mục), chương trình: $BIN"
SOURCE_DATE_EPOCH=1780000000 CI=true "$BIN" build "$SRC" -o "$WORK/nguon-out" 2>/dev/null | tail -1
du -sh "$WORK/nguon-out/api/v1" | sed 's/^/api\/v1: /'
mkdir -p "$WORK/xa/content"
cat > "$WORK/xa/site.yaml" <<YAML
ten_trang: Trang thông tin phổ biến, giáo dục pháp luật xã
co_quan: {ten_day_du: Ủy ban nhân dân xã Thử}
base_url: https://xa.example.gov.vn/
dong_bo:
  - ten: Sở Tư pháp
    nguon: $WORK/nguon-out
YAML
for run in 1 2; do
  echo "--- lần $run"
  /usr/bin/time -f "thời gian: %e s, bộ nhớ tối đa: %M KB" "$BIN" sync "$WORK/xa" | tail -3
done
echo "--- dựng trang xã sau khi lấy về"
CI=true "$BIN" build "$WORK/xa" -o "$WORK/xa-out" 2>/dev/null | tail -1
