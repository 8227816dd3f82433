"""Where the embedded default workbook is (a light module: no solver or model imports)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_workbook() -> Path:
    """The default workbook shipped inside the package (package data, so a wheel has it too).

    ``importlib.resources`` finds it wherever nabb is installed; installed packages are
    plain folders, so the resource is a real file that openpyxl can open.  It is built from
    ``data/default/*.csv`` by ``data/build_default.py`` (``make data``).
    """
    return Path(str(resources.files("nabb") / "data" / "nabb_default.xlsx"))


DEFAULT_WORKBOOK = package_workbook()


def is_default_data(sha256: str) -> bool:
    """True when a workbook with this SHA-256 is nabb's own default data (the embedded copy,
    wherever it was copied to): its reports are Dutch unless ``--lang`` says otherwise."""
    import hashlib
    try:
        digest = hashlib.sha256(DEFAULT_WORKBOOK.read_bytes()).hexdigest()
    except OSError:
        return False
    return bool(sha256) and sha256 == digest
