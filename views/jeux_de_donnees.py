import streamlit as st

from workbench import importing
from workbench.ui import data_table, empty_state, get_store, lazy_tabs, run_action, safe_link, t, uploaded_file

# French headers (the frames keep the store's column names).
QUESTION_COLUMNS = {
    "id": "Identifiant", "question": "Question", "theme": "Thème", "structure": "Structure",
    "reference_answer": "Réponse de référence", "reference_context_ids": "Fiches de référence",
    "recorded_answer": "Réponse historique",
}
DOCUMENT_COLUMNS = {
    "id": "Fiche", "title": "Titre", "url": st.column_config.LinkColumn("Adresse"), "theme": "Thème",
    "audience": "Public", "date": "Mise à jour", "doc_type": "Type", "description": "Description",
}
EXPERIENCE_COLUMNS = {
    "id": "Identifiant", "published_at": "Publiée le", "first_reply_at": "Première réponse le", "theme": "Thème",
    "structures": "Structures", "user_feeling": "Ressenti", "status": "Statut", "useful": "Utile",
    "description": "Expérience", "replies": "Réponses", "ai_similarity": "Similarité IA",
}
FEEDBACK_COLUMNS = {"agent": "Agent", "date": "Date", "sentiment": "Sentiment", "comment": "Commentaire"}

st.title(t("Jeux de données"))
store = get_store()

tab_questions, tab_corpus, tab_experiences, tab_feedback, tab_import = lazy_tabs(
    ["Questions", "Corpus", "Expériences", "Retours d'agents", "Importer"], key="datasets_tab",
    keep=("dataset_choice", "corpus_choice", "import_kind"),
)

if tab_questions.open:
    with tab_questions:
        datasets = store.datasets()
        if not datasets:
            empty_state("Aucun jeu de questions. Importez un fichier dans l'onglet « Importer ».")
        else:
            labels = {f"{d['name']}@{d['version']} — {d['n_questions']} questions": d["id"] for d in datasets}
            choice = st.selectbox("Jeu de questions", list(labels), key="dataset_choice")
            data_table(store.questions_frame(labels[choice]), column_config=QUESTION_COLUMNS)

if tab_corpus.open:
    with tab_corpus:
        corpora = store.corpora()
        if not corpora:
            empty_state("Aucun corpus. Importez des fiches DILA dans l'onglet « Importer ».")
        else:
            labels = {f"{c['name']}@{c['version']} — {c['n_documents']} fiches, {c['n_passages']} passages": c["id"] for c in corpora}
            choice = st.selectbox("Corpus", list(labels), key="corpus_choice")
            documents = store.documents_frame(labels[choice])
            documents["url"] = documents["url"].map(safe_link)
            data_table(documents, column_config=DOCUMENT_COLUMNS)

if tab_experiences.open:
    with tab_experiences:
        experiences = store.experiences_frame(limit=500)
        if experiences.empty:
            empty_state("Aucune expérience Services Publics+. Importez un export dans l'onglet « Importer ».")
        else:
            st.caption("Textes pseudonymisés à l'import : les données personnelles sont remplacées par <NOM>, <TEL>, <EMAIL>…")
            data_table(experiences, column_config=EXPERIENCE_COLUMNS)

if tab_feedback.open:
    with tab_feedback:
        feedback = store.agent_feedback_frame()
        if feedback.empty:
            empty_state("Aucun retour d'agent. Importez un CSV agent,date,sentiment,comment.")
        else:
            data_table(feedback, column_config=FEEDBACK_COLUMNS)

if tab_import.open:
    with tab_import:
        kinds = {
            "Questions (CSV, JSONL, Parquet, SQuAD)": "questions",
            "Corpus (zip de fiches DILA, JSONL)": "corpus",
            "Expériences Services Publics+ (CSV, JSON)": "experiences",
            "Retours d'agents (CSV)": "agent_feedback",
        }
        kind = kinds[st.selectbox("Type de données", list(kinds), key="import_kind")]
        name = None
        if kind in ("questions", "corpus"):
            name = st.text_input("Nom", value="questions" if kind == "questions" else "fiches", key="import_name")
        upload = st.file_uploader("Fichier", key="import_file")
        if st.button("Importer", type="primary", disabled=upload is None, key="import_button"):
            with uploaded_file(upload) as path:
                if kind == "questions":
                    run_action(
                        lambda: importing.import_questions(store, path, name),
                        success=lambda r: f"{r.name}@{r.version} : {r.counts['questions']} questions"
                        + ("" if r.created else " (contenu identique déjà importé)"),
                    )
                elif kind == "corpus":
                    fmt = "jsonl" if path.suffix in (".jsonl", ".ndjson") else "dila"
                    run_action(
                        lambda: importing.import_corpus(store, path, name, fmt=fmt),
                        success=lambda r: f"{r.name}@{r.version} : {r.counts['documents']} documents, {r.counts['passages']} passages",
                    )
                elif kind == "experiences":
                    run_action(
                        lambda: importing.import_experiences(store, path),
                        success=lambda r: f"{r['experiences']} expériences et {r['replies']} réponses importées (pseudonymisées)",
                    )
                else:
                    run_action(
                        lambda: importing.import_agent_feedback(store, path),
                        success=lambda r: f"{r['agent_feedback']} retours lus, {r['new']} nouveaux",
                    )
