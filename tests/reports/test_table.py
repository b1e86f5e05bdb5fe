"""The PDF table writer: wrapping never loses or overflows text; any text gives a valid PDF."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdm_quality.domain.plan import ActionDraft
from cdm_quality.domain.synthesis import build_synthesis
from cdm_quality.reports.pdf import FONTS_DIR, PlanReport, build_plan_pdf, plain
from cdm_quality.reports.table import Column, Style, Table, words
from tests.plan_factories import FIXED_VALUES, minimal


@pytest.fixture(scope="module")
def table() -> Table:
    pdf = FPDF(orientation="L")
    pdf.add_font("DejaVu", "", FONTS_DIR / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
    pdf.add_page()
    return Table(pdf, [Column("A", 30), Column("B", 60)], Style(family="DejaVu"))


def squeeze(text: str) -> str:
    return "".join(text.split())


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=400), width=st.floats(min_value=8, max_value=120), bold=st.booleans())
def test_wrap_keeps_every_character_and_fits_the_width(table, text, width, bold):
    text = plain(text)
    lines = table.wrap(text, width, bold=bold)
    assert squeeze("".join(lines)) == squeeze(text)
    room = width - 2 * table.style.pad_x
    for line in lines:
        assert table.measure(line, bold=bold) <= room or len(line.strip()) <= 1


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("un « mot » ici", ["un", "« mot »", "ici"]),
        ("fin ; suite : oui ? 20 %", ["fin ;", "suite :", "oui ?", "20 %"]),
        ("taux ≥ 85 %", ["taux", "≥ 85 %"]),
        ("a  b", ["a", "", "b"]),
    ],
)
def test_french_punctuation_stays_with_its_word(paragraph, expected):
    assert words(paragraph) == expected


def test_identifiers_break_after_separators(table):
    lines = table.wrap("gouvernance.decisions_strategiques", 25)
    assert lines == ["gouvernance.", "decisions_", "strategiques"]


@settings(max_examples=25, deadline=None)
@given(remark=st.text(max_size=300), title=st.text(min_size=1, max_size=120).filter(str.strip))
def test_any_text_gives_a_readable_pdf(remark, title):
    synthesis = build_synthesis(
        minimal(), FIXED_VALUES, {"accueil.sans_rdv": remark}, "fonctionnement", "fr"
    )
    report = PlanReport(
        cite=title,
        campaign=remark[:50] or "2026",
        phase=None,
        generated_on=dt.date(2026, 1, 1),
        syntheses=[synthesis],
        actions=[ActionDraft(title=title, description=remark)],
    )
    pdf = build_plan_pdf(report, "fr")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.pages and all(page.extract_text() is not None for page in reader.pages)


def test_a_cut_after_a_separator_leaves_a_piece_that_fits(table):
    # found by hypothesis: "/00G" in 8 mm was cut after "/", leaving "00G" too wide
    lines = table.wrap("/00G", 8.0)
    room = 8.0 - 2 * table.style.pad_x
    assert all(table.measure(line) <= room or len(line) <= 1 for line in lines)
