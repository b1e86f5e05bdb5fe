"""Read-only display of questionnaires: sections, items with all their settings, scales."""

from __future__ import annotations

import streamlit as st

from cdm_quality.domain.labels import DOSSIER_LEVEL, PHASE, YES_NO, label
from cdm_quality.domain.messages import Problem
from cdm_quality.domain.questionnaire import (
    PHASES,
    Item,
    ItemKind,
    Lang,
    Phase,
    Questionnaire,
    Scale,
    Section,
    Source,
    VisibleIf,
)
from cdm_quality.services.labelling.dossier import MatrixRow
from cdm_quality.ui.i18n import t, word
from cdm_quality.ui.text import escape_markdown


def show_problems(problems: dict[str, list[Problem]]) -> None:
    """One error box per refused file, listing its catalogue messages."""
    for file, file_problems in problems.items():
        lines = [escape_markdown(t("catalogue.broken", file=file))]
        lines += [f"- {escape_markdown(str(problem))}" for problem in file_problems]
        st.error("\n".join(lines), icon=":material/error:")


def show_questionnaire(q: Questionnaire, lang: Lang, phase: Phase | None) -> None:
    """The questionnaire's summary, one expander per section and one for its scales."""
    st.caption(
        t(
            "questionnaires.summary",
            version=q.version,
            sections=len(q.sections),
            items=len(q.items()),
        )
    )
    if q.description:
        st.markdown(escape_markdown(q.description(lang)))
    for index, section in enumerate(q.sections):
        if section.asked_in(phase):
            with st.expander(section_title(section, lang), expanded=index == 0):
                show_section(q, section, lang, phase)
    if q.scales:
        with st.expander(t("questionnaires.scales"), icon=":material/straighten:"):
            show_scales(q, lang)


def section_title(section: Section, lang: Lang) -> str:
    """The section title, prefixed with its labelling-file number when it has one."""
    prefix = f"{section.dossier}. " if section.dossier else ""
    return escape_markdown(prefix + section.title(lang))


def show_section(q: Questionnaire, section: Section, lang: Lang, phase: Phase | None) -> None:
    if section.description:
        st.caption(escape_markdown(section.description(lang)))
    items = [item for item in section.items if item.asked_in(phase)]
    if not items:
        st.info(t("questionnaires.no_item"))
    for item in items:
        show_item(q, item, lang)


def show_item(q: Questionnaire, item: Item, lang: Lang) -> None:
    """An item's text, help and every setting that shapes its answer."""
    with st.container(border=True):
        title = escape_markdown(item.text(lang))
        number = f"{escape_markdown(item.dossier)} · " if item.dossier else ""
        badge = f" :orange-badge[{t('item.required')}]" if item.required else ""
        st.markdown(f"**{number}{title}**{badge}")
        if item.help:
            st.caption(escape_markdown(item.help(lang)))
        st.markdown(" · ".join(escape_markdown(fact) for fact in item_facts(q, item, lang)))
        if item.source is not None:
            st.caption(escape_markdown(source_text(item.source, lang)))


def source_text(source: Source, lang: Lang) -> str:
    """`Source: <document> — <passage>`, the document named by the catalogue."""
    document = t(f"source.document.{source.document.value}")
    return t("item.source", document=document, passage=source.passage(lang))


def item_facts(q: Questionnaire, item: Item, lang: Lang) -> list[str]:
    """Plain-text facts about an item: kind, scale or options, limits, phases, conditions."""
    facts = [f"{t('item.kind')}: {t(f'kind.{item.kind.value}')}"]  # no id: readers need none
    scale = q.scale(item.scale)
    if scale is not None:
        facts.append(f"{t('item.scale')}: {scale_summary(scale, lang)}")
    if item.options:
        facts.append(f"{t('item.options')}: " + " / ".join(o.label(lang) for o in item.options))
    facts += _number_facts(item, lang)
    if item.kind is ItemKind.entries:
        facts.append(t("item.max_entries", count=item.max_entries))
    if item.phases is not None:
        facts.append(f"{t('item.phases')}: " + ", ".join(word(PHASE, p.value) for p in item.phases))
    if item.open_only:
        facts.append(t("item.open_only"))
    if item.before_opening:
        facts.append(t("item.before_opening"))
    if item.visible_if is not None:
        facts.append(f"{t('item.visible_if')}: {visible_if_text(q, item.visible_if, lang)}")
    facts += [t("item.remark")] if item.remark else []
    facts += [t("item.evidence")] if item.evidence else []
    if item.scored:
        facts.append(f"{t('item.weight')}: {item.weight:g}")
    return facts


def _number_facts(item: Item, lang: Lang) -> list[str]:
    if item.kind is not ItemKind.number:
        return []
    facts = [f"{t('item.unit')}: {item.unit(lang)}"] if item.unit else []
    facts += [f"{t('item.min')} {item.min:g}"] if item.min is not None else []
    facts += [f"{t('item.max')} {item.max:g}"] if item.max is not None else []
    facts += [t("item.integer")] if item.integer else []
    return facts


def scale_summary(scale: Scale, lang: Lang) -> str:
    """`Maturity (Not started / In progress / …)` with the not-applicable level last."""
    labels = [level.label(lang) for level in scale.levels]
    if scale.not_applicable:
        labels.append(scale.not_applicable.label(lang))
    return f"{scale.label(lang)} ({' / '.join(labels)})"


def visible_if_text(q: Questionnaire, cond: VisibleIf, lang: Lang) -> str:
    """The condition in words, naming the other item by its text and values by their labels."""
    other = q.item(cond.item)
    name = f"« {other.text(lang)} »" if other else cond.item
    expected = cond.expected()
    if expected is None:
        return t("item.visible_if.answered", item=name)
    labels = [value_label(q, other, value, lang) for value in expected]
    return t("item.visible_if.values", item=name, values=" / ".join(labels))


def value_label(q: Questionnaire, item: Item | None, value: object, lang: Lang) -> str:
    """A closed value as the person reads it: yes/no, a level's or an option's label."""
    if isinstance(value, bool):
        return label(YES_NO, value, lang)
    if item is not None:
        scale = q.scale(item.scale)
        level = scale.level(str(value)) if scale else None
        if level is not None:
            return level.label(lang)
        if scale and scale.not_applicable and scale.not_applicable.id == value:
            return scale.not_applicable.label(lang)
        option = next((o for o in item.options or [] if o.id == value), None)
        if option is not None:
            return option.label(lang)
    return str(value)


def show_scales(q: Questionnaire, lang: Lang) -> None:
    """One table per scale (level, code, value, description) and the thresholds."""
    for scale in q.scales:
        st.markdown(f"**{escape_markdown(scale.label(lang))}** (`{scale.id}`)")
        st.dataframe(scale_rows(scale, lang), hide_index=True)
        thresholds = scale.thresholds or q.thresholds
        st.caption(
            t(
                "questionnaires.thresholds",
                strength=thresholds.strength_min,
                improvement=thresholds.improvement_max,
            )
        )


def scale_rows(scale: Scale, lang: Lang) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {
            t("scale.level"): level.label(lang),
            t("scale.id"): level.id,
            t("scale.value"): f"{level.value:g}",
            t("scale.help"): level.help(lang) if level.help else "",
        }
        for level in scale.levels
    ]
    if scale.not_applicable:
        na = scale.not_applicable
        rows.append(
            {
                t("scale.level"): na.label(lang),
                t("scale.id"): na.id,
                t("scale.value"): t("scale.not_applicable"),
                t("scale.help"): "",
            }
        )
    return rows


def dossier_table(rows: list[MatrixRow]) -> list[dict[str, str]]:
    """The labelling-file matrix with translated headers and level names."""
    return [
        {
            t("dossier.item"): row.item,
            t("dossier.item_title"): row.title,
            **{
                word(PHASE, phase.value): word(DOSSIER_LEVEL, row.levels[phase])
                if row.levels[phase]
                else ""
                for phase in PHASES
            },
        }
        for row in rows
    ]
