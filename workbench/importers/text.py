"""Reading an imported file as text: its encoding detected (UTF-8, UTF-16, Windows-1252), binary
files refused, and every failure an :class:`~workbench.errors.InputError` naming the file."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import TextIO

from workbench.errors import InputError

CHUNK = 1 << 20  # bytes (or characters) read at a time
_SNIFF_CHARS = 1 << 16  # characters inspected for binary junk


class EmptyInputError(InputError):
    """The file holds no data at all (no byte, or only a byte order mark and blanks)."""



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
            head = handle.read(CHUNK)
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
            chunk = handle.read(CHUNK)
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
        while chunk := handle.read(CHUNK):
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
