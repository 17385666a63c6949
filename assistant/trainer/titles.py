"""Document titles as a learner reads them: without the labels a crawled legal database adds.

A page of a legal database is saved with its site's legend in the title ("Công văn 10988/BNV-CQĐP:
: Sửa đổi, thay thế, hủy bỏ"); a reviewer read it as saying the document amends something. The
parts of a title (split at colons) that are such labels (`TITLE_LEGENDS`) are left out.
"""

from __future__ import annotations

import re

from assistant.trainer.vocabulary import TITLE_LEGENDS
from ingest.normalize import folded_key


def _legend(part: str) -> bool:
    key = " ".join(folded_key(part).strip(" .*_").split())
    return not key or key in TITLE_LEGENDS


def without_legends(title: str) -> str:
    """The title without empty parts and site legends between or after its colons."""
    parts = re.split(r"\s*:\s*", " ".join(title.split()))
    kept = [parts[0].strip()] + [p.strip() for p in parts[1:] if not _legend(p)]
    return ": ".join(p for p in kept if p)
