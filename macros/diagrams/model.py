"""The diagram spec: pydantic models, validation and one-line error messages.

Every problem in a spec becomes a `DiagramError` whose str() is one line:
`<file>: diagram '<id>': <field>: <what is wrong> (allowed: <what is allowed>)`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic_core import PydanticCustomError

MAX_LABEL_LINES = 3
MAX_LABEL_LINE = 18
MAX_EDGE_LABEL = 24
MAX_WIDTH = 80

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
REPO_ROOT = Path(__file__).resolve().parents[2]

SLUG_ALLOWED = "a slug of lowercase letters, digits and single hyphens, e.g. 'gpu-cluster'"
NODE_LABEL_ALLOWED = (
    f"1 to {MAX_LABEL_LINES} lines of at most {MAX_LABEL_LINE} characters, as one string with \\n or a list of strings"
)
# What a field accepts, keyed by the field name; used for pydantic's own errors.
ALLOWED = {
    "id": SLUG_ALLOWED,
    "title": "a non-empty string",
    "description": "one sentence",
    "nodes": "a list of at least one node with id, label, row and col",
    "edges": "a list of edges with from, to and optional label and style",
    "row": "an integer >= 0",
    "col": "an integer >= 0",
    "from": "a node id",
    "to": "a node id",
    "style": "solid or dotted",
    "text": "one line: how the box reads in the text alternative, e.g. 'Router (prefix affinity)'",
}


class DiagramError(ValueError):
    """A bad diagram spec. str() is a single line naming file, diagram and field."""


def _fail(message: str) -> PydanticCustomError:
    # "{message}" keeps braces in user text away from pydantic's formatter.
    return PydanticCustomError("diagram", "{message}", {"message": message})


def _short(value: Any) -> str:
    """repr() cut to fit in a one-line message."""
    shown = repr(value)
    return shown if len(shown) <= 30 else shown[:27] + "..."


def _check_slug(value: Any) -> Any:
    if isinstance(value, str) and not SLUG.fullmatch(value):
        raise _fail(f"{value!r} is not a slug (allowed: {SLUG_ALLOWED})")
    return value


class Node(BaseModel):
    """One box on the grid."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    label: tuple[str, ...]
    row: int = Field(ge=0)
    col: int = Field(ge=0)
    # The box in words, for the text alternative, where the drawn lines do not read as
    # "name" + details (a phrase wrapped over two lines): see one_line.
    text: str | None = None

    _check_id = field_validator("id", mode="before")(_check_slug)

    @field_validator("text")
    @classmethod
    def _check_text(cls, value: str | None) -> str | None:
        if value is not None and (not value.strip() or "\n" in value or len(value) > 120):
            raise _fail(f"text {_short(value)} is not one line of 1 to 120 characters (allowed: {ALLOWED['text']})")
        return value

    @field_validator("label", mode="before")
    @classmethod
    def _split_label(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str):
            lines = value.strip("\n").split("\n")
        elif isinstance(value, list) and all(isinstance(line, str) for line in value):
            lines = list(value)
        else:
            raise _fail(f"{_short(value)} is not a label (allowed: {NODE_LABEL_ALLOWED})")
        lines = [line.strip() for line in lines]
        if not any(lines):
            raise _fail(f"label is empty (allowed: {NODE_LABEL_ALLOWED})")
        if len(lines) > MAX_LABEL_LINES:
            raise _fail(f"label has {len(lines)} lines (allowed: at most {MAX_LABEL_LINES} lines)")
        for number, line in enumerate(lines, 1):
            if not line:
                raise _fail(f"line {number} of the label is empty (allowed: {NODE_LABEL_ALLOWED})")
            if len(line) > MAX_LABEL_LINE:
                raise _fail(
                    f"line {line!r} is {len(line)} characters (allowed: at most {MAX_LABEL_LINE} characters a line)"
                )
        return tuple(lines)

    @property
    def one_line(self) -> str:
        """The box in words, for the text alternative.

        A label's first line is its name and the others details: "Router", "prefix
        affinity", "queue-aware" reads "Router (prefix affinity, queue-aware)". A line that
        ends in "," or "-", or a next one that starts with "+", runs on; a label that has
        its own parentheses reads as written; `text` overrides it all.
        """
        if self.text:
            return self.text
        lines: list[str] = []
        for line in self.label:
            if lines and lines[-1].endswith("-"):  # "Pre-" + "processing": one word
                lines[-1] += line
            elif lines and (lines[-1].endswith(",") or line.startswith("+")):
                lines[-1] += " " + line
            else:
                lines.append(line)
        if any("(" in line for line in lines):
            return " ".join(lines)
        name, *details = lines
        return f"{name} ({', '.join(details)})" if details else name

    @property
    def name(self) -> str:
        """The box's name alone: its words before any parenthesis."""
        return self.one_line.split(" (", 1)[0]


class Edge(BaseModel):
    """A connection from one node to another."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    label: str | None = None
    style: Literal["solid", "dotted"] = "solid"

    @field_validator("label", mode="before")
    @classmethod
    def _check_label(cls, value: Any) -> Any:
        allowed = f"allowed: one line of 1 to {MAX_EDGE_LABEL} characters"
        if isinstance(value, str):
            value = value.strip()
            if not value or "\n" in value:
                raise _fail(f"edge label {value!r} is not one line ({allowed})")
            if len(value) > MAX_EDGE_LABEL:
                raise _fail(f"edge label {value!r} is {len(value)} characters ({allowed})")
        return value


class Diagram(BaseModel):
    """A whole diagram; `source` (private) is the file it came from, for messages."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: str
    title: str = Field(min_length=1)
    description: str | None = None
    nodes: list[Node] = Field(min_length=1)
    edges: list[Edge] = Field(default_factory=list)

    _source: str = PrivateAttr(default="<inline>")
    _layout: Any = PrivateAttr(default=None)  # cached by render.layout_of

    _check_id = field_validator("id", mode="before")(_check_slug)

    @property
    def source(self) -> str:
        return self._source

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def error(self, message: str) -> DiagramError:
        """A DiagramError about this diagram, prefixed with its file and id."""
        return DiagramError(f"{self._source}: diagram '{self.id}': {message}")


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the repo root when inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _field_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _pydantic_message(error: dict[str, Any]) -> str:
    loc = error["loc"]
    where = f"field '{_field_path(loc)}'" if loc else "file"
    if error["type"] == "diagram":
        return f"{where}: {error['msg']}"
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if error["type"] == "extra_forbidden":
        owner = {"nodes": Node, "edges": Edge}.get(str(loc[0]) if len(loc) > 1 else "", Diagram)
        fields = ", ".join(f.alias or n for n, f in owner.model_fields.items())
        return f"{where}: unknown field (allowed: {fields})"
    if error["type"] == "missing":
        problem = "is missing"
    else:
        problem = f"{error['msg'][0].lower()}{error['msg'][1:]}, got {_short(error['input'])}"
    allowed = ALLOWED.get(name, "see macros/diagrams/README.md")
    if name == "label":
        allowed = NODE_LABEL_ALLOWED if loc[0] == "nodes" else f"at most {MAX_EDGE_LABEL} characters"
    return f"{where}: {problem} (allowed: {allowed})"


def parse_diagram(data: Any, source: str = "<inline>", file_id: str | None = None) -> Diagram:
    """Validate one spec (already parsed from YAML) and return the Diagram.

    `file_id` is the file name without extension; the diagram id must equal it.
    """
    fallback_id = file_id or (data.get("id") if isinstance(data, dict) else None) or "?"
    prefix = f"{source}: diagram '{fallback_id}': "
    if not isinstance(data, dict):
        raise DiagramError(
            prefix + f"file: is {type(data).__name__}, not a mapping "
            "(allowed: a YAML mapping with id, title, nodes and edges)"
        )
    try:
        diagram = Diagram.model_validate(data)
    except ValidationError as exc:
        raise DiagramError(prefix + _pydantic_message(exc.errors()[0])) from None
    diagram._source = source
    if file_id is not None and diagram.id != file_id:
        raise DiagramError(
            prefix + f"field 'id': {diagram.id!r} does not match the file name "
            f"(allowed: {file_id!r}, the file name without .yml)"
        )
    _check_references(diagram)
    return diagram


def _check_references(diagram: Diagram) -> None:
    """Checks across records: unique ids, one node per cell, edges between known nodes."""
    by_id: dict[str, int] = {}
    by_cell: dict[tuple[int, int], str] = {}
    for index, node in enumerate(diagram.nodes):
        if node.id in by_id:
            raise diagram.error(
                f"field 'nodes[{index}].id': node id {node.id!r} is already used by "
                f"nodes[{by_id[node.id]}] (allowed: ids unique within the diagram)"
            )
        by_id[node.id] = index
        cell = (node.row, node.col)
        if cell in by_cell:
            raise diagram.error(
                f"field 'nodes[{index}]': node {node.id!r} is in row {node.row}, col {node.col}, "
                f"already taken by node {by_cell[cell]!r} (allowed: one node per grid cell)"
            )
        by_cell[cell] = node.id
    known = ", ".join(by_id)
    seen: set[tuple[str, str]] = set()
    for index, edge in enumerate(diagram.edges):
        for field, node_id in (("from", edge.source), ("to", edge.target)):
            if node_id not in by_id:
                raise diagram.error(f"field 'edges[{index}].{field}': unknown node {node_id!r} (allowed: {known})")
        if edge.source == edge.target:
            raise diagram.error(
                f"field 'edges[{index}]': edge from {edge.source!r} to itself "
                "(allowed: edges between two different nodes)"
            )
        if (edge.source, edge.target) in seen:
            raise diagram.error(
                f"field 'edges[{index}]': second edge from {edge.source!r} to {edge.target!r} "
                "(allowed: one edge per direction; put both meanings in one label)"
            )
        seen.add((edge.source, edge.target))


def read_spec(path: Path) -> Any:
    """Parse the YAML of one diagram file, turning YAML errors into one-line DiagramErrors."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DiagramError(
            f"{display_path(path)}: diagram '{path.stem}': YAML: {problem}{where} "
            "(allowed: a YAML mapping with id, title, nodes and edges)"
        ) from None
