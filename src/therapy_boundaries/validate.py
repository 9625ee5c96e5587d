"""`therapy-boundaries-validate`: check every course CSV after an edit; non-zero exit on problems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import data_dir, validate_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the course data files in data/.")
    parser.add_argument("folder", nargs="?", type=Path, help="folder of CSV files (default: data/)")
    folder = parser.parse_args(argv).folder or data_dir()
    issues = validate_all(folder)
    for issue in issues:
        print(issue)
    if issues:
        print(f"\n{len(issues)} problem(s) found in {folder}.", file=sys.stderr)
        return 1
    print(f"All course data in {folder} is valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
