"""Pages under the language prefix (/ru/...): the archive and the most-read lists."""

from django.urls import path, register_converter

from . import views

app_name = "audience"


class FourDigits:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigits, "audience_year")
register_converter(TwoDigits, "audience_2d")

urlpatterns = [
    path("archive/", views.archive_latest, name="archive"),
    path("archive/<audience_year:year>/", views.archive_year, name="archive_year"),
    path("archive/<audience_year:year>/<audience_2d:month>/", views.archive_month, name="archive_month"),
    path("archive/<audience_year:year>/<audience_2d:month>/<audience_2d:day>/", views.archive_day, name="archive_day"),
    path("most-read/", views.most_read, name="most_read"),
    path("most-read/<slug:period>/", views.most_read, name="most_read_period"),
]
