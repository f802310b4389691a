"""Hand-written French content for the demo data generator (datasets/generate.py).

Everything here is synthetic and written for this project: fiche texts (accurate in spirit,
approximate 2025 figures), citizen questions, Services Publics+ scenarios and agent comments.
"""
