"""Reading and writing a report directory: report.json, report.md, report.html."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.errors import TinhGonError
from eval import report_html, report_md

REPORT_JSON, REPORT_MD, REPORT_HTML = "report.json", "report.md", "report.html"


def write_reports(directory: Path, report: dict[str, Any]) -> list[Path]:
    """Write the three report files into `directory` (created if needed); return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / REPORT_JSON, directory / REPORT_MD, directory / REPORT_HTML]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(report_md.render(report), encoding="utf-8")
    paths[2].write_text(report_html.render(report), encoding="utf-8")
    return paths


def load_report(directory: Path) -> dict[str, Any]:
    """The report.json of a report directory (or the file itself)."""
    path = Path(directory)
    if path.is_dir():
        path = path / REPORT_JSON
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TinhGonError(f"{path}: no report here (run `tinhgon eval DATASET --report DIR` first)") from None
    except json.JSONDecodeError as exc:
        raise TinhGonError(f"{path}: not a valid report.json ({exc.msg})") from None
    if not isinstance(report, dict) or "metrics" not in report or "questions" not in report:
        raise TinhGonError(f"{path}: not a report.json (no 'metrics' or 'questions')")
    return report
