"""The service-backed staff views refuse to run without a named permission."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from trygg.core.staff import ServiceDeleteView, ServiceFormView
from trygg.promises.forms import AgreementForm
from trygg.promises.models import Agreement

pytestmark = pytest.mark.django_db


class FormWithoutPermission(ServiceFormView):
    form_class = AgreementForm
    model = Agreement


class DeleteWithoutPermission(ServiceDeleteView):
    model = Agreement


@pytest.mark.parametrize("view_class", [FormWithoutPermission, DeleteWithoutPermission])
def test_a_staff_view_that_names_no_permission_is_a_configuration_error(
    rf, django_user_model, view_class
):
    request = rf.get("/")
    request.user = django_user_model.objects.create_user("samordnare")
    with pytest.raises(ImproperlyConfigured, match="must name the permission"):
        view_class.as_view()(request, pk=1)
