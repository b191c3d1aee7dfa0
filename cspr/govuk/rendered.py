"""A GOV.UK macro's HTML for given params, rendered once per process: `{{ once(govukTable, params) }}`.

govuk-frontend-jinja's macros are pure: what they write depends only on the params
they are given (no request, no clock, no counter), yet a page calls them for the same
params on every request: the header, the service navigation and the phase banner (twice
each, since the layout renders the header's blocks once more to see whether they are
empty), a list page's filter form, a table of the same rows. Their rendering was
about half of each page's time. `once()` keeps the output per macro and params.

The key is the params themselves, copied as nested tuples with every value's exact
type, so a string and markup of the same text, or 1 and True, are different keys; the
macro is then called with params rebuilt from that key, so what is kept is by
construction what those params render. A value the copy cannot vouch for (a model, a
lazy string, an Undefined, a float) makes the call an ordinary one. Nothing is ever
stale, since a change in what a page shows is a change in the params. The macro itself
is part of the key: the same template loaded by another environment (the documents'
trims blocks) is another macro.
"""

import functools

from django.utils.safestring import SafeString
from markupsafe import Markup

# Immutable values whose text is all a macro can see of them; bool is not an int here.
_SCALARS = frozenset({str, Markup, SafeString, int, bool, type(None)})
# A few hundred calls' worth: the header and forms of every page, the tables last shown.
SIZE = 256


class _NotKeyable(Exception):
    pass


def _key(value):
    kind = type(value)
    if kind in _SCALARS:
        return kind, value
    if kind is dict:  # params' names are always strings; a dict with other keys is no params
        if not all(type(name) is str for name in value):
            raise _NotKeyable
        return dict, tuple([(name, _key(item)) for name, item in value.items()])
    if kind is list or kind is tuple:
        return kind, tuple([_key(item) for item in value])
    raise _NotKeyable


def _params(key):
    kind, value = key
    if kind is dict:
        return {name: _params(item) for name, item in value}
    if kind is list or kind is tuple:
        return kind(_params(item) for item in value)
    return value


@functools.lru_cache(maxsize=SIZE)
def _render(macro, key) -> Markup:
    return macro(_params(key))


def once(macro, params) -> Markup:
    """`macro(params)`, from memory when the same macro was called with equal params before."""
    try:
        key = _key(params)
    except _NotKeyable:
        return macro(params)
    return _render(macro, key)
