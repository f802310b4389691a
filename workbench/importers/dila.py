"""Parse service-public.fr fiches: the DILA « vos droits » ``<Publication>`` XML format.

Input: a folder (searched recursively for ``*.xml``), a ``.zip`` of such files, or one XML file.
Output: one :class:`Document` per fiche, sorted by id, with its passages.

The text is all of ``Introduction``, ``Texte`` and ``ListeSituations`` in reading order. Block
elements (paragraphs, titles, list items, table rows...) start new lines; inline elements
(``MiseEnEvidence``, ``LienInterne``, ``Exposant``...) keep their text and the text that follows
them in place, so no word is lost or glued to another. List items read ``- item``, table rows
``cell | cell``. Each ``Chapitre``, ``Cas`` and ``Situation`` title opens a section: passages
never straddle two sections and carry the section path as heading (``Chapitre › Cas``).

Parsing goes through defusedxml: entity declarations (billion laughs) and external references
are refused before any expansion. Zip members are read in memory, never extracted; an archive
whose member names climb out of it (``../``, absolute paths) is refused all the same.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as safe_etree

from workbench.chunking import DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE, chunk_sections, validate_chunking
from workbench.errors import InputError
from workbench.importers.documents import unique_documents
from workbench.records import Document

MAX_MEMBER_BYTES = 50 * 1024 * 1024  # largest XML file read, from a folder or a zip
MAX_DEPTH = 200  # element nesting; fiches use about fifteen levels, the text walk recurses per level
HEADING_SEPARATOR = " › "

# Elements that always stand on their own lines.
_BLOCK = frozenset(
    {
        "Introduction", "Texte", "Chapitre", "SousChapitre", "Titre", "Paragraphe", "Liste",
        "Item", "BlocCas", "Cas", "ListeSituations", "Situation", "ANoter", "ASavoir",
        "Attention", "Rappel", "Tableau", "Rangée", "Cellule", "Citation", "Exemple",
        "Description", "Definition",
    }
)
# Elements that flow inside a line. Unknown elements are inline unless they hold a block.
_INLINE = frozenset(
    {
        "MiseEnEvidence", "Expression", "LienInterne", "LienExterne", "LienIntra", "Valeur",
        "Exposant", "Indice", "Acronyme", "Abreviation", "Sigle", "Lien",
    }
)
_SECTIONS = frozenset({"Chapitre", "Cas", "Situation"})  # their Titre becomes a heading
_CONTAINERS = frozenset({"Introduction", "Texte", "ListeSituations", "BlocCas", "SousChapitre"})
_BODY_PARTS = frozenset({"Introduction", "Texte", "ListeSituations"})  # read in file order
# Dublin Core fields that land in Document fields; the others go to metadata.
_DC_MAPPED = frozenset({"title", "subject", "description", "date", "type", "identifier"})
_EXPAT_FRENCH = {
    "mismatched tag": "balise fermante sans balise ouvrante correspondante",
    "no element found": "fichier vide ou tronqué",
    "not well-formed (invalid token)": "caractère ou balise invalide",
    "unclosed token": "balise non fermée",
    "undefined entity": "entité non définie",
    "unbound prefix": "préfixe d'espace de noms non déclaré",
    "junk after document element": "contenu après la fin de l'élément racine",
    "duplicate attribute": "attribut en double",
    "syntax error": "erreur de syntaxe",
    "unknown encoding": "encodage inconnu",
    "encoding specified in XML declaration is incorrect": "l'encodage déclaré ne correspond pas au contenu",
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_dila(
    path: Path,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
) -> list[Document]:
    """Every fiche under ``path`` (folder, .zip or .xml file), sorted by external id."""
    validate_chunking(chunk_size, chunk_overlap)
    path = Path(path)
    return unique_documents(
        (
            (name, parse_publication(data, name, chunk_size=chunk_size, chunk_overlap=chunk_overlap))
            for name, data in _xml_sources(path)
        ),
        path=path,
        none_found="aucune fiche XML trouvée",
    )


def parse_publication(
    data: bytes,
    name: str,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
) -> Document:
    """One fiche from its bytes; ``name`` is the file named in errors."""
    root = _parse_xml(data, name)
    _check_depth(root, name)
    if _local(root.tag) != "Publication":
        raise InputError(
            f"ce n'est pas une fiche service-public.fr : élément racine <{_local(root.tag)}>, "
            "<Publication> attendu",
            file=name,
        )

    dc: dict[str, list[str]] = {}
    extras: dict[str, Element] = {}
    root_namespace = _namespace(root.tag)
    for child in root:
        if not isinstance(child.tag, str):
            continue
        if _namespace(child.tag) != root_namespace:
            # A field in another namespace: Dublin Core, whatever prefix the file gives it.
            dc.setdefault(_local(child.tag), []).append(_flat_text(child))
        else:
            extras.setdefault(_local(child.tag), child)

    external_id = (root.get("ID") or "").strip() or _first(dc, "identifier")
    if not external_id:
        raise InputError("identifiant manquant (attribut ID ou dc:identifier)", file=name, column="ID")
    title = _first(dc, "title")
    if not title:
        raise InputError("titre manquant", file=name, record=external_id, column="dc:title")

    builder = _TextBuilder()
    for element in root:
        if (
            isinstance(element.tag, str)
            and _local(element.tag) in _BODY_PARTS
            and _namespace(element.tag) == root_namespace
        ):
            builder.new_section(())
            builder.walk(element, ())

    theme_element = extras.get("Theme")
    theme_title = _child(theme_element, "Titre") if theme_element is not None else None
    theme = (_flat_text(theme_title) if theme_title is not None else "") or _first(dc, "subject")
    audience_element = extras.get("Audience")

    metadata: dict[str, Any] = {
        key: values[0] if len(values) == 1 else values
        for key, values in sorted(dc.items())
        if key not in _DC_MAPPED
    }
    if root.get("type"):
        metadata["publication_type"] = root.get("type")
    identifier = _first(dc, "identifier")
    if identifier and identifier != external_id:
        metadata["identifier"] = identifier
    breadcrumb = extras.get("FilDAriane")
    if breadcrumb is not None:
        levels = [_flat_text(level) for level in breadcrumb if _flat_text(level)]
        if levels:
            metadata["breadcrumb"] = levels

    return Document(
        external_id=external_id,
        title=title,
        text=builder.text(),
        url=(root.get("spUrl") or "").strip() or None,
        audience=(_flat_text(audience_element) if audience_element is not None else "") or None,
        theme=theme or None,
        subject=_first(dc, "subject"),
        description=_first(dc, "description"),
        date=_parse_date(_first(dc, "date"), name, external_id),
        doc_type=_first(dc, "type") or None,
        metadata=metadata,
        passages=chunk_sections(builder.sections(), chunk_size=chunk_size, chunk_overlap=chunk_overlap),
    )


# --- reading files -------------------------------------------------------------------------


def _xml_sources(path: Path) -> Iterator[tuple[str, bytes]]:
    """(name for errors, bytes) of every XML file under ``path``, in name order."""
    if not path.exists():
        raise InputError("fichier ou dossier introuvable", file=str(path))
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.suffix.lower() == ".xml"
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        for file in files:
            yield str(file), _read_file(file)
    elif path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        yield from _zip_members(path)
    elif path.suffix.lower() == ".xml":
        yield str(path), _read_file(path)
    else:
        raise InputError(
            "attendu : un dossier de fiches XML, une archive .zip ou un fichier .xml", file=str(path)
        )


def _read_file(file: Path) -> bytes:
    try:
        if file.stat().st_size > MAX_MEMBER_BYTES:
            raise InputError(
                f"fichier trop volumineux (plus de {MAX_MEMBER_BYTES // 2**20} Mo)", file=str(file)
            )
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"fichier illisible ({error.strerror or error})", file=str(file)) from None


def _zip_members(path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"archive zip illisible ({error})", file=str(path)) from None
    with archive:
        for info in archive.infolist():
            if _escapes_archive(info.filename):
                raise InputError(
                    f"membre « {info.filename} » hors de l'archive (chemin absolu ou « .. ») : "
                    "archive refusée",
                    file=str(path),
                )
        infos = sorted(
            (
                info
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(".xml")
                and not info.filename.startswith("__MACOSX/")
                and not any(part.startswith(".") for part in info.filename.split("/"))
            ),
            key=lambda info: info.filename,
        )
        for info in infos:
            name = f"{path}:{info.filename}"
            too_big = InputError(
                f"membre trop volumineux une fois décompressé (plus de {MAX_MEMBER_BYTES // 2**20} Mo)",
                file=name,
            )
            if info.file_size > MAX_MEMBER_BYTES:
                raise too_big
            try:
                with archive.open(info) as member:
                    # The header's size may lie: never read more than the limit allows.
                    data = member.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, OSError, NotImplementedError) as error:
                raise InputError(f"membre illisible ({error})", file=name) from None
            if len(data) > MAX_MEMBER_BYTES:
                raise too_big
            yield name, data


def _escapes_archive(member: str) -> bool:
    """A member name that would land outside the folder the archive is unpacked into."""
    parts = member.replace("\\", "/").split("/")
    return member.startswith(("/", "\\")) or ".." in parts or (len(parts[0]) > 1 and parts[0][1] == ":")


def _check_depth(root: Element, name: str) -> None:
    """Refuse absurdly nested elements before the recursive text walk meets them."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"XML trop profondément imbriqué (plus de {MAX_DEPTH} niveaux)", file=name)
        stack.extend((child, depth + 1) for child in element)


_DECLARED_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SINGLE_BYTE_NAMES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "iso-8859-15",
                                "iso8859-15", "latin-9", "windows-1252", "cp1252"})


def _check_declared_encoding(data: bytes, name: str) -> None:
    """Refuse UTF-8 bytes declared as Latin-1 / Windows-1252: expat would read "é" as "Ã©"."""
    declared = _DECLARED_ENCODING.match(data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200])
    if declared is None or declared[1].decode("ascii").lower() not in _SINGLE_BYTE_NAMES:
        return
    if data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return  # really single-byte text
    raise InputError(
        f"encodage déclaré « {declared[1].decode('ascii')} » mais contenu en UTF-8 "
        "(fichier mal étiqueté) : corrigez la déclaration XML en encoding=\"UTF-8\"",
        file=name, line=1,
    )


def _parse_xml(data: bytes, name: str) -> Element:
    _check_declared_encoding(data, name)
    try:
        return safe_etree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as error:
        raise InputError(
            f"déclaration d'entité XML refusée (« {error.name} ») : risque d'expansion d'entités",
            file=name,
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise InputError("référence externe XML refusée", file=name) from None
    except defusedxml.DefusedXmlException as error:
        raise InputError(f"construction XML refusée ({error})", file=name) from None
    except ParseError as error:
        line, offset = error.position
        reason = expat.ErrorString(error.code) if error.code else str(error)
        reason = _EXPAT_FRENCH.get(reason, reason)
        # Like the JSON errors: the character column goes in the message, `column` names fields.
        raise InputError(f"XML mal formé, colonne {offset + 1} : {reason}", file=name, line=line) from None


# --- text ----------------------------------------------------------------------------------


class _TextBuilder:
    """Collects lines in reading order, and the same lines grouped into headed sections."""

    def __init__(self) -> None:
        self._lines: list[str] = []  # the whole text, headings included
        self._sections: list[tuple[str | None, list[str]]] = [(None, [])]
        self._buffer: list[str] = []  # the line being built
        self._items: list[list[Any]] = []  # open list items: [indent, first line written?]
        self._list_depth = 0

    def text(self) -> str:
        self.end_line()
        return "\n".join(self._lines)

    def sections(self) -> list[tuple[str | None, str]]:
        self.end_line()
        return [(heading, "\n".join(lines)) for heading, lines in self._sections if lines]

    def lines(self) -> list[str]:
        self.end_line()
        return self._lines

    def write(self, text: str | None) -> None:
        if text:
            self._buffer.append(text)

    def end_line(self) -> None:
        line = " ".join("".join(self._buffer).split())
        self._buffer.clear()
        if not line:
            return
        if self._items:
            item = self._items[-1]
            line = item[0] + ("  " if item[1] else "- ") + line
            item[1] = True
        self._lines.append(line)
        self._sections[-1][1].append(line)

    def new_section(self, path: tuple[str, ...], title: str | None = None) -> None:
        self.end_line()
        if title:
            self._lines.append(title)
        self._sections.append((HEADING_SEPARATOR.join(path) or None, []))

    def walk(self, container: Element, path: tuple[str, ...], skip: Element | None = None) -> None:
        """Children of a section or container: sections open, other blocks render."""
        self.write(container.text)
        for child in container:
            if child is skip or not isinstance(child.tag, str):
                pass
            elif _local(child.tag) in _SECTIONS:
                title_element = _child(child, "Titre")
                title = _flat_text(title_element) if title_element is not None else ""
                inner = (*path, title) if title else path
                self.new_section(inner, title)
                self.walk(child, inner, skip=title_element)
                self.new_section(path)
            elif _local(child.tag) in _CONTAINERS:
                self.end_line()
                self.walk(child, path)
                self.end_line()
            else:
                self.render(child)
            self.write(child.tail)
        self.end_line()

    def render(self, element: Element) -> None:
        """One element with its descendants; its tail is the caller's business."""
        if not isinstance(element.tag, str):
            return
        name = _local(element.tag)
        if name == "Rangée":
            self.end_line()
            self.write(_row_text(element))
            self.end_line()
            return
        block = _is_block(element)
        if block:
            self.end_line()
        if name == "Liste":
            self._list_depth += 1
        elif name == "Item":
            self._items.append(["  " * max(self._list_depth - 1, 0), False])
        self.write(element.text)
        for child in element:
            self.render(child)
            self.write(child.tail)
        if block:
            self.end_line()
        if name == "Liste":
            self._list_depth -= 1
        elif name == "Item":
            self._items.pop()


def _row_text(row: Element) -> str:
    """A table row as ``cell | cell``; empty cells keep their place."""
    cells: list[str] = []
    if row.text and row.text.strip():
        cells.append(row.text)
    for child in row:
        cells.append(_flat_text(child))
        if child.tail and child.tail.strip():
            cells.append(child.tail)
    return " | ".join(" ".join(cell.split()) for cell in cells)


def _flat_text(element: Element) -> str:
    """All the text of an element on one line (blocks inside it separated by spaces)."""
    builder = _TextBuilder()
    builder.write(element.text)
    for child in element:
        builder.render(child)
        builder.write(child.tail)
    return " ".join(builder.lines())


def _is_block(element: Element) -> bool:
    name = _local(element.tag)
    if name in _BLOCK:
        return True
    if name in _INLINE:
        return False
    return any(isinstance(child.tag, str) and _is_block(child) for child in element)


# --- small helpers -------------------------------------------------------------------------


def _local(tag: str) -> str:
    """``{namespace}name`` -> ``name``."""
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    """``{namespace}name`` -> ``namespace``; ``name`` -> ``""``."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            return child
    return None


def _first(dc: dict[str, list[str]], key: str) -> str | None:
    for value in dc.get(key, []):
        if value:
            return value
    return None


def _parse_date(value: str | None, name: str, record: str) -> date | None:
    """``modified 2024-05-02`` or ``2024-05-02`` -> date."""
    if not value:
        return None
    match = _DATE.search(value)
    try:
        if match is None:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise InputError(
            f"date illisible « {value} » (attendu : AAAA-MM-JJ)", file=name, record=record, column="dc:date"
        ) from None
