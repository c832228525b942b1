"""Turn uploaded bytes into raw sheets, safely: size, type by content, zip bombs, endless empty rows.

Nothing here raises on a bad file: every problem goes into the report and the result is None.
"""

import csv
import io
import logging
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings

from .cells import TooLong, shown, too_long_message
from .report import ImportReport
from .spec import (
    EMPTY_ROW_RUN,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_HEADER_CHARS,
    MAX_ROWS_PER_SHEET,
    MAX_ZIP_MEMBERS,
    SHEETS,
    UNCOMPRESSED_FACTOR,
)

logger = logging.getLogger(__name__)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
NOT_A_WORKBOOK = "This is not a workbook: upload an .xlsx file, a .zip of CSV files or one UTF-8 CSV file."


@dataclass
class RawSheet:
    """One sheet as read. `headers` are every column's normalised name ("" for none or a too long one);
    `rows` hold only the values of `kept`, the positions whose header is a column of the format."""

    name: str
    headers: list[str]
    kept: list[int] = field(default_factory=list)
    rows: list[tuple[int, tuple]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    kind: str  # "xlsx", "zip" or "csv"
    sheets: dict[str, RawSheet]


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MiB"
    return f"{max(size / 1024, 1):.0f} KiB"


def normalise_header(value) -> str:
    text = "" if value is None or isinstance(value, TooLong) else str(value)
    return text.strip().rstrip("*").strip().lower().replace(" ", "_").replace("-", "_")


def normalise_sheet_name(name: str) -> str:
    return name.strip().lower()


def read_upload(data: bytes, filename: str, report: ImportReport) -> RawWorkbook | None:
    """Read an .xlsx, a .zip of CSVs or one CSV. Returns None (with errors in `report`) if it cannot."""
    max_bytes = settings.IMPORT_MAX_BYTES
    if not data:
        report.error("The file is empty.")
        return None
    if len(data) > max_bytes:
        report.error(f"The file is larger than the limit of {human_size(max_bytes)}.")
        return None
    if data.startswith(OLE_MAGIC):
        report.error("Old binary .xls workbooks are not supported: save the workbook as .xlsx and upload it again.")
        return None
    if data.startswith(ZIP_MAGIC):
        return _read_zip(data, report, max_bytes * UNCOMPRESSED_FACTOR)
    return _read_single_csv(data, filename, report)


def _read_zip(data: bytes, report: ImportReport, max_uncompressed: int) -> RawWorkbook | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, EOFError, RuntimeError, zlib.error):
        # (NotImplementedError: a zip feature Python does not read, e.g. a newer zip version)
        report.error(NOT_A_WORKBOOK)
        return None
    # Declared sizes are enforced while reading (zipfile stops at file_size), so summing them is a safe guard.
    if sum(m.file_size for m in members) > max_uncompressed:
        report.error("The file unpacks to far more data than a workbook should; it was not read.")
        return None
    names = {m.filename for m in members}
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return _read_xlsx(data, report)
    return _read_csv_zip(archive, members, report)


def _read_xlsx(data: bytes, report: ImportReport) -> RawWorkbook | None:
    from . import xlsx

    sheets: dict[str, RawSheet] = {}
    try:
        book, worksheets = xlsx.open_workbook(data)
        for title, path in worksheets:
            name = normalise_sheet_name(title)
            if name not in SHEETS:
                report.warn(f"Sheet '{shown(title)}' is not part of the format and was ignored.")
                continue
            if name in sheets:
                report.error("The workbook has this sheet twice.", sheet=name)
                continue
            sheet = _collect(name, xlsx.iter_rows(book, path, MAX_COLUMNS), report)
            if sheet is not None:
                sheets[name] = sheet
    except xlsx.PartTooLarge as exc:
        report.error(str(exc))
        return None
    except Exception:  # openpyxl and expat raise many kinds (KeyError, XML and zip errors) for a broken file
        logger.info("unreadable xlsx upload", exc_info=True)
        report.error("The workbook could not be read: it is damaged or not an .xlsx file.")
        return None
    return RawWorkbook("xlsx", sheets)


def _read_csv_zip(archive: zipfile.ZipFile, members, report: ImportReport) -> RawWorkbook | None:
    files = [m for m in members if not m.is_dir() and not _is_hidden(m.filename)]
    if not files:
        report.error("The zip file contains no CSV files.")
        return None
    if len(files) > MAX_ZIP_MEMBERS:
        report.error(f"The zip file has {len(files)} files; a workbook has at most {len(SHEETS)} sheets.")
        return None
    sheets: dict[str, RawSheet] = {}
    for member in files:
        path = PurePosixPath(member.filename)
        if path.suffix.lower() != ".csv":
            report.warn(f"'{shown(member.filename)}' is not a CSV file and was ignored.")
            continue
        name = normalise_sheet_name(path.stem)
        if name not in SHEETS:
            report.warn(f"'{shown(member.filename)}' is not a sheet of the format and was ignored.")
            continue
        if name in sheets:
            report.error(f"The zip file has this sheet twice ('{shown(member.filename)}').", sheet=name)
            continue
        try:
            raw = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError, zlib.error):
            report.error(f"'{shown(member.filename)}' could not be unpacked.", sheet=name)
            continue
        text = _decode(raw)
        if text is None:
            report.error(f"'{shown(member.filename)}' is not a UTF-8 text file.", sheet=name)
            continue
        sheet = _collect(name, _csv_rows(text, name, report), report)
        if sheet is not None:
            sheets[name] = sheet
    if not sheets and not report.error_count:
        report.error("The zip file contains none of the sheets of the format (teams.csv, people.csv, ...).")
        return None
    return RawWorkbook("zip", sheets)


def _read_single_csv(data: bytes, filename: str, report: ImportReport) -> RawWorkbook | None:
    text = _decode(data)
    if text is None:
        report.error(NOT_A_WORKBOOK)
        return None
    name = _csv_sheet_name(text, filename, report)
    if name is None:
        return None
    sheet = _collect(name, _csv_rows(text, name, report), report)
    return RawWorkbook("csv", {name: sheet} if sheet is not None else {})


def _csv_sheet_name(text: str, filename: str, report: ImportReport) -> str | None:
    stem = normalise_sheet_name(PurePosixPath(filename or "").stem)
    if stem in SHEETS:
        return stem
    # Otherwise tell the sheet by its header: the one whose required columns are all there.
    try:
        header = next(csv.reader(io.StringIO(text[:65536])), [])
    except csv.Error:
        header = []
    columns = {normalise_header(h) for h in header}
    fits = [s.name for s in SHEETS.values() if set(s.required) <= columns]
    best = sorted(fits, key=lambda n: -len(columns & set(SHEETS[n].columns)))
    if not best or (
        len(best) > 1 and len(columns & set(SHEETS[best[0]].columns)) == len(columns & set(SHEETS[best[1]].columns))
    ):
        report.error(
            "Cannot tell which sheet this CSV file holds: name it after the sheet "
            f"({', '.join(n + '.csv' for n in SHEETS)}) or give it that sheet's header row."
        )
        return None
    return best[0]


def _decode(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    return text


def _is_hidden(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _csv_rows(text: str, sheet: str, report: ImportReport) -> Iterator[tuple[int, tuple]]:
    reader = csv.reader(io.StringIO(text))
    try:
        for number, row in enumerate(reader, start=1):
            yield number, tuple(v if len(v) <= MAX_CELL_CHARS else TooLong(len(v)) for v in row[:MAX_COLUMNS])
    except csv.Error as exc:
        report.error(f"The CSV file could not be read here: {exc}.", sheet=sheet, row=reader.line_num)


def _is_empty(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _headers(name: str, cells: tuple, report: ImportReport) -> list[str]:
    """The normalised header names; one too long is reported where it is and read as no name."""
    headers = []
    for position, value in enumerate(cells, start=1):
        length = value.length if isinstance(value, TooLong) else len(str(value)) if value is not None else 0
        if length > MAX_HEADER_CHARS:
            report.error(
                f"The header of column {position} {too_long_message(length, MAX_HEADER_CHARS)}.", sheet=name, row=1
            )
            headers.append("")
        else:
            headers.append(normalise_header(value))
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _collect(name: str, rows: Iterable[tuple[int, tuple]], report: ImportReport) -> RawSheet | None:
    """Header and data rows of one sheet; stops at a long run of empty rows and at the row cap.

    `rows` are (row number, values); numbers may skip (rows a spreadsheet never wrote), which counts
    as empty rows, so a single cell at row 1,048,576 costs nothing.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None or first[0] != 1 or _is_empty(first[1]):
        report.error("The sheet has no header row (row 1 must name the columns).", sheet=name, row=1)
        return None
    headers = _headers(name, first[1], report)
    # Only the format's columns are kept, so memory follows the rows, not how wide the sheet is.
    known = SHEETS[name].columns
    sheet = RawSheet(name, headers, [i for i, h in enumerate(headers) if h in known])
    kept, width = sheet.kept, len(sheet.kept)
    in_order = kept == list(range(width))  # the usual case: every column is the format's, a slice picks them
    last_filled = 1
    for number, row in iterator:
        if in_order:
            values = row[:width] if len(row) >= width else row + (None,) * (width - len(row))
        else:
            values = tuple(row[i] if i < len(row) else None for i in kept)
        if number - last_filled > EMPTY_ROW_RUN:
            report.warn(
                f"Reading stopped at row {last_filled + EMPTY_ROW_RUN + 1} after {EMPTY_ROW_RUN} empty rows; "
                "anything below was ignored.",
                sheet=name,
            )
            break
        if _is_empty(values):
            continue
        last_filled = number
        if len(sheet.rows) >= MAX_ROWS_PER_SHEET:
            report.error(
                f"The sheet has more than {MAX_ROWS_PER_SHEET:,} rows; split it into smaller files.", sheet=name
            )
            break
        sheet.rows.append((number, values))
    return sheet
