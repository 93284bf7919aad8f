"""One topic subscription by identifier: get_subscription and update, parsed with the SDK's models."""
import pytest
from novu_py import models


@pytest.fixture(scope="module")
def subscribed(novu, run_id):
    """A subscriber, an active workflow tagged `digest`, and a topic the subscriber is subscribed to."""
    subscriber_id = f"grace-{run_id}"
    novu.subscribers.create(create_subscriber_request_dto={"subscriber_id": subscriber_id, "first_name": "Grace"})
    workflow_id = f"weekly-{run_id}"
    novu.workflows.create(create_workflow_dto={
        "name": f"Weekly {run_id}", "workflow_id": workflow_id, "active": True, "tags": ["digest"],
        "steps": [{"name": "inbox", "type": "in_app", "control_values": {"body": "Weekly news"}}],
    })
    key = f"weekly-news-{run_id}"
    created = novu.topics.subscriptions.create(
        topic_key=key, create_topic_subscriptions_request_dto={"subscriber_ids": [subscriber_id]}
    ).result
    return {"key": key, "subscriber_id": subscriber_id, "workflow_id": workflow_id, "subscription": created.data[0]}


def test_get_subscription_and_update_round_trip(novu, subscribed):
    key, identifier = subscribed["key"], subscribed["subscription"].identifier
    assert identifier == f"tk_{key}:si_{subscribed['subscriber_id']}"

    details = novu.topics.subscriptions.get_subscription(topic_key=key, identifier=identifier).result
    assert isinstance(details, models.SubscriptionDetailsResponseDto)
    assert details.id == subscribed["subscription"].id
    assert details.identifier == identifier
    assert details.preferences is None

    updated = novu.topics.subscriptions.update(
        topic_key=key, identifier=identifier,
        update_topic_subscription_request_dto={
            "name": "Weekly digest",
            "preferences": [{"workflow_id": subscribed["workflow_id"], "enabled": False}],
        },
    ).result
    assert isinstance(updated, models.SubscriptionResponseDto)
    assert updated.id == details.id
    assert updated.name == "Weekly digest"
    assert updated.topic.key == key
    assert updated.subscriber.subscriber_id == subscribed["subscriber_id"]
    assert [(p.workflow.identifier, p.enabled) for p in updated.preferences] == [(subscribed["workflow_id"], False)]

    again = novu.topics.subscriptions.get_subscription(topic_key=key, identifier=identifier).result
    assert again.name == "Weekly digest"
    assert again.preferences[0].subscription_id == identifier
    assert again.preferences[0].workflow.severity == models.SeverityLevelEnum.NONE


def test_get_subscription_of_an_unknown_identifier_is_a_404_error_dto(novu, subscribed):
    with pytest.raises(models.ErrorDto) as raised:
        novu.topics.subscriptions.get_subscription(topic_key=subscribed["key"], identifier="nobody")
    assert raised.value.status_code == 404
