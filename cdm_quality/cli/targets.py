"""The files the commands write (backups and every export): a new path or a regular file,
never through a symbolic link, never a device, a pipe or a directory.

`checked(path)` refuses any other target with a `CommandError` before anything is written;
`opened(path, mode)` opens it for writing without following a link (`O_NOFOLLOW`) and checks
again what it opened, so a link put in its place meanwhile is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO, Any

from cdm_quality.cli.errors import CommandError

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)


def checked(path: Path) -> Path:
    """`path` when it is a new path or a regular file; CommandError otherwise."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    _refuse_unless_regular(path, mode)
    return path


_LINK = (
    "{path} is a symbolic link: nothing was written. Give the path of a regular file or a new "
    "one (a link is not followed)."
)
_NOT_REGULAR = (
    "{path} is not a regular file (a device, a directory or a pipe): nothing was written. "
    "Give the path of a regular file or a new one."
)


def _refuse_unless_regular(path: Path, mode: int) -> None:
    if stat.S_ISLNK(mode):
        raise CommandError(_LINK.format(path=path))
    if not stat.S_ISREG(mode):
        raise CommandError(_NOT_REGULAR.format(path=path))


def opened(path: Path, mode: str = "wb", **options: Any) -> IO[Any]:
    """`path` opened for writing (truncated), when `checked` accepts it; CommandError else."""
    checked(path)
    try:
        descriptor = os.open(path, _FLAGS, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put there since `checked`
            raise CommandError(_LINK.format(path=path)) from None
        raise
    try:
        _refuse_unless_regular(path, os.fstat(descriptor).st_mode)
    except CommandError:
        os.close(descriptor)
        raise
    return os.fdopen(descriptor, mode, **options)


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` as `opened` allows."""
    with opened(path, "wb") as out:
        out.write(data)
