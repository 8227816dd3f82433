"""The built wheel works on its own (issue 13, item 1).

The wheel is built from this checkout, installed into a fresh virtual environment, and every
command that falls back on the embedded default workbook is run from an unrelated folder:
the default workbook must come from the package (importlib.resources), not from the
repository next to it.  The dependencies come from the test environment (a .pth line) so
the test stays offline and fast; nabb itself comes only from the wheel.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _sh(args, cwd, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the fresh venv's bin folder, an unrelated working folder, the wheel)."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    # a copy of the checkout, so that the build leaves no build/ or egg-info behind and no
    # stale build/lib from an earlier build ends up in the wheel
    src = root / "src"
    top_level = {".venv", ".git", "build", "dist", "reports", "tests", "benchmarks"}

    def skip(folder: str, names: list[str]) -> set[str]:
        here = {n for n in names if n.endswith(".egg-info")
                or n in ("__pycache__", ".pytest_cache", ".hypothesis")}
        return here | (top_level & set(names) if Path(folder) == REPO else set())

    shutil.copytree(REPO, src, ignore=skip)
    # build isolation, as `make install` does: the build needs setuptools>=77 (pyproject.toml)
    built = _sh([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, src], cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("nabb-*.whl")

    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / "bin"
    py = bin_dir / "python"
    site = Path(_sh([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                    cwd=root).stdout.strip())
    # The test environment's packages (pandas, pyomo, highspy...) after the venv's own ones;
    # nabb is installed editable there through an import hook that a .pth path line does
    # not load, so `import nabb` can only find the wheel.
    deps = sysconfig.get_paths()["purelib"]
    (site / "zz_nabb_test_deps.pth").write_text(deps + "\n")
    inst = _sh([sys.executable, "-m", "pip", "--python", py, "install", "--no-deps",
                "--no-index", wheel], cwd=root)
    assert inst.returncode == 0, inst.stdout + inst.stderr
    work = root / "elsewhere"
    work.mkdir()
    where = _sh([py, "-c", "import nabb, nabb.pipeline as p; print(nabb.__file__); "
                 "print(p.DEFAULT_WORKBOOK)"], cwd=work)
    assert where.returncode == 0, where.stderr
    module, workbook = where.stdout.split()
    assert Path(module).is_relative_to(site), module  # the wheel, not the checkout
    assert Path(workbook).is_relative_to(site) and Path(workbook).is_file(), workbook
    return bin_dir, work, wheel


def test_wheel_carries_the_default_workbook_once(installed):
    _, _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if n.endswith(".xlsx")] == ["nabb/data/nabb_default.xlsx"]
    # one committed copy: the package's; data/ holds the CSV sources and the build script
    assert not (REPO / "data" / "nabb_default.xlsx").exists()
    assert (REPO / "nabb" / "data" / "nabb_default.xlsx").is_file()


def test_every_default_workbook_command_works_from_the_wheel(installed):
    bin_dir, work, _ = installed
    nabb = bin_dir / "nabb"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("PYTHONPATH", None)

    run = _sh([nabb, "run"], cwd=work, env=env)
    assert run.returncode == 0, run.stderr
    assert "site-packages" in run.stderr  # "reading .../site-packages/nabb/data/..."
    for name in ("report.xlsx", "report.html", "summary.json"):
        assert (work / "reports" / "base" / name).is_file(), name
    assert json.loads((work / "reports" / "base" / "summary.json").read_text())["status"] == "optimal"

    export = _sh([nabb, "export", "--format", "mps", "-o", "m.mps"], cwd=work, env=env)
    assert export.returncode == 0, export.stderr
    assert (work / "m.mps").stat().st_size > 1000

    sweep = _sh([nabb, "sweep", "--param", "carbon_price", "--values", "0,100",
                 "--out", "sw", "--no-progress"], cwd=work, env=env)
    assert sweep.returncode == 0, sweep.stderr
    assert (work / "sw" / "sweep.csv").is_file()

    tmpl = _sh([nabb, "template", "capacity", "gr.xlsx", "--region", "GR"], cwd=work, env=env)
    assert tmpl.returncode == 0, tmpl.stderr
    check = _sh([nabb, "capacity", "check", "gr.xlsx", "--lang", "en"], cwd=work, env=env)
    # a blank sheet: the coordinator's cells are empty (exit 2), but the regions, processes
    # and crops came from the packaged default workbook
    out = check.stdout + check.stderr
    assert check.returncode == 2 and "not built" not in out, out
    assert {line.split("[")[1].split("]")[0] for line in out.splitlines()
            if line.strip().startswith("ERROR")} == {"coordinator", "contact", "date"}, out

    if (REPO / "nabb" / "cli_uncertainty.py").exists():
        unc = _sh([nabb, "uncertainty", "--samples", "4", "--out", "unc", "--no-progress"],
                  cwd=work, env=env)
        assert unc.returncode == 0, unc.stderr
        assert (work / "unc" / "uncertainty.json").is_file()
    # nothing was written next to the checkout
    assert not (REPO / "sw").exists() and not (REPO / "unc").exists()
