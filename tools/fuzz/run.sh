#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (fuzzer + address sanitizers) and runs each for a fixed number of executions,
# with a corpus seeded from the committed test fixtures. Any crash, sanitizer report, leak or timeout fails the run;
# libFuzzer writes the input that caused it to ARTIFACTS (turn it into a regression test).
#   tools/fuzz/run.sh [RUNS] [ARTIFACTS]        default 2000 runs per target (a smoke run); ARTIFACTS default a temp dir
#   tools/fuzz/run.sh 10000000 fuzz-artifacts   a long run
# Environment:
#   FUZZ_TARGETS="FuzzImage FuzzWFDB"   only these targets (default: all five)
#   FUZZ_MAX_LEN=N                      largest input libFuzzer makes, in bytes (default 262144)
#   FUZZ_CORPUS=DIR                     keep each target's corpus in DIR/TARGET (seeded once; grows across runs)
#   FUZZ_TIMEOUT=S                      an execution slower than S seconds is a failure (default 20)
#   FUZZ_SKIP_BUILD=1                   use the targets already built
# The address sanitizer records no allocation stacks by default here (a third of each execution's time otherwise);
# rerun a saved input with ASAN_OPTIONS=malloc_context_size=30 to see where a bad block was allocated.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-2000}
artifacts=${2:-$(mktemp -d)}
mkdir -p "$artifacts"
targets=${FUZZ_TARGETS:-FuzzRecording FuzzWFDB FuzzImage FuzzKerasJSON FuzzMultipart}
max_len=${FUZZ_MAX_LEN:-262144}
timeout=${FUZZ_TIMEOUT:-20}
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=0}

if [ -z "${FUZZ_SKIP_BUILD:-}" ]; then
    swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        -Xswiftc -use-ld=lld
fi
bin=Fuzz/.build/release

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
work=${FUZZ_CORPUS:-$logs/corpus}
seed() {   # seed TARGET FILES…: a corpus folder for TARGET holding numbered copies of FILES
    local dir="$work/$1" i=0 file; shift
    [ -d "$dir" ] && return 0   # a kept corpus is seeded once
    mkdir -p "$dir"
    for file in "$@"; do
        [ -f "$file" ] && cp "$file" "$dir/$i-$(basename "$file")" && i=$((i + 1))
    done
    return 0
}
seed FuzzRecording Tests/Fixtures/edf/*.edf Tests/Fixtures/ecg/*.dat Tests/Fixtures/ecg/*.hea samples/sample_ecg.csv
seed FuzzImage Tests/Fixtures/images/*.png Tests/Fixtures/images/*.jpg Tests/Fixtures/images/*.bmp
seed FuzzKerasJSON $(find Tests/Fixtures -name '*.json' -size -64k | sort | head -60)
# FuzzWFDB inputs are a header, a NUL byte and the data file; one seed per storage format the reader knows.
if [ ! -d "$work/FuzzWFDB" ]; then
    mkdir -p "$work/FuzzWFDB"
    for record in mitdb100_16 mitdb100_212; do
        for format in 16 61 80 160 212 311; do
            { sed -E "s/^($record\.dat) (16|212) /\1 $format /" "Tests/Fixtures/ecg/$record.hea"; printf '\0'
              head -c 3000 "Tests/Fixtures/ecg/$record.dat"; } >"$work/FuzzWFDB/$record-$format"
        done
    done
fi

# FuzzMultipart inputs are the Content-Type value, a newline, then the body: well-formed /predict uploads (with the
# optional fields, an RFC 8187 file name, two file parts, a part without a name) to mutate from.
multipart() {   # multipart NAME PARTS…: one seed; each PART is "FIELD|FILENAME|CONTENT" (empty FILENAME: a plain field)
    local name=$1 part field file content; shift
    { printf 'multipart/form-data; boundary=XyZ-fuzz\n'
      for part in "$@"; do
          field=${part%%|*}; part=${part#*|}; file=${part%%|*}; content=${part#*|}
          printf -- '--XyZ-fuzz\r\nContent-Disposition: form-data; name="%s"' "$field"
          [ -n "$file" ] && printf '; %s' "$file"
          printf '\r\n\r\n%s\r\n' "$content"
      done
      printf -- '--XyZ-fuzz--\r\n'; } >"$work/FuzzMultipart/$name"
}
csv=$(head -c 400 samples/sample_ecg.csv)
if [ ! -d "$work/FuzzMultipart" ]; then
    mkdir -p "$work/FuzzMultipart"
    multipart plain "file|filename=\"a.csv\"|$csv"
    multipart fields "lead||MLII" "sample_rate||360" "include_trace||true" "file|filename=\"../dir/a.csv\"|$csv"
    multipart extended "file|filename*=UTF-8''r%C3%A9cord%20un.csv|$csv"
    multipart two-files "file|filename=\"a.csv\"|1,2" "file|filename=\"b.csv\"|3,4" "other||x"
fi

status=0
for target in $targets; do
    start=$SECONDS
    log="$logs/$target.log"
    if "$bin/$target" -runs="$runs" -max_len="$max_len" -rss_limit_mb=2048 -timeout="$timeout" -print_final_stats=1 \
        -artifact_prefix="$artifacts/$target-" "$work/$target" >"$log" 2>&1; then
        echo "$target: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') executions," \
            "no crash ($((SECONDS - start)) s; max_len $max_len; $(grep -o 'cov: [0-9]*' "$log" | tail -1))"
    else
        status=1
        echo "$target: FAILED after $((SECONDS - start)) s; input saved under $artifacts/$target-*"
        tail -40 "$log"
    fi
done
exit $status
