"""Progress for long builds (a report's PDF takes about 20 s, a briefing up to a minute).

A tqdm bar on standard error while a person watches a terminal; nothing at all when the output
is piped or logged (tqdm's `disable=None` turns the bar off for a file that is not a TTY), so
scripts and cron jobs see only the result.
"""

import sys


class Steps:
    """`step("counting")` when each named step begins; `close()` (or the `with` block's end) when all are done."""

    def __init__(self, names: tuple[str, ...], *, desc: str, file=None):
        from tqdm import tqdm  # here, not at the top: `cspr report` and `briefing` start without it

        self.names = names
        self.started = 0
        self.bar = tqdm(
            total=len(names),
            desc=desc,
            file=file or sys.stderr,
            disable=None,
            leave=False,
            bar_format="{desc}: {n_fmt}/{total_fmt} {bar:20}{postfix} [{elapsed}]",
        )

    def step(self, name: str) -> None:
        if self.started:
            self.bar.update(1)
        self.started += 1
        self.bar.set_postfix_str(name)

    __call__ = step

    def close(self) -> None:
        if self.started:
            self.bar.update(1)
        self.bar.close()

    def __enter__(self) -> "Steps":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
