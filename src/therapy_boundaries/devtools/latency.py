"""Browser latency in Voilà, against a bare ipywidgets page measured in the same run.

    python -m therapy_boundaries.devtools.latency [--rounds N] [--clicks K]

One Voilà server serves a temp copy of the course plus a generated bare notebook (one Button that
writes into one HTML widget). A headless system Chromium (network-guarded: only loopback passes, the
Voilà template's CDN links are aborted) then runs N interleaved rounds of:

(1) navigation -> first `.tb-exercise` visible with its controls enabled (in page, from the
    navigation's time origin), bare page vs notebook 01;                        target ratio <= 2
(2) click (or change) -> `.tb-feedback` text changed, in page (the harness's MutationObserver
    timer), K times for the bare button and for each exercise kind, each answer differing from the
    one before so that the feedback changes;                           target median ratio <= 1.3

A click's cost is mostly the kernel round trip (browser -> server -> kernel -> browser, about 10 ms
on two cores) and it jitters by a few ms, so each kind gets N*K samples, and the bare page is visited
in every round. The browser harness (tests/browser/harness.py) is reused, not copied. Like bench.py,
the targets are on ratios of medians; the absolute medians are printed for the record.
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
# Before each timed action the control is scrolled into view and the page rests this long, as a student
# reads before checking: the answers just chosen (33 dropdown changes for the sorting) have reached the
# kernel and the scroll has been painted, so the timing is of the check itself. (Playwright's click
# scrolls and clicks at once; in a long page that scroll's repaint cost ~10 ms inside the timing.)
SETTLE_MS = 300
NB01 = "01_friendship_vs_therapy.ipynb"
NB02 = "02_boundary_crossings_and_violations.ipynb"
BARE = "zz_latency_bare.ipynb"
CONTENT = harness.VOILA_CONTENT

# The count makes every click's feedback new text, as every timed course answer differs from the last.
BARE_SOURCE = """import ipywidgets as w
button = w.Button(description="Check")
feedback = w.HTML("")
feedback.add_class("tb-feedback")
clicks = 0
def _on_click(_):
    global clicks
    clicks += 1
    feedback.value = f"Correct — bare ({clicks})"
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

def write_bare_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(BARE_SOURCE)]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    return path


def load(page, server, notebook: str) -> float:
    """Navigate to the notebook in Voilà; ms from navigation start to the first usable exercise."""
    page.goto(server.url(f"/voila/render/{urllib.parse.quote(notebook)}"), wait_until="commit")
    handle = page.wait_for_function(_USABLE_JS, arg=CONTENT, polling="raf", timeout=harness.WIDGETS_TIMEOUT)
    return float(handle.json_value())


def timed_feedback(page, box_selector: str, control, act, *, on_change: bool = False) -> float:
    """Bring `control` into view, arm the in-page timer on `box_selector`, run `act(control)`, wait for
    the feedback; return ms."""
    control.scroll_into_view_if_needed()
    page.wait_for_timeout(SETTLE_MS)
    if on_change:
        harness.arm_feedback_timer(page, box_selector, event="change", control="select")
    else:
        harness.arm_feedback_timer(page, box_selector)
    act(control)
    page.wait_for_function("() => window.__tb && window.__tb.feedback !== null", timeout=15_000)
    latency = harness.feedback_latency_ms(page)
    if latency is None:
        raise RuntimeError(f"no feedback measured in {box_selector}")
    return latency


def click(control) -> None:
    control.click()


def measure_bare(page, clicks: int) -> dict[str, list[float]]:
    button = page.locator(f"{CONTENT} .tb-exercise.tb-bare").get_by_role("button", name="Check")
    return {"bare button": [timed_feedback(page, f"{CONTENT} .tb-bare", button, click) for _ in range(clicks)]}


def measure_nb01(page, n: int, clicks: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    choice_sel = f"{CONTENT} .tb-exercise.tb-q-party_invite"
    choice = page.locator(choice_sel)
    radios = choice.get_by_role("radio")
    check = choice.get_by_role("button", name="Check answer")
    for k in range(clicks):
        # Another option each time: its feedback differs from the one shown (or restored) before.
        radios.nth((n * clicks + k) % radios.count()).check()
        out.setdefault("choice (party_invite: Check answer)", []).append(timed_feedback(page, choice_sel, check, click))

    sort_sel = f"{CONTENT} .tb-exercise.tb-sort"
    sorting = page.locator(sort_sel)
    combos = sorting.get_by_role("combobox")
    check = sorting.get_by_role("button", name="Check my sorting")
    for index in range(combos.count()):
        combos.nth(index).select_option(label=("therapy", "friendship", "both")[index % 3])
    for k in range(clicks):
        if k:  # one more statement left unsorted each time, so the feedback changes
            combos.nth(k - 1).select_option(index=0)
        out.setdefault("sorting (Check my sorting)", []).append(timed_feedback(page, sort_sel, check, click))
    return out


def measure_nb02(page, n: int, clicks: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    deck_sel = f"{CONTENT} .tb-exercise.tb-classify"
    deck = page.locator(deck_sel).first
    radios = deck.get_by_role("radio")
    check = deck.get_by_role("button", name="Check", exact=True)
    for k in range(clicks):
        radios.nth((n * clicks + k) % radios.count()).check()
        out.setdefault("scenario deck (Check)", []).append(timed_feedback(page, deck_sel, check, click))

    detail_sel = f"{CONTENT} .tb-exercise.tb-detail"
    combo = page.locator(detail_sel).get_by_role("combobox", name="Who benefits")
    labels = [t.strip() for t in combo.locator("option").all_inner_texts()]
    for _ in range(clicks):
        current = combo.evaluate("e => e.options[e.selectedIndex] ? e.options[e.selectedIndex].text : ''").strip()
        target = labels[(labels.index(current) + 1) % len(labels)] if current in labels else labels[-1]
        out.setdefault("detail explorer (Who benefits change)", []).append(timed_feedback(
            page, detail_sel, combo, lambda control, label=target: control.select_option(label=label),
            on_change=True))
    return out


def report(label: str, course: float, bare: float, target: float, unit: str) -> bool:
    ratio = course / bare
    ok = ratio <= target
    print(f"{label:<52} {course:8.1f} {unit} vs {bare:7.1f} {unit}  ratio {ratio:4.2f}  "
          f"(target ≤ {target})  {'OK' if ok else 'OVER'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--clicks", type=int, default=5, help="timed clicks per exercise kind and round")
    args = parser.parse_args(argv)
    if harness.PLAYWRIGHT_ERROR:
        print(harness.PLAYWRIGHT_ERROR)
        return 1
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    loads: dict[str, list[float]] = {"bare": [], "01": []}
    clicks: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="tb-latency-") as tmp:
        base = Path(tmp)
        root = harness.copy_course(base)
        write_bare_notebook(root / BARE)
        server = harness.wait_ready(harness.start_voila(base, root, base / "data"))
        guard = harness.NetworkGuard()
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=harness.chromium_path(), headless=True,
                                                 args=harness.CHROMIUM_ARGS, timeout=60_000)
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                              service_workers="block")
                context.set_default_timeout(15_000)
                # HTTP only: Playwright's WebSocket routing relays every frame through a script of its own
                # (measured: +5 ms a round trip); the test suite's guard covers WebSockets.
                context.route("**/*", guard)
                page = context.new_page()
                # Round 0 warms the caches (browser, kernel imports) and is not counted.
                for n in range(args.rounds + 1):
                    sample = {"bare": load(page, server, BARE)}
                    feedback = measure_bare(page, args.clicks)
                    sample["01"] = load(page, server, NB01)
                    feedback.update(measure_nb01(page, n, args.clicks))
                    load(page, server, NB02)
                    feedback.update(measure_nb02(page, n, args.clicks))
                    if n == 0:
                        continue
                    for key, value in sample.items():
                        loads[key].append(value)
                    for key, values in feedback.items():
                        clicks.setdefault(key, []).extend(values)
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
    print(f"(2) click -> feedback, {args.rounds * args.clicks} clicks a kind; bare button median {bare_click:.1f} ms")
    for kind, values in clicks.items():
        ok &= report(f"    {kind}", statistics.median(values), bare_click, TARGETS["feedback"], "ms")
    if foreign:
        print(f"unexpected network requests (blocked): {sorted(set(foreign))}")
        ok = False
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
