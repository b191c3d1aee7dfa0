"""Reading a case at every stage: the rapid review with the Panel's response and the local review, and a summary PDF.

Everyone the case is open to reads these pages at any stage (the Panel after it
responded, a partnership the case was shared with, the local review's reviewer):
the case is found through the person's scope (404 outside it). The rapid review's
words follow `cases.read_rapid_review` (the partners' draft is theirs until sent).
Each page view writes one audit view event (`audit.reads_case`); the PDF, which
leaves the service, writes one export event instead.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cspr.cases import scope
from cspr.cases.forms import labels
from cspr.cases.timeline import case_timeline
from cspr.core import audit
from cspr.govuk.jinja2 import document_environment
from cspr.reviews.models import MilestoneKind

_DOCUMENTS = document_environment("cspr.reviews")

# The summary PDF's typography: DejaVu Sans is installed wherever cspr runs (Arial is not).
PDF_CSS = """
@page { size: A4; margin: 18mm 16mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #0b0c0c; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 6pt; } h2 { font-size: 13pt; margin: 16pt 0 6pt; break-after: avoid; }
.caption { color: #505a5f; font-size: 11pt; margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 10pt; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #b1b4b6; padding: 4pt 6pt 4pt 0; }
th[scope="row"] { width: 38%; }
caption { text-align: left; font-weight: bold; margin-bottom: 4pt; }
.note { color: #505a5f; font-size: 8.5pt; }
ul { margin: 2pt 0; padding-left: 14pt; }
"""


def _record(request, ref: str) -> dict:
    """What the read-only page and the summary show: the case, its reviews and its timeline."""
    notification = scope.get_notification_for(request.user, ref)
    review = notification.rapid_review
    practice = getattr(notification, "practice_review", None)
    done = {m.kind: m for m in practice.milestones.all()} if practice else {}
    return {
        "n": notification,
        "labels": labels,
        "review": review,
        "themes": list(review.themes.order_by("position")),
        "reads_narrative": request.user.has_perm("cases.read_rapid_review", notification),
        "practice_review": practice,
        "milestones": [(kind.label, done.get(kind.value)) for kind in MilestoneKind] if practice else [],
        "children": list(notification.children.order_by("child_ref")),
        "timeline": case_timeline(notification),
    }


@require_safe
@login_required
@audit.reads_case
def rapid_review_read(request, ref: str):
    """The rapid review, the Panel's response and the local review, read-only and printable."""
    return render(request, "reviews/rapid_review_read.html", _record(request, ref))


@require_safe
@login_required
def case_summary_pdf(request, ref: str):
    """The case summary as a tagged PDF (PDF/UA-1); audited as an export, since it leaves the service."""
    # WeasyPrint is slow to import: only this view needs it.
    from cspr.govuk.pdf import html_document

    context = _record(request, ref)
    html = _DOCUMENTS.get_template("reviews/case_summary_pdf.html").render(
        **context, css=PDF_CSS, made_at=timezone.localtime(), made_by=request.user
    )
    pdf = html_document(html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    notification = context["n"]
    if request.method == "GET":
        audit.record(
            actor=request.user,
            action="notification.export",
            object_type="notification",
            object_id=notification.ref,
            changed_fields={"format": "pdf", "page": "case_summary_pdf"},
            request=request,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = "case-summary-" + notification.ref.replace("/", "-") + ".pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
