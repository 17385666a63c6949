"""The `tinhgon` command line. Each group of commands lives in `assistant/commands/`."""

from __future__ import annotations

import typer

from assistant.commands import answer_cmd, doc_stats_cmd, eval_cmd, ingest_cmd, reindex_cmd, search_cmd, trainer_cmd

app = typer.Typer(
    name="tinhgon",
    help="Tinh Gọn: hỏi đáp có trích dẫn về sắp xếp, tinh gọn bộ máy (Vietnamese RAG assistant).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (ingest_cmd, reindex_cmd, search_cmd, answer_cmd, eval_cmd, trainer_cmd, doc_stats_cmd):
    module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
