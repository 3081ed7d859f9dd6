"""Input windows for the speed comparison: MIT-BIH lead-1 windows (360 samples, 1 s at 360 Hz, by default), z-scored.

Falls back to seeded synthetic ECG-like signals when the MIT-BIH folder is absent, so the tools still run.
"""
import os

import numpy as np

WINDOW = 360


def load_windows(mitdb: str, count: int, seed: int, window: int = WINDOW) -> np.ndarray:
    """Returns `count` windows as float32 [count, window, 1]."""
    rng = np.random.default_rng(seed)
    if os.path.isdir(mitdb):
        import wfdb

        records = sorted(f[:-4] for f in os.listdir(mitdb) if f.endswith(".hea"))
        windows = []
        for record in records[:8]:
            signal = wfdb.rdrecord(os.path.join(mitdb, record), channels=[0], sampto=360 * 600).p_signal[:, 0]
            starts = rng.integers(0, len(signal) - window, count // 8 + 1)
            windows.extend(signal[s : s + window] for s in starts)
        data = np.stack(windows[:count])
    else:
        t = np.arange(window) / 360.0
        rates = rng.uniform(0.8, 2.0, (count, 1))
        phases = rng.uniform(0, 1, (count, 1))
        beats = np.exp(-(((t * rates + phases) % 1.0 - 0.5) ** 2) / 0.0005)
        data = beats + 0.05 * rng.standard_normal((count, window))
    data = (data - data.mean(axis=1, keepdims=True)) / (data.std(axis=1, keepdims=True) + 1e-6)
    return data[:, :, None].astype(np.float32)
