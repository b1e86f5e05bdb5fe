"""The one catalogue of texts (`cdm_quality/locale/*/LC_MESSAGES/cdm_quality.po`): every
language holds the keys of the reference (French) with a text each, the same placeholders and
the same plural messages, each with the forms its language counts, and every message is used
somewhere in the code."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from cdm_quality.domain import labels, languages, texts

ROOT = Path(__file__).resolve().parents[1] / "cdm_quality"

# Keys asked for without their namespace: `self.t("title")` in the plan PDF reads `pdf.title`.
# A message `<namespace><rest>` counts as used where `<rest>` is written in the code.
NAMESPACES = {
    "pdf.": "the plan PDF's words (reports/document.py `PlanDocument.t`)",
    "dossier_pdf.": "the labelling-file PDF's words (reports/dossier_pdf.py `DossierDocument.d`)",
    "chart.": "the charts' axis and legend titles (reports/charts.py `_title`)",
    "mail.": "the emails (domain/mail_texts.py `mail_text`, `mail_counted`)",
    "plan_row.": "a plan table row's problem, by code (domain/plan.py `RowProblem.message`)",
}
# Keys the code builds from a prefix and a value (`t(f"role.{role.value}")`): a message under
# one of these prefixes counts as used. `tests/ui/test_i18n.py::test_computed_keys_exist` checks
# the other way round (every value the code can build has its message).
COMPUTED_PREFIXES = {
    "campaign.": "a campaign's state (CampaignState)",
    "campaigns.col.": "the campaigns table's columns",
    "cites.col.": "the Cités table's columns",
    "compare.col.": "the comparison tables' fixed columns",
    "compare.view.": "the comparison's views (compare_view.VIEWS)",
    "decision.": "a phase decision (PhaseDecision)",
    "dossier_pdf.state.": "a labelling-file part's state in the PDF",
    "source.document.": "the document a criterion comes from (questionnaire.SourceDocument)",
    "label.": "the shared vocabulary (domain/labels.py: each table lists its keys, checked below)",
    "mail.remind.": "a reminder's line, by what is due (inbox.Due)",
    "export.col.": "the exports' columns (services/exports.py `headers`)",
    "export.sheet.": "an XLSX export's sheet (cli/table_exports.py `_write`)",
    "error.": "a service error's code (tests/ui/test_errors.py: each one is raised somewhere)",
    "file.col.": "the labelling-file table's columns",
    "file.state.": "a labelling-file part's readiness",
    "fill.depth_help.": "the depth asked (DossierLevel)",
    "followup.col.": "the follow-up table's columns",
    "followup.state.": "a self-assessment's state in the follow-up",
    "kind.": "a question kind (ItemKind)",
    "nav.": "a page's title (navigation.PAGES)",
    "plan.outcome_count.": "an outcome of the review of last year's plan (plan.REVIEW_ORDER)",
    "review.kind.": "a note of the authority's review (NoteKind)",
    "role.": "an account's role (Role)",
    "state.": "a self-assessment's state (ResponseState)",
    "table.problem.": "a refused table cell (domain.table_rows.CellError.problem)",
    "synthesis.col.": "the synthesis tables' columns",
    "synthesis.show.": "the synthesis filters",
    "users.col.": "the accounts table's columns",
}
LOOKUPS = {"t", "tn", "translate", "text", "plural"}  # the functions that take a key first
COMPUTED_KEYS = {
    "overview.opens": "overview.header: f'overview.{what}'",
    "overview.closes": "overview.header: f'overview.{what}'",
    "overview.due": "overview.header: f'overview.{what}'",
    "fill.remark": "fill_view._conflict_text: f'fill.{part}'",
    "fill.evidence": "fill_view._conflict_text: f'fill.{part}'",
    "pdf.from_recommendation": "plan_pages: f'from_{kind}'",
    "pdf.from_reservation": "plan_pages: f'from_{kind}'",
    "mail.submitted.subject": "notices._announce: f'{kind}.subject'",
    "mail.submitted.body": "notices._announce: f'{kind}.body'",
    "mail.reopened.subject": "notices._announce: f'{kind}.subject'",
    "mail.reopened.body": "notices._announce: f'{kind}.body'",
}


def _catalogue(lang: texts.Lang) -> dict[str, str | tuple[str, ...]]:
    return texts.catalogue(lang).messages


def _placeholders(message: str | tuple[str, ...]) -> set[str]:
    forms = message if isinstance(message, tuple) else (message,)
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def _literals_in_code() -> set[str]:
    """Every string constant of the package's code (a key is used where it is written)."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def _asked_key(node: ast.AST) -> ast.AST | None:
    """The key argument when `node` is a call of a lookup (`t(key, …)`)."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
    return node.args[0] if name in LOOKUPS else None


def _key_prefixes_in_code(*, asked_only: bool) -> set[str]:
    """The constant start of every f-string key asked for (`t(f"role.{...}")`), or of every
    f-string at all (a key may be built before it is asked for)."""
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = _asked_key(node) if asked_only else node
            if isinstance(key, ast.JoinedStr) and isinstance(key.values[0], ast.Constant):
                found.add(str(key.values[0].value))
    return found


OTHERS = [lang for lang in languages.codes() if lang != languages.REFERENCE]


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_the_keys_of_the_reference(lang: texts.Lang) -> None:
    reference, other = set(_catalogue(languages.REFERENCE)), set(_catalogue(lang))
    assert not sorted(reference - other), f"missing in {lang}"
    assert not sorted(other - reference), f"in {lang} only"


@pytest.mark.parametrize("lang", languages.codes())
def test_no_message_is_empty(lang: texts.Lang) -> None:
    empty = [
        key
        for key, message in _catalogue(lang).items()
        if not all(form.strip() for form in (message if isinstance(message, tuple) else [message]))
    ]
    assert not empty, f"no {lang} text for {empty}"


@pytest.mark.parametrize("lang", OTHERS)
def test_same_placeholders_as_the_reference(lang: texts.Lang) -> None:
    other = _catalogue(lang)
    differ = [
        key
        for key, message in _catalogue(languages.REFERENCE).items()
        if key in other and _placeholders(message) != _placeholders(other[key])
    ]
    assert not differ, f"placeholders differ between {languages.REFERENCE} and {lang}: {differ}"


@pytest.mark.parametrize("lang", languages.codes())
def test_plural_messages_are_plural_in_every_language(lang: texts.Lang) -> None:
    reference = _catalogue(languages.REFERENCE)
    plural = {key for key, message in reference.items() if isinstance(message, tuple)}
    book = texts.catalogue(lang)
    assert plural == {key for key, message in book.messages.items() if isinstance(message, tuple)}
    wrong = [key for key in plural if len(book.messages[key]) != book.plural_forms]
    assert not wrong, f"not {book.plural_forms} forms in {lang}: {wrong}"
    assert {"login.expired", "plan.proposed", "fill.missing_count"} <= plural


def _without_namespace(key: str) -> str:
    return next((key.removeprefix(ns) for ns in NAMESPACES if key.startswith(ns)), key)


def test_every_message_is_used() -> None:
    used = _literals_in_code() | set(COMPUTED_KEYS)
    unused = sorted(
        key
        for key in _catalogue(languages.REFERENCE)
        if key not in used
        and _without_namespace(key) not in used
        and not key.startswith(tuple(COMPUTED_PREFIXES))
    )
    assert not unused, (
        f"messages no code asks for (remove them, or list a computed prefix): {unused}"
    )


def test_every_computed_prefix_is_listed_and_used() -> None:
    asked = _key_prefixes_in_code(asked_only=True)
    asked = {p for p in asked if any(k.startswith(p) for k in texts.keys())}
    listed = {*COMPUTED_PREFIXES, *NAMESPACES} | {k.rsplit(".", 1)[0] + "." for k in COMPUTED_KEYS}
    assert not sorted(asked - listed), "a key built from a prefix: add it to COMPUTED_PREFIXES"
    built = _key_prefixes_in_code(asked_only=False)
    unbuilt = {
        p for p in COMPUTED_PREFIXES if p not in built and _without_namespace(p) not in built
    }
    assert not sorted(unbuilt), "a listed prefix no code builds"


def test_each_word_of_the_vocabulary_is_a_message() -> None:
    declared = {table.msgid(key) for table in labels.VOCABULARIES for key in table}
    in_catalogue = {key for key in texts.keys() if key.startswith("label.")}
    assert not sorted(declared - in_catalogue), "a label without its message"
    assert not sorted(in_catalogue - declared), "a label message no table declares"
    assert labels.label(labels.YES_NO, True, "fr") == "Oui"
    assert labels.label(labels.PHASE, "prefiguration", "en") == "Pilot"
    assert labels.label(labels.PHASE, "unknown", "en") == "unknown"


def test_plural_forms_follow_each_language() -> None:
    assert texts.plural("plan.proposed", 1, "fr") == "1 action proposée."
    assert texts.plural("plan.proposed", 0, "fr") == "0 action proposée."  # French: 0 is singular
    assert texts.plural("plan.proposed", 2, "fr") == "2 actions proposées."
    assert texts.plural("plan.proposed", 0, "en") == "0 actions proposed."
    assert texts.plural("plan.proposed", 1, "en") == "1 action proposed."


def test_unknown_key_shows_itself() -> None:
    assert texts.text("no.such.key", "fr") == "no.such.key"
    assert texts.plural("no.such.key", 3, "en") == "no.such.key"


def test_the_catalogue_ships_with_the_package() -> None:
    assert all(languages.po_file(lang).is_file() for lang in languages.codes())
    assert "locale/*/LC_MESSAGES/*.po" in (ROOT.parent / "pyproject.toml").read_text("utf-8")
