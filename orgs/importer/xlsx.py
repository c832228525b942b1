"""A streaming reader for the cells of .xlsx worksheets.

openpyxl reads the workbook's structure, shared strings and date styles (with defusedxml); the
worksheets themselves are streamed through expat here, several times faster than openpyxl's
read-only cells, which matters for a 70,000-row workbook. Like openpyxl with `data_only=True`, a
formula reads as its saved value (nothing when the file holds none). No DTDs or entities are allowed.
"""

import io
import re
from collections import deque
from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel, from_ISO8601

CHUNK = 64 * 1024
CELL_REF = re.compile(r"([A-Z]{1,3})")


class UnsafeXML(ValueError):
    pass


def _forbid(*args):
    raise UnsafeXML("DTDs and entities are not allowed in a workbook")


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


def open_workbook(data: bytes):
    """(reader, [(sheet title, worksheet path)]) for the worksheets of an .xlsx (chart sheets skipped)."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    sheets = [
        (sheet.name, rel.target)
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    ]
    return reader, sheets


class _Handler:
    def __init__(self, shared_strings, date_styles, epoch, max_columns: int):
        self.shared, self.date_styles, self.epoch, self.max_columns = shared_strings, date_styles, epoch, max_columns
        self.done: deque = deque()
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.value: str | None = None
        self.inline: list[str] = []
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
            self.value, self.inline = None, []
        elif local == "v" or local == "t" and self.in_inline and not self.in_phonetic:
            self.buffer = []
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
            self.buffer.append(data)

    def end(self, name):
        local = name.rpartition(" ")[2]
        if local == "v" and self.buffer is not None:
            self.value, self.buffer = "".join(self.buffer), None
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
            return "".join(self.inline) if self.inline else None
        if value is None or value == "":
            return None
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


def iter_rows(reader, path: str, max_columns: int) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for the non-missing rows of one worksheet, read a chunk at a time."""
    wb = reader.wb
    handler = _Handler(reader.shared_strings, wb._date_formats, wb.epoch, max_columns)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    parser.buffer_text = True
    with reader.archive.open(path) as source:
        while True:
            chunk = source.read(CHUNK)
            parser.Parse(chunk, not chunk)
            while handler.done:
                yield handler.done.popleft()
            if not chunk:
                break
