"""The single source of truth for every input sheet and column.

Validation (``nabb.io.reader``), the blank template (``nabb.io.template``) and the
schema documentation (``docs/schema.md``, via ``nabb schema-doc``) are all generated
from the tables below.  Add a column here and it appears everywhere.  The rules across
sheets (a column's ``references``, and ``EXTRA_CROSS_REFS``) are data here too: the reader
loops over ``CROSS_REFS``.

Layout of every table sheet: row 1 holds the column names, row 2 their units, and data
starts on row 3.  The ``settings`` sheet is a key/value table with the same layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

ColumnType = Literal["str", "float", "int", "year", "bool"]

#: First data row of every sheet (row 1 = names, row 2 = units).
FIRST_DATA_ROW = 3

SEGMENTS = ("new_build", "retrofit", "non_residential")
REGION_KINDS = ("province", "port", "border", "region", "municipality")
#: Region kinds that host land, demand and new processing (ports and borders do not).
LAND_KINDS = ("province", "region", "municipality")
COMMODITY_KINDS = ("crop", "intermediate", "product", "auxiliary")
SOURCE_KINDS = ("sourced", "derived", "estimate")
PLANT_STATUSES = ("existing", "idea", "planned", "financed", "under_construction")
DISTRIBUTIONS = ("triangular", "uniform", "normal", "lognormal", "discrete")
UNCERTAINTY_APPLY = ("value", "multiplier")
CORRELATION_METHODS = ("rank", "copula")
UNCERTAINTY_SHEET = "uncertainty"
#: Bound on the numbers of the uncertainty sheet (they are in the addressed column's units;
#: the addressed column's own range is checked as well).
UNCERTAINTY_MAX = 1e12
WHY_UNCERTAINTY = "a bound on the syntax only: each draw is checked against the addressed column's own maximum"
#: Material groups for the split of the target's marginal cost and the domestic-share rule.
MATERIAL_GROUPS = ("timber", "crop_product", "mineral", "other")
TARGET_BASES = ("units", "mass")
SUPPLY_ORIGINS = ("import", "domestic")


# Plausible maxima (issue 10): each sits far above any real Dutch figure, so that only typos
# in units and hostile values (1e308, which HiGHS would reject without naming a cell) are
# refused, each at its cell.  The reason is shown in docs/schema.md and in the error.
LAND_HA_MAX = 4_000_000.0
WHY_LAND = ("the whole land area of the Netherlands is 3.37 M ha (CBS: 33,670 km2); its arable "
            "land about 0.5 M ha")
YIELD_T_PER_HA_MAX = 200.0
WHY_YIELD = ("fresh sugar beet, the heaviest Dutch field crop, yields about 80-90 t/ha; fibre "
             "crops 5-20 t/ha")
PLANT_T_PER_YR_MAX = 100_000_000.0
WHY_PLANT = ("100 Mt/yr is more than ten times the largest Dutch industrial site (Tata Steel "
             "IJmuiden, about 7 Mt of steel a year); fibre processors handle 1-100 kt/yr")
TONNES_PER_YR_MAX = 1_000_000_000.0
WHY_TONNES = ("1 Gt/yr is more than the whole raw-material consumption of the Netherlands "
              "(about 0.2 Gt/yr)")
PRICE_EUR_PER_T_MAX = 1_000_000.0
WHY_PRICE = "natural fibres sell for EUR 0.3-5 k per tonne; investments run to EUR 1-2 k per t/yr"
COST_EUR_PER_HA_MAX = 1_000_000.0
WHY_COST_HA = "farmland itself sells for about EUR 80-120 k per ha; crop costs are EUR 0.3-4 k/ha"
CO2_T_PER_T_MAX = 44.0 / 12.0
WHY_CO2 = "pure carbon stores 44/12 = 3.67 t CO2 per tonne; dry biomass about 1.6-1.8"
DISTANCE_KM_MAX = 20_000.0
WHY_DISTANCE = "half the Earth's circumference; Dutch road distances are below 400 km"
UNITS_PER_YR_MAX = 10_000_000.0
WHY_UNITS = ("more than the whole Dutch housing stock (8.2 M homes); about 70-100 k are built "
             "a year")
MASS_T_PER_UNIT_MAX = 100_000.0
WHY_MASS_UNIT = "a Dutch home weighs about 50-150 t; a large office building tens of kt"
COST_EUR_PER_UNIT_MAX = 100_000_000.0
WHY_COST_UNIT = "a Dutch home costs about EUR 0.3-0.5 M"
CARBON_PRICE_MAX = 100_000.0
WHY_CARBON = "EU ETS prices are EUR 60-100 per t CO2; sweeps go to a few hundred"
COEFFICIENT_T_PER_T_MAX = 1_000.0
WHY_COEFFICIENT = "mass balances per tonne of activity are of order 1"
SCENARIO_VALUE_MAX = 1e12
EURO_MAX = 1e12
WHY_EURO = "more than the Dutch GDP (about EUR 1 trillion)"


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    unit: str = "-"
    description: str = ""
    required: bool = True
    default: Any = None
    allowed: tuple[str, ...] | None = None
    #: (sheet, column) whose values this column must reference.
    references: tuple[str, str] | None = None
    min: float | None = None
    max: float | None = None
    #: True when the value may be "*" (any), used by filters and national rows.
    wildcard: bool = False
    #: Why ``max`` is a plausible maximum (the real Dutch figure it sits above).
    why_max: str = ""
    #: For text columns: a regular expression the whole value must match, and what it means.
    pattern: str | None = None
    pattern_help: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class Setting:
    key: str
    type: ColumnType
    default: Any
    unit: str
    description: str
    min: float | None = None
    max: float | None = None
    why_max: str = ""
    #: For text settings: the values it may take.
    allowed: tuple[str, ...] | None = None


#: Scenario names become folder names (reports/<scenario>/), so they must be safe names: ASCII
#: letters, digits, "_", "-" and ".", at most 64 characters.  A leading "." is refused too: it
#: excludes "." and "..", hidden folders, and nabb's own staging names (".NAME.tmp").
SAFE_NAME_MAX = 64
SAFE_NAME_PATTERN = r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,%d}" % (SAFE_NAME_MAX - 1)
SAFE_NAME_HELP = (f"a safe name: letters A-Z a-z, digits, _ - . only, at most {SAFE_NAME_MAX} "
                  "characters, not starting with . (so not . or ..)")


def is_safe_name(name: object) -> bool:
    """True when ``name`` may be used as a file or folder name (see SAFE_NAME_PATTERN)."""
    import re
    return isinstance(name, str) and re.fullmatch(SAFE_NAME_PATTERN, name) is not None


def _source() -> Column:
    return Column("source", "str", "-", "Comma-separated source_id(s) from the Sources sheet "
                  "for the numbers on this row. A row without a source is a warning.",
                  required=False, default="")


SHEETS: tuple[Sheet, ...] = (
    Sheet("regions", "Regions (provinces, COROP regions, municipalities) and import nodes.", (
        Column("region", "str", "-", "Short region code, kept exactly as typed (\"NA\" stays \"NA\")."),
        Column("name", "str", "-", "Full name."),
        Column("kind", "str", "-", "What the node is; ports and borders have no land or demand.",
               allowed=REGION_KINDS, default="province", required=False),
        Column("lat", "float", "deg", "Latitude of the centroid (WGS84).", min=-90, max=90),
        Column("lon", "float", "deg", "Longitude of the centroid (WGS84).", min=-180, max=180),
        Column("arable_land_ha", "float", "ha", "Arable land (akkerbouw) available to fibre crops.",
               min=0, default=0.0, required=False, max=LAND_HA_MAX, why_max=WHY_LAND),
        Column("cereal_area_ha", "float", "ha", "Cereal area whose straw can be baled.",
               min=0, default=0.0, required=False, max=LAND_HA_MAX, why_max=WHY_LAND),
        _source(),
    ), key=("region",)),
    Sheet("commodities", "Everything that is grown, processed, moved, imported or built with.", (
        Column("commodity", "str", "-", "Commodity code."),
        Column("kind", "str", "-", "crop, intermediate, product (goes into buildings) or auxiliary.",
               allowed=COMMODITY_KINDS),
        Column("biobased_share", "float", "t/t", "Biobased mass share of the commodity.", min=0, max=1),
        Column("co2_storage_t_per_t", "float", "t CO2/t", "Biogenic CO2 stored per tonne.", min=0,
               default=0.0, required=False, max=CO2_T_PER_T_MAX, why_max=WHY_CO2),
        Column("credit_eligible", "bool", "-", "Whether stored CO2 earns Dutch carbon credits when "
               "it reaches a building (domestic fibre crops yes, timber no).", default=False,
               required=False),
        Column("transport_cost_eur_per_tkm", "float", "EUR/tkm", "Road transport cost per tonne-km.",
               min=0, max=1_000.0, why_max="road haulage costs about EUR 0.1 per tkm"),
        Column("surplus_cost_eur_per_t", "float", "EUR/t", "Cost of disposing of unused tonnes "
               "(stranded harvest).", min=0, default=0.0, required=False, max=PRICE_EUR_PER_T_MAX, why_max=WHY_PRICE),
        Column("market_value_eur_per_t", "float", "EUR/t", "Price a market outside construction "
               "pays (linen for flax long fibre, bedding for shives); 0 = no such outlet.", min=0,
               default=0.0, required=False, max=PRICE_EUR_PER_T_MAX, why_max=WHY_PRICE),
        Column("market_max_t_per_yr", "float", "t/yr", "National size of that market per year; "
               "required when market_value_eur_per_t > 0.", min=0, required=False, max=TONNES_PER_YR_MAX, why_max=WHY_TONNES),
        Column("material_group", "str", "-", "timber, crop_product, mineral or other: the group "
               "in which the target's marginal cost is split, and crop_product is what the "
               "minimum domestic share counts. Blank = derived: a biobased commodity made by a "
               "process that uses Dutch crops is crop_product, another biobased one timber, a "
               "non-biobased one other.", allowed=MATERIAL_GROUPS, required=False, default=""),
        Column("dutch_crop_share", "float", "t/t", "Share of the commodity's mass that comes from "
               "Dutch crops; only this share of its stored CO2 earns credits. Blank = derived from "
               "process_io (input mass from crop commodities over all input mass, through "
               "intermediates; the lowest over the processes that make it).", min=0, max=1,
               required=False),
        Column("description", "str", "-", "What it is.", required=False, default=""),
        _source(),
    ), key=("commodity",)),
    Sheet("crops", "Fibre crops and the straw of cereals.", (
        Column("crop", "str", "-", "Crop code."),
        Column("commodity", "str", "-", "The harvested commodity.", references=("commodities", "commodity")),
        Column("yield_t_per_ha", "float", "t/ha", "Harvested tonnes per mature hectare.", min=0, max=YIELD_T_PER_HA_MAX, why_max=WHY_YIELD),
        Column("land_use", "str", "-", "arable: competes for arable land; cereal_byproduct: straw of "
               "existing cereal area.", allowed=("arable", "cereal_byproduct"), default="arable",
               required=False),
        Column("rotation_max_share", "float", "ha/ha", "Largest share of a region's arable land (or "
               "cereal area for straw) under this crop in one year: 1/7 for flax, 1/4 for hemp.",
               min=0, max=1),
        Column("max_growth_ha_per_year", "float", "ha/yr", "Largest yearly increase of area in one "
               "region, absolute part.", min=0, max=LAND_HA_MAX, why_max=WHY_LAND),
        Column("max_growth_rate", "float", "1/yr", "Largest yearly increase as a share of last "
               "year's area (farmers join gradually).", min=0, default=0.0, required=False, max=100.0, why_max="10,000% a year; real fibre-crop areas grow by tens of percent"),
        Column("cultivation_cost_eur_per_ha", "float", "EUR/ha", "Cost of growing and harvesting.",
               min=0, max=COST_EUR_PER_HA_MAX, why_max=WHY_COST_HA),
        Column("competing_margin_eur_per_ha", "float", "EUR/ha", "Gross margin (saldo) of the crop "
               "that the fibre crop displaces: the farmer's forgone income.", min=0, max=COST_EUR_PER_HA_MAX, why_max=WHY_COST_HA),
        Column("perennial", "bool", "-", "Planted area persists (miscanthus).", default=False,
               required=False),
        Column("establishment_years", "int", "yr", "Years after planting without harvest (planting "
               "year counts as the first).", min=0, default=0, required=False, max=50, why_max="miscanthus, the longest-lived perennial here, stands about 20 years"),
        Column("establishment_cost_eur_per_ha", "float", "EUR/ha", "One-off planting cost of a "
               "perennial.", min=0, max=20_000, default=0.0, required=False, why_max="planting miscanthus costs about EUR 2.5-3.5 k/ha"),
        Column("stand_lifetime_years", "int", "yr", "Life of a perennial stand from planting. "
               "Given: the stand is levelised over its productive years (like processing capex, "
               "at the market interest rate): the planting cost and the establishment years' "
               "cultivation cost and forgone margin are paid back by each harvested year, so "
               "the end of the horizon does not decide whether it is planted. Blank = the "
               "planting cost is paid at once and every planted hectare pays its yearly cost "
               "from the planting year.", min=1, max=50, required=False, why_max="miscanthus stands about 20 years"),
        _source(),
    ), key=("crop",)),
    Sheet("cultivation", "Area per region and crop in the base year, and optional regional yields.", (
        Column("region", "str", "-", "Region code.", references=("regions", "region")),
        Column("crop", "str", "-", "Crop code.", references=("crops", "crop")),
        Column("existing_area_ha", "float", "ha", "Area in the year before the horizon (mature "
               "for perennials).", min=0, max=LAND_HA_MAX, why_max=WHY_LAND),
        Column("yield_t_per_ha", "float", "t/ha", "Regional yield; blank uses the crop's yield.",
               min=0, required=False, max=YIELD_T_PER_HA_MAX, why_max=WHY_YIELD),
        Column("max_area_ha", "float", "ha", "Optional extra cap on area (contracts, soil).", min=0,
               required=False, max=LAND_HA_MAX, why_max=WHY_LAND),
        _source(),
    ), key=("region", "crop"), required=False),
    Sheet("contracted_area", "Contracted or intended hectares per region, crop and year (from "
          "regional capacity sheets); the model grows at least this much.", (
        Column("region", "str", "-", "Region code.", references=("regions", "region")),
        Column("crop", "str", "-", "Crop code.", references=("crops", "crop")),
        Column("year", "year", "yr", "Year."),
        Column("area_ha", "float", "ha", "Contracted or intended area.", min=0, max=LAND_HA_MAX, why_max=WHY_LAND),
        Column("provenance", "str", "-", "Where the row came from.", required=False, default=""),
        _source(),
    ), key=("region", "crop", "year"), required=False),
    Sheet("processes", "Processes that turn commodities into others.", (
        Column("process", "str", "-", "Process code."),
        Column("description", "str", "-", "What it does.", required=False, default=""),
        Column("capex_eur_per_t_yr", "float", "EUR/(t/yr)", "Investment per t/yr of capacity "
               "(capacity in tonnes of activity, see process_io).", min=0, max=PRICE_EUR_PER_T_MAX, why_max=WHY_PRICE),
        Column("fixed_om_eur_per_t_yr", "float", "EUR/(t/yr)/yr", "Fixed operation and maintenance.",
               min=0, max=PRICE_EUR_PER_T_MAX, why_max=WHY_PRICE),
        Column("variable_cost_eur_per_t", "float", "EUR/t", "Variable cost per tonne of activity.",
               min=0, max=PRICE_EUR_PER_T_MAX, why_max=WHY_PRICE),
        Column("lifetime_years", "int", "yr", "Economic lifetime of new capacity.", min=1, max=200, why_max="plants are written off over 10-40 years"),
        Column("availability", "float", "t/t", "Largest usable share of nameplate capacity.",
               min=0, max=1, default=1.0, required=False),
        Column("max_investment_t_per_yr", "float", "t/yr", "Largest new capacity per region and "
               "year; blank = unlimited.", min=0, required=False, max=PLANT_T_PER_YR_MAX, why_max=WHY_PLANT),
        Column("mass_loss_t_per_t", "float", "t/t", "Mass lost (dust, water, waste) per tonne of "
               "activity; inputs = outputs + loss.", min=0, default=0.0, required=False, max=COEFFICIENT_T_PER_T_MAX, why_max=WHY_COEFFICIENT),
        Column("national_growth_t_per_yr", "float", "t/yr", "Largest new capacity of this process "
               "built in one year in the whole country, absolute part (industry ramp-up); blank "
               "= no national limit.", min=0, max=1_000_000, required=False, why_max="a whole new industry of 1 Mt a year; Dutch fibre processing is tens of kt"),
        Column("national_growth_rate", "float", "1/yr", "Largest new capacity built in one year "
               "in the whole country as a share of last year's national capacity (existing plus "
               "new); used with national_growth_t_per_yr.", min=0, max=5, default=0.0,
               required=False, why_max="500% a year; industries ramp up by tens of percent"),
        _source(),
    ), key=("process",)),
    Sheet("process_io", "Input and output coefficients per tonne of process activity.", (
        Column("process", "str", "-", "Process code.", references=("processes", "process")),
        Column("commodity", "str", "-", "Commodity code.", references=("commodities", "commodity")),
        Column("direction", "str", "-", "in or out.", allowed=("in", "out")),
        Column("t_per_t", "float", "t/t", "Tonnes per tonne of activity.", min=0, max=COEFFICIENT_T_PER_T_MAX, why_max=WHY_COEFFICIENT),
        _source(),
    ), key=("process", "commodity", "direction")),
    Sheet("capacity", "Existing and planned processing plants.", (
        Column("plant", "str", "-", "Plant name (unique)."),
        Column("region", "str", "-", "Region code.", references=("regions", "region")),
        Column("process", "str", "-", "Process code.", references=("processes", "process")),
        Column("capacity_t_per_yr", "float", "t/yr", "Nameplate capacity in tonnes of activity.",
               min=0, max=PLANT_T_PER_YR_MAX, why_max=WHY_PLANT),
        Column("commissioning_year", "year", "yr", "First year of operation.", required=False,
               default=1900),
        Column("decommissioning_year", "year", "yr", "Last year of operation; blank = open.",
               required=False),
        Column("status", "str", "-", "Status of the plant; only existing, financed and "
               "under_construction count as capacity.", allowed=PLANT_STATUSES, default="existing",
               required=False),
        Column("provenance", "str", "-", "Where the row came from (merged capacity sheet, hash, "
               "coordinator, date).", required=False, default=""),
        _source(),
    ), key=("plant",), required=False),
    Sheet("arcs", "Transport links between regions (sparse: the number of variables grows with "
          "arcs, not with regions squared).", (
        Column("from_region", "str", "-", "Origin.", references=("regions", "region")),
        Column("to_region", "str", "-", "Destination.", references=("regions", "region")),
        Column("distance_km", "float", "km", "Road distance.", min=0, max=DISTANCE_KM_MAX, why_max=WHY_DISTANCE),
        Column("bidirectional", "bool", "-", "Also usable in the other direction.", default=True,
               required=False),
        _source(),
    ), key=("from_region", "to_region"), required=False),
    Sheet("imports", "Import options: commodity entering at a region, with price and optional cap.", (
        Column("commodity", "str", "-", "Commodity code.", references=("commodities", "commodity")),
        Column("region", "str", "-", "Entry region (port or border).", references=("regions", "region")),
        Column("price_eur_per_t", "float", "EUR/t", "Delivered price at the entry region.", min=0, max=PRICE_EUR_PER_T_MAX, why_max=WHY_PRICE),
        Column("max_t_per_yr", "float", "t/yr", "Cap per year; blank = unlimited.", min=0,
               required=False, max=TONNES_PER_YR_MAX, why_max=WHY_TONNES),
        Column("origin", "str", "-", "import: bought abroad (counts as imported in the import "
               "share and the domestic-share rule); domestic: a Dutch supply option such as "
               "Dutch construction timber, bought in that region.", allowed=SUPPLY_ORIGINS,
               default="import", required=False),
        _source(),
    ), key=("commodity", "region"), required=False),
    Sheet("demand", "Units to be built per region, year, segment and building type (homes for "
          "new_build).", (
        Column("region", "str", "-", "Region code.", references=("regions", "region")),
        Column("year", "year", "yr", "Year."),
        Column("segment", "str", "-", "Demand segment.", allowed=SEGMENTS),
        Column("building_type", "str", "-", "e.g. ground_level, apartment."),
        Column("units", "float", "units/yr", "Homes (or units) per year.", min=0, max=UNITS_PER_YR_MAX, why_max=WHY_UNITS),
        _source(),
    ), key=("region", "year", "segment", "building_type")),
    Sheet("recipes", "Ways to build one unit: its non-modelled (mineral) mass and extra cost.", (
        Column("recipe", "str", "-", "Recipe code."),
        Column("segment", "str", "-", "Segment it serves.", allowed=SEGMENTS),
        Column("building_type", "str", "-", "Building type it serves."),
        Column("other_mass_t_per_unit", "float", "t/unit", "Mass of materials not listed in "
               "recipe_materials (concrete, brick, steel...), counted as non-biobased.", min=0, max=MASS_T_PER_UNIT_MAX, why_max=WHY_MASS_UNIT),
        Column("extra_cost_eur_per_unit", "float", "EUR/unit", "Cost above the conventional "
               "recipe, excluding the listed materials; negative when the recipe saves cost "
               "(e.g. less concrete).", default=0.0, required=False, min=-COST_EUR_PER_UNIT_MAX, max=COST_EUR_PER_UNIT_MAX, why_max=WHY_COST_UNIT),
        Column("other_material_cost_eur_per_unit", "float", "EUR/unit", "Cost of the materials "
               "not listed in recipe_materials (the other_mass). Blank = other_mass_t_per_unit x "
               "the setting other_mass_price_eur_per_t, so every recipe pays for all of its mass.",
               min=0, max=1_000_000, required=False, why_max="EUR 1 M per unit; a Dutch home costs EUR 0.3-0.5 M in all"),
        Column("build_system", "str", "-", "Construction system whose national growth limits "
               "this recipe shares (e.g. timber_frame, clt); blank = none.",
               references=("build_systems", "system"), required=False, default=""),
        Column("description", "str", "-", "What it is.", required=False, default=""),
        _source(),
    ), key=("recipe",)),
    Sheet("build_systems", "Construction systems (timber frame, CLT) and how fast the industry "
          "that builds them can grow, nationally.", (
        Column("system", "str", "-", "System code, used in recipes.build_system."),
        Column("description", "str", "-", "What it is.", required=False, default=""),
        Column("base_units_per_year", "float", "units/yr", "Units built with this system in the "
               "year before the horizon (all segments together).", min=0, max=1_000_000, why_max="1 M units a year; the Netherlands builds about 70-100 k homes a year"),
        Column("max_growth_units_per_year", "float", "units/yr", "Largest yearly increase of "
               "units built with this system in the whole country, absolute part (new prefab "
               "factory capacity).", min=0, max=1_000_000, why_max="1 M units a year; the Netherlands builds about 70-100 k homes a year"),
        Column("max_growth_rate", "float", "1/yr", "Largest yearly increase as a share of last "
               "year's units.", min=0, max=5, default=0.0, required=False, why_max="500% a year; building systems grow by tens of percent"),
        Column("max_units_per_year", "float", "units/yr", "Optional cap on units per year "
               "(factory capacity); blank = none.", min=0, max=1_000_000, required=False, why_max="1 M units a year; the Netherlands builds about 70-100 k homes a year"),
        _source(),
    ), key=("system",), required=False),
    Sheet("recipe_materials", "Tonnes of each modelled commodity per unit built with a recipe.", (
        Column("recipe", "str", "-", "Recipe code.", references=("recipes", "recipe")),
        Column("commodity", "str", "-", "Commodity code.", references=("commodities", "commodity")),
        Column("t_per_unit", "float", "t/unit", "Tonnes per unit.", min=0, max=MASS_T_PER_UNIT_MAX, why_max=WHY_MASS_UNIT),
        _source(),
    ), key=("recipe", "commodity"), required=False),
    Sheet("policy", "Yearly policy levers; the rows define the planning horizon.", (
        Column("year", "year", "yr", "A modelled year."),
        Column("carbon_price_eur_per_t", "float", "EUR/t CO2", "Carbon credit price paid for "
               "eligible CO2 stored in buildings.", min=0, default=0.0, required=False, max=CARBON_PRICE_MAX, why_max=WHY_CARBON),
        Column("min_domestic_share", "float", "t/t", "Smallest share of the crop-based product "
               "mass (material_group crop_product) delivered to buildings that is made in the "
               "country rather than imported; a shortfall is priced by "
               "domestic_shortfall_penalty_eur_per_t.", min=0, max=1, default=0.0,
               required=False),
        _source(),
    ), key=("year",)),
    Sheet("targets", "Biobased share targets: share of units built with a biobased recipe "
          "(basis units), or biobased share of the segment's total material mass (basis mass, "
          "the NABB target for non-residential building).", (
        Column("segment", "str", "-", "Segment.", allowed=SEGMENTS),
        Column("region", "str", "-", "Region code, or * for the national target.",
               references=("regions", "region"), wildcard=True),
        Column("year", "year", "yr", "Year."),
        Column("target_share", "float", "units/units", "Share of units that must be biobased "
               "(basis units), or of the material mass (basis mass).", min=0, max=1),
        Column("basis", "str", "-", "units: share of units whose recipe is at least "
               "biobased_threshold biobased; mass: biobased tonnes over all tonnes of material "
               "of the segment (shortfall priced per tonne by mass_shortfall_penalty_eur_per_t).",
               allowed=TARGET_BASES, default="units", required=False),
        _source(),
    ), key=("segment", "region", "year")),
    Sheet("scenarios", "Named scenarios as changes to the base data.", (
        Column("scenario", "str", "-", "Scenario name; it names the report folder "
               "(reports/<scenario>/).",
               pattern=SAFE_NAME_PATTERN, pattern_help=SAFE_NAME_HELP),
        Column("parent", "str", "-", "Scenario it inherits from; blank = base data.", required=False,
               default="", pattern=SAFE_NAME_PATTERN, pattern_help=SAFE_NAME_HELP),
        Column("sheet", "str", "-", "Sheet to change.", required=False, default=""),
        Column("column", "str", "-", "Column to change.", required=False, default=""),
        Column("filter", "str", "-", "Row filter: * or column=value pairs separated by ; "
               "(e.g. region=GR;year=2030).", required=False, default="*"),
        Column("value", "float", "-", "New value (numbers only).", required=False, min=-SCENARIO_VALUE_MAX, max=SCENARIO_VALUE_MAX, why_max="the changed column's own maximum applies to the result"),
        Column("multiplier", "float", "-", "Multiply the current value.", required=False, max=1_000.0, why_max="scenarios scale figures by a few percent up to a few times"),
        Column("description", "str", "-", "Why.", required=False, default=""),
    ), required=False),
    Sheet(UNCERTAINTY_SHEET, "Ranges of uncertain inputs, for sampling (issue 15: `nabb uncertainty`). "
          "Each row addresses cells like the scenarios sheet (sheet, column, filter) and gives a "
          "distribution. A plain `nabb run` does not use this sheet; it is validated like every "
          "other sheet.", (
        Column("parameter", "str", "-", "Name of the uncertain input (unique), e.g. "
               "nonbio_mass_hsb."),
        Column("sheet", "str", "-", "Sheet of the addressed cells (any data sheet, or settings)."),
        Column("column", "str", "-", "Numeric column of that sheet (settings: value)."),
        Column("filter", "str", "-", "Rows addressed: * or column=value pairs separated by ; "
               "(settings: key=NAME). Must match at least one row.", required=False, default="*"),
        Column("apply", "str", "-", "value: a draw replaces the addressed cells (units of the "
               "column); multiplier: a draw multiplies them (use it when the rows differ).",
               allowed=UNCERTAINTY_APPLY, required=False, default="value"),
        Column("distribution", "str", "-", "triangular (low, mode, high), uniform (low, high), "
               "normal (mean, sd; truncated to low/high when given), lognormal (mean, sd of the "
               "value itself, > 0; truncated to low/high when given) or discrete (values).",
               allowed=DISTRIBUTIONS),
        Column("low", "float", "as column", "Smallest value (triangular, uniform; optional "
               "truncation for normal and lognormal).", required=False, min=-UNCERTAINTY_MAX,
               max=UNCERTAINTY_MAX, why_max=WHY_UNCERTAINTY),
        Column("mode", "float", "as column", "Most likely value (triangular).", required=False,
               min=-UNCERTAINTY_MAX, max=UNCERTAINTY_MAX, why_max=WHY_UNCERTAINTY),
        Column("high", "float", "as column", "Largest value (triangular, uniform; optional "
               "truncation for normal and lognormal).", required=False, min=-UNCERTAINTY_MAX,
               max=UNCERTAINTY_MAX, why_max=WHY_UNCERTAINTY),
        Column("mean", "float", "as column", "Mean (normal, lognormal).", required=False,
               min=-UNCERTAINTY_MAX, max=UNCERTAINTY_MAX, why_max=WHY_UNCERTAINTY),
        Column("sd", "float", "as column", "Standard deviation (normal, lognormal); > 0.",
               required=False, min=0, max=UNCERTAINTY_MAX, why_max=WHY_UNCERTAINTY),
        Column("values", "str", "as column", "Discrete: the possible values separated by ; "
               "(equally likely), e.g. past CBS yields 8.4;6.9;7.3;8.3.", required=False,
               default=""),
        Column("correlation_group", "str", "-", "Rows with the same group are drawn "
               "correlated; blank = independent.", required=False, default=""),
        Column("correlation", "str", "-", "Correlations with other parameters of the group: "
               "name=rho pairs separated by ; (e.g. yield_hemp=0.6), each pair given once; pairs "
               "not given are 0. The group's matrix must be positive semi-definite.",
               required=False, default=""),
        Column("correlation_method", "str", "-", "rank (Iman-Conover rank correlation) or copula "
               "(Gaussian copula); one method per group; blank = rank.",
               allowed=CORRELATION_METHODS, required=False, default=""),
        Column("basis", "str", "-", "Why this range: the sources' spread or the estimate's "
               "reasoning.", required=False, default=""),
        _source(),
    ), key=("parameter",), required=False),
    Sheet("sources", "Where every number comes from.", (
        Column("source_id", "str", "-", "Short id used in the source columns."),
        Column("kind", "str", "-", "sourced, derived or estimate.", allowed=SOURCE_KINDS),
        Column("publisher", "str", "-", "Publisher or author.", required=False, default=""),
        Column("title", "str", "-", "Title.", required=False, default=""),
        Column("year", "int", "yr", "Publication year.", required=False, min=1500, max=2200, why_max="a publication year"),
        Column("url", "str", "-", "Address.", required=False, default=""),
        Column("note", "str", "-", "Derivation for derived figures and estimates.", required=False,
               default=""),
    ), key=("source_id",), required=False),
)

SETTINGS: tuple[Setting, ...] = (
    Setting("base_year", "year", 2025, "yr", "Year to which costs are discounted."),
    Setting("discount_rate", "float", 0.03, "1/yr", "Social discount rate.", 0, 1),
    Setting("biobased_threshold", "float", 0.30, "t/t", "Biobased mass share from which a unit counts "
            "as biobased.", 0, 1),
    Setting("market_interest_rate", "float", 0.07, "1/yr", "Interest rate of ordinary processor "
            "finance.", 0, 1),
    Setting("loan_interest_rate", "float", 0.03, "1/yr", "Interest rate of the favourable NABB "
            "processor loan (verwerkersregeling).", 0, 1),
    Setting("loan_share", "float", 0.25, "EUR/EUR", "Share of the investment that the favourable loan "
            "finances (at most 25%).", 0, 1),
    Setting("loan_min_utilisation", "float", 0.5, "t/t", "Smallest utilisation of capacity built with "
            "the favourable loan.", 0, 1),
    Setting("shortfall_penalty_eur_per_unit", "float", 100000.0, "EUR/unit", "Price of one unit missing "
            "from a target; the target's marginal cost never exceeds it.", 0, EURO_MAX, WHY_EURO),
    Setting("transport_arc_capacity_t", "float", 0.0, "t/yr", "Capacity of every arc per commodity; "
            "0 = unlimited.", 0, TONNES_PER_YR_MAX, WHY_TONNES),
    Setting("loan_max_eur", "float", 5_000_000.0, "EUR", "Largest favourable loan per region and "
            "year (the verwerkersregeling lends at most EUR 5 M per company); 0 = no limit.", 0, EURO_MAX, WHY_EURO),
    Setting("other_mass_price_eur_per_t", "float", 0.0, "EUR/t", "Price per tonne of the "
            "non-modelled (mostly mineral) mass of a recipe (recipes.other_mass_t_per_unit), for "
            "recipes without other_material_cost_eur_per_unit; 0 = the other mass costs nothing.",
            0, 5_000),
    Setting("mass_shortfall_penalty_eur_per_t", "float", 10_000.0, "EUR/t", "Price of one tonne "
            "of biobased mass missing from a mass-share target (targets.basis = mass).", 0,
            1_000_000),
    Setting("domestic_shortfall_penalty_eur_per_t", "float", 10_000.0, "EUR/t", "Price of one "
            "tonne of crop-based product missing from the minimum domestic share (it is priced, "
            "like a target, so an unreachable share is an answer, not an infeasible model).", 0,
            1_000_000),
    Setting("hard_targets", "bool", False, "-", "TRUE: biobased targets must be met in full (no "
            "priced shortfall). An unreachable target then makes the model infeasible, and the "
            "report names the inputs that conflict."),
    Setting("language", "str", "", "-", "Language of the reports and console lines: nl (Dutch) "
            "or en (English). Blank: English, except for nabb's own default data, which is "
            "Dutch. `nabb run --lang` overrides it.", allowed=("nl", "en")),
)

SHEET_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
SETTING_BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}
SETTINGS_SHEET = "settings"


# ============================================================================ cross-sheet rules
@dataclass(frozen=True)
class CrossRef:
    """A rule across sheets: each row of ``sheet`` must find a row of ``target`` whose
    ``target_columns`` hold the row's ``columns`` (pairwise), among the target rows where
    every ``where`` pair (column, value) holds.

    The reader (``nabb.io.reader.check_cross_refs``) applies every rule in ``CROSS_REFS``
    in order; a row with a blank in ``columns`` (or "*" in a wildcard column) is skipped.
    ``expected`` and ``found`` are the texts of the issue at the row's ``column`` (default:
    the last of ``columns``), formatted with the row's columns by name (``{segment!r}``),
    ``{value}`` (the last of ``columns``), ``{known}`` (the target values, sorted; one-column
    rules) and, for a rule with ``where``, the first target row with the same values as
    ``{target_<column>}``.
    """

    name: str
    sheet: str
    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]
    expected: str
    found: str
    column: str = ""
    where: tuple[tuple[str, str], ...] = ()
    #: checked only for the rows that passed the rule of this name (listed before this one)
    after: str = ""
    #: one issue per distinct value (at its first row), not one per row
    once: bool = False
    severity: Literal["error", "warning"] = "error"
    #: why the rule exists, for docs/schema.md
    why: str = ""

    @property
    def issue_column(self) -> str:
        return self.column or self.columns[-1]


def _reference_rules() -> tuple[CrossRef, ...]:
    """One rule per column with ``references``: its values must be listed in the sheet named."""
    return tuple(
        CrossRef(f"{sheet.name}.{col.name}", sheet.name, (col.name,), col.references[0],
                 (col.references[1],), f"a {col.references[1]} listed in sheet {col.references[0]}",
                 f"unknown {col.references[1]} {{value!r}}",
                 why="column reference" + (" (* = any)" if col.wildcard else ""))
        for sheet in SHEETS for col in sheet.columns if col.references)


#: Rules across sheets beyond a column's own ``references`` (which become rules too, first).
EXTRA_CROSS_REFS: tuple[CrossRef, ...] = (
    CrossRef("process_has_io", "processes", ("process",), "process_io", ("process",),
             "input and output rows in process_io", "no rows for process {process!r}",
             why="a process without coefficients cannot run, and its mass balance cannot close"),
    CrossRef("process_has_output", "processes", ("process",), "process_io", ("process",),
             "at least one output in process_io", "process {process!r} has none",
             where=(("direction", "out"),), after="process_has_io",
             why="a process that makes nothing only destroys what it takes in"),
    CrossRef("crop_commodity_is_a_crop", "crops", ("commodity",), "commodities", ("commodity",),
             "a commodity of kind 'crop'", "{commodity!r} of kind {target_kind!r}",
             where=(("kind", "crop"),), after="crops.commodity",
             why="the harvest enters the chain as a crop commodity"),
    CrossRef("target_year_in_horizon", "targets", ("year",), "policy", ("year",),
             "a year of the horizon {known}", "{year}", severity="warning",
             why="a target outside the horizon (the years of sheet policy) is ignored"),
    CrossRef("target_has_demand", "targets", ("segment", "year"), "demand", ("segment", "year"),
             "demand rows for segment {segment!r} in {year}", "none", column="segment",
             after="target_year_in_horizon", severity="warning",
             why="a target on a segment without demand in its year constrains nothing"),
    CrossRef("demand_has_recipe", "demand", ("segment", "building_type"), "recipes",
             ("segment", "building_type"), "a recipe in sheet recipes for segment {segment!r} "
             "and building type {building_type!r}", "no such recipe", once=True,
             why="demand that no recipe can build cannot be met"),
)

#: Every cross-sheet rule the reader applies, in order: column references, then the rest.
CROSS_REFS: tuple[CrossRef, ...] = _reference_rules() + EXTRA_CROSS_REFS


def _placeholders_in_italics(text: str) -> str:
    """``{segment!r}`` -> ``*segment*``: the message as a reader of docs/schema.md sees it."""
    text = text.replace("{known}", "*(the values of the target column)*")
    return re.sub(r"\{(\w+)(![rs])?\}", r"*\1*", text)


def _cross_refs_markdown() -> list[str]:
    out = ["", "## Cross-sheet rules", "",
           "Applied by the reader, in this order, once every cell has been read (`CROSS_REFS` in "
           "`nabb/schema.py`). Each row of *sheet* must find a row of the target sheet with the "
           "same values (blank cells are skipped); a row that breaks a rule is an issue at its "
           "cell. A rule with *after* is checked only for the rows that passed that rule. Words in "
           "italics in *expected* stand for the row's values.", "",
           "| rule | sheet: columns | must be found in | only where | after | severity | expected | why |",
           "|---|---|---|---|---|---|---|---|"]
    for r in CROSS_REFS:
        where = ", ".join(f"{c} = {v}" for c, v in r.where)
        once = " (once per value)" if r.once else ""
        out.append(f"| `{r.name}` | {r.sheet}: {', '.join(r.columns)} | "
                   f"{r.target}: {', '.join(r.target_columns)} | {where} | "
                   f"{f'`{r.after}`' if r.after else ''} | {r.severity}{once} | "
                   f"{_placeholders_in_italics(r.expected)} | {r.why} |")
    return out


def _range(lo: float | None, hi: float | None) -> str:
    if lo is None and hi is None:
        return ""
    return f" [{'' if lo is None else f'{lo:g}'}, {'' if hi is None else f'{hi:g}'}]"


def schema_markdown() -> str:
    """Render the schema as Markdown (docs/schema.md is generated from this)."""
    out = ["# Input workbook schema", "",
           "Generated from `nabb/schema.py` by `nabb schema-doc`; do not edit by hand.", "",
           "Every sheet: row 1 holds the column names, row 2 the units, data starts on row 3. "
           "Sheets marked optional may be left out.", ""]
    out += [f"## {SETTINGS_SHEET}", "", "Key/value settings (columns `key`, `value`, `unit`, "
            "`description`). Missing keys take their default.", "",
            "| key | type | unit | default | description |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        rng = _range(s.min, s.max)
        desc = s.description + (f" Maximum {s.max:g}: {s.why_max}." if s.why_max else "")
        kind = f"{s.type}: {', '.join(s.allowed)}" if s.allowed else f"{s.type}{rng}"
        out.append(f"| `{s.key}` | {kind} | {s.unit} | {s.default} | {desc} |")
    for sheet in SHEETS:
        req = "" if sheet.required else " (optional)"
        out += ["", f"## {sheet.name}{req}", "", sheet.description, ""]
        if sheet.key:
            out += [f"Key: {', '.join(f'`{k}`' for k in sheet.key)} (must be unique).", ""]
        out += ["| column | type | unit | required | default | allowed / reference | description |",
                "|---|---|---|---|---|---|---|"]
        for c in sheet.columns:
            allowed = ", ".join(c.allowed) if c.allowed else ""
            if c.pattern:
                allowed = c.pattern_help
            if c.references:
                allowed = f"→ {c.references[0]}.{c.references[1]}" + (" or *" if c.wildcard else "")
            rng = _range(c.min, c.max)
            default = "" if c.default is None else repr(c.default)
            out.append(f"| `{c.name}` | {c.type}{rng} | {c.unit} | {'yes' if c.required else 'no'} "
                       f"| {default} | {allowed} | {c.description}"
                       + (f" Maximum {c.max:g}: {c.why_max}." if c.why_max else "") + " |")
    out += _cross_refs_markdown()
    return "\n".join(out) + "\n"
