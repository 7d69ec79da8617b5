"""One host uid and gid per sandbox worker, so that no two workers share a per-user kernel counter.

The kernel counts some resources per host user, whatever namespace a process is in: POSIX message
queue bytes (RLIMIT_MSGQUEUE), queued signals (RLIMIT_SIGPENDING), pipe pages
(``pipe-user-pages-soft``) and inotify instances. Workers that share a uid share those counters,
so one sample holding them makes another worker's ``mq_open``, ``sigqueue``, ``pipe`` or
``inotify_init1`` fail: a channel between workers, and a way to fail another sample's tests.

The ids come from the subordinate range of :data:`OWNER` in ``/etc/subuid`` and ``/etc/subgid``
(``scripts/setup.sh`` adds one with ``usermod --add-subuids/--add-subgids``): ids reserved on this
machine for that user and nobody else. A worker claims the n-th uid and gid of the range for its
lifetime by holding ``flock(LOCK_EX)`` on ``/run/synthcode/ids/n.lock``; the lock goes when the
worker closes or when the process holding it dies, so several synthcode processes on one machine
(of either backend) never hand out the same id twice, and a killed run leaks none.

    >>> pool = IdPool.for_owner()            # None: no range, or no lock directory (not root)
    >>> host = pool.claim() if pool else None
    >>> host.uid, host.gid                   # doctest: +SKIP
    (100000, 100000)
    >>> host.release()                       # doctest: +SKIP
"""

from __future__ import annotations

import fcntl
import os
import pwd
from dataclasses import dataclass
from pathlib import Path

from synthcode.sandbox.base import SandboxError

OWNER = "synthcode-sandbox"
"""The user whose subordinate ids the workers run as."""
SUBUID = Path("/etc/subuid")
SUBGID = Path("/etc/subgid")
LOCK_DIR = Path("/run/synthcode/ids")
"""On tmpfs: emptied at boot, when no lock can be held anyway. Mode 1777, so that synthcode run by
another user that may start containers (the docker group) takes its ids from the same locks."""


@dataclass(frozen=True)
class IdRange:
    """``count`` uids from ``uid`` and as many gids from ``gid``, paired by their offset."""

    uid: int
    gid: int
    count: int


def _first_range(path: Path, names: set[str]) -> tuple[int, int] | None:
    """The first ``name:start:count`` line of a subordinate id file for one of ``names``."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.strip().split(":")
        if len(fields) == 3 and fields[0] in names and fields[1].isdigit() and fields[2].isdigit():
            if int(fields[2]) > 0 and int(fields[1]) > 0:  # never 0: that is root
                return int(fields[1]), int(fields[2])
    return None


def subordinate_range(owner: str = OWNER, subuid: Path | None = None, subgid: Path | None = None) -> IdRange | None:
    """``owner``'s first subordinate uid and gid ranges (the files, :data:`SUBUID` and :data:`SUBGID`
    unless given, name it or its uid), or None."""
    subuid, subgid = subuid or SUBUID, subgid or SUBGID
    names = {owner}
    try:
        names.add(str(pwd.getpwnam(owner).pw_uid))
    except KeyError:
        pass
    uids, gids = _first_range(subuid, names), _first_range(subgid, names)
    if uids is None or gids is None:
        return None
    return IdRange(uid=uids[0], gid=gids[0], count=min(uids[1], gids[1]))


class HostId:
    """A claimed uid and gid; the claim lasts until :meth:`release` or until this process dies."""

    def __init__(self, uid: int, gid: int, index: int, fd: int) -> None:
        self.uid, self.gid, self.index = uid, gid, index
        self._fd: int | None = fd

    def release(self) -> None:
        """Give the ids back; releasing twice does nothing more."""
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops its flock
            self._fd = None

    def __repr__(self) -> str:
        return f"HostId(uid={self.uid}, gid={self.gid}, index={self.index})"


class IdPool:
    """Hands out the ids of an :class:`IdRange`, one pair per worker, through lock files."""

    def __init__(self, ids: IdRange, lock_dir: Path = LOCK_DIR) -> None:
        self.ids = ids
        self.lock_dir = lock_dir

    @classmethod
    def for_owner(cls, owner: str = OWNER, lock_dir: Path | None = None) -> IdPool | None:
        """A pool over ``owner``'s subordinate range, or None when there is none or its lock
        directory cannot be made (then the caller falls back to one id, and says so)."""
        ids, lock_dir = subordinate_range(owner), lock_dir or LOCK_DIR
        if ids is None:
            return None
        try:
            if not lock_dir.is_dir():
                lock_dir.mkdir(parents=True, exist_ok=True)
                os.chmod(lock_dir, 0o1777)
        except OSError:
            return None
        if not os.access(lock_dir, os.W_OK | os.X_OK):
            return None
        return cls(ids, lock_dir)

    def _open(self, index: int) -> int:
        path = self.lock_dir / f"{index}.lock"
        try:
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            pass
        try:
            return os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except PermissionError:  # made by another user just now (protected_regular refuses O_CREAT)
            return os.open(path, os.O_RDONLY | os.O_CLOEXEC)

    def claim(self) -> HostId:
        """The first free uid and gid of the range, held until released; SandboxError if none is free."""
        for index in range(self.ids.count):
            try:
                fd = self._open(index)
            except OSError as exc:
                raise SandboxError(f"could not claim a sandbox id in {self.lock_dir}: {exc}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            except OSError as exc:
                os.close(fd)
                raise SandboxError(f"could not lock {self.lock_dir}/{index}.lock: {exc}") from None
            return HostId(self.ids.uid + index, self.ids.gid + index, index, fd)
        raise SandboxError(f"all {self.ids.count} sandbox ids of {OWNER}'s subordinate range are in use "
                           f"(locks in {self.lock_dir}): widen the range in /etc/subuid and /etc/subgid")
