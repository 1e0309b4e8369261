"""schema.org JSON-LD for a service page, so search engines understand the listing."""

import json


def service_json_ld(request, service) -> str:
    organisation = service.organisation
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": service.title,
        "alternateName": service.title_en or None,
        "description": service.summary,
        "serviceType": service.get_category_display(),
        "url": request.build_absolute_uri(service.get_absolute_url()),
        "provider": {
            "@type": "Organization",
            "name": organisation.name,
            "url": organisation.website or request.build_absolute_uri(organisation.get_absolute_url()),
        },
        "areaServed": [{"@type": "AdministrativeArea", "name": d.name} for d in service.districts.all()],
        "isAccessibleForFree": service.is_free,
    }
    if not service.is_free:
        data["offers"] = {"@type": "Offer", "description": service.fee_description, "priceCurrency": "KRW"}
    data = {k: v for k, v in data.items() if v is not None}
    # json_script-like escaping: the JSON sits inside a <script> element.
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
