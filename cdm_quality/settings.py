"""Application settings: the one place that reads the environment (prefix `CDM_QUALITY_`).

    CDM_QUALITY_DATA_DIR            directory for the SQLite file and exports (default ./data)
    CDM_QUALITY_DATABASE_URL        sqlite:///<DATA_DIR>/cdm-quality.db unless given;
                                    PostgreSQL as postgresql+psycopg://user@host:port/db
    CDM_QUALITY_IDLE_MINUTES        sign out after this many idle minutes (default 30)
    CDM_QUALITY_SESSION_HOURS       a sign-in ends this long after it began, even if active (12)
    CDM_QUALITY_LOGIN_MAX_FAILURES  failed logins allowed within the lock window (default 5)
    CDM_QUALITY_LOGIN_LOCK_MINUTES  length of that window and of the lock (default 15)
    CDM_QUALITY_MAX_PARALLEL_HASHES password checks (argon2, 64 MiB each) run at once (default 2)
    CDM_QUALITY_ATTACHMENTS_MB      total size of the files attached to one response (default 200)
    CDM_QUALITY_SMTP_URL            mail server for the emails (smtp://host:port or
                                    smtps://user:password@host:port); unset: no email, in-app only
    CDM_QUALITY_MAIL_FROM           the sender of those emails (default cdm-quality@localhost)
    CDM_QUALITY_PUBLIC_URL          the address users open the app at (https://quality.example.org);
                                    emails link to their page with it; unset: no link
    CDM_QUALITY_BACKUP_KEY          the key that signs backups (at least 32 characters); unset:
                                    a random key kept in the file `<DATA_DIR>.backup-key`
                                    beside the data directory, made on first use
    CDM_QUALITY_QUESTIONNAIRES_DIR  the questionnaire files (default: those shipped with the
                                    package, or the checkout's questionnaires/ folder)

Unsafe values are refused at start-up with a message saying which variable and how to fix it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_SCHEMES = ("sqlite://", "postgresql+psycopg://")
_PLAIN_POSTGRES = ("postgresql://", "postgres://")
_PACKAGE = Path(__file__).resolve().parent


class Settings(BaseSettings):
    """Settings read from `CDM_QUALITY_*` environment variables."""

    # hide_input_in_errors: a refused URL may hold a database password; errors must not echo it.
    model_config = SettingsConfigDict(
        env_prefix="CDM_QUALITY_", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    data_dir: Path = Path("./data")
    database_url: str = ""
    idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    login_max_failures: int = Field(default=5, ge=1, le=100)
    login_lock_minutes: int = Field(default=15, ge=1, le=24 * 60)
    max_parallel_hashes: int = Field(default=2, ge=1, le=64)
    attachments_mb: int = Field(default=200, ge=1, le=100_000)
    smtp_url: str = ""
    mail_from: str = Field(default="cdm-quality@localhost", min_length=3, max_length=254)
    public_url: str = Field(default="", max_length=500)
    backup_key: SecretStr | None = Field(default=None, min_length=32)
    questionnaires_dir: Path | None = None

    def backup_key_file(self) -> Path:
        """Where the backup key is kept when `backup_key` is unset: beside the data directory
        (`./data` → `./data.backup-key`), so neither the database nor a backup holds it."""
        data_dir = self.data_dir.resolve()
        return data_dir.with_name(data_dir.name + ".backup-key")

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("smtp://", "smtps://")):
            raise ValueError(
                "CDM_QUALITY_SMTP_URL must start with smtp:// or smtps:// "
                f"(got {value.split(':', 1)[0]!r}); leave it unset for no email."
            )
        return value

    @field_validator("public_url")
    @classmethod
    def _public_address(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        scheme, _, rest = value.partition("://")
        if value and (scheme not in ("http", "https") or not rest or any(c in rest for c in "?# ")):
            raise ValueError(
                "CDM_QUALITY_PUBLIC_URL must be the app's address, such as "
                "https://quality.example.org (no query); leave it unset for emails without links."
            )
        return value

    @field_validator("data_dir")
    @classmethod
    def _data_dir_not_root(cls, value: Path) -> Path:
        if str(value).strip() == "" or value.resolve() == Path("/"):
            raise ValueError("CDM_QUALITY_DATA_DIR must name a directory other than /.")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        value = value.strip()
        for plain in _PLAIN_POSTGRES:
            if value.startswith(plain):
                value = "postgresql+psycopg://" + value.removeprefix(plain)
        if value and not value.startswith(_SCHEMES):
            raise ValueError(
                "CDM_QUALITY_DATABASE_URL must start with sqlite:// or postgresql+psycopg:// "
                f"(got {value.split(':', 1)[0]!r})."
            )
        return value

    @model_validator(mode="before")
    @classmethod
    def _default_database(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("database_url"):
            data_dir = Path(data.get("data_dir") or "./data")
            data = {**data, "database_url": _embedded_url(data_dir)}
        return data

    def uses_embedded_database(self) -> bool:
        """Whether the database is the embedded default (the SQLite file in `data_dir`), not
        one named by CDM_QUALITY_DATABASE_URL: the only one the demo may fill by itself."""
        return self.database_url == _embedded_url(self.data_dir)

    def questionnaires_path(self) -> Path:
        """The folder of questionnaire files: the setting when given, else the copy installed
        with the package (`pip install .`), else the checkout's `questionnaires/` folder (an
        editable install reads the files where they are edited)."""
        if self.questionnaires_dir is not None:
            return self.questionnaires_dir
        installed = _PACKAGE / "questionnaires"
        return installed if installed.is_dir() else _PACKAGE.parent / "questionnaires"

    def sqlite_path(self) -> Path | None:
        """The database file when the URL names an SQLite file, else None."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix) or self.database_url == prefix:
            return None
        return Path(self.database_url.removeprefix(prefix).split("?", 1)[0])


def _embedded_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'cdm-quality.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
