extension Engine {
    /// Every route of the engine; each service declares its own.
    static var allRoutes: [Route] {
        EnvironmentService.routes + SubscriberService.routes + SubscriberV2Service.routes + CredentialService.routes
            + TopicService.routes + TopicV2Service.routes + WorkflowService.routes + WorkflowV2Service.routes
            + PreferenceService.routes + IntegrationService.routes + EventService.routes + MessageService.routes + ActivityService.routes
            + FeedService.routes + InboxService.routes
    }
}
