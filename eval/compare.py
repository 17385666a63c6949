"""Compare two reports: metric deltas (overall and by tag) and questions that went right → wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.aggregate import LOWER_IS_BETTER
from eval.report_md import fmt
from eval.scoring import is_right

COMPARE_JSON, COMPARE_MD = "compare.json", "compare.md"
_COUNTS = frozenset({"questions", "answerable", "citations", "errors"})


def question_right(report: dict[str, Any], record: dict[str, Any]) -> bool:
    """QA: `scoring.is_right`; ALQAC: the top article is relevant."""
    if report.get("kind") == "alqac":
        return bool(record["ranked"]) and record["ranked"][0] in record["relevant"]
    return is_right(record)


def _delta(name: str, old: Any, new: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"old": old, "new": new, "delta": None, "change": "same"}
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        entry["delta"] = round(new - old, 6)
        if entry["delta"] and name not in _COUNTS:
            better = entry["delta"] < 0 if name in LOWER_IS_BETTER or name.startswith("latency") else entry["delta"] > 0
            entry["change"] = "better" if better else "worse"
    elif old != new:
        entry["change"] = "n/a"
    return entry


def compare_reports(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The comparison: {"metrics": {name: {old, new, delta, change}}, "by_tag": {...}, "right_to_wrong": [...],
    "wrong_to_right": [...], "only_old": [...], "only_new": [...]}."""
    names = list(dict.fromkeys([*old["metrics"], *new["metrics"]]))
    metrics = {n: _delta(n, old["metrics"].get(n), new["metrics"].get(n)) for n in names}
    by_tag: dict[str, dict[str, Any]] = {}
    for tag in sorted(set(old.get("by_tag", {})) | set(new.get("by_tag", {}))):
        o, n_ = old.get("by_tag", {}).get(tag, {}), new.get("by_tag", {}).get(tag, {})
        by_tag[tag] = {n: _delta(n, o.get(n), n_.get(n)) for n in names if n in o or n in n_}
    old_q = {r["id"]: r for r in old["questions"]}
    new_q = {r["id"]: r for r in new["questions"]}
    common = [i for i in new_q if i in old_q]
    right_to_wrong, wrong_to_right = [], []
    for qid in common:
        was, now = question_right(old, old_q[qid]), question_right(new, new_q[qid])
        if was and not now:
            right_to_wrong.append({"id": qid, "question": new_q[qid]["question"], "old_answer": old_q[qid].get("answer", ""),
                                   "new_answer": new_q[qid].get("answer", "")})
        elif now and not was:
            wrong_to_right.append({"id": qid, "question": new_q[qid]["question"]})
    return {
        "old": old.get("meta", {}),
        "new": new.get("meta", {}),
        "metrics": metrics,
        "by_tag": by_tag,
        "right_to_wrong": right_to_wrong,
        "wrong_to_right": wrong_to_right,
        "only_old": [i for i in old_q if i not in new_q],
        "only_new": [i for i in new_q if i not in old_q],
    }


def _sign(entry: dict[str, Any]) -> str:
    if entry["delta"] is None:
        return "n/a"
    mark = {"better": " ▲", "worse": " ▼"}.get(entry["change"], "")
    return f"{entry['delta']:+.3f}{mark}" if abs(entry["delta"]) < 10 else f"{entry['delta']:+.1f}{mark}"


def render_markdown(comparison: dict[str, Any], old_label: str, new_label: str) -> str:
    out = [f"# Comparison: {old_label} → {new_label}", "", "| metric | old | new | delta |", "|---|---|---|---|"]
    for name, e in comparison["metrics"].items():
        out.append(f"| {name} | {fmt(e['old'])} | {fmt(e['new'])} | {_sign(e)} |")
    changed_tags = {t: v for t, v in comparison["by_tag"].items() if any(e["change"] in ("better", "worse") for e in v.values())}
    if changed_tags:
        out += ["", "## Tags with changes", "", "| tag | metric | old | new | delta |", "|---|---|---|---|---|"]
        for tag, values in changed_tags.items():
            for name, e in values.items():
                if e["change"] in ("better", "worse"):
                    out.append(f"| {tag} | {name} | {fmt(e['old'])} | {fmt(e['new'])} | {_sign(e)} |")
    out += ["", f"## Right → wrong ({len(comparison['right_to_wrong'])})", ""]
    if comparison["right_to_wrong"]:
        out += ["| id | question | old answer | new answer |", "|---|---|---|---|"]
        for q in comparison["right_to_wrong"]:
            cells = [q["id"], q["question"], q["old_answer"][:200], q["new_answer"][:200]]
            out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    else:
        out.append("None.")
    out += ["", f"## Wrong → right ({len(comparison['wrong_to_right'])})", ""]
    out += [f"- {q['id']}: {q['question']}" for q in comparison["wrong_to_right"]] or ["None."]
    if comparison["only_old"] or comparison["only_new"]:
        out += ["", f"Only in old: {', '.join(comparison['only_old']) or '—'}; only in new: {', '.join(comparison['only_new']) or '—'}"]
    return "\n".join(out) + "\n"


def write_comparison(directory: Path, comparison: dict[str, Any], markdown: str) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / COMPARE_JSON, directory / COMPARE_MD]
    paths[0].write_text(json.dumps(comparison, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(markdown, encoding="utf-8")
    return paths
