#!/usr/bin/env novush
-- Turn off the email channel of one workflow for a list of subscribers (other channels and
-- workflows are left alone). The list is a file with one subscriberId a line, or the arguments.
-- Usage: novush unsubscribe-email.lua WORKFLOW FILE | WORKFLOW ID…
local workflow = arg[1]
if not workflow or not arg[2] then error("usage: novush unsubscribe-email.lua WORKFLOW FILE | WORKFLOW ID...", 0) end

local ids = {}
local file = io and io.open(arg[2], "r")
if file then
  for line in file:lines() do
    local id = line:match("^%s*(.-)%s*$")
    if id ~= "" and not id:match("^#") then ids[#ids + 1] = id end
  end
  file:close()
else
  for i = 2, #arg do ids[#ids + 1] = arg[i] end
end

local report = novu.each(ids, function(id)
  novu.subscribers.preferences.update(id, {workflowId = workflow, channels = {email = false}})
end, {concurrency = 16})
print(string.format("email off for %s: %d subscriber(s), %d failed", workflow, report.ok, #report.failed))
for _, failure in ipairs(report.failed) do print("  " .. failure.item .. ": " .. tostring(failure.error)) end
