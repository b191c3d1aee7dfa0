"""Search benchmark: 3,000 synthetic review documents (about 30M words). See cspr/learning/searchbench.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cspr.learning.searchbench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
