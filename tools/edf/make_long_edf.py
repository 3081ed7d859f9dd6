"""Writes a long two-lead EDF+C recording by joining MIT-BIH Arrhythmia records end to end (all 48: 24 h 4 min at
360 Hz), for reading and Holter benchmarks. Leads are stored as "ECG1" / "ECG2" (the first and second signal of each
record, whatever its name), physical range ±10 mV; each record's start is an annotation.

    .venv-edf/bin/python tools/edf/make_long_edf.py --mitdb ../shared/data/mitdb --out /tmp/mitdb_24h.edf [--records N]

`--skip K --records 1` writes the K-th record alone, cut the same way: the pieces the long file is made of.
"""
import argparse
import datetime
import os

import numpy as np
import pyedflib
import wfdb


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mitdb", default="../shared/data/mitdb")
    parser.add_argument("--out", required=True)
    parser.add_argument("--records", type=int, default=48, help="how many records of RECORDS to join")
    parser.add_argument("--skip", type=int, default=0, help="records of RECORDS to skip first")
    args = parser.parse_args()
    with open(os.path.join(args.mitdb, "RECORDS")) as f:
        names = f.read().split()[args.skip: args.skip + args.records]

    writer = pyedflib.EdfWriter(args.out, 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    header = {"dimension": "mV", "sample_frequency": 360, "physical_min": -10.0, "physical_max": 10.0,
              "digital_min": -32768, "digital_max": 32767, "transducer": "", "prefilter": ""}
    writer.setSignalHeaders([dict(header, label="ECG1"), dict(header, label="ECG2")])
    writer.setStartdatetime(datetime.datetime(2000, 1, 1, 0, 0, 0))
    onset = 0.0
    for name in names:
        record = wfdb.rdrecord(os.path.join(args.mitdb, name))
        signal = np.clip(np.nan_to_num(record.p_signal), -10, 10)
        writer.writeAnnotation(onset, -1, f"MIT-BIH {name}")
        # Whole seconds only (EDF data records are 1 s): drop the last partial second of each record.
        usable = (signal.shape[0] // 360) * 360
        for start in range(0, usable, 360 * 60):
            chunk = signal[start:min(start + 360 * 60, usable)]
            writer.writeSamples([np.ascontiguousarray(chunk[:, 0]), np.ascontiguousarray(chunk[:, 1])])
        onset += usable / 360
    writer.close()
    print(f"{args.out}: {len(names)} records, {onset / 3600:.2f} h, {os.path.getsize(args.out) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
