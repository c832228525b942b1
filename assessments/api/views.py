"""API views of questionnaires, assessments, answers and scored results, and the actions on them.

Every write calls `assessments.services` (or queues a scoring task), so the API obeys the same
rules as the browser: leads work on the assessments of the teams they lead, admins on all;
drafts are seen only by those who may edit them; a stale answer version is a 409 that carries
the current answer.
"""

from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from orgs.tenancy import get_scoped_object, scoped
from teamplanner.api_base import ORG_SLUG_PARAMETER, OrgScopedGenericViewSet

from .. import services
from ..choices import TemplateStatus
from ..filters import AssessmentFilterSet, QuestionnaireTemplateFilterSet
from ..models import Answer, Assessment, Question, QuestionnaireTemplate, Section
from ..selectors import assessment_get, assessment_list
from .serializers import (
    ActionAcceptedSerializer,
    AnswerConflictSerializer,
    AnswerSaveSerializer,
    AnswerSerializer,
    AssessmentSerializer,
    AssessmentStartSerializer,
    QuestionnaireTemplateDetailSerializer,
    QuestionnaireTemplateSerializer,
)

# --- questionnaires ---------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Questionnaire versions", description="Published and archived versions."),
    retrieve=extend_schema(summary="One questionnaire version with its sections and questions"),
)
class QuestionnaireTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Questionnaire versions. Drafts being written are shown to site staff only."""

    permission_classes = [IsAuthenticated]
    filterset_class = QuestionnaireTemplateFilterSet
    ordering_fields = ["slug", "version", "published_at"]
    ordering = ["slug", "-version"]
    lookup_value_regex = r"[0-9]{1,18}"

    def get_serializer_class(self):
        return QuestionnaireTemplateDetailSerializer if self.action == "retrieve" else QuestionnaireTemplateSerializer

    def get_queryset(self):
        qs = QuestionnaireTemplate.objects.annotate(question_count=Count("sections__questions"))
        if not self.request.user.is_staff:
            qs = qs.exclude(status=TemplateStatus.DRAFT)
        if self.action == "retrieve":
            questions = Question.objects.select_related("depends_on").order_by("order", "pk")
            sections = Section.objects.order_by("order", "pk").prefetch_related(Prefetch("questions", questions))
            qs = qs.prefetch_related(Prefetch("sections", sections))
        return qs


# --- assessments ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Assessments",
        description="Submitted assessments for every member; drafts only for those who may edit them.",
    ),
    create=extend_schema(
        summary="Start an assessment",
        request=AssessmentStartSerializer,
        responses={201: AssessmentSerializer},
        description="Leads start one of a team they lead, admins of any team or (team null) of the organisation.",
    ),
)
class AssessmentViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet
):
    model = Assessment
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = ["created_at", "submitted_at", "updated_at", "status"]
    ordering = ["-created_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if self.is_schema_view:
            return Assessment.objects.none()
        return scoped(assessment_list(access=self.org_access), self.request.user)

    def get_serializer_class(self):
        return AssessmentStartSerializer if self.action == "create" else AssessmentSerializer

    def create(self, request, *args, **kwargs):
        serializer = AssessmentStartSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        prefill = None
        if data.get("prefill_from"):
            prefill = assessment_get(access=self.org_access, pk=data["prefill_from"])
        assessment = services.assessment_start(
            org=self.org_access.org,
            team=data.get("team"),
            user=request.user,
            template=data.get("template"),
            prefill_from=prefill,
            access=self.org_access,
        )
        assessment = self.get_queryset().get(pk=assessment.pk)
        return Response(AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit a draft assessment",
        request=None,
        responses={200: AssessmentSerializer},
        description="Locks the answers and queues scoring. Unanswered required questions are a 400 naming them.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        assessment = services.assessment_submit(assessment=self.get_object(), user=request.user, access=self.org_access)
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(
        summary="Score a submitted assessment again",
        request=None,
        responses={202: ActionAcceptedSerializer},
        description="Queues the scoring of the assessment with the current org data; poll the assessment's status.",
    )
    @action(detail=True, methods=["post"])
    def rescore(self, request, *args, **kwargs):
        assessment = services.assessment_rescore(
            assessment=self.get_object(), user=request.user, access=self.org_access
        )
        body = {"message": "Scoring is queued.", "assessment": AssessmentSerializer(assessment).data}
        return Response(body, status=status.HTTP_202_ACCEPTED)


ASSESSMENT_PARAMETER = OpenApiParameter("assessment_pk", int, OpenApiParameter.PATH, description="The assessment's id.")
QUESTION_PARAMETER = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The question's code.")


@extend_schema(parameters=[ORG_SLUG_PARAMETER, ASSESSMENT_PARAMETER])
class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrgScopedGenericViewSet):
    """The answers of one assessment, by question code. Saving works like the browser's autosave."""

    model = Answer
    serializer_class = AnswerSerializer
    ordering_fields = ["updated_at", "version"]
    ordering = ["question__section__order", "question__order", "question_id"]
    http_method_names = ["get", "put", "head", "options"]
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,80}"
    filterset_class = None
    filterset_fields = ["not_applicable"]

    def assessment(self) -> Assessment:
        if not hasattr(self, "_assessment"):
            pk = self.kwargs.get("assessment_pk")
            self._assessment = assessment_get(access=self.org_access, pk=pk)
        return self._assessment

    def get_queryset(self):
        if self.is_schema_view:
            return Answer.objects.none()
        return (
            scoped(Answer, self.request.user)
            .filter(assessment=self.assessment())
            .select_related("question", "updated_by")
        )

    def get_object(self):
        return get_scoped_object(self.get_queryset(), self.request.user, question__code=self.kwargs["code"])

    @extend_schema(summary="One answer", parameters=[QUESTION_PARAMETER])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Save an answer",
        parameters=[QUESTION_PARAMETER],
        request=AnswerSaveSerializer,
        responses={200: AnswerSerializer, 409: AnswerConflictSerializer},
        description=(
            "Send `expected_version`: the version you last read (0 when there was no answer). When someone else "
            "saved in between, nothing is saved and the answer is 409 with `current`, the stored answer. "
            "Sending what is stored already is never a conflict."
        ),
    )
    def update(self, request, *args, **kwargs):
        assessment = self.assessment()
        question = (
            Question.objects.filter(section__template_id=assessment.template_id, code=self.kwargs["code"])
            .select_related("section")
            .first()
        )
        if question is None:
            raise NotFound("The assessment's questionnaire has no question with this code.")
        serializer = AnswerSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            answer = services.answer_save(
                assessment=assessment,
                question=question,
                user=request.user,
                value=data["value"],
                not_applicable=data["not_applicable"],
                comment=data["comment"],
                comment_base=data["comment_base"],
                expected_version=data["expected_version"],
                access=self.org_access,
            )
        except services.AnswerConflictError as exc:
            current = exc.current
            body = {
                "message": exc.message,
                "errors": exc.extra,
                "current": AnswerSerializer(current).data if current is not None else None,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(AnswerSerializer(answer).data)
