"""Assessment pages: history, start, the autosaving multi-page form, review and submit.

Views stay thin: they parse input with forms, call services and selectors, and render.
"""

from .form import answer_view, assessment_section_view
from .history import (
    assessment_detail_view,
    assessment_list_view,
    assessment_start_view,
    assessment_status_view,
)
from .submit import assessment_review_view, assessment_submit_view

__all__ = [
    "answer_view",
    "assessment_detail_view",
    "assessment_list_view",
    "assessment_review_view",
    "assessment_section_view",
    "assessment_start_view",
    "assessment_status_view",
    "assessment_submit_view",
]
