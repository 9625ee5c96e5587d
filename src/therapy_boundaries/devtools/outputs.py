"""Re-execute notebooks in a fresh kernel and store their outputs in normalized form.

Normalized means: no widget state (`metadata.widgets`), no per-cell timing, no interpreter patch
version, no widget-view payloads (their model ids are random; the `text/plain` stand-in stays),
execution counts 1..N. Re-running an unchanged notebook then yields a byte-identical file, so a
diff shows only what a change really did.

    python -m therapy_boundaries.devtools.outputs            # refresh every notebook
    python -m therapy_boundaries.devtools.outputs --check    # fail if any is not normalized/executed
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
from pathlib import Path

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ROOT = Path(__file__).resolve().parents[3]


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.pop("id", None)
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
            output.get("metadata", {}).pop(WIDGET_VIEW, None)
        cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data" or o.get("data")]
    nb.nbformat, nb.nbformat_minor = 4, 4  # 4.4: no cell ids, which would churn on every save
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb, version=4) + "\n"


def execute(path: Path, timeout: int = 120) -> nbformat.NotebookNode:
    """Run top to bottom in a fresh kernel from the notebook's folder, with an empty answer store."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        # Outputs must not depend on whoever runs this having saved answers.
        env = {**os.environ, "THERAPY_BOUNDARIES_ANSWERS": str(Path(scratch) / "answers.json")}
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    return normalize(nb)


def problems(path: Path) -> list[str]:
    """Why the stored file is not a normalized, top-to-bottom run (empty when it is)."""
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    found = []
    if dumps(normalize(nb)) != text:
        found.append("not normalized (run `make outputs`)")
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    if counts != list(range(1, len(counts) + 1)):
        found.append(f"execution counts are {counts}, not 1..{len(counts)}: not run top to bottom")
    errors = [c for c in nb.cells if c.cell_type == "code" and "raises-exception" not in c.metadata.get("tags", [])
              and any(o.output_type == "error" for o in c.get("outputs", []))]
    if errors:
        found.append(f"{len(errors)} cell(s) store an error")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: all under notebooks/)")
    parser.add_argument("--check", action="store_true", help="only report notebooks that need a refresh")
    args = parser.parse_args(argv)
    paths = args.paths or notebooks()
    failed = 0
    for path in paths:
        if args.check:
            for problem in problems(path):
                print(f"{path}: {problem}")
                failed += 1
            continue
        path.write_text(dumps(execute(path)), encoding="utf-8")
        print(f"refreshed {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
