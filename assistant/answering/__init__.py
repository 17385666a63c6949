"""The answering engine: question analysis → candidate sentences → scoring model → refusal → composition.

`AnswerEngine.answer` is the one entry point the chain calls; see `engine.py` for the steps.
"""

from assistant.answering.candidates import Candidate, PoolItem
from assistant.answering.engine import AnswerEngine, Decision, Prepared
from assistant.answering.refusal import refusal_message

__all__ = ["AnswerEngine", "Candidate", "Decision", "PoolItem", "Prepared", "refusal_message"]
