/**
 * The Azure SignalR Service integration: {@link dev.hubbub.apphost.azure.AzureSignalRResource},
 * its builder ({@code runAsEmulator}, {@code configureInfrastructure}, {@code asExisting}) and the
 * typed provisioning model ({@link dev.hubbub.apphost.azure.SignalRService}) that becomes Bicep.
 */
@NullMarked
package dev.hubbub.apphost.azure;

import org.jspecify.annotations.NullMarked;
