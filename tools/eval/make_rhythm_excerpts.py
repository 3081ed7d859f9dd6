"""Writes Tests/Fixtures/rhythm: three single-lead WFDB (format 16) excerpts for the rhythm tests, ADC values unchanged:
30 s of MIT-BIH record 201 lead MLII from 60 s (atrial fibrillation), the 10 s of PTB-XL record 18 lead II (atrial
flutter), both of the tune half of `ecg eval rhythm`, and 30 s of MIT-BIH record 231 lead MLII from 390 s (2:1 AV
block), of its test half.

    python3 tools/eval/make_rhythm_excerpts.py --mitdb ../shared/data/mitdb --ptbxl ../shared/data/ptbxl
"""
import argparse
import os

import numpy as np


def read_212(path, signals):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
    first = raw[:, 0] | ((raw[:, 1] & 0x0F) << 8)
    second = raw[:, 2] | ((raw[:, 1] & 0xF0) << 4)
    first[first > 2047] -= 4096
    second[second > 2047] -= 4096
    return np.stack([first, second], axis=1)[:, :signals]


def write(folder, name, samples, rate, gain, baseline, units, lead):
    samples = samples.astype("<i2")
    samples.tofile(os.path.join(folder, name + ".dat"))
    checksum = int(samples.astype(np.int64).sum())
    checksum = ((checksum + 32768) % 65536) - 32768
    with open(os.path.join(folder, name + ".hea"), "w") as f:
        f.write(f"{name} 1 {rate} {len(samples)}\n")
        f.write(f"{name}.dat 16 {gain}({baseline})/{units} 16 0 {int(samples[0])} {checksum} 0 {lead}\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mitdb", required=True)
    parser.add_argument("--ptbxl", required=True)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../Tests/Fixtures/rhythm"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    mit = read_212(os.path.join(args.mitdb, "201.dat"), 2)[:, 0]
    write(args.out, "mitdb201_af", mit[60 * 360:90 * 360], 360, "200.0", 1024, "mV", "MLII")
    block = read_212(os.path.join(args.mitdb, "231.dat"), 2)[:, 0]
    write(args.out, "mitdb231_2to1", block[390 * 360:420 * 360], 360, "200.0", 1024, "mV", "MLII")
    ptb = np.fromfile(os.path.join(args.ptbxl, "records500/00000/00018_hr.dat"), dtype="<i2").reshape(-1, 12)[:, 1]
    write(args.out, "ptbxl00018_flutter", ptb, 500, "1000.0", 0, "mV", "II")


if __name__ == "__main__":
    main()
