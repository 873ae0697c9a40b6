"""A questionnaire's Markdown (`how`, a choice's `how`) made safe to print inside a report.

The text comes from a questionnaire someone else wrote, so it is parsed (markdown-it-py, the
CommonMark parser Textual's own Markdown widget uses, with raw HTML off) and printed again from
the parse tree, keeping only what a recommendation needs: paragraphs, emphasis, strong,
strike-through, inline code, code blocks, lists, block quotes, tables, thematic breaks and
http(s) links. Everything else degrades to text:

- every text run is escaped (`escape_markdown`), so nothing in it can start a heading, a list, a
  table row, raw HTML or a link;
- headings are demoted to a bold line, so the report's own headings stay its only ones;
- raw HTML is text (`<script>` prints as `&lt;script&gt;`);
- links and images to anything but http(s) keep only their text; images become links (a report
  never loads a remote picture);
- code blocks are fenced again, with a fence longer than any run of backticks inside, so a fence
  is always closed and the code cannot end it.

The result is canonical Markdown: `safe_markdown` printed twice gives the same text. Pure, no
I/O; markdown-it-py is imported only when a text is made safe.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ops_maturity.core.reports.markdown_text import escape_markdown
from ops_maturity.core.text import strip_control_characters

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")
_BACKTICK_RUN = re.compile(r"`+")
_INFO = re.compile(r"[^A-Za-z0-9_+-]")
MAX_NESTING = 20
"""Lists and quotes nested deeper than this are flattened by the parser (markdown-it's limit)."""


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "maxNesting": MAX_NESTING}).enable(
        ["table", "strikethrough"]
    )


@functools.lru_cache(maxsize=1024)
def safe_markdown(text: str) -> str:
    """`text` as safe, canonical Markdown (see the module doc); '' for blank text."""
    from markdown_it.tree import SyntaxTreeNode

    source = strip_control_characters(text).replace("\r\n", "\n").replace("\r", "\n")
    if not source.strip():
        return ""
    tree = SyntaxTreeNode(_parser().parse(source))
    return "\n".join(_blocks(tree.children, tight=False)).strip("\n")


def indented_markdown(text: str, prefix: str) -> str:
    """`safe_markdown(text)` with every line but blank ones started by `prefix` (to sit inside a
    list item of the report)."""
    return "\n".join(prefix + line if line else "" for line in safe_markdown(text).split("\n"))


# ------------------------------------------------------------------ blocks


def _blocks(nodes: list[SyntaxTreeNode], *, tight: bool) -> list[str]:
    """Lines for a run of blocks, separated by a blank line (none in a tight list item)."""
    lines: list[str] = []
    for node in nodes:
        block = _block(node, tight=tight)
        if not block:
            continue
        if lines and not tight:
            lines.append("")
        lines.extend(block)
    return lines


def _block(node: SyntaxTreeNode, *, tight: bool) -> list[str]:
    kind = node.type
    if kind == "paragraph":
        return _inline_of(node).split("\n")
    if kind == "heading":
        text = _inline_of(node).replace("\n", " ").strip()
        return [f"**{text}**"] if text else []
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return [f"> {line}" if line else ">" for line in _blocks(node.children, tight=False)]
    if kind in ("fence", "code_block"):
        return _code_block(node)
    if kind == "hr":
        return ["* * *"]  # never '---': under a paragraph line that would make a heading
    if kind == "table":
        return _table(node)
    text = escape_markdown(_plain_text(node))
    return text.split("\n") if text else []


def _list(node: SyntaxTreeNode) -> list[str]:
    ordered = node.type == "ordered_list"
    start = int(str(node.attrs.get("start", 1))) if ordered else 1
    lines: list[str] = []
    for offset, item in enumerate(node.children):
        marker = f"{start + offset}. " if ordered else "- "
        tight = any(child.type == "paragraph" and child.hidden for child in item.children)
        body = _blocks(item.children, tight=tight) or [""]
        if lines and not tight:
            lines.append("")
        lines.append(marker + body[0])
        lines.extend(" " * len(marker) + line if line else "" for line in body[1:])
    return lines


def _code_block(node: SyntaxTreeNode) -> list[str]:
    content = node.content.rstrip("\n")
    longest = max((len(run) for run in _BACKTICK_RUN.findall(content)), default=0)
    fence = "`" * max(3, longest + 1)
    info = _INFO.sub("", (node.info or "").split(" ", 1)[0])[:20] if node.type == "fence" else ""
    return [fence + info, *content.split("\n"), fence] if content else [fence + info, fence]


def _table(node: SyntaxTreeNode) -> list[str]:
    rows: list[list[str]] = []
    for section in node.children:  # thead, tbody
        for row_node in section.children:
            rows.append(
                [_inline_of(cell, in_table=True).replace("\n", " ") for cell in row_node.children]
            )
    if not rows:
        return []
    width = max(len(row) for row in rows)
    lines = []
    for index, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + " --- |" * width)
    return lines


def _plain_text(node: SyntaxTreeNode) -> str:
    """The text of a node and its children, for anything printed as plain text."""
    if node.type in ("text", "code_inline", "code_block", "fence"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain_text(child) for child in node.children)


# ------------------------------------------------------------------ inline


def _inline_of(node: SyntaxTreeNode, *, in_table: bool = False) -> str:
    """The inline content of a paragraph, heading or table cell."""
    return "".join(
        _inline(child, in_table) for inline in node.children for child in inline.children
    )


def _inline(node: SyntaxTreeNode, in_table: bool) -> str:
    kind = node.type
    if kind == "text":
        return escape_markdown(node.content)
    if kind == "softbreak":
        return " " if in_table else "\n"
    if kind == "hardbreak":
        return " " if in_table else "\\\n"
    if kind == "code_inline":
        return _code_span(node.content, in_table)
    inner = "".join(_inline(child, in_table) for child in node.children)
    if kind == "em":
        return f"*{inner}*" if inner.strip() else inner
    if kind == "strong":
        return f"**{inner}**" if inner.strip() else inner
    if kind == "s":
        return f"~~{inner}~~" if inner.strip() else inner
    if kind == "link":
        return _link(inner, str(node.attrs.get("href", "")))
    if kind == "image":
        alt = escape_markdown(_plain_text(node)) or "image"
        return _link(f"image: {alt}", str(node.attrs.get("src", "")))
    return escape_markdown(_plain_text(node))


def _code_span(content: str, in_table: bool) -> str:
    if in_table:
        content = content.replace("|", "\\|")
    longest = max((len(run) for run in _BACKTICK_RUN.findall(content)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {content} " if content.startswith("`") or content.endswith("`") else content
    return f"{ticks}{padded}{ticks}" if content.strip() else escape_markdown(content)


def _link(text: str, url: str) -> str:
    if not _SAFE_URL.match(url) or not text.strip():
        return text if text.strip() else escape_markdown(url)
    return f"[{text}]({url.replace('(', '%28').replace(')', '%29')})"
