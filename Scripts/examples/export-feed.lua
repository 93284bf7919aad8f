#!/usr/bin/env novush
-- Export one subscriber's in-app feed to a CSV file (newest first).
-- Usage: novush export-feed.lua SUBSCRIBER_ID OUT.csv
local id, out = arg[1], arg[2]
if not (id and out) then error("usage: novush export-feed.lua SUBSCRIBER_ID OUT.csv", 0) end

local rows = {}
for message in novu.all(novu.subscribers.notifications.feed, id, {limit = 100}) do
  rows[#rows + 1] = {
    _id = message._id, createdAt = message.createdAt, transactionId = message.transactionId,
    workflow = message.templateIdentifier, seen = message.seen, read = message.read,
    archived = message.archived, content = type(message.content) == "string" and message.content or json.encode(message.content),
  }
end
csv.write(out, rows, {"_id", "createdAt", "transactionId", "workflow", "seen", "read", "archived", "content"})
print(string.format("%d message(s) of %s written to %s", #rows, id, out))
