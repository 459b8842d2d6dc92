"""What a reader's request cannot have, said the same way by every app: a message to show them, a code for scripts,
the HTTP status, and the form field it is about, if any. An API operation lets it rise: the API's one handler
(`api.api.on_refused`) answers it in the error shape; the apps' form views catch it and show the message."""


class Refused(Exception):
    def __init__(self, message, *, code, status=400, field=None):
        super().__init__(message)
        self.message, self.code, self.status, self.field = str(message), code, status, field
