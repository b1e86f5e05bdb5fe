"""Sign in (local account or OpenID Connect)."""

from cdm_quality.ui import common, signin

common.setup_public()
signin.sign_in_form()
