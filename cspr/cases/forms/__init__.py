"""Forms of the case pages, rendered with GOV.UK's macros (cspr/govuk/forms.py).

Forms only check input; writes go through cspr.cases.actions and reads through
cspr.cases.scope, as in the views.
"""
