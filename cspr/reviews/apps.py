from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "cspr.reviews"
    label = "reviews"
    verbose_name = "Rapid, local and national reviews"

    def ready(self) -> None:
        # The rr_ and lcspr_ columns of the data standard are this app's: the
        # import and the intake in cases/ (a lower layer) call the part
        # registered here rather than importing upward (docs/adr/0013-one-write-path.md).
        from cspr.cases import parts
        from cspr.reviews.standard import ReviewsPart

        parts.register(ReviewsPart())
