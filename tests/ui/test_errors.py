"""Every error the services (and the answer rules) can raise has a text in French and in
English, and the one boundary (`ui.errors.error_text`) words it in the reader's language."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import string
from pathlib import Path

import pytest

from cdm_quality.domain import languages, texts
from cdm_quality.domain.answers import AnswerError
from cdm_quality.services import errors
from cdm_quality.services.labelling import attachments
from cdm_quality.services.people import access
from cdm_quality.services.people.access import Permission
from cdm_quality.services.plan import ActionConflict
from cdm_quality.ui.errors import error_text

ERRORS = {key.removeprefix("error.") for key in texts.keys() if key.startswith("error.")}

ROOT = Path(__file__).resolve().parents[2] / "cdm_quality"
RAISING = [
    *sorted((ROOT / "services").rglob("*.py")),  # feature packages too (services/compare/)
    *sorted((ROOT / "demo").glob("*.py")),  # the demo refuses a database that holds data
    ROOT / "domain" / "answers.py",
]
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.ServiceError)
} | {"AnswerError"}
OWN_CODE = {"ConflictError", "MissingRequired", "LoginThrottled"}  # built without a code


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _code_argument(call: ast.Call) -> ast.expr | None:
    """The code given to an error: first argument (second for AnswerError, after item_id)."""
    position = 1 if _called_name(call) == "AnswerError" else 0
    return call.args[position] if len(call.args) > position else None


def raised_codes() -> dict[str, set[str]]:
    """Code → the keyword parameters given with it, over every error built in the sources;
    a code that is not a string literal is reported as such."""
    found: dict[str, set[str]] = {}
    for path in RAISING:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _called_name(node) not in ERROR_CLASSES - OWN_CODE:
                continue
            code = _code_argument(node)
            if code is None or (isinstance(code, ast.Constant) and code.value is None):
                continue
            if not isinstance(code, ast.Constant) or not isinstance(code.value, str):
                if isinstance(code, ast.Attribute | ast.Subscript):
                    continue  # an AnswerError passed on; a table of codes (checked below)
                found.setdefault(f"<not a literal in {path.name}:{node.lineno}>", set())
                continue
            found.setdefault(code.value, set()).update(k.arg for k in node.keywords if k.arg)
    return found


@functools.cache  # parsing the sources takes ~0.3 s, and every case reads the codes
def every_code() -> dict[str, set[str]]:
    codes = raised_codes()
    for value in [*vars(errors).values(), ActionConflict]:
        if isinstance(value, type) and issubclass(value, errors.ServiceError):
            codes.setdefault(value.code, set())
    codes.update({code: set() for code in access._DENIED.values()})
    codes.update({code: set() for code in attachments.CODES})  # attachment.<reason>
    assert set(access._DENIED) == set(Permission), "a permission has no refusal code"
    return codes


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_the_errors() -> None:
    codes = every_code()
    assert {"campaign.year_taken", "password.length", "answer.too_long"} <= set(codes)
    assert codes["campaign.year_taken"] == {"year"}


@pytest.mark.parametrize("code", sorted(every_code()))
def test_every_service_error_has_a_text_in_both_languages(code: str) -> None:
    """Both languages and their placeholders: tests/test_texts.py checks every message."""
    assert code in ERRORS, f"no message error.{code} in the catalogues (cdm_quality/locale)"
    worded = {lang: texts.text(f"error.{code}", lang) for lang in languages.codes()}
    assert all(text.strip() for text in worded.values()), code
    assert _placeholders(worded["fr"]) == _placeholders(worded["en"]), code


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_no_text_without_an_error(code: str) -> None:
    assert code in every_code() or code.startswith("part."), f"error.{code} is never raised"


def test_parameters_are_worded_in_the_language() -> None:
    refused = errors.InvalidState("campaign.year_taken", year=2026)
    assert error_text(refused, "fr") == "Une campagne existe déjà pour 2026."
    assert error_text(refused, "en") == "A campaign for 2026 already exists."
    assert "8" in error_text(errors.InvalidValue("password.length", min=8, max=256), "fr")
    fields = errors.InvalidValue("account.invalid", fields=["login", "name"])
    assert error_text(fields, "fr") == "Saisie refusée : identifiant, nom."


def test_a_file_size_is_worded_in_the_language() -> None:
    mb = 1024 * 1024
    too_big = attachments.AttachmentRefused("too_big", size=21 * mb, limit=20 * mb)
    assert error_text(too_big, "fr") == (
        "Fichier refusé : 21,0 Mo, pour 20,0 Mo au plus par fichier."
    )
    assert "21.0 MB" in error_text(too_big, "en")
    full = attachments.AttachmentRefused("quota", used=199 * mb + mb // 2, limit=200 * mb)
    assert "(199,5 Mo déjà utilisés)" in error_text(full, "fr")


def test_a_date_is_worded_in_the_language() -> None:
    when = dt.datetime(2026, 3, 4, 9, 5, tzinfo=dt.UTC)
    refused = errors.NotFound("plan.deleted", who="Léa", when=when)
    assert "04/03/2026" in error_text(refused, "fr")
    assert "2026-03-04" not in error_text(refused, "en")


def test_an_answer_refusal_names_the_part() -> None:
    too_long = AnswerError("x", "answer.too_long", what="remark", length=12, max=10)
    assert error_text(too_long, "fr") == "La remarque a 12 caractères ; 10 au plus."


def test_a_count_chooses_the_plural_form() -> None:
    assert error_text(errors.MissingRequired(["a"]), "fr") == (
        "1 question obligatoire encore sans réponse."
    )
    assert error_text(errors.MissingRequired(["a", "b"]), "en") == (
        "2 required questions still unanswered."
    )
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    assert "about 1 minute," in error_text(errors.LoginThrottled(later), "en")


def test_the_catalogue_is_free_of_streamlit_for_the_cli() -> None:
    tree = ast.parse((ROOT / "domain" / "error_texts.py").read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {name for name in imported if name and name.split(".")[0] == "streamlit"}
    assert all(not name.startswith("cdm_quality.ui") for name in imported if name)
