"""Administrative divisions for every country: the ISO 3166-2 subdivisions (from
pycountry), with the names curators in the region use, in English and Arabic, for
the countries the registry documents most (Syria, Iraq, Yemen, Libya) and the
Ukrainian oblasts under their usual English names.

A division that exists already (same code, or same country and name) is kept,
given its code or Arabic name where it lacked them; nothing is deleted on reverse
but what this migration added.
"""

from django.db import migrations
from django.utils import timezone

# code -> (English, Arabic)
NAMED = {
    # Syria: governorates (muhafazat)
    "SY-DI": ("Damascus Governorate", "محافظة دمشق"),
    "SY-RD": ("Rif Dimashq Governorate", "محافظة ريف دمشق"),
    "SY-HL": ("Aleppo Governorate", "محافظة حلب"),
    "SY-HI": ("Homs Governorate", "محافظة حمص"),
    "SY-HM": ("Hama Governorate", "محافظة حماة"),
    "SY-ID": ("Idlib Governorate", "محافظة إدلب"),
    "SY-LA": ("Latakia Governorate", "محافظة اللاذقية"),
    "SY-TA": ("Tartus Governorate", "محافظة طرطوس"),
    "SY-DY": ("Deir ez-Zor Governorate", "محافظة دير الزور"),
    "SY-RA": ("Raqqa Governorate", "محافظة الرقة"),
    "SY-HA": ("Al-Hasakah Governorate", "محافظة الحسكة"),
    "SY-DR": ("Daraa Governorate", "محافظة درعا"),
    "SY-SU": ("As-Suwayda Governorate", "محافظة السويداء"),
    "SY-QU": ("Quneitra Governorate", "محافظة القنيطرة"),
    # Iraq: governorates, and the Kurdistan Region with its own
    "IQ-BG": ("Baghdad Governorate", "محافظة بغداد"),
    "IQ-NI": ("Nineveh Governorate", "محافظة نينوى"),
    "IQ-BA": ("Basra Governorate", "محافظة البصرة"),
    "IQ-AN": ("Anbar Governorate", "محافظة الأنبار"),
    "IQ-SD": ("Saladin Governorate", "محافظة صلاح الدين"),
    "IQ-KI": ("Kirkuk Governorate", "محافظة كركوك"),
    "IQ-DI": ("Diyala Governorate", "محافظة ديالى"),
    "IQ-BB": ("Babylon Governorate", "محافظة بابل"),
    "IQ-KA": ("Karbala Governorate", "محافظة كربلاء"),
    "IQ-NA": ("Najaf Governorate", "محافظة النجف"),
    "IQ-QA": ("Al-Qadisiyyah Governorate", "محافظة القادسية"),
    "IQ-MU": ("Muthanna Governorate", "محافظة المثنى"),
    "IQ-DQ": ("Dhi Qar Governorate", "محافظة ذي قار"),
    "IQ-MA": ("Maysan Governorate", "محافظة ميسان"),
    "IQ-WA": ("Wasit Governorate", "محافظة واسط"),
    "IQ-KR": ("Kurdistan Region", "إقليم كردستان"),
    "IQ-AR": ("Erbil Governorate", "محافظة أربيل"),
    "IQ-DA": ("Duhok Governorate", "محافظة دهوك"),
    "IQ-SU": ("Sulaymaniyah Governorate", "محافظة السليمانية"),
    # Yemen: governorates
    "YE-SA": ("Amanat al-Asimah (Sanaa city)", "أمانة العاصمة"),
    "YE-SN": ("Sanaa Governorate", "محافظة صنعاء"),
    "YE-AD": ("Aden Governorate", "محافظة عدن"),
    "YE-TA": ("Taiz Governorate", "محافظة تعز"),
    "YE-HD": ("Hadhramaut Governorate", "محافظة حضرموت"),
    "YE-HU": ("Al Hudaydah Governorate", "محافظة الحديدة"),
    "YE-IB": ("Ibb Governorate", "محافظة إب"),
    "YE-DH": ("Dhamar Governorate", "محافظة ذمار"),
    "YE-MA": ("Marib Governorate", "محافظة مأرب"),
    "YE-SD": ("Saada Governorate", "محافظة صعدة"),
    "YE-HJ": ("Hajjah Governorate", "محافظة حجة"),
    "YE-AM": ("Amran Governorate", "محافظة عمران"),
    "YE-JA": ("Al Jawf Governorate", "محافظة الجوف"),
    "YE-MR": ("Al Mahrah Governorate", "محافظة المهرة"),
    "YE-SH": ("Shabwah Governorate", "محافظة شبوة"),
    "YE-AB": ("Abyan Governorate", "محافظة أبين"),
    "YE-LA": ("Lahij Governorate", "محافظة لحج"),
    "YE-DA": ("Al Dhale Governorate", "محافظة الضالع"),
    "YE-BA": ("Al Bayda Governorate", "محافظة البيضاء"),
    "YE-MW": ("Al Mahwit Governorate", "محافظة المحويت"),
    "YE-RA": ("Raymah Governorate", "محافظة ريمة"),
    "YE-SU": ("Socotra Governorate", "محافظة أرخبيل سقطرى"),
    # Libya: districts (shabiyat)
    "LY-TB": ("Tripoli District", "شعبية طرابلس"),
    "LY-BA": ("Benghazi District", "شعبية بنغازي"),
    "LY-MI": ("Misrata District", "شعبية مصراتة"),
    "LY-SR": ("Sirte District", "شعبية سرت"),
    "LY-DR": ("Derna District", "شعبية درنة"),
    "LY-JA": ("Jabal al Akhdar District", "شعبية الجبل الأخضر"),
    "LY-JG": ("Jabal al Gharbi District", "شعبية الجبل الغربي"),
    "LY-JI": ("Jafara District", "شعبية الجفارة"),
    "LY-JU": ("Jufra District", "شعبية الجفرة"),
    "LY-KF": ("Kufra District", "شعبية الكفرة"),
    "LY-MB": ("Murqub District", "شعبية المرقب"),
    "LY-MJ": ("Marj District", "شعبية المرج"),
    "LY-MQ": ("Murzuq District", "شعبية مرزق"),
    "LY-NL": ("Nalut District", "شعبية نالوت"),
    "LY-NQ": ("Nuqat al Khams District", "شعبية النقاط الخمس"),
    "LY-SB": ("Sabha District", "شعبية سبها"),
    "LY-WA": ("Al Wahat District", "شعبية الواحات"),
    "LY-WD": ("Wadi al Hayat District", "شعبية وادي الحياة"),
    "LY-WS": ("Wadi al Shatii District", "شعبية وادي الشاطئ"),
    "LY-ZA": ("Zawiya District", "شعبية الزاوية"),
    "LY-BU": ("Butnan District", "شعبية البطنان"),
    "LY-GT": ("Ghat District", "شعبية غات"),
    # Ukraine: oblasts under their usual English names
    "UA-74": ("Chernihiv Oblast", ""),
    "UA-12": ("Dnipropetrovsk Oblast", ""),
    "UA-14": ("Donetsk Oblast", ""),
    "UA-63": ("Kharkiv Oblast", ""),
    "UA-65": ("Kherson Oblast", ""),
    "UA-32": ("Kyiv Oblast", ""),
    "UA-46": ("Lviv Oblast", ""),
    "UA-09": ("Luhansk Oblast", ""),
    "UA-48": ("Mykolaiv Oblast", ""),
    "UA-51": ("Odesa Oblast", ""),
    "UA-59": ("Sumy Oblast", ""),
    "UA-05": ("Vinnytsia Oblast", ""),
    "UA-23": ("Zaporizhzhia Oblast", ""),
    "UA-18": ("Zhytomyr Oblast", ""),
}


def subdivisions():
    """(country, code, English name, Arabic name) of every ISO 3166-2 subdivision."""
    import pycountry

    for subdivision in pycountry.subdivisions:
        name, name_ar = NAMED.get(subdivision.code, (subdivision.name, ""))
        yield subdivision.country_code, subdivision.code, name[:200], name_ar


def search_fields(name, name_ar, code):
    """The derived search columns, as ``Searchable.save`` writes them."""
    from registry.models.base import Searchable
    from registry.search.phonetic import search_keys_of

    text = Searchable.search_text_of([name, name_ar, code])
    return {"search_text": text, "search_keys": search_keys_of(text)}


def seed(apps, schema_editor):
    AdminDivision = apps.get_model("registry", "AdminDivision")
    by_code = {d.code: d for d in AdminDivision.objects.exclude(code="")}
    by_name = {(d.country, d.name): d for d in AdminDivision.objects.all()}
    new, changed = [], []
    seen_names = set(by_name)
    for country, code, name, name_ar in subdivisions():
        existing = by_code.get(code) or by_name.get((country, name))
        if existing is not None:
            if not existing.code and code not in by_code:
                existing.code = code
                by_code[code] = existing
            if not existing.name_ar and name_ar:
                existing.name_ar = name_ar
            existing.__dict__.update(
                search_fields(existing.name, existing.name_ar, existing.code)
            )
            changed.append(existing)
            continue
        if (country, name) in seen_names:
            name = f"{name} ({code})"[:200]
        seen_names.add((country, name))
        new.append(
            AdminDivision(
                country=country,
                code=code,
                name=name,
                name_ar=name_ar,
                **search_fields(name, name_ar, code),
            )
        )
    added = {division.code for division in new}
    AdminDivision.objects.bulk_update(
        changed, ["code", "name_ar", "search_text", "search_keys"], batch_size=500
    )
    AdminDivision.objects.bulk_create(new, batch_size=500)
    # Each division's history starts here, as if a curator had entered it.
    Historical = apps.get_model("registry", "HistoricalAdminDivision")
    now = timezone.now()
    fields = [f.attname for f in AdminDivision._meta.concrete_fields]
    stored = AdminDivision.objects.filter(code__in=[d.code for d in [*new, *changed]])
    Historical.objects.bulk_create(
        [
            Historical(
                **{name: getattr(division, name) for name in fields},
                history_date=now,
                history_type="+" if division.code in added else "~",
                history_change_reason="ISO 3166-2 subdivisions",
            )
            for division in stored
        ],
        batch_size=500,
    )


def unseed(apps, schema_editor):
    AdminDivision = apps.get_model("registry", "AdminDivision")
    codes = [code for _country, code, _name, _name_ar in subdivisions()]
    HeritageSite = apps.get_model("registry", "HeritageSite")
    used = HeritageSite.objects.values("admin_division")
    AdminDivision.objects.filter(code__in=codes).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0023_name_in_either_language")]

    operations = [migrations.RunPython(seed, unseed)]
