/** Publish output beyond the seed's: Aspire 13's role modules and the Azure Container Apps layout. Internal. */
@NullMarked
package dev.hubbub.apphost.internal.publish;

import org.jspecify.annotations.NullMarked;
