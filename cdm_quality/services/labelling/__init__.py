"""The labelling file: its matrix, readiness, what the tool fills in itself, evidence
attachments and the whole file as one PDF."""
