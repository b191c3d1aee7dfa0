"""Similar-reviews benchmark: the text matrix's cold build, its rebuild after one change, and a lookup.

    uv run python bench/similar.py [--documents 3000] [--words 10000]

Builds a throwaway SQLite repository of synthetic review documents (the search
benchmark's generator: the team's passages mixed with Zipf filler words), then
times, in this process:

- **baseline**: one TfidfVectorizer fitted over every review's first 40,000
  characters, as cspr did before (every change re-read and re-stemmed everything);
- **cold**: cspr's matrix in a new process (hashed term counts of each review's
  first 12,000 characters, read in the database);
- **one change**: the rebuild after one review is added (only it is stemmed);
- **lookup**: `similar_reviews()` for a review, with a warm matrix;
- **stored matches**: `similar_store.repository_changed()` after a change of the repository's
  state (every review's matches recomputed and stored, as every action that changes it does),
  in CPU seconds of this process.

Printed as seconds and as ratios to the baseline.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--words", type=int, default=10000)
    args = parser.parse_args()
    from cspr.learning import searchbench

    with tempfile.TemporaryDirectory() as folder:
        searchbench._setup(Path(folder) / "similar.sqlite3")
        documents = list(searchbench._documents(args.documents, args.words))
        searchbench._load(documents[:-1])
        from sklearn.feature_extraction.text import TfidfVectorizer

        from cspr.domain.text import content_terms
        from cspr.learning import similar
        from cspr.learning.models import PublishedReview, SourceDocument

        started = time.perf_counter()
        texts = [
            f"{r.title}\n{r.learning_summary}\n{t[:40_000]}"
            for r, t in zip(
                PublishedReview.objects.order_by("id"),
                SourceDocument.objects.order_by("review_id").values_list("text", flat=True),
            )
        ]
        TfidfVectorizer(analyzer=content_terms, sublinear_tf=True, max_df=0.9).fit_transform(texts)
        baseline = time.perf_counter() - started
        del texts

        started = time.perf_counter()
        similar._repository_matrix()
        cold = time.perf_counter() - started

        searchbench._load(documents[-1:], first=len(documents) - 1)
        started = time.perf_counter()
        similar._repository_matrix()
        one_change = time.perf_counter() - started

        review = PublishedReview.objects.order_by("id").first()
        every = PublishedReview.objects.all()  # the whole repository, as the Panel reads it
        similar.similar_reviews(review=review, reviews=every)
        started = time.perf_counter()
        for _ in range(5):
            similar.similar_reviews(review=review, reviews=every)
        lookup = (time.perf_counter() - started) / 5

        from django.db import transaction

        from cspr.learning import search, similar_store

        started = time.process_time()
        with transaction.atomic():
            search.touch()  # a new state: no stored set is kept
            similar_store.repository_changed()
        stored = time.process_time() - started

    print(f"{args.documents} documents of about {args.words} words")
    print(f"{'step':<34}{'seconds':>10}{'x baseline':>12}")
    for name, seconds in (
        ("baseline: re-stem all, 40k chars", baseline),
        ("cold: hashed counts, 12k chars", cold),
        ("rebuild after one review added", one_change),
        ("similar_reviews() lookup, warm", lookup),
        ("repository_changed() (CPU)", stored),
    ):
        print(f"{name:<34}{seconds:>10.3f}{seconds / baseline:>12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
