"""A fresh site starts with the site's own home page instead of Wagtail's welcome page,
so the address / shows the programme's start page from the first run on."""

from django.db import migrations


def create_home(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    locale = Locale.objects.order_by("pk").first()
    # Wagtail's own welcome page, as its migration left it: a plain page without children.
    welcome = Page.objects.filter(
        depth=2, slug="home", content_type__app_label="wagtailcore", numchild=0
    ).first()
    if welcome is not None:
        Site.objects.filter(root_page=welcome).update(root_page=root)
        welcome.delete()
        root.numchild -= 1

    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    # Treebeard's path for the root's next child, as Page.add_child would make it.
    last = Page.objects.filter(depth=2).order_by("-path").first()
    next_number = int(last.path[4:8], 36) + 1 if last else 1
    path = root.path + _base36(next_number).rjust(4, "0")
    home = HomePage.objects.create(
        title="Introduktion",
        draft_title="Introduktion",
        slug="home",
        content_type=content_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro="Introduktionsprogrammet för nya socialsekreterare.",
    )
    root.numchild += 1
    root.save(update_fields=["numchild"])
    if Site.objects.exists():
        Site.objects.filter(is_default_site=True).update(root_page=home)
        Site.objects.filter(root_page=root).update(root_page=home)
    else:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out or "0"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
