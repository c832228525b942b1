"""Questionnaire templates in the admin, with history.

Published and archived versions are read-only here (and refused by the models' `clean()`); a
change is made with the action "Publish a new version", which copies a version into an editable
draft, and then "Publish" on that draft.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from roles.history_admin import HistoryAdmin
from teamplanner.exceptions import ApplicationError

from .choices import TemplateStatus
from .models import Question, QuestionnaireTemplate, Section
from .services import template_new_version, template_publish


def _template_status(template_id) -> str | None:
    """The stored status (never that of an old history row being looked at)."""
    if not template_id:
        return None
    return QuestionnaireTemplate.objects.filter(pk=template_id).values_list("status", flat=True).first()


def _frozen(template_id) -> bool:
    status = _template_status(template_id)
    return status is not None and status != TemplateStatus.DRAFT


class FrozenTemplateMixin:
    """Read-only once the template of the object is published: no change, delete or revert."""

    def template_id_of(self, obj) -> int | None:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and _frozen(self.template_id_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _frozen(self.template_id_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.model.objects.filter(pk=object_id).first()
            if current is not None and _frozen(self.template_id_of(current)):
                self.message_user(
                    request,
                    "This questionnaire version is published and cannot be reverted; publish a new version instead.",
                    messages.ERROR,
                )
                opts = self.model._meta
                return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[object_id]))
        return super().history_form_view(request, object_id, version_id, extra_context)


class FrozenInlineMixin:
    """Inline rows of a frozen parent cannot be added, changed or deleted."""

    def parent_template_id(self, obj) -> int | None:
        raise NotImplementedError

    def _parent_frozen(self, obj) -> bool:
        return obj is not None and _frozen(self.parent_template_id(obj))

    def has_add_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_frozen(obj) and super().has_delete_permission(request, obj)


class SectionInline(FrozenInlineMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "title", "description"]
    show_change_link = True

    def parent_template_id(self, obj):
        return obj.pk


class QuestionInline(FrozenInlineMixin, admin.StackedInline):
    model = Question
    fk_name = "section"
    extra = 0
    show_change_link = True
    raw_id_fields = ["depends_on"]
    fields = [
        ("code", "order", "kind", "dimension"),
        "text",
        "help_text",
        ("weight", "required", "allow_na"),
        "scale_labels",
        "choices",
        ("min_value", "max_value"),
        ("depends_on", "depends_on_values"),
    ]

    def parent_template_id(self, obj):
        return obj.template_id


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(FrozenTemplateMixin, HistoryAdmin):
    list_display = ["name", "slug", "version", "status", "published_at", "question_count"]
    list_filter = ["status", "slug"]
    search_fields = ["name", "slug"]
    inlines = [SectionInline]
    actions = ["publish_drafts", "publish_new_version"]
    history_list_display = ["status", "version"]

    def template_id_of(self, obj):
        return obj.pk

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the actions; the version number is fixed once created.
        return ["status", "published_at"] + (["slug", "version"] if obj is not None else [])

    @admin.display(description="questions")
    def question_count(self, obj):
        return Question.objects.filter(section__template=obj).count()

    @admin.action(description="Publish the selected draft versions")
    def publish_drafts(self, request, queryset):
        for template in queryset.order_by("slug", "version"):
            try:
                template_publish(template=template)
            except ApplicationError as exc:
                details = "; ".join(f"{code or 'questionnaire'}: {', '.join(msgs)}" for code, msgs in exc.extra.items())
                self.message_user(
                    request, f"{template}: {exc.message}" + (f" {details}" if details else ""), messages.ERROR
                )
            else:
                self.message_user(request, f"{template} is published; new assessments use it.", messages.SUCCESS)

    @admin.action(description="Publish a new version (copy into an editable draft)")
    def publish_new_version(self, request, queryset):
        for template in queryset.order_by("slug", "-version"):
            try:
                copy = template_new_version(template=template)
            except ApplicationError as exc:
                self.message_user(request, f"{template}: {exc.message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{copy} was created as a draft from {template}. Edit it, then publish it with "
                    "'Publish the selected draft versions'.",
                    messages.SUCCESS,
                )


@admin.register(Section)
class SectionAdmin(FrozenTemplateMixin, HistoryAdmin):
    list_display = ["title", "template", "order"]
    list_filter = ["template"]
    search_fields = ["title"]
    inlines = [QuestionInline]

    def template_id_of(self, obj):
        return obj.template_id

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "template":
            kwargs["queryset"] = QuestionnaireTemplate.objects.filter(status=TemplateStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Question)
class QuestionAdmin(FrozenTemplateMixin, HistoryAdmin):
    list_display = ["code", "section", "template_version", "dimension", "kind", "weight", "required"]
    list_filter = ["section__template", "dimension", "kind", "required"]
    list_select_related = ["section__template"]
    search_fields = ["code", "text"]
    raw_id_fields = ["depends_on"]
    history_list_display = ["text", "weight"]

    def template_id_of(self, obj):
        return Section.objects.filter(pk=obj.section_id).values_list("template_id", flat=True).first()

    @admin.display(description="version", ordering="section__template__version")
    def template_version(self, obj):
        return obj.section.template

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            kwargs["queryset"] = Section.objects.filter(template__status=TemplateStatus.DRAFT).select_related(
                "template"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
