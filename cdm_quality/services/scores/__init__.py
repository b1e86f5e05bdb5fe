"""Scores over many responses: frozen questionnaires, their key tables and the SQL aggregates
over them."""
