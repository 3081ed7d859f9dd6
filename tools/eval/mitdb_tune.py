"""What the MIT-BIH rhythm studies share: the rhythm tune half (`RhythmSplit`, docs/ACCURACY.md), the beat symbols,
and the command line (`--data`, `--records`) that picks the records."""
import argparse

TUNE = (101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124, 201, 203, 205, 207, 208, 209, 215, 220, 223, 230,
        102, 107)
BEATS = set("NLRejAaJSVEF/fQ")


def records_from_command_line(description: str) -> tuple[str, list[int]]:
    """(MIT-BIH folder, records) from `--data` and `--records` (default: the rhythm tune half)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", required=True, help="folder with the MIT-BIH Arrhythmia Database")
    parser.add_argument("--records", help="comma-separated records (default: the rhythm tune half)")
    args = parser.parse_args()
    return args.data, [int(r) for r in args.records.split(",")] if args.records else list(TUNE)
