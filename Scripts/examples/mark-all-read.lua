#!/usr/bin/env novush
-- Mark every in-app message of one subscriber as read, and show the unseen count before and after.
-- Usage: novush mark-all-read.lua SUBSCRIBER_ID
local id = arg[1]
if not id or id == "" then error("usage: novush mark-all-read.lua SUBSCRIBER_ID", 0) end
if not novu.subscribers.retrieve(id) then error("no subscriber " .. id, 0) end

local before = novu.subscribers.notifications.unseen_count(id).count
local changed = novu.subscribers.messages.mark_all(id, {markAs = "read"})
local after = novu.subscribers.notifications.unseen_count(id).count
print(string.format("%s: %s message(s) marked read; unseen %d -> %d", id, tostring(changed), before, after))
