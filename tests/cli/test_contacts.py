"""The contact plan from the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import EXAMPLE, run_cli, snapshot
from zolicht.store import Store

SERIES = ["contact", "add", "jansen", "gesprek", "--title", "Contactmoment", "--start",
          "2027-03-16 16:00", "--every-weeks", "2", "--until", "2027-06-29", "--with",
          "petra,sanne,oma-ria", "--where", "Bij Jansen thuis"]


def ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result
    return result.out


def test_plan_series_moments_taper_strips_and_export(cli_db: Store, tmp_path: Path) -> None:
    ok("contact", "plan", "jansen", "--closing", "2027-06-30", "--strips", "2")
    ok(*SERIES)
    ok("contact", "add", "jansen", "evaluatie", "--title", "Evaluatie", "--start",
       "2027-06-01 10:00", "--kind", "evaluation", "--with", "petra,lotte")
    ok("contact", "cancel", "jansen", "evaluatie")
    listing = ok("contact", "list", "jansen", "--from", "2027-03-01", "--to", "2027-12-31")
    lines = listing.splitlines()
    assert lines[0] == "di 16-03-2027 16:00  Contactmoment"
    assert "di 30-03-2027 16:00  Contactmoment" in lines  # after the change to summer time
    assert "di 01-06-2027 10:00  Evaluatie (afgezegd)" in lines
    assert sum("Nazorg" in line for line in lines) == 4
    assert ok("contact", "taper", "jansen").splitlines()[0].startswith("14-07-2027 16:00")
    assert "Nog 1 keer" in ok("contact", "use-strip", "jansen")
    assert "Nog 0 keer" in ok("contact", "use-strip", "jansen")
    empty = run_cli("contact", "use-strip", "jansen")
    assert empty.code == 2 and empty.err.startswith("fout: strips: ")
    out = tmp_path / "jansen.ics"
    ok("contact", "export", "jansen", "--out", str(out))
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 6  # the series, the evaluation and four aftercare moments
    assert sum(str(e.get("status")) == "CANCELLED" for e in events) == 1


BAD = {
    "diagnosis in a title": (["--title", "ADHD-gesprek"], "title"),
    "title with a newline": (["--title", "Gesprek\nmet iemand"], "title"),
    "title naming a never-involved person": (["--title", "Zonder oom Kees"], "title"),
    "start that is no time": (["--start", "morgen"], "start"),
    "unknown participant": (["--with", "nobody"], "with"),
    "too long": (["--minutes", "900"], "minutes"),
    "series without an end": (["--every-weeks", "2"], "until"),
    "series ending before it starts": (["--every-weeks", "2", "--until", "2020-01-01"],
                                       "until"),
    "every 20 weeks": (["--every-weeks", "20", "--until", "2028-01-01"], "every-weeks"),
    "unknown kind": (["--kind", "party"], "kind"),
    "path-like key": (["--key-override", "../x"], "key"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_contact_input_changes_nothing(cli_db: Store, case: str) -> None:
    changes, field = BAD[case]
    args = {"--title": "Contactmoment", "--start": "2027-03-16 16:00", "--with": "petra"}
    extra = list(changes)
    key = "gesprek"
    if extra[:1] == ["--key-override"]:
        key, extra = extra[1], []
    for flag in [c for c in extra if c.startswith("--")]:
        args.pop(flag, None)
    command = ["contact", "add", "jansen", key, *[x for kv in args.items() for x in kv], *extra]
    before = snapshot(cli_db)
    result = run_cli(*command)
    assert result.code == 2, result
    assert result.err.startswith(f"fout: {field}: "), result.err
    assert snapshot(cli_db) == before


def test_a_never_involved_person_takes_part_in_no_new_moment(cli_db: Store) -> None:
    ok("method", "never", "jansen", "Buurvrouw Ans", "--person", "ans")
    before = snapshot(cli_db)
    result = run_cli("contact", "add", "jansen", "gesprek", "--title", "Contactmoment",
                     "--start", "2027-03-16 16:00", "--with", "petra,ans")
    assert result.code == 2 and result.err.startswith("fout: with: "), result
    assert "nooit betrekken" in result.err
    assert snapshot(cli_db) == before


def test_bad_taper_is_refused(cli_db: Store) -> None:
    result = run_cli("contact", "plan", "jansen", "--taper", "2w,soon")
    assert result.code == 2 and result.err.startswith("fout: taper: ")


def test_the_contact_plan_survives_a_yaml_round_trip(cli_db: Store, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ok("contact", "plan", "jansen", "--closing", "2027-06-30", "--strips", "3",
       "--taper", "2w,6w,3m")
    ok(*SERIES)
    ok("contact", "add", "jansen", "evaluatie", "--title", "Evaluatie", "--start",
       "2027-06-01 10:00", "--kind", "evaluation", "--with", "petra,lotte")
    ok("contact", "cancel", "jansen", "evaluatie")
    ok("contact", "use-strip", "jansen")
    first = ok("family", "export", "jansen")
    assert "contacts:" in first and "every_weeks: 2" in first
    exported = tmp_path / "jansen.yaml"
    exported.write_text(first)
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    ok("family", "import", str(exported))
    assert ok("family", "export", "jansen") == first
    assert "Nog 1 keer" in ok("contact", "use-strip", "jansen")


def test_a_bad_contacts_section_is_refused_with_its_path(cli_db: Store, tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace("slug: jansen", "slug: ander") + (
        "contacts:\n  moments:\n    - {key: x, title: Trauma-uitleg, start: 2027-01-01 10:00}\n")
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLE.parent, examples)
    source = examples / "ander.yaml"
    source.write_text(text)
    result = run_cli("family", "import", str(source))
    assert result.code == 2 and result.err.startswith("fout: contacts.moments[0].title: ")


def test_one_occurrence_is_cancelled_and_another_moved(cli_db: Store) -> None:
    ok(*SERIES)
    said = ok("contact", "cancel-occurrence", "jansen", "gesprek", "2027-03-30")
    assert said.startswith("Afgezegd: Contactmoment op 30-03-2027. Alleen deze keer")
    said = ok("contact", "move-occurrence", "jansen", "gesprek", "2027-04-13", "--start",
              "2027-04-15 10:00")
    assert said.startswith("Verzet: Contactmoment van 13-04-2027 is nu op 2027-04-15 10:00.")
    lines = ok("contact", "list", "jansen", "--from", "2027-03-01", "--to", "2027-04-30"
               ).splitlines()
    assert lines == ["di 16-03-2027 16:00  Contactmoment",
                     "di 30-03-2027 16:00  Contactmoment (afgezegd)",
                     "do 15-04-2027 10:00  Contactmoment",
                     "di 27-04-2027 16:00  Contactmoment"]
    audit = ok("audit", "show", "jansen")
    assert "contact.cancel_one" in audit and "contact.move_one" in audit
    exported = ok("family", "export", "jansen")
    assert "changes:" in exported and "moved_to: 2027-04-15 10:00" in exported


BAD_OCCURRENCE = {
    "unknown series": (["cancel-occurrence", "jansen", "nope", "2027-03-30"], "series"),
    "not a day of the series": (["cancel-occurrence", "jansen", "gesprek", "2027-03-31"],
                                "date"),
    "after the series": (["cancel-occurrence", "jansen", "gesprek", "2027-07-13"], "date"),
    "no date": (["cancel-occurrence", "jansen", "gesprek", "30-03-2027"], "date"),
    "no such day": (["cancel-occurrence", "jansen", "gesprek", "2027-02-30"], "date"),
    "bad new start": (["move-occurrence", "jansen", "gesprek", "2027-03-30", "--start",
                       "later"], "start"),
    "onto another occurrence": (["move-occurrence", "jansen", "gesprek", "2027-03-30",
                                 "--start", "2027-04-13 09:00"], "start"),
}


@pytest.mark.parametrize("case", list(BAD_OCCURRENCE), ids=list(BAD_OCCURRENCE))
def test_bad_occurrence_changes_change_nothing(cli_db: Store, case: str) -> None:
    ok(*SERIES)
    args, field = BAD_OCCURRENCE[case]
    before = snapshot(cli_db)
    result = run_cli("contact", *args)
    assert result.code == 2, result
    assert result.err.startswith(f"fout: {field}: "), result.err
    assert snapshot(cli_db) == before


def test_changed_occurrences_survive_a_yaml_round_trip(cli_db: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ok(*SERIES)
    ok("contact", "cancel-occurrence", "jansen", "gesprek", "2027-03-30")
    ok("contact", "move-occurrence", "jansen", "gesprek", "2027-04-13", "--start",
       "2027-04-15 10:00")
    first = ok("family", "export", "jansen")
    exported = tmp_path / "jansen.yaml"
    exported.write_text(first)
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    ok("family", "import", str(exported))
    assert ok("family", "export", "jansen") == first
    bad = tmp_path / "bad.yaml"
    bad.write_text(first.replace("day: '2027-03-30'", "day: '2027-03-31'")
                   .replace("day: 2027-03-30", "day: 2027-03-31"))
    monkeypatch.setenv("ZOLICHT_DATABASE_URL", f"sqlite:///{tmp_path / 'third.sqlite3'}")
    result = run_cli("family", "import", str(bad))
    assert result.code == 2 and result.err.startswith(
        "fout: contacts.series[0].changes[0].day: "), result.err


RUNNING = ["contact", "add", "jansen", "gesprek", "--title", "Contactmoment", "--start",
           "2026-10-06 16:00", "--every-weeks", "2", "--until", "2027-06-29", "--with", "petra"]


def test_scaling_down_hints_proposes_and_applies_a_thinner_rhythm(cli_db: Store) -> None:
    ok(*RUNNING)
    said = ok("family", "status", "jansen", "scaling_down").splitlines()
    assert said[-1] == ("Er is een voorstel om af te schalen: minder vaak afspreken of taken "
                        "naar het netwerk. Bekijk het met: zolicht contact scale-down jansen")
    before = snapshot(cli_db)
    proposal = ok("contact", "scale-down", "jansen").splitlines()
    assert proposal == [
        "Afgesproken tempo: Rustig aan: eerst de woensdag goed regelen, dan pas meer mensen "
        "vragen.",
        "Voorstel om af te schalen (er is nog niets veranderd):",
        "- Contactmoment: nu elke 2 weken. Vanaf di 01-12-2026 16:00 elke 4 weken, "
        "tot en met 29-06-2027.",
        "- Taak naar het netwerk: Gezinsgesprek over de week gaat over naar Kevin.",
        "Akkoord? Voer dan uit: zolicht contact scale-down jansen --confirm"]
    assert snapshot(cli_db) == before
    assert ok("contact", "scale-down", "jansen", "--confirm").splitlines() == [
        "Afgeschaald: Contactmoment is vanaf di 01-12-2026 16:00 elke 4 weken.",
        "Overgedragen: Gezinsgesprek over de week doet nu Kevin."]
    with cli_db.reading() as tx:
        task = next(t for t in tx.families.load("jansen").method.tasks
                    if t.key == "gezinsgesprek")
    assert (task.person, task.hand_over.value) == ("kevin", "done")
    listing = ok("contact", "list", "jansen", "--from", "2026-11-01", "--to", "2027-01-31")
    assert listing.splitlines() == [
        "di 03-11-2026 16:00  Contactmoment", "di 17-11-2026 16:00  Contactmoment",
        "di 01-12-2026 16:00  Contactmoment", "di 29-12-2026 16:00  Contactmoment",
        "di 26-01-2027 16:00  Contactmoment"]


def test_no_hint_and_nothing_to_scale_down_without_a_running_series(cli_db: Store) -> None:
    ok("method", "untask", "jansen", "gezinsgesprek")  # the one task that can be handed over
    said = ok("family", "status", "jansen", "scaling_down")
    assert "scale-down" not in said
    assert ok("contact", "scale-down", "jansen").splitlines()[-1].startswith(
        "Er is niets af te schalen")
    before = snapshot(cli_db)
    assert ok("contact", "scale-down", "jansen", "--confirm").startswith(
        "Er is niets af te schalen")
    assert snapshot(cli_db) == before


def test_scaling_down_an_unknown_family_is_refused(cli_db: Store) -> None:
    result = run_cli("contact", "scale-down", "nobody")
    assert result.code != 0 and result.err.startswith("fout: ")
