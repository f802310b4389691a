import streamlit as st

from workbench import pipeline_files as pf
from workbench.errors import WorkbenchError
from workbench.ui import data_table, empty_state, get_store, lazy_tabs, md, open_tab, run_action, t

st.title(t("Pipelines"))
st.caption(
    "Un pipeline associe une recherche documentaire (quelles fiches le modèle voit) et une génération"
    f" (qui rédige la réponse). Fichiers enregistrés dans « {md(pf.user_pipelines_dir())} »."
)
store = get_store()
files = pf.pipeline_files()
FORM = "pf_"  # prefix of the form's widget keys
TABS = "pipelines_tab"


def load_into_form(values: dict) -> None:
    """Fill the form and open its tab (before its widgets are drawn: called from a button's callback)."""
    for key, value in values.items():
        st.session_state[FORM + key] = value
    st.session_state.pop("pf_models", None)
    open_tab(TABS, "Nouvelle configuration")


# Keep the form's values while some of its widgets are hidden (Streamlit forgets the state of
# widgets it does not draw): re-assign them at the top of each run, defaults where missing.
for _key, _default in pf.form_values().items():
    st.session_state[FORM + _key] = st.session_state.get(FORM + _key, _default)

tab_list, tab_form = lazy_tabs(["Configurations", "Nouvelle configuration"], key=TABS, keep=("pipeline_view",))

if tab_list.open:
    with tab_list:
        if not files:
            empty_state("Aucune configuration : créez-en une dans l'onglet « Nouvelle configuration ».")
        else:
            data_table(
                [
                    {
                        "nom": f.config.name if f.config else f.path.stem,
                        "fichier": f.path.name,
                        "origine": "fourni" if f.bundled else "enregistré",
                        "recherche": f.config.retrieval.kind if f.config else "",
                        "génération": f.config.generation.kind if f.config else "",
                        "validité": "valide" if f.config else f"invalide : {f.error}",
                    }
                    for f in files
                ],
                key="pipelines_table",
            )
            by_label = {f.label: f for f in files}
            chosen = by_label[st.selectbox("Configuration", list(by_label), key="pipeline_view")]
            if chosen.config is None:
                st.error(md(chosen.error), icon=":material/warning:")
            else:
                if chosen.config.description:
                    st.caption(md(chosen.config.description))
                st.code(chosen.path.read_text(encoding="utf-8"), language="toml")
                clone = pf.form_values(chosen.config)
                clone["name"] = f"{chosen.config.name}-copie"
                st.button(
                    "Cloner dans le formulaire",
                    key="pipeline_clone",
                    on_click=load_into_form,
                    args=(clone,),
                    help="Copie cette configuration dans l'onglet « Nouvelle configuration » et l'ouvre, pour la modifier.",
                )

if tab_form.open:
    with tab_form:
        st.button("Réinitialiser le formulaire", key="pf_reset", on_click=load_into_form, args=(pf.form_values(),))
        st.text_input("Nom du pipeline", key=FORM + "name", max_chars=120)
        st.text_input("Description", key=FORM + "description")

        st.subheader("Recherche documentaire")
        c1, c2, c3 = st.columns(3)
        r_kind = c1.selectbox(
            "Type de recherche",
            ["none", "bm25", "dense", "hybrid"],
            key=FORM + "r_kind",
            format_func={"none": "aucune", "bm25": "BM25 (lexicale)", "dense": "dense (encodeur)", "hybrid": "hybride (BM25 + dense)"}.get,
        )
        if r_kind != "none":
            corpora = store.corpora()
            names = sorted({c["name"] for c in corpora}) + [f"{c['name']}@{c['version']}" for c in corpora if not c["latest"]]
            if st.session_state.get(FORM + "r_corpus") not in names:
                st.session_state[FORM + "r_corpus"] = names[0] if names else None
            if not names:
                c2.warning("Aucun corpus : importez des fiches dans « Jeux de données ».", icon=":material/warning:")
            else:
                c2.selectbox("Corpus", names, key=FORM + "r_corpus", help="nom (dernière version) ou nom@version")
            c3.number_input("Passages retenus (k)", min_value=1, max_value=50, step=1, key=FORM + "r_k")
            c4, c5, c6 = st.columns(3)
            c4.number_input(
                "Taille des passages (mots)", min_value=20, max_value=2000, step=10,
                key=FORM + "r_chunk_size", placeholder="comme à l'import",
            )
            c5.number_input(
                "Chevauchement (mots)", min_value=0, max_value=1000, step=10,
                key=FORM + "r_chunk_overlap", placeholder="comme à l'import",
            )
            c6.number_input(
                "Score minimal", step=0.1, key=FORM + "r_min_score", placeholder="aucun",
                help="Les passages sous ce score ne sont pas transmis au générateur.",
            )
            if r_kind in ("dense", "hybrid"):
                st.selectbox(
                    "Encodeur", ["local", "openai"], key=FORM + "r_encoder",
                    format_func={"local": "local (multilingue, sans réseau)", "openai": "serveur /v1/embeddings"}.get,
                )

        st.subheader("Génération")
        g1, g2 = st.columns(2)
        g_kind = g1.selectbox(
            "Type de génération",
            ["extractive", "recorded", "openai", "vllm"],
            key=FORM + "g_kind",
            format_func={
                "extractive": "extractive (sans modèle)",
                "recorded": "réponses historiques",
                "openai": "serveur compatible OpenAI (vLLM, Albert…)",
                "vllm": "vLLM en local (GPU)",
            }.get,
        )
        templates = [None, *pf.prompt_templates()]
        if st.session_state.get(FORM + "g_prompt") not in templates:
            st.session_state[FORM + "g_prompt"] = templates[-1] if len(templates) > 1 else None
        g2.selectbox("Gabarit de prompt", templates, key=FORM + "g_prompt", format_func=lambda p: p or "(aucun)")

        if g_kind == "extractive":
            st.number_input("Phrases retenues", min_value=1, max_value=20, step=1, key=FORM + "g_max_sentences")
        if g_kind == "openai":
            e1, e2 = st.columns([3, 2])
            e1.text_input("Adresse du serveur (base_url)", key=FORM + "g_base_url", placeholder="http://127.0.0.1:8000/v1")
            e2.text_input(
                "Variable d'environnement de la clé", key=FORM + "g_api_key_env",
                help="Le nom de la variable, jamais la clé elle-même (elle n'est pas écrite dans le fichier).",
            )

            def discover() -> None:
                try:
                    st.session_state["pf_models"] = pf.discover_models(
                        st.session_state[FORM + "g_base_url"], st.session_state[FORM + "g_api_key_env"] or None
                    )
                    st.session_state["pf_models_error"] = None
                    if st.session_state["pf_models"]:
                        st.session_state[FORM + "g_model"] = st.session_state["pf_models"][0]
                except WorkbenchError as error:
                    st.session_state["pf_models_error"] = str(error)

            st.button(t("Découvrir les modèles"), key="pf_discover", on_click=discover, help="Interroge /v1/models")
            if st.session_state.get("pf_models_error"):
                st.error(md(st.session_state["pf_models_error"]), icon=":material/warning:")
        if g_kind in ("openai", "vllm"):
            models = st.session_state.get("pf_models") or []
            if g_kind == "openai" and models:
                if st.session_state.get(FORM + "g_model") not in models:
                    st.session_state[FORM + "g_model"] = models[0]
                st.selectbox("Modèle", models, key=FORM + "g_model", help=f"{len(models)} modèle(s) déclaré(s) par le serveur")
            else:
                st.text_input(
                    "Modèle", key=FORM + "g_model",
                    placeholder="vide : le premier modèle du serveur" if g_kind == "openai" else "identifiant du modèle",
                )
            m1, m2, m3, m4 = st.columns(4)
            m1.number_input("Température", min_value=0.0, max_value=2.0, step=0.1, key=FORM + "g_temperature")
            m2.number_input("top_p", min_value=0.01, max_value=1.0, step=0.05, key=FORM + "g_top_p")
            m3.number_input("Jetons maximum", min_value=1, max_value=32768, step=64, key=FORM + "g_max_tokens")
            m4.number_input("Graine (seed)", min_value=0, step=1, key=FORM + "g_seed", placeholder="aucune")
            if g_kind == "openai":
                s1, s2 = st.columns(2)
                s1.checkbox("Flux (stream) : mesure le premier jeton", key=FORM + "g_stream")
                s2.number_input("Délai maximal par requête (s)", min_value=1.0, max_value=600.0, step=5.0, key=FORM + "g_timeout_s")

        values = {key[len(FORM):]: value for key, value in st.session_state.items() if isinstance(key, str) and key.startswith(FORM)}
        try:
            pipeline = pf.config_from_form(values)
            problem = None
        except WorkbenchError as error:
            pipeline, problem = None, str(error)

        if st.session_state[FORM + "g_prompt"]:
            with st.expander(t("Aperçu du prompt")):
                datasets = store.datasets()
                if not datasets:
                    st.caption("Importez un jeu de questions pour voir le prompt rendu sur une question.")
                elif pipeline is None:
                    st.caption("Corrigez la configuration pour voir l'aperçu.")
                else:
                    labels = {f"{d['name']}@{d['version']}": d["id"] for d in datasets}
                    p1, p2 = st.columns([3, 1])
                    dataset_id = labels[p1.selectbox("Jeu de questions de l'aperçu", list(labels), key="pf_preview_dataset")]
                    sample = store.questions_frame(dataset_id, limit=50)
                    position = p2.number_input("Question n°", min_value=1, max_value=max(1, len(sample)), step=1, key="pf_preview_index")
                    shown_for = (pipeline.id, dataset_id, int(position))
                    if st.button(t("Afficher le prompt rendu"), key="pf_preview"):
                        row = sample.iloc[int(position) - 1]
                        question = {"text": row["question"], "theme": row["theme"], "structure": row["structure"]}
                        messages = run_action(lambda: pf.preview_messages(store, pipeline, question), success="Prompt rendu")
                        st.session_state["pf_preview_messages"] = (shown_for, messages or [])
                    # The preview stays until the configuration or the question changes.
                    preview_key, messages = st.session_state.get("pf_preview_messages", (None, []))
                    if preview_key == shown_for:
                        for message in messages:
                            st.markdown(f"**{message['role']}**")
                            st.code(message["content"], language=None, wrap_lines=True)

        st.divider()
        if problem:
            st.error(md(problem), icon=":material/warning:")
        else:
            with st.expander("TOML qui sera enregistré"):
                st.code(pipeline.to_toml(), language="toml")
        overwrite = st.checkbox("Remplacer le fichier s'il existe", key="pf_overwrite")
        if st.button(t("Enregistrer"), type="primary", key="pf_save", disabled=pipeline is None):
            run_action(
                lambda: pf.save_pipeline_file(pipeline, overwrite=overwrite),
                success=lambda path: f"Pipeline « {pipeline.name} » enregistré dans {path} (identifiant {pipeline.id})",
            )
