"""Writes Tests/Fixtures/qtdb: a 29 s excerpt of QT Database record sel100 (both leads, ADC values unchanged,
WFDB format 16) with the first cardiologist's waveform annotations (.q1c) of that span, shifted to the excerpt.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r tools/eval/requirements.txt
    /tmp/venv/bin/python tools/eval/make_qtdb_excerpt.py --qtdb ../shared/data/qtdb
"""
import argparse
import os

import numpy as np
import wfdb

START, STOP = 149_500, 156_750  # samples at 250 Hz; the q1c marks of sel100 lie in 150272..156196


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qtdb", required=True)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../Tests/Fixtures/qtdb"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    source = os.path.join(args.qtdb, "sel100")
    record = wfdb.rdrecord(source, sampfrom=START, sampto=STOP, physical=False)
    annotation = wfdb.rdann(source, "q1c", sampfrom=START, sampto=STOP)
    cwd = os.getcwd()
    os.chdir(args.out)
    try:
        wfdb.wrsamp(
            "sel100_excerpt", fs=record.fs, units=record.units, sig_name=record.sig_name,
            d_signal=record.d_signal.astype(np.int64), fmt=["16"] * record.n_sig, adc_gain=record.adc_gain,
            baseline=record.baseline)
        wfdb.wrann(
            "sel100_excerpt", "qc", np.array(annotation.sample) - START, np.array(annotation.symbol),
            fs=record.fs)
        os.replace("sel100_excerpt.qc", "sel100_excerpt.q1c")  # wfdb only writes letter-only extensions
    finally:
        os.chdir(cwd)


if __name__ == "__main__":
    main()
