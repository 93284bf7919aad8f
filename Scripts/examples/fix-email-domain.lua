#!/usr/bin/env novush
-- Find every subscriber whose email is at DOMAIN and set FIELD to VALUE on each.
-- Usage: novush fix-email-domain.lua DOMAIN FIELD VALUE     (e.g. example.de locale de-DE)
local domain, field, value = arg[1], arg[2], arg[3]
if not (domain and field and value) then error("usage: novush fix-email-domain.lua DOMAIN FIELD VALUE", 0) end
local suffix = "@" .. domain:lower()

local matches = {}
for subscriber in novu.all(novu.subscribers.search, {limit = 100}) do
  local email = subscriber.email
  if type(email) == "string" and email:lower():sub(-#suffix) == suffix and subscriber[field] ~= value then
    matches[#matches + 1] = subscriber.subscriberId
  end
end

local report = novu.each(matches, function(id) novu.subscribers.patch(id, {[field] = value}) end, {concurrency = 16})
print(string.format("%d subscriber(s) at %s: %d updated, %d failed", #matches, domain, report.ok, #report.failed))
for _, failure in ipairs(report.failed) do print("  " .. failure.item .. ": " .. tostring(failure.error)) end
