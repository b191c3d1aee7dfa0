"""Who may do what in the learning repository (loaded by rules' autodiscovery).

Reading is scoped by `PublishedReview.objects.visible_to(user)` (out of scope is
a 404). Coding a review, that is accepting or rejecting the suggester's themes
and characteristics, is a judgement the Panel's secretariat and its analysts
make for the whole repository, so the repository's facets mean the same
everywhere; a partnership's own staff read it but do not code it.
"""

import rules

from cspr.cases.rules import is_analyst, is_panel_secretariat

rules.add_perm("learning.view_repository", rules.is_authenticated & rules.is_active)
rules.add_perm("learning.code_reviews", is_panel_secretariat | is_analyst)
