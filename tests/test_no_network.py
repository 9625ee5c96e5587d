"""Nothing in the course talks to the network: the package and every notebook run with outbound
connections refused, and the refusal log stays empty. The lab and the presenter bind 127.0.0.1.

The guard is a `sitecustomize.py` put first on the kernels' PYTHONPATH: it wraps socket connect,
connect_ex, sendto and getaddrinfo, allows loopback (127.0.0.0/8, ::1, "localhost") and unix
sockets (the kernel talks to its client over loopback), and logs and refuses everything else.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

import therapy_boundaries
from therapy_boundaries.devtools.outputs import ROOT, notebooks

NOTEBOOKS = notebooks()

GUARD = textwrap.dedent('''
    """Test guard: log and refuse every non-loopback network connection."""
    import ipaddress, json, os, socket

    _LOG = os.environ["TB_NETWORK_LOG"]

    def _loopback(host):
        host = str(host).split("%")[0]
        if host.lower() in ("localhost", "localhost.localdomain", "ip6-localhost"):
            return True
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return False  # a name that would need a DNS lookup
        if getattr(ip, "ipv4_mapped", None):
            ip = ip.ipv4_mapped
        return ip.is_loopback

    def _check(what, family, address):
        if family == getattr(socket, "AF_UNIX", None) or address is None:
            return
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, bytes):
            host = host.decode()
        if _loopback(host):
            return
        with open(_LOG, "a") as log:
            log.write(json.dumps({"pid": os.getpid(), "call": what, "address": repr(address)}) + "\\n")
        raise ConnectionRefusedError(f"network blocked by test guard: {what} {address!r}")

    _connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    _getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        _check("connect", self.family, address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check("connect_ex", self.family, address)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        _check("sendto", self.family, args[-1])
        return _sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None:
            _check("getaddrinfo", None, (host,))
        return _getaddrinfo(host, *args, **kwargs)

    for _f in (connect, connect_ex, sendto, getaddrinfo):
        _f.tb_network_guard = True
    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = getaddrinfo  # create_connection resolves through it, then calls connect
''')

# Appended to every notebook run: proves the guard was live in that very kernel.
GUARD_PROBE = "import socket; print('guard:', getattr(socket.socket.connect, 'tb_network_guard', False))"

# Run in a kernel to show the guard bites: an outbound attempt is refused and logged, loopback works.
SELF_TEST = textwrap.dedent("""
    import socket
    try:
        socket.create_connection(("10.255.255.1", 9), timeout=2)
        outcome = "connected"
    except ConnectionRefusedError as exc:
        outcome = "refused: " + str(exc)
    server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    client.close(); server.close()
    print(outcome); print("loopback ok")
""")


@pytest.fixture
def guarded_env(tmp_path):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "network.log"
    log.touch()
    src = str(Path(therapy_boundaries.__file__).resolve().parents[1])
    env = {**os.environ, "TB_NETWORK_LOG": str(log),
           "PYTHONPATH": os.pathsep.join(p for p in (str(guard_dir), src, os.environ.get("PYTHONPATH")) if p),
           "THERAPY_BOUNDARIES_ANSWERS": str(tmp_path / "store" / "answers.json"),
           "MPLBACKEND": "Agg"}
    return env, log


def refusals(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def run_notebook(nb: nbformat.NotebookNode, folder: Path, env: dict) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute(env=env)
    return nb


def stdout_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def test_package_and_every_notebook_run_without_touching_the_network(guarded_env):
    env, log = guarded_env
    assert len(NOTEBOOKS) >= 7

    # 1. The guard bites, in a kernel started exactly like the notebooks' ones (not vacuous).
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SELF_TEST)])
    out = stdout_of(run_notebook(probe, ROOT, env).cells[0])
    assert "refused: network blocked by test guard" in out and "loopback ok" in out, out
    logged = refusals(log)
    assert len(logged) == 1 and "10.255.255.1" in logged[0]["address"], logged
    log.write_text("")

    # 2. The package: import every module, run the command-line tools' --help and the validator.
    script = textwrap.dedent("""
        import importlib, pkgutil, socket, therapy_boundaries
        assert socket.socket.connect.tb_network_guard
        names = [m.name for m in pkgutil.walk_packages(therapy_boundaries.__path__, "therapy_boundaries.")]
        for name in names:
            importlib.import_module(name)
        from therapy_boundaries import validate
        try:
            code = validate.main([])
        except SystemExit as exit:
            code = exit.code
        print(len(names), "modules; validate exit", code)
    """)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "validate exit 0" in done.stdout, done.stdout + done.stderr
    assert refusals(log) == []

    # 3. Every notebook, top to bottom, each in a fresh guarded kernel.
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(GUARD_PROBE))
        run_notebook(nb, path.parent, env)
        assert stdout_of(nb.cells[-1]).strip() == "guard: True", f"{path.name}: guard not active"
        assert refusals(log) == [], f"{path.name} tried to connect: {refusals(log)}"
    print(f"\n[no network] guard self-test refused 1 outbound attempt; package ({done.stdout.strip().splitlines()[-1]}) "
          f"and {len(NOTEBOOKS)} notebooks ran with 0 refusals")


def _recipe(makefile: str, target: str) -> str:
    match = re.search(rf"^{target}:.*\n((?:\t.*\n?)+)", makefile, re.MULTILINE)
    assert match, f"no `{target}` target in the Makefile"
    return match.group(1).replace("\\\n", " ")


def test_lab_and_present_bind_loopback_and_use_a_token():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = _recipe(makefile, "lab")
    assert re.search(r"--ip[ =]127\.0\.0\.1\b", lab), lab
    assert "0.0.0.0" not in lab and "--ip=*" not in lab and "--ip *" not in lab
    # JupyterLab uses a random token unless it is switched off; it must not be.
    assert not re.search(r"(IdentityProvider|ServerApp|NotebookApp)\.token\s*=\s*(''|\"\"|\s)", lab), lab
    assert "disable_check_xsrf" not in lab and "password" not in lab.lower()

    present = _recipe(makefile, "present")
    assert re.search(r"--Voila\.ip[ =]127\.0\.0\.1\b", present), present
    assert re.search(r"--token\b(?!\s*=\s*(''|\"\"|False))", present), present
    assert "0.0.0.0" not in present and "--no-browser" in present
