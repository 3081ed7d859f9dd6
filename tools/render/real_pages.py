#!/usr/bin/env python3
"""Prepares the real ECG images (../shared/data/ecg-images/real/) for `ecg eval digitization`.

They have no source signals, so each NAME.json only says `"kind": "real"` with no leads: the scorer then reports
what the digitizer found (layout, leads, heart rate of the rhythm lead) or the error it gave, never an SNR.
Writes NAME.ppm (decoded pixels, EXIF orientation applied) and NAME.json per image.

Usage: real_pages.py --out /tmp/ecg-renders/real
"""
import argparse
import json
import os

import numpy as np
from PIL import Image, ImageOps


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "../../../shared/data/ecg-images/real"))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--images", default=data)
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for f in sorted(os.listdir(args.images)):
        stem, ext = os.path.splitext(f)
        if ext.lower() not in (".png", ".jpg", ".jpeg", ".bmp"):
            continue
        img = ImageOps.exif_transpose(Image.open(os.path.join(args.images, f)))
        if img.mode in ("RGBA", "LA", "P"):
            img = Image.alpha_composite(Image.new("RGBA", img.size, (255, 255, 255, 255)), img.convert("RGBA"))
        rgb = img.convert("RGB")
        with open(os.path.join(args.out, stem + ".ppm"), "wb") as out:
            out.write(b"P6\n%d %d\n255\n" % rgb.size)
            out.write(np.asarray(rgb, dtype=np.uint8).tobytes())
        dpi = img.info.get("dpi", (0, 0))[0]
        with open(os.path.join(args.out, stem + ".json"), "w") as out:
            json.dump({"kind": "real", "source": f, "layout": "unknown", "dpi": float(dpi or 0), "px_per_mm": 0.0,
                       "rotation_deg": 0.0, "degraded": False, "leads": []}, out)
    print("done")


if __name__ == "__main__":
    main()
