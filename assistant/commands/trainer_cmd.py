"""`tinhgon brief`, `tinhgon timeline`, `tinhgon quiz`: course material on a topic, printed or
written to a .docx / .md file (the same `assistant.trainer` code the API's routes run)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

OutOption = Annotated[
    Path | None, typer.Option("--out", help="Write to FILE: .docx (Word) or .md (Markdown), chosen by the suffix.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the same JSON as the API route.")]


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"Lỗi / error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def _format_of(out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in ("docx", "md"):
        _fail(f"--out must end in .docx or .md (got {out.name!r})", code=2)
    return suffix


def _run(make: Any) -> Any:
    """Open the store, run `make(trainer)`, close the store; project errors become one line."""
    from assistant.errors import TinhGonError
    from assistant.factory import make_retriever, open_store
    from assistant.settings import Settings
    from assistant.trainer.service import Trainer

    settings = Settings()
    try:
        store = open_store(settings)
        try:
            return make(Trainer(store, make_retriever(settings, store)))
        finally:
            store.close()
    except TinhGonError as exc:
        _fail(str(exc))


def _check_topic(topic: str) -> str:
    from pydantic import ValidationError

    from assistant.routes.errors import describe_validation_errors
    from assistant.trainer.schemas import TopicRequest

    try:
        return TopicRequest(topic=topic).topic
    except ValidationError as exc:
        _fail(describe_validation_errors(exc.errors())[0], code=2)
    return topic


def _emit(material: Any, out: Path | None, as_json: bool, answers: str = "include") -> None:
    from assistant.trainer.export import export, to_markdown

    if out is not None:
        fmt = _format_of(out)
        out.write_bytes(export(material, fmt, answers))  # type: ignore[arg-type]
        typer.echo(f"Đã ghi {out}", err=True)
        return
    typer.echo(material.model_dump_json() if as_json else to_markdown(material, answers))  # type: ignore[arg-type]


def brief(topic: Annotated[str, typer.Argument(help="The topic, in Vietnamese.")], out: OutOption = None, as_json: JsonOption = False) -> None:
    """A brief of the topic: sections of quoted, cited sentences from the documents."""
    topic = _check_topic(topic)
    _emit(_run(lambda t: t.brief(topic)), out, as_json)


def timeline(topic: Annotated[str, typer.Argument(help="The topic, in Vietnamese.")], out: OutOption = None, as_json: JsonOption = False) -> None:
    """Dated events of the topic in chronological order, each with its cited sentence."""
    topic = _check_topic(topic)
    _emit(_run(lambda t: t.timeline(topic)), out, as_json)


def quiz(
    topic: Annotated[str, typer.Argument(help="The topic, in Vietnamese.")],
    n: Annotated[int, typer.Option("--n", min=1, max=30, help="Number of questions.")] = 10,
    out: OutOption = None,
    as_json: JsonOption = False,
) -> None:
    """Quiz questions built from facts of the documents. With --out, the answer key is written
    after the questions and also alone to FILE's name + '-dap-an'."""
    topic = _check_topic(topic)
    material = _run(lambda t: t.quiz(topic, n))
    _emit(material, out, as_json)
    if out is not None:
        _emit(material, out.with_name(f"{out.stem}-dap-an{out.suffix}"), False, answers="only")


def register(app: typer.Typer) -> None:
    app.command("brief")(brief)
    app.command("timeline")(timeline)
    app.command("quiz")(quiz)
