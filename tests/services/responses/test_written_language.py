"""What a Cité writes keeps the language it was written in (issue 27 item 3): its answers'
remarks and texts and its improvement actions store the Cité's working language at the time of
writing, and keep it when the Cité later changes language; the synthesis gives each remark its
language."""

from __future__ import annotations

from sqlmodel import Session, select

from cdm_quality.domain import languages
from cdm_quality.domain.plan import ActionDraft
from cdm_quality.services.assessment import synthesis
from cdm_quality.services.network import cites
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.responses import save_answer
from cdm_quality.storage.tables import Answer, AnswerHistory, CiteCreate, ImprovementAction
from tests.factories import World
from tests.plan_edits import add_action, change_action

ITEM = "accueil.sans_rdv"


def _works_in(session: Session, world: World, language: str | None) -> None:
    data = CiteCreate.model_validate(world.other.model_dump() | {"language": language})
    cites.update_cite(session, SYSTEM, cite_id=world.other.id, data=data)


def _remark(session: Session, world: World, remark: str, value: str = "en_cours") -> None:
    save_answer(
        session,
        world.other_director,
        response_id=world.other_response.id,
        item_id=ITEM,
        value=value,
        remark=remark,
    )


def _stored(session: Session, world: World) -> tuple[str | None, list[str | None]]:
    found = session.exec(
        select(Answer).where(Answer.response_id == world.other_response.id, Answer.item_id == ITEM)
    ).one()
    history = session.exec(
        select(AnswerHistory.language)
        .where(AnswerHistory.response_id == world.other_response.id)
        .order_by(AnswerHistory.version)  # type: ignore[arg-type]
    ).all()
    return found.language, list(history)


def test_an_answer_keeps_the_language_it_was_written_in(session: Session, world: World) -> None:
    _works_in(session, world, "pt")
    _remark(session, world, "Atendimento sem marcação todos os dias.")
    assert _stored(session, world) == ("pt", ["pt"])
    _works_in(session, world, "it")  # the Cité changes its working language later
    assert _stored(session, world) == ("pt", ["pt"])  # what it wrote is still Portuguese
    _remark(session, world, "Accoglienza senza appuntamento ogni giorno.", value="atteint")
    assert _stored(session, world) == ("it", ["pt", "it"])


def test_a_cite_without_a_working_language_writes_in_the_reference_one(
    session: Session, world: World
) -> None:
    _remark(session, world, "Accueil sans rendez-vous chaque jour.")
    assert _stored(session, world) == (languages.REFERENCE, [languages.REFERENCE])


def test_the_synthesis_gives_each_remark_its_language(session: Session, world: World) -> None:
    _works_in(session, world, "pt")
    _remark(session, world, "Atendimento sem marcação todos os dias.")
    found = synthesis.cite_synthesis(
        session, world.authority, cite_id=world.other.id, campaign_id=world.campaign.id, lang="en"
    )
    [row] = [r for r in found.grids[0].synthesis.rows if r.item_id == ITEM]
    assert (row.remark, row.language) == ("Atendimento sem marcação todos os dias.", "pt")


def test_an_action_keeps_the_language_of_its_last_change(session: Session, world: World) -> None:
    _works_in(session, world, "pt")
    ids = {"cite_id": world.other.id, "campaign_id": world.campaign.id}
    made = add_action(
        session, world.other_director, **ids, action=ActionDraft(title="Abrir ao sábado")
    )
    assert _action_language(session, made.action.id) == "pt"
    _works_in(session, world, "it")
    assert _action_language(session, made.action.id) == "pt"  # written in Portuguese
    change_action(
        session,
        world.other_director,
        **ids,
        action_id=made.action.id,
        action=ActionDraft(title="Aprire il sabato"),
    )
    assert _action_language(session, made.action.id) == "it"


def _action_language(session: Session, action_id: int) -> str | None:
    return session.exec(
        select(ImprovementAction.language).where(ImprovementAction.id == action_id)
    ).one()
