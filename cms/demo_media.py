"""The demo site's pictures and printable material, made here rather than downloaded.

The pictures are calm abstract landscapes and shapes in the site's colours, drawn with
Pillow from a fixed seed so every run draws the same ones; they carry no text, so the
alt text says all there is to say. The PDFs are short checklists rendered with
reportlab. Each is found again by its title in the demo collection, so a second run
makes no copies.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFilter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from lms.documents import fonts
from lms.documents.pages import MARGIN, escape, numbered_canvas

COLLECTION = "Introduktionswebben"
WIDTH, HEIGHT = 1200, 675
#: Drawn this many times larger and scaled down, so curves have smooth edges.
SCALE = 2

# The site's palette (site.css) and a few softer tints of it.
NAVY = (20, 64, 110)
NAVY_DARK = (12, 42, 74)
SKY = (214, 226, 238)
WASH = (243, 245, 248)
SUN = (255, 209, 102)
SAND = (250, 232, 190)
GREEN = (29, 107, 53)
MOSS = (116, 160, 120)
MIST = (170, 196, 214)
RIVER = (120, 160, 200)


def _mix(a, b, t: float):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _canvas(top, bottom) -> PILImage.Image:
    """A vertical gradient from `top` to `bottom`."""
    strip = PILImage.new("RGB", (1, 64))
    for y in range(64):
        strip.putpixel((0, y), _mix(top, bottom, y / 63))
    # Smooth along the height on one column, then widen it: far cheaper than one resize.
    strip = strip.resize((1, HEIGHT * SCALE), PILImage.Resampling.BILINEAR)
    return strip.resize((WIDTH * SCALE, HEIGHT * SCALE), PILImage.Resampling.NEAREST)


def _ridge(rng: random.Random, base: float, amplitude: float, waves: int) -> list:
    """The outline of a hill: a sum of slow sine waves across the width."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    phases = [rng.uniform(0, math.tau) for _ in range(waves)]
    points = []
    for i in range(0, 121):
        x = w * i / 120
        y = base
        for n, phase in enumerate(phases, start=1):
            y += amplitude / n * math.sin(x / w * math.pi * (n + 0.5) + phase)
        points.append((x, h * y))
    return [*points, (w, h), (0, h)]


def _finish(image: PILImage.Image, *, reduced: bool = False) -> bytes:
    if not reduced:
        image = image.reduce(SCALE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=84)
    return out.getvalue()


def draw_river(rng: random.Random) -> bytes:
    image = _canvas(SKY, SAND)
    draw = ImageDraw.Draw(image)
    s = SCALE
    draw.ellipse((820 * s, 120 * s, 960 * s, 260 * s), fill=SUN)
    for base, amplitude, colour in ((0.52, 0.05, MIST), (0.62, 0.06, MOSS), (0.74, 0.05, GREEN)):
        draw.polygon(_ridge(rng, base, amplitude, 3), fill=colour)
    # The river: a band that narrows towards the horizon.
    left = [(540 * s + 260 * s * t * math.sin(t * 3), (470 + 205 * t) * s) for t in _steps(40)]
    right = [(x + (20 + 300 * (y / s - 470) / 205) * s, y) for x, y in left]
    draw.polygon(left + right[::-1], fill=RIVER)
    return _finish(image)


def draw_conversation(rng: random.Random) -> bytes:
    image = PILImage.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WASH)
    draw = ImageDraw.Draw(image)
    s = SCALE
    for _ in range(26):
        x, y, r = rng.uniform(60, 1140), rng.uniform(40, 640), rng.uniform(4, 12)
        draw.ellipse(((x - r) * s, (y - r) * s, (x + r) * s, (y + r) * s), fill=MIST)
    first, second = (
        tuple(v * s for v in box) for box in ((230, 110, 690, 570), (510, 110, 970, 570))
    )
    draw.ellipse(first, fill=NAVY)
    draw.ellipse(second, fill=SUN)
    # Where the two meet, a colour of both: the lens is painted through a mask of the
    # overlap, cut to the strip where the circles overlap.
    masks = [PILImage.new("L", image.size, 0) for _ in range(2)]
    ImageDraw.Draw(masks[0]).ellipse(first, fill=255)
    ImageDraw.Draw(masks[1]).ellipse(second, fill=255)
    lens = (second[0], first[1], first[2], first[3])
    overlap = ImageChops.multiply(*masks).crop(lens)
    image.paste(_mix(NAVY, SUN, 0.55), lens, mask=overlap)
    return _finish(image)


def draw_paths(rng: random.Random) -> bytes:
    image = _canvas(SAND, MOSS)
    draw = ImageDraw.Draw(image)
    s = SCALE
    horizon = (600 * s, 230 * s)
    draw.polygon(_ridge(rng, 0.34, 0.03, 2), fill=MIST)
    draw.polygon(_ridge(rng, 0.40, 0.02, 2), fill=MOSS)
    for start in (80, 330, 620, 900, 1130):
        bend = rng.uniform(-90, 90)
        points = [
            (
                _lerp(start * s, horizon[0], t) + bend * s * math.sin(t * math.pi),
                _lerp(HEIGHT * s, horizon[1], t),
            )
            for t in _steps(50)
        ]
        draw.line(points, fill=SAND, width=18 * s, joint="curve")
    draw.ellipse((570 * s, 200 * s, 630 * s, 260 * s), fill=SUN)
    return _finish(image)


def draw_arches(rng: random.Random) -> bytes:
    image = _canvas(WASH, SKY)
    draw = ImageDraw.Draw(image)
    s = SCALE
    shades = [NAVY_DARK, NAVY, RIVER, MIST, SKY]
    for n, shade in enumerate(shades):
        r = (430 - n * 80) * s
        cx, cy = 600 * s, 690 * s
        draw.pieslice((cx - r, cy - r, cx + r, cy + r), 180, 360, fill=shade)
    draw.ellipse((160 * s, 120 * s, 250 * s, 210 * s), fill=SUN)
    for _ in range(5):
        x = rng.uniform(850, 1100)
        y = rng.uniform(90, 260)
        draw.line(((x - 30) * s, y * s, (x + 30) * s, y * s), fill=MIST, width=6 * s)
    return _finish(image)


def draw_shelves(rng: random.Random) -> bytes:
    image = PILImage.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WASH)
    draw = ImageDraw.Draw(image)
    s = SCALE
    palette = [NAVY, GREEN, SUN, RIVER, MOSS, NAVY_DARK, SAND, MIST]
    for shelf_y in (250, 470, 650):
        draw.rectangle((80 * s, shelf_y * s, 1120 * s, (shelf_y + 10) * s), fill=MIST)
        x = 110.0
        while x < 1060:
            width = rng.uniform(26, 60)
            height = rng.uniform(120, 180)
            colour = rng.choice(palette)
            top = shelf_y - height
            if rng.random() < 0.12 and x + height < 1100:
                # A book lying down.
                draw.rounded_rectangle(
                    (x * s, (shelf_y - width) * s, (x + height) * s, shelf_y * s),
                    radius=6 * s,
                    fill=colour,
                )
                x += height + 8
                continue
            draw.rounded_rectangle(
                (x * s, top * s, (x + width) * s, shelf_y * s), radius=6 * s, fill=colour
            )
            x += width + rng.uniform(4, 12)
    return _finish(image)


def draw_town(rng: random.Random) -> bytes:
    image = _canvas(SAND, SKY)
    draw = ImageDraw.Draw(image)
    s = SCALE
    water = 470
    draw.ellipse((170 * s, 150 * s, 290 * s, 270 * s), fill=SUN)
    x = 40.0
    while x < 1160:
        width = rng.uniform(60, 130)
        height = rng.uniform(90, 250)
        colour = rng.choice([NAVY, NAVY_DARK, RIVER, MOSS])
        draw.rectangle((x * s, (water - height) * s, (x + width) * s, water * s), fill=colour)
        if rng.random() < 0.5:
            draw.polygon(
                [
                    (x * s, (water - height) * s),
                    ((x + width / 2) * s, (water - height - 40) * s),
                    ((x + width) * s, (water - height) * s),
                ],
                fill=colour,
            )
        x += width + rng.uniform(6, 20)
    # The reflection is made at the final size: blurring a quarter of the pixels.
    image = image.reduce(SCALE)
    town = image.crop((0, 0, WIDTH, water))
    reflection = town.transpose(PILImage.Transpose.FLIP_TOP_BOTTOM).crop(
        (0, 0, WIDTH, HEIGHT - water)
    )
    reflection = PILImage.blend(reflection, PILImage.new("RGB", reflection.size, RIVER), 0.55)
    image.paste(reflection.filter(ImageFilter.GaussianBlur(3)), (0, water))
    return _finish(image, reduced=True)


def draw_calendar(rng: random.Random) -> bytes:
    image = PILImage.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WASH)
    draw = ImageDraw.Draw(image)
    s = SCALE
    marked = set(rng.sample(range(35), 6))
    for row in range(5):
        for col in range(7):
            x = 150 + col * 130
            y = 60 + row * 115
            fill = SUN if row * 7 + col in marked else (SKY if col < 5 else MIST)
            draw.rounded_rectangle(
                (x * s, y * s, (x + 110) * s, (y + 95) * s), radius=14 * s, fill=fill
            )
    return _finish(image)


def _steps(n: int) -> list[float]:
    return [i / n for i in range(n + 1)]


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


@dataclass(frozen=True)
class Picture:
    key: str
    title: str
    alt: str
    alt_en: str
    draw: Callable[[random.Random], bytes]


PICTURES = [
    Picture(
        "alven",
        "Älvlandskap i morgonljus",
        "Illustration: mjuka kullar i blått och grönt och en älv som slingrar sig fram mot "
        "en gul sol.",
        "Illustration: soft hills in blue and green and a river winding towards a yellow sun.",
        draw_river,
    ),
    Picture(
        "samtal",
        "Två cirklar i samtal",
        "Illustration: två överlappande cirklar i blått och gult, som två personer i samtal.",
        "Illustration: two overlapping circles in blue and yellow, like two people talking.",
        draw_conversation,
    ),
    Picture(
        "vagar",
        "Stigar som möts",
        "Illustration: ljusa stigar genom ett grönt landskap som alla möts vid samma punkt "
        "vid horisonten.",
        "Illustration: pale paths across a green landscape that all meet at one point on the "
        "horizon.",
        draw_paths,
    ),
    Picture(
        "bagar",
        "Bågar som bär",
        "Illustration: halvcirklar i blå nyanser som vilar i varandra, som valv i en bro.",
        "Illustration: half circles in shades of blue resting inside each other, like the "
        "arches of a bridge.",
        draw_arches,
    ),
    Picture(
        "hyllor",
        "Bokhyllor",
        "Illustration: hyllor med böcker i blått, grönt och gult, några stående och några "
        "liggande.",
        "Illustration: shelves of books in blue, green and yellow, some standing and some "
        "lying down.",
        draw_shelves,
    ),
    Picture(
        "staden",
        "Staden vid vattnet",
        "Illustration: enkla husformer i blått och grönt vid en vattenyta där husen speglar sig.",
        "Illustration: simple house shapes in blue and green by the water, reflected in it.",
        draw_town,
    ),
    Picture(
        "kalender",
        "Kalenderrutor",
        "Illustration: ett rutnät som liknar ett kalenderblad, där några dagar är markerade "
        "i gult.",
        "Illustration: a grid like a calendar page, with a few days marked in yellow.",
        draw_calendar,
    ),
]


def collection() -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=COLLECTION).first()
    return found or root.add_child(name=COLLECTION)


def images(into: Collection, *, created=lambda obj: None) -> dict[str, object]:
    """{key: Image}: the demo pictures, drawn only the first time; `created(image)` is
    called for each new or changed one."""
    Image = get_image_model()
    existing = {image.title: image for image in Image.objects.filter(collection=into)}
    found = {}
    for seed, picture in enumerate(PICTURES, start=1):
        image = existing.get(picture.title)
        if image is None:
            data = picture.draw(random.Random(seed))  # noqa: S311 (a drawing, not a secret)
            image = Image(
                title=picture.title,
                description=picture.alt,
                collection=into,
                file=ImageFile(io.BytesIO(data), name=f"{picture.key}.jpg"),
            )
            image.save()
            created(image)
        elif image.description != picture.alt:
            image.description = picture.alt
            image.save(update_fields=["description"])
            created(image)
        found[picture.key] = image
    return found


def alt_text(key: str, language: str = "sv") -> str:
    picture = next(p for p in PICTURES if p.key == key)
    return picture.alt_en if language == "en" else picture.alt


# -- printable material -----------------------------------------------------------------


@dataclass(frozen=True)
class Handout:
    key: str
    title: str
    lead: str
    sections: list[tuple[str, list[str]]]


def render_handout(handout: Handout) -> bytes:
    """A one- or two-page checklist: a heading, a lead, and headed lists of points."""
    regular, bold = fonts.register()
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=15)
    lead = ParagraphStyle("lead", parent=body, fontSize=12, leading=17, spaceAfter=4 * mm)
    title = ParagraphStyle(
        "title", fontName=bold, fontSize=18, leading=23, textColor=colors.HexColor("#14406e")
    )
    heading = ParagraphStyle(
        "heading", fontName=bold, fontSize=12.5, leading=17, spaceBefore=5 * mm, spaceAfter=2 * mm
    )
    story = [Paragraph(escape(handout.title), title), Spacer(1, 4 * mm)]
    story.append(Paragraph(escape(handout.lead), lead))
    for section, points in handout.sections:
        story.append(Paragraph(escape(section), heading))
        story.append(
            ListFlowable(
                [ListItem(Paragraph(escape(point), body)) for point in points],
                bulletType="bullet",
                bulletFontName=regular,
                start="–",
                leftIndent=6 * mm,
            )
        )
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=16 * mm,
        title=handout.title,
        author="Älvstads kommun, socialförvaltningen",
        subject=handout.lead,
        lang="sv",
        invariant=True,  # no creation date or random id: the same bytes every run
    )
    document.build(
        story,
        canvasmaker=numbered_canvas(
            header_left="Introduktionsprogrammet för socialsekreterare",
            footer_left="Älvstads kommun · socialförvaltningen",
        ),
    )
    return out.getvalue()


def documents(
    into: Collection, handouts: list[Handout], *, created=lambda obj: None
) -> dict[str, object]:
    """{key: Document}: the handouts, rendered only the first time."""
    Document = get_document_model()
    existing = {doc.title: doc for doc in Document.objects.filter(collection=into)}
    found = {}
    for handout in handouts:
        document = existing.get(handout.title)
        if document is None:
            document = Document(
                title=handout.title,
                collection=into,
                file=SimpleUploadedFile(
                    f"{handout.key}.pdf", render_handout(handout), "application/pdf"
                ),
            )
            document._set_document_file_metadata()
            document.save()
            created(document)
        found[handout.key] = document
    return found
