from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from masthead.comments.services import clean_text

from .files import max_file_bytes, max_files, sniffed_type

TEXT_MAX_LENGTH = 10_000
MESSAGE_MAX_LENGTH = 5_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe); each is checked by `TipForm`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,video/mp4,video/quicktime,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class FilesForm(forms.Form):
    """A form that takes up to MASTHEAD_TIPS_MAX_FILES files, each told by its first bytes; `too_large` names the
    files the upload handler skipped for their size (files.SizeLimitedUploads)."""

    files = MultipleFileField(label=_("Photos, videos or documents"), required=False)

    def __init__(self, *args, too_large=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = list(too_large)
        self.fields["files"].help_text = _(
            "Up to %(count)d files of %(size)s each: pictures (JPEG, PNG, GIF, WebP), videos (MP4, MOV) or PDF. "
            "Files are kept as you send them: photos keep their metadata (time, place, device), so remove it first "
            "if that matters to you."
        ) % {"count": max_files(), "size": filesizeformat(max_file_bytes())}

    def clean_files(self):
        files = self.cleaned_data["files"]
        problems = [
            _("“%(name)s” is larger than %(size)s; it was not sent.")
            % {"name": name, "size": filesizeformat(max_file_bytes())}
            for name in self.too_large
        ]
        if len(files) + len(self.too_large) > max_files():
            problems.append(
                ngettext("Send at most %(count)d file.", "Send at most %(count)d files.", max_files())
                % {"count": max_files()}
            )
        checked = []
        for upload in files:
            kind = sniffed_type(upload)
            if kind is None:
                problems.append(_("“%(name)s” is not a picture, video or PDF we can take.") % {"name": upload.name})
            else:
                checked.append((upload, kind))
        if problems:
            problems.append(_("Your text is kept below; please choose the files again."))
            raise forms.ValidationError(problems)
        return checked


class TipForm(FilesForm):
    text = forms.CharField(
        label=_("What happened, or what do you know?"),
        help_text=_("Where and when, who was there, how you know. Up to 10,000 characters."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_MAX_LENGTH,
    )
    name = forms.CharField(
        label=_("Your name"), required=False, max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact = forms.CharField(
        label=_("How can we reach you?"),
        required=False,
        max_length=200,
        help_text=_("An email address, a phone number or a messenger. Leave it empty to stay anonymous."),
    )
    field_order = ["text", "files", "name", "contact"]

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Please write what the tip is about."))
        return text

    def clean_name(self):
        return " ".join(clean_text(self.cleaned_data["name"]).split())

    def clean_contact(self):
        return " ".join(clean_text(self.cleaned_data["contact"]).split())


class MessageForm(FilesForm):
    """What a tip's sender writes to the newsroom after the tip, with files if they have more to show."""

    text = forms.CharField(
        label=_("Write to the newsroom"),
        help_text=_("Answer our questions or add what you remember. Up to 5,000 characters."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MESSAGE_MAX_LENGTH,
    )
    field_order = ["text", "files"]

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Please write your message."))
        return text


class KeyForm(forms.Form):
    """The key a sender was given with their tip, typed or pasted to open its page again. It travels in a form's
    body, never in an address: addresses are written to servers' and proxies' logs, browser history and bookmarks
    synced to other devices."""

    key = forms.CharField(
        label=_("Your tip's key"),
        help_text=_("The key shown after you sent the tip."),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_key(self):
        # Pasted keys often bring a space or a line break along.
        return "".join(self.cleaned_data["key"].split())
