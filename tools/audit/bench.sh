#!/usr/bin/env bash
# Audit time for a generated 20k-line Anchor workspace (20 programs × ~1000 lines, seeded flaws).
#   tools/audit/bench.sh [path/to/osvm]      (OSVM_AUDIT_PYTHON as for osvm audit)
set -euo pipefail
osvm=${1:-.build/release/osvm}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '[workspace]\nmembers = ["programs/*"]\n' > "$dir/Cargo.toml"
fixtures="$(dirname "$0")/../../Tests/AuditTests/Fixtures"
for p in $(seq 1 20); do
  mkdir -p "$dir/programs/p$p/src"
  printf '[package]\nname = "p%s"\nversion = "0.1.0"\n' "$p" > "$dir/programs/p$p/Cargo.toml"
  out="$dir/programs/p$p/src/lib.rs"
  : > "$out"
  while [ "$(wc -l < "$out")" -lt 1000 ]; do
    for f in "$fixtures"/*/*.rs; do sed "s/pub mod \([a-z_]*\)/pub mod \1_$RANDOM/" "$f" >> "$out"; done
  done
done
echo "lines: $(cat "$dir"/programs/*/src/*.rs | wc -l)"
/usr/bin/time -f "wall %es, max RSS %MkB" "$osvm" audit "$dir" --format json --fail-on critical > "$dir/report.json" || true
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary']; print('findings', s['total'], 'parse', s['parse_seconds'], 's analysis', s['analysis_seconds'], 's')" "$dir/report.json"
