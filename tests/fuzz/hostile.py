"""Workbooks made to expand: small files whose contents grow large once read.

Each builder writes the package's XML by hand (streamed into the zip, so building stays cheap) and
takes a `scale` from 0 to 1: the tests use small ones, `benchmarks/import_hostile_bench.py` the full size,
which stays within the default `IMPORT_MAX_BYTES` (10 MiB) and its unpacked limit (80 MiB).
"""

import io
import zipfile
from collections.abc import Callable, Iterator
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_BOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
MIB = 1024 * 1024

PEOPLE = ["email", "name", "team", "role", "manager_email", "fte", "start_date", "location"]


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def shared(ref: str, index: int) -> str:
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def header_row(columns: list[str]) -> str:
    cells = "".join(inline(f"{column_letter(i)}1", c) for i, c in enumerate(columns, start=1))
    return f'<row r="1">{cells}</row>'


def package(
    sheets: list[tuple[str, Callable[[], Iterator[str]]]],
    strings: Callable[[], Iterator[str]] | None = None,
    styles: Callable[[], Iterator[str]] | None = None,
) -> bytes:
    """An .xlsx: `sheets` are (title, a function yielding the rows' XML); `strings` yields `<si>` elements."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{CT_BOOK}"/>']
        overrides += [
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT_SHEET}"/>'
            for i in range(1, len(sheets) + 1)
        ]
        if strings:
            overrides.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_STRINGS}"/>')
        if styles:
            overrides.append(f'<Override PartName="/xl/styles.xml" ContentType="{CT_STYLES}"/>')
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{REL}/officeDocument"/></Relationships>',
        )
        with archive.open("xl/workbook.xml", "w") as part:
            part.write(f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'.encode())
            for i, (title, _) in enumerate(sheets, start=1):
                part.write(f'<sheet name="{escape(title, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'.encode())
            part.write(b"</sheets></workbook>")
        with archive.open("xl/_rels/workbook.xml.rels", "w") as part:
            part.write(f'<Relationships xmlns="{PKG_REL}">'.encode())
            for i in range(1, len(sheets) + 1):
                part.write(
                    f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{REL}/worksheet"/>'.encode()
                )
            part.write(b"</Relationships>")
        for name, source in (("xl/sharedStrings.xml", strings), ("xl/styles.xml", styles)):
            if source:
                with archive.open(name, "w") as part:
                    _write(part, source())
        for i, (_, rows) in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w") as part:
                part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
                _write(part, rows())
                part.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _write(part, pieces: Iterator[str]) -> None:
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size > MIB:
            part.write("".join(batch).encode())
            batch, size = [], 0
    part.write("".join(batch).encode())


def _one_string(length: int) -> Callable[[], Iterator[str]]:
    def strings():
        yield f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'
        for _ in range(length // 4096):
            yield "x" * 4096
        yield "x" * (length % 4096) + "</t></si></sst>"

    return strings


def shared_header_bomb(scale: float = 1.0) -> bytes:
    """The issue's workbook: 50 header cells that all point at one 1 MiB shared string (about 20 KB)."""

    def rows():
        yield '<row r="1">' + "".join(shared(f"{column_letter(i)}1", 0) for i in range(1, 51)) + "</row>"

    return package(
        [
            ("teams", lambda: iter(['<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'])),
            ("people", rows),
        ],
        strings=_one_string(max(int(MIB * scale), 6000)),
    )


def shared_cell_bomb(scale: float = 1.0) -> bytes:
    """Every cell of 50,000 rows points at one 1 MiB shared string: 400,000 cells of 1 MiB each."""
    count = max(int(50_000 * scale), 10)

    def rows():
        yield header_row(PEOPLE)
        for r in range(2, count + 2):
            yield f'<row r="{r}">' + "".join(shared(f"{column_letter(c)}{r}", 0) for c in range(1, 9)) + "</row>"

    return package(
        [("teams", lambda: iter([header_row(["name"])])), ("people", rows)],
        strings=_one_string(max(int(MIB * scale), 6000)),
    )


def many_shared_strings(scale: float = 1.0) -> bytes:
    """Millions of different short shared strings (the issue's 8.9 MB workbook with 3.6 million)."""
    count = max(int(3_000_000 * scale), 100)

    def strings():
        yield f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'
        for i in range(count):
            yield f"<si><t>{i:x}</t></si>"
        yield "</sst>"

    def rows():
        yield header_row(PEOPLE)
        for r in range(2, min(count // 8, 50_000) + 2):
            base = (r - 2) * 8
            yield f'<row r="{r}">' + "".join(shared(f"{column_letter(c)}{r}", base + c - 1) for c in range(1, 9))
            yield "</row>"

    return package([("teams", lambda: iter([header_row(["name"])])), ("people", rows)], strings=strings)


def huge_inline_strings(scale: float = 1.0) -> bytes:
    """A dozen inline strings of 6 MiB each in the header and the first rows."""
    length = max(int(6 * MIB * scale), 6000)

    def big():
        return "y" * length

    def rows():
        yield '<row r="1">' + "".join(inline(f"{column_letter(c)}1", big()) for c in range(1, 5)) + "</row>"
        for r in range(2, 4):
            yield f'<row r="{r}">' + "".join(inline(f"{column_letter(c)}{r}", big()) for c in range(1, 5)) + "</row>"

    return package([("teams", lambda: iter([header_row(["name"])])), ("people", rows)])


def number_bomb(scale: float = 1.0) -> bytes:
    """Cells whose value is tens of millions of digits."""
    length = max(int(20 * MIB * scale), 6000)

    def rows():
        yield header_row(PEOPLE)
        for r in range(2, 5):
            yield f'<row r="{r}"><c r="F{r}"><v>' + "9" * length + "</v></c></row>"

    return package([("teams", lambda: iter([header_row(["name"])])), ("people", rows)])


def many_sheets(scale: float = 1.0) -> bytes:
    """Thousands of sheets with long names, each with a header and a row."""
    count = max(int(20_000 * scale), 20)

    def sheet(i):
        return lambda: iter([header_row(PEOPLE), '<row r="2">' + inline("A2", f"p{i}@example.com") + "</row>"])

    names = ["teams", "people"] + [f"sheet {i} " + "n" * 200 for i in range(count)]
    return package([(name, sheet(i)) for i, name in enumerate(names)])


def many_columns(scale: float = 1.0) -> bytes:
    """16,384 columns in every row, all unknown but the first eight, until the unpacked limit."""
    width = 16_384
    count = max(int(220 * scale), 3)

    def rows():
        yield header_row(PEOPLE + [f"extra column {i} " + "h" * 40 for i in range(width - len(PEOPLE))])
        for r in range(2, count + 2):
            yield f'<row r="{r}">' + "".join(f"<c><v>{c}.5</v></c>" for c in range(1, width + 1)) + "</row>"

    return package([("teams", lambda: iter([header_row(["name"])])), ("people", rows)])


def many_rows(scale: float = 1.0) -> bytes:
    """700,000 small rows of skills (the sheet limit is 50,000)."""
    count = max(int(700_000 * scale), 100)

    def rows():
        yield header_row(["email", "skill", "level"])
        for r in range(2, count + 2):
            yield f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>p{r}@x.io</t></is></c><c r="C{r}"><v>9</v></c></row>'

    return package([("teams", lambda: iter([header_row(["name"])])), ("skills", rows)])


def styles_bomb(scale: float = 1.0) -> bytes:
    """A styles part of hundreds of thousands of cell formats, which a reader parses as one tree."""
    count = max(int(800_000 * scale), 100)

    def styles():
        yield f'<styleSheet xmlns="{MAIN}"><cellXfs count="{count}">'
        for _ in range(count):
            yield '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        yield "</cellXfs></styleSheet>"

    return package([("teams", lambda: iter([header_row(["name"])]))], styles=styles)


CORPUS: dict[str, Callable[[float], bytes]] = {
    "shared header bomb": shared_header_bomb,
    "shared cell bomb": shared_cell_bomb,
    "many shared strings": many_shared_strings,
    "huge inline strings": huge_inline_strings,
    "number bomb": number_bomb,
    "many sheets": many_sheets,
    "many columns": many_columns,
    "many rows": many_rows,
    "styles bomb": styles_bomb,
}
