"""Backups are signed with a key kept outside the database and outside the backup: a file
edited by hand (its sha256 recomputed) or unsigned is refused unless the caller says so."""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality.services import backup
from cdm_quality.services.errors import InvalidState, InvalidValue
from cdm_quality.services.people.access import SYSTEM
from cdm_quality.settings import get_settings
from cdm_quality.storage import migrations
from cdm_quality.storage.engine import make_engine
from cdm_quality.storage.tables import User
from tests.factories import build_world


@pytest.fixture
def source() -> Iterator[Engine]:
    engine = make_engine("sqlite://")
    migrations.upgrade(engine)
    with Session(engine) as session:
        build_world(session)
    yield engine
    engine.dispose()


def _dump(engine: Engine) -> str:
    with Session(engine) as session:
        return backup.dump(session, SYSTEM)


def _empty() -> Engine:
    return make_engine("sqlite://")


def _resealed(text: str, edit: str, into: str, **trailer: object) -> str:
    """`text` with `edit` replaced by `into` and its trailer's sha256 recomputed, as someone
    without the key would do; `trailer` changes more of the end line."""
    *lines, end = text.splitlines(keepends=True)
    body = "".join(lines).replace(edit, into, 1)
    assert body != "".join(lines)
    record = json.loads(end) | {"sha256": hashlib.sha256(body.encode()).hexdigest()} | trailer
    return body + json.dumps(record) + "\n"


def _contributor_made_admin(text: str) -> str:
    line = next(ln for ln in text.splitlines() if '"login":"contributeur"' in ln)
    return _resealed(text, line, line.replace('"role":"contributor"', '"role":"admin"'))


def test_a_backup_restores_with_the_key_that_signed_it(source: Engine) -> None:
    text = _dump(source)
    assert json.loads(text.splitlines()[-1])["signature"]
    backup.restore(_empty(), SYSTEM, text)


def test_an_edited_backup_with_its_sha256_recomputed_is_refused(source: Engine) -> None:
    """A contributor made admin by editing the backup and fixing its trailer's checksum."""
    target = _empty()
    with pytest.raises(InvalidValue) as refused:
        backup.restore(target, SYSTEM, _contributor_made_admin(_dump(source)))
    assert refused.value.code == "backup.signature"
    assert not migrations.current_revision(target)


@pytest.mark.parametrize("version", [1, 2])
def test_an_unsigned_backup_is_refused_unless_accepted(source: Engine, version: int) -> None:
    """Versions 1 (no trailer) and 2 (a trailer without signature) prove nothing: refused,
    restored only when the caller accepts unsigned files explicitly."""
    *lines, end = _dump(source).splitlines(keepends=True)
    header = json.loads(lines[0]) | {"version": version}
    body = json.dumps(header, separators=(",", ":")) + "\n" + "".join(lines[1:])
    digest = hashlib.sha256(body.encode()).hexdigest()
    rows = json.loads(end)["rows"]
    unsigned = body + (json.dumps({"end": True, "rows": rows, "sha256": digest}) + "\n") * (
        version == 2
    )
    with pytest.raises(InvalidValue) as refused:
        backup.restore(_empty(), SYSTEM, unsigned)
    assert refused.value.code == "backup.unsigned" and refused.value.params["version"] == version
    target = _empty()
    backup.restore(target, SYSTEM, unsigned, accept_unsigned=True)
    with Session(target) as session:
        assert session.exec(select(User).where(User.login == "contributeur")).one()


def test_an_unsigned_file_accepted_is_still_checked_against_its_sha256(source: Engine) -> None:
    forged = _contributor_made_admin(_dump(source)).replace("Dupré", "Dupont", 1)
    with pytest.raises(InvalidValue) as refused:
        backup.restore(_empty(), SYSTEM, forged, accept_unsigned=True)
    assert refused.value.code == "backup.checksum"


@pytest.fixture
def key_file_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No CDM_QUALITY_BACKUP_KEY: the key lives in a file beside the data directory."""
    monkeypatch.delenv("CDM_QUALITY_BACKUP_KEY", raising=False)
    monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data.backup-key"
    get_settings.cache_clear()


def test_without_a_setting_the_key_is_a_file_made_beside_the_data_directory(
    source: Engine, key_file_setting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not key_file_setting.exists()
    text = _dump(source)
    key = key_file_setting.read_text().strip()
    assert len(key) == 64 and stat.S_IMODE(key_file_setting.stat().st_mode) == 0o600
    assert key not in text
    backup.restore(_empty(), SYSTEM, text)  # the same key, read again
    key_file_setting.write_text("another-installations-key-" + "9" * 40)
    with pytest.raises(InvalidValue) as refused:
        backup.restore(_empty(), SYSTEM, text)
    assert refused.value.code == "backup.signature"


def test_a_key_file_that_cannot_be_made_is_told(
    source: Engine, key_file_setting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(key_file_setting.parent / "no" / "data"))
    get_settings.cache_clear()
    with pytest.raises(InvalidState) as refused:
        _dump(source)
    assert refused.value.code == "backup.key_unavailable"
