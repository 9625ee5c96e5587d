"""Start a new course notebook and its facilitation guide from the templates, with the standard skeleton.

    python -m therapy_boundaries.devtools.new_notebook 07 "Touch in therapy"

writes notebooks/07_touch_in_therapy.ipynb and notebooks/instructor/guide_07_touch_in_therapy.ipynb
(never over an existing file). Fill in the placeholders, then `make outputs` to run it and store its
outputs; `make test` checks its headings, links and guide. The templates are in templates/.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from string import Template

import nbformat

from .outputs import ROOT

TEMPLATES = Path(__file__).resolve().parent / "templates"


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")


def fill(template: Path, **values: str) -> nbformat.NotebookNode:
    nb = nbformat.read(template, as_version=4)
    for cell in nb.cells:
        cell.source = Template(cell.source).substitute(values)
    return nb


def create(number: str, title: str, root: Path = ROOT) -> tuple[Path, Path]:
    """Write the notebook and its guide under `root`/notebooks; returns their paths."""
    if not re.fullmatch(r"\d\d", number):
        raise ValueError(f"the number is two digits, like 07, not {number!r}")
    filename = f"{number}_{slugify(title)}.ipynb"
    notebook = root / "notebooks" / filename
    guide = root / "notebooks" / "instructor" / f"guide_{filename}"
    taken = [str(p) for p in (notebook, guide) if p.exists()]
    if taken or list((root / "notebooks").glob(f"{number}_*.ipynb")):
        raise FileExistsError(f"notebook {number} already exists: {taken or 'choose another number'}")
    values = {"number": number, "title": title, "filename": filename}
    for path, template in ((notebook, "student_notebook.ipynb"), (guide, "guide_notebook.ipynb")):
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(fill(TEMPLATES / template, **values), path)
    return notebook, guide


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("number", help="two digits, e.g. 07")
    parser.add_argument("title", help='the title, e.g. "Touch in therapy"')
    args = parser.parse_args(argv)
    try:
        notebook, guide = create(args.number, args.title)
    except (ValueError, FileExistsError) as exc:
        print(f"Not created: {exc}", file=sys.stderr)
        return 1
    print(f"Created {notebook.relative_to(ROOT)} and {guide.relative_to(ROOT)}.\n"
          "Next: replace the placeholders, add the previous/next links, then `make outputs` and `make test`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
