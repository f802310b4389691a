"""Exports of tables (a run's answers and scores, the KPI tables) as CSV or Parquet files.

CSV files are opened in spreadsheets, which execute a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula (CSV/formula injection, OWASP): citizen questions, generated answers, themes
and structure names are untrusted text. Such cells get a leading apostrophe, which spreadsheets
show as text. So do cells starting with a tab, a carriage return or a line feed, and cells whose
first visible character is a look-alike of a trigger (full-width ``＝ ＋ － ＠``, small forms
``﹦ ﹢ ﹣ ﹫``, the minus sign ``−``) or a trigger behind leading spaces or invisible characters:
some spreadsheets and input methods fold or trim them. A cell that is exactly a number
(``-3``, ``+2.5``, ``1e-3``) stays as it is: it cannot run, and it must stay a number. Numeric
columns are never touched.

Parquet keeps the values as they are (typed data read by pandas, DuckDB or notebooks, not a
spreadsheet's formula bar): a text cell starting with ``=`` is stored as that text.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_TRIGGERS = frozenset("=+-@")
_MINUS_SIGN = "\u2212"  # not folded into "-" by NFKC
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def _first_visible(text: str) -> str:
    """The first character that is neither white space nor an invisible format character."""
    for char in text:
        if not (char.isspace() or unicodedata.category(char) == "Cf"):
            return char
    return ""


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could take this text cell for a formula."""
    if text.startswith(FORMULA_PREFIXES):
        return not _NUMBER.fullmatch(text)
    first = _first_visible(text)
    if not first:
        return False
    return unicodedata.normalize("NFKC", first)[:1] in _TRIGGERS or first == _MINUS_SIGN


def neutralise_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert; others unchanged."""
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def _as_text(value: Any) -> Any:
    """Lists and dicts (retrieved passages, reference ids) as JSON text for a flat CSV."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):  # numpy arrays
        return json.dumps(value.tolist(), ensure_ascii=False, default=str)
    return value


def safe_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as formulas."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: neutralise_cell(_as_text(v)))
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (so spreadsheets read the accents), formula-safe.

    Lines end with CRLF (RFC 4180), which also makes the csv writer quote every cell holding a
    carriage return: with LF endings such a cell is written bare, and a reader starts a new row
    at its CR — a row whose first cell escaped the neutralisation above.
    """
    return safe_for_csv(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            # Mixed Python objects (JSON text, lists, None) become one type Arrow can store.
            values = out[column].map(_as_text)
            if values.map(lambda v: v is None or isinstance(v, str)).all():
                out[column] = values
    out.to_parquet(buffer, index=False)
    return buffer.getvalue()


MIME_TYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def export_bytes(frame: pd.DataFrame, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its MIME type, for ``fmt`` ``csv`` or ``parquet``."""
    if fmt == "csv":
        return to_csv_bytes(frame), MIME_TYPES[fmt]
    if fmt == "parquet":
        return to_parquet_bytes(frame), MIME_TYPES[fmt]
    raise ValueError(f"unknown export format {fmt!r}")
