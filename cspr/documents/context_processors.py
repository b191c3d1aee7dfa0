"""A case's documents on its page.

The notification page belongs to cases, which sits below this app
(docs/architecture.md, ADR 0015), so its view does not import it. Instead this
context processor (settings.TEMPLATES) offers every page `documents_for_case(n)`,
which the macro in documents/_case.html calls. Nothing is read unless a page calls it.
"""

from cspr.documents.models import CaseDocument


def case_documents(request) -> dict:
    """Context processor: `documents_for_case(n)` for the person signed in."""
    return {"documents_for_case": lambda notification: documents_for_case(request.user, notification)}


def documents_for_case(user, notification) -> dict | None:
    """The case's documents (the withdrawn ones too, marked) and whether the person may attach or
    withdraw one; None if they may not read them."""
    if not user.has_perm("documents.read_documents", notification):
        return None
    documents = (
        CaseDocument.objects.visible_to(user)
        .filter(notification=notification)
        .select_related("uploaded_by", "withdrawn_by")
    )
    return {
        "documents": list(documents),
        "can_attach": user.has_perm("documents.attach_documents", notification),
        "can_withdraw": user.has_perm("documents.withdraw_documents", notification),
    }
