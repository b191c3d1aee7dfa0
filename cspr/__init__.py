"""cspr: England's child safeguarding practice review process, end to end."""

__version__ = "0.1.0"
