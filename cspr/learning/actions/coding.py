"""Coding reviews with practice themes and case characteristics, by hand or from suggestions.

Suggestions are never coding: `theme_suggestions_generate` only stores pending
suggestions with their evidence and the versions that made them; a label exists
only when a named person accepts a suggestion or codes it by hand, and each of
those decisions is audited. Rejected suggestions are kept, because how often
coders reject (and accept wrong) suggestions is how the suggester is judged in use.
"""

import re

from django.utils import timezone

from cspr.core import audit
from cspr.domain import codes
from cspr.domain.refusal import Refused
from cspr.domain.themes import CHARACTERISTIC_CODES, KINDS
from cspr.learning.actions.changed import reviews_changed
from cspr.learning.models import (
    LabelSource,
    PublishedReview,
    ReviewLabel,
    SourceDocument,
    SuggestionStatus,
    ThemeSuggestion,
)
from cspr.learning.suggest import suggester


def _check_label(kind: str, code: str) -> None:
    if kind not in KINDS:
        raise Refused("kind", f"kind must be one of {', '.join(KINDS)}")
    allowed = codes.THEME_CODES if kind == "theme" else CHARACTERISTIC_CODES
    if code not in allowed:
        raise Refused("code", f"{code!r} is not a {kind} code")


def review_text(review: PublishedReview) -> str:
    """A review's words for comparing it with others (cspr/learning/similar.py): the title, the summary,
    the recommendations and the document."""
    parts = [review.title, review.learning_summary]
    parts += [r.text for r in review.recommendations.all()]
    try:
        parts.append(review.source.text)
    except SourceDocument.DoesNotExist:
        pass
    return "\n\n".join(p for p in parts if p)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def suggestion_text(review: PublishedReview) -> str:
    """What the suggester reads: the summary and recommendations, then the document, each said once.

    Not the title: it names the review ("Child L: local child safeguarding practice review") and says
    nothing of what it found, so it is never evidence. A summary paragraph or recommendation the document
    already holds is left out, or the same sentence would be read, and offered as evidence, twice.
    """
    try:
        document = review.source.text
    except SourceDocument.DoesNotExist:
        document = ""
    held = f" {_words(document)} "  # spaces: a paragraph is held only as whole words
    paragraphs = [p for p in re.split(r"\n\s*\n", review.learning_summary) if p.strip()]
    paragraphs += [r.text for r in review.recommendations.all()]
    parts = [p.strip() for p in paragraphs if f" {_words(p)} " not in held]
    return "\n\n".join([*parts, document] if document else parts)


def _title_lines(review: PublishedReview) -> set[str]:
    """The review's title, and the document's first line when that is the title again ("Child L: local child
    safeguarding practice review (a synthetic review ...)"): the suggester's text holds no title of its own,
    but a document usually opens with one, and it names the review without saying anything it found."""
    named = _words(review.title)
    lines = {named}
    try:
        first = review.source.text.lstrip().split("\n", 1)[0]
    except SourceDocument.DoesNotExist:
        first = ""
    if named and _words(first).startswith(named):
        lines.add(_words(first))
    return lines


@audit.action
def review_label_add(*, actor, review_id: int, kind: str, code: str, reason: str = "", request=None) -> ReviewLabel:
    """A coder codes the review by hand. A pending suggestion for the same label counts as accepted."""
    _check_label(kind, code)
    review = PublishedReview.objects.select_for_update().get(pk=review_id)
    now = timezone.now()
    label, created = ReviewLabel.objects.get_or_create(
        review=review, kind=kind, code=code, defaults={"source": LabelSource.MANUAL, "coded_by": actor, "coded_at": now}
    )
    if not created:
        return label
    reviews_changed([review.pk])  # the label's name is searched (and the facets change)
    pending = ThemeSuggestion.objects.filter(review=review, kind=kind, code=code, status=SuggestionStatus.PENDING)
    pending.update(status=SuggestionStatus.ACCEPTED, decided_by=actor, decided_at=now, reason="coded by hand")
    audit.record_change(
        review,
        actor=actor,
        action="learning.label.add",
        changed_fields={"kind": kind, "code": code, "source": LabelSource.MANUAL},
        reason=reason,
        request=request,
    )
    return label


@audit.action
def review_label_remove(*, actor, review_id: int, kind: str, code: str, reason: str = "", request=None) -> None:
    _check_label(kind, code)
    label = ReviewLabel.objects.select_for_update().filter(review_id=review_id, kind=kind, code=code).first()
    if label is None:
        raise Refused("code", f"the review is not coded {code}")
    label.delete()
    reviews_changed([review_id])  # its name is no longer searched
    audit.record(
        actor=actor,
        action="learning.label.remove",
        object_type="publishedreview",
        object_id=review_id,
        changed_fields={"kind": kind, "code": code},
        reason=reason,
        request=request,
    )


@audit.action
def theme_suggestions_generate(*, actor, review_id: int, request=None) -> list[ThemeSuggestion]:
    """Run the suggester on a review and store its suggestions for a coder.

    Earlier suggestions still waiting for a decision are replaced; decided ones
    are kept. Labels the review is already coded with are not suggested again.
    """
    review = PublishedReview.objects.select_for_update().get(pk=review_id)
    engine = suggester()
    now = timezone.now()
    coded = set(review.labels.values_list("kind", "code"))
    titles = _title_lines(review)
    ThemeSuggestion.objects.filter(review=review, status=SuggestionStatus.PENDING).delete()
    created = ThemeSuggestion.objects.bulk_create(
        ThemeSuggestion(
            review=review,
            kind=label.kind,
            code=label.code,
            score=label.score,
            evidence=[sentence for sentence in label.evidence if _words(sentence) not in titles],
            lexicon_version=engine.lexicon_version,
            model_version=engine.version,
            created_at=now,
            status=SuggestionStatus.PENDING,
        )
        for label in engine.suggest(suggestion_text(review))
        if label.suggested and (label.kind, label.code) not in coded
    )
    audit.record_change(
        review,
        actor=actor,
        action="learning.suggestions.generate",
        changed_fields={
            "suggested": [s.code for s in created],
            "lexicon_version": engine.lexicon_version,
            "model_version": engine.version,
        },
        request=request,
    )
    return created


def _pending(suggestion_id: int) -> ThemeSuggestion:
    suggestion = ThemeSuggestion.objects.select_for_update().get(pk=suggestion_id)
    if suggestion.status != SuggestionStatus.PENDING:
        raise Refused(None, f"this suggestion was already {suggestion.status} by {suggestion.decided_by}")
    return suggestion


@audit.action
def theme_suggestion_accept(*, actor, suggestion_id: int, request=None) -> ReviewLabel:
    """The coder agrees: the review is coded with the label, attributed to them."""
    suggestion = _pending(suggestion_id)
    now = timezone.now()
    label, _ = ReviewLabel.objects.get_or_create(
        review_id=suggestion.review_id,
        kind=suggestion.kind,
        code=suggestion.code,
        defaults={"source": LabelSource.SUGGESTION, "coded_by": actor, "coded_at": now},
    )
    reviews_changed([suggestion.review_id])  # accepted, its name is searched (never while pending)
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.decided_by = actor
    suggestion.decided_at = now
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record_change(
        suggestion,
        actor=actor,
        action="learning.suggestion.accept",
        changed_fields={
            "review": suggestion.review_id,
            "kind": suggestion.kind,
            "code": suggestion.code,
            "score": suggestion.score,
            "model_version": suggestion.model_version,
        },
        request=request,
    )
    return label


@audit.action
def theme_suggestion_reject(*, actor, suggestion_id: int, reason: str = "", request=None) -> ThemeSuggestion:
    """The coder disagrees: the suggestion is kept, marked rejected, with their reason if they gave one."""
    suggestion = _pending(suggestion_id)
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.reason = reason
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record_change(
        suggestion,
        actor=actor,
        action="learning.suggestion.reject",
        changed_fields={"review": suggestion.review_id, "kind": suggestion.kind, "code": suggestion.code},
        reason=reason,
        request=request,
    )
    return suggestion
