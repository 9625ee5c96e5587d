"""The student's answer store: one JSON file, written only when the student chooses to save.

Where: $THERAPY_BOUNDARIES_ANSWERS, else ~/.therapy-boundaries/answers.json. Writes go to a
temporary file that replaces the store in one step (os.replace), under a lock, so a crash or a
second notebook saving at the same moment never loses an answer. A file that cannot be read is
moved aside, never emptied, and the student is told where it went.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
import time
from pathlib import Path

try:  # POSIX; on Windows saves still replace the file atomically, just without the lock.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

ENV_STORE = "THERAPY_BOUNDARIES_ANSWERS"
FORMAT = 1


def store_path() -> Path:
    if os.environ.get(ENV_STORE):
        return Path(os.environ[ENV_STORE]).expanduser()
    return Path.home() / ".therapy-boundaries" / "answers.json"


def shown_path(path: Path) -> str:
    """The path as a student would type it (~ for the home folder)."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


# The hand-in file: {"format": EXPORT_FORMAT, "version": 1, "pseudonym": "student-…", "name"?: "…",
#  "answers": [{"notebook": "01", "exercise": "party_invite", "answer": …, "status": "correct" | … | null}]}
# `status` is null for free text (reflections); `name` is present only if the student typed one.
EXPORT_FORMAT = "therapy-boundaries-answers"
EXPORT_VERSION = 1


def export_record(pseudonym: str, answers, name: str = "") -> dict:
    """The hand-in record for these answers (entries with notebook, exercise, answer, status)."""
    record = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "pseudonym": pseudonym,
        "answers": [{k: a[k] for k in ("notebook", "exercise", "answer", "status")}
                    for a in sorted(answers, key=lambda a: (a["notebook"], a["exercise"]))],
    }
    if name.strip():
        record["name"] = name.strip()
    return record


def export_filename(pseudonym: str) -> str:
    return f"therapy-boundaries-answers-{pseudonym}.json"


def new_pseudonym() -> str:
    return f"student-{secrets.token_hex(4)}"


def atomic_write_json(path: Path, data) -> None:
    """Write to a temporary file beside `path`, then replace `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class AnswerStoreError(RuntimeError):
    """The store could not be read or written; the message says what happened to the file."""


class AnswerStore:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else store_path()

    # -- reading --------------------------------------------------------------------------
    def answers(self, notebook: str | None = None) -> dict[str, dict]:
        """Saved answers keyed "notebook/exercise" (only one notebook's, if given)."""
        if not self.path.exists():
            return {}  # reading must not create the folder: nothing is written before a save
        with self._locked():
            data = self._read()
        items = data["answers"]
        if notebook is None:
            return items
        return {key: value for key, value in items.items() if value["notebook"] == notebook}

    def _read(self) -> dict:
        if not self.path.exists():
            return {"format": FORMAT, "answers": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
                raise ValueError("unexpected structure")
            return data
        except (ValueError, UnicodeDecodeError) as exc:
            kept = self.path.with_name(f"{self.path.name}.unreadable-{time.strftime('%Y%m%dT%H%M%S')}")
            os.replace(self.path, kept)
            raise AnswerStoreError(
                f"Your saved answers in {shown_path(self.path)} could not be read ({exc}). The file "
                f"was kept unchanged as {shown_path(kept)}; new answers go to a fresh file."
            ) from None

    # -- writing --------------------------------------------------------------------------
    def save(self, notebook: str, exercise: str, answer, status: str | None = None) -> str:
        """Save one answer (replacing an earlier one for the same exercise); says where."""
        return self.save_many(notebook, [(exercise, answer, status)])

    def save_many(self, notebook: str, entries: list[tuple[str, object, str | None]]) -> str:
        """Save (exercise, answer, status) entries in one locked, atomic write; says where."""
        note = ""
        with self._locked():
            try:
                data = self._read()
            except AnswerStoreError as exc:
                data, note = {"format": FORMAT, "answers": {}}, f" {exc}"
            data.setdefault("pseudonym", new_pseudonym())
            saved_at = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            for exercise, answer, status in entries:
                data["answers"][f"{notebook}/{exercise}"] = {
                    "notebook": notebook, "exercise": exercise, "answer": answer, "status": status,
                    "saved_at": saved_at,
                }
            self._write(data)
        return f"Saved in {shown_path(self.path)}.{note}"

    def pseudonym(self) -> str | None:
        """The student's pseudonym, if the store has one yet (reading never creates it)."""
        if not self.path.exists():
            return None
        try:
            with self._locked():
                return self._read().get("pseudonym")
        except (OSError, AnswerStoreError):
            return None

    def earlier(self, notebook: str, exercise: str):
        """The answer saved before for this exercise, or None (never raises: restoring is a courtesy)."""
        try:
            entry = self.answers().get(f"{notebook}/{exercise}")
        except (OSError, AnswerStoreError):
            return None
        return entry["answer"] if entry else None

    # -- export ---------------------------------------------------------------------------
    def export_preview(self, name: str = "") -> str:
        """What an export would contain, said before anything is written."""
        saved = self.answers()
        notebooks = sorted({v["notebook"] for v in saved.values()})
        texts = sum(isinstance(v["answer"], str) and v["status"] is None for v in saved.values())
        who = f"your name as typed ({name.strip()})" if name.strip() else "no name: only your pseudonym"
        return (f"The file will hold {len(saved)} answer(s) from notebook(s) {', '.join(notebooks) or 'none'}, "
                f"including {texts} saved reflection(s), and {who}. Nothing else about you or this computer.")

    def export(self, folder: Path, name: str = "") -> Path:
        """Write one hand-in file (its format is described above `EXPORT_FORMAT`) and return its path."""
        with self._locked():
            data = self._read()
            if "pseudonym" not in data:
                data["pseudonym"] = new_pseudonym()
                self._write(data)
        record = export_record(data["pseudonym"], data["answers"].values(), name)
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / export_filename(data["pseudonym"])
        atomic_write_json(target, record)
        return target

    def delete(self) -> str:
        """Delete every saved answer: the file, and any temp file a killed write left beside it."""
        where = shown_path(self.path)
        if not self.path.exists() and not self._strays():
            return f"Nothing to delete: {where} does not exist."
        with self._locked():
            self._remove_strays()
            existed = self.path.exists()
            if existed:
                self.path.unlink()
        return f"Deleted {where}." if existed else f"Nothing to delete: {where} does not exist."

    def _write(self, data: dict) -> None:
        self._remove_strays()
        atomic_write_json(self.path, data)

    def _strays(self) -> list[Path]:
        return list(self.path.parent.glob(f".{self.path.stem}-*.tmp")) if self.path.parent.is_dir() else []

    def _remove_strays(self) -> None:
        """Temp files of a write that was killed midway; they may hold answers, so they go. Called with
        the lock held, when no other write to this store can be under way."""
        for stray in self._strays():
            with contextlib.suppress(OSError):
                stray.unlink()

    @contextlib.contextmanager
    def _locked(self):
        if fcntl is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
