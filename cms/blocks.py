"""The building blocks editors put pages together with.

Each block renders semantic HTML of its own (templates/cms/blocks/), so a page stays
accessible whatever order an editor puts the blocks in: headings are h2 inside the
page's h1, questions are <details>, images carry alt text or are marked decorative.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

#: What the rich text editor offers: enough for structured prose, no colours or fonts.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Mellanrubrik")
        template = "cms/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Bild"))
    caption = blocks.CharBlock(label=_("Bildtext"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "cms/blocks/figure.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Faktaruta")
        template = "cms/blocks/callout.html"


class LearningGoalsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), default=_("Efter modulen kan du"))
    goals = blocks.ListBlock(blocks.CharBlock(label=_("Mål"), max_length=300), label=_("Mål"))

    class Meta:
        icon = "list-ul"
        label = _("Lärandemål")
        template = "cms/blocks/goals.html"


class PreparationBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), default=_("Förbered dig"))
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Förberedelser")
        template = "cms/blocks/preparation.html"


class PractiseBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), default=_("Öva efteråt med din handledare"))
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "group"
        label = _("Öva efteråt med handledaren")
        template = "cms/blocks/practise.html"


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Länktext"), required=False, help_text=_("Tomt: dokumentets titel.")
    )


class DownloadsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), default=_("Material att ladda ner"))
    files = blocks.ListBlock(DownloadBlock(), label=_("Filer"))

    class Meta:
        icon = "download"
        label = _("Nedladdningar")
        template = "cms/blocks/downloads.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(
        label=_("Videoadress"),
        help_text=_("Adressen till videon, till exempel på YouTube eller Vimeo."),
    )
    title = blocks.CharBlock(
        label=_("Videons titel"),
        max_length=160,
        help_text=_("Läses upp av skärmläsare; beskriv vad videon handlar om."),
    )
    transcript = blocks.RichTextBlock(
        label=_("Textversion"),
        required=False,
        features=RICH_TEXT_FEATURES,
        help_text=_("Krävs för tillgänglighet om videon saknar textning."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Fråga"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Svar"), features=RICH_TEXT_FEATURES)


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), default=_("Vanliga frågor"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("Frågor"))

    class Meta:
        icon = "help"
        label = _("Vanliga frågor")
        template = "cms/blocks/faq.html"


class ProseBlock(blocks.StreamBlock):
    """Articles, guidance, news and the section pages."""

    heading = HeadingBlock()
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    figure = FigureBlock()
    callout = CalloutBlock()
    video = VideoBlock()
    downloads = DownloadsBlock()
    faq = FaqBlock()


class ModuleBodyBlock(ProseBlock):
    """A module page: the prose blocks plus the parts of a course description."""

    goals = LearningGoalsBlock()
    preparation = PreparationBlock()
    practise = PractiseBlock()
