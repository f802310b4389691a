import streamlit as st

from workbench import ratings
from workbench.ui import contexts_of, data_table, empty_state, get_store, lazy_tabs, md, run_action, run_label, show_sources, t

st.title(t("Évaluer"))
st.caption(
    "Notez les réponses à l'aveugle selon la grille France services : vous ne voyez jamais quel"
    " pipeline a produit une réponse, et l'ordre des réponses vous est propre."
)
store = get_store()

# The name lives in a plain Session State key (copied from the widget), so it survives page switches.
st.session_state.setdefault("rater", "")


def _remember_rater() -> None:
    st.session_state["rater"] = st.session_state["rater_name"]


rater = st.text_input(
    t("Votre nom d'évaluateur"), value=st.session_state["rater"], key="rater_name",
    help="Il accompagne chacune de vos notes.", on_change=_remember_rater,
)
if not rater.strip():
    empty_state("Indiquez votre nom pour commencer à évaluer.")
    st.stop()

runs = store.runs_summary()
if not any(r["answered"] for r in runs):
    empty_state("Aucune réponse à évaluer : un rejeu doit d'abord être lancé (page « Rejouer » ou `workbench demo`).")
    st.stop()

flash = st.session_state.pop("rate_flash", None)
if flash:
    st.success(md(flash), icon=":material/check_circle:")

product_owner = st.session_state.get("active_role", "product_owner") == "product_owner"
rate_tab, pair_tab = lazy_tabs(
    ["Noter des réponses", "Comparer deux réponses (A/B)"], key="rate_tabs", keep=("rate_campaign", "rate_run", "pair_choice_set")
)

if rate_tab.open:
    with rate_tab:
        campaigns = {c["id"]: c for c in store.campaigns() if product_owner or rater in c["raters"]}
        campaign_id = None
        if campaigns:
            campaign_id = st.selectbox(
                t("Campagne"), [None, *campaigns], key="rate_campaign",
                format_func=lambda c: "Hors campagne" if c is None else f"Campagne « {campaigns[c]['name']} »",
            )
        if campaign_id is not None:
            queue = ratings.campaign_queue(store, campaign_id, rater)
            if product_owner:
                board = ratings.campaign_progress(store, campaign_id)
                st.caption(f"Campagne : {board['rated']} note(s) sur {board['assigned']} attendue(s).")
                data_table(
                    [{"évaluateur": name, "notées": v["rated"], "attribuées": v["assigned"]} for name, v in board["raters"].items()],
                    key="campaign_board",
                )
            if not queue:
                empty_state("Vous ne faites pas partie de cette campagne.")
        else:
            run_ids = None
            if product_owner:
                by_id = {r["run_id"]: r for r in runs if r["answered"]}
                choice = st.selectbox(
                    "Réponses à noter", ["__blind__", *by_id], key="rate_run",
                    format_func=lambda r: "File à l'aveugle (toutes les exécutions)" if r == "__blind__" else run_label(by_id[r]),
                )
                run_ids = None if choice == "__blind__" else [choice]
            queue = ratings.rating_queue(store, rater, run_ids)
        done, total = ratings.progress(queue)
        st.progress(done / total if total else 0.0, text=f"{done} réponse(s) notée(s) sur {total}")
        # The answer on screen stays put while it is unrated, even if new runs reshuffle the queue;
        # another queue (rater, campaign, run filter) starts from its own first answer.
        queue_key = (rater, campaign_id, st.session_state.get("rate_run"))
        pinned = st.session_state.get("rate_item")
        item = ratings.current_item(queue, pinned[1] if pinned is not None and pinned[0] == queue_key else None)
        st.session_state["rate_item"] = (queue_key, (item.run_id, item.question_id)) if item is not None else None
        if item is None and queue:
            st.success("Toutes les réponses de votre file sont notées. Merci !", icon=":material/task_alt:")
        elif item is not None:
            st.markdown(f"**{t('Question')}**")
            st.text(item.question)  # citizen text: inert
            st.markdown(f"**{t('Réponse')}**")
            st.text(item.answer)
            with st.expander(t("Sources")):
                show_sources(contexts_of(item.contexts), key="rate_sources")
            with st.form("rate_form", clear_on_submit=True, enter_to_submit=True):
                stars = st.select_slider(
                    t("Note (étoiles)"), options=ratings.STAR_VALUES, value=3.0, key="rate_stars",
                    format_func=lambda v: f"{v:g} ★",
                )
                c1, c2 = st.columns(2)
                positive = c1.multiselect(
                    t("Points forts"), list(ratings.POSITIVE_TAGS), key="rate_positive",
                    format_func=ratings.POSITIVE_TAGS.get, placeholder="aucun",
                )
                negative = c2.multiselect(
                    t("Défauts"), list(ratings.NEGATIVE_TAGS), key="rate_negative",
                    format_func=ratings.NEGATIVE_TAGS.get, placeholder="aucun",
                )
                comment = st.text_area(t("Commentaire"), key="rate_comment", help="Les données personnelles sont masquées avant l'enregistrement.")
                good = st.checkbox(t("Bonne réponse"), key="rate_good")
                submitted = st.form_submit_button(t("Enregistrer et passer à la suivante"), type="primary")
            if submitted:
                saved = run_action(
                    lambda: ratings.rate(
                        store, item.run_id, item.question_id, rater=rater, stars=stars,
                        positive=positive, negative=negative, comment=comment, good_answer=good,
                    ),
                    success="Note enregistrée.",
                )
                if saved is not None:
                    st.session_state["rate_flash"] = f"Note enregistrée ({saved['stars']:g}/5)."
                    st.rerun()

if pair_tab.open:
    with pair_tab:
        pairs = ratings.comparable_pairs(runs)
        if not pairs:
            empty_state("Il faut deux exécutions terminées sur le même jeu de questions pour comparer des réponses.")
        else:
            # Options are the pairs themselves (not positions): a run finishing meanwhile adds a
            # pair without changing the one on screen.
            pair_labels = {(x, y): f"Comparaison {i + 1} — {label}" for i, (x, y, label) in enumerate(pairs)}
            run_x, run_y = st.selectbox("Comparaison", list(pair_labels), key="pair_choice_set", format_func=pair_labels.get)
            queue = ratings.pair_queue(store, rater, run_x, run_y)
            if product_owner:
                rates = ratings.win_rates(store, run_x, run_y)
                if rates["comparisons"]:
                    labels = {r["run_id"]: r["pipeline"] for r in runs}
                    data_table(
                        [
                            {"pipeline": labels.get(run_id, run_id), "exécution": run_id, "victoires": v["wins"],
                             "taux": v["win_rate"], "IC bas": v["ci_low"], "IC haut": v["ci_high"]}
                            for run_id, v in rates["runs"].items()
                        ],
                        key="pair_win_rates",
                    )
                    st.caption(f"{rates['comparisons']} choix dont {rates['ties']} égalité(s), exclues du taux (IC de Wilson à 95 %).")
            done = sum(p["done"] for p in queue)
            st.progress(done / len(queue) if queue else 0.0, text=f"{done} comparaison(s) sur {len(queue)}")
            pair = next((p for p in queue if not p["done"]), None)
            if pair is None:
                st.success("Toutes les paires de cette comparaison sont jugées. Merci !", icon=":material/task_alt:")
            else:
                st.markdown(f"**{t('Question')}**")
                st.text(pair["question"])
                left, right = st.columns(2)
                left.markdown("**Réponse A**")
                left.text(pair["answer_a"])
                right.markdown("**Réponse B**")
                right.text(pair["answer_b"])
                with st.form("pair_form", clear_on_submit=True):
                    choice = st.radio(
                        t("Quelle réponse préférez-vous ?"), list(ratings.CHOICES), key="pair_choice",
                        format_func=ratings.CHOICES.get, horizontal=True,
                    )
                    reason = st.text_input(t("Pourquoi ?"), key="pair_reason")
                    submitted = st.form_submit_button(t("Enregistrer et passer à la suivante"), type="primary")
                if submitted:
                    saved = run_action(
                        lambda: ratings.record_preference(
                            store, rater=rater, question_id=pair["question_id"], run_a=pair["run_a"],
                            run_b=pair["run_b"], choice=choice, reason=reason,
                        ),
                        success="Choix enregistré.",
                    )
                    if saved is not None:
                        st.session_state["rate_flash"] = "Choix enregistré."
                        st.rerun()
