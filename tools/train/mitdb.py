"""MIT-BIH Arrhythmia Database beat extraction under the de Chazal inter-patient protocol.

Every step follows Weights/ecg_model.preprocessing.json so that the Swift analysis can reproduce it:
lead MLII (selected by name), zero-phase Butterworth band-pass on the whole record, beat windows of
`window_samples` with the reference R peak at `r_peak_index`, per-window z-score, and the RR features the sidecar lists,
computed over all beats of the record.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

import numpy as np
import scipy.signal
import wfdb

# de Chazal et al. (2004) inter-patient split; paced records 102, 104, 107, 217 are excluded.
DS1 = (101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124,
       201, 203, 205, 207, 208, 209, 215, 220, 223, 230)
DS2 = (100, 103, 105, 111, 113, 117, 121, 123, 200, 202, 210, 212,
       213, 214, 219, 221, 222, 228, 231, 232, 233, 234)

# AAMI EC57 beat classes. Annotation symbols not listed here are not beats.
AAMI_CLASS = {
    **{s: "N" for s in ("N", "L", "R", "e", "j")},
    **{s: "S" for s in ("A", "a", "J", "S")},
    **{s: "V" for s in ("V", "E")},
    "F": "F",
    **{s: "Q" for s in ("/", "f", "Q")},
}
# Sorted class names, as sklearn's LabelEncoder orders them; model output column j is CLASSES[j].
CLASSES = ("F", "N", "Q", "S", "V")

# RR feature sets a model can take (sidecar "rr_features", in this order). "short" is the rhythm around the beat;
# "long" adds the patient's own longer-term rhythm (de Chazal 2004 "average RR", Mondejar-Guerra 2019 RR
# normalised by the record mean).
RR_FEATURE_SETS = {
    "short": ("pre_rr_s", "post_rr_s", "local_rr_s", "pre_rr_ratio", "post_rr_ratio"),
    "long": ("pre_rr_s", "post_rr_s", "local_rr_s", "pre_rr_ratio", "post_rr_ratio",
             "long_rr_s", "pre_rr_long_ratio", "post_rr_long_ratio"),
}
# "template" adds the rhythm and the morphology relative to the recording's own dominant beat (de Chazal 2004
# average RR and post/pre RR; Mondejar-Guerra 2019 RR normalised by the record; the beat against the median beat
# of the surrounding recording): see `template_features`.
RR_FEATURE_SETS["template"] = RR_FEATURE_SETS["short"] + (
    "pre_rr_long_ratio", "post_rr_long_ratio", "post_pre_ratio",
    "template_corr", "template_qrs_corr", "template_rms", "template_p_rms", "template_amplitude_ratio")
# The same without the morphology (rhythm only), to tell the two contributions apart.
RR_FEATURE_SETS["rhythm"] = RR_FEATURE_SETS["short"] + ("pre_rr_long_ratio", "post_rr_long_ratio", "post_pre_ratio")
# Prematurity against references that runs of ectopic beats and irregular rhythms cannot shift as much as a mean:
# the median and the 90th percentile of the RR intervals within ±150 s (a beat in a run of premature beats is short
# against the longer sinus intervals around the run), the median of the 17 intervals around the beat, and how
# irregular those intervals are (atrial fibrillation makes every beat look premature against a mean).
ROBUST_RR_FEATURES = ("pre_rr_median_ratio", "pre_rr_p90_ratio", "post_rr_p90_ratio", "pre_rr_local_median_ratio",
                      "post_rr_local_median_ratio", "post_pre_ratio", "rr_irregularity")
RR_FEATURE_SETS["robust"] = RR_FEATURE_SETS["short"] + ROBUST_RR_FEATURES
# The robust rhythm with the beat against the recording's dominant beat (`template_features`).
TEMPLATE_FEATURES = ("template_corr", "template_qrs_corr", "template_rms", "template_p_rms",
                     "template_amplitude_ratio")
RR_FEATURE_SETS["robust_template"] = RR_FEATURE_SETS["robust"] + TEMPLATE_FEATURES
# Column order of `rr_features` (rhythm, from R-peak times only) and of `template_features` (morphology).
ALL_RR_FEATURES = RR_FEATURE_SETS["long"] + ("post_pre_ratio",) + tuple(
    name for name in ROBUST_RR_FEATURES if name != "post_pre_ratio")
ALL_FEATURES = ALL_RR_FEATURES + TEMPLATE_FEATURES
# Only the beat relative to the patient's own rhythm and dominant beat: the robust ratios and the template
# features, without durations in seconds (a heart rate identifies the training patient rather than the beat) and
# without the ratios to the mean of the last 10 intervals (a run of premature beats is its own mean).
RR_FEATURE_SETS["relative"] = ROBUST_RR_FEATURES + TEMPLATE_FEATURES
# Features that are durations in seconds (augmentation scales them together); the others are ratios.
RR_DURATIONS = ("pre_rr_s", "post_rr_s", "local_rr_s", "long_rr_s")
# Half-width of the window over which long_rr_s averages the patient's own rhythm (and over which the median and
# the 90th percentile of the robust set are taken).
LONG_RR_HALF_WINDOW_S = 150.0
# The local median and the irregularity look at the beats i-8 ... i+8.
LOCAL_RR_HALF_BEATS = 8
# The upper reference interval: this quantile of the intervals within ±LONG_RR_HALF_WINDOW_S, taken as the sorted
# value at index floor(q (m - 1)) (numpy's "lower" method).
UPPER_RR_QUANTILE = 0.9
# The dominant-beat template is renewed every TEMPLATE_BLOCK_S seconds of recording from the beats within
# TEMPLATE_HALF_WINDOW_S of the block's centre.
TEMPLATE_BLOCK_S = 60.0
TEMPLATE_HALF_WINDOW_S = 150.0
# Regions of the window compared with the template, in seconds relative to the R peak: QRS [-50 ms, +100 ms),
# P wave [-250 ms, -50 ms) (clipped to the window).
QRS_REGION_S = (-0.050, 0.100)
P_REGION_S = (-0.250, -0.050)


@dataclass(frozen=True)
class Preprocessing:
    """The preprocessing contract, written verbatim to `ecg_model.preprocessing.json`."""

    sample_rate_hz: int = 360
    lead: str = "MLII"
    window_samples: int = 256
    r_peak_index: int = 90
    bandpass_hz: tuple[float, float] = (0.5, 40.0)
    bandpass_order: int = 2
    normalisation: str = "window_zscore"
    signal_units: str = "mV"
    rr_features: tuple[str, ...] = RR_FEATURE_SETS["short"]
    # A second channel from the record's other lead (the first signal not named `lead`: V1, V2, V4 or V5 in the
    # MIT-BIH Arrhythmia Database), filtered, windowed and z-scored like the first. Studied on DS1 only; the
    # analysis reads one lead.
    second_lead: bool = False

    @property
    def channels(self) -> int:
        return 2 if self.second_lead else 1

    @staticmethod
    def for_model(model_path: str) -> "Preprocessing":
        """The contract of a model file, read from its sidecar `<model without .h5>.preprocessing.json`."""
        with open(os.path.splitext(model_path)[0] + ".preprocessing.json") as f:
            sidecar = json.load(f)
        # A sidecar written before a key existed lacks it (its features do not read it); the keys it has must agree.
        if "context" in sidecar and any(recording_context().get(k) != v for k, v in sidecar["context"].items()):
            raise ValueError(f"{model_path}: sidecar context {sidecar['context']} is not this code's "
                             f"{recording_context()}")
        return Preprocessing(
            sample_rate_hz=sidecar["sample_rate_hz"], lead=sidecar["lead"], window_samples=sidecar["window_samples"],
            r_peak_index=sidecar["r_peak_index"], bandpass_hz=tuple(sidecar["bandpass_hz"]),
            bandpass_order=sidecar["bandpass_order"], normalisation=sidecar["normalisation"],
            signal_units=sidecar["signal_units"], rr_features=tuple(sidecar["rr_features"]),
            second_lead=bool(sidecar.get("second_lead", False)))

    def sidecar(self) -> dict:
        return {
            "format": "ecg-preprocessing/1",
            "sample_rate_hz": self.sample_rate_hz,
            "lead": self.lead,
            "window_samples": self.window_samples,
            "r_peak_index": self.r_peak_index,
            "bandpass_hz": list(self.bandpass_hz),
            "bandpass_order": self.bandpass_order,
            "normalisation": self.normalisation,
            "signal_units": self.signal_units,
            "rr_features": list(self.rr_features),
            "inputs": ["beat_window", "rr_features"],
        } | ({"format": "ecg-preprocessing/2", "context": recording_context()} if needs_context(self.rr_features)
             else {}) | ({"second_lead": True} if self.second_lead else {})


def needs_context(names) -> bool:
    """Whether a feature list reads the recording beyond the beat's neighbours (sidecar format 2 with "context")."""
    return any(name in TEMPLATE_FEATURES or "long" in name or name in ROBUST_RR_FEATURES for name in names)


def recording_context() -> dict:
    """The sidecar's "context": the windows over which the long RR mean, the robust references and the
    dominant-beat template are taken."""
    return {"long_rr_half_window_s": LONG_RR_HALF_WINDOW_S, "template_block_s": TEMPLATE_BLOCK_S,
            "template_half_window_s": TEMPLATE_HALF_WINDOW_S, "qrs_region_s": list(QRS_REGION_S),
            "p_region_s": list(P_REGION_S), "local_rr_half_beats": LOCAL_RR_HALF_BEATS,
            "upper_rr_quantile": UPPER_RR_QUANTILE}


@dataclass
class Beats:
    """Beats of one or more records.

    signal: [N, window_samples + 2*margin] float32, band-passed mV centred like the model window but `margin`
    samples wider on each side (not yet normalised); rr: [N, len(prep.rr_features)] float32 (seconds, ratios);
    labels: [N] int64 index into CLASSES; records: [N] int64 record number of each beat.
    second: like `signal` from the record's other lead (Preprocessing.second_lead), else None;
    second_leads: record number -> name of that lead.
    """

    signal: np.ndarray
    rr: np.ndarray
    labels: np.ndarray
    records: np.ndarray
    margin: int
    second: np.ndarray | None = None
    second_leads: dict[int, str] = field(default_factory=dict)

    @staticmethod
    def concatenate(parts: list["Beats"]) -> "Beats":
        return Beats(
            signal=np.concatenate([p.signal for p in parts]),
            rr=np.concatenate([p.rr for p in parts]),
            labels=np.concatenate([p.labels for p in parts]),
            records=np.concatenate([p.records for p in parts]),
            margin=parts[0].margin,
            second=None if parts[0].second is None else np.concatenate([p.second for p in parts]),
            second_leads={record: name for p in parts for record, name in p.second_leads.items()},
        )

    def subset(self, mask: np.ndarray) -> "Beats":
        records = self.records[mask]
        kept = set(np.unique(records).tolist())
        return Beats(self.signal[mask], self.rr[mask], self.labels[mask], records, self.margin,
                     None if self.second is None else self.second[mask],
                     {r: n for r, n in self.second_leads.items() if r in kept})

    def model_windows(self, prep: "Preprocessing", shifts: np.ndarray | None = None,
                      zero_second: bool = False) -> np.ndarray:
        """Model input [N, window_samples, prep.channels] float32: the window moved by `shifts` [N] samples
        (|shift| <= margin; None = centred, exactly as the sidecar defines it), normalised per window and channel.
        zero_second: the second channel is all zeros (what a one-lead recording gives a two-lead model)."""
        count = len(self.labels)
        offsets = np.full(count, self.margin) if shifts is None else self.margin + shifts
        index = offsets[:, None] + np.arange(prep.window_samples)[None, :]
        channels = [self.signal] + ([self.second] if prep.second_lead else [])
        out = []
        for signal in channels:
            windows = np.take_along_axis(signal, index, axis=1).astype(np.float64)
            if prep.normalisation == "window_zscore":
                windows = zscore_windows(windows)
            out.append(windows)
        if prep.second_lead and zero_second:
            out[1] = np.zeros_like(out[1])
        return np.stack(out, axis=-1).astype(np.float32)


def rr_features(r_peak_s: np.ndarray, long_half_window_s: float = LONG_RR_HALF_WINDOW_S,
                local_half_beats: int = LOCAL_RR_HALF_BEATS, upper_quantile: float = UPPER_RR_QUANTILE) -> np.ndarray:
    """RR features [N, 15] in ALL_RR_FEATURES order for increasing R-peak times [N] in seconds (all beats of a
    recording, N >= 2).

    pre_rr_s = t_i - t_{i-1} (first beat: its post_rr_s); post_rr_s = t_{i+1} - t_i (last beat: its pre_rr_s);
    local_rr_s = mean of pre_rr_s over beats max(0, i-9)..i; pre/post_rr_ratio divide pre/post by local_rr_s;
    long_rr_s = mean of pre_rr_s over the beats j with t_i - H <= t_j <= t_i + H (H = long_half_window_s, 150 s;
    beat i included; the whole recording when it is shorter than that); pre/post_rr_long_ratio divide pre/post by
    long_rr_s; post_pre_ratio = post_rr_s / pre_rr_s.
    Robust set, over the same beats j: pre_rr_median_ratio = pre / median(pre_j) (numpy median: the mean of the two
    middle values of an even count); pre/post_rr_p90_ratio = pre/post / U with U = sorted(pre_j)[floor(q (m - 1))]
    (q = upper_quantile, m beats). Over the beats j = max(0, i-K)..min(N-1, i+K) (K = local_half_beats):
    pre/post_rr_local_median_ratio = pre/post / median(pre_j); rr_irregularity = median over
    j = max(1, i-K)..min(N-1, i+K) of |pre_j - pre_{j-1}|, divided by that local median.
    """
    diffs = np.diff(r_peak_s)
    pre = np.concatenate([diffs[:1], diffs])
    post = np.concatenate([diffs, diffs[-1:]])
    cumulative = np.concatenate([[0.0], np.cumsum(pre)])
    count = len(pre)
    index = np.arange(count)
    start = np.maximum(0, index - 9)
    local = (cumulative[index + 1] - cumulative[start]) / (index + 1 - start)
    first = np.searchsorted(r_peak_s, r_peak_s - long_half_window_s, side="left")
    after_last = np.searchsorted(r_peak_s, r_peak_s + long_half_window_s, side="right")
    long = (cumulative[after_last] - cumulative[first]) / (after_last - first)
    median, upper = np.empty(count), np.empty(count)
    for i in range(count):
        around = np.sort(pre[first[i]:after_last[i]])
        median[i] = np.median(around)
        upper[i] = around[int(np.floor(upper_quantile * (len(around) - 1)))]
    steps = np.abs(np.diff(pre, prepend=pre[0]))  # steps[j] = |pre_j - pre_{j-1}|, steps[0] = 0 (unused)
    local_median, irregularity = np.empty(count), np.empty(count)
    for i in range(count):
        lo, hi = max(0, i - local_half_beats), min(count - 1, i + local_half_beats)
        local_median[i] = np.median(pre[lo:hi + 1])
        irregularity[i] = np.median(steps[max(1, lo):hi + 1]) / local_median[i]
    return np.stack([pre, post, local, pre / local, post / local, long, pre / long, post / long, post / pre,
                     pre / median, pre / upper, post / upper, pre / local_median, post / local_median,
                     irregularity], axis=1)


def template_features(windows: np.ndarray, peak_to_peak_mv: np.ndarray, r_peak_s: np.ndarray,
                      r_peak_index: int, sample_rate_hz: float, block_s: float = TEMPLATE_BLOCK_S,
                      half_window_s: float = TEMPLATE_HALF_WINDOW_S, qrs_region_s=QRS_REGION_S,
                      p_region_s=P_REGION_S) -> np.ndarray:
    """Morphology of each beat against the recording's dominant beat: [N, 5] in TEMPLATE_FEATURES order.

    windows: [N, window] the model's normalised beat windows (all beats of the recording, edge-replicated where a
    window leaves the signal); peak_to_peak_mv: [N] max - min of each band-passed window before normalisation;
    r_peak_s: [N] increasing R-peak times; r_peak_index: R's index in the window.
    Block k = floor(t_i / block_s); its beats share the template T_k = element-wise median of the windows
    (and A_k = median peak-to-peak) of the beats j with |t_j - c_k| <= half_window_s, c_k = (k + 1/2) block_s
    (a set that always holds the block's own beats while half_window_s >= block_s / 2). A region [a, b) in seconds
    is the window indices [r_peak_index + round(a fs), r_peak_index + round(b fs)) clipped to the window. With
    d = w_i - T_k:
    template_corr = Pearson correlation of w_i and T_k over the window (0 when either is constant),
    template_qrs_corr = the same over the QRS region, template_rms = sqrt(mean(d^2)),
    template_p_rms = sqrt(mean(d^2)) over the P region, template_amplitude_ratio = peak_to_peak_i / max(A_k, 1e-6).
    """
    count, width = windows.shape

    def region(bounds):
        lo = min(max(r_peak_index + int(round(bounds[0] * sample_rate_hz)), 0), width)
        hi = min(max(r_peak_index + int(round(bounds[1] * sample_rate_hz)), 0), width)
        return slice(lo, hi)
    qrs, p_wave = region(qrs_region_s), region(p_region_s)
    blocks = np.floor(r_peak_s / block_s).astype(np.int64)
    out = np.zeros((count, len(TEMPLATE_FEATURES)))

    def corr(a, b):
        a = a - a.mean(axis=-1, keepdims=True)
        b = b - b.mean(axis=-1, keepdims=True)
        den = np.sqrt((a * a).sum(axis=-1) * (b * b).sum(axis=-1))
        return np.where(den > 0, (a * b).sum(axis=-1) / np.where(den > 0, den, 1.0), 0.0)

    for k in np.unique(blocks):
        members = np.flatnonzero(blocks == k)
        centre = (k + 0.5) * block_s
        first = np.searchsorted(r_peak_s, centre - half_window_s, side="left")
        after_last = np.searchsorted(r_peak_s, centre + half_window_s, side="right")
        template = np.median(windows[first:after_last], axis=0)
        amplitude = np.median(peak_to_peak_mv[first:after_last])
        w = windows[members]
        d = w - template
        out[members, 0] = corr(w, template[None, :])
        out[members, 1] = corr(w[:, qrs], template[None, qrs])
        out[members, 2] = np.sqrt((d * d).mean(axis=1))
        out[members, 3] = np.sqrt((d[:, p_wave] ** 2).mean(axis=1))
        out[members, 4] = peak_to_peak_mv[members] / max(amplitude, 1e-6)
    return out


def bandpass(signal_mv: np.ndarray, prep: Preprocessing) -> np.ndarray:
    """Zero-phase Butterworth band-pass over a whole record (float64 in, float64 out)."""
    b, a = scipy.signal.butter(prep.bandpass_order, list(prep.bandpass_hz), btype="bandpass",
                               fs=prep.sample_rate_hz)
    return scipy.signal.filtfilt(b, a, signal_mv)


def zscore_windows(windows: np.ndarray) -> np.ndarray:
    """Per-window (x - mean) / max(std, 1e-3) over the last axis."""
    mean = windows.mean(axis=-1, keepdims=True)
    std = np.maximum(windows.std(axis=-1, keepdims=True), 1e-3)
    return (windows - mean) / std


def load_record(data_dir: str, record: int, prep: Preprocessing, margin: int = 0) -> Beats:
    """Beats of one record whose window, widened by `margin` samples on each side, lies inside the signal."""
    path = os.path.join(data_dir, str(record))
    header = wfdb.rdheader(path)
    if prep.lead not in header.sig_name:
        raise ValueError(f"record {record} has no lead {prep.lead} (leads: {header.sig_name})")
    if header.fs != prep.sample_rate_hz:
        raise ValueError(f"record {record} is sampled at {header.fs} Hz, expected {prep.sample_rate_hz}")
    signal = wfdb.rdrecord(path, channel_names=[prep.lead]).p_signal[:, 0].astype(np.float64)
    second_name = next(name for name in header.sig_name if name != prep.lead) if prep.second_lead else None
    annotation = wfdb.rdann(path, "atr")

    is_beat = np.array([s in AAMI_CLASS for s in annotation.symbol])
    samples = np.asarray(annotation.sample)[is_beat]
    symbols = np.asarray(annotation.symbol)[is_beat]
    filtered = bandpass(signal, prep)
    features = rr_features(samples / prep.sample_rate_hz)
    if any(name in TEMPLATE_FEATURES for name in prep.rr_features):
        # All beats' windows, edge-replicated where they leave the record, as the analysis cuts them.
        index = np.clip(samples[:, None] - prep.r_peak_index + np.arange(prep.window_samples)[None, :],
                        0, len(filtered) - 1)
        raw = filtered[index]
        normalised = zscore_windows(raw) if prep.normalisation == "window_zscore" else raw
        features = np.concatenate([features, template_features(
            normalised, raw.max(axis=1) - raw.min(axis=1), samples / prep.sample_rate_hz, prep.r_peak_index,
            prep.sample_rate_hz)], axis=1)
    else:
        features = np.concatenate([features, np.zeros((len(samples), len(TEMPLATE_FEATURES)))], axis=1)
    columns = [ALL_FEATURES.index(name) for name in prep.rr_features]
    rr = features[:, columns]

    width = prep.window_samples + 2 * margin
    start = samples - prep.r_peak_index - margin
    inside = (start >= 0) & (start + width <= len(filtered))
    windows = filtered[start[inside, None] + np.arange(width)[None, :]]
    second = None
    if second_name is not None:
        other = bandpass(wfdb.rdrecord(path, channel_names=[second_name]).p_signal[:, 0].astype(np.float64), prep)
        second = other[start[inside, None] + np.arange(width)[None, :]].astype(np.float32)

    labels = np.array([CLASSES.index(AAMI_CLASS[s]) for s in symbols[inside]], dtype=np.int64)
    return Beats(
        signal=windows.astype(np.float32),
        rr=rr[inside].astype(np.float32),
        labels=labels,
        records=np.full(len(labels), record, dtype=np.int64),
        margin=margin,
        second=second,
        second_leads={} if second_name is None else {record: second_name},
    )


def load_records(data_dir: str, records: tuple[int, ...], prep: Preprocessing, margin: int = 0) -> Beats:
    return Beats.concatenate([load_record(data_dir, r, prep, margin) for r in records])
