"""Comparison across Cités and campaigns: heatmap, answer distribution, a Cité against the
network, evolution over campaigns (labelling-file item 8.3).

Scores are the domain's (`domain.scoring`: weighted mean of normalised item scores × 100,
N/A and unanswered left out), computed by GROUP BY in the database (`services.scores.aggregates`);
medians and quartiles are `scoring.quartiles` of the per-Cité scores: for the live figures of
cached self-assessments the database ranks the scores and returns only those the quartiles
read (`services.scores.figures`), the same definition.

Who sees what:
- the label authority and admins (read scope "all") see every Cité by name (network figures
  from fewer than `scoring.MIN_NETWORK_COUNT` Cités are left out, as they mean little);
- a director or contributor sees only their own Cité against *anonymous* network figures,
  under the disclosure rule of `domain.disclosure`, from the set published when the campaign
  first closed (`services.network.publication`: nothing before, nothing that changed after; their
  own Cité's figures are live): the network excludes their Cité and counts submitted
  self-assessments only (`include_drafts` is ignored for them); a median
  needs 5 other Cités, quartiles 10; a selection (phase, country) that differs from a broader
  one by 1–4 Cités gets no figures; the distribution of answers is given for the whole
  network only. Withheld figures are None (`suppressed` for the distribution), and so is the
  count of Cités behind them; `published` False says the campaign has no figures yet. Nothing
  returned to them names or identifies another Cité.

Which responses count: submitted ones (also drafts with `include_drafts`); the Cité being
compared always counts, whatever the state of its response. `phase` filters on the phase in
which a response was filled, `country` on the Cité's country.

One module per comparison (`heatmap`, `distribution`, `benchmark`, `evolution`) over what they
share (`common`: the result models, who sees the network, the scope of responses read, the
network beside a Cité); the package names each of them.
"""

from cdm_quality.services.compare.benchmark import cite_benchmark
from cdm_quality.services.compare.common import (
    MIN_COUNT,
    Benchmark,
    CampaignInfo,
    Distribution,
    Evolution,
    EvolutionPoint,
    Heatmap,
    HeatmapRow,
    ItemDistribution,
    LevelCount,
    SectionBenchmark,
    SectionInfo,
    sees_every_cite,
)
from cdm_quality.services.compare.distribution import item_distribution
from cdm_quality.services.compare.evolution import campaign_to_compare, evolution
from cdm_quality.services.compare.heatmap import heatmap

__all__ = [
    "MIN_COUNT",
    "Benchmark",
    "CampaignInfo",
    "Distribution",
    "Evolution",
    "EvolutionPoint",
    "Heatmap",
    "HeatmapRow",
    "ItemDistribution",
    "LevelCount",
    "SectionBenchmark",
    "SectionInfo",
    "campaign_to_compare",
    "cite_benchmark",
    "evolution",
    "heatmap",
    "item_distribution",
    "sees_every_cite",
]
