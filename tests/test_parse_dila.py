"""Parsing service-public.fr fiches (DILA XML) and generic corpora (JSON Lines, Markdown)."""

from __future__ import annotations

import io
import json
import time
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from workbench.errors import InputError
from workbench.importers.dila import MAX_MEMBER_BYTES, parse_dila
from workbench.importers.documents import parse_jsonl_documents, parse_markdown_documents

ROOT = Path(__file__).resolve().parent.parent

# A fiche as service-public.fr publishes it (abridged), pretty-printed: every block is separated
# from the next by whitespace, so ``itertext`` gives a faithful word sequence to compare with.
FICHE = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="../StyleSheets/VDD11.xsl" type="text/xsl"?>
<Publication xmlns:dc="http://purl.org/dc/elements/1.1/"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             xsi:noNamespaceSchemaLocation="../Schemas/3.3/Publication.xsd"
             ID="F1342" type="Fiche d'information"
             spUrl="https://www.service-public.fr/particuliers/vosdroits/F1342">
  <dc:title>Carte d'identité d'un majeur : renouvellement</dc:title>
  <dc:creator>Direction de l'information légale et administrative (Premier ministre)</dc:creator>
  <dc:subject>Papiers - Citoyenneté - Élections</dc:subject>
  <dc:description>La carte d'identité d'un majeur est valable <MiseEnEvidence>15 ans</MiseEnEvidence>.</dc:description>
  <dc:publisher>Direction de l'information légale et administrative (Premier ministre)</dc:publisher>
  <dc:date>modified 2024-05-02</dc:date>
  <dc:type>Fiche pratique</dc:type>
  <dc:format>text/xml</dc:format>
  <dc:identifier>F1342</dc:identifier>
  <dc:source>https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000001</dc:source>
  <dc:source>https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000002</dc:source>
  <dc:language>Fr</dc:language>
  <Audience>Particuliers</Audience>
  <Canal>www.service-public.fr</Canal>
  <FilDAriane>
    <Niveau ID="Particuliers">Accueil particuliers</Niveau>
    <Niveau ID="N19810">Papiers - Citoyenneté - Élections</Niveau>
  </FilDAriane>
  <Theme ID="N19810"><Titre>Papiers - Citoyenneté - Élections</Titre></Theme>
  <DossierPere ID="N358"><Titre>Carte d'identité</Titre></DossierPere>
  <Introduction>
    <Paragraphe>Vous pouvez faire renouveler votre carte d'identité si elle est
      <MiseEnEvidence>périmée</MiseEnEvidence>, ou si elle expire dans moins de
      <Valeur>6 mois</Valeur>. Voir la <LienInterne LienPublication="F21089" type="Fiche d'information" audience="Particuliers">fiche sur le passeport</LienInterne> pour voyager.</Paragraphe>
  </Introduction>
  <Texte>
    <Chapitre>
      <Titre>
        <Paragraphe>Où faire la demande ?</Paragraphe>
      </Titre>
      <Paragraphe>Vous devez vous adresser à une mairie équipée d'une station d'enregistrement, avant le 1<Exposant>er</Exposant> jour du mois.</Paragraphe>
      <ANoter>
        <Titre>À noter</Titre>
        <Paragraphe>Certaines mairies demandent de prendre <Expression>rendez-vous</Expression> en ligne.</Paragraphe>
      </ANoter>
      <Liste type="puce">
        <Item>
          <Paragraphe>une photo d'identité de moins de 6 mois</Paragraphe>
        </Item>
        <Item>
          <Paragraphe>un justificatif de domicile, par exemple :</Paragraphe>
          <Liste type="puce">
            <Item><Paragraphe>une facture d'électricité</Paragraphe></Item>
            <Item><Paragraphe>un avis d'imposition</Paragraphe></Item>
          </Liste>
        </Item>
      </Liste>
    </Chapitre>
    <Chapitre>
      <Titre>
        <Paragraphe>Coût</Paragraphe>
      </Titre>
      <BlocCas affichage="onglet">
        <Cas>
          <Titre>
            <Paragraphe>Carte périmée</Paragraphe>
          </Titre>
          <Paragraphe>Le renouvellement est <MiseEnEvidence>gratuit</MiseEnEvidence> si vous présentez l'ancienne carte.</Paragraphe>
        </Cas>
        <Cas>
          <Titre>
            <Paragraphe>Carte perdue ou volée</Paragraphe>
          </Titre>
          <Paragraphe>Vous devez acheter un timbre fiscal de <Valeur>25 €</Valeur> sur <LienExterne URL="https://timbres.impots.gouv.fr">le site des timbres fiscaux</LienExterne> avant la demande.</Paragraphe>
          <Attention>
            <Titre>Attention</Titre>
            <Paragraphe>Une déclaration de vol doit être faite au commissariat.</Paragraphe>
          </Attention>
        </Cas>
      </BlocCas>
      <Tableau>
        <Titre>Délais moyens selon la période</Titre>
        <Colonne largeur="50" type="header"/>
        <Colonne largeur="50" type="normal"/>
        <Rangée type="header">
          <Cellule><Paragraphe>Période</Paragraphe></Cellule>
          <Cellule><Paragraphe>Délai</Paragraphe></Cellule>
        </Rangée>
        <Rangée type="normal">
          <Cellule><Paragraphe>Été</Paragraphe></Cellule>
          <Cellule><Paragraphe><Valeur>8</Valeur> semaines</Paragraphe></Cellule>
        </Rangée>
      </Tableau>
      <SousChapitre>
        <Titre><Paragraphe>Remise de la carte</Paragraphe></Titre>
        <ASavoir>
          <Titre>À savoir</Titre>
          <Paragraphe>La carte est remise en mains propres.</Paragraphe>
        </ASavoir>
        <Rappel>
          <Titre>Rappel</Titre>
          <Paragraphe>Elle reste valable <Valeur>15 ans</Valeur>.</Paragraphe>
        </Rappel>
      </SousChapitre>
    </Chapitre>
  </Texte>
  <OuSAdresser ID="R1" type="Local"><Titre>Mairie</Titre></OuSAdresser>
  <Reference URL="https://www.legifrance.gouv.fr" ID="R2"><Titre>Décret n°55-1397</Titre></Reference>
</Publication>
"""

# The same kind of content as the DILA files really come: on one line, no whitespace between
# elements, inline elements glued to their neighbours.
COMPACT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Publication xmlns:dc="http://purl.org/dc/elements/1.1/" ID="F2000">'
    "<dc:title>Fiche compacte</dc:title>"
    "<Introduction><Paragraphe>Le 1<Exposant>er</Exposant> janvier, un "
    "<MiseEnEvidence>délai</MiseEnEvidence> de <Valeur>2 mois</Valeur>s'applique.</Paragraphe>"
    "<Paragraphe>Deuxième</Paragraphe><Paragraphe>paragraphe.</Paragraphe></Introduction>"
    "<Texte><Chapitre><Titre><Paragraphe>Titre A</Paragraphe></Titre><Paragraphe>corps A</Paragraphe>"
    "<Liste><Item><Paragraphe>un</Paragraphe></Item><Item><Paragraphe>deux</Paragraphe></Item></Liste>"
    "<Tableau><Rangée><Cellule><Paragraphe>a</Paragraphe><Paragraphe>b</Paragraphe></Cellule>"
    "<Cellule/><Cellule><Paragraphe>c</Paragraphe></Cellule></Rangée></Tableau></Chapitre>"
    "<Chapitre><Titre><Paragraphe>Titre B</Paragraphe></Titre><Paragraphe>corps B</Paragraphe></Chapitre>"
    "</Texte></Publication>"
)

# A question-answer fiche: no Chapitre, and its Dublin Core prefix is not « dc ».
QUESTION_REPONSE = """<?xml version="1.0" encoding="UTF-8"?>
<Publication xmlns:dcterm="http://purl.org/dc/elements/1.1/" ID="F3000" type="Question-réponse"
             spUrl="https://www.service-public.fr/particuliers/vosdroits/F3000">
  <dcterm:title>Peut-on voyager avec une carte d'identité périmée ?</dcterm:title>
  <dcterm:subject>Étranger</dcterm:subject>
  <dcterm:date>2023-11-30</dcterm:date>
  <dcterm:type>Question-réponse</dcterm:type>
  <Texte>
    <Paragraphe>Oui, dans certains pays, si la carte a été délivrée entre <Valeur>2004</Valeur> et <Valeur>2013</Valeur>.</Paragraphe>
    <Paragraphe>Vérifiez avant le départ.</Paragraphe>
  </Texte>
</Publication>
"""


def publication(identifier: str, body: str = "<Texte><Paragraphe>Texte.</Paragraphe></Texte>") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Publication xmlns:dc="http://purl.org/dc/elements/1.1/" ID="{identifier}">'
        f"<dc:title>Fiche {identifier}</dc:title>{body}</Publication>"
    )


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def body_words(xml: str) -> list[str]:
    """Every word of Introduction and Texte, straight from the parser's text nodes."""
    root = ElementTree.fromstring(xml.encode("utf-8"))
    text = " ".join("".join(part.itertext()) for part in root if part.tag in ("Introduction", "Texte"))
    return text.split()


def without_markers(words: list[str]) -> list[str]:
    return [word for word in words if word not in ("-", "|")]


@pytest.fixture
def fiche(tmp_path: Path):
    write(tmp_path, "F1342.xml", FICHE)
    (document,) = parse_dila(tmp_path)
    return document


def test_every_word_of_the_fiche_is_kept_in_reading_order(fiche) -> None:
    assert without_markers(fiche.text.split()) == without_markers(body_words(FICHE))


def test_blocks_lists_and_tables_are_laid_out(fiche) -> None:
    lines = fiche.text.splitlines()
    assert lines[0].startswith("Vous pouvez faire renouveler votre carte d'identité si elle est périmée, ou")
    assert "6 mois. Voir la fiche sur le passeport pour voyager." in lines[0]
    assert "Où faire la demande ?" in lines
    assert (
        "Vous devez vous adresser à une mairie équipée d'une station d'enregistrement, "
        "avant le 1er jour du mois."
    ) in lines
    assert "Certaines mairies demandent de prendre rendez-vous en ligne." in lines
    assert "- une photo d'identité de moins de 6 mois" in lines
    assert "- un justificatif de domicile, par exemple :" in lines
    assert "  - une facture d'électricité" in lines
    assert "Période | Délai" in lines
    assert "Été | 8 semaines" in lines
    assert (
        "Vous devez acheter un timbre fiscal de 25 € sur le site des timbres fiscaux avant la demande."
    ) in lines
    # Nothing outside Introduction and Texte leaks in.
    assert "Mairie" not in lines and "Décret" not in fiche.text


def test_metadata_fields(fiche) -> None:
    assert fiche.external_id == "F1342"
    assert fiche.title == "Carte d'identité d'un majeur : renouvellement"
    assert fiche.url == "https://www.service-public.fr/particuliers/vosdroits/F1342"
    assert fiche.subject == "Papiers - Citoyenneté - Élections"
    assert fiche.description == "La carte d'identité d'un majeur est valable 15 ans."
    assert fiche.date == date(2024, 5, 2)
    assert fiche.doc_type == "Fiche pratique"
    assert fiche.audience == "Particuliers"
    assert fiche.theme == "Papiers - Citoyenneté - Élections"
    assert fiche.metadata["creator"].startswith("Direction de l'information légale")
    assert fiche.metadata["source"] == [
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000001",
        "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000002",
    ]
    assert fiche.metadata["language"] == "Fr"
    assert fiche.metadata["publication_type"] == "Fiche d'information"
    assert fiche.metadata["breadcrumb"] == ["Accueil particuliers", "Papiers - Citoyenneté - Élections"]
    assert "title" not in fiche.metadata and "date" not in fiche.metadata
    json.dumps(fiche.metadata)  # the Store writes it as JSON


def test_passages_follow_chapters_and_cases(fiche) -> None:
    headings = [p.heading for p in fiche.passages]
    assert headings == [
        None,
        "Où faire la demande ?",
        "Coût › Carte périmée",
        "Coût › Carte perdue ou volée",
        "Coût",
    ]
    assert [p.position for p in fiche.passages] == list(range(5))
    by_heading = {p.heading: p.text for p in fiche.passages}
    assert by_heading["Coût › Carte périmée"] == (
        "Le renouvellement est gratuit si vous présentez l'ancienne carte."
    )
    assert by_heading["Coût"].startswith("Délais moyens selon la période\nPériode | Délai")
    assert "Remise de la carte" in by_heading["Coût"]  # a SousChapitre stays in its chapter
    # The heading is kept apart from the body.
    assert not by_heading["Où faire la demande ?"].startswith("Où faire")


def test_long_chapters_are_cut_with_overlap(tmp_path: Path) -> None:
    sentences = " ".join(f"Phrase numéro {i} du chapitre." for i in range(60))  # 300 words
    write(
        tmp_path,
        "F9.xml",
        publication(
            "F9",
            "<Texte><Chapitre><Titre><Paragraphe>Long</Paragraphe></Titre>"
            f"<Paragraphe>{sentences}</Paragraphe></Chapitre>"
            "<Chapitre><Titre><Paragraphe>Court</Paragraphe></Titre>"
            "<Paragraphe>Fin.</Paragraphe></Chapitre></Texte>",
        ),
    )
    (document,) = parse_dila(tmp_path, chunk_size=50, chunk_overlap=10)
    long = [p for p in document.passages if p.heading == "Long"]
    assert len(long) > 5
    for previous, following in zip(long, long[1:]):
        assert previous.text.endswith("chapitre.")  # cut at a sentence end
        assert previous.text.split()[-10:] == following.text.split()[:10]
    assert document.passages[-1].heading == "Court" and document.passages[-1].text == "Fin."


def test_compact_fiche_glues_no_words(tmp_path: Path) -> None:
    write(tmp_path, "F2000.xml", COMPACT)
    (document,) = parse_dila(tmp_path)
    assert document.text.splitlines() == [
        "Le 1er janvier, un délai de 2 moiss'applique.",  # glued in the source, kept as written
        "Deuxième",
        "paragraphe.",
        "Titre A",
        "corps A",
        "- un",
        "- deux",
        "a b | | c",
        "Titre B",
        "corps B",
    ]
    assert [(p.heading, p.text) for p in document.passages] == [
        (None, "Le 1er janvier, un délai de 2 moiss'applique.\nDeuxième\nparagraphe."),
        ("Titre A", "corps A\n- un\n- deux\na b | | c"),
        ("Titre B", "corps B"),
    ]


def test_question_reponse_with_another_prefix(tmp_path: Path) -> None:
    write(tmp_path, "sub/F3000.xml", QUESTION_REPONSE)
    (document,) = parse_dila(tmp_path)
    assert document.title == "Peut-on voyager avec une carte d'identité périmée ?"
    assert document.date == date(2023, 11, 30)
    assert document.doc_type == "Question-réponse"
    assert document.theme == "Étranger"  # no <Theme>: the subject
    assert document.text == (
        "Oui, dans certains pays, si la carte a été délivrée entre 2004 et 2013.\nVérifiez avant le départ."
    )
    assert [(p.heading, p.position) for p in document.passages] == [(None, 0)]


def test_default_namespace_publication(tmp_path: Path) -> None:
    xml = (
        '<Publication xmlns="urn:sp" xmlns:dc="http://purl.org/dc/elements/1.1/" ID="F4">'
        "<dc:title>Titre</dc:title><Audience>Professionnels</Audience>"
        "<Texte><Paragraphe>Corps.</Paragraphe></Texte></Publication>"
    )
    write(tmp_path, "F4.xml", xml)
    (document,) = parse_dila(tmp_path)
    assert (document.title, document.audience, document.text) == ("Titre", "Professionnels", "Corps.")


def test_identifier_falls_back_to_dc_identifier(tmp_path: Path) -> None:
    xml = publication("X").replace(' ID="X"', "")
    xml = xml.replace("</dc:title>", "</dc:title><dc:identifier>F77</dc:identifier>")
    write(tmp_path, "a.xml", xml)
    assert parse_dila(tmp_path)[0].external_id == "F77"


def test_zip_of_fiches_sorted_by_id(tmp_path: Path) -> None:
    archive = tmp_path / "vosdroits.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("vosdroits/F20.xml", publication("F20"))
        zf.writestr("vosdroits/F10.xml", publication("F10"))
        zf.writestr("vosdroits/", "")
        zf.writestr("vosdroits/LISEZMOI.txt", "pas une fiche")
        zf.writestr("__MACOSX/vosdroits/._F10.xml", b"\x00\x05junk")
    documents = parse_dila(archive)
    assert [d.external_id for d in documents] == ["F10", "F20"]
    assert documents[0].text == "Texte."


def test_zip_member_too_large_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "bombe.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("F1.xml", publication("F1"))
        zf.writestr("gros.xml", b" " * (MAX_MEMBER_BYTES + 1))
    with pytest.raises(InputError, match="trop volumineux") as caught:
        parse_dila(archive)
    assert caught.value.file.endswith("gros.xml")


def test_corrupt_zip_is_an_input_error(tmp_path: Path) -> None:
    archive = tmp_path / "abime.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("F1.xml", publication("F1"))
    archive.write_bytes(buffer.getvalue()[:-30])
    with pytest.raises(InputError, match="zip illisible"):
        parse_dila(archive)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Publication [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Publication ID="F666"><Texte><Paragraphe>&lol9;</Paragraphe></Texte></Publication>
"""


def test_entity_bomb_is_refused_quickly(tmp_path: Path) -> None:
    write(tmp_path, "F666.xml", BILLION_LAUGHS)
    started = time.perf_counter()
    with pytest.raises(InputError, match="entité") as caught:
        parse_dila(tmp_path)
    assert time.perf_counter() - started < 1
    assert caught.value.file.endswith("F666.xml")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = write(tmp_path, "secret.txt", "mot de passe")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE Publication [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<Publication ID="F1"><dc:title xmlns:dc="http://purl.org/dc/elements/1.1/">t</dc:title>'
        "<Texte><Paragraphe>&x;</Paragraphe></Texte></Publication>"
    )
    write(tmp_path, "fiches/F1.xml", xml)
    with pytest.raises(InputError) as caught:
        parse_dila(tmp_path / "fiches")
    assert caught.value.file.endswith("F1.xml")
    assert "mot de passe" not in str(caught.value)


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    xml = '<?xml version="1.0"?>\n<Publication ID="F1">\n  <Texte><Paragraphe>ouvert</Texte>\n</Publication>'
    write(tmp_path, "F1.xml", xml)
    with pytest.raises(InputError) as caught:
        parse_dila(tmp_path)
    error = caught.value
    assert error.file.endswith("F1.xml")
    assert error.line == 3
    assert "colonne 30" in error.message  # the tag name after « </ » and "balise" in error.message
    assert str(error).startswith(f"{error.file}, ligne 3 : XML mal formé")


def test_non_publication_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "F1.xml", publication("F1"))
    write(tmp_path, "arborescence.xml", "<Arborescence><Item/></Arborescence>")
    with pytest.raises(InputError, match="<Arborescence>") as caught:
        parse_dila(tmp_path)
    assert caught.value.file.endswith("arborescence.xml")


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    write(tmp_path, "a/F1.xml", publication("F1"))
    write(tmp_path, "b/copie.xml", publication("F1"))
    with pytest.raises(InputError, match="double") as caught:
        parse_dila(tmp_path)
    assert caught.value.record == "F1"
    assert str(tmp_path / "a" / "F1.xml") in str(caught.value)
    assert str(tmp_path / "b" / "copie.xml") in str(caught.value)


def test_empty_folder_or_missing_path(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "rien")
    write(tmp_path, ".cache/F1.xml", publication("F1"))  # hidden folders are not read
    with pytest.raises(InputError, match="aucune fiche XML trouvée"):
        parse_dila(tmp_path)
    with pytest.raises(InputError, match="introuvable"):
        parse_dila(tmp_path / "absent")


def test_missing_title_and_bad_date(tmp_path: Path) -> None:
    write(tmp_path, "t/F1.xml", '<Publication ID="F1"><Texte/></Publication>')
    with pytest.raises(InputError, match="titre manquant"):
        parse_dila(tmp_path / "t")
    bad_date = "</dc:title><dc:date>modified 2024-13-40</dc:date>"
    write(tmp_path, "d/F1.xml", publication("F1").replace("</dc:title>", bad_date))
    with pytest.raises(InputError, match="date illisible") as caught:
        parse_dila(tmp_path / "d")
    assert caught.value.column == "dc:date" and caught.value.record == "F1"


def test_invalid_chunking_arguments(tmp_path: Path) -> None:
    write(tmp_path, "F1.xml", publication("F1"))
    with pytest.raises(ValueError):
        parse_dila(tmp_path, chunk_size=10, chunk_overlap=10)


@pytest.mark.skipif(not (ROOT / "datasets" / "fiches").is_dir(), reason="datasets/fiches absent")
def test_bundled_fiches_parse() -> None:
    documents = parse_dila(ROOT / "datasets" / "fiches")
    assert documents
    assert len({d.external_id for d in documents}) == len(documents)
    assert all(d.title for d in documents)
    with_text = [d for d in documents if d.text]
    assert with_text and all(d.passages for d in with_text)


# --- generic corpora -----------------------------------------------------------------------


def test_jsonl_documents(tmp_path: Path) -> None:
    rows = [
        {"id": "doc-1", "title": "Allocation", "text": "Premier texte. " * 150, "url": "https://x/1",
         "date": "2024-03-01", "theme": "Social", "audience": "Particuliers", "source": "CAF"},
        {"id": 2, "title": "Logement", "text": "Second texte."},
    ]
    content = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n\n"
    path = write(tmp_path, "corpus.jsonl", content)
    first, second = parse_jsonl_documents(path, chunk_size=100, chunk_overlap=10)
    assert (first.external_id, first.url, first.date, first.theme, first.audience) == (
        "doc-1", "https://x/1", date(2024, 3, 1), "Social", "Particuliers"
    )
    assert first.metadata == {"source": "CAF"}
    assert len(first.passages) == 3 and first.passages[0].heading is None
    assert (second.external_id, second.text, len(second.passages)) == ("2", "Second texte.", 1)


@pytest.mark.parametrize(
    ("content", "line", "column", "message"),
    [
        ('{"id": "a", "title": "t", "text": "x"}\n{"id": "b", "title": "t" "text": "x"}', 2, None, "JSON invalide"),
        ('{"id": "a", "title": "t"}\n', 1, "text", "obligatoire"),
        ('{"id": "a", "title": "t", "text": "x", "date": "hier"}\n', 1, "date", "date"),
        ('{"id": "a", "title": "t", "text": "x"}\n\n{"id": "a", "title": "t", "text": "y"}', 3, "id", "double"),
        ('["a"]\n', 1, None, "objet JSON"),
    ],
)
def test_jsonl_errors_name_line_and_column(
    tmp_path: Path, content: str, line: int, column: str | None, message: str
) -> None:
    path = write(tmp_path, "corpus.jsonl", content)
    with pytest.raises(InputError, match=message) as caught:
        parse_jsonl_documents(path)
    assert (caught.value.file, caught.value.line, caught.value.column) == (str(path), line, column)


MARKDOWN = """---
url: https://example.fr/guide
date: 2024-02-15
theme: "Travail"
auteur: Équipe
---
Préambule sans titre.

# Guide du congé parental

Le congé parental permet d'interrompre son activité.

## Conditions

Avoir un an d'ancienneté.

### Cas particulier

Les intérimaires aussi.

```
# pas un titre
```

## Démarche

Prévenir l'employeur.
"""


def test_markdown_documents(tmp_path: Path) -> None:
    write(tmp_path, "conge-parental.md", MARKDOWN)
    write(tmp_path, "sub/sans-titre.md", "Juste du texte.\n")
    first, second = parse_markdown_documents(tmp_path)
    assert (first.external_id, first.title, first.url, first.date, first.theme) == (
        "conge-parental", "Guide du congé parental", "https://example.fr/guide", date(2024, 2, 15), "Travail"
    )
    assert first.metadata == {"auteur": "Équipe"}
    assert [(p.heading, p.text) for p in first.passages] == [
        (None, "Préambule sans titre."),
        ("Guide du congé parental", "Le congé parental permet d'interrompre son activité."),
        (
            "Conditions",
            "Avoir un an d'ancienneté.\n\nCas particulier\n\nLes intérimaires aussi.\n\n```\n# pas un titre\n```",
        ),
        ("Démarche", "Prévenir l'employeur."),
    ]
    assert "# Guide" not in first.text and "Guide du congé parental" in first.text
    assert (second.external_id, second.title, second.text) == ("sans-titre", "sans-titre", "Juste du texte.")


def test_markdown_errors(tmp_path: Path) -> None:
    write(tmp_path, "a/doc.md", "---\nurl: x\nsans deux points\n---\ntexte\n")
    with pytest.raises(InputError) as caught:
        parse_markdown_documents(tmp_path / "a")
    assert caught.value.line == 3
    write(tmp_path, "b/doc.md", "---\nurl: x\ndate: 2024-01-01\n")
    with pytest.raises(InputError, match="non refermé"):
        parse_markdown_documents(tmp_path / "b")
    write(tmp_path, "c/x/doc.md", "un")
    write(tmp_path, "c/y/doc.md", "deux")
    with pytest.raises(InputError, match="double"):
        parse_markdown_documents(tmp_path / "c")
    (tmp_path / "d").mkdir()
    with pytest.raises(InputError, match="aucun fichier Markdown"):
        parse_markdown_documents(tmp_path / "d")
