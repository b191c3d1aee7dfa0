"""Records as the API shows them: the data standard's names and codes."""

from django.urls import reverse

from cspr.domain import codes


def _review(notification, name: str):
    return getattr(notification, name, None) if hasattr(notification, name) else None


def links(ref: str) -> dict:
    return {
        "self": reverse("api-1:api_notification", args=[ref]),
        "rapid_review": reverse("api-1:api_rapid_review", args=[ref]),
        "panel_response": reverse("api-1:api_panel_response", args=[ref]),
        "lcspr": reverse("api-1:api_lcspr", args=[ref]),
    }


def child(c) -> dict:
    found = {column: getattr(c, column) for column in codes.CHILD_COLUMNS}
    found["home_la_code"] = c.home_la_code or None  # "" in the table: the notifying authority's area
    return found


def summary(n) -> dict:
    rapid, local = _review(n, "rapid_review"), _review(n, "practice_review")
    return {
        "notification_ref": n.ref,
        "version": n.version,
        "la_code": n.local_authority_id,
        "partnership": n.partnership_id,
        "incident_type": n.incident_type,
        "incident_date": n.incident_date,
        "notified_date": n.notified_date,
        "notification_due_date": n.notification_due_date,
        "rapid_review_status": rapid.status if rapid else None,
        "lcspr_status": local.status if local else None,
        "self": reverse("api-1:api_notification", args=[n.ref]),
    }


def notification(n) -> dict:
    out = summary(n)
    del out["self"]
    out |= {
        "aware_date": n.aware_date,
        "death_category": n.death_category or None,
        "harm_category": n.harm_category or None,
        **{flag: getattr(n, flag) for flag in codes.NOTIFICATION_FLAGS},
        "notification_kind": n.notification_kind,
        "abuse_neglect_suspected": n.abuse_neglect_suspected,
        **{flag: getattr(n, flag) for flag in codes.NOTIFICATION_FLAGS_2},
        "late_notification_reason": n.late_notification_reason or None,
        "late_rapid_review_reason": n.late_rapid_review_reason or None,
        "incident_description": n.incident_description,
        "children": [child(c) for c in n.children.all()],
        "links": links(n.ref),
    }
    return out


def rapid_review(ref: str, r) -> dict:
    return {
        "notification_ref": ref,
        "version": r.version,
        "status": r.status,
        "due_date": r.due_date,
        "due_rule": r.due_rule,
        "submitted_date": r.submitted_date,
        "facts": r.facts,
        "agencies_involved": list(r.agencies_involved or []),
        "immediate_actions": r.immediate_actions,
        "learning": r.learning,
        "decision_reasons": r.decision_reasons,
        "lcspr_recommended": r.lcspr_recommended,
        "themes": sorted((t.code for t in r.themes.all()), key=_theme_order),
        "panel_query": r.panel_query,
        "answered_date": r.answered_date,
        "panel_answer": r.panel_answer,
    }


def _theme_order(code: str) -> int:
    return codes.THEME_CODES.index(code) if code in codes.THEME_CODES else len(codes.THEME_CODES)


def panel_response(ref: str, r) -> dict:
    return {
        "notification_ref": ref,
        "rapid_review_status": r.status,
        "submitted_date": r.submitted_date,
        "panel_response_date": r.panel_response_date,
        "national_review": r.national_review,
        "panel_query": r.panel_query,
        "answered_date": r.answered_date,
        "panel_answer": r.panel_answer,
    }


def lcspr(ref: str, p) -> dict:
    return {
        "notification_ref": ref,
        "version": p.version,
        "status": p.status,
        "decision_date": p.decision_date,
        "final_report_due_date": p.final_report_due_date,
        "final_report_date": p.final_report_date,
        "publication_due_date": p.publication_due_date,
        "published_date": p.published_date,
        "delay_reasons": p.delay_reasons,
        "milestones": [
            {"kind": m.kind, "completed_date": m.completed_date, "note": m.note} for m in p.milestones.all()
        ],
    }


def recommendation(r) -> dict:
    return {
        "id": r.pk,
        "version": r.version,
        "review_id": r.review_id,
        "position": r.position,
        "text": r.text,
        "owner_agency": r.owner_agency,
        "due_date": r.due_date,
        "status": r.status,
        "links": {
            "actions": reverse("api-1:api_recommendation_actions", args=[r.pk]),
            "review_recommendations": reverse("api-1:api_review_recommendations", args=[r.review_id]),
        },
    }


def recommendation_action(a, *, today) -> dict:
    return {
        "id": a.pk,
        "version": a.version,
        "recommendation_id": a.recommendation_id,
        "partnership": a.partnership_id,
        "description": a.description,
        "owning_agency": a.owning_agency,
        "owner": a.owner,
        "due_date": a.due_date,
        "status": a.status,
        "overdue": a.overdue(today),
        "completion_evidence": a.completion_evidence,
        "completed_on": a.completed_on,
        "impact": a.impact,
        "impact_measure": a.impact_measure,
        "impact_recorded_on": a.impact_recorded_on,
        "self": reverse("api-1:api_recommendation_action", args=[a.pk]),
    }
