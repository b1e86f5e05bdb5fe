"""Settings: defaults, the CDM_QUALITY_ prefix, and unsafe values refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from cdm_quality.settings import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "DATA_DIR",
        "DATABASE_URL",
        "IDLE_MINUTES",
        "LOGIN_MAX_FAILURES",
        "LOGIN_LOCK_MINUTES",
    ):
        monkeypatch.delenv(f"CDM_QUALITY_{name}", raising=False)


def test_defaults() -> None:
    settings = Settings()
    assert settings.data_dir == Path("data")
    assert settings.database_url == "sqlite:///data/cdm-quality.db"
    assert settings.sqlite_path() == Path("data/cdm-quality.db")
    assert (settings.idle_minutes, settings.login_max_failures, settings.login_lock_minutes) == (
        30,
        5,
        15,
    )


def test_environment_with_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CDM_QUALITY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CDM_QUALITY_IDLE_MINUTES", "45")
    monkeypatch.setenv("DATABASE_URL", "postgresql://ignored")  # no prefix: not ours
    settings = Settings()
    assert settings.database_url == f"sqlite:///{tmp_path}/cdm-quality.db"
    assert settings.idle_minutes == 45


def test_plain_postgres_url_gets_the_psycopg_driver() -> None:
    settings = Settings(database_url="postgresql://app@db:5432/cdm")
    assert settings.database_url == "postgresql+psycopg://app@db:5432/cdm"
    assert settings.sqlite_path() is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("database_url", "mysql://root@localhost/x"),
        ("database_url", "file:///etc/passwd"),
        ("data_dir", "/"),
        ("idle_minutes", 0),
        ("idle_minutes", 100_000),
        ("login_max_failures", 0),
        ("login_lock_minutes", -5),
    ],
)
def test_unsafe_values_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Settings(**{field: value})


def test_refusal_names_the_variable() -> None:
    with pytest.raises(ValidationError, match="CDM_QUALITY_DATABASE_URL"):
        Settings(database_url="mysql://x")
