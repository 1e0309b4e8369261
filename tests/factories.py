"""Factories for the shared models and the hub; each programme adds its own in tests/<app>/factories.py."""

import factory
from django.contrib.auth.models import Group

from hub.models import Article, Organisation, PartnerApiKey, ReviewStatus, Service
from sharingcity.models import District, User

PASSWORD = "correct horse battery staple"


def district(slug="mapo-gu") -> District:
    """Districts come from a data migration; tests pick one by slug."""
    return District.objects.get(slug=slug)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"시민 {n}")
    # People read their emails in English unless a test says otherwise (the site's default is Korean).
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.is_staff = True
            self.save(update_fields=["is_staff"])
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def finish(self, create, extracted, **kwargs):
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"나눔 단체 {n}")
    name_en = factory.Sequence(lambda n: f"Sharing Group {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.SHARING_ENTERPRISE
    district = factory.LazyFunction(lambda: district("mapo-gu"))
    status = ReviewStatus.PUBLISHED
    verified = True


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"공유 서비스 {n}")
    title_en = factory.Sequence(lambda n: f"Sharing service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    category = Service.Category.GOODS
    summary = "이웃과 나누는 서비스입니다."
    status = ReviewStatus.PUBLISHED

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create:
            self.districts.set(extracted if extracted is not None else [self.organisation.district])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"소식 {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    body = "공유도시 소식입니다."
    is_published = True


def issue_key(organisation):
    """A partner key for `organisation`; returns the plain key to send."""
    return PartnerApiKey.issue(organisation, "test key")[1]
