"""A streaming reader for the cells of .xlsx worksheets, in bounded memory.

openpyxl reads the workbook's structure (with defusedxml), after its parts were checked to be of a
sane size; shared strings and date styles are streamed by `xlsx_parts`, and the worksheets are
streamed through expat here, several times faster than openpyxl's read-only cells, which matters for
a 70,000-row workbook. A cell's text is kept up to `MAX_CELL_CHARS` characters, a longer one as its
length only (`TooLong`). Like openpyxl with `data_only=True`, a formula reads as its saved value
(nothing when the file holds none). No DTDs or entities are allowed.
"""

import io
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import ARC_STYLE, SHARED_STRINGS

from .cells import TooLong
from .spec import MAX_CELL_CHARS, MAX_STRUCTURE_PART_BYTES
from .xlsx_parts import CHUNK, PartTooLarge, UnsafeXML, new_parser, read_date_styles, read_shared_strings

CELL_REF = re.compile(r"([A-Z]{1,3})")
# Parts openpyxl parses whole: their size is checked first.
STRUCTURE_PART = re.compile(r"^(\[Content_Types\]\.xml|xl/workbook\.xml|(.*/)?_rels/.*|xl/externalLinks/.*)$")

__all__ = ["PartTooLarge", "UnsafeXML", "Workbook", "iter_rows", "open_workbook"]


@dataclass
class Workbook:
    archive: object  # the open zipfile.ZipFile
    shared_strings: list
    date_styles: set[int]
    epoch: object


def _column(ref: str) -> int:
    match = CELL_REF.match(ref)
    number = 0
    for letter in match.group(1) if match else "":
        number = number * 26 + ord(letter) - 64
    return number


def _number(text: str):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def open_workbook(data: bytes) -> tuple[Workbook, list[tuple[str, str]]]:
    """(workbook, [(sheet title, worksheet path)]) for the worksheets of an .xlsx (chart sheets skipped).

    Raises PartTooLarge when a part holds more than any real workbook does."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    for info in reader.archive.infolist():
        if STRUCTURE_PART.match(info.filename) and info.file_size > MAX_STRUCTURE_PART_BYTES:
            raise PartTooLarge(
                f"The workbook's part '{info.filename[:60]}' unpacks to {info.file_size / 2**20:.0f} MiB, far more "
                "than a workbook's structure needs; it was not read."
            )
    reader.read_manifest()
    strings: list = []
    part = reader.package.find(SHARED_STRINGS)
    if part is not None:
        with reader.archive.open(part.PartName[1:]) as source:
            strings = read_shared_strings(source)
    reader.read_workbook()
    date_styles: set[int] = set()
    if ARC_STYLE in reader.valid_files:
        with reader.archive.open(ARC_STYLE) as source:
            date_styles = read_date_styles(source)
    sheets = [
        (sheet.name, rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    return Workbook(reader.archive, strings, date_styles, reader.wb.epoch), sheets


class _Handler:
    def __init__(self, shared_strings, date_styles, epoch, max_columns: int):
        self.shared, self.date_styles, self.epoch, self.max_columns = shared_strings, date_styles, epoch, max_columns
        self.done: deque = deque()
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.value: str | TooLong | None = None
        self.inline: list[str] = []
        self.size = 0  # characters of the cell's text so far; only the first MAX_CELL_CHARS are kept
        self.buffer: list[str] | None = None
        self.in_inline = False
        self.in_phonetic = False

    def start(self, name, attrs):
        local = name.rpartition(" ")[2]
        if local == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style and style.isdigit() else 0
            self.value, self.inline, self.size = None, [], 0
        elif local == "v" or local == "t" and self.in_inline and not self.in_phonetic:
            self.buffer = []
            if local == "v":
                self.size = 0
        elif local == "is":
            self.in_inline = True
        elif local == "rPh":
            self.in_phonetic = True
        elif local == "row":
            ref = attrs.get("r")
            self.row_number = int(ref) if ref and ref.isdigit() else self.row_number + 1
            self.cells, self.column = {}, 0

    def text(self, data):
        if self.buffer is not None:
            self.size += len(data)
            if self.size <= MAX_CELL_CHARS:
                self.buffer.append(data)

    def end(self, name):
        local = name.rpartition(" ")[2]
        if local == "v" and self.buffer is not None:
            self.value = "".join(self.buffer) if self.size <= MAX_CELL_CHARS else TooLong(self.size)
            self.buffer = None
        elif local == "t" and self.buffer is not None:
            self.inline.append("".join(self.buffer))
            self.buffer = None
        elif local == "is":
            self.in_inline = False
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "c":
            if 0 < self.column <= self.max_columns:
                self.cells[self.column] = self._convert()
        elif local == "row":
            width = max(self.cells, default=0)
            self.done.append((self.row_number, tuple(self.cells.get(i) for i in range(1, width + 1))))

    def _convert(self):
        kind, value = self.kind, self.value
        if kind == "inlineStr":
            if self.size > MAX_CELL_CHARS:
                return TooLong(self.size)
            return "".join(self.inline) if self.inline else None
        if value is None or value == "" or isinstance(value, TooLong):
            return value or None
        try:
            if kind == "s":
                return self.shared[int(value)]
            if kind == "str":
                return value
            if kind == "b":
                return bool(int(value))
            if kind == "d":
                return from_ISO8601(value)
            if kind == "e":
                return None  # a spreadsheet error (#REF!, #N/A...) reads as empty
            number = _number(value)
            if self.style in self.date_styles:
                return from_excel(number, self.epoch)
            return number
        except (ValueError, IndexError, OverflowError, TypeError):
            return value


def iter_rows(book: Workbook, path: str, max_columns: int) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for the non-missing rows of one worksheet, read a chunk at a time."""
    handler = _Handler(book.shared_strings, book.date_styles, book.epoch, max_columns)
    parser = new_parser(handler.start, handler.end, handler.text)
    with book.archive.open(path) as source:
        while True:
            chunk = source.read(CHUNK)
            parser.Parse(chunk, not chunk)
            while handler.done:
                yield handler.done.popleft()
            if not chunk:
                break
