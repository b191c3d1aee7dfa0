"""Let the test run keep Python's bytecode cache, whatever PYTHONDONTWRITEBYTECODE says.

The machines this project runs on set PYTHONDONTWRITEBYTECODE=1, so each pytest
process (and each pytest-xdist worker) compiled every module it imported from
source, and pytest rewrote the asserts of every test module afresh: some 8 s of
CPU before the first test ran, again in every process. With the cache on, the
first run writes the usual __pycache__/ files (ignored by git) and later runs
and processes read them. Python checks each cached file against its source, so
an edited module is compiled again.

Loaded with `-p tests.bytecode` (pyproject's addopts), before Django and the
pytest plugins are imported, so that they are cached too.
"""

import sys

sys.dont_write_bytecode = False
