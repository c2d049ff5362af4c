"""The staff pages of the åtgärdsplan: thin views over selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trygg.core.errors import DomainError
from trygg.core.staff import ServiceFormView, get_permitted_or_404
from trygg.situation.views.lagesbild import lagesbild_page
from trygg.tenancy.models import Municipality

from . import exports, forms, selectors, services
from . import rules as perms
from .models import ActionPlan, Evidence, FollowUp, Measure, Problem


@login_required
def plan_list(request, municipality):
    municipality = get_permitted_or_404(
        request, Municipality.objects, perms.VIEW_PLAN, code=municipality
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "municipality": municipality,
            "plans": selectors.plans_of(municipality),
            "problems": selectors.problems_of(municipality),
        },
    )


@login_required
def plan_detail(request, pk):
    plan = get_permitted_or_404(request, ActionPlan.objects, perms.VIEW_PLAN, pk=pk)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "municipality": plan.municipality, "table": selectors.plan_table(plan)},
    )


@login_required
def plan_export(request, pk, extension):
    if extension not in exports.EXTENSIONS:
        raise Http404
    plan = get_permitted_or_404(request, ActionPlan.objects, perms.VIEW_PLAN, pk=pk)
    return exports.plan_download(plan, extension)


@login_required
def measure_detail(request, pk):
    measure = get_permitted_or_404(request, selectors.plan_measures_all(), perms.VIEW_PLAN, pk=pk)
    return render(
        request,
        "plans/measure_detail.html",
        {"measure": measure, "plan": measure.plan, "municipality": measure.plan.municipality},
    )


@lagesbild_page(perms.ADD_PROBLEM, methods=("POST",))
def problem_from_lagesbild(request, municipality: Municipality, year: int):
    """Take a problem the lägesbild suggests over into the action plan, then show it."""
    try:
        problem, created = services.take_over_suggestion(
            municipality, year, request.POST.get("key", ""), request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("situation:lagesbild", municipality=municipality.code, year=year)
    if created:
        messages.success(request, gettext("The problem is in the action plan, with its evidence."))
    else:
        messages.info(request, gettext("The problem was already in the action plan."))
    return redirect(problem.get_absolute_url())


class PlanFormView(ServiceFormView):
    """A form on a plan or its parts; the page names the municipality and plan."""

    template_name = "plans/form.html"

    def get_context_data(self, form, instance) -> dict:
        plan = instance if isinstance(instance, ActionPlan) else getattr(instance, "plan", None)
        if plan is None and isinstance(instance, FollowUp):
            plan = instance.measure.plan
        municipality = plan.municipality if plan else instance_municipality(instance)
        return super().get_context_data(form, instance) | {
            "municipality": municipality,
            "plan": plan,
        }


def instance_municipality(instance) -> Municipality:
    if isinstance(instance, Evidence):
        return instance.problem.municipality
    return instance.municipality


class MunicipalityChildCreate(PlanFormView):
    """A create whose parent is the municipality named by code in the URL."""

    def get_instance(self):
        municipality = get_permitted_or_404(
            self.request,
            Municipality.objects,
            self.get_permission(),
            code=self.kwargs["municipality"],
        )
        return self.form_class._meta.model(municipality=municipality)

    def get_cancel_url(self, instance) -> str:
        return reverse("plans:plans", args=[instance.municipality.code])


class PlanCreate(MunicipalityChildCreate):
    form_class = forms.PlanForm
    permission = perms.ADD_PLAN
    service = services.save_plan
    title = _("New action plan")


class PlanUpdate(PlanFormView):
    form_class = forms.PlanForm
    permission = perms.CHANGE_PLAN
    service = services.save_plan
    model = ActionPlan
    title = _("Edit the action plan")


class PlanDecide(PlanFormView):
    form_class = forms.DecidePlanForm
    permission = perms.DECIDE_PLAN
    model = ActionPlan
    title = _("Record the steering group's decision")
    success_message = _("The decision is recorded; the plan's measures are now locked.")

    def save(self, form, user):
        return services.decide_plan(
            form.instance,
            user,
            decided_on=form.cleaned_data["decided_on"],
            decided_by=form.cleaned_data["decided_by"],
        )


class ProblemCreate(MunicipalityChildCreate):
    form_class = forms.ProblemForm
    permission = perms.ADD_PROBLEM
    service = services.save_problem
    title = _("New problem")


class ProblemUpdate(PlanFormView):
    form_class = forms.ProblemForm
    permission = perms.CHANGE_PROBLEM
    service = services.save_problem
    model = Problem
    title = _("Edit the problem")


class EvidenceCreate(PlanFormView):
    form_class = forms.EvidenceForm
    permission = perms.CHANGE_PROBLEM
    service = services.add_evidence
    parent_model = Problem
    parent_field = "problem"
    title = _("Cite evidence")
    success_message = _("The evidence is cited, with its figure as it is today.")

    def get_success_url(self, obj) -> str:
        return obj.problem.get_absolute_url()


class MeasureCreate(PlanFormView):
    form_class = forms.MeasureForm
    permission = perms.CHANGE_MEASURE
    parent_model = ActionPlan
    parent_field = "plan"
    title = _("Add a measure")

    def save(self, form, user):
        return services.save_measure(
            form.instance,
            user,
            problems=form.cleaned_data["problems"],
            organisations=form.cleaned_data["organisations"],
        )

    def get_success_url(self, obj) -> str:
        return obj.plan.get_absolute_url() + f"#measure-{obj.pk}"


class MeasureUpdate(MeasureCreate):
    model = Measure
    title = _("Edit the measure")


class FollowUpCreate(PlanFormView):
    form_class = forms.FollowUpForm
    permission = perms.RECORD_FOLLOW_UP
    service = services.record_follow_up
    parent_model = Measure
    parent_field = "measure"
    title = _("Record a follow-up")
    success_message = _("The follow-up is recorded.")

    def get_success_url(self, obj) -> str:
        return obj.measure.get_absolute_url()

    def get_cancel_url(self, instance) -> str:
        return instance.measure.get_absolute_url()


class MakeAction(PlanFormView):
    form_class = forms.MakeActionForm
    permission = perms.MAKE_ACTION
    model = Measure
    title = _("Make an action under a promise")
    success_message = _("The measure is now an action under the promise.")

    def save(self, form, user):
        if form.cleaned_data["action"]:
            return services.link_action(form.instance, user, action=form.cleaned_data["action"])
        return services.make_action(form.instance, user, promise=form.cleaned_data["promise"])

    def get_success_url(self, obj) -> str:
        return obj.get_absolute_url()
