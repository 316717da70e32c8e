/**
 * The service's lifetime seam: {@link dev.hubbub.service.spi.ServiceLifetimeManager} extends the hub layer's
 * {@link dev.hubbub.core.spi.HubLifetimeManager} with what Azure SignalR Service's data plane adds (closing
 * connections by target, existence checks, user groups with a time to live, group listings). The REST API and
 * app servers' messages go through it; a multi-node backplane implements it, registered with
 * {@link dev.hubbub.service.ServiceOptions.Builder#lifetimeManagers}.
 */
@NullMarked
package dev.hubbub.service.spi;

import org.jspecify.annotations.NullMarked;
