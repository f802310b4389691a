import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from workbench import exports, kpi
from workbench.charts import reference_line
from workbench.errors import WorkbenchError
from workbench.ui import data_table, empty_state, get_store, md, t

# French headers and formats for the KPI tables (the JSON keys stay the CLI's).
KPI_COLUMNS = {
    "month": st.column_config.TextColumn("Mois"),
    "structure": st.column_config.TextColumn("Structure"),
    "theme": st.column_config.TextColumn("Thème"),
    "experiences": st.column_config.NumberColumn("Expériences", format="%d"),
    "answered_share": st.column_config.NumberColumn("Avec réponse", format="percent"),
    "mean_response_days": st.column_config.NumberColumn("Délai moyen (j)", format="%.2f"),
    "median_response_days": st.column_config.NumberColumn("Délai médian (j)", format="%.1f"),
    "ai_assisted_share": st.column_config.NumberColumn("Assistées par l'IA", format="percent"),
    "satisfaction_share": st.column_config.NumberColumn("Usagers satisfaits", format="percent"),
    "agent_positive_share": st.column_config.NumberColumn("Agents positifs", format="percent"),
}

st.title(t("Indicateurs"))
st.caption(
    "Réponses aux expériences Services Publics+ : délais, part assistée par l'IA, satisfaction des"
    " usagers et avis des agents, au regard des objectifs publics. Consultation seule."
)
store = get_store()
everything = kpi.report(store)
if not everything["experiences"]:
    empty_state("Aucune expérience Services Publics+ : importez un export depuis « Jeux de données » (ou `workbench demo`).")
    st.stop()

structures = sorted(r["structure"] for r in everything["by_structure"] if r["structure"])
themes = sorted(r["theme"] for r in everything["by_theme"] if r["theme"])
with st.container(border=True):
    f1, f2, f3, f4 = st.columns(4)
    start = f1.date_input(t("Publiées à partir du"), value=None, key="kpi_from", format="DD/MM/YYYY")
    end = f2.date_input(t("Jusqu'au"), value=None, key="kpi_to", format="DD/MM/YYYY")
    structure = f3.selectbox(t("Structure"), [None, *structures], key="kpi_structure", format_func=lambda s: "toutes" if s is None else s)
    theme = f4.selectbox(t("Thème"), [None, *themes], key="kpi_theme", format_func=lambda s: "tous" if s is None else s)
    s1, s2 = st.columns([1, 3])
    compare = s1.toggle(t("Avant / après"), key="kpi_compare")
    split = s2.date_input(t("Date de bascule"), value=None, key="kpi_split", format="DD/MM/YYYY", disabled=not compare)

try:
    scope = kpi.KpiScope(start=start, end=end, structure=structure, theme=theme).check()
    result = kpi.report(store, scope, split=split if compare and split else None)
except WorkbenchError as error:
    st.error(md(error), icon=":material/warning:")
    st.stop()


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f} %"


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} j".replace(".", ",")


def tiles(figures: dict, *, prefix: str = "") -> None:
    cols = st.columns(4)
    cols[0].metric(
        t("Délai moyen de réponse"), days(figures["mean_response_days"]),
        help=f"objectif : {kpi.TARGET_RESPONSE_DAYS} jours (partait de {kpi.BASELINE_RESPONSE_DAYS}) ;"
        f" médiane {days(figures['median_response_days'])}",
    )
    cols[1].metric(t("Réponses assistées par l'IA"), percent(figures["ai_assisted_share"]), help="objectif : 1 réponse sur 2")
    cols[2].metric(t("Usagers satisfaits"), percent(figures["satisfaction_share"]), help=f"objectif : {percent(kpi.TARGET_SATISFACTION_SHARE)}")
    cols[3].metric(t("Agents positifs sur l'IA"), percent(figures["agent_positive_share"]), help=f"objectif : {percent(kpi.TARGET_AGENT_POSITIVE_SHARE)}")
    st.caption(
        f"{prefix}{figures['experiences']} expérience(s), dont {percent(figures['answered_share'])} avec une réponse."
        f" Objectifs : {kpi.TARGET_RESPONSE_DAYS} jours, 1 réponse sur 2 assistée par l'IA,"
        f" {percent(kpi.TARGET_SATISFACTION_SHARE)} d'usagers satisfaits, {percent(kpi.TARGET_AGENT_POSITIVE_SHARE)} d'agents positifs."
    )


if not result["experiences"]:
    empty_state("Aucune expérience dans ce périmètre : élargissez les filtres.")
    st.stop()
tiles(result)

if "before" in result:
    st.subheader(t("Avant / après"))
    rows = []
    for label, figures in ((f"avant le {split:%d/%m/%Y}", result["before"]), (f"à partir du {split:%d/%m/%Y}", result["after"])):
        rows.append({
            "période": label, "expériences": figures["experiences"],
            "délai moyen (j)": figures["mean_response_days"], "délai médian (j)": figures["median_response_days"],
            "assistées par l'IA": percent(figures["ai_assisted_share"]),
            "satisfaction": percent(figures["satisfaction_share"]),
            "agents positifs": percent(figures["agent_positive_share"]),
        })
    data_table(pd.DataFrame(rows), key="kpi_before_after")

months = pd.DataFrame(result["by_month"])
st.subheader(t("Évolution mensuelle"))
if months.empty:
    st.caption("Aucun mois à afficher.")
else:
    delay = go.Figure()
    delay.add_scatter(x=months["month"], y=months["mean_response_days"], mode="lines+markers", name="délai moyen")
    delay.add_scatter(x=months["month"], y=months["median_response_days"], mode="lines+markers", name="délai médian", line=dict(dash="dot"))
    reference_line(delay, y=kpi.TARGET_RESPONSE_DAYS, text=f"objectif {kpi.TARGET_RESPONSE_DAYS} j")
    delay.update_layout(title="Délai de première réponse (jours)", height=340, margin=dict(l=10, r=10, t=50, b=30))
    st.plotly_chart(delay, key="kpi_delay_chart")
    shares = go.Figure()
    shares.add_scatter(x=months["month"], y=months["ai_assisted_share"], mode="lines+markers", name="assistées par l'IA")
    shares.add_scatter(x=months["month"], y=months["satisfaction_share"], mode="lines+markers", name="usagers satisfaits", line=dict(dash="dot"))
    reference_line(shares, y=kpi.TARGET_AI_ASSISTED_SHARE, text="objectif IA : 1 sur 2")
    reference_line(shares, y=kpi.TARGET_SATISFACTION_SHARE, text="objectif satisfaction", dash="dashdot")
    shares.update_layout(title="Parts mensuelles", yaxis_tickformat=".0%", height=340, margin=dict(l=10, r=10, t=50, b=30))
    st.plotly_chart(shares, key="kpi_share_chart")
    data_table(months, key="kpi_months", column_config=KPI_COLUMNS)

by_structure = pd.DataFrame(result["by_structure"])
by_theme = pd.DataFrame(result["by_theme"])
c1, c2 = st.columns(2)
with c1:
    st.subheader(t("Par structure"))
    data_table(by_structure, key="kpi_by_structure", column_config=KPI_COLUMNS)
with c2:
    st.subheader(t("Par thème"))
    data_table(by_theme.fillna({"theme": "(sans thème)"}), key="kpi_by_theme", column_config=KPI_COLUMNS)

st.subheader(t("Exporter"))
e1, e2, e3 = st.columns(3)
e1.download_button("Mois (CSV)", exports.to_csv_bytes(months), "indicateurs_par_mois.csv", "text/csv", key="kpi_export_months")
e2.download_button("Structures (CSV)", exports.to_csv_bytes(by_structure), "indicateurs_par_structure.csv", "text/csv", key="kpi_export_structures")
e3.download_button("Thèmes (CSV)", exports.to_csv_bytes(by_theme), "indicateurs_par_theme.csv", "text/csv", key="kpi_export_themes")
