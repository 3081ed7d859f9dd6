"""Writes a long two-signal WFDB record (format 212, as MIT-BIH stores its records) by joining the MIT-BIH
Arrhythmia records end to end, for the Holter benchmarks of WFDB input (the EDF twin is make_long_edf.py).
The stored ADC values are copied unchanged (all 48 records use gain 200 and baseline 1024), so the long record
holds exactly the samples of its pieces.

    .venv-edf/bin/python tools/edf/make_long_wfdb.py --mitdb ../shared/data/mitdb --out /tmp/mitdb_24h [--records N]

writes /tmp/mitdb_24h.hea and /tmp/mitdb_24h.dat.
"""
import argparse
import os

import numpy as np
import wfdb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mitdb", default="../shared/data/mitdb")
    parser.add_argument("--out", required=True, help="record path without extension")
    parser.add_argument("--records", type=int, default=48, help="how many records of RECORDS to join")
    args = parser.parse_args()
    with open(os.path.join(args.mitdb, "RECORDS")) as f:
        names = f.read().split()[: args.records]
    pieces = []
    for name in names:
        record = wfdb.rdrecord(os.path.join(args.mitdb, name), physical=False)
        assert list(record.adc_gain) == [200.0, 200.0] and list(record.baseline) == [1024, 1024], name
        pieces.append(record.d_signal.astype(np.int32))
    samples = np.concatenate(pieces)
    # Format 212: two 12-bit samples in three bytes, signals interleaved frame by frame.
    flat = (samples.reshape(-1) & 0xFFF).astype(np.uint32)
    if flat.size % 2:
        flat = np.append(flat, 0)
    a, b = flat[0::2], flat[1::2]
    packed = np.empty((a.size, 3), dtype=np.uint8)
    packed[:, 0] = a & 0xFF
    packed[:, 1] = ((a >> 8) & 0x0F) | ((b >> 4) & 0xF0)
    packed[:, 2] = b & 0xFF
    base = os.path.basename(args.out)
    packed.tofile(args.out + ".dat")
    with open(args.out + ".hea", "w") as f:
        f.write(f"{base} 2 360 {samples.shape[0]}\n")
        for label in ("ECG1", "ECG2"):
            f.write(f"{base}.dat 212 200 11 1024 0 0 0 {label}\n")
    print(f"{samples.shape[0]} samples per signal ({samples.shape[0] / 360 / 3600:.2f} h) in {args.out}.dat")


if __name__ == "__main__":
    main()
