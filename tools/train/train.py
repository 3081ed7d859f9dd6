"""Train the bundled beat classifier on MIT-BIH DS1 and evaluate it once on DS2.

    TF_USE_LEGACY_KERAS=1 python tools/train/train.py --data ../shared/data/mitdb --out Weights

Selection uses DS1 only: patient-wise cross-validation (three folds of DS1 records) picks the number of epochs
with the best mean validation score; the shipped model is then refit on all of DS1 for that many epochs.
DS2 is read only after the model is saved.
Writes <out>/ecg_model.h5 (tf_keras legacy HDF5), label_classes.npy, ecg_model.preprocessing.json and
<results>/training.json (selection history, DS2 confusion matrix and per-class metrics); the cross-validation also
writes <results>/out_of_fold.npz (held-out labels, fold index and per-epoch probabilities).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
from tf_keras import layers  # noqa: E402

import metrics  # noqa: E402
import mitdb  # noqa: E402

# Patient-wise folds of DS1 for model selection. Each fold holds S- and V-rich records, and the bundle branch
# block records are spread (LBBB: 109, 207; RBBB: 118, 124, 207) so that no fold trains without them.
DS1_FOLDS = (
    (101, 106, 109, 112, 115, 118, 209),
    (108, 116, 119, 122, 201, 205, 220, 230),
    (114, 124, 203, 207, 208, 215, 223),
)


def build_model(prep: mitdb.Preprocessing, n_rr: int, n_classes: int, rr_normalise: bool = False) -> tf_keras.Model:
    """Two-input Functional model: beat_window [N, window, channels] (1, or 2 with prep.second_lead),
    rr_features [N, n_rr] -> softmax [N, n_classes].
    rr_normalise: the RR features pass a BatchNormalization first (features of different scales, seconds and
    ratios, reach the dense layers standardised by their training statistics)."""
    beat = layers.Input(shape=(prep.window_samples, prep.channels), name="beat_window")
    x = beat
    for index, (filters, kernel) in enumerate(((16, 7), (32, 5), (32, 5), (64, 3)), start=1):
        x = layers.Conv1D(filters, kernel, padding="same", use_bias=False, name=f"conv{index}")(x)
        x = layers.BatchNormalization(name=f"bn{index}")(x)
        x = layers.Activation("relu", name=f"relu{index}")(x)
        x = layers.MaxPooling1D(2, name=f"pool{index}")(x)
    x = layers.LSTM(32, name="lstm")(x)  # 16 steps of 64 features

    rr = layers.Input(shape=(n_rr,), name="rr_features")
    r = layers.BatchNormalization(name="rr_norm")(rr) if rr_normalise else rr
    r = layers.Dense(16, activation="relu", name="rr_dense1")(r)
    r = layers.Dense(16, activation="relu", name="rr_dense2")(r)

    h = layers.Concatenate(name="concat")([x, r])
    h = layers.Dense(32, activation="relu", name="head")(h)
    h = layers.Dropout(0.3, name="dropout")(h)
    out = layers.Dense(n_classes, activation="softmax", name="classes")(h)
    return tf_keras.Model([beat, rr], out, name="ecg_beat_classifier")


def class_weights(labels: np.ndarray, n_classes: int, power: float, cap: float) -> dict[int, float]:
    """(n_majority / n_c) ** power, capped; classes absent from training get weight 1."""
    counts = np.bincount(labels, minlength=n_classes).astype(np.float64)
    weights = {}
    for c in range(n_classes):
        weights[c] = 1.0 if counts[c] == 0 else float(min(cap, (counts.max() / counts[c]) ** power))
    return weights


def augment(train: mitdb.Beats, prep: mitdb.Preprocessing, args, rng: np.random.Generator,
            normal_by_record: dict[int, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """One epoch's inputs: windows [N, window, channels] and RR features [N, len(prep.rr_features)], freshly augmented.

    - R position jitter of ±margin samples (a detector does not place R where the annotator did) and white noise;
    - S beats take, with probability swap_s, the window (and its template features) of a random N beat of the
      same record: an S beat differs
      from its patient's N beats mainly in timing, so the model must learn S from the RR features rather than
      from the morphology of the few DS1 patients with S beats;
    - the RR durations (mitdb.RR_DURATIONS) are scaled by one random factor per beat in [1/rr_scale, rr_scale] (ratios unchanged),
      so that a patient's heart rate cannot stand in for the patient;
    - with a second lead, each beat's second channel is all zeros with probability lead_dropout (after the noise:
      exactly what a one-lead recording gives the model), so that the model also classifies from MLII alone.
    """
    count = len(train.labels)
    windows = train.model_windows(prep, rng.integers(-train.margin, train.margin + 1, size=count))
    supraventricular = np.flatnonzero((train.labels == mitdb.CLASSES.index("S")) & (rng.random(count) < args.swap_s))
    rr = train.rr.copy()
    morphology = [i for i, name in enumerate(prep.rr_features) if name in mitdb.TEMPLATE_FEATURES]
    for record, normals in normal_by_record.items():
        targets = supraventricular[train.records[supraventricular] == record]
        if len(targets) and len(normals):
            sources = rng.choice(normals, size=len(targets))
            windows[targets] = windows[sources]
            if morphology:  # the swapped window brings its own morphology against the template
                rr[np.ix_(targets, morphology)] = train.rr[np.ix_(sources, morphology)]
    windows += rng.normal(0.0, args.noise, size=windows.shape).astype(np.float32)
    durations = [i for i, name in enumerate(prep.rr_features) if name in mitdb.RR_DURATIONS]
    rr[:, durations] *= np.exp(rng.uniform(-np.log(args.rr_scale), np.log(args.rr_scale), size=(count, 1)))
    if prep.second_lead and args.lead_dropout > 0:
        windows[rng.random(count) < args.lead_dropout, :, 1] = 0.0
    return windows, rr.astype(np.float32)


class WeightAverage:
    """Running mean of a model's weights over the epochs from `start` on: stochastic weight averaging (Izmailov et
    al. 2018), one model whose weights sit between those the optimiser visits. The averaged weights change what
    each BatchNormalization layer sees, so its moving mean and variance are then measured again on `inputs` (a
    sample of training windows and RR features), layer by layer in graph order, as that paper prescribes.
    `swapped(model)` runs a block with the averaged weights in place and restores the trained ones after it."""

    def __init__(self, start: int, inputs: list[np.ndarray]):
        self.start, self.count, self.mean, self.inputs = start, 0, None, inputs

    def add(self, model: tf_keras.Model, epoch: int) -> None:
        if epoch < self.start:
            return
        weights = model.get_weights()
        self.count += 1
        if self.mean is None:
            self.mean = [w.astype(np.float64) for w in weights]
        else:
            self.mean = [m + (w - m) / self.count for m, w in zip(self.mean, weights)]

    def averaged(self, like: list[np.ndarray]) -> list[np.ndarray]:
        return like if self.mean is None else [m.astype(w.dtype) for m, w in zip(self.mean, like)]

    def apply(self, model: tf_keras.Model) -> None:
        """Puts the averaged weights in `model` and re-measures its BatchNormalization statistics."""
        model.set_weights(self.averaged(model.get_weights()))
        if self.mean is None:
            return
        for layer in model.layers:
            if not isinstance(layer, layers.BatchNormalization):
                continue
            probe = tf_keras.Model(model.inputs, layer.input)
            x = probe.predict(self.inputs, batch_size=1024, verbose=0)
            axes = tuple(range(x.ndim - 1))
            gamma, beta, _, _ = layer.get_weights()
            layer.set_weights([gamma, beta, x.mean(axis=axes), x.var(axis=axes)])

    @contextlib.contextmanager
    def swapped(self, model: tf_keras.Model):
        trained = model.get_weights()
        self.apply(model)
        try:
            yield
        finally:
            model.set_weights(trained)


def statistics_sample(beats: mitdb.Beats, prep: mitdb.Preprocessing, seed: int, size: int = 16384) -> list[np.ndarray]:
    """Up to `size` beats drawn without replacement, as model inputs (un-augmented windows and RR features)."""
    chosen = np.sort(np.random.default_rng(seed).permutation(len(beats.labels))[:size])
    sample = beats.subset(chosen)
    return [sample.model_windows(prep), sample.rr]


def fit(model: tf_keras.Model, train: mitdb.Beats, prep: mitdb.Preprocessing, args, epochs: int,
        rng: np.random.Generator, on_epoch=None, average: WeightAverage | None = None) -> None:
    """Epoch loop over freshly augmented inputs; the learning rate halves every lr_halve_every epochs.
    `average` (when given) takes the weights after each epoch; on_epoch(epoch, loss) runs after that."""
    weights = class_weights(train.labels, len(mitdb.CLASSES), args.class_weight_power, args.class_weight_cap)
    sample_weight = np.array([weights[c] for c in train.labels], dtype=np.float32)
    normal = train.labels == mitdb.CLASSES.index("N")
    normal_by_record = {int(r): np.flatnonzero(normal & (train.records == r)) for r in np.unique(train.records)}
    for epoch in range(1, epochs + 1):
        started = time.time()
        windows, rr = augment(train, prep, args, rng, normal_by_record)
        lr = args.learning_rate * (0.5 ** ((epoch - 1) // args.lr_halve_every))
        tf_keras.backend.set_value(model.optimizer.learning_rate, lr)
        history = model.fit([windows, rr], train.labels, sample_weight=sample_weight,
                            batch_size=args.batch_size, epochs=1, shuffle=True, verbose=0)
        loss = history.history["loss"][0]
        print(f"epoch {epoch:2d} lr {lr:.2e} loss {loss:.4f} ({time.time() - started:.0f} s)", flush=True)
        if average is not None:
            average.add(model, epoch)
        if on_epoch is not None:
            on_epoch(epoch, loss)


def predict(model: tf_keras.Model, beats: mitdb.Beats, prep: mitdb.Preprocessing,
            zero_second: bool = False) -> np.ndarray:
    """Class probabilities; zero_second: a two-lead model given a zero second channel (the one-lead fallback)."""
    return model.predict([beats.model_windows(prep, zero_second=zero_second), beats.rr], batch_size=1024, verbose=0)


def new_model(prep, args) -> tf_keras.Model:
    model = build_model(prep, len(prep.rr_features), len(mitdb.CLASSES), args.rr_normalise)
    model.compile(optimizer=tf_keras.optimizers.Adam(args.learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def cross_validate(ds1: mitdb.Beats, prep: mitdb.Preprocessing, args) -> dict:
    """Train one model per fold for max_epochs; score every epoch on the held-out patients.
    Returns per-fold histories and the epoch with the best mean score over folds. With a second lead every epoch
    is scored twice: with both leads ("score", "mean_scores", the selection) and with the second channel zeroed
    ("score_one_lead", "mean_scores_one_lead": the fallback for a one-lead recording)."""
    folds, out_of_fold, out_of_fold_one_lead = [], [], []
    for index, records in enumerate(DS1_FOLDS, start=1):
        held_out = np.isin(ds1.records, records)
        train, validation = ds1.subset(~held_out), ds1.subset(held_out)
        print(f"fold {index}: validation records {records} ({len(validation.labels)} beats)", flush=True)
        tf_keras.utils.set_random_seed(args.seed + index)
        rng = np.random.default_rng(args.seed + index)
        model = new_model(prep, args)
        history, probabilities, probabilities_one_lead = [], [], []
        average = WeightAverage(args.average_from, statistics_sample(train, prep, args.seed + index)) \
            if args.average_from else None

        def on_epoch(epoch: int, loss: float) -> None:
            if average is not None:
                with average.swapped(model):
                    probabilities.append(predict(model, validation, prep))
            else:
                probabilities.append(predict(model, validation, prep))
            report = metrics.evaluate(validation.labels, probabilities[-1].argmax(axis=1), mitdb.CLASSES)
            score = metrics.selection_score(report, mitdb.CLASSES)
            history.append({"epoch": epoch, "loss": loss, "score": score, "validation": report})
            print(f"  score {score:.4f} acc {report['accuracy']:.4f} "
                  + " ".join(f"{c}:Se {report['per_class'][c]['se']} +P {report['per_class'][c]['ppv']}"
                             for c in ("N", "S", "V", "F")), flush=True)
            if prep.second_lead:  # the same model with the second channel zeroed
                probabilities_one_lead.append(predict(model, validation, prep, zero_second=True))
                one = metrics.evaluate(validation.labels, probabilities_one_lead[-1].argmax(axis=1), mitdb.CLASSES)
                history[-1] |= {"score_one_lead": metrics.selection_score(one, mitdb.CLASSES),
                                "validation_one_lead": one}
                print(f"  one lead: score {history[-1]['score_one_lead']:.4f} acc {one['accuracy']:.4f} "
                      + " ".join(f"{c}:Se {one['per_class'][c]['se']} +P {one['per_class'][c]['ppv']}"
                                 for c in ("N", "S", "V", "F")), flush=True)

        fit(model, train, prep, args, args.max_epochs, rng, on_epoch, average)
        folds.append({"records": list(records), "history": history})
        out_of_fold.append((validation.labels, probabilities))
        out_of_fold_one_lead.append(probabilities_one_lead)
    mean_scores = np.mean([[h["score"] for h in fold["history"]] for fold in folds], axis=0)
    best = int(np.argmax(mean_scores))
    selection = {"folds": folds, "mean_scores": [round(float(v), 4) for v in mean_scores],
                 "best_epoch": best + 1, "best_mean_score": round(float(mean_scores[best]), 4)}
    if prep.second_lead:
        one_lead = np.mean([[h["score_one_lead"] for h in fold["history"]] for fold in folds], axis=0)
        selection |= {"mean_scores_one_lead": [round(float(v), 4) for v in one_lead],
                      "mean_score_one_lead_at_best_epoch": round(float(one_lead[best]), 4),
                      "best_epoch_one_lead": int(np.argmax(one_lead)) + 1,
                      "best_mean_score_one_lead": round(float(one_lead.max()), 4)}
    truth = np.concatenate([labels for labels, _ in out_of_fold])
    per_epoch = np.concatenate([np.stack(fold_epochs) for _, fold_epochs in out_of_fold], axis=1)  # [epochs, beats, classes]
    extra = {"probabilities_one_lead": np.concatenate([np.stack(p) for p in out_of_fold_one_lead], axis=1)} \
        if prep.second_lead else {}
    os.makedirs(args.results, exist_ok=True)
    np.savez_compressed(os.path.join(args.results, "out_of_fold.npz"), labels=truth, probabilities=per_epoch,
                        folds=np.concatenate([np.full(len(labels), k) for k, (labels, _) in enumerate(out_of_fold)]),
                        **extra)
    if args.decision_offsets:
        probabilities = per_epoch[best]
        offsets, report = metrics.fit_decision_offsets(probabilities, truth, mitdb.CLASSES)
        selection["decision_offsets"] = {name: round(float(v), 2) for name, v in zip(mitdb.CLASSES, offsets)}
        selection["out_of_fold"] = {
            "without_offsets": metrics.evaluate(truth, probabilities.argmax(axis=1), mitdb.CLASSES),
            "with_offsets": report}
    return selection


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="folder with the MIT-BIH Arrhythmia Database (WFDB)")
    parser.add_argument("--out", default="Weights", help="folder for the model files")
    parser.add_argument("--results", default="tools/train/results", help="folder for training.json")
    parser.add_argument("--seed", type=int, default=20040701)
    parser.add_argument("--max-epochs", type=int, default=16)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--learning-rate", type=float, default=5e-4)
    parser.add_argument("--lr-halve-every", type=int, default=5)
    parser.add_argument("--class-weight-power", type=float, default=0.5)
    parser.add_argument("--class-weight-cap", type=float, default=20.0)
    parser.add_argument("--margin", type=int, default=6, help="R position jitter (samples) for augmentation")
    parser.add_argument("--noise", type=float, default=0.05, help="white noise std added to z-scored windows")
    parser.add_argument("--swap-s", type=float, default=0.5,
                        help="probability that an S beat trains with the window of an N beat of its record")
    parser.add_argument("--rr-scale", type=float, default=1.3, help="range of the random RR duration scaling")
    parser.add_argument("--rr-features", choices=sorted(mitdb.RR_FEATURE_SETS), default="short",
                        help="RR feature set (mitdb.RR_FEATURE_SETS): short = around the beat; long adds the "
                             "patient's mean RR over +-150 s and the RR ratios to it; rhythm = short + the ratios "
                             "to that mean + post/pre; template = rhythm + the beat against the recording's "
                             "median beat (mitdb.template_features)")
    parser.add_argument("--second-lead", action="store_true",
                        help="a second input channel from the record's other lead (V1, V2, V4 or V5 in MIT-BIH), "
                             "filtered, windowed and z-scored like MLII; the cross-validation also scores every "
                             "epoch with that channel zeroed (DS1 study; the analysis reads one lead)")
    parser.add_argument("--lead-dropout", type=float, default=0.0,
                        help="with --second-lead: probability per beat and epoch that the second channel trains as "
                             "zeros (the single-lead fallback)")
    parser.add_argument("--rr-normalise", action="store_true",
                        help="standardise the RR features in the model (a BatchNormalization on that input)")
    parser.add_argument("--average-from", type=int,
                        help="stochastic weight averaging: the model's weights are the mean of those after each epoch "
                             "from this one on (the cross-validation scores every epoch with the mean so far)")
    parser.add_argument("--decision-offsets", action="store_true",
                        help="fit per-class offsets to the log-probabilities on the DS1 out-of-fold predictions of "
                             "the selected epoch (metrics.fit_decision_offsets) and add them to the output layer's "
                             "bias of the shipped model")
    parser.add_argument("--epochs", type=int,
                        help="refit for this many epochs without cross-validating (a count --select-only chose)")
    parser.add_argument("--selection",
                        help="a --select-only result (selection_*.json) of the same settings: refit for its chosen "
                             "epoch count and keep its fold histories instead of cross-validating again")
    parser.add_argument("--select-only", action="store_true",
                        help="only cross-validate on DS1 (for comparing settings); no model, no DS2")
    args = parser.parse_args()

    if args.lead_dropout and not args.second_lead:
        raise SystemExit("--lead-dropout needs --second-lead")
    tf.config.experimental.enable_op_determinism()
    prep = mitdb.Preprocessing(rr_features=mitdb.RR_FEATURE_SETS[args.rr_features], second_lead=args.second_lead)
    started = time.time()
    ds1 = mitdb.load_records(args.data, mitdb.DS1, prep, margin=args.margin)
    print(f"DS1: {len(ds1.labels)} beats", flush=True)
    # The second lead each record contributed (written with the results).
    leads = {"second_leads": {str(r): name for r, name in sorted(ds1.second_leads.items())}} if args.second_lead else {}
    if leads:
        print(f"second leads {leads['second_leads']}", flush=True)

    # 1. Selection on DS1 only.
    if args.selection is not None:
        with open(args.selection) as f:
            previous = json.load(f)
        ignored = ("results", "out", "epochs", "select_only", "selection", "data")
        # A setting added after the stored run was made had its default then.
        earlier = {key: parser.get_default(key) for key in vars(args)} | previous["arguments"]
        differing = sorted(key for key in set(vars(args)) | set(earlier) if key not in ignored
                           and earlier.get(key) != vars(args).get(key))
        if differing:
            raise SystemExit(f"{args.selection} was run with other settings: {differing}")
        selection = previous["selection"] | {"from": os.path.basename(args.selection)}
        print(f"selection from {args.selection}: {selection['best_epoch']} epochs", flush=True)
    elif args.epochs is not None:
        selection = {"best_epoch": args.epochs, "given": True}
    else:
        selection = cross_validate(ds1, prep, args)
        print(f"mean validation score per epoch {selection['mean_scores']}", flush=True)
        print(f"selected {selection['best_epoch']} epochs (mean score {selection['best_mean_score']:.4f})",
              flush=True)
        if "decision_offsets" in selection:
            print(f"decision offsets {selection['decision_offsets']}: out-of-fold score "
                  f"{metrics.selection_score(selection['out_of_fold']['without_offsets'], mitdb.CLASSES):.4f} -> "
                  f"{metrics.selection_score(selection['out_of_fold']['with_offsets'], mitdb.CLASSES):.4f}",
                  flush=True)
    os.makedirs(args.results, exist_ok=True)
    if args.select_only:
        with open(os.path.join(args.results, "selection.json"), "w") as f:
            json.dump({"arguments": vars(args)} | leads | {"selection": selection}, f, indent=1)
            f.write("\n")
        return

    # 2. The shipped model: refit on all of DS1 for the selected number of epochs.
    tf_keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    model = new_model(prep, args)
    print("refit on all of DS1", flush=True)
    average = WeightAverage(args.average_from, statistics_sample(ds1, prep, args.seed)) if args.average_from else None
    fit(model, ds1, prep, args, selection["best_epoch"], rng, average=average)
    if average is not None:
        average.apply(model)
        print(f"weights averaged over epochs {args.average_from}-{selection['best_epoch']} ({average.count})", flush=True)
    if args.decision_offsets:
        if "decision_offsets" not in selection:
            raise SystemExit("--decision-offsets needs the cross-validation's out-of-fold predictions "
                             "(a selection run with --decision-offsets)")
        output = model.get_layer("classes")
        kernel, bias = output.get_weights()
        offsets = np.array([selection["decision_offsets"][name] for name in mitdb.CLASSES], dtype=bias.dtype)
        output.set_weights([kernel, bias + offsets])
        print(f"decision offsets added to the output bias: {selection['decision_offsets']}", flush=True)

    os.makedirs(args.out, exist_ok=True)
    model.save(os.path.join(args.out, "ecg_model.h5"))
    np.save(os.path.join(args.out, "label_classes.npy"), np.array(mitdb.CLASSES))
    with open(os.path.join(args.out, "ecg_model.preprocessing.json"), "w") as f:
        json.dump(prep.sidecar(), f, indent=2)
        f.write("\n")

    # 3. One evaluation on DS2, with the saved file reloaded as a user would load it.
    saved = tf_keras.models.load_model(os.path.join(args.out, "ecg_model.h5"))
    ds2 = mitdb.load_records(args.data, mitdb.DS2, prep)
    ds2_report = metrics.evaluate(ds2.labels, predict(saved, ds2, prep).argmax(axis=1), mitdb.CLASSES)
    if args.second_lead:
        leads["second_leads"] |= {str(r): name for r, name in sorted(ds2.second_leads.items())}
    print(metrics.markdown(ds2_report, mitdb.CLASSES), flush=True)

    with open(os.path.join(args.results, "training.json"), "w") as f:
        json.dump({
            "arguments": vars(args),
            **leads,
            "parameters": int(saved.count_params()),
            "ds1_beats": int(len(ds1.labels)),
            "ds2_beats": int(len(ds2.labels)),
            "selection": selection,
            "ds2": ds2_report,
            "wall_seconds": round(time.time() - started),
        }, f, indent=1)
        f.write("\n")
    print(f"done in {time.time() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
