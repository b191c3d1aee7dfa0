"""`cspr learning ...`: the learning repository from the command line.

    cspr learning add FILE --meta META.json      add one review (PDF, DOCX, HTML or text)
    cspr learning import DIR                      add every document in DIR (NAME.pdf + NAME.json), all or nothing
    cspr learning suggest FILE [--format json]    suggest themes and characteristics for a text
    cspr learning build-suggester [--check]       train the suggester once and store it (deployment, demo, CI)
    cspr learning send-reminders [--base-url URL] email partnership managers about overdue actions (daily)
    cspr learning search QUERY [--year 2021 ...]  search the repository
    cspr learning similar --review ID | --notification REF
    cspr learning recurrence --recommendation ID
    cspr learning reindex                         rebuild the full-text index
    cspr learning similar-rebuild                 store every review's and every case's similar reviews

Writes go through the actions as a named system actor, so the audit trail says
which command did what; what `search` and `similar` print of a child's record is
audited as a read by the same actor.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cspr.core.actors import system_actor
from cspr.learning.extract import ExtractionError, extract
from cspr.learning.models import PublishedReview, Recommendation

# The writing, search and similarity modules are imported by the subcommands that use them:
# `suggest` must start in well under two seconds (issue 16), and they import most of the service.


class Command(BaseCommand):
    help = (
        "The learning repository: add, import, suggest, build-suggester, send-reminders, search, similar, "
        "recurrence, reindex, similar-rebuild."
    )
    # The system checks import every URLconf and view (over a second of CPU): `suggest` must answer
    # in under two seconds in a new process (issue 16). `cspr check` and deployment still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        add = sub.add_parser("add", help="add one review document with its metadata")
        add.add_argument("file", type=Path, metavar="FILE")
        add.add_argument("--meta", type=Path, required=True, metavar="META.json")
        add.add_argument("--actor", default="cspr learning")
        bulk = sub.add_parser("import", help="add every document in a directory (NAME.pdf beside NAME.json)")
        bulk.add_argument("directory", type=Path, metavar="DIR")
        bulk.add_argument("--actor", default="cspr learning")
        suggest = sub.add_parser("suggest", help="suggest practice themes and case characteristics for a text")
        suggest.add_argument("file", type=Path, metavar="FILE")
        suggest.add_argument("--format", choices=["json", "text"], default="text")
        build = sub.add_parser(
            "build-suggester", help="train the theme suggester and store it as an artefact, unless it is current"
        )
        build.add_argument(
            "--check", action="store_true", help="only say whether the artefact is current (exit 1 if not)"
        )
        remind = sub.add_parser("send-reminders", help="email partnership managers about overdue actions")
        remind.add_argument(
            "--base-url", default="", help="the service's address, for the link in each email (default: CSPR_SITE_URL)"
        )
        find = sub.add_parser("search", help="full-text search of the repository")
        find.add_argument("query", nargs="+")
        find.add_argument("--year", type=int, action="append", default=[])
        find.add_argument("--type", dest="review_type", action="append", default=[])
        find.add_argument("--limit", type=int, default=10)
        similar = sub.add_parser("similar", help="the published reviews most like a review or notification")
        target = similar.add_mutually_exclusive_group(required=True)
        target.add_argument("--review", type=int)
        target.add_argument("--notification")
        similar.add_argument("--limit", type=int, default=5)
        recurrence = sub.add_parser("recurrence", help="earlier recommendations like this one")
        recurrence.add_argument("--recommendation", type=int, required=True)
        sub.add_parser("reindex", help="rebuild the full-text index from the database")
        sub.add_parser("similar-rebuild", help="store the similar reviews of every review and case, for pages to read")

    def handle(self, *args, subcommand, **options):
        getattr(self, "_" + subcommand.replace("-", "_"))(**options)

    def _add(self, *, file, meta, actor, **options):
        from cspr.learning import actions
        from cspr.learning.ingest import prepare_file

        item, errors = prepare_file(file, meta)
        if errors:
            self._fail(errors)
        review = actions.review_add(actor=system_actor(actor), metadata=item.metadata, document=item.document)
        words = item.document.word_count if item.document else 0
        self.stdout.write(f"added review {review.pk}: {review.title} ({review.year}), {words:,} words of text")

    def _import(self, *, directory, actor, **options):
        from tqdm import tqdm

        from cspr.learning import actions
        from cspr.learning.ingest import IngestFailed, prepare_directory

        files = [p for p in Path(directory).iterdir() if p.is_file()] if Path(directory).is_dir() else []
        documents = sum(1 for p in files if p.suffix.lower() != ".json" and not p.name.startswith("."))
        with tqdm(total=documents, unit=" files", desc="checking", file=sys.stderr, disable=None) as bar:
            try:
                items = prepare_directory(directory, progress=lambda name: bar.update(1))
            except IngestFailed as failure:
                bar.close()
                self._fail(failure.errors)
        with tqdm(total=len(items), unit=" reviews", desc="loading", file=sys.stderr, disable=None) as bar:
            reviews = actions.reviews_import(actor=system_actor(actor), items=items, progress=bar.update)
        words = sum(item.document.word_count for item in items if item.document)
        self.stdout.write(f"imported {len(reviews)} review(s) from {directory}: {words:,} words of text")

    def _suggest(self, *, file, format, **options):
        # The suggester (NumPy, scikit-learn) is imported by the verbs that use it, not by every verb.
        from cspr.learning import suggest

        try:
            text = extract(file).text
        except ExtractionError as error:
            raise CommandError(f"{file.name}: {error}") from None
        labels = suggest.suggest_labels(text)
        # Both formats are made in cspr/learning/suggest.py: what the score means is said in one place.
        self.stdout.write(suggest.as_json(labels) if format == "json" else suggest.as_text(labels))

    def _build_suggester(self, *, check, **options):
        from cspr.learning import suggest

        status, why = suggest.artefact_status()
        if check or status == "current":
            self.stdout.write(why)
            if status != "current":
                raise CommandError("run `cspr learning build-suggester` to build it")
            return
        self.stdout.write(f"{why}: building it (training and held-out evaluation) ...")
        built = suggest.build_artefact()
        self.stdout.write(
            f"stored {suggest.artefact_path(built.version)}: version {built.version}, "
            f"{len(built.shown)} labels shown, {len(built.hidden)} hidden"
        )

    def _send_reminders(self, *, base_url, **options):
        from django.utils import timezone

        from cspr.learning.reminders import send_action_reminders
        from cspr.reviews.reminders import RemindersFailed, site_url

        try:
            sent = send_action_reminders(today=timezone.localdate(), base_url=site_url(base_url))
        except RemindersFailed as failure:
            raise CommandError(str(failure)) from None
        self.stdout.write(f"sent {sent} reminder(s) of overdue actions on recommendations")

    def _search(self, *, query, year, review_type, limit, **options):
        from cspr.learning import search

        result = search.search(
            " ".join(query),
            reviews=PublishedReview.objects.all(),  # the operator's command: the whole repository
            filters=search.Filters(years=tuple(year), review_types=tuple(review_type)),
            per_page=limit,
        )
        for notice in result.notices:
            self.stderr.write(notice)
        for hit in result.hits:
            self.stdout.write(f"{hit.review_id:6}  {hit.year}  {hit.title} — {hit.area}")
            self.stdout.write(f"        {hit.snippet_text}")
        self.stdout.write(f"{result.total} review(s) found")
        _record_read("learning search", [hit.review_id for hit in result.hits])

    def _similar(self, *, review, notification, limit, **options):
        from cspr.cases.models import Notification
        from cspr.learning.similar import similar_reviews

        every = PublishedReview.objects.all()  # the operator's command: the whole repository
        if review is not None:
            matches = similar_reviews(review=every.get(pk=review), limit=limit, reviews=every)
        else:
            case = Notification.objects.get(ref=notification)
            matches = similar_reviews(notification=case, limit=limit, reviews=every)
        for match in matches:
            self.stdout.write(f"{match.score:4.2f}  {match.review.pk:6}  {match.review.title} ({match.review.year})")
            self.stdout.write(f"            {match.reason}")
        if not matches:
            self.stdout.write("no similar published reviews")
        shown = [match.review.pk for match in matches]
        _record_read("learning similar", [*shown, review] if review is not None else shown, case=notification)

    def _recurrence(self, *, recommendation, **options):
        from cspr.learning.similar import similar_recommendations

        # The operator's command: compared with every review in the repository.
        result = similar_recommendations(
            Recommendation.objects.get(pk=recommendation), reviews=PublishedReview.objects.all()
        )
        self.stdout.write(result.summary)
        for match in result.matches:
            self.stdout.write(
                f"{match.similarity:4.2f}  {match.recommendation.review.year}  {match.recommendation.text}"
            )

    def _reindex(self, **options):
        from cspr.learning import search

        with transaction.atomic():
            count = search.rebuild_index()
        self.stdout.write(f"reindexed {count} review(s)")

    def _similar_rebuild(self, **options):
        from cspr.cases.models import Notification
        from cspr.learning import similar_store
        from cspr.learning.context_processors import case_profiles

        with transaction.atomic():
            similar_store.repository_changed()
        # The operator's command: every case in the register, each profile a reader may have of it.
        cases = Notification.objects.all().select_related("rapid_review").prefetch_related("children")
        computed = 0
        for start in range(0, cases.count(), 500):  # in batches: a crash keeps what was done
            with transaction.atomic():
                computed += similar_store.cases_rebuild(cases.order_by("pk")[start : start + 500], case_profiles)
        self.stdout.write(
            f"stored the similar reviews of {PublishedReview.objects.count()} review(s); "
            f"{computed} case profile(s) computed"
        )

    def _fail(self, errors: list[str]):
        for line in errors:
            self.stderr.write(line)
        raise CommandError(f"{len(errors)} problem(s) found; nothing was added")


def _record_read(command: str, review_ids: list[int], *, case: str | None = None) -> None:
    """What a command printed of a child's record, audited as the pages' reads are, by the command's actor.

    A case whose likeness was computed (`similar --notification`) is a read of that case; the
    reviews printed are audited as the search page's are (actions.reviews_listed).
    """
    # Imported when a verb runs, as the verbs above import theirs: loading the command must not
    # pull in the learning repository's libraries (tests/service/test_commands_start_without_heavy_libraries.py).
    from cspr.learning import actions

    actions.reviews_listed(
        actor=system_actor("cspr learning"),
        reviews=PublishedReview.objects.filter(pk__in=review_ids),
        shown_on={"command": command},
        case=case,
    )
