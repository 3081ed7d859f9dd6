"""Write Weights/MODEL_CARD.md from the training results and the engine comparison (no numbers typed by hand).

    python tools/train/model_card.py --training tools/train/results/training.json \
        --engine tools/verify/results/compare_engine.json --out Weights/MODEL_CARD.md
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import textwrap

import numpy as np

import metrics

# Inter-patient DS2 results as published (overall accuracy %, sensitivity % per class where quoted here).
LITERATURE = (
    ("de Chazal et al. 2004 (linear discriminants)", 86.2, {"N": 86.9, "S": 75.9, "V": 77.7, "F": 89.4}),
    ("Mar et al. 2011 (feature selection)", 89.9, {}),
    ("Mondéjar-Guerra et al. 2019 (SVM ensemble)", 94.5, {}),
)

# How the Swift engine runs the bundled model; the earlier layer-by-layer figures were measured with the same
# compare_engine.py before the planner covered graphs with several inputs.
ENGINE_PATH = """The model runs on the engine's planned path (its two input branches, the Concatenate and the head compiled into one
execution plan, BatchNormalization and ReLU fused into the convolutions; no allocation per forward); before the planner
covered graphs with several inputs it ran layer by layer, with max |Δp| 5.28e-06 and mean |Δp| 5.10e-08 on the same
beats."""

TEMPLATE = """# ecg_model.h5: AAMI beat classifier trained on MIT-BIH (inter-patient)

A two-input CNN + LSTM that labels one heartbeat as N, S, V, F or Q (AAMI EC57 classes) from a beat-centred MLII
window and {feature_summary}. Trained on DS1 and measured once on DS2 of the de Chazal et al. (2004)
inter-patient split, so every DS2 number below comes from patients the model never saw.

Files: `ecg_model.h5` (tf_keras {keras_version} legacy HDF5, `model.save`), `label_classes.npy`
(`["F","N","Q","S","V"]`, `<U1`; output column j is class j), `ecg_model.preprocessing.json` (the preprocessing
contract the analysis reproduces).

## Data
MIT-BIH Arrhythmia Database, lead MLII, 360 Hz, reference beat annotations. Open Data Commons Attribution License
v1.0 (ODC-By). Moody GB, Mark RG. The impact of the MIT-BIH Arrhythmia Database. IEEE Eng in Med and Biol
20(3):45-50 (2001). Goldberger AL et al. PhysioBank, PhysioToolkit, and PhysioNet: components of a new research
resource for complex physiologic signals. Circulation 101(23):e215-e220 (2000). PhysioNet DOI 10.13026/C2F305.

- AAMI mapping: N = N L R e j; S = A a J S; V = V E; F = F; Q = / f Q. Other symbols are not beats.
- Paced records 102, 104, 107, 217 excluded. DS1 (training and selection): 101 106 108 109 112 114 115 116 118 119
  122 124 201 203 205 207 208 209 215 220 223 230 — {ds1_beats} beats. DS2 (evaluation only): 100 103 105 111 113
  117 121 123 200 202 210 212 213 214 219 221 222 228 231 232 233 234 — {ds2_beats} beats. Beats whose 256-sample
  window would leave the record are dropped.

## Inputs and preprocessing
One lead: the model reads MLII (or the lead the analysis is given) and has no input for a second lead; a recording
with more leads is classified on that one lead alone. The analysis then reads the labels against the recording in
every usable lead: a V label on an on-time beat with the QRS shape of the recording's normal beats reads as N, at a
correlation of 0.97 with one lead and 0.90 when a second lead agrees too (`beat_reading` in the result names the
leads; `docs/ACCURACY.md`). One-lead recordings get the one-lead threshold. A two-lead model (MLII and the record's
other lead as a second input channel, with and without training on a zeroed second channel) was tried on DS1 and
scored below this one in all four runs (tools/train/README.md, "Two-lead study"); it is not bundled.

1. `beat_window` [N, 256, 1]: the whole record band-passed (Butterworth order 2, 0.5–40 Hz, `filtfilt`), window
   `x[r-90 : r+166]` around the R peak, z-scored per window (`(x-mean)/max(std, 1e-3)`).
{feature_items}

## Architecture ({parameters} parameters)
beat window → 4 × [Conv1D (16/32/32/64 filters, kernels 7/5/5/3, same padding, no bias) → BatchNormalization →
ReLU → MaxPooling1D(2)] → LSTM(32) over the 16 remaining steps; RR features → Dense(16, ReLU) → Dense(16, ReLU);
concatenated → Dense(32, ReLU) → Dropout(0.3) → Dense(5, softmax).

## Training
```
TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 python tools/train/train.py --data ../shared/data/mitdb --out Weights \\
  --rr-features {rr_features} --selection tools/train/results/{selection_file}
```
(`--selection` refits for the epoch count that the stored DS1 cross-validation chose; without it the script runs
that cross-validation first.)
Seed {seed}; Adam, learning rate {learning_rate} halved every {lr_halve_every} epochs, batch {batch_size};
class weights `(n_N/n_c)^{class_weight_power}` (cap {class_weight_cap}); per-epoch augmentation: R position jitter
±{margin} samples, white noise σ={noise} on the z-scored window, S beats take the window of a random N beat of the
same record with probability {swap_s} (S beats are told apart mainly by timing: this keeps the model from
memorising the morphology of the few DS1 patients with S beats){duration_scaling}.
Selection on DS1 only: three patient-wise folds ({folds}); each epoch scored by the mean F1 over classes with
≥ 10 held-out beats; the best mean over folds chose {selected_epochs} epochs (mean fold score {score}); the shipped model
was then refit on all of DS1 for {selected_epochs} epochs. Wall time of the run that wrote the model: {minutes:.0f} min on 2
CPU cores.

{reproducibility}

## Results on DS2 (evaluated once)
{ds2_table}

Side by side (DS2, inter-patient; Se in %):

| method | accuracy % | N Se | S Se | V Se | F Se |
|---|---:|---:|---:|---:|---:|
{literature}

Honest reading: {reading}

{ds2_history}

Settings compared on DS1 (`train.py --select-only`; DS2 not read for them):
{candidates}

Where the DS2 errors are ({by_record_command}):
{by_record}

## End to end in the Swift analysis (DS2)
`ecg eval beats --data ../shared/data/mitdb` runs the project's own R-peak detector, the preprocessing of
`ecg_model.preprocessing.json` and this model through the Swift engine, and matches beats to the reference
within 150 ms (output stored in tools/train/results/ds2_end_to_end.md). The tables score the labels the analysis
reports — a V label on an on-time beat shaped like the recording's normal beats reads as N, an S label inside atrial
fibrillation or flutter reads as N (docs/ACCURACY.md) — and the last lines this model's own labels:

{end_to_end}

## Swift engine vs Keras (all DS2 beats)
{engine}

## Limits
- Trained on 22 patients of one database (two-lead Holter, 1975–79); beats come from the reference annotations,
  so in the service the R-peak detector's placement errors add to the errors above (training jitter ±{margin}
  samples covers small offsets only).
- Q (paced/unclassifiable) has 8 DS1 beats and no paced records: the model does not recognise paced rhythms.
- S relies on RR prematurity: in atrial fibrillation or flutter the irregular RR makes N beats look premature
  (N→S; most of the false S calls on DS2 are in its atrial fibrillation and flutter records), and S beats in
  irregular runs can look on time (S→N).
- F (fusion) is learned almost entirely from one record (208) and does not generalise to new patients.
- Not a medical device; for research and demonstration.
"""


# What each second-input feature is, for the card (mitdb.py computes them).
FEATURE_DOC = {
    "pre_rr_s": "`pre_rr_s`", "post_rr_s": "`post_rr_s`",
    "local_rr_s": "`local_rr_s` (mean of up to the last 10 RR intervals)",
    "pre_rr_ratio": "`pre_rr_ratio`", "post_rr_ratio": "`post_rr_ratio` (both over `local_rr_s`)",
    "long_rr_s": "`long_rr_s` (mean RR over ±150 s)",
    "pre_rr_long_ratio": "`pre_rr_long_ratio`",
    "post_rr_long_ratio": "`post_rr_long_ratio` (pre and post RR over the mean RR of the beats within ±150 s)",
    "post_pre_ratio": "`post_pre_ratio` (post / pre RR)",
    "pre_rr_median_ratio": "`pre_rr_median_ratio` (pre RR over the median RR of the beats within ±150 s)",
    "pre_rr_p90_ratio": "`pre_rr_p90_ratio`",
    "post_rr_p90_ratio": "`post_rr_p90_ratio` (pre and post RR over the 90th percentile of the RR intervals within "
                         "±150 s: a beat in a run of premature beats is short against the sinus intervals around it)",
    "pre_rr_local_median_ratio": "`pre_rr_local_median_ratio`",
    "post_rr_local_median_ratio": "`post_rr_local_median_ratio` (pre and post RR over the median of the 17 RR "
                                  "intervals around the beat)",
    "rr_irregularity": "`rr_irregularity` (median |ΔRR| of those 17 intervals over their median: high in atrial "
                       "fibrillation)",
    "template_corr": "`template_corr` (correlation of the window with the recording's dominant beat: the "
                     "element-wise median window of the beats within ±150 s of the centre of the beat's 60-s block)",
    "template_qrs_corr": "`template_qrs_corr` (the same over −50…+100 ms)",
    "template_rms": "`template_rms` (RMS of window − template)",
    "template_p_rms": "`template_p_rms` (the same over −250…−50 ms, the P wave)",
    "template_amplitude_ratio": "`template_amplitude_ratio` (band-passed peak-to-peak over the template beats' median)",
}


def feature_texts(names: list[str]) -> tuple[str, str]:
    """(summary for the first paragraph, the second input's item in "Inputs and preprocessing")."""
    rr = [n for n in names if not n.startswith("template_")]
    template = [n for n in names if n.startswith("template_")]
    summary = f"{count_word(len(rr))} RR-interval features"
    if template:
        summary += f" and {count_word(len(template))} features of the beat against its recording's dominant beat"
    item = (f"2. `rr_features` [N, {len(names)}], raw: " + ", ".join(FEATURE_DOC[n] for n in names) + ".")
    return summary, textwrap.fill(item, width=118, subsequent_indent="   ", break_on_hyphens=False)


def duration_scaling(names: list[str], rr_scale: float) -> str:
    """The augmentation clause for RR durations: only a model that takes durations in seconds has them scaled."""
    if not any(name.endswith("_rr_s") for name in names):
        return "; no RR scaling, since the model takes ratios only, no durations in seconds"
    return f", RR durations scaled by one random factor in [1/{rr_scale}, {rr_scale}] per beat (ratios unchanged)"


def count_word(count: int) -> str:
    """A count as the card's prose writes it: words up to ten, digits beyond."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[count] if count < len(words) else str(count)


def literature_rows(ds2: dict) -> str:
    rows = []
    for name, accuracy, se in LITERATURE:
        cells = " | ".join(f"{se[c]:.1f}" if c in se else "–" for c in ("N", "S", "V", "F"))
        rows.append(f"| {name} | {accuracy:.1f} | {cells} |")
    ours = " | ".join(f"{ds2['per_class'][c]['se']:.1f}" for c in ("N", "S", "V", "F"))
    rows.append(f"| **this model** | **{100 * ds2['accuracy']:.1f}** | {ours} |")
    return "\n".join(rows)


def reading(ds2: dict) -> str:
    de_chazal = LITERATURE[0][2]
    per_class = ds2["per_class"]
    beats = [c for c in ("N", "S", "V", "F") if per_class[c]["se"] >= de_chazal[c]]
    misses = [c for c in ("N", "S", "V", "F") if per_class[c]["se"] < de_chazal[c]]
    text = f"overall accuracy {100 * ds2['accuracy']:.1f} % against the 94.5 % target; "
    text += f"sensitivity at or above de Chazal 2004 for {', '.join(beats) or 'no class'}"
    if misses:
        text += f", below it for {', '.join(misses)}"
    return text + "."


def by_record_section(path: str | None, limit: int = 6) -> str:
    """The records with the most errors and their two largest confusions (reference→predicted)."""
    if not path or not os.path.exists(path):
        return "not computed."
    data = json.load(open(path))
    classes, records = data["classes"], data["records"]
    total = sum(entry["errors"] for entry in records.values())
    lines = []
    for record, entry in sorted(records.items(), key=lambda item: -item[1]["errors"])[:limit]:
        confusion = np.array(entry["confusion"])
        np.fill_diagonal(confusion, 0)
        pairs = sorted(((confusion[i, j], i, j) for i in range(len(classes)) for j in range(len(classes))
                        if confusion[i, j]), reverse=True)[:2]
        detail = ", ".join(f"{classes[i]}→{classes[j]} {n}" for n, i, j in pairs)
        lines.append(f"- record {record}: {entry['errors']} of {entry['beats']} beats wrong "
                     f"({100 * entry['errors'] / total:.0f} % of all DS2 errors; {detail})")
    return "\n".join(lines)


def candidates_section(paths: list[str], shipped: dict) -> str:
    """One line per `train.py --select-only` result: the settings that differ from the shipped run, best mean fold
    score and its epoch."""
    lines = []
    for path in paths:
        result = json.load(open(path))
        arguments, selection = result["arguments"], result["selection"]
        # A setting added after the shipped run was made had its default then (None, or False for a flag).
        changed = [f"--{key.replace('_', '-')}" + ("" if value is True else f" {value}")
                   for key, value in sorted(arguments.items())
                   if key not in ("select_only", "results", "epochs", "out", "data", "selection")
                   and value != shipped.get(key, "short" if key == "rr_features" else value if value in (None, False)
                                             else None)]
        one_lead = ""
        if "mean_scores_one_lead" in selection:  # a --second-lead run, scored again with the second channel zeroed
            one_lead = (f"; second lead zeroed: {selection['mean_score_one_lead_at_best_epoch']:.3f} at that epoch, "
                        f"best {selection['best_mean_score_one_lead']:.3f} at epoch {selection['best_epoch_one_lead']}")
        lines.append(f"- `{' '.join(changed) or 'same settings'}`: best mean fold score "
                     f"{selection['best_mean_score']:.3f} at epoch {selection['best_epoch']}{one_lead} "
                     f"(per epoch: {' '.join(f'{v:.3f}' for v in selection['mean_scores'])}; {os.path.basename(path)})")
    return "\n".join(lines) or "none."


def end_to_end_section(path: str | None) -> str:
    if not path or not os.path.exists(path):
        return "Not measured for this file yet."
    return open(path).read().strip()


def engine_section(path: str | None) -> str:
    if not path or not os.path.exists(path):
        return "Not measured for this file yet: run `python tools/verify/compare_engine.py --data ../shared/data/mitdb`."
    result = json.load(open(path))
    return (f"`python tools/verify/compare_engine.py --data ../shared/data/mitdb --model Weights/ecg_model.h5` "
            f"(engine built with `swift build -c release --disable-default-traits`, `OPENBLAS_CORETYPE=Haswell`): "
            f"{result['beats']} beats, argmax "
            f"agreement {100 * result['argmax_agreement']:.4f} % ({result['disagreements']} disagreements), max "
            f"|Δp| {result['max_abs_probability_difference']:.2e}, mean |Δp| "
            f"{result['mean_abs_probability_difference']:.2e}; DS2 accuracy Keras "
            f"{100 * result['keras_ds2_accuracy']:.2f} %, engine {100 * result['engine_ds2_accuracy']:.2f} %.\n"
            + ENGINE_PATH)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--training", default="tools/train/results/training.json")
    parser.add_argument("--engine", default="tools/verify/results/compare_engine.json")
    parser.add_argument("--by-record", default="tools/train/results/ds2_by_record.json",
                        help="written by errors_by_record.py")
    parser.add_argument("--end-to-end", default="tools/train/results/ds2_end_to_end.md",
                        help="output of `ecg eval beats` on DS2")
    parser.add_argument("--candidates", nargs="*", default=sorted(glob.glob("tools/train/results/selection_*.json")),
                        help="DS1 selection results of settings that were not shipped")
    parser.add_argument("--history", default="tools/train/results/ds2_history.md",
                        help="how often DS2 was looked at, and the reproducibility checks (written by hand)")
    parser.add_argument("--sidecar", default="Weights/ecg_model.preprocessing.json")
    parser.add_argument("--out", default="Weights/MODEL_CARD.md")
    parser.add_argument("--keras-version", default="2.20.1")
    args = parser.parse_args()

    training = json.load(open(args.training))
    arguments, selection, ds2 = training["arguments"], training["selection"], training["ds2"]
    folds = "; ".join(" ".join(str(r) for r in fold["records"]) for fold in selection["folds"])
    feature_names = json.load(open(args.sidecar))["rr_features"]
    feature_summary, feature_items = feature_texts(feature_names)
    history = open(args.history).read().strip().split("\n\n", 1)
    candidates = [path for path in args.candidates if os.path.basename(path) != selection.get("from")]
    card = TEMPLATE.format(
        keras_version=args.keras_version, ds1_beats=training["ds1_beats"], ds2_beats=training["ds2_beats"],
        parameters=f"{training['parameters']:,}", folds=folds, selected_epochs=selection["best_epoch"],
        score=f"{selection['best_mean_score']:.3f}", minutes=training["wall_seconds"] / 60,
        ds2_table=metrics.markdown(ds2, tuple(ds2["classes"])), literature=literature_rows(ds2),
        reading=reading(ds2), by_record=by_record_section(args.by_record),
        by_record_command="`python tools/train/errors_by_record.py --data ../shared/data/mitdb`", engine=engine_section(args.engine),
        end_to_end=end_to_end_section(args.end_to_end), candidates=candidates_section(candidates, arguments),
        feature_summary=feature_summary, feature_items=feature_items, reproducibility=history[0],
        selection_file=selection.get("from", "selection.json"),
        duration_scaling=duration_scaling(feature_names, arguments["rr_scale"]),
        ds2_history=history[1] if len(history) > 1 else "",
        **arguments)
    with open(args.out, "w") as f:
        f.write(card)


if __name__ == "__main__":
    main()
