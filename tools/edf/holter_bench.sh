#!/bin/sh
# Long recording vs its pieces: `ecg analyze` on the 24-hour EDF built by make_long_edf.py, then on each MIT-BIH
# record written alone the same way (make_long_edf.py --skip K --records 1), one by one. Prints one line per run:
# name, wall seconds, peak RSS (kB), beats; then the totals. Needs GNU time (/usr/bin/time) and the EDF venv.
#
#   tools/edf/holter_bench.sh .venv-edf/bin/python ../shared/data/mitdb /tmp/holter-bench [.build/release/ecg]
set -eu
python=$1; mitdb=$2; work=$3; ecg=${4:-.build/release/ecg}
here=$(dirname "$0")
mkdir -p "$work"
count=$(wc -w < "$mitdb/RECORDS")
[ -f "$work/long.edf" ] || "$python" "$here/make_long_edf.py" --mitdb "$mitdb" --out "$work/long.edf" > /dev/null
run() {  # name file
    /usr/bin/time -f "%e %M" -o "$work/$1.time" "$ecg" analyze "$2" --lead ECG1 --beats none > "$work/$1.json"
    beats=$(python3 -c "import json,sys; print(sum(json.load(open(sys.argv[1]))['beat_counts'].values()))" "$work/$1.json")
    echo "$1 $(cat "$work/$1.time") $beats"
}
run long "$work/long.edf"
k=0
: > "$work/pieces.txt"
while [ $k -lt "$count" ]; do
    [ -f "$work/piece$k.edf" ] || "$python" "$here/make_long_edf.py" --mitdb "$mitdb" --out "$work/piece$k.edf" --skip $k --records 1 > /dev/null
    run "piece$k" "$work/piece$k.edf" | tee -a "$work/pieces.txt"
    k=$((k + 1))
done
awk '{ t += $2; if ($3 > m) m = $3; b += $4 } END { printf "pieces %.2f s, largest peak RSS %d kB, %d beats\n", t, m, b }' "$work/pieces.txt"
