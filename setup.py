"""The package list, which pyproject.toml cannot say: every `cdm_quality*` package, plus the
questionnaire files of `questionnaires/` installed as `cdm_quality/questionnaires` (they stay
where they are edited; `Settings.questionnaires_path` finds either copy)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["cdm_quality*"]), "cdm_quality.questionnaires"],
    package_dir={"cdm_quality.questionnaires": "questionnaires"},
)
