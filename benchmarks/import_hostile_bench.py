"""Peak memory of checking each hostile workbook of the fuzz corpus (tests/fuzz/hostile.py).

    python benchmarks/import_hostile_bench.py [--scale 1.0] [--only NAME]

Each workbook is checked (a dry run, as the worker does for an upload) in a fresh child process, which
prints its peak RSS (VmHWM) and time; the first line is a child that imports nothing, the baseline
of a Django process. Uses a throwaway SQLite database with the catalog seeded (or DATABASE_URL).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teamplanner.settings")
    import django

    django.setup()


def _peak_rss_kib() -> int:
    """This process's peak resident memory. (getrusage's ru_maxrss would include the parent's size at the
    fork, since Linux carries it across exec; VmHWM belongs to this program alone.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(path: str) -> None:
    """Check one file and print what it cost as JSON."""
    _setup()
    from orgs.importer import run_import
    from orgs.models import Organization

    data = Path(path).read_bytes() if path != "-" else b""
    start, cpu = time.perf_counter(), time.process_time()
    report_size = errors = 0
    if data:
        report = run_import(
            org=Organization(slug="hostile", name="Hostile"), data=data, filename="x.xlsx", dry_run=True
        )
        report_size = len(json.dumps(report.to_dict()))
        errors = report.error_count
        del data, report
    peak_kib = _peak_rss_kib()
    print(
        json.dumps(
            {
                "peak_mib": peak_kib / 1024,
                "wall": time.perf_counter() - start,
                "cpu": time.process_time() - cpu,
                "report_bytes": report_size,
                "errors": errors,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--only", default="")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    from tests.fuzz.hostile import CORPUS

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        os.environ.update(env)
        _setup()
        from django.core.management import call_command

        from roles.services import catalog_seed

        call_command("migrate", verbosity=0)
        catalog_seed()
        columns = ("packed", "unpacked", "peak RSS", "wall", "cpu", "report")
        print(
            f"{'workbook':<22} "
            + " ".join(f"{c:>{w}}" for c, w in zip(columns, (8, 9, 9, 7, 7, 9), strict=True))
            + " errors"
        )
        runs = [("(django, no file)", None)] + [(n, b) for n, b in CORPUS.items() if args.only in n]
        for name, build in runs:
            path, packed, unpacked = "-", 0, 0
            if build is not None:
                import io
                import zipfile

                data = build(args.scale)
                packed = len(data)
                unpacked = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
                path = f"{tmp}/book.xlsx"
                Path(path).write_bytes(data)
                del data
            out = subprocess.run(
                [sys.executable, __file__, "--child", path], env=env, capture_output=True, text=True, check=False
            )
            if out.returncode:
                print(f"{name:<22} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            got = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{name:<22} {packed / 1e6:6.2f}MB {unpacked / 2**20:7.1f}Mi {got['peak_mib']:7.0f}Mi "
                f"{got['wall']:6.1f}s {got['cpu']:6.1f}s {got['report_bytes'] / 1e3:7.0f}kB {got['errors']:,}",
                flush=True,
            )


if __name__ == "__main__":
    main()
