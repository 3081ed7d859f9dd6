"""Builds the reference ECG model used by every speed comparison and saves it as a tf.keras 2 `.h5`.

Architecture (58,757 parameters, about 11.9 MFLOP per 360-sample window):
    Input (360, 1) → Conv1D(32, 5, same, relu) → BatchNormalization → MaxPooling1D(2)
    → Conv1D(64, 5, same, relu) → BatchNormalization → MaxPooling1D(2)
    → LSTM(64, return_sequences=True) → LSTM(32) → Dropout(0.3) → Dense(64, relu) → Dense(5, softmax)

Weights are Glorot/orthogonal draws from a fixed seed. The BatchNormalization layers get non-trivial
statistics: moving mean and variance measured on real MIT-BIH windows (or seeded noise when the data
folder is absent) and then perturbed, with gamma and beta drawn away from 1 and 0, so that folding BN into
the convolutions is actually exercised.

Usage:
    TF_USE_LEGACY_KERAS=1 .venv/bin/python tools/bench/reference_model.py --output tools/bench/model/ecg_reference.h5
"""
import argparse
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import tensorflow as tf
import tf_keras as keras

from ecg_windows import load_windows

WINDOW = 360
CLASSES = 5
EXPECTED_PARAMETERS = 58_757


def build(seed: int) -> keras.Model:
    """The reference architecture with seeded initial weights."""
    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.layers.InputLayer(input_shape=(WINDOW, 1), name="ecg"),
            keras.layers.Conv1D(32, 5, padding="same", activation="relu", name="conv1"),
            keras.layers.BatchNormalization(name="bn1"),
            keras.layers.MaxPooling1D(2, name="pool1"),
            keras.layers.Conv1D(64, 5, padding="same", activation="relu", name="conv2"),
            keras.layers.BatchNormalization(name="bn2"),
            keras.layers.MaxPooling1D(2, name="pool2"),
            keras.layers.LSTM(64, return_sequences=True, name="lstm1"),
            keras.layers.LSTM(32, name="lstm2"),
            keras.layers.Dropout(0.3, name="dropout"),
            keras.layers.Dense(64, activation="relu", name="dense1"),
            keras.layers.Dense(CLASSES, activation="softmax", name="output"),
        ],
        name="ecg_reference",
    )
    if model.count_params() != EXPECTED_PARAMETERS:
        raise SystemExit(f"reference model has {model.count_params()} parameters, expected {EXPECTED_PARAMETERS}")
    return model


def calibrate_batch_norm(model: keras.Model, windows: np.ndarray, rng: np.random.Generator) -> None:
    """Sets each BatchNormalization layer's statistics from the activations that reach it, then perturbs them."""
    for name in ("bn1", "bn2"):
        bn = model.get_layer(name)
        upstream = keras.Model(model.inputs, bn.input)
        activations = upstream.predict(windows, verbose=0)
        axes = tuple(range(activations.ndim - 1))
        mean = activations.mean(axis=axes)
        variance = activations.var(axis=axes)
        channels = mean.shape[0]
        gamma = rng.uniform(0.5, 1.5, channels)
        beta = rng.normal(0.0, 0.2, channels)
        moving_mean = mean * rng.uniform(0.8, 1.2, channels) + rng.normal(0.0, 0.05, channels)
        moving_variance = variance * rng.uniform(0.7, 1.3, channels) + 1e-2
        bn.set_weights([w.astype(np.float32) for w in (gamma, beta, moving_mean, moving_variance)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", default="tools/bench/model/ecg_reference.h5", help="where to write the .h5")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--mitdb", default="../shared/data/mitdb", help="MIT-BIH folder used for BN statistics")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    model = build(args.seed)
    windows = load_windows(args.mitdb, count=512, seed=args.seed)
    calibrate_batch_norm(model, windows, rng)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    model.save(args.output)
    print(f"wrote {args.output}: {model.count_params()} parameters, tf {tf.__version__}, tf_keras {keras.__version__}")


if __name__ == "__main__":
    main()
