"""The theme suggester's labelled passages: how they are read, and which are held out.

cspr/learning/data/passages.jsonl, written by the team (never copied from published reviews):
one passage a line, with its labels and its split. Kept apart from the model
(cspr/domain/themes_model.py) because the split rule is a fact about the data, fixed before any
result is seen, not a setting of the model (docs/learning.md, docs/adr/0009).
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "eval")


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    labels: frozenset[str]
    split: str


HASH_SPLIT_EVAL_PERCENT = 38


def hash_split(passage_id: str) -> str:
    """The split a newly written passage goes to, fixed by its id before any result is seen.

    Passages written from 2026-11-25 (ids m001 onwards) take their split from this rule:
    "eval" for 38 in 100 ids, by a hash of the id, so that nobody chooses which passages
    are held out. The first 490 keep the split they were given (docs/adr/0009).

    Passages x001-x496 are training data only, by design: added to strengthen the model
    without changing the held-out split at all, so that held-out results before and after
    them stay comparable. They never touch the held-out split, and the rule does not apply.

    Passages za001-za133 and zb001-zb130 (2026-12-05) are all held out, by design: written
    by two people working apart, who saw neither the phrase lists, the model nor the other
    passages, as an independent test of text the suggester has never met. They were merged
    after the phrase lists and the layers of that day were fixed, and nothing was tuned on
    them afterwards (docs/learning.md).
    """
    digest = hashlib.sha256(f"cspr-passages:{passage_id}".encode()).hexdigest()
    return "eval" if int(digest, 16) % 100 < HASH_SPLIT_EVAL_PERCENT else "train"


def load_passages(path: Path, known_labels: set[str]) -> list[Passage]:
    """Read the labelled set, refusing anything malformed (a typo in a label would silently weaken it)."""
    passages: list[Passage] = []
    seen: set[str] = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        where = f"{path}:{number}"
        if set(row) != {"id", "split", "labels", "text"}:
            raise ValueError(f"{where}: expected keys id, split, labels, text")
        if row["id"] in seen:
            raise ValueError(f"{where}: duplicate id {row['id']}")
        unknown = set(row["labels"]) - known_labels
        if unknown:
            raise ValueError(f"{where}: unknown labels {sorted(unknown)}")
        if row["split"] not in SPLITS or not row["text"].strip():
            raise ValueError(f"{where}: split must be train or eval, and text must not be empty")
        seen.add(row["id"])
        passages.append(Passage(row["id"], row["text"], frozenset(row["labels"]), row["split"]))
    return passages
