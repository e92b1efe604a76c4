from django.db import migrations

AREAS = [
    ("ekonomiskt-bistand", "Ekonomiskt bistånd", "Economic assistance"),
    ("socialpsykiatri", "Socialpsykiatri", "Social psychiatry"),
    ("missbruk", "Missbruk och beroende", "Substance abuse"),
    ("funktionsnedsattning", "Stöd till personer med funktionsnedsättning", "Disability support"),
    ("aldre", "Äldreomsorg", "Elderly care"),
    ("barn-och-unga", "Barn och unga", "Children and youth"),
]


def create_areas(apps, schema_editor):
    Area = apps.get_model("organisation", "Area")
    for position, (code, name, name_en) in enumerate(AREAS, start=1):
        Area.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [migrations.RunPython(create_areas, migrations.RunPython.noop)]
