"""Questionnaire templates, sections, questions, assessments and answers."""

import factory

from assessments.choices import AssessmentStatus, Dimension, QuestionKind, TemplateStatus
from assessments.models import Answer, Assessment, Question, QuestionnaireTemplate, Section
from tests.orgs.factories import OrganizationFactory

SCALE_LABELS = ["None", "Ad hoc", "Repeatable", "Managed", "Optimised"]


class QuestionnaireTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireTemplate

    slug = factory.Sequence(lambda n: f"questionnaire-{n}")
    name = factory.Sequence(lambda n: f"Questionnaire {n}")
    version = 1
    status = TemplateStatus.PUBLISHED
    published_at = factory.Faker("date_time_this_year", tzinfo=factory.Faker("pytimezone"))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    template = factory.SubFactory(QuestionnaireTemplateFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Section {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A 0-4 scale question by default; pass kind= and choices= for the other kinds."""

    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    code = factory.Sequence(lambda n: f"q-{n}")
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Question number {n}?")
    dimension = Dimension.MLOPS_LEVEL
    kind = QuestionKind.SCALE
    weight = 1
    required = False
    scale_labels = factory.LazyAttribute(lambda o: list(SCALE_LABELS) if o.kind == QuestionKind.SCALE else [])


def choices(*values: str) -> list[dict]:
    """Choices with evenly spread scores: choices("a", "b") -> a=0.0, b=1.0."""
    step = 1 / max(len(values) - 1, 1)
    return [{"value": v, "label": v.title(), "score": round(i * step, 3)} for i, v in enumerate(values)]


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organization = factory.SubFactory(OrganizationFactory)
    team = None
    template = factory.SubFactory(QuestionnaireTemplateFactory)
    status = AssessmentStatus.DRAFT


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    question = factory.SubFactory(QuestionFactory)
    value = 2
    version = 1


def small_questionnaire(**template_kwargs) -> QuestionnaireTemplate:
    """A published two-section questionnaire with every kind of question and one dependency.

    Section 1 "Practice": `scale` (required), `yes` (yes/no, required), `single` (a/b/c),
    `dep` (scale, required, shown only when `yes` is true).
    Section 2 "Tools": `multi` (x/y/z), `number` (0-100), `text`, `na` (scale, required, allows
    "not applicable").
    """
    template = QuestionnaireTemplateFactory(**template_kwargs)
    practice = SectionFactory(template=template, order=1, title="Practice")
    tools = SectionFactory(template=template, order=2, title="Tools")
    QuestionFactory(section=practice, order=1, code="scale", text="How automated is training?", required=True)
    yes = QuestionFactory(
        section=practice, order=2, code="yes", kind=QuestionKind.YES_NO, text="Do you monitor models?", required=True
    )
    QuestionFactory(
        section=practice,
        order=3,
        code="single",
        kind=QuestionKind.SINGLE,
        text="Pick one",
        choices=choices("a", "b", "c"),
    )
    QuestionFactory(
        section=practice,
        order=4,
        code="dep",
        text="How good is the monitoring?",
        required=True,
        depends_on=yes,
        depends_on_values=[True],
    )
    QuestionFactory(
        section=tools,
        order=1,
        code="multi",
        kind=QuestionKind.MULTIPLE,
        text="Which tools?",
        choices=choices("x", "y", "z"),
    )
    QuestionFactory(
        section=tools,
        order=2,
        code="number",
        kind=QuestionKind.NUMBER,
        text="How many models?",
        dimension=Dimension.CONTEXT,
        weight=0,
        min_value=0,
        max_value=100,
    )
    QuestionFactory(
        section=tools, order=3, code="text", kind=QuestionKind.TEXT, text="Anything else?", dimension=Dimension.CONTEXT
    )
    QuestionFactory(
        section=tools, order=4, code="na", text="How good is the feature store?", required=True, allow_na=True
    )
    return template


def question(template: QuestionnaireTemplate, code: str) -> Question:
    return Question.objects.select_related("section").get(section__template=template, code=code)
