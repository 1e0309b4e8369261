"""Pictures for the demo data, drawn with Pillow: simple scenes of a meeting room, a car, a bedroom and an
office building, the same pixels on every run, saved once under MEDIA_ROOT/demo/ and shared by every demo row."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

SIZE = (480, 320)
VARIANTS = 3
PALETTES = [
    # wall, floor, accent, detail
    ("#e8eef5", "#b08d6a", "#005ea2", "#1b1b1b"),
    ("#f4efe6", "#8f9ca8", "#00a91c", "#3d4551"),
    ("#fdf3e1", "#a27b5c", "#d83933", "#2e2e2e"),
]


def _meeting_room(draw, wall, floor, accent, detail):
    draw.rectangle([0, 0, 480, 200], fill=wall)
    draw.rectangle([0, 200, 480, 320], fill=floor)
    draw.rectangle([40, 40, 200, 150], fill="#cfe8ff", outline=detail, width=4)  # window
    draw.line([120, 40, 120, 150], fill=detail, width=3)
    draw.rectangle([260, 50, 440, 140], fill="white", outline=detail, width=3)  # whiteboard
    draw.rectangle([100, 210, 380, 235], fill=accent)  # table
    for x in (110, 350):
        draw.rectangle([x, 235, x + 20, 290], fill=accent)
    for x in (70, 160, 250, 340, 410):
        draw.rectangle([x, 250, x + 30, 275], fill=detail)  # chairs


def _car(draw, wall, floor, accent, detail):
    draw.rectangle([0, 0, 480, 220], fill=wall)
    draw.rectangle([0, 220, 480, 320], fill="#9aa3ab")  # parking lot
    for x in range(20, 480, 120):
        draw.rectangle([x, 290, x + 60, 298], fill="white")
    draw.rounded_rectangle([70, 140, 410, 240], radius=30, fill=accent)  # body
    draw.polygon([(140, 140), (190, 80), (320, 80), (370, 140)], fill=accent)  # roof
    draw.polygon([(160, 138), (198, 92), (250, 92), (250, 138)], fill="#cfe8ff")
    draw.polygon([(262, 138), (262, 92), (312, 92), (350, 138)], fill="#cfe8ff")
    for x in (130, 310):
        draw.ellipse([x, 205, x + 70, 275], fill=detail)
        draw.ellipse([x + 20, 225, x + 50, 255], fill="#d9d9d9")


def _bedroom(draw, wall, floor, accent, detail):
    draw.rectangle([0, 0, 480, 210], fill=wall)
    draw.rectangle([0, 210, 480, 320], fill=floor)
    draw.rectangle([300, 40, 430, 150], fill="#cfe8ff", outline=detail, width=4)  # window
    draw.rectangle([30, 150, 260, 260], fill="white", outline=detail, width=3)  # bed
    draw.rectangle([30, 190, 260, 260], fill=accent)  # blanket
    draw.rectangle([40, 160, 110, 185], fill="#f0f0f0", outline=detail, width=2)  # pillow
    draw.rectangle([300, 190, 440, 210], fill=detail)  # desk
    draw.rectangle([310, 210, 322, 280], fill=detail)
    draw.rectangle([418, 210, 430, 280], fill=detail)


def _building(draw, wall, floor, accent, detail):
    draw.rectangle([0, 0, 480, 320], fill="#cfe8ff")  # sky
    draw.rectangle([0, 270, 480, 320], fill="#7a9a5c")  # lawn
    draw.rectangle([110, 60, 370, 280], fill=wall, outline=detail, width=3)
    for row in range(4):
        for col in range(4):
            x, y = 135 + col * 60, 80 + row * 42
            draw.rectangle([x, y, x + 30, y + 26], fill="#9ec5e8", outline=detail, width=2)
    draw.rectangle([215, 240, 265, 280], fill=accent)  # door
    draw.rectangle([110, 40, 370, 60], fill=accent)  # sign


SCENES = {"facility": _meeting_room, "car": _car, "room": _bedroom, "organisation": _building}


def draw(kind: str, variant: int) -> bytes:
    """The PNG of one scene in one of the palettes: the same bytes every time."""
    image = Image.new("RGB", SIZE, "white")
    SCENES[kind](ImageDraw.Draw(image), *PALETTES[variant % len(PALETTES)])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def demo_image(kind: str, variant: int) -> str:
    """The storage name of a demo picture, drawn and saved the first time it is asked for."""
    name = f"demo/{kind}-{variant % VARIANTS + 1}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(draw(kind, variant)))
    return name


def add_demo_photos(model, field, parents, kind, describe, per=2):
    """Give each of `parents` that has no photo yet `per` demo photos (`describe(parent, n)` is the alt
    text), so seeding again adds none. Returns how many were added."""
    has_position = any(f.name == "position" for f in model._meta.get_fields())
    rows = []
    for parent in parents.filter(photos__isnull=True).order_by("pk"):
        for n in range(per):
            row = model(**{field: parent}, image=demo_image(kind, parent.pk + n), caption=describe(parent, n))
            if has_position:
                row.position = n
            rows.append(row)
    model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
