"""Catalogue conditions as column codes in SQL and vectorised tests in numpy (ADR 0036, amended).

A condition is made of *atoms* (a field equal to or in some values, missing or present, in a
range; one date not after another; a review coded with a theme) joined by "all of" and "any of".
Every atom reads one *feature* of a row:

- a field's value, as which of the literals the conditions name it holds
  (`CASE field WHEN 'yes' THEN 1 ... END`: 0 for NULL, one code per literal, one for any other);
- a field's range band, as the first of the conditions' bounds it falls below
  (`CASE WHEN field < 1 THEN 1 WHEN field <= 5 THEN 2 ... END`);
- two fields' order (`CASE WHEN a IS NULL OR b IS NULL THEN 0 WHEN a <= b THEN 1 ELSE 2 END`);
- a notification's theme codings, as one bit for each theme the conditions name and a count of
  the others (a correlated sum over the codings' index: one look-up a notification).

The database reduces each feature to its code, shifts it into place and adds the codes up into a
few 64-bit words, so a row reaches Python as a handful of integers however many conditions are
counted: SQLite evaluates one short CASE per column rather than some hundred conditional counts
each repeating the same tests, and Python reads a few integers per row rather than thirty values.
numpy then tests every condition on a chunk of rows at once: an atom is a lookup in a small table
of booleans indexed by its feature's code, a condition the `&` and `|` of its atoms, each shared
part (the serious-incident test, in nearly every count) computed once a chunk.

Theme codings are counted on the notifications' rows: a coding is one (review, theme) pair (the
table's unique key) and a review is one notification's, so the codings of a notification that
meet a condition are its named themes, each tested with the condition's theme fixed to it
(`HasTheme(t)` becomes true or false), plus its other codings if the condition holds for a theme
it does not name. "Coded with any of these themes" is a test of the same bits.

`BLANK_IS_MISSING` keeps the engine's meaning of missing: NULL, and for those text fields the
empty string too. Equality is the database's (the literals are compared in SQL); only range
bounds are ordered in Python, so a range is on a number or a date, whose order Python and the
database share.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Aggregate, BigIntegerField, F, Func, TextField

from cspr.domain.codes import PackedCodes
from cspr.domain.measures import (
    ALWAYS,
    CHILD,
    After,
    All,
    Always,
    AnyOf,
    AtLeast,
    Between,
    CodedWithAny,
    Condition,
    Eq,
    HasTheme,
    In,
    Missing,
    NotAfter,
    Present,
)
from cspr.reviews.models import RapidReview

if TYPE_CHECKING:  # numpy is imported where the rows are tested: `cspr` commands start without it
    import numpy as np

# Fields whose "missing" is an empty string as well as NULL.
BLANK_IS_MISSING = {"death_category", "harm_category", "late_notification_reason", "late_rapid_review_reason"}
WORD_BITS = PackedCodes.BITS  # codes packed below the sign bit of a 64-bit integer, as the stored ones are


class Param:
    """A value passed to the database as a query parameter, never spliced into the SQL."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Source:
    """The n-th source expression (a column) of a feature, compiled in place."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


# --- Features: what one column (or two columns' order) of a row is reduced to ----------------------


@dataclass(eq=False)
class ValueFeature:
    """Which of the conditions' literals a field holds: 0 NULL, 1.. each literal, then any other."""

    name: str
    literals: list = field(default_factory=list)

    def add(self, value) -> None:
        if value is None:
            raise ValueError(f"{self.name}: a missing value is Missing({self.name!r}), not a literal")
        if value not in self.literals:
            self.literals.append(value)

    @property
    def size(self) -> int:
        return len(self.literals) + 2

    def sources(self, path) -> list:
        return [F(path(self.name))]

    def pieces(self, shift: int) -> list:
        # A simple CASE reads the column once and compares it with each literal in turn.
        col = Source(0)
        whens = [p for i, v in enumerate(self.literals, 1) for p in (" WHEN ", Param(v), f" THEN {i << shift}")]
        other = (len(self.literals) + 1) << shift
        if not whens:  # only missing or present asked
            return ["CASE WHEN ", col, f" IS NULL THEN 0 ELSE {other} END"]
        return ["CASE WHEN ", col, " IS NULL THEN 0 ELSE CASE ", col, *whens, f" ELSE {other} END END"]

    def codes(self, atom: Condition) -> list[int]:
        match atom:
            case Eq(value=value):
                return [self.literals.index(value) + 1]
            case In(values=values):
                return [self.literals.index(v) + 1 for v in values]
            case Missing():
                return [0] + ([self.literals.index("") + 1] if self.name in BLANK_IS_MISSING else [])
            case Present():
                missing = self.codes(Missing(self.name))
                return [code for code in range(self.size) if code not in missing]
        raise TypeError(atom)


@dataclass(eq=False)
class RangeFeature:
    """Where a field falls among the conditions' bounds: 0 NULL; i when the i-th test
    (`< low` or `<= high`, in ascending order) is the first to hold; then above them all."""

    name: str
    bounds: set = field(default_factory=set)  # (value, 0 for "<", 1 for "<=")

    def add(self, atom: Condition) -> None:
        if isinstance(atom, Between):
            self.bounds |= {(atom.low, 0), (atom.high, 1)}
        else:
            self.bounds.add((atom.low, 0))

    def freeze(self) -> None:
        self.tests = sorted(self.bounds)  # x < v before x <= v: each test holds where the one before it does

    @property
    def size(self) -> int:
        return len(self.tests) + 2

    def sources(self, path) -> list:
        return [F(path(self.name))]

    def pieces(self, shift: int) -> list:
        col = Source(0)
        whens = [
            p
            for i, (value, inclusive) in enumerate(self.tests, 1)
            for p in (" WHEN ", col, " <= " if inclusive else " < ", Param(value), f" THEN {i << shift}")
        ]
        return ["CASE WHEN ", col, " IS NULL THEN 0", *whens, f" ELSE {(len(self.tests) + 1) << shift} END"]

    def codes(self, atom: Condition) -> list[int]:
        above = self.tests.index((atom.low, 0)) + 1  # codes after the first test `x < low` fails
        below = self.tests.index((atom.high, 1)) + 1 if isinstance(atom, Between) else self.size - 1
        return list(range(above + 1, below + 1))


@dataclass(eq=False)
class OrderFeature:
    """Two fields' order: 0 when either is missing, 1 when `name <= other`, 2 when after it."""

    name: str
    other: str
    size: int = 3

    def sources(self, path) -> list:
        return [F(path(self.name)), F(path(self.other))]

    def pieces(self, shift: int) -> list:
        a, b = Source(0), Source(1)
        return [
            "CASE WHEN ",
            a,
            " IS NULL OR ",
            b,
            " IS NULL THEN 0 WHEN ",
            a,
            " <= ",
            b,
            f" THEN {1 << shift} ELSE {2 << shift} END",
        ]

    def codes(self, atom: Condition) -> list[int]:
        return [1] if isinstance(atom, NotAfter) else [2]


@dataclass(eq=False)
class PackedFeature:
    """A coded field read from the packed codes its table stores with each row
    (`cspr.domain.codes.PackedCodes`, computed by the database as the row is written): the
    report tests a few bits of one integer, not the field's text, on every row. A code stands
    for one value of the field's list, and 0 for NULL (the CHECK constraints allow no other)."""

    name: str
    column: str  # the ORM path of the packed column, from the rows being read
    packed: PackedCodes

    def codes(self, atom: Condition) -> list[int]:
        values = self.packed.values[self.name]
        return [code for code in range(len(values) + 1) if self._holds(atom, self.packed.value(self.name, code))]

    def _holds(self, atom: Condition, value) -> bool:
        missing = value is None or (value == "" and self.name in BLANK_IS_MISSING)
        match atom:
            case Eq(value=wanted):
                return value == wanted
            case In(values=wanted):
                return value in wanted
            case Missing():
                return missing
            case Present():
                return not missing
        raise TypeError(atom)


class _Integer(Func):
    """An integer expression read as the driver gives it: Django's per-value converter (which
    would only call int() again) costs more than numpy's conversion of a whole chunk."""

    output_field = BigIntegerField()

    def get_db_converters(self, connection):
        return []


class Column(_Integer):
    """A stored integer column (packed codes), read as it is."""

    template = "%(expressions)s"


class Word(_Integer):
    """Features' codes, each shifted into its own bits, added up into one 64-bit integer."""

    def __init__(self, parts: Sequence[tuple[object, int]], path):
        # parts: (feature, shift); each feature's pieces refer to its own sources from `first` on
        self.parts = []
        sources = []
        for feature, shift in parts:
            own = feature.sources(path)
            self.parts.append((feature.pieces(shift), len(sources)))
            sources += own
        super().__init__(*sources)

    def as_sql(self, compiler, connection, **extra):
        compiled = [compiler.compile(source) for source in self.get_source_expressions()]
        sql, params = ["(CAST(0 AS BIGINT)"], []  # bigint on PostgreSQL from the first term on
        for pieces, first in self.parts:
            sql.append(" + ")
            for piece in pieces:
                if isinstance(piece, Source):
                    source_sql, source_params = compiled[first + piece.index]
                    sql.append(source_sql)
                    params += source_params
                elif isinstance(piece, Param):
                    sql.append("%s")
                    params.append(piece.value)
                else:
                    sql.append(piece)
        sql.append(")")
        return "".join(sql), params


class DayNumber(_Integer):
    """A date as its proleptic Gregorian ordinal (`date.toordinal()`), computed in SQL so a row's
    day reaches Python as an integer, not a string to parse."""

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '0001-01-01' + 1)")


class ThemeSet(_Integer):
    """A notification's rapid-review codings: bit i for the i-th named theme, and above those bits
    the number of its codings with a theme not named. NULL-free: 0 without a review or codings."""

    def __init__(self, review_id, themes: Sequence[str]):
        if len(themes) > WORD_BITS - 8:
            raise ValueError(f"{len(themes)} themes named in one report: at most {WORD_BITS - 8}")
        self.themes = list(themes)
        super().__init__(review_id)

    def as_sql(self, compiler, connection, **extra):
        review_sql, params = compiler.compile(self.get_source_expressions()[0])
        through = RapidReview.themes.through._meta
        q = connection.ops.quote_name
        table = q(through.db_table)
        review, theme = (q(through.get_field(name).column) for name in ("rapidreview", "practicetheme"))
        whens = "".join(f" WHEN %s THEN {1 << i}" for i in range(len(self.themes)))
        each = f"CASE cspr_coding.{theme}{whens} ELSE {1 << len(self.themes)} END" if self.themes else "1"
        sql = (
            f"CAST(COALESCE((SELECT SUM({each}) "
            f"FROM {table} cspr_coding WHERE cspr_coding.{review} = {review_sql}), 0) AS BIGINT)"
        )
        return sql, [*self.themes, *params]


class HexRows(Aggregate):
    """A group's rows as one string (SQLite): each row's integer columns as 16 hex digits apiece
    (`printf`), the rows run together (`group_concat`); `hex_rows` reads it back.

    Python's sqlite3 builds a tuple of Python integers a row and takes the GIL back for each;
    a day's rows in one string reach numpy through one `bytes.fromhex`, 20% to 30% less CPU
    a query, and two threads reading at once hand the GIL over once a day, not once a row.
    """

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        # Django appends the aggregate's FILTER and ORDER BY, None here, to its source expressions.
        compiled = [compiler.compile(source) for source in self.get_source_expressions() if source is not None]
        digits = "%%016x" * len(compiled)  # %% is one % once the parameters are bound
        sql = f"group_concat(printf('{digits}', {', '.join(sql for sql, _ in compiled)}), '')"
        return sql, [param for _, params in compiled for param in params]


def hex_rows(text: str, width: int) -> "np.ndarray":
    """`HexRows`' string as rows of `width` 64-bit integers."""
    import numpy as np

    return np.frombuffer(bytes.fromhex(text), dtype=">i8").astype(np.int64).reshape(-1, width)


# --- Compiling conditions ----------------------------------------------------------------------------

OTHER_THEME = object()  # a theme no condition names


def _atoms(condition: Condition) -> Iterable[Condition]:
    if isinstance(condition, All | AnyOf):
        for part in condition.parts:
            yield from _atoms(part)
    elif not isinstance(condition, Always):
        yield condition


def _with_theme(condition: Condition, theme) -> Condition | None:
    """The condition on one coding whose theme is `theme`: theme tests decided, the rest kept.
    None when it cannot hold."""
    match condition:
        case HasTheme(code=code) | Eq(field="theme", value=code):
            return ALWAYS if code == theme else None
        case In(field="theme", values=values):
            return ALWAYS if theme in values else None
        case Missing(field="theme"):
            return None  # a coding always has its theme
        case Present(field="theme"):
            return ALWAYS
        case All(parts=parts):
            kept = [_with_theme(p, theme) for p in parts]
            if any(p is None for p in kept):
                return None
            kept = [p for p in kept if p != ALWAYS]
            return ALWAYS if not kept else kept[0] if len(kept) == 1 else All(tuple(kept))
        case AnyOf(parts=parts):
            kept = [p for p in (_with_theme(p, theme) for p in parts) if p is not None]
            if not kept:
                return None
            return ALWAYS if ALWAYS in kept else kept[0] if len(kept) == 1 else AnyOf(tuple(kept))
    return condition


def _named_themes(condition: Condition) -> list[str]:
    named = []
    for atom in _atoms(condition):
        match atom:
            case HasTheme(code=code) | Eq(field="theme", value=code):
                named.append(code)
            case In(field="theme", values=values) | CodedWithAny(codes=values):
                named += values
    return named


class Plan:
    """Every count of one query's rows, compiled once: the features to read (as SQL words) and,
    for each count, nodes of a graph of numpy tests shared between counts.

    `counts`: (condition, whether it counts theme codings rather than rows). `level`: the rows,
    notifications (which carry their theme codings) or children.
    """

    def __init__(self, level: str, counts: Sequence[tuple[Condition, bool]], packed: dict | None = None):
        self.level = level
        self.themes = list(dict.fromkeys(t for condition, _ in counts for t in _named_themes(condition)))
        self.codings = bool(self.themes) or any(codings for _, codings in counts)  # read the theme set
        if self.codings and level == CHILD:
            raise ValueError("theme conditions count rapid reviews' codings, not children")
        # Each count as its terms: (condition, weight) with weight None (the row), a named
        # theme's bit or OTHER_THEME (the row's codings of themes not named).
        terms = []
        for condition, codings in counts:
            if not codings:
                if any(isinstance(a, HasTheme) or getattr(a, "field", None) == "theme" for a in _atoms(condition)):
                    raise ValueError("theme conditions count theme codings")
                terms.append([(condition, None)])
                continue
            variants = [(_with_theme(condition, t), i) for i, t in enumerate(self.themes)]
            variants.append((_with_theme(condition, OTHER_THEME), OTHER_THEME))
            terms.append([(c, weight) for c, weight in variants if c is not None])
        self.features: dict[tuple, object] = {}
        for term in terms:
            for condition, _ in term:
                for atom in _atoms(condition):
                    if not isinstance(atom, CodedWithAny):  # a test of the theme set's bits
                        self._feature_of(atom, register=True)
        for feature in self.features.values():
            if isinstance(feature, RangeFeature):
                feature.freeze()
        # A coded field its table packs (`packed`: field -> (column, PackedCodes)) is read from
        # there, when every literal the conditions name is one of its codes.
        for key, feature in self.features.items():
            found = (packed or {}).get(feature.name) if isinstance(feature, ValueFeature) else None
            if found and set(feature.literals) <= set(found[1].values[feature.name]):
                self.features[key] = PackedFeature(feature.name, *found)
        self.layout = self._pack()
        self.nodes: list[tuple] = []  # ("atom", feature key, table) | ("all"|"any", node ids) | ...
        self._ids: dict[Condition, int] = {}
        self.terms = [[(self._node(c), weight) for c, weight in term] for term in terms]

    def _feature_of(self, atom: Condition, register: bool = False):
        match atom:
            case Eq(field=name) | In(field=name) | Missing(field=name) | Present(field=name):
                key = ("value", name)
            case Between(field=name) | AtLeast(field=name):
                key = ("range", name)
            case NotAfter(field=name, other=other) | After(field=name, other=other):
                key = ("order", name, other)
            case _:
                raise TypeError(f"cannot compile {atom!r}")
        if not register:
            return self.features[key]
        feature = self.features.get(key)
        if feature is None:
            feature = self.features[key] = {
                "value": lambda: ValueFeature(name),
                "range": lambda: RangeFeature(name),
                "order": lambda: OrderFeature(*key[1:]),
            }[key[0]]()
        match atom:
            case Eq(value=value):
                feature.add(value)
            case In(values=values):
                for value in values:
                    feature.add(value)
            case Missing() | Present() if name in BLANK_IS_MISSING:
                feature.add("")
            case Between() | AtLeast():
                feature.add(atom)
        return feature

    def _pack(self) -> dict[tuple, tuple[int, int, int]]:
        """Each feature's (word, shift, bits): the features computed in SQL packed in order into
        words of 62 bits; then the packed columns read as they are, each feature at its place."""
        layout, word, shift = {}, 0, 0
        for key, feature in self.features.items():
            if isinstance(feature, PackedFeature):
                continue
            bits = max(1, (feature.size - 1).bit_length())
            if shift + bits > WORD_BITS:
                word, shift = word + 1, 0
            layout[key] = (word, shift, bits)
            shift += bits
        self.computed_words = word + 1 if layout else 0
        packed = {key: f for key, f in self.features.items() if isinstance(f, PackedFeature)}
        self.packed_columns = list(dict.fromkeys(f.column for f in packed.values()))
        for key, feature in packed.items():
            shift, bits = feature.packed.layout[feature.name]
            layout[key] = (self.computed_words + self.packed_columns.index(feature.column), shift, bits)
        self.words = self.computed_words + len(self.packed_columns)
        return layout

    def columns(self, path) -> list[Func]:
        """The SQL of each word, the packed columns, then the theme codings when any count reads them."""
        parts = [[] for _ in range(self.computed_words)]
        for key, feature in self.features.items():
            if not isinstance(feature, PackedFeature):
                word, shift, _ = self.layout[key]
                parts[word].append((feature, shift))
        columns = [Word(p, path) for p in parts] + [Column(F(column)) for column in self.packed_columns]
        if self.codings:
            columns.append(ThemeSet(F(path("rapid_review_id")), self.themes))
        return columns

    def _node(self, condition: Condition) -> int:
        found = self._ids.get(condition)
        if found is not None:
            return found
        match condition:
            case Always():
                node = ("always",)
            case All(parts=parts):
                node = ("all", tuple(self._node(p) for p in parts))
            case AnyOf(parts=parts):
                node = ("any", tuple(self._node(p) for p in parts))
            case CodedWithAny(codes=codes):
                node = ("coded", sum(1 << self.themes.index(code) for code in codes))
            case _:
                feature = self._feature_of(condition)
                key = next(k for k, f in self.features.items() if f is feature)
                import numpy as np

                table = np.zeros(1 << self.layout[key][2], dtype=bool)
                table[feature.codes(condition)] = True
                node = ("atom", key, table)
        self.nodes.append(node)
        self._ids[condition] = len(self.nodes) - 1
        return len(self.nodes) - 1

    def tally(self, values: "np.ndarray", day: "np.ndarray", by_day: "np.ndarray") -> None:
        """Add a chunk of rows to `by_day` (one row of day counts per count). `values`: the
        columns after the day; `day`: each row's index into the days, in ascending order."""
        import numpy as np

        words = values[:, : self.words]
        codes = {key: (words[:, w] >> shift) & ((1 << bits) - 1) for key, (w, shift, bits) in self.layout.items()}
        themes = values[:, self.words] if self.codings else None
        masks: list[np.ndarray] = []
        for node in self.nodes:  # a node's parts come before it
            match node:
                case ("always",):
                    masks.append(np.ones(len(values), dtype=bool))
                case ("atom", key, table):
                    masks.append(table[codes[key]])
                case ("all", parts):
                    masks.append(np.logical_and.reduce([masks[p] for p in parts]))
                case ("any", parts):
                    masks.append(np.logical_or.reduce([masks[p] for p in parts]))
                case ("coded", bits):
                    masks.append((themes & bits) != 0)
        rows, weighted = {}, {}  # count -> its rows' test; count -> each row's number of codings
        for i, term in enumerate(self.terms):
            if term and term[0][1] is None:
                rows[i] = masks[term[0][0]]
                continue
            coded = np.zeros(len(values), dtype=np.int64)
            for node, weight in term:
                theirs = themes >> len(self.themes) if weight is OTHER_THEME else (themes >> weight) & 1
                coded += theirs * masks[node]
            weighted[i] = coded
        # The rows come in day order: each day's rows are a run, summed for every count at once.
        starts = np.flatnonzero(np.concatenate(([True], day[1:] != day[:-1])))
        for found in (rows, weighted):
            if found:
                sums = np.add.reduceat(np.stack(list(found.values())), starts, axis=1, dtype=np.int64)
                by_day[np.ix_(list(found), day[starts])] += sums


__all__ = ["BLANK_IS_MISSING", "DayNumber", "HexRows", "Plan", "hex_rows"]
