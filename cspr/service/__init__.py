"""The top of the service: what spans every app, so that no app has to import upward.

`cspr demo` sets up the register, the reviews and the learning repository
together, and `cspr synth --load` joins the generator to the register's import;
each needs apps that sit beside or above one another (docs/architecture.md,
ADR 0015), so they live here, above them all.
"""
