/**
 * Testing with Hubbub: {@link dev.hubbub.test.HubbubServiceTest} / {@link dev.hubbub.test.HubbubServiceExtension}
 * run an embedded Hubbub SignalR service for a test class (or share one across classes), inject its endpoint,
 * connection string, management SDK hub contexts and {@link dev.hubbub.test.TestClients}, and clear the hubs
 * between tests. The client itself is in {@link dev.hubbub.test.client}.
 */
@NullMarked
package dev.hubbub.test;

import org.jspecify.annotations.NullMarked;
