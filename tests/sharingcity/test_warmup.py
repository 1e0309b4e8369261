"""Before gunicorn forks its workers, the master compiles every template and loads both catalogues, without
opening a database connection the workers would then share."""

import pytest
from django.db import connections

from sharingcity.warmup import template_names, warm_up


@pytest.mark.django_db
def test_warm_up_compiles_every_template_without_touching_the_database(django_assert_num_queries):
    names = set(template_names())
    assert {"base.html", "facilities/detail.html", "hub/service_list.html"} <= names
    # django-filter ships a template for crispy-forms, which the portal does not use.
    unused = {"django_filters/rest_framework/crispy_form.html"}
    with django_assert_num_queries(0):
        assert warm_up() == len(names - unused)


def test_warm_up_opens_no_database_connection():
    for connection in connections.all():
        connection.close()
    warm_up()
    assert all(connection.connection is None for connection in connections.all())
