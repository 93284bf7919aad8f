#!/usr/bin/env novush
-- Create or update subscribers from a CSV file with a header row:
--   subscriberId,email,firstName,lastName,phone,locale
-- Existing subscribers are patched, new ones created. Every row is tried; the rows that failed are
-- listed with their line number and the server's error. Run with --dry-run first.
-- Usage: novush import-subscribers.lua FILE.csv [CONCURRENCY]
local path = arg[1]
if not path then error("usage: novush import-subscribers.lua FILE.csv [CONCURRENCY]", 0) end
local rows = csv.read(path)
for i, row in ipairs(rows) do row.line = i + 1 end -- line 1 is the header

local fields = {"email", "firstName", "lastName", "phone", "locale"}
local report = novu.each(rows, function(row)
  local id = row.subscriberId
  if id == nil or id == "" then error("subscriberId is empty", 0) end
  local values = {}
  for _, name in ipairs(fields) do
    if row[name] ~= nil and row[name] ~= "" then values[name] = row[name] end
  end
  if novu.subscribers.retrieve(id) then
    novu.subscribers.patch(id, values)
  else
    values.subscriberId = id
    novu.subscribers.create(values)
  end
end, {concurrency = tonumber(arg[2]) or 8})

print(string.format("imported %d row(s), %d failed", report.ok, #report.failed))
table.sort(report.failed, function(a, b) return a.item.line < b.item.line end)
for _, failure in ipairs(report.failed) do
  local id = failure.item.subscriberId
  if id == nil or id == "" then id = "?" end
  print(string.format("  line %d (%s): %s", failure.item.line, id, tostring(failure.error)))
end
