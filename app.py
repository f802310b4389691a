"""Streamlit entrypoint: page config, navigation by role, shared sidebar.

Roles decide which pages show: the product owner sees every page, an agent sees Accueil and
Évaluer, ministry staff Accueil and Indicateurs. With no login configured, the role is chosen in
the sidebar and defaults to product owner.

Real login (optional): Streamlit's ``st.login`` with an OIDC provider. Put in
``.streamlit/secrets.toml`` (never committed)::

    [auth]
    redirect_uri = "https://workbench.example.gouv.fr/oauth2callback"
    cookie_secret = "…a long random string…"
    client_id = "…"
    client_secret = "…"
    server_metadata_url = "https://…/.well-known/openid-configuration"   # e.g. ProConnect

    [workbench.roles]            # e-mail → product_owner | agent | ministry
    "cheffe.produit@numerique.gouv.fr" = "product_owner"
    "*" = "agent"                # everyone else

With ``[auth]`` present, the app asks to log in and the role comes from ``[workbench.roles]``
(unknown users: agent); without it, the sidebar's role choice applies.
"""

import streamlit as st

from workbench.errors import StoreBusyError
from workbench.ui import (
    DEFAULT_ROLE, ROLES, get_store, login_configured, md, pages_for, role_of_logged_in_user, t, warm_up_imports,
)

st.set_page_config(page_title="workbench — services publics", page_icon="🇫🇷", layout="wide")


def navigation(role: str):
    specs = pages_for(role)
    return st.navigation(
        [
            st.Page(p.file, title=t(p.title), icon=p.icon, url_path=p.url_path, default=(i == 0))
            for i, p in enumerate(specs)
        ]
    )


# The sidebar's choices live in plain Session State keys, copied from their widgets by callbacks,
# and the widgets are redrawn from them, so they survive page switches whatever the widget ids.
st.session_state.setdefault("lang_en", False)
st.session_state.setdefault("role_choice", DEFAULT_ROLE)


def _remember(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]


with st.sidebar:
    st.markdown("**workbench**  \n" + t("Évaluer les réponses d'IA des services publics"))
    st.toggle(
        t("English"), value=st.session_state["lang_en"], key="lang_toggle", help="Afficher les principaux libellés en anglais",
        on_change=_remember, args=("lang_toggle", "lang_en"),
    )
    if login_configured():
        if not st.user.is_logged_in:
            st.button(t("Se connecter"), on_click=st.login, type="primary")
            st.stop()
        role = role_of_logged_in_user()
        st.caption(f"{st.user.get('email', '')} — {t(ROLES[role])}")
        st.button(t("Se déconnecter"), on_click=st.logout)
    else:
        st.selectbox(
            t("Rôle"),
            list(ROLES),
            index=list(ROLES).index(st.session_state["role_choice"]),
            format_func=ROLES.get,
            key="role",
            help="Sans connexion configurée, chacun choisit son rôle ; il décide des pages affichées.",
            on_change=_remember,
            args=("role", "role_choice"),
        )
        role = st.session_state["role_choice"]

st.session_state["active_role"] = role
page = navigation(role)
try:
    # The page's reads share one opening of the database file (≈ 5 ms saved per read).
    with get_store().lease():
        page.run()
except StoreBusyError as error:
    st.warning(md(error), icon=":material/hourglass_top:")
    st.button(t("Réessayer"), key="retry_busy")
finally:
    warm_up_imports()  # once per server process, after the first page is drawn
