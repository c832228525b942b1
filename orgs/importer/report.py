"""What an import found and did, as plain data that serialises to JSON."""

from dataclasses import asdict, dataclass, field

from .spec import MAX_ISSUE_CHARS, MAX_REPORTED_ISSUES, MAX_REPORTED_WARNINGS, MAX_SHOWN_CHARS, SHEET_ORDER


def _cut(text: str | None, limit: int) -> str | None:
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


@dataclass(frozen=True)
class ImportIssue:
    """One problem in the file. `row` counts like a spreadsheet (header = 1); None for file-level issues."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self):
        where = [self.sheet or "file"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    """The outcome of one import. `applied` is true only when the data was written."""

    filename: str = ""
    dry_run: bool = True
    applied: bool = False
    sheets: dict[str, SheetCounts] = field(default_factory=lambda: {name: SheetCounts() for name in SHEET_ORDER})
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    # Errors per sheet ("" for the file), all of them: past the first MAX_REPORTED_ISSUES only counts are kept.
    error_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def hidden_error_count(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def listing_full(self) -> bool:
        """True once no more errors are listed (only counted): their details need not be worked out."""
        return len(self.errors) >= MAX_REPORTED_ISSUES

    @property
    def hidden_warning_count(self) -> int:
        return self.warning_count - len(self.warnings)

    @staticmethod
    def _issue(message, sheet, row, column) -> ImportIssue:
        # Whatever a file holds, an issue stays short: the report is stored and sent as it is.
        return ImportIssue(
            _cut(message, MAX_ISSUE_CHARS), _cut(sheet, MAX_SHOWN_CHARS), row, _cut(column, MAX_SHOWN_CHARS)
        )

    def error(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.error_count += 1
        where = sheet if sheet in self.sheets else ""
        self.error_counts[where] = self.error_counts.get(where, 0) + 1
        if len(self.errors) < MAX_REPORTED_ISSUES:
            self.errors.append(self._issue(message, sheet, row, column))

    def warn(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED_WARNINGS:
            self.warnings.append(self._issue(message, sheet, row, column))

    def sorted_errors(self) -> list[ImportIssue]:
        order = {name: i for i, name in enumerate(SHEET_ORDER)}
        return sorted(self.errors, key=lambda e: (order.get(e.sheet or "", -1), e.row or 0, e.column or ""))

    def summary(self) -> str:
        """One line: the counts per sheet that has rows, or the number of errors."""
        if not self.ok:
            return f"{self.error_count} error(s); nothing was written."
        parts = [
            f"{name}: {c.created} created, {c.updated} updated, {c.unchanged} unchanged"
            for name, c in self.sheets.items()
            if c.total
        ]
        return "; ".join(parts) or "the file has no rows."

    def to_dict(self) -> dict:
        return {
            "filename": self.filename,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "sheets": {name: asdict(c) for name, c in self.sheets.items()},
            "errors": [{**asdict(e), "text": str(e)} for e in self.sorted_errors()],
            "warnings": [{**asdict(w), "text": str(w)} for w in self.warnings],
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "error_counts": dict(self.error_counts),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        def issue(d):
            return ImportIssue(d["message"], d.get("sheet"), d.get("row"), d.get("column"))

        report = cls(
            filename=data.get("filename", ""),
            dry_run=data.get("dry_run", True),
            applied=data.get("applied", False),
            errors=[issue(e) for e in data.get("errors", [])],
            warnings=[issue(w) for w in data.get("warnings", [])],
        )
        report.sheets.update({name: SheetCounts(**c) for name, c in data.get("sheets", {}).items()})
        report.error_count = data.get("error_count", len(report.errors))
        report.warning_count = data.get("warning_count", len(report.warnings))
        report.error_counts = dict(data.get("error_counts", {}))
        return report
