"""bwc-bot: offline, cited answers about police body-worn camera programs.

>>> from bwc_bot import Bot
>>> bot = Bot()
>>> answer = bot.ask("How long should body-worn camera footage be kept?")
>>> answer.answered, answer.topic
(True, 'retention')
"""

from .bot import Analysis, Bot
from .errors import BotError, DataError, QuestionTypeError, UnknownTopicError
from .loader import KnowledgeBase, Settings, load_knowledge_base
from .models import ANSWER_KEYS, Answer, Citation, Entry, Intent, Problem, RelatedEntry, Source, Suggestion, Topic
from .validate import validate_paths

__version__ = "0.1.0"

__all__ = [
    "ANSWER_KEYS",
    "Analysis",
    "Answer",
    "Bot",
    "BotError",
    "Citation",
    "DataError",
    "Entry",
    "Intent",
    "KnowledgeBase",
    "Problem",
    "QuestionTypeError",
    "RelatedEntry",
    "Settings",
    "Source",
    "Suggestion",
    "Topic",
    "UnknownTopicError",
    "__version__",
    "load_knowledge_base",
    "validate_paths",
]
