"""Pages under the language prefix (/ru/...)."""

urlpatterns = []
