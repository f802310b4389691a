"""JSON and JSON Lines files: syntax errors with their line and column, depth and text checked
before anything is stored, and values made storable."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from workbench.errors import InputError
from workbench.importers.text import CHUNK, open_text

_JSON_MESSAGES = (
    ("Expecting value", "valeur attendue"),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points attendus"),
    ("Expecting property name enclosed in double quotes", "nom de clé entre guillemets doubles attendu"),
    ("Unterminated string", "chaîne de caractères non fermée"),
    ("Extra data", "données en trop après la fin du JSON"),
    ("Invalid control character", "caractère de contrôle non échappé dans une chaîne"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
    ("Invalid \\uXXXX escape", "séquence \\u invalide"),
    ("Unexpected UTF-8 BOM", "marque d'ordre des octets (BOM) inattendue : deux fichiers mis bout à bout ?"),
)
MAX_JSON_DEPTH = 64  # nesting levels of arrays and objects; real records use fewer than ten
_TOO_DEEP = f"JSON trop profondément imbriqué (plus de {MAX_JSON_DEPTH} niveaux)"
# Characters no text holds: NUL, and halves of UTF-16 surrogate pairs ("\ud800" alone),
# which cannot even be written as UTF-8.
_NOT_TEXT_CHARS = re.compile("[\x00\ud800-\udfff]")


def json_error(exc: json.JSONDecodeError, file: str, *, line: int | None = None) -> InputError:
    """InputError for a JSON syntax error: line, and the character column in the message.

    ``line`` overrides the decoder's line (JSON Lines: the decoder sees one line at a time).
    """
    message = exc.msg
    for english, french in _JSON_MESSAGES:
        if exc.msg.startswith(english):
            message = french
            break
    return InputError(
        f"JSON invalide, colonne {exc.colno} : {message}",
        file=file,
        line=line if line is not None else exc.lineno,
    )


def load_json(text: str, file: str, *, line: int | None = None) -> Any:
    """The JSON value of ``text``, checked by :func:`checked_json`.

    ``line``: the physical line of ``text`` in the file (JSON Lines), for error messages.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise json_error(exc, file, line=line) from None
    except RecursionError:
        raise InputError(_TOO_DEEP, file=file, line=line) from None
    return checked_json(value, file, line=line)


def checked_json(
    value: Any, file: str, *, line: int | None = None, record: str | None = None, column: str | None = None
) -> Any:
    """``value`` once checked: at most MAX_JSON_DEPTH levels deep, and only storable text.

    Deeper values would overflow the recursive code that hashes and stores metadata; NUL
    characters and lone surrogates (``"\\ud800"``) are not text. Iterative, so any depth
    is refused cleanly. Errors name ``column``, else the top-level key, as the column.
    """
    stack: list[tuple[Any, int, str | None]] = [(value, 1, column)]
    while stack:
        item, depth, where = stack.pop()
        if isinstance(item, str):
            _check_text(item, file, line, record, where)
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise InputError(_TOO_DEEP, file=file, line=line, record=record, column=where)
            if isinstance(item, dict):
                for key, child in item.items():
                    _check_text(str(key), file, line, record, where)
                    stack.append((child, depth + 1, where or str(key)))
            else:
                stack.extend((child, depth + 1, where) for child in item)
    return value


def _check_text(text: str, file: str, line: int | None, record: str | None, column: str | None) -> None:
    if match := _NOT_TEXT_CHARS.search(text):
        char = match.group()
        what = "caractère nul (\\u0000)" if char == "\x00" else (
            f"moitié de paire UTF-16 isolée (\\u{ord(char):04x})")
        raise InputError(f"{what} dans une chaîne : ce n'est pas du texte",
                         file=file, line=line, record=record, column=column)


def iter_json_array(text: str, file: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, element)`` for each element of a top-level JSON array.

    The line is where the element starts; syntax errors give line and column.
    """
    decoder = json.JSONDecoder()
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(position: int) -> int:
        return bisect.bisect_left(newlines, position) + 1

    def fail(message: str, position: int) -> InputError:
        line = line_of(position)
        column = position - (newlines[line - 2] if line > 1 else -1)
        return InputError(f"JSON invalide, colonne {column} : {message}", file=file, line=line)

    whitespace = re.compile(r"[ \t\r\n]*")
    position = whitespace.match(text, 0).end()
    if text[position : position + 1] != "[":
        raise fail("tableau « [ » attendu", position)
    position = whitespace.match(text, position + 1).end()
    if text[position : position + 1] == "]":
        position += 1
    else:
        while True:
            try:
                element, end = decoder.raw_decode(text, position)
            except json.JSONDecodeError as exc:
                raise json_error(exc, file) from None
            except RecursionError:
                raise InputError(_TOO_DEEP, file=file, line=line_of(position)) from None
            line = line_of(position)
            yield line, checked_json(element, file, line=line)
            position = whitespace.match(text, end).end()
            char = text[position : position + 1]
            if char == ",":
                position = whitespace.match(text, position + 1).end()
            elif char == "]":
                position += 1
                break
            elif not char:
                raise fail("« ] » attendu : tableau non fermé", position)
            else:
                raise fail("virgule ou « ] » attendu", position)
    position = whitespace.match(text, position).end()
    if position < len(text):
        raise fail("données en trop après la fin du JSON", position)


def iter_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, value)`` for each non-blank line of a JSON Lines file, streaming."""
    path = Path(path)
    file = str(path)
    with open_text(path) as handle:
        for number, raw in enumerate(_physical_lines(handle), start=1):
            if not raw.strip():
                continue
            yield number, load_json(raw, file, line=number)


def _physical_lines(handle: TextIO) -> Iterator[str]:
    """Lines split on \\n only (a JSON string cannot hold a raw newline anyway)."""
    pending = ""
    while chunk := handle.read(CHUNK):
        pending += chunk
        *lines, pending = pending.split("\n")
        yield from lines
    if pending:
        yield pending


def json_safe(value: Any) -> Any:
    """A value the Store can write as JSON: containers kept, exotic scalars as text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
