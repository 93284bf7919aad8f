#!/usr/bin/env novush
-- Re-send a workflow to everyone who has not read the in-app message of an earlier send.
-- Usage: novush resend-unread.lua TRANSACTION_ID [WORKFLOW]
--   WORKFLOW defaults to the workflow of the original messages.
local transactionId, workflow = arg[1], arg[2]
if not transactionId then error("usage: novush resend-unread.lua TRANSACTION_ID [WORKFLOW]", 0) end

-- Messages name the subscriber by its internal _id; the activity feed maps it to subscriberId.
local external = {}
for notification in novu.all(novu.notifications.list, {transactionId = transactionId}) do
  local subscriber = notification.subscriber
  if subscriber then external[subscriber._id] = subscriber.subscriberId end
end

local unread, seen = {}, {}
for message in novu.all(novu.messages.retrieve, {transactionId = transactionId, channel = "in_app", limit = 100}) do
  workflow = workflow or message.templateIdentifier
  local id = external[message._subscriberId]
  if id and not message.read and not seen[id] then
    seen[id] = true
    unread[#unread + 1] = id
  end
end
if #unread == 0 then
  print("everyone read " .. transactionId .. "; nothing to re-send")
  return
end

local report = novu.each(unread, function(id)
  novu.trigger(workflow, {to = id, payload = {resentFrom = transactionId}})
end, {concurrency = 16})
print(string.format("re-sent %s to %d subscriber(s) who had not read it; %d failed", workflow, report.ok, #report.failed))
for _, failure in ipairs(report.failed) do print("  " .. failure.item .. ": " .. tostring(failure.error)) end
