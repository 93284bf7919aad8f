public import JSONCore
public import LuaKit
public import NovuKit

/// A failed `novu.*` call raises a Lua table with `status`, `message`, `error`, `method`, `path`
/// and `body` (plus `code`, `errors` and the one-line `description` its `__tostring` prints, e.g.
/// `PATCH /v2/subscribers/zz → 404 Not Found: Subscriber zz was not found`), so scripts can
/// branch with `pcall`:
///
/// ```lua
/// local ok, err = pcall(novu.subscribers.patch, "u1", {email = "bad"})
/// if not ok and err.status == 422 then print(err.message) end
/// ```
extension NovuClientError: LuaErrorConvertible {
    /// The fields of the Lua error table of a failed call.
    public var luaErrorFields: [String: JSON] {
        var fields: [String: JSON] = [
            "message": .string(message), "code": .string(code.description), "description": .string(description),
        ]
        if let status { fields["status"] = .int(Int64(status)) }
        if let errorName { fields["error"] = .string(errorName) }
        if let method { fields["method"] = .string(method.rawValue) }
        if let path { fields["path"] = .string(path) }
        if let body { fields["body"] = body }
        if let errors { fields["errors"] = errors }
        return fields
    }
}
