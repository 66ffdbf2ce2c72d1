"""The documents' test family with a full method record, and LibreOffice conversion in
one batch (a cold soffice start costs more than converting several files)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import EXAMPLE, NOW
from zolicht.documents.controls import W
from zolicht.domain.contacts import ContactPlan, Moment, MomentKind, Series
from zolicht.domain.method import (
    Contribution,
    Evaluation,
    HandOver,
    JimMandate,
    MapEntry,
    MethodRecord,
    NetworkMap,
    NeverInvolve,
    Ring,
    Support,
    Task,
)
from zolicht.domain.model import Circle, Family, Person
from zolicht.services.transfer import parse_family

ON = NOW.date()
NEVER_REASON = "Dreigde Sanne mee te nemen"
"""The never-involve reason: for the professional only, printed nowhere."""
LEFT_OUT = ("Buurvrouw Ans", "Oom Henk", "06-56789012", "06-99999999", NEVER_REASON)
"""Ans refused by Sanne, Henk on the never-involve list: none of this may be printed."""
LEFT_OUT_WORDS = re.compile(r"\b(Ans|Henk)\b")


def example() -> Family:
    """The example family before anything of the method is recorded."""
    return replace(parse_family(EXAMPLE.read_text(), EXAMPLE.parent, ON)[0],
                   method=MethodRecord())


def method_record() -> MethodRecord:
    first = NetworkMap(date(2026, 9, 1), "stap-3", (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE, (Support.PRACTICAL,), "Oppassen op Daan",
                 True),
        MapEntry("kevin", "Kevin", Ring.CLOSE, (Support.EMOTIONAL,), "Luisteren"),
        MapEntry("ans", "Buurvrouw Ans", Ring.FURTHER, (Support.PRACTICAL,), "Koken"),
        MapEntry("henk", "Oom Henk", Ring.CLOSE, (Support.PRACTICAL,), "Klussen"),
    ))
    second = NetworkMap(date(2026, 11, 1), "evaluatie", (
        MapEntry("oma-ria", "Oma Ria", Ring.CLOSE, (Support.PRACTICAL, Support.EMOTIONAL),
                 "Oppassen op Daan", True),
        MapEntry("kevin", "Kevin", Ring.CLOSE, (Support.EMOTIONAL, Support.INFORMATIVE)),
        MapEntry("joost", "Meester Joost", Ring.GROUPS, (Support.INFORMATIVE,),
                 "Huiswerkklas op dinsdag"),
        MapEntry("ans", "Buurvrouw Ans", Ring.FURTHER, (Support.PRACTICAL,), "Koken"),
        MapEntry("henk", "Oom Henk", Ring.CLOSE, (Support.PRACTICAL,), "Klussen"),
        MapEntry("", "Trainer Bas", Ring.FURTHER, (Support.NORMATIVE,),
                 "Training op zaterdag", True),
    ))
    return MethodRecord(
        maps=(first, second),
        evaluations=(
            Evaluation("e1", date(2026, 10, 1), notes="Het gaat beter met slapen.",
                       next_time="Lukt het ophalen van Daan?",
                       network=(Contribution("oma-ria", "Oma Ria", "Haalde Daan twee keer "
                                             "per week op"),
                                Contribution("ans", "Buurvrouw Ans", "Kookte op woensdag"),
                                Contribution("henk", "Oom Henk", "Kwam langs"))),
        ),
        never=(NeverInvolve("Oom Henk", "henk", NEVER_REASON, date(2026, 10, 15)),),
        tasks=(
            Task("t1", "oma-ria", "Haalt Daan op van school", "dinsdag en donderdag"),
            Task("t2", "kevin", "Belt Sanne na school", "elke vrijdag"),
            Task("t3", "lotte", "Overleg met school over het rooster", "eens per maand",
                 HandOver.POSSIBLE, "joost"),
            Task("t4", "ans", "Kookt op woensdag", "woensdag"),
            Task("t5", "henk", "Brengt Sanne naar sport", "zaterdag"),
            Task("t6", "lotte", "Contact met Veilig Thuis", "", HandOver.NOT_POSSIBLE),
        ),
        helpers=(("groen", ("oma-ria", "ans", "henk")), ("oranje", ("kevin", "oma-ria")),
                 ("rood", ("kevin",))),
        backup="oma-ria",
        jim=JimMandate(know="Hoe het op school gaat", do="Mee naar gesprekken op school"),
    )


def rich_family() -> Family:
    """The example family with Oom Henk (never involve) and a full method record."""
    base = example()
    henk = Person("henk", "Oom Henk", "oom", Circle.NETWORK, phone="06-99999999")
    return replace(base, people=base.people + (henk,), method=method_record())


def contact_plan() -> ContactPlan:
    return ContactPlan(
        series=(Series("bijpraten", "Bijpraten", datetime(2026, 12, 1, 16, 0), 60, 2,
                       date(2027, 6, 29), ("petra", "sanne", "oma-ria", "ans", "henk")),
                Series("oud", "Oude reeks", datetime(2026, 9, 1, 10, 0), 60, 1,
                       date(2026, 10, 31))),
        moments=(Moment("overleg", MomentKind.NETWORK_MEETING, "Netwerkoverleg",
                        datetime(2026, 12, 14, 19, 0), 90),
                 Moment("weg", MomentKind.CONTACT, "Afgezegd gesprek",
                        datetime(2026, 12, 21, 16, 0), 60, cancelled=True)),
        closing=date(2027, 6, 30), strips=5, strips_used=2)


# -- LibreOffice -------------------------------------------------------------------------------
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (installed by .ci/run)")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def convert_all(sources: list[Path], target_format: str, outdir: Path) -> list[Path]:
    """Convert several files with one soffice start."""
    profile = outdir / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", target_format, "--outdir", str(outdir),
                    *map(str, sources)], check=True, capture_output=True, timeout=300)
    extension = target_format.split(":")[0]
    return [outdir / f"{source.stem}.{extension}" for source in sources]


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return " ".join(text.split())


def docx_lines(content: bytes) -> list[str]:
    """Every paragraph's text, in order, from the body (tables included), headers, footers
    and the document properties: everything Word or LibreOffice could show."""
    import io

    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = ["word/document.xml"] + sorted(
            n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        for name in names:
            root = etree.fromstring(archive.read(name))
            for p in root.iter(f"{{{W}}}p"):
                text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                if text.strip():
                    lines.append(text)
        lines.append(archive.read("docProps/core.xml").decode())
    return lines


class Converted:
    """Named .docx files converted to PDF together, their text read once."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.sources: dict[str, Path] = {}
        self._text: dict[str, str] = {}

    def add(self, name: str, content: bytes) -> Path:
        path = self.directory / f"{name}.docx"
        path.write_bytes(content)
        self.sources[name] = path
        return path

    def convert(self) -> None:
        names = list(self.sources)
        pdfs = convert_all([self.sources[n] for n in names], "pdf", self.directory / "pdf")
        self._text = {n: pdf_text(p) for n, p in zip(names, pdfs, strict=True)}

    def text(self, name: str) -> str:
        return self._text[name]


def fill(path: Path, values: dict[str, str], deleted: str = "") -> None:
    """Type into controls as Word does: the hint goes, the text comes; optionally with a
    tracked deletion of ``deleted`` inside the first one."""
    from zolicht.documents.controls import NS

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    for sdt in root.iter(f"{{{W}}}sdt"):
        tag = sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val")
        if tag not in values:
            continue
        flag = sdt.find("w:sdtPr/w:showingPlcHdr", NS)
        flag.getparent().remove(flag)
        content = sdt.find("w:sdtContent", NS)
        for child in list(content):
            content.remove(child)
        run = etree.SubElement(content, f"{{{W}}}r")
        etree.SubElement(run, f"{{{W}}}t").text = values[tag]
        if deleted:
            removed = etree.SubElement(content, f"{{{W}}}del")
            gone = etree.SubElement(etree.SubElement(removed, f"{{{W}}}r"), f"{{{W}}}delText")
            gone.text = deleted
            deleted = ""
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


ODD_NAMES = {"oma-ria": "Noëlle van 't Hooft & Zn", "kevin": "Çağrı Øyvind",
             "ans": "ليلى العلي", "joost": "Ïsa Müller"}
LONG_TEXT = ("Dit is een lange afspraak. " * 80)[:2000]


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Converted:
    """Every document the tests read as PDF, converted in one LibreOffice run: each kind
    for the example family (``plain-KIND``) and for the family with a full record
    (``rich-KIND``), finalised ones (``final-KIND``) and one with odd names (``odd``)."""
    from zolicht.documents.render import KINDS, finalize, render

    batch = Converted(tmp_path_factory.mktemp("converted"))
    rich, plan = rich_family(), contact_plan()
    for kind in KINDS:
        batch.add(f"plain-{kind}", render(example(), kind, ON).content)
        batch.add(f"rich-{kind}", render(rich, kind, ON, plan=plan).content)
    draft = batch.add("draft-signaleringsplan",
                      render(rich, "signaleringsplan", ON, plan=plan).content)
    fill(draft, {"groen_ik_merk": "Rustig."})
    batch.add("final-signaleringsplan", finalize(draft.read_bytes(), "2"))
    batch.add("final-netwerkkaart", finalize(
        render(rich, "netwerkkaart", ON, plan=plan).content, "3"))
    base = example()
    odd = replace(base, name="Gezin Rijn & Vecht", people=tuple(
        replace(p, name=ODD_NAMES.get(p.key, p.name)) for p in base.people))
    path = batch.add("odd", render(odd, "afspraken", ON).content)
    fill(path, {"wat_oma_ria": LONG_TEXT})
    batch.convert()
    return batch
