"""Writes the EDF test fixtures in Tests/Fixtures/edf from MIT-BIH record 100 with pyedflib (EDFlib), an
independent EDF writer and reader:

- `mitdb100_edfplus.edf`: EDF+C, 10 s of MLII and V5 (mV) at 360 Hz in 0.25-s data records, the record's beat
  labels as annotations.
- `mitdb100_plain.edf`: plain EDF, the same two leads in µV, plus a 1-Hz non-ECG channel ("Resp", unit "%").
- `*.expected.npy`: what pyedflib reads back from each file, float32 [samples, leads] in mV (the oracle).
- `mitdb100_edfplus.annotations.json`: what pyedflib reads back as annotations.

Usage (from the checkout, ../shared/data beside it):
    python3 -m venv .venv-edf && .venv-edf/bin/pip install -r tools/edf/requirements.txt
    .venv-edf/bin/python tools/edf/make_edf_fixtures.py --mitdb ../shared/data/mitdb --out Tests/Fixtures/edf
"""
import argparse
import datetime
import json
import os

import numpy as np
import pyedflib
import wfdb


def signal_header(label, dimension, values, rate):
    low, high = float(np.floor(values.min())) - 1, float(np.ceil(values.max())) + 1
    return {"label": label, "dimension": dimension, "sample_frequency": rate, "physical_min": low,
            "physical_max": high, "digital_min": -32768, "digital_max": 32767, "transducer": "", "prefilter": ""}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mitdb", default="../shared/data/mitdb")
    parser.add_argument("--out", default="Tests/Fixtures/edf")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    record = wfdb.rdrecord(os.path.join(args.mitdb, "100"), sampto=360 * args.seconds)
    annotation = wfdb.rdann(os.path.join(args.mitdb, "100"), "atr", sampto=360 * args.seconds)
    rate = int(record.fs)
    leads = np.ascontiguousarray(record.p_signal.T)  # mV

    # EDF+C, mV, with the beat labels as annotations.
    path = os.path.join(args.out, "mitdb100_edfplus.edf")
    writer = pyedflib.EdfWriter(path, 2, file_type=pyedflib.FILETYPE_EDFPLUS)
    writer.setSignalHeaders([signal_header(name, "mV", lead, rate) for name, lead in zip(record.sig_name, leads)])
    writer.setDatarecordDuration(0.25)  # EDFlib stores one annotation per data record: 40 records hold every beat
    writer.setPatientCode("MIT-BIH_100")
    writer.setStartdatetime(datetime.datetime(2000, 1, 1, 0, 0, 0))
    for sample, symbol in zip(annotation.sample, annotation.symbol):
        writer.writeAnnotation(sample / rate, -1, symbol)
    writer.writeSamples(list(leads))
    writer.close()
    reader = pyedflib.EdfReader(path)
    readback = np.stack([reader.readSignal(i) for i in range(reader.signals_in_file)], axis=1).astype(np.float32)
    onsets, durations, texts = reader.readAnnotations()
    reader.close()
    np.save(os.path.join(args.out, "mitdb100_edfplus.expected.npy"), readback)
    with open(os.path.join(args.out, "mitdb100_edfplus.annotations.json"), "w") as f:
        json.dump([{"onset": float(o), "text": str(t)} for o, t in zip(onsets, texts)], f, indent=1)

    # Plain EDF, µV, plus a slow non-ECG channel the reader must leave out.
    path = os.path.join(args.out, "mitdb100_plain.edf")
    resp = 50 + 10 * np.sin(np.arange(args.seconds) / 2.0)
    writer = pyedflib.EdfWriter(path, 3, file_type=pyedflib.FILETYPE_EDF)
    headers = [signal_header(name, "uV", lead * 1000, rate) for name, lead in zip(record.sig_name, leads)]
    headers.append(signal_header("Resp", "%", resp, 1))
    writer.setSignalHeaders(headers)
    writer.setStartdatetime(datetime.datetime(2000, 1, 1, 0, 0, 0))
    writer.writeSamples([leads[0] * 1000, leads[1] * 1000, resp])
    writer.close()
    reader = pyedflib.EdfReader(path)
    readback = np.stack([reader.readSignal(i) / 1000 for i in range(2)], axis=1).astype(np.float32)
    reader.close()
    np.save(os.path.join(args.out, "mitdb100_plain.expected.npy"), readback)


if __name__ == "__main__":
    main()
