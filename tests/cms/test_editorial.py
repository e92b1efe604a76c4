"""Editors draft, reviewers approve: groups per section, the workflow "Granskning",
scheduled publishing and the editors' way into the admin."""

import datetime
import io
import pydoc
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    PageLogEntry,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms import editorial, tasks
from cms.models import KnowledgeArticlePage, NewsPage
from lms.accounts.models import MfaExemption, User
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

NEW_INTRO = "Så skriver du en journalanteckning som håller."


@pytest.fixture
def sections(programme_page, knowledge, guidance, news_index):
    return editorial.editorial_setup()


def _member(email: str, group: str, **kwargs):
    """An editor or reviewer, exempted from the two-factor the site's editors must use
    (tested on its own below)."""
    user = UserFactory(email=email, **{"mfa_exempt": True, **kwargs})
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(sections):
    return _member("redaktor@example.test", editorial.KNOWLEDGE_EDITORS)


@pytest.fixture
def news_editor(sections):
    return _member("nyheter@example.test", editorial.NEWS_EDITORS)


@pytest.fixture
def reviewer(sections):
    return _member("granskare@example.test", editorial.REVIEWERS)


def _edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _article_form(page, *, intro: str, **actions) -> dict:
    """What the admin's edit form posts for a knowledge article."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": intro,
            "body": streamfield([("text", rich_text("<p>Skriv sakligt och begripligt.</p>"))]),
            "tags": "dokumentation",
            "area": "",
            "comments": inline_formset([]),
            **actions,
        }
    )


def _submit(client, editor, article):
    client.force_login(editor)
    response = client.post(
        _edit_url(article), _article_form(article, intro=NEW_INTRO, **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article


def _task_state(page) -> TaskState:
    return TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )


def _workflow_action(client, user, page, action: str, **data):
    client.force_login(user)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, action, _task_state(page).pk]
    )
    return client.post(url, data)


def _snapshot():
    return (
        sorted(Group.objects.values_list("name", flat=True)),
        sorted(Group.permissions.through.objects.values_list("group__name", "permission_id")),
        sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")),
        sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection_id", "permission_id"
            )
        ),
        sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        sorted(WorkflowTask.objects.values_list("workflow__name", "task__name")),
        sorted(Schedule.objects.values_list("name", "func", "minutes")),
    )


# -- setup -------------------------------------------------------------------------------


def test_setup_is_idempotent(sections):
    first = _snapshot()
    report = editorial.editorial_setup()
    assert _snapshot() == first
    assert report.missing == []
    assert Workflow.objects.filter(name=editorial.WORKFLOW).count() == 1


def test_setup_puts_back_what_was_changed_by_hand(sections, knowledge, news_index):
    group = Group.objects.get(name=editorial.KNOWLEDGE_EDITORS)
    first = _snapshot()
    group.page_permissions.all().delete()
    GroupPagePermission.objects.create(group=group, page=news_index, permission_type="publish")
    editorial.editorial_setup()
    assert _snapshot() == first


def test_setup_names_sections_that_have_no_page_yet(home):
    report = editorial.editorial_setup()
    assert any("kunskapsbank" in line for line in report.missing)
    assert WorkflowPage.objects.get(page=home).workflow.name == editorial.WORKFLOW


def test_the_review_workflow_covers_every_language(sections, home):
    english = home.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    editorial.editorial_setup()
    for page in (home, english):
        assert WorkflowPage.objects.get(page=page).workflow.name == editorial.WORKFLOW
    task = Workflow.objects.get(name=editorial.WORKFLOW).tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [editorial.REVIEWERS]


def test_a_translated_section_gets_its_editors_at_once(
    sections, knowledge, editor, django_capture_on_commit_callbacks
):
    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    with django_capture_on_commit_callbacks(execute=True):
        home_en = knowledge.get_parent().specific.copy_for_translation(english_locale)
        knowledge_en = knowledge.copy_for_translation(english_locale)
    assert knowledge_en.permissions_for_user(editor).can_edit()
    assert WorkflowPage.objects.filter(page=home_en).exists()


def test_the_command_runs_the_setup(sections):
    first = _snapshot()
    call_command("setup_editorial", stdout=io.StringIO())
    assert _snapshot() == first


# -- who may edit what -------------------------------------------------------------------


def test_a_knowledge_editor_edits_articles_and_guidance(client, editor, article, guide):
    client.force_login(editor)
    assert client.get(_edit_url(article)).status_code == 200
    assert client.get(_edit_url(guide)).status_code == 200
    add = reverse(
        "wagtailadmin_pages:add",
        args=["cms", "knowledgearticlepage", article.get_parent().pk],
    )
    assert client.get(add).status_code == 200


def _refused(response) -> bool:
    # Wagtail answers a refusal inside the admin with a redirect to its dashboard.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def test_a_knowledge_editor_cannot_edit_a_module_page_or_news(
    client, editor, module_page, news_item
):
    client.force_login(editor)
    assert _refused(client.get(_edit_url(module_page)))
    assert _refused(client.get(_edit_url(news_item)))
    intro = news_item.intro
    response = client.post(_edit_url(news_item), {"title": "Ändrad", "intro": "Ändrad"})
    assert _refused(response)
    news_item.refresh_from_db()
    assert news_item.intro == intro and news_item.title != "Ändrad"


def test_a_news_editor_cannot_edit_an_article(client, news_editor, article, news_item):
    client.force_login(news_editor)
    assert _refused(client.get(_edit_url(article)))
    assert client.get(_edit_url(news_item)).status_code == 200


def test_editors_cannot_change_contacts_but_knowledge_editors_keep_the_glossary(editor):
    assert editor.has_perm("cms.view_contact")
    assert not editor.has_perm("cms.change_contact")
    assert editor.has_perm("cms.change_glossaryterm")
    assert not editor.has_perm("cms.delete_glossaryterm")


def test_an_editor_uploads_images_but_cannot_replace_other_peoples(editor, reviewer):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.permissions import policy_registry

    image_model = get_image_model()
    policy = policy_registry.get_by_type(image_model)
    theirs = image_model.objects.create(
        title="Teamet", file=get_test_image_file(), uploaded_by_user=reviewer
    )
    mine = image_model.objects.create(
        title="Kontoret", file=get_test_image_file(), uploaded_by_user=editor
    )
    assert policy.user_has_permission(editor, "add")
    assert policy.user_has_permission_for_instance(editor, "choose", theirs)
    assert policy.user_has_permission_for_instance(editor, "change", mine)
    assert not policy.user_has_permission_for_instance(editor, "change", theirs)
    assert policy.user_has_permission_for_instance(reviewer, "change", mine)


@pytest.mark.parametrize("person", ["newcomer", "coordinator", "manager"])
def test_people_without_an_editors_group_get_no_admin(client, request, person, article):
    client.force_login(request.getfixturevalue(person))
    for url in ("/admin/", _edit_url(article)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_an_anonymous_visitor_is_sent_to_the_allauth_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/admin/", "/django-admin/"])
def test_a_logged_in_person_refused_by_an_admin_lands_on_the_start_page(client, newcomer, path):
    """The admins send them to their login page, which must not send them back (a loop)."""
    client.force_login(newcomer)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("core:start")
    if path == "/admin/":
        assert "Du saknar rättigheter att komma åt administrationen" in response.content.decode()


def test_the_admin_speaks_the_editors_language(client, editor):
    client.force_login(editor)
    assert 'lang="sv"' in client.get("/admin/").content.decode()
    editor.preferred_language = "en"
    editor.save(update_fields=["preferred_language"])
    assert 'lang="en"' in client.get("/admin/").content.decode()


def test_an_editor_must_set_up_two_factor_before_the_admin(client, sections, coordinator):
    """Whatever their role in the tracker: the site's editors require it by default."""
    coordinator.groups.add(Group.objects.get(name=editorial.PROGRAMME_EDITORS))
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_editor_translates_an_article_into_a_draft_they_can_edit(
    client, editor, article, knowledge, django_capture_on_commit_callbacks
):
    english = Locale.objects.get_or_create(language_code="en")[0]
    with django_capture_on_commit_callbacks(execute=True):
        knowledge.get_parent().specific.copy_for_translation(english)
        knowledge.copy_for_translation(english)
    client.force_login(editor)
    url = reverse("simple_translation:submit_page_translation", args=[article.pk])
    response = client.post(url, {"locales": [english.pk]})
    assert response.status_code == 302
    translation = article.get_translation(english)
    assert not translation.live  # a draft in English, reviewed like any change
    assert response["Location"] == _edit_url(translation)
    assert client.get(_edit_url(translation)).status_code == 200


# -- the workflow ------------------------------------------------------------------------


def test_an_editor_cannot_publish_directly(client, editor, article):
    client.force_login(editor)
    old = article.intro
    response = client.post(
        _edit_url(article), _article_form(article, intro=NEW_INTRO, **{"action-publish": "1"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.intro == old  # the live page is as it was
    assert article.has_unpublished_changes
    assert article.get_latest_revision_as_object().intro == NEW_INTRO
    assert not WorkflowState.objects.filter(object_id=str(article.pk)).exists()


def test_an_editor_submits_a_change_for_review(client, editor, article):
    old = article.intro
    article = _submit(client, editor, article)
    assert article.intro == old
    state = article.current_workflow_state
    assert state.workflow.name == editorial.WORKFLOW
    assert state.requested_by == editor
    assert _task_state(article).task.name == editorial.REVIEW_TASK
    assert article.get_latest_revision().user == editor


def test_the_editors_change_is_in_the_history_under_their_name(client, editor, article):
    _submit(client, editor, article)
    actions = dict(PageLogEntry.objects.filter(page=article).values_list("action", "user__email"))
    assert actions["wagtail.edit"] == editor.email
    assert actions["wagtail.workflow.start"] == editor.email


def test_the_reviewer_is_told_by_email(client, editor, reviewer, article, mailoutbox):
    _submit(client, editor, article)
    assert [m.to for m in mailoutbox] == [[reviewer.email]]


def test_the_reviewer_approves_and_the_change_goes_live(client, editor, reviewer, article):
    article = _submit(client, editor, article)
    response = _workflow_action(client, reviewer, article, "approve")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.intro == NEW_INTRO
    assert not article.has_unpublished_changes
    assert article.live_revision.user == editor  # the text is the editor's
    publish = PageLogEntry.objects.filter(page=article, action="wagtail.publish").latest("pk")
    assert publish.user == reviewer
    assert PageLogEntry.objects.filter(
        page=article, action="wagtail.workflow.approve", user=reviewer
    ).exists()
    assert client.get(article.url).content.decode().count(NEW_INTRO) >= 1


def test_a_rejected_change_stays_a_draft(client, editor, reviewer, article):
    old = article.intro
    article = _submit(client, editor, article)
    response = _workflow_action(client, reviewer, article, "reject", comment="Skriv kortare.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.intro == old
    assert article.has_unpublished_changes
    assert article.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert client.get(article.url).content.decode().count(NEW_INTRO) == 0


def test_an_editor_cannot_approve_their_own_change(client, editor, article):
    article = _submit(client, editor, article)
    _workflow_action(client, editor, article, "approve")
    article.refresh_from_db()
    assert article.intro != NEW_INTRO
    assert _task_state(article).status == TaskState.STATUS_IN_PROGRESS


def test_a_reviewer_can_publish_directly(client, reviewer, article):
    client.force_login(reviewer)
    response = client.post(
        _edit_url(article), _article_form(article, intro=NEW_INTRO, **{"action-publish": "1"})
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.intro == NEW_INTRO


# -- scheduled publishing ----------------------------------------------------------------


def test_every_installation_has_the_publishing_schedule():
    schedule = Schedule.objects.get(name=tasks.SCHEDULE_NAME)
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 5
    assert schedule.repeats == -1
    assert pydoc.locate(schedule.func) is tasks.publish_scheduled_pages


def test_setup_puts_the_schedule_back(home):
    Schedule.objects.all().delete()
    editorial.editorial_setup()
    assert Schedule.objects.get(name=tasks.SCHEDULE_NAME).func == tasks.SCHEDULE_FUNC


def test_a_page_due_to_go_live_is_published_when_the_task_runs(knowledge):
    go_live = timezone.now() + datetime.timedelta(hours=1)
    page = KnowledgeArticlePage(title="Sekretess", slug="sekretess", live=False)
    knowledge.add_child(instance=page)
    page.go_live_at = go_live
    page.save_revision().publish()  # approved, but to go live in an hour
    page.refresh_from_db()
    assert not page.live
    tasks.publish_scheduled_pages()
    page.refresh_from_db()
    assert not page.live  # not yet

    later = go_live + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        tasks.publish_scheduled_pages()
    page.refresh_from_db()
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").exists()


def test_an_expired_page_is_unpublished_when_the_task_runs(news_item):
    NewsPage.objects.filter(pk=news_item.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    tasks.publish_scheduled_pages()
    news_item.refresh_from_db()
    assert not news_item.live and news_item.expired


# -- the start page ----------------------------------------------------------------------


def _start(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("core:start")).content.decode()


def test_an_editor_without_a_role_finds_the_admin_on_the_start_page(client, editor, knowledge):
    html = _start(client, editor)
    assert "Webbplatsen" in html
    assert f'href="{reverse("wagtailadmin_home")}"' in html
    assert reverse("wagtailadmin_explore", args=[knowledge.pk]) in html
    assert "Du har ingen roll" not in html


def test_a_reviewer_is_pointed_at_what_waits_for_review(client, reviewer):
    assert "väntar på granskning" in _start(client, reviewer)


def test_people_who_do_not_edit_the_site_see_no_site_section(client, newcomer, sections):
    assert 'id="start-site-editing"' not in _start(client, newcomer)


def test_joining_an_editors_group_shows_the_section_at_once(client, newcomer, sections):
    # Editors must use two-factor; this one is excused so the start page opens.
    MfaExemption.objects.create(user=newcomer, reason="Test")
    assert 'id="start-site-editing"' not in _start(client, newcomer)
    newcomer.groups.add(Group.objects.get(name=editorial.NEWS_EDITORS))
    assert 'id="start-site-editing"' in _start(client, newcomer)


def test_the_site_section_costs_no_query_once_cached(
    client, newcomer, sections, django_assert_num_queries
):
    client.force_login(newcomer)
    client.get(reverse("core:start"))
    # session, user; and the version counters, read once per request
    with django_assert_num_queries(3):
        client.get(reverse("core:start"))


def test_only_english_and_swedish_admins(settings):
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["sv", "en"]


def test_each_editors_group_works_under_its_own_section_pages(
    sections, programme_page, knowledge, guidance, news_index
):
    def pages(name):
        group = Group.objects.get(name=name)
        return set(group.page_permissions.values_list("page_id", flat=True))

    assert pages(editorial.PROGRAMME_EDITORS) == {programme_page.pk}
    assert pages(editorial.KNOWLEDGE_EDITORS) == {knowledge.pk, guidance.pk}
    assert pages(editorial.NEWS_EDITORS) == {news_index.pk}
    assert pages(editorial.REVIEWERS) == {programme_page.get_parent().pk}
    assert not GroupPagePermission.objects.filter(
        group__name__startswith="Redaktörer", permission__codename="publish_page"
    ).exists()


# -- demo --------------------------------------------------------------------------------


def test_the_editorial_demo_leaves_a_change_waiting_for_the_reviewer(article, mailoutbox):
    from lms.core.demo import DemoContext

    live_intro = article.intro
    editorial.load_editorial_demo(DemoContext())
    editorial.load_editorial_demo(DemoContext())  # a rerun changes nothing
    editor = User.objects.get(email="redaktor@demo.test")
    reviewer = User.objects.get(email="granskare@demo.test")
    assert editor.check_password("demo") and reviewer.check_password("demo")
    assert not editor.roles and not reviewer.roles
    assert list(editor.groups.values_list("name", flat=True)) == [editorial.KNOWLEDGE_EDITORS]
    assert list(reviewer.groups.values_list("name", flat=True)) == [editorial.REVIEWERS]
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.content_object.pk == article.pk and state.requested_by == editor
    article.refresh_from_db()
    assert article.intro == live_intro
    draft = article.get_latest_revision_as_object()
    assert draft.intro.endswith(editorial.DEMO_DRAFT_ADDITION)
    assert draft.intro.count(editorial.DEMO_DRAFT_ADDITION) == 1
    assert mailoutbox == []  # the demo sends no mail
    assert state in WorkflowState.objects.filter(
        current_task_state__in=TaskState.objects.reviewable_by(reviewer)
    )


def test_the_demo_editor_and_reviewer_log_in_and_reach_the_admin(client, demo_city):
    for email in ("redaktor@demo.test", "granskare@demo.test"):
        assert client.login(email=email, password="demo")
        assert 'id="start-site-editing"' in client.get(reverse("core:start")).content.decode()
        assert client.get("/admin/").status_code == 200
        client.logout()
