"""The public site's page types and snippets.

The tree is fixed by parent and subpage rules, so an editor cannot put a module page
under the news or a second programme under the home page:

    Home
    ├── Programme ─── Module page (one per lms module and language)
    ├── Knowledge ─── Knowledge article
    │   └── Glossary
    ├── Guidance ──── Guidance page (for managers, mentors, supervisors)
    ├── News ──────── News item
    ├── Contact and help
    └── Standard page (about the site, the accessibility statement…)

Each language has a tree of its own (Wagtail's localisation); the English pages are
translations of the Swedish ones.
"""

from __future__ import annotations

import datetime
import math

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from lms.core import bounds
from lms.programme import public

from .blocks import ModuleBodyBlock, ProseBlock

#: Words a minute a newcomer reads a work text at; a little below the usual 200-250
#: because these texts are read to be used.
WORDS_PER_MINUTE = 180
PAGE_SIZE = 12


# -- snippets -----------------------------------------------------------------------------


class Contact(TranslatableMixin, index.Indexed, models.Model):
    """Somebody to ask: a function mailbox or a named person with a work address."""

    name = models.CharField(_("namn"), max_length=120)
    role = models.CharField(_("roll eller funktion"), max_length=160)
    responsibility = models.CharField(
        _("frågor till den här kontakten"), max_length=300, blank=True
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("responsibility"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("role"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """A word of the field explained once and shown wherever it is needed."""

    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("förklaring"), max_length=1200)

    panels = [FieldPanel("term"), FieldPanel("definition")]
    search_fields = [
        index.SearchField("term", boost=3),
        index.SearchField("definition"),
        index.AutocompleteField("term"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("ordlisteterm")
        verbose_name_plural = _("ordlistan")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


register_snippet(Contact)
register_snippet(GlossaryTerm)


# -- pages --------------------------------------------------------------------------------


class SitePage(Page):
    """What every page of the site has: a short introduction under the heading."""

    intro = models.TextField(
        _("ingress"),
        max_length=600,
        blank=True,
        help_text=_("En eller två meningar som sammanfattar sidan. Visas också i listor."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
    ]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return f"cms/{self._meta.model_name}.html"


def _reading_minutes(page) -> int:
    words = sum(
        len(str(text).split()) for text in page.body.stream_block.get_searchable_content(page.body)
    )
    words += len(page.intro.split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


class HomePage(SitePage):
    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*SitePage.content_panels, FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.ProgrammePage",
        "cms.KnowledgeIndexPage",
        "cms.GuidanceIndexPage",
        "cms.NewsIndexPage",
        "cms.ContactPage",
        "cms.StandardPage",
    ]

    class Meta:
        verbose_name = _("startsida")
        verbose_name_plural = _("startsidor")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = selectors.sections(self)
        context["latest_news"] = selectors.latest_news(self)
        return context

    @classmethod
    def can_create_at(cls, parent) -> bool:
        # One home; the English one is made as its translation, not created anew.
        return super().can_create_at(parent) and not cls.objects.exists()


class ProgrammePage(SitePage):
    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*SitePage.content_panels, FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ModulePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programsida")
        verbose_name_plural = _("programsidor")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        context["parts"] = selectors.programme_parts(self)
        return context


class ModulePage(SitePage):
    """One module of the two-year programme: what it covers, and its dates read live."""

    module = models.ForeignKey(
        "programme.Module",
        verbose_name=_("modul i programmet"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"part__programme__is_current": True},
        help_text=_("Sidan visar modulens kommande kursdatum och kalender."),
    )
    body = StreamField(ModuleBodyBlock(), blank=True, verbose_name=_("innehåll"))
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("kontakt för modulen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("module"),
        FieldPanel("body"),
        FieldPanel("contact"),
    ]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.ProgrammePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("modulsida")
        verbose_name_plural = _("modulsidor")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.module is not None:
            context["sessions"] = public.upcoming_sessions(slug=self.module.slug)
        # The visitor's own status is a part of the page (templates: {% part %}), filled
        # per visitor into the page that every visitor shares.
        return context

    def clean(self):
        super().clean()
        if self.module_id is None:
            return
        others = ModulePage.objects.filter(module_id=self.module_id, locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        other = others.only("title").first()
        if other is not None:
            raise ValidationError(
                {
                    "module": _("Modulen beskrivs redan på sidan ”%(title)s”.")
                    % {"title": other.title}
                }
            )


class KnowledgeIndexPage(SitePage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.KnowledgeArticlePage", "cms.GlossaryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("kunskapsbank")
        verbose_name_plural = _("kunskapsbanker")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        listing = selectors.article_listing(
            self, tag=request.GET.get("tag"), area=request.GET.get("area")
        )
        context.update(listing=listing, articles=paginate(request, listing.articles))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.KnowledgeArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class KnowledgeArticlePage(SitePage):
    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("ämnen"))
    area = models.ForeignKey(
        "organisation.Area",
        verbose_name=_("verksamhetsområde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tomt: artikeln gäller alla verksamhetsområden."),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("lästid (minuter)"), default=1, editable=False
    )

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("area")], heading=_("Ämne")),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("area"),
    ]
    parent_page_types = ["cms.KnowledgeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("kunskapsartikel")
        verbose_name_plural = _("kunskapsartiklar")

    def full_clean(self, *args, **kwargs):
        self.reading_minutes = _reading_minutes(self)
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.reading_minutes = _reading_minutes(self)
        super().save(*args, **kwargs)


class GlossaryPage(SitePage):
    """The glossary snippets of the page's language, A to Ö."""

    parent_page_types = ["cms.KnowledgeIndexPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("ordlista")
        verbose_name_plural = _("ordlistor")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        context["terms"] = selectors.glossary(self.locale)
        return context


class GuidanceIndexPage(SitePage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("vägledningar")
        verbose_name_plural = _("vägledningar")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = selectors.children(self, GuidancePage).order_by("audience", "path")
        return context


class Audience(models.TextChoices):
    MANAGERS = "managers", _("Chefer")
    MENTORS = "mentors", _("Mentorer")
    SUPERVISORS = "supervisors", _("Handledare")
    NEWCOMERS = "newcomers", _("Nyanställda")


class GuidancePage(SitePage):
    audience = models.CharField(_("för"), max_length=16, choices=Audience.choices)
    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*SitePage.content_panels, FieldPanel("audience"), FieldPanel("body")]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("body"),
        index.FilterField("audience"),
    ]
    parent_page_types = ["cms.GuidanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("vägledning")
        verbose_name_plural = _("vägledningar")


class NewsIndexPage(SitePage):
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("nyhetslista")
        verbose_name_plural = _("nyhetslistor")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        news = selectors.children(self, NewsPage).order_by("-date", "-pk")
        context["news"] = paginate(request, news)
        return context


class NewsPage(SitePage):
    date = models.DateField(_("datum"), default=timezone.localdate)
    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*SitePage.content_panels, FieldPanel("date"), FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    def clean(self):
        super().clean()
        if isinstance(self.date, datetime.date):  # not when the field itself was refused
            bounds.NEWS.check(self.date, field="date")

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")


class ContactPage(SitePage):
    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [
        *SitePage.content_panels,
        FieldPanel("body"),
        InlinePanel("contacts", heading=_("Kontakter"), label=_("Kontakt")),
    ]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # reads of these models; imported here to avoid a cycle

        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = selectors.localized_contacts(self)
        return context

    class Meta:
        verbose_name = _("kontakt och hjälp")
        verbose_name_plural = _("kontakt och hjälp")


class ContactPageContact(Orderable):
    page = ParentalKey(ContactPage, on_delete=models.CASCADE, related_name="contacts")
    contact = models.ForeignKey(
        Contact, verbose_name=_("kontakt"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("contact")]


class StandardPage(SitePage):
    """A page of its own under the home page: about the site, the accessibility
    statement that Swedish law asks every public sector site for, and the like."""

    body = StreamField(ProseBlock(), blank=True, verbose_name=_("innehåll"))

    content_panels = [*SitePage.content_panels, FieldPanel("body")]
    search_fields = [*SitePage.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("informationssida")
        verbose_name_plural = _("informationssidor")


def paginate(request, queryset, size: int = PAGE_SIZE):
    """A page of results; a bad or too high page number gives the nearest real page."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))
