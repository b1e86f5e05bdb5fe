"""The label authority's network: Cités, campaigns and their follow-up, published network
figures, the inbox and the emails."""
