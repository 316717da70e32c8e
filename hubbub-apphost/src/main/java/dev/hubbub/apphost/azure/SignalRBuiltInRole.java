package dev.hubbub.apphost.azure;

/** Built-in Azure roles for SignalR Service, with their role definition ids. */
public enum SignalRBuiltInRole {
    /** Default role for app servers (both modes). */
    SIGNALR_APP_SERVER("SignalRAppServer", "420fcaa2-552c-430f-98ca-3264be4806c7"),
    /** Default role in Serverless mode. */
    SIGNALR_REST_API_OWNER("SignalRRestApiOwner", "fd53cd77-2268-407a-8f46-7e7863d0f521"),
    /** SignalR/Web PubSub contributor. */
    SIGNALR_CONTRIBUTOR("SignalRContributor", "8cf5e20a-e4b2-4e9d-b3a1-5ceb692c2761"),
    /** Reads access keys. */
    SIGNALR_ACCESS_KEY_READER("SignalRAccessKeyReader", "04165923-9d83-45d5-8227-78b77b0a687e"),
    /** Read-only REST API access. */
    SIGNALR_REST_API_READER("SignalRRestApiReader", "ddde6b66-c0df-4114-a159-3618637b3035"),
    /** Full access to the service. */
    SIGNALR_SERVICE_OWNER("SignalRServiceOwner", "7e4f1700-ea5a-4f59-8f37-079cfe29dce3");

    private final String roleName;
    private final String id;

    SignalRBuiltInRole(String roleName, String id) {
        this.roleName = roleName;
        this.id = id;
    }

    /** @return the role name used in Bicep identifiers, e.g. {@code SignalRAppServer} */
    public String roleName() {
        return roleName;
    }

    /** @return the role definition GUID */
    public String id() {
        return id;
    }
}
