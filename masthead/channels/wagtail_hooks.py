"""Channels in the Wagtail admin: configure them, see every post's status, post a story again.

Tokens and secrets are write-only here: the form never shows a saved one, and leaving the field empty keeps it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters import ChoiceFilter, ModelChoiceFilter, NumberFilter
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.admin_inspect import InspectView
from masthead.ids import MAX_ID
from masthead.newsroom.models import ArticlePage

from . import services
from .adapters import adapter_for
from .adapters.base import ChannelError
from .error_words import in_editors_words
from .models import Channel, ChannelPost
from .selectors import posts_of_article

POST_AGAIN_PERMISSION = "channels.post_again"


@hooks.register("register_log_actions")
def register_channel_log_actions(actions):
    actions.register_action("channels.post_again", _("Posted to channels again"), _("Posted to channels again"))


@hooks.register("register_permissions")
def register_post_again_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="channels", codename="post_again")


# --- channels ---------------------------------------------------------------------------------------------------


class ChannelForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "secret" in self.fields:
            # A new channel sent back for another field keeps the token just typed (the editor's own, on their own
            # page); a saved channel's token is never written into the page.
            self.fields["secret"].widget.render_value = True

    def clean_secret(self):
        # Left empty on an existing channel: keep the saved secret, which the form never shows.
        return self.cleaned_data.get("secret") or (self.instance.secret if self.instance.pk else "")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind:
            problems = adapter_for(kind).check(
                endpoint=cleaned.get("endpoint", ""),
                destination=cleaned.get("destination", ""),
                secret=cleaned.get("secret", ""),
            )
            for field, problem in problems.items():
                self.add_error(field, problem)
        return cleaned


class ChannelEditView(SnippetEditView):
    """A channel's page offers its check beside copy and delete."""

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.request.user.has_perm("channels.change_channel"):
            buttons.append(
                wagtailadmin_widgets.Button(
                    _("Check"), reverse("channels_check", args=[self.object.pk]), icon_name="circle-check", priority=5
                )
            )
        return buttons


class ChannelViewSet(SnippetViewSet):
    model = Channel
    edit_view_class = ChannelEditView
    icon = "site"
    menu_label = _("Channels")
    menu_name = "channels"
    url_prefix = "channels/channels"
    admin_url_namespace = "channels_channels"
    copy_view_enabled = False
    list_display = [
        "name",
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        Column("language", label=_("Language"), accessor="get_language_display"),
        # In words: Wagtail's tick icon is titled "True" or "False", in English, for screen readers.
        Column(
            "enabled", label=_("Posts new stories"), accessor=lambda channel: _("Yes") if channel.enabled else _("No")
        ),
        Column("destination", label=_("Destination")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("kind"),
            FieldPanel("enabled"),
            FieldPanel("post_live_updates"),
            FieldPanel("language"),
            FieldPanel("endpoint"),
            FieldPanel("destination"),
            FieldPanel(
                "secret",
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
                help_text=format_lazy(
                    "{} {}",
                    Channel._meta.get_field("secret").help_text,
                    _("Never shown again after saving; leave empty to keep the saved one."),
                ),
            ),
        ],
        base_form_class=ChannelForm,
    )


# --- posts ------------------------------------------------------------------------------------------------------


class PostPermissionPolicy(ModelPermissionPolicy):
    """Posts are written by publishing and by "post again"; editors look, they do not add or edit by hand."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in {"add", "change"}]
        return super().users_with_any_permission(allowed) if allowed else get_user_model().objects.none()


register_permission_policy(ChannelPost, PostPermissionPolicy(ChannelPost))


class PostFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=_("Status"), choices=ChannelPost.Status.choices)
    channel = ModelChoiceFilter(label=_("Channel"), queryset=Channel.objects.all())
    # An id, not a list of every article: a site has tens of thousands.
    # Bounded to the ids a row can have: a longer number typed in failed the page with a 500.
    article = NumberFilter(label=_("Article id"), field_name="article_id", min_value=1, max_value=MAX_ID)

    class Meta:
        model = ChannelPost
        fields = ["status", "channel", "article"]


class ArticleColumn(Column):
    def get_value(self, instance):
        url = reverse("channels_article_posts", args=[instance.article_id])
        return format_html('<a href="{}">{}</a>', url, instance.article.title)


class ResultColumn(Column):
    def get_value(self, instance):
        if instance.external_url:
            return format_html('<a href="{}" rel="noreferrer">{}</a>', instance.external_url, instance.external_id)
        return instance.get_last_error_display() or instance.external_id or "—"


class PostViewSet(SnippetViewSet):
    model = ChannelPost
    icon = "list-ul"
    menu_label = _("Posts")
    menu_name = "channel_posts"
    url_prefix = "channels/posts"
    admin_url_namespace = "channels_posts"
    filterset_class = PostFilterSet
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = InspectView
    inspect_view_fields_exclude = ["claimed_at"]
    list_display = [
        ArticleColumn("article", label=_("Article")),
        Column("channel", label=_("Channel")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("attempts", label=_("Attempts")),
        Column("next_attempt_at", label=_("Next attempt")),
        Column("posted_at", label=_("Posted")),
        ResultColumn("result", label=_("Result or last error")),
        Column("trigger", label=_("Why"), accessor="get_trigger_display"),
    ]

    def get_queryset(self, request):
        return ChannelPost.objects.select_related("article", "channel")


class ChannelsGroup(SnippetViewSetGroup):
    items = (ChannelViewSet, PostViewSet)
    menu_icon = "site"
    menu_label = _("Channels")
    menu_name = "channels_group"


register_snippet(ChannelsGroup)


# --- post again ---------------------------------------------------------------------------------------------------


class PostAgainBulkAction(SnippetBulkAction):
    """Post the selected posts' stories to their channels once more."""

    models = [ChannelPost]
    display_name = _("Post again")
    action_type = "post_again"
    aria_label = _("Post the selected stories to their channels again")
    template_name = "channels/admin/confirm_post_again.html"
    action_priority = 10

    def check_perm(self, obj):
        return self.request.user.has_perm(POST_AGAIN_PERMISSION)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        user = kwargs["self"].request.user
        by_article = {}
        for post in objects:
            by_article.setdefault(post.article_id, (post.article, {}))[1][post.channel_id] = post.channel
        count = 0
        for article, channels in by_article.values():
            done = services.channel_post_again(article=article, channels=list(channels.values()), user=user)
            count += len(done.posts)
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d post queued.", "%(count)d posts queued.", num_parent_objects) % {
            "count": num_parent_objects
        }


hooks.register("register_bulk_action", PostAgainBulkAction)


class PostAgainForm(forms.Form):
    channels = forms.ModelMultipleChoiceField(
        label=_("Post to"), queryset=Channel.objects.filter(enabled=True), widget=forms.CheckboxSelectMultiple
    )


def article_posts_view(request, article_id):
    """One article's posts per channel, with a form to post it again."""
    if not request.user.has_perm("channels.view_channelpost"):
        raise PermissionDenied
    article = get_object_or_404(ArticlePage, pk=article_id)
    can_post = request.user.has_perm(POST_AGAIN_PERMISSION)
    form = PostAgainForm(request.POST or None)
    if request.method == "POST":
        if not can_post:
            raise PermissionDenied
        if not article.live:
            messages.error(request, _("Publish the article first."))
        elif form.is_valid():
            done = services.channel_post_again(
                article=article, channels=form.cleaned_data["channels"], user=request.user
            )
            if done.posts:
                count = len(done.posts)
                messages.success(
                    request, ngettext("%(count)d post queued.", "%(count)d posts queued.", count) % {"count": count}
                )
            if done.still_on_the_way:
                names = ", ".join(channel.name for channel in done.still_on_the_way)
                messages.warning(
                    request,
                    _(
                        "Not posted again to %(channels)s: a post of this story is still on its way there; "
                        "it is tried now."
                    )
                    % {"channels": names},
                )
            return redirect("channels_article_posts", article_id=article.pk)
    return TemplateResponse(
        request,
        "channels/admin/article_posts.html",
        {
            "article": article,
            "rows": posts_of_article(article=article),
            "form": form,
            "can_post": can_post,
            "page_title": _("Channels"),
            "page_subtitle": article.title,
            "header_icon": "site",
        },
    )


# --- checking a channel -------------------------------------------------------------------------------------------


def channel_check_view(request, channel_id):
    """Ask the channel's service whether its settings work, before a story fails on them. The page explains; its
    button (a POST: the check reaches out, and a webhook's receiver is sent a test event) runs it."""
    if not request.user.has_perm("channels.change_channel"):
        raise PermissionDenied
    channel = get_object_or_404(Channel, pk=channel_id)
    if request.method == "POST":
        try:
            found = adapter_for(channel.kind).verify(channel=channel)
        except ChannelError as error:
            messages.error(request, _("The check failed: %(error)s") % {"error": in_editors_words(error.message)})
        else:
            messages.success(request, found)
        return redirect("channels_check", channel_id=channel.pk)
    return TemplateResponse(
        request,
        "channels/admin/check.html",
        {
            "channel": channel,
            "page_title": _("Check the channel"),
            "page_subtitle": channel.name,
            "header_icon": "site",
        },
    )


@hooks.register("register_snippet_listing_buttons")
def channel_check_button(snippet, user, next_url=None):
    if isinstance(snippet, Channel) and user.has_perm("channels.change_channel"):
        yield wagtailadmin_widgets.ListingButton(
            _("Check"), reverse("channels_check", args=[snippet.pk]), icon_name="circle-check", priority=15
        )


@hooks.register("register_admin_urls")
def register_channel_urls():
    return [
        path("channels/article/<row_id:article_id>/", article_posts_view, name="channels_article_posts"),
        path("channels/check/<row_id:channel_id>/", channel_check_view, name="channels_check"),
    ]


@hooks.register("register_page_header_buttons")
def article_channels_button(page, user, view_name, next_url=None):
    if page.specific_class is ArticlePage and user.has_perm("channels.view_channelpost"):
        yield wagtailadmin_widgets.Button(
            _("Channels"),
            reverse("channels_article_posts", args=[page.pk]),
            icon_name="site",
            attrs={"title": _("Where this story was posted, and post it again")},
            priority=75,
        )
