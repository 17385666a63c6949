"""`tinhgon ask`, `tinhgon serve` and `tinhgon ui`: answer once, serve the API, start the chat UI."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from assistant.schemas import ChatResponse


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"Lỗi / error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def format_answer(response: "ChatResponse") -> str:
    """Plain-text rendering: the answer, then numbered citations with their quoted sentence."""
    lines = [response.answer]
    if response.notice:
        lines += ["", f"({response.notice})"]
    if response.citations:
        lines += ["", "Trích dẫn:"]
        for citation in response.citations:
            where = ", ".join(part for part in (citation.published, citation.source) if part)
            lines.append(f"[{citation.n}] {citation.title} ({where})")
            lines.append(f"    “{citation.quote}”")
    return "\n".join(lines)


def ask(
    question: str = typer.Argument(..., help="The question, in Vietnamese (diacritics optional)."),
    as_json: bool = typer.Option(False, "--json", help="Print the same JSON as POST /api/v1/chat."),
    k: int | None = typer.Option(None, "--k", help="Passages to retrieve."),
) -> None:
    """Answer one question from the indexed documents, with citations."""
    from pydantic import ValidationError

    from assistant.errors import TinhGonError
    from assistant.factory import build_assistant
    from assistant.routes.errors import describe_validation_errors
    from assistant.schemas import ChatRequest
    from assistant.settings import Settings

    try:
        request = ChatRequest(question=question, k=k)
    except ValidationError as exc:
        _fail(describe_validation_errors(exc.errors())[0], code=2)
    settings = Settings()
    if len(question) > settings.max_question_chars:
        _fail(f"the question is longer than {settings.max_question_chars} characters", code=2)
    assistant = None
    try:
        assistant = build_assistant(settings)
        response = assistant.answer(request).response
    except TinhGonError as exc:
        _fail(str(exc))
    finally:
        close = getattr(assistant, "close", None)
        if callable(close):
            close()
    typer.echo(response.model_dump_json() if as_json else format_answer(response))


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind (0.0.0.0 exposes the API to the network)."),
    port: int = typer.Option(8000, help="API port."),
    with_ui: bool = typer.Option(False, "--with-ui", help="Also start the Streamlit chat UI."),
    ui_port: int = typer.Option(8501, help="Chat UI port (with --with-ui)."),
    workers: int = typer.Option(1, min=1, max=64, help="API worker processes (more than 1 needs a Chroma server: TINHGON_CHROMA_URL)."),
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs), optionally with the chat UI."""
    import uvicorn

    from assistant.api import create_app
    from assistant.api_key import ensure_api_key
    from assistant.errors import TinhGonError
    from assistant.settings import Settings
    from ui.launch import client_host, start_ui, stop

    settings = Settings()
    if workers > 1 and not settings.chroma_url:
        _fail(
            "--workers needs a Chroma server that every worker shares: embedded Chroma belongs to one process. "
            "Start one (`chroma run --path DIR --port 8001`) and set TINHGON_CHROMA_URL=http://127.0.0.1:8001.",
            code=2,
        )
    try:
        key = ensure_api_key(settings, host)
    except TinhGonError as exc:
        _fail(str(exc), code=2)
    if key.created:
        typer.echo(
            f"API key for uploads, deletes and reading feedback: {key.value}\n"
            f"(created once and stored in {key.path}; set TINHGON_API_KEY to choose your own)",
            err=True,
        )
    settings = settings.model_copy(update={"api_key": key.value})
    app: Any = "assistant.api:app_from_environment"  # each worker builds its own app from the environment
    if workers > 1:
        os.environ["TINHGON_API_KEY"] = key.value
    else:
        app = create_app(settings)
        try:
            app.state.services.warm_up()  # load the models now, not on the first question
        except TinhGonError as exc:
            _fail(str(exc))
    ui_process = None
    if with_ui:
        # uvicorn re-raises SIGTERM after its graceful shutdown; make that an exception so the
        # `finally` below still stops the UI instead of leaving it orphaned.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        api_url = f"http://{client_host(host)}:{port}"
        ui_process = start_ui(host, ui_port, api_url, api_key=key.value)
        typer.echo(f"Chat UI: http://{client_host(host)}:{ui_port}  (API: {api_url}, docs: {api_url}/docs)", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="info", workers=workers, factory=workers > 1)
    finally:
        if ui_process is not None:
            stop(ui_process)


def ui(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8501, help="Chat UI port."),
    api_url: str | None = typer.Option(None, help="The API's URL (default: TINHGON_API_URL)."),
) -> None:
    """Start only the Streamlit chat UI (the API must be running: `tinhgon serve`)."""
    from assistant.settings import Settings
    from ui.launch import exec_ui

    exec_ui(host, port, api_url or Settings().api_url)


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
    app.command("serve")(serve)
    app.command("ui")(ui)
