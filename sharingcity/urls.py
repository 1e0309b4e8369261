"""The portal's URLs: the shared pages, each programme's pages, the admin and the API under /api/v1/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sharingcity import views
from sharingcity.api_urls import router
from sharingcity.forms import QueuedPasswordResetForm, SignInForm

# In the page's language, like the rest of the admin.
admin.site.site_header = gettext_lazy("Sharing City Seoul")
admin.site.site_title = gettext_lazy("Sharing City Seoul")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/switch/", views.switch_language, name="switch-language"),
    path("accounts/signup/", views.signup, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("my/", views.my_page, name="my-page"),
    path("my/calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("my/calendar-token/", views.reset_calendar_token, name="reset-calendar-token"),
    path("hub/", include("hub.urls")),
    path("facilities/", include("facilities.urls")),
    path("carshare/", include("carshare.urls")),
    path("roomshare/", include("roomshare.urls")),
    path("gbfs/", include("carshare.gbfs_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the docs obey our no-inline-script policy.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/auth/token/", views.ApiTokenView.as_view(), name="api-token"),
    path("api/v1/", include(router.urls)),
    path("api/hsds/", include("hub.hsds_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# JSON for an unknown API address; 503 while the database cannot be reached, 500 for anything else.
handler404 = "sharingcity.views.page_not_found"
handler500 = "sharingcity.views.server_error"
