"""Headline KPIs in the order and words of the national NABB monitor.

The rows follow the monitor's chain logic (toepassing -> teelt -> verwerking -> keten ->
balans -> klimaat -> geld), with the Dutch term a policy officer knows next to the English
one.  Values are model results ("modeluitkomst"), not monitor figures.
"""
from __future__ import annotations

import pandas as pd

from nabb.results import SEGMENT_MAIN, Results


def _mass_shares(res: Results, recipes: dict[str, tuple[float, float, float]]) -> pd.DataFrame:
    """Per year: total, biobased and Dutch-crop biobased mass of new-build homes (t)."""
    nb = res.frames["demand"].query("segment == @SEGMENT_MAIN")
    rows = []
    for y, g in nb.groupby("year"):
        tot = sum(u * recipes[q][0] for q, u in zip(g.recipe, g.units))
        bio = sum(u * recipes[q][1] for q, u in zip(g.recipe, g.units))
        crop = sum(u * recipes[q][2] for q, u in zip(g.recipe, g.units))
        rows.append((y, tot, bio, crop))
    return pd.DataFrame(rows, columns=["year", "total_t", "bio_t", "crop_t"]).set_index("year")


SEGMENT_NAMES = {"retrofit": ("Renovatie (isolatie)", "Retrofit (insulation)"),
                 "non_residential": ("Utiliteitsbouw", "Non-residential building")}


def _segment_rows(res: Results, data, k: pd.DataFrame) -> list[tuple]:
    """Rows 3 and 4: retrofit and non-residential, with the basis of their target."""
    rows: list[tuple] = []
    for i, (seg, (nl, en)) in enumerate(SEGMENT_NAMES.items()):
        if f"units.{seg}" not in k:
            continue
        nr = str(3 + i)
        basis = {b for (s_, *_), b in data.target_basis.items() if s_ == seg} or {"units"}
        per = "EUR per t biobased" if basis == {"mass"} else "EUR per extra biobased unit"
        rows += [
            (nr, f"{nl}: eenheden", f"{en}: units", "aantal", k[f"units.{seg}"].to_dict()),
            (f"{nr}a", f"  waarvan ≥ 30% biobased", "  of which ≥ 30% biobased", "aantal",
             k[f"biobased_units.{seg}"].to_dict()),
            (f"{nr}b", "  biobased aandeel (massa)", "  biobased share (by mass)", "%",
             k[f"biobased_mass_share.{seg}"].to_dict()),
            (f"{nr}c", "  doel (" + ("massa" if basis == {"mass"} else "eenheden") + ")",
             "  target (" + ("by mass" if basis == {"mass"} else "share of units") + ")", "%",
             k[f"target_share.{seg}"].to_dict()),
            (f"{nr}d", "  marginale kosten van het doel", "  marginal cost of the target", per,
             k[f"marginal_cost_target.{seg}"].to_dict()),
        ]
    return rows


def headline(res: Results, data) -> pd.DataFrame:
    """One row per KPI, one column per year.  ``data`` is the model's ModelData."""
    totals = data.meta["recipe_total_mass_t"]
    recipes = {}
    for q, mats in data.recipe_materials_t_per_unit.items():
        bio = sum(a * data.biobased_share[k] for k, a in mats.items())
        # the Dutch-crop share of each material's mass (not the whole mass of a product
        # that carries imported timber or binder)
        crop = sum(a * data.biobased_share[k] * data.dutch_crop_share.get(k, 0.0) for k, a in mats.items())
        recipes[q] = (totals[q], bio, crop)
    mass = _mass_shares(res, recipes)
    k = res.kpis.set_index("year")
    proc = res.frames["processing"]
    product_procs = {p for p in data.processes
                     if any(data.commodity_kind.get(c) == "product" for c in data.proc_out_t_per_t[p])}
    chains = (proc[(proc.activity_t > 1e-6) & proc.process.isin(product_procs)]
              .groupby("year").apply(lambda g: len(set(zip(g.region, g.process))), include_groups=False)
              if len(proc) else pd.Series(dtype=float))
    crops = res.frames["cultivation"]
    # .astype(bool): on an empty table (no crops) an object-dtype mask would be read as a
    # list of column names and drop every column
    is_perennial = crops.crop.map(data.perennial).astype(bool)
    annual = crops[~is_perennial & (crops.crop.map(data.land_use) == "arable")]
    perennial = crops[is_perennial]
    bal = res.frames["balance"]
    crop_comm = set(data.crop_commodity.values())
    feed = bal[bal.commodity.isin(crop_comm)].groupby("year").process_input_t.sum()
    products = [c for c in data.commodities if data.commodity_kind[c] == "product"]
    prod_out = bal[bal.commodity.isin(products)].groupby("year").process_output_t.sum()
    rows = [
        ("1", "Biobased aandeel nieuwbouwwoningen (massa)", "Biobased share of new-build homes (by mass)", "%",
         {y: mass.bio_t.get(y, 0) / mass.total_t.get(y, 1) for y in k.index}),
        ("1a", "  waarvan Nederlandse vezelgewassen", "  of which Dutch fibre crops", "%",
         {y: mass.crop_t.get(y, 0) / mass.total_t.get(y, 1) for y in k.index}),
        ("2", "Nieuwbouwwoningen met ≥ 30% biobased", "New-build homes with ≥ 30% biobased mass", "aantal",
         k.biobased_homes.to_dict()),
        ("2a", "  aandeel van alle nieuwbouwwoningen", "  share of all new-build homes", "%",
         k.biobased_share.to_dict()),
        ("2b", "  doel (streefwaarde)", "  target", "%", k.target_share.to_dict()),
        ("2c", "  tekort t.o.v. doel", "  shortfall against the target", "woningen", k.shortfall_homes.to_dict()),
        *_segment_rows(res, data, k),
        ("5", "Teeltareaal vezelgewassen voor de bouw", "Fibre-crop area for construction", "ha",
         k.fibre_crop_area_ha.to_dict()),
        ("5a", "  eenjarig (hennep, vlas)", "  annual (hemp, flax)", "ha", annual.groupby("year").area_ha.sum().to_dict()),
        ("5b", "  meerjarig (miscanthus)", "  perennial (miscanthus)", "ha", perennial.groupby("year").area_ha.sum().to_dict()),
        ("6", "Grondstofaanbod voor de bouw", "Feedstock supplied to processors", "t/jaar", feed.to_dict()),
        ("7", "Primaire verwerkingscapaciteit (input)", "Primary processing capacity (crop input)",
         "t input/jaar", k.primary_capacity_t_input_per_yr.to_dict()),
        ("7a", "  benuttingsgraad (van bruikbare capaciteit)", "  utilisation (of usable capacity)", "%",
         k.primary_utilisation.to_dict()),
        ("7b", "Capaciteit productlijnen bouwproducten (output)", "Product-line capacity (building products out)",
         "t output/jaar", k.product_line_capacity_t_output_per_yr.to_dict()),
        ("8", "  benuttingsgraad (van bruikbare capaciteit)", "  utilisation (of usable capacity)", "%",
         k.product_line_utilisation.to_dict()),
        ("9", "Aantal producerende ketens (regio × productlijn)", "Producing chains (region × product line)", "aantal",
         chains.to_dict() if len(chains) else {}),
        ("10", "Productie biobased bouwproducten", "Output of biobased building products", "t/jaar", prod_out.to_dict()),
        ("11", "Overschot (niet afgezette oogst en producten)", "Surplus (stranded harvest and products)", "t/jaar",
         k.surplus_t.to_dict()),
        ("11a", "Importaandeel biobased producten", "Import share of biobased products", "%", k.import_share.to_dict()),
        ("11b", "Nevenproducten verkocht aan andere markten", "Co-products sold to other markets", "t/jaar",
         k.coproducts_sold_t.to_dict()),
        ("12", "Biogene CO2-opslag in toegepaste materialen", "Biogenic CO2 stored in applied materials", "t CO2/jaar",
         k.co2_stored_t.to_dict()),
        ("12a", "  waarvan gecertificeerd (koolstofcredits)", "  of which credited (carbon credits)", "t CO2/jaar",
         k.co2_credited_t.to_dict()),
        ("13", "CO2-vergoeding per hectare (gewassen die credits verdienen)",
         "Carbon income per hectare of the crops that earned it", "EUR/ha",
         k.carbon_income_eur_per_ha.to_dict()),
        *[(f"13{chr(97 + i)}", f"  {c}", f"  {c}", "EUR/ha", k[f"carbon_income_eur_per_ha.{c}"].to_dict())
          for i, c in enumerate(c for c in data.crops
                                if f"carbon_income_eur_per_ha.{c}" in k and k[f"carbon_income_eur_per_ha.{c}"].abs().sum() > 0)],
        ("14", "Ketenkosten (onverdisconteerd, zonder boetes voor tekorten)",
         "Chain cost (undiscounted, without shortfall penalties)", "EUR/jaar",
         k.chain_cost_undiscounted_eur.to_dict()),
        ("15", "Marginale kosten van het doel", "Marginal cost of the target", "EUR per extra biobased woning",
         k.marginal_cost_target_eur_per_home.to_dict()),
    ]
    years = list(k.index)
    out = pd.DataFrame([{"nr": nr, "KPI (NL)": nl, "KPI (EN)": en, "unit": unit,
                         **{str(y): vals.get(y, float("nan")) for y in years}}
                        for nr, nl, en, unit, vals in rows])
    return out
