"""What visitors and API clients get when something fails: 503 with Retry-After while the database
cannot be reached, 500 for anything else; HTML pages in the visitor's language, JSON under the API.

The unreachable database is real: the connection is pointed at a folder where no PostgreSQL listens,
so every query fails in libpq exactly as with a stopped server (tests/sharingcity/test_outage.py
stops a real one)."""

import json
import logging
import shutil
import tempfile

import pytest
from django.db import connection

from tests.factories import UserFactory

pytestmark = pytest.mark.urls("tests.sharingcity.error_urls")


@pytest.fixture
def visitor(client):
    client.raise_request_exception = False  # answer as production does, instead of re-raising in the test
    return client


@pytest.fixture
def database_gone(django_db_blocker):
    """No PostgreSQL listens where the connection points: connecting fails as with a stopped server."""
    empty = tempfile.mkdtemp(prefix="sc-gone-")  # short, so the socket path fits
    saved = connection.settings_dict["HOST"]
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["HOST"] = empty
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["HOST"] = saved
            shutil.rmtree(empty, ignore_errors=True)


def page_text(response):
    return response.content.decode()


def test_a_page_answers_503_in_korean_with_retry_after_while_the_database_is_gone(visitor, database_gone):
    response = visitor.get("/facilities/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="ko">' in page_text(response)
    assert "지금은 데이터베이스에 연결할 수 없습니다" in page_text(response)
    assert 'href="/facilities/"' in page_text(response)  # "Try again" leads back to the page
    assert "no-store" in response["Cache-Control"]


def test_a_page_answers_503_in_english_for_a_visitor_who_chose_english(visitor, database_gone):
    visitor.cookies["django_language"] = "en"
    response = visitor.get("/")
    assert response.status_code == 503
    assert response["Content-Language"] == "en"
    assert "We cannot reach our database at the moment." in page_text(response)


def test_a_signed_in_visitor_whose_session_cannot_be_read_gets_the_503_page(visitor, database_gone):
    # The session and the user are looked up lazily, inside the view (login_required here).
    visitor.cookies["sessionid"] = "a" * 32
    response = visitor.get("/my/")
    assert response.status_code == 503
    assert "<h1>잠시 이용할 수 없습니다</h1>" in page_text(response)


def test_a_session_that_cannot_be_saved_on_the_way_out_gives_the_503_page(visitor, database_gone):
    # The view itself succeeded; SessionMiddleware's save fails after it.
    response = visitor.get("/test/remember/")
    assert response.status_code == 503
    assert "remembered" not in page_text(response)
    assert response["Retry-After"] == "10"


@pytest.mark.django_db(transaction=True)
def test_a_connection_terminated_by_the_server_in_the_middle_of_a_request_gives_the_503_page(visitor):
    try:
        response = visitor.get("/test/cut-off/")
    finally:
        connection.close()  # the next test gets a new connection
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "지금은 데이터베이스에 연결할 수 없습니다" in page_text(response)


def test_the_api_answers_503_json_in_its_error_shape(visitor, database_gone):
    response = visitor.get("/api/v1/facilities/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "10"
    assert json.loads(response.content) == {
        "detail": "데이터베이스에 연결할 수 없어 잠시 서비스를 이용할 수 없습니다. 잠시 후 다시 시도해 주세요."
    }


def test_a_booking_with_a_token_that_cannot_be_checked_answers_503_json_in_english(visitor, database_gone):
    # DRF hands exceptions it does not know back to Django; the token lookup is the first query here.
    response = visitor.post(
        "/api/v1/facility-reservations/",
        {"facility": 1, "start": "2030-01-07T10:00:00+09:00", "end": "2030-01-07T11:00:00+09:00"},
        content_type="application/json",
        headers={"Authorization": "Token 0123456789abcdef", "Cookie": "django_language=en"},
    )
    assert response.status_code == 503
    assert json.loads(response.content)["detail"].startswith("The service is briefly unavailable")


def test_the_gbfs_feed_answers_503_json(visitor, database_gone):
    response = visitor.get("/gbfs/station_information.json")
    assert response.status_code == 503
    assert "detail" in json.loads(response.content)
    assert response["Retry-After"] == "10"


def test_the_health_check_still_says_the_database_is_down(visitor, database_gone):
    response = visitor.get("/healthz")
    assert response.status_code == 503 and json.loads(response.content)["status"] == "error"


def test_each_refused_request_is_logged_as_one_warning_line_without_a_traceback(visitor, database_gone, caplog):
    with caplog.at_level(logging.WARNING):
        visitor.get("/facilities/")
        visitor.get("/api/v1/facilities/")
    assert [(r.name, r.levelname) for r in caplog.records] == [
        ("sharingcity.views", "WARNING"),
        ("sharingcity.views", "WARNING"),
    ]
    first, second = (record.getMessage() for record in caplog.records)
    assert first.startswith("Database unavailable, answered 503 to GET /facilities/: OperationalError: ")
    assert "\n" not in first and "\n" not in second
    assert all(record.exc_info is None for record in caplog.records)


@pytest.mark.django_db
def test_another_error_is_a_500_page_in_the_visitors_language_that_asks_nothing_of_the_database(
    visitor, django_assert_num_queries
):
    visitor.force_login(UserFactory())
    visitor.cookies["django_language"] = "en"
    with django_assert_num_queries(0):
        response = visitor.get("/test/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in page_text(response)
    assert '<html lang="en">' in page_text(response)


def test_another_error_is_a_500_page_in_korean_by_default(visitor):
    response = visitor.get("/test/broken/")
    assert response.status_code == 500
    assert "문제가 발생했습니다" in page_text(response)


def test_another_error_under_the_api_is_500_json(visitor, caplog):
    with caplog.at_level(logging.ERROR):
        response = visitor.get("/api/v1/test/broken/")
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "detail": "서버 오류가 발생했습니다. 오류는 기록되었으니 잠시 후 다시 시도해 주세요."
    }
    # A defect keeps Django's full report, traceback included.
    assert any(record.name == "django.request" and record.exc_info for record in caplog.records)
