"""An Atom feed of a municipality's progress updates, from published agreements only."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from . import selectors

FEED_LENGTH = 50


class ProgressFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, municipality):
        return get_object_or_404(selectors.public_municipalities(), slug=municipality)

    def title(self, municipality):
        return _("Follow-up of the promises in %(municipality)s") % {
            "municipality": municipality.name
        }

    def subtitle(self, municipality):
        return _(
            "What the municipality and the police have done to keep their promises "
            "to the residents of %(municipality)s."
        ) % {"municipality": municipality.name}

    def link(self, municipality):
        return municipality.get_absolute_url()

    def feed_url(self, municipality):
        return reverse("portal:feed", kwargs={"municipality": municipality.slug})

    def author_name(self, municipality):
        return _("%(municipality)s municipality and the police") % {
            "municipality": municipality.name
        }

    def items(self, municipality):
        return selectors.published_updates_of(municipality)[:FEED_LENGTH]

    def item_title(self, update):
        return f"{update.action.title}: {update.date:%Y-%m-%d}"

    def item_description(self, update):
        # Atom marks the summary as HTML: escape the text, keep its paragraphs.
        return linebreaks(update.text, autoescape=True)

    def item_link(self, update):
        promise = update.action.promise
        url = reverse(
            "portal:promise",
            kwargs={
                "municipality": promise.focus_area.agreement.municipality.slug,
                "pk": promise.pk,
            },
        )
        return f"{url}#update-{update.pk}"

    def item_pubdate(self, update):
        return timezone.make_aware(datetime.datetime.combine(update.date, datetime.time(12)))

    def item_updateddate(self, update):
        # Atom requires <updated>; an update is recorded at or after the day it tells of.
        return max(update.created_at, self.item_pubdate(update))

    def item_categories(self, update):
        return [update.action.promise.focus_area.title]
