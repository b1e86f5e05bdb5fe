"""The demo network, and backup → restore → backup giving identical bytes."""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select

from cdm_quality import demo
from cdm_quality.demo import build
from cdm_quality.domain.questionnaire import Phase
from cdm_quality.services import backup, responses
from cdm_quality.services.errors import InvalidState, InvalidValue
from cdm_quality.services.network import campaigns, cites
from cdm_quality.services.network.follow_up import FollowUpState, follow_up
from cdm_quality.services.people import auth
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.services.scores import aggregates
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.keys import KeySet
from cdm_quality.storage.tables import (
    TABLES,
    Answer,
    Campaign,
    CampaignQuestionnaire,
    CampaignState,
    CiteCreate,
    ImprovementAction,
    Response,
    ResponseState,
    Role,
    User,
)
from tests.databases import upgraded_demo

pytestmark = pytest.mark.also_postgres("restore writes ids and resets PostgreSQL's sequences")

ROOT = Path(__file__).parents[2]
QUESTIONNAIRES = ROOT / "questionnaires"
MakeDb = Callable[[str, bool], Engine]


def _demo_database(make_database: MakeDb, kind: str) -> Engine:
    engine = make_database(kind, False)
    migrations.upgrade(engine)
    with Session(engine) as session:
        demo.load_demo(session, directory=QUESTIONNAIRES)
    return engine


@pytest.fixture(scope="session")
def demo_backup() -> str:
    """The demo, loaded once into SQLite, as backup text (loading costs seconds)."""
    with Session(upgraded_demo(make_engine("sqlite://"))) as session:
        return backup.dump(session, SYSTEM)


@pytest.fixture
def demo_engine(db_kind: str, make_database: MakeDb, demo_backup: str) -> Engine:
    """The demo network restored into a new database of each kind."""
    engine = make_database(db_kind, False)
    backup.restore(engine, SYSTEM, demo_backup)
    return engine


def _dump(engine: Engine) -> str:
    with Session(engine) as session:
        return backup.dump(session, SYSTEM)


def test_demo_network(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        network = cites.list_cites(session, SYSTEM)
        assert len(network) >= 8
        assert {c.phase for c in network} == set(Phase)
        assert len({c.country for c in network}) >= 5
        namur = next(c for c in network if "Namur" in c.name)
        assert [h.decision.value for h in namur.history].count("prolonged") >= 1
        years = {c.year: c.state for c in campaigns.list_campaigns(session, SYSTEM)}
        assert years == {
            2024: CampaignState.closed,
            2025: CampaignState.closed,
            2026: CampaignState.open,
        }
        roles = {u.role for u in session.exec(select(User).where(User.active)).all()}
        assert roles == set(Role)
        remarks = session.exec(select(Answer.remark).where(Answer.remark != "")).all()
        assert len(remarks) > 100 and any("é" in r for r in remarks)
        actions = session.exec(select(ImprovementAction)).all()
        assert any(a.continues_action_id for a in actions)


def test_demo_director_sees_this_year_beside_last_year(demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        director = auth.authenticate(session, "directrice", "demo-directrice")
        current = campaigns.current_campaign(session, director)
        rows = follow_up(session, director, campaign_id=current.id).rows
        assert {r.cite_id for r in rows} == {director.cite_id}
        started = [r for r in rows if r.response_id is not None]
        assert started and all(r.state is FollowUpState.draft for r in started)
        assert any(0 < r.ratio < 1 for r in started)
        previous = responses.previous_answers(session, director, response_id=started[0].response_id)
        assert previous is not None and previous.campaign.year == 2025 and previous.answers


def test_demo_refuses_a_database_with_data(demo_engine: Engine) -> None:
    with Session(demo_engine) as session, pytest.raises(InvalidState):
        demo.load_demo(session, directory=QUESTIONNAIRES)


def test_demo_is_deterministic(make_database: MakeDb, demo_backup: str) -> None:
    """A second load gives the same rows (password salts and creation times aside)."""
    tables = (
        '"table":"answer"',
        '"table":"answer_history"',
        '"table":"response"',
        '"table":"improvement_action"',
        '"table":"phase_event"',
    )

    ends = tuple(t + "}" for t in tables)

    def rows(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.endswith(ends)]

    again = _dump(_demo_database(make_database, "sqlite"))
    assert rows(again) == rows(demo_backup) and len(rows(again)) > 6000


def test_every_demo_account_is_in_readme_and_signs_in(demo_engine: Engine) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    with Session(demo_engine) as session:
        for login, password, role, _name, _cite in demo.DEMO_ACCOUNTS:
            assert f"| `{login}` | `{password}` |" in readme, f"{login} missing from README"
            assert auth.authenticate(session, login, password).role is role


def test_backup_restore_backup_is_identical(demo_engine: Engine, demo_backup: str) -> None:
    """demo_engine is a restore of the demo's backup (SQLite → SQLite or → PostgreSQL)."""
    assert _dump(demo_engine) == demo_backup
    assert migrations.current_revision(demo_engine) == migrations.head_revision()
    data = CiteCreate(
        name="Cité des métiers de Rouen", city="Rouen", country="France", phase=Phase.projet
    )
    with Session(demo_engine) as session:  # the id sequences go on after the restored rows
        made = cites.create_cite(session, SYSTEM, data=data)
        assert made.id == len(cites.list_cites(session, SYSTEM))


def test_a_restore_leaves_every_submission_cached(demo_engine: Engine) -> None:
    """A backup carries no score cache (derived data): the restore fills it, so that the first
    comparison read neither sums every submission nor writes."""
    with Session(demo_engine) as session:
        campaign_ids = tuple(session.exec(select(Campaign.id)).all())
        left = aggregates.uncached(session, aggregates.Scope(campaign_ids=campaign_ids))
        submitted = session.exec(
            select(Response.id).where(Response.state == ResponseState.submitted)
        ).all()
    assert submitted and ResponseState.submitted not in left.values()


def test_a_restore_builds_the_keys_of_every_frozen_questionnaire(demo_engine: Engine) -> None:
    """A backup carries no score keys either; reads never build them, so the restore does,
    draft campaigns included."""
    with Session(demo_engine) as session:
        frozen = set(session.exec(select(CampaignQuestionnaire.sha256)).all())
        built = set(session.exec(select(KeySet.sha256)).all())
    assert frozen and built == frozen


def test_backup_file_round_trip(demo_engine: Engine, tmp_path: Path, make_database: MakeDb) -> None:
    rows = backup.write_backup(demo_engine, SYSTEM, tmp_path / "one.jsonl")
    lines = (tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == rows + 2  # the header and the trailer
    header, trailer = json.loads(lines[0]), json.loads(lines[-1])
    assert header["format"] == "cdm-quality-backup" and header["version"] == 3
    assert trailer["end"] is True and sum(trailer["rows"].values()) == rows
    target = make_database("sqlite", True)
    backup.restore(target, SYSTEM, backup.read_backup(tmp_path / "one.jsonl"))
    backup.write_backup(target, SYSTEM, tmp_path / "two.jsonl")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_restore_refuses_a_database_with_data(demo_engine: Engine) -> None:
    text = _dump(demo_engine)
    with pytest.raises(InvalidState, match="backup.not_empty"):
        backup.restore(demo_engine, SYSTEM, text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json\n",
        '{"format":"other","version":1,"revision":"0001"}\n',
        '{"format":"cdm-quality-backup","version":1,"revision":"9999"}\n',
        '{"format":"cdm-quality-backup","version":1,"revision":"0001"}\n{"table":"nope","row":{}}\n',
    ],
)
def test_restore_refuses_damaged_files(make_database: MakeDb, text: str) -> None:
    target = make_database("sqlite", False)
    with pytest.raises(InvalidValue):
        backup.restore(target, SYSTEM, text)
    assert not sa.inspect(target).get_table_names() or migrations.current_revision(target) is None


def test_demo_load_is_all_or_nothing(file_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the Cités, accounts, campaigns and answers are written leaves no row
    of them; the next `if_empty` load then runs (SQLite file and PostgreSQL)."""

    def cut(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("killed")

    with monkeypatch.context() as patched:
        patched.setattr(build, "_make_actions", cut)
        with pytest.raises(RuntimeError):
            demo.load_demo_once(file_engine, directory=QUESTIONNAIRES, if_empty=True)
    with file_engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            count = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            assert count == 0, f"{table.name} kept {count} rows of the cut load"
    summary = demo.load_demo_once(file_engine, directory=QUESTIONNAIRES, if_empty=True)
    assert summary is not None and summary.cites == 10
    assert demo.load_demo_once(file_engine, directory=QUESTIONNAIRES, if_empty=True) is None


# --- a backup is whole or absent; restore reads in bounded memory -------------------------


def test_a_failed_backup_leaves_no_partial_file(
    demo_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk `backup` left a partial file under the backup's name."""
    target = tmp_path / "nightly.jsonl"
    target.write_text("yesterday's backup\n", encoding="utf-8")
    real = backup._lines

    def disk_full(connection: sa.Connection):  # noqa: ANN202
        for number, line in enumerate(real(connection)):
            if number == 1000:
                raise OSError(28, "No space left on device")
            yield line

    monkeypatch.setattr(backup, "_lines", disk_full)
    with pytest.raises(OSError):
        backup.write_backup(demo_engine, SYSTEM, target)
    assert target.read_text(encoding="utf-8") == "yesterday's backup\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nightly.jsonl"]


def _audit_backup(path: Path, rows: int) -> int:
    """A backup of `rows` audit events (about 1 KB each), written a line at a time."""
    digest = hashlib.sha256()
    counts = dict.fromkeys((m.__table__.name for m in TABLES), 0)  # type: ignore[attr-defined]
    counts["audit_event"] = rows
    revision = migrations.head_revision()
    with path.open("wb") as out:
        header = {"format": backup.FORMAT, "version": backup.VERSION, "revision": revision}
        lines = [json.dumps(header)]
        for number in range(1, rows + 1):
            event = {
                "id": number,
                "at": "2026-03-02T09:00:00+00:00",
                "actor_id": None,
                "actor_login": "system",
                "action": "update",
                "entity": "answer",
                "entity_id": str(number),
                "before": None,
                "after": {"remark": "é" * 450},
            }
            lines.append(json.dumps({"table": "audit_event", "row": event}, ensure_ascii=False))
            if len(lines) >= 1000 or number == rows:
                data = ("\n".join(lines) + "\n").encode("utf-8")
                digest.update(data)
                out.write(data)
                lines = []
        trailer = backup.seal(counts, digest.hexdigest(), backup.signing_key())
        out.write((json.dumps(trailer) + "\n").encode("utf-8"))
    return path.stat().st_size


def test_restore_reads_a_large_backup_in_bounded_memory(
    make_database: MakeDb, tmp_path: Path
) -> None:
    """A 200 MB backup took 1.6 GB to restore: the whole text, then every row, in memory.
    Now the peak of Python allocations stays a small part of the file's size."""
    size = _audit_backup(tmp_path / "large.jsonl", 24_000)
    target = make_database("sqlite", True)
    tracemalloc.start()
    try:
        counts = backup.restore_file(target, SYSTEM, tmp_path / "large.jsonl")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert counts["audit_event"] == 24_000
    assert size > 20_000_000 and peak < size / 5, f"peak {peak:,} bytes for {size:,}"


def test_the_demos_attachments_come_back_byte_for_byte(demo_engine: Engine) -> None:
    """The restored database (SQLite or PostgreSQL) serves the demo's files unchanged."""
    from cdm_quality.services.labelling import attachments
    from cdm_quality.storage.tables import Attachment

    with Session(demo_engine) as session:
        rows = session.exec(select(Attachment).order_by(Attachment.id)).all()
        files = [row for row in rows if row.url is None]
        assert len(rows) == 6 and len(files) == 5  # demo.attachments: 5 files, 1 link
        for row in files:
            got = attachments.download(session, SYSTEM, attachment_id=row.id)
            assert hashlib.sha256(got.content).hexdigest() == row.sha256
            assert len(got.content) == row.size
