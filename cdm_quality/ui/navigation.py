"""The registry of pages: which page each role sees, in which group, and the default one.

To add a page: write its script under `cdm_quality/ui/pages/` (starting with
`common.setup()`, or `common.setup_public()` for a page open to visitors), add its title to
the catalogues (`cdm_quality/locale`) as `nav.<key>`, and add one `PageSpec` to `PAGES`
naming the `Permission` its services need: the page is shown to the roles that hold it
(`services.people.access`, the one table of who may do what). `app.py` only asks this module for
the pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from cdm_quality.services.people.access import Permission, Role, roles_holding
from cdm_quality.ui import auth
from cdm_quality.ui.i18n import adopt_account_lang, adopt_browser_lang, t

ANONYMOUS = "anonymous"
SIGNED_IN: frozenset[str] = frozenset(role.value for role in Role)
EVERYONE: frozenset[str] = SIGNED_IN | {ANONYMOUS}
PUBLIC = "public"  # a page open to visitors too (`needs`)
SIGNED_OUT = "signed_out"  # a page for visitors only: signing in
AUTHORITY_GROUP = "nav.group.authority"


@dataclass(frozen=True)
class PageSpec:
    """One page: `key` names its title (`nav.<key>`) and URL; `script` is relative to app.py;
    `needs` is the permission its services ask (on the reader's own Cité or on every one), or
    PUBLIC, or SIGNED_OUT."""

    key: str
    script: str
    icon: str
    group: str
    needs: Permission | str
    default_for: frozenset[str] = frozenset()

    @property
    def audience(self) -> frozenset[str]:
        """The roles shown the page (role values, and ANONYMOUS for a visitor)."""
        if self.needs == PUBLIC:
            return EVERYONE
        if self.needs == SIGNED_OUT:
            return frozenset({ANONYMOUS})
        return frozenset(role.value for role in roles_holding(Permission(self.needs)))


def _script(name: str) -> str:
    return f"cdm_quality/ui/pages/{name}.py"


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "login",
        _script("login"),
        ":material/login:",
        "nav.group.account",
        SIGNED_OUT,
        default_for=frozenset({ANONYMOUS}),
    ),
    PageSpec(
        "overview",
        _script("overview"),
        ":material/dashboard:",
        "nav.group.assessment",
        Permission.read,
        default_for=SIGNED_IN,
    ),
    PageSpec(
        "fill", _script("fill"), ":material/edit_note:", "nav.group.assessment", Permission.read
    ),
    PageSpec(
        "synthesis",
        _script("synthesis"),
        ":material/summarize:",
        "nav.group.assessment",
        Permission.read_files,
    ),
    PageSpec(
        "plan",
        _script("plan"),
        ":material/event_note:",
        "nav.group.assessment",
        Permission.read_files,
    ),
    PageSpec(
        "labelling_file",
        _script("labelling_file"),
        ":material/folder_open:",
        "nav.group.assessment",
        Permission.read_files,
    ),
    # the Cité beside the network: for its team (those who fill it in)
    PageSpec(
        "network", _script("network"), ":material/compare:", "nav.group.assessment", Permission.fill
    ),
    PageSpec(
        "follow_up",
        _script("follow_up"),
        ":material/checklist:",
        AUTHORITY_GROUP,
        Permission.run_campaigns,
    ),
    PageSpec(
        "compare",
        _script("compare"),
        ":material/grid_on:",
        AUTHORITY_GROUP,
        Permission.run_campaigns,
    ),
    PageSpec(
        "campaigns",
        _script("campaigns"),
        ":material/event:",
        AUTHORITY_GROUP,
        Permission.run_campaigns,
    ),
    PageSpec(
        "cites",
        _script("cites"),
        ":material/apartment:",
        "nav.group.admin",
        Permission.record_phase,
    ),
    PageSpec(
        "users", _script("users"), ":material/group:", "nav.group.admin", Permission.manage_users
    ),
    PageSpec(
        "questionnaires",
        _script("questionnaires"),
        ":material/menu_book:",
        "nav.group.reference",
        PUBLIC,
    ),
    PageSpec(
        "dossier", _script("dossier"), ":material/table_chart:", "nav.group.reference", PUBLIC
    ),
)


def pages_for_session() -> dict[str, list[StreamlitPage]]:
    """The pages of whoever is signed in on this session (resolved once per run), titled in
    the language their account keeps, else the browser's, from the first run on."""
    adopt_browser_lang()
    current = auth.resolve()
    adopt_account_lang(current)
    return navigation_pages(current.role.value if current else None)


def page_of(key: str) -> str:
    """The script of the page registered as `key` (for `st.switch_page`)."""
    return next(spec.script for spec in PAGES if spec.key == key)


def audience_of(role: str | None) -> str:
    """The audience name of a role; None (nobody signed in) is ANONYMOUS."""
    return role or ANONYMOUS


def specs_for(role: str | None) -> list[PageSpec]:
    """The pages shown to `role` (None: signed out), in registry order."""
    audience = audience_of(role)
    return [spec for spec in PAGES if audience in spec.audience]


def navigation_pages(role: str | None) -> dict[str, list[StreamlitPage]]:
    """`st.navigation` input for `role`, grouped and titled in the session's language.

    Signed out, the pages of signed-in users are registered hidden: a reload on such a page
    asks to sign in there and then shows the same page again.
    """
    visible = specs_for(role)
    groups: dict[str, list[StreamlitPage]] = {}
    for spec in visible:
        default = audience_of(role) in spec.default_for
        groups.setdefault(t(spec.group), []).append(_page(spec, default=default))
    if role is None:
        hidden = [spec for spec in PAGES if spec not in visible and spec.audience & SIGNED_IN]
        groups.setdefault(t("nav.group.account"), []).extend(
            _page(spec, hidden=True) for spec in hidden
        )
    return groups


def _page(spec: PageSpec, *, default: bool = False, hidden: bool = False) -> StreamlitPage:
    return st.Page(
        spec.script,
        title=t(f"nav.{spec.key}"),
        icon=spec.icon,
        url_path=spec.key,
        default=default,
        visibility="hidden" if hidden else "visible",
    )
