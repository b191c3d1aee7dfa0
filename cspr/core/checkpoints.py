"""Audit checkpoints: the chain's length and newest hash, signed, and kept outside the database.

The hash chain (cspr/core/audit.py) shows an edited, deleted or moved row, but not the
newest rows deleted together with a rewritten chain head, nor an emptied table: the
database alone cannot remember what it used to hold. A checkpoint can. Each one is a
JSON line appended to a file (`CSPR_AUDIT_CHECKPOINT_FILE`) that names the number of
events, the newest event's id and hash, and the previous checkpoint's signature, signed
with an HMAC whose key (`CSPR_AUDIT_KEY` or `CSPR_AUDIT_KEY_FILE`) is never stored in the
database. Someone who can change the database but not the key cannot forge one, and a
file kept on another host (docs/operations.md) cannot be changed from the database host
at all. `cspr audit verify` compares the chain with the newest checkpoint.

Runs may overlap (the hourly timer and a manual run, `cspr backup`): each holds an exclusive
lock on a file beside the checkpoint file from reading the last checkpoint until its own is
appended, so the second waits and makes the next one instead of a fork that `audit verify`
would report as removed or reordered lines; readers hold it shared, never seeing a line
half-written.
"""

import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cspr.core import audit
from cspr.core.audit import ChainProblem
from cspr.core.models import AuditChainHead, AuditEvent


class CheckpointError(Exception):
    """A checkpoint cannot be made or read at all (no key, an unreadable file)."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    at: str
    count: int
    last_id: int | None
    head: str
    prev: str  # the previous checkpoint's signature, so a removed or reordered line shows
    key_id: str  # which key signed it, so a rotated key gives its own message
    signature: str = ""

    def signed_content(self) -> bytes:
        content = {name: value for name, value in asdict(self).items() if name != "signature"}
        return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))


def audit_key() -> bytes:
    """The signing key, from the environment or a key file; never from the database."""
    key = getattr(settings, "CSPR_AUDIT_KEY", "") or ""
    key_file = getattr(settings, "CSPR_AUDIT_KEY_FILE", "") or ""
    if not key and key_file:
        try:
            key = Path(key_file).read_text().strip()
        except OSError as error:
            raise CheckpointError(f"CSPR_AUDIT_KEY_FILE: cannot read {key_file} ({error.strerror})") from None
    if not key:
        raise CheckpointError(
            "set CSPR_AUDIT_KEY or CSPR_AUDIT_KEY_FILE: "
            "audit checkpoints are signed with a key kept outside the database"
        )
    # The shortest key cspr/config.py accepts at start-up (a key file is read only here).
    if len(key) < settings.CSPR_AUDIT_KEY_MIN_LENGTH:
        raise CheckpointError(f"the audit key must be at least {settings.CSPR_AUDIT_KEY_MIN_LENGTH} characters long")
    return key.encode()


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"cspr audit key id:" + key).hexdigest()[:12]


def checkpoint_file() -> Path:
    configured = getattr(settings, "CSPR_AUDIT_CHECKPOINT_FILE", "") or ""
    return Path(configured) if configured else Path(settings.DATA_DIR) / "audit-checkpoints.jsonl"


def lock_file(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold the lock beside the checkpoint file `path`: exclusive to append, shared to read.

    A lock file beside it rather than the checkpoint file itself, which operators move aside
    and replace (a new key, a restore) while the lock must stay one file. flock, not the chain
    head's row lock: that would hold up every audited write in the service while the chain is
    walked, is no lock at all on SQLite, and does not cover readers of the file. A reader makes
    the lock file only beside the live checkpoint file: beside a backup's copy or a copy fetched
    from elsewhere it would be litter, and nothing appends there, so it reads without one.
    """
    flags = os.O_RDONLY | (os.O_CREAT if exclusive or path == checkpoint_file() else 0)
    try:
        if exclusive:
            path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_file(path), flags, 0o640)
    except OSError as error:
        if not exclusive:
            yield
            return
        raise CheckpointError(f"cannot lock the checkpoint file: {lock_file(path)} ({error.strerror})") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)  # waits for the other run
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def sign(checkpoint: Checkpoint, key: bytes) -> str:
    return hmac.new(key, checkpoint.signed_content(), hashlib.sha256).hexdigest()


@dataclass
class CheckpointFile:
    checkpoints: list[Checkpoint]  # only those whose signature holds, in file order
    problems: list[ChainProblem]

    @property
    def last(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


def read(path: Path, key: bytes) -> CheckpointFile:
    """Every checkpoint of the file, checked: its signature, its key and its place after the one before."""
    try:
        lines = path.read_text().splitlines() if path.exists() else []
    except OSError as error:
        raise CheckpointError(f"cannot read the checkpoint file {path} ({error.strerror})") from None
    result = CheckpointFile([], [])
    names = {f.name for f in fields(Checkpoint)}
    previous_signature, expected_sequence = "", 1
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            data = json.loads(text)
            checkpoint = Checkpoint(**data) if isinstance(data, dict) and set(data) == names else None
        except (ValueError, TypeError):
            checkpoint = None
        if checkpoint is None:
            result.problems.append(
                ChainProblem(None, f"{where} is not a checkpoint written by `cspr audit checkpoint`")
            )
            continue
        if checkpoint.key_id != key_id(key):
            # Not evidence of tampering: the file cannot be checked with this key at all.
            raise CheckpointError(
                f"{where} was signed with another key (key id {checkpoint.key_id}; the key set now has key id "
                f"{key_id(key)}): CSPR_AUDIT_KEY or CSPR_AUDIT_KEY_FILE has changed since the file was "
                "started, or the file is not this service's. Verify it with the key it was made with; to change "
                'the key, start a new checkpoint file (docs/operations.md, "Changing the audit key")'
            )
        if not hmac.compare_digest(sign(checkpoint, key), checkpoint.signature):
            result.problems.append(ChainProblem(None, f"{where} has been altered: its signature does not match"))
            continue
        if checkpoint.prev != previous_signature or checkpoint.sequence != expected_sequence:
            result.problems.append(
                ChainProblem(
                    None,
                    f"{where} (checkpoint {checkpoint.sequence}) does not follow the checkpoint before it: "
                    "checkpoints were removed or reordered",
                )
            )
        result.checkpoints.append(checkpoint)
        previous_signature, expected_sequence = checkpoint.signature, checkpoint.sequence + 1
    return result


def compare(walk: audit.ChainWalk, checkpoint: Checkpoint) -> list[ChainProblem]:
    """What the chain has lost or changed since the checkpoint was made."""
    when = f"the checkpoint of {checkpoint.at}"
    if checkpoint.count and walk.count == 0:
        return [
            ChainProblem(
                None, f"the audit table has been emptied: {when} recorded {checkpoint.count} events, it now holds none"
            )
        ]
    if checkpoint.last_id is None:
        return []
    if walk.watched_hash is None:
        if walk.last_id is None or walk.last_id < checkpoint.last_id:
            return [
                ChainProblem(
                    walk.last_id,
                    f"the newest events are missing: {when} recorded {checkpoint.count} events ending with event "
                    f"{checkpoint.last_id}, but the table ends at event {walk.last_id} (a missing tail)",
                )
            ]
        return [
            ChainProblem(
                checkpoint.last_id, f"event {checkpoint.last_id}, the newest event at {when}, has been deleted"
            )
        ]
    problems = []
    if walk.watched_hash != checkpoint.head:
        problems.append(
            ChainProblem(
                checkpoint.last_id,
                f"the chain has been rewritten: event {checkpoint.last_id} no longer has the hash {when} recorded "
                "(events up to it were changed and re-hashed, or the chain head rewritten)",
            )
        )
    if walk.count_to_watched != checkpoint.count:
        difference = checkpoint.count - walk.count_to_watched
        problems.append(
            ChainProblem(
                checkpoint.last_id,
                f"{difference} of the {checkpoint.count} events recorded by {when} are missing"
                if difference > 0
                else f"{-difference} events have been inserted before event {checkpoint.last_id} since {when}",
            )
        )
    return problems


@dataclass
class Verification:
    problems: list[ChainProblem]
    count: int
    checkpoint: Checkpoint | None  # None: not compared with one (none asked for, or none made yet)


def verify(*, path: Path | None = None, use_checkpoints: bool = True) -> Verification:
    """The chain's own breaks, the checkpoint file's, and the chain against the newest checkpoint."""
    if not use_checkpoints:
        walk = audit.walk()
        return Verification(walk.problems + audit.head_problems(walk), walk.count, None)
    key = audit_key()
    path = path or checkpoint_file()
    with locked(path, exclusive=False):
        stored = read(path, key)
    last = stored.last
    walk = audit.walk(watch_id=last.last_id if last else None)
    problems = stored.problems + walk.problems + audit.head_problems(walk)
    if last is not None:
        problems += compare(walk, last)
    return Verification(problems, walk.count, last)


class Tampered(Exception):
    def __init__(self, problems: list[ChainProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the audit trail")


def audit_checkpoint(*, path: Path | None = None) -> Checkpoint:
    """Append a signed checkpoint of the chain as it is now, after checking it against the last one.

    A trail that is already broken is never checkpointed: that would make its break
    look like the starting point. Events written while the walk runs are checked under
    the chain head's lock before the checkpoint names them. A run that overlaps another
    (the timer, a manual run, `cspr backup`) waits for it, then makes the next checkpoint.
    """
    key = audit_key()
    path = path or checkpoint_file()
    # From reading the last checkpoint until this one is on disk: another run reading the
    # file in between would sign the same `prev` and fork the file (docs/adr/0020, 2026-12-08).
    with locked(path, exclusive=True):
        return _checkpoint_locked(path, key)


def _checkpoint_locked(path: Path, key: bytes) -> Checkpoint:
    stored = read(path, key)
    last = stored.last
    walk = audit.walk(watch_id=last.last_id if last else None)
    problems = stored.problems + walk.problems + (compare(walk, last) if last else [])
    if problems:
        raise Tampered(problems)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        count, last_id, last_hash = walk.count, walk.last_id, walk.last_hash
        newer = AuditEvent.objects.order_by("id")
        for event in newer.filter(id__gt=last_id) if last_id is not None else newer:
            if event.prev_hash != last_hash or audit._digest(event) != event.hash:
                raise Tampered([ChainProblem(event.id, f"event {event.id} does not follow event {last_id}")])
            count, last_id, last_hash = count + 1, event.id, event.hash
        if head.last_hash != last_hash:
            raise Tampered(audit.head_problems(audit.walk()))
    checkpoint = Checkpoint(
        sequence=(last.sequence + 1) if last else 1,
        at=timezone.now().isoformat(timespec="seconds"),
        count=count,
        last_id=last_id,
        head=last_hash,
        prev=last.signature if last else "",
        key_id=key_id(key),
    )
    checkpoint = Checkpoint(**{**asdict(checkpoint), "signature": sign(checkpoint, key)})
    _append(path, checkpoint.line())
    return checkpoint


def _append(path: Path, line: str) -> None:
    """Add `line` whole or not at all; the caller holds the exclusive lock."""
    # O_APPEND: each checkpoint is added after the others and never rewrites them; fsync so
    # that a checkpoint reported as made survives a crash.
    data = (line + "\n").encode()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    except OSError as error:
        raise CheckpointError(f"cannot write the checkpoint file {path} ({error.strerror})") from None
    try:
        size = os.fstat(descriptor).st_size
        try:
            written = 0
            while written < len(data):  # os.write may write less than asked (a full disk)
                written += os.write(descriptor, data[written:])
            os.fsync(descriptor)
        except BaseException as error:
            # A half line would read as a forged checkpoint, and an unsynced one is not reported made.
            os.ftruncate(descriptor, size)
            if isinstance(error, OSError):
                raise CheckpointError(f"cannot write the checkpoint file {path} ({error.strerror})") from None
            raise
    finally:
        os.close(descriptor)
