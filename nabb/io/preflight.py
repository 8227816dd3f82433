"""Pre-flight checks that run on every workbook before any parser sees it.

A workbook from outside (a regional capacity sheet, a scenario workbook sent by e-mail)
may be broken or hostile.  :func:`check_workbook` looks at the raw bytes and the ZIP
table of contents only, and rejects, with one clear :class:`~nabb.errors.Issue`:

* files that are not an .xlsx at all: empty files, CSV or text renamed to .xlsx, legacy
  Excel 97-2003 ``.xls`` and password-protected workbooks (both OLE2 containers),
  OpenDocument ``.ods``, other ZIP files;
* damaged or truncated ZIP files;
* zip bombs: too many parts, parts or a total that expand too far, extreme compression
  ratios, encrypted ZIP entries;
* XML parts with a ``<!DOCTYPE``/``<!ENTITY`` declaration (billion laughs, XXE: Excel never
  writes one);
* worksheets whose ``<dimension>``, cell references or merged ranges reach millions of
  cells (``XFD1048576``).

Macros (``xl/vbaProject.bin``) and external links / data connections are not errors: they
are reported as warnings, macros are never run and links are never followed.

:func:`load_workbook_safely` runs the checks and then ``openpyxl.load_workbook`` with links
off and macros dropped, and turns *any* exception of the parser into an
:class:`~nabb.errors.InputError`.  See docs/security.md for the threat model and the caps.
"""
from __future__ import annotations

import contextlib
import os
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import defusedxml  # noqa: F401  -- a hard dependency: openpyxl uses it only when importable
import openpyxl

from nabb.errors import EXIT_INVALID_INPUT, InputError, Issue, NabbError

# --- limits (reliability.md 1.2, 1.3, 7.3); module constants so that callers can tune them
MAX_FILE_BYTES = 100 * 2**20
MAX_PARTS = 2000
MAX_PART_BYTES = 512 * 2**20
MAX_TOTAL_BYTES = 2**30
MAX_RATIO = 100            # uncompressed / compressed, for parts above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 10 * 2**20
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 1_000
MAX_MERGED_CELLS = 100_000  # cells covered by all merged ranges of one sheet
MAX_PROLOG_BYTES = 2**20   # XML declaration, comments and PIs before the root element
MAX_XML_DEPTH = 64         # Excel's own parts nest at most ~12 deep (worksheet/sheetData/row/c/is/r/t)
STREAM_CHUNK = 256 * 1024  # bytes fed to the XML scanner at a time


@dataclass(frozen=True)
class Limits:
    """Resource caps for one kind of workbook, checked while streaming, before openpyxl.

    The figures come from measuring what a real workbook of that kind holds and giving it
    generous headroom; docs/security.md ("Resource caps") lists the measurements.
    """

    kind: str
    label: str
    cells_per_sheet: int
    cells_total: int
    total_bytes: int
    sheets: int
    shared_strings: int
    #: XML elements in all parts together (cells, values, rows, styles...): bounds scan time.
    elements_total: int


#: Scenario workbooks.  Measured: the default workbook (nabb/data/nabb_default.xlsx) holds 4,181
#: cells, at most 1,740 in one sheet (demand), 18 sheets, 0.42 MiB uncompressed; the synthetic 342-
#: municipality workbook of the scale benchmark (6 years) holds 31,700 cells, at most 20,532
#: in one sheet (demand), 1.7 MiB.  A 26-year horizon (2025-2050) for 342 municipalities
#: needs about 90,000 demand cells and 150,000 in all; the caps leave 3-4x headroom above
#: that extreme, and 100x above the default.  The element budget (cells hold a <c> and a
#: <v>) keeps the scan of any file below 2 s of CPU.
SCENARIO_LIMITS = Limits("scenario", "a scenario workbook", cells_per_sheet=300_000,
                         cells_total=600_000, total_bytes=48 * 2**20, sheets=100,
                         shared_strings=600_000, elements_total=1_500_000)
#: Capacity sheets from regional chain coordinators.  Measured: the template
#: (`nabb template capacity`) holds 1,510 cells in its largest sheet (300 prepared rows x 5
#: columns), 6 sheets, 0.18 MiB uncompressed; nabb.capacity reads at most 10,000 data rows
#: per table (5 columns = 50,000 cells), and no Dutch region has more than a few hundred
#: plants or contracts.
CAPACITY_LIMITS = Limits("capacity", "a capacity sheet", cells_per_sheet=60_000,
                         cells_total=200_000, total_bytes=16 * 2**20, sheets=30,
                         shared_strings=200_000, elements_total=600_000)
LIMITS: dict[str, Limits] = {"scenario": SCENARIO_LIMITS, "capacity": CAPACITY_LIMITS}

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ENCRYPTED_MARKER = "EncryptedPackage".encode("utf-16-le")

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384


class DeploymentError(NabbError):
    """The installation is unsafe (XML attack protection is off); nothing was read."""

    exit_code = EXIT_INVALID_INPUT


@dataclass
class PreflightReport:
    """What the pre-flight saw; ``warnings`` are Issues with severity "warning"."""

    file: str
    kind: str = "scenario"
    parts: int = 0
    sheets: int = 0
    cells: int = 0
    uncompressed_bytes: int = 0
    macros: bool = False
    #: a formula (SpreadsheetML ``<f>``) in some part.  Without one, openpyxl reads every cell
    #: the same with and without ``data_only`` (it differs only where a cell has an ``<f>``)
    formulas: bool = False
    external_links: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def assert_xml_protection() -> None:
    """Refuse to read anything when openpyxl would parse XML without defusedxml."""
    if not openpyxl.DEFUSEDXML:
        setting = os.environ.get("OPENPYXL_DEFUSEDXML")
        cause = (f"the environment variable OPENPYXL_DEFUSEDXML={setting} switches it off; "
                 "unset it (or set it to True) and run again" if setting not in (None, "True")
                 else "the package defusedxml is missing; reinstall nabb (pip install nabb)")
        raise DeploymentError(
            "nabb: refused to read any workbook: openpyxl would parse XML without its protection "
            f"against XML attacks (billion laughs, XXE): {cause}. Nothing was read.")


def _name(path: str | os.PathLike[str]) -> str:
    """The file name shown to users: no absolute server paths in messages."""
    return Path(path).name


def _fail(path: Any, found: str, expected: str = "an .xlsx workbook", sheet: str = "",
          cell: str = "") -> InputError:
    return InputError([Issue(_name(path), sheet, cell, "", expected, found)])


def _mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


# ----------------------------------------------------------------------------- signature
def _sniff_not_zip(path: Path, head: bytes) -> InputError:
    if head.startswith(OLE2_SIGNATURE):
        encrypted = False
        with open(path, "rb") as fh:
            tail = b""
            while chunk := fh.read(2**20):
                if _ENCRYPTED_MARKER in tail + chunk:
                    encrypted = True
                    break
                tail = chunk[-len(_ENCRYPTED_MARKER):]
        if encrypted:
            return _fail(path, "a password-protected (encrypted) workbook",
                         "an unencrypted .xlsx workbook: open the file, remove the password "
                         "(File > Info > Protect Workbook > Encrypt with Password, clear it) and "
                         "save it again as .xlsx")
        return _fail(path, "a legacy Excel 97-2003 .xls file (OLE2 container)",
                     "an .xlsx workbook: open it in Excel or LibreOffice and save it as "
                     "'Excel Workbook (.xlsx)'")
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<html", b"<!doctype html", b"<table")):
        return _fail(path, "an HTML page with an Excel extension",
                     "an .xlsx workbook: open it in Excel and save it as .xlsx")
    if head.startswith(b"<?xml"):
        return _fail(path, "an XML file (Excel 2003 XML spreadsheet?)",
                     "an .xlsx workbook: open it in Excel and save it as .xlsx")
    if head.startswith(b"%PDF"):
        return _fail(path, "a PDF document")
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        return _fail(path, "an image")
    sample = head[:4096]
    try:
        text = sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = sample.decode("utf-16") if sample[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        except UnicodeDecodeError:
            text = ""
    if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text.rstrip("\x00")):
        kind = "CSV" if any(sep in text for sep in (",", ";", "\t")) else "plain text"
        return _fail(path, f"a {kind} file renamed to {path.suffix or 'an Excel name'} "
                           f"(no ZIP signature)",
                     "an .xlsx workbook: open it in Excel or LibreOffice and save it as .xlsx")
    return _fail(path, f"an unknown file format (starts with bytes {head[:8].hex(' ')})",
                 "an .xlsx workbook (a ZIP file that starts with 'PK')")


# ----------------------------------------------------------------------------- XML scans
_PROLOG_TOKEN = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_DTD_STARTS = ("<!DOCTYPE", "<!ENTITY", "<!ELEMENT", "<!ATTLIST")


def _decode_for_scan(raw: bytes) -> str:
    """Decode the start of an XML part well enough to find markup (not for parsing)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"<\x00")):
        return raw.decode("utf-16-le", "replace").lstrip("\ufeff")
    elif raw.startswith((b"\xfe\xff", b"\x00<")):
        return raw.decode("utf-16-be", "replace").lstrip("\ufeff")
    return raw.decode("latin-1")


def _scan_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    """Reject a DTD or entity declaration before the root element of one XML part.

    A DTD may only appear in the prolog, so the scan stops at the root element; comments
    and processing instructions before it are skipped however long (up to a limit).
    """
    raw = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(64 * 1024)
            raw += chunk
            text = _decode_for_scan(raw)
            pos = 0
            while (m := _PROLOG_TOKEN.match(text, pos)) is not None:
                pos = m.end()
            head = text[pos:pos + 16]
            if head.upper().startswith(_DTD_STARTS):
                raise _fail(path, f"a DTD/entity declaration in part {info.filename} "
                                  "(XML constructs Excel never writes: billion laughs / XXE)",
                            "an .xlsx workbook as written by Excel or LibreOffice")
            if not chunk:
                return
            if len(head) >= 10:
                if not head.startswith("<"):
                    return  # not XML; the parser will complain if it matters
                if not head.startswith(("<?", "<!")):
                    return  # the root element: no DTD can follow
            if len(raw) > MAX_PROLOG_BYTES:
                raise _fail(path, f"part {info.filename} starts with more than "
                                  f"{_mib(MAX_PROLOG_BYTES)} of comments or declarations",
                            "an .xlsx workbook as written by Excel or LibreOffice")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


_CELL_REF = re.compile(r"\$?([A-Za-z]{0,4})\$?(\d{0,9})$")


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """``"B2:XFD1048576"`` -> (col1, row1, col2, row2); whole rows/columns are expanded."""
    parts = ref.strip().split(":")[:2]
    cells = []
    for part in parts:
        m = _CELL_REF.match(part.strip())
        if not m:
            return (1, 1, 1, 1)
        cells.append((_col_number(m.group(1)) if m.group(1) else None,
                      int(m.group(2)) if m.group(2) else None))
    if len(cells) == 1:
        cells.append(cells[0])
    (c1, r1), (c2, r2) = cells
    c1 = c1 or 1
    r1 = r1 or 1
    c2 = c2 or EXCEL_MAX_COLUMNS
    r2 = r2 or EXCEL_MAX_ROWS
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)




def _too_big(path: Path, sheet: str, what: str, cols: int, rows: int) -> InputError:
    col = openpyxl.utils.get_column_letter(max(1, min(cols, EXCEL_MAX_COLUMNS)))
    return _fail(path, f"{what} reaching column {col} / row {rows:,}",
                 f"a sheet of at most {MAX_SHEET_COLUMNS:,} columns and {MAX_SHEET_ROWS:,} rows",
                 sheet=sheet)


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Map worksheet part names to sheet names (best effort; {} if anything is odd)."""
    from defusedxml import ElementTree as DET

    try:
        wb = DET.fromstring(zf.read("xl/workbook.xml")[: 8 * 2**20])
        rels = DET.fromstring(zf.read("xl/_rels/workbook.xml.rels")[: 8 * 2**20])
    except Exception:  # noqa: BLE001 - names only improve messages
        return {}
    targets = {}
    for rel in rels:
        target = (rel.get("Target") or "").lstrip("/")
        if not target.startswith("xl/"):
            target = "xl/" + target
        targets[rel.get("Id")] = target
    out = {}
    for el in wb.iter():
        if el.tag.endswith("}sheet") or el.tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = el.get("name", "")
    return out


_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")   # transitional and strict


class _Budget:
    """Counts shared by every part of one workbook (cells, XML elements)."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.cells = 0
        self.elements = 0
        self.formulas = False   # a SpreadsheetML <f> element seen in some part


class _XmlScan:
    """Expat handlers that count and check while one XML part streams through.

    Worksheets: cells (with or without ``r=`` attributes), rows, the ``<dimension>``,
    far cell references and merged ranges.  Shared strings: the number of strings.  Every
    part: nesting depth and the element budget.  Raises :class:`InputError` at the first
    limit hit, so nothing beyond that point is read.  The handlers are kept lean: they run
    once per element, a million times for a large sheet.
    """

    def __init__(self, path: Path, part: str, sheet: str, budget: _Budget):
        self.path, self.part, self.sheet, self.budget = path, part, sheet, budget
        self.limits = budget.limits
        self.depth = 0
        self.elements = budget.elements
        self.cells = 0
        self.cells_before = budget.cells
        self.row = 0            # current row number (from r= or counted)
        self.ref = ""           # last r= of a cell in the current row
        self.after = 0          # cells since that r= (cells written without r=)
        self.merged = 0
        self.strings = 0
        self.dimension = False
        self.dispatch: dict[str, Any] = {}
        for ns in _MAIN_NS:   # in any part: openpyxl reads a worksheet wherever its rels point
            self.dispatch[f"{ns} f"] = self.formula
        if sheet:
            for ns in _MAIN_NS:
                self.dispatch.update({f"{ns} c": self.cell, f"{ns} row": self.new_row,
                                      f"{ns} dimension": self.dim, f"{ns} mergeCell": self.merge})
        elif part.lower().endswith("sharedstrings.xml"):
            for ns in _MAIN_NS:
                self.dispatch[f"{ns} si"] = self.shared_string

    # -- where we are, for messages
    def cell_ref(self) -> str:
        if self.row == 0 and not self.ref:
            return ""
        col = 0
        if self.ref:
            m = _CELL_REF.match(self.ref)
            if m and m.group(1):
                col = _col_number(m.group(1))
        col += self.after
        row = self.row
        if not col:
            return f"row {row}"
        letters = openpyxl.utils.get_column_letter(max(1, min(col, EXCEL_MAX_COLUMNS)))
        return f"{letters}{row}"

    def _limit(self, found: str, expected: str) -> InputError:
        ref = self.cell_ref() if self.sheet else ""
        return _fail(self.path, found, expected, sheet=self.sheet,
                     cell="" if ref.startswith("row") else ref)

    def finish(self) -> None:
        self.budget.elements = self.elements
        self.budget.cells = self.cells_before + self.cells

    # -- handlers
    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.elements > self.limits.elements_total or self.depth > MAX_XML_DEPTH:
            self._over()
        handler = self.dispatch.get(name)
        if handler is not None:
            handler(attrs)

    def end(self, name: str) -> None:
        self.depth -= 1

    def _over(self) -> None:
        if self.depth > MAX_XML_DEPTH:
            raise self._limit(f"XML nested more than {MAX_XML_DEPTH} elements deep in part "
                              f"{self.part}", f"{self.limits.label} as written by Excel or "
                              f"LibreOffice (at most {MAX_XML_DEPTH} levels)")
        raise self._limit(f"more than {self.limits.elements_total:,} XML elements (limit "
                          f"reached in part {self.part})",
                          f"{self.limits.label} of at most {self.limits.elements_total:,} XML "
                          "elements in all its parts")

    def cell(self, attrs: dict[str, str]) -> None:
        self.cells += 1
        ref = attrs.get("r")
        if ref:
            self.ref, self.after = ref, 0
            if len(ref) >= 7 or ref[2:3].isalpha():   # 3+ letters or 6+ digits: look closer
                m = _CELL_REF.match(ref)
                if m:
                    col = _col_number(m.group(1)) if m.group(1) else 0
                    row = int(m.group(2)) if m.group(2) else 0
                    if col > MAX_SHEET_COLUMNS or row > MAX_SHEET_ROWS:
                        raise _too_big(self.path, self.sheet, f"cell {ref[:20]}", col, row)
        else:
            self.after += 1
        if self.cells > self.limits.cells_per_sheet:
            raise self._limit(
                f"more than {self.limits.cells_per_sheet:,} cells in this sheet (cell "
                f"{self.cells:,} reached at row {self.row:,})",
                f"{self.limits.label} of at most {self.limits.cells_per_sheet:,} cells per sheet")
        if self.cells_before + self.cells > self.limits.cells_total:
            raise self._limit(
                f"more than {self.limits.cells_total:,} cells in all sheets together",
                f"{self.limits.label} of at most {self.limits.cells_total:,} cells")
        if self.after > MAX_SHEET_COLUMNS:
            raise _too_big(self.path, self.sheet, f"row {self.row:,} with more than "
                           f"{MAX_SHEET_COLUMNS:,} cells", self.after, self.row)

    def formula(self, attrs: dict[str, str]) -> None:
        self.budget.formulas = True

    def new_row(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r", "")
        self.row = int(ref) if ref.isdigit() and len(ref) < 10 else self.row + 1
        self.ref, self.after = "", 0
        if self.row > MAX_SHEET_ROWS:
            raise _too_big(self.path, self.sheet, "a row", 1, self.row)

    def dim(self, attrs: dict[str, str]) -> None:
        if self.dimension:
            return
        self.dimension = True
        ref = attrs.get("ref", "")[:40]
        _, _, c2, r2 = parse_range(ref)
        if c2 > MAX_SHEET_COLUMNS or r2 > MAX_SHEET_ROWS:
            raise _too_big(self.path, self.sheet, f"a sheet dimension {ref}", c2, r2)

    def merge(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("ref", "")[:40]
        c1, r1, c2, r2 = parse_range(ref)
        self.merged += (c2 - c1 + 1) * (r2 - r1 + 1)
        if self.merged > MAX_MERGED_CELLS:
            raise _fail(self.path, f"merged cells covering more than {MAX_MERGED_CELLS:,} "
                                   f"cells (e.g. {ref})",
                        "a sheet without huge merged ranges", sheet=self.sheet)

    def shared_string(self, attrs: dict[str, str]) -> None:
        self.strings += 1
        if self.strings > self.limits.shared_strings:
            raise self._limit(f"more than {self.limits.shared_strings:,} shared strings in "
                              f"part {self.part}", f"{self.limits.label} of at most "
                              f"{self.limits.shared_strings:,} distinct texts")

    def doctype(self, *args: Any) -> None:
        raise _fail(self.path, f"a DTD/entity declaration in part {self.part} "
                               "(XML constructs Excel never writes: billion laughs / XXE)",
                    "an .xlsx workbook as written by Excel or LibreOffice")


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, sheet: str,
              budget: _Budget) -> None:
    """Stream one XML part through expat (never building a tree) and apply the limits.

    Invalid XML is reported with the sheet and the cell or row where the parser stopped.
    """
    import xml.parsers.expat as expat

    scan = _XmlScan(path, info.filename, sheet, budget)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = scan.doctype
    parser.EntityDeclHandler = scan.doctype
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(STREAM_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        where = f"sheet {sheet!r}" if sheet else f"part {info.filename}"
        ref = scan.cell_ref() if sheet else ""
        near = f" near {ref}" if ref.startswith("row") else (f" near cell {ref}" if ref else "")
        raise _fail(path, f"invalid XML in {where}{near}: {expat.ErrorString(exc.code)} "
                          f"(line {exc.lineno}, column {exc.offset} of {info.filename})",
                    "an .xlsx workbook as written by Excel or LibreOffice; open and save it "
                    "again in Excel or LibreOffice", sheet=sheet,
                    cell="" if ref.startswith("row") else ref) from None
    scan.finish()


# ----------------------------------------------------------------------------- main check
def _limits(kind: str | Limits) -> Limits:
    if isinstance(kind, Limits):
        return kind
    try:
        return LIMITS[kind]
    except KeyError:
        raise ValueError(f"unknown workbook kind {kind!r}; one of {sorted(LIMITS)}") from None


def inspect_workbook(path: str | os.PathLike[str], kind: str | Limits = "scenario") -> PreflightReport:
    """Run every pre-flight check; raise :class:`InputError` on the first hard problem.

    ``kind`` ("scenario" or "capacity") selects the resource caps (:data:`LIMITS`).
    Returns what was seen (part counts, cells, macros, external links) with warnings.
    """
    path = Path(path)
    name = _name(path)
    limits = _limits(kind)
    report = PreflightReport(name, kind=limits.kind)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(path, "no such file", "an existing .xlsx file") from None
    except OSError as exc:
        raise _fail(path, f"a file that cannot be read ({exc.strerror})",
                    "a readable .xlsx file") from None
    if path.is_dir():
        raise _fail(path, "a folder", "an .xlsx file")
    if size == 0:
        raise _fail(path, "an empty file (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise _fail(path, f"a file of {_mib(size)}", f"an .xlsx file of at most {_mib(MAX_FILE_BYTES)}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise _fail(path, f"a file that cannot be read ({exc.strerror})",
                    "a readable .xlsx file") from None
    if not head.startswith(ZIP_SIGNATURES):
        raise _sniff_not_zip(path, head)

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _fail(path, f"a damaged or incomplete ZIP file (truncated upload?): {exc}",
                    "a complete .xlsx file; save or download it again") from None
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        report.parts = len(infos)
        if len(infos) > MAX_PARTS:
            raise _fail(path, f"a ZIP file with {len(infos):,} parts",
                        f"an .xlsx workbook with at most {MAX_PARTS:,} parts")
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise _fail(path, f"a ZIP file that holds part {dup} twice",
                        "an .xlsx workbook as written by Excel or LibreOffice")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _fail(path, f"an encrypted ZIP entry ({info.filename})",
                            "an unencrypted .xlsx workbook")
            if info.file_size > MAX_PART_BYTES:
                raise _fail(path, f"part {info.filename} expanding to {_mib(info.file_size)} "
                                  "(zip bomb?)",
                            f"parts of at most {_mib(MAX_PART_BYTES)}")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
                raise _fail(path, f"part {info.filename} expanding to {_mib(info.file_size)} "
                                  f"(compression ratio {ratio:,.0f}:1, zip bomb?)",
                            f"a compression ratio of at most {MAX_RATIO}:1")
            total += info.file_size
        report.uncompressed_bytes = total
        if total > MAX_TOTAL_BYTES:
            raise _fail(path, f"a ZIP file expanding to {_mib(total)} in total (zip bomb?)",
                        f"at most {_mib(MAX_TOTAL_BYTES)} uncompressed")
        if total > limits.total_bytes:
            raise _fail(path, f"a workbook expanding to {_mib(total)} in total",
                        f"{limits.label} of at most {_mib(limits.total_bytes)} uncompressed")
        lower = {n.lower(): n for n in names}
        if "[content_types].xml" not in lower or "xl/workbook.xml" not in lower:
            if "mimetype" in lower:
                try:
                    mime = zf.read(lower["mimetype"])[:200].decode("ascii", "replace")
                except Exception:  # noqa: BLE001 - any failure: generic message
                    mime = ""
                if "opendocument.spreadsheet" in mime:
                    raise _fail(path, "an OpenDocument spreadsheet (.ods)",
                                "an .xlsx workbook: in LibreOffice use File > Save As > "
                                "'Excel 2007-365 (.xlsx)'")
            if "word/document.xml" in lower:
                raise _fail(path, "a Word document")
            raise _fail(path, "a ZIP file that is not an Excel workbook "
                              "(no [Content_Types].xml / xl/workbook.xml)")
        try:
            for info in infos:
                base = info.filename.lower()
                if info.is_dir():
                    continue
                if base.endswith((".xml", ".rels", ".vml")):
                    _scan_prolog(zf, info, path)
            budget = _Budget(limits)
            worksheets = [i for i in infos if i.filename.lower().startswith("xl/worksheets/")
                          and i.filename.lower().endswith(".xml") and not i.is_dir()]
            if len(worksheets) > limits.sheets:
                raise _fail(path, f"{len(worksheets):,} worksheets",
                            f"{limits.label} of at most {limits.sheets:,} sheets")
            for info in infos:  # every other XML part first: workbook.xml names the sheets
                base = info.filename.lower()
                if base.endswith((".xml", ".rels")) and info not in worksheets and not info.is_dir():
                    _scan_xml(zf, info, path, "", budget)
            sheet_names = _sheet_names(zf)
            for info in worksheets:
                _scan_xml(zf, info, path, sheet_names.get(info.filename, info.filename), budget)
            report.cells = budget.cells
            report.sheets = len(worksheets)
            report.formulas = budget.formulas
            if "xl/vbaproject.bin" in lower:
                report.macros = True
                report.warnings.append(Issue(name, "", "", "", "no macros",
                                             "macros (xl/vbaProject.bin); they are ignored, never run",
                                             "warning"))
            for n in names:
                nl = n.lower()
                if nl.startswith("xl/externallinks/") and nl.endswith(".xml"):
                    target = _external_target(zf, n)
                    report.external_links.append(target or n)
                    report.warnings.append(Issue(
                        name, "", "", "", "no links to other files",
                        f"an external link to {target or n!r}; it is not followed, the values "
                        "saved in this file are used", "warning"))
                elif nl == "xl/connections.xml" or nl.startswith("xl/querytables/"):
                    report.external_links.append(n)
                    report.warnings.append(Issue(
                        name, "", "", "", "no data connections",
                        f"a data connection or query ({n}); it is not refreshed, the values "
                        "saved in this file are used", "warning"))
        except InputError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                NotImplementedError, ValueError) as exc:
            raise _fail(path, f"a damaged ZIP file ({type(exc).__name__}: {exc})",
                        "a complete .xlsx file; save or download it again") from None
    return report


def _external_target(zf: zipfile.ZipFile, part: str) -> str:
    """The target of an external link, from its .rels file (parsed with defusedxml)."""
    from defusedxml import ElementTree as DET

    folder, _, base = part.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels"
    try:
        root = DET.fromstring(zf.read(rels)[: 2**20])
    except Exception:  # noqa: BLE001 - a missing or odd .rels only loses the target text
        return ""
    for el in root:
        target = el.get("Target")
        if target:
            return target
    return ""


#: Files that passed, keyed by identity and kind: reading one workbook twice (values and
#: formulas) streams it once.  A changed file (size, mtime, inode) is checked again.
_PASSED: dict[tuple, PreflightReport] = {}


def _identity(path: Path, limits: Limits) -> tuple | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino, limits)


def check_workbook(path: str | os.PathLike[str], warnings: list[Issue] | None = None,
                   kind: str | Limits = "scenario") -> PreflightReport:
    """Pre-flight ``path``; raise :class:`InputError` with one clear Issue if it is unsafe.

    ``kind`` selects the resource caps ("scenario" or "capacity", see :data:`LIMITS`).
    Warnings (macros, external links) are appended to ``warnings`` when a list is given.
    """
    assert_xml_protection()
    path = Path(path)
    limits = _limits(kind)
    key = _identity(path, limits)
    report = _PASSED.get(key) if key else None
    if report is None:
        report = inspect_workbook(path, limits)
        if key:
            if len(_PASSED) > 64:
                _PASSED.clear()
            _PASSED[key] = report
    if warnings is not None:
        warnings.extend(report.warnings)
    return report


# ----------------------------------------------------------------------------- loading
def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    for p in (str(Path.cwd()), str(Path.home())):
        if p and len(p) > 1:
            text = text.replace(p, "…")
    return text[:300]


def error_from_exception(path: str | os.PathLike[str], exc: BaseException) -> InputError:
    """Turn whatever a parser raised into one clear :class:`InputError`."""
    if isinstance(exc, InputError):
        return exc
    chain = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    names = {type(x).__name__ for x in chain}
    if names & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden",
                "NotSupportedError"}:
        return _fail(path, "XML constructs Excel never writes (DTD/entities)",
                     "an .xlsx workbook as written by Excel or LibreOffice")
    if isinstance(exc, MemoryError):
        return _fail(path, "a workbook too large to read", "a smaller workbook")
    if names & {"BadZipFile", "error", "EOFError"} or "CRC" in str(exc):
        return _fail(path, f"a damaged or incomplete file ({_describe(exc)})",
                     "a complete .xlsx file; save or download it again")
    return _fail(path, f"a file that cannot be read as an Excel workbook ({_describe(exc)})",
                 "an .xlsx workbook as written by Excel or LibreOffice")


@contextlib.contextmanager
def input_boundary(path: str | os.PathLike[str]) -> Iterator[None]:
    """Convert any exception raised while reading ``path`` into an :class:`InputError`.

    Wrap lazy reads too: in ``read_only`` mode openpyxl parses sheets while you iterate.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except (InputError, DeploymentError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - this is the boundary: every parser error
        raise error_from_exception(path, exc) from None


def load_workbook_safely(path: str | os.PathLike[str], warnings: list[Issue] | None = None,
                         kind: str | Limits = "scenario", **kw: Any):
    """``check_workbook`` then ``openpyxl.load_workbook``; every failure is an InputError.

    External links are never loaded (``keep_links=False``) and macros are dropped
    (``keep_vba`` is refused).  Other keyword arguments go to ``openpyxl.load_workbook``.
    """
    if kw.get("keep_vba"):
        raise ValueError("keep_vba=True is not allowed: nabb never keeps or runs macros")
    kw["keep_vba"] = False
    kw.setdefault("keep_links", False)
    check_workbook(path, warnings, kind=kind)
    with input_boundary(path):
        if kw.get("read_only"):  # keeps the file open until wb.close()
            return openpyxl.load_workbook(str(path), **kw)
        with open(path, "rb") as fh:  # a file object: openpyxl then ignores the extension
            return openpyxl.load_workbook(fh, **kw)
