"""Seoul's 25 autonomous districts (gu), with administrative codes and a central point each."""

from django.db import migrations

DISTRICTS = [
    ("11110", "jongno-gu", "종로구", "Jongno-gu", "37.573050", "126.979189"),
    ("11140", "jung-gu", "중구", "Jung-gu", "37.563843", "126.997602"),
    ("11170", "yongsan-gu", "용산구", "Yongsan-gu", "37.532527", "126.990410"),
    ("11200", "seongdong-gu", "성동구", "Seongdong-gu", "37.563456", "127.036821"),
    ("11215", "gwangjin-gu", "광진구", "Gwangjin-gu", "37.538617", "127.082375"),
    ("11230", "dongdaemun-gu", "동대문구", "Dongdaemun-gu", "37.574524", "127.039660"),
    ("11260", "jungnang-gu", "중랑구", "Jungnang-gu", "37.606323", "127.092583"),
    ("11290", "seongbuk-gu", "성북구", "Seongbuk-gu", "37.589400", "127.016749"),
    ("11305", "gangbuk-gu", "강북구", "Gangbuk-gu", "37.639610", "127.025657"),
    ("11320", "dobong-gu", "도봉구", "Dobong-gu", "37.668768", "127.047163"),
    ("11350", "nowon-gu", "노원구", "Nowon-gu", "37.654358", "127.056473"),
    ("11380", "eunpyeong-gu", "은평구", "Eunpyeong-gu", "37.602784", "126.929164"),
    ("11410", "seodaemun-gu", "서대문구", "Seodaemun-gu", "37.579225", "126.936800"),
    ("11440", "mapo-gu", "마포구", "Mapo-gu", "37.566324", "126.901491"),
    ("11470", "yangcheon-gu", "양천구", "Yangcheon-gu", "37.517016", "126.866642"),
    ("11500", "gangseo-gu", "강서구", "Gangseo-gu", "37.550937", "126.849642"),
    ("11530", "guro-gu", "구로구", "Guro-gu", "37.495472", "126.887536"),
    ("11545", "geumcheon-gu", "금천구", "Geumcheon-gu", "37.456872", "126.895229"),
    ("11560", "yeongdeungpo-gu", "영등포구", "Yeongdeungpo-gu", "37.526436", "126.896004"),
    ("11590", "dongjak-gu", "동작구", "Dongjak-gu", "37.512400", "126.939252"),
    ("11620", "gwanak-gu", "관악구", "Gwanak-gu", "37.478406", "126.951613"),
    ("11650", "seocho-gu", "서초구", "Seocho-gu", "37.483574", "127.032661"),
    ("11680", "gangnam-gu", "강남구", "Gangnam-gu", "37.517236", "127.047325"),
    ("11710", "songpa-gu", "송파구", "Songpa-gu", "37.514575", "127.105919"),
    ("11740", "gangdong-gu", "강동구", "Gangdong-gu", "37.530126", "127.123771"),
]


def load(apps, schema_editor):
    District = apps.get_model("sharingcity", "District")
    for code, slug, name, name_en, lat, lng in DISTRICTS:
        District.objects.update_or_create(
            code=code, defaults={"slug": slug, "name": name, "name_en": name_en, "latitude": lat, "longitude": lng}
        )


def unload(apps, schema_editor):
    apps.get_model("sharingcity", "District").objects.filter(code__in=[d[0] for d in DISTRICTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("sharingcity", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
