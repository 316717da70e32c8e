/** Run-mode Azure provisioning: ARM templates from the Bicep model, the ARM REST client, deployment state. Internal. */
@NullMarked
package dev.hubbub.apphost.internal.azure;

import org.jspecify.annotations.NullMarked;
