"""The API's shape of an import preview or commit (ImportPreview.as_dict)."""

from __future__ import annotations

from ninja import Schema


class ProblemOut(Schema):
    row: int | None
    column: str
    message: str


class CellChangeOut(Schema):
    column: str
    before: str
    after: str


class RowChangeOut(Schema):
    row: int
    key: str
    action: str
    cells: list[CellChangeOut]


class ImportOut(Schema):
    """A preview (nothing written) or the result of a commit (`applied`)."""

    kind: str
    filename: str
    sheet: str
    ok: bool
    applied: bool
    created: int
    updated: int
    unchanged: int
    problems: list[ProblemOut]
    notices: list[ProblemOut]
    changes: list[RowChangeOut]
    unknown_headers: list[str] = []
    done_url: str = ""
