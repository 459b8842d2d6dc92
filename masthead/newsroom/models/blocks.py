"""The blocks an article's body is made of."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from masthead.polls.blocks import PollBlock

from ..fact_checks import rating_choices, verdict

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(label=_("Level"), choices=[("h2", _("Heading")), ("h3", _("Subheading"))], default="h2")

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "newsroom/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    """A quoted post or official statement, always with who said it."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), max_length=200)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "newsroom/blocks/quote.html"


# A picture's description (its alt text in the library) is written once, in one language; a story in another edition
# says what the picture shows in its own, so each use may give its own.
ALT_TEXT_HELP = _(
    "What the picture shows, for readers who cannot see it, in this story's language. Leave empty to "
    "use the picture's description from the library."
)


def alt_text_block():
    return blocks.CharBlock(label=_("Alt text"), required=False, max_length=250, help_text=ALT_TEXT_HELP)


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = alt_text_block()
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("Credit"),
        required=False,
        max_length=200,
        help_text=_('The photographer or agency; the page puts "Photo:" before it.'),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "newsroom/blocks/image.html"


class GalleryBlock(blocks.StructBlock):
    """A series of pictures shown together, each with its own caption and credit, and a caption for the series."""

    images = blocks.ListBlock(CaptionedImageBlock(), label=_("Pictures"), min_num=2, max_num=30)
    caption = blocks.CharBlock(label=_("Caption of the series"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "newsroom/blocks/gallery.html"


class CaptionedEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Address of the post or video"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "newsroom/blocks/embed.html"


class ArticleChooserBlock(blocks.PageChooserBlock):
    """A chooser of one article whose buttons read in each editor's language: Wagtail's widget, kept by the block
    for the life of the process, puts "Choose a page (Article)" together once, in the first editor's language."""

    @cached_property
    def widget(self):
        from wagtail.admin.widgets import AdminPageChooser

        widget = AdminPageChooser(target_models=self.target_models, can_choose_root=self.can_choose_root)
        widget.choose_one_text, widget.choose_another_text = _("Choose an article"), _("Choose another article")
        widget.link_to_chosen_text = _("Edit this article")
        return widget

    def deconstruct(self):
        # Stored as the block it only relabels, so that migrations see no change.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.PageChooserBlock", args, kwargs


class RelatedStoryBlock(blocks.StructBlock):
    """An editor-placed teaser for another article, showing its lead cut at a word boundary."""

    article = ArticleChooserBlock(label=_("Article"), page_type="newsroom.ArticlePage")
    label = blocks.CharBlock(label=_("Label"), required=False, max_length=60)

    class Meta:
        icon = "link"
        label = _("Related story")
        template = "newsroom/blocks/related_story.html"


class FactCheckBlock(blocks.StructBlock):
    """A claim someone made and the newsroom's verdict on it; search engines get it as a ClaimReview."""

    claim = blocks.TextBlock(label=_("Claim"), max_length=500, help_text=_("The claim, as it was made."))
    claimant = blocks.CharBlock(label=_("Who made it"), required=False, max_length=200)
    source_url = blocks.URLBlock(label=_("Where it was made"), required=False)
    rating = blocks.ChoiceBlock(label=_("Verdict"), choices=rating_choices)
    summary = blocks.TextBlock(
        label=_("In short"), required=False, max_length=400, help_text=_("One or two sentences: why this verdict.")
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Fact check")
        template = "newsroom/blocks/fact_check.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["verdict"] = verdict(value["rating"])[0]
        return context


class LiveUpdateBlock(blocks.StructBlock):
    """One timed entry of a live story. The page shows them newest first, each with its own address."""

    time = blocks.DateTimeBlock(
        label=_("Time"),
        required=False,
        # To the second: the admin's minutes alone turned two updates of one minute into a tie when the story was
        # saved again, and the older could then be listed first.
        format="%Y-%m-%d %H:%M:%S",
        help_text=_("Leave empty for the time the update is saved."),
    )
    headline = blocks.CharBlock(label=_("Headline"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=PARAGRAPH_FEATURES)
    image = ImageChooserBlock(label=_("Image"), required=False)
    alt = alt_text_block()
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    key_event = blocks.BooleanBlock(
        label=_("Key event"),
        required=False,
        help_text=_("Listed at the top of the updates, so a reader arriving late finds what mattered."),
    )
    correction = blocks.CharBlock(
        label=_("Correction"),
        required=False,
        max_length=500,
        help_text=_(
            "When this update was wrong and is now put right: what the earlier version said, shown to readers under it."
        ),
    )

    class Meta:
        icon = "time"
        label = pgettext_lazy("live coverage", "Update")


class LiveUpdatesBlock(blocks.StreamBlock):
    update = LiveUpdateBlock()


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=PARAGRAPH_FEATURES, template="newsroom/blocks/paragraph.html"
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    embed = CaptionedEmbedBlock()
    related_story = RelatedStoryBlock()
    fact_check = FactCheckBlock()
    poll = PollBlock()
