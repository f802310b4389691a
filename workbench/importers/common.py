"""Helpers shared by the parsers: text decoding, CSV and JSON reading, column names, dates.

Everything here turns bad input into :class:`~workbench.errors.InputError` with a French
message naming the file, the physical line (1-based, header = line 1) and the column.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, TextIO

from workbench.errors import InputError
from workbench.records import Document

_CHUNK = 1 << 20  # bytes read at a time while checking the encoding
_SNIFF_CHARS = 1 << 16  # characters inspected for binary junk
_CSV_FIELD_LIMIT = 64 << 20  # one cell may hold a long reply, not a whole runaway file
DATE_FORMATS_HINT = "formats acceptés : AAAA-MM-JJ, JJ/MM/AAAA"


class EmptyInputError(InputError):
    """The file holds no data at all (no byte, or only a byte order mark and blanks)."""


# --------------------------------------------------------------------------- text


def _open_binary(path: Path):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError("fichier introuvable", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("c'est un dossier, pas un fichier", file=str(path)) from None
    except PermissionError:
        raise InputError("lecture du fichier refusée (droits insuffisants)", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"fichier illisible ({exc.strerror or exc})", file=str(path)) from None


def _not_text(path: Path) -> InputError:
    return InputError(
        "ce n'est pas un fichier texte (octets nuls ou données binaires)",
        file=str(path),
    )


def detect_encoding(path: Path) -> str:
    """The codec to read ``path`` with: ``utf-8-sig``, ``utf-16`` (with or without BOM) or ``cp1252``.

    Scans the file once, in chunks, without holding it in memory. Refuses binary files
    (NUL bytes, control characters), empty ones, and files mixing encodings: UTF-8 spoilt
    by a stray byte (a BOM or accented UTF-8 text before the bad byte), or Windows-1252
    text followed by UTF-8 sequences — reading either as Windows-1252 would silently turn
    every "é" into "Ã©". A UTF-16 BOM before text without any NUL byte is a mislabelled file.
    """
    path = Path(path)
    file = str(path)
    with _open_binary(path) as handle:
        try:
            head = handle.read(_CHUNK)
        except OSError as exc:
            raise InputError(f"fichier illisible ({exc.strerror or exc})", file=file) from None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            if len(head) > 2 and b"\x00" not in head:
                # Latin text in UTF-16 always has NUL bytes (the high byte of ASCII characters).
                raise InputError(
                    "marque UTF-16 (BOM) en tête d'un fichier qui n'est pas en UTF-16 "
                    "(fichier mal étiqueté) : réenregistrez-le en UTF-8",
                    file=file,
                )
            return _check_decodes(path, "utf-16")
        if codec := _utf16_without_bom(head):
            _check_decodes(path, codec)
            _check_not_binary(path, codec)
            return codec
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        spoilt: InputError | None = None  # UTF-8 text with an invalid byte
        mixed: InputError | None = None  # Windows-1252 text with UTF-8 sequences further on
        accented = head.startswith(codecs.BOM_UTF8)  # non-ASCII UTF-8 decoded so far
        saw_text = bool(head.removeprefix(codecs.BOM_UTF8).strip())
        lines_before = 0
        chunk = head
        while chunk:
            if b"\x00" in chunk:
                raise _not_text(path)
            if utf8:
                try:
                    decoded = decoder.decode(chunk)
                    accented = accented or not decoded.isascii()
                except UnicodeDecodeError as exc:
                    utf8 = False
                    if accented or not exc.object[: exc.start].isascii():
                        line = lines_before + exc.object[: exc.start].count(b"\n") + 1
                        spoilt = InputError(
                            f"octet 0x{exc.object[exc.start]:02X} invalide dans un fichier UTF-8 "
                            "(fichier abîmé, ou morceaux d'encodages différents)",
                            file=file, line=line,
                        )
            if not utf8 and spoilt is None and mixed is None:
                if match := _UTF8_SEQUENCE.search(chunk):
                    mixed = InputError(
                        "texte UTF-8 dans un fichier en Windows-1252 (morceaux d'encodages "
                        "différents) : réenregistrez tout le fichier en UTF-8",
                        file=file, line=lines_before + chunk[: match.start()].count(b"\n") + 1,
                    )
            lines_before += chunk.count(b"\n")
            chunk = handle.read(_CHUNK)
            if chunk and not saw_text:
                saw_text = bool(chunk.strip())
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                if accented:
                    raise InputError("fichier tronqué : dernier caractère incomplet", file=file) from None
                utf8 = False
    if not saw_text:
        raise EmptyInputError("fichier vide", file=file)
    if spoilt is not None:
        raise spoilt
    if mixed is not None:
        raise mixed
    encoding = "utf-8-sig" if utf8 else "cp1252"
    if not utf8:
        _check_decodes(path, encoding)
    _check_not_binary(path, encoding)
    return encoding


# UTF-8 encodings of Latin-1 letters and of the typographic signs of French texts ("é" is
# C3 A9, "’" E2 80 99, "€" E2 82 AC). As Windows-1252 they read "Ã©", "â€™", "â‚¬": never
# French, so in a Windows-1252 file they mean a UTF-8 part.
_UTF8_SEQUENCE = re.compile(rb"[\xc2\xc3\xc5][\x80-\xbf]|\xe2[\x80\x82][\x80-\xbf]")


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the NUL bytes of ``head`` sit only at odd (even) offsets.

    Text in UTF-16 without a BOM: every ASCII character has a NUL high byte. Binary files
    have NUL bytes at both parities.
    """
    sample = head[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if even.count(0) == 0 and odd.count(0) * 2 >= len(odd):
        return "utf-16-le"
    if odd.count(0) == 0 and even.count(0) * 2 >= len(even):
        return "utf-16-be"
    return None


def _check_decodes(path: Path, encoding: str) -> str:
    decoder = codecs.getincrementaldecoder(encoding)()
    text_seen = False
    with _open_binary(path) as handle:
        while chunk := handle.read(_CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                raise InputError(
                    "encodage non reconnu : ni UTF-8, ni Windows-1252 (fichier binaire ?)",
                    file=str(path),
                ) from None
            if "\x00" in text:
                raise _not_text(path)
            text_seen = text_seen or bool(text.strip("\ufeff \t\r\n"))
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError("fichier tronqué : dernier caractère incomplet", file=str(path)) from None
    if not text_seen:
        raise EmptyInputError("fichier vide", file=str(path))
    return encoding


def _check_not_binary(path: Path, encoding: str) -> None:
    """Refuse files whose beginning is full of control characters (binary junk)."""
    with open(path, encoding=encoding, newline="") as handle:
        sample = handle.read(_SNIFF_CHARS)
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
    )
    if controls > max(2, len(sample) // 100):
        raise _not_text(path)


def open_text(path: Path) -> TextIO:
    """Open a text file for streaming, with the detected encoding and ``newline=""``.

    Line endings are kept as written (the CSV module wants that); a UTF-8 BOM is dropped.
    """
    path = Path(path)
    encoding = detect_encoding(path)
    try:
        return open(path, encoding=encoding, newline="")
    except OSError as exc:
        raise InputError(f"fichier illisible ({exc.strerror or exc})", file=str(path)) from None


def read_text(path: Path) -> str:
    """The whole text of ``path``: UTF-8 with or without BOM, else Windows-1252 (Excel).

    Raises InputError for a missing, empty or binary file.
    """
    with open_text(path) as handle:
        return handle.read()


# --------------------------------------------------------------------------- names


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalize_column(name: str) -> str:
    """A column's comparison key: no accents, lower case, ``_`` for anything else.

    "Intitulé Typologie 1", "intitulé_typologie_1" and "intitule_typologie_1" all give
    ``intitule_typologie_1``; "Etat de l'expérience" gives ``etat_de_l_experience``.
    """
    key = strip_accents(str(name).replace("\ufeff", "")).lower()
    return _NON_ALNUM.sub("_", key).strip("_")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV header line among ``;``, ``,`` and tab (``,`` if none).

    Delimiters inside double quotes are ignored; a tie prefers ``;`` (French exports),
    then tab, then ``,``.
    """
    counts = {";": 0, "\t": 0, ",": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])  # dict order breaks ties: ; then tab then ,
    return best if counts[best] else ","


def find_columns(
    columns: list[str], aliases: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """Map each field to the file column whose normalised name is one of its aliases.

    ``aliases`` lists, per field, normalised names by preference; the first one present
    wins. Returns ``{field: original column name}`` for the fields found.
    """
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(normalize_column(column), column)
    found = {}
    for field_name, names in aliases.items():
        for name in names:
            if name in by_key:
                found[field_name] = by_key[name]
                break
    return found


def missing_column(file: str, label: str, columns: list[str], *, line: int | None = 1) -> InputError:
    listed = ", ".join(f"« {c} »" for c in columns) if columns else "aucune"
    return InputError(
        f"colonne obligatoire absente (colonnes trouvées : {listed})",
        file=file,
        line=line,
        column=label,
    )


# --------------------------------------------------------------------------- values


_SHOWN_CHARS = 40


def shown(value: Any) -> str:
    """A cell quoted in an error message: ``« value »``, never personal data.

    A misplaced cell can hold a citizen's text: its personal data is masked as in the
    database (the NER model only loads for a value with a capitalised word), the value kept
    on one line and cut after 40 characters.
    """
    from workbench.privacy import default_pseudonymizer

    text = " ".join(cell_text(value).split())
    masked = default_pseudonymizer().pseudonymize(text) if text else text
    if len(masked) > _SHOWN_CHARS:
        masked = masked[: _SHOWN_CHARS - 1] + "…"
    return f"« {masked} »"


def cell_text(value: Any) -> str:
    """A cell as stripped text; ``None`` gives ``""``, numbers and booleans their JSON form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=str)


def multiline_text(value: Any) -> str:
    """A free-text cell, stripped, with ``\\n`` line endings."""
    return cell_text(value).replace("\r\n", "\n").replace("\r", "\n")


_TRUE = {"oui", "o", "true", "vrai", "1", "yes", "y"}
_FALSE = {"non", "n", "false", "faux", "0", "no"}


def parse_bool(value: Any, *, file: str, line: int | None, record: str | None, column: str) -> bool | None:
    """Oui/Non (also true/false, 1/0, any case); empty gives None."""
    if isinstance(value, bool):
        return value
    text = strip_accents(cell_text(value)).lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(
        f"valeur inattendue {shown(value)} (attendu : Oui ou Non)",
        file=file, line=line, record=record, column=column,
    )


_FEELINGS = {"positif": "positif", "positive": "positif", "neutre": "neutre",
             "negatif": "negatif", "negative": "negatif", "négatif": "negatif", "négative": "negatif"}


def parse_feeling(value: Any, *, file: str, line: int | None, record: str | None, column: str) -> str | None:
    """Positif / Neutre / Négatif in any case, with or without accents; empty gives None."""
    text = cell_text(value)
    if not text:
        return None
    feeling = _FEELINGS.get(text.lower()) or _FEELINGS.get(strip_accents(text).lower())
    if feeling is None:
        raise InputError(
            f"valeur inattendue {shown(text)} (attendu : Positif, Neutre ou Négatif)",
            file=file, line=line, record=record, column=column,
        )
    return feeling


_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?")


def parse_date(
    value: Any,
    *,
    file: str | None = None,
    line: int | None = None,
    record: str | None = None,
    column: str | None = None,
) -> datetime | None:
    """A naive Europe/Paris datetime from ISO 8601 or ``JJ/MM/AAAA [HH:MM[:SS]]``.

    Empty gives None. Aware values (``Z``, ``+02:00``) are converted to Paris time.
    Anything else, impossible dates included, raises InputError.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_paris_naive(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = cell_text(value)
    if not text:
        return None
    try:
        if match := _ISO.fullmatch(text):
            year, month, day, hour, minute, second, fraction, offset = match.groups()
            micro = int((fraction or "0")[:6].ljust(6, "0"))
            moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                              int(second or 0), micro)
            if offset:
                moment = moment.replace(tzinfo=_parse_offset(offset))
            return to_paris_naive(moment)
        if match := _FRENCH.fullmatch(text):
            day, month, year, hour, minute, second = match.groups()
            return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                            int(second or 0))
    except ValueError:
        pass
    raise InputError(
        f"date invalide {shown(text)} ({DATE_FORMATS_HINT})",
        file=file, line=line, record=record, column=column,
    )


def _parse_offset(offset: str) -> timezone:
    if offset.upper() == "Z":
        return timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(offset)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def to_paris_naive(moment: datetime) -> datetime:
    """Naive values are taken as Paris time already; aware ones are converted."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(_paris()).replace(tzinfo=None)


def _paris():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Paris")
    except Exception:  # no tz database on this machine: the EU rule since 1996
        return _ParisRule()


class _ParisRule(tzinfo):
    """CET/CEST: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC."""

    def utcoffset(self, moment):  # only used through fromutc
        return timedelta(hours=1)

    def dst(self, moment):
        return timedelta(0)

    def fromutc(self, moment):
        year = moment.year
        start = _last_sunday(year, 3).replace(hour=1)
        end = _last_sunday(year, 10).replace(hour=1)
        naive = moment.replace(tzinfo=None)
        hours = 2 if start <= naive < end else 1
        return (naive + timedelta(hours=hours)).replace(tzinfo=self)


def _last_sunday(year: int, month: int) -> datetime:
    last = datetime(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


# --------------------------------------------------------------------------- CSV


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


# --------------------------------------------------------------------------- JSON


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
    while chunk := handle.read(_CHUNK):
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


def unique_documents(parsed: Iterable[tuple[str, Document]], *, path: Path, none_found: str) -> list[Document]:
    """Documents from ``(source name, document)`` pairs, sorted by id; a repeated id is an error."""
    seen: dict[str, str] = {}  # external id -> source it came from
    documents = []
    for source, document in parsed:
        first = seen.get(document.external_id)
        if first is not None:
            raise InputError(
                f"identifiant {document.external_id} en double (déjà présent dans {first})",
                file=source,
                record=document.external_id,
            )
        seen[document.external_id] = source
        documents.append(document)
    if not documents:
        raise InputError(none_found, file=str(path))
    documents.sort(key=lambda d: d.external_id)
    return documents
