"""A burst of sign-ins at one moment: the throttle still holds, and the password checks that
run at once are bounded (each argon2 check takes 64 MiB).

SQLite in a file and PostgreSQL (`file_engine`): each thread has its own session, as each
browser session has in the app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlmodel import Session, select

from cdm_quality.services.errors import AuthError, LoginThrottled
from cdm_quality.services.people import auth, users
from cdm_quality.settings import Settings, get_settings
from cdm_quality.storage.tables import LoginFailure, Role
from tests.factories import FACTORY_PASSWORD, make_cite, make_user

LIMIT = 5
WRONG = 40
SETTINGS = Settings(login_max_failures=LIMIT, login_lock_minutes=15)


@pytest.fixture
def anne(file_engine: Engine) -> str:
    with Session(file_engine) as session:
        cite = make_cite(session, "Cité des métiers de Namur", country="Belgique")
        make_user(session, "anne", Role.director, cite_id=cite.id)
    return "anne"


class HeldChecks:
    """Stands for argon2's slow check: each check is counted; a wrong password's then waits
    for `release`, so that every concurrent attempt has been admitted or refused meanwhile."""

    def __init__(self, real: Callable[[str, str], bool]) -> None:
        self.real = real
        self.checked: list[str] = []
        self.release = threading.Event()
        self.lock = threading.Lock()

    def __call__(self, password_hash: str, password: str) -> bool:
        with self.lock:
            self.checked.append(password)
        if password.startswith("wrong"):
            self.release.wait(timeout=60)
        return self.real(password_hash, password)


def _sign_in(engine: Engine, login: str, password: str) -> str:
    """'accepted', 'throttled' or 'refused'."""
    with Session(engine) as session:
        try:
            auth.authenticate(session, login, password, settings=SETTINGS)
        except LoginThrottled:
            return "throttled"
        except AuthError:
            return "refused"
    return "accepted"


@contextmanager
def _pool(workers: int) -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield pool


def _wait_until(condition: Callable[[], bool]) -> None:
    done = threading.Event()
    for _ in range(600):
        if condition() or done.wait(0.1):
            return
    pytest.fail("the burst did not settle within a minute")


@pytest.mark.parametrize("login", ["anne", "nobody"])
def test_a_burst_of_wrong_passwords_checks_at_most_the_limit(
    file_engine: Engine, anne: str, login: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 wrong passwords at one moment: only LIMIT are checked; while they are being checked
    the right password is refused without a check. An unknown login behaves the same."""
    held = HeldChecks(auth.verify_password)
    monkeypatch.setattr(auth, "verify_password", held)
    with _pool(WRONG) as pool:
        burst = [pool.submit(_sign_in, file_engine, login, f"wrong-{i}") for i in range(WRONG)]
        _wait_until(lambda: len(held.checked) + sum(f.done() for f in burst) >= WRONG)
        right = _sign_in(file_engine, login, FACTORY_PASSWORD)
        held.release.set()
        outcomes = sorted(f.result() for f in burst)
    assert held.checked.count(FACTORY_PASSWORD) == 0
    assert len(held.checked) == LIMIT
    assert outcomes == ["refused"] * LIMIT + ["throttled"] * (WRONG - LIMIT)
    assert right == "throttled"


def test_the_right_password_after_the_burst_is_still_refused(
    file_engine: Engine, anne: str
) -> None:
    """The same with real argon2 checks, all threads released together."""
    start = threading.Barrier(WRONG)

    def wrong(i: int) -> str:
        start.wait()
        return _sign_in(file_engine, "anne", f"wrong-{i}")

    with _pool(WRONG) as pool:
        outcomes = sorted(pool.map(wrong, range(WRONG)))
    assert outcomes == ["refused"] * LIMIT + ["throttled"] * (WRONG - LIMIT)
    assert _sign_in(file_engine, "anne", FACTORY_PASSWORD) == "throttled"
    with Session(file_engine) as session:
        assert len(session.exec(select(LoginFailure)).all()) == LIMIT


def test_a_success_clears_the_attempt_it_counted(file_engine: Engine, anne: str) -> None:
    assert _sign_in(file_engine, "anne", "wrong") == "refused"
    assert _sign_in(file_engine, "anne", FACTORY_PASSWORD) == "accepted"
    with Session(file_engine) as session:
        assert session.exec(select(LoginFailure)).all() == []


# --- bounded password checks --------------------------------------------------------------

BOUND = 3
BURST = 12


@pytest.fixture
def bound(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("CDM_QUALITY_MAX_PARALLEL_HASHES", str(BOUND))
    get_settings.cache_clear()
    yield BOUND
    get_settings.cache_clear()


class CountingHasher:
    """Stands for argon2: counts the hashes running at once. Each waits (a little) for one
    more to start, so that an unbounded burst shows its full width."""

    def __init__(self, real: PasswordHasher) -> None:
        self.real = real
        self.running = 0
        self.peak = 0
        self.changed = threading.Condition()

    def _run(self, work: Callable[[], Any]) -> Any:
        with self.changed:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.changed.notify_all()
            self.changed.wait_for(lambda: self.running > BOUND, timeout=0.2)
        try:
            return work()
        finally:
            with self.changed:
                self.running -= 1

    def hash(self, password: str) -> str:
        return self._run(lambda: self.real.hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        return self._run(lambda: self.real.verify(password_hash, password))


@pytest.mark.parametrize("work", ["sign-in", "new password"])
def test_no_more_than_the_setting_of_password_hashes_run_at_once(
    file_engine: Engine, anne: str, bound: int, work: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 failed sign-ins at once took 3.6 GB (64 MiB each): they now queue, BOUND at a time."""
    counting = CountingHasher(users._hasher)
    monkeypatch.setattr(users, "_hasher", counting)
    start = threading.Barrier(BURST)

    def one(i: int) -> None:
        start.wait()
        if work == "sign-in":
            _sign_in(file_engine, f"user-{i}", "wrong-password")
        else:
            users.hash_password(f"new-password-{i}")

    with _pool(BURST) as pool:
        list(pool.map(one, range(BURST)))
    assert counting.peak == bound
