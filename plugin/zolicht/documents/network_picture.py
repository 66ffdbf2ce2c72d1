"""The network map as a picture: the ecogram's three rings around the family, as SVG.

The method maps the network in rings (seed 004, after the Richtlijn): close by (family,
close friends, neighbours), further away, and groups and institutions (school, club,
church). ``svg`` draws the family's current map that way from the record; ``words`` and
``text_alternative`` say the same in plain Dutch, for the page and for Word's alt text.

What is drawn, and how:

- the family in the centre; each person of the latest map made on or before the day, in
  their ring, spread evenly around it. Without a map: the record's network people, all in
  "dichtbij". Someone on the "never involve" list is never drawn, named or counted;
- names and roles as real text (``<text>``), so the picture can be searched, read aloud
  and printed sharply; every name is XML-escaped;
- readable in black and white: rings differ by line style (solid, dashed, dotted) and
  carry their name; the kinds of support are letters in small boxes (P, E, I, N); who
  stays for a longer time has a double outline; a legend under the picture says so;
- no label overlaps another, the centre or a ring's name: ``layout`` tries a few font
  sizes and one to three tracks per ring, grows the rings until the label boxes it
  computes are apart, and keeps the arrangement whose text is largest once the picture
  is scaled to a fixed width. Text widths are estimated on the wide side (DejaVu Sans /
  Verdana metrics), so real text stays inside its box;
- deterministic: the same record and day give the same bytes.

**The safety circles.** ``safety_svg`` draws the youth's safety circles (Family Finding)
the same way and by the same rules: three circles around the youth, "weet alles"
innermost, then "weet een beetje", then "wil ik erbij", each person in the circle the map
gives them (``MapEntry.circle``). People without a circle are not in it; circle 4,
"nooit", is the never-involve list and is never drawn. ``safety_text_alternative`` says
the same in words, or, when nobody is in the circles yet, says that.

**Word.** ``png`` rasterises the same SVG (cairosvg, on Debian's libcairo2) for the
netwerkkaart document, where it is an ordinary inline picture with the text alternative
as its alt text and as a paragraph under it. A PNG is chosen over the alternatives
because it is the one form that renders the same in Word and in LibreOffice/Collabora:
an SVG part (``asvg:svgBlip``) needs a PNG fallback anyway and is shown by Word only
from 2016 on, and DrawingML shapes with text frames for 30 people are laid out
differently by LibreOffice than by Word (text boxes shift and clip). The text is not lost:
it is in the alt text and in the paragraph under the picture.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from zolicht import messages as M
from zolicht.domain.method import MapEntry, NetworkMap, Ring, SafetyCircle, Support
from zolicht.domain.model import Circle, Family, Person

RINGS = (Ring.CLOSE, Ring.FURTHER, Ring.GROUPS)
CIRCLES = (SafetyCircle.KNOWS_ALL, SafetyCircle.KNOWS_SOME, SafetyCircle.WANTED)
"""The youth's safety circles 1 to 3, from the centre outwards (4, "never", is not drawn)."""
Place = Ring | SafetyCircle
"""Where a person is drawn: a ring of the ecogram or a safety circle."""
SUPPORTS = (Support.PRACTICAL, Support.EMOTIONAL, Support.INFORMATIVE, Support.NORMATIVE)
RING_LINES = ("", "8 5", "2 4")
"""Line style per ring (SVG ``stroke-dasharray``): solid, dashed, dotted."""
RING_FILLS = ("#e4e4e4", "#eeeeee", "#f7f7f7")
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
FONT_SIZE = 14.0
TRACKS = (1, 2, 3)
PAD = 3.0
GAP = 2.0
"""Space left between two label boxes."""
LINE = 1.25
"""Line height, in font sizes."""

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1."""


@dataclass(frozen=True)
class Drawn:
    """One person on the picture."""

    name: str
    role: str
    ring: Place
    support: tuple[Support, ...] = ()
    long_term: bool = False


@dataclass(frozen=True)
class Label:
    person: Drawn
    x: float
    """Centre of the person's mark."""
    y: float
    box: Box
    """Everything drawn for the person: mark, name, role, letters."""
    anchor: str
    """Where the text stands from the mark, outwards: ``start`` (right of it), ``end``
    (left of it) or ``middle`` (above or below it)."""
    text_x: float
    text_top: float


@dataclass(frozen=True)
class Layout:
    font: float
    centre: tuple[float, float]
    centre_radius: float
    radii: tuple[float, ...]
    """Outer edge of each ring."""
    labels: tuple[Label, ...]
    titles: tuple[tuple[str, float, float, Box], ...]
    """Each ring's name: text, x, baseline, box."""
    centre_box: Box
    view: Box
    """The picture without its legend."""

    def boxes(self) -> list[Box]:
        """Every box that must stay apart: labels, ring names and the centre."""
        return [label.box for label in self.labels] + [t[3] for t in self.titles] + [
            self.centre_box]


# -- who is on the map ----------------------------------------------------------------------
def map_on(family: Family, on: date) -> NetworkMap | None:
    """The latest map made on or before ``on``."""
    made = [m for m in family.method.maps if m.made_on <= on]
    return max(made, key=lambda m: m.made_on, default=None)


def _mapped(family: Family, on: date) -> list[tuple[MapEntry, Person | None]]:
    """The entries of the map of ``on`` with their person, never anyone on the "never
    involve" list."""
    current = map_on(family, on)
    method = family.method
    found = []
    for entry in current.entries if current else ():
        if method.never_involved(entry.person, entry.name):
            continue
        person = family.person(entry.person) if entry.person else None
        if person is not None and method.never_involved(person.key, person.name):
            continue
        found.append((entry, person))
    return found


def drawn(family: Family, on: date) -> tuple[Drawn, ...]:
    """Who the picture shows, in the map's order: never anyone on the "never involve"
    list. Without a map, the network people of the record, all close by."""
    if map_on(family, on) is None:
        return tuple(Drawn(p.name, p.role, Ring.CLOSE) for p in family.involved(Circle.NETWORK))
    return tuple(Drawn(entry.name, person.role if person else "", entry.ring,
                       tuple(s for s in SUPPORTS if s in entry.support), entry.long_term)
                 for entry, person in _mapped(family, on))


def circled(family: Family, on: date) -> tuple[Drawn, ...]:
    """Who the safety circles show, in the map's order: the people the map gives a
    circle; never anyone on the "never involve" list (circle 4 is not drawn)."""
    return tuple(Drawn(entry.name, person.role if person else "", entry.circle)
                 for entry, person in _mapped(family, on) if entry.circle is not None)


def centre_of(family: Family, on: date) -> str:
    """Whom the safety circles are around: the family's oldest youth, else the family."""
    youths = [p for p in family.people if p.circle is Circle.FAMILY and p.birth_date
              and _age(p.birth_date, on) < 18]
    oldest = min(youths, key=lambda p: p.birth_date or on, default=None)
    return oldest.name if oldest else family.name


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# -- in words -------------------------------------------------------------------------------
def describe(person: Drawn) -> str:
    """"Oma Ria (oma; praktische hulp, steun en een luisterend oor; ook op lange termijn)"."""
    details = [person.role] if person.role else []
    if person.support:
        details.append(", ".join(M.MAP_SUPPORT[s.value][1] for s in person.support))
    if person.long_term:
        details.append(M.MAP_LONG_TERM_SHORT)
    return M.MAP_PERSON.format(name=person.name, details="; ".join(details)) if details \
        else person.name


def words(family: Family, on: date) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per ring, from the centre outwards: its name and who is in it, described."""
    people = drawn(family, on)
    return tuple((M.MAP_RINGS[ring.value], tuple(describe(p) for p in people if p.ring is ring))
                 for ring in RINGS)


def intro(family: Family, on: date) -> str:
    current = map_on(family, on)
    if current is None:
        return M.MAP_INTRO_NO_MAP.format(date=_day(on))
    return M.MAP_INTRO.format(date=_day(on), made=_day(current.made_on))


def text_alternative(family: Family, on: date) -> str:
    """The picture in plain Dutch: when, who is in the centre, who is in which ring."""
    sentences = [M.MAP_TITLE.format(family=family.name) + ".", intro(family, on),
                 M.MAP_CENTRE.format(family=family.name)]
    for ring, people in words(family, on):
        listed = ", ".join(people) if people else M.MAP_NOBODY
        sentences.append(M.MAP_RING_LINE.format(ring=_capital(ring), people=listed))
    if not drawn(family, on):
        sentences.append(M.MAP_EMPTY)
    return " ".join(sentences)


def safety_words(family: Family, on: date) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per safety circle, from the centre outwards: its name and who is in it."""
    people = circled(family, on)
    return tuple((M.SAFETY_CIRCLES[c.value], tuple(describe(p) for p in people
                                                   if p.ring is c)) for c in CIRCLES)


def safety_text_alternative(family: Family, on: date, centre: str) -> str:
    """The safety circles in plain Dutch: whose, when, who is in which circle; or, when
    nobody has a circle yet, a short line that says so."""
    current = map_on(family, on)
    sentences = [M.SAFETY_TITLE.format(name=centre) + "."]
    if not circled(family, on):
        return " ".join(sentences + [M.SAFETY_EMPTY.format(name=centre)])
    assert current is not None  # someone has a circle: there is a map
    sentences += [M.MAP_INTRO.format(date=_day(on), made=_day(current.made_on)),
                  M.MAP_CENTRE.format(family=centre)]
    for circle, people in safety_words(family, on):
        listed = ", ".join(people) if people else M.MAP_NOBODY
        sentences.append(M.MAP_RING_LINE.format(ring=_capital(circle), people=listed))
    sentences.append(M.SAFETY_NEVER_NOT_DRAWN)
    return " ".join(sentences)


def _day(on: date) -> str:
    return f"{on.day}-{on.month}-{on.year}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- text sizes -----------------------------------------------------------------------------
NARROW = set("ijl.,:;!|'`\u2019")
SLIM = set("frtI()[]-/ ")
WIDE = set("mwMW@%&")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the width of ``text`` that errs on the wide side."""
    em = 0.0
    for char in text:
        if char in NARROW:
            em += 0.36
        elif char in SLIM:
            em += 0.5
        elif char in WIDE:
            em += 1.02
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            em += 1.05
        elif unicodedata.combining(char):
            continue
        elif char.isupper():
            em += 0.8
        else:
            em += 0.68
    return em * size * (1.1 if bold else 1.0)


def _lines(person: Drawn, font: float) -> list[tuple[str, float, bool]]:
    """The label's lines of text: the name (bold), the role."""
    lines = [(person.name, font, True)]
    if person.role:
        lines.append((person.role, font * 0.85, False))
    return lines


def _letter_size(font: float) -> float:
    return font * 0.8


def _letters_width(count: int, font: float) -> float:
    return count * _letter_size(font) * 1.35 + max(0, count - 1) * 2


def _mark(font: float) -> float:
    """Radius of the person's mark; a double outline adds a ring 3 units out."""
    return font * 0.45


def _text_block(person: Drawn, font: float) -> tuple[float, float]:
    """Width and height of a label's text: its lines, and the letters under them."""
    lines = _lines(person, font)
    width = max([text_width(t, s, b) for t, s, b in lines] +
                [_letters_width(len(person.support), font)]) + 2 * PAD
    height = sum(s * LINE for _, s, _ in lines) + 2 * PAD
    if person.support:
        height += _letter_size(font) * 1.35 + 2
    return width, height


def _label(person: Drawn, x: float, y: float, angle: float, font: float) -> Label:
    """The person's mark at (x, y) with the text on the side away from the centre: right
    or left of the mark on the sides of the picture, below or above it at the bottom and
    the top."""
    width, height = _text_block(person, font)
    outer = _mark(font) + 3.5
    cos, sin = math.cos(angle), math.sin(angle)
    if abs(cos) >= 0.5:
        half = max(height, 2 * outer) / 2
        if cos > 0:
            box = (x - outer, y - half, x + outer + width, y + half)
            return Label(person, x, y, box, "start", x + outer + PAD, y - height / 2)
        box = (x - outer - width, y - half, x + outer, y + half)
        return Label(person, x, y, box, "end", x - outer - PAD, y - height / 2)
    half = max(width, 2 * outer) / 2
    if sin > 0:
        box = (x - half, y - outer, x + half, y + outer + height)
        return Label(person, x, y, box, "middle", x, y + outer)
    box = (x - half, y - outer - height, x + half, y + outer)
    return Label(person, x, y, box, "middle", x, y - outer - height)


def _apart(a: Box, b: Box) -> bool:
    return (a[2] + GAP <= b[0] or b[2] + GAP <= a[0] or a[3] + GAP <= b[1]
            or b[3] + GAP <= a[1])


def overlapping(boxes: list[Box]) -> list[tuple[int, int]]:
    """Pairs of boxes (by index) that touch or overlap."""
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
            if not _apart(boxes[i], boxes[j])]


# -- layout ---------------------------------------------------------------------------------
def layout(name: str, people: tuple[Drawn, ...], font: float = FONT_SIZE,
           rings: tuple[Place, ...] = RINGS,
           names: dict[str, str] | None = None) -> Layout:
    """Rings from the centre outwards, each as narrow as it can be: its people spread
    evenly on one to three tracks, the ring widened step by step until no box of it
    touches another box of it or of the rings (and names) inside it. ``rings`` are the
    places from the centre outwards (the ecogram's rings, or the safety circles), named
    by ``names`` (by value)."""
    names = M.MAP_RINGS if names is None else names
    centre_radius = max(font * 3.5, text_width(name, font * 1.15, True) / 2 + font * 0.8)
    centre_box = (-centre_radius, -centre_radius, centre_radius, centre_radius)
    fixed = [centre_box]
    labels: list[Label] = []
    titles: list[tuple[str, float, float, Box]] = []
    radii: list[float] = []
    inner = centre_radius
    for k, ring in enumerate(rings):
        members = [p for p in people if p.ring is ring]
        options = [_ring(members, k, names[ring.value], inner, tracks, font, fixed)
                   for tracks in (TRACKS if len(members) > 6 else (1,))]
        band, placed, title = min(options, key=lambda option: option[0])
        labels.extend(placed)
        titles.append(title)
        fixed.extend([label.box for label in placed] + [title[3]])
        inner += band
        radii.append(inner)
    edge = inner + 4
    everything = [label.box for label in labels] + [(-edge, -edge, edge, edge)]
    margin = font
    view = (min(b[0] for b in everything) - margin, min(b[1] for b in everything) - margin,
            max(b[2] for b in everything) + margin, max(b[3] for b in everything) + margin)
    return Layout(font, (0.0, 0.0), centre_radius, tuple(radii), tuple(labels),
                  tuple(titles), centre_box, view)


def _ring(members: list[Drawn], k: int, text: str, inner: float, tracks: int, font: float,
          fixed: list[Box]) -> tuple[float, list[Label], tuple[str, float, float, Box]]:
    """The narrowest band for ring ``k`` whose labels and name keep apart from each other
    and from what is ``fixed`` already."""
    band = font * 4.5
    count = len(members)
    step = 2 * math.pi / count if count else 0.0
    shift = (0.0, 1.0, -1.0)[k] * step / 6
    width = text_width(text, font, True)
    while True:
        placed = []
        for i, person in enumerate(members):
            angle = -math.pi / 2 + step * (i + 0.5) + shift
            radius = inner + band * ((i % tracks) + 1) / (tracks + 1)
            placed.append(_label(person, radius * math.cos(angle), radius * math.sin(angle),
                                 angle, font))
        baseline = -(inner + band) + font * 1.4
        title = (text, 0.0, baseline, (-width / 2 - PAD, baseline - font - PAD,
                                       width / 2 + PAD, baseline + font * 0.3))
        own = [label.box for label in placed] + [title[3]]
        if not overlapping(own) and all(_apart(a, b) for a in own for b in fixed):
            return band, placed, title
        band *= 1.06


# -- SVG ------------------------------------------------------------------------------------
def svg(family: Family, on: date, ident: str = "netwerkkaart") -> str:
    """The picture as an SVG document (without XML declaration, so that it can be put
    inline in a page as it is). ``ident`` prefixes the ids of its title and description,
    which must be unique on a page."""
    people = drawn(family, on)
    plan = layout(family.name, people)
    legend = _legend(people, plan.font, plan.view[0], plan.view[3])
    return _draw(plan, ident, M.MAP_TITLE.format(family=family.name),
                 text_alternative(family, on), family.name, legend)


def safety_svg(family: Family, on: date, centre: str,
               ident: str = "veiligheidscirkels") -> str:
    """The youth's safety circles as an SVG document, drawn like the network map: three
    circles around ``centre`` (the youth), "weet alles" innermost, then "weet een
    beetje", then "wil ik erbij". People without a circle are not in it, nor is anyone on
    the "never involve" list."""
    people = circled(family, on)
    plan = layout(centre, people, rings=CIRCLES, names=M.SAFETY_CIRCLES)
    legend = _safety_legend(people, plan.font, plan.view[0], plan.view[3])
    return _draw(plan, ident, M.SAFETY_TITLE.format(name=centre),
                 safety_text_alternative(family, on, centre), centre, legend)


def _draw(plan: Layout, ident: str, title: str, description: str, centre: str,
          legend: tuple[list[str], float, float]) -> str:
    font = plan.font
    x0, y0, x1, y1 = plan.view
    drawing, legend_height, legend_width = legend
    x1 = max(x1, x0 + legend_width + 2 * font)
    y1 += legend_height
    width, height = x1 - x0, y1 - y0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'viewBox="{_n(x0)} {_n(y0)} {_n(width)} {_n(height)}" '
        f'width="{_n(width)}" height="{_n(height)}" role="img" '
        f'aria-labelledby="{ident}-titel" aria-describedby="{ident}-uitleg" '
        f'font-family={quoteattr(FONT)} fill="#000000">',
        f'<title id="{ident}-titel">{escape(title)}</title>',
        f'<desc id="{ident}-uitleg">{escape(description)}</desc>',
        f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(width)}" height="{_n(height)}" '
        f'fill="#ffffff"/>',
    ]
    cx, cy = plan.centre
    for k in (2, 1, 0):
        dash = f' stroke-dasharray="{RING_LINES[k]}"' if RING_LINES[k] else ""
        parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(plan.radii[k])}" '
                     f'fill="{RING_FILLS[k]}" stroke="#000000" stroke-width="1.5"{dash}/>')
    parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(plan.centre_radius)}" '
                 f'fill="#ffffff" stroke="#000000" stroke-width="3"/>')
    parts.append(f'<text x="{_n(cx)}" y="{_n(cy + font * 0.4)}" text-anchor="middle" '
                 f'font-size="{_n(font * 1.15)}" font-weight="bold">'
                 f'{escape(centre)}</text>')
    for text, x, baseline, box in plan.titles:
        parts.append(_plate(box))
        parts.append(f'<text x="{_n(x)}" y="{_n(baseline)}" text-anchor="middle" '
                     f'font-size="{_n(font)}" font-weight="bold" font-style="italic">'
                     f'{escape(text)}</text>')
    for label in plan.labels:
        parts.append(_person(label, font))
    parts.extend(drawing)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _person(label: Label, font: float) -> str:
    person, x, y = label.person, label.x, label.y
    mark = _mark(font)
    out = ["<g>", _plate(label.box)]
    out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(mark)}" fill="#ffffff" '
               f'stroke="#000000" stroke-width="2"/>')
    if person.long_term:
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(mark + 3)}" fill="none" '
                   f'stroke="#000000" stroke-width="1.5"/>')
    top = label.text_top + PAD
    for text, size, bold in _lines(person, font):
        top += size * LINE
        weight = ' font-weight="bold"' if bold else ""
        out.append(f'<text x="{_n(label.text_x)}" y="{_n(top - size * 0.3)}" '
                   f'text-anchor="{label.anchor}" font-size="{_n(size)}"{weight}>'
                   f'{escape(text)}</text>')
    if person.support:
        letters = _letters_width(len(person.support), font)
        left = {"start": label.text_x, "end": label.text_x - letters,
                "middle": label.text_x - letters / 2}[label.anchor]
        out.extend(_letters(person.support, left, top + 2, _letter_size(font)))
    out.append("</g>")
    return "\n".join(out)


def _letters(support: tuple[Support, ...], left: float, top: float, size: float) -> list[str]:
    """Each kind of support as its letter in a small box."""
    cell = size * 1.35
    out = []
    for i, kind in enumerate(support):
        x = left + i * (cell + 2)
        out.append(f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(cell)}" height="{_n(cell)}" '
                   f'fill="#ffffff" stroke="#000000" stroke-width="1"/>')
        out.append(f'<text x="{_n(x + cell / 2)}" y="{_n(top + cell * 0.74)}" '
                   f'text-anchor="middle" font-size="{_n(size)}" font-weight="bold">'
                   f'{M.MAP_SUPPORT[kind.value][0]}</text>')
    return out


def _legend(people: tuple[Drawn, ...], font: float, left: float,
            top: float) -> tuple[list[str], float, float]:
    """The legend under the picture: what the letters and the outlines mean. Returns the
    SVG, its height and its width."""
    size = font
    row = size * 1.7
    x = left + font
    y = top + font
    out = [f'<text x="{_n(x)}" y="{_n(y + size)}" font-size="{_n(size)}" '
           f'font-weight="bold">{escape(M.MAP_LEGEND)}</text>']
    widths = [text_width(M.MAP_LEGEND, size, True)]
    y += row
    if not people:
        out.append(f'<text x="{_n(x)}" y="{_n(y + size)}" font-size="{_n(size)}">'
                   f'{escape(M.MAP_EMPTY)}</text>')
        widths.append(text_width(M.MAP_EMPTY, size))
        y += row
    cell = _letter_size(font) * 1.35
    for kind in SUPPORTS:
        letter, meaning = M.MAP_SUPPORT[kind.value]
        out.extend(_letters((kind,), x, y, _letter_size(font)))
        out.append(f'<text x="{_n(x + cell + size * 0.6)}" y="{_n(y + cell * 0.78)}" '
                   f'font-size="{_n(size)}">{escape(meaning)}</text>')
        widths.append(cell + size * 0.6 + text_width(meaning, size))
        y += row
    mark = _mark(font)
    for double, meaning in ((True, M.MAP_LONG_TERM), (False, M.MAP_SHORT_TERM)):
        mx, my = x + mark + 3, y + cell / 2
        out.append(f'<circle cx="{_n(mx)}" cy="{_n(my)}" r="{_n(mark)}" fill="#ffffff" '
                   f'stroke="#000000" stroke-width="2"/>')
        if double:
            out.append(f'<circle cx="{_n(mx)}" cy="{_n(my)}" r="{_n(mark + 3)}" '
                       f'fill="none" stroke="#000000" stroke-width="1.5"/>')
        out.append(f'<text x="{_n(x + cell + size * 0.6)}" y="{_n(y + cell * 0.78)}" '
                   f'font-size="{_n(size)}">{escape(meaning)}</text>')
        widths.append(cell + size * 0.6 + text_width(meaning, size))
        y += row
    return out, y - top + font, max(widths) + font


def _safety_legend(people: tuple[Drawn, ...], font: float, left: float,
                   top: float) -> tuple[list[str], float, float]:
    """Under the safety circles: what the circles mean, from the inside out, and that
    circle 4 ("nooit") is not drawn. Returns the SVG, its height and its width."""
    size = font
    row = size * 1.7
    x, y = left + font, top + font
    lines = [(M.SAFETY_LEGEND, True)]
    if not people:
        lines.append((M.SAFETY_NOBODY, False))
    lines += [(M.SAFETY_LEGEND_LINE.format(n=k + 1, circle=M.SAFETY_CIRCLES[c.value]), False)
              for k, c in enumerate(CIRCLES)]
    lines.append((M.SAFETY_NEVER_NOT_DRAWN, False))
    out = []
    for text, bold in lines:
        weight = ' font-weight="bold"' if bold else ""
        out.append(f'<text x="{_n(x)}" y="{_n(y + size)}" font-size="{_n(size)}"{weight}>'
                   f'{escape(text)}</text>')
        y += row
    width = max(text_width(text, size, bold) for text, bold in lines)
    return out, y - top + font, width + font


def _plate(box: Box) -> str:
    """A white background under a label, so that ring lines never cross text."""
    x0, y0, x1, y1 = box
    return (f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" '
            f'rx="3" fill="#ffffff" fill-opacity="0.92"/>')


def _n(value: float) -> str:
    """A coordinate, the same way every time (no ``-0.0``)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def size(picture: str) -> tuple[float, float]:
    """The width and height an SVG made by ``svg`` declares."""
    found = re.search(r'width="([0-9.]+)" height="([0-9.]+)"', picture)
    assert found is not None
    return float(found[1]), float(found[2])


# -- for Word ---------------------------------------------------------------------------------
def png(picture: str, width: int = 1600) -> bytes:
    """The SVG as a PNG ``width`` pixels wide (for the Word document)."""
    import cairosvg  # only the documents need it, and it loads libcairo

    result = cairosvg.svg2png(bytestring=picture.encode("utf-8"), output_width=width)
    assert isinstance(result, bytes)
    return result
