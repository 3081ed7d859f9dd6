"""Writes Tests/Fixtures/edf/mitdb202_af_onset.edf, the small recording the HTML report's CLI and browser tests read:
60 s of MIT-BIH Arrhythmia Database record 202 from 1120 s (sinus rhythm, then the onset of atrial fibrillation at
about 1143 s), both leads in mV at 360 Hz, EDF+C with 1-s data records. The record's rhythm changes are stored as
EDF+ annotations ("(N", "(AFIB", …), onsets in seconds from the excerpt's start, after one annotation naming the
excerpt.

Usage (from the checkout, ../shared/data beside it):
    python3 -m venv .venv-edf && .venv-edf/bin/pip install -r tools/edf/requirements.txt
    .venv-edf/bin/python tools/edf/make_report_fixture.py --mitdb ../shared/data/mitdb --out Tests/Fixtures/edf
"""
import argparse
import datetime
import os

import numpy as np
import pyedflib
import wfdb

RECORD = "202"
START_S = 1120
SECONDS = 60


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mitdb", default="../shared/data/mitdb")
    parser.add_argument("--out", default="Tests/Fixtures/edf")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    start, end = START_S * 360, (START_S + SECONDS) * 360
    record = wfdb.rdrecord(os.path.join(args.mitdb, RECORD), sampfrom=start, sampto=end)
    annotation = wfdb.rdann(os.path.join(args.mitdb, RECORD), "atr", sampfrom=start, sampto=end)
    leads = np.ascontiguousarray(record.p_signal.T)
    path = os.path.join(args.out, f"mitdb{RECORD}_af_onset.edf")
    writer = pyedflib.EdfWriter(path, 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    writer.setSignalHeaders([
        {"label": name, "dimension": "mV", "sample_frequency": 360, "physical_min": -10.0, "physical_max": 10.0,
         "digital_min": -32768, "digital_max": 32767, "transducer": "", "prefilter": ""}
        for name in record.sig_name])
    writer.setPatientCode(f"MIT-BIH_{RECORD}")
    writer.setStartdatetime(datetime.datetime(2000, 1, 1, 0, 0, 0))
    writer.writeAnnotation(0, -1, f"MIT-BIH {RECORD} from {START_S} s")
    for sample, note in zip(annotation.sample, annotation.aux_note):
        note = note.strip("\x00").strip()
        if note:
            writer.writeAnnotation((sample - start) / 360, -1, note)
    writer.writeSamples(list(leads))
    writer.close()
    print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
