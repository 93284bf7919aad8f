"""A support engineer's day, driven through novu-py only: every answer must parse with the SDK's models."""
import datetime
import time

import pytest
from novu_py import models


@pytest.fixture(scope="module")
def ada(novu, run_id):
    subscriber_id = f"ada-{run_id}"
    created = novu.subscribers.create(
        create_subscriber_request_dto={
            "subscriber_id": subscriber_id, "first_name": "Ada", "last_name": "Byron",
            "email": f"ada-{run_id}@example.com", "locale": "en-GB", "data": {"plan": "pro"},
        }
    ).result
    return created


@pytest.fixture(scope="module")
def workflow(novu, run_id):
    workflow_id = f"support-update-{run_id}"
    novu.workflows.create(
        create_workflow_dto={
            "name": f"Support update {run_id}", "workflow_id": workflow_id, "active": True,
            "steps": [{"name": "inbox", "type": "in_app", "control_values": {
                "body": "Ticket {{payload.ticket}} updated",
                "primaryAction": {"label": "Open ticket", "redirect": {"url": "/tickets/{{payload.ticket}}"}},
            }}],
        }
    )
    return workflow_id


def test_create_returns_the_subscriber_with_its_fields(ada, run_id):
    assert ada.subscriber_id == f"ada-{run_id}"
    assert ada.first_name == "Ada"
    assert ada.data == {"plan": "pro"}


def test_bulk_create_reports_created_and_updated(novu, ada, run_id):
    result = novu.subscribers.create_bulk(
        bulk_subscriber_create_dto={"subscribers": [
            {"subscriber_id": f"bulk1-{run_id}"}, {"subscriber_id": f"bulk2-{run_id}"}, {"subscriber_id": ada.subscriber_id},
        ]}
    ).result
    assert sorted(item.subscriber_id for item in result.created) == [f"bulk1-{run_id}", f"bulk2-{run_id}"]
    assert [item.subscriber_id for item in result.updated] == [ada.subscriber_id]
    assert result.failed == []


def test_retrieve_and_search_find_the_subscriber(novu, ada):
    assert novu.subscribers.retrieve(subscriber_id=ada.subscriber_id).result.email == ada.email
    page = novu.subscribers.search(request={"email": ada.email}).result
    assert [s.subscriber_id for s in page.data] == [ada.subscriber_id]


def test_patch_changes_only_the_given_fields(novu, ada):
    patched = novu.subscribers.patch(
        subscriber_id=ada.subscriber_id, patch_subscriber_request_dto={"last_name": "Lovelace", "phone": "+441234567"}
    ).result
    assert patched.last_name == "Lovelace"
    assert patched.first_name == "Ada"


def test_online_flag_is_stored(novu, ada):
    result = novu.subscribers.properties.update_online_flag(
        subscriber_id=ada.subscriber_id, update_subscriber_online_flag_request_dto={"is_online": False}
    ).result
    assert result.is_online is False
    assert result.last_online_at


def test_credentials_update_append_and_delete(novu, ada):
    try:
        novu.integrations.create(create_integration_request_dto={"provider_id": "fcm", "channel": "push", "active": True, "credentials": {}})
    except models.NovuError:
        pass  # already there, or the engine seeds one
    replaced = novu.subscribers.credentials.update(
        subscriber_id=ada.subscriber_id,
        update_subscriber_channel_request_dto={"provider_id": "fcm", "credentials": {"device_tokens": ["t1"]}},
    ).result
    assert replaced.channels[0].credentials.device_tokens == ["t1"]
    appended = novu.subscribers.credentials.append(
        subscriber_id=ada.subscriber_id,
        update_subscriber_channel_request_dto={"provider_id": "fcm", "credentials": {"device_tokens": ["t2"]}},
    ).result
    assert sorted(appended.channels[0].credentials.device_tokens) == ["t1", "t2"]
    novu.subscribers.credentials.delete(subscriber_id=ada.subscriber_id, provider_id="fcm")
    assert not novu.subscribers.retrieve(subscriber_id=ada.subscriber_id).result.channels


def test_preferences_list_and_update(novu, ada, workflow):
    listed = novu.subscribers.preferences.list(subscriber_id=ada.subscriber_id).result
    assert listed.global_.enabled is True
    updated = novu.subscribers.preferences.update(
        subscriber_id=ada.subscriber_id,
        patch_subscriber_preferences_dto={"workflow_id": workflow, "channels": {"in_app": False}},
    ).result
    entry = next(w for w in updated.workflows if w.workflow.identifier == workflow)
    assert entry.channels.in_app is False
    novu.subscribers.preferences.update(
        subscriber_id=ada.subscriber_id,
        patch_subscriber_preferences_dto={"workflow_id": workflow, "channels": {"in_app": True}},
    )


def test_topics_and_subscriptions(novu, ada, run_id):
    key = f"beta-{run_id}"
    topic = novu.topics.create(create_update_topic_request_dto={"key": key, "name": "Beta users"}).result
    assert topic.key == key
    created = novu.topics.subscriptions.create(
        topic_key=key, create_topic_subscriptions_request_dto={"subscriber_ids": [ada.subscriber_id]}
    ).result
    assert created.meta.successful == 1
    listed = novu.topics.subscriptions.list(request={"topic_key": key}).result
    assert [s.subscriber.subscriber_id for s in listed.data] == [ada.subscriber_id]


@pytest.fixture(scope="module")
def triggered(novu, ada, workflow, run_id):
    result = novu.trigger(trigger_event_request_dto={
        "workflow_id": workflow, "to": ada.subscriber_id, "payload": {"ticket": 4711}, "transaction_id": f"txn-{run_id}",
    }).result
    # As on Novu Cloud, the trigger only enqueues: the worker writes the in-app message a moment later.
    deadline = time.monotonic() + 10
    while not novu.subscribers.notifications.feed(request={"subscriber_id": ada.subscriber_id}).result.data:
        assert time.monotonic() < deadline, "the triggered in-app message never reached the feed"
        time.sleep(0.05)
    return result


def test_trigger_to_a_subscriber_is_processed(triggered, run_id):
    assert triggered.acknowledged is True
    assert triggered.status == models.TriggerEventResponseDtoStatus.PROCESSED
    assert triggered.transaction_id == f"txn-{run_id}"


def test_trigger_to_a_topic_is_processed(novu, ada, workflow, run_id):
    key = f"beta-{run_id}"
    result = novu.trigger(trigger_event_request_dto={
        "workflow_id": workflow, "to": {"topic_key": key, "type": "Topic"}, "payload": {"ticket": 1},
    }).result
    assert result.status == models.TriggerEventResponseDtoStatus.PROCESSED
    # Wait for the worker to deliver it to ada, so later tests do not race a late message.
    deadline = time.monotonic() + 10
    while not any(
        item.transaction_id == result.transaction_id
        for item in novu.subscribers.notifications.feed(request={"subscriber_id": ada.subscriber_id}).result.data
    ):
        assert time.monotonic() < deadline, "the topic trigger never reached ada's feed"
        time.sleep(0.05)


def test_feed_and_unseen_count(novu, ada, triggered):
    feed = novu.subscribers.notifications.feed(request={"subscriber_id": ada.subscriber_id}).result
    assert len(feed.data) >= 1
    count = novu.subscribers.notifications.unseen_count(subscriber_id=ada.subscriber_id).result
    assert count.count >= 1


def test_mark_as_mark_all_and_message_action(novu, ada, triggered):
    feed = novu.subscribers.notifications.feed(request={"subscriber_id": ada.subscriber_id}).result
    message_id = feed.data[0].id
    marked = novu.subscribers.messages.mark_all_as(
        subscriber_id=ada.subscriber_id, message_mark_as_request_dto={"message_id": [message_id], "mark_as": "seen"}
    ).result
    assert marked[0].seen is True
    acted = novu.subscribers.messages.update_as_seen(request={
        "subscriber_id": ada.subscriber_id, "message_id": message_id, "type": "primary",
        "mark_message_action_as_seen_dto": {"status": "done", "payload": {"resolution": "refund"}},
    }).result
    assert acted.id == message_id
    assert acted.cta.action.status == models.MessageActionStatusEnum.DONE
    changed = novu.subscribers.messages.mark_all(
        subscriber_id=ada.subscriber_id, mark_all_message_as_request_dto={"mark_as": "read"}
    ).result
    assert changed >= 0
    assert novu.subscribers.notifications.unseen_count(subscriber_id=ada.subscriber_id).result.count == 0


def test_v2_notifications_state_changes(novu, ada, triggered):
    listed = novu.subscribers.notifications.list(request={"subscriber_id": ada.subscriber_id}).result
    notification_id = listed.data[0].id
    sid = ada.subscriber_id
    assert novu.subscribers.notifications.mark_as_unread(subscriber_id=sid, notification_id=notification_id).result.is_read is False
    assert novu.subscribers.notifications.mark_as_read(subscriber_id=sid, notification_id=notification_id).result.is_read is True
    assert novu.subscribers.notifications.archive(subscriber_id=sid, notification_id=notification_id).result.is_archived is True
    until = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)).isoformat()
    snoozed = novu.subscribers.notifications.snooze(request={
        "subscriber_id": sid, "notification_id": notification_id, "snooze_subscriber_notification_dto": {"snooze_until": until},
    }).result
    assert snoozed.is_snoozed is True
    completed = novu.subscribers.notifications.complete_action(request={
        "subscriber_id": sid, "notification_id": notification_id, "action_type": "primary",
    }).result
    assert completed.primary_action.is_completed is True
    counts = novu.subscribers.notifications.count(subscriber_id=sid, filters='[{"read": false}]').result
    assert counts[0].count >= 0


def test_activity_list_and_retrieve(novu, ada, triggered):
    page = novu.notifications.list(request={"subscriber_ids": [ada.subscriber_id]}).result
    assert page.data
    one = novu.notifications.retrieve(notification_id=page.data[0].id).result
    assert one.transaction_id == page.data[0].transaction_id


def test_cancel_answers_a_boolean(novu, run_id, triggered):
    assert novu.cancel(transaction_id=f"txn-{run_id}").result in (True, False)


def test_deleted_subscriber_is_a_404_error_dto(novu, ada):
    deleted = novu.subscribers.delete(subscriber_id=ada.subscriber_id).result
    assert deleted.acknowledged is True
    with pytest.raises(models.ErrorDto) as raised:
        novu.subscribers.retrieve(subscriber_id=ada.subscriber_id)
    assert raised.value.status_code == 404
