"""Answers: checking a value against its question, and saving one answer without lost updates."""

import math
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from orgs.tenancy import OrgAccess
from teamplanner.exceptions import ApplicationError, ConflictError

from ..choices import AssessmentStatus, QuestionKind
from ..models import Answer, Assessment, Question
from .access import org_access, require_edit

COMMENT_MAX = 5000
TEXT_MAX = 5000


class AnswerConflictError(ConflictError):
    """The answer changed since the client read it. `current` is the stored answer (None if there is none)."""

    def __init__(self, current: Answer | None, *, user=None):
        if current is not None and current.updated_by_id and user is not None and current.updated_by_id == user.pk:
            who = "You changed this answer in another window since this page was loaded."
        elif current is not None and current.updated_by_id:
            name = current.updated_by.get_full_name() or current.updated_by.get_username()
            who = f"Someone else changed this answer since this page was loaded (last change by {name})."
        else:
            who = "Someone else changed this answer since this page was loaded."
        message = f"{who} The current answer is shown; your change was not saved."
        super().__init__(message, extra={"version": [message]})
        self.current = current


def answer_value_clean(*, question: Question, value: Any) -> Any:
    """`value` checked against the question's kind and returned in the stored form (None = no answer).

    scale: int 0-4; yes_no: bool; single: a choice value; multiple: a list of choice values (each
    once, in the order of the choices); number: int or float within min/max; text: a stripped
    string (empty = no answer). Raises ApplicationError(extra={"value": [...]}) otherwise.
    """

    def bad(message: str):
        return ApplicationError(message, extra={"value": [message]})

    if value is None:
        return None
    kind = question.kind
    if kind == QuestionKind.SCALE:
        if isinstance(value, bool) or not isinstance(value, int | float) or value not in (0, 1, 2, 3, 4):
            raise bad("Choose a level from 0 to 4.")
        return int(value)
    if kind == QuestionKind.YES_NO:
        if not isinstance(value, bool):
            raise bad("Answer yes or no.")
        return value
    if kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.choice_values():
            raise bad("Choose one of the listed answers.")
        return value
    if kind == QuestionKind.MULTIPLE:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("Choose from the listed answers.")
        allowed = question.choice_values()
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise bad(f"Not among the listed answers: {', '.join(unknown)}.")
        chosen = set(value)
        return [v for v in allowed if v in chosen]
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise bad("Enter a number.")
        number = float(value)
        if not math.isfinite(number):
            raise bad("Enter a number.")
        if question.min_value is not None and number < question.min_value:
            raise bad(f"Enter a number of at least {question.min_value:g}.")
        if question.max_value is not None and number > question.max_value:
            raise bad(f"Enter a number of at most {question.max_value:g}.")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            raise bad("Enter some text.")
        text = value.strip()
        if len(text) > TEXT_MAX:
            raise bad(f"Keep the answer under {TEXT_MAX} characters.")
        return text or None
    raise bad("This question cannot be answered.")


def _comment_clean(comment: str | None) -> str | None:
    if comment is None:
        return None
    if not isinstance(comment, str):
        raise ApplicationError("The comment must be text.", extra={"comment": ["The comment must be text."]})
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        message = f"Keep the comment under {COMMENT_MAX} characters."
        raise ApplicationError(message, extra={"comment": [message]})
    return comment


def same_text(a: str | None, b: str | None) -> bool:
    """Two comments are the same text when they differ only in line endings and surrounding blanks."""
    return (a or "").replace("\r\n", "\n").strip() == (b or "").replace("\r\n", "\n").strip()


def _only_the_comment_moved(current: Answer | None, value, not_applicable: bool, comment, comment_base) -> bool:
    """The client changed only the comment since `comment_base`, and nobody else changed the comment.

    The stored value is already the one sent, so writing the comment over a newer version loses nothing
    (the typical case: a comment typed while the same page's value save was still on its way).
    """
    return (
        current is not None
        and comment is not None
        and comment_base is not None
        and (current.value, current.not_applicable) == (value, bool(not_applicable))
        and same_text(current.comment, comment_base)
    )


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    question: Question,
    user,
    value: Any,
    not_applicable: bool = False,
    comment: str | None = None,
    comment_base: str | None = None,
    expected_version: int | None,
    access: OrgAccess | None = None,
) -> Answer:
    """Save one answer of a draft assessment and return it with its new version.

    `value` follows the answer contract (see `answer_value_clean`); `not_applicable=True` stores no
    value (only where the question allows it); `comment=None` keeps the stored comment.
    `expected_version` is the version the client last saw (0 for "no answer yet"); when the stored
    version differs and the stored answer is not already what the client sends, AnswerConflictError
    is raised carrying the current answer. `expected_version=None` skips the check (scripts only).
    Saving what is already stored changes nothing and raises no conflict. `comment_base` (the comment
    the client started from) lets a stale version through when the stored value is the one sent and the
    stored comment is still `comment_base`: only the comment changed, and only here.
    """
    locked = Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    if locked is None:
        raise Http404("No such assessment.")
    access = org_access(user, locked.organization_id, access)
    require_edit(access, locked)
    if locked.status != AssessmentStatus.DRAFT:
        raise ConflictError(
            f"This assessment was submitted ({locked.get_status_display().lower()}); its answers can no longer change.",
            extra={"status": [locked.status]},
        )
    if question.section.template_id != locked.template_id:
        raise ApplicationError(
            "This question is not part of the assessment's questionnaire.", extra={"question": [str(question.pk)]}
        )
    if not_applicable and not question.allow_na:
        message = "This question cannot be answered with 'not applicable'."
        raise ApplicationError(message, extra={"not_applicable": [message]})
    value = None if not_applicable else answer_value_clean(question=question, value=value)
    comment = _comment_clean(comment)

    current = Answer.objects.filter(assessment=locked, question=question).select_related("updated_by").first()
    stored_version = current.version if current else 0
    new_comment = (current.comment if current else "") if comment is None else comment
    if current is not None and (current.value, current.not_applicable, current.comment) == (
        value,
        bool(not_applicable),
        new_comment,
    ):
        return current
    stale = expected_version is not None and expected_version != stored_version
    if stale and not _only_the_comment_moved(current, value, not_applicable, comment, comment_base):
        raise AnswerConflictError(current, user=user)

    fields = {"value": value, "not_applicable": bool(not_applicable), "comment": new_comment, "updated_by": user}
    answer = _answer_write(assessment=locked, question=question, current=current, fields=fields, user=user)
    Assessment.objects.filter(pk=locked.pk).update(updated_at=answer.updated_at)
    return answer


def _answer_write(*, assessment: Assessment, question: Question, current: Answer | None, fields: dict, user) -> Answer:
    """Create the answer, or update `current` if its version is still the one read; a conflict otherwise."""
    if current is None:
        try:
            with transaction.atomic():
                return Answer.objects.create(assessment=assessment, question=question, version=1, **fields)
        except IntegrityError:  # another request created it a moment ago
            stored = Answer.objects.select_related("updated_by").get(assessment=assessment, question=question)
            raise AnswerConflictError(stored, user=user)
    changed = Answer.objects.filter(pk=current.pk, version=current.version).update(
        updated_at=timezone.now(), version=F("version") + 1, **fields
    )
    if not changed:
        current.refresh_from_db()
        raise AnswerConflictError(current, user=user)
    return Answer.objects.select_related("updated_by").get(pk=current.pk)
