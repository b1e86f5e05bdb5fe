"""People: who may do what (`access`), signing in (`auth`, `sessions`) and accounts (`users`)."""
