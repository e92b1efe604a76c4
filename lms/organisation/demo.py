"""Demo organisation: Älvstad, a mid-sized municipality with three districts."""

from .models import Administration, Area, Municipality, Unit, WorkGroup

ORDER = 10

DISTRICTS = {
    "Stadsdelsförvaltning Norr": [
        ("Barn och unga, utredning Norr", "barn-och-unga", ["Mottagning", "Utredning"]),
        ("Ekonomiskt bistånd Norr", "ekonomiskt-bistand", []),
        ("Vuxenenheten missbruk Norr", "missbruk", []),
        ("Socialpsykiatri Norr", "socialpsykiatri", []),
    ],
    "Stadsdelsförvaltning Centrum": [
        ("Barn och unga Centrum", "barn-och-unga", []),
        ("Ekonomiskt bistånd Centrum", "ekonomiskt-bistand", ["Nybesök", "Långvarigt bistånd"]),
        ("Biståndshandläggning äldre Centrum", "aldre", []),
        ("LSS-handläggning Centrum", "funktionsnedsattning", []),
    ],
    "Stadsdelsförvaltning Söder": [
        ("Barn och unga Söder", "barn-och-unga", []),
        ("Ekonomiskt bistånd Söder", "ekonomiskt-bistand", []),
        ("Biståndshandläggning äldre Söder", "aldre", []),
        ("Beroendeenheten Söder", "missbruk", []),
    ],
}


def load(demo) -> None:
    city, _ = Municipality.objects.update_or_create(
        slug="alvstad", defaults={"name": "Älvstads kommun"}
    )
    areas = {a.code: a for a in Area.objects.all()}
    units = {}
    for district, unit_specs in DISTRICTS.items():
        administration, _ = Administration.objects.update_or_create(
            municipality=city, name=district, defaults={"kind": Administration.Kind.DISTRICT}
        )
        for name, area_code, groups in unit_specs:
            unit, _ = Unit.objects.update_or_create(
                administration=administration, name=name, defaults={"area": areas[area_code]}
            )
            units[name] = unit
            for group in groups:
                WorkGroup.objects.get_or_create(unit=unit, name=group)
    social, _ = Administration.objects.update_or_create(
        municipality=city, name="Socialförvaltningen", defaults={"kind": Administration.Kind.SOCIAL}
    )
    units["Kompetens och utbildning"], _ = Unit.objects.update_or_create(
        administration=social,
        name="Kompetens och utbildning",
        defaults={"area": None},
    )
    demo.objects["municipality"] = city
    demo.objects["units"] = units
    demo.note(f"Organisation: {city.name}, {len(units)} units.")
