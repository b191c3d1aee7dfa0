"""The `ref` URL converter: a notification reference as the data standard allows it.

References may contain "/", so a case's sub-pages sit after a "~" segment, a
character no reference can hold: `/notifications/SIN/2020/7/~/share/` can only
mean the share page of SIN/2020/7, never the detail page of "SIN/2020/7/~/share".
"""

from django.urls import register_converter

from cspr.domain.standard import REF_PATTERN


class NotificationRefConverter:
    regex = REF_PATTERN.pattern.removeprefix("^").removesuffix("$")

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(NotificationRefConverter, "ref")

# The prefix of every page of a case (its reviews' pages too).
CASE = "notifications/<ref:ref>/~/"
