"""Safeguards for files that come from outside the service, shared by every app that takes them.

The learning repository reads review documents for their text
(cspr/learning/extract.py); a case's documents are stored and served as they
came (cspr/documents/checks.py). Both must refuse the same hostile files in the
same way, so what they share lives here, below both apps:

- `run_guarded` runs a parser on a file's bytes in a child process that is
  stopped after a time limit and under a memory limit. A malformed or hostile
  PDF (a compression bomb, an object graph that loops, millions of tiny pages)
  can keep a parser busy for hours or exhaust memory, and a thread cannot be
  stopped; a process can.
- `check_zip` refuses archives that are corrupt or would inflate to an unsafe size
  (zip bombs: too large in all or in one part, or far more than their compressed
  size), before any XML parser sees them.
- `FileRefused` is the one refusal, with a message a person can act on.

Nothing here touches the database.
"""

import io
import multiprocessing
import resource
import zipfile
from collections.abc import Callable, Iterable

from django.conf import settings


class FileRefused(Exception):
    """The file is refused whole; the message says why and, where it can, what to do."""


def describe(error: Exception) -> str:
    """A library's error in one short line, for a refusal message."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return message[:160]


def time_limit() -> float:
    return float(getattr(settings, "CSPR_LEARNING_EXTRACT_SECONDS", 60))


def memory_limit() -> int:
    return int(getattr(settings, "CSPR_LEARNING_EXTRACT_MEMORY_MB", 2048)) * 1024 * 1024


# --- A parser in a child process ----------------------------------------------------------------


def run_guarded(target: Callable[[bytes], object], data: bytes, *, what: str, preload: Iterable[str] = ()):
    """`target(data)` in a child process killed after the time limit, under the memory limit.

    `target` must be a module-level function (it is sent to the child by name); it
    raises FileRefused to refuse the file. The forkserver forks from a small server
    process that has `preload` (pypdf, the target's module) imported already, so the
    guard costs milliseconds per file rather than an interpreter start, and forking
    never copies the web server's threads or database connections.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cspr.core.files", *preload])
    try:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(target, data, send, memory_limit(), what), daemon=True)
        process.start()
    except OSError as error:  # the server, not the file: say so, so nobody re-exports a good file
        raise FileRefused(
            f"the {what} reader could not be started on this server ({describe(error)}); this is not a "
            "problem with the file: tell the service's operator"
        ) from None
    send.close()
    try:
        if not receive.poll(time_limit()):
            raise FileRefused(
                f"reading the {what} took longer than {time_limit():.0f} seconds, so it was stopped: the file may be "
                f"malformed or hostile. Re-save it (for example, print it to a new {what}) and add that"
            )
        try:
            outcome, payload = receive.recv()
        except EOFError:
            raise FileRefused(
                f"the {what} stopped the reader (it ran out of memory or crashed): the file may be malformed or hostile"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()
    if outcome == "ok":
        return payload
    if outcome == "refused":
        raise FileRefused(payload)
    raise FileRefused(f"the file could not be read as {what} ({payload})")


def _child(target, data: bytes, send, memory_bytes: int, what: str) -> None:
    """In the child: run the parser and send back ("ok", result), ("refused", message) or ("error", description)."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        result = ("ok", target(data))
    except FileRefused as error:
        result = ("refused", str(error))
    except RecursionError:
        result = ("refused", f"the {what} file is too deeply nested to read safely")
    except MemoryError:
        result = ("refused", f"reading the {what} needed more memory than allowed (CSPR_LEARNING_EXTRACT_MEMORY_MB)")
    except Exception as error:  # every library error means the same thing to the person adding the file
        result = ("error", describe(error))
    send.send(result)
    send.close()


# --- Zip archives (DOCX, ODT) -------------------------------------------------------------------


# Compression bombs are refused by what no real document does, whatever the size limit: a DOCX
# or ODT is XML that compresses about 10 times (a python-docx report of 20,000 paragraphs of one
# sentence repeated, 3,000 pages, reaches 115 times; one of a table of zeros 210 times in its
# largest part). A 0.4 MB file that expands to 390 MB (1,000 times) is built to exhaust memory.
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # one part: a 50 MB document.xml is some 10,000 pages of text
MAX_RATIO = 100  # expanded size over the file's size, checked only above RATIO_FLOOR
RATIO_FLOOR = 20 * 1024 * 1024  # below this, expanding costs little, and small files compress most


def check_zip(data: bytes, *, what: str, max_inflated: int) -> zipfile.ZipFile:
    """Open a zip archive only if it is sound and would not inflate to an unsafe size.

    Unsafe: past `max_inflated` bytes in all, past MAX_MEMBER_BYTES in any one part, or
    (above RATIO_FLOOR) more than MAX_RATIO times the file's size. The sizes are read from
    the archive's directory first; `testzip` then inflates every member once, in bounded
    chunks, so a directory that lies about sizes is caught by its checksums rather than by
    running out of memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FileRefused(f"the {what} file is corrupt (not a readable zip archive)") from None
    members = archive.infolist()
    inflated = sum(info.file_size for info in members)
    largest = max((info.file_size for info in members), default=0)
    if (
        inflated > max_inflated
        or largest > MAX_MEMBER_BYTES
        or (inflated > RATIO_FLOOR and inflated > MAX_RATIO * len(data))
    ):
        archive.close()
        raise FileRefused(_bomb_message(len(data), inflated))
    try:
        bad = archive.testzip()
    except Exception as error:  # a member that cannot be inflated at all (unsupported method, truncated)
        archive.close()
        raise FileRefused(f"the {what} file is corrupt ({describe(error)})") from None
    if bad is not None:
        archive.close()
        raise FileRefused(f"the {what} file is corrupt ({bad} fails its checksum)")
    return archive


def _bomb_message(size: int, inflated: int) -> str:
    megabytes = 1024 * 1024
    return (
        f"the file expands to {inflated / megabytes:,.0f} MB when opened, from {size / megabytes:,.1f} MB, "
        "far more than a real document does: it may be a zip bomb, made to overwhelm the computer that "
        "opens it. Save it again from the program that made it, or as a PDF, and attach that"
    )
