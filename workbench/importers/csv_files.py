"""CSV files streamed row by row with their physical line numbers (a record's first line, header =
line 1); malformed files give an :class:`~workbench.errors.InputError` naming the line."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from workbench.errors import InputError
from workbench.importers.columns import sniff_delimiter
from workbench.importers.text import EmptyInputError, open_text

_CSV_FIELD_LIMIT = 64 << 20  # one cell may hold a long reply, not a whole runaway file


@dataclass
class CsvTable:
    """An open CSV file: its columns, and its rows with their physical line numbers."""

    file: str
    columns: list[str]
    delimiter: str
    _reader: Any
    _handle: TextIO

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Yield ``(line, {column: cell})``; ``line`` is where the record starts (header = 1).

        Blank lines are skipped. A row with a different number of cells than the header
        (other than trailing empty cells) is an error.
        """
        reader = self._reader
        width = len(self.columns)
        end = reader.line_num
        while True:
            start = end + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_error(exc, self.file, start) from None
            except UnicodeDecodeError:
                raise InputError("caractère illisible (encodage incohérent)", file=self.file,
                                 line=start) from None
            end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank line, or only delimiters (";;;" rows left by Excel)
            if cells[0].startswith("\ufeff"):
                raise InputError(
                    "marque d'ordre des octets (BOM) en début de ligne : deux fichiers mis bout à bout ?",
                    file=self.file, line=start,
                )
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]
            if len(cells) != width:
                raise InputError(
                    f"{_fields(len(cells))} au lieu de {width} (séparateur « {_show(self.delimiter)} » ; "
                    "guillemets mal fermés ?)",
                    file=self.file, line=start,
                )
            yield start, dict(zip(self.columns, cells))

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> "CsvTable":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _fields(count: int) -> str:
    return f"{count} champ" if count < 2 else f"{count} champs"


def _show(delimiter: str) -> str:
    return "tabulation" if delimiter == "\t" else delimiter


def _csv_error(exc: csv.Error, file: str, line: int) -> InputError:
    text = str(exc)
    if "unexpected end of data" in text:
        message = "guillemet ouvert jamais fermé : la cellule court jusqu'à la fin du fichier"
    elif "expected after" in text:
        message = "caractère inattendu après un guillemet fermant (guillemet non doublé dans une cellule ?)"
    elif "field larger than field limit" in text:
        message = "cellule démesurée (guillemet ouvert jamais fermé ?)"
    elif "NUL" in text or "null byte" in text:
        message = "octet nul dans le fichier (fichier binaire ?)"
    else:
        message = f"CSV mal formé ({text})"
    return InputError(message, file=file, line=line)


def open_csv(path: Path, *, delimiter: str | None = None) -> CsvTable:
    """Open a CSV file (delimiter sniffed from the header unless given) for streaming.

    Use it as a context manager. The header's cells become the column names, stripped;
    an unnamed column is called ``colonne N``; a repeated name is an error.
    """
    path = Path(path)
    return csv_table(open_text(path), str(path), delimiter=delimiter)


def csv_table(handle: TextIO, file: str, *, delimiter: str | None = None) -> CsvTable:
    """A :class:`CsvTable` over an already open text handle (see :func:`open_text`).

    The handle is read from its beginning and closed with the table.
    """
    try:
        if csv.field_size_limit() < _CSV_FIELD_LIMIT:
            csv.field_size_limit(min(_CSV_FIELD_LIMIT, sys.maxsize))
        handle.seek(0)
        first = handle.readline()
        while first and not first.strip():
            first = handle.readline()
        if not first:
            raise EmptyInputError("fichier vide", file=file)
        delimiter = delimiter or sniff_delimiter(first)
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        header: list[str] | None = None
        while header is None:
            try:
                cells = next(reader)
            except StopIteration:
                raise EmptyInputError("fichier vide", file=file) from None
            except csv.Error as exc:
                if "expected after" in str(exc):
                    raise InputError(
                        f"en-tête illisible : séparateur non reconnu après un guillemet fermant "
                        f"(attendu « {_show(delimiter)} » ; acceptés : « ; », « , », tabulation)",
                        file=file, line=reader.line_num,
                    ) from None
                raise _csv_error(exc, file, reader.line_num) from None
            if any(c.strip() for c in cells):
                header = cells
        columns = _header_names(header, file, reader.line_num)
        return CsvTable(file, columns, delimiter, reader, handle)
    except BaseException:
        handle.close()
        raise


def _header_names(header: list[str], file: str, line: int) -> list[str]:
    while header and not header[-1].strip():
        header = header[:-1]  # trailing delimiters
    columns = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(header, start=1):
        name = cell.replace("\ufeff", "").strip() or f"colonne {index}"
        if name in seen:
            raise InputError(
                f"colonne en double dans l'en-tête (colonnes n° {seen[name]} et {index})",
                file=file, line=line, column=name,
            )
        seen[name] = index
        columns.append(name)
    return columns
