"""The parts of an .xlsx read before its worksheets, streamed with bounds: shared strings and cell styles.

openpyxl would parse these whole (the styles as one tree, every shared string kept at full length), so a
small file can expand to gigabytes there. Here each is streamed through expat a chunk at a time: a shared
string longer than a cell may be is kept as its length only (`TooLong`), the table stops at
`MAX_SHARED_STRINGS` strings or `MAX_SHARED_CHARS` characters, and only the first `MAX_CELL_STYLES`
cell styles are looked at.
"""

from collections.abc import Callable
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from .cells import TooLong
from .spec import MAX_CELL_CHARS, MAX_CELL_STYLES, MAX_SHARED_CHARS, MAX_SHARED_STRINGS

CHUNK = 64 * 1024


class UnsafeXML(ValueError):
    pass


class PartTooLarge(ValueError):
    """A part of the workbook holds more than any real workbook does; the message says what."""


def _forbid(*args):
    raise UnsafeXML("DTDs and entities are not allowed in a workbook")


def new_parser(start: Callable, end: Callable, text: Callable | None = None):
    """An expat parser that refuses DTDs and entities, with namespaces as 'uri local'."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    return parser


def feed(parser, source, stop: Callable[[], bool] = lambda: False) -> None:
    """Parse a file object a chunk at a time, until its end or until `stop()` says enough."""
    while True:
        chunk = source.read(CHUNK)
        parser.Parse(chunk, not chunk)
        if not chunk or stop():
            return


class _SharedStrings:
    def __init__(self):
        self.strings: list = []
        self.chars = 0
        self.pieces: list[str] = []
        self.size = 0
        self.depth_t = False  # inside a <t> of the string itself or of a rich-text run
        self.in_phonetic = False

    def start(self, name, attrs):
        local = name.rpartition(" ")[2]
        if local == "si":
            self.pieces, self.size = [], 0
        elif local == "t" and not self.in_phonetic:
            self.depth_t = True
        elif local == "rPh":
            self.in_phonetic = True

    def text(self, data):
        if self.depth_t:
            self.size += len(data)
            if self.size <= MAX_CELL_CHARS:
                self.pieces.append(data)

    def end(self, name):
        local = name.rpartition(" ")[2]
        if local == "t":
            self.depth_t = False
        elif local == "rPh":
            self.in_phonetic = False
        elif local == "si":
            if self.size > MAX_CELL_CHARS:
                self.strings.append(TooLong(self.size))
            else:
                value = "".join(self.pieces).replace("x005F_", "")
                self.chars += len(value)
                self.strings.append(value)
            self.pieces = []
            if len(self.strings) > MAX_SHARED_STRINGS:
                raise PartTooLarge(
                    f"The workbook holds more than {MAX_SHARED_STRINGS:,} different texts, far more than its sheets "
                    "may have rows; it was not read."
                )
            if self.chars > MAX_SHARED_CHARS:
                raise PartTooLarge(
                    f"The workbook's texts add up to more than {MAX_SHARED_CHARS:,} characters; it was not read."
                )


def read_shared_strings(source) -> list:
    """The shared-string table: str, or TooLong for a string longer than a cell may be.

    Raises PartTooLarge past the table's limits."""
    table = _SharedStrings()
    feed(new_parser(table.start, table.end, table.text), source)
    return table.strings


class _Styles:
    def __init__(self):
        self.custom: dict[int, str] = {}
        self.in_cell_xfs = False
        self.index = 0
        self.date_styles: set[int] = set()

    def start(self, name, attrs):
        local = name.rpartition(" ")[2]
        if local == "numFmt":
            number = attrs.get("numFmtId", "")
            if number.isdigit() and len(self.custom) < MAX_CELL_STYLES:
                self.custom[int(number)] = attrs.get("formatCode", "")[:256]
        elif local == "cellXfs":
            self.in_cell_xfs = True
        elif local == "xf" and self.in_cell_xfs:
            number = attrs.get("numFmtId", "0")
            number = int(number) if number.isdigit() and len(number) < 6 else 0
            code = self.custom.get(number) or BUILTIN_FORMATS.get(number)
            if code and is_date_format(code):
                self.date_styles.add(self.index)
            self.index += 1

    def end(self, name):
        if name.rpartition(" ")[2] == "cellXfs":
            self.in_cell_xfs = False


def read_date_styles(source) -> set[int]:
    """The indexes of the cell styles whose number format is a date (as openpyxl decides it)."""
    styles = _Styles()
    feed(new_parser(styles.start, styles.end), source, stop=lambda: styles.index >= MAX_CELL_STYLES)
    return styles.date_styles
