"""A job: one run of a background task, with what it is about, its progress and outcome.

Django's task framework keeps a task's own result (django-tasks-db's row, with its
traceback); a job adds what a person needs to follow it: what it is about (a survey,
say), who started it, how far it has come in words and numbers, and its outcome as a
sentence in the language of whoever started it. Pages find a job through its subject,
so a job is as visible as the thing it works on.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.tasks import Task
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def of(self, task: Task, subject: models.Model | None = None) -> "JobQuerySet":
        """The jobs of ``task`` about ``subject`` (about nothing in particular if ``None``)."""
        if subject is None:
            return self.filter(kind=task.module_path, content_type=None, object_id=None)
        return self.filter(
            kind=task.module_path,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
        )

    def queued(self) -> "JobQuerySet":
        return self.filter(status=Job.Status.QUEUED)

    def unfinished(self) -> "JobQuerySet":
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])

    def finished(self) -> "JobQuerySet":
        return self.filter(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED])


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("task"), max_length=200, help_text=_("The task's module path."))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    language = models.CharField(_("language"), max_length=10)
    task_id = models.CharField(_("task result"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("of"), default=0)
    message = models.TextField(_("outcome"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # When the running job last gave a sign of life (it started, it wrote its progress):
    # a job silent for long has lost its worker (killed, its machine gone).
    alive_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["kind", "content_type", "object_id", "status"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        """How far the job has come, 0–100; 100 once it has finished."""
        if self.finished:
            return 100
        return round(100 * self.done / self.total) if self.total else 0
