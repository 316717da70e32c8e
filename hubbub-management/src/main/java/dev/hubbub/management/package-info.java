/**
 * The Hubbub management SDK: the Java counterpart of {@code Microsoft.Azure.SignalR.Management} for
 * serverless apps. Build a {@link dev.hubbub.management.ServiceManager} with a
 * {@link dev.hubbub.management.ServiceManagerBuilder}, create a
 * {@link dev.hubbub.management.ServiceHubContext} per hub, then send messages, manage groups and answer
 * your clients' negotiate. Works the same against the local Hubbub service and Azure SignalR Service.
 */
@NullMarked
package dev.hubbub.management;

import org.jspecify.annotations.NullMarked;
