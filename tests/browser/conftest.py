"""Fixtures for the real-browser tests: one headless Chromium, loopback-only pages, JupyterLab and Voilà.

Run:  .venv/bin/python -m pytest tests/browser -v -p no:cacheprovider      (or `make browser`)
Env:  CHROMIUM=/path/to/chromium (default /usr/bin/chromium); CI=true turns every skip into a failure.
On a failing test, a full-page screenshot, the blocked URLs and the page's console errors are printed
(screenshots under pytest's basetemp, in browser-failures/); server logs are in <basetemp>/*-server*/.

Policy: when Chromium or Playwright is missing the tests are skipped on a developer machine but FAIL
when the environment variable CI is "true" (a browser test that cannot run in CI is a failure).

pytest-playwright is deliberately not used (it cannot point at the system Chromium without
overriding its fixtures). If it happens to be installed, these conftest fixtures (`browser`, `page`)
take precedence over its own; it only adds a cosmetic `[chromium]` to the test ids.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import harness
from .harness import NetworkGuard, Server

HERE = Path(__file__).resolve().parent
_TIMINGS: list[tuple[str, str, float]] = []
_CALL_FAILED = pytest.StashKey[bool]()


# -- marker, reports, summary -----------------------------------------------------------------------

def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real Chromium against JupyterLab or Voila")
    config.addinivalue_line("markers", "needs_notebook(relpath): the test opens notebooks/<relpath>; "
                            "skipped locally, failed in CI, when it does not exist (checked before "
                            "any server starts)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


def pytest_terminal_summary(terminalreporter):
    if not _TIMINGS:
        return
    terminalreporter.section("browser timings")
    for test, what, value in _TIMINGS:
        terminalreporter.write_line(f"{what:<45} {value:>9.1f}   ({test})")


@pytest.fixture
def record_timing(request):
    """record_timing("what", value): printed now and listed in the 'browser timings' summary."""
    def record(what: str, value: float) -> None:
        print(f"{what}: {value:.1f}")
        _TIMINGS.append((request.node.name, what, value))
    return record


def pytest_runtest_setup(item):
    for marker in item.iter_markers("needs_notebook"):
        require_notebook(*marker.args)


def unavailable(reason: str):
    if harness.in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def require_notebook(relpath: str) -> None:
    """The real notebooks are a deliverable: missing is a skip locally, a failure in CI."""
    if not (harness.NOTEBOOKS / relpath).is_file():
        unavailable(f"notebooks/{relpath} does not exist yet")


# -- browser ----------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def _playwright_driver():
    if harness.PLAYWRIGHT_ERROR:
        unavailable(harness.PLAYWRIGHT_ERROR)
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(_playwright_driver):
    executable = harness.chromium_path()
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        unavailable(f"no Chromium at {executable} (set CHROMIUM, or `apt-get install chromium`)")
    try:
        instance = _playwright_driver.chromium.launch(executable_path=executable, headless=True,
                                                      args=harness.CHROMIUM_ARGS, timeout=60_000)
    except harness.PlaywrightError as exc:
        unavailable(f"Chromium at {executable} did not start: {exc}")
    yield instance
    instance.close()


class PageFactory:
    """`new_page()` -> a page in a fresh context where only loopback requests pass."""

    def __init__(self, browser, request, artefacts: Path):
        self.browser, self.request, self.artefacts = browser, request, artefacts
        self.contexts: list = []
        self.guards: dict[int, NetworkGuard] = {}

    def __call__(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                           service_workers="block")
        context.set_default_timeout(15_000)
        guard = NetworkGuard()
        context.route("**/*", guard)
        # Only foreign WebSockets are routed (and closed unopened); the kernels' loopback sockets are
        # not proxied through Playwright at all.
        context.route_web_socket(guard.is_foreign, guard.on_websocket)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and guard.console_errors.append(m.text))
        page.on("pageerror", lambda e: guard.console_errors.append(f"pageerror: {e}"))
        self.contexts.append(context)
        self.guards[id(page)] = guard
        return page

    def guard(self, page) -> NetworkGuard:
        return self.guards[id(page)]

    def close(self) -> None:
        failed = self.request.node.stash.get(_CALL_FAILED, False)
        for number, context in enumerate(self.contexts):
            if failed:
                self._keep_evidence(number, context)
            context.close()

    def _keep_evidence(self, number: int, context) -> None:
        name = re.sub(r"[^\w.-]+", "_", self.request.node.name)
        for index, page in enumerate(context.pages):
            shot = self.artefacts / f"{name}-{number}-{index}.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
                print(f"screenshot: {shot}")
            except harness.PlaywrightError as exc:
                print(f"screenshot failed: {exc}")
            guard = self.guards.get(id(page))
            if guard:
                print(f"blocked requests: {guard.blocked}")
                print("console errors:\n  " + "\n  ".join(guard.console_errors[-20:]))


@pytest.fixture
def new_page(browser, request, tmp_path_factory) -> Iterator[PageFactory]:
    artefacts = tmp_path_factory.getbasetemp() / "browser-failures"
    artefacts.mkdir(exist_ok=True)
    factory = PageFactory(browser, request, artefacts)
    yield factory
    factory.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def blocked_requests(new_page, page) -> list[str]:
    """Non-loopback URLs the `page` tried to load (all were aborted)."""
    return new_page.guard(page).blocked


# -- servers ----------------------------------------------------------------------------------------

def _serve(kind: str, tmp_path_factory, start) -> Iterator[Server]:
    base = tmp_path_factory.mktemp(f"{kind}-server")
    root = harness.copy_course(base / "course")
    server = start(base, root, base / "course" / "data")
    try:
        harness.wait_ready(server)
        print(f"{kind} server ready in {server.started_in:.1f} s on port {server.port}")
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_server(browser, tmp_path_factory) -> Iterator[Server]:
    """JupyterLab on 127.0.0.1 (random port and token) serving a temp copy of notebooks/ + data/."""
    yield from _serve("lab", tmp_path_factory, harness.start_lab)


@pytest.fixture(scope="session")
def voila_server(browser, tmp_path_factory) -> Iterator[Server]:
    """Voilà on 127.0.0.1 (random port and token) serving a temp copy of notebooks/ + data/."""
    yield from _serve("voila", tmp_path_factory, harness.start_voila)


# -- helpers as fixtures (so tests need no imports beyond the harness) --------------------------------

@pytest.fixture
def open_in_lab(lab_server):
    """open_in_lab(page, "01_x.ipynb") -> notebook panel locator, after Run All and widgets shown."""
    def opener(page, notebook_relpath: str, **kwargs):
        return harness.open_in_lab(page, lab_server, notebook_relpath, **kwargs)
    return opener


@pytest.fixture
def open_in_voila(voila_server):
    """open_in_voila(page, "01_x.ipynb") -> the rendered-cells locator, once a widget is visible."""
    def opener(page, notebook_relpath: str, **kwargs):
        return harness.open_in_voila(page, voila_server, notebook_relpath, **kwargs)
    return opener
