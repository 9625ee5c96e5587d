"""Browser latency in Voilà, against a bare ipywidgets page measured in the same run.

    python -m therapy_boundaries.devtools.latency [--rounds N]

One Voilà server serves a temp copy of the course plus a generated bare notebook (one Button that
writes into one HTML widget). A headless system Chromium (network-guarded: only loopback passes, the
Voilà template's CDN links are aborted) then runs N interleaved rounds of:

(1) navigation -> first `.tb-exercise` visible with its controls enabled (in page, from the
    navigation's time origin), bare page vs notebook 01;                        target ratio <= 2
(2) click (or change) -> `.tb-feedback` text changed, in page (the harness's MutationObserver
    timer), for the bare button and each exercise kind;               target median ratio <= 1.3

The same bare button is also measured inside copies of notebooks 01 and 02 (appended as a last cell):
a click costs more in a long page than in a one-widget page whatever the widget does, and the second
ratio, against that same-page button, isolates what the course's own code adds.

The browser harness (tests/browser/harness.py) is reused, not copied. Like bench.py, the targets are
on ratios of medians; the absolute medians are printed for the record.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import nbformat

from .outputs import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import harness  # noqa: E402  (needs the repo root on sys.path)

TARGETS = {"load": 2.0, "feedback": 1.3}
# Before each timed action the page rests this long, as a student does between choosing and checking:
# the answers just chosen (33 dropdown changes for the sorting) have reached the kernel, so the timing
# is of the check itself, not of a queue of earlier messages.
SETTLE_MS = 300
NB01 = "01_friendship_vs_therapy.ipynb"
NB02 = "02_boundary_crossings_and_violations.ipynb"
BARE = "zz_latency_bare.ipynb"
WITH_BARE = {NB01: "zz_latency_01_with_bare.ipynb", NB02: "zz_latency_02_with_bare.ipynb"}
CONTENT = harness.VOILA_CONTENT

BARE_SOURCE = """import ipywidgets as w
button = w.Button(description="Check")
feedback = w.HTML("")
feedback.add_class("tb-feedback")
def _on_click(_):
    feedback.value = "Correct — bare"
button.on_click(_on_click)
box = w.VBox([button, feedback])
box.add_class("tb-exercise")
box.add_class("tb-bare")
box"""

# First exercise shown, with its controls rendered and enabled (a deck's "Previous" may rightly be
# disabled, so: at least one control, and the first one enabled). Returns ms since navigation start.
_USABLE_JS = """(root) => {
    const box = document.querySelector(root + ' .tb-exercise');
    if (!box || !box.getClientRects().length) return null;
    const style = getComputedStyle(box);
    if (style.visibility === 'hidden' || style.display === 'none') return null;
    const controls = box.querySelectorAll('button, input, select, textarea');
    if (!controls.length || controls[0].disabled) return null;
    return performance.now();
}"""

# The harness timer starts on a button click; a dropdown's feedback follows its change event instead.
_ARM_CHANGE_JS = """(box) => {
    const root = document.querySelector(box);
    const feedback = root.querySelector('.tb-feedback');
    window.__tb = {click: null, feedback: null};
    root.addEventListener('change', (event) => {
        if (window.__tb.click === null && event.target.closest('select')) window.__tb.click = performance.now();
    }, true);
    new MutationObserver((_, observer) => {
        if (window.__tb.click !== null && feedback.textContent.trim()) {
            window.__tb.feedback = performance.now();
            observer.disconnect();
        }
    }).observe(feedback, {childList: true, subtree: true, characterData: true});
}"""


def write_bare_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(BARE_SOURCE)]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    return path


def write_with_bare(source: Path, path: Path) -> Path:
    """A copy of a course notebook with the bare exercise as its last cell."""
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(BARE_SOURCE))
    nbformat.write(nb, path)
    return path


def load(page, server, notebook: str) -> float:
    """Navigate to the notebook in Voilà; ms from navigation start to the first usable exercise."""
    page.goto(server.url(f"/voila/render/{urllib.parse.quote(notebook)}"), wait_until="commit")
    handle = page.wait_for_function(_USABLE_JS, arg=CONTENT, polling="raf", timeout=harness.WIDGETS_TIMEOUT)
    return float(handle.json_value())


def timed_feedback(page, box_selector: str, act, *, on_change: bool = False) -> float:
    """Arm the in-page timer on `box_selector`, run `act()`, wait for the feedback; return ms."""
    page.wait_for_timeout(SETTLE_MS)
    if on_change:
        page.evaluate(_ARM_CHANGE_JS, box_selector)
    else:
        harness.arm_feedback_timer(page, box_selector)
    act()
    page.wait_for_function("() => window.__tb && window.__tb.feedback !== null", timeout=15_000)
    latency = harness.feedback_latency_ms(page)
    if latency is None:
        raise RuntimeError(f"no feedback measured in {box_selector}")
    return latency


def measure_bare(page) -> float:
    box = page.locator(f"{CONTENT} .tb-exercise.tb-bare")
    return timed_feedback(page, f"{CONTENT} .tb-bare", lambda: box.get_by_role("button", name="Check").click())


def measure_nb01(page, n: int) -> dict[str, float]:
    out = {}
    choice_sel = f"{CONTENT} .tb-exercise.tb-q-party_invite"
    choice = page.locator(choice_sel)
    radios = choice.get_by_role("radio")
    # Another radio each round: a restored answer from the previous round then differs from this one.
    radios.nth(n % radios.count()).check()
    out["choice (party_invite: Check answer)"] = timed_feedback(
        page, choice_sel, lambda: choice.get_by_role("button", name="Check answer").click())

    sort_sel = f"{CONTENT} .tb-exercise.tb-sort"
    sorting = page.locator(sort_sel)
    combos = sorting.get_by_role("combobox")
    for index in range(combos.count()):
        combos.nth(index).select_option(label=("therapy", "friendship", "both")[index % 3])
    out["sorting (Check my sorting)"] = timed_feedback(
        page, sort_sel, lambda: sorting.get_by_role("button", name="Check my sorting").click())
    return out


def measure_nb02(page, n: int) -> dict[str, float]:
    out = {}
    deck_sel = f"{CONTENT} .tb-exercise.tb-classify"
    deck = page.locator(deck_sel).first
    radios = deck.get_by_role("radio")
    radios.nth(n % radios.count()).check()
    out["scenario deck (Check)"] = timed_feedback(
        page, deck_sel, lambda: deck.get_by_role("button", name="Check", exact=True).click())

    detail_sel = f"{CONTENT} .tb-exercise.tb-detail"
    combo = page.locator(detail_sel).get_by_role("combobox", name="Who benefits")
    labels = [t.strip() for t in combo.locator("option").all_inner_texts()]
    current = combo.evaluate("e => e.options[e.selectedIndex] ? e.options[e.selectedIndex].text : ''").strip()
    target = next(label for label in reversed(labels) if label != current)
    out["detail explorer (Who benefits change)"] = timed_feedback(
        page, detail_sel, lambda: combo.select_option(label=target), on_change=True)
    return out


def report(label: str, course: float, bare: float, target: float, unit: str, same_page: float | None = None) -> bool:
    ratio = course / bare
    ok = ratio <= target
    extra = f"   same-page bare {same_page:5.1f} {unit}: ratio {course / same_page:4.2f}" if same_page else ""
    print(f"{label:<52} {course:8.1f} {unit} vs {bare:7.1f} {unit}  ratio {ratio:4.2f}  "
          f"(target ≤ {target})  {'OK' if ok else 'OVER'}{extra}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    if harness.PLAYWRIGHT_ERROR:
        print(harness.PLAYWRIGHT_ERROR)
        return 1
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    loads: dict[str, list[float]] = {"bare": [], "01": []}
    clicks: dict[str, list[float]] = {}
    page_of: dict[str, str] = {}   # exercise kind -> the notebook whose page it was measured in
    with tempfile.TemporaryDirectory(prefix="tb-latency-") as tmp:
        base = Path(tmp)
        root = harness.copy_course(base)
        write_bare_notebook(root / BARE)
        for notebook, copy in WITH_BARE.items():
            write_with_bare(root / notebook, root / copy)
        server = harness.wait_ready(harness.start_voila(base, root, base / "data"))
        guard = harness.NetworkGuard()
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=harness.chromium_path(), headless=True,
                                                 args=harness.CHROMIUM_ARGS, timeout=60_000)
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                              service_workers="block")
                context.set_default_timeout(15_000)
                context.route("**/*", guard)
                context.route_web_socket(guard.is_foreign, guard.on_websocket)
                page = context.new_page()
                # Round 0 warms the caches (browser, kernel imports) and is not counted.
                for n in range(args.rounds + 1):
                    sample = {"bare": load(page, server, BARE)}
                    feedback = {"bare button": measure_bare(page)}
                    sample["01"] = load(page, server, NB01)
                    load(page, server, WITH_BARE[NB01])
                    feedback["bare button in 01"] = measure_bare(page)
                    nb01 = measure_nb01(page, n)
                    feedback.update(nb01)
                    page_of.update(dict.fromkeys(nb01, "01"))
                    load(page, server, WITH_BARE[NB02])
                    feedback["bare button in 02"] = measure_bare(page)
                    feedback.update(measure_nb02(page, n))
                    if n == 0:
                        continue
                    for key, value in sample.items():
                        loads[key].append(value)
                    for key, value in feedback.items():
                        clicks.setdefault(key, []).append(value)
                page.goto("about:blank")   # unload the last Voilà page (its kernel is shut down)
                context.close()
                browser.close()
        finally:
            server.stop()

    foreign = guard.foreign(harness.VOILA_KNOWN_CDN)
    print(f"Voilà click/load latency, {args.rounds} interleaved rounds (+1 warm-up), medians, in page; "
          f"server ready in {server.started_in:.1f} s")
    ok = True
    bare_load = statistics.median(loads["bare"]) / 1000
    ok &= report("(1) first exercise usable: notebook 01 vs bare page", statistics.median(loads["01"]) / 1000,
                 bare_load, TARGETS["load"], "s ")
    bare_click = statistics.median(clicks.pop("bare button"))
    in_page = {nb: statistics.median(clicks.pop(f"bare button in {nb}")) for nb in ("01", "02")}
    print(f"(2) click -> feedback, bare button median: {bare_click:.1f} ms on its own page, "
          f"{in_page['01']:.1f} ms in notebook 01's page, {in_page['02']:.1f} ms in 02's")
    for kind, values in clicks.items():
        same_page = in_page[page_of.get(kind, "02")]
        ok &= report(f"    {kind}", statistics.median(values), bare_click, TARGETS["feedback"], "ms", same_page)
    if foreign:
        print(f"unexpected network requests (blocked): {sorted(set(foreign))}")
        ok = False
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
