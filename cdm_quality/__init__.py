"""cdm-quality: quality self-assessment of the Cités des métiers network."""
