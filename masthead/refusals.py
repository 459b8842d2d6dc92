"""What a reader's request cannot have, said the same way by every app: a message to show them, a code for scripts,
the HTTP status, and the form field it is about, if any (the JSON API answers it with `api.errors.refusal_answer`)."""


class Refused(Exception):
    def __init__(self, message, *, code, status=400, field=None):
        super().__init__(message)
        self.message, self.code, self.status, self.field = str(message), code, status, field
