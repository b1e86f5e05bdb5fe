"""Every gettext catalogue shipped (`cdm_quality/locale/<lang>/LC_MESSAGES/cdm_quality.po`),
whether or not its language is switched on yet, against the French one: the same keys, each
with a text, the same placeholders (name and format), plural messages with as many forms as
the catalogue's `Plural-Forms` header declares, and a header whose rule picks the singular
exactly where CLDR (through Babel) says the language does. A translation that drops `{count}`,
keeps a French sentence's two forms in a language with another rule, or misses a key fails
here before anyone switches the language on."""

from __future__ import annotations

import gettext
import string
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "cdm_quality" / "locale"
SHIPPED = sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
Message = str | tuple[str, ...]


def _read(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "cdm_quality.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _messages(catalogue: Catalog) -> dict[str, Message]:
    found: dict[str, Message] = {}
    for message in catalogue:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple | list) else message.id
        text = message.string
        found[key] = tuple(text) if isinstance(text, tuple | list) else str(text or "")
    return found


def _forms(message: Message) -> tuple[str, ...]:
    return message if isinstance(message, tuple) else (message,)


def _placeholders(message: Message) -> set[tuple[str, str]]:
    """Each `{name:spec}` of every form: `{strength:.0%}` must stay a percentage."""
    return {
        (name, spec or "")
        for form in _forms(message)
        for _, name, spec, _ in string.Formatter().parse(form)
        if name is not None
    }


FRENCH = _messages(_read("fr"))


def test_the_new_languages_are_shipped() -> None:
    assert {"fr", "en", "it", "pt"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
def test_same_keys_as_french(lang: str) -> None:
    keys = set(_messages(_read(lang)))
    assert not sorted(set(FRENCH) - keys), f"missing in {lang}"
    assert not sorted(keys - set(FRENCH)), f"in {lang} only"


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_has_text(lang: str) -> None:
    empty = [k for k, m in _messages(_read(lang)).items() if not all(f.strip() for f in _forms(m))]
    assert not empty, f"no {lang} text for {empty}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_same_placeholders_as_french(lang: str) -> None:
    messages = _messages(_read(lang))
    differ = {
        key: (sorted(_placeholders(messages[key])), sorted(_placeholders(french)))
        for key, french in FRENCH.items()
        if key in messages and _placeholders(messages[key]) != _placeholders(french)
    }
    assert not differ, f"placeholders differ from French in {lang} ({lang}, fr): {differ}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_messages_have_the_forms_the_header_declares(lang: str) -> None:
    catalogue = _read(lang)
    messages = _messages(catalogue)
    plural_in_french = {key for key, message in FRENCH.items() if isinstance(message, tuple)}
    assert {k for k, m in messages.items() if isinstance(m, tuple)} == plural_in_french
    wrong = {
        k: len(messages[k]) for k in plural_in_french if len(messages[k]) != catalogue.num_plurals
    }
    assert not wrong, f"{lang} declares {catalogue.num_plurals} forms: {wrong}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_plural_rule_is_the_languages(lang: str) -> None:
    """Form 0 for exactly the counts CLDR calls `one` in the header's `Language` (pt_PT: 1
    only; French: 0 and 1). Counts are printed as digits, so CLDR's `many` (a million, as a
    word) shares the general form."""
    catalogue = _read(lang)
    language = dict(catalogue.mime_headers)["Language"]
    rule = Locale.parse(language).plural_form
    index = gettext.c2py(catalogue.plural_expr)
    differ = [n for n in range(0, 1001) if (index(n) == 0) != (rule(n) == "one")]
    assert not differ, f"{lang} ({language}): the singular form is wrong for {differ[:5]}"


def test_a_plural_reads_right_in_each_new_language() -> None:
    for lang, one, two in (
        ("it", "1 azione proposta.", "2 azioni proposte."),
        ("pt", "1 ação proposta.", "0 ações propostas."),
    ):
        catalogue = _read(lang)
        forms = _messages(catalogue)["plan.proposed"]
        index = gettext.c2py(catalogue.plural_expr)
        assert forms[index(1)].format(count=1) == one
        count = int(two.split()[0])
        assert forms[index(count)].format(count=count) == two
