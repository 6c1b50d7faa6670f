#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of fuzz/ (see fuzz/README.md).
#
#   scripts/fuzz.sh [--time SECONDS_PER_TARGET] [--jobs N] [--keep-going] [--leaks]
#                   [--minimize] [--build-only] [--triage] [TARGET...]
#
# Targets: reader eval json printer rpc http differential tooling (default: all). Each runs for
# --time seconds (default 60) with -timeout=1 -rss_limit_mb=2048 -max_len=8192; the
# working corpus lives in .build-fuzz/corpus/<target>, crashes/timeouts/leaks/OOMs land
# in .build-fuzz/artifacts/<target>/. Exit status 1 when any target found one.
#
#   --jobs N       N fuzzing processes per target (libFuzzer -fork=N)
#   --keep-going   do not stop at the first crash: collect every distinct one (fork mode,
#                  -ignore_crashes/-ignore_timeouts/-ignore_ooms)
#   --leaks        also report leaks in eval/differential (off by default: the evaluator
#                  leaks reference cycles of recursive closures, see fuzz/README.md)
#   --minimize     minimize each new crash/timeout artifact (-minimize_crash=1, 30 s each)
#   --build-only   build the targets and stop
#   --triage       do not fuzz: rerun every saved artifact and group them by signature
#                  (sanitizer report / Swift runtime failure + first project frames)
#
# Environment: FUZZ_SOURCE_ROOT=DIR fuzzes the Sources/ of another checkout (e.g. a clean
# `git worktree` of HEAD); FUZZ_BUILD_DIR=DIR builds and runs there instead of
# .build-fuzz (keep two builds apart); SWIFTC=path picks the compiler.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC_ROOT="${FUZZ_SOURCE_ROOT:-$ROOT}"
SRC_ROOT="$(cd "$SRC_ROOT" && pwd)"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/.build-fuzz}"
SWIFTC="${SWIFTC:-swiftc}"
ALL_TARGETS=(reader eval json printer rpc http differential tooling)

TIME=60
JOBS=1
KEEP_GOING=0
LEAKS=0
MINIMIZE=0
BUILD_ONLY=0
TRIAGE=0
TARGETS=()

die() { echo "fuzz.sh: $*" >&2; exit 2; }
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --time) [ $# -ge 2 ] || die "--time needs a value"; TIME="$2"; shift 2 ;;
    --time=*) TIME="${1#*=}"; shift ;;
    --jobs) [ $# -ge 2 ] || die "--jobs needs a value"; JOBS="$2"; shift 2 ;;
    --jobs=*) JOBS="${1#*=}"; shift ;;
    --keep-going) KEEP_GOING=1; shift ;;
    --leaks) LEAKS=1; shift ;;
    --minimize) MINIMIZE=1; shift ;;
    --build-only) BUILD_ONLY=1; shift ;;
    --triage) TRIAGE=1; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[[ "$TIME" =~ ^[0-9]+$ ]] && [ "$TIME" -gt 0 ] || die "--time must be a positive number of seconds"
[[ "$JOBS" =~ ^[0-9]+$ ]] && [ "$JOBS" -gt 0 ] || die "--jobs must be a positive number"
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
for t in "${TARGETS[@]}"; do
  [ -f "$ROOT/fuzz/$t.swift" ] || die "unknown target '$t' (targets: ${ALL_TARGETS[*]})"
done

command -v "$SWIFTC" >/dev/null 2>&1 || die "swiftc not found (install a Swift 6 toolchain or set SWIFTC)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found (coreutils)"

# No Swift runtime backtracer: it would run (and can hang) before libFuzzer's handler.
export SWIFT_BACKTRACE=enable=no
# Swift globals initialized once are not leaks (see fuzz/lsan.supp).
export LSAN_OPTIONS="suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Symbolized sanitizer stacks.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  sym="$(dirname "$(command -v "$SWIFTC")")/llvm-symbolizer"
  [ -x "$sym" ] && export ASAN_SYMBOLIZER_PATH="$sym"
fi

OPT=(-O -g)
COMMON=(-sanitize=fuzzer,address -enforce-exclusivity=unchecked -use-ld=lld)
mkdir -p "$BUILD/lib" "$BUILD/bin" "$BUILD/logs" "$BUILD/probe" || die "cannot create $BUILD"

hash_of() { # files... → one hash of compiler, flags, names and contents
  { "$SWIFTC" --version 2>&1; echo "${OPT[*]} ${COMMON[*]}"; for f in "$@"; do echo "== $f"; cat "$f"; done; } | sha256sum | cut -c1-16
}

# --- 1. does this toolchain fuzz? --------------------------------------------------------
probe_key="$( { "$SWIFTC" --version 2>&1; echo "${COMMON[*]}"; } | sha256sum | cut -c1-16)"
if [ "$(cat "$BUILD/probe/ok" 2>/dev/null)" != "$probe_key" ]; then
  cat > "$BUILD/probe/probe.swift" <<'EOF'
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { size > 100_000 ? 1 : 0 }
EOF
  if ! "$SWIFTC" -parse-as-library "${COMMON[@]}" "$BUILD/probe/probe.swift" -o "$BUILD/probe/probe" >"$BUILD/probe/log" 2>&1 \
     || ! "$BUILD/probe/probe" -runs=10 >>"$BUILD/probe/log" 2>&1; then
    cat "$BUILD/probe/log" >&2
    echo >&2
    die "'$SWIFTC -sanitize=fuzzer,address' does not work with this toolchain. libFuzzer ships with the
  swift.org Linux toolchains (not with Xcode's swiftc on macOS); install one from https://swift.org/install."
  fi
  echo "$probe_key" > "$BUILD/probe/ok"
fi

# --- 2. build ----------------------------------------------------------------------------
# build_lib NAME HASH-DEPS -- extra flags -- files...: a static library + module, skipped
# when the hash of its sources (and of the libraries it imports) did not change.
build_lib() {
  local name="$1" deps="$2"; shift 2
  local flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done; shift
  local dir="$BUILD/lib/$name" key
  key="$(hash_of "$@")-$deps"
  if [ "$(cat "$dir/hash" 2>/dev/null)" = "$key" ]; then echo "$key"; return 0; fi
  echo "building $name (${#@} files)..." >&2
  local start=$SECONDS tmp="$BUILD/lib/.$name.tmp"
  rm -rf "$tmp" && mkdir -p "$tmp"
  if ! (cd "$tmp" && "$SWIFTC" -module-name "$name" -parse-as-library -emit-library -static -wmo \
        -emit-module -emit-module-path "$tmp/$name.swiftmodule" "${OPT[@]}" "${COMMON[@]}" "${flags[@]}" \
        -I "$BUILD/lib/OVSMKit" "$@" -o "$tmp/lib$name.a") >&2; then
    echo "fuzz.sh: building $name failed" >&2; return 1
  fi
  rm -rf "$dir" && mv "$tmp" "$dir" && echo "$key" > "$dir/hash"
  echo "built $name in $((SECONDS - start)) s" >&2
  echo "$key"
}

mapfile -t OVSM_SOURCES < <(find "$SRC_ROOT/Sources/OVSMKit" -name '*.swift' | LC_ALL=C sort)
[ ${#OVSM_SOURCES[@]} -gt 0 ] || die "no sources in $SRC_ROOT/Sources/OVSMKit"
OVSM_KEY="$(build_lib OVSMKit none -- "${OVSM_SOURCES[@]}")" || exit 2

TOOLING_KEY=""
for t in "${TARGETS[@]}"; do
  if [ "$t" = tooling ] && [ -z "$TOOLING_KEY" ]; then
    mapfile -t TOOLING_SOURCES < <(find "$SRC_ROOT/Sources/OVSMTooling" -name '*.swift' | LC_ALL=C sort)
    TOOLING_KEY="$(build_lib OVSMTooling "$OVSM_KEY" -- "${TOOLING_SOURCES[@]}")" || exit 2
  fi
done

need_chain=0
for t in "${TARGETS[@]}"; do [ "$t" = rpc ] || [ "$t" = http ] && need_chain=1; done
CHAIN_KEY=""
if [ $need_chain = 1 ]; then
  # Chain imports OSVMSettings, which reads config.yml with the Yams package: build the
  # three from source here with the fuzz flags (libyaml's C with clang, uninstrumented — it is
  # not what we fuzz). Yams comes from SwiftPM's checkout (`swift package resolve` fetches it).
  YAMS_DIR="$SRC_ROOT/.build/checkouts/Yams/Sources"
  if [ ! -d "$YAMS_DIR" ]; then (cd "$SRC_ROOT" && swift package resolve >&2) || die "cannot fetch the Yams package"; fi
  CLANG="$(dirname "$(command -v "$SWIFTC")")/clang"
  [ -x "$CLANG" ] || CLANG=clang
  cyaml="$BUILD/lib/CYaml" cyaml_key="$(hash_of "$YAMS_DIR"/CYaml/src/*.c)"
  if [ "$(cat "$cyaml/hash" 2>/dev/null)" != "$cyaml_key" ]; then
    echo "building CYaml..." >&2
    rm -rf "$cyaml" && mkdir -p "$cyaml"
    for c in "$YAMS_DIR"/CYaml/src/*.c; do
      "$CLANG" -O2 -c -I "$YAMS_DIR/CYaml/include" -DYAML_DECLARE_STATIC "$c" -o "$cyaml/$(basename "$c" .c).o" \
        || die "building CYaml failed"
    done
    ar rcs "$cyaml/libCYaml.a" "$cyaml"/*.o && echo "$cyaml_key" > "$cyaml/hash"
  fi
  # COpenSSL: the lazy OpenSSL loader (C, uninstrumented like libyaml).
  copenssl="$BUILD/lib/COpenSSL"
  copenssl_key="$(hash_of "$SRC_ROOT"/Sources/COpenSSL/lazy.c "$SRC_ROOT"/Sources/COpenSSL/include/* \
    "$SRC_ROOT"/Sources/CLazyLibrary/lazy_library.c "$SRC_ROOT"/Sources/CLazyLibrary/include/*)"
  if [ "$(cat "$copenssl/hash" 2>/dev/null)" != "$copenssl_key" ]; then
    rm -rf "$copenssl" && mkdir -p "$copenssl"
    for c in COpenSSL/lazy.c CLazyLibrary/lazy_library.c; do
      "$CLANG" -O2 -c -I "$SRC_ROOT/Sources/COpenSSL/include" -I "$SRC_ROOT/Sources/CLazyLibrary/include" \
        "$SRC_ROOT/Sources/$c" -o "$copenssl/$(basename "$c" .c).o" || die "building COpenSSL failed"
    done
    ar rcs "$copenssl/libCOpenSSL.a" "$copenssl"/*.o && echo "$copenssl_key" > "$copenssl/hash"
  fi
  mapfile -t YAMS_SOURCES < <(find "$YAMS_DIR/Yams" -name '*.swift' | LC_ALL=C sort)
  YAMS_KEY="$(build_lib Yams "$cyaml_key" -D SWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -I "$YAMS_DIR/CYaml/include" -- "${YAMS_SOURCES[@]}")" || exit 2
  mapfile -t SETTINGS_SOURCES < <(find "$SRC_ROOT/Sources/OSVMSettings" -name '*.swift' | LC_ALL=C sort)
  SETTINGS_KEY="$(build_lib OSVMSettings "$YAMS_KEY" -I "$BUILD/lib/Yams" -I "$YAMS_DIR/CYaml/include" \
    -- "${SETTINGS_SOURCES[@]}")" || exit 2
  mapfile -t CHAIN_SOURCES < <(find "$SRC_ROOT/Sources/Chain" -name '*.swift' | LC_ALL=C sort)
  # -enable-testing: the target reaches the internal decoders with @testable import.
  CHAIN_KEY="$(build_lib Chain "$OVSM_KEY-$SETTINGS_KEY-$copenssl_key" -enable-testing -I "$SRC_ROOT/Sources/COpenSSL/include" \
    -I "$SRC_ROOT/Sources/CLazyLibrary/include" -I "$BUILD/lib/OSVMSettings" -I "$BUILD/lib/Yams" -I "$YAMS_DIR/CYaml/include" -- "${CHAIN_SOURCES[@]}")" || exit 2
fi

build_target() {
  local t="$1" src="$ROOT/fuzz/$1.swift" bin="$BUILD/bin/$1" key libs=(-L "$BUILD/lib/OVSMKit" -lOVSMKit)
  local incs=(-I "$BUILD/lib/OVSMKit")
  if [ "$t" = rpc ] || [ "$t" = http ]; then
    incs+=(-I "$BUILD/lib/Chain" -I "$SRC_ROOT/Sources/COpenSSL/include" -I "$SRC_ROOT/Sources/CLazyLibrary/include" -I "$BUILD/lib/OSVMSettings" -I "$BUILD/lib/Yams"
           -I "$YAMS_DIR/CYaml/include")
    libs=(-L "$BUILD/lib/Chain" -lChain -L "$BUILD/lib/OSVMSettings" -lOSVMSettings -L "$BUILD/lib/Yams" -lYams
          -L "$BUILD/lib/CYaml" -lCYaml -L "$BUILD/lib/COpenSSL" -lCOpenSSL "${libs[@]}")
  fi
  if [ "$t" = tooling ]; then
    incs+=(-I "$BUILD/lib/OVSMTooling")
    libs=(-L "$BUILD/lib/OVSMTooling" -lOVSMTooling "${libs[@]}")
  fi
  key="$(hash_of "$src" "${SUPPORT[@]}")-$OVSM_KEY"
  if [ "$t" = tooling ]; then key="$key-$TOOLING_KEY"; fi
  if [ "$t" = rpc ] || [ "$t" = http ]; then key="$key-$CHAIN_KEY"; fi
  if [ -x "$bin" ] && [ "$(cat "$bin.hash" 2>/dev/null)" = "$key" ]; then return 0; fi
  echo "linking $t..."
  if ! "$SWIFTC" -module-name "fuzz_$t" -parse-as-library "${OPT[@]}" "${COMMON[@]}" "${incs[@]}" "$src" "${SUPPORT[@]}" \
       "${libs[@]}" -o "$bin.tmp"; then
    echo "fuzz.sh: building target $t failed" >&2; return 1
  fi
  mv "$bin.tmp" "$bin" && echo "$key" > "$bin.hash"
}
# Helpers compiled into every target.
mapfile -t SUPPORT < <(find "$ROOT/fuzz/Support" -name '*.swift' 2>/dev/null | LC_ALL=C sort)
for t in "${TARGETS[@]}"; do build_target "$t" || exit 2; done
[ $BUILD_ONLY = 1 ] && { echo "built: ${TARGETS[*]} in $BUILD/bin"; exit 0; }

asan_options_for() { # target → ASAN_OPTIONS
  # fast_unwind_on_fatal=0: complete stacks through the Swift runtime in reports.
  local o="abort_on_error=0:symbolize=1:handle_abort=1:allocator_may_return_null=1:fast_unwind_on_fatal=0"
  if { [ "$1" = eval ] || [ "$1" = differential ]; } && [ $LEAKS = 0 ]; then o="$o:detect_leaks=0"; fi
  echo "$o${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
}

# --- triage: group the artifacts of each target by crash signature ----------------------
# signature = kind (sanitizer error, Swift runtime failure, timeout, leak, oom) + the first
# frames in the project's sources, demangled.
signature() { # target artifact → one line
  local t="$1" a="$2" log kind frames
  log="$(ASAN_OPTIONS="$(asan_options_for "$t")" "$BUILD/bin/$t" -timeout=1 -rss_limit_mb=2048 "$a" 2>&1)"
  kind="$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+( on| of)?' <<<"$log" | sed -E 's/^ERROR: //; s/ (on|of)$//')"
  [ -n "$kind" ] || kind="$(grep -m1 -oE 'ERROR: [A-Za-z]+' <<<"$log")"
  if [ -z "$kind" ]; then echo "no failure on rerun"; return; fi
  local demangle=(cat)
  command -v swift-demangle >/dev/null 2>&1 && demangle=(swift-demangle --simplified)
  # A timeout's stack is the one the watchdog (fuzz/Support/Watchdog.swift) printed.
  local stack="$log"
  case "$kind" in *timeout*) stack="$(sed -n '/==fuzz watchdog==/,/^$/p' <<<"$log")" ;; esac
  frames="$(grep -E '^ +#[0-9]+ 0x' <<<"$stack" | "${demangle[@]}" \
    | grep -E 'Swift runtime failure|/Sources/|/fuzz/' | grep -vE 'LargeStack|fuzz\(_:_:\)|Watchdog' \
    | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //; s/ \/[^ ]*\/(Sources|fuzz)\// \1\//; s/:[0-9]+(:[0-9]+)?$//; s/^specialized //' \
    | awk '!seen[$0]++' | head -3 | paste -sd '|' | sed 's/|/ <- /g')"
  case "$kind" in *out-of-memory*) frames="" ;; esac
  echo "$kind${frames:+ @ $frames}"
}

if [ $TRIAGE = 1 ]; then
  SCRIPT_KEY="$(sha256sum "$0" | cut -c1-8)"
  for t in "${TARGETS[@]}"; do
    art="$BUILD/artifacts/$t"
    files=()
    while IFS= read -r f; do files+=("$f"); done < <(ls -1 "$art" 2>/dev/null | grep -E '^(crash|timeout|leak|oom)-')
    [ ${#files[@]} -gt 0 ] || continue
    echo "== $t: ${#files[@]} artifact(s)"
    declare -A SIG_COUNT=() SIG_BEST=()
    for f in "${files[@]}"; do
      # Cached per artifact and per build of the target (a rebuild may have fixed it).
      binkey="$(cat "$BUILD/bin/$t.hash")-$SCRIPT_KEY"
      if [ "$(head -1 "$art/.sig/$f" 2>/dev/null)" = "$binkey" ]; then sig="$(sed -n 2p "$art/.sig/$f")"; else
        sig="$(signature "$t" "$art/$f")"
        mkdir -p "$art/.sig" && printf '%s\n%s\n' "$binkey" "$sig" > "$art/.sig/$f"
      fi
      SIG_COUNT[$sig]=$(( ${SIG_COUNT[$sig]:-0} + 1 ))
      best="${SIG_BEST[$sig]:-}"
      if [ -z "$best" ] || [ "$(wc -c <"$art/$f")" -lt "$(wc -c <"$art/$best")" ]; then SIG_BEST[$sig]="$f"; fi
    done
    for sig in "${!SIG_COUNT[@]}"; do
      echo "  [${SIG_COUNT[$sig]}] $sig"
      echo "      smallest: $art/${SIG_BEST[$sig]} ($(wc -c <"$art/${SIG_BEST[$sig]}") bytes)"
    done
    unset SIG_COUNT SIG_BEST
  done
  exit 0
fi

# --- 3. seeds ----------------------------------------------------------------------------
# Copied (only the files we want, renamed to avoid clashes, made writable) so that a
# read-only ../shared is never written to: libFuzzer writes only to the first corpus dir.
make_seeds() {
  local t="$1" dir="$BUILD/seeds/$1" n=0
  rm -rf "$dir" && mkdir -p "$dir"
  copy() { # prefix files...
    local p="$1"; shift
    for f in "$@"; do [ -f "$f" ] && cat "$f" > "$dir/$p-$(basename "$f")" && n=$((n + 1)); done
  }
  case "$t" in
    reader|eval|printer|differential|tooling)
      shopt -s nullglob
      copy conf "$ROOT/../shared/conformance/ovsm/"*.ovsm
      copy case "$ROOT/Tests/ovsm-cases/"*.ovsm
      copy example "$ROOT/Examples/"*.ovsm
      copy extra "$ROOT/fuzz/seeds/ovsm/"*
      shopt -u nullglob
      [ -d "$ROOT/../shared/conformance/ovsm" ] || echo "note: ../shared/conformance/ovsm not found; fewer seeds" >&2 ;;
    json) shopt -s nullglob; copy json "$ROOT/fuzz/seeds/json/"*; shopt -u nullglob ;;
    rpc) shopt -s nullglob; copy rpc "$ROOT/fuzz/seeds/rpc/"*; shopt -u nullglob ;;
    http) shopt -s nullglob; copy http "$ROOT/fuzz/seeds/http/"*; shopt -u nullglob ;;
  esac
  echo "$n"
}

dict_for() {
  case "$1" in
    json|rpc) echo "$ROOT/fuzz/dicts/json.dict" ;;
    http) echo "$ROOT/fuzz/dicts/http.dict" ;;
    *) echo "$ROOT/fuzz/dicts/ovsm.dict" ;;
  esac
}

# --- 4. run ------------------------------------------------------------------------------
declare -A R_EXECS R_RATE R_COV R_FT R_CORP R_RESULT
found_any=0

artifacts() { ls -1 "$1" 2>/dev/null | grep -E '^(crash|timeout|leak|oom)-' | grep -v '^minimized-' | sort; }

run_target() {
  local t="$1" bin="$BUILD/bin/$1" corpus="$BUILD/corpus/$1" art="$BUILD/artifacts/$1"
  local log="$BUILD/logs/$1.log" seeds
  mkdir -p "$corpus" "$art"
  seeds="$(make_seeds "$t")"
  local before; before="$(artifacts "$art")"
  local asan; asan="$(asan_options_for "$t")"
  local args=(-timeout=1 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 -max_total_time="$TIME"
              -artifact_prefix="$art/" -dict="$(dict_for "$t")")
  if { [ "$t" = eval ] || [ "$t" = differential ]; } && [ $LEAKS = 0 ]; then args+=(-detect_leaks=0); fi
  if [ $KEEP_GOING = 1 ]; then
    args+=(-fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  elif [ "$JOBS" -gt 1 ]; then
    args+=(-fork="$JOBS")
  fi
  echo
  echo "==> $t: $TIME s, $seeds seeds, corpus $(ls -1 "$corpus" | wc -l) units, $JOBS job(s)"
  local start=$SECONDS
  ASAN_OPTIONS="$asan" "$bin" "${args[@]}" "$corpus" "$BUILD/seeds/$t" >"$log" 2>&1
  local rc=$?
  local elapsed=$((SECONDS - start)); [ $elapsed -gt 0 ] || elapsed=1

  # Statistics: final stats in single-process mode, the last status line otherwise.
  local last execs rate cov ft corp
  last="$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "$log" | tail -1)"
  execs="$(grep -m1 '^stat::number_of_executed_units:' "$log" | awk '{print $2}')"
  rate="$(grep -m1 '^stat::average_exec_per_sec:' "$log" | awk '{print $2}')"
  [ -n "$execs" ] || execs="$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")"
  [ -n "$rate" ] || { [ -n "$execs" ] && rate=$((execs / elapsed)); }
  cov="$(grep -oE 'cov: [0-9]+' <<<"$last" | awk '{print $2}')"
  ft="$(grep -oE 'ft: [0-9]+' <<<"$last" | awk '{print $2}')"
  corp="$(grep -oE 'corp: [0-9]+' <<<"$last" | awk '{print $2}')"

  # Artifacts of this run: the ones libFuzzer says it wrote (also when an input that
  # failed before fails again: same name) plus any new file (fork mode).
  local after new=()
  after="$(artifacts "$art")"
  mapfile -t new < <({ comm -13 <(echo "$before") <(echo "$after")
                       grep -oE 'Test unit written to [^ ]+' "$log" | sed 's/.*\///'; } \
                     | grep -E '^(crash|timeout|leak|oom)-' | sort -u)
  local result="ok"
  if [ ${#new[@]} -gt 0 ]; then
    local kinds; kinds="$(printf '%s\n' "${new[@]}" | sed -E 's/-.*//' | sort | uniq -c | awk '{printf "%s%d %s", (NR>1?", ":""), $1, $2}')"
    result="FOUND $kinds"
  elif [ $rc -ne 0 ]; then
    result="FAILED (exit $rc, see $log)"
  fi
  R_EXECS[$t]="${execs:-?}"; R_RATE[$t]="${rate:-?}"; R_COV[$t]="${cov:-?}"; R_FT[$t]="${ft:-?}"
  R_CORP[$t]="${corp:-?}"; R_RESULT[$t]="$result"
  echo "    executions ${execs:-?}, ${rate:-?} exec/s, cov: ${cov:-?} ft: ${ft:-?}, corpus ${corp:-?}, ${elapsed} s"
  echo "    result: $result"
  if [ "$result" != ok ]; then
    found_any=1
    # The first sanitizer/libFuzzer report of the run, for a quick look.
    grep -m1 -E '^==[0-9]+== ?ERROR|^SUMMARY|Fatal error' "$log" | sed 's/^/    /'
    for a in "${new[@]}"; do
      echo "    artifact: $art/$a"
      echo "      reproduce: $bin $art/$a"
      if [ $MINIMIZE = 1 ] && [[ "$a" == crash-* || "$a" == timeout-* ]]; then
        ASAN_OPTIONS="$asan" "$bin" -minimize_crash=1 -max_total_time=30 -timeout=1 -runs=100000 \
          -exact_artifact_path="$art/minimized-$a" "$art/$a" >"$log.min-$a" 2>&1
        [ -f "$art/minimized-$a" ] && echo "      minimized: $art/minimized-$a ($(wc -c <"$art/minimized-$a") bytes)"
      fi
    done
    echo "    log: $log"
  fi
}

for t in "${TARGETS[@]}"; do run_target "$t"; done

echo
echo "== summary (${TIME} s per target, source: $SRC_ROOT) =="
printf '%-13s %12s %9s %8s %8s %8s  %s\n' target executions exec/s cov ft corpus result
for t in "${TARGETS[@]}"; do
  printf '%-13s %12s %9s %8s %8s %8s  %s\n' "$t" "${R_EXECS[$t]}" "${R_RATE[$t]}" "${R_COV[$t]}" "${R_FT[$t]}" "${R_CORP[$t]}" "${R_RESULT[$t]}"
done
if [ $found_any = 1 ]; then
  echo "artifacts: $BUILD/artifacts/<target>/ — see fuzz/README.md to turn one into a regression case"
  exit 1
fi
exit 0
