"""The project installed as a user installs it (`pip install .`, not editable) works from any
folder: the questionnaires ship inside the package, so `db upgrade`, `demo`, `validate` and
`export-plan` run in an empty folder far from the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SOURCES = ("pyproject.toml", "setup.py", "cdm_quality", "questionnaires")


def outside(kept: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A copytree filter keeping only `kept` at the top and no bytecode below."""

    def ignored(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == ROOT
        return {n for n in names if (top and n not in kept) or n == "__pycache__"}

    return ignored


def site_packages(prefix: Path) -> Path:
    return Path(sysconfig.get_path("purelib", vars={"base": str(prefix)}))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the project, built from a copy of the sources
    (nothing downloaded: pip, setuptools and the dependencies come from the test's own
    environment through a path file)."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=outside(SOURCES))
    env = base / "env"
    venv.create(env, with_pip=False)
    (site_packages(env) / "test-env.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    pip = [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run(
        [*pip, "--no-deps", "--no-build-isolation", "--no-index", str(source)],
        check=True,
        capture_output=True,
    )
    return env / "bin" / "cdm-quality"


def run(command: Path, *args: str, folder: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CDM_QUALITY_")}
    environ["CDM_QUALITY_DATA_DIR"] = str(folder / "data")
    return subprocess.run(
        [str(command), *args], cwd=folder, env=environ, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_installed_command_works_in_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    python = installed.with_name("python")
    package = subprocess.run(
        [python, "-c", "import cdm_quality; print(cdm_quality.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(package.stdout.strip()).is_relative_to(installed.parents[1])  # not the checkout
    for args in (
        ("db", "upgrade"),
        ("demo",),
        ("validate",),
        (
            "export-plan",
            "--cite",
            "Cité des métiers du Val-de-Loire",
            "--campaign",
            "2025",
            "--out",
            "plan.pdf",
        ),
    ):
        done = run(installed, *args, folder=tmp_path)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "questionnaires").exists()
