"""A small seeded workbench (corpus of four fiches, questions) shared by tests."""

from __future__ import annotations

from workbench.records import Document, Passage, Question
from workbench.store import Store

THEMES = {
    "carte d'identité": "Pour renouveler votre carte d'identité, faites une pré-demande en ligne puis prenez rendez-vous en mairie.",
    "allocation logement": "L'aide personnalisée au logement (APL) se demande en ligne auprès de la CAF, selon vos ressources et votre loyer.",
    "retraite": "La demande de retraite se fait en ligne, six mois avant la date de départ souhaitée, sur le site de l'Assurance retraite.",
    "permis de conduire": "Un permis de conduire perdu se déclare en ligne sur le site de l'ANTS, qui délivre un nouveau titre.",
}


def seed(store: Store, n_questions: int = 12) -> None:
    docs = [
        Document(
            external_id=f"F{i}",
            title=f"Fiche {topic}",
            text=text,
            url=f"https://www.service-public.fr/particuliers/vosdroits/F{i}",
            passages=[Passage(0, text, "Démarche")],
        )
        for i, (topic, text) in enumerate(THEMES.items())
    ]
    store.import_corpus("kb", docs, chunk_size=200, chunk_overlap=40)
    topics = list(THEMES)
    questions = [
        Question(
            external_id=f"Q{i:03d}",
            text=f"Bonjour, comment faire pour ma {topics[i % len(topics)]} ? Question {i}",
            recorded_answer="Madame, Monsieur, veuillez consulter la fiche. Cordialement.",
            reference_context_ids=[f"F{i % len(topics)}"],
        )
        for i in range(n_questions)
    ]
    store.import_questions("demo", questions)
