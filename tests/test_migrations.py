"""Every model change ships with its migration, so `masthead migrate` brings a site's database up to date."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    output = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{output.getvalue()}")
