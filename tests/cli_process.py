"""Run a `tinhgon` command as a real process and signal it at a chosen point of its progress."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager


@contextmanager
def signalled_at(args: Sequence[str], env: Mapping[str, str], prefix: str, sig: int = signal.SIGKILL) -> Iterator[tuple[subprocess.Popen, list[str]]]:
    """Start `tinhgon ARGS`, read its stderr until a line starts with `prefix`, send it `sig`.

    Yields the process and the stderr lines read (the last one starts with `prefix` when the
    signal was sent); the process is killed on leaving the block if it still runs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", *args], env=dict(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    try:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if line.startswith(prefix):
                process.send_signal(sig)
                break
        yield process, lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
