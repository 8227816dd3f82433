"""Dutch column descriptions of the capacity sheet for chain coordinators (``nabb template
capacity --lang nl``).  The English ones are the layout's own (:mod:`nabb.capacity.layout`);
tests/test_i18n.py checks that every column of the sheet has its Dutch description here.
"""
from __future__ import annotations

#: "sheet.column" -> Dutch description
DESCRIPTIONS_NL: dict[str, str] = {
    "coordinator.region": "Regiocode uit de scenariowerkmap (de keuzelijst noemt ze; het blad "
                          "'lists' geeft hun namen).",
    "coordinator.coordinator": "Naam van de regionale ketenregisseur die dit blad invulde.",
    "coordinator.contact": "E-mailadres of telefoonnummer van de ketenregisseur.",
    "coordinator.date": "Datum waarop het blad is ingevuld. Worden twee bladen van dezelfde regio "
                        "samengevoegd, dan geldt het blad met de latere datum.",
    "existing_plants.plant": "Naam van de fabriek; uniek in heel Nederland (voeg zo nodig de "
                             "plaats toe, bijvoorbeeld 'Vezelfabriek Nij Beets').",
    "existing_plants.process": "Proces dat de fabriek draait (keuzelijst).",
    "existing_plants.capacity_t_per_yr": "Nominale capaciteit in ton activiteit per jaar (ton, "
                                         "geen kiloton).",
    "existing_plants.commissioning_year": "Jaar waarin de fabriek in bedrijf ging.",
    "existing_plants.utilisation_last_year": "Aandeel van de capaciteit dat vorig jaar is benut, "
                                             "tussen 0 en 1 (0,85 = 85%). Niet verplicht.",
    "planned_plants.plant": "Naam van de fabriek; uniek in heel Nederland.",
    "planned_plants.process": "Proces dat de fabriek gaat draaien (keuzelijst).",
    "planned_plants.capacity_t_per_yr": "Geplande nominale capaciteit in ton activiteit per jaar.",
    "planned_plants.year": "Jaar waarin de fabriek naar verwachting in bedrijf gaat (binnen de "
                           "planningshorizon).",
    "planned_plants.status": "idea (idee), planned (gepland), financed (gefinancierd) of "
                             "under_construction (in aanbouw). Het model telt gefinancierde "
                             "fabrieken en fabrieken in aanbouw als capaciteit.",
    "contracted_area.crop": "Gewas (keuzelijst).",
    "contracted_area.year": "Oogstjaar (binnen de planningshorizon).",
    "contracted_area.area_ha": "Gecontracteerd of beoogd areaal in hectare.",
}
