"""The import format document (docs/import.md), rendered as HTML for the app's own format page."""

import functools
from pathlib import Path

from django.conf import settings
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

DOC = Path(settings.BASE_DIR) / "docs" / "import.md"


@functools.cache
def import_format_html():
    """The document as safe HTML: CommonMark with tables, raw HTML in the source escaped, not passed through."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    env = {}
    tokens = renderer.parse(DOC.read_text(encoding="utf-8"), env)
    for token in tokens:
        if token.type == "table_open":
            token.attrSet("class", "table table-sm")
        elif token.type in ("heading_open", "heading_close"):
            # The page has its own title: the document's headings sit one level below it.
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return mark_safe(renderer.renderer.render(tokens, renderer.options, env))  # noqa: S308 (html disabled above)
