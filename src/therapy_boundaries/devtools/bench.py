"""`make bench`: the course's costs as ratios against a bare baseline, measured side by side.

Each pair runs interleaved in fresh processes on the same machine in the same run, so machine
noise hits both sides alike; the medians' ratio is what we hold to a target, not the seconds.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .outputs import ROOT, notebooks

TARGETS = {"import": 1.15, "nbval": 1.5, "aggregate": 2.0}


def timed(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def side_by_side(course: list[str], bare: list[str], rounds: int) -> tuple[float, float]:
    a, b = [], []
    for _ in range(rounds):
        a.append(timed(course))
        b.append(timed(bare))
    return statistics.median(a), statistics.median(b)


def report(name: str, label: str, course: float, bare: float, target: float) -> bool:
    ratio = course / bare
    ok = ratio <= target
    print(f"{label:<58} {course:6.2f} s vs {bare:6.2f} s  ratio {ratio:4.2f}  "
          f"(target ≤ {target})  {'OK' if ok else 'OVER'}")
    return ok


def bare_notebooks(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("import pandas, ipywidgets")]
        nb.cells[0].execution_count = 1
        path = folder / f"bare_{n}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


# Both sides start a fresh interpreter, import what they need and read the same 500 files.
AGGREGATE = """
from therapy_boundaries import classroom
answers = classroom.read_exports({folder!r}).answers
classroom.by_exercise(answers); classroom.accuracy_by_topic(answers); classroom.most_divided(answers)
"""
PANDAS = """
import json, pathlib, pandas as pd
frames = [pd.json_normalize(json.loads(p.read_text()), "answers", ["pseudonym"])
          for p in sorted(pathlib.Path({folder!r}).glob("*.json"))]
pd.concat(frames)
"""


def write_exports(folder: Path, count: int) -> None:
    from ..progress import export_filename, export_record

    answers = [{"notebook": f"0{1 + n % 3}", "exercise": f"item_{n}", "answer": "abcd"[n % 4],
                "status": ("correct", "incorrect", "debated")[n % 3]} for n in range(60)]
    for n in range(count):
        pseudonym = f"student-{n:08x}"
        (folder / export_filename(pseudonym)).write_text(json.dumps(export_record(pseudonym, answers)))


def main() -> int:
    py = sys.executable
    ok = True
    course, bare = side_by_side([py, "-c", "import therapy_boundaries"],
                                [py, "-c", "import pandas, ipywidgets"], rounds=7)
    ok &= report("import", "(a) import therapy_boundaries vs pandas+ipywidgets", course, bare, TARGETS["import"])
    course, bare = side_by_side([py, "-c", "import therapy_boundaries.widgets"],
                                [py, "-c", "import pandas, ipywidgets"], rounds=7)
    ok &= report("import", "(a') import therapy_boundaries.widgets (what notebooks do)", course, bare,
                 TARGETS["import"])
    # Measure what a student meets from their second run on: validated tables come from the cache.
    from ..data import validate_all

    validate_all()
    # Markdown-only notebooks (the facilitation guides) start no kernel; counting them would flatter us.
    ours = [p for p in notebooks() if any(c.cell_type == "code" for c in nbformat.read(p, as_version=4).cells)]
    nbval = [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", "--nbval-current-env",
             "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg")]
    with tempfile.TemporaryDirectory() as tmp:
        baseline = bare_notebooks(Path(tmp), len(ours))
        course, bare = side_by_side(nbval + [str(p) for p in ours], nbval + [str(p) for p in baseline], rounds=3)
    ok &= report("nbval", f"(b) nbval over {len(ours)} notebooks with code vs {len(ours)} bare ones", course, bare,
                 TARGETS["nbval"])
    with tempfile.TemporaryDirectory() as tmp:
        write_exports(Path(tmp), 500)
        course, bare = side_by_side([py, "-c", AGGREGATE.format(folder=tmp)], [py, "-c", PANDAS.format(folder=tmp)],
                                    rounds=5)
    ok &= report("aggregate", "(c) class results over 500 exports vs reading them with pandas", course, bare,
                 TARGETS["aggregate"])
    from .latency import main as latency  # (d) in a real browser: needs Chromium

    ok &= latency([]) == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
