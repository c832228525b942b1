"""Writes for questionnaires and assessments: seeding and versioning templates, starting
assessments, saving answers without lost updates, and submitting.

Each service is one transaction. Permission rules live here so that pages, the API and scripts
obey the same ones: another organisation's objects are 404 (`Http404`), objects a member may
see but not change are `ForbiddenError`, broken domain rules are `ApplicationError`.
"""

from .answers import COMMENT_MAX, TEXT_MAX, AnswerConflictError, answer_save, answer_value_clean, same_text
from .assessments import SCORE_TASK, DraftExistsError, assessment_rescore, assessment_start, assessment_submit
from .templates import questionnaire_default_seed, template_new_version, template_problems, template_publish

__all__ = [
    "COMMENT_MAX",
    "SCORE_TASK",
    "TEXT_MAX",
    "AnswerConflictError",
    "DraftExistsError",
    "answer_save",
    "answer_value_clean",
    "same_text",
    "assessment_rescore",
    "assessment_start",
    "assessment_submit",
    "questionnaire_default_seed",
    "template_new_version",
    "template_problems",
    "template_publish",
]
