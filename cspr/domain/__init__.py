"""Pure-Python domain rules: no Django import anywhere below this package.

The working-day calendar, the statutory deadlines, the data standard's
vocabulary and validation, the workflow transition tables. Everything here is
table-driven and tested without a database (tests/domain/).
"""
