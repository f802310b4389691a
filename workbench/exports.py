"""Exports of tables (a run's answers and scores) as CSV or Parquet files.

CSV files are opened in spreadsheets, which execute a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula (CSV/formula injection, OWASP): citizen questions and generated answers are
untrusted text. Such cells — and those starting with a tab or a carriage return — get a leading
apostrophe, which spreadsheets show as text. Parquet keeps the values as they are (typed data,
no formulas).
"""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, made inert; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
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
    """UTF-8 CSV with a BOM (so spreadsheets read the accents), formula-safe."""
    return safe_for_csv(frame).to_csv(index=False).encode("utf-8-sig")


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


def export_bytes(frame: pd.DataFrame, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its MIME type, for ``fmt`` ``csv`` or ``parquet``."""
    if fmt == "csv":
        return to_csv_bytes(frame), "text/csv"
    if fmt == "parquet":
        return to_parquet_bytes(frame), "application/vnd.apache.parquet"
    raise ValueError(f"unknown export format {fmt!r}")
