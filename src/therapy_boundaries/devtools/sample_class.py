"""Make the SYNTHETIC sample class in data/sample_class/: invented students, not real answers.

    python -m therapy_boundaries.devtools.sample_class      # rewrites data/sample_class/

Seeded, so the files (and the instructor notebook's stored outputs) are the same on every run.
Each invented student answers the questions, sorting statements, scenarios and vignettes of
notebooks 00–03, picking the explained answer with a probability that varies by student and
by item; statuses come from the course's own logic. Two deliberately broken files show how the
class results report bad hand-ins.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .. import data
from ..boundaries import Classification, scenarios_from_table
from ..exercises import CATEGORIES, Question, SortingTask
from ..progress import export_filename, export_record
from ..transference import Kind, Phenomenon, vignettes_from_table
from .outputs import ROOT

STUDENTS = 36
SEED = 20261122
FOLDER = ROOT / "data" / "sample_class"


def student_answers(rng: random.Random, skill: float) -> list[dict]:
    answers = []
    questions, options = data.load("questions"), data.load("options")
    for qid, notebook in zip(questions["id"], questions["notebook"]):
        question = Question.from_tables(qid, questions, options)
        if notebook == "00" or rng.random() < 0.15:
            continue  # some students skip some items
        good = [o.id for o in question.options if o.verdict in ("correct", "debated")]
        choice = rng.choice(good) if rng.random() < skill else rng.choice([o.id for o in question.options])
        answers.append({"notebook": notebook, "exercise": qid, "answer": choice,
                        "status": question.evaluate(choice).status})
    task = SortingTask.from_table(data.load("statements"))
    for item in task.evaluate({s.id: (s.category if rng.random() < skill + 0.1 else rng.choice(CATEGORIES))
                               for s in task.statements}).items:
        answers.append({"notebook": "01", "exercise": f"sorting/{item.statement.id}", "answer": item.answer,
                        "status": item.result.status})
    for scenario in scenarios_from_table(data.load("scenarios"))[:12]:
        choice = scenario.classification if rng.random() < skill else rng.choice(list(Classification))
        answers.append({"notebook": "02", "exercise": f"classify/{scenario.id}", "answer": str(choice),
                        "status": scenario.classify(choice).status})
    for vignette in vignettes_from_table(data.load("vignettes"))[:8]:
        pair = ((vignette.phenomenon, vignette.kind) if rng.random() < skill
                else (rng.choice(list(Phenomenon)), rng.choice(list(Kind))))
        answers.append({"notebook": "03", "exercise": f"name_it/{vignette.id}", "answer": [str(p) for p in pair],
                        "status": vignette.name_it(*pair).status})
    return answers


def main(folder: Path = FOLDER) -> None:
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for _ in range(STUDENTS):
        pseudonym = f"student-{rng.getrandbits(32):08x}"
        record = export_record(pseudonym, student_answers(rng, skill=rng.uniform(0.45, 0.95)))
        (folder / export_filename(pseudonym)).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    (folder / "broken-not-json.json").write_text("{this is not JSON\n", encoding="utf-8")
    (folder / "broken-wrong-format.json").write_text(json.dumps({"format": "something-else", "answers": []}) + "\n",
                                                     encoding="utf-8")
    print(f"wrote {STUDENTS} synthetic students and 2 broken examples to {folder}")


if __name__ == "__main__":
    main()
