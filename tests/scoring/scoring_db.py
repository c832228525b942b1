"""A small, risky organisation in the database, and a questionnaire with the contract's codes."""

from dataclasses import dataclass

from django.utils import timezone

from assessments.choices import AssessmentStatus, Dimension, QuestionKind
from assessments.models import Assessment
from orgs.models import Organization, Person, Team
from tests.assessments.factories import (
    AnswerFactory,
    AssessmentFactory,
    QuestionFactory,
    QuestionnaireTemplateFactory,
    SectionFactory,
    choices,
)
from tests.orgs.factories import AssignmentFactory, MLSystemFactory, OpeningFactory, PersonFactory, TeamFactory, role


@dataclass
class RiskyOrg:
    org: Organization
    ml: Team
    pod: Team
    lead: Person
    priya: Person
    ann: Person
    bob: Person
    sam: Person


def risky_org(org: Organization) -> RiskyOrg:
    """Priya alone deploys all three production systems; Sam is the only ML person in the pod."""
    ml = TeamFactory(organization=org, name="Data & AI", kind="central_ml")
    pod = TeamFactory(organization=org, name="Payments Pod", kind="embedded_ml", parent=ml)
    lead = PersonFactory(team=ml, name="Lena Lead", role=role("ai-team-lead"))
    ml.lead = lead
    ml.save()
    priya = PersonFactory(team=ml, name="Priya Raman", role=role("ml-engineer"), manager=lead)
    ann = PersonFactory(team=ml, name="Ann Data", role=role("data-scientist"), manager=lead)
    bob = PersonFactory(team=ml, name="Bob Model", role=role("data-scientist"), manager=lead)
    sam = PersonFactory(team=pod, name="Sam Solo", role=role("data-scientist"))
    PersonFactory(team=pod, name="Pat Product", role=role("product-manager"))
    MLSystemFactory(team=ml, name="Credit scoring", owners=[ann, priya], deployers=[priya])
    MLSystemFactory(team=ml, name="Fraud detection", owners=[bob], deployers=[priya])
    MLSystemFactory(team=pod, name="Payment alerts", owners=[sam], deployers=[priya])
    MLSystemFactory(team=ml, name="Chat assistant", stage="prototype", owners=[ann])
    AssignmentFactory(person=priya, level="owner")  # model-deployment
    OpeningFactory(team=ml, role=role("mlops-engineer"))
    return RiskyOrg(org, ml, pod, lead, priya, ann, bob, sam)


def contract_questionnaire():
    """A published questionnaire (version 3) with the context and claim codes scoring reads and three
    scored questions in two dimensions."""
    template = QuestionnaireTemplateFactory(version=3)
    context = SectionFactory(template=template, order=1, title="Context")
    practice = SectionFactory(template=template, order=2, title="Practice")
    single = {"dimension": Dimension.CONTEXT, "kind": QuestionKind.SINGLE, "weight": 0}
    QuestionFactory(section=context, code="ctx-structure", choices=choices("centralized", "decentralized"), **single)
    QuestionFactory(section=context, code="ctx-ml-focus", choices=choices("research", "product", "both"), **single)
    QuestionFactory(
        section=practice,
        code="bn-no-single-point",
        kind=QuestionKind.YES_NO,
        dimension=Dimension.BOTTLENECKS,
        text="No single person is the only one able to run a production model.",
    )
    QuestionFactory(section=practice, code="mlops-automation", dimension=Dimension.MLOPS_LEVEL, text="Automation")
    QuestionFactory(section=practice, code="mlops-monitoring", dimension=Dimension.MLOPS_LEVEL, text="Monitoring")
    QuestionFactory(section=practice, code="talent-plan", dimension=Dimension.TALENT, text="Hiring plan")
    return template


def submitted_assessment(org, template, *, team=None, answers=None) -> Assessment:
    answers = (
        answers
        if answers is not None
        else {
            "ctx-structure": "decentralized",
            "ctx-ml-focus": "product",
            "bn-no-single-point": True,
            "mlops-automation": 3,
            "mlops-monitoring": 1,
        }
    )
    assessment = AssessmentFactory(
        organization=org,
        team=team,
        template=template,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
        title="Spring assessment",
    )
    for question in template.sections.all().values_list("questions__pk", "questions__code"):
        pk, code = question
        if code in answers:
            AnswerFactory(assessment=assessment, question_id=pk, value=answers[code])
    return assessment
