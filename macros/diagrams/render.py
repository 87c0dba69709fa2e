"""Diagram output: the drawing as text, and an accessible HTML figure for the site."""

from __future__ import annotations

import html

from .layout import Layout, layout
from .model import Diagram


def layout_of(diagram: Diagram) -> Layout:
    """The diagram's layout, computed once per Diagram object."""
    if diagram._layout is None:
        diagram._layout = layout(diagram)
    return diagram._layout


def render_text(diagram: Diagram) -> str:
    """The drawing: lines of at most 80 columns, no trailing spaces, no trailing newline."""
    return layout_of(diagram).text


def connection_text(diagram: Diagram, index: int) -> str:
    """One edge in words, e.g. 'Scheduler → GPU cluster: places jobs (async)'."""
    edge = diagram.edges[index]
    source, target = diagram.node(edge.source), diagram.node(edge.target)
    names = [n.name for n in diagram.nodes]

    # The names alone read best; the components list above gives each box in full.
    def say(node) -> str:
        return node.name if names.count(node.name) == 1 else node.one_line

    words = f"{say(source)} → {say(target)}"
    if edge.label:
        words += f": {edge.label}"
    if edge.style == "dotted":
        words += " (async)"
    return words


def render_html(diagram: Diagram) -> str:
    """A <figure> with the drawing, its title and a text alternative, as one HTML block.

    The result has no blank line in it, so Markdown keeps it as one raw HTML block.
    """

    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    fig_id = f"diagram-{diagram.id}"
    # Before an empty drawing row the break is written &#10;: the same in <pre>, but no
    # blank line in the source, which would end the raw HTML block in Markdown.
    rows = render_text(diagram).split("\n")
    art = esc(rows[0]) + "".join(("&#10;" if not row else "\n") + esc(row) for row in rows[1:])
    nodes = "".join(f"<li>{esc(n.one_line)}</li>" for n in diagram.nodes)
    edges = "".join(f"<li>{esc(connection_text(diagram, i))}</li>" for i in range(len(diagram.edges)))
    parts = [
        f'<figure class="diagram" id="{fig_id}" role="group" aria-labelledby="{fig_id}-title">',
        f'<figcaption id="{fig_id}-title">{esc(diagram.title)}</figcaption>',
        f'<pre class="diagram-art" role="img" aria-label="{esc(diagram.title)}" data-search-exclude>{art}</pre>',
        '<details class="diagram-text"><summary>Diagram as text</summary>',
    ]
    if diagram.description:
        parts.append(f"<p>{esc(diagram.description)}</p>")
    parts.append(f"<p>Components:</p><ul>{nodes}</ul>")
    if edges:
        parts.append(f"<p>Connections:</p><ul>{edges}</ul>")
    parts += ["</details>", "</figure>"]
    return "\n".join(parts)
