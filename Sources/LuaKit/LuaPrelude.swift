/// Lua code LuaKit runs once per state.
///
/// It wraps `coroutine.resume` and `coroutine.wrap` so that when Swift async work is awaited
/// inside a coroutine the user created, the host's yield travels up to the scheduler (and the
/// result back down) instead of surfacing in the user's `resume`, as OpenResty does. It returns
/// the metatable of error values raised from Swift.
enum LuaPrelude {
    static let source = #"""
        local G, HOST, NULL = ...
        local co = G.coroutine
        local resume, yield, create, status = co.resume, co.yield, co.create, co.status
        local pack, unpack, type, tostring, rawget, error = table.pack, table.unpack, type, tostring, rawget, error

        local function relay(c, r)
          while r[1] and r.n == 2 and r[2] == HOST and status(c) == "suspended" do
            r = pack(resume(c, yield(HOST)))
          end
          return r
        end

        co.resume = function(c, ...)
          local r = relay(c, pack(resume(c, ...)))
          return unpack(r, 1, r.n)
        end

        co.wrap = function(f)
          local c = create(f)
          return function(...)
            local r = relay(c, pack(resume(c, ...)))
            if not r[1] then error(r[2], 0) end
            return unpack(r, 2, r.n)
          end
        end

        return {
          __name = "error",
          __tostring = function(e)
            local where = rawget(e, "where")
            local text = rawget(e, "description")
            if type(text) ~= "string" then text = tostring(rawget(e, "message")) end
            return (type(where) == "string" and where or "") .. text
          end,
        }
        """#
}
