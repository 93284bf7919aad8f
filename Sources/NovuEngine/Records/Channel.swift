/// A delivery channel of Novu (`ChannelTypeEnum` minus `tool`).
enum Channel: String, Sendable, CaseIterable, Hashable {
    case inApp = "in_app"
    case email
    case sms
    case chat
    case push

    /// The channels in the order Novu lists them in preference objects.
    static let ordered: [Channel] = [.email, .sms, .inApp, .chat, .push]

    /// The wire names, for validation messages.
    static let wireNames = ordered.map(\.rawValue)
}

/// A workflow step type (`StepTypeEnum` as far as the engine runs it).
enum StepType: String, Sendable, CaseIterable, Hashable {
    case inApp = "in_app"
    case email, sms, chat, push, delay, digest, custom, trigger

    /// The channel this step delivers on, or `nil` for action steps (delay, digest, custom).
    var channel: Channel? { Channel(rawValue: rawValue) }

    /// The types a user may put in a workflow.
    static let userTypes: [StepType] = [.inApp, .email, .sms, .chat, .push, .delay, .digest, .custom]
}
