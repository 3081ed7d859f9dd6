"""Exports a tf.keras 2 `.h5` model (one or several inputs) to ONNX with tf2onnx (batch axis left dynamic).

Usage:
    TF_USE_LEGACY_KERAS=1 .venv/bin/python tools/bench/export_onnx.py MODEL.h5 MODEL.onnx
"""
import os
import sys

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf
import tf_keras as keras
import tf2onnx

OPSET = 17


def export(h5_path: str, onnx_path: str) -> None:
    """Writes `onnx_path` from the Keras model in `h5_path`."""
    model = keras.models.load_model(h5_path, compile=False)
    shapes = model.input_shape if isinstance(model.input_shape, list) else [model.input_shape]
    # One input keeps the name "input"; several keep their Keras names, in the model's input order.
    names = ["input"] if len(shapes) == 1 else list(model.input_names)
    signature = [tf.TensorSpec([None, *shape[1:]], tf.float32, name=name) for shape, name in zip(shapes, names)]
    tf2onnx.convert.from_keras(model, input_signature=signature, opset=OPSET, output_path=onnx_path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    export(sys.argv[1], sys.argv[2])
