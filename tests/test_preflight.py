"""Pre-flight of untrusted workbooks: every hostile fixture is built here, in the test."""
from __future__ import annotations

import configparser
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from nabb.errors import InputError
from nabb.io import preflight
from nabb.io.preflight import (DeploymentError, check_workbook, inspect_workbook,
                               load_workbook_safely)

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- builders
def valid_xlsx(path: Path, cells: dict[str, object] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "capacity"
    for ref, value in (cells or {"A1": "plant", "A3": "mill"}).items():
        ws[ref] = value
    wb.save(path)
    return path


def rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None,
          add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> Path:
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def sheet_xml(src: Path) -> bytes:
    with zipfile.ZipFile(src) as z:
        return z.read("xl/worksheets/sheet1.xml")


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b"]>\n")


def with_prolog(xml: bytes, prolog: bytes) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return prolog + body.lstrip()


def one_issue(exc: InputError):
    assert len(exc.issues) == 1, exc.issues
    return exc.issues[0]


def rejected(path: Path, *words: str) -> str:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        check_workbook(path)
    assert time.perf_counter() - start < 2
    issue = one_issue(info.value)
    text = str(issue)
    assert issue.file == path.name and str(path.parent) not in text
    for w in words:
        assert w.lower() in text.lower(), text
    # the loader refuses it the same way
    with pytest.raises(InputError):
        load_workbook_safely(path)
    return text


# ----------------------------------------------------------------------------- dependency
def test_openpyxl_uses_defusedxml():
    assert openpyxl.DEFUSEDXML is True
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    assert "defusedxml" in cfg["options"]["install_requires"]


def test_refuses_to_read_without_xml_protection(tmp_path, monkeypatch):
    path = valid_xlsx(tmp_path / "ok.xlsx")
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(DeploymentError, match="defusedxml"):
        check_workbook(path)


def test_valid_workbook_passes(tmp_path):
    path = valid_xlsx(tmp_path / "ok.xlsx")
    report = inspect_workbook(path)
    assert report.parts > 3 and not report.macros and not report.warnings
    check_workbook(path)
    assert load_workbook_safely(path)["capacity"]["A3"].value == "mill"
    wb = load_workbook_safely(path, read_only=True)
    assert wb["capacity"]["A3"].value == "mill"
    wb.close()


# ----------------------------------------------------------------------------- XML attacks
def test_billion_laughs(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    xml = sheet_xml(src).replace(b"<t>mill</t>", b"<t>&lol9;</t>")
    bad = rezip(src, tmp_path / "laughs.xlsx",
                {"xl/worksheets/sheet1.xml": with_prolog(xml, BILLION_LAUGHS)})
    rejected(bad, "DTD", "xl/worksheets/sheet1.xml")


def test_xxe_in_workbook_xml_leaks_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    src = valid_xlsx(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        wbxml = z.read("xl/workbook.xml")
    prolog = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://'
              + str(secret).encode() + b'">]>')
    bad = rezip(src, tmp_path / "xxe.xlsx", {"xl/workbook.xml": with_prolog(wbxml, prolog)})
    text = rejected(bad, "DTD", "xl/workbook.xml")
    assert "TOP-SECRET" not in text


def test_dtd_hidden_after_long_comment_and_utf16(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    xml = sheet_xml(src)
    padded = with_prolog(xml, b'<?xml version="1.0"?><!--' + b"x" * 200_000 + b"-->"
                         + b'<!DOCTYPE a [<!ENTITY e "e">]>')
    rejected(rezip(src, tmp_path / "padded.xlsx", {"xl/worksheets/sheet1.xml": padded}), "DTD")
    utf16 = with_prolog(xml, b'<?xml version="1.0" encoding="UTF-16"?>'
                        b'<!DOCTYPE a [<!ENTITY e "e">]>').decode("utf-8").encode("utf-16")
    rejected(rezip(src, tmp_path / "utf16.xlsx", {"xl/worksheets/sheet1.xml": utf16}), "DTD")


# ----------------------------------------------------------------------------- zip bombs
def test_zip_bomb(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    xml = sheet_xml(src)
    bomb = xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * 2**20))
    bad = rezip(src, tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": bomb})
    assert bad.stat().st_size < 200_000
    rejected(bad, "ratio", "zip bomb")


def test_too_many_parts(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    extra = {f"xl/media/pad{i}.bin": b"x" for i in range(preflight.MAX_PARTS + 1)}
    rejected(rezip(src, tmp_path / "parts.xlsx", add=extra), "parts")


def test_total_size_limit(tmp_path, monkeypatch):
    src = valid_xlsx(tmp_path / "src.xlsx")
    monkeypatch.setattr(preflight, "MAX_TOTAL_BYTES", 1000)
    rejected(src, "in total")


# ----------------------------------------------------------------------------- huge sheets
def test_xfd1048576_dimension(tmp_path):
    path = valid_xlsx(tmp_path / "xfd.xlsx", {"A1": "plant", "XFD1048576": 1})
    assert b'ref="A1:XFD1048576"' in sheet_xml(path)
    rejected(path, "capacity", "XFD", "1,048,576")


def test_lying_dimension_with_far_cell(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx", {"A1": "plant", "XFD5": 1})
    xml = sheet_xml(src).replace(b'ref="A1:XFD5"', b'ref="A1:A1"')
    rejected(rezip(src, tmp_path / "lie.xlsx", {"xl/worksheets/sheet1.xml": xml}), "XFD5")


def test_huge_merged_range(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    xml = sheet_xml(src).replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                 b'<mergeCell ref="A1:XFD1048576"/></mergeCells>')
    rejected(rezip(src, tmp_path / "merge.xlsx", {"xl/worksheets/sheet1.xml": xml}), "merged")


# ----------------------------------------------------------------------------- not an xlsx
def test_truncated_zip(tmp_path):
    data = valid_xlsx(tmp_path / "src.xlsx").read_bytes()
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(data[: len(data) // 2])
    rejected(bad, "damaged or incomplete")


def test_bad_crc_is_an_input_error(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 5, start + min(info.compress_size - 2, 40)):
        data[k] ^= 0x55
    bad = tmp_path / "crc.xlsx"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputError) as info_:
        load_workbook_safely(bad)
    assert "damaged" in str(one_issue(info_.value)) or "cannot be read" in str(info_.value)


def test_csv_renamed(tmp_path):
    bad = tmp_path / "capacity.xlsx"
    bad.write_text("plant;process;capacity\nmill;scutching;1,5\n", encoding="utf-8")
    rejected(bad, "CSV", "save it as .xlsx")


def test_empty_file(tmp_path):
    bad = tmp_path / "empty.xlsx"
    bad.write_bytes(b"")
    rejected(bad, "empty")


def _ole2(marker: bytes = b"") -> bytes:
    header = bytearray(512)
    header[:8] = preflight.OLE2_SIGNATURE
    header[0x1A:0x1C] = (0x3E).to_bytes(2, "little")  # minor/major version fields
    header[0x1C:0x1E] = b"\xfe\xff"                    # byte order
    directory = bytearray(512)
    name = marker or "Workbook".encode("utf-16-le")
    directory[: len(name)] = name
    return bytes(header) + bytes(directory)


def test_legacy_xls(tmp_path):
    bad = tmp_path / "old.xlsx"
    bad.write_bytes(_ole2())
    rejected(bad, "legacy", ".xls")


def test_encrypted_workbook(tmp_path):
    bad = tmp_path / "secret.xlsx"
    bad.write_bytes(_ole2("EncryptedPackage".encode("utf-16-le")))
    rejected(bad, "password-protected", "remove the password")


def test_ods_and_foreign_zip(tmp_path):
    ods = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    rejected(ods, "OpenDocument")
    other = tmp_path / "other.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("readme.txt", "hello")
    rejected(other, "not an Excel workbook")


def test_parser_exceptions_become_input_errors(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    bad = rezip(src, tmp_path / "garbage.xlsx", {"xl/workbook.xml": b"<workbook><sheets><sheet"})
    with pytest.raises(InputError):
        load_workbook_safely(bad)
    broken = rezip(src, tmp_path / "nocontent.xlsx",
                   {"xl/_rels/workbook.xml.rels": b"not xml at all"})
    with pytest.raises(InputError):
        load_workbook_safely(broken)


# ----------------------------------------------------------------------------- macros, links
def test_macros_warned_never_kept(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    xlsm = rezip(src, tmp_path / "macro.xlsm", add={"xl/vbaProject.bin": b"\x00VBA" * 100})
    warnings: list = []
    check_workbook(xlsm, warnings)
    assert any("macros" in w.found and w.severity == "warning" for w in warnings)
    wb = load_workbook_safely(xlsm)
    assert wb.vba_archive is None
    with pytest.raises(ValueError):
        load_workbook_safely(xlsm, keep_vba=True)


def test_external_link_warned(tmp_path):
    src = valid_xlsx(tmp_path / "src.xlsx")
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http'
            b'://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            b'Target="file:///\\\\server\\share\\other.xlsx" TargetMode="External"/></Relationships>')
    link = rezip(src, tmp_path / "link.xlsx", add={
        "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main"/>',
        "xl/externalLinks/_rels/externalLink1.xml.rels": rels})
    report = inspect_workbook(link)
    assert report.external_links and "other.xlsx" in report.external_links[0]
    assert any("not followed" in w.found for w in report.warnings)
    load_workbook_safely(link)  # keep_links=False: loads, follows nothing
