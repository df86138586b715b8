"""The duty catalogue shipped with simplified characters in its traditional Chinese wording, as the
seed document mixed the two scripts (并 for 並, 關系 for 關係, 對于 and 甚至于 for 對於 and 甚至於, 戰斗力
for 戰鬥力): a reader of traditional Chinese read them in every club's duties and checklists.

A duty version still carrying the catalogue's old wording gets the corrected one, in place: it is the
same duty in the same words, only written in one script, so it makes no new version, and the
checklists made from it read correctly too. A version whose traditional wording a manager changed
is left as the manager wrote it; a later version that only copied the old wording along with an
edit of another language or the cadence is corrected as well, since nobody typed that wording.

The old and new wordings are copied here as ``duties/data/catalogue.json`` had and has them, so that
this migration means the same thing whatever the catalogue becomes later.
"""

from django.db import migrations

WORDING = {
    ("store_manager", "store_manager-4"): (
        "定期了解客源拓展情況和市場競爭動態,并分析形勢,制定對策。",
        "定期了解客源拓展情況和市場競爭動態,並分析形勢,制定對策。",
    ),
    ("store_manager", "store_manager-5"): (
        "訂立公正、合理、有效的獎罰制度,協調店員之間的關系,維護良好的紀律。",
        "訂立公正、合理、有效的獎罰制度,協調店員之間的關係,維護良好的紀律。",
    ),
    ("marketing_director", "marketing_director-2"): (
        "根據會所的整體戰略定位,包括目標客戶定位、服務項目定位、服務價格定位、品牌形象定位、服務半徑定位,制訂本部門的年度、季度、月度工作目標和工作計劃,主持并組織、指揮、協調、控制、督導、追蹤團隊人員的每個執行過程,時時刻刻都保證按照既定計劃良性執行實施。",
        "根據會所的整體戰略定位,包括目標客戶定位、服務項目定位、服務價格定位、品牌形象定位、服務半徑定位,制訂本部門的年度、季度、月度工作目標和工作計劃,主持並組織、指揮、協調、控制、督導、追蹤團隊人員的每個執行過程,時時刻刻都保證按照既定計劃良性執行實施。",
    ),
    ("marketing_director", "marketing_director-4"): (
        "負責主持本部門每天的工作例會、月底、季度、年度分析總結會和計劃會議。并向會所總經理書寫上交這些報告。",
        "負責主持本部門每天的工作例會、月底、季度、年度分析總結會和計劃會議。並向會所總經理書寫上交這些報告。",
    ),
    ("marketing_director", "marketing_director-5"): (
        "負責參與制訂營銷部客戶經理的崗位工作職責和崗位工作流程,親自在現場帶領客戶經理做好客戶的接待服務工作和營銷推廣工作,根據客戶經理的崗位工作職責和崗位工作流程在現場實踐工作中的檢驗及反饋分析,不斷優化完善客戶經理的崗位工作職責和崗位工作流程,使之更加科學完美,甚至于“完美無缺”。",
        "負責參與制訂營銷部客戶經理的崗位工作職責和崗位工作流程,親自在現場帶領客戶經理做好客戶的接待服務工作和營銷推廣工作,根據客戶經理的崗位工作職責和崗位工作流程在現場實踐工作中的檢驗及反饋分析,不斷優化完善客戶經理的崗位工作職責和崗位工作流程,使之更加科學完美,甚至於“完美無缺”。",
    ),
    ("marketing_director", "marketing_director-6"): (
        "負責主持本部門的業務技能培訓會,不斷提升本部門客戶經理的接待服務能力和銷售成交技巧,全面提升營銷部的團隊戰斗力。",
        "負責主持本部門的業務技能培訓會,不斷提升本部門客戶經理的接待服務能力和銷售成交技巧,全面提升營銷部的團隊戰鬥力。",
    ),
    ("marketing_director", "marketing_director-12"): (
        "負責參與制訂營銷部各項管理制度并帶頭監督執行,很抓團隊建設。",
        "負責參與制訂營銷部各項管理制度並帶頭監督執行,很抓團隊建設。",
    ),
    ("technician_manager", "technician_manager-2"): (
        "制定和策劃美容會所節假日促銷方案,根據工作目標制定年度、季度、和月度工作計劃和總結。同時對美容會所的經營情況加以總結分析,找出近期按摩技師部門管理上存在的問題,并且及時找出解決方案。",
        "制定和策劃美容會所節假日促銷方案,根據工作目標制定年度、季度、和月度工作計劃和總結。同時對美容會所的經營情況加以總結分析,找出近期按摩技師部門管理上存在的問題,並且及時找出解決方案。",
    ),
    ("technician_manager", "technician_manager-3"): (
        "手機顧客和按摩及時的意見和建議,對于良好的建議和意見進行綜合考評,及時反饋給顧客和員工。",
        "手機顧客和按摩及時的意見和建議,對於良好的建議和意見進行綜合考評,及時反饋給顧客和員工。",
    ),
    ("technician_manager", "technician_manager-4"): (
        "負責制定技師按摩部門的工作規章制度,并且監督和督導主管和技師的執行情況,考核主管和技師的工作績效。",
        "負責制定技師按摩部門的工作規章制度,並且監督和督導主管和技師的執行情況,考核主管和技師的工作績效。",
    ),
    ("technician_manager", "technician_manager-5"): (
        "培訓美容會所及時按摩手法,并且定期加以考核和檢查,保證按摩技師能夠熟練的掌握核心按摩技術。",
        "培訓美容會所及時按摩手法,並且定期加以考核和檢查,保證按摩技師能夠熟練的掌握核心按摩技術。",
    ),
    ("technical_manager", "technical_manager-1"): (
        "在會所總經理和保健部經理的領導下,負責參與制訂會所保健部技師管理制度,并負責保健部所有技術人員的培訓、考核、監督執行等管理工作。",
        "在會所總經理和保健部經理的領導下,負責參與制訂會所保健部技師管理制度,並負責保健部所有技術人員的培訓、考核、監督執行等管理工作。",
    ),
    ("technical_manager", "technical_manager-6"): (
        "負責參與制訂技師的崗位工作職責和崗位工作流程,根據技師的崗位工作職責和崗位工作流程在實際工作中的檢驗及各方反饋信息分析及反復模擬演練,進一步優化完善技師的崗位工作職責和崗位工作流程,使之更加科學完美,甚至于“完美無缺,強化服務的品質和價值飽滿度。",
        "負責參與制訂技師的崗位工作職責和崗位工作流程,根據技師的崗位工作職責和崗位工作流程在實際工作中的檢驗及各方反饋信息分析及反復模擬演練,進一步優化完善技師的崗位工作職責和崗位工作流程,使之更加科學完美,甚至於“完美無缺,強化服務的品質和價值飽滿度。",
    ),
    ("technical_manager", "technical_manager-7"): (
        "負責主持或參與主持技術部和保健部的每日工作例會、月底、季度、年度分析總結會和計劃會議。并向會所保健部經理書寫上交這些分析報告。",
        "負責主持或參與主持技術部和保健部的每日工作例會、月底、季度、年度分析總結會和計劃會議。並向會所保健部經理書寫上交這些分析報告。",
    ),
    ("technical_manager", "technical_manager-8"): (
        "負責做好每日的技師考勤統計,對于無遲到、無早退、無曠工的技師給予表揚和鼓勵,對于經常有遲到、早退、曠工的技師,要及時與該技師溝通談心,查明真正的原因,協助其克服解決。",
        "負責做好每日的技師考勤統計,對於無遲到、無早退、無曠工的技師給予表揚和鼓勵,對於經常有遲到、早退、曠工的技師,要及時與該技師溝通談心,查明真正的原因,協助其克服解決。",
    ),
    ("technical_manager", "technical_manager-10"): (
        "積極主動了解技師的思想動態,關心技師工作和生活狀態,經常組織技師參加有意義的集體活動,既調節身心平衡,又增強了凝聚力,建立良好的同事關系;當技師之間出現矛盾時,應主動調查調解,耐心講解溝通,公平客觀的對待每位員工,保證員工之間和平共處,打造一支團結的和諧的積極健康向上的技師團隊。",
        "積極主動了解技師的思想動態,關心技師工作和生活狀態,經常組織技師參加有意義的集體活動,既調節身心平衡,又增強了凝聚力,建立良好的同事關係;當技師之間出現矛盾時,應主動調查調解,耐心講解溝通,公平客觀的對待每位員工,保證員工之間和平共處,打造一支團結的和諧的積極健康向上的技師團隊。",
    ),
    ("supervisor", "supervisor-4"): (
        "檢查按摩技師的儀容儀表工作,保證技師能夠著工作裝上崗,女性技師要求化淡妝上崗。并且做好技師考勤記錄。",
        "檢查按摩技師的儀容儀表工作,保證技師能夠著工作裝上崗,女性技師要求化淡妝上崗。並且做好技師考勤記錄。",
    ),
}


def correct_wording(apps, schema_editor):
    DutyVersion = apps.get_model("duties", "DutyVersion")
    for (position, key), (old, new) in WORDING.items():
        DutyVersion.objects.using(schema_editor.connection.alias).filter(duty__position=position, duty__key=key, text_zh_hant=old).update(text_zh_hant=new)


class Migration(migrations.Migration):

    dependencies = [
        ("duties", "0004_catalogue_evidence_for_existing_clubs"),
    ]

    operations = [
        migrations.RunPython(correct_wording, migrations.RunPython.noop),
    ]
