"""Which second-input features carry S beats to patients a model never saw: quick classifiers on the features alone,
DS1 only, the same patient-wise folds as train.py (DS2 is not read).

    python tools/train/feature_study.py --data ../shared/data/mitdb

For each feature subset, gradient boosting (scikit-learn HistGradientBoostingClassifier, sample weights as train.py's
class weights) and a small MLP (two layers of 32, standardised inputs, three seeds, training set resampled by the
same weights) are fitted on two folds and scored on the third; the pooled held-out Se / +P of N, S and V are printed
with the S beats found per S-rich record. This is how the bundled model's `relative` set was chosen (model card,
tools/train/results/ds2_history.md); the numbers vary with the seed because one record (209) holds most of DS1's S
beats.
"""

from __future__ import annotations

import argparse

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import mitdb
import train

RATIOS = ("pre_rr_ratio", "post_rr_ratio")
LONG = ("pre_rr_long_ratio", "post_rr_long_ratio", "post_pre_ratio")
DURATIONS = ("pre_rr_s", "post_rr_s", "local_rr_s")
SUBSETS = {
    "short ratios": RATIOS,
    "short ratios + long-mean ratios": RATIOS + LONG,
    "short ratios + robust": RATIOS + mitdb.ROBUST_RR_FEATURES,
    "durations + short ratios + robust + template": DURATIONS + RATIOS + mitdb.ROBUST_RR_FEATURES
    + mitdb.TEMPLATE_FEATURES,
    "short ratios + robust + template": RATIOS + mitdb.ROBUST_RR_FEATURES + mitdb.TEMPLATE_FEATURES,
    "relative (robust + template)": mitdb.RR_FEATURE_SETS["relative"],
}
S_RECORDS = (118, 201, 207, 209, 220, 223)


def held_out_predictions(features: np.ndarray, labels: np.ndarray, records: np.ndarray, make, resample: bool,
                         seed: int) -> np.ndarray:
    """Each DS1 fold predicted by a model fitted on the other two."""
    predicted = np.empty(len(labels), dtype=np.int64)
    for fold in train.DS1_FOLDS:
        held_out = np.isin(records, fold)
        x, y = features[~held_out], labels[~held_out]
        weights = train.class_weights(y, len(mitdb.CLASSES), 0.5, 20.0)
        w = np.array([weights[c] for c in y])
        model = make(seed)
        if resample:  # the MLP takes no sample weights: draw the training set in proportion to them instead
            pick = np.random.default_rng(seed).choice(len(y), size=len(y), p=w / w.sum())
            scaler = StandardScaler().fit(x[pick])
            model.fit(scaler.transform(x[pick]), y[pick])
            predicted[held_out] = model.predict(scaler.transform(features[held_out]))
        else:
            model.fit(x, y, sample_weight=w)
            predicted[held_out] = model.predict(features[held_out])
    return predicted


def summary(predicted: np.ndarray, labels: np.ndarray, records: np.ndarray) -> str:
    parts = []
    for name in ("N", "S", "V"):
        c = mitdb.CLASSES.index(name)
        hits = np.sum((predicted == c) & (labels == c))
        parts.append(f"{name} {100 * hits / max(1, np.sum(labels == c)):.1f}/{100 * hits / max(1, np.sum(predicted == c)):.1f}")
    s = mitdb.CLASSES.index("S")
    found = " ".join(f"{r}:{np.sum((predicted == s) & (labels == s) & (records == r))}/{np.sum((labels == s) & (records == r))}"
                     for r in S_RECORDS)
    return f"{' '.join(parts)} (Se/+P %); S found per record {found}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with the MIT-BIH Arrhythmia Database (WFDB)")
    parser.add_argument("--seeds", type=int, default=3, help="MLP seeds")
    args = parser.parse_args()
    names = mitdb.ALL_FEATURES
    ds1 = mitdb.load_records(args.data, mitdb.DS1, mitdb.Preprocessing(rr_features=names))
    for subset, columns in SUBSETS.items():
        features = ds1.rr[:, [names.index(c) for c in columns]].astype(np.float64)
        boosted = held_out_predictions(
            features, ds1.labels, ds1.records,
            lambda seed: HistGradientBoostingClassifier(max_iter=150, random_state=seed), resample=False, seed=0)
        print(f"{subset}\n  gradient boosting: {summary(boosted, ds1.labels, ds1.records)}", flush=True)
        for seed in range(args.seeds):
            mlp = held_out_predictions(
                features, ds1.labels, ds1.records,
                lambda s: MLPClassifier((32, 32), max_iter=60, random_state=s), resample=True, seed=seed)
            print(f"  MLP seed {seed}: {summary(mlp, ds1.labels, ds1.records)}", flush=True)


if __name__ == "__main__":
    main()
