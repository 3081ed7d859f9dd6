"""Multiply-add FLOP count (2 per MAC) of one forward pass of one sample through a tf.keras model.

Counts the matrix work of Conv1D, Dense, LSTM, GRU and SimpleRNN (the same rule `ecg bench` uses);
element-wise work (activations, pooling, BN) is left out.
"""


def forward_flops(model) -> int:
    total = 0
    for layer in model.layers:
        kind = type(layer).__name__
        weights = layer.get_weights()
        if kind == "Conv1D":
            length = layer.output_shape[1]
            total += 2 * length * weights[0].size
        elif kind == "Dense":
            positions = 1
            for dim in layer.output_shape[1:-1]:
                positions *= dim
            total += 2 * positions * weights[0].size
        elif kind in ("LSTM", "GRU", "SimpleRNN"):
            steps = layer.input_shape[1]
            total += 2 * steps * (weights[0].size + weights[1].size)
    return total
