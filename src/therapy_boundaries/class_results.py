"""`therapy-boundaries-class-results FOLDER`: the class summary as CSV, for a spreadsheet or an LMS."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .classroom import summary_csv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Summarise a folder of exported answer files as CSV.")
    parser.add_argument("folder", type=Path, help="folder of therapy-boundaries-answers-*.json files")
    parser.add_argument("--out", type=Path, default=Path("class_summary.csv"), help="CSV to write")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder} is not a folder of exported answers.", file=sys.stderr)
        return 2
    results = summary_csv(args.folder, args.out)
    for row in results.skipped.itertuples():
        print(f"skipped {row.file}: {row.reason}")
    print(f"{results.students} student(s), {len(results.answers)} answer(s); summary written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
