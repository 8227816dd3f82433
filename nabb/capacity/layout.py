"""What a capacity sheet holds: its sheets, their columns, and the records read from them.

Layout of a capacity sheet (:func:`nabb.capacity.template.write_capacity_template`)::

    instructions      what every column means (generated from the specs below)
    coordinator       region, coordinator, contact, date          (field | value | description)
    existing_plants   plant, process, capacity_t_per_yr, commissioning_year, utilisation_last_year
    planned_plants    plant, process, capacity_t_per_yr, year, status
    contracted_area   crop, year, area_ha
    lists             the drop-down lists (processes, crops, regions, statuses)

Like every nabb input sheet: row 1 holds the column names, row 2 the units, data starts
on row 3.  The header rows are protected; the data cells are not.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from nabb.schema import (LAND_HA_MAX, PLANT_STATUSES, PLANT_T_PER_YR_MAX, WHY_LAND, WHY_PLANT,
                         Column, Sheet)

#: Statuses a planned plant may have ("existing" plants have their own sheet).
PLANNED_STATUSES = tuple(s for s in PLANT_STATUSES if s != "existing")
#: Data rows prepared (unlocked, with drop-downs) in a new template.
TEMPLATE_ROWS = 300
#: A capacity sheet larger than this is refused before its cells are read.
MAX_DATA_ROWS = 10_000
MAX_NAME_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1800, 2200

COORDINATOR_SHEET = "coordinator"
INSTRUCTIONS_SHEET = "instructions"
LISTS_SHEET = "lists"

COORDINATOR_FIELDS: tuple[Column, ...] = (
    Column("region", "str", "-", "Region code from the scenario workbook (the drop-down lists "
           "them; the lists sheet shows their names).", references=("regions", "region")),
    Column("coordinator", "str", "-", "Name of the regional chain coordinator who filled in "
           "this sheet."),
    Column("contact", "str", "-", "E-mail address or telephone number of the coordinator."),
    Column("date", "str", "YYYY-MM-DD", "Date the sheet was filled in. When two sheets of the "
           "same region are merged, the one with the later date wins."),
)

EXISTING = Sheet("existing_plants", "Processing plants that operate in the region today.", (
    Column("plant", "str", "-", "Plant name; unique across the whole country (add the town if "
           "needed, e.g. 'Vezelfabriek Nij Beets')."),
    Column("process", "str", "-", "Process the plant runs (drop-down).",
           references=("processes", "process")),
    Column("capacity_t_per_yr", "float", "t/yr", "Nameplate capacity in tonnes of activity per "
           "year (tonnes, not kilotonnes).", min=0, max=PLANT_T_PER_YR_MAX, why_max=WHY_PLANT),
    Column("commissioning_year", "year", "yr", "Year the plant started operating."),
    Column("utilisation_last_year", "float", "t/t", "Share of capacity used last year, between "
           "0 and 1 (0.85 = 85%). Optional.", min=0, max=1, required=False),
), key=("plant",))

PLANNED = Sheet("planned_plants", "Plants that are being considered, planned, financed or built.", (
    Column("plant", "str", "-", "Plant name; unique across the whole country."),
    Column("process", "str", "-", "Process the plant will run (drop-down).",
           references=("processes", "process")),
    Column("capacity_t_per_yr", "float", "t/yr", "Planned nameplate capacity in tonnes of "
           "activity per year.", min=0, max=PLANT_T_PER_YR_MAX, why_max=WHY_PLANT),
    Column("year", "year", "yr", "Year the plant is expected to start operating (within the "
           "planning horizon)."),
    Column("status", "str", "-", "idea, planned, financed or under_construction. The model "
           "counts financed and under_construction plants as capacity.",
           allowed=PLANNED_STATUSES),
), key=("plant",))

AREA = Sheet("contracted_area", "Hectares of fibre crops contracted or intended per crop and year.", (
    Column("crop", "str", "-", "Crop (drop-down).", references=("crops", "crop")),
    Column("year", "year", "yr", "Harvest year (within the planning horizon)."),
    Column("area_ha", "float", "ha", "Contracted or intended area in hectares.", min=0,
           max=LAND_HA_MAX, why_max=WHY_LAND),
), key=("crop", "year"))

TABLES: tuple[Sheet, ...] = (EXISTING, PLANNED, AREA)
#: The sheets of a capacity sheet that nabb reads or writes (kept in an annotated copy even
#: when the file hid them).
CAPACITY_SHEETS = (INSTRUCTIONS_SHEET, COORDINATOR_SHEET, *(t.name for t in TABLES), LISTS_SHEET)


# ============================================================================ what is read
@dataclass
class Plant:
    """A plant row of existing_plants or planned_plants (existing plants have status 'existing')."""

    name: str
    process: str
    capacity: float
    year: int
    status: str
    utilisation: float | None
    sheet: str
    cell: str          # A1 of the plant name
    row: int
    capacity_cell: str = ""   # A1 of the capacity


@dataclass
class AreaRow:
    """A row of contracted_area."""

    crop: str
    year: int
    area_ha: float
    cell: str
    row: int
    area_cell: str = ""       # A1 of the area


@dataclass
class CapacitySheet:
    """One checked capacity sheet (its provenance: :mod:`nabb.capacity.provenance`)."""

    file: str
    path: Path
    sha256: str
    region: str = ""
    coordinator: str = ""
    contact: str = ""
    date: dt.date | None = None
    date_cell: str = "B6"
    plants: list[Plant] = field(default_factory=list)
    areas: list[AreaRow] = field(default_factory=list)


def _dutch_descriptions() -> None:
    """Tell nabb.i18n the Dutch of the descriptions that issue lines quote ("a value (Plant
    name; ...)": the first sentence, as nabb.capacity.cells writes it)."""
    from nabb.i18n.capacity import DESCRIPTIONS_NL
    from nabb.i18n.issue_phrases import DESCRIPTIONS
    for sheet, columns in (("coordinator", COORDINATOR_FIELDS), *((s.name, s.columns) for s in TABLES)):
        for col in columns:
            dutch = DESCRIPTIONS_NL.get(f"{sheet}.{col.name}")
            if dutch:
                DESCRIPTIONS[col.description.split(".")[0]] = dutch.split(".")[0]


_dutch_descriptions()
