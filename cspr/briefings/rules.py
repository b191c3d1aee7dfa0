"""Who may make and read briefings, and who edits their practice content.

The Panel, analysts and partnership managers make briefings; a partnership
manager only national and agency briefings and their own partnership's. Which
briefings a person sees is decided by scope (`Briefing.objects.visible_to`),
out of scope is a 404. Administrators edit the practice content. Loaded by
rules' autodiscovery.
"""

import rules

from cspr.cases.rules import is_administrator, is_analyst, is_panel, is_partnership_manager


@rules.predicate
def for_own_partnership(user, partnership_code) -> bool:
    """No partnership (a national or agency briefing), or the person's own."""
    return not partnership_code or partnership_code == user.partnership_id


makes_briefings = is_panel | is_analyst | is_partnership_manager

rules.add_perm("briefings.view_briefings", makes_briefings)
rules.add_perm("briefings.generate_briefing", is_panel | is_analyst | (is_partnership_manager & for_own_partnership))
rules.add_perm("briefings.edit_practice_content", is_administrator)
