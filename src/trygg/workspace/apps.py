from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The staff's home page, which gathers from every domain: the top of the staff side.

    As ``portal`` is the residents' front door above every app, the workspace is the
    staff's; no app below imports it, so core stays a base layer.
    """

    name = "trygg.workspace"
    verbose_name = _("Staff workspace")
