"""API representations of an organisation's data.

Catalog entries (roles, responsibilities, skills) are named by slug; the organisation's own
objects by id, and only ids of the same organisation are accepted. The serializers parse and show;
the views save through `orgs.services`, which run the models' rules, so the API accepts exactly what
the browser accepts.
"""

from decimal import Decimal

from django.conf import settings
from rest_framework import serializers

from roles.models import Responsibility, RoleTemplate, Skill
from teamplanner.api_base import CatalogSlugField, OrgRelatedField, ServiceModelSerializer

from ..choices import MembershipRole
from ..models import Assignment, ImportRun, Membership, MLSystem, Opening, Organization, Person, PersonSkill, Team


class OrganizationSerializer(ServiceModelSerializer):
    my_role = serializers.SerializerMethodField(help_text="Your membership role in this organisation.")

    class Meta:
        model = Organization
        fields = [
            "slug",
            "name",
            "industry",
            "headcount_band",
            "stage",
            "ml_focus",
            "target_level",
            "created_at",
            "data_changed_at",
            "my_role",
        ]
        read_only_fields = ["slug", "created_at", "data_changed_at"]

    def get_my_role(self, obj) -> str:
        roles = self.context.get("roles_by_org") or {}
        return roles.get(obj.pk, "")


class TeamSerializer(ServiceModelSerializer):
    parent = OrgRelatedField(Team, allow_null=True, required=False, help_text="Id of the parent team; null at the top.")
    lead = OrgRelatedField(Person, allow_null=True, required=False, help_text="Id of the person who leads the team.")
    member_count = serializers.IntegerField(read_only=True, help_text="People whose team this is.")

    class Meta:
        model = Team
        fields = ["id", "name", "parent", "kind", "pillar", "lead", "description", "member_count", "updated_at"]
        read_only_fields = ["updated_at"]


class PersonSerializer(ServiceModelSerializer):
    team = OrgRelatedField(Team, help_text="Id of the person's team.")
    role = CatalogSlugField(RoleTemplate.objects.all(), help_text="Slug of the catalog role, e.g. ml-engineer.")
    manager = OrgRelatedField(Person, allow_null=True, required=False, help_text="Id of the person's manager.")
    fte = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("1"),
        required=False,
        help_text="Full-time equivalent, 0.01-1 (default 1).",
    )

    class Meta:
        model = Person
        fields = ["id", "name", "email", "team", "role", "manager", "fte", "start_date", "location", "updated_at"]
        read_only_fields = ["updated_at"]


class PersonSkillSerializer(ServiceModelSerializer):
    person = OrgRelatedField(Person)
    skill = CatalogSlugField(Skill.objects.all(), help_text="Slug of the skill, e.g. ml-expertise.")

    class Meta:
        model = PersonSkill
        fields = ["id", "person", "skill", "level"]


class AssignmentSerializer(ServiceModelSerializer):
    person = OrgRelatedField(Person)
    responsibility = CatalogSlugField(
        Responsibility.objects.all(), help_text="Slug of the responsibility, e.g. model-deployment."
    )

    class Meta:
        model = Assignment
        fields = ["id", "person", "responsibility", "level", "updated_at"]
        read_only_fields = ["updated_at"]


class MLSystemSerializer(ServiceModelSerializer):
    team = OrgRelatedField(Team, help_text="Id of the team that runs the system.")
    owners = OrgRelatedField(Person, many=True, required=False, help_text="Ids of the people who own it.")
    deployers = OrgRelatedField(Person, many=True, required=False, help_text="Ids of the people who can deploy it.")

    class Meta:
        model = MLSystem
        fields = ["id", "name", "team", "stage", "domain", "description", "owners", "deployers", "updated_at"]
        read_only_fields = ["updated_at"]


class OpeningSerializer(ServiceModelSerializer):
    team = OrgRelatedField(Team)
    role = CatalogSlugField(RoleTemplate.objects.all(), help_text="Slug of the catalog role.")

    class Meta:
        model = Opening
        fields = ["id", "role", "team", "opened_on", "status", "filled_on", "updated_at"]
        read_only_fields = ["updated_at"]


# --- imports ------------------------------------------------------------------------------------------


class ImportIssueSerializer(serializers.Serializer):
    message = serializers.CharField()
    sheet = serializers.CharField(allow_null=True, required=False)
    row = serializers.IntegerField(allow_null=True, required=False, help_text="Spreadsheet row (header = 1).")
    column = serializers.CharField(allow_null=True, required=False)
    text = serializers.CharField(required=False, help_text="Where and what, in one line.")


class SheetCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ImportReportSerializer(serializers.Serializer):
    filename = serializers.CharField(required=False)
    ok = serializers.BooleanField(required=False, help_text="True when the file has no errors.")
    dry_run = serializers.BooleanField(required=False)
    applied = serializers.BooleanField(required=False, help_text="True only when the data was written.")
    sheets = serializers.DictField(child=SheetCountsSerializer(), required=False, help_text="Counts per sheet.")
    errors = ImportIssueSerializer(many=True, required=False)
    warnings = ImportIssueSerializer(many=True, required=False)
    error_count = serializers.IntegerField(required=False)
    warning_count = serializers.IntegerField(required=False)


class ImportRunSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    report = ImportReportSerializer(read_only=True)

    class Meta:
        model = ImportRun
        fields = ["id", "filename", "status", "uploaded_by", "created_at", "applied_at", "report"]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="An .xlsx workbook, a .zip of CSV files or one CSV file in the import format.",
        max_length=255,
        allow_empty_file=True,
    )
    dry_run = serializers.BooleanField(
        default=True, help_text="true (default): only check and report; false: write the data if it has no errors."
    )

    def validate_file(self, upload):
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise serializers.ValidationError(f"The file is {upload.size} bytes; the limit is {limit} bytes.")
        # The name is kept with the report: drop characters no text column can hold.
        name = "".join(ch for ch in (upload.name or "") if ch.isprintable()).encode("utf-8", "ignore").decode()
        upload.name = name or "upload"
        return upload


# --- members ------------------------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    """A membership: the account (read only here) with its role and, for leads, the teams they lead."""

    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    last_login = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="None for an account that also belongs to another organisation."
    )
    teams = OrgRelatedField(
        Team, many=True, required=False, help_text="Ids of the teams a lead leads (with the teams below them)."
    )

    class Meta:
        model = Membership
        fields = ["id", "username", "email", "first_name", "last_name", "role", "teams", "last_login", "created_at"]
        read_only_fields = ["created_at"]


class InvitedSerializer(serializers.Serializer):
    """The answer to inviting an existing account: the same whether or not the account exists."""

    message = serializers.CharField()


class MemberCreateSerializer(serializers.Serializer):
    """Either `user` (an existing account) or `username`, `email` and `password` (a new account)."""

    user = serializers.CharField(
        required=False,
        max_length=254,
        help_text="Username or e-mail address of an existing account (exact, ignoring case).",
    )
    username = serializers.CharField(required=False, max_length=150, help_text="A new account's username.")
    email = serializers.EmailField(required=False, max_length=254, help_text="A new account's e-mail address.")
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    password = serializers.CharField(
        required=False,
        write_only=True,
        trim_whitespace=False,
        max_length=128,
        style={"input_type": "password"},
        help_text="A new account's initial password (checked by the password rules); never returned.",
    )
    role = serializers.ChoiceField(choices=MembershipRole.choices, default=MembershipRole.VIEWER)
    teams = OrgRelatedField(
        Team, many=True, required=False, help_text="Ids of the teams a lead leads (ignored for other roles)."
    )

    NEW_ACCOUNT = ("username", "email", "password", "first_name", "last_name")

    def validate(self, attrs):
        given = [name for name in self.NEW_ACCOUNT if name in attrs]
        if "user" in attrs and given:
            raise serializers.ValidationError(
                {name: ["Leave this out when adding an existing account (`user`)."] for name in given}
            )
        if "user" not in attrs:
            missing = [name for name in ("username", "email", "password") if not attrs.get(name)]
            if missing:
                raise serializers.ValidationError(
                    {
                        name: ["Required for a new account (or send `user` to add an existing account)."]
                        for name in missing
                    }
                )
        return attrs
