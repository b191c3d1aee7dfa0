"""Calibrated synthetic data in the cspr-2 data standard (`cspr synth`).

Pure Python: no Django, so it is fast and testable anywhere. See docs/synth.md
for how it works and docs/adr/0006-synthetic-data.md for why.

    from cspr.synth import load_profile, Synth, write_csv
    run = Synth(load_profile("panel-2020"), seed=1, as_of=date(2026, 1, 1))
    write_csv(sys.stdout, run.rows())
"""

from cspr.synth.generate import Block, Synth, blocks_for
from cspr.synth.output import write, write_csv, write_json
from cspr.synth.profile import Profile, ProfileError, available, load_profile

__all__ = ["Block", "Profile", "ProfileError", "Synth", "available", "blocks_for", "load_profile", "write",
           "write_csv", "write_json"]
