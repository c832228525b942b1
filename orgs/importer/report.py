"""What an import found and did, as plain data that serialises to JSON."""

from dataclasses import asdict, dataclass, field

from .spec import MAX_REPORTED_ISSUES, SHEET_ORDER


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

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def hidden_error_count(self) -> int:
        return self.error_count - len(self.errors)

    def error(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ISSUES:
            self.errors.append(ImportIssue(message, sheet, row, column))

    def warn(self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None):
        self.warning_count += 1
        if len(self.warnings) < MAX_REPORTED_ISSUES:
            self.warnings.append(ImportIssue(message, sheet, row, column))

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
        return report
