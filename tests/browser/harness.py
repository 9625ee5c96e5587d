"""Real-browser harness: local JupyterLab / Voilà servers, a network-guarded Chromium page, helpers.

Nothing here imports the course package (`therapy_boundaries`): the servers' kernels do, in their own
processes. A missing Playwright is recorded in `PLAYWRIGHT_ERROR` (not raised) so that a machine without it
collects these tests and skips them (or fails them in CI, see conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    PLAYWRIGHT_ERROR: str | None = None
except ImportError as exc:  # pragma: no cover - depends on the machine
    PlaywrightError = Exception  # type: ignore[assignment,misc]
    expect = None  # type: ignore[assignment]
    PLAYWRIGHT_ERROR = f"playwright is not importable: {exc}"

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

# Voilà's own "lab" template (share/jupyter/voila/templates/lab/index.html.j2, lines 45-46 in 0.5.13)
# links FontAwesome 5 from a CDN. It is not our content, the icons are bundled in Voilà's JS anyway,
# and the request is aborted by the guard. These exact URLs, and only these, are tolerated.
VOILA_KNOWN_CDN = frozenset({
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/v4-shims.min.css",
})

SERVER_START_TIMEOUT = 60.0      # seconds to wait for /api/status (lab) or the tree page (voila)
KERNEL_IDLE_TIMEOUT = 60_000     # ms: notebook opened -> "(ipykernel) | Idle" in the status bar
WIDGETS_TIMEOUT = 60_000         # ms: Run All / page load -> first exercise widget visible
LAB_KERNEL_STATUS = re.compile(r"\(ipykernel\)\s*\|\s*Idle")


# -- environment --------------------------------------------------------------------------------

def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def chromium_path() -> str:
    return os.environ.get("CHROMIUM") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_course(target: Path) -> Path:
    """Copy notebooks/ and data/ into `target`, keeping their relative layout. Returns the notebooks copy."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(NOTEBOOKS, target / "notebooks", ignore=ignore)
    if DATA.is_dir():
        shutil.copytree(DATA, target / "data", ignore=ignore)
    else:
        (target / "data").mkdir()
    return target / "notebooks"


def isolated_env(base: Path, data_dir: Path) -> dict[str, str]:
    """Environment for a server and its kernels: every Jupyter/IPython/home dir lives under `base`."""
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "jupyter-config",
        "JUPYTER_DATA_DIR": base / "jupyter-data",
        "JUPYTER_RUNTIME_DIR": base / "jupyter-runtime",
        "JUPYTERLAB_SETTINGS_DIR": base / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "lab-workspaces",
        "IPYTHONDIR": base / "ipython",
        "HOME": base / "home",
        "XDG_CONFIG_HOME": base / "home" / ".config",
        "XDG_CACHE_HOME": base / "home" / ".cache",
        "XDG_DATA_HOME": base / "home" / ".local" / "share",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env["THERAPY_BOUNDARIES_DATA"] = str(data_dir)
    env["THERAPY_BOUNDARIES_ANSWERS"] = str(base / "answers" / "answers.json")
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTHONWARNINGS", None)
    # JupyterLab: no news/update pop-up over the page, no autosave into the copy, every cell attached
    # to the DOM (the default "contentVisibility" windowing skips rendering of off-screen cells).
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for rel, value in settings.items():
        path = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    return env


# -- servers ------------------------------------------------------------------------------------

@dataclass
class Server:
    """A Jupyter-family server we started; `url(path)` adds the token."""

    kind: str
    process: subprocess.Popen
    port: int
    token: str
    root: Path            # the served notebooks directory (a temp copy)
    data: Path            # the copied data directory the kernels read (THERAPY_BOUNDARIES_DATA)
    answers: Path         # THERAPY_BOUNDARIES_ANSWERS for the kernels
    log: Path
    started_in: float = 0.0
    _log_handle: object = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/", **query: str) -> str:
        query = {**query, "token": self.token}
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}{urllib.parse.urlencode(query)}"

    def api(self, method: str, path: str, timeout: float = 5.0, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, method=method, data=data,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None


def _launch(kind: str, argv: list[str], base: Path, root: Path, data: Path, port: int, token: str) -> Server:
    env = isolated_env(base, data)
    log = base / f"{kind}.log"
    handle = open(log, "w", encoding="utf-8")  # noqa: SIM115 - closed in Server.stop()
    process = subprocess.Popen(argv, cwd=root, env=env, stdin=subprocess.DEVNULL,
                               stdout=handle, stderr=subprocess.STDOUT)
    return Server(kind, process, port, token, root, data, Path(env["THERAPY_BOUNDARIES_ANSWERS"]),
                  log, _log_handle=handle)


def start_lab(base: Path, root: Path, data: Path) -> Server:
    port, token = free_port(), secrets.token_hex(24)
    argv = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--ServerApp.open_browser=False", "--LabApp.news_url=",
            "--MappingKernelManager.cull_idle_timeout=300", "--MappingKernelManager.cull_interval=60"]
    return _launch("lab", argv, base, root, data, port, token)


def start_voila(base: Path, root: Path, data: Path) -> Server:
    port, token = free_port(), secrets.token_hex(24)
    # Voilà 0.5 on jupyter_server 2: `--Voila.token=VALUE` sets the token (`--token` alone would
    # generate a random one); `?token=` in the page URL logs the browser in (a cookie).
    argv = [sys.executable, "-m", "voila", str(root), "--no-browser",
            "--Voila.ip=127.0.0.1", f"--Voila.port={port}", f"--Voila.token={token}",
            "--VoilaConfiguration.show_tracebacks=True",
            "--MappingKernelManager.cull_idle_timeout=120", "--MappingKernelManager.cull_interval=30"]
    return _launch("voila", argv, base, root, data, port, token)


def wait_ready(server: Server, timeout: float = SERVER_START_TIMEOUT) -> Server:
    """Poll until the server answers with its token; raise with the log tail if it dies or hangs."""
    start = time.monotonic()
    # Lab: the REST status endpoint. Voilà does not mount /api/status; its tree page needs the token.
    probe = "/api/status" if server.kind == "lab" else "/voila/tree"
    last = "no answer yet"
    while time.monotonic() - start < timeout:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.kind} server exited with {server.process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            request = urllib.request.Request(server.base + probe,
                                             headers={"Authorization": f"token {server.token}"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    server.started_in = time.monotonic() - start
                    return server
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            last = repr(exc)
        time.sleep(0.25)
    raise RuntimeError(f"{server.kind} server not ready after {timeout:.0f} s ({last}):\n{server.log_tail()}")


# -- network guard --------------------------------------------------------------------------------

@dataclass
class NetworkGuard:
    """Route handler for a browser context: loopback passes, everything else is aborted and recorded."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    @staticmethod
    def is_foreign(url: str) -> bool:
        return (url.startswith(("http://", "https://", "ws://", "wss://"))
                and (urllib.parse.urlsplit(url).hostname or "") not in LOOPBACK_HOSTS)

    def __call__(self, route) -> None:
        """For context.route("**/*", guard): HTTP(S) requests."""
        if self.is_foreign(route.request.url):
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def on_websocket(self, ws) -> None:
        """For context.route_web_socket(guard.is_foreign, guard.on_websocket): never connected."""
        self.blocked.append(ws.url)
        ws.close()

    def foreign(self, tolerated: frozenset[str] | set[str] = frozenset()) -> list[str]:
        """Blocked requests that are not in `tolerated` (exact URLs, compared percent-decoded)."""
        return [url for url in self.blocked if urllib.parse.unquote(url) not in tolerated]


# -- JupyterLab -----------------------------------------------------------------------------------

def _shutdown_sessions(server: Server, notebook_relpath: str) -> None:
    """Fresh kernel for each open: end any session a previous test left on this notebook."""
    try:
        for session in server.api("GET", "/api/sessions") or []:
            if session.get("path") == notebook_relpath:
                server.api("DELETE", f"/api/sessions/{session['id']}")
    except (urllib.error.URLError, OSError):
        pass


def accept_dialogs(page) -> int:
    """Accept every JupyterLab dialog currently shown (e.g. kernel selection). Returns how many."""
    accepted = 0
    button = page.locator(".jp-Dialog .jp-mod-accept")
    while button.count() and accepted < 5:
        try:
            button.first.click(timeout=2_000)
            accepted += 1
        except PlaywrightError:
            break
    return accepted


def open_in_lab(page, server: Server, notebook_relpath: str, *, widget_selector: str = ".tb-exercise"):
    """Open a notebook in JupyterLab, wait for an idle ipykernel, Run All, wait for the widgets.

    Returns the notebook panel locator. Waiting rules (see toolchain-notes.md): the status-bar text
    "(ipykernel) | Idle" means a kernel is attached; the execution indicator's data-status does not.
    """
    _shutdown_sessions(server, notebook_relpath)
    workspace = "tb-" + secrets.token_hex(4)   # a fresh workspace: no tabs restored from other tests
    quoted = urllib.parse.quote(notebook_relpath)
    page.goto(server.url(f"/lab/workspaces/{workspace}/tree/{quoted}"), wait_until="domcontentloaded")

    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").filter(
        has=page.locator(".jp-Notebook")).last
    expect(panel).to_be_visible(timeout=WIDGETS_TIMEOUT)
    status = page.locator(".jp-StatusBar-Widget").get_by_text(LAB_KERNEL_STATUS)
    deadline = time.monotonic() + KERNEL_IDLE_TIMEOUT / 1000
    while True:  # a "Select Kernel" dialog would block the idle state: accept it and keep waiting
        accept_dialogs(page)
        try:
            expect(status).to_be_visible(timeout=1_000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
    page.get_by_role("menuitem", name="Run", exact=True).click()
    run_all = page.get_by_role("menuitem", name="Run All Cells", exact=True)
    expect(run_all).to_be_enabled()   # disabled until the notebook is the current widget
    run_all.click()
    accept_dialogs(page)

    if widget_selector:
        expect(panel.locator(widget_selector).first).to_be_visible(timeout=WIDGETS_TIMEOUT)
    # Then until every cell has run: no "[*]" prompt left and the kernel idle again.
    expect(panel.locator(".jp-InputPrompt", has_text="[*]")).to_have_count(0, timeout=WIDGETS_TIMEOUT)
    expect(status).to_be_visible(timeout=WIDGETS_TIMEOUT)
    return panel


# -- Voilà ----------------------------------------------------------------------------------------

VOILA_CONTENT = "#rendered_cells"


def open_in_voila(page, server: Server, notebook_relpath: str, *, widget_selector: str = ".tb-exercise"):
    """Open /voila/render/<notebook> and wait until the first exercise widget is visible."""
    quoted = urllib.parse.quote(notebook_relpath)
    page.goto(server.url(f"/voila/render/{quoted}"), wait_until="domcontentloaded")
    content = page.locator(VOILA_CONTENT)
    expect(content.locator(widget_selector).first).to_be_visible(timeout=WIDGETS_TIMEOUT)
    return content


# -- accessibility --------------------------------------------------------------------------------

BLOCKING_IMPACTS = ("serious", "critical")

_INSIDE_JS = """([targets, selector]) => targets.map(target => {
    // axe target: a list of selectors, one per frame; a nested list means shadow DOM.
    let first = Array.isArray(target) ? target[0] : target;
    if (Array.isArray(first)) first = first[0];
    const el = document.querySelector(first);
    return !!(el && el.closest(selector));
})"""


def axe_scan(page, include_selector: str | None = None) -> list[dict]:
    """Run axe-core (bundled with axe-playwright-python) and return its violations (raw dicts).

    With `include_selector`, axe only checks nodes inside it; without, the whole document.
    """
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[include_selector]]} if include_selector else None
    options = {"resultTypes": ["violations"]}
    if context is None:
        return Axe().run(page, options=options).response["violations"]
    # axe-playwright-python formats `context` with repr(); pass JSON text ourselves to stay exact.
    page.evaluate(Axe().axe_script)
    return page.evaluate("([c, o]) => axe.run(c, o)", [context, options])["violations"]


@dataclass
class AxeSplit:
    blocking: list[dict]   # serious/critical violations, reduced to the nodes inside the content
    others: list[dict]     # everything else, one entry per (rule, node)

    def describe(self, items: list[dict] | None = None) -> str:
        items = self.blocking if items is None else items
        return "\n".join(f"- {v['id']} ({v['impact']}): {v['help']}\n    {n['target']} {n['html'][:160]}"
                         for v in items for n in v["nodes"])

    def other_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for v in self.others:
            key = f"{v['id']} ({v['impact']})"
            counts[key] = counts.get(key, 0) + len(v["nodes"])
        return counts


def split_violations(page, violations: list[dict], content_selector: str,
                     impacts: tuple[str, ...] = BLOCKING_IMPACTS) -> AxeSplit:
    """Keep the serious/critical violations whose nodes lie inside `content_selector`; count the rest."""
    blocking, others = [], []
    for v in violations:
        if v.get("impact") not in impacts:
            others.append(v)
            continue
        inside = page.evaluate(_INSIDE_JS, [[n["target"] for n in v["nodes"]], content_selector])
        ours = [n for n, flag in zip(v["nodes"], inside) if flag]
        rest = [n for n, flag in zip(v["nodes"], inside) if not flag]
        if ours:
            blocking.append({**v, "nodes": ours})
        if rest:
            others.append({**v, "nodes": rest})
    return AxeSplit(blocking, others)


def content_violations(page, content_selector: str) -> AxeSplit:
    """Scan the whole page once and split it (one axe run gives both numbers we report)."""
    split = split_violations(page, axe_scan(page), content_selector)
    total = sum(split.other_counts().values())
    print(f"axe: {sum(len(v['nodes']) for v in split.blocking)} serious/critical node(s) inside "
          f"{content_selector}; {total} other violation node(s) (minor/moderate, or outside the content): "
          f"{split.other_counts()}")
    return split


# -- hit testing ----------------------------------------------------------------------------------

_COVERED_JS = """([root, controls]) => {
    const out = [];
    for (const el of document.querySelectorAll(root)) {
        for (const control of el.querySelectorAll(controls)) {
            if (!control.getClientRects().length || control.disabled) continue;
            control.scrollIntoView({block: 'center', inline: 'center'});
            const r = control.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            const label = hit && hit.closest('label');
            if (hit && (hit === control || control.contains(hit) || (label && label.control === control))) continue;
            const own = control.closest('label') || control;
            out.push({control: `${control.tagName.toLowerCase()}[${control.type || ''}] "${
                          (own.textContent || control.value || '').trim().slice(0, 60)}"`,
                      covered_by: hit ? `${hit.tagName.toLowerCase()} "${hit.textContent.trim().slice(0, 60)}"`
                                      : 'nothing (off-screen)'});
        }
    }
    return out;
}"""


def covered_controls(page, root_selector: str,
                     controls: str = "input, select, textarea, button") -> list[dict]:
    """Controls under `root_selector` whose centre is covered by another element (a click there would
    land on something else, e.g. the next radio option's wrapped label). Empty list = all clickable."""
    return page.evaluate(_COVERED_JS, [root_selector, controls])


def describe_covered(covered: list[dict]) -> str:
    return (f"{len(covered)} control(s) a click cannot reach (drawn under another element):\n"
            + "\n".join(f"- {c['control']} is under {c['covered_by']}" for c in covered))


# -- JupyterLab themes and text contrast ----------------------------------------------------------

LAB_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
THEMES_PLUGIN = "/lab/api/settings/@jupyterlab/apputils-extension:themes"


def reset_lab_theme(server: Server, theme: str = "JupyterLab Light") -> None:
    """Store `theme` as the user's choice, so the next page opens in it (a menu switch persists)."""
    server.api("PUT", THEMES_PLUGIN, body={"raw": json.dumps({"theme": theme})})


def switch_lab_theme(page, theme: str) -> None:
    """Settings > Theme > `theme` through the menus, then wait until the notebook is drawn in it."""
    page.get_by_role("menuitem", name="Settings", exact=True).click()
    # Lumino gives submenu entries no role, and the theme entries may be checkable items: match by label.
    item = page.locator(".lm-Menu-item")
    item.filter(has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Theme$"))).hover()
    item.filter(has=page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(theme)}$"))).click()
    expect(page.locator("body")).to_have_attribute("data-jp-theme-name", theme, timeout=30_000)
    light = "false" if "Dark" in theme else "true"
    expect(page.locator("body")).to_have_attribute("data-jp-theme-light", light)
    expect(page.locator("#jupyterlab-splash")).to_have_count(0, timeout=30_000)   # the veil shown while it loads
    # The theme's stylesheet applied: the notebook background's brightness agrees with the theme.
    page.wait_for_function("""([light]) => {
        const c = getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor;
        const m = c.match(/\\d+(\\.\\d+)?/g); const sum = m ? +m[0] + +m[1] + +m[2] : -1;
        return sum >= 0 && (light === 'false' ? sum < 200 : sum > 500);
    }""", arg=[light], timeout=30_000)


# Contrast of text against what is drawn behind it. Colours are normalised through a canvas (any CSS
# colour syntax -> sRGB bytes); a translucent background is composited over its ancestors', a
# translucent text colour over the resulting background. Every element under `root` that holds text
# directly is measured; sorted lowest ratio first.
_CONTRAST_JS = """(root) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const rgba = (css) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = '#000'; ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
        return a ? [r * 255 / a, g * 255 / a, b * 255 / a, a / 255] : [0, 0, 0, 0];
    };
    const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
    const background = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        let colour = [255, 255, 255, 1];  // the canvas behind everything
        for (const layer of layers.reverse()) colour = over(layer, colour);
        return colour;
    };
    const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const out = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
        const direct = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!direct || !el.getClientRects().length) continue;
        const bg = background(el);
        const colour = el instanceof SVGElement ? getComputedStyle(el).fill : getComputedStyle(el).color;  // SVG text: fill
        const fg = over(rgba(colour), bg);
        const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        out.push({tag: el.tagName, text: el.textContent.trim().slice(0, 40), color: colour,
                  fg: fg.map(Math.round), bg: bg.map(Math.round), ratio: (hi + 0.05) / (lo + 0.05)});
    }
    out.sort((x, y) => x.ratio - y.ratio);
    return out;
}"""


def text_contrasts(page, element) -> list[dict]:
    """WCAG contrast ratio of every piece of text inside `element` (a locator), lowest first."""
    return element.evaluate(_CONTRAST_JS)


def relative_luminance(rgb) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# -- timing ---------------------------------------------------------------------------------------

_ARM_TIMER_JS = """([box, event, control]) => {
    const root = document.querySelector(box);
    const feedback = root.querySelector('.tb-feedback');
    window.__tb = {click: null, feedback: null};
    root.addEventListener(event, (e) => {
        if (window.__tb.click === null && e.target.closest(control)) window.__tb.click = performance.now();
    }, true);
    new MutationObserver((_, observer) => {
        if (window.__tb.click !== null && feedback.textContent.trim()) {
            window.__tb.feedback = performance.now();
            observer.disconnect();
        }
    }).observe(feedback, {childList: true, subtree: true, characterData: true});
}"""


def arm_feedback_timer(page, box_selector: str, event: str = "click", control: str = "button") -> None:
    """Record, in the page, the first `event` on a `control` in the box (a button's click, or a select's
    change) and when its .tb-feedback gets text."""
    page.evaluate(_ARM_TIMER_JS, [box_selector, event, control])


def feedback_latency_ms(page) -> float | None:
    t = page.evaluate("() => window.__tb")
    if not t or t["click"] is None or t["feedback"] is None:
        return None
    return round(t["feedback"] - t["click"], 1)


# -- throwaway notebook for the harness self-test --------------------------------------------------

DEMO_SOURCE = '''import ipywidgets as w
answer = w.RadioButtons(options=["yes", "no"], value=None, description="Your answer")
check = w.Button(description="Check answer")
feedback = w.HTML("")
feedback.add_class("tb-feedback")
def _check(_):
    feedback.value = "<strong>Correct —</strong> demo" if answer.value == "yes" else "<strong>Not quite —</strong> demo"
check.on_click(_check)
box = w.VBox([answer, check, feedback])
for name in ("tb-exercise", "tb-choice", "tb-q-demo"):
    box.add_class(name)
box'''


def write_demo_notebook(path: Path) -> Path:
    cell = {"cell_type": "code", "execution_count": None, "id": "demo", "metadata": {},
            "outputs": [], "source": DEMO_SOURCE.splitlines(keepends=True)}
    title = {"cell_type": "markdown", "id": "title", "metadata": {}, "source": ["# Harness self-test"]}
    notebook = {"cells": [title, cell], "nbformat": 4, "nbformat_minor": 5,
                "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                            "name": "python3"},
                             "language_info": {"name": "python"}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return path
