"""After a load run: the figures, and proof that nothing was lost.

    DATABASE_URL=... .venv/bin/python benchmarks/load/check.py

Reads locust's statistics (benchmarks/out/load/locust_stats.csv) and every answer the simulated
leads saved (saved.json), compares each with the database, prints requests per second, p50/p95/p99
latency and failures per endpoint, writes summary.json, and exits non-zero when a request failed,
an answer is missing or differs, or nothing was saved at all.
"""

import csv
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out" / "load"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")

import django  # noqa: E402

django.setup()

from assessments.models import Answer  # noqa: E402


def _stats() -> list[dict]:
    with (OUT / "locust_stats.csv").open() as f:
        return list(csv.DictReader(f))


def _number(row, key) -> float:
    value = row.get(key) or "0"
    return float(value) if value not in ("N/A", "") else 0.0


def main() -> int:
    rows = _stats()
    total = next(r for r in rows if r["Name"] == "Aggregated")
    saved = json.loads((OUT / "saved.json").read_text())
    wanted = {(spec["assessment"], int(q)): v for spec in saved.values() for q, v in spec["answers"].items()}
    stored = {
        (a, q): v
        for a, q, v in Answer.objects.filter(assessment_id__in={a for a, _ in wanted}).values_list(
            "assessment_id", "question_id", "value"
        )
    }
    missing = [key for key in wanted if key not in stored]
    different = [key for key, value in wanted.items() if key in stored and stored[key] != value]

    print(f"{'endpoint':<58} {'requests':>8} {'fail':>5} {'rps':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in rows:
        print(
            f"{row['Name'][:58]:<58} {int(_number(row, 'Request Count')):>8} {int(_number(row, 'Failure Count')):>5} "
            f"{_number(row, 'Requests/s'):>7.1f} {_number(row, '50%'):>6.0f} {_number(row, '95%'):>6.0f} "
            f"{_number(row, '99%'):>6.0f}"
        )
    summary = {
        "requests": int(_number(total, "Request Count")),
        "failures": int(_number(total, "Failure Count")),
        "rps": round(_number(total, "Requests/s"), 1),
        "p50_ms": _number(total, "50%"),
        "p95_ms": _number(total, "95%"),
        "p99_ms": _number(total, "99%"),
        "answers_saved": len(wanted),
        "answers_missing": len(missing),
        "answers_different": len(different),
        "leads_with_answers": sum(1 for spec in saved.values() if spec["answers"]),
        # Other work on the machine slows every figure down: say how busy it was.
        "cpus": os.cpu_count(),
        "load_average_1_5_15": [round(x, 1) for x in os.getloadavg()],
    }
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    print(
        f"\n{summary['requests']} requests, {summary['rps']} per second, p50 {summary['p50_ms']:.0f} ms, "
        f"p95 {summary['p95_ms']:.0f} ms, p99 {summary['p99_ms']:.0f} ms, {summary['failures']} failed"
    )
    print(f"machine: {summary['cpus']} CPUs, load average {summary['load_average_1_5_15']} at the end")
    print(
        f"{summary['answers_saved']} answers confirmed to {summary['leads_with_answers']} leads: "
        f"{summary['answers_missing']} missing, {summary['answers_different']} different in the database"
    )
    problems = []
    if summary["failures"]:
        problems.append(f"{summary['failures']} requests failed (see locust_failures.csv)")
    if missing or different:
        problems.append(f"answers lost: {missing[:5]} missing, {different[:5]} different")
    if not wanted:
        problems.append("no answer was saved at all")
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
