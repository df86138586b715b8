"""Versions and publishing, confirmations asked again on a new version, who has not confirmed, safe text, files."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import selectors, services
from documents.models import Acknowledgement, Attachment, Document, DocumentVersion
from documents.text import render
from documents.tests.factories import PDF, make_document, zh
from staff import registry
from staff.models import Notice, Person, Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.clock("2026-11-20T15:00:00+08:00")


@pytest.fixture
def rule(world):
    """A massage-department rule that technicians and supervisors of the massage department must confirm."""
    return make_document(world.club1, world.store_manager, title="仪容仪表规范", requires_acknowledgement=True,
                         positions=[Role.TECHNICIAN, Role.SUPERVISOR], department_kinds=["massage"])


def names(people):
    return sorted(p.name for p in people)


# --- versions and publishing ------------------------------------------------------------------------


def test_a_draft_is_published_by_the_approver_and_then_cannot_change(world):
    document = services.document_create(
        club=world.club1, by=world.tech_manager,
        fields={"title": "足疗技术操作流程", "kind": "sop", "department": world.technician.department,
                "approver": world.dept_manager, "period": None, "requires_acknowledgement": False,
                "positions": [], "department_kinds": []},
        body="1. 泡脚 10 分钟", note="",
    )
    draft = services.draft_of(document)
    assert (draft.number, draft.state, document.current) == (1, "draft", None)

    with pytest.raises(services.DocumentRefused):
        services.publish(document=document, by=world.tech_manager)  # the author is not the approver
    version, _asked = services.publish(document=document, by=world.dept_manager)

    document.refresh_from_db()
    assert document.current == version and version.state == "published"
    assert version.published_by == world.dept_manager and version.published_at is not None
    with pytest.raises(services.DocumentRefused):
        services.draft_save(version=version, body="changed", note="", by=world.tech_manager)
    assert DocumentVersion.objects.get(pk=version.pk).body == "1. 泡脚 10 分钟"
    with pytest.raises(services.DocumentRefused):
        services.publish(document=document, by=world.dept_manager)  # nothing left to publish


def test_a_new_version_starts_from_the_current_text_and_files_and_the_history_shows_who_published(client_as,
                                                                                                     world):
    document = make_document(world.club1, world.store_manager, body="第一版", file=True)
    draft = services.version_start(document=document, by=world.dept_manager)
    assert services.version_start(document=document, by=world.dept_manager) == draft  # one draft at a time
    assert (draft.number, draft.body) == (2, "第一版")
    assert list(draft.attachments.values_list("name", flat=True)) == ["steps.pdf"]
    services.draft_save(version=draft, body="第二版：新增第四条", note="新增第四条", by=world.dept_manager)
    services.publish(document=document, by=world.store_manager)

    page = client_as(world.technician).get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "第二版：新增第四条" in page and "第一版" not in page.split("data-testid=\"versions\"")[0]
    history = page.split('data-testid="versions"')[1]
    assert zh("Version %(number)s", number=2) in history and zh("Version %(number)s", number=1) in history
    assert world.store_manager.name in history and "新增第四条" in history
    old = DocumentVersion.objects.get(document=document, number=1)
    old_page = client_as(world.technician).get(reverse("documents:version", args=[old.pk])).content.decode()
    assert "第一版" in old_page and "新增第四条" not in old_page


def test_removing_a_file_from_a_draft_keeps_it_on_the_published_version(client_as, world):
    document = make_document(world.club1, world.store_manager, file=True)
    draft = services.version_start(document=document, by=world.dept_manager)
    copied = draft.attachments.get()
    response = client_as(world.dept_manager).post(reverse("documents:attachment_delete", args=[copied.pk]))
    assert response.status_code == 302 and not draft.attachments.exists()
    published = document.current.attachments.get()
    assert client_as(world.technician).get(reverse("documents:attachment", args=[published.pk])).status_code == 200
    refused = client_as(world.dept_manager).post(reverse("documents:attachment_delete", args=[published.pk]),
                                                 follow=True)
    assert Attachment.objects.filter(pk=published.pk).exists()
    assert zh("A published version cannot be changed; start a new version.") in refused.content.decode()


# --- acknowledgement ----------------------------------------------------------------------------------


def test_a_new_version_asks_everyone_again(client_as, world, rule):
    client = client_as(world.technician)
    response = client.post(reverse("documents:acknowledge", args=[rule.pk]), {"version": "1"}, follow=True)
    assert zh("Thank you: you confirmed version %(number)s.", number=1) in response.content.decode()
    assert selectors.acknowledged(world.technician, rule)
    assert rule not in selectors.to_confirm(world.technician)

    services.version_start(document=rule, by=world.dept_manager)
    version, asked = services.publish(document=rule, by=world.store_manager)
    rule.refresh_from_db()
    assert not selectors.acknowledged(world.technician, rule)
    assert [d.pk for d in selectors.to_confirm(world.technician)] == [rule.pk]
    # supervisors A and B, technicians A1, A2 and B1 (the one who left is not asked)
    assert asked == 5
    notice = Notice.objects.get(person=world.technician, kind=services.notice_kind(version))
    assert "仪容仪表规范" in notice.texts["zh-hans"] and "2" in notice.texts["zh-hans"]
    assert registry.notice_link(notice) == reverse("documents:detail", args=[rule.pk])

    today = client.get(reverse("home")).content.decode()
    assert zh("Read and confirm") in today and "仪容仪表规范" in today
    # A confirmation of the version that was current when the page was opened is refused, with a message.
    stale = client.post(reverse("documents:acknowledge", args=[rule.pk]), {"version": "1"}, follow=True)
    assert zh("A new version was published while you were reading: read it and confirm again.") \
        in stale.content.decode()
    assert not selectors.acknowledged(world.technician, rule)
    client.post(reverse("documents:acknowledge", args=[rule.pk]), {"version": "2"})
    assert selectors.acknowledged(world.technician, rule)
    assert Acknowledgement.objects.filter(person=world.technician).count() == 2


def test_the_not_confirmed_list_follows_positions_and_departments_and_leaves_out_people_who_left(client_as, world,
                                                                                                 rule):
    services.acknowledge(document=rule, person=world.technician, number=1)
    gone = PersonFactory(name="Tech Gone", club=world.club1, department=world.technician.department,
                         team=world.team_b)
    services.acknowledge(document=rule, person=gone, number=1)
    gone.status, gone.left_on = Person.Status.LEFT, datetime.date(2026, 11, 1)
    gone.save()

    result = selectors.confirmations(rule)
    assert names(p for p, _at in result.confirmed) == ["Tech A1"]
    # not the customer manager (marketing), the heads (other positions), club 2, nor who left
    assert names(result.missing) == ["Tech A2", "Tech B1", "supervisor_a", "supervisor_b"]
    assert selectors.outstanding([rule]) == {rule.pk: (4, 5)}

    page = client_as(world.dept_manager).get(reverse("documents:detail", args=[rule.pk])).content.decode()
    missing = page.split('data-testid="not-confirmed"')[1].split("</ul>")[0]
    assert "Tech A2" in missing and "Tech B1" in missing and "Tech A1" not in missing and "Tech Gone" not in missing
    assert zh("Confirmed: %(done)s of %(asked)s", done=1, asked=5) in page
    today = client_as(world.dept_manager).get(reverse("home")).content.decode()
    assert "仪容仪表规范" in today and zh("%(missing)s of %(asked)s not confirmed", missing=4, asked=5) in today


def test_only_the_people_a_document_applies_to_confirm_it(client_as, world, rule):
    for person in (world.customer_manager, world.store_manager, world.owner):
        response = client_as(person).post(reverse("documents:acknowledge", args=[rule.pk]), {"version": "1"})
        assert response.status_code == 403
    assert client_as(world.store_manager_2).post(reverse("documents:acknowledge", args=[rule.pk]),
                                                 {"version": "1"}).status_code == 404
    assert not Acknowledgement.objects.exists()
    page = client_as(world.customer_manager).get(reverse("documents:detail", args=[rule.pk])).content.decode()
    assert zh("I have read it and will follow it") not in page and 'data-testid="not-confirmed"' not in page


# --- text and files -----------------------------------------------------------------------------------


def test_markdown_is_rendered_and_no_script_comes_through(client_as, world):
    body = ("# 服务流程\n\n1. **问候**\n2. 介绍项目\n\n<script>alert('x')</script>\n\n"
            "[点我](javascript:alert(1)) <img src=x onerror=alert(1)> <a href=\"https://example.com\" "
            "onclick=\"steal()\">说明</a>\n\n| 项目 | 时长 |\n| --- | --- |\n| 足疗 | 60 |\n")
    html = str(render(body))
    assert "<h1>服务流程</h1>" in html and "<strong>问候</strong>" in html and "<td>足疗</td>" in html
    assert "<script" not in html and "alert" not in html and "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html and "<img" not in html

    document = make_document(world.club1, world.store_manager, body=body)
    page = client_as(world.technician).get(reverse("documents:detail", args=[document.pk])).content.decode()
    text = page.split('data-testid="document-text">')[1].split("</article>")[0]
    assert "<strong>问候</strong>" in text and "<script" not in text and "alert" not in text


def test_a_file_is_checked_and_a_bad_one_refused_with_a_message(client_as, world):
    document = make_document(world.club1, world.store_manager, published=False)
    client = client_as(world.dept_manager)
    url = reverse("documents:attachment_upload", args=[document.pk])
    fake = SimpleUploadedFile("流程.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"file": fake, "name": "操作流程"})
    assert response.status_code == 200
    assert zh("“%(name)s” does not contain what its name says (%(ext)s).", name="流程.pdf", ext=".pdf") \
        in response.content.decode()
    assert 'value="操作流程"' in response.content.decode()  # what was typed is kept
    assert not Attachment.objects.exists()

    good = SimpleUploadedFile("steps.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"file": good, "name": "操作流程"}).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "操作流程.pdf" and not attachment.file.name.endswith("steps.pdf")
    # a draft's file: those who keep the document and its approver, not the technicians; another club: 404
    download = reverse("documents:attachment", args=[attachment.pk])
    assert client_as(world.store_manager).get(download).status_code == 200
    assert client_as(world.technician).get(download).status_code == 403
    assert client_as(world.store_manager_2).get(download).status_code == 404
    services.publish(document=document, by=world.store_manager)
    response = client_as(world.technician).get(download)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"


def test_a_research_report_is_read_by_managers_only(client_as, world):
    report = make_document(world.club1, world.store_manager, kind="competitor", department="marketing",
                           period="2026-10-01", title="10月竞争对手分析")
    url = reverse("documents:detail", args=[report.pk])
    assert client_as(world.marketing).get(url).status_code == 200
    assert client_as(world.technician).get(url).status_code == 403
    listed = client_as(world.technician).get(reverse("documents:list")).content.decode()
    assert "10月竞争对手分析" not in listed


# --- forms --------------------------------------------------------------------------------------------


def test_a_new_document_is_saved_as_a_draft_and_bad_input_keeps_what_was_typed(client_as, world):
    client = client_as(world.dept_manager)
    url = reverse("documents:add")
    body = {"title": "竞争对手分析", "kind": "competitor", "department": str(world.technician.department.pk),
            "approver": str(world.store_manager.pk), "month": "", "body": "## 周边门店\n\n- 足道馆"}
    response = client.post(url, body)
    assert response.status_code == 200
    page = response.content.decode()
    assert zh("A research report is filed for a month: give it.") in page and "足道馆" in page
    assert not Document.objects.exists()

    response = client.post(url, {**body, "kind": "rule", "requires_acknowledgement": "on",
                                 "positions": ["technician"], "department_kinds": ["massage"]})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:detail", args=[document.pk])
    assert (document.kind, document.positions, document.current) == ("rule", ["technician"], None)
    assert document.versions.get().body == "## 周边门店\n\n- 足道馆"
    # the technician department manager keeps only the massage department: no marketing, no whole club
    form_page = client.get(url).content.decode()
    departments = form_page.split('name="department"')[1].split("</select>")[0]
    assert f'value="{world.customer_manager.department.pk}"' not in departments
    assert f'value="{world.technician.department.pk}"' in departments and zh("The whole club") not in departments


def test_the_list_filters_by_kind_department_and_what_to_confirm(client_as, world, rule):
    make_document(world.club1, world.store_manager, title="足疗技术操作流程", kind="sop")
    make_document(world.club1, world.store_manager, title="全店消防制度", department=None)
    client = client_as(world.technician)

    def titles(query=""):
        page = client.get(reverse("documents:list") + query).content.decode()
        return {t for t in ("仪容仪表规范", "足疗技术操作流程", "全店消防制度") if t in page}

    assert titles() == {"仪容仪表规范", "足疗技术操作流程", "全店消防制度"}
    assert titles("?kind=sop") == {"足疗技术操作流程"}
    assert titles("?department=club") == {"全店消防制度"}
    assert titles("?mine=1") == {"仪容仪表规范"}
    services.acknowledge(document=rule, person=world.technician, number=1)
    assert titles("?mine=1") == set()


# --- selectors for the duty catalogue -------------------------------------------------------------------


def test_filed_in_finds_the_published_reports_of_the_period(world):
    october = make_document(world.club1, world.store_manager, kind="competitor", department="marketing",
                            period="2026-10-01", title="10月")
    make_document(world.club1, world.store_manager, kind="competitor", department="marketing",
                  period="2026-09-01", title="9月")
    make_document(world.club1, world.store_manager, kind="competitor", department="marketing",
                  period="2026-10-01", title="10月草稿", published=False)
    make_document(world.club2, world.store_manager_2, kind="competitor", department="marketing",
                  period="2026-10-01", title="二店10月")
    found = selectors.filed_in(world.club1, "competitor", datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    assert list(found) == [october]
    assert list(selectors.filed_in(world.club1, "competitor", datetime.date(2026, 10, 12),
                                   datetime.date(2026, 10, 18))) == [october]
    assert not selectors.filed_in(world.club1, "market", datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


# --- query counts -----------------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_take_as_many_queries_for_many_people_as_for_few(client_as, world, rule, django_assert_max_num_queries):
    services.acknowledge(document=rule, person=world.technician, number=1)
    client = client_as(world.dept_manager)
    urls = [reverse("documents:detail", args=[rule.pk]), reverse("documents:list"), reverse("home")]
    few = [_queries(client, url) for url in urls]
    for n in range(30):
        extra = PersonFactory(name=f"Extra {n}", club=world.club1, department=world.technician.department,
                              team=world.team_a if n % 2 else world.team_b)
        if n % 3:
            Acknowledgement.objects.create(version=rule.current, person=extra)
    for url, before in zip(urls, few):
        with django_assert_max_num_queries(before):
            assert client.get(url).status_code == 200
    technician = client_as(world.technician)
    mine = _queries(technician, reverse("home"))
    make_document(world.club1, world.store_manager, title="Second rule", requires_acknowledgement=True)
    with django_assert_max_num_queries(mine):
        technician.get(reverse("home"))
