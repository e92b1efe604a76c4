"""Demo organisation: Älvstad, a mid-sized municipality with three districts."""

import datetime

from .models import Administration, Area, ClosedDay, Municipality, Unit, WorkGroup
from .workdays import WorkCalendar

ORDER = 10

#: Each unit's code in the HR system (the staff import's key for it), e.g. BOU-N for
#: Barn och unga, utredning Norr: the area, then the district's initial.
UNIT_CODES = {
    "Barn och unga, utredning Norr": "BOU-N",
    "Ekonomiskt bistånd Norr": "EKB-N",
    "Vuxenenheten missbruk Norr": "VUX-N",
    "Socialpsykiatri Norr": "SPS-N",
    "Barn och unga Centrum": "BOU-C",
    "Ekonomiskt bistånd Centrum": "EKB-C",
    "Biståndshandläggning äldre Centrum": "ALD-C",
    "LSS-handläggning Centrum": "LSS-C",
    "Barn och unga Söder": "BOU-S",
    "Ekonomiskt bistånd Söder": "EKB-S",
    "Biståndshandläggning äldre Söder": "ALD-S",
    "Beroendeenheten Söder": "BER-S",
    "Kompetens och utbildning": "KOU",
}

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
                administration=administration,
                name=name,
                defaults={"area": areas[area_code], "code": UNIT_CODES[name]},
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
        defaults={"area": None, "code": UNIT_CODES["Kompetens och utbildning"]},
    )
    demo.objects["municipality"] = city
    demo.objects["units"] = units
    closed = _christmas_closure(city, demo.today)
    demo.note(f"Organisation: {city.name}, {len(units)} units, {closed} closed days.")


def _christmas_closure(city: Municipality, today: datetime.date) -> int:
    """Älvstad closes its offices between Christmas and New Year (only the social
    services' on-call team works), the Christmas before today and the one after: the week
    holding 28 December then has fewer than three working days, so the supervision
    follow-up shows it as a holiday week, never a missed 1:1."""
    national = WorkCalendar()
    count = 0
    for year in (today.year - 1, today.year):
        for day in range(27, 31):
            date = datetime.date(year, 12, day)
            if national.is_working_day(date):
                ClosedDay.objects.update_or_create(
                    municipality=city, date=date, defaults={"name": "Julstängt"}
                )
                count += 1
    return count
