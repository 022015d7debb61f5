"""Clause search: Whoosh with the project's jieba tokenizer, synonyms from the lexicon, pinpoint references.

Imports ``assistant.knowledge`` and the infrastructure modules only.
"""
