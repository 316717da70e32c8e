package dev.hubbub.apphost;

/** What the app host does: run the application locally, or publish its manifest and Bicep. */
public enum DistributedApplicationOperation {
    /** Start resources locally. */
    RUN,
    /** Write {@code aspire-manifest.json} and Bicep modules. */
    PUBLISH
}
