"""Dutch of the schema's plausible maxima (``why_max`` of nabb/schema.py and of the capacity
sheet's columns), as an issue line quotes them: "een getal <= 200 t/ha (plausibel maximum:
...)".  tests/test_i18n_issues.py checks that every ``why_max`` has its Dutch here.
"""
from __future__ import annotations

#: English why_max -> Dutch (the numbers are written in Dutch notation)
WHY_MAX_NL: dict[str, str] = {
    "1 Gt/yr is more than the whole raw-material consumption of the Netherlands (about 0.2 Gt/yr)":
        "1 Gt/jaar is meer dan het hele grondstoffenverbruik van Nederland (ongeveer 0,2 Gt/jaar)",
    "1 M units a year; the Netherlands builds about 70-100 k homes a year":
        "1 mln eenheden per jaar; Nederland bouwt ongeveer 70.000-100.000 woningen per jaar",
    "10,000% a year; real fibre-crop areas grow by tens of percent":
        "10.000% per jaar; echte arealen vezelgewassen groeien met tientallen procenten",
    "100 Mt/yr is more than ten times the largest Dutch industrial site (Tata Steel IJmuiden, "
    "about 7 Mt of steel a year); fibre processors handle 1-100 kt/yr":
        "100 Mt/jaar is meer dan tien keer de grootste Nederlandse industriële locatie (Tata Steel "
        "IJmuiden, ongeveer 7 Mt staal per jaar); vezelverwerkers verwerken 1-100 kt/jaar",
    "500% a year; building systems grow by tens of percent":
        "500% per jaar; bouwsystemen groeien met tientallen procenten",
    "500% a year; industries ramp up by tens of percent":
        "500% per jaar; industrieën groeien met tientallen procenten",
    "EU ETS prices are EUR 60-100 per t CO2; sweeps go to a few hundred":
        "EU ETS-prijzen zijn € 60-100 per t CO2; sweeps gaan tot een paar honderd",
    "EUR 1 M per unit; a Dutch home costs EUR 0.3-0.5 M in all":
        "€ 1 mln per eenheid; een Nederlandse woning kost in totaal € 0,3-0,5 mln",
    "a Dutch home costs about EUR 0.3-0.5 M":
        "een Nederlandse woning kost ongeveer € 0,3-0,5 mln",
    "a Dutch home weighs about 50-150 t; a large office building tens of kt":
        "een Nederlandse woning weegt ongeveer 50-150 t; een groot kantoorgebouw tientallen kt",
    "a bound on the syntax only: each draw is checked against the addressed column's own maximum":
        "alleen een grens op de schrijfwijze: elke trekking wordt getoetst aan het eigen maximum "
        "van de kolom die ze wijzigt",
    "a publication year": "een jaar van publicatie",
    "a whole new industry of 1 Mt a year; Dutch fibre processing is tens of kt":
        "een hele nieuwe industrie van 1 Mt per jaar; de Nederlandse vezelverwerking is "
        "tientallen kt",
    "farmland itself sells for about EUR 80-120 k per ha; crop costs are EUR 0.3-4 k/ha":
        "landbouwgrond zelf kost ongeveer € 80.000-120.000 per ha; teeltkosten zijn "
        "€ 300-4.000/ha",
    "fresh sugar beet, the heaviest Dutch field crop, yields about 80-90 t/ha; fibre crops "
    "5-20 t/ha":
        "verse suikerbieten, het zwaarste Nederlandse akkergewas, brengen ongeveer 80-90 t/ha op; "
        "vezelgewassen 5-20 t/ha",
    "half the Earth's circumference; Dutch road distances are below 400 km":
        "de halve omtrek van de aarde; Nederlandse wegafstanden zijn kleiner dan 400 km",
    "mass balances per tonne of activity are of order 1":
        "massabalansen per ton activiteit zijn van de orde 1",
    "miscanthus stands about 20 years": "miscanthus staat ongeveer 20 jaar",
    "miscanthus, the longest-lived perennial here, stands about 20 years":
        "miscanthus, het langstlevende meerjarige gewas hier, staat ongeveer 20 jaar",
    "more than the Dutch GDP (about EUR 1 trillion)":
        "meer dan het Nederlandse bbp (ongeveer € 1.000 mld)",
    "more than the whole Dutch housing stock (8.2 M homes); about 70-100 k are built a year":
        "meer dan de hele Nederlandse woningvoorraad (8,2 mln woningen); er worden er ongeveer "
        "70.000-100.000 per jaar gebouwd",
    "natural fibres sell for EUR 0.3-5 k per tonne; investments run to EUR 1-2 k per t/yr":
        "natuurlijke vezels kosten € 300-5.000 per ton; investeringen lopen tot € 1.000-2.000 "
        "per t/jaar",
    "planting miscanthus costs about EUR 2.5-3.5 k/ha":
        "miscanthus planten kost ongeveer € 2.500-3.500/ha",
    "plants are written off over 10-40 years": "fabrieken worden in 10-40 jaar afgeschreven",
    "pure carbon stores 44/12 = 3.67 t CO2 per tonne; dry biomass about 1.6-1.8":
        "zuivere koolstof legt 44/12 = 3,67 t CO2 per ton vast; droge biomassa ongeveer 1,6-1,8",
    "road haulage costs about EUR 0.1 per tkm": "wegvervoer kost ongeveer € 0,1 per tkm",
    "scenarios scale figures by a few percent up to a few times":
        "scenario's schalen getallen met een paar procent tot een paar keer",
    "the changed column's own maximum applies to the result":
        "voor de uitkomst geldt het eigen maximum van de gewijzigde kolom",
    "the whole land area of the Netherlands is 3.37 M ha (CBS: 33,670 km2); its arable land "
    "about 0.5 M ha":
        "het hele landoppervlak van Nederland is 3,37 mln ha (CBS: 33.670 km2); het akkerland "
        "ongeveer 0,5 mln ha",
}
