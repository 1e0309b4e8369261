"""Hub API: public reads of districts, organisations, services and news; partners manage their own services."""

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from hub.authentication import IsPartnerOrReadOnly, partner_organisation
from hub.filters import OrganisationFilter, ServiceFilter
from hub.models import Article, Organisation, ReviewStatus, Service
from sharingcity.api import BySlug
from sharingcity.models import District


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "slug", "name", "name_en", "latitude", "longitude"]


class OrganisationSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "kind",
            "description",
            "district",
            "address",
            "website",
            "email",
            "phone",
            "designated_since",
            "verified",
        ]


class ServiceSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    districts = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=District.objects.all(), help_text="Slugs of the districts served."
    )
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "slug",
            "organisation",
            "title",
            "title_en",
            "category",
            "summary",
            "description",
            "how_to_use",
            "eligibility",
            "is_free",
            "fee_description",
            "districts",
            "website",
            "last_verified",
            "status",
            "updated_at",
        ]
        read_only_fields = ["slug", "status", "updated_at", "last_verified"]

    def validate(self, attrs):
        is_free = attrs.get("is_free", getattr(self.instance, "is_free", True))
        fee = attrs.get("fee_description", getattr(self.instance, "fee_description", ""))
        if not is_free and not (fee or "").strip():
            raise serializers.ValidationError({"fee_description": "Describe the fee, or mark the service as free."})
        return attrs


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "slug", "title", "summary", "body", "tags", "published_at"]


def register(router):
    router.register("districts", DistrictViewSet, basename="district")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("services", ServiceViewSet, basename="service")
    router.register("news", ArticleViewSet, basename="article")


class DistrictViewSet(BySlug, viewsets.ReadOnlyModelViewSet):
    """Seoul's 25 districts; every listing names one by its slug."""

    queryset = District.objects.all()
    serializer_class = DistrictSerializer
    pagination_class = None


class OrganisationViewSet(BySlug, viewsets.ReadOnlyModelViewSet):
    """Published sharing organisations, public agencies and partner businesses."""

    queryset = Organisation.objects.published().select_related("district")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "designated_since"]


SERVICE_EXAMPLE = {
    "title": "공구 도서관",
    "title_en": "Tool library",
    "category": "goods",
    "summary": "드릴과 사다리를 무료로 빌려 드립니다.",
    "is_free": True,
    "fee_description": "",
    "districts": ["mapo-gu", "seodaemun-gu"],
    "website": "https://tools.example.org/",
}


@extend_schema_view(
    list=extend_schema(summary="List published sharing services (with a partner key: also your own drafts)"),
    retrieve=extend_schema(summary="One sharing service"),
    create=extend_schema(
        summary="Propose a service of your organisation (partner key); it shows once a hub editor approves it",
        examples=[OpenApiExample("A tool library", value=SERVICE_EXAMPLE, request_only=True)],
    ),
    update=extend_schema(summary="Replace one of your organisation's services (partner key)"),
    partial_update=extend_schema(
        summary="Change one of your organisation's services (partner key)",
        examples=[
            OpenApiExample("Change the summary", value={"summary": "주말에도 빌릴 수 있어요."}, request_only=True)
        ],
    ),
    destroy=extend_schema(summary="Withdraw one of your organisation's services (partner key)"),
)
class ServiceViewSet(
    BySlug,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    permission_classes = [IsPartnerOrReadOnly]
    ordering_fields = ["title", "updated_at"]

    def get_queryset(self):
        organisation = partner_organisation(self.request)
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            # Writes reach only the partner's own services: another organisation's are not found.
            return Service.objects.filter(organisation=organisation).for_list()
        published = Service.objects.published()
        if organisation is not None:
            published = published | Service.objects.filter(organisation=organisation)
        return published.for_list().order_by("title")

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save(organisation=partner_organisation(self.request), status=ReviewStatus.PENDING)

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance):
        instance.delete()


class ArticleViewSet(BySlug, viewsets.ReadOnlyModelViewSet):
    """Published news and stories."""

    serializer_class = ArticleSerializer

    def get_queryset(self):
        # Built per request: "published" compares with the current time.
        return Article.objects.published()
