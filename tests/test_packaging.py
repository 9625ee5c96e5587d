"""The two ways to install (pip + requirements.txt, conda + environment.yml) cannot drift apart."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import ROOT

# Packages whose version changes what the stored notebook outputs look like.
SHAPES_OUTPUTS = {"pandas", "numpy", "ipywidgets", "ipykernel", "ipython", "jupyterlab", "nbval",
                  "nbclient", "nbformat", "pytest", "pandera", "voila"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_requirements() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"requirements.txt: '{line}' is not pinned with =="
            pins[canonical(name)] = version
    return pins


def environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for item in dep["pip"]:
                if not item.startswith("-e"):
                    name, _, version = item.partition("==")
                    pins[canonical(name)] = version
        elif dep not in ("pip",) and not dep.startswith("python="):
            name, _, version = dep.partition("=")
            pins[canonical(name)] = version
    return pins


def test_every_requirement_is_pinned_exactly():
    assert len(pinned_requirements()) > 50


def test_environment_yml_uses_the_same_versions():
    req, env = pinned_requirements(), environment_pins()
    assert all(version for version in env.values()), "every environment.yml entry needs a version"
    mismatched = {name: (env[name], req.get(name)) for name in env if env[name] != req.get(name)}
    assert mismatched == {}


def test_packages_that_shape_outputs_are_in_both():
    assert SHAPES_OUTPUTS <= set(environment_pins()) and SHAPES_OUTPUTS <= set(pinned_requirements())


def test_package_dependencies_are_pinned_in_both():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {canonical(re.split(r"[<>=!~ ]", dep)[0]) for dep in project["dependencies"]}
    assert names <= set(environment_pins()) and names <= set(pinned_requirements())


def test_python_version_agrees():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "python=3.11" in env["dependencies"] and project["requires-python"] == ">=3.11"
