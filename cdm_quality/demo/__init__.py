"""The demo: a network of Cités with three years of self-assessments, plans, a team's
ratings, a review and evidence files, made from the real questionnaires (`cdm-quality demo`,
`make run` on an empty database).

It sits above the services, like the command line: it builds its data through them (and
straight into the tables where a service would be slow), and no service imports it.
`build` decides who answers what and writes it; `content` reads what the demo says from
`data.yaml`; `review` and `attachments` add the authority's review and the evidence files.
"""

from cdm_quality.demo.build import (
    CITES,
    DEMO_ACCOUNTS,
    SHOWCASE,
    TODAY,
    DemoSummary,
    is_empty,
    load_demo,
    load_demo_once,
)

__all__ = [
    "CITES",
    "DEMO_ACCOUNTS",
    "SHOWCASE",
    "TODAY",
    "DemoSummary",
    "is_empty",
    "load_demo",
    "load_demo_once",
]
