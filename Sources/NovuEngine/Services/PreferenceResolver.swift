import JSONCore

/// The layer of preferences that decided whether a channel is on.
enum PreferenceLayer: String, Sendable, Hashable {
    /// The workflow's own defaults (`preferenceSettings`, v2 `preferences.default`).
    case workflowDefault = "template"
    /// A tenant's override of the workflow (trigger pipeline, part 2).
    case tenantOverride = "workflowOverride"
    /// The subscriber's global preference.
    case subscriberGlobal
    /// The subscriber's preference for this workflow.
    case subscriberWorkflow
    /// The workflow is critical (read-only): subscriber layers do not apply.
    case critical

    /// The `overrides[].source` value Novu reports (`template`, `workflowOverride`, `subscriber`).
    var wireSource: String {
        switch self {
        case .workflowDefault, .critical: "template"
        case .tenantOverride: "workflowOverride"
        case .subscriberGlobal, .subscriberWorkflow: "subscriber"
        }
    }

    /// How an execution detail names the layer that filtered a step.
    var filterDescription: String {
        switch self {
        case .workflowDefault: "workflow preferences"
        case .tenantOverride: "tenant workflow override preferences"
        case .subscriberGlobal: "subscriber global preferences"
        case .subscriberWorkflow: "subscriber workflow preferences"
        case .critical: "critical workflow"
        }
    }
}

/// The outcome of preference resolution for one subscriber and one workflow.
struct ResolvedPreferences: Sendable, Hashable {
    /// The subscriber's workflow-level switch (`enabled`).
    var enabled: Bool
    /// On/off per channel, for every channel.
    var channels: [Channel: Bool]
    /// The layer that set each channel.
    var sources: [Channel: PreferenceLayer]
    /// The channels the workflow's active steps use, in Novu's order.
    var channelsInUse: [Channel]

    /// Whether a step on `channel` may be sent, and the layer that decided it.
    func allows(_ channel: Channel) -> (allowed: Bool, layer: PreferenceLayer) {
        if !enabled { return (false, .subscriberWorkflow) }
        return (channels[channel] ?? true, sources[channel] ?? .workflowDefault)
    }

    /// `{email: true, in_app: false, …}` limited to the channels in use.
    var channelsJSON: JSON {
        .object(Dictionary(uniqueKeysWithValues: channelsInUse.map { ($0.rawValue, JSON.bool(channels[$0] ?? true)) }))
    }

    /// `[{channel, source}]` for channels in use that a layer above the workflow default set.
    var overridesJSON: JSON {
        .array(channelsInUse.compactMap { channel in
            guard let source = sources[channel], source != .workflowDefault, source != .critical else { return nil }
            return ["channel": .string(channel.rawValue), "source": .string(source.wireSource)]
        })
    }
}

/// The one place preferences are resolved (novu-api.md §4.2, the v2 rule), used by the preference routes
/// and by the trigger pipeline before each channel step.
///
/// Layers apply per channel in this order, each overriding the one before: workflow default → tenant
/// override → subscriber global → subscriber workflow. A critical workflow uses its defaults only.
/// `preferences.all.enabled = false` turns off every channel the workflow does not enable explicitly.
/// A subscriber's workflow-level `enabled = false` blocks every channel.
enum PreferenceResolver {
    static func resolve(
        workflow: WorkflowRecord, global: PreferenceRecord?, subscriberWorkflow: PreferenceRecord?,
        tenantOverride: [String: Bool]? = nil
    ) -> ResolvedPreferences {
        var channels: [Channel: Bool] = [:]
        var sources: [Channel: PreferenceLayer] = [:]
        for channel in Channel.ordered {
            var value = workflow.preferenceSettings[channel.rawValue] ?? workflow.allEnabled
            var source: PreferenceLayer = workflow.critical ? .critical : .workflowDefault
            if !workflow.critical {
                if let override = tenantOverride?[channel.rawValue] {
                    value = override
                    source = .tenantOverride
                }
                if let global {
                    if !global.enabled {
                        value = false
                        source = .subscriberGlobal
                    } else if let setting = global.channels[channel.rawValue] {
                        value = setting
                        source = .subscriberGlobal
                    }
                }
                if let setting = subscriberWorkflow?.channels[channel.rawValue] {
                    value = setting
                    source = .subscriberWorkflow
                }
            }
            channels[channel] = value
            sources[channel] = source
        }
        let enabled = workflow.critical ? true : (subscriberWorkflow?.enabled ?? true)
        return ResolvedPreferences(enabled: enabled, channels: channels, sources: sources, channelsInUse: workflow.channelsInUse)
    }
}
