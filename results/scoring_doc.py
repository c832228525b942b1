"""docs/scoring.md rendered for the results pages: every score, level and ranking links here."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from markdown_it import MarkdownIt

DOC = Path(settings.BASE_DIR) / "docs" / "scoring.md"


def heading_anchor(text: str) -> str:
    """The anchor the document's own contents use for a heading: "The ML lead's distance" -> "the-ml-leads-distance"."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


@lru_cache(maxsize=2)
def _render(mtime: float) -> str:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(DOC.read_text(encoding="utf-8"))
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            token.attrSet("id", heading_anchor(tokens[i + 1].content))
    return md.renderer.render(tokens, md.options, {})


def scoring_doc_html() -> str:
    """The scoring document as HTML (raw HTML in the source is escaped, not passed through); re-read when it changes."""
    return _render(DOC.stat().st_mtime)
