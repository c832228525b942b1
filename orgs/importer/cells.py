"""Coerce one cell to a typed value, or raise CellError with a message a user can act on."""

import functools
import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .spec import MAX_CELL_CHARS, MAX_SHOWN_CHARS

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")


class CellError(ValueError):
    pass


class TooLong:
    """A cell whose text was longer than any cell may be: only its length is kept, never the text."""

    __slots__ = ("length",)

    def __init__(self, length: int):
        self.length = length

    def __repr__(self):
        return f"TooLong({self.length})"


def too_long_message(length: int, limit: int = MAX_CELL_CHARS) -> str:
    return f"is too long ({length:,} characters; at most {limit:,})"


def shown(value, limit: int = MAX_SHOWN_CHARS) -> str:
    """A value as quoted in a message: at most `limit` characters, cut with an ellipsis."""
    if isinstance(value, TooLong):
        return f"({value.length:,} characters)"
    out = "" if value is None else str(value)
    return out if len(out) <= limit else out[: limit - 1] + "…"


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, TooLong):
        raise CellError(too_long_message(value.length, min(max_length or MAX_CELL_CHARS, MAX_CELL_CHARS)))
    if isinstance(value, bool):
        out = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        out = str(int(value))
    elif isinstance(value, datetime):
        out = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        out = value.isoformat()
    else:
        out = str(value).strip()
    limit = min(max_length or MAX_CELL_CHARS, MAX_CELL_CHARS)
    if len(out) > limit:
        raise CellError(too_long_message(len(out), limit))
    return out


def key(value) -> str:
    """How names are compared: trimmed, case and inner spacing ignored."""
    return " ".join(text(value).split()).casefold()


def email(value) -> str:
    out = text(value, 254).lower()
    if not _valid_email(out):
        raise CellError(f"'{shown(out)}' is not a valid email address")
    return out


@functools.lru_cache(maxsize=65536)
def _valid_email(address: str) -> bool:
    # Each email appears in several sheets; Django's validator is slow enough to be worth remembering.
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def emails(value) -> list[str]:
    """A list of emails separated by ';' (commas and new lines are accepted too)."""
    raw = re.split(r"[;,\n]", text(value))
    out: list[str] = []
    for part in raw:
        if part.strip():
            address = email(part)
            if address not in out:
                out.append(address)
    return out


def choice(value, choices: tuple[str, ...]) -> str:
    out = text(value).lower().replace(" ", "_").replace("-", "_")
    if out not in choices:
        raise CellError(f"'{shown(text(value))}' is not one of: {', '.join(choices)}")
    return out


def iso_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    match = DATE_RE.match(raw)
    if not match:
        raise CellError(f"'{shown(raw)}' is not a date; write it as YYYY-MM-DD")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(f"'{raw}' is not a real date")


def _number(value) -> Decimal:
    if isinstance(value, TooLong):
        raise CellError(too_long_message(value.length))
    if isinstance(value, bool):
        raise CellError(f"'{value}' is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(f"'{value}' is not a number")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise CellError(f"'{shown(text(value))}' is not a number")
    if not number.is_finite():
        raise CellError(f"'{shown(text(value))}' is not a number")
    return number


def fte(value) -> Decimal:
    number = _number(value)
    if abs(number) < 2:  # (a number like 1e9999 cannot be rounded to cents: it is out of range anyway)
        number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not Decimal(0) < number <= Decimal(1):
        raise CellError(f"FTE must be more than 0 and at most 1, not {shown(text(value))}")
    return number


def skill_level(value) -> int:
    number = _number(value)
    if number != number.to_integral_value() or not 0 <= number <= 4:
        raise CellError(f"the level must be a whole number from 0 to 4, not {shown(text(value))}")
    return int(number)
