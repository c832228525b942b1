"""What an "unknown X" error suggests: the valid values when there are few, the closest ones when there are many."""

import difflib
from collections.abc import Iterable

from . import cells

LIST_ALL_UP_TO = 25  # more valid values than this: only the closest ones are named
CLOSEST = 5
HINT_CHARS = 400  # the hint fits in a report message (MAX_ISSUE_CHARS) after the value


class Hints:
    """Suggestions for one kind of value (roles, teams, ...), worked out once per unknown value."""

    def __init__(self, what: str, names: Iterable[str]):
        self.what = what
        by_key: dict[str, str] = {}
        for name in names:
            by_key.setdefault(cells.key(name), name)
        self.by_key = by_key
        self.names = sorted(by_key.values(), key=str.casefold)
        self._cache: dict[str, str] = {}

    def message(self, value: str) -> str:
        """'unknown role 'wizard'; valid: a, b, c' (or the closest matches, or that there are none)."""
        shown = cells.shown(value)
        hint = self._cache.get(value)
        if hint is None:
            hint = self._hint(value)
            if len(self._cache) < 10_000:
                self._cache[value] = hint
        return f"unknown {self.what} '{shown}'{hint}"

    def _hint(self, value: str) -> str:
        if not self.names:
            return f"; there are no {self.what}s yet"
        if len(self.names) <= LIST_ALL_UP_TO:
            return "; valid: " + _join(self.names)
        close = difflib.get_close_matches(cells.key(value)[:200], list(self.by_key), n=CLOSEST, cutoff=0.5)
        if not close:
            return f"; none of the {len(self.names):,} {self.what}s is close"
        return "; closest: " + _join([self.by_key[k] for k in close])


def _join(names: list[str]) -> str:
    out: list[str] = []
    size = 0
    for name in names:
        piece = cells.shown(name, 40)
        if size + len(piece) > HINT_CHARS:
            out.append(f"… ({len(names) - len(out)} more)")
            break
        out.append(piece)
        size += len(piece) + 2
    return ", ".join(out)
