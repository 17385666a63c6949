"""`tinhgon eval`: the evaluation harness's command line.

Four forms share the `eval` name: a dataset run (the default command), `--compare OLD NEW`,
`alqac` and `export-feedback`. A first argument that is not a sub-command name is handed to
the default `run` command, so `tinhgon eval dev.jsonl --report out` and
`tinhgon eval --compare a b` work as written.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import click
import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from assistant.settings import Settings

EXIT_BELOW_FLOOR = 1
EXIT_ERROR = 2

HELP = """Evaluate answers, citations, refusals and speed; compare runs; benchmark legal retrieval.

\b
  tinhgon eval DATASET --report DIR [--url URL] [--k N] [--corpus DIR]
        [--fail-under METRIC=VALUE ...] [--fail-over METRIC=VALUE ...]
  tinhgon eval --compare OLD_DIR NEW_DIR [--report DIR]
  tinhgon eval alqac --corpus law.jsonl --questions questions.jsonl
        [--data-dir DIR] [--report DIR]
  tinhgon eval export-feedback --out FILE.jsonl

Exit codes: 0 ok, 1 a --fail-under/--fail-over bound was broken, 2 bad input or setup.
Run `tinhgon eval run --help` for every option of a dataset run.
"""


class _DefaultRunGroup(TyperGroup):
    """A group whose first argument, when it is no sub-command, goes to the `run` command."""

    default_command = "run"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


eval_app = typer.Typer(cls=_DefaultRunGroup, help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _settings(data_dir: Path | None) -> "Settings":
    from assistant.settings import get_settings

    settings = get_settings()
    return settings.model_copy(update={"data_dir": data_dir}) if data_dir is not None else settings


def _print_metrics(metrics: dict[str, Any], names: Sequence[str] | None = None) -> None:
    from eval.report_md import fmt

    for name in names or list(metrics):
        typer.echo(f"  {name:<26} {fmt(metrics.get(name))}")


def _check_bounds(metrics: dict[str, Any], fail_under: Sequence[str], fail_over: Sequence[str], known: Sequence[str]) -> None:
    from eval.gate import parse_bounds, violations

    bounds = parse_bounds(fail_under, floor=True, known=known) + parse_bounds(fail_over, floor=False, known=known)
    broken = violations(metrics, bounds)
    if broken:
        typer.echo(f"FAILED {len(broken)} of {len(bounds)} bound(s):", err=True)
        for message in broken:
            typer.echo(f"  {message}", err=True)
        raise typer.Exit(EXIT_BELOW_FLOOR)
    if bounds:
        typer.echo(f"all {len(bounds)} bound(s) met: " + ", ".join(b.describe() for b in bounds))


def _ingest_into_temp(settings: "Settings", corpus: Sequence[Path]) -> "Settings":
    """A fresh temporary data dir holding an index of `corpus` (the store is closed again)."""
    from assistant.factory import open_store
    from ingest.pipeline import ingest_paths

    fresh = settings.model_copy(update={"data_dir": Path(tempfile.mkdtemp(prefix="tinhgon-eval-"))})
    store = open_store(fresh)
    try:
        report = ingest_paths(list(corpus), store, progress=True)
    finally:
        store.close()
    if report.failed:
        typer.echo(f"warning: {report.failed} file(s) of the corpus failed to ingest: {'; '.join(report.errors)}", err=True)
    typer.echo(f"indexed {report.documents} documents, {report.passages} passages into {fresh.data_dir}", err=True)
    return fresh


FailUnder = Annotated[
    Optional[list[str]],
    typer.Option("--fail-under", metavar="METRIC=VALUE", help="Exit 1 when METRIC is below VALUE (repeatable), e.g. hit@5=0.98."),
]
FailOver = Annotated[
    Optional[list[str]],
    typer.Option("--fail-over", metavar="METRIC=VALUE", help="Exit 1 when METRIC is above VALUE (repeatable), e.g. latency_p50_ms=500."),
]


@eval_app.command("run")
def run(
    dataset: Annotated[Optional[Path], typer.Argument(help="Gold questions (JSONL).", show_default=False)] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Directory for report.json, report.md, report.html.")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="Ask a running API (e.g. http://127.0.0.1:8000) instead of the in-process chain.")] = None,
    k: Annotated[Optional[int], typer.Option("--k", min=1, max=20, help="Passages the chain retrieves per question (default: the chain's own).")] = None,
    corpus: Annotated[
        Optional[list[Path]],
        typer.Option("--corpus", help="In process: index these files into a fresh temporary data dir first. With --url: where the server's documents are (for verbatim checks)."),
    ] = None,
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Use this index instead of TINHGON_DATA_DIR.")] = None,
    compare: Annotated[
        Optional[tuple[Path, Path]], typer.Option("--compare", metavar="OLD_DIR NEW_DIR", help="Compare two report directories instead of running.")
    ] = None,
    judge: Annotated[bool, typer.Option("--judge/--no-judge", help="Also score with the LLM judge when TINHGON_LLM_BASE_URL is set.")] = True,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
    fail_under: FailUnder = None,
    fail_over: FailOver = None,
) -> None:
    """Run DATASET through the assistant and write the reports (or --compare two report directories)."""
    from assistant.errors import TinhGonError

    try:
        if compare is not None:
            _compare(compare[0], compare[1], report, fail_under or [], fail_over or [])
            return
        if dataset is None:
            _fail("give a DATASET (JSONL of gold questions) or --compare OLD_DIR NEW_DIR")
        if report is None:
            _fail("give --report DIR: where to write report.json, report.md and report.html")
        _run(dataset, report, url=url, k=k, corpus=corpus or [], data_dir=data_dir, judge=judge, progress=progress,
             fail_under=fail_under or [], fail_over=fail_over or [])
    except TinhGonError as exc:
        _fail(str(exc))


def _run(dataset: Path, report_dir: Path, *, url: str | None, k: int | None, corpus: list[Path], data_dir: Path | None,
         judge: bool, progress: bool, fail_under: list[str], fail_over: list[str]) -> None:
    from eval.aggregate import EXTRA_METRICS, METRICS
    from eval.backends import HttpBackend, InProcessBackend, texts_from_corpus
    from eval.dataset import load_dataset
    from eval.gate import parse_bounds
    from eval.report_files import write_reports
    from eval.runner import run_items

    known = [*METRICS, *EXTRA_METRICS]
    parse_bounds(fail_under, floor=True, known=known)  # bad bounds fail before the long run
    parse_bounds(fail_over, floor=False, known=known)
    items = load_dataset(dataset)
    settings = _settings(data_dir)
    temporary: Path | None = None
    if url:
        backend: Any = HttpBackend(url, k=k, texts=texts_from_corpus(corpus) if corpus else None)
    else:
        if corpus:
            settings = _ingest_into_temp(settings, corpus)
            temporary = settings.data_dir
        backend = InProcessBackend(settings, k=k)
    try:
        result = run_items(items, backend, dataset=dataset, progress=progress)
    finally:
        backend.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    if judge and settings.llm_base_url:
        from eval.judge import judge_report

        result["judge"] = judge_report(result["questions"], settings)
    paths = write_reports(report_dir, result)
    typer.echo(f"{result['metrics']['questions']} questions, {result['meta']['seconds']:.1f} s")
    _print_metrics(result["metrics"], list(METRICS))
    typer.echo("reports: " + ", ".join(str(p) for p in paths))
    errors = [q["error"] for q in result["questions"] if q["error"]]
    if errors:
        typer.echo(f"warning: {len(errors)} question(s) failed; first: {errors[0]}", err=True)
        if len(errors) == len(result["questions"]):
            _fail(f"every question failed (first error: {errors[0]})")
    _check_bounds(result["metrics"], fail_under, fail_over, known)


def _compare(old_dir: Path, new_dir: Path, out_dir: Path | None, fail_under: list[str], fail_over: list[str]) -> None:
    from eval.compare import compare_reports, render_markdown, write_comparison
    from eval.report_files import load_report

    old, new = load_report(old_dir), load_report(new_dir)
    comparison = compare_reports(old, new)
    markdown = render_markdown(comparison, str(old_dir), str(new_dir))
    typer.echo(markdown)
    paths = write_comparison(out_dir or new_dir, comparison, markdown)
    typer.echo("written: " + ", ".join(str(p) for p in paths))
    _check_bounds(new["metrics"], fail_under, fail_over, list(new["metrics"]))


@eval_app.command("compare")
def compare_cmd(
    old_dir: Annotated[Path, typer.Argument(help="The earlier report directory.")],
    new_dir: Annotated[Path, typer.Argument(help="The later report directory.")],
    report: Annotated[Optional[Path], typer.Option("--report", help="Where to write compare.json/compare.md (default: NEW_DIR).")] = None,
    fail_under: FailUnder = None,
    fail_over: FailOver = None,
) -> None:
    """Same as `tinhgon eval --compare OLD_DIR NEW_DIR`: deltas, and questions that went right → wrong."""
    from assistant.errors import TinhGonError

    try:
        _compare(old_dir, new_dir, report, fail_under or [], fail_over or [])
    except TinhGonError as exc:
        _fail(str(exc))


@eval_app.command("alqac")
def alqac_cmd(
    corpus: Annotated[Path, typer.Option("--corpus", help="law.jsonl: one article per line, id '<law>#<article>'.")],
    questions: Annotated[Path, typer.Option("--questions", help="questions JSONL: {id, question, relevant} with relevant a list of article ids.")],
    data_dir: Annotated[
        Optional[Path], typer.Option("--data-dir", help="Index directory (reused when it already holds the corpus; default: a fresh temp dir).")
    ] = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Directory for report.json, report.md, report.html.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N questions.")] = None,
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
    fail_under: FailUnder = None,
    fail_over: FailOver = None,
) -> None:
    """ALQAC legal retrieval: R@1, R@5, R@10, MRR@10 and macro-F2 of the top-1 article."""
    from assistant.errors import TinhGonError
    from eval.alqac import METRICS, load_questions, run_alqac
    from eval.report_files import write_reports

    temporary = None if data_dir is not None else Path(tempfile.mkdtemp(prefix="tinhgon-alqac-"))
    try:
        items = load_questions(questions)[:limit]
        settings = _settings(data_dir or temporary)
        try:
            result = run_alqac(corpus, items, settings, progress=progress, questions_path=questions)
        finally:
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
        typer.echo(f"{len(items)} questions over {result['meta']['articles']} articles, {result['meta']['seconds']:.1f} s")
        _print_metrics(result["metrics"], list(METRICS))
        if report is not None:
            typer.echo("reports: " + ", ".join(str(p) for p in write_reports(report, result)))
        _check_bounds(result["metrics"], fail_under or [], fail_over or [], list(METRICS))
    except TinhGonError as exc:
        _fail(str(exc))


@eval_app.command("export-feedback")
def export_feedback_cmd(
    out: Annotated[Path, typer.Option("--out", help="Where to write the draft dataset lines (JSONL).")],
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", help="Data dir holding the API's feedback database (default: TINHGON_DATA_DIR).")] = None,
    rating: Annotated[str, typer.Option("--rating", help="Which feedback to export: down, up or all.")] = "down",
) -> None:
    """Turn thumbs-down feedback into draft dataset lines for a person to complete (answer, must_include, evidence)."""
    from assistant.errors import TinhGonError
    from eval.feedback_export import export_feedback

    if rating not in ("down", "up", "all"):
        _fail("--rating must be down, up or all")
    try:
        count = export_feedback(_settings(data_dir).data_dir, out, rating=None if rating == "all" else rating)
    except TinhGonError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {count} draft line(s) to {out}; complete 'answer', 'must_include', 'evidence' and 'answerable' before use")


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval", help=HELP, short_help=HELP.split("\n", 1)[0])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(eval_app())
