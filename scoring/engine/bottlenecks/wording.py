"""Small helpers that turn lists into readable text."""


def plural(n: int, word: str, many: str | None = None) -> str:
    """A count with its noun: 1 system, 2 systems (or `many`)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def names_text(refs: list[dict], limit: int = 5) -> str:
    """Names as "A, B and C" (or "A, B, C, D, E and 3 more")."""
    names = [r["name"] for r in refs[:limit]]
    more = len(refs) - limit
    if more > 0:
        return ", ".join(names) + f" and {more} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
