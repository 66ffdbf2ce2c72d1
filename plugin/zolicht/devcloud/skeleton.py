"""What a new account starts with: Nextcloud 32's skeleton files (core/skeleton), created on
the first login. devcloud writes short stand-ins with the same names, not the real media."""

from __future__ import annotations

from pathlib import Path

TEMPLATES = (
    "Brainstorming.whiteboard", "Business model canvas.odg", "Business model canvas.ods",
    "Business model canvas.whiteboard", "Calendar.odt", "Certificate.odt", "Checklist.ods",
    "Diagram & table.ods", "Ecosystem.odp", "Elegant.odp", "Expense report.ods",
    "Flowchart.odg", "Flowchart.whiteboard", "Gotong royong.odp", "Impact effort.whiteboard",
    "Invoice.ods", "Invoice.odt", "Kanban board.whiteboard", "Letter.odt",
    "Meeting agenda.whiteboard", "Meeting notes.md", "Menu.odt", "Mind map.whiteboard",
    "Mindmap.odg", "Modern company.odp", "Mother's day.odt", "Nostalgia.odp", "Onboarding.odp",
    "Org chart.odg", "Party invitation.odt", "Photo book.odt", "Pitch deck.odp",
    "Product plan.md", "Readme.md", "Report.odt", "Resume.odt", "Security.odp", "Simple.odp",
    "Sticky notes.whiteboard", "Syllabus.odt", "Timeline.whiteboard", "Timesheet.ods",
    "Triangle.odp", "Venn diagram.whiteboard", "Yellow idea.odp",
)
FILES = (
    "Nextcloud Manual.pdf", "Nextcloud intro.mp4", "Nextcloud.png", "Readme.md",
    "Reasons to use Nextcloud.pdf", "Templates credits.md",
    *(f"Documents/{n}" for n in ("Example.md", "Nextcloud flyer.pdf", "Readme.md",
                                 "Welcome to Nextcloud Hub.docx")),
    *(f"Photos/{n}" for n in ("Birdie.jpg", "Frog.jpg", "Gorilla.jpg", "Library.jpg",
                              "Nextcloud community.jpg", "Readme.md", "Steps.jpg", "Toucan.jpg",
                              "Vineyard.jpg")),
    *(f"Templates/{n}" for n in TEMPLATES),
)


TOP = frozenset(name.split("/")[0] for name in FILES)
"""What a new home lists at its root."""


def copy_to(home: Path) -> None:
    """Fill a new, empty home with the skeleton."""
    for name in FILES:
        target = home / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"{name} (a stand-in for Nextcloud's skeleton file)\n")
