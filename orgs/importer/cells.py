"""Coerce one cell to a typed value, or raise CellError with a message a user can act on."""

import functools
import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .spec import MAX_CELL_CHARS

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")


class CellError(ValueError):
    pass


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value, max_length: int | None = None) -> str:
    if value is None:
        return ""
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
        raise CellError(f"is too long ({len(out)} characters; at most {limit})")
    return out


def key(value) -> str:
    """How names are compared: trimmed, case and inner spacing ignored."""
    return " ".join(text(value).split()).casefold()


def email(value) -> str:
    out = text(value, 254).lower()
    if not _valid_email(out):
        raise CellError(f"'{out}' is not a valid email address")
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
        raise CellError(f"'{text(value)}' is not one of: {', '.join(choices)}")
    return out


def iso_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    match = DATE_RE.match(raw)
    if not match:
        raise CellError(f"'{raw}' is not a date; write it as YYYY-MM-DD")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(f"'{raw}' is not a real date")


def _number(value) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"'{value}' is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(f"'{value}' is not a number")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise CellError(f"'{text(value)}' is not a number")
    if not number.is_finite():
        raise CellError(f"'{text(value)}' is not a number")
    return number


def fte(value) -> Decimal:
    number = _number(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not Decimal(0) < number <= Decimal(1):
        raise CellError(f"FTE must be more than 0 and at most 1, not {text(value)}")
    return number


def skill_level(value) -> int:
    number = _number(value)
    if number != number.to_integral_value() or not 0 <= number <= 4:
        raise CellError(f"the level must be a whole number from 0 to 4, not {text(value)}")
    return int(number)
