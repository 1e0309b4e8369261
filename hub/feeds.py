"""Atom feed of the hub's news."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from hub.models import Article


class LatestNewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Sharing City news")
    link = reverse_lazy("hub:article-list")
    subtitle = _("News and stories from the city's Sharing Hub.")

    def items(self):
        return Article.objects.published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:300]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return item.tags
