"""Assessing a self-assessment once answered: the team's ratings, the authority's review and
the synthesis of remarks."""
