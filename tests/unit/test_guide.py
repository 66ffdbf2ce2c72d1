"""The instruction for network members, rendered from its sheet: a small Markdown subset,
everything else escaped."""

from __future__ import annotations

from zolicht.web import guide


def test_the_subset_becomes_simple_html() -> None:
    rendered = guide.render("# Titel\n\n_Voor wie: mensen uit het netwerk_\n\nEen zin\nloopt "
                            "door.\n\n## Kopje\n\n- een **vet** punt\n  dat doorloopt\n- twee\n")
    assert rendered.title == "Titel"
    assert str(rendered.body) == ("<p>Een zin loopt door.</p>\n<h3>Kopje</h3>\n<ul><li>een "
                                  "<strong>vet</strong> punt dat doorloopt</li>"
                                  "<li>twee</li></ul>")


def test_everything_else_is_escaped() -> None:
    rendered = guide.render('# <b>x</b>\n\n<script>alert("1")</script> & [link](javascript:x)\n'
                            '\n- <img src=x onerror=alert(1)>\n')
    body = str(rendered.body)
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; [link](javascript:x)" in body
    assert "<a" not in body


def test_the_shipped_instruction_is_found() -> None:
    found = guide.for_network()
    assert found is not None and found.title == "Voor jou, als iemand uit het netwerk"
    assert "<h3>Je eigen grenzen</h3>" in str(found.body)
